"""End to end: build the default pack, then read the PDFs back the way a printer and a phone do."""

import hashlib
import re
from pathlib import Path

import london
import pypdfium2 as pdfium
import pytest
import zxingcpp
from helpers import assert_golden, dump_page, pdf_images
from PIL import ImageOps
from pypdf import PdfReader

from generator import poster
from generator.build import build
from generator.units import MM_PER_INCH, pt_to_mm
from generator.verify import verify

GOLDEN = Path(__file__).parent / "golden" / "poster-A4.txt"
SIZES = {"poster-A4.pdf": (210.0, 297.0), "poster-A3.pdf": (297.0, 420.0)}
DPI = 150


def _render(path: Path, dpi: int = DPI):
    document = pdfium.PdfDocument(path)
    try:
        return document[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def _text_layer(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        # PDFium reports a hyphen ending a line as U+FFFE (a guessed soft hyphen).
        text = document[0].get_textpage().get_text_range().replace("\ufffe", "-")
        return re.sub(r"\s+", " ", text)
    finally:
        document.close()


def test_build_writes_both_posters_and_a_manifest(default_build, default_pack):
    manifest = default_build.manifest
    assert manifest["pack"] == "london"
    assert manifest["data_date"] == default_pack.data_date.isoformat()
    files = {entry["path"]: entry for entry in manifest["files"] if entry["product"] == "poster"}
    assert set(files) == set(SIZES)
    for name, (w, h) in SIZES.items():
        entry = files[name]
        assert entry["product"] == "poster"
        assert entry["sheet_mm"] == [w, h]
        assert entry["pages"] == 1
        # The safe area is the 11 mm A4 margin, scaled with the layout on A3.
        m = 11.0 * w / 210.0
        assert entry["items"] == [{"page": 1, "side": "single", "trim_mm": [0.0, 0.0, w, h],
                                   "safe_mm": [round(m, 2), round(m, 2), round(w - 2 * m, 2), round(h - 2 * m, 2)],
                                   "round": False}]
        assert entry["min_pt"] == 12.0
        assert entry["qr_targets"] == sorted(london.QR_LINKS)
        assert entry["phone_numbers"] == ["999", *london.EVERY_NUMBER]


@pytest.mark.parametrize("name", sorted(SIZES))
def test_page_size_is_exact(default_build, name):
    page = PdfReader(default_build.file(name)).pages[0]
    w, h = SIZES[name]
    assert pt_to_mm(float(page.mediabox.width)) == pytest.approx(w, abs=0.05)
    assert pt_to_mm(float(page.mediabox.height)) == pytest.approx(h, abs=0.05)


@pytest.mark.parametrize("name", sorted(SIZES))
def test_both_qr_codes_decode_from_the_rendered_page_to_the_data(default_build, default_pack, name):
    image = _render(default_build.file(name))
    decoded = sorted(r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode))
    assert decoded == sorted(london.QR_LINKS)


def test_qr_codes_still_decode_from_a_rough_phone_like_capture(default_build, default_pack):
    # 1 m from an A4 poster a phone sees it at roughly 75 dpi, slightly turned and soft.
    from PIL import ImageFilter

    image = _render(default_build.file("poster-A4.pdf"), dpi=75)
    image = image.rotate(3, expand=True, fillcolor="white").filter(ImageFilter.GaussianBlur(0.8))
    decoded = {r.text for r in zxingcpp.read_barcodes(image)}
    assert decoded == set(london.QR_LINKS)


@pytest.mark.parametrize("name", sorted(SIZES))
def test_every_number_and_address_is_in_the_text_layer(default_build, default_pack, name):
    text = _text_layer(default_build.file(name))
    for name, number in {"National": london.FEATURED, **london.LISTED, "Crimestoppers": london.ANONYMOUS}.items():
        assert number in text and name.split()[0] in text, name
    assert f"Call {london.EMERGENCY}" in text
    assert f"press {london.PRESS}" in text
    flat = text.replace(" ", "")
    for url in london.QR_LINKS:
        assert url.removeprefix("https://").rstrip("/") in flat


@pytest.mark.parametrize("name", sorted(SIZES))
def test_fonts_are_embedded_and_helvetica_is_never_named(default_build, name):
    reader = PdfReader(default_build.file(name))
    raw = default_build.file(name).read_bytes()
    assert b"Helvetica" not in raw
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert len(fonts) == 2
    for font in fonts.values():
        font = font.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font \
            else font["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object()


@pytest.mark.parametrize("name", sorted(SIZES))
def test_document_info_language_and_print_scaling(default_build, default_pack, name):
    reader = PdfReader(default_build.file(name))
    root = reader.trailer["/Root"]
    assert root["/ViewerPreferences"]["/PrintScaling"] == "/None"
    assert root["/Lang"] == "en-GB"
    assert default_pack.title in reader.metadata.title
    assert reader.metadata.author
    assert reader.metadata["/CreationDate"].startswith("D:" + default_pack.data_date.strftime("%Y%m%d"))


@pytest.mark.parametrize("name", sorted(SIZES))
def test_nothing_is_printed_within_10_mm_of_the_edge(default_build, name):
    image = ImageOps.invert(_render(default_build.file(name)).convert("L"))
    band = round(10 * DPI / MM_PER_INCH)
    w, h = image.size
    for box in ((0, 0, w, band), (0, h - band, w, h), (0, 0, band, h), (w - band, 0, w, h)):
        assert image.crop(box).getbbox() is None, f"ink in the edge band {box}"


def test_same_input_gives_the_same_bytes(tmp_path):
    build(None, tmp_path / "a")
    build(None, tmp_path / "b")
    for name in [*SIZES, "manifest.json"]:
        a = hashlib.sha256((tmp_path / "a" / name).read_bytes()).hexdigest()
        b = hashlib.sha256((tmp_path / "b" / name).read_bytes()).hexdigest()
        assert a == b, name


def test_verify_passes_on_the_default_build(default_build):
    findings = verify(default_build.folder)
    assert findings and all(f.ok for f in findings), [str(f) for f in findings if not f.ok]


def test_verify_fails_when_the_pdf_does_not_match_the_manifest(default_build, tmp_path):
    import json
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(default_build.folder, broken)
    manifest = json.loads((broken / "manifest.json").read_text())
    entry = manifest["files"][0]
    entry["phone_numbers"].append("0808 801 032")
    entry["qr_codes"][0]["target"] = "https://example.org/"
    (broken / "manifest.json").write_text(json.dumps(manifest))
    failed = {(f.check, f.figure) for f in verify(broken) if not f.ok}
    assert ("number printed", "0808 801 032 not in the text layer") in failed
    assert any(check == "qr decodes" and "example.org" in figure for check, figure in failed)
    assert any(check == "qr unexpected" for check, _ in failed)


def test_layout_matches_the_golden_dump(default_pack):
    """Regenerate on purpose with UPDATE_GOLDEN=1 after a deliberate layout change."""
    assert_golden(GOLDEN, dump_page(poster.layout(default_pack)))


BRANDED = """\
extends: london
title: Support for patients of Riverside Surgery
branding:
  organisation: Riverside Surgery
  contact: Ask at reception for a private room
  logo: logo.png
services:
  listed:
    - mens-advice-line
    - id: riverside-idva
      name: Riverside IDVA service
      phone: "020 7946 0000"
      free: false
      hours: [{days: Mon-Fri, opens: "09:00", closes: "17:00"}]
      for: Riverside residents facing abuse
      description: Local advocates who help you plan to be safe.
      website: https://example.org/idva
      source: project-notes-2026
      checked_on: 2026-11
"""


def test_branded_pack_prints_its_name_logo_and_local_service_and_keeps_numbers_whole(tmp_path):
    from PIL import Image

    Image.new("RGB", (600, 200), (0, 110, 70)).save(tmp_path / "logo.png")
    (tmp_path / "pack.yaml").write_text(BRANDED)
    build(tmp_path / "pack.yaml", tmp_path / "out")
    pdf = tmp_path / "out" / "poster-A4.pdf"
    text = _text_layer(pdf)
    assert "Shared by Riverside Surgery" in text
    assert "Ask at reception for a private room" in text
    assert "Riverside IDVA service 020 7946 0000" in text
    assert "Mon to Fri, 9am to 5pm" in text
    assert "Every number on this poster is free to call" not in text   # the local line is not free
    # With fewer services the type grows; a phone number must still be on one line.
    assert "0808 2000 247" in text
    assert pdf_images(pdf), "the logo is missing"
    assert all(f.ok for f in verify(tmp_path / "out"))
