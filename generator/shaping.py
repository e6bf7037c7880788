"""Shaping and direction: one line of text as runs that HarfBuzz has shaped, in visual order.

A line is cut where its font or its direction changes. Directions come from the Unicode
Bidirectional Algorithm (UAX #9, python-bidi) with the paragraph direction of the text's
language; each run is shaped by HarfBuzz in its own font and direction, so Arabic letters
join, Indic vowel signs go where they belong and Welsh ŵ is drawn from its own glyph; the
runs are then put in visual order (UAX #9, rule L2). Digits are always Latin and always a
left-to-right run, so a phone number inside Urdu reads 0808 2000 247, never backwards.

Every character is checked against the font that will draw it before anything is measured:
a character no font has stops the build, naming the character, the text, the language and
the font. A missing glyph would otherwise print as an empty box.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import uharfbuzz as hb
from bidi import algorithm as uax9
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from . import measures
from .errors import FontError
from .fonts import face, families, family_for, ignorable, script
from .languages import script_facts
from .units import MM_PER_PT, pt_to_mm

_NUMBER = re.compile(r"\d+(?: \d+)+")
# "LGBT+" keeps its plus on the right in right-to-left text (UAX #9 would move it left).
_LATIN_PLUS = re.compile(r"\b[A-Za-z]+\+")
# Ligatures off for Latin: "fi" drawn as one glyph would not read back as "fi" from the PDF.
FEATURES = {"latin": {"liga": False}}


@dataclass(frozen=True)
class Run:
    dx: float        # mm from the line's left edge
    text: str        # in logical (reading) order
    family: str
    rtl: bool
    width: float     # mm


def direction(language: str) -> str:
    """The paragraph direction of text in ``language`` (:func:`line_runs` sets a line with
    no right-to-left letter in it, such as a web address, left to right whatever the language)."""
    return script_facts(language)[0]


def _is_rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def _families(text: str, weight: str, language: str, where: str) -> list[str]:
    """The family that draws each character; neutral characters (spaces, punctuation) stay
    with their neighbours so that a run is not cut at every space."""
    chosen: list[str | None] = []
    for ch in text:
        name = script(ch)
        chosen.append(family_for(name, language) if name else None)
    out: list[str] = []
    for i, ch in enumerate(text):
        family = chosen[i]
        if family is None:
            before = out[-1] if out else None
            after = next((f for f in chosen[i + 1:] if f), None)
            candidates = [before, after, *families(language)]
        else:
            candidates = [family, *families(language)]
        usable = [f for f in candidates if f and (ignorable(ch) or face(weight, f).has(ch))]
        if not usable:
            own = family or families(language)[0]
            raise FontError(f'"{text}" ({language}) has {ch!r} (U+{ord(ch):04X}), which the font '
                            f"{face(weight, own).file} cannot draw; replace it or use a language "
                            "whose font has it", field=where or None, char=ch)
        out.append(usable[0])
    return out


# Bidi classes that resolve to level 0 in a left-to-right paragraph with no R, AL or AN in it.
_LEFT_TO_RIGHT = frozenset({"L", "EN", "ES", "ET", "CS", "WS", "ON"})


def _simple_family(text: str, weight: str, language: str) -> str | None:
    """The one family that draws every character of ``text`` when the line is plain
    left-to-right Latin (or neutral) in a left-to-right language's own Latin font; else None."""
    if direction(language) != "ltr":
        return None
    family = families(language)[0]
    if family_for("Latn", language) != family:
        return None
    return family if all(_plain_latin(ch, weight, family) for ch in set(text)) else None


@cache
def _plain_latin(ch: str, weight: str, family: str) -> bool:
    return (script(ch) in (None, "Latn") and unicodedata.bidirectional(ch) in _LEFT_TO_RIGHT
            and face(weight, family).has(ch))


def _levels(text: str, rtl: bool) -> list[int]:
    """UAX #9 embedding levels, one per character, with the paragraph level given."""
    storage = uax9.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uax9.get_embedding_levels(text, storage, False, False)
    for index, ch in enumerate(storage["chars"]):
        ch["index"] = index
    uax9.explicit_embed_and_overrides(storage, False)
    uax9.resolve_weak_types(storage, False)
    uax9.resolve_neutral_types(storage, False)
    uax9.resolve_implicit_levels(storage, False)
    levels: list[int | None] = [None] * len(text)
    for ch in storage["chars"]:
        levels[ch["index"]] = ch["level"]
    # Characters rule X9 set aside (ZWJ, ZWNJ) take the level of the one before them.
    previous: int = storage["base_level"]
    resolved = []
    for level in levels:
        previous = previous if level is None else level
        resolved.append(previous)
    return resolved


