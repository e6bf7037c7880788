"""The large-print information sheet: every service the pack names, at 18 pt or more.

GP practices must meet patients' communication needs (NHS Accessible Information
Standard), and large print is what is most often asked for. UKAAF large print: 16 pt at
least, 18 pt ideal, sans serif, left aligned, no italics or capitals for emphasis. So this
is not the poster enlarged: it is one column of plain text on as many A4 pages as it takes,
every line at the body size or larger, each helpline kept whole on one page.
"""

from __future__ import annotations

from dataclasses import dataclass

from .drawing import Box, Page, Rect, fitted_image, mirrored, transformed
from .errors import LayoutError
from .model import LargePrintSpec, Pack, Service
from .qr import place as place_qr
from .text import Style, set_lines, set_stack
from .wording import (
    deaf_lines,
    emergency_facts,
    emergency_lines,
    fill,
    footer,
    hours_text,
    link_caption,
    printed_web,
    route_lines,
    service_for,
)

A4 = (210.0, 297.0)
MARGIN_MM = 18.0
GAP_MM = 6.0
QR_MODULE_MM = 1.0        # read from 30 cm, in unsteady hands (issue 20)
LOGO_MAX_MM = (50.0, 20.0)


@dataclass
class Block:
    items: list
    height: float
    keep_with_next: bool = False    # a title never ends a page


