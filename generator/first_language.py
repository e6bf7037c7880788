"""The Welsh Language Standards, read back from a bilingual PDF (for verify).

The manifest lists each bilingual pair's first line in each language (see
:func:`generator.bilingual.twins`). Here each is found in the page as PDFium reads it, and
the first language's line must be drawn before its twin (in the content stream, the order
an untagged PDF is read aloud in), sit above it or on its reading side on the same row (the
left; the right for a right-to-left language, read from the right), and be no smaller, no
lighter and no paler than it. Nothing here imports the layout code: a layout bug cannot
hide in both. A line's direction is read from its own letters (Unicode bidi classes).
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from collections import Counter

import pypdfium2 as pdfium

from .textlayer import _line_mark

SIZE_TOLERANCE_PT = 0.05


def _glyph_facts(textpage, indices) -> dict:
    """Size, weight, colour and position of the glyphs drawn for the characters at ``indices``."""
    raw = pdfium.raw

    sizes, weights, colours, origins = [], [], set(), []
    for index in indices:
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
    # Where the line starts: its first glyph's origin on the baseline (pt from the bottom-left);
    # and its leftmost, for a right-to-left line, whose glyphs PDFium may list in either order.
    return {"size": min(sizes), "weight": min(weights), "colours": colours, "origin": origins[0],
            "left": min(origins)}


def _luminance_gap(colour: tuple[int, int, int]) -> float:
    """How far a colour is from white paper: 0 for white, 1 for black (relative luminance)."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in colour)
    return 1 - (0.2126 * r + 0.7152 * g + 0.0722 * b)


