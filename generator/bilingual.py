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
first lines in the manifest, and :mod:`generator.first_language` checks the same rules in the
PDF as PDFium reads it back, for verify, without trusting the layout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .colours import contrast
from .errors import LayoutError
from .languages import Pair, fill

if TYPE_CHECKING:
    from .drawing import Text

WEIGHTS = {"regular": 400, "bold": 700}
# The first language's share of two columns, tried in turn: at least half (the Standards allow
# it more room, never less); Welsh and Polish run longer than English.
FIRST_SHARES = (0.5, 0.54, 0.58)
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
    and "Local support:" become "Cymorth lleol / Local support:" (one colon, at the end, if
    any language's label has one: "Wskazówki / Guidance from:")."""
    if not isinstance(text, Pair):
        return text
    colon = any(p.endswith(":") for p in text.parts)
    label = " / ".join(p.removesuffix(":") for p in text.parts)
    return label + (":" if colon else "")


def number_once(template: str, number: str) -> str:
    """``template`` filled with ``number``; in two languages whose sentences both end with
    it ("Lleol: 029 ..." and "Local: 029 ..."), the number once after both labels:
    "Lleol / Local: 029 2018 0123" (a number printed twice is read as two numbers)."""
    return said_once(fill(template, number=number), number)


def said_once(text: str, words: str) -> str:
    """A bilingual ``text`` whose sentences in every language end with the same ``words``
    (a number, or a pack's own description written in one language), as those words once
    after every language's label: "Ar gyfer / For adults in Cardiff"; any other text as it is."""
    if not isinstance(text, Pair) or not words or not all(p.endswith(words) for p in text.parts):
        return text
    heads = [p.removesuffix(words).rstrip() for p in text.parts]
    if not all(heads):
        return text
    return f"{one_line(Pair(heads))} {words}"


def twins(pages) -> list[dict]:
    """Each bilingual pair's first line in each language, page by page, for the manifest; a
    right-to-left first language says so (``"first_direction": "rtl"``), for a line of it
    that has no letter of its own (a local service's English words in the Urdu column)."""
    from .shaping import direction

    found: list[dict] = []
    for number, page in enumerate(pages, start=1):
        groups: dict[str, dict[int, Text]] = {}
        for text in page.texts():
            if text.twin:
                groups.setdefault(text.twin, {}).setdefault(text.part, text)
        for parts in groups.values():
            if 0 in parts and 1 in parts:
                first, second = parts[0], parts[1]
                entry = {"page": number, "first": first.text, "second": second.text}
                if direction(first.language) == "rtl":
                    entry["first_direction"] = "rtl"
                if entry not in found:
                    found.append(entry)
    return found
