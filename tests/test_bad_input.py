"""Every bad input: one line naming file, line and field, exit code 2, nothing written."""

from pathlib import Path

import pytest

from tests.conftest import run_cli

GOOD = "extends: london\n"


def _build(tmp_path: Path, pack: Path) -> tuple:
    out = tmp_path / "out"
    result = run_cli("build", "--config", pack, "--out", out)
    return result, out


def _assert_refused(result, out: Path, *fragments: str) -> None:
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert "Traceback" not in result.err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert not out.exists() or not any(out.iterdir()), "a failed build must write nothing"


CASES = {
    "digit-short": (
        GOOD + "services:\n  listed:\n    - id: local-line\n      name: Local line\n"
        '      phone: "0808 801 032"\n      free: true\n      hours: 24/7\n      for: anyone\n'
        "      description: A line.\n      website: https://example.org/\n      source: met-2020\n"
        "      checked_on: 2026-11\n",
        ["mypack.yaml:6:", "services.listed[0].phone", '"0808 801 032"', "10 digits; expected 11"]),
    "unknown-key": (GOOD + "brandng:\n  organisation: X\n", ["mypack.yaml:2:", "unknown field `brandng`",
                                                          "did you mean `branding`"]),
    "unknown-service": (GOOD + "services:\n  listed: [mens-advise-line]\n",
                        ["mypack.yaml:3:", "services.listed[0]", "mens-advise-line", "not a known service"]),
    "http-link": (
        GOOD + "services:\n  listed:\n    - id: local-line\n      name: Local line\n"
        '      phone: "0808 801 0327"\n      free: true\n      hours: 24/7\n      for: anyone\n'
        "      description: A line.\n      website: http://example.org/\n      source: met-2020\n"
        "      checked_on: 2026-11\n",
        ["mypack.yaml:11:", "website", "not an https address"]),
    "tracking-link": (
        GOOD + "services:\n  listed:\n    - id: local-line\n      name: Local line\n"
        '      phone: "0808 801 0327"\n      free: true\n      hours: 24/7\n      for: anyone\n'
        "      description: A line.\n      website: https://example.org/?utm_source=poster\n"
        "      source: met-2020\n      checked_on: 2026-11\n",
        ["website", "tracking parameters"]),
    "tab-indent": (GOOD + "branding:\n\torganisation: X\n", ["mypack.yaml:3:", "tab"]),
    "unclosed-quote": (GOOD + 'title: "Riverside\n', ["mypack.yaml", "not valid YAML"]),
    "empty": ("", ["mypack.yaml", "empty"]),
    "not-a-mapping": ("- a\n- b\n", ["mypack.yaml:1:", "mapping"]),
    "python-tag": (GOOD + "title: !!python/object/apply:os.system ['echo hi']\n",
                   ["mypack.yaml:2:", "tags that build objects are not allowed"]),
    "alias": (GOOD + "title: &t Riverside\nwording:\n  headline: *t\n", ["mypack.yaml:4:", "aliases"]),
    "duplicate-key": (GOOD + "title: A\ntitle: B\n", ["mypack.yaml:3:", "duplicate key 'title'"]),
    "wrong-type": (GOOD + "data_max_age_months: soon\n", ["mypack.yaml:2:", "data_max_age_months",
                                                          "whole number"]),
    "free-mismatch": (
        GOOD + "services:\n  listed:\n    - id: local-line\n      name: Local line\n"
        '      phone: "020 7946 0000"\n      free: true\n      hours: 24/7\n      for: anyone\n'
        "      description: A line.\n      website: https://example.org/\n      source: met-2020\n"
        "      checked_on: 2026-11\n",
        ["mypack.yaml:7:", "free", "not a freephone"]),
    "missing-field": (
        GOOD + "services:\n  listed:\n    - id: local-line\n      name: Local line\n"
        '      phone: "0808 801 0327"\n      free: true\n',
        ["services.listed[0]", "missing required field `hours`"]),
    "bad-colour": (GOOD + "colours:\n  primary: purple\n", ["mypack.yaml:3:", "colours.primary",
                                                            "not a colour"]),
    "low-contrast": (GOOD + 'colours:\n  text: "#BBBBBB"\n', ["colours.text", "contrast", "4.5:1"]),
    "headline-too-long": (GOOD + "wording:\n  headline: " + "Help " * 10 + "\n",
                          ["wording.headline", "keep it to 32"]),
    "logo-outside": (GOOD + "branding:\n  logo: ../../etc/passwd\n", ["branding.logo", "outside the pack's folder"]),
    "logo-missing": (GOOD + "branding:\n  logo: nowhere.png\n", ["branding.logo", "does not exist"]),
    "unknown-extends": ("extends: londn\n", ["mypack.yaml:1:", "extends", "not a built-in pack"]),
    "no-extends": ("title: Mine\n", ["mypack.yaml:1:", "extends: london"]),
    "bad-date": (
        GOOD + "services:\n  listed:\n    - id: local-line\n      name: Local line\n"
        '      phone: "0808 801 0327"\n      free: true\n      hours: 24/7\n      for: anyone\n'
        "      description: A line.\n      website: https://example.org/\n      source: met-2020\n"
        "      checked_on: last week\n",
        ["mypack.yaml:13:", "checked_on", "YYYY-MM-DD"]),
    "low-contrast-suggests": (GOOD + 'colours:\n  primary: "#8FA3D6"\n',
                              ["mypack.yaml:3:", "colours.primary", '"#8FA3D6"', "2.5:1",
                               'the nearest that passes is "#5573C1"']),
    "strapline-too-long": (GOOD + "wording:\n  strapline: " + "Help is here. " * 10 + "\n",
                           ["wording.strapline", "keep it to 120"]),
    "local-digit-short": (GOOD + 'services:\n  local:\n    name: Local line\n    phone: "020 7946 012"\n'
                          "    for: anyone\n    checked_on: 2026-11\n",
                          ["mypack.yaml:5:", "services.local.phone", "10 digits; expected 11"]),
    "local-name-too-long": (GOOD + "services:\n  local:\n    name: " + "Riverside " * 6 + "\n"
                            '    phone: "020 7946 0123"\n    for: anyone\n    checked_on: 2026-11\n',
                            ["mypack.yaml:4:", "services.local.name", "keep it to 40"]),
    "local-without-date": (GOOD + 'services:\n  local:\n    name: Local line\n    phone: "020 7946 0123"\n'
                           "    for: anyone\n",
                           ["services.local", "missing required field `checked_on`"]),
    "local-same-number": (GOOD + 'services:\n  local:\n    name: Local line\n    phone: "0800 1111"\n'
                          "    for: anyone\n    checked_on: 2026-11\n",
                          ["services.listed", "0800 1111 appears twice", "childline and local"]),
    "large-print-too-small": (GOOD + "products:\n  large_print:\n    body_pt: 12\n",
                              ["mypack.yaml:4:", "products.large_print.body_pt", "from 18 to 28"]),
    "accent-missing-contrast": (GOOD + 'colours:\n  accent: "#FFCC00"\n',
                                ["colours.accent", "local service", "1.5:1", 'nearest that passes is "#']),
    "card-front": (GOOD + "products:\n  wallet_card:\n    front: secret\n",
                   ["mypack.yaml:4:", "products.wallet_card.front", '"secret"', "did you mean 'discreet'"]),
    "card-service-not-listed": (GOOD + "products:\n  wallet_card:\n    services: [crimestoppers]\n",
                                ["mypack.yaml:4:", "products.wallet_card.services[0]", "not in services.listed"]),
    "card-coloured-without-bleed": (
        GOOD + "products:\n  wallet_card:\n    imposition: a4-10up\ncolours:\n  background: \"#FFF8E7\"\n",
        ["mypack.yaml:", "products.wallet_card.imposition", "a4-10up", "bleed"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_pack_is_refused_with_one_clear_line(name, write_pack, tmp_path):
    text, fragments = CASES[name]
    pack = write_pack(text)
    result, out = _build(tmp_path, pack)
    _assert_refused(result, out, *fragments)


def test_binary_file(tmp_path):
    pack = tmp_path / "mypack.yaml"
    pack.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result, out = _build(tmp_path, pack)
    _assert_refused(result, out, "binary file")


def test_missing_file_and_directory(tmp_path):
    result, out = _build(tmp_path, tmp_path / "nope.yaml")
    _assert_refused(result, out, "nope.yaml", "no such file")
    result, out = _build(tmp_path, tmp_path)
    _assert_refused(result, out, "is a folder")


def test_unknown_product_on_the_command_line(tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", "--out", out, "--products", "posterr")
    _assert_refused(result, out, "--products", '"posterr" is not a product')


def test_too_many_services_for_the_poster_fail_with_what_to_drop(write_pack, tmp_path):
    listed = "".join(
        f"    - id: local-{i}\n      name: Local line {i}\n      phone: \"0808 801 03{i:02d}\"\n"
        "      free: true\n      hours: 24/7\n      for: anyone in the area\n"
        "      description: A line.\n      website: https://example.org/\n"
        "      source: met-2020\n      checked_on: 2026-11\n" for i in range(10, 19))
    pack = write_pack(GOOD + "services:\n  listed:\n" + listed)
    result, out = _build(tmp_path, pack)
    # Nine rows where A4 holds seven at 12 pt: the message names the two to drop, from the end.
    _assert_refused(result, out, "too tall", "drop `local-17` and `local-18` from services.listed")


def test_failed_build_leaves_the_previous_output_untouched(write_pack, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "--out", out, "--products", "poster").code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert out / "previews" / "proof.png" in before
    bad = write_pack(GOOD + "colours:\n  primary: purple\n")
    assert run_cli("build", "--config", bad, "--out", out).code == 2
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_check_validates_and_writes_nothing(write_pack, tmp_path):
    result = run_cli("check", "--config", write_pack(GOOD))
    assert result.code == 0 and "valid" in result.out
    result = run_cli("check", "--config", write_pack(GOOD + "brandng: {}\n", "other.yaml"))
    assert result.code == 2 and "other.yaml:2:" in result.err


def test_output_folder_that_is_a_file(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    result = run_cli("build", "--out", blocker)
    assert result.code == 2 and "cannot create the output folder" in result.err
    assert blocker.read_text() == "not a folder"
