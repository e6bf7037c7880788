"""Fonts: registered once from ``fonts/``, measured here, and checked glyph by glyph.

Only TrueType files the project ships are used, so every PDF embeds its fonts (a subset of
each) and no printer substitutes its own. Font metrics come from ReportLab's TrueType reader;
nothing here draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from . import resources
from .errors import FontError
from .units import pt_to_mm

FACES = {
    "regular": ("HelplineSans", "AtkinsonHyperlegible-Regular.ttf"),
    "bold": ("HelplineSans-Bold", "AtkinsonHyperlegible-Bold.ttf"),
}


@dataclass(frozen=True)
class Face:
    """One registered font face; sizes in pt, lengths returned in mm."""

    key: str
    name: str        # the name registered with ReportLab
    ascent: float    # per 1 pt of size, in pt
    descent: float   # per 1 pt of size, positive, in pt
    font: TTFont

    def width_mm(self, text: str, size_pt: float) -> float:
        return pt_to_mm(self.font.stringWidth(text, size_pt))

    def missing(self, text: str) -> list[str]:
        cmap = self.font.face.charToGlyph
        return sorted({ch for ch in text if ord(ch) not in cmap and not ch.isspace()})


@cache
def face(key: str) -> Face:
    """The face for ``"regular"`` or ``"bold"``, registered with ReportLab on first use."""
    name, filename = FACES[key]
    path = resources.fonts_dir() / filename
    try:
        font = TTFont(name, str(path))
    except (OSError, TTFError) as exc:
        raise FontError(f"cannot load font {filename}: {exc}; reinstall helpline-pack",
                        file=str(path)) from None
    pdfmetrics.registerFont(font)
    return Face(key, name, font.face.ascent / 1000, -font.face.descent / 1000, font)


def check_glyphs(text: str, key: str, where: str) -> None:
    """Refuse text the font cannot draw: a missing glyph would print as an empty box."""
    missing = face(key).missing(text)
    if missing:
        shown = ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in missing)
        raise FontError(f'"{text}" has characters the font {FACES[key][1]} cannot draw: {shown}; '
                        "replace them", field=where)
