"""The A4 poster (and A3, the same layout scaled by sqrt 2): compose and lay out.

Reading order, top to bottom: who this is for (headline band), what to do now (the
featured helpline beside the emergency box), the other helplines as a table, anonymous
reporting, two QR codes with their addresses, how to stay safe while asking for help, and
who put the poster up. Sizes are set from one body size; the largest body size from
``BODY_SIZES_PT`` that fits wins, and if even the smallest does not fit the build stops and
says how much is over.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .bilingual import FIRST_SHARES, one_line
from .drawing import (
    Box,
    Page,
    Rect,
    fitted_image,
    mirrored,
    transformed,
)
from .errors import LayoutError, TooTall
from .model import Link, Pack, Paper, Service
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
    series,
    service_for,
    what_to_shorten,
)

A4 = (210.0, 297.0)
# 11 mm keeps every mark clear of the 10 mm edge band that office printers may not reach.
MARGIN_MM = 11.0
BODY_SIZES_PT = (16.0, 15.5, 15.0, 14.5, 14.0, 13.5, 13.0, 12.5, 12.0)
MIN_BODY_PT = 12.0          # UKAAF clear print: 12 pt at least, 14 pt ideal (tried first)
MIN_SMALL_PT = 12.0         # footer and printed addresses
# Largest first: 1.2 mm (54 mm codes) scans from further away (issue 20). Codes keep 1.2 mm while
# the body is 14 pt (UKAAF's ideal) or more; under 14 pt they step down to 1 mm before the text does.
QR_MODULE_MM = (1.2, 1.0)
IDEAL_BODY_PT = 14.0
GAP_MM = 3.0                # between sections, before spare space is shared out
MAX_EXTRA_GAP_MM = 9.0
PAD_MM = 5.0
COLUMN_GUTTER_MM = 6.0
# Where the deaf routes and the privacy note may go in the first row: under the left column
# (the featured helpline), the right (the emergency box), or across both; first is preferred.
ARRANGEMENTS = (("left", "right"), ("right", "left"), ("left", "across"), ("right", "across"),
                ("across", "right"), ("across", "left"), ("across", "across"))
LOGO_MAX_MM = (36.0, 15.0)
SHARE_GAIN_MM = 30.0   # about the most a wider first column has saved (Polish, A4): past it, skip
WHITE = "#FFFFFF"
RULE = "#B8B8C0"


@dataclass
class Block:
    items: list
    height: float
    spread: bool = True   # whether spare space may be added above it


class PosterLayout:
    """Lays the poster out on A4 at one body size; call :meth:`page`."""

    def __init__(self, pack: Pack, body: float, share: float = 0.5,
                 qr_module_mm: float = QR_MODULE_MM[-1]) -> None:
        self.pack = pack
        self.body = body
        self.qr_module_mm = qr_module_mm
        self.share = share      # the first language's share of two columns (see text.Style)
        self.over_mm = 0.0      # how far the content overran A4, once page() has found it too tall
        self.words = pack.strings["poster"]
        c = pack.colours
        self.paper, self.ink, self.primary, self.alert = c.background, c.text, c.primary, c.emergency
        self.x = MARGIN_MM
        self.width = A4[0] - 2 * MARGIN_MM
        self.small = max(MIN_SMALL_PT, round(body * 0.86 * 2) / 2)
        self.gap = GAP_MM                # between sections
        self.columns = 0.0               # the gutter between a bilingual pair's columns (none)

    def style(self, font: str, scale: float, colour: str | None = None) -> Style:
        return Style(font, self.body * scale, colour or self.ink, self.pack.language, self.columns, self.share,
                     self.pack.codes)

    def headline_styles(self) -> list[Style]:
        """The headline's styles, largest first; the first that fits on one line wins."""
        return [self.style("bold", scale, WHITE) for scale in (2.8, 2.6, 2.4, 2.2)]

    def band_spacing(self) -> tuple[float, float]:
        """Padding inside the headline band, and the space between headline and strapline (mm)."""
        return PAD_MM, 2.5

    def sentences(self, lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """How a box's sentences are set: one paragraph each."""
        return lines

    def emergency_title_style(self, title: str, width: float) -> Style:
        return self.style("bold", 1.3, self.alert)

    def caption(self, link: Link) -> str:
        """What a QR code opens, beside it."""
        return link_caption(link, self.pack.strings)

    def beside_code(self, top: float, x: float, width: float) -> Block | None:
        """What else goes beside a QR code (nothing on a one-language poster)."""
        return None

    # -- sections ----------------------------------------------------------------------------
    def header(self, top: float) -> Block:
        pack, words = self.pack, self.words
        headline = pack.wording.headline or words["headline"]
        inner_x, inner_w = self.x + PAD_MM, self.width - 2 * PAD_MM
        items: list = []
        for style in self.headline_styles():
            if style.width(headline) <= inner_w:
                break
        else:
            raise LayoutError(f'headline "{headline}" is too long for one line; shorten it',
                              field="wording.headline")
        pad, between = self.band_spacing()
        lines, h1 = set_lines(headline, style, inner_x, top + pad, inner_w, self.primary,
                              role="headline", where="wording.headline")
        items += lines
        strapline = pack.wording.strapline or words["reassurance"]
        lines, h2 = set_lines(strapline, self.style("regular", 1.05, WHITE), inner_x,
                              top + pad + h1 + between, inner_w, self.primary, where="wording.strapline")
        items += lines
        height = pad + h1 + between + h2 + pad
        band = Rect(Box(self.x, top, self.width, height), fill=self.primary, radius_mm=3.0)
        return Block([band, *items], height, spread=False)

    def featured(self, top: float, x: float, width: float) -> Block:
        """The one number to call first, as large as its column allows."""
        service = self.pack.featured
        bar = 2.0
        tx, tw = x + bar + 4.0, width - bar - 4.0
        number = self.style("bold", 2.0, self.primary)
        # As large as the column allows, but never smaller than the listed numbers below it.
        number = number.filling(service.phone.print, tw, self.body * 1.15)
        where = f"services.{service.id}"
        hours = hours_text(service, self.pack)
        # Other ways in (text, chat, interpreters) come straight after the number they are about.
        lines = route_lines(service, self.pack)
        routes = [(line, self.style("regular", 1.0), "route", 0.3, where) for line in lines]
        web = printed_web(service.website)
        items: list = []
        placed, height = set_stack((
            (service.name, self.style("bold", 1.25), "service-name", 1.0, where),
            (service.phone.print, number, "phone", 1.0, where),
            (hours, self.style("regular", 1.0), "hours", 0.3, where),
            *routes,
            (web if not any(web in t for t in (hours, *lines)) else None,
             self.style("regular", 1.0), "website", 0.0, where),
        ), tx, top, tw, self.paper)
        items = [Rect(Box(x, top, bar, height), fill=self.primary), *placed]
        return Block(items, height)

    def emergency(self, top: float, x: float, width: float) -> Block:
        """999 from a mobile and from a landline."""
        inner_x, inner_w = x + PAD_MM, width - 2 * PAD_MM
        inset = PAD_MM - 1.5
        body = self.style("regular", 1.0)
        title = fill(self.words["emergency_title"], **emergency_facts(self.pack))
        entries = [(title, self.emergency_title_style(title, inner_w), "emergency", 2.0, "emergency")]
        entries += [(text, body, "text", 1.5, "emergency") for _, text in self.sentences(emergency_lines(self.pack))]
        items, stacked = set_stack(tuple(entries), inner_x, top + inset, inner_w, self.paper)
        height = stacked + 2 * inset
        frame = Rect(Box(x + 0.5, top + 0.5, width - 1.0, height - 1.0), stroke=self.alert, stroke_mm=1.0,
                     radius_mm=3.0)
        return Block([frame, *items], height)

    def first_row(self, top: float) -> Block:
        """What to do now: the featured helpline beside the emergency box, with the routes for
        deaf callers and how to keep calls private. Those two go under the shorter column, or
        across the poster below both, whichever arrangement takes least height."""
        left_w = (self.width - COLUMN_GUTTER_MM) * 0.44
        right_x, right_w = self.x + left_w + COLUMN_GUTTER_MM, self.width - left_w - COLUMN_GUTTER_MM
        columns = {"left": (self.x, left_w), "right": (right_x, right_w), "across": (self.x, self.width)}
        # Each block is set once per column it may go in, at the top, and moved into place: the
        # arrangements only add up heights.
        featured, emergency = self.featured(top, self.x, left_w), self.emergency(top, right_x, right_w)
        sets = {(name, where): make(0.0, *columns[where])
                for name, make in (("deaf", self.deaf), ("safety", self.safety)) for where in columns}
        best: Block | None = None
        for deaf_at, safety_at in ARRANGEMENTS:
            heights = {"left": featured.height, "right": emergency.height}
            items = featured.items + emergency.items
            below = []
            for name, where in (("deaf", deaf_at), ("safety", safety_at)):
                block = sets[(name, where)]
                if where == "across":
                    below.append(block)
                    continue
                items += [transformed(item, dy=top + heights[where] + GAP_MM) for item in block.items]
                heights[where] += GAP_MM + block.height
            y = top + max(heights.values())
            for block in below:
                items += [transformed(item, dy=y + GAP_MM) for item in block.items]
                y += GAP_MM + block.height
            if best is None or y - top < best.height - 1e-6:
                best = Block(items, y - top)
        assert best is not None   # ARRANGEMENTS is not empty
        return best

    def deaf(self, top: float, x: float, width: float) -> Block:
        """For someone who cannot hear or speak on a call: emergencySMS and text relay, marked
        in the emergency colour."""
        bar = 2.0
        left = x
        x, width = x + bar + 4.0, width - bar - 4.0
        title = self.words["deaf_title"]
        lines = self.sentences(deaf_lines(self.pack))
        items, height = set_stack(((title, self.style("bold", 1.0), "title", 0.5, "strings.poster.deaf_title"),
                                   *((text, self.style("regular", 1.0), "text", 0.5, f"strings.poster.{key}")
                                     for key, text in lines)), x, top, width, self.paper)
        return Block([Rect(Box(left, top, bar, height), fill=self.alert), *items], height)

    def service_row(self, service: Service, top: float, x: float | None = None,
                    width: float | None = None, name: str | None = None) -> Block:
        """Name and number on one line; who it is for and when it is open on the next.

        When it is open is the one fact that tells a reader whether to call now.
        """
        x = self.x if x is None else x
        width = self.width if width is None else width
        name_style, number_style = self.style("bold", 1.05), self.style("bold", 1.15, self.primary)
        body = self.style("regular", 1.0)
        hours = hours_text(service, self.pack)
        right_w = max(number_style.width(service.phone.print), min(body.width(hours), width * 0.4))
        left_w = width - right_w - COLUMN_GUTTER_MM
        right_x = x + left_w + COLUMN_GUTTER_MM
        where = f"services.{service.id}"
        # Both columns share the first baseline, placed for the larger type.
        ascent = max(name_style.ascent_mm, number_style.ascent_mm)
        names, hn = set_lines(name or service.name, name_style, x, top + ascent - name_style.ascent_mm,
                              left_w, self.paper, role="service-name", where=where)
        number, _ = set_lines(service.phone.print, number_style, right_x, top + ascent - number_style.ascent_mm,
                              right_w, self.paper, align="right", role="phone", where=where)
        second = top + max(ascent - name_style.ascent_mm + hn, ascent + number_style.descent_mm) + 0.5
        whom, hw = set_lines(service_for(service, self.pack.strings), body, x, second, left_w,
                             self.paper, where=where)
        when, hh = set_lines(hours, body, right_x, second, right_w, self.paper, align="right",
                             role="hours", where=where)
        return Block(names + number + whom + when, second - top + max(hw, hh))

    def services(self, top: float) -> Block:
        """The other helplines, one row each, with a hairline between rows."""
        items: list = []
        y = top
        for index, service in enumerate(self.pack.listed):
            if index:
                items.append(Rect(Box(self.x, y + 0.95, self.width, 0.25), fill=RULE))
                y += 2.2
            row = self.service_row(service, y)
            items += row.items
            y += row.height
        return Block(items, y - top)

    def local(self, top: float) -> Block:
        """The pack's own local service, in a zone of its own marked with the accent colour."""
        service = self.pack.local
        if service is None:
            return Block([], 0.0)
        bar = 2.0
        x = self.x + bar + 4.0
        width = self.width - bar - 4.0
        # "Local support: <name>" on the row's own first line, beside the accent bar.
        # Two languages: "Cymorth lleol / Local support: <name>", once, beside the number.
        name = f"{one_line(self.words['local_title'])}: {service.name}"
        row = self.service_row(service, top, x, width, name=name)
        return Block([Rect(Box(self.x, top, bar, row.height), fill=self.pack.colours.accent), *row.items],
                     row.height)

    def anonymous(self, top: float) -> Block:
        service = self.pack.anonymous
        if service is None:
            return Block([], 0.0)
        text = fill(self.words["anonymous"], name=service.name, number=service.phone.print)
        lines, h = set_lines(text, self.style("regular", 1.0), self.x, top, self.width, self.paper,
                             role="anonymous", where=f"services.{service.id}")
        return Block(lines, h)

    def qr_codes(self, top: float) -> Block:
        links = self.pack.qr_links
        if not links:
            return Block([], 0.0)
        unit_w = (self.width - COLUMN_GUTTER_MM * (len(links) - 1)) / len(links)
        items: list = []
        height = 0.0
        for index, link in enumerate(links):
            x = self.x + index * (unit_w + COLUMN_GUTTER_MM)
            code = place_qr(link.url, x, top, self.qr_module_mm, "poster")
            # The quiet zone is white paper: the caption starts right after it.
            tx = code.box.right + 1.0
            tw = x + unit_w - tx
            caption_style = self.style("bold", 1.0)
            if tw < 100:
                caption_style = caption_style.stacked()
            caption, hc = set_lines(self.caption(link), caption_style, tx,
                                    top + 3.0, tw, self.paper, where=f"qr_links.{link.id}")
            address, ha = set_lines(link.printed, replace(self.style("regular", 1.0), size=self.small).stacked(), tx,
                                    top + 3.0 + hc + 1.5, tw, self.paper, role="address",
                                    where=f"qr_links.{link.id}")
            items += [code, *caption, *address]
            beside = 3.0 + hc + 1.5 + ha
            more = self.beside_code(top + beside + self.gap, tx, tw)
            if more is not None:
                items += more.items
                beside += self.gap + more.height
            height = max(height, code.box.h, beside)
        return Block(items, height)

    def safety(self, top: float, x: float, width: float) -> Block:
        lines, h = set_lines(self.words["safety"], self.style("regular", 1.0), x, top, width,
                             self.paper, where="strings.poster.safety")
        return Block(lines, h)

    def bottom(self, top: float) -> Block:
        """Who put the poster up (or a line to write a local number on), beside the footer."""
        branding = self.pack.branding
        footer_style = replace(self.style("regular", 1.0), size=self.small).stacked()
        footer_text = footer(self.pack, "poster")
        # Beside a write-on line the footer may take more of the width: the line needs only
        # room for a name and a number written by hand.
        share = 0.45 if branding.organisation or branding.logo is not None else 0.6
        footer_w = min(footer_style.width(footer_text), self.width * share)
        footer_lines, footer_h = set_lines(footer_text, footer_style, self.x + self.width - footer_w,
                                           top, footer_w, self.paper, align="right", role="footer",
                                           where="footer")
        left_w = self.width - footer_w - COLUMN_GUTTER_MM
        items: list = [*footer_lines]
        y = top
        x = self.x
        if branding.logo is not None:
            # The logo beside the organisation's lines, not above them: A4 has no height to spare.
            logo = fitted_image(branding.logo, self.x, top, *LOGO_MAX_MM)
            items.append(logo)
            x = self.x + logo.box.w + 4.0
            y = top + logo.box.h
        if branding.organisation:
            org = fill(self.words["organisation_line"], organisation=branding.organisation)
            lines, h = set_stack((
                (org, self.style("bold", 1.0).stacked(), "organisation", 1.0, "branding.organisation"),
                (branding.contact, self.style("regular", 1.0).stacked(), "contact", 1.0, "branding.contact"),
            ), x, top, self.x + left_w - x, self.paper)
            items += lines
            y = max(y, top + h)
        elif branding.local_blank and self.pack.local is None:
            label_style = self.style("bold", 1.0)
            lines, h = set_lines(one_line(self.words["local_blank"]), label_style, self.x, y, left_w, self.paper,
                                 max_lines=1, where="strings.poster.local_blank")
            start = self.x + label_style.width(lines[0].text) + 3.0
            # A line to write on, long enough for a name and an 11-digit number by hand.
            items += [*lines, Rect(Box(start, y + label_style.ascent_mm + 0.6, self.x + left_w - start, 0.35),
                                   fill=self.ink)]
            y += h
        return Block(items, max(y, top + footer_h) - top, spread=False)

    # -- assembly ----------------------------------------------------------------------------
    def page(self) -> Page:
        """The whole poster on A4; raises LayoutError with the overrun if it does not fit."""
        sections = (self.header, self.first_row, self.services, self.local, self.anonymous, self.qr_codes)
        blocks = [b for b in (section(0.0) for section in sections) if b.height > 0]
        bottom = self.bottom(0.0)
        available = A4[1] - 2 * MARGIN_MM
        gap = self.gap
        needed = sum(b.height for b in blocks) + bottom.height + gap * len(blocks)
        if needed > available + 1e-6:
            self.over_mm = needed - available
            raise TooTall(f"the poster content is {needed - available:.1f} mm too tall at "
                              f"{self.body:g} pt")
        # Spare height is shared between the gaps (up to a limit, so sections stay together).
        spreads = sum(1 for b in blocks[1:] if b.spread) + 1
        extra = min(MAX_EXTRA_GAP_MM, (available - needed) / spreads)
        page = Page(A4[0], A4[1], MARGIN_MM)
        y = MARGIN_MM
        for index, block in enumerate(blocks):
            if index and block.spread:
                y += extra
            page.add(*(transformed(item, dy=y) for item in block.items))
            y += block.height + gap
        # The footer sits on the bottom margin, whatever space is left above it.
        page.add(*(transformed(item, dy=A4[1] - MARGIN_MM - bottom.height) for item in bottom.items))
        return page


def _fit(pack: Pack, sizes) -> tuple[Page | None, TooTall | None]:
    """The page at the largest body size in ``sizes`` that fits, with the last overrun if none
    does. In two languages each size is tried with the first language's column at half the
    width, then wider (it runs longer: Welsh and Polish take more words than English), unless
    the poster is more over than a wider column can win back."""
    from .bilingual_poster import BilingualPoster

    two = len(pack.languages) > 1
    kind, shares = (BilingualPoster, FIRST_SHARES) if two else (PosterLayout, FIRST_SHARES[:1])
    # The larger QR modules (issue 20) while the body is at its ideal size or larger; below
    # that, type comes first and the code steps down before the body does.
    roomy = [body for body in sizes if body >= IDEAL_BODY_PT]
    tight = [body for body in sizes if body < IDEAL_BODY_PT]
    tries = ([(body, module) for module in QR_MODULE_MM for body in roomy]
             + [(body, module) for body in tight for module in QR_MODULE_MM])
    overrun = None
    for body, module in tries:
        closest = None     # the overrun to report: the least at this size, whichever column won
        for share in shares:
            attempt = kind(pack, body, share, module)
            try:
                return attempt.page(), None
            except TooTall as exc:
                if closest is None or attempt.over_mm < closest[0]:
                    closest = (attempt.over_mm, exc)
                # The smallest size tries every column, so the overrun reported is the least.
                if attempt.over_mm > SHARE_GAIN_MM and body > min(sizes):
                    break
        overrun = closest[1] if closest else overrun
    return None, overrun


def layout(pack: Pack) -> Page:
    """The A4 poster at the largest body size that fits."""
    page, overrun = _fit(pack, BODY_SIZES_PT)
    if page is not None:
        page.check("poster", min_pt=MIN_SMALL_PT)
        return mirrored(page) if pack.rtl else page
    said = overrun.message if overrun else "the poster content does not fit"
    raise LayoutError(f"{said}, the smallest body size allowed; {_what_to_drop(pack)}",
                      file=pack.file, field="services.listed")


def _what_to_drop(pack: Pack) -> str:
    """The fewest services, from the end of the list, whose removal lets the poster fit."""
    listed = pack.listed
    for count in range(1, len(listed) + 1):
        fewer = replace(pack, listed=listed[:-count])
        page, _ = _fit(fewer, BODY_SIZES_PT[-1:])
        if page is not None:
            names = series([f"`{s.id}`" for s in listed[-count:]])
            hint = what_to_shorten(pack)
            return (f"drop {names} from services.listed (A4 holds this much at "
                    f"{BODY_SIZES_PT[-1]:g} pt){', or ' + hint if hint else ''}")
    return what_to_shorten(pack) or "set a shorter wording.headline and wording.strapline"


def for_paper(a4_page: Page, paper: Paper) -> Page:
    """The A4 layout at another A-series size: every length scales by the same factor.

    A-series sides are rounded to whole mm (A3 is 297 x 420, not 297 x 420.04), so the
    factor is the smaller of the two ratios and the layout is centred on the exact sheet.
    """
    factor = min(paper.width_mm / A4[0], paper.height_mm / A4[1])
    if abs(paper.width_mm / A4[0] - paper.height_mm / A4[1]) > 0.002 * factor:
        raise LayoutError(f"{paper.name} ({paper.width_mm:g} x {paper.height_mm:g} mm) is not in "
                          "A-series proportions; the poster scales only within the A series",
                          field="products.poster.sizes")
    if factor == 1:
        return a4_page
    dx, dy = (paper.width_mm - A4[0] * factor) / 2, (paper.height_mm - A4[1] * factor) / 2
    return Page(paper.width_mm, paper.height_mm, a4_page.margin * factor,
                [transformed(item, factor, dy, dx) for item in a4_page.items])
