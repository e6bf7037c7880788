"""``helpline-pack batch SITES``: one pack per site (a GP practice, a pharmacy), in parallel.

Each row of the spreadsheet (a CSV or an ``.xlsx`` workbook, read by :mod:`generator.sites`)
names a site and, if it has one, its local service; the row is laid over the base pack
(``--config``, or London) and built by the same path as ``build`` into ``DIR/<site-slug>/``.
A bad row is reported with its row and skipped while the rest build; a site already built
from the same input is skipped, so an interrupted batch is run again to finish it. Sites are
built by a local process pool, or by a Dask cluster (``--scheduler``, :mod:`generator.cluster`).

Columns (a header row is required; an unknown column is an error):

=====================  ===================================================================
``site``               the site's name (required in every row); also its folder's name
``local_service``      the site's local service, printed on every product (may be empty)
``local_phone``        its number (needed when ``local_service`` is given)
``local_hours``        its hours in your words, or ``24/7`` (may be empty)
``language``           optional: ``pl``, or ``cy en`` for a bilingual pack
``local_for``          optional: who the local service is for (else the pack's ``services.local.for``)
``local_checked_on``   optional: when the number was checked (else the pack's ``services.local.checked_on``)
``contact``            optional: the site's contact line, e.g. "Ask at reception for a private room"
``site_short``         optional: the name to print, when ``site`` is too long for a card
=====================  ===================================================================
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import DataError, PackError
from .output import prepare, recover, replacing, write_atomic, zip_folder
from .sites import Row, Sites, read_sites
from .yamlio import Mapping

# Where a pack field comes from in a row, so a row's error names the column to fix.
FIELD_COLUMNS = {"branding.organisation": "site", "branding.contact": "contact", "language": "language",
                 "services.local.name": "local_service", "services.local.phone": "local_phone",
                 "services.local.hours": "local_hours", "services.local.for": "local_for",
                 "services.local.checked_on": "local_checked_on", "services.local": "local_service"}
# Fields a row with a local service needs, from its own column or else from the base pack.
LOCAL_DEFAULTS = (("for", "local_for", "who each site's local service is for"),
                  ("checked_on", "local_checked_on", "the month each local number was last rung"))
STAMP = ".helpline-pack-input"


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
    zip_path: Path | None = None   # the ZIP written, if one was asked for and any site was built

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.outcomes)

    @property
    def bad_lines(self) -> list[int]:
        return sorted([line for line, _ in self.problems] + [o.row.line for o in self.outcomes if o.status == "bad"])

    @property
    def failed_checks(self) -> int:
        return sum(outcome.failed_checks for outcome in self.outcomes)


def check_columns(sites: Sites, base: Mapping, label: str) -> None:
    """A column every row with a local service needs, missing with no value in the base pack to
    fall back on: one line, before anything is built, rather than one per row."""
    if not any(row.values["local_service"] or row.values["local_phone"] for row in sites.rows):
        return
    services = base.get("services")
    local = services.get("local") if isinstance(services, Mapping) else None
    for key, column, what in LOCAL_DEFAULTS:
        if column not in sites.header and not (isinstance(local, Mapping) and key in local):
            raise DataError(f"has no {column} column, and the base pack has no services.local.{key} to use for every "
                            f"site; add a {column} column ({what}), or give services.local.{key} in a pack and "
                            "pass it with --config", file=label, line=1)


def with_row(base: Mapping, row: Row, label: str) -> Mapping:
    """The base pack's fields with the row's site laid over them (the base is not changed)."""
    where = (label, row.line)
    values = row.values
    top = _copy(base)
    branding = _copy(base.get("branding") or Mapping(file=label, line=row.line))
    _set(branding, "organisation", values.get("site_short") or values["site"], where)
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
        template = services["local"] if isinstance(services.get("local"), Mapping) else Mapping()
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


def row_error(exc: PackError, label: str, row: Row) -> str:
    """A row's error, naming the spreadsheet's column rather than the pack field it fills."""
    if str(exc.file) == label and exc.field in FIELD_COLUMNS:
        exc.field = FIELD_COLUMNS[exc.field] if exc.field != "services.local" else exc.field
        if exc.field == "site" and row.values.get("site_short"):
            exc.field = "site_short"
        elif exc.field == "site":
            exc.message += "; or give the name to print in a site_short column"
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


def already_built(row: Row, job: Job) -> bool:
    """The site's folder holds a whole pack built from this row and these inputs. A build of it
    killed while moving its files in is finished first; what it finished is not this row's."""
    folder = Path(job.out) / row.slug
    if recover(folder):
        return False
    stamp = folder / STAMP
    return stamp.is_file() and stamp.read_text() == _digest(row, job) and (folder / "manifest.json").is_file()


def make_site(row: Row, folder: Path, verify: bool, shown_as: str | None = None) -> Outcome:
    """Build one row's site into ``folder``, as ``build`` would; a bad row is an Outcome, not an error."""
    from .build import build
    from .pack import validate

    job: Job = _state["job"]
    try:
        mapping = with_row(_state["base"], row, job.csv_label)
        pack = validate(mapping, _state["catalogue"], _state["pack_dir"], row.slug)
        result = build(pack, folder, products=job.products, verify=verify, previews=job.previews, shown_as=shown_as)
    except PackError as exc:
        return Outcome(row, "bad", row_error(exc, job.csv_label, row))
    return Outcome(row, "built", failed_checks=len(result.failed))


