"""Wallet cards (ISO/IEC 7810 ID-1, "CR80"): front and back, each laid out on its own.

Front: who the card is for, the featured helpline as large as the card allows, and 999
with the Silent Solution. Back: the other helplines, each with the one or two facts that
tell a reader which line is theirs (who it is for, and when it is open where not 24/7),
anonymous reporting, and a QR code to the police's advice page.

A discreet card has a neutral front ("Useful numbers") and prints no word about abuse on
either side, so it is safe if someone else finds it: the check is made on every line
before anything is drawn, not left to the wording.

Everything sits at least the stock's safe margin (3 mm) inside the trim, at 7 pt or more.
The largest body size from ``BODY_SIZES_PT`` that fits wins; if even 7 pt does not fit, the
build stops and says which helpline to drop. Nothing is shrunk below 7 pt or clipped.
"""

from __future__ import annotations

import math
from dataclasses import replace

from .bilingual import FIRST_SHARES, one_line
from .drawing import (
    Box,
    Line,
    Page,
    Rect,
    first_that_fits,
    fitted_image,
    mirrored,
    transformed,
)
from .errors import LayoutError, TooTall
from .languages import Pair
from .model import Pack, Service, WalletCardSpec
from .qr import place as place_qr
from .qr import product_symbol
from .sheets import CardStock
from .text import Style, set_lines, set_stack
from .wording import (
    card_hours,
    card_qr_caption,
    emergency_facts,
    fill,
    first_unsafe,
    join,
    route_lines,
    series,
    short_for,
    unsafe_words,
    what_to_shorten,
)

BODY_SIZES_PT = (8.0, 7.5, 7.0)
MIN_PT = 7.0
# The symbol itself, without quiet zone, largest first: the back takes the largest that fits
# beside its type (issue 20: 19 mm scans from about 18 cm, 14 mm from about 13 cm).
QR_SYMBOL_MM = (19.0, 17.0, 15.0, 14.0)
PAD_MM = 1.8             # inside coloured panels and frames
# The headline band reaches 1 mm past the text's safe area (3 mm inside the trim), so its
# text keeps the safe margin from the cut while the band keeps its padding round the text:
# a cut that wanders 1 mm still leaves 2 mm of paper outside the band.
BAND_OUTSET_MM = 1.0
GAP_MM = 1.2             # between blocks
ROW_GAP_MM = 0.9         # between helplines on the back
COLUMN_GAP_MM = 2.0
WRITE_LINE_MM = 5.0      # height of a line someone writes a number on by hand
LOGO_MAX_MM = (16.0, 6.0)
WHITE = "#FFFFFF"


