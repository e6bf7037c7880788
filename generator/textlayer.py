"""A page's text as PDFium reads it back: characters, their boxes and sizes, and line runs.

What a screen reader, a search, or a person copying a number out of the PDF would get, and
where each glyph actually landed; independent of how the page was laid out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pypdfium2 as pdfium

from .units import pt_to_mm


@dataclass(frozen=True)
class Glyph:
    char: str
    box: tuple[float, float, float, float]   # left, bottom, right, top in mm from the bottom-left corner
    size_pt: float


@dataclass(frozen=True)
class TextLayer:
    """A page's text, with each character's box (pt) where known."""

    text: str
    boxes: list[tuple[float, float, float, float]] | None   # left, bottom, right, top
    glyphs: tuple[Glyph, ...] = ()
    runs: tuple[tuple[float, float, float, float], ...] = ()  # PDFium's text rectangles, mm


def read_text(page) -> TextLayer:
    textpage = page.get_textpage()
    count = textpage.count_chars()
    # PDFium reports a hyphen that ends a line as U+FFFE (it guesses a hyphenated word).
    text = textpage.get_text_range(0, count).replace("\ufffe", "-")
    boxes = [textpage.get_charbox(i) for i in range(count)] if len(text) == count else None
    glyphs = []
    if boxes is not None:
        for index, (char, box) in enumerate(zip(text, boxes, strict=True)):
            if char.strip():
                size = pdfium.raw.FPDFText_GetFontSize(textpage.raw, index)
                glyphs.append(Glyph(char, tuple(pt_to_mm(v) for v in box), size))
    runs = tuple(tuple(pt_to_mm(v) for v in textpage.get_rect(i)) for i in range(textpage.count_rects()))
    return TextLayer(text, boxes, tuple(glyphs), runs)


def _apart(layer: TextLayer, left: int, right: int) -> bool:
    """Whether two characters are visibly separate on paper: a gap wider than their height."""
    if layer.boxes is None:
        return False
    a, b = layer.boxes[left], layer.boxes[right]
    height = max(a[3] - a[1], b[3] - b[1])
    return b[0] - a[2] > height or a[1] > b[3] or b[1] > a[3]


def number_printed(number: str, layer: TextLayer | str) -> bool:
    """``number`` appears whole: "0808 801 032" is not found inside "0808 801 0327".

    Digits a single space before or after the number count as part of it, unless the
    characters' boxes show a clear gap between them on the page (a row that ends "24/7"
    with its number set at the far right).
    """
    if isinstance(layer, str):
        layer = TextLayer(layer, None)
    text = layer.text
    for match in re.finditer(re.escape(number), text):
        start, end = match.span()
        if (start and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit()):
            continue
        if re.fullmatch(r"\d ", text[max(0, start - 2):start]) and not _apart(layer, start - 2, start):
            continue
        if re.fullmatch(r" \d", text[end:end + 2]) and not _apart(layer, end - 1, end + 1):
            continue
        return True
    return False


def overlapping_runs(layer: TextLayer, tolerance_mm: float = 0.1) -> list[tuple[int, int]]:
    """Pairs of text runs (PDFium's line rectangles) that overlap by more than ``tolerance_mm``."""
    runs = layer.runs
    found = []
    for i, a in enumerate(runs):
        for j in range(i + 1, len(runs)):
            b = runs[j]
            if (min(a[2], b[2]) - max(a[0], b[0]) > tolerance_mm
                    and min(a[3], b[3]) - max(a[1], b[1]) > tolerance_mm):
                found.append((i, j))
    return found
