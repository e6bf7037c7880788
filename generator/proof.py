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
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
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


def print_guide(pack, entries: list[dict], folder: str, verified: tuple[int, int] | None) -> str:
    """PRINTING.txt: for each file, paper or label sheet, duplex, scaling, and where it goes."""
    words = pack.strings["printing"]
    lines = [fill(words["title"], title=pack.title), "",
             fill(words["checked"], month_year=month_year(pack.data_date, pack.strings)), "",
             fill(words["every_file"]), words["preview"], ""]
    seen_products = []
    for entry in entries:
        lines.append(_file_line(entry, words))
        lines += _print_shop_lines(entry, words)
        product = entry["product"]
        if product not in seen_products:
            seen_products.append(product)
            lines.append("  " + fill(words[f"where_{product.replace('-', '_')}"]))
        lines.append("")
    if any(e["product"] in ("wallet-card", "sticker") for e in entries):
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
    colours = "; ".join(f"{name} {hex_colour} = {'/'.join(str(v) for v in cmyk)}"
                        for name, (hex_colour, cmyk) in entry["colours_cmyk"].items())
    out.append("  " + fill(words["print_shop_colours"], colours=colours))
    return out


def _file_line(entry: dict, words: dict) -> str:
    name, product = entry["path"], entry["product"]
    width, height = entry["sheet_mm"]
    paper = {(210.0, 297.0): "A4", (297.0, 420.0): "A3"}.get((width, height), f"{width:g} x {height:g} mm")
    if product == "poster":
        return fill(words["poster"], file=name, paper=paper)
    if product == "wallet-card" and "cards_per_sheet" in entry:
        return fill(words["wallet_card_sheet"], file=name, count=str(entry["cards_per_sheet"]), paper=paper)
    if product == "wallet-card":
        card_w, card_h = entry["card_mm"]
        return fill(words["wallet_card_shop"], file=name, width=f"{card_w:g}", height=f"{card_h:g}",
                    bleed=f"{entry['bleed_mm']:g}")
    if product == "sticker":
        aliases = entry.get("label_sheet_aliases") or []
        return fill(words["sticker"], file=name, count=str(entry["count"]), sheet=entry["label_sheet"],
                    aliases=" " + words["aliases"].format(aliases=", ".join(aliases)).strip() if aliases else "",
                    start=str(entry["start_at"]))
    return fill(words["large_print"], file=name, pages=str(entry["pages"]))


def _wrapped(lines: list[str], width: int = 78) -> list[str]:
    import textwrap

    out = []
    for line in lines:
        indent = line[:len(line) - len(line.lstrip())]
        # A file's own line hangs, so the file names stand out down the left edge.
        hanging = indent or ("  " if line.split(":", 1)[0].endswith(".pdf") else "")
        out += textwrap.wrap(line, width, initial_indent="", subsequent_indent=hanging) or [""]
    return out
