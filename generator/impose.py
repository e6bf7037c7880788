"""Imposition: pieces laid out on their own (a card side, a label) placed on a sheet.

A piece is a :class:`~generator.drawing.Page` the size of its trim, already checked against
its own safe area. Placing it only moves it, so that guarantee holds on the sheet. This
module adds what belongs to the sheet: bleed, crop marks, mirrored backs for two-sided
printing and the small print in the margin, and checks that none of it lands on a piece.
"""

from __future__ import annotations

from dataclasses import dataclass

from .drawing import Box, Line, Page, Rect, Text, Transform, transformed
from .errors import LayoutError
from .geometry import PRINTER_EDGE_MM, mirrored
from .sheets import MARK_CLEAR_MM
from .text import Style

MARK_MM = 3.0              # crop mark length where the margin allows
MARK_WIDTH_MM = 0.2
SLUG_EDGE_MM = 0.5         # paper left beyond the print shop's crop marks
MARK_COLOUR = "#000000"
NOTE_PT = 7.0
NOTE_COLOUR = "#1B1B1F"
WHITE = "#FFFFFF"
NO_SHIFT = Transform()


@dataclass(frozen=True)
class Placed:
    """Where one piece went: its trim box on the sheet and which side of the paper."""

    index: int        # 0-based, in reading order of the fronts
    side: str         # "front", "back" or "single"
    trim: Box


def place(piece: Page, trim: Box, *, bleed: float = 0.0, background: str = WHITE) -> list:
    """``piece`` moved onto the sheet at ``trim``; a coloured background runs into the bleed."""
    items: list = []
    if background.upper() != WHITE:
        items.append(Rect(Box(trim.x - bleed, trim.y - bleed, trim.w + 2 * bleed, trim.h + 2 * bleed),
                          fill=background))
    items += [transformed(item, dx=trim.x, dy=trim.y) for item in piece.items]
    return items


def crop_marks(trims: list[Box], bleed: float, sheet_w: float, sheet_h: float) -> list[Line]:
    """Marks on every cut line of every piece, outside the bleed, stopping short of neighbours.

    Each mark starts ``MARK_CLEAR_MM`` outside the bleed and runs away from the piece for
    ``MARK_MM`` or until it would come within ``MARK_CLEAR_MM`` of another piece's bleed or
    the printer's unprintable edge. Marks that two neighbours share are drawn once.
    """
    keep_out = [Box(t.x - bleed, t.y - bleed, t.w + 2 * bleed, t.h + 2 * bleed) for t in trims]
    marks: set[tuple[float, float, float, float]] = set()

    def room(x: float, y: float, dx: int, dy: int) -> float:
        """How far a mark from (x, y) in direction (dx, dy) may run."""
        limit = MARK_MM
        edge = {(-1, 0): x, (1, 0): sheet_w - x, (0, -1): y, (0, 1): sheet_h - y}[(dx, dy)]
        limit = min(limit, edge - 0.5)
        for box in keep_out:
            if dx and box.y - 0.01 <= y <= box.bottom + 0.01:
                gap = (box.x - x) if dx > 0 else (x - box.right)
            elif dy and box.x - 0.01 <= x <= box.right + 0.01:
                gap = (box.y - y) if dy > 0 else (y - box.bottom)
            else:
                continue
            if gap >= -0.01:
                limit = min(limit, gap - MARK_CLEAR_MM)
        return limit

    start = bleed + MARK_CLEAR_MM
    for t in trims:
        for x, y, sx, sy in ((t.x, t.y, -1, -1), (t.right, t.y, 1, -1), (t.x, t.bottom, -1, 1),
                             (t.right, t.bottom, 1, 1)):
            # Horizontal mark on the cut line y, out to the side; vertical on x, above/below.
            hx = x + sx * start
            length = room(hx, y, sx, 0)
            if length >= 1.0:
                marks.add((round(hx, 3), round(y, 3), round(hx + sx * length, 3), round(y, 3)))
            vy = y + sy * start
            length = room(x, vy, 0, sy)
            if length >= 1.0:
                marks.add((round(x, 3), round(vy, 3), round(x, 3), round(vy + sy * length, 3)))
    lines = []
    for x1, y1, x2, y2 in sorted(marks):
        lines.append(Line(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2), MARK_COLOUR, MARK_WIDTH_MM, "mark"))
    return _merged(lines)


def _merged(lines: list[Line]) -> list[Line]:
    """One line where two neighbours' marks meet end to end on the same cut line."""
    out: list[Line] = []
    for line in lines:
        for index, other in enumerate(out):
            same_x = line.x1 == line.x2 == other.x1 == other.x2
            same_y = line.y1 == line.y2 == other.y1 == other.y2
            if same_x and other.y1 <= line.y1 <= other.y2 + 0.01:
                out[index] = Line(other.x1, other.y1, other.x2, max(other.y2, line.y2), other.colour,
                                  other.width_mm, "mark")
                break
            if same_y and other.x1 <= line.x1 <= other.x2 + 0.01:
                out[index] = Line(other.x1, other.y1, max(other.x2, line.x2), other.y2, other.colour,
                                  other.width_mm, "mark")
                break
        else:
            out.append(line)
    return out


