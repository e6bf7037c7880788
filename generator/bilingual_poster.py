"""The poster in two languages: every sentence side by side, the first language on the left.

A bilingual pack (``language: [cy, en]``) prints each sentence in two columns on one row, at
one size, weight and colour, the first language on the left (the Welsh Language Standards:
Welsh first, no less prominent). What is the same in both is printed once, across the
columns: helpline names and numbers, a website or hours that need no translation, the QR
code, the practice's contact line. Two languages take twice the words, so the layout is
tighter than the one-language poster's: the featured helpline's name and number share a
line, the 999 box and the routes for deaf callers run across the poster with each
language's sentences as one paragraph (two ragged columns would waste a line per sentence),
the privacy note sits beside the QR code, and sections sit 2 mm apart instead of 3.
"""

from __future__ import annotations

from dataclasses import replace

from .bilingual import said_once
from .drawing import Box, Rect
from .languages import Pair
from .model import Link, Service
from .poster import COLUMN_GUTTER_MM, GAP_MM, PAD_MM, WHITE, Block, PosterLayout
from .text import Style, set_lines, set_stack
from .wording import (
    fill,
    footer,
    hours_text,
    join,
    printed_web,
    route_lines,
    service_for,
)


class BilingualPoster(PosterLayout):
    """:class:`~generator.poster.PosterLayout` for a pack in two languages."""

    def __init__(self, pack, body: float, share: float = 0.5, qr_module_mm: float | None = None) -> None:
        super().__init__(pack, body, share, *([qr_module_mm] if qr_module_mm is not None else []))
        self.gap = GAP_MM - 1.0
        self.columns = COLUMN_GUTTER_MM

    def headline_styles(self) -> list[Style]:
        # The headline in each column on one line; failing that, one above the other.
        across = [self.style("bold", scale, WHITE) for scale in (2.2, 2.0, 1.8, 1.6, 1.5)]
        return across + [style.stacked() for style in super().headline_styles()]

    def band_spacing(self) -> tuple[float, float]:
        return PAD_MM - 1.5, 1.5

    def sentences(self, lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
        # One paragraph per language, keyed by the first sentence's string.
        return [(lines[0][0], join(" ", (text for _, text in lines)))] if lines else []

    def emergency_title_style(self, title: str, width: float) -> Style:
        # On one line in both languages where it can be, never under the listed names' size.
        return super().emergency_title_style(title, width).filling(title, width, self.body * 1.05)

    def caption(self, link: Link) -> str:
        # Whose page it is, once after both labels: "Canllawiau gan / Guidance from Welsh Government".
        return said_once(super().caption(link), link.owner)

    def beside_code(self, top: float, x: float, width: float) -> Block | None:
        # One code leaves room beside it for the privacy note (see first_row).
        return self.safety(top, x, width) if len(self.pack.qr_links) == 1 else None

    def first_row(self, top: float) -> Block:
        """What to do now, each part across the poster: the featured helpline, the 999 box,
        the routes for deaf callers, and the privacy note unless it sits beside the QR code."""
        sections = [self.featured, self.emergency, self.deaf]
        if len(self.pack.qr_links) != 1:
            sections.append(self.safety)
        items: list = []
        y = top
        for index, section in enumerate(sections):
            block = section(y + (self.gap if index else 0.0), self.x, self.width)
            items += block.items
            y += (self.gap if index else 0.0) + block.height
        return Block(items, y - top)

    def featured(self, top: float, x: float, width: float) -> Block:
        """The name and number once, on one line; when it is open and the other ways in
        below, in both languages."""
        service = self.pack.featured
        bar = 2.0
        where = f"services.{service.id}"
        tx, tw = x + bar + 4.0, width - bar - 4.0
        name = self.style("bold", 1.25)
        name_w = name.width(service.name)
        # As large as the line leaves room for, but never smaller than the listed numbers.
        number = self.style("bold", 2.0, self.primary).filling(service.phone.print, tw - name_w - COLUMN_GUTTER_MM,
                                                               self.body * 1.15)
        # Both share the first baseline, placed for the larger type.
        ascent = max(name.ascent_mm, number.ascent_mm)
        names, _ = set_lines(service.name, name, tx, top + ascent - name.ascent_mm, name_w, self.paper,
                             role="service-name", where=where)
        nx = tx + name_w + COLUMN_GUTTER_MM
        digits, _ = set_lines(service.phone.print, number, nx, top + ascent - number.ascent_mm, tx + tw - nx,
                              self.paper, role="phone", where=where)
        hours, routes = hours_text(service, self.pack), route_lines(service, self.pack)
        website = printed_web(service.website)
        website = "" if any(website in t for t in (hours, *routes)) else website
        facts, facts_h = set_lines(join(" · ", (hours, *routes, website)), self.style("regular", 1.0), tx,
                                   top + ascent + number.descent_mm + 1.0, tw, self.paper, role="hours",
                                   where=where)
        height = ascent + number.descent_mm + 1.0 + facts_h
        return Block([Rect(Box(x, top, bar, height), fill=self.primary), *names, *digits, *facts], height)

    def service_row(self, service: Service, top: float, x: float | None = None,
                    width: float | None = None, name: str | None = None) -> Block:
        """The name and number once, across the row, with the hours between them when they
        are the same in both languages; then who it is for (and hours that differ) in both."""
        x = self.x if x is None else x
        width = self.width if width is None else width
        name = name or service.name
        name_style, number_style = self.style("bold", 1.05), self.style("bold", 1.15, self.primary)
        body = self.style("regular", 1.0)
        where = f"services.{service.id}"
        number_w = number_style.width(service.phone.print)
        # Both share the first baseline, placed for the larger type.
        ascent = max(name_style.ascent_mm, number_style.ascent_mm)
        number, _ = set_lines(service.phone.print, number_style, x + width - number_w,
                              top + ascent - number_style.ascent_mm, number_w, self.paper, align="right",
                              role="phone", where=where)
        names, hn = set_lines(name, name_style, x, top + ascent - name_style.ascent_mm,
                              width - number_w - COLUMN_GUTTER_MM, self.paper, role="service-name", where=where)
        hours = hours_text(service, self.pack)
        shared: list = []
        hours_w = body.width(hours)
        if (not isinstance(hours, Pair)
                and name_style.width(name) + hours_w + number_w + 2 * COLUMN_GUTTER_MM <= width):
            # The same in both languages (a website, "24/7"): once, between name and number.
            shared, _ = set_lines(hours, body, x + width - number_w - COLUMN_GUTTER_MM - hours_w,
                                  top + ascent - body.ascent_mm, hours_w, self.paper, role="hours", where=where)
            hours = ""
        second = max(top + ascent - name_style.ascent_mm + hn, top + ascent + number_style.descent_mm) + 0.5
        # A description the pack wrote in one language (a local service's) is printed once,
        # after both labels, rather than as the same words in each column.
        whom = said_once(service_for(service, self.pack.strings), service.for_whom)
        details, hd = set_lines(join(" · ", (whom, hours)), body, x, second, width, self.paper, where=where)
        return Block(number + names + shared + details, second - top + hd)

    def bottom(self, top: float) -> Block:
        """Who put the poster up, then the footer, each across both columns (with a logo, or
        with neither an organisation nor a local service, the one-language arrangement)."""
        branding = self.pack.branding
        if branding.logo is not None or not (branding.organisation or self.pack.local is not None):
            return super().bottom(top)
        org = (fill(self.words["organisation_line"], organisation=branding.organisation) if branding.organisation
               else None)
        items, height = set_stack((
            (org, self.style("bold", 1.0), "organisation", 1.0, "branding.organisation"),
            (branding.contact if org else None, self.style("regular", 1.0), "contact", 1.5, "branding.contact"),
            (footer(self.pack, "poster"), replace(self.style("regular", 1.0), size=self.small), "footer", 0.0,
             "footer"),
        ), self.x, top, self.width, self.paper)
        return Block(items, height, spread=False)
