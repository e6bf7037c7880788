"""A page as plain data: what to draw where, in millimetres from the top-left corner.

Layout modules produce a :class:`Page`; :mod:`generator.render` is the only code that turns
one into PDF operators. Keeping the page as data lets the build check it before drawing
(nothing outside the safe area, no text on text, enough contrast) and lets tests read
geometry without opening a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .bilingual import first_language_first
from .colours import contrast, required_contrast
from .errors import LayoutError, TooTall
from .geometry import Box
from .shaping import Run, line_reach, line_runs

if TYPE_CHECKING:
    from .logo import Logo


@dataclass(frozen=True)
class Text:
    """One line of text; ``x`` is its left edge, ``baseline`` measured from the page top.

    ``text`` is in reading order; :attr:`runs` is how it is drawn (fonts, direction, shaping).
    """

    x: float
    baseline: float
    text: str
    font: str          # "regular" or "bold"
    size: float        # pt
    colour: str
    background: str    # what it is printed on, for the contrast check
    role: str = "text"
    upright: bool = False   # turned a quarter left, reading upwards (sheet margin notes)
    language: str = "en"    # picks the fonts and the paragraph direction
    about: str = ""         # the record it speaks for ("services.galop"): claims are traced to it
    # A bilingual pair's lines share ``twin``; ``part`` is the line's language, 0 the first
    # (see generator.bilingual, which holds the first language to the Welsh Language Standards).
    twin: str = ""
    part: int = 0
    # The language the words are in, where it is not ``language``: the English half of a
    # Welsh pair is set in Welsh's typeface, but a screen reader must read it as English.
    words_in: str = ""

    @property
    def runs(self) -> tuple[Run, ...]:
        return line_runs(self.text, self.font, self.size, self.language)

    @property
    def width(self) -> float:
        runs = self.runs
        return runs[-1].dx + runs[-1].width if runs else 0.0

    @property
    def box(self) -> Box:
        ascent, descent = line_reach(self.text, self.font, self.size, self.language)
        if self.upright:
            # Turned about (x, baseline): the line runs up the page from there.
            return Box(self.x - ascent, self.baseline - self.width, ascent + descent, self.width)
        return Box(self.x, self.baseline - ascent, self.width, ascent + descent)


@dataclass(frozen=True)
class Rect:
    box: Box
    fill: str | None = None
    stroke: str | None = None
    stroke_mm: float = 0.0
    radius_mm: float = 0.0


@dataclass(frozen=True)
class Line:
    """A straight stroke: crop marks, rulers, lines to write on."""

    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    width_mm: float
    role: str = "line"     # "mark" for crop marks and rulers that belong to the sheet

    @property
    def box(self) -> Box:
        half = self.width_mm / 2
        x, y = min(self.x1, self.x2) - half, min(self.y1, self.y2) - half
        return Box(x, y, abs(self.x2 - self.x1) + self.width_mm, abs(self.y2 - self.y1) + self.width_mm)


@dataclass(frozen=True)
class QRCode:
    """A QR symbol; ``box`` includes its quiet zone, which nothing else may enter."""

    box: Box
    modules: tuple[tuple[bool, ...], ...]   # the symbol itself, without quiet zone
    module_mm: float
    quiet_modules: int
    target: str


@dataclass(frozen=True)
class Image:
    """A logo drawn into ``box`` (its own aspect ratio); ``logo`` is a generator.logo.Logo."""

    box: Box
    logo: Logo


@dataclass(frozen=True)
class Transform:
    """A printer's correction, applied to a whole page when it is drawn (never to the data).

    The page is scaled by ``scale`` about its top-left corner, then moved ``dx`` mm right
    and ``dy`` mm down, as seen on that side of the sheet.
    """

    dx: float = 0.0
    dy: float = 0.0
    scale: float = 1.0

    @property
    def identity(self) -> bool:
        return self.dx == 0 and self.dy == 0 and self.scale == 1

    def box(self, b: Box) -> Box:
        s = self.scale
        return Box(b.x * s + self.dx, b.y * s + self.dy, b.w * s, b.h * s)


def fitted_image(logo, left: float, top: float, max_w: float, max_h: float) -> Image:
    """A logo at its own aspect ratio, as large as ``max_w`` x ``max_h`` mm allows."""
    scale = min(max_w / logo.width, max_h / logo.height)
    return Image(Box(left, top, logo.width * scale, logo.height * scale), logo)


@dataclass
class Page:
    width: float
    height: float
    margin: float
    items: list = field(default_factory=list)
    round: bool = False            # a round label: the safe area is the inscribed circle
    trim: Box | None = None        # TrimBox for print shops
    bleed: float = 0.0             # BleedBox: the trim plus this all round (0: the whole page)
    transform: Transform = Transform()
    # Panels (bands, frames) may reach this close to the trim, their text still ``margin``
    # inside it; None: panels keep the text's margin.
    panel_margin: float | None = None

    @property
    def safe(self) -> Box:
        return self._inset(self.margin)

    def _inset(self, margin: float) -> Box:
        return Box(margin, margin, self.width - 2 * margin, self.height - 2 * margin)

    def in_safe_area(self, box: Box, *, panel: bool = False) -> bool:
        area = self._inset(self.panel_margin) if panel and self.panel_margin is not None else self.safe
        if not box.inside(area):
            return False
        if not self.round:
            return True
        # Every corner of the box inside the circle that is ``margin`` inside the edge.
        cx, cy, r = self.width / 2, self.height / 2, self.width / 2 - self.margin
        return all((x - cx) ** 2 + (y - cy) ** 2 <= (r + 0.01) ** 2
                   for x in (box.x, box.right) for y in (box.y, box.bottom))

    def add(self, *items) -> None:
        self.items.extend(items)

    def texts(self) -> list[Text]:
        return [i for i in self.items if isinstance(i, Text)]

    def qr_codes(self) -> list[QRCode]:
        return [i for i in self.items if isinstance(i, QRCode)]

    def check(self, product: str, *, min_pt: float) -> None:
        """Refuse a page that would print badly: the layout's own guarantees, enforced.

        Every item inside the safe area; no line of text touching another line or a QR
        code's quiet zone; text at least ``min_pt``; contrast per WCAG 1.4.3.
        """
        safe = self.safe
        texts = self.texts()
        solid = [(t.box, f'"{t.text}"') for t in texts]
        solid += [(q.box, f"the QR code for {q.target}") for q in self.qr_codes()]
        solid += [(i.box, "the logo") for i in self.items if isinstance(i, Image)]
        for box, what in solid + [(r.box, "a panel") for r in self.items if isinstance(r, Rect)]:
            if not self.in_safe_area(box, panel=what == "a panel"):
                shape = f"{self.margin:g} mm inside the round edge" if self.round else safe.describe()
                raise TooTall(f"{what} at {box.describe()} is outside the safe area "
                              f"{shape}; shorten the text", field=product)
        for text in texts:
            if text.size < min_pt - 1e-6:
                raise LayoutError(f'"{text.text}" would print at {text.size:.1f} pt, under the '
                                  f"{min_pt:g} pt minimum; shorten it", field=product)
            ratio = contrast(text.colour, text.background)
            needed = required_contrast(text.size, text.font == "bold")
            if ratio < needed:
                raise LayoutError(f'"{text.text}" has contrast {ratio:.2f}:1 on its background; '
                                  f"at least {needed}:1 is needed; change the colours", field=product)
        first_language_first(texts, product)
        for index, (a, what_a) in enumerate(solid):
            for b, what_b in solid[index + 1:]:
                if a.overlaps(b):
                    raise LayoutError(f"{what_a} overlaps {what_b}; shorten one of them",
                                      field=product)


def mirrored(page: Page) -> Page:
    """``page`` laid out right to left: every item moved to the other side of the page.

    Text keeps its own drawing (HarfBuzz already ordered each line), so a line that started
    at the left margin now ends at the right one; QR codes and logos move without flipping.
    """
    w = page.width

    def box(b: Box) -> Box:
        return Box(w - b.right, b.y, b.w, b.h)

    def flip(item):
        if isinstance(item, Text):
            return replace(item, x=w - item.x - item.width)
        if isinstance(item, Line):
            return replace(item, x1=w - item.x1, x2=w - item.x2)
        return replace(item, box=box(item.box))

    return replace(page, items=[flip(item) for item in page.items],
                   trim=box(page.trim) if page.trim else None)


def transformed(item, factor: float = 1.0, dy: float = 0.0, dx: float = 0.0):
    """``item`` scaled by ``factor`` about the page's top-left corner, then moved by (dx, dy) mm."""
    def box(b: Box) -> Box:
        return Box(b.x * factor + dx, b.y * factor + dy, b.w * factor, b.h * factor)

    if isinstance(item, Text):
        return replace(item, x=item.x * factor + dx, baseline=item.baseline * factor + dy,
                       size=item.size * factor)
    if isinstance(item, Rect):
        return replace(item, box=box(item.box), stroke_mm=item.stroke_mm * factor,
                       radius_mm=item.radius_mm * factor)
    if isinstance(item, QRCode):
        return replace(item, box=box(item.box), module_mm=item.module_mm * factor)
    if isinstance(item, Line):
        return replace(item, x1=item.x1 * factor + dx, y1=item.y1 * factor + dy, x2=item.x2 * factor + dx,
                       y2=item.y2 * factor + dy, width_mm=item.width_mm * factor)
    return replace(item, box=box(item.box))


def first_that_fits(sizes, attempt) -> tuple[Page | None, TooTall | None]:
    """``attempt(size)`` for each size, largest first: the first page that fits.

    Returns ``(page, None)``, or ``(None, overrun)`` with the last :class:`TooTall` when no
    size fits; callers say what to remove, never shrink below their minimum.
    """
    overrun = None
    for size in sizes:
        try:
            return attempt(size), None
        except TooTall as exc:
            overrun = exc
    return None, overrun
