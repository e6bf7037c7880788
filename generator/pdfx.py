"""Colour for print: pure black, CMYK through the output profile, and PDF/X-4 (ISO 15930-7).

Office files stay RGB, but their black is pure black (``0 g``), so a laser printer lays
one toner, not four. Print-shop files are CMYK for the FOGRA39 condition:

* a near-black colour (dark and nearly grey, as the pack's text colour is) becomes
  0/0/0/100 and overprints, so 7 pt text and 0.4 mm QR modules print on one plate and
  cannot fringe when the plates are a hair out of register;
* every other colour is converted from sRGB through the profile in ``profiles/``
  (relative colorimetric); the profile limits total ink to
  300 %, and the converted values are listed in PRINTING.txt;
* :func:`make_pdfx` adds what ReportLab cannot: the output intent with the profile, the
  XMP packet naming PDF/X-4, ``/Trapped`` and PDF 1.6; images get an ICC-based sRGB space.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from reportlab.lib.colors import CMYKColor, Color

from .colours import rgb
from .resources import profiles_dir

PROFILE_FILE = "FOGRA39L-helpline-pack.icc"
SRGB_FILE = "sRGB-icc-profiles-free.icc"
CONDITION = "FOGRA39"
CONDITION_TEXT = "Offset printing, ISO 12647-2, coated paper (FOGRA39)"
REGISTRY = "http://www.color.org"
PDFX_VERSION = "PDF/X-4"
BLACK_CMYK = (0, 0, 0, 100)
MAX_INK = 300   # per cent, the sum of C, M, Y and K (the profile's own limit)
# "Black" for print: darker than this WCAG luminance and no more than this far from grey
# (0-255 between the largest and smallest channel). The default text colour #1B1B1F and a
# blue-black #1F2933 are black; the default purple #4A1F6F (as dark, but coloured) is not.
BLACK_LUMINANCE = 0.03
BLACK_SPREAD = 24


def is_black(hex_colour: str) -> bool:
    r, g, b = (round(c * 255) for c in rgb(hex_colour))
    if max(r, g, b) - min(r, g, b) > BLACK_SPREAD:
        return False

    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b) < BLACK_LUMINANCE


def profile_bytes() -> bytes:
    return (profiles_dir() / PROFILE_FILE).read_bytes()


@cache
def _transform():
    from PIL import ImageCms

    srgb = ImageCms.createProfile("sRGB")
    cmyk = ImageCms.getOpenProfile(str(profiles_dir() / PROFILE_FILE))
    # Relative colorimetric without black point compensation: the nearest colour the press
    # can print (the default teal lands within ΔE76 0.8 of the screen colour; compensation
    # lightens dark brand colours, the teal to ΔE 3.1).
    return ImageCms.buildTransform(srgb, cmyk, "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


@cache
def cmyk(hex_colour: str) -> tuple[int, int, int, int]:
    """``hex_colour`` for the print shop, in whole per cent: pure black for black, else
    converted through the profile (total ink never over :data:`MAX_INK`)."""
    if is_black(hex_colour):
        return BLACK_CMYK
    from PIL import Image, ImageCms

    pixel = Image.new("RGB", (1, 1), tuple(round(c * 255) for c in rgb(hex_colour)))
    converted = ImageCms.applyTransform(pixel, _transform())
    assert converted is not None   # applyTransform returns None only when told to work in place
    cmyk = converted.getpixel((0, 0))
    assert isinstance(cmyk, tuple)
    values = [round(v / 2.55) for v in cmyk]
    while sum(values) > MAX_INK:   # rounding may add a per cent; take it from the largest of C, M, Y
        values[max(range(3), key=lambda i: values[i])] -= 1
    return tuple(values)  # type: ignore[return-value]


Own = tuple[tuple[str, tuple[int, int, int, int]], ...]   # a pack's own CMYK values, by #RRGGBB


def printed(hex_colour: str, own: Own = ()) -> tuple[int, int, int, int]:
    """``hex_colour`` in a print shop's file: the pack's own CMYK values where it gives them,
    else :func:`cmyk`."""
    return next((values for colour, values in own if colour == hex_colour.upper()), None) or cmyk(hex_colour)


def ink(hex_colour: str, print_shop: bool, own: Own = ()) -> Color:
    """The ReportLab colour to draw ``hex_colour`` with (see the module's docstring)."""
    if print_shop:
        c, m, y, k = printed(hex_colour, own)
        return CMYKColor(c / 100, m / 100, y / 100, k / 100)
    if is_black(hex_colour):
        return CMYKColor(0, 0, 0, 1)   # drawn as DeviceGray 0 by :func:`office_colour`
    r, g, b = rgb(hex_colour)
    return Color(r, g, b)


def enforce(print_shop: bool, own: Own = ()):
    """ReportLab's colour hook for a whole canvas: every colour anything draws (an SVG logo
    included) passes through it, so a print-shop file can hold no RGB colour at all."""
    from reportlab.lib.colors import toColor

    def to_cmyk(colour) -> Color:
        c = toColor(colour)
        if isinstance(c, CMYKColor):
            return c
        hex_colour = "#" + "".join(f"{round(v * 255):02X}" for v in (c.red, c.green, c.blue))
        return ink(hex_colour, True, own)

    return to_cmyk if print_shop else None


def manifest_facts(colours) -> dict:
    """What the manifest records of a print-shop file: its standard, its output condition
    and profile, and each of the pack's colours as printed (C, M, Y, K in per cent)."""
    names = ("primary", "accent", "emergency", "text", "background")
    own = {colour for colour, _ in colours.cmyk}
    return {"pdf_standard": PDFX_VERSION, "output_condition": CONDITION, "output_profile": PROFILE_FILE,
            "colours_cmyk": {name: [getattr(colours, name), list(printed(getattr(colours, name), colours.cmyk))]
                             for name in names},
            "colours_cmyk_own": [name for name in names if getattr(colours, name) in own]}


def xmp(title: str, language: str, author: str, date: dt.date, producer: str, creator: str, *,
        pdfx: bool) -> bytes:
    """The document's XMP packet: title, language, author and dates (from the data, so the
    same input gives the same bytes), and for print-shop files the PDF/X version."""
    from xml.sax.saxutils import escape

    stamp = f"{date:%Y-%m-%d}T00:00:00Z"
    extra = (f'\n   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>'
             '\n   <pdf:Trapped>False</pdf:Trapped>') if pdfx else ""
    return f'''<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
   <xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>
   <pdf:Producer>{escape(producer)}</pdf:Producer>{extra}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>'''.encode()


def make_pdfx(pdf) -> None:
    """Turn an open pikepdf document drawn in CMYK into PDF/X-4: output intent with the
    profile, ``/Trapped /False``, and ICC-based sRGB for any RGB image (a raster logo)."""
    import pikepdf

    profile = pdf.make_stream(profile_bytes())
    profile.N = 4
    profile.Alternate = pikepdf.Name.DeviceCMYK
    pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX, OutputConditionIdentifier=CONDITION,
        OutputCondition=CONDITION_TEXT, RegistryName=REGISTRY, Info=CONDITION_TEXT, DestOutputProfile=profile)])
    pdf.trailer.Info.Trapped = pikepdf.Name("/False")
    srgb = None
    for page in pdf.pages:
        for image in _images(page.obj):
            if image.get("/ColorSpace") == pikepdf.Name.DeviceRGB:
                if srgb is None:
                    srgb = pdf.make_stream((profiles_dir() / SRGB_FILE).read_bytes())
                    srgb.N = 3
                    srgb.Alternate = pikepdf.Name.DeviceRGB
                image.ColorSpace = pikepdf.Array([pikepdf.Name.ICCBased, srgb])


def _images(owner, seen=None):
    """Every image XObject a page or form uses, forms followed to any depth (once each)."""
    seen = set() if seen is None else seen
    resources = owner.get("/Resources")
    xobjects = resources.get("/XObject") if resources is not None else None
    for xobject in (xobjects.values() if xobjects is not None else []):
        key = xobject.objgen
        if key in seen:
            continue
        seen.add(key)
        if xobject.get("/Subtype") == "/Image":
            yield xobject
        elif xobject.get("/Subtype") == "/Form":
            yield from _images(xobject, seen)
