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
from .fonts import face, families
from .shaping import line_runs, line_width
from .units import MM_PER_PT

# Line pitch as a multiple of type size: 1.25, or the fonts' own ascent + descent where that
# is more (Nastaliq stacks letters diagonally and needs about twice the room of Latin).
LEADING = 1.25
_BREAKS = re.compile(r"(?<=[/\-])")


@dataclass(frozen=True)
class Style:
    font: str      # "regular" or "bold"
    size: float    # pt
    colour: str
    language: str = "en"   # picks the fonts (by script) and the paragraph direction

    @property
    def line_mm(self) -> float:
        return self.size * max(LEADING, self._ascent + self._descent) * MM_PER_PT

    @property
    def _ascent(self) -> float:
        return max(face(self.font, f).ascent for f in families(self.language))

    @property
    def _descent(self) -> float:
        return max(face(self.font, f).descent for f in families(self.language))

    @property
    def ascent_mm(self) -> float:
        return self._ascent * self.size * MM_PER_PT

    @property
    def descent_mm(self) -> float:
        return self._descent * self.size * MM_PER_PT

    def width(self, text: str) -> float:
        """Width in mm of ``text`` set on one line: shaped, in its fonts."""
        return line_width(text, self.font, self.size, self.language)

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
    """Break ``text`` into lines no wider than ``width`` mm."""
    lines: list[str] = []
    current = ""
    for word in text.split():
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
    lines = [line for paragraph in text.split("\n") for line in wrap(paragraph, style, width)]
    if role == "phone":
        # A number broken over two lines is misdialled: it stays whole or the build stops.
        max_lines = 1
    if max_lines is not None and len(lines) > max_lines:
        raise TooTall(f'"{text}" needs {len(lines)} lines at {style.size:g} pt where {max_lines} '
                          "fit; shorten it", field=where or None)
    out = []
    baseline = top + style.ascent_mm
    for line in lines:
        line_width = style.width(line)
        left = {"left": x, "right": x + width - line_width, "centre": x + (width - line_width) / 2}[align]
        out.append(Text(left, baseline, line, style.font, style.size, style.colour, background, role,
                        language=style.language))
        baseline += style.line_mm
    height = style.ascent_mm + (len(lines) - 1) * style.line_mm + style.descent_mm if lines else 0.0
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
