"""QR codes: the symbol for an address, sized so that it scans when printed.

Rules from ISO/IEC 18004 and print practice (shared/print-facts.md):

* error correction per product (ISO/IEC 18004:2015, 4.9 and Table 7): L recovers about 7%
  of the symbol, M about 15%. Distance, not damage, is what stops most scans of print (issue
  20 measured it): at a given printed size a lower level means fewer, larger modules. Cards
  and stickers, small and kept clean in a wallet or behind a door, take L; posters and the
  large-print sheet, which have room and hang where they get scuffed and written on, keep M;
* a quiet zone of 4 modules of white on every side (ISO/IEC 18004:2015, 9.1);
* modules of at least 1 mm on posters (read from 1-2 m) and 0.4 mm on cards and stickers
  (read at hand distance); dark on light, never inverted.
"""

from __future__ import annotations

from functools import cache

import qrcode
from qrcode.constants import ERROR_CORRECT_L, ERROR_CORRECT_M

from .drawing import Box, QRCode
from .errors import QRError
from .geometry import MIN_QR_MODULE_MM

QUIET_ZONE_MODULES = 4
MIN_MODULE_MM = MIN_QR_MODULE_MM
ERROR_CORRECTION = {"poster": "M", "wallet-card": "L", "sticker": "L", "large-print": "M"}
_LEVELS = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M}


@cache
def symbol(url: str, level: str = "M") -> tuple[tuple[bool, ...], ...]:
    """The QR modules for ``url`` at error-correction ``level`` (True = dark), without quiet
    zone; cached per address."""
    code = qrcode.QRCode(error_correction=_LEVELS[level], border=0)
    code.add_data(url.encode("utf-8"), optimize=0)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def product_symbol(url: str, product: str) -> tuple[tuple[bool, ...], ...]:
    """The symbol for ``url`` at ``product``'s error-correction level."""
    return symbol(url, ERROR_CORRECTION[product])


def side_modules(url: str, product: str) -> int:
    """Modules across ``product``'s symbol for ``url`` plus its quiet zone on both sides."""
    return len(product_symbol(url, product)) + 2 * QUIET_ZONE_MODULES


def place(url: str, x: float, y: float, module_mm: float, product: str) -> QRCode:
    """A QR code with its quiet zone's top-left corner at (x, y), refusing modules too small."""
    minimum = MIN_MODULE_MM[product]
    if module_mm < minimum - 1e-9:
        raise QRError(f"QR code for {url} would have {module_mm:.2f} mm modules; a {product} needs "
                      f"at least {minimum} mm to scan; make room for a "
                      f"{side_modules(url, product) * minimum:.0f} mm code or use a shorter address")
    side = side_modules(url, product) * module_mm
    return QRCode(Box(x, y, side, side), product_symbol(url, product), module_mm, QUIET_ZONE_MODULES, url)
