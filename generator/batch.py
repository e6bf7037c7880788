"""``helpline-pack batch SITES.csv``: one pack per site (a GP practice, a pharmacy), in parallel.

Each row of the CSV names a site and, if it has one, its local service; the row is laid
over the base pack (``--config``, or London) and built by the same path as ``build`` into
``DIR/<site-slug>/``. A bad row is reported with its line and skipped while the rest
build; a site already built from the same input is skipped, so an interrupted batch is
run again to finish it.

Columns (a header row is required; an unknown column is an error):

=====================  ===================================================================
``site``               the name printed as the organisation (required in every row)
``local_service``      the site's local service, printed on every product (may be empty)
``local_phone``        its number (needed when ``local_service`` is given)
``local_hours``        its hours in your words, or ``24/7`` (may be empty)
``language``           optional: ``pl``, or ``cy en`` for a bilingual pack
``local_for``          optional: who the local service is for (else the pack's ``services.local.for``)
``local_checked_on``   optional: when the number was checked (else the pack's ``services.local.checked_on``)
``contact``            optional: the site's contact line, e.g. "Ask at reception for a private room"
=====================  ===================================================================
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import sys
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import DataError, PackError
from .output import prepare, replacing, write_atomic, zip_folder
from .yamlio import Mapping

COLUMNS = ("site", "local_service", "local_phone", "local_hours", "language", "local_for", "local_checked_on",
           "contact")
REQUIRED_COLUMNS = COLUMNS[:4]
# Where a pack field comes from in a row, so a row's error names the column to fix.
FIELD_COLUMNS = {"branding.organisation": "site", "branding.contact": "contact", "language": "language",
                 "services.local.name": "local_service", "services.local.phone": "local_phone",
                 "services.local.hours": "local_hours", "services.local.for": "local_for",
                 "services.local.checked_on": "local_checked_on", "services.local": "local_service"}
MAX_BYTES = 20_000_000
MAX_ROWS = 20_000
STAMP = ".helpline-pack-input"


@dataclass(frozen=True)
class Row:
    line: int                  # the line of the CSV file the row starts on
    values: dict[str, str]
    slug: str


@dataclass
class Outcome:
    row: Row
    status: str                # "built", "unchanged" or "bad"
    message: str = ""
    failed_checks: int = 0     # verify's failures, when the site was verified


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)   # rows refused before building
    seconds: float = 0.0
    sample: str | None = None  # the site verified as a sample, when not every site was

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.outcomes)

    @property
    def bad_lines(self) -> list[int]:
        return sorted([line for line, _ in self.problems] + [o.row.line for o in self.outcomes if o.status == "bad"])

    @property
    def failed_checks(self) -> int:
        return sum(outcome.failed_checks for outcome in self.outcomes)


def slug(site: str) -> str:
    """A folder name from a site's name: ``St Mary's Surgery`` -> ``st-marys-surgery``."""
    plain = unicodedata.normalize("NFKD", site).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain.replace("'", "")).strip("-")[:60].strip("-")


def read_sites(path: Path) -> tuple[list[Row], list[tuple[int, str]]]:
    """The rows to build, and (line, message) for each row refused as it was read.

    A problem with the file as a whole (missing, not a CSV, an unknown column) is a
    DataError: nothing is built.
    """
    label = str(path)
    if not path.is_file():
        raise DataError("no such file; give the CSV of sites" if not path.exists()
                        else "is a folder or a device, not a file; give the CSV of sites", file=label)
    raw = path.read_bytes()[:MAX_BYTES + 1]
    if len(raw) > MAX_BYTES:
        raise DataError(f"is larger than {MAX_BYTES // 1_000_000} MB; split it into several batches", file=label)
    if b"\x00" in raw:
        raise DataError("is a binary file, not a CSV; save it as CSV (UTF-8) from your spreadsheet", file=label)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError("is not UTF-8 text; save it as \"CSV UTF-8\" from your spreadsheet", file=label,
                        line=raw[:exc.start].count(b"\n") + 1) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(f"is empty; the first line names the columns: {', '.join(REQUIRED_COLUMNS)}",
                        file=label) from None
    except csv.Error as exc:
        raise DataError(f"is not a readable CSV ({exc})", file=label, line=1) from None
    header = [name.strip() for name in header]
    _check_header(header, label)
    rows: list[Row] = []
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    line = reader.line_num + 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) + len(problems) >= MAX_ROWS:
                raise DataError(f"has more than {MAX_ROWS} sites; split it into several batches", file=label,
                                line=start)
            where = f"{label}:{start}"
            if len(cells) != len(header):
                problems.append((start, f"{where}: has {len(cells)} cells where the header has {len(header)}; "
                                        "check for a stray comma, or put the value in quotes"))
                continue
            values = {name: " ".join(cell.split()) for name, cell in zip(header, cells, strict=True)}
            if not values["site"]:
                problems.append((start, f"{where}: site: is empty; every row needs the site's name"))
                continue
            name = slug(values["site"])
            if not name:
                problems.append((start, f'{where}: site: "{values["site"]}" has no letters or digits to name its '
                                        "folder by; add some"))
                continue
            if name in seen:
                problems.append((start, f'{where}: site: "{values["site"]}" gives the folder {name}/, as line '
                                        f"{seen[name]} does; give each site a different name"))
                continue
            seen[name] = start
            rows.append(Row(start, values, name))
    except csv.Error as exc:
        raise DataError(f"is not a readable CSV ({exc})", file=label, line=line) from None
    return rows, problems


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


def with_row(base: Mapping, row: Row, label: str) -> Mapping:
    """The base pack's fields with the row's site laid over them (the base is not changed)."""
    where = (label, row.line)
    values = row.values
    top = _copy(base)
    branding = _copy(base.get("branding") or Mapping(file=label, line=row.line))
    _set(branding, "organisation", values["site"], where)
    if values.get("contact"):
        _set(branding, "contact", values["contact"], where)
    _set(top, "branding", branding, where)
    if values.get("language"):
        codes = values["language"].replace(",", " ").split()
        _set(top, "language", codes[0] if len(codes) == 1 else codes, where)
    name, phone, hours = values["local_service"], values["local_phone"], values["local_hours"]
    if name or phone or hours:
        if not name or not phone:
            empty = "local_phone" if name else "local_service"
            raise DataError(f"is empty, but the row gives a local service; fill in {empty}, or leave local_service, "
                            "local_phone and local_hours all empty", file=label, line=row.line, field=empty)
        services = _copy(base.get("services") or Mapping(file=label, line=row.line))
        template = services.get("local") if isinstance(services.get("local"), Mapping) else Mapping()
        local = Mapping(file=label, line=row.line)
        _set(local, "name", name, where)
        _set(local, "phone", phone, where)
        if hours:
            _set(local, "hours", hours, where)
        for key, column in (("for", "local_for"), ("checked_on", "local_checked_on")):
            if values.get(column):
                _set(local, key, values[column], where)
            elif key in template:
                _set(local, key, template[key], template.origin(key))
            else:
                raise DataError(f"is empty, and the pack has no services.local.{key} to use for every site; add a "
                                f"{column} column, or give services.local.{key} in the pack", file=label,
                                line=row.line, field=column)
        _set(services, "local", local, where)
        _set(top, "services", services, where)
    return top


def _copy(mapping: Mapping) -> Mapping:
    copy = Mapping(mapping, file=mapping.file, line=mapping.line)
    copy.origins = dict(mapping.origins)
    return copy


def _set(mapping: Mapping, key: str, value, where: tuple[str, int | None]) -> None:
    mapping[key] = value
    mapping.origins[key] = where


def row_error(exc: PackError, label: str) -> str:
    """A row's error, naming the CSV column rather than the pack field it fills."""
    if str(exc.file) == label and exc.field in FIELD_COLUMNS:
        exc.field = FIELD_COLUMNS[exc.field] if exc.field != "services.local" else exc.field
    return str(exc)


