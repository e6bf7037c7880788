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
* pages that carry a trim box get TrimBox and BleedBox (the trim plus the page's bleed);
* black is pure black; a print-shop file is CMYK and PDF/X-4 (see :mod:`generator.pdfx`);
* every file is tagged (see :mod:`generator.tagging`): each line, QR code and logo is
  marked content with an MCID, bands, rules and marks are artifacts, and every web
  address and phone number is a link (not in print-shop files: PDF/X wants no actions).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from . import __version__, pdfx, tagging
from .drawing import Box, Image, Line, Page, QRCode, Rect, Text
from .fonts import face, script
from .languages import language_tag
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
    print_shop: bool = False   # CMYK, PDF/X-4, black overprinting
    cmyk: tuple = ()           # the pack's own CMYK values, by #RRGGBB (see pdfx.printed)


class _Inks:
    """Sets colours on the canvas for one document: RGB with pure-black black for office
    files, CMYK with 0/0/0/100 overprinting black for print shops."""

    def __init__(self, canvas: Canvas, print_shop: bool, own: tuple = ()) -> None:
        self.canvas, self.print_shop, self.own = canvas, print_shop, own

    def fill(self, hex_colour: str) -> None:
        if pdfx.is_black(hex_colour) and not self.print_shop:
            self.canvas.setFillGray(0)
        else:
            self.canvas.setFillColor(pdfx.ink(hex_colour, self.print_shop, self.own))

    def stroke(self, hex_colour: str) -> None:
        if pdfx.is_black(hex_colour) and not self.print_shop:
            self.canvas.setStrokeGray(0)
        else:
            self.canvas.setStrokeColor(pdfx.ink(hex_colour, self.print_shop, self.own))

    def overprint(self, hex_colour: str) -> None:
        """Pure black knocks nothing out on a press: it prints over what is under it, so a
        plate out of register leaves no white fringe. Call inside saveState."""
        if self.print_shop and pdfx.is_black(hex_colour):
            self.canvas.setFillOverprint(True)
            self.canvas.setStrokeOverprint(True)
            self.canvas.setOverprintMask(1)


class _Marks:
    """Marked content for one page: MCIDs in drawing order, and the link annotations."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.next_mcid = 0
        self.links = 0
        self.entries: list[tuple[object, tagging.Node]] = []

    def begin(self, tag: str, item, node: tagging.Node, extra: str = "") -> None:
        node.mcid = self.next_mcid
        self.next_mcid += 1
        self.canvas._code.append(f"/{tag} <<{extra}/MCID {node.mcid}>> BDC")
        self.entries.append((item, node))

    def artifact(self) -> None:
        self.canvas._code.append("/Artifact BMC")

    def end(self) -> None:
        self.canvas._code.append("EMC")

    def link(self, url: str, box: Box, page: Page) -> int:
        b = page.transform.box(box)
        self.canvas.linkURL(url, (mm_to_pt(b.x), mm_to_pt(page.height - b.bottom), mm_to_pt(b.right),
                                  mm_to_pt(page.height - b.y)), relative=0, thickness=0)
        self.links += 1
        return self.links - 1


def _qr_form(canvas: Canvas, code: QRCode, forms: dict[tuple, str], inks: _Inks) -> str:
    """The symbol as a PDF form, drawn once per document and placed wherever it repeats.

    A sheet of 21 stickers then carries one copy of the code's paths, not 21.
    """
    key = (code.target, code.module_mm, code.quiet_modules)
    if key in forms:
        return forms[key]
    name = f"qr{len(forms)}"
    side = code.box.w
    canvas.beginForm(name, 0, 0, mm_to_pt(side), mm_to_pt(side))
    # Modules in pure black: one plate (or one toner), so they stay sharp at 0.4 mm. Their
    # overprint is set where the form is placed (_draw_qr): a form inherits the graphics
    # state it is drawn in, and an ExtGState named inside the form would need resources of
    # its own, which ReportLab does not give a form.
    inks.fill("#000000")
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
    # A print shop's canvas enforces CMYK (see render): its QR modules are 0/0/0/100.
    inks = _Inks(canvas, canvas._enforceColorSpace is not None)
    name = _qr_form(canvas, code, forms, inks)
    canvas.saveState()
    canvas.translate(mm_to_pt(code.box.x), mm_to_pt(page_height - code.box.bottom))
    # White under the whole code and its quiet zone, whatever the paper colour, knocking out
    # what is under it; then the black modules over it, overprinting.
    side = mm_to_pt(code.box.w)
    inks.fill("#FFFFFF")
    canvas.rect(0, 0, side, side, stroke=0, fill=1)
    inks.overprint("#000000")
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


def _draw_rect(canvas: Canvas, rect: Rect, page_height: float, inks: _Inks) -> None:
    box = rect.box
    args = (mm_to_pt(box.x), mm_to_pt(page_height - box.bottom), mm_to_pt(box.w), mm_to_pt(box.h))
    if rect.fill:
        inks.fill(rect.fill)
    if rect.stroke:
        inks.stroke(rect.stroke)
        canvas.setLineWidth(mm_to_pt(rect.stroke_mm))
    fill, stroke = int(bool(rect.fill)), int(bool(rect.stroke))
    if rect.radius_mm:
        canvas.roundRect(*args, mm_to_pt(rect.radius_mm), stroke=stroke, fill=fill)
    else:
        canvas.rect(*args, stroke=stroke, fill=fill)


def _draw_line(canvas: Canvas, line: Line, page_height: float, inks: _Inks) -> None:
    inks.stroke(line.colour)
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


def _span_language(text: Text, document_language: str) -> str:
    return _language_of(text.text, text.words_in or text.language, document_language)


@lru_cache(maxsize=4096)
def _language_of(line: str, language: str, document_language: str) -> str:
    """The BCP 47 tag of a line in another language than the document: a line of Latin
    letters only (a service's name, a web address) in a document in another script is
    English; a line of a bilingual pack is in its own language."""
    home = document_language.split("-")[0]
    if language.split("-")[0] != home:
        return language_tag(language)
    scripts = {script(ch) for ch in line if ch.isalpha()}
    if scripts == {"Latn"} and home in _OTHER_SCRIPT_LANGUAGES:
        return language_tag("en")
    return ""


# Languages whose own script is not Latin: a Latin-only line in one of them is English.
_OTHER_SCRIPT_LANGUAGES = frozenset({"ar", "ur", "pa", "bn", "gu"})


@lru_cache(maxsize=4096)
def _shaped_script(run: str) -> bool:
    """Whether ``run`` has letters of a script other than Latin (joined or reordered)."""
    return any(script(ch) not in (None, "Latn") for ch in run)


def _pdf_text(value: str) -> str:
    """A PDF text string in UTF-16BE hex, for any script."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def _draw_text(canvas: Canvas, text: Text, page: Page, number: int, inks: _Inks, marks: _Marks,
               document_language: str, links: bool, qr_targets: tuple[str, ...]) -> None:
    """One line, run by run, each as HarfBuzz shaped it (see generator.shaping).

    The line is marked content (``/P <</N n /MCID m>> BDC``, or H1 for a headline), so verify
    can tell one line's glyphs from another's (joined scripts overlap their own neighbours
    by design) and the structure tree can point at it.
    """
    canvas.saveState()
    inks.fill(text.colour)
    inks.overprint(text.colour)
    kind = tagging.HEADINGS.get(text.role, "P")
    node = tagging.Node(kind, lang=_span_language(text, document_language))
    extra = f"/N {number} "
    target = tagging.link_target(text.text, text.role, qr_targets) if links else None
    if target:
        # The line's paragraph holds the link, which holds the text and the annotation.
        link = tagging.Node("Link", annot=marks.link(target, text.box, page), alt=target)
        node.kids.append(link)
        marks.begin(kind, text, node, extra=extra)
        node.mcid, link.mcid = None, node.mcid
    else:
        marks.begin(kind, text, node, extra=extra)
    x, y = mm_to_pt(text.x), mm_to_pt(page.height - text.baseline)
    if text.upright:
        canvas.translate(x, y)
        canvas.rotate(90)
        x = y = 0.0
    for run in text.runs:
        canvas.setFont(face(text.font, run.family).name, text.size)
        # Shaped glyphs (joined Arabic, reordered Indic vowel signs) do not map back to the
        # letters one by one: such a run carries the words it says, in reading order (a
        # /Span, the tag poppler reads ActualText from). Digits and Latin are left as drawn.
        glyphs = shaped(run.text, run.family, text.font, text.size, run.rtl)
        if not _shaped_script(run.text):
            canvas.drawString(x + mm_to_pt(run.dx), y, glyphs)
        elif not run.rtl:
            # Indic vowel signs are drawn before the consonant they follow in speech: the run
            # carries its words in reading order (a /Span, where poppler reads ActualText).
            canvas._code.append(f"/Span <</ActualText {_pdf_text(run.text)}>> BDC")
            canvas.drawString(x + mm_to_pt(run.dx), y, glyphs)
            canvas._code.append("EMC")
        else:
            # Right to left: readers put the glyphs in reading order themselves, and each
            # joined form maps back to its letters through the font's ToUnicode map
            # (see tagging.spoken_letters), which ActualText would defeat in PDFium.
            canvas.drawString(x + mm_to_pt(run.dx), y, glyphs)
    marks.end()
    canvas.restoreState()


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
        enforceColorSpace=pdfx.enforce(info.print_shop, info.cmyk),
    )
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author)
    canvas.setSubject(info.subject)
    canvas.setCreator(f"helpline-pack {__version__}")
    canvas.setProducer(f"helpline-pack {__version__} (ReportLab)")
    stamp = f"D:{info.date:%Y%m%d}000000+00'00'"
    canvas.setDateFormatter(lambda *_: stamp)
    canvas.setViewerPreference("PrintScaling", "None")
    canvas.setViewerPreference("DisplayDocTitle", "true")
    forms: dict[tuple, str] = {}
    inks = _Inks(canvas, info.print_shop, info.cmyk)
    links = not info.print_shop
    outlines = []
    for page in pages:
        canvas.setPageSize((mm_to_pt(page.width), mm_to_pt(page.height)))
        if page.trim is not None:
            t = page.trim
            canvas.setTrimBox(_pdf_box(t, page.height))
            bleed = page.bleed
            canvas.setBleedBox(_pdf_box(Box(t.x - bleed, t.y - bleed, t.w + 2 * bleed, t.h + 2 * bleed), page.height)
                               if bleed else (0, 0, mm_to_pt(page.width), mm_to_pt(page.height)))
        elif info.print_shop:
            # PDF/X wants a TrimBox on every page: a page without bleed is cut at its edge.
            canvas.setTrimBox((0, 0, mm_to_pt(page.width), mm_to_pt(page.height)))
            canvas.setBleedBox((0, 0, mm_to_pt(page.width), mm_to_pt(page.height)))
        canvas.setFont(regular.name, 12)
        canvas.saveState()
        _apply_transform(canvas, page)
        marks = _Marks(canvas)
        for item in page.items:
            if isinstance(item, (Line, Rect)):
                # Bands, rules and crop marks are decoration: a screen reader skips them.
                marks.artifact()
                if isinstance(item, Line):
                    _draw_line(canvas, item, page.height, inks)
                else:
                    _draw_rect(canvas, item, page.height, inks)
                marks.end()
            elif isinstance(item, QRCode):
                node = tagging.Node("Figure", alt=f"QR code: opens {item.target}", lang="en-GB")
                if links:
                    node.kids.append(tagging.Node("Link", annot=marks.link(item.target, item.box, page),
                                                  alt=item.target))
                marks.begin("Figure", item, node)
                _draw_qr(canvas, item, page.height, forms)
                marks.end()
            elif isinstance(item, Image):
                owner = info.author if info.author != "helpline-pack" else "the organisation sharing this"
                marks.begin("Figure", item, tagging.Node("Figure", alt=f"Logo of {owner}", lang="en-GB"))
                _draw_logo(canvas, item, page.height, forms)
                marks.end()
        # Text last, so no panel is ever painted over a line.
        qr_targets = tuple(q.target for q in page.qr_codes())
        for number, text in enumerate(page.texts()):
            _draw_text(canvas, text, page, number, inks, marks, info.language, links, qr_targets)
        canvas.restoreState()
        canvas.showPage()
        order = {id(item): index for index, item in enumerate(page.items)}
        outlines.append(tagging.outline(sorted(marks.entries, key=lambda e: order[id(e[0])])))
    canvas.save()
    return tagging.finish(buffer.getvalue(), outlines, title=info.title, language=info.language,
                          author=info.author, date=info.date, producer=f"helpline-pack {__version__} (ReportLab)",
                          creator=f"helpline-pack {__version__}", print_shop=info.print_shop)


def _pdf_box(box: Box, page_height: float) -> tuple[float, float, float, float]:
    return (mm_to_pt(box.x), mm_to_pt(page_height - box.bottom), mm_to_pt(box.right), mm_to_pt(page_height - box.y))
