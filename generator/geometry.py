"""Plain geometry in millimetres, and the print limits both layout and verify hold pages to.

No fonts, no ReportLab, no layout: what a page is made of (``drawing``) and what checks it
(``verify``) both import it, so neither has to import the other.
"""

from __future__ import annotations

from dataclasses import dataclass

# Office printers leave 3-5 mm unprinted at the paper's edge (shared/print-facts.md): nothing
# printed on a sheet may come nearer than this.
PRINTER_EDGE_MM = 5.0
# The smallest QR module each product may print (ISO/IEC 18004 and print practice,
# shared/print-facts.md): posters are read from a step or two away, the rest in the hand.
MIN_QR_MODULE_MM = {"poster": 1.0, "wallet-card": 0.4, "sticker": 0.4, "large-print": 0.4}


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


def mirrored(box: Box, sheet_width: float) -> Box:
    """Where the back of ``box`` prints for duplex "flip on long edge" on a portrait sheet.

    Turning the sheet over about its long (vertical) edge swaps left and right and keeps
    top and bottom, so the back of the card in column c prints in the mirrored column.
    """
    return Box(sheet_width - box.right, box.y, box.w, box.h)