# -- building -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Job:
    """Everything a worker needs, the same for every row."""
    csv_label: str
    config: str | None
    out: str
    products: str | None
    verify: bool
    previews: bool
    inputs: str                # a digest of the base pack, the data and the tool's version


_state: dict = {}


def _load(config: str | None) -> dict:
    """The base pack's merged fields, its folder and name, and the catalogue: what every row
    is laid over and validated against."""
    from .catalogue import load_catalogue
    from .pack import load_base

    mapping, pack_dir, name = load_base(config)
    return {"base": mapping, "pack_dir": pack_dir, "name": name, "catalogue": load_catalogue()}


def _start(job: Job) -> None:
    """Load the base pack once per worker."""
    _state.update(job=job, **_load(job.config))


def _worker(job: Job) -> None:
    """A pool worker: Ctrl-C is the parent's to handle (it stops the pool), not each worker's."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _start(job)


def _digest(row: Row, job: Job) -> str:
    return hashlib.sha256(repr((job.inputs, job.products, job.previews, sorted(row.values.items()))).encode())\
        .hexdigest()


def build_row(row: Row, verify: bool | None = None) -> Outcome:
    """Build one row's site into ``<out>/<slug>/``, unless it is already built from the same input."""
    from .build import build
    from .pack import validate

    job: Job = _state["job"]
    folder = Path(job.out) / row.slug
    key = _digest(row, job)
    stamp = folder / STAMP
    if stamp.is_file() and stamp.read_text() == key and (folder / "manifest.json").is_file():
        return Outcome(row, "unchanged")
    verify = job.verify if verify is None else verify
    try:
        mapping = with_row(_state["base"], row, job.csv_label)
        pack = validate(mapping, _state["catalogue"], _state["pack_dir"], row.slug)
        result = build(pack, folder, products=job.products, verify=verify, previews=job.previews)
    except PackError as exc:
        return Outcome(row, "bad", row_error(exc, job.csv_label))
    write_atomic(stamp, key.encode())
    return Outcome(row, "built", failed_checks=len(result.failed))


