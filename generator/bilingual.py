"""The Welsh Language Standards as a check on every bilingual page: first language first.

In Wales, public bodies print Welsh first and treat it no less favourably than English. A
bilingual pack (``language: [cy, en]``, or any two languages) holds its first language to
the same rule against the second, sentence by sentence: each sentence's lines in the first
language are

* not smaller than its twin's in the second (type size),
* not lighter (regular beside a bold twin),
* not in a weaker colour (less contrast with what they are printed on),
* not later in reading order: drawn before their twin (the order a screen reader and a
  copy from the PDF give), and above it or, on the same row, on the reading side of it.

Twins are the lines :func:`generator.text.set_lines` sets from one bilingual text (they share
``Text.twin``; ``Text.part`` is 0 for the first language). :func:`first_language_first` runs
on every page before it is drawn (from ``Page.check``); :func:`twins` lists each pair's
first lines in the manifest, and :func:`check_pdf` checks the same rules in the PDF as
PDFium reads it back (sizes, weights, colours and positions of the glyphs actually drawn),
without trusting the layout.
"""

from __future__ import annotations

import ctypes
import re

from .colours import contrast
from .errors import LayoutError
from .languages import Pair, fill

WEIGHTS = {"regular": 400, "bold": 700}
SIZE_TOLERANCE_PT = 0.05


def first_language_first(texts, product: str) -> None:
    """Refuse a page on which a first-language line is set less prominently than its twin."""
    groups: dict[str, list] = {}
    for order, text in enumerate(texts):
        if text.twin:
            groups.setdefault(text.twin, []).append((order, text))
    for lines in groups.values():
        first = [(o, t) for o, t in lines if t.part == 0]
        others = [(o, t) for o, t in lines if t.part != 0]
        if not first or not others:
            continue
        (order, lead), (later_order, twin) = first[0], others[0]
        problem = _weaker(lead, twin) or (
            "later in reading order" if order > later_order or not _reads_before(lead, twin) else "")
        if problem:
            raise LayoutError(f'"{lead.text}" is {problem} than its twin "{twin.text}"; the first language '
                              "must be printed first and no less prominently (Welsh Language Standards)",
                              field=product)


def _weaker(lead, twin) -> str:
    if lead.size < twin.size - SIZE_TOLERANCE_PT:
        return f"smaller ({lead.size:.1f} pt beside {twin.size:.1f} pt)"
    if WEIGHTS[lead.font] < WEIGHTS[twin.font]:
        return "lighter"
    if contrast(lead.colour, lead.background) < contrast(twin.colour, twin.background) - 1e-6:
        return "in a weaker colour"
    return ""


def _reads_before(lead, twin) -> bool:
    """Above its twin, or on the same row and on the side reading starts from."""
    from .shaping import direction

    if abs(lead.baseline - twin.baseline) <= 0.01:
        return lead.x > twin.x if direction(lead.language) == "rtl" else lead.x < twin.x
    return lead.baseline < twin.baseline


def one_line(text: str) -> str:
    """A short label in every language on one line, first language first: "Cymorth lleol:"
    and "Local support:" become "Cymorth lleol / Local support:"."""
    if not isinstance(text, Pair):
        return text
    colon = all(p.endswith(":") for p in text.parts)
    label = " / ".join(p.removesuffix(":") if colon else p for p in text.parts)
    return label + (":" if colon else "")


def number_once(template: str, number: str) -> str:
    """``template`` filled with ``number``; in two languages whose sentences both end with
    it ("Lleol: 029 ..." and "Local: 029 ..."), the number once after both labels:
    "Lleol / Local: 029 2018 0123" (a number printed twice is read as two numbers)."""
    text = fill(template, number=number)
    if not isinstance(text, Pair) or not all(p.endswith(number) for p in text.parts):
        return text
    heads = [p.removesuffix(number).rstrip() for p in text.parts]
    if not all(heads):
        return text
    return f"{one_line(Pair(heads))} {number}"


def twins(pages) -> list[dict]:
    """Each bilingual pair's first line in each language, page by page, for the manifest."""
    found: list[dict] = []
    for number, page in enumerate(pages, start=1):
        groups: dict[str, dict[int, str]] = {}
        for text in page.texts():
            if text.twin:
                groups.setdefault(text.twin, {}).setdefault(text.part, text.text)
        for parts in groups.values():
            if 0 in parts and 1 in parts:
                entry = {"page": number, "first": parts[0], "second": parts[1]}
                if entry not in found:
                    found.append(entry)
    return found


# -- the same rules, read back from the PDF -------------------------------------------------
def _glyph_facts(textpage, start: int, count: int) -> dict:
    """Size, weight, colour and position of the glyphs drawn for ``count`` characters."""
    from pypdfium2 import raw

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


def check_pdf(document, entry: dict, add) -> None:
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
            textpage = document[number - 1].get_textpage()
            pages[number] = (textpage, textpage.get_text_range(0, textpage.count_chars()))
        textpage, text = pages[number]
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
        if at_first > at_second:
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
