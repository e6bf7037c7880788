"""The page's own files, and the ZIP a download sends."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..output import zip_bytes, zip_folder

STATIC = Path(__file__).resolve().parent / "static"
FILES = {"/": ("index.html", "text/html; charset=utf-8"), "/app.js": ("app.js", "text/javascript; charset=utf-8"),
         "/app.css": ("app.css", "text/css; charset=utf-8"), "/cy.json": ("cy.json", "application/json")}


def page_file(path: str) -> tuple[bytes, str]:
    """The bytes and type of one of the page's files (an empty icon for anything else asked)."""
    if path not in FILES:
        return b"", "image/x-icon"
    name, kind = FILES[path]
    return (STATIC / name).read_bytes(), kind


def pack_zip(out: Path, pack_folder: Path) -> bytes:
    """The pack as the command line would leave it, plus the pack file (and logo) to rebuild it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        zip_folder(archive, out, "helpline-pack")
        for path in sorted(pack_folder.iterdir()):
            if path.name != "focus.txt":
                zip_bytes(archive, f"helpline-pack/pack/{path.name}", path.read_bytes())
    return buffer.getvalue()
