"""Fonts: registered once from ``fonts/``, chosen by script, measured here.

Only TrueType files the project ships are used, so every PDF embeds its fonts (a subset of
each) and no printer substitutes its own. Latin text (and every digit, so that phone numbers
look the same in every language) is set in Atkinson Hyperlegible; Welsh in its successor,
Atkinson Hyperlegible Next, which has the circumflexed w and y (ŵ, ŷ) the first lacks; other
scripts in the Noto family drawn for them. Urdu and Arabic are both set in Naskh: Nastaliq, the style
Urdu readers know best, needs about twice the line height, and an A4 poster in it cannot
hold the default pack's helplines. The table below lets a language pick its own family for
a script. Nothing here draws.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from . import resources
from .errors import FontError
from .languages import script_facts
from .typefaces import FAMILIES, FAMILY_SCRIPT

# Unicode blocks (The Unicode Standard, Blocks.txt) of the scripts with their own family.
SCRIPT_BLOCKS = (
    (0x0600, 0x06FF, "Arab"), (0x0750, 0x077F, "Arab"), (0x08A0, 0x08FF, "Arab"),
    (0xFB50, 0xFDFF, "Arab"), (0xFE70, 0xFEFF, "Arab"),
    (0x0980, 0x09FF, "Beng"), (0x0A00, 0x0A7F, "Guru"), (0x0A80, 0x0AFF, "Gujr"),
)
SCRIPT_FAMILY = {"Latn": "latin", "Arab": "naskh", "Beng": "bengali", "Guru": "gurmukhi", "Gujr": "gujarati"}
WEIGHTS = ("regular", "bold")


@dataclass(frozen=True)
class Face:
    """One registered font face; sizes in pt, lengths returned in mm."""

    family: str
    weight: str
    name: str        # the name registered with ReportLab
    file: str
    ascent: float    # per 1 pt of size, in pt
    descent: float   # per 1 pt of size, positive, in pt
    font: TTFont

    def has(self, ch: str) -> bool:
        return ord(ch) in self.font.face.charToGlyph

    def missing(self, text: str) -> list[str]:
        return sorted({ch for ch in text if not self.has(ch) and not ignorable(ch)})


def ignorable(ch: str) -> bool:
    """Spaces and format characters (ZWJ, ZWNJ, direction marks): never drawn as glyphs."""
    return ch.isspace() or unicodedata.category(ch) == "Cf"


@cache
def face(weight: str, family: str = "latin") -> Face:
    """The face for ``weight`` ("regular" or "bold") in ``family``, registered on first use."""
    filename = FAMILIES[family][WEIGHTS.index(weight)]
    name = f"Helpline-{family}-{weight}"
    path = resources.fonts_dir() / filename
    try:
        font = TTFont(name, str(path))
    except (OSError, TTFError) as exc:
        raise FontError(f"cannot load font {filename}: {exc}; reinstall helpline-pack",
                        file=str(path)) from None
    pdfmetrics.registerFont(font)
    return Face(family, weight, name, filename, font.face.ascent / 1000, -font.face.descent / 1000, font)


def script(ch: str) -> str | None:
    """"Latn", "Arab", "Beng", "Guru" or "Gujr" for a letter or digit; None for the rest."""
    code = ord(ch)
    for first, last, name in SCRIPT_BLOCKS:
        if first <= code <= last:
            return name
    return "Latn" if ch.isalnum() or unicodedata.category(ch) in ("Mn", "Lm") else None


def family_for(script_name: str, language: str) -> str:
    for family in script_facts(language)[1]:
        if FAMILY_SCRIPT[family] == script_name:
            return family
    return SCRIPT_FAMILY.get(script_name, "latin")


def families(language: str) -> tuple[str, ...]:
    """Every family text in ``language`` may be set in: its own (from its strings file), then Latin."""
    return (*script_facts(language)[1], "latin")
