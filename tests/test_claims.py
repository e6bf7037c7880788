"""Issue 18: every claim about a service comes from its record, every number from a record,
and the ways in for people who cannot hear, speak or read English are printed.

Facts asserted here are literals from data/services.yaml and data/emergency.yaml (and the
sources they cite in shared/facts-2026.md), never read back from the pack under test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from helpers import pdf_text

from generator import build as build_module
from generator.build import build
from generator.model import Hours, Pack, Wording
from generator.pack import load_pack


def _pack(tmp_path, text: str):
    path = tmp_path / "pack.yaml"
    path.write_text("extends: london\ntitle: Support\n" + text)
    return path


def test_a_discreet_karma_nirvana_card_claims_no_hours_its_record_cannot_back(tmp_path):
    # Karma Nirvana: Mon-Fri 9am-5pm, confirmed in 2020 only: no "day or night", no 24/7.
    pack = _pack(tmp_path, "services:\n  featured: karma-nirvana\n  listed: [hourglass]\n"
                           "products:\n  poster: null\n  sticker: null\n  large_print: null\n"
                           "  wallet_card: {front: discreet}\n")
    result = build(pack, tmp_path / "out", previews=False)
    assert not result.failed
    card = pdf_text(tmp_path / "out" / "wallet-card-print-shop.pdf")
    assert "0800 5999 247" in card and "Someone to talk to" in card
    for claim in ("day or night", "24/7", "24 hours", "Mon to Fri"):
        assert claim not in card, claim


def test_hours_print_only_while_the_record_is_within_the_packs_limit(tmp_path):
    # Hourglass: 24/7 from March 2022, not confirmed since.
    pack = _pack(tmp_path, "products:\n  wallet_card: null\n  sticker: null\n  large_print: null\n")
    build(pack, tmp_path / "now", previews=False, verify=False, today=dt.date(2026, 11, 30))
    build(pack, tmp_path / "then", previews=False, verify=False, today=dt.date(2022, 6, 1))
    now, then = (pdf_text(tmp_path / d / "poster-A4.pdf") for d in ("now", "then"))
    assert "0808 808 8141" in now and "0808 808 8141" in then
    assert now.count("Open 24 hours, every day") == 1          # the National Domestic Abuse Helpline only
    assert then.count("Open 24 hours, every day") == 2         # and Hourglass, while its 2022 record holds


@pytest.mark.slow
def test_the_default_pack_carries_the_routes_for_deaf_callers_and_the_landline(default_build):
    for name in ("poster-A4.pdf", "large-print-A4.pdf"):
        text = pdf_text(default_build.file(name))
        assert "emergencySMS" in text and '"register" to 999' in text, name
        assert "18000" in text and "18001" in text, name
        assert "On a landline, stay on the line" in text, name
        assert "Interpreters for many languages" in text, name
    page = default_build.file("pack.html").read_text()
    assert "emergencySMS" in page and "&quot;register&quot; to 999" in page and "18000" in page
    assert "On a landline, stay on the line" in page and "Interpreters for many languages" in page
    card = pdf_text(default_build.file("wallet-card-print-shop.pdf"))
    assert "Text relay 18000" in card and "text 999 once registered" in card


@pytest.mark.slow
def test_large_print_says_sheet_and_no_web_address_is_labelled_as_hours(default_build):
    text = pdf_text(default_build.file("large-print-A4.pdf"))
    assert "on this sheet" in text and "on this poster" not in text
    assert "Opening hours:" not in text


def test_a_sticker_puts_free_and_24_7_next_to_the_number_they_are_about(tmp_path):
    pack = _pack(tmp_path, 'services:\n  local:\n    name: Riverside Outreach\n    phone: "020 7946 0003"\n'
                           "    for: adults in Riverside\n    checked_on: 2026-11\n"
                           "products:\n  poster: null\n  wallet_card: null\n  large_print: null\n")
    build(pack, tmp_path / "out", previews=False, verify=False)
    text = pdf_text(tmp_path / "out" / "stickers-L7160.pdf")
    # Read down a label: the facts, then the number they are about, then the local line.
    assert "Free, 24/7 0808 2000 247 Local: 020 7946 0003" in text


def test_verify_fails_a_24_7_claim_the_data_does_not_support(tmp_path, monkeypatch):
    # A layout bug that printed every service as always open: Karma Nirvana's record says
    # Mon-Fri, and verify, reading the data itself, must catch it.
    monkeypatch.setattr(Pack, "vouched_hours", lambda self, service: Hours(always=True))
    pack = _pack(tmp_path, "products:\n  wallet_card: null\n  sticker: null\n  large_print: null\n")
    result = build(pack, tmp_path / "out", previews=False)
    failed = [f for f in result.findings if not f.ok]
    assert failed and all(f.check == "claims traced" for f in failed)
    assert "Karma Nirvana's record does not say it is open 24/7" in " ".join(f.figure for f in failed) or \
        "Respect Phoneline's record does not say it is open 24/7" in " ".join(f.figure for f in failed)


def test_verify_fails_a_claim_printed_without_the_manifest_listing_it(tmp_path, monkeypatch):
    # The page says "24/7" more often than the build says it printed it (an edited file).
    monkeypatch.setattr(build_module, "claims", lambda pages, strings: [])
    pack = _pack(tmp_path, "products:\n  poster: null\n  wallet_card: null\n  large_print: null\n")
    result = build(pack, tmp_path / "out", previews=False)
    failed = [f for f in result.findings if not f.ok]
    assert [f.check for f in failed] == ["claims traced"]
    assert 'says "always open" 21 time(s) where the build printed 0' in failed[0].figure


def test_verify_fails_a_number_no_record_has(tmp_path):
    # Validation refuses a number in the headline; a pack that slipped past it (a bug, or an
    # edited file) must still fail verify.
    pack = load_pack(_pack(tmp_path, "products:\n  wallet_card: null\n  sticker: null\n  large_print: null\n"))
    pack = replace(pack, wording=Wording(headline="Call 0808 2000 248", strapline=None))
    result = build(pack, tmp_path / "out", previews=False)
    failed = [f for f in result.findings if not f.ok]
    assert {f.check for f in failed} == {"numbers traced"}
    assert "08082000248" in failed[0].figure


@pytest.mark.parametrize("field, text", [
    ("wording:\n  strapline", "Ring 0808 2000 248 any time."),
    ("branding:\n  organisation: Riverside\n  contact", "Call us on 020-7946-0123"),
])
def test_a_number_in_free_text_is_refused(tmp_path, field, text):
    from conftest import run_cli

    result = run_cli("check", "--config", _pack(tmp_path, f"{field}: {text}\n"))
    assert result.code == 2 and "has a phone number in it" in result.err


def test_a_translation_with_a_number_in_a_sentence_is_refused(tmp_path):
    from generator.errors import DataError
    from generator.languages import _refuse_numbers

    with pytest.raises(DataError, match="has a phone number in it"):
        _refuse_numbers({"poster": {"headline": "Zadzwoń 0808 2000 248"}}, "data/strings/pl.yaml", "strings")
    _refuse_numbers({"poster": {"headline": "Zadzwoń {emergency}, 24/7"}}, "data/strings/pl.yaml", "strings")
