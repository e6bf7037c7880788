"""A page's text as PDFium reads it back: characters, their boxes and sizes, and line runs.

What a screen reader, a search, or a person copying a number out of the PDF would get, and
where each glyph actually landed; independent of how the page was laid out.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2 as pdfium

from .units import pt_to_mm


@dataclass(frozen=True)
class Glyph:
    char: str
    box: tuple[float, float, float, float]   # left, bottom, right, top in mm from the bottom-left corner
    size_pt: float          # as it lands on the page: the font's size times every scale drawn through
    in_form: bool = False   # drawn inside a form XObject (a logo), not by the page itself


@dataclass(frozen=True)
class TextLayer:
    """A page's text, with each character's box (pt) where known."""

    text: str
    boxes: list[tuple[float, float, float, float]] | None   # left, bottom, right, top
    glyphs: tuple[Glyph, ...] = ()
    runs: tuple[tuple[float, float, float, float], ...] = ()  # each line's box, mm
    # Every character (spaces too) with PDFium's loose box: its advance by the font's height.
    placed: tuple[tuple[str, tuple[float, float, float, float]], ...] = ()


def read_text(page) -> TextLayer:
    textpage = page.get_textpage()
    count = textpage.count_chars()
    # PDFium reports a hyphen that ends a line as U+FFFE (it guesses a hyphenated word).
    text = textpage.get_text_range(0, count).replace("\ufffe", "-")
    boxes = [textpage.get_charbox(i) for i in range(count)] if len(text) == count else None
    objects = _page_objects(page)
    glyphs = []
    if boxes is not None:
        raw = pdfium.raw
        own = {ctypes.cast(obj, ctypes.c_void_p).value for obj in objects}
        scales: dict[int | None, tuple[float, bool]] = {}
        for index, (char, box) in enumerate(zip(text, boxes, strict=True)):
            if char.strip():
                obj = ctypes.cast(raw.FPDFText_GetTextObject(textpage.raw, index), ctypes.c_void_p).value
                if obj not in scales:
                    scales[obj] = (_scale(textpage, index), obj not in own)
                scale, in_form = scales[obj]
                size = raw.FPDFText_GetFontSize(textpage.raw, index) * scale
                left, bottom, right, top = (pt_to_mm(v) for v in box)
                glyphs.append(Glyph(char, (left, bottom, right, top), size, in_form))
    placed: tuple[tuple[str, tuple[float, float, float, float]], ...] = ()
    if boxes is not None:
        placed = tuple((char, textpage.get_charbox(i, loose=True)) for i, char in enumerate(text)
                       if char not in "\r\n")
    return TextLayer(text, boxes, tuple(glyphs), _lines(objects), placed)


def _page_objects(page) -> list:
    """The page's own objects (not those inside its forms), as PDFium handles."""
    raw = pdfium.raw
    return [raw.FPDFPage_GetObject(page.raw, index) for index in range(raw.FPDFPage_CountObjects(page.raw))]


def _scale(textpage, index: int) -> float:
    """How much the matrices a character is drawn through (its text object's, and every form's
    round it) scale its type: the square root of the area factor, so turning does not count."""
    matrix = pdfium.raw.FS_MATRIX()
    if not pdfium.raw.FPDFText_GetMatrix(textpage.raw, index, matrix):
        return 1.0
    return abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5


def _lines(objects: list) -> tuple[tuple[float, float, float, float], ...]:
    """The box of each line of text (left, bottom, right, top, mm): the union of the text
    objects the renderer marked as one line, or each text object alone if unmarked.

    PDFium's C calls directly: a page has hundreds of text objects, and a Python wrapper
    object for each cost more than the check itself."""
    raw = pdfium.raw
    boxes: dict[object, list[float]] = {}
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    text_objects = 0
    # Top-level text only: text inside a logo (a form XObject) is part of the logo.
    for obj in objects:
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_TEXT:
            continue
        key = _line_mark(obj) or ("object", text_objects)
        text_objects += 1
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, b, r, t = (pt_to_mm(v.value) for v in (left, bottom, right, top))
        if r - x0 <= 0 or t - b <= 0:
            continue          # a space
        box = boxes.setdefault(key, [x0, b, r, t])
        box[:] = [min(box[0], x0), min(box[1], b), max(box[2], r), max(box[3], t)]
    return tuple((b[0], b[1], b[2], b[3]) for b in boxes.values())


