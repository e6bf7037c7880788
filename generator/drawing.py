"""A page as plain data: what to draw where, in millimetres from the top-left corner.

Layout modules produce a :class:`Page`; :mod:`generator.render` is the only code that turns
one into PDF operators. Keeping the page as data lets the build check it before drawing
(nothing outside the safe area, no text on text, enough contrast) and lets tests read
geometry without opening a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .colours import contrast, required_contrast
from .errors import LayoutError
from .fonts import face
from .units import MM_PER_PT


@dataclass(frozen=True)
class Box:
    x: float
    y: float   # top edge, measured down from the top of the page
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: "Box", tolerance: float = 0.01) -> bool:
        return (self.x < other.right - tolerance and other.x < self.right - tolerance
                and self.y < other.bottom - tolerance and other.y < self.bottom - tolerance)

    def inside(self, other: "Box", tolerance: float = 0.01) -> bool:
        return (self.x >= other.x - tolerance and self.y >= other.y - tolerance
                and self.right <= other.right + tolerance and self.bottom <= other.bottom + tolerance)

    def describe(self) -> str:
        return f"({self.x:.1f}, {self.y:.1f}) {self.w:.1f} x {self.h:.1f} mm"


@dataclass(frozen=True)
class Text:
    """One line of text; ``x`` is its left edge, ``baseline`` measured from the page top."""

    x: float
    baseline: float
    text: str
    font: str          # "regular" or "bold"
    size: float        # pt
    colour: str
    background: str    # what it is printed on, for the contrast check
    role: str = "text"

    @property
    def width(self) -> float:
        return face(self.font).width_mm(self.text, self.size)

    @property
    def box(self) -> Box:
        f = face(self.font)
        ascent, descent = f.ascent * self.size * MM_PER_PT, f.descent * self.size * MM_PER_PT
        return Box(self.x, self.baseline - ascent, self.width, ascent + descent)


@dataclass(frozen=True)
class Rect:
    box: Box
    fill: str | None = None
    stroke: str | None = None
    stroke_mm: float = 0.0
    radius_mm: float = 0.0


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
    box: Box
    path: Path


@dataclass
class Page:
    width: float
    height: float
    margin: float
    items: list = field(default_factory=list)

    @property
    def safe(self) -> Box:
        return Box(self.margin, self.margin, self.width - 2 * self.margin, self.height - 2 * self.margin)

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
            if not box.inside(safe):
                raise LayoutError(f"{what} at {box.describe()} is outside the safe area "
                                  f"{safe.describe()}; shorten the text", field=product)
        for text in texts:
            if text.size < min_pt - 1e-6:
                raise LayoutError(f'"{text.text}" would print at {text.size:.1f} pt, under the '
                                  f"{min_pt:g} pt minimum; shorten it", field=product)
            ratio = contrast(text.colour, text.background)
            needed = required_contrast(text.size, text.font == "bold")
            if ratio < needed:
                raise LayoutError(f'"{text.text}" has contrast {ratio:.2f}:1 on its background; '
                                  f"at least {needed}:1 is needed; change the colours", field=product)
        for index, (a, what_a) in enumerate(solid):
            for b, what_b in solid[index + 1:]:
                if a.overlaps(b):
                    raise LayoutError(f"{what_a} overlaps {what_b}; shorten one of them",
                                      field=product)


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
    return replace(item, box=box(item.box))