class LargePrintLayout:
    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.body = pack.spec("large-print", LargePrintSpec).body_pt
        self.words = pack.strings["large_print"]
        self.poster_words = pack.strings["poster"]
        c = pack.colours
        self.paper, self.ink = c.background, c.text
        self.x, self.width = MARGIN_MM, A4[0] - 2 * MARGIN_MM

    def style(self, font: str, scale: float = 1.0, colour: str | None = None) -> Style:
        return Style(font, self.body * scale, colour or self.ink, self.pack.language, languages=self.pack.codes)

    def _stack(self, entries, x: float | None = None, width: float | None = None) -> Block:
        items, height = set_stack(entries, self.x if x is None else x, 0.0,
                                  self.width if width is None else width, self.paper)
        return Block(items, height)

    # -- blocks, in reading order --------------------------------------------------------------
    def heading(self) -> Block:
        pack = self.pack
        return self._stack((
            (pack.wording.headline or self.poster_words["headline"], self.style("bold", 1.6, pack.colours.primary),
             "headline", 2.0, "wording.headline"),
            (pack.wording.strapline or self.poster_words["reassurance"], self.style("regular"), "text", 0.0,
             "wording.strapline"),
        ))

    def emergency(self, part: str = "both") -> Block:
        """999 from a mobile and a landline, then emergencySMS and text relay, in full (``part``:
        "999" or "deaf" alone, for a bilingual sheet, where the two together outgrow the room
        the heading leaves on the first page)."""
        bar = 2.5
        entries = []
        if part != "deaf":
            entries += [(fill(self.poster_words["emergency_title"], **emergency_facts(self.pack)),
                         self.style("bold", 1.2, self.pack.colours.emergency), "emergency", 2.0,
                         "strings.poster.emergency_title")]
            entries += [(text, self.style("regular"), "text", 2.0, f"strings.poster.{key}")
                        for key, text in emergency_lines(self.pack)]
        if part != "999":
            entries += [(self.poster_words["deaf_title"], self.style("bold"), "title", 1.0,
                         "strings.poster.deaf_title")]
            entries += [(text, self.style("regular"), "text", 2.0, f"strings.poster.{key}")
                        for key, text in deaf_lines(self.pack)]
        block = self._stack(tuple(entries), self.x + bar + 5.0, self.width - bar - 5.0)
        return Block([Rect(Box(self.x, 0.0, bar, block.height), fill=self.pack.colours.emergency), *block.items],
                     block.height)

    def title(self, key: str) -> Block:
        block = self._stack(((self.words[key], self.style("bold", 1.25, self.pack.colours.primary), "title", 0.0,
                              f"strings.large_print.{key}"),))
        block.keep_with_next = True
        return block

    def service(self, service: Service, local: bool = False) -> Block:
        """One helpline: name, number, who it is for, when it is open, website; each on its own line."""
        where = "services.local" if local else f"services.{service.id}"
        hours = hours_text(service, self.pack)
        routes = route_lines(service, self.pack)
        entries = [
            (self.words["local_kicker"] if local else "", self.style("bold", 1.0, self.pack.colours.accent),
             "title", 1.0, "strings.large_print.local_kicker"),
            (service.name, self.style("bold"), "service-name", 1.0, where),
            (service.phone.print, self.style("bold", 1.3, self.pack.colours.primary), "phone", 1.0, where),
            (service_for(service, self.pack.strings), self.style("regular"), "text", 1.0, where),
            (hours, self.style("regular"), "hours", 1.0, where),
            *((line, self.style("regular"), "route", 1.0, where) for line in routes),
        ]
        # The website, unless the hours (unconfirmed) or a route (web chat) already point there.
        if service.website and not any(printed_web(service.website) in t for t in (hours, *routes)):
            entries.append((printed_web(service.website), self.style("regular"), "website", 0.0, where))
        return self._stack(entries)

    def anonymous(self) -> Block:
        service = self.pack.anonymous
        if service is None:
            return Block([], 0.0)
        return self._stack(((fill(self.poster_words["anonymous"], name=service.name, number=service.phone.print),
                             self.style("regular"), "anonymous", 0.0, f"services.{service.id}"),))

    def link(self, link) -> Block:
        code = place_qr(link.url, self.x, 0.0, QR_MODULE_MM, "large-print")
        tx = code.box.right + 2.0
        text = self._stack(((link_caption(link, self.pack.strings), self.style("bold"), "title", 1.0,
                             f"qr_links.{link.id}"),
                            (link.printed, self.style("regular"), "address", 0.0, f"qr_links.{link.id}")),
                           tx, self.x + self.width - tx)
        return Block([code, *(transformed(t, dy=1.5) for t in text.items)], max(code.box.h, text.height + 1.5))

    def safety(self) -> Block:
        return self._stack(((self.poster_words["safety"], self.style("regular"), "text", 0.0,
                             "strings.poster.safety"),))

    def branding(self) -> Block:
        branding = self.pack.branding
        items: list = []
        y = 0.0
        if branding.logo is not None:
            logo = fitted_image(branding.logo, self.x, 0.0, *LOGO_MAX_MM)
            items.append(logo)
            y = logo.box.h + 3.0
        if branding.organisation:
            text = self._stack((
                (fill(self.poster_words["organisation_line"], organisation=branding.organisation), self.style("bold"),
                 "organisation", 1.0, "branding.organisation"),
                (branding.contact, self.style("regular"), "contact", 0.0, "branding.contact"),
            ))
            items += [transformed(t, dy=y) for t in text.items]
            y += text.height
        return Block(items, y if items else 0.0)

    def checked(self) -> Block:
        return self._stack(((footer(self.pack, "large_print"), self.style("regular"), "footer", 0.0, "footer"),))

    def blocks(self) -> list[Block]:
        pack = self.pack
        urgent = [self.emergency("999"), self.emergency("deaf")] if len(pack.languages) > 1 else [self.emergency()]
        blocks = [self.heading(), *urgent, self.title("helplines_title")]
        blocks += [self.service(s) for s in (pack.featured, *pack.listed)]
        if pack.local is not None:
            blocks.append(self.service(pack.local, local=True))
        blocks.append(self.anonymous())
        if pack.qr_links:
            blocks.append(self.title("links_title"))
            blocks += [self.link(link) for link in pack.qr_links]
        blocks += [self.safety(), self.branding(), self.checked()]
        return [b for b in blocks if b.height > 0]

    # -- pages -----------------------------------------------------------------------------
    def pages(self) -> list[Page]:
        """Blocks down the page, a new page where the next block would not fit whole."""
        number_style = self.style("regular")
        # Room for "Page 1 of 2" (a line per language of a bilingual pack).
        number_h = number_style.line_mm * (self.words["page"].count("\n") + 1)
        bottom = A4[1] - MARGIN_MM - number_h - 3.0
        blocks = self.blocks()
        for block in blocks:
            if block.height > bottom - MARGIN_MM:
                raise LayoutError(f"one part of the large-print sheet is {block.height:.0f} mm tall, more than a "
                                  "page holds; shorten the wording", file=self.pack.file, field="products.large_print")
        pages = [[transformed(item, dy=y) for index, y in placed for item in blocks[index].items]
                 for placed in flow(blocks, MARGIN_MM, bottom)]
        out = []
        for index, items in enumerate(pages, start=1):
            page = Page(A4[0], A4[1], MARGIN_MM, items)
            label = fill(self.words["page"], page=str(index), pages=str(len(pages)))
            lines, _ = set_lines(label, number_style, self.x, A4[1] - MARGIN_MM - number_h, self.width,
                                 self.paper, role="page-number", where="strings.large_print.page")
            page.add(*lines)
            out.append(page)
        return out


def flow(blocks: list[Block], top: float, bottom: float, gap: float = GAP_MM) -> list[list[tuple[int, float]]]:
    """Blocks down the page from ``top``, ``gap`` apart, a new page where the next block (with
    the one it keeps with) would not fit whole above ``bottom``: each page's blocks as (index,
    top)."""
    pages: list[list[tuple[int, float]]] = [[]]
    y = top
    for index, block in enumerate(blocks):
        needed = block.height
        if block.keep_with_next and index + 1 < len(blocks):
            needed += gap + blocks[index + 1].height
        if y + needed > bottom and pages[-1]:
            pages.append([])
            y = top
        pages[-1].append((index, y))
        y += block.height + gap
    return pages


def layout(pack: Pack) -> list[Page]:
    """Every page, checked: nothing under the body size, nothing outside the margins."""
    pages = LargePrintLayout(pack).pages()
    for page in pages:
        page.check("large-print", min_pt=pack.spec("large-print", LargePrintSpec).body_pt)
    return [mirrored(page) for page in pages] if pack.rtl else pages