class CardLayout:
    """Both sides of one card at one body size; :meth:`front` and :meth:`back` give Pages."""

    def __init__(self, pack: Pack, card: CardStock, body: float, compact: int = 0,
                 deaf_on_back: bool = False, qr_symbol_mm: float = QR_SYMBOL_MM[-1], share: float = 0.5) -> None:
        self.pack, self.card, self.body = pack, card, body
        self.share = share      # the first language's share of two columns (see text.Style)
        self.qr_symbol_mm = qr_symbol_mm
        # Compact 1: the featured helpline's facts share its name's line and the logo is
        # smaller, for a front that also carries a local service and an organisation.
        # Compact 2: the organisation's contact line is left to the poster and large print.
        self.compact = compact
        # Compact 3 (front): the deaf callers' line moves to the back, which then carries it.
        # Compact 4 (front, two languages): the band keeps only the headline, in both.
        self.deaf_on_back = deaf_on_back
        self.spec = pack.spec("wallet-card", WalletCardSpec)
        self.words = pack.strings["wallet_card"]
        c = pack.colours
        self.paper, self.ink, self.primary, self.alert = c.background, c.text, c.primary, c.emergency
        m = card.safe_margin
        self.inner = Box(m, m, card.width - 2 * m, card.height - 2 * m)
        self.discreet = self.spec.front == "discreet"
        self.bilingual = len(pack.languages) > 1
        # Two languages fill the front: its blocks sit a little closer.
        self.gap = GAP_MM - (0.6 if compact >= 4 else 0.3) if self.bilingual else GAP_MM
        # Inside the 999 frame: tighter on a bilingual front's most compact form.
        self.box_pad = PAD_MM - (0.8 if compact >= 4 else 0.4)

    def style(self, font: str, scale: float = 1.0, colour: str | None = None) -> Style:
        # Two languages: each sentence in two columns, the first language on the left, at one size.
        return Style(font, max(MIN_PT, self.body * scale), colour or self.ink, self.pack.language,
                     COLUMN_GAP_MM if self.bilingual else 0.0, self.share, self.pack.codes)

    def page(self) -> Page:
        return Page(self.card.width, self.card.height, self.card.safe_margin,
                    panel_margin=self.card.safe_margin - BAND_OUTSET_MM)

    def _fits(self, used: float, side: str) -> None:
        if used > self.inner.h + 1e-6:
            raise TooTall(f"the wallet card {side} is {used - self.inner.h:.1f} mm too tall at "
                              f"{self.body:g} pt")

    # -- front -------------------------------------------------------------------------------
    def _number_style(self, service: Service) -> Style:
        """The featured number as large as the card's width allows (up to 2.4 x body; up to
        twice the body on a bilingual front's most compact form, where two languages need the
        height)."""
        scale = 2.0 if self.compact >= 4 else 2.4
        return self.style("bold", scale, self.primary).filling(service.phone.print, self.inner.w, self.body * 1.5)

    def _band(self, top: float) -> tuple[list, float]:
        """Who the card is for, white on the primary colour."""
        out = BAND_OUTSET_MM
        x, w = self.inner.x + PAD_MM - out, self.inner.w - 2 * (PAD_MM - out)
        headline = self.pack.wording.headline or self.words["headline"]
        lines, height = set_stack((
            (headline, self.style("bold", 1.4, WHITE).filling(headline, w, self.body) if self.bilingual
             else self.style("bold", 1.4, WHITE), "headline", 0.6, "wording.headline"),
            (self.words["reassurance"] if self.compact < 4 else None, self.style("regular", 1.0, WHITE), "text",
             0.0, "strings.wallet_card.reassurance"),
        ), x, top, w, self.primary)
        height += PAD_MM
        band = Rect(Box(self.inner.x - out, top - out, self.inner.w + 2 * out, height + out), fill=self.primary,
                    radius_mm=1.5)
        return [band, *lines], height

    def _emergency(self, top: float) -> tuple[list, float]:
        """999, the Silent Solution, and the text routes for someone who cannot hear or speak."""
        facts = emergency_facts(self.pack)
        deaf = (fill(self.words["deaf"], **facts) if self.compact < 3 else None, self.style("regular"), "text", 0.0,
                "strings.wallet_card.deaf")
        x, w = self.inner.x + PAD_MM, self.inner.w - 2 * PAD_MM
        if self.discreet:
            # No red frame: a discreet card should look like any list of numbers.
            lines, height = set_stack((
                (fill(self.words["discreet_emergency"], **facts), self.style("bold"), "emergency", 0.4,
                 "strings.wallet_card.discreet_emergency"),
                (fill(self.words["silent_solution"], **facts), self.style("regular"), "text", 0.2,
                 "strings.wallet_card.silent_solution"),
                deaf,
            ), self.inner.x, top + 1.2, self.inner.w, self.paper)
            rule = Rect(Box(self.inner.x, top, self.inner.w, 0.2), fill=self.ink)
            return [rule, *lines], height + 1.2
        title = fill(self.words["emergency_title"], **facts)
        title_style = self.style("bold", 1.1, self.alert)
        if self.bilingual:
            title_style = title_style.filling(title, w, self.body)
        lines, height = set_stack((
            (title, title_style, "emergency", 0.4, "strings.wallet_card.emergency_title"),
            (fill(self.words["silent_solution"], **facts), self.style("regular"), "text", 0.2,
             "strings.wallet_card.silent_solution"),
            deaf,
        ), x, top + self.box_pad, w, self.paper)
        height += 2 * self.box_pad
        frame = Rect(Box(self.inner.x + 0.25, top + 0.25, self.inner.w - 0.5, height - 0.5), stroke=self.alert,
                     stroke_mm=0.5, radius_mm=1.5)
        return [frame, *lines], height

    def _local(self) -> tuple[list, float]:
        """The pack's local service as one helpline row, marked with the accent colour."""
        service = self.pack.local
        assert service is not None   # called only for a pack with a local service
        bar = 0.8
        x = self.inner.x + bar + 1.2
        row, height = self._row(service, x, 0.0, self.inner.right - x)
        return [Rect(Box(self.inner.x, 0.0, bar, height), fill=self.pack.colours.accent), *row], height

    def _from(self, top: float) -> tuple[list, float]:
        """The local service, and who handed the card out (name and logo); or, with neither,
        a line to write a local number on."""
        branding = self.pack.branding
        local, local_h = self._local() if self.pack.local else ([], 0.0)
        if not branding.organisation and branding.logo is None:
            if local:
                return _moved(local, top), local_h
            return self._write_on(self.inner.x, self.inner.w)
        items: list = _moved(local, top)
        if local:
            top += local_h + GAP_MM
        height = 0.0
        logo_w = 0.0
        if branding.logo is not None:
            logo = fitted_image(branding.logo, 0.0, top, LOGO_MAX_MM[0],
                                LOGO_MAX_MM[1] * (0.75 if self.compact else 1.0))
            logo = transformed(logo, dx=self.inner.right - logo.box.w)
            items.append(logo)
            logo_w, height = logo.box.w + COLUMN_GAP_MM, logo.box.h
        if branding.organisation:
            text = fill(self.words["organisation_line"], organisation=branding.organisation)
            lines, h = set_stack((
                (text, self.style("bold" if branding.contact and self.compact < 2 else "regular"), "organisation", 0.2,
                 "branding.organisation"),
                (branding.contact if self.compact < 2 else None, self.style("regular"), "contact", 0.0,
                 "branding.contact"),
            ), self.inner.x, top, self.inner.w - logo_w, self.paper)
            items += lines
            height = max(height, h)
        return items, height + (local_h + GAP_MM if local else 0.0)

    def front(self) -> Page:
        featured = self.pack.featured
        where = f"services.{featured.id}"
        number = (featured.phone.print, self._number_style(featured), "phone", 0.4, where)
        if self.discreet:
            head, head_h = set_lines(self.words["discreet_title"], self.style("bold", 1.5, self.primary),
                                     self.inner.x, self.inner.y, self.inner.w, self.paper, role="headline",
                                     where="strings.wallet_card.discreet_title")
            # "Someone to talk to", then only what the featured line's record vouches for.
            facts = join(" · ", (self.words["discreet_featured"], self.words["free"] if featured.free else "",
                                 card_hours(featured, self.pack)))
            entries: tuple = (number, (facts, self.style("regular"), "hours", 0.0, where))
        else:
            head, head_h = self._band(self.inner.y)
            fact_list = [self.words["free"]] if featured.free else []
            fact_list += [t for t in (card_hours(featured, self.pack),) if t]
            if self.compact and not self.bilingual:
                entries = ((" · ".join([featured.name, *fact_list]), self.style("bold"), "service-name", 0.3, where),
                           number)
            else:
                # Two languages: the name and number once, the facts in both under them.
                entries = ((featured.name, self.style("bold"), "service-name", 0.3, where), number,
                           (join(" · ", fact_list), self.style("regular"), "hours", 0.0, where))
        middle, middle_h = set_stack(entries, self.inner.x, 0.0, self.inner.w, self.paper)
        emergency, emergency_h = self._emergency(0.0)
        bottom, bottom_h = self._from(0.0)
        below = emergency_h + (bottom_h + self.gap if bottom else 0.0)
        used = head_h + self.gap + middle_h + self.gap + below
        self._fits(used, "front")
        page = self.page()
        page.add(*head)
        # The featured helpline sits in the middle of the space the band and the box leave.
        page.add(*_moved(middle, self.inner.y + head_h + self.gap + (self.inner.h - used) / 2))
        page.add(*_moved(emergency, self.inner.bottom - below))
        page.add(*_moved(bottom, self.inner.bottom - bottom_h))
        return page

    # -- back --------------------------------------------------------------------------------
    def _qr(self) -> tuple[list, float, float]:
        """The QR code in the back's right column, with its caption under it; and its width
        (none, and no room taken, for a pack without QR links)."""
        if not self.pack.qr_links:
            return [], 0.0, -COLUMN_GAP_MM
        link = self.pack.qr_links[0]
        modules = len(product_symbol(link.url, "wallet-card"))
        module_mm = max(0.4, math.ceil(self.qr_symbol_mm / modules * 100) / 100)
        side = (modules + 8) * module_mm
        code = place_qr(link.url, self.inner.right - side, self.inner.y, module_mm, "wallet-card")
        if self.bilingual:
            return [code], code.box.h, side       # the caption goes beside the code (see back)
        caption, h = set_lines(card_qr_caption(link, self.pack.strings), self.style("regular"), code.box.x,
                               code.box.bottom,
                               side, self.paper, align="centre", role="caption",
                               where="strings.wallet_card.qr_caption")
        return [code, *caption], code.box.h + h, side

    def _row(self, service: Service, x: float, top: float, width: float) -> tuple[list, float]:
        """One helpline: name, who it is for and hours (where known), and the number at the right.

        Who it is for follows the name on the same line when the row is wide enough, and
        goes on the line below otherwise; the number is never broken or shrunk.
        """
        where = f"services.{service.id}"
        name_style, body = self.style("bold"), self.style("regular")
        number_style = self.style("bold", 1.0, self.primary)
        number_w = number_style.width(service.phone.print)
        number, _ = set_lines(service.phone.print, number_style, x + width - number_w, top, number_w,
                              self.paper, align="right", role="phone", where=where)
        detail = join(" · ", (short_for(service, self.pack.strings), card_hours(service, self.pack)))
        left_w = width - number_w - 1.5
        name_w = name_style.width(service.card_name)
        # Two languages: the detail in both, in columns under the name, never beside it.
        if name_w + 1.2 + body.width(detail) <= left_w and not isinstance(detail, Pair):
            names, h = set_lines(service.card_name, name_style, x, top, left_w, self.paper,
                                 role="service-name", where=f"{where}.short_name")
            # Same baseline as the name: both styles share a size, so the same top works.
            details, _ = set_lines(detail, body, x + name_w + 1.2, top, left_w - name_w - 1.2, self.paper,
                                   role="detail", where=f"{where}.short_for")
            return number + names + details, h
        names, name_h = set_lines(service.card_name, name_style, x, top, left_w, self.paper,
                                  role="service-name", where=f"{where}.short_name")
        details, detail_h = set_lines(detail, body, x, top + name_h + 0.2, width, self.paper,
                                      role="detail", where=f"{where}.short_for")
        # The number first: read in drawing order (as PDF text is), a number never follows
        # the digits that end the row above ("24/7").
        return number + names + details, name_h + 0.2 + detail_h

    def _write_on(self, x: float, width: float) -> tuple[list, float]:
        """A labelled line to write a local number on by hand, when the pack asks for one."""
        if not self.pack.branding.local_blank:
            return [], 0.0
        style = self.style("bold")
        # Room above the line for handwriting: the label's baseline sits on the line.
        top = WRITE_LINE_MM - style.ascent_mm - style.descent_mm
        label, h = set_lines(one_line(self.words["local_blank"]), style, x, top, width, self.paper, max_lines=1,
                             where="strings.wallet_card.local_blank")
        start = x + style.width(label[0].text) + 1.5
        baseline = label[0].baseline
        return [*label, Line(start, baseline + 0.3, x + width, baseline + 0.3, self.ink, 0.25)], top + h

    def back(self) -> Page:
        qr, qr_h, qr_w = self._qr()
        x, top = self.inner.x, self.inner.y
        beside_qr = self.inner.w - qr_w - COLUMN_GAP_MM
        services = (*self.spec.listed, *((self.pack.anonymous,) if self.pack.anonymous else ()))
        title_key = "others_title_free" if all(s.free for s in services) else "others_title"
        if self.compact < 2:
            items, h = set_lines(self.words[title_key], self.style("bold", 1.0, self.primary), x, top, beside_qr,
                                 self.paper, role="title", where=f"strings.wallet_card.{title_key}")
            y = top + h + ROW_GAP_MM
        else:
            # Compact 2 (back, two languages): the rows without their title.
            items, y = [], top
        for service in services:
            # Rows beside the QR code are narrower; below it they take the card's width.
            width = beside_qr if y < top + qr_h + 0.3 else self.inner.w
            row, h = self._row(service, x, y, width)
            # Two languages: the caption is not under the code, so a row may pass its foot.
            if width == self.inner.w or y + h <= top + qr_h + 0.3 or self.bilingual:
                items += row
            else:
                # A row that would run into the caption starts below the QR column instead.
                y = max(y, top + qr_h + ROW_GAP_MM)
                row, h = self._row(service, x, y, self.inner.w)
                items += row
            y += h + ROW_GAP_MM
        routes = route_lines(self.pack.featured, self.pack) if not self.compact else []
        if self.discreet and unsafe_words(self.pack.featured.card_name, self.pack.strings):
            routes = []      # the routes would need the featured line's name, which says what it is for
        if routes:
            # The featured line's other ways in (text, chat, email, interpreters), where the
            # back has room for them: the front keeps its number large.
            width = beside_qr if y < top + qr_h + 0.3 else self.inner.w
            where = f"services.{self.pack.featured.id}"
            lines, h = set_stack(((self.pack.featured.card_name, self.style("bold"), "service-name", 0.2, where),
                                  (join(" · ", routes), self.style("regular"), "route", 0.0, where)),
                                 x, y + GAP_MM - ROW_GAP_MM, width, self.paper)
            items += lines
            y += GAP_MM - ROW_GAP_MM + h + ROW_GAP_MM
        if self.bilingual and qr:
            # Two languages: the caption in both, beside the code and level with its foot (or
            # under the rows, where they run past the code).
            code = qr[0]
            caption = card_qr_caption(self.pack.qr_links[0], self.pack.strings)
            lines, h = set_lines(caption, self.style("regular"), x, 0.0, beside_qr, self.paper, role="caption",
                                 where="strings.wallet_card.qr_caption")
            at = max(y - ROW_GAP_MM + GAP_MM, code.box.bottom - h)
            if at > code.box.bottom:
                lines, h = set_lines(caption, self.style("regular"), x, 0.0, self.inner.w, self.paper,
                                     role="caption", where="strings.wallet_card.qr_caption")
            items += _moved(lines, at)
            y = at + h + ROW_GAP_MM
        deaf = fill(self.words["deaf"], **emergency_facts(self.pack)) if self.deaf_on_back else None
        safety, safety_h = set_stack(((deaf, self.style("regular"), "text", 0.3, "strings.wallet_card.deaf"),
                                      (self.words["safety"], self.style("regular"), "safety", 0.0,
                                       "strings.wallet_card.safety")), x, 0.0, self.inner.w, self.paper)
        self._fits(max(y - ROW_GAP_MM - top, qr_h) + GAP_MM + safety_h, "back")
        page = self.page()
        page.add(*qr, *items)
        page.add(*_moved(safety, self.inner.bottom - safety_h))
        return page


