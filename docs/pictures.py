"""Render the README's pictures from real builds: ``python docs/pictures.py``.

Each picture is a page of a PDF the tool built, rendered with PDFium, so the README never
shows a layout the code no longer makes. Run it after a change to what products print.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import build  # noqa: E402

DOCS = ROOT / "docs"
GREY = (208, 208, 214)


def page(pdf: Path, index: int = 0, dpi: float = 72) -> Image.Image:
    document = pdfium.PdfDocument(pdf)
    try:
        return document[index].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def side_by_side(images: list[Image.Image], gap: int = 24) -> Image.Image:
    width = sum(i.width for i in images) + gap * (len(images) + 1)
    height = max(i.height for i in images) + 2 * gap
    sheet = Image.new("RGB", (width, height), GREY)
    x = gap
    for image in images:
        sheet.paste(image, (x, gap))
        x += image.width + gap
    return sheet


def card(folder: Path) -> Image.Image:
    shop = folder / "wallet-card-print-shop.pdf"
    return side_by_side([page(shop, 0, 300), page(shop, 1, 300)]).resize((1660, 568))


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        build(None, out / "london")
        page(out / "london" / "poster-A4.pdf").save(DOCS / "poster-A4.png")
        card(out / "london").save(DOCS / "wallet-card.png")
        Image.open(out / "london" / "previews" / "proof.png").save(DOCS / "proof.png")
        for nation in ("scotland", "wales"):
            pack = out / f"{nation}.yaml"
            pack.write_text(f"extends: {nation}\ntitle: Domestic abuse support\n")
            build(pack, out / nation, previews=False)
        card(out / "scotland").save(DOCS / "card-scotland.png")
        page(out / "wales" / "poster-A4.pdf").save(DOCS / "poster-wales.png")
        welsh = out / "welsh-bilingual"
        build(ROOT / "examples" / "welsh-bilingual" / "pack.yaml", welsh, previews=False)
        page(welsh / "poster-A4.pdf", dpi=96).save(DOCS / "poster-welsh-bilingual.png")
        shop = welsh / "wallet-card-print-shop.pdf"
        side_by_side([page(shop, 0, 250), page(shop, 1, 250)]).save(DOCS / "wallet-card-welsh-bilingual.png")
        page(welsh / "large-print-A4.pdf", dpi=96).save(DOCS / "welsh-bilingual.png")
    print("wrote docs/poster-A4.png, wallet-card.png, proof.png, card-scotland.png, poster-wales.png, "
          "poster-welsh-bilingual.png, wallet-card-welsh-bilingual.png, welsh-bilingual.png")


if __name__ == "__main__":
    main()