def _visual_order(levels: list[int]) -> list[int]:
    """UAX #9 rule L2: from the highest level down to the lowest odd one, reverse every
    stretch at that level or higher."""
    order = list(range(len(levels)))
    if not levels:
        return order
    lowest_odd = min(level for level in levels) | 1
    for level in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


# (font's PostScript name, private-use code) -> the letters that glyph draws, in reading order.
PRIVATE_LETTERS: dict[tuple[str, int], str] = {}


def _postscript_name(ttf) -> str:
    name = ttf.face.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


@lru_cache(maxsize=8192)
def shaped(text: str, family: str, weight: str, size: float, rtl: bool) -> ShapedStr:
    """``text`` shaped by HarfBuzz: glyphs in visual order, with their advances and offsets
    (in 1/1000 em), as the ReportLab string that draws exactly them.

    HarfBuzz uses the point size only for a font's 'trak' table (size-dependent tracking);
    for a font without one, the glyphs are the same at every size, so a layout that tries
    several sizes shapes each line once, not once per size.
    """
    return _shaped(text, family, weight, size if _tracked(family, weight) else None, rtl)


@cache
def _tracked(family: str, weight: str) -> bool:
    return "trak" in face(weight, family).font.hbFace.table_tags


@lru_cache(maxsize=8192)
def _shaped(text: str, family: str, weight: str, size: float | None, rtl: bool) -> ShapedStr:
    ttf = face(weight, family).font
    font = ttf.hbFont(size or 10)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(font, buf, FEATURES.get(family, {}))
    chars, data = [], []
    glyph_to_char, widths, scale = ttf.face.glyphToChar, ttf.face.charWidths, ttf.face._pdfScale
    starts = sorted({info.cluster for info in buf.glyph_infos})
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        owners = glyph_to_char.get(gid)
        # Glyphs with no character of their own (joined forms, conjuncts) get a private-use
        # code point in the subset; ReportLab keeps that mapping per font. The letters the
        # glyph stands for are kept too, for the PDF's ToUnicode map (copying, searching).
        if owners:
            code = owners[0]
        else:
            code = ttf.hbAddPrivate(font.glyph_to_string(gid), gid, pos.x_advance)
            PRIVATE_LETTERS.setdefault((_postscript_name(ttf), code), text[info.cluster:ends[info.cluster]])
        chars.append(chr(code))
        data.append(ShapeData(info.cluster, scale(pos.x_advance), scale(pos.y_advance), scale(pos.x_offset),
                              scale(pos.y_offset), widths[code]))
    return ShapedStr("".join(chars), shapeData=data)


@cache
def _extents(family: str, weight: str, code: str) -> tuple[float, float, float, float] | None:
    """A glyph's ink box in 1/1000 em (x bearing, width, y bearing, height); None if it has none.
    Glyph extents are in font units whatever the size, so one lookup serves every size."""
    ttf = face(weight, family).font
    extents = _hb_font(family, weight).get_glyph_extents(ttf.face.charToGlyph[ord(code)])
    if extents is None or not extents.width:
        return None
    return (ttf.pdfScale(extents.x_bearing), ttf.pdfScale(extents.width), ttf.pdfScale(extents.y_bearing),
            ttf.pdfScale(extents.height))


@cache
def _hb_font(family: str, weight: str) -> hb.Font:
    return face(weight, family).font.hbFont()


@lru_cache(maxsize=8192)
def ink(text: str, family: str, weight: str, size: float, rtl: bool) -> tuple[float, float, float, float]:
    """Where the drawn glyphs reach, in mm from the run's origin on its baseline:
    (left, right, up, down), up and down both >= 0.

    Nastaliq declares room for its tallest stacks (2.5 times the type size) and its strokes
    may reach past a glyph's advance; lines are placed by what they really draw, so Urdu is
    neither set with half a page of air nor allowed past a margin.
    """
    glyphs = shaped(text, family, weight, size, rtl)
    left, right, top, bottom, pen = 0.0, 0.0, 0.0, 0.0, 0.0
    for code, data in zip(glyphs, glyphs.__shapeData__, strict=True):
        extents = _extents(family, weight, code)
        if extents is not None:
            x_bearing, width, y_bearing, height = extents
            x = pen + data.x_offset + x_bearing
            left, right = min(left, x), max(right, x + width)
            rise = data.y_offset + y_bearing
            top, bottom = max(top, rise), min(bottom, rise + height)
        pen += data.x_advance
    scale = size / 1000
    return (pt_to_mm(left * scale), pt_to_mm(right * scale), pt_to_mm(top * scale), pt_to_mm(-bottom * scale))


