"""Issue 22: which layer may import what, read from the source (ast), not trusted to review.

ReportLab draws; only the render layer and the font registration it needs import it. The
shaping module hands ReportLab its shaped strings and the logo loader its drawings, so they
are on the list too, for now; anything that only measures or checks stays off it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
MAY_IMPORT_REPORTLAB = {"render", "pdfx", "fonts", "shaping", "logo"}   # pdfx: render's CMYK colours


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield ".".join(path.relative_to(PACKAGE).with_suffix("").parts), path


def test_only_the_render_layer_and_font_registration_import_reportlab():
    importers = {name for name, path in _modules() if {"reportlab", "svglib"} & _imports(path)}
    assert importers <= MAY_IMPORT_REPORTLAB, importers - MAY_IMPORT_REPORTLAB
    assert "render" in importers      # the check reads real imports: it would see a new one


def test_the_checkers_import_no_drawing_library():
    for name in ("verify", "trace", "textlayer", "scan"):
        assert not {"reportlab", "svglib", "qrcode"} & _imports(PACKAGE / f"{name}.py"), name
