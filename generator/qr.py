"""QR codes: the symbol for an address, sized so that it scans when printed.

Rules from ISO/IEC 18004 and print practice (shared/print-facts.md):

* error correction M (about 15% of the symbol recoverable), the usual choice for print;
* a quiet zone of 4 modules of white on every side (ISO/IEC 18004:2015, 9.1);
* modules of at least 1 mm on posters (read from 1-2 m) and 0.4 mm on cards and stickers
  (read at hand distance); dark on light, never inverted.
"""

from __future__ import annotations

from functools import cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from .drawing import Box, QRCode
from .errors import QRError

QUIET_ZONE_MODULES = 4
MIN_MODULE_MM = {"poster": 1.0, "wallet-card": 0.4, "sticker": 0.4, "large-print": 0.4}


@cache
def symbol(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR modules for ``url`` (True = dark), without quiet zone; cached per address."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(url.encode("utf-8"), optimize=0)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def side_modules(url: str) -> int:
    """Modules across the symbol plus its quiet zone on both sides."""
    return len(symbol(url)) + 2 * QUIET_ZONE_MODULES


def place(url: str, x: float, y: float, module_mm: float, product: str) -> QRCode:
    """A QR code with its quiet zone's top-left corner at (x, y), refusing modules too small."""
    minimum = MIN_MODULE_MM[product]
    if module_mm < minimum - 1e-9:
        raise QRError(f"QR code for {url} would have {module_mm:.2f} mm modules; a {product} needs "
                      f"at least {minimum} mm to scan; make room for a "
                      f"{side_modules(url) * minimum:.0f} mm code or use a shorter address")
    side = side_modules(url) * module_mm
    return QRCode(Box(x, y, side, side), symbol(url), module_mm, QUIET_ZONE_MODULES, url)
