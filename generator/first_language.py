"""The Welsh Language Standards, read back from a bilingual PDF (for verify).

The manifest lists each bilingual pair's first line in each language (see
:func:`generator.bilingual.twins`). Here each is found in the page as PDFium reads it, and
the first language's line must be drawn before its twin (in the content stream, the order
an untagged PDF is read aloud in), sit above it or to its left on the same row, and be no
smaller, no lighter and no paler than it. Nothing here imports the layout code: a layout bug
cannot hide in both.
"""

from __future__ import annotations

import ctypes
import re

import pypdfium2 as pdfium

from .textlayer import _line_mark

SIZE_TOLERANCE_PT = 0.05


def _glyph_facts(textpage, start: int, count: int) -> dict:
    """Size, weight, colour and position of the glyphs drawn for ``count`` characters."""
    raw = pdfium.raw

    sizes, weights, colours, origins = [], [], set(), []
    for index in range(start, start + count):
        if not textpage.get_text_range(index, 1).strip():
            continue
        sizes.append(raw.FPDFText_GetFontSize(textpage.raw, index))
        weights.append(raw.FPDFText_GetFontWeight(textpage.raw, index))
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        raw.FPDFText_GetFillColor(textpage.raw, index, *(ctypes.byref(c) for c in (r, g, b, a)))
        colours.add((r.value, g.value, b.value))
        x, y = ctypes.c_double(), ctypes.c_double()
        raw.FPDFText_GetCharOrigin(textpage.raw, index, ctypes.byref(x), ctypes.byref(y))
        origins.append((x.value, y.value))
    # Where the line starts: its first glyph's origin on the baseline (pt from the bottom-left).
    return {"size": min(sizes), "weight": min(weights), "colours": colours, "origin": origins[0]}


def _luminance_gap(colour: tuple[int, int, int]) -> float:
    """How far a colour is from white paper: 0 for white, 1 for black (relative luminance)."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in colour)
    return 1 - (0.2126 * r + 0.7152 * g + 0.0722 * b)


def _find(text: str, line: str) -> int:
    """Where ``line`` starts in a page's text, as whole words ("Men", not the start of
    "Men's Advice Line"); -1 if it is not there."""
    found = re.search(r"(?<![\w'’])" + re.escape(line) + r"(?![\w'’])", text)
    return found.start() if found else -1


def _drawn_text(page, textpage) -> str:
    """The page's text in the order it is drawn (the content stream: what an untagged PDF's
    reader follows), one line per marked line; PDFium's own text is sorted by position."""
    raw = pdfium.raw
    lines: list[tuple[object, str]] = []
    for n, obj in enumerate(page.get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT,), max_depth=1)):
        size = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFTextObj_GetText(obj.raw, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)), size)
        text = buffer.raw[:size].decode("utf-16-le", errors="replace").rstrip("\x00")
        key = _line_mark(obj) or ("object", n)
        if lines and lines[-1][0] == key:
            lines[-1] = (key, lines[-1][1] + text)
        else:
            lines.append((key, text))
    return "\n".join(text for _, text in lines)


def check(document, entry: dict, add) -> None:
    """The manifest's twins, found in each page's text layer: the first language's line is
    drawn before its twin, above it or left of it on the same row, at no smaller size, no
    lighter weight and in the same colour."""
    listed = entry.get("twins") or []
    if not listed:
        return
    problems: list[str] = []
    checked = 0
    pages: dict[int, tuple] = {}
    for twin in listed:
        number = twin["page"]
        if number not in pages:
            page = document[number - 1]
            textpage = page.get_textpage()
            pages[number] = (textpage, textpage.get_text_range(0, textpage.count_chars()), _drawn_text(page, textpage))
        textpage, text, drawn = pages[number]
        at_first, at_second = _find(text, twin["first"]), _find(text, twin["second"])
        if at_first < 0 or at_second < 0:
            missing = twin["first"] if at_first < 0 else twin["second"]
            problems.append(f'"{missing}" is not in the text layer of page {number}')
            continue
        checked += 1
        lead = _glyph_facts(textpage, at_first, len(twin["first"]))
        other = _glyph_facts(textpage, at_second, len(twin["second"]))
        (lead_x, lead_y), (other_x, other_y) = lead["origin"], other["origin"]
        same_row = abs(lead_y - other_y) < 0.5
        where = f'"{twin["first"]}" beside "{twin["second"]}" on page {number}'
        if _find(drawn, twin["first"]) > _find(drawn, twin["second"]):
            problems.append(f"{where}: drawn after its twin")
        elif not (lead_x < other_x if same_row else lead_y > other_y):
            problems.append(f"{where}: placed after its twin (below it, or to its right)")
        elif lead["size"] < other["size"] - SIZE_TOLERANCE_PT:
            problems.append(f"{where}: {lead['size']:.1f} pt, smaller than {other['size']:.1f} pt")
        elif lead["weight"] < other["weight"]:
            problems.append(f"{where}: weight {lead['weight']}, lighter than {other['weight']}")
        elif (min(map(_luminance_gap, lead["colours"])) < max(map(_luminance_gap, other["colours"])) - 1e-6
              and lead["colours"] != other["colours"]):
            problems.append(f"{where}: a paler colour than its twin")
    add("first language", not problems, problems[0] if problems else
        f"{checked} bilingual pairs: each first-language line first, at the same size, weight and colour")
