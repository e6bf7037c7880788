"""Alignment pages: measure how far a printer is off, then set a printer profile.

Each page carries rulers that read the correction directly, in mm. Print them with the
current profile applied (``--printer``) and *add* each reading to the profile: the
reading is what is still wrong, so repeating the test converges on zero.

* Two-sided (wallet cards): lines on the front show through onto rulers on the back.
  Held to the light, back facing you, the line crosses the ruler at the back-side offset.
* Label sheets: label outlines and rulers where the first and last labels' edges are.
  Laid on a real sheet and held to the light, each real edge crosses its ruler at the
  offset; two different readings mean the printer scales the page.
"""

from __future__ import annotations

from .drawing import Line, Page, Rect, Text
from .printer import PrinterProfile
from .sheets import LabelSheet
from .text import Style, set_stack

A4 = (210.0, 297.0)
INK = "#1B1B1F"
GUIDE = "#8A8A94"
RULER_MM = 5            # each ruler reads -5 .. +5 mm
TICK_PT = 6.5
MARGIN = 15.0


def _ruler(x0: float, y0: float, along_x: bool) -> list:
    """A ruler through (x0, y0) reading -5..+5 mm along x (ticks up) or along y (ticks left)."""
    items: list = []
    style = Style("regular", TICK_PT, INK)
    if along_x:
        items.append(Line(x0 - RULER_MM, y0, x0 + RULER_MM, y0, INK, 0.1, "mark"))
    else:
        items.append(Line(x0, y0 - RULER_MM, x0, y0 + RULER_MM, INK, 0.1, "mark"))
    for half in range(-2 * RULER_MM, 2 * RULER_MM + 1):
        t = half / 2
        length = 3.0 if half % 2 == 0 else 1.5
        if along_x:
            items.append(Line(x0 + t, y0, x0 + t, y0 - length, INK, 0.1, "mark"))
        else:
            items.append(Line(x0, y0 + t, x0 - length, y0 + t, INK, 0.1, "mark"))
        if half % 4 == 0:   # a number every 2 mm, clear of its neighbours
            label = f"{t:+.0f}" if t else "0"
            w = style.width(label)
            if along_x:
                # Numbers alternate above and below the ruler so that neighbours never touch.
                baseline = y0 - 3.6 if half % 8 == 0 else y0 + 2.8
                items.append(Text(x0 + t - w / 2, baseline, label, "regular", TICK_PT, INK, "#FFFFFF", "note"))
            else:
                items.append(Text(x0 - 3.6 - w, y0 + t + 0.8, label, "regular", TICK_PT, INK, "#FFFFFF", "note"))
    return items


def _instructions(title: str, body: list[str], top: float = MARGIN) -> list:
    entries = [(title, Style("bold", 14, INK), "title", 3.0, "calibrate")]
    entries += [(paragraph, Style("regular", 10, INK), "text", 2.0, "calibrate") for paragraph in body]
    lines, _ = set_stack(entries, MARGIN, top, A4[0] - 2 * MARGIN, "#FFFFFF")
    return lines


def duplex_pages(printer: PrinterProfile) -> list[Page]:
    """Two pages, front and back: read the back-side offset for two-sided sheets."""
    cx, ruler_x_y, ruler_y_y = A4[0] / 2, 150.0, 210.0
    front = Page(*A4, 0.0, transform=printer.front())
    front.add(*_instructions("Two-sided alignment test: side 1", [
        f"Printer profile: {printer.name}. Print both pages on one sheet of plain paper: two-sided, "
        "flip on long edge, at 100% / actual size (never 'fit to page').",
        "Hold the sheet up to the light with side 2 facing you. Each line printed on this side shows "
        "through and crosses a ruler on side 2. Read the number where it crosses.",
        "Add the reading on the ruler marked x to back_offset_mm x in your printer profile, and the "
        "reading on the ruler marked y to back_offset_mm y. Print the test again with the "
        "profile: both readings should now be 0.",
    ]))
    # A line across each ruler's position, long enough to find against the light.
    front.add(Line(cx, ruler_x_y - 12, cx, ruler_x_y + 12, INK, 0.25, "mark"))
    front.add(Line(cx - 12, ruler_y_y, cx + 12, ruler_y_y, INK, 0.25, "mark"))
    back = Page(*A4, 0.0, transform=printer.back())
    back.add(*_instructions("Two-sided alignment test: side 2", [
        "Read the rulers against the light, this side facing you. Plus means: move the back "
        "right (x) or down (y) as you look at it.",
    ]))
    # Long-edge flip keeps heights and mirrors left and right; both rulers sit on the
    # sheet's centre line, so they land exactly behind the front's lines.
    back.add(*_ruler(A4[0] - cx, ruler_x_y, along_x=True))
    back.add(Text(A4[0] - cx + RULER_MM + 2, ruler_x_y + 1.2, "x", "bold", 9, INK, "#FFFFFF", "note"))
    back.add(*_ruler(A4[0] - cx, ruler_y_y, along_x=False))
    back.add(Text(A4[0] - cx + 2, ruler_y_y + RULER_MM + 3.5, "y", "bold", 9, INK, "#FFFFFF", "note"))
    return [front, back]


def label_page(sheet: LabelSheet, printer: PrinterProfile) -> Page:
    """One page: every label's outline, with rulers at the first and the last label."""
    page = Page(sheet.paper.width_mm, sheet.paper.height_mm, 0.0, transform=printer.front())
    slots = sheet.grid.slots()
    for box in slots:
        radius = box.w / 2 if sheet.shape == "round" else sheet.corner_radius
        page.add(Rect(box, stroke=GUIDE, stroke_mm=0.15, radius_mm=radius))
    first, last = slots[0], slots[-1]
    distance = last.x - first.x
    page.add(*_instructions(f"Label alignment test: {sheet.name}", [
        f"Printer profile: {printer.name}. Print on plain paper at 100% / actual size, lay it on a "
        f"sheet of {sheet.name} labels, edges together, and hold both up to the light.",
        "Where the real label's edge crosses each ruler, read the number. Add the x reading to "
        "offset_mm x and the y reading to offset_mm y in your printer profile.",
        f"If the first and last labels' x readings differ, set scale to 1 + (last - first) / "
        f"{distance:.1f}.",
    ], top=first.bottom + 4))
    for box, name in ((first, "first"), (last, "last")):
        # Rulers across the label's left and top edges, halfway along them.
        page.add(*_ruler(box.x, box.y + box.h / 2, along_x=True))
        page.add(*_ruler(box.x + box.w / 2, box.y, along_x=False))
        page.add(Text(box.x + 1.5, box.y + box.h / 2 + 7, f"{name}: x", "bold", 8, INK, "#FFFFFF", "note"))
        page.add(Text(box.x + box.w / 2 + 1.5, box.y + 4, "y", "bold", 8, INK, "#FFFFFF", "note"))
    return page


def calibration_files(printer: PrinterProfile, sheet: LabelSheet) -> list[tuple[str, list[Page]]]:
    """The alignment PDFs ``calibrate`` writes: file name and pages."""
    return [("calibration-duplex.pdf", duplex_pages(printer)),
            (f"calibration-{sheet.code}.pdf", [label_page(sheet, printer)])]