def inputs_digest(mapping: Mapping, base) -> str:
    """What every site's build depends on besides its row: the tool's version, its data, the
    base pack's fields (its whole chain, merged) and its logo's bytes. Only files the pack
    uses are read, never the rest of the folder it sits in (which may be someone's Downloads)."""
    from . import resources

    digest = hashlib.sha256(__version__.encode())
    data = resources.data_dir()
    for path in sorted(p for p in data.rglob("*") if p.is_file() and not p.name.startswith(".")):
        digest.update(str(path.relative_to(data)).encode() + b"\0" + path.read_bytes())
    digest.update(repr(mapping).encode())
    logo = base.branding.logo
    if logo is not None:
        digest.update(logo.path.read_bytes())
    return digest.hexdigest()


def run(csv_path: Path | str, out: Path | str, *, config: Path | str | None = None, products: str | None = None,
        jobs: int | None = None, verify: bool = False, previews: bool = False, zip_path: Path | str | None = None,
        progress: bool | None = None) -> Summary:
    """Build every good row of ``csv_path``; bad rows are reported on stderr and skipped.

    The base pack and ``products`` are checked first: a problem there is a DataError and
    nothing is built. Unless ``verify``, the first site built is verified as a sample.
    """
    from tqdm import tqdm

    from .build import parse_products
    from .pack import validate

    started = time.perf_counter()
    csv_path, out_dir = Path(csv_path), Path(out)
    loaded = _load(str(config) if config else None)
    # The base pack must be good before any row is tried.
    base = validate(loaded["base"], loaded["catalogue"], loaded["pack_dir"], loaded["name"])
    parse_products(products, base)
    rows, problems = read_sites(csv_path)
    prepare(out_dir)
    job = Job(str(csv_path), str(config) if config else None, str(out_dir), products, verify, previews,
              inputs_digest(loaded["base"], base))
    summary = Summary(problems=problems)
    # tqdm shows the bar on a terminal (disable=None); ``progress`` forces it on or off.
    disable = None if progress is None else not progress
    bar = tqdm(total=len(rows) + len(problems), unit="site", file=sys.stderr, disable=disable, dynamic_ncols=True,
               smoothing=0.1)
    for _, message in problems:
        bar.write(f"helpline-pack: skipped: {message}", file=sys.stderr)
    bar.update(len(problems))

    def record(outcome: Outcome) -> None:
        summary.outcomes.append(outcome)
        if outcome.status == "bad":
            bar.write(f"helpline-pack: skipped: {outcome.message}", file=sys.stderr)
        bar.update(1)

    _state.update(job=job, **loaded)
    remaining = list(rows)
    if not verify:
        # One site verified in full as a sample; the rest share its layout and QR codes.
        while remaining and summary.sample is None:
            outcome = build_row(remaining.pop(0), verify=True)
            record(outcome)
            if outcome.status == "built":
                summary.sample = outcome.row.slug
    workers = max(1, min(jobs or os.cpu_count() or 1, len(remaining)))
    if workers == 1 or not remaining:
        for row in remaining:
            record(build_row(row))
    else:
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with multiprocessing.get_context(method).Pool(workers, initializer=_worker, initargs=(job,)) as pool:
            for outcome in pool.imap_unordered(build_row, remaining, chunksize=4):
                record(outcome)
    bar.close()
    summary.outcomes.sort(key=lambda outcome: outcome.row.line)
    if zip_path is not None:
        write_zip(out_dir, [o.row.slug for o in summary.outcomes if o.status != "bad"], Path(zip_path))
    summary.seconds = time.perf_counter() - started
    return summary


def write_zip(out_dir: Path, slugs: list[str], target: Path) -> Path:
    """One ZIP of every site's folder, the same bytes for the same files, written beside
    ``target`` and renamed into place (see :mod:`generator.output`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with replacing(target) as temporary, zipfile.ZipFile(temporary, "w") as archive:
            for name in sorted(slugs):
                zip_folder(archive, out_dir / name, name)
    except OSError as exc:
        raise DataError(f"could not be written ({exc.strerror}); choose another place with --zip",
                        file=str(target)) from None
    return target
