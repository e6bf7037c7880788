"""The one place text is set: glyph checks, line breaking and placing lines in mm.

Lines break at spaces; web addresses may also break after ``/`` or ``-`` so that a long
address wraps instead of running off the page. Nothing is ever clipped: text that cannot
be set in its width raises :class:`~generator.errors.TooTall`, and callers try a smaller
size or give up.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from .drawing import Text
from .errors import TooTall
from .fonts import face
from .languages import Pair
from .shaping import direction, line_reach, line_runs, line_width
from .units import MM_PER_PT

# Line pitch as a multiple of type size: 1.25, or the fonts' own ascent + descent where that
# is more (Nastaliq stacks letters diagonally and needs about twice the room of Latin).
LEADING = 1.25
_BREAKS = re.compile(r"(?<=[/\-])")
# A number's digit groups ("0800 555 111") stay on one line: split, it is misdialled.
_WORDS = re.compile(r"\d+(?: \d+)+\S*|\S+")


@dataclass(frozen=True)
class Style:
    font: str      # "regular" or "bold"
    size: float    # pt
    colour: str
    language: str = "en"   # picks the fonts (by script) and the paragraph direction
    # The gutter (mm) between the columns of a bilingual text set side by side, first
    # language on the side its reading starts from; 0 sets its languages one under the other.
    columns: float = 0.0
    # The first language's share of the columns' width: at least half (the Welsh Language
    # Standards allow it more room, never less); Welsh and Polish run longer than English.
    share: float = 0.5
    # Each part's language in a bilingual text, first language first (none: every part in
    # ``language``): a part in the other direction is shaped in its own, and aligned from its
    # own side when the page's direction is not its own (see part, page_direction).
    languages: tuple[str, ...] = ()

    @property
    def line_mm(self) -> float:
        """The pitch between baselines of Latin lines; lines in other scripts may need more
        (see :func:`set_lines`)."""
        return self.size * max(LEADING, self._face.ascent + self._face.descent) * MM_PER_PT

    @property
    def _face(self):
        # Atkinson Hyperlegible's line metrics for every language: Next (Welsh) declares
        # extra height for stacked accents, which the ink check adds only where drawn.
        return face(self.font, "latin")

    @property
    def ascent_mm(self) -> float:
        return self._face.ascent * self.size * MM_PER_PT

    @property
    def descent_mm(self) -> float:
        return self._face.descent * self.size * MM_PER_PT

    def width(self, text: str) -> float:
        """Width in mm of ``text`` set on one line (its widest language, for a bilingual pair;
        both columns and the gutter when the pair is set side by side)."""
        if self.columns and isinstance(text, Pair):
            shares = self.shares(len(text.parts))
            return max(line_width(part, self.font, self.size, self.part(index).language) / share
                       for index, (part, share) in enumerate(zip(text.parts, shares, strict=True))
                       ) + (len(shares) - 1) * self.columns
        if isinstance(text, Pair):
            return max(line_width(part, self.font, self.size, self.part(index).language)
                       for index, part in enumerate(text.parts))
        return max(line_width(part, self.font, self.size, self.language) for part in text.split("\n"))

    def part(self, index: int) -> "Style":
        """This style for part ``index`` of a bilingual text: in that part's language where its
        direction is not the first language's (English beside Arabic); otherwise as the first,
        so that both share one typeface (Welsh's draws the English beside it too)."""
        own = self.languages[index] if self.languages else self.language
        return replace(self, language=own) if direction(own) != direction(self.language) else self

    @property
    def page_direction(self) -> str:
        """The direction pages are laid out in: right to left only when every language is
        (the page is then mirrored whole); a right-to-left language beside a left-to-right
        one keeps its own direction in its own column."""
        codes = self.languages or (self.language,)
        return "rtl" if all(direction(code) == "rtl" for code in codes) else "ltr"

    def shares(self, count: int) -> list[float]:
        """Each column's fraction of the width the gutters leave, first language first."""
        rest = (1 - self.share) / (count - 1) if count > 1 else 0.0
        return [self.share, *([rest] * (count - 1))]

    def sized(self, size: float) -> "Style":
        return replace(self, size=size)

    def stacked(self) -> "Style":
        """This style setting a bilingual pair one language under the other."""
        return replace(self, columns=0.0)

    def filling(self, text: str, width: float, smallest: float) -> "Style":
        """This style at the largest half point up to its own size at which ``text`` fits
        ``width`` mm, but never under ``smallest`` pt (set_lines then refuses what is too wide)."""
        fitting = math.floor(self.size * width / self.width(text) * 2) / 2
        return self.sized(max(smallest, min(self.size, fitting)))


def _pieces(word: str, style: Style, width: float) -> list[str]:
    """Split a word too long for a line at ``/`` or ``-`` (addresses), greedily."""
    parts = [p for p in _BREAKS.split(word) if p]
    lines, current = [], ""
    for part in parts:
        if current and style.width(current + part) > width:
            lines.append(current)
            current = part
        else:
            current += part
    lines.append(current)
    for line in lines:
        if style.width(line) > width:
            raise TooTall(f'"{line}" is {style.width(line):.1f} mm wide at {style.size:g} pt '
                              f"but has only {width:.1f} mm; shorten it")
    return lines


def wrap(text: str, style: Style, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` mm; never inside a phone number."""
    lines: list[str] = []
    current = ""
    for word in _WORDS.findall(text):
        trial = f"{current} {word}" if current else word
        if style.width(trial) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        if style.width(word) <= width:
            current = word
        else:
            *full, current = _pieces(word, style, width)
            lines.extend(full)
    if current:
        lines.append(current)
    return lines


def set_lines(text: str, style: Style, x: float, top: float, width: float, background: str, *,
              align: str = "left", role: str = "text", max_lines: int | None = None,
              where: str = "") -> tuple[list[Text], float]:
    """Set a paragraph in a column; returns the lines and the height used (mm).

    The first baseline sits one ascent below ``top``; the height ends one descent below the
    last baseline, so stacked blocks never touch.
    """
    # Every character is checked against its font before anything is measured.
    for index, paragraph in enumerate(text.parts if isinstance(text, Pair) else (text,)):
        line_runs(paragraph, style.font, style.size, style.part(index).language, where)
    if role == "phone":
        # A number broken over two lines is misdialled: it stays whole or the build stops.
        max_lines = 1
    if not isinstance(text, Pair):
        paragraphs = [(paragraph, 0, "", style, align) for paragraph in text.split("\n")]
        return _set_paragraphs(paragraphs, style, x, top, width, background, role, max_lines, where)
    # A bilingual text: each language a paragraph with the lines a single one would get,
    # the first language first, and both marked as twins for the Welsh Language Standards check.
    twin = f"{where}|{role}|{x:.2f}|{top:.2f}"
    parts = [(paragraph, index, twin, style.part(index), _aligned(align, style.part(index), style.page_direction))
             for index, paragraph in enumerate(text.parts)]
    if not style.columns:
        return _set_paragraphs(parts, style, x, top, width, background, role, max_lines, where)
    room = width - style.columns * (len(parts) - 1)
    widths = [room * share for share in style.shares(len(parts))]
    # The first language's column on the side its reading starts from: the left, or the
    # right for a right-to-left language on a left-to-right page (Arabic beside English).
    lefts, left = [], x
    for column_w in widths:
        lefts.append(left)
        left += column_w + style.columns
    if direction(style.part(0).language) != style.page_direction:
        lefts = [x + width - (at - x) - column_w for at, column_w in zip(lefts, widths, strict=True)]
    out: list[Text] = []
    height = 0.0
    for part, left, column_w in zip(parts, lefts, widths, strict=True):
        lines, h = _set_paragraphs([part], style, left, top, column_w, background, role, max_lines, where)
        out += lines
        height = max(height, h)
    return out, height


def _aligned(align: str, style: Style, page: str) -> str:
    """``align`` for a part whose direction is not the page's: from its own side."""
    if direction(style.language) == page:
        return align
    return {"left": "right", "right": "left"}.get(align, align)


def _set_paragraphs(paragraphs, style: Style, x: float, top: float, width: float, background: str,
                    role: str, max_lines: int | None, where: str) -> tuple[list[Text], float]:
    """``paragraphs`` are ``(text, part, twin, style, align)``: each its own language and side."""
    lines = []
    for paragraph, part, twin, own, align in paragraphs:
        wrapped = wrap(paragraph, own, width)
        if max_lines is not None and len(wrapped) > max_lines:
            raise TooTall(f'"{paragraph}" needs {len(wrapped)} lines at {style.size:g} pt where {max_lines} '
                          "fit; shorten it", field=where or None)
        lines += [(line, part, twin, own, align) for line in wrapped]
    out = []
    baseline, below = top, 0.0
    for n, (line, part, twin, own, align) in enumerate(lines):
        up, down = line_reach(line, style.font, style.size, own.language)
        # Latin lines sit one line pitch apart; taller scripts keep a tenth of the type size
        # between one line's lowest ink and the next line's highest.
        taller = up > style.ascent_mm or below > style.descent_mm
        baseline += up if n == 0 else max(style.line_mm, below + up + (style.size * 0.1 * MM_PER_PT if taller else 0.0))
        below = down
        line_w = own.width(line)
        left = {"left": x, "right": x + width - line_w, "centre": x + (width - line_w) / 2}[align]
        words_in = style.languages[part] if style.languages and twin else own.language
        out.append(Text(left, baseline, line, style.font, style.size, style.colour, background, role,
                        language=own.language, about=where, twin=twin, part=part,
                        words_in="" if words_in == own.language else words_in))
    height = baseline + below - top if lines else 0.0
    return out, height


def set_stack(entries, x: float, top: float, width: float, background: str) -> tuple[list[Text], float]:
    """Paragraphs one under another in a column; returns the lines and the height used (mm).

    ``entries`` are ``(text, style, role, gap_after_mm, where)``; an empty text is skipped,
    and no gap follows the last paragraph set.
    """
    lines: list[Text] = []
    y, gap = top, 0.0
    for text, style, role, gap_after, where in entries:
        if not text:
            continue
        y += gap
        set_, height = set_lines(text, style, x, y, width, background, role=role, where=where)
        lines += set_
        y += height
        gap = gap_after
    return lines, y - top
