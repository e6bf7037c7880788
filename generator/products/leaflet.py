"""The A5 leaflet: the pack on both sides of one A5 sheet, to hand over or leave in a rack.

A leaflet is read in the hand, at clear-print size (12 pt at least, UKAAF), so it is the
large-print sheet's content, in its order (what to do now, every helpline with who it is
for and when it is open, the QR code, how to keep calls private, who gave it out), set
smaller on a smaller page: the headline in a band of the primary colour on the front, and
whatever does not fit the front on the back. Two sides at most: if the pack says more than
that at 12 pt, the build names the helplines to drop. Printed two-sided, flip on long edge.
"""

from __future__ import annotations

from ..drawing import Box, Page, Rect, mirrored, transformed
from ..errors import LayoutError, TooTall
from ..large_print import Block, LargePrintLayout, flow
from ..manifest import FileEntry
from ..model import Pack, Service
from ..printer import PrinterProfile
from ..reader import Reader
from ..render import render
from ..text import set_stack
from ..wording import fill, hours_text, join, link_caption, route_lines, service_for
from . import Context, Product, Rendered, document_info, phone_numbers

A5 = (148.0, 210.0)          # ISO 216
MARGIN_MM = 11.0             # clear of the 10 mm edge band an office printer may not reach
BODY_SIZES_PT = (13.0, 12.5, 12.0)
GAP_MM = 4.0
MIN_PT = 12.0                # UKAAF clear print
PAD_MM = 4.0
SIDES = 2
WHITE = "#FFFFFF"


class LeafletLayout(LargePrintLayout):
    """The large-print sheet's blocks at leaflet size, on two A5 sides."""

    def __init__(self, pack: Pack, body: float) -> None:
        super().__init__(pack)
        self.body = body
        self.x, self.width = MARGIN_MM, A5[0] - 2 * MARGIN_MM

    def heading(self) -> Block:
        """The headline and strapline, white in a band of the primary colour."""
        pack, words = self.pack, self.poster_words
        inner_x, inner_w = self.x + PAD_MM, self.width - 2 * PAD_MM
        items, height = set_stack((
            (pack.wording.headline or words["headline"], self.style("bold", 1.7, WHITE), "headline", 2.0,
             "wording.headline"),
            (pack.wording.strapline or words["reassurance"], self.style("regular", 1.0, WHITE), "text", 0.0,
             "wording.strapline"),
        ), inner_x, PAD_MM, inner_w, pack.colours.primary)
        height += 2 * PAD_MM
        band = Rect(Box(self.x, 0.0, self.width, height), fill=pack.colours.primary, radius_mm=2.5)
        return Block([band, *items], height)

    def service(self, service: Service, local: bool = False) -> Block:
        """One helpline in three lines: its name, its number, and who it is for with when it is
        open (or its website); then its other ways in."""
        where = "services.local" if local else f"services.{service.id}"
        return self._stack((
            (self.words["local_kicker"] if local else None, self.style("bold", 1.0, self.pack.colours.accent),
             "title", 0.5, "strings.large_print.local_kicker"),
            (service.name, self.style("bold"), "service-name", 0.5, where),
            (service.phone.print, self.style("bold", 1.25, self.pack.colours.primary), "phone", 0.5, where),
            (join(" · ", (service_for(service, self.pack.strings), hours_text(service, self.pack))),
             self.style("regular"), "hours", 0.5, where),
            *((line, self.style("regular"), "route", 0.5, where) for line in route_lines(service, self.pack)),
        ))

    def link(self, link) -> Block:
        """The first link as a QR code, as the large-print sheet draws it; any other as its
        caption and address only: an A5 side has room for one code at a size that scans."""
        if link == self.pack.qr_links[0]:
            return super().link(link)
        where = f"qr_links.{link.id}"
        return self._stack(((link_caption(link, self.pack.strings), self.style("bold"), "title", 0.5, where),
                            (link.printed, self.style("regular"), "address", 0.0, where)))

    def sides(self) -> list[Page]:
        """The blocks down the front, then the back; TooTall if they need a third side."""
        bottom = A5[1] - MARGIN_MM
        blocks = self.blocks()
        placed = flow(blocks, MARGIN_MM, bottom, GAP_MM)
        tall = next((i for i, block in enumerate(blocks) if block.height > bottom - MARGIN_MM), None)
        first_over = placed[SIDES][0][0] if len(placed) > SIDES else tall
        if first_over is not None:
            over = sum(b.height + GAP_MM for b in blocks[first_over:]) - GAP_MM
            raise TooTall(f"the leaflet needs {over:.1f} mm more than two A5 sides hold at {self.body:g} pt")
        pages = [[transformed(item, dy=y) for index, y in side for item in blocks[index].items] for side in placed]
        return [Page(A5[0], A5[1], MARGIN_MM, items) for items in pages]


def layout(pack: Pack) -> list[Page]:
    """Both sides at the largest body size that fits, checked; the build stops with the
    helplines to drop when even 12 pt needs a third side."""
    overrun = None
    for body in BODY_SIZES_PT:
        try:
            pages = LeafletLayout(pack, body).sides()
        except TooTall as exc:
            overrun = exc
            continue
        for page in pages:
            page.check("leaflet", min_pt=MIN_PT)
        return [mirrored(page) for page in pages] if pack.rtl else pages
    listed = [f"`{service.id}`" for service in pack.listed[-2:]]
    drop = f"drop {' and '.join(listed)} from services.listed, or " if listed else ""
    raise LayoutError(f"{overrun.message if overrun else 'the leaflet is too long'}; {drop}switch the leaflet off "
                      "(products.leaflet: null)", file=pack.file, field="products.leaflet")


def read(section: Reader, context: Context) -> bool:
    section.finish()     # nothing to choose: A5, two-sided, at clear-print size
    return True


def files(pack: Pack, printer: PrinterProfile, shop: bool = False) -> Rendered:
    pages = layout(pack)
    entry = FileEntry("leaflet-A5.pdf", "leaflet", pages, phone_numbers(pack), min_pt=MIN_PT,
                      sides=("front", "back")[:len(pages)], extra={"duplex": "long-edge"})
    info = document_info(pack, "leaflet", "Free, confidential helplines, on an A5 leaflet", shop)
    return [(entry, render(pages, info))]


def guide(entry: dict, words: dict) -> str:
    return fill(words["leaflet"], file=entry["path"], sides=str(entry["pages"]))


PRODUCT = Product(id="leaflet", section="leaflet", order=35, read=read, files=files, guide=guide,
                  where="where_leaflet")
