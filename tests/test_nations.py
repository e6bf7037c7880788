"""Issue 17: every UK nation gets its own helpline and links; numbers as people write them;
packs bring their own links; no QR code; translations that survive a growing catalogue.

Expected numbers and addresses are literals from data/services.yaml, data/links.yaml and
shared/facts-2026.md, never read back from the pack under test.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from conftest import run_cli
from helpers import pdf_text

from generator.build import build
from generator.catalogue import load_catalogue
from generator.languages import load_language
from generator.pack import load_pack

MET = "https://www.met.police.uk/advice/advice-and-information/daa/domestic-abuse/"
COVID = "coronavirus"
FEATURED = {            # nation pack -> (featured number as printed, the QR addresses it carries)
    "england": ("0808 2000 247", {"https://www.gov.uk/guidance/domestic-abuse-how-to-get-help"}),
    "london": ("0808 2000 247", {MET, "https://www.gov.uk/guidance/domestic-abuse-how-to-get-help"}),
    "wales": ("0808 80 10 800", {"https://gov.wales/live-fear-free"}),
    "scotland": ("0800 027 1234", {
        "https://scotland.police.uk/advice-and-information/domestic-abuse/what-can-i-do-if-this-is-happening-to-me"}),
    "northern-ireland": ("0808 802 1414", {"https://dsahelpline.org/"}),
}


def _decoded(folder: Path) -> set[str]:
    """Every QR code on every page of every PDF, read from the rendered page as a phone would."""
    found: set[str] = set()
    for pdf in folder.glob("*.pdf"):
        document = pdfium.PdfDocument(pdf)
        try:
            for page in document:
                image = page.render(scale=300 / 72, grayscale=True).to_pil()
                found |= {r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)}
        finally:
            document.close()
    return found


@pytest.mark.slow
@pytest.mark.parametrize("nation", list(FEATURED))
def test_each_nation_builds_every_product_with_its_own_helpline_and_links(tmp_path, nation):
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"extends: {nation}\ntitle: Support\n")
    result = build(pack, tmp_path / "out", previews=False)
    assert not result.failed, [str(f) for f in result.findings if not f.ok]
    names = {p.name for p in (tmp_path / "out").glob("*.pdf")}
    assert names == {"poster-A4.pdf", "poster-A3.pdf", "wallet-cards-A4.pdf", "wallet-card-print-shop.pdf",
                     "stickers-L7160.pdf", "large-print-A4.pdf"}
    number, links = FEATURED[nation]
    for name in names:
        assert number in pdf_text(tmp_path / "out" / name), name
    decoded = _decoded(tmp_path / "out")
    assert decoded == links
    assert not any(COVID in url for url in decoded)
    if nation != "london":
        assert MET not in decoded


def test_a_service_for_another_nation_is_refused_and_an_unconfirmed_one_warned(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: scotland\nservices:\n  listed: [live-fear-free]\n")
    result = run_cli("check", "--config", pack)
    assert result.code == 2 and "serves Wales only" in result.err and "extends: wales" in result.err
    pack.write_text("extends: scotland\nservices:\n  listed: [respect-phoneline, galop]\n")
    result = run_cli("check", "--config", pack)
    assert result.code == 0
    assert "services.galop.serves" in result.err and "respect-phoneline.serves" not in result.err


def test_a_pack_with_its_own_police_link_and_source_builds_and_its_code_goes_there(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "extends: wales\ntitle: Support in Cardiff\n"
        "links:\n  - id: south-wales-police\n    url: https://www.south-wales.police.uk/domestic-abuse\n"
        "    owner: South Wales Police\n    kind: police\n    source: opened the page, 2026-11\n"
        "    checked_on: 2026-11\n"
        "qr_links: [south-wales-police, live-fear-free-wales]\n"
        "products:\n  wallet_card: null\n  sticker: null\n  large_print: null\n")
    result = build(pack, tmp_path / "out", previews=False)
    assert not result.failed
    assert _decoded(tmp_path / "out") == {"https://www.south-wales.police.uk/domestic-abuse",
                                          "https://gov.wales/live-fear-free"}
    text = pdf_text(tmp_path / "out" / "poster-A4.pdf")
    assert "Advice from South Wales Police" in text and "Guidance from Welsh Government" in text


def test_only_a_police_link_is_captioned_as_the_police(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: northern-ireland\ntitle: Support\nproducts:\n  poster: null\n  sticker: null\n"
                    "  large_print: null\n")
    build(pack, tmp_path / "out", previews=False, verify=False)
    card = pdf_text(tmp_path / "out" / "wallet-card-print-shop.pdf")
    assert "Scan for help online" in card and "police advice" not in card


@pytest.mark.parametrize("written", ["+44 20 7946 0123", "(020) 7946 0123", "020-7946-0123", "101"])
def test_numbers_as_people_write_them_are_read_and_printed_in_uk_grouping(tmp_path, written):
    pack = tmp_path / "pack.yaml"
    pack.write_text(f'extends: london\nservices:\n  local:\n    name: Riverside Outreach\n    phone: "{written}"\n'
                    "    for: adults in Riverside\n    checked_on: 2026-11\n")
    local = load_pack(pack).local
    expected = ("101", "101") if written == "101" else ("02079460123", "020 7946 0123")
    assert (local.phone.dial, local.phone.print) == expected


@pytest.mark.parametrize("written, reason", [
    ("0909 879 0000", "premium-rate"), ("070 4612 3456", "personal number"), ("0845 123 4567", "service-charge"),
    ("+1 202 555 0143", "not a UK number"), ("09 09", "not a valid UK number")])
def test_chargeable_and_foreign_numbers_are_refused(tmp_path, written, reason):
    pack = tmp_path / "pack.yaml"
    pack.write_text(f'extends: london\nservices:\n  local:\n    name: Riverside Outreach\n    phone: "{written}"\n'
                    "    for: adults in Riverside\n    checked_on: 2026-11\n")
    result = run_cli("check", "--config", pack)
    assert result.code == 2 and reason in result.err and "Traceback" not in result.err


def test_short_numbers_and_the_text_relay_prefix_are_valid_where_real():
    from generator.phones import uk_number_problem

    for good in ("101", "111", "116123", "18000", "1800108082000247"):
        assert uk_number_problem(good) is None, good
    assert uk_number_problem("118118") is not None       # directory enquiries: premium
    assert uk_number_problem("1800109098790000") is not None


@pytest.mark.slow
def test_no_qr_links_builds_every_product_without_codes(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: london\ntitle: No codes\nqr_links: []\n")
    result = build(pack, tmp_path / "out", previews=False)
    assert not result.failed
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 6
    assert _decoded(tmp_path / "out") == set()


def test_a_service_a_translation_lacks_falls_back_to_english_and_marks_a_draft():
    polish = load_language("pl", None, ("national-domestic-abuse-helpline", "a-service-added-later"))
    assert "strings.services.a-service-added-later" in polish.fallbacks
    assert not polish.reviewed
    catalogue = load_catalogue()
    assert set(catalogue.services) - {"a-service-added-later"} == set(catalogue.services)


def test_a_polish_pack_over_scotland_builds_with_its_helpline(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: scotland\ntitle: Wsparcie\nlanguage: pl\n")
    result = build(pack, tmp_path / "out", previews=False)
    assert not result.failed
    poster = pdf_text(tmp_path / "out" / "poster-A4.pdf")
    assert "0800 027 1234" in poster and "Tłumaczenie robocze" in poster


@pytest.mark.parametrize("nation, featured", [("scotland", "scotland-domestic-abuse-helpline"),
                                              ("wales", "live-fear-free")])
def test_init_writes_a_starter_for_a_nation_that_builds(tmp_path, nation, featured):
    path = tmp_path / "starter.yaml"
    assert run_cli("init", path, "--nation", nation).code == 0
    text = path.read_text()
    assert f"extends: {nation}" in text and f"featured: {featured}" in text
    assert load_pack(path).featured.id == featured
    assert run_cli("init", tmp_path / "x.yaml", "--nation", "cornwall").code == 2