def _rtl(line: str) -> bool:
    """Whether ``line`` is right-to-left text: it has Arabic or Hebrew letters."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in line)


def _find(text: str, line: str) -> int:
    """Where ``line`` starts in a page's text, as whole words ("Men", not the start of
    "Men's Advice Line"); -1 if it is not there."""
    found = re.search(r"(?<![\w'’])" + re.escape(line) + r"(?![\w'’])", text)
    return found.start() if found else -1


# Brackets PDFium may give mirrored in right-to-left text: "(24/7)" read back as ")24/7(".
_MIRRORED = str.maketrans(")]}>»", "([{<«")


def _letters(line: str) -> Counter:
    """The letters of a line, in any order: spaces and format marks (ZWJ) aside."""
    return Counter(ch for ch in unicodedata.normalize("NFC", line).translate(_MIRRORED)
                   if not ch.isspace() and unicodedata.category(ch) != "Cf")


class _Page:
    """One page as PDFium reads it: its text sorted by position, and its lines in the order
    they are drawn (the content stream: what an untagged PDF's reader follows; PDFium's own
    text is sorted by position), each with the characters PDFium gives for it."""

    def __init__(self, page) -> None:
        raw = pdfium.raw
        self.textpage = page.get_textpage()
        self.text = self.textpage.get_text_range(0, self.textpage.count_chars())
        lines: list[tuple[object, str, list[int | None]]] = []
        for n, obj in enumerate(page.get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT,), max_depth=1)):
            size = raw.FPDFTextObj_GetText(obj.raw, self.textpage.raw, None, 0)
            buffer = ctypes.create_string_buffer(size)
            raw.FPDFTextObj_GetText(obj.raw, self.textpage.raw, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)),
                                    size)
            text = buffer.raw[:size].decode("utf-16-le", errors="replace").rstrip("\x00")
            key = _line_mark(obj) or ("object", n)
            address = ctypes.cast(obj.raw, ctypes.c_void_p).value
            if lines and lines[-1][0] == key:
                lines[-1] = (key, lines[-1][1] + text, [*lines[-1][2], address])
            else:
                lines.append((key, text, [address]))
        self.lines: list[tuple[str, list[int | None]]] = [(text, objects) for _, text, objects in lines]
        self.drawn = "\n".join(text for text, _ in self.lines)
        self._chars: dict[int, list[int]] | None = None

    def locate(self, line: str, reordered: bool) -> tuple[list[int], int]:
        """The characters PDFium gives for ``line`` (none if it is not on the page), and where
        its drawing starts (-1 if it is not drawn).

        Left-to-right text is found as it reads. Where a pair has right-to-left text (Arabic
        beside English) PDFium reorders rows that hold it, words and brackets too, and may
        split a line where marks stack; so each line is found (``reordered``) as the drawn line
        with exactly its letters, and its characters are those PDFium gives for that line's
        text objects."""
        if not reordered:
            at = _find(self.text, line)
            return (list(range(at, at + len(line))) if at >= 0 else []), _find(self.drawn, line)
        want = _letters(line)
        for index, (text, _) in enumerate(self.lines):
            if _letters(text) == want:
                return self._line_chars()[index], index
        return [], -1

    def _line_chars(self) -> dict[int, list[int]]:
        """Each drawn line's characters in PDFium's text (by the text object each belongs to)."""
        if self._chars is None:
            raw = pdfium.raw
            owner: dict[int | None, int] = {address: index for index, (_, objects) in enumerate(self.lines)
                                            for address in objects}
            self._chars = {index: [] for index in range(len(self.lines))}
            for char in range(self.textpage.count_chars()):
                obj = raw.FPDFText_GetTextObject(self.textpage.raw, char)
                line = owner.get(ctypes.cast(obj, ctypes.c_void_p).value)
                if line is not None:
                    self._chars[line].append(char)
        return self._chars


def check(document, entry: dict, add) -> None:
    """The manifest's twins, found in each page's text layer: the first language's line is
    drawn before its twin, above it or on its reading side on the same row, at no smaller
    size, no lighter weight and in the same colour."""
    listed = entry.get("twins") or []
    if not listed:
        return
    problems: list[str] = []
    checked = 0
    pages: dict[int, _Page] = {}
    for twin in listed:
        number = twin["page"]
        if number not in pages:
            pages[number] = _Page(document[number - 1])
        page = pages[number]
        # Right-to-left text is read back reordered (see _Page.locate).
        reordered = twin.get("first_direction") == "rtl" or _rtl(twin["first"]) or _rtl(twin["second"])
        (first, drawn_first), (second, drawn_second) = (page.locate(twin["first"], reordered),
                                                        page.locate(twin["second"], reordered))
        if not first or not second:
            missing = twin["first"] if not first else twin["second"]
            problems.append(f'"{missing}" is not in the text layer of page {number}')
            continue
        checked += 1
        lead, other = _glyph_facts(page.textpage, first), _glyph_facts(page.textpage, second)
        (lead_x, lead_y), (other_x, other_y) = ((lead["left"], other["left"]) if reordered
                                                else (lead["origin"], other["origin"]))
        same_row = abs(lead_y - other_y) < 0.5
        # On one row the first language sits where its reader starts: right of its twin
        # for a right-to-left language, left of it otherwise.
        first_rtl = twin.get("first_direction") == "rtl" or _rtl(twin["first"])
        reading_side = lead_x > other_x if first_rtl else lead_x < other_x
        where = f'"{twin["first"]}" beside "{twin["second"]}" on page {number}'
        if drawn_first > drawn_second:
            problems.append(f"{where}: drawn after its twin")
        elif not (reading_side if same_row else lead_y > other_y):
            problems.append(f"{where}: placed after its twin (below it, or after it on its row)")
        elif lead["size"] < other["size"] - SIZE_TOLERANCE_PT:
            problems.append(f"{where}: {lead['size']:.1f} pt, smaller than {other['size']:.1f} pt")
        elif lead["weight"] < other["weight"]:
            problems.append(f"{where}: weight {lead['weight']}, lighter than {other['weight']}")
        elif (min(map(_luminance_gap, lead["colours"])) < max(map(_luminance_gap, other["colours"])) - 1e-6
              and lead["colours"] != other["colours"]):
            problems.append(f"{where}: a paler colour than its twin")
    add("first language", not problems, problems[0] if problems else
        f"{checked} bilingual pairs: each first-language line first, at the same size, weight and colour")
