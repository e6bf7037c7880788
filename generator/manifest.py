"""``manifest.json``: what a build wrote, where every printed piece sits, what it says.

Later products, ``verify`` and outside tools (imposition, print-shop preflight) read it, so
its keys are a contract: lengths in mm from the sheet's bottom-left corner, 2 decimals.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import __version__
from .drawing import Page

SCHEMA = 1


def _mm(value: float) -> float:
    return round(value + 0.0, 2)


@dataclass
class FileEntry:
    path: str
    product: str
    pages: list[Page]
    phone_numbers: list[str]

    def to_json(self) -> dict:
        first = self.pages[0]
        items, qr_codes = [], []
        for number, page in enumerate(self.pages, start=1):
            items.append({"page": number, "trim_mm": [0.0, 0.0, _mm(page.width), _mm(page.height)]})
            for code in page.qr_codes():
                box = code.box
                qr_codes.append({
                    "page": number,
                    "target": code.target,
                    "box_mm": [_mm(box.x), _mm(page.height - box.bottom), _mm(box.w), _mm(box.h)],
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
        }


def manifest_json(pack_name: str, data_date: str, language: str, files: list[FileEntry]) -> bytes:
    document = {
        "schema": SCHEMA,
        "generator": f"helpline-pack {__version__}",
        "pack": pack_name,
        "language": language,
        "data_date": data_date,
        "files": [entry.to_json() for entry in files],
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
