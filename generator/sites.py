"""The list of sites a batch builds, read from the spreadsheet people have.

An ``.xlsx`` workbook (first sheet, or one named with ``--sheet``), or a CSV as spreadsheets
save it: UTF-8 with or without a byte-order mark, UTF-16 (always marked), or, when the bytes
are not UTF-8, Windows-1252 (Excel's "CSV" on a British Windows), with a warning. Row numbers
are the spreadsheet's own: the header is row 1.

Each site gets a folder name any file system accepts: letters in any script are transliterated
(anyascii), a short hash of the name keeps two transliterations apart, and names Windows
reserves for devices (``CON``, ``NUL``, ``COM1`` ...) are never used bare.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataError

COLUMNS = ("site", "local_service", "local_phone", "local_hours", "language", "local_for", "local_checked_on",
           "contact", "site_short")
REQUIRED_COLUMNS = COLUMNS[:4]
MAX_BYTES = 20_000_000
MAX_ROWS = 20_000
MAX_SLUG = 60
# Device names Windows will not open as a folder, whatever follows a dot (learn.microsoft.com,
# "Naming Files, Paths, and Namespaces").
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10))}
WORKBOOKS = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Row:
    line: int                  # the row as the spreadsheet numbers it (the header is 1)
    values: dict[str, str]
    slug: str


@dataclass
class Sites:
    rows: list[Row] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)   # (line, message): rows refused as read
    header: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)


def slug(site: str) -> str:
    """A folder name from a site's name: ``St Mary's Surgery`` -> ``st-marys-surgery``.

    Letters outside the Latin alphabet are transliterated (``Клиника Лесная`` ->
    ``klinika-lesnaya-…``) and a short hash of the whole name is added, so two names that
    transliterate alike still get two folders; a name with nothing to transliterate is
    ``site-<hash>``. Device names Windows reserves get ``-site`` added.
    """
    from anyascii import anyascii

    latin = _folder_words(unicodedata.normalize("NFKD", site).encode("ascii", "ignore").decode("ascii"))
    words = _folder_words(anyascii(site))
    if words != latin or not words:
        tag = hashlib.sha256(site.encode("utf-8")).hexdigest()[:6]
        words = f"{words[:MAX_SLUG - 7].rstrip('-')}-{tag}" if words else f"site-{tag}"
    if words in WINDOWS_RESERVED:
        words += "-site"
    return words


def _folder_words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")[:MAX_SLUG].strip("-")


def read_sites(path: Path, sheet: str | None = None) -> Sites:
    """The rows to build, and each row refused as it was read.

    A problem with the file as a whole (missing, unreadable, an unknown column) is a
    DataError: nothing is built.
    """
    label = str(path)
    if not path.is_file():
        raise DataError("no such file; give the spreadsheet of sites (.csv or .xlsx)" if not path.exists()
                        else "is a folder or a device, not a file; give the spreadsheet of sites", file=label)
    with path.open("rb") as stream:
        raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise DataError(f"is larger than {MAX_BYTES // 1_000_000} MB; split it into several batches", file=label)
    sites = Sites()
    workbook = path.suffix.lower() in WORKBOOKS or raw.startswith(ZIP_MAGIC)
    if workbook:
        table = _workbook_rows(raw, label, sheet)
    else:
        if sheet is not None:
            raise DataError(f'--sheet "{sheet}" names a sheet of a workbook, but this is a CSV; leave --sheet out',
                            file=label)
        table = _csv_rows(_decoded(raw, label, sites.warnings), label)
    try:
        header = next(table)[1]
    except StopIteration:
        raise DataError(f"is empty; the first line names the columns: {', '.join(REQUIRED_COLUMNS)}",
                        file=label) from None
    header = [name.strip() for name in header]
    while workbook and header and not header[-1]:     # a sheet's empty columns to the right
        header.pop()
    _check_header(header, label)
    sites.header = tuple(header)
    seen: dict[str, int] = {}
    for start, cells in table:
        if workbook:         # a sheet's rows run as wide as its widest; empty cells count as empty
            cells = (cells + [""] * len(header))[:max(len(header), _last_filled(cells))]
        if not any(cell.strip() for cell in cells):
            continue
        if len(sites.rows) + len(sites.problems) >= MAX_ROWS:
            raise DataError(f"has more than {MAX_ROWS} sites; split it into several batches", file=label, line=start)
        where = f"{label}:{start}"
        if len(cells) != len(header):
            sites.problems.append((start, f"{where}: has {len(cells)} cells where the header has {len(header)}; "
                                          "check for a stray comma, or put the value in quotes"))
            continue
        typed = dict(zip(header, cells, strict=True))
        if isinstance(typed.get("local_phone"), _Number):
            sites.problems.append((start, f'{where}: local_phone: {typed["local_phone"]} is stored as a number, '
                                          "which loses the leading 0 of a UK number; format the local_phone column "
                                          "as Text and type the number again, e.g. 020 7946 0123"))
            continue
        values = {name: " ".join(cell.split()) for name, cell in typed.items()}
        if not values["site"]:
            sites.problems.append((start, f"{where}: site: is empty; every row needs the site's name"))
            continue
        name = slug(values["site"])
        if name in seen:
            sites.problems.append((start, f'{where}: site: "{values["site"]}" gives the folder {name}/, as row '
                                          f"{seen[name]} does; give each site a different name"))
            continue
        seen[name] = start
        sites.rows.append(Row(start, values, name))
    return sites


def _last_filled(cells: list[str]) -> int:
    return max((i + 1 for i, cell in enumerate(cells) if cell.strip()), default=0)


def _decoded(raw: bytes, label: str, warnings: list[str]) -> str:
    """CSV text: UTF-16 by its byte-order mark, else UTF-8 (mark or not), else Windows-1252."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError("starts as UTF-16 text but is cut short or damaged; save it again as CSV",
                            file=label) from None
    if b"\x00" in raw:
        raise DataError("is a binary file, not a CSV or an .xlsx workbook; save it from your spreadsheet as "
                        "\"CSV UTF-8\" or as an Excel workbook (.xlsx)", file=label)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DataError(f"has the byte 0x{raw[exc.start]:02X}, which is neither UTF-8 nor Windows-1252 text; save "
                        "it as \"CSV UTF-8\" from your spreadsheet", file=label,
                        line=raw[:exc.start].count(b"\n") + 1) from None
    warnings.append(f"{label}:{line}: is not UTF-8, so it was read as Windows-1252 (Excel's \"CSV\" on Windows); "
                    "check the names with accents, or save it as \"CSV UTF-8\" next time")
    return text


