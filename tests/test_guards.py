"""Guards broken on purpose (issue 20): each rule that keeps a printed fact right is switched
off, and verify, reading the PDF back, must fail the build it lets through."""

from __future__ import annotations

import pytest

from generator import shaping
from generator.build import build
from generator.verify import verify

LOCAL_PHONE = "020 7946 0123"


def _rtl_pack(tmp_path, language: str):
    tmp_path.mkdir(parents=True, exist_ok=True)
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"""extends: london
language: {language}
services:
  local:
    name: Riverside IDVA Service
    phone: "{LOCAL_PHONE}"
    hours: 24/7
    for: adults in Riverside
    checked_on: 2026-11
""", encoding="utf-8")
    return pack


def _number_failures(tmp_path, language: str) -> list[str]:
    out = tmp_path / "out"
    build(_rtl_pack(tmp_path, language), out, products="sticker", verify=False, previews=False)
    return [f.figure for f in verify(out) if not f.ok and f.check == "number printed"]


@pytest.mark.parametrize("language", ["ar", "ur"])
def test_without_the_left_to_right_number_rule_a_right_to_left_sticker_fails_verify(monkeypatch, tmp_path,
                                                                                      language):
    """The sticker's "Local: 020 7946 0123" line, in Arabic or Urdu, is a number straight after
    right-to-left letters. The bidi algorithm alone takes the spaces between its groups as
    right to left and prints "0123 7946 020"; shaping.line_runs keeps a number one
    left-to-right unit. Switch that rule off (and only that one), and verify must fail."""
    assert _number_failures(tmp_path / "with", language) == []
    monkeypatch.setattr(shaping, "_NUMBER", shaping.re.compile(r"(?!x)x"))
    shaping.line_runs.cache_clear()
    try:
        failures = _number_failures(tmp_path / "without", language)
    finally:
        monkeypatch.undo()
        shaping.line_runs.cache_clear()
    assert f"{LOCAL_PHONE} not in the text layer" in failures
