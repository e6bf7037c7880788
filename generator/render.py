"""The only module that draws: a :class:`~generator.drawing.Page` becomes PDF operators.

Print guarantees made here:

* every font is embedded, including the canvas's initial font (ReportLab would otherwise
  name Helvetica, which is never embedded);
* QR codes are filled vector paths, one rectangle per horizontal run of dark modules, on
  white, so they print sharp at any size;
* the viewer's print scaling is off (``/PrintScaling /None``): "fit to page" would shrink
  the QR modules and move everything;
* the output is reproducible: ReportLab's invariant mode, and dates from the pack's data;
* a printer's correction (:class:`~generator.drawing.Transform`) is one transform per page,
  so sheet geometry and the manifest keep the stock's own figures;
* pages that carry a trim box get TrimBox and BleedBox (the whole page is the bleed).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from . import __version__
from .colours import rgb
from .drawing import Image, Line, Page, QRCode, Rect, Text
from .fonts import face
from .shaping import shaped
from .units import mm_to_pt

# Binary (Flate only) streams: ASCII85 on top makes files a quarter larger and slower to
# write, and every PDF reader since 1.2 takes binary.
rl_config.useA85 = 0


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    subject: str
    language: str          # BCP 47, e.g. "en-GB"
    date: dt.date          # the data's date, so the same input gives the same bytes


def _colour(hex_colour: str) -> HexColor:
    return HexColor(hex_colour)


def _qr_form(canvas: Canvas, code: QRCode, forms: dict[tuple, str]) -> str:
    """The symbol as a PDF form, drawn once per document and placed wherever it repeats.

    A sheet of 21 stickers then carries one copy of the code's paths, not 21.
    """
    key = (code.target, code.module_mm, code.quiet_modules)
    if key in forms:
        return forms[key]
    name = f"qr{len(forms)}"
    side = code.box.w
    canvas.beginForm(name, 0, 0, mm_to_pt(side), mm_to_pt(side))
    # White under the whole code and its quiet zone, whatever the paper colour.
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(0, 0, mm_to_pt(side), mm_to_pt(side), stroke=0, fill=1)
    # Grey 0, not RGB black: a print shop's RIP turns RGB black into four inks (rich black),
    # whose small misregistration blurs 0.5 mm modules; grey black prints as black ink alone.
    canvas.setFillGray(0)
    path = canvas.beginPath()
    m = code.module_mm
    origin_x = code.quiet_modules * m
    origin_top = code.quiet_modules * m
    for row_index, row in enumerate(code.modules):
        y = side - (origin_top + (row_index + 1) * m)
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            path.rect(mm_to_pt(origin_x + start * m), mm_to_pt(y), mm_to_pt((column - start) * m), mm_to_pt(m))
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.endForm()
    forms[key] = name
    return name


def _draw_qr(canvas: Canvas, code: QRCode, page_height: float, forms: dict[tuple, str]) -> None:
    name = _qr_form(canvas, code, forms)
    canvas.saveState()
    canvas.translate(mm_to_pt(code.box.x), mm_to_pt(page_height - code.box.bottom))
    canvas.doForm(name)
    canvas.restoreState()


def _draw_logo(canvas: Canvas, image: Image, page_height: float, forms: dict[tuple, str]) -> None:
    """The logo drawn once per document into a form (a raster as its decoded pixels, an SVG
    as vector shapes) and placed from there at every use. The form's name and the image's
    come from the content, never the file's path, so the same pack gives the same bytes
    wherever it lives."""
    box, logo = image.box, image.logo
    x, y = mm_to_pt(box.x), mm_to_pt(page_height - box.bottom)
    key = ("logo", str(logo.path))
    if key not in forms:
        forms[key] = f"logo{len(forms)}"
        canvas.beginForm(forms[key], lowerx=0, lowery=0, upperx=logo.width, uppery=logo.height)
        if logo.vector:
            from reportlab.graphics import renderPDF

            renderPDF.draw(logo.drawing, canvas, 0, 0, showBoundary=False)
        else:
            canvas.drawImage(logo.pixels, 0, 0, logo.width, logo.height, mask="auto")
        canvas.endForm()
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(mm_to_pt(box.w) / logo.width, mm_to_pt(box.h) / logo.height)
    canvas.doForm(forms[key])
    canvas.restoreState()


def _draw_rect(canvas: Canvas, rect: Rect, page_height: float) -> None:
    box = rect.box
    args = (mm_to_pt(box.x), mm_to_pt(page_height - box.bottom), mm_to_pt(box.w), mm_to_pt(box.h))
    if rect.fill:
        canvas.setFillColor(_colour(rect.fill))
    if rect.stroke:
        canvas.setStrokeColor(_colour(rect.stroke))
        canvas.setLineWidth(mm_to_pt(rect.stroke_mm))
    fill, stroke = int(bool(rect.fill)), int(bool(rect.stroke))
    if rect.radius_mm:
        canvas.roundRect(*args, mm_to_pt(rect.radius_mm), stroke=stroke, fill=fill)
    else:
        canvas.rect(*args, stroke=stroke, fill=fill)


def _draw_line(canvas: Canvas, line: Line, page_height: float) -> None:
    canvas.setStrokeColor(_colour(line.colour))
    canvas.setLineWidth(mm_to_pt(line.width_mm))
    canvas.line(mm_to_pt(line.x1), mm_to_pt(page_height - line.y1), mm_to_pt(line.x2),
                mm_to_pt(page_height - line.y2))


def _apply_transform(canvas: Canvas, page: Page) -> None:
    t = page.transform
    if t.identity:
        return
    # Drawing coordinates run up from the bottom-left; the correction is given from the
    # top-left, so the scale keeps the top edge where it was before the shift.
    height = mm_to_pt(page.height)
    canvas.translate(mm_to_pt(t.dx), height * (1 - t.scale) - mm_to_pt(t.dy))
    canvas.scale(t.scale, t.scale)


LINE_TAG = "Line"


def _draw_text(canvas: Canvas, text: Text, page_height: float, number: int) -> None:
    """One line, run by run, each as HarfBuzz shaped it (see generator.shaping).

    The line is marked content (``/Line <</N n>> BDC``), so verify can tell one line's
    glyphs from another's: joined scripts overlap their own neighbours by design.
    """
    canvas.setFillColorRGB(*rgb(text.colour))
    canvas._code.append(f"/{LINE_TAG} <</N {number}>> BDC")
    x, y = mm_to_pt(text.x), mm_to_pt(page_height - text.baseline)
    if text.upright:
        canvas.saveState()
        canvas.translate(x, y)
        canvas.rotate(90)
        x = y = 0.0
    for run in text.runs:
        canvas.setFont(face(text.font, run.family).name, text.size)
        canvas.drawString(x + mm_to_pt(run.dx), y, shaped(run.text, run.family, text.font, text.size, run.rtl))
    if text.upright:
        canvas.restoreState()
    canvas._code.append("EMC")


def render(pages: list[Page], info: DocumentInfo) -> bytes:
    """Draw ``pages`` into one PDF and return its bytes (nothing is written to disk here)."""
    regular = face("regular")
    buffer = io.BytesIO()
    first = pages[0]
    canvas = Canvas(
        buffer,
        pagesize=(mm_to_pt(first.width), mm_to_pt(first.height)),
        invariant=1,
        pageCompression=1,
        initialFontName=regular.name,
        initialFontSize=12,
        lang=info.language,
    )
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author)
    canvas.setSubject(info.subject)
    canvas.setCreator(f"helpline-pack {__version__}")
    canvas.setProducer(f"helpline-pack {__version__} (ReportLab)")
    stamp = "D:%04d%02d%02d000000+00'00'" % (info.date.year, info.date.month, info.date.day)
    canvas.setDateFormatter(lambda *_: stamp)
    canvas.setViewerPreference("PrintScaling", "None")
    canvas.setViewerPreference("DisplayDocTitle", "true")
    forms: dict[tuple, str] = {}
    for page in pages:
        canvas.setPageSize((mm_to_pt(page.width), mm_to_pt(page.height)))
        if page.trim is not None:
            t = page.trim
            canvas.setTrimBox((mm_to_pt(t.x), mm_to_pt(page.height - t.bottom), mm_to_pt(t.right),
                               mm_to_pt(page.height - t.y)))
            canvas.setBleedBox((0, 0, mm_to_pt(page.width), mm_to_pt(page.height)))
        canvas.setFont(regular.name, 12)
        canvas.saveState()
        _apply_transform(canvas, page)
        for item in page.items:
            if isinstance(item, Line):
                _draw_line(canvas, item, page.height)
            elif isinstance(item, Rect):
                _draw_rect(canvas, item, page.height)
            elif isinstance(item, QRCode):
                _draw_qr(canvas, item, page.height, forms)
            elif isinstance(item, Image):
                _draw_logo(canvas, item, page.height, forms)
        # Text last, so no panel is ever painted over a line.
        for number, text in enumerate(page.texts()):
            _draw_text(canvas, text, page.height, number)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