def _csv_rows(text: str, label: str):
    """(row number, cells) for each record of a CSV, numbered by the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(f"is not a readable CSV ({exc})", file=label, line=line) from None


def _workbook_rows(raw: bytes, label: str, sheet: str | None):
    """(row number, cells as text) for each row of the workbook's first sheet, or ``sheet``."""
    import zipfile

    from openpyxl import load_workbook

    try:
        # Read-only: rows are streamed, never the whole sheet in memory. openpyxl parses
        # with defusedxml when it is installed (it is a dependency), so no entity tricks.
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise DataError(f"is not a readable Excel workbook ({type(exc).__name__}); save it again as .xlsx, or "
                        "as \"CSV UTF-8\"", file=label) from None
    try:
        if sheet is None:
            chosen = book.worksheets[0]
        elif sheet in book.sheetnames:
            chosen = book[sheet]
        else:
            names = ", ".join(f'"{name}"' for name in book.sheetnames)
            raise DataError(f'has no sheet "{sheet}"; its sheets are {names}', file=label, field="--sheet")
        for number, cells in enumerate(chosen.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in cells]
            if number > MAX_ROWS + 1:
                break
    finally:
        book.close()


class _Number(str):
    """A cell Excel stored as a number: fine for most columns, never for a phone number."""


def _cell_text(value: object) -> str:
    """A cell as the text a person typed: whole numbers without ``.0``, dates as ``YYYY-MM-DD``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _Number(int(value) if float(value).is_integer() else value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _check_header(header: list[str], label: str) -> None:
    import difflib

    for name in header:
        if name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else f"the columns are: {', '.join(COLUMNS)}"
            raise DataError(f'column "{name}" is not a known column; {hint}', file=label, line=1)
    if len(set(header)) != len(header):
        twice = next(name for name in header if header.count(name) > 1)
        raise DataError(f'column "{twice}" is given twice; keep one', file=label, line=1)
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise DataError(f"has no {', '.join(missing)} column{'s' * (len(missing) > 1)}; the first line must name "
                        f"at least: {', '.join(REQUIRED_COLUMNS)} (values may be empty)", file=label, line=1)
