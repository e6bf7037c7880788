"""Proofs and the print guide: what a manager looks at before anyone prints, and how to print.

``previews/`` gets a PNG of every page and ``proof.png``, the whole pack on one image for
an email; ``PRINTING.txt`` says, file by file, which paper, which label sheet, which duplex
setting, 100% scaling, and where the printed pieces help most. All of it is made from the
PDF bytes and the manifest, so the proof shows exactly what will print.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from . import resources
from .fonts import face
from .wording import fill, month_year

if TYPE_CHECKING:
    from PIL import Image, ImageFont

PREVIEW_DPI = 96
THUMB_HEIGHT_PX = 420       # every page on the proof sheet at the same height, A3 or card
PROOF_COLUMNS = 4
GAP_PX = 28
BACKDROP = (228, 228, 232)
INK = (27, 27, 31)


def page_images(data: bytes, dpi: float = PREVIEW_DPI) -> list[Image.Image]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return [document[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(document))]
    finally:
        document.close()


def _png(image: Image.Image) -> bytes:
    """A PNG of ``image`` in 256 colours. A page is a few inks and the anti-aliased edges
    between them, so the palette looks the same at preview size and takes a third of the
    bytes and under half the time to write that full colour does."""
    from PIL import Image

    buffer = io.BytesIO()
    image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(buffer, "PNG",
                                                                                          compress_level=1)
    return buffer.getvalue()


def previews(files: list[tuple[str, bytes]], title: str) -> list[tuple[str, bytes]]:
    """``previews/<file>-<page>.png`` for every page, and ``previews/proof.png``."""
    out = []
    thumbs = []
    for name, data in files:
        stem = name.removesuffix(".pdf")
        images = page_images(data)
        for number, image in enumerate(images, start=1):
            out.append((f"previews/{stem}-{number}.png", _png(image)))
            label = name if len(images) == 1 else f"{name}, page {number}"
            thumbs.append((label, image))
    out.append(("previews/proof.png", _png(proof_sheet(thumbs, title))))
    return out


def _font(key: str, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(resources.fonts_dir() / face(key).file), size)


def proof_sheet(pages: list[tuple[str, Image.Image]], title: str) -> Image.Image:
    """Every page at one height in a grid, each with its file name under it."""
    from PIL import Image, ImageDraw

    label_font, title_font = _font("regular", 18), _font("bold", 30)
    thumbs = []
    for label, image in pages:
        width = round(image.width * THUMB_HEIGHT_PX / image.height)
        thumbs.append((label, image.resize((width, THUMB_HEIGHT_PX), Image.Resampling.BOX)))
    rows = [thumbs[i:i + PROOF_COLUMNS] for i in range(0, len(thumbs), PROOF_COLUMNS)]
    label_h = 34
    width = max(sum(t.width for _, t in row) + GAP_PX * (len(row) + 1) for row in rows)
    height = 70 + len(rows) * (THUMB_HEIGHT_PX + label_h + GAP_PX) + GAP_PX
    sheet = Image.new("RGB", (width, height), BACKDROP)
    draw = ImageDraw.Draw(sheet)
    draw.text((GAP_PX, 22), title, font=title_font, fill=INK)
    y = 70
    for row in rows:
        x = GAP_PX
        for label, thumb in row:
            sheet.paste(thumb, (x, y))
            draw.rectangle((x - 1, y - 1, x + thumb.width, y + THUMB_HEIGHT_PX), outline=(160, 160, 168))
            draw.text((x, y + THUMB_HEIGHT_PX + 8), label, font=label_font, fill=INK)
            x += thumb.width + GAP_PX
        y += THUMB_HEIGHT_PX + label_h + GAP_PX
    return sheet


def print_guide(pack, entries: list[dict], folder: str, verified: tuple[int, int] | None,
                reach: dict[str, tuple[float, float]] | None = None) -> str:
    """PRINTING.txt: for each file, paper or label sheet, duplex, scaling, where it goes, and how
    far its QR codes scan from (``reach``: verify's figure per file, in mm, and the target)."""
    words = pack.strings["printing"]
    lines = [fill(words["title"], title=pack.title), "",
             fill(words["checked"], month_year=month_year(pack.data_date, pack.strings)), "",
             fill(words["every_file"]), words["preview"], ""]
    from .products import registry

    products = registry()
    seen_products = []
    for entry in entries:
        product = products[entry["product"]]
        lines.append(product.guide(entry, words))
        lines += _print_shop_lines(entry, words)
        if reach and entry["path"] in reach:
            got, want = reach[entry["path"]]
            text = words["scan_reach" if got >= want else "scan_reach_short"]
            lines.append("  " + fill(text, reach=f"{got / 10:.0f}", target=f"{want / 10:.0f}"))
        if product.id not in seen_products:
            seen_products.append(product.id)
            lines.append("  " + fill(words[product.where]))
        lines.append("")
    if any(products[e["product"]].on_stock for e in entries):
        lines += [fill(words["calibrate"]), ""]
    if verified is None:
        lines.append(fill(words["not_verified"], folder=folder))
    else:
        lines.append(fill(words["verify"], passed=str(verified[0]), failed=str(verified[1])))
    return "\n".join(_wrapped(lines)) + "\n"


def _print_shop_lines(entry: dict, words: dict) -> list[str]:
    """What a print shop's file is: standard, profile, bleed and each colour's CMYK."""
    if not entry.get("pdf_standard"):
        return []
    out = ["  " + fill(words["print_shop"], profile=entry["output_profile"])]
    if entry.get("bleed_mm"):
        out.append("  " + fill(words["print_shop_bleed"], bleed=f"{entry['bleed_mm']:g}"))
    own = entry.get("colours_cmyk_own", [])
    colours = "; ".join(f"{name} {hex_colour} = {'/'.join(str(v) for v in cmyk)}"
                        f"{' ' + words['print_shop_own'] if name in own else ''}"
                        for name, (hex_colour, cmyk) in entry["colours_cmyk"].items())
    out.append("  " + fill(words["print_shop_colours"], colours=colours))
    return out


def _wrapped(lines: list[str], width: int = 78) -> list[str]:
    import textwrap

    out = []
    for line in lines:
        indent = line[:len(line) - len(line.lstrip())]
        # A file's own line hangs, so the file names stand out down the left edge.
        hanging = indent or ("  " if line.split(":", 1)[0].endswith(".pdf") else "")
        out += textwrap.wrap(line, width, initial_indent="", subsequent_indent=hanging) or [""]
    return out
