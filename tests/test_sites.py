"""Issue 24: the spreadsheets people have (xlsx, Windows-1252, UTF-16), names in any script,
names Windows reserves, and the short name to print."""

import codecs
import hashlib
from pathlib import Path

import pytest
from openpyxl import Workbook

from generator.sites import read_sites, slug
from tests.conftest import run_cli
from tests.helpers import pdf_text

HEADER = ["site", "local_service", "local_phone", "local_hours", "local_for", "local_checked_on"]
ROWS = [
    ["Pharmacie Côte d'Azur", "", "", "", "", ""],                    # é and ô exist in Windows-1252
    ["Riverside Surgery", "Riverside IDVA Service", "020 7946 0123", "Mon to Fri, 9am to 5pm", "adults in Riverside",
     "2026-11"],
]


def _csv_text(rows=ROWS) -> str:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([HEADER, *rows])
    return buffer.getvalue()


def _workbook(path: Path, rows=ROWS, sheet: str = "Sites") -> Path:
    book = Workbook()
    front = book.active
    front.title = "Notes" if sheet != "Sites" else "Sites"
    target = front if sheet == "Sites" else book.create_sheet(sheet)
    if sheet != "Sites":
        front.append(["these are notes, not sites"])
    for row in [HEADER, *rows]:
        target.append(row)
    book.save(path)
    return path


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def test_xlsx_windows_1252_and_utf_16_build_the_same_packs_as_utf_8(tmp_path, monkeypatch):
    files = {
        "utf8.csv": _csv_text().encode("utf-8"),
        "utf8-bom.csv": codecs.BOM_UTF8 + _csv_text().encode("utf-8"),
        "excel.csv": _csv_text().encode("cp1252"),
        "utf16.csv": _csv_text().encode("utf-16"),            # Python writes the byte-order mark
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    _workbook(tmp_path / "sites.xlsx")
    built = {}
    for name in [*files, "sites.xlsx"]:
        # Each into "out" under a folder of its own: PRINTING.txt names the folder it is in.
        (tmp_path / name.replace(".", "-")).mkdir()
        monkeypatch.chdir(tmp_path / name.replace(".", "-"))
        out = Path("out")
        result = run_cli("batch", tmp_path / name, "--out", out, "--products", "poster")
        assert result.code == 0, result
        warned = "is not UTF-8, so it was read as Windows-1252" in result.err
        assert warned == (name == "excel.csv"), result.err
        built[name] = _snapshot(out.resolve())
    assert "pharmacie-cote-dazur/poster-A4.pdf" in built["utf8.csv"]
    for name in built:
        assert built[name] == built["utf8.csv"], name
    poster = pdf_text(tmp_path / "excel-csv" / "out" / "pharmacie-cote-dazur" / "poster-A4.pdf")
    assert "Shared by Pharmacie Côte d'Azur" in poster


def test_a_named_sheet_is_read_and_an_unknown_one_named_with_the_sheets_there(tmp_path):
    book = _workbook(tmp_path / "sites.xlsx", sheet="GP practices")
    sites = read_sites(book, "GP practices")
    assert [row.values["site"] for row in sites.rows] == ["Pharmacie Côte d'Azur", "Riverside Surgery"]
    assert [row.line for row in sites.rows] == [2, 3]
    result = run_cli("batch", book, "--out", tmp_path / "out", "--sheet", "Pharmacies")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert 'sites.xlsx: --sheet: has no sheet "Pharmacies"; its sheets are "Notes", "GP practices"' in result.err
    assert not (tmp_path / "out").exists()


def test_numbers_and_dates_typed_into_excel_read_as_people_typed_them(tmp_path):
    import datetime as dt

    rows = [["Hillside Health Centre", "Hillside Outreach", "020 7946 0456", "24/7", "people in Hillside",
             dt.datetime(2026, 10, 1)]]
    sites = read_sites(_workbook(tmp_path / "sites.xlsx", rows))
    assert sites.rows[0].values["local_checked_on"] == "2026-10-01"


def test_a_site_named_in_urdu_builds_with_its_name_printed(tmp_path):
    name = "لاہور کلینک"
    sites = tmp_path / "sites.csv"
    sites.write_text(_csv_text([[name, "", "", "", "", ""]]), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("batch", sites, "--out", out, "--products", "poster")
    assert result.code == 0, result
    (folder,) = out.iterdir()
    assert folder.name.isascii() and folder.name.startswith("lhwr-klynk-"), folder.name
    # PDFium reads shaped Arabic script back in pieces; the words themselves are there.
    assert "Shared by" in pdf_text(folder / "poster-A4.pdf") and "کلینک" in pdf_text(folder / "poster-A4.pdf")


@pytest.mark.parametrize("site, folder", [
    ("St Mary's Surgery", "st-marys-surgery"),
    ("Café Côte", "cafe-cote"),
    ("CON", "con-site"), ("nul", "nul-site"), ("Com1", "com1-site"), ("LPT9", "lpt9-site"),
    ("Console Pharmacy", "console-pharmacy"),
])
def test_folder_names_any_file_system_opens(site, folder):
    assert slug(site) == folder


def test_names_in_other_scripts_get_a_transliteration_and_a_hash_that_keeps_them_apart():
    cyrillic = slug("Клиника Лесная")
    assert cyrillic.startswith("klinika-lesnaya-") and len(cyrillic) == len("klinika-lesnaya-") + 6
    bengali = slug("নগর স্বাস্থ্য কেন্দ্র")
    assert bengali.isascii() and bengali != slug("নগর স্বাস্থ্য কেন্দ্রে")
    assert slug("!!!").startswith("site-")


def test_a_short_name_is_printed_when_the_sites_name_is_too_long(tmp_path):
    long = "Riverside and Eastgate Integrated Primary Care Network Practice"       # 64 characters
    sites = tmp_path / "sites.csv"
    sites.write_text(_csv_text([[long, "", "", "", "", ""]]), encoding="utf-8")
    result = run_cli("batch", sites, "--out", tmp_path / "out", "--products", "wallet-card")
    assert result.code == 2
    assert "sites.csv:2: site:" in result.err and "or give the name to print in a site_short column" in result.err
    sites.write_text("site,local_service,local_phone,local_hours,site_short\n"
                     f"{long},,,,Riverside & Eastgate PCN\n", encoding="utf-8")
    result = run_cli("batch", sites, "--out", tmp_path / "out", "--products", "wallet-card")
    assert result.code == 0, result
    folder = tmp_path / "out" / slug(long)
    assert "From Riverside & Eastgate PCN" in pdf_text(folder / "wallet-card-print-shop.pdf")


@pytest.mark.parametrize("data, expected", [
    (b"site,local_service\x00\x01", "is a binary file, not a CSV or an .xlsx workbook"),
    (b"PK\x03\x04 not really a workbook", "is not a readable Excel workbook"),
    (codecs.BOM_UTF16_LE + "site,local_service".encode("utf-16-le")[:-1], "starts as UTF-16 text but is cut short"),
])
def test_a_file_that_is_no_spreadsheet_gets_one_line_and_nothing_is_written(tmp_path, data, expected):
    sites = tmp_path / "sites.csv"
    sites.write_bytes(data)
    result = run_cli("batch", sites, "--out", tmp_path / "out")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err, result
    assert expected in result.err
    assert not (tmp_path / "out").exists()


def test_a_phone_number_excel_stored_as_a_number_is_refused_not_guessed(tmp_path):
    """Typed as 02079460123, Excel keeps 2079460123: the leading 0 is gone, and the tool does
    not put a digit back by guesswork."""
    rows = [["Riverside Surgery", "Riverside IDVA Service", 2079460123, "24/7", "adults in Riverside", "2026-11"],
            ROWS[0]]
    sites = read_sites(_workbook(tmp_path / "sites.xlsx", rows))
    assert [row.values["site"] for row in sites.rows] == ["Pharmacie Côte d'Azur"]
    ((line, message),) = sites.problems
    assert line == 2 and message.endswith(
        "sites.xlsx:2: local_phone: 2079460123 is stored as a number, which loses the leading 0 of a UK number; "
        "format the local_phone column as Text and type the number again, e.g. 020 7946 0123")