def _moved(items: list, dy: float) -> list:
    return [transformed(item, dy=dy) for item in items]


def check_discreet(pages: list[Page], pack: Pack) -> None:
    """A discreet card prints none of the words in the language's ``discreet_avoid`` list."""
    for side, page in zip(("front", "back"), pages, strict=True):
        found = first_unsafe(page, pack.strings)
        if found:
            raise LayoutError(f'the discreet card\'s {side} would print "{found[0]}" in "{found[1]}"; '
                              "give that service a neutral short_name/short_for, drop it from "
                              "products.wallet_card.services, or set products.wallet_card.front: standard",
                              file=pack.file, field="products.wallet_card.front")


def _fitted(pack: Pack, card: CardStock, side: str, deaf_on_back: bool) -> tuple[Page | None, TooTall | None]:
    """One side at the largest body size that fits, or the overrun at the smallest."""
    # Each size in full, then compact, before the next size down: type size matters most.
    # On the back the QR code takes the room the type leaves: the largest that fits at each
    # size, then the next size down. The compact back leaves the featured line's other routes
    # out, so it comes last; a bilingual back drops its title (compact 2) only when nothing else fits.
    # Two languages: every try with equal columns first, then with the first language's wider
    # (Polish runs longer than English), never narrower.
    tries: list[tuple]
    if side == "front":
        fronts = (0, 1, 2, 3, 4) if len(pack.languages) > 1 else (0, 1, 2, 3)
        tries = [(body, compact, deaf_on_back, QR_SYMBOL_MM[-1]) for body in BODY_SIZES_PT for compact in fronts]
    else:
        backs = (0, 1, 2) if len(pack.languages) > 1 else (0, 1)
        tries = [(body, compact, deaf_on_back, symbol) for compact in backs for body in BODY_SIZES_PT
                 for symbol in QR_SYMBOL_MM]
    shares = FIRST_SHARES if len(pack.languages) > 1 else FIRST_SHARES[:1]
    return first_that_fits([(*t, share) for share in shares for t in tries],
                           lambda t: getattr(CardLayout(pack, card, *t), side)())


