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


LAYOUT = {"drawing", "text", "shaping", "fonts", "render", "pdfx", "tagging", "poster", "bilingual_poster",
          "wallet_card", "sticker", "large_print", "impose", "qr", "logo", "pack", "build", "products"}


def _closure(module: str) -> set[str]:
    """Every generator module ``module`` imports, directly or through others, lazy imports in
    functions included."""
    seen, todo = set(), [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = PACKAGE / (name.replace(".", "/") + ".py")
        if not path.exists():
            path = PACKAGE / name.replace(".", "/") / "__init__.py"
        package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                       and getattr(block.test, "id", "") == "TYPE_CHECKING" for n in ast.walk(block)}
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue              # imported for type checking only, never at run time
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[:len(package) - node.level + 1]
                if node.module:
                    todo.append(".".join([*base, node.module]))
                else:
                    todo += [".".join([*base, alias.name]) for alias in node.names]
    return {name for name in seen
            if (PACKAGE / (name.replace(".", "/") + ".py")).exists() or (PACKAGE / name.replace(".", "/")).is_dir()}


def test_verify_reads_the_data_and_the_pdf_and_imports_no_layout_code():
    """A layout bug cannot hide in the checker too: verify and what it imports, at any depth,
    use no layout or drawing module and no drawing library."""
    found = _closure("verify")
    assert "trace" in found and "sheets" in found          # the walk follows real imports
    assert not found & LAYOUT, sorted(found & LAYOUT)
    libraries = set().union(*(_imports(PACKAGE / (name.replace(".", "/") + ".py")) for name in found))
    assert not {"reportlab", "svglib", "qrcode"} & libraries