def line_reach(text: str, weight: str, size: float, language: str) -> tuple[float, float]:
    """How far a line reaches above and below its baseline, in mm: Atkinson Hyperlegible's
    ascent and descent (every language's line metrics, so Latin lines keep their boxes), or
    further where the glyphs drawn go further (see :func:`ink`)."""
    latin = face(weight, "latin")
    up, down = latin.ascent * size * MM_PER_PT, latin.descent * size * MM_PER_PT
    for run in line_runs(text, weight, size, language):
        _, _, ink_up, ink_down = ink(run.text, run.family, weight, size, run.rtl)
        up, down = max(up, ink_up), max(down, ink_down)
    return up, down


def shaped_width(text: str, family: str, weight: str, size: float, rtl: bool) -> float:
    """Width in mm of ``text`` as HarfBuzz sets it."""
    return pt_to_mm(sum(d.x_advance for d in shaped(text, family, weight, size, rtl).__shapeData__) * size / 1000)


def line_runs(text: str, weight: str, size: float, language: str, where: str = "") -> tuple[Run, ...]:
    """``text`` as one line: runs of one font and one direction, left to right as printed.

    Widths and ink scale with the size (see :func:`shaped`), so the runs are worked out once
    at 1 pt and scaled: a layout that tries five sizes does the work once."""
    return tuple(Run(r.dx * size, r.text, r.family, r.rtl, r.width * size)
                 for r in _runs_at_1pt(text, weight, language, where))


@lru_cache(maxsize=16384)
def _runs_at_1pt(text: str, weight: str, language: str, where: str) -> tuple[Run, ...]:
    key = (text, weight, language)
    kept = measures.get(key)
    if kept is not None:
        return tuple(Run(*run) for run in kept)
    runs = _measured(text, weight, language, where)
    measures.put(key, tuple((r.dx, r.text, r.family, r.rtl, r.width) for r in runs))
    return runs


def _measured(text: str, weight: str, language: str, where: str) -> tuple[Run, ...]:
    size = 1.0
    if not text:
        return ()
    simple = _simple_family(text, weight, language)
    if simple is not None:
        # All left-to-right Latin in the language's own font: what the full path below
        # gives for it, without the per-character font and UAX #9 work.
        fams, levels = [simple] * len(text), [0] * len(text)
    else:
        fams = _families(text, weight, language, where)
        levels = _levels(text, direction(language) == "rtl" and any(_is_rtl(ch) for ch in text))
    for match in (*_NUMBER.finditer(text), *_LATIN_PLUS.finditer(text)):
        # UAX #9 would set "0808 2000 247" in right-to-left text as "247 2000 0808" (the
        # spaces between the groups take the paragraph's direction): a number is one
        # left-to-right unit here, whatever surrounds it.
        level = levels[match.start()]
        levels[match.start():match.end()] = [level] * (match.end() - match.start())
    logical: list[tuple[int, int, str, int]] = []   # (start, end, family, level)
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or fams[i] != fams[start] or levels[i] != levels[start]:
            logical.append((start, i, fams[start], levels[start]))
            start = i
    runs, x, left, right = [], 0.0, 0.0, 0.0
    for index in _visual_order([level for *_, level in logical]):
        first, end, family, level = logical[index]
        piece, rtl = text[first:end], level % 2 == 1
        width = shaped_width(piece, family, weight, size, rtl)
        ink_left, ink_right, _, _ = ink(piece, family, weight, size, rtl)
        left, right = min(left, x + ink_left), max(right, x + ink_right)
        runs.append(Run(x, piece, family, rtl, width))
        x += width
    # A stroke that reaches past the first or last glyph's advance (common in Nastaliq) is
    # part of the line's width, so alignment and margins hold the ink, not just the advances.
    lead, tail = -left, max(0.0, right - x)
    return tuple(Run(r.dx + lead, r.text, r.family, r.rtl, r.width + (tail if n == len(runs) - 1 else 0.0))
                 for n, r in enumerate(runs))


def _forget() -> None:
    """Measure every line afresh: what is in memory and what the cache file kept."""
    _runs_at_1pt.cache_clear()
    measures.forget()


line_runs.cache_clear = _forget      # type: ignore[attr-defined]


def line_width(text: str, weight: str, size: float, language: str) -> float:
    runs = line_runs(text, weight, size, language)
    return runs[-1].dx + runs[-1].width if runs else 0.0