def build_row(row: Row, verify: bool | None = None) -> Outcome:
    """Build one row's site into ``<out>/<slug>/``, unless it is already built from the same input."""
    job: Job = _state["job"]
    if already_built(row, job):
        return Outcome(row, "unchanged")
    folder = Path(job.out) / row.slug
    stamp = folder / STAMP
    stamp.unlink(missing_ok=True)       # until this build lands, the folder is not this row's
    outcome = make_site(row, folder, job.verify if verify is None else verify)
    if outcome.status == "built":
        write_atomic(stamp, _digest(row, job).encode())
    return outcome


def write_site(row: Row, job: Job, files: dict[str, bytes]) -> None:
    """Put a site's files, built elsewhere (a cluster's worker), into ``<out>/<slug>/`` the way
    ``build`` does: staged, then moved in together, replacing what an earlier build made."""
    from .build import _earlier_build, _earlier_documents
    from .output import staged

    folder = Path(job.out) / row.slug
    (folder / STAMP).unlink(missing_ok=True)
    with staged(folder) as stage:
        for relative in sorted(files):
            stage.write(relative, files[relative])
        stage.commit(replaces=_earlier_build if job.previews else _earlier_documents)
    write_atomic(folder / STAMP, _digest(row, job).encode())


def tool_digest() -> str:
    """The tool's version and every byte of its data: two machines that agree on this build
    the same bytes from the same pack."""
    from . import resources

    digest = hashlib.sha256(__version__.encode())
    data = resources.data_dir()
    for path in sorted(p for p in data.rglob("*") if p.is_file() and not p.name.startswith(".")):
        digest.update(str(path.relative_to(data)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def inputs_digest(mapping: Mapping, base) -> str:
    """What every site's build depends on besides its row: the tool's version, its data, the
    base pack's fields (its whole chain, merged) and its logo's bytes. Only files the pack
    uses are read, never the rest of the folder it sits in (which may be someone's Downloads)."""
    digest = hashlib.sha256(tool_digest().encode())
    digest.update(repr(mapping).encode())
    logo = base.branding.logo
    if logo is not None:
        digest.update(logo.path.read_bytes())
    return digest.hexdigest()


def run(sites_path: Path | str, out: Path | str, *, config: Path | str | None = None, products: str | None = None,
        jobs: int | None = None, verify: bool = False, previews: bool = False, zip_path: Path | str | None = None,
        progress: bool | None = None, sheet: str | None = None, scheduler: str | None = None) -> Summary:
    """Build every good row of ``sites_path`` (CSV or .xlsx); bad rows are reported on stderr and skipped.

    The base pack, ``products`` and the spreadsheet's columns are checked first: a problem
    there is a DataError and nothing is built. Unless ``verify``, the first site built is
    verified as a sample (on this machine). The other sites are built by a local process
    pool, or by the Dask cluster at ``scheduler``; either way this process writes every file.
    Nothing is written when no site builds: no empty folder, no empty ZIP.
    """
    from tqdm import tqdm

    from .build import parse_products
    from .pack import validate

    started = time.perf_counter()
    sites_path, out_dir = Path(sites_path), Path(out)
    loaded = _load(str(config) if config else None)
    # The base pack must be good before any row is tried.
    base = validate(loaded["base"], loaded["catalogue"], loaded["pack_dir"], loaded["name"])
    parse_products(products, base)
    sites = read_sites(sites_path, sheet)
    check_columns(sites, loaded["base"], str(sites_path))
    for warning in sites.warnings:
        print(f"helpline-pack: warning: {warning}", file=sys.stderr)
    made_out_dir = not out_dir.exists()
    if sites.rows:
        prepare(out_dir)
    job = Job(str(sites_path), str(config) if config else None, str(out_dir), products, verify, previews,
              inputs_digest(loaded["base"], base))
    summary = Summary(problems=sites.problems)
    # tqdm shows the bar on a terminal (disable=None); ``progress`` forces it on or off.
    disable = None if progress is None else not progress
    bar = tqdm(total=len(sites.rows) + len(sites.problems), unit="site", file=sys.stderr, disable=disable,
               dynamic_ncols=True, smoothing=0.1)
    for _, message in sites.problems:
        bar.write(f"helpline-pack: skipped: {message}", file=sys.stderr)
    bar.update(len(sites.problems))

    def record(outcome: Outcome) -> None:
        summary.outcomes.append(outcome)
        if outcome.status == "bad":
            bar.write(f"helpline-pack: skipped: {outcome.message}", file=sys.stderr)
        bar.update(1)

    _state.update(job=job, **loaded)
    remaining = list(sites.rows)
    if not verify:
        # One site verified in full as a sample; the rest share its layout and QR codes.
        while remaining and summary.sample is None:
            outcome = build_row(remaining.pop(0), verify=True)
            record(outcome)
            if outcome.status == "built":
                summary.sample = outcome.row.slug
    workers = max(1, min(jobs or os.cpu_count() or 1, len(remaining)))
    if scheduler is not None:
        from .cluster import build_on_cluster

        build_on_cluster(scheduler, job, loaded, base, remaining, record)
    elif workers == 1 or not remaining:
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
    done = [o.row.slug for o in summary.outcomes if o.status != "bad"]
    if zip_path is not None and done:
        summary.zip_path = write_zip(out_dir, done, Path(zip_path))
    if not done and made_out_dir and out_dir.is_dir() and not any(out_dir.iterdir()):
        out_dir.rmdir()
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