def _line_mark(obj) -> tuple[str, int] | None:
    raw = pdfium.raw
    for index in range(raw.FPDFPageObj_CountMarks(obj)):
        mark = raw.FPDFPageObj_GetMark(obj, index)
        value = ctypes.c_int()
        if raw.FPDFPageObjMark_GetParamIntValue(mark, b"N", ctypes.byref(value)):
            return ("line", value.value)
    return None


# Gaps between characters on a row, as a share of their height: a word space is about 0.25.
WORD_GAP = 0.15   # wider than any kerning: a space a reader sees
ITEM_GAP = 0.6    # over two word spaces: separate items set side by side ("24/7" and a number)


def visual_rows(layer: TextLayer) -> str:
    """The page's characters as a reader sees them: rows top to bottom, each read left to
    right by position on the paper, whatever order the PDF stores them in. Characters further
    apart than two word spaces are separated by " | " (separate items on one row), and a
    narrower visible gap with no space character in it reads as a space.

    Phone numbers are read from this, so a number drawn with its groups reversed in
    right-to-left text fails even when the PDF's text order looks right (and a number drawn
    right passes even where PDFium reorders a mixed-direction line).
    """
    rows: list[list] = []
    for char, box in sorted(layer.placed, key=lambda p: -(p[1][1] + p[1][3])):
        height = box[3] - box[1]
        if height <= 0:
            continue
        middle = (box[1] + box[3]) / 2
        row = next((r for r in rows if r[0][1] <= middle <= r[0][0]), None)
        if row is None:
            rows.append(row := [[box[3], box[1]]])
        row.append((char, box))
    out = []
    for _, *row in rows:
        row.sort(key=lambda p: p[1][0])
        line, right = "", None
        for char, box in row:
            gap = None if right is None else box[0] - right
            if gap is not None and gap > ITEM_GAP * (box[3] - box[1]):
                line += " | "
            elif gap is not None and gap > WORD_GAP * (box[3] - box[1]) and char != " " and not line.endswith(" "):
                # Two pieces of text set side by side with no space character between them
                # ("24/7" then "020 7946 0456"): a gap a reader sees is a space.
                line += " "
            line += char
            right = box[2]
        out.append(" ".join(line.split(" ")))
    return "\n".join(out)


def number_printed(number: str, layer: TextLayer | str) -> bool:
    """``number`` appears whole, as a reader sees it: "0808 801 032" is not found inside
    "0808 801 0327", nor "0808 2000 247" in "247 2000 0808".

    A page is read by :func:`visual_rows`; plain text (tests) as it is.
    """
    text = visual_rows(layer) if isinstance(layer, TextLayer) and layer.placed else str(getattr(layer, "text", layer))
    pattern = r"(?<![\d])(?<!\d )" + re.escape(number) + r"(?![\d])(?! \d)"
    return re.search(pattern, text) is not None


def overlapping_runs(layer: TextLayer, tolerance_mm: float = 0.1) -> list[tuple[int, int]]:
    """Pairs of lines of text that overlap by more than ``tolerance_mm``."""
    runs = layer.runs
    found = []
    for i, a in enumerate(runs):
        for j in range(i + 1, len(runs)):
            b = runs[j]
            if (min(a[2], b[2]) - max(a[0], b[0]) > tolerance_mm
                    and min(a[3], b[3]) - max(a[1], b[1]) > tolerance_mm):
                found.append((i, j))
    return found
