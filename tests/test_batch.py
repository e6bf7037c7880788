"""``batch``: one pack per CSV row, bad rows skipped with their row, resumable, one ZIP."""

import json
import zipfile
from pathlib import Path

import pytest

from generator import batch
from generator.verify import verify
from tests.conftest import run_cli
from tests.helpers import pdf_text

HEADER = "site,local_service,local_phone,local_hours,local_for,local_checked_on\n"
GOOD_ROWS = [
    'Riverside Surgery,Riverside IDVA Service,020 7946 0123,"Mon to Fri, 9am to 5pm",adults in Riverside,2026-11\n',
    "Eastgate Pharmacy,,,,,\n",
    "Hillside Health Centre,Hillside Outreach,020 7946 0456,24/7,people in Hillside,2026-10\n",
]
BAD_ROWS = [
    "Bad Number Practice,Local line,020 7946 012,24/7,anyone,2026-11\n",                 # a digit short
    "A Practice With A Name Far Too Long To Fit On Any Wallet Card Or Poster At All Ever,,,,,\n",
]


def _sites(tmp_path: Path, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / "sites.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def test_every_good_row_builds_and_bad_rows_are_skipped_with_their_row(tmp_path):
    sites = _sites(tmp_path, [GOOD_ROWS[0], BAD_ROWS[0], GOOD_ROWS[1], BAD_ROWS[1], GOOD_ROWS[2]])
    out = tmp_path / "out"
    result = run_cli("batch", sites, "--out", out, "--jobs", "2", "--products", "poster,wallet-card,sticker")
    assert result.code == 2, result
    # Row numbers as a spreadsheet shows them: the header is row 1.
    assert 'sites.csv:3: local_phone: "020 7946 012" is not a valid UK number' in result.err
    assert "sites.csv:5: site:" in result.err and "keep it to 60 or fewer" in result.err
    assert "Traceback" not in result.err
    assert "batch: 3 built; 0 already built from the same input; 2 bad rows skipped (rows 3, 5)" in result.out
    assert sorted(p.name for p in out.iterdir()) == ["eastgate-pharmacy", "hillside-health-centre",
                                                     "riverside-surgery"]
    for site in out.iterdir():
        manifest = json.loads((site / "manifest.json").read_text())
        assert {f["path"] for f in manifest["files"]} == {"poster-A4.pdf", "poster-A3.pdf", "wallet-cards-A4.pdf",
                                                         "wallet-card-print-shop.pdf", "stickers-L7160.pdf"}
    poster = pdf_text(out / "hillside-health-centre" / "poster-A4.pdf")
    assert "Shared by Hillside Health Centre" in poster and "020 7946 0456" in poster
    assert "Hillside Outreach" in poster
    assert "Riverside" not in pdf_text(out / "eastgate-pharmacy" / "poster-A4.pdf")
    findings = verify(out / "hillside-health-centre")
    assert findings and all(f.ok for f in findings), [str(f) for f in findings if not f.ok]


def test_a_second_run_skips_sites_already_built_and_rebuilds_a_changed_row(tmp_path):
    sites = _sites(tmp_path, GOOD_ROWS)
    out = tmp_path / "out"
    assert run_cli("batch", sites, "--out", out, "--jobs", "1", "--products", "sticker").code == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    result = run_cli("batch", sites, "--out", out, "--jobs", "1", "--products", "sticker")
    assert result.code == 0 and "batch: 0 built; 3 already built from the same input" in result.out
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")} == before
    _sites(tmp_path, [GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[2].replace("0456", "0457")])
    result = run_cli("batch", sites, "--out", out, "--jobs", "1", "--products", "sticker")
    assert "batch: 1 built; 2 already built from the same input" in result.out
    assert "020 7946 0457" in pdf_text(out / "hillside-health-centre" / "stickers-L7160.pdf")


def test_one_zip_holds_every_site(tmp_path):
    sites = _sites(tmp_path, GOOD_ROWS)
    out, bundle = tmp_path / "out", tmp_path / "all-sites.zip"
    assert run_cli("batch", sites, "--out", out, "--zip", bundle, "--products", "poster").code == 0
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "unzipped")
    assert "riverside-surgery/poster-A4.pdf" in names and "eastgate-pharmacy/manifest.json" in names
    assert not [name for name in names if "/." in name or name.startswith(".")], "no stamps or locks in the ZIP"
    assert all(f.ok for f in verify(tmp_path / "unzipped" / "riverside-surgery"))
    first = bundle.read_bytes()
    run_cli("batch", sites, "--out", out, "--zip", bundle, "--products", "poster")
    assert bundle.read_bytes() == first, "same sites, same ZIP"


def test_the_progress_bar_shows_count_rate_and_time_left(tmp_path):
    sites = _sites(tmp_path, GOOD_ROWS)
    outcome = []
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        outcome.append(batch.run(sites, tmp_path / "out", products="sticker", jobs=1, progress=True))
    bar = err.getvalue().split("\r")[-1]
    assert "3/3" in bar and "site/s" in bar and "<00:00" in bar, bar
    assert outcome[0].count("built") == 3


