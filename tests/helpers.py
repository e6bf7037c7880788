"""Helpers shared by test modules (conftest holds the fixtures)."""

from __future__ import annotations

import os
from pathlib import Path


def dump_page(page) -> str:
    """One item per line, mm with 2 decimals: a readable golden file of a layout."""
    lines = []
    for item in page.items:
        kind = type(item).__name__
        if kind == "Text":
            lines.append(f"text  {item.x:7.2f} {item.baseline:7.2f} {item.size:5.2f} {item.font:<7} {item.text}")
        elif kind == "QRCode":
            b = item.box
            lines.append(f"qr    {b.x:7.2f} {b.y:7.2f} {b.w:6.2f} module {item.module_mm:.2f} {item.target}")
        else:
            b = item.box
            lines.append(f"{kind.lower():<5} {b.x:7.2f} {b.y:7.2f} {b.w:6.2f} {b.h:6.2f}")
    return "\n".join(lines) + "\n"


def assert_golden(path: Path, dump: str) -> None:
    """Compare with a golden file; regenerate on purpose with UPDATE_GOLDEN=1."""
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(dump)
    assert dump == path.read_text(), f"{path.name} changed; run with UPDATE_GOLDEN=1 if that was meant"
