"""Logos: PNG, JPEG or SVG from the pack's own folder, checked before anything is laid out.

A logo is the one file a pack brings from outside, often from a shared email, so it is
opened defensively: size limits before decoding (no decompression bombs), an SVG parsed
with DTDs and entities refused (no "billion laughs", no external entities), and any SVG
reference to another file or the network refused, so a pack cannot make a build read
anything but the logo itself. SVG is drawn as vector shapes; rasters at their own pixels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000          # a 6,000 x 6,000 logo is already far more than print needs
MIN_DPI = 150                    # under this, a raster prints visibly soft
RASTER_FORMATS = {"PNG", "JPEG"}
_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}href"
_UNSAFE_TAGS = {"script", "foreignObject", "iframe", "object", "embed"}
# Paint that svglib cannot carry into the logo's PDF form (a gradient's shading is named but
# never defined, so it prints as a black block), refused before anything is drawn (issue 20).
_UNPRINTABLE_TAGS = {"linearGradient": "a gradient", "radialGradient": "a gradient", "pattern": "a pattern fill",
                     "mask": "a mask"}
# The largest side a PDF page may have (ISO 32000-1, Annex C: 14,400 units in Acrobat); a logo
# claiming more, or drawing further out than this, is broken, and ReportLab cannot write it.
MAX_SVG_SIDE_PT = 14_400.0
MIN_SVG_SIDE_PT = 1.0
_URL_IN_CSS = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
_IMPORT_IN_CSS = re.compile(r"@import", re.IGNORECASE)


@dataclass(frozen=True)
class Logo:
    path: Path
    kind: str                   # "PNG", "JPEG" or "SVG"
    width: float                # pixels for rasters; points for SVG
    height: float
    drawing: object = field(default=None, compare=False, hash=False)   # an SVG's ReportLab drawing
    pixels: object = field(default=None, compare=False, hash=False)    # a raster's decoded ImageReader
    text_pt: float | None = None  # an SVG's smallest text, in pt at the logo's own size (None: no text)

    @property
    def vector(self) -> bool:
        return self.kind == "SVG"

    @property
    def aspect(self) -> float:
        return self.width / self.height

    def dpi(self, printed_width_mm: float) -> float:
        """Pixels per inch at a printed width; infinite for vector logos."""
        if self.vector:
            return float("inf")
        return self.width / (printed_width_mm / 25.4)


def load_logo(path: Path, shown: str) -> Logo:
    """Open and check the logo at ``path`` (``shown`` is how the pack wrote it).

    Raises DataError with the reason and the fix; the caller adds file, line and field.
    """
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataError(f'"{shown}" is {size / 1e6:.0f} MB; a logo needs under {MAX_FILE_BYTES // 2**20} MB, '
                        "export it smaller")
    head = path.read_bytes()[:512].lstrip()
    if head.startswith(b"<") or path.suffix.lower() == ".svg":
        return _svg(path, shown)
    return _raster(path, shown)


def _raster(path: Path, shown: str) -> Logo:
    from PIL import Image, UnidentifiedImageError
    from reportlab.lib.utils import ImageReader

    unreadable = f'"{shown}" is not a readable PNG, JPEG or SVG image; export it again'
    try:
        with Image.open(path) as image:
            kind = image.format
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise DataError(f'"{shown}" is {width} x {height} pixels, more than a logo can need '
                                f"({MAX_PIXELS // 1_000_000} million); export it smaller")
            if kind not in RASTER_FORMATS:
                raise DataError(f'"{shown}" is a {kind} image; give a PNG, JPEG or SVG')
            # Decode every pixel now, once: a truncated file fails here, not half way through a
            # render, and every document of the build draws from the same decoded pixels.
            image.load()
            pixels = ImageReader(image.copy())
    except Image.DecompressionBombError:
        # Pillow's own limit, met before ours when the header claims billions of pixels.
        raise DataError(f'"{shown}" claims more pixels than a logo can need (over {MAX_PIXELS // 1_000_000} '
                        "million); it may be a decompression bomb, export the logo again") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise DataError(unreadable) from None
    return Logo(path, kind, float(width), float(height), pixels=pixels)


def _svg(path: Path, shown: str) -> Logo:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    data = path.read_bytes()
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise DataError(f'"{shown}" declares a DTD or entities, which a logo never needs and which can '
                        "read other files; export the SVG again without them") from None
    except Exception as exc:   # ElementTree.ParseError and friends: not XML at all
        raise DataError(f'"{shown}" is not a readable SVG ({exc}); export it again') from None
    if root.tag not in ("svg", f"{_SVG_NS}svg"):
        raise DataError(f'"{shown}" is XML but not an SVG image; give a PNG, JPEG or SVG')
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1]
        if tag in _UNSAFE_TAGS:
            raise DataError(f'"{shown}" contains <{tag}>, which a logo must not; export it as plain shapes')
        for name in ("href", _XLINK):
            target = element.get(name)
            if target and not target.startswith(("#", "data:image/png", "data:image/jpeg")):
                raise DataError(f'"{shown}" refers to another file or address ({target[:60]}); '
                                "embed everything in the SVG")
        if tag in _UNPRINTABLE_TAGS:
            raise DataError(f'"{shown}" uses {_UNPRINTABLE_TAGS[tag]} (<{tag}>), which would not print as it '
                            "looks; export the logo in flat colours")
        if tag == "image":
            # svglib cannot draw an embedded bitmap into the PDF, and decoding one could take more
            # memory than the 40-megapixel limit allows a raster logo: the bitmap itself is the logo.
            raise DataError(f'"{shown}" embeds a bitmap image (<image>); give the bitmap itself as the logo '
                            "(PNG or JPEG), or export the SVG as plain shapes")
        handler = script_attribute(element)
        if handler:
            raise DataError(f'"{shown}" has a script in its {handler} attribute, which a logo must not; '
                            "export it as plain shapes")
        style = (element.text or "") if tag == "style" else element.get("style", "")
        if _URL_IN_CSS.search(style) or _IMPORT_IN_CSS.search(style):
            raise DataError(f'"{shown}" loads a style from another file or address; embed it in the SVG')
    drawing = _drawing(path, shown)
    return Logo(path, "SVG", float(drawing.width), float(drawing.height), drawing, text_pt=_smallest_text(drawing))


def script_attribute(element) -> str | None:
    """The first event-handler attribute (onload, onclick, ...) on ``element``: script that a
    browser showing the SVG would run."""
    return next((name for name in map(str, element.attrib) if name.rsplit("}", 1)[-1].lower().startswith("on")),
                None)


def _drawing(path: Path, shown: str):
    """The SVG as ReportLab shapes (svglib), scaled later by the renderer."""
    import logging

    from svglib.svglib import svg2rlg

    # svglib logs every unsupported feature; a logo's own oddities are not the user's problem.
    logging.getLogger("svglib").setLevel(logging.ERROR)
    try:
        drawing = svg2rlg(str(path), resolve_entities=False)
    except Exception as exc:
        raise DataError(f'"{shown}" could not be drawn ({type(exc).__name__}); export it again as plain SVG') \
            from None
    if drawing is None or not drawing.width or not drawing.height or drawing.width <= 0 or drawing.height <= 0:
        raise DataError(f'"{shown}" has no size or could not be drawn; export it again with a viewBox')
    _check_extent(drawing, shown)
    _embed_text(drawing, shown)
    # ReportLab starts every drawing in Helvetica, which would be named but not embedded.
    from .fonts import face

    drawing.initialFontName = face("regular").name
    return drawing


def _check_extent(drawing, shown: str) -> None:
    """Refuse a size no logo has (width="1e308", a path a kilometre out): ReportLab cannot
    write such numbers, and they are always a broken export."""
    import math

    width, height = float(drawing.width), float(drawing.height)
    for name, value in (("width", width), ("height", height)):
        if not math.isfinite(value) or not MIN_SVG_SIDE_PT <= value <= MAX_SVG_SIDE_PT:
            raise DataError(f'"{shown}" says its {name} is {value:g} pt; a logo must be between '
                            f"{MIN_SVG_SIDE_PT:g} and {MAX_SVG_SIDE_PT:,.0f} pt, export it again with a viewBox")
    try:
        bounds = drawing.getBounds()
    except (ValueError, TypeError, ZeroDivisionError, OverflowError):
        bounds = (math.inf,)
    limit = MAX_SVG_SIDE_PT * 10
    if not all(math.isfinite(v) and abs(v) <= limit for v in bounds):
        raise DataError(f'"{shown}" draws shapes far outside its own {width:g} x {height:g} pt; '
                        "export it again with a viewBox")


def _smallest_text(node, scale: float = 1.0) -> float | None:
    """The smallest text in a drawing as printed at its own size (pt): each string's font size
    times the vertical scale of the groups around it (a viewBox, a transform)."""
    import math

    from reportlab.graphics.shapes import String

    if isinstance(node, String):
        return node.fontSize * scale
    transform = getattr(node, "transform", None)
    if transform:
        a, b, c, d = transform[:4]
        scale *= math.sqrt(abs(a * d - b * c))
    sizes = [size for child in getattr(node, "contents", ()) if (size := _smallest_text(child, scale)) is not None]
    return min(sizes, default=None)


def _embed_text(node, shown: str) -> None:
    """Set any text in the SVG in the project's own fonts, so it is embedded like the rest.

    An SVG names fonts (Helvetica, Arial...) that a PDF would otherwise leave to the
    printer's choice; the print shop must get exactly what the preview showed.
    """
    from reportlab.graphics.shapes import String

    from .fonts import face

    if isinstance(node, String):
        key = "bold" if "bold" in (node.fontName or "").lower() else "regular"
        missing = face(key).missing(node.text)
        if missing:
            raise DataError(f'"{shown}" has text with characters the font cannot draw ({", ".join(missing)}); '
                            "convert the logo's text to outlines (paths)")
        node.fontName = face(key).name
        return
    for child in getattr(node, "contents", ()):
        _embed_text(child, shown)