def margin_note(text: str, trims: list[Box], bleed: float, sheet_w: float, sheet_h: float, *,
                clear: float = MARK_CLEAR_MM + MARK_MM) -> Text:
    """Small print for whoever prints the sheet, in the widest clear margin.

    Goes across the top margin when it is deep enough to hold the note ``clear`` mm from
    the pieces' bleed (past the crop marks) and off the printer's edge; otherwise up the
    left margin, turned a quarter.
    """
    style = Style("regular", NOTE_PT, NOTE_COLOUR)
    top = min(t.y for t in trims) - bleed - clear
    left = min(t.x for t in trims) - bleed - clear
    height = style.ascent_mm + style.descent_mm
    width = style.width(text)
    if top - PRINTER_EDGE_MM >= height + 0.5 and width <= sheet_w - 2 * PRINTER_EDGE_MM:
        return Text((sheet_w - width) / 2, top - 0.5 - style.descent_mm, text, style.font, style.size,
                    style.colour, WHITE, role="note")
    if left - PRINTER_EDGE_MM >= height + 0.5 and width <= sheet_h - 2 * PRINTER_EDGE_MM:
        x = left - 0.5 - style.descent_mm
        return Text(x, (sheet_h + width) / 2, text, style.font, style.size, style.colour, WHITE,
                    role="note", upright=True)
    raise LayoutError(f'the sheet\'s margins have no room for the note "{text}"; choose another imposition')


def check_sheet(page: Page, trims: list[Box], bleed: float) -> None:
    """Marks and notes stay off every piece and its bleed, and inside the paper."""
    keep_out = [Box(t.x - bleed, t.y - bleed, t.w + 2 * bleed, t.h + 2 * bleed) for t in trims]
    paper = Box(0, 0, page.width, page.height)
    for item in page.items:
        if not isinstance(item, (Line, Text)) or item.role not in ("mark", "note"):
            continue
        box = item.box
        if not box.inside(paper):
            raise LayoutError(f"a {item.role} at {box.describe()} runs off the sheet")
        for piece in keep_out:
            if box.overlaps(piece):
                raise LayoutError(f"a {item.role} at {box.describe()} lands on the piece at {piece.describe()}")


def sheet(width: float, height: float, items: list, transform: Transform = NO_SHIFT) -> Page:
    """A whole sheet; its safe area is the paper (pieces were checked on their own)."""
    return Page(width, height, 0.0, items, transform=transform)


def duplex(front: Page, back: Page, trims: list[Box], paper_w: float, paper_h: float, *, bleed: float,
           background: str, notes: tuple[str, str], front_transform: Transform = NO_SHIFT,
           back_transform: Transform = NO_SHIFT) -> tuple[list[Page], list[list[Placed]]]:
    """Two sheets for two-sided printing: every front at ``trims``, every back mirrored.

    Returns the two pages and, for each, where every piece went (for the manifest).
    """
    back_trims = [mirrored(t, paper_w) for t in trims]
    pages, placed = [], []
    for side, piece, boxes, note, transform in (("front", front, trims, notes[0], front_transform),
                                                ("back", back, back_trims, notes[1], back_transform)):
        items: list = []
        for trim in boxes:
            items += place(piece, trim, bleed=bleed, background=background)
        items += crop_marks(boxes, bleed, paper_w, paper_h)
        items.append(margin_note(note, boxes, bleed, paper_w, paper_h))
        page = sheet(paper_w, paper_h, items, transform)
        check_sheet(page, boxes, bleed)
        pages.append(page)
        placed.append([Placed(index, side, box) for index, box in enumerate(boxes)])
    return pages, placed


def with_bleed(piece: Page, bleed: float, background: str) -> Page:
    """One piece for a print shop: its trim, ``bleed`` all round (the background runs into
    it), and crop marks outside the bleed on a white slug; TrimBox and BleedBox set."""
    edge = bleed + MARK_CLEAR_MM + MARK_MM + SLUG_EDGE_MM
    trim = Box(edge, edge, piece.width, piece.height)
    width, height = piece.width + 2 * edge, piece.height + 2 * edge
    items: list = [Rect(Box(edge - bleed, edge - bleed, piece.width + 2 * bleed, piece.height + 2 * bleed),
                        fill=background)]
    items += [transformed(item, dx=edge, dy=edge) for item in piece.items]
    items += crop_marks([trim], bleed, width, height)
    return Page(width, height, edge + piece.margin, items, trim=trim, bleed=bleed)
