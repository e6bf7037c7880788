"""The one place text is set: glyph checks, line breaking and placing lines in mm.

Lines break at spaces; web addresses may also break after ``/`` or ``-`` so that a long
address wraps instead of running off the page. Nothing is ever clipped: text that cannot
be set in its width raises :class:`~generator.errors.TooTall`, and callers try a smaller
size or give up.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .drawing import Text
from .errors import TooTall
from .fonts import face
from .shaping import line_reach, line_runs, line_width
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
        """Width in mm of ``text`` set on one line (its widest, for a bilingual pair)."""
        return max(line_width(part, self.font, self.size, self.language) for part in text.split("\n"))

    def sized(self, size: float) -> "Style":
        return Style(self.font, size, self.colour, self.language)

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
    line_runs(text, style.font, style.size, style.language, where)
    if role == "phone":
        # A number broken over two lines is misdialled: it stays whole or the build stops.
        max_lines = 1
    lines = []
    # A bilingual text is one paragraph per language; each gets the lines a single one would.
    for paragraph in text.split("\n"):
        wrapped = wrap(paragraph, style, width)
        if max_lines is not None and len(wrapped) > max_lines:
            raise TooTall(f'"{paragraph}" needs {len(wrapped)} lines at {style.size:g} pt where {max_lines} '
                          "fit; shorten it", field=where or None)
        lines += wrapped
    out = []
    baseline, below = top, 0.0
    for n, line in enumerate(lines):
        up, down = line_reach(line, style.font, style.size, style.language)
        # Latin lines sit one line pitch apart; taller scripts keep a tenth of the type size
        # between one line's lowest ink and the next line's highest.
        taller = up > style.ascent_mm or below > style.descent_mm
        baseline += up if n == 0 else max(style.line_mm, below + up + (style.size * 0.1 * MM_PER_PT if taller else 0.0))
        below = down
        line_width = style.width(line)
        left = {"left": x, "right": x + width - line_width, "centre": x + (width - line_width) / 2}[align]
        out.append(Text(left, baseline, line, style.font, style.size, style.colour, background, role,
                        language=style.language, about=where))
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
