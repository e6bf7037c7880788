"""Issue 22: the A5 leaflet, added as one module of generator/products plus its strings,
proves the registry: build, verify, PRINTING.txt and --products find it without being told."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from conftest import run_cli
from helpers import pdf_text

from generator.build import build
from generator.products import product_ids

LEAFLET = ("extends: london\ntitle: Support\nservices:\n  listed: [respect-phoneline, mens-advice-line, "
           "karma-nirvana]\nproducts:\n  leaflet: {}\n")


def test_the_registry_lists_every_product_in_the_order_they_are_shown():
    assert product_ids() == ("poster", "wallet-card", "sticker", "leaflet", "large-print")


@pytest.mark.slow
def test_the_leaflet_is_two_a5_sides_that_pass_verify(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(LEAFLET)
    result = build(pack, tmp_path / "out", products="leaflet", previews=False)
    assert not result.failed, [str(f) for f in result.findings if not f.ok]
    pdf = tmp_path / "out" / "leaflet-A5.pdf"
    document = pdfium.PdfDocument(pdf)
    assert len(document) == 2
    for page in document:
        assert (round(page.get_width() / 72 * 25.4, 1), round(page.get_height() / 72 * 25.4, 1)) == (148.0, 210.0)
    document.close()
    text = pdf_text(pdf)
    for number in ("0808 2000 247", "0808 802 4040", "0808 801 0327", "0800 5999 247", "0800 555 111"):
        assert number in text
    assert "emergencySMS" in text and "On a landline, stay on the line" in text
    guide = (tmp_path / "out" / "PRINTING.txt").read_text()
    assert "leaflet-A5.pdf: the A5 leaflet, 2 sides" in guide and "Where: in a rack" in guide


def test_a_leaflet_with_more_than_two_sides_of_helplines_says_which_to_drop(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: london\ntitle: Support\nproducts:\n  leaflet: {}\n")
    result = run_cli("build", "--config", pack, "--out", tmp_path / "out", "--products", "leaflet")
    assert result.code == 2
    assert "more than two A5 sides hold at 12 pt" in result.err and "from services.listed" in result.err
    assert not (tmp_path / "out").exists()


def test_an_unknown_product_lists_the_registry(tmp_path):
    result = run_cli("build", "--out", tmp_path / "out", "--products", "leaflett")
    assert result.code == 2 and "poster, wallet-card, sticker, leaflet, large-print" in result.err