def _side(pack: Pack, card: CardStock, side: str, deaf_on_back: bool = False) -> Page:
    """One side at the largest body size that fits; checked; never below 7 pt."""
    page, overrun = _fitted(pack, card, side, deaf_on_back)
    if page is not None:
        page.check("wallet-card", min_pt=MIN_PT)
        return page
    spec = pack.spec("wallet-card", WalletCardSpec)
    listed = spec.listed
    field = "products.wallet_card"
    if side == "back" and listed:
        # The fewest helplines, from the end of the card's list, whose removal lets the back fit.
        count = next((n for n in range(1, len(listed))
                      if _fitted(pack.with_spec("wallet-card", replace(spec, listed=listed[:-n])), card, side,
                                 deaf_on_back)[0] is not None), len(listed))
        names = series([f"`{service.id}`" for service in listed[-count:]])
        # The card's helplines are its own list where the pack gives one, else the poster's.
        own = "products.wallet_card.services" in pack.origins
        field = "products.wallet_card.services" if own else "services.listed"
        drop = (f"drop {names} from {field} (cards carry fewer helplines than posters"
                f"{'' if own else '; or list the card its own under products.wallet_card.services'})")
    else:
        drop = what_to_shorten(pack, ("short_name", "short_for")) or "set a shorter wording.headline"
    said = overrun.message if overrun else f"the wallet card {side} does not fit"
    raise LayoutError(f"{said}, the smallest size allowed; {drop}", file=pack.file, field=field)


def layout(pack: Pack, card: CardStock) -> tuple[Page, Page]:
    """Front and back, each at the largest body size that fits it."""
    front = _side(pack, card, "front")
    # The text routes to 999 go on the back when the front had no room for them.
    moved = not any(t.about == "strings.wallet_card.deaf" for t in front.texts())
    pages = (front, _side(pack, card, "back", moved))
    if pack.spec("wallet-card", WalletCardSpec).front == "discreet":
        check_discreet(list(pages), pack)
    return (mirrored(pages[0]), mirrored(pages[1])) if pack.rtl else pages
