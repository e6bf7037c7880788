"""Helpers shared by test modules (conftest holds the fixtures)."""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium

from generator.drawing import Box
from generator.units import pt_to_mm


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


def glyphs(path: Path, page_index: int = 0) -> tuple[list[tuple[str, Box]], str]:
    """Every drawn character with its box in mm from the page's top-left, and the page text."""
    document = pdfium.PdfDocument(path)
    try:
        page = document[page_index]
        height = page.get_height()
        textpage = page.get_textpage()
        out = []
        for i in range(textpage.count_chars()):
            char = textpage.get_text_range(i, 1)
            if char.strip():
                left, bottom, right, top = textpage.get_charbox(i)
                out.append((char, Box(pt_to_mm(left), pt_to_mm(height - top), pt_to_mm(right - left),
                                      pt_to_mm(top - bottom))))
        return out, textpage.get_text_range()
    finally:
        document.close()


def build_with_printer(tmp_path: Path, profile: str, product: str) -> Path:
    """Build one product of the default pack with a printer profile; returns the folder."""
    from conftest import run_cli

    path = tmp_path / "printer.yaml"
    path.write_text(profile)
    result = run_cli("build", "--printer", path, "--products", product, "--out", tmp_path / "out")
    assert result.code == 0, result.err
    return tmp_path / "out"


def pdf_images(path) -> set[int]:
    """The image objects a PDF's pages draw, directly or inside forms (a logo is drawn once
    into a form and placed from there)."""
    from pypdf import PdfReader

    found: set[int] = set()

    def walk(resources) -> None:
        for ref in resources.get("/XObject", {}).values():
            obj = ref.get_object()
            if obj["/Subtype"] == "/Image":
                found.add(ref.idnum)
            elif "/Resources" in obj:
                walk(obj["/Resources"])
    for page in PdfReader(path).pages:
        walk(page["/Resources"])
    return found


def pdf_text(path) -> str:
    """Every page's text as PDFium reads it, with runs of white space made one space."""
    document = pdfium.PdfDocument(path)
    try:
        return " ".join(" ".join(page.get_textpage().get_text_range().replace("\ufffe", "-").split())
                        for page in document)
    finally:
        document.close()
