"""``manifest.json``: what a build wrote, where every printed piece sits, what it says.

Later products, ``verify`` and outside tools (imposition, print-shop preflight) read it, so
its keys are a contract: lengths in mm from the sheet's bottom-left corner, 2 decimals.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import __version__
from .drawing import Box, Page
from .impose import Placed

SCHEMA = 1


def _mm(value: float) -> float:
    return round(value + 0.0, 2)


@dataclass
class FileEntry:
    path: str
    product: str
    pages: list[Page]
    phone_numbers: list[str]
    placed: list[list[Placed]] | None = None   # per page: the pieces imposed on it
    sides: tuple[str, ...] = ()                 # per page, when one piece fills it: front/back
    extra: dict = field(default_factory=dict)   # product facts: imposition, duplex, bleed...
    min_pt: float = 7.0                         # the smallest type the product allows
    safe_margin: float | None = None            # inside each imposed piece (single pages: page.margin)
    round: bool = False                         # imposed pieces are round labels
    print_shop: bool = False                    # for a print shop: PDF/X-4 in CMYK, whatever the build asked

    def _items(self, number: int, page: Page) -> list[dict]:
        if self.placed is None:
            trim = page.trim or Box(0.0, 0.0, page.width, page.height)
            side = self.sides[number - 1] if self.sides else "single"
            m = page.margin
            safe = Box(m, m, page.width - 2 * m, page.height - 2 * m)
            return [{"page": number, "side": side, "trim_mm": _box(trim, page.height),
                     "safe_mm": _box(safe, page.height), "round": page.round}]
        m = self.safe_margin or 0.0
        return [{"page": number, "side": piece.side, "index": piece.index, "trim_mm": _box(piece.trim, page.height),
                 "safe_mm": _box(Box(piece.trim.x + m, piece.trim.y + m, piece.trim.w - 2 * m, piece.trim.h - 2 * m),
                                 page.height), "round": self.round}
                for piece in self.placed[number - 1]]

    def to_json(self) -> dict:
        first = self.pages[0]
        items, qr_codes = [], []
        for number, page in enumerate(self.pages, start=1):
            items += self._items(number, page)
            for code in page.qr_codes():
                box = code.box
                qr_codes.append({
                    "page": number,
                    "target": code.target,
                    "box_mm": _box(box, page.height),
                    "module_mm": _mm(code.module_mm),
                    "modules": len(code.modules),
                    "quiet_zone_modules": code.quiet_modules,
                })
        return {
            "path": self.path,
            "product": self.product,
            "sheet_mm": [_mm(first.width), _mm(first.height)],
            "pages": len(self.pages),
            "items": items,
            "qr_codes": qr_codes,
            "qr_targets": sorted({code["target"] for code in qr_codes}),
            "phone_numbers": self.phone_numbers,
            "min_pt": self.min_pt,
            **self.extra,
        }


def _box(box: Box, page_height: float) -> list[float]:
    """[x, y, w, h] in mm from the sheet's bottom-left corner (PDF's own orientation)."""
    return [_mm(box.x), _mm(page_height - box.bottom), _mm(box.w), _mm(box.h)]


def manifest_json(pack_name: str, data_date: str, language: str, files: list[FileEntry],
                  facts: dict | None = None) -> bytes:
    """``facts``: what verify traces printed claims and numbers against (the day claims were
    judged on, the pack's age limit, its own local service)."""
    document = {
        "schema": SCHEMA,
        "generator": f"helpline-pack {__version__}",
        "pack": pack_name,
        "language": language,
        "data_date": data_date,
        **(facts or {}),
        "files": [entry.to_json() for entry in files],
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
