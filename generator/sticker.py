"""Discreet stickers: one label laid out for its size and shape, then a sheet of them.

A sticker goes where someone can read it unobserved (a toilet cubicle door, a mirror), so
by default it says nothing that would alarm the person next to the reader: a calm line,
the featured helpline's number as large as the label allows, and when it is free and open.
A QR code to the police's advice page is added where the label has room for one with
modules of at least 0.4 mm and its quiet zone; smaller labels get the number and one line.

The design is chosen, not squeezed: variants are tried richest first, each at sizes from
``BODY_SIZES_PT`` down to 7 pt, and the first that passes the page check (everything
``safe_margin`` inside the label's edge, the round edge included) wins.
"""

from __future__ import annotations

import math
from dataclasses import replace

from .bilingual import number_once
from .drawing import Box, Page, first_that_fits, mirrored, transformed
from .errors import LayoutError, TooTall
from .model import Pack, StickerSpec
from .qr import place as place_qr
from .qr import side_modules
from .sheets import LabelSheet
from .text import Style, set_stack
from .wording import first_unsafe, join

BODY_SIZES_PT = (9.0, 8.5, 8.0, 7.5, 7.0)
MIN_PT = 7.0
NUMBER_MAX_SCALE = 2.2
QR_SHARE = 0.55           # at most this share of the label's width goes to the QR code (issue 20: reach)
GAP_MM = 1.5
PAPER = "#FFFFFF"         # label stock is white; nothing is printed up to the edge
VARIANTS = ("qr", "full", "short")
ROUND_COLUMN = 0.86       # share of a round label's safe diameter the text column may use


class StickerLayout:
    """One label at one body size in one variant: "qr", "full" (three lines) or "short"."""

    def __init__(self, pack: Pack, sheet: LabelSheet, body: float, variant: str) -> None:
        self.pack, self.sheet, self.body, self.variant = pack, sheet, body, variant
        self.words = pack.strings["sticker"]
        grid = sheet.grid
        self.width, self.height, self.margin = grid.width, grid.height, sheet.safe_margin
        self.round = sheet.shape == "round"
        if self.round:
            # A column most of the circle wide: the short top and bottom lines fit the
            # narrower chords there, and the page check holds every line to the circle.
            r = self.width / 2 - self.margin
            side = r * 2 * ROUND_COLUMN
            self.inner = Box(self.width / 2 - side / 2, self.height / 2 - side / 2, side, side)
        else:
            self.inner = Box(self.margin, self.margin, self.width - 2 * self.margin, self.height - 2 * self.margin)

    def lines(self) -> tuple[str, str]:
        featured = self.pack.featured
        discreet = self.pack.spec("sticker", StickerSpec).wording == "discreet"
        line = self.words["discreet_line" if discreet else "explicit_line"]
        facts = [self.words["free"]] if featured.free else []
        if self.pack.vouched_hours(featured).always:
            facts.append(self.words["always"])
        return line, join(", ", facts)

    def _stack(self, x: float, width: float, align: str) -> tuple[list, float]:
        featured = self.pack.featured
        line, facts = self.lines()
        ink, primary, language = self.pack.colours.text, self.pack.colours.primary, self.pack.language
        codes = self.pack.codes
        number = Style("bold", self.body * NUMBER_MAX_SCALE, primary, language, languages=codes).filling(
            featured.phone.print, width, self.body)
        where = f"services.{featured.id}"
        entries = [(line, Style("regular", self.body, ink, language, languages=codes), "text", 0.6, "strings.sticker")]
        # "Free, 24/7" sits directly above the number it is about, so that it cannot be read
        # as being about the local number below.
        if self.variant != "short" and facts:
            entries.append((facts, Style("bold", self.body, ink, language, languages=codes), "hours", 0.3, where))
        entries.append((featured.phone.print, number, "phone", 0.6, where))
        local = self.pack.local
        if local is not None and self.pack.spec("sticker", StickerSpec).local:
            # The local number, without the service's name: its name may say what it is for.
            entries.append((number_once(self.words["local"], local.phone.print),
                            Style("bold", self.body, ink, language, languages=codes), "phone", 0.0, "services.local"))
        lines, height = set_stack(entries, x, 0.0, width, PAPER)
        if align == "centre":
            lines = [_centred(text, x, width) for text in lines]
        return lines, height

    def page(self) -> Page:
        page = Page(self.width, self.height, self.margin, round=self.round)
        inner = self.inner
        if self.variant == "qr":
            if self.round:
                raise TooTall("a QR code and text do not fit side by side on a round label")
            if not self.pack.qr_links:
                raise TooTall("the pack has no QR link")
            url = self.pack.qr_links[0].url
            modules = side_modules(url, "sticker")
            side = min(inner.h, inner.w * QR_SHARE)
            module = math.floor(side / modules * 100) / 100
            if module < 0.4:
                raise TooTall(f"a QR code needs {modules * 0.4:.1f} mm; the label has {side:.1f} mm")
            code = place_qr(url, inner.right - modules * module, inner.y + (inner.h - modules * module) / 2,
                            module, "sticker")
            text_w = code.box.x - GAP_MM - inner.x
            lines, height = self._stack(inner.x, text_w, "left")
            page.add(code)
        else:
            lines, height = self._stack(inner.x, inner.w, "centre")
        if height > inner.h + 1e-6:
            raise TooTall(f"the sticker text is {height - inner.h:.1f} mm too tall at {self.body:g} pt")
        dy = inner.y + (inner.h - height) / 2
        page.add(*(transformed(line, dy=dy) for line in lines))
        return page


def _centred(text, x: float, width: float):
    return replace(text, x=x + (width - text.width) / 2)


def layout(pack: Pack, sheet: LabelSheet) -> Page:
    """The richest design that fits the label, checked; raises if not even the number fits."""
    def checked(variant: str, body: float) -> Page:
        page = StickerLayout(pack, sheet, body, variant).page()
        page.check("sticker", min_pt=MIN_PT)
        return page

    for variant in VARIANTS:
        page, last = first_that_fits(BODY_SIZES_PT, lambda body, variant=variant: checked(variant, body))
        if page is None:
            continue
        found = first_unsafe(page, pack.strings) if pack.spec("sticker", StickerSpec).wording == "discreet" else None
        if found:
            raise LayoutError(f'a discreet sticker would print "{found[0]}" in "{found[1]}"; '
                              "change the wording or set products.sticker.wording: explicit",
                              file=pack.file, field="products.sticker.wording")
        return mirrored(page) if pack.rtl else page
    said = last.message if last else "the sticker does not fit"
    if pack.local is not None and pack.spec("sticker", StickerSpec).local:
        raise LayoutError(f"{said}; {sheet.name} labels are too small for the helpline and the local "
                          f"number at {MIN_PT:g} pt; choose a larger label sheet or set "
                          "products.sticker.local: false", file=pack.file, field="products.sticker.sheet")
    raise LayoutError(f"{said}; {sheet.name} labels are too small for the helpline number at "
                      f"{MIN_PT:g} pt; choose a larger label sheet", file=pack.file, field="products.sticker.sheet")