@pytest.mark.parametrize("header, expected", [
    ("site,local_service,local_phone,local_hours,local_phon\n", 'column "local_phon" is not a known column; did you '
                                                                 "mean `local_phone`?"),
    ("site,local_service\n", "has no local_phone, local_hours columns"),
    ("", "is empty; the first line names the columns"),
])
def test_a_bad_header_stops_the_batch_before_anything_is_built(tmp_path, header, expected):
    sites = _sites(tmp_path, GOOD_ROWS if header else [], header)
    out = tmp_path / "out"
    result = run_cli("batch", sites, "--out", out)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1, result
    assert expected in result.err
    assert not out.exists()


def test_a_column_the_base_pack_needs_is_reported_once_before_anything_is_built(tmp_path):
    # Issue 24: with no --config every row failed on local_for, one line each, and a ZIP with
    # nothing in it was still written.
    sites = _sites(tmp_path, ["Riverside Surgery,Riverside IDVA,020 7946 0123,24/7\n",
                              "Hillside Health Centre,Hillside Outreach,020 7946 0456,24/7\n"],
                   "site,local_service,local_phone,local_hours\n")
    out, bundle = tmp_path / "out", tmp_path / "all.zip"
    result = run_cli("batch", sites, "--out", out, "--zip", bundle)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1, result
    assert ("sites.csv:1: has no local_for column, and the base pack has no services.local.for to use for every "
            "site; add a local_for column") in result.err
    assert not out.exists() and not bundle.exists()


def test_an_empty_cell_in_a_needed_column_is_that_rows_problem_and_no_empty_zip_is_written(tmp_path):
    sites = _sites(tmp_path, ["Riverside Surgery,Riverside IDVA,020 7946 0123,24/7,,2026-11\n"])
    out, bundle = tmp_path / "out", tmp_path / "all.zip"
    result = run_cli("batch", sites, "--out", out, "--zip", bundle)
    assert result.code == 2
    assert ("sites.csv:2: local_for: is empty, and the pack has no services.local.for to use for every site; add a "
            "local_for column") in result.err
    assert "batch: 0 built" in result.out and "all.zip was not written" in result.out
    assert not out.exists() and not bundle.exists()


def test_two_rows_for_one_folder_are_refused(tmp_path):
    sites = _sites(tmp_path, [GOOD_ROWS[1], "Eastgate  Pharmacy!,,,,,\n"])
    result = run_cli("batch", sites, "--out", tmp_path / "out", "--products", "sticker")
    assert result.code == 2
    assert 'sites.csv:3: site: "Eastgate Pharmacy!" gives the folder eastgate-pharmacy/, as row 2 does' in result.err


def test_a_change_to_the_base_pack_rebuilds_every_site(tmp_path):
    sites = _sites(tmp_path, GOOD_ROWS)
    pack = tmp_path / "region.yaml"
    pack.write_text("extends: london\nwording:\n  headline: You are not alone\n")
    out = tmp_path / "out"
    assert run_cli("batch", sites, "--config", pack, "--out", out, "--products", "sticker").code == 0
    pack.write_text("extends: london\nwording:\n  headline: Help is here\n")
    result = run_cli("batch", sites, "--config", pack, "--out", out, "--products", "sticker")
    assert "batch: 3 built; 0 already built" in result.out


def test_ctrl_c_stops_with_one_line_that_says_how_to_finish(tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(batch, "run", interrupted)
    result = run_cli("batch", _sites(tmp_path, GOOD_ROWS), "--out", tmp_path / "out")
    assert result.code == 130 and "Traceback" not in result.err
    assert result.err.strip() == ("helpline-pack: stopped; nothing was left half-written; run it again to finish "
                                  "(sites already built are skipped)")


def test_a_site_whose_rebuild_was_killed_during_its_moves_is_finished_and_built_again(tmp_path, monkeypatch):
    """Issue 24: batch rolls a killed move forward before it looks at a site, and does not take
    the pack it finished (the changed row's) for the old row's, though the folder was built
    from the old row before."""
    from generator import output

    sites = _sites(tmp_path, [GOOD_ROWS[2]])
    out = tmp_path / "out"
    assert run_cli("batch", sites, "--out", out, "--products", "sticker").code == 0
    folder = out / "hillside-health-centre"

    class Killed(BaseException):
        """Stands in for a kill: nothing after it runs, no cleanup but Python's own unwinding."""

    moves, real_replace = [], output.os.replace

    def replace(source, target):
        moves.append(target)
        if len(moves) == 3:          # the journal, one file in, then the kill
            raise Killed
        real_replace(source, target)

    _sites(tmp_path, [GOOD_ROWS[2].replace("0456", "0457")])
    monkeypatch.setattr(output.os, "replace", replace)
    with pytest.raises(Killed):
        batch.run(sites, out, products="sticker", jobs=1, progress=False)
    monkeypatch.setattr(output.os, "replace", real_replace)
    assert (folder / output.JOURNAL).is_file(), "the kill came after the journal"
    assert not (folder / batch.STAMP).exists(), "a site is not stamped while its build is unfinished"
    _sites(tmp_path, [GOOD_ROWS[2]])                # the old row again
    result = run_cli("batch", sites, "--out", out, "--products", "sticker")
    assert result.code == 0 and "batch: 1 built; 0 already built" in result.out, result
    assert not (folder / output.JOURNAL).exists()
    assert "020 7946 0456" in pdf_text(folder / "stickers-L7160.pdf")
    assert all(f.ok for f in verify(folder))
