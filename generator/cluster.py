"""``batch --scheduler tcp://HOST:PORT``: build sites on a Dask cluster when one machine is not enough.

Each worker builds a site in a temporary folder of its own and sends back the files' bytes;
this process writes them exactly as a local batch does (staged, moved in together, stamped
for resuming), so no shared disk is needed and the files are the same bytes a local run
makes. The base pack travels with the job (its merged fields and its logo's bytes), so a
worker needs only helpline-pack itself, the same version: a worker whose version or data
differ is refused, since its files would not be the same.

Start a cluster (``pip install helpline-pack[cluster]`` on every machine)::

    dask scheduler                                          # on one machine: tcp://HOST:8786
    dask worker tcp://HOST:8786 --nworkers auto --nthreads 1   # on every machine

One thread per worker process: PDFium and ReportLab keep state per process (a lock here
makes a many-threaded worker safe, but no faster).
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from .errors import DataError, OutputError

CONNECT_TIMEOUT = "20s"            # how long to keep trying a scheduler that does not answer
_lock = threading.Lock()
_bases: dict[str, dict] = {}       # per worker process: the base pack of each job it has seen


def bundle(loaded: dict, base) -> dict:
    """What a worker needs of the base pack: its merged fields and its logo's bytes."""
    logo = base.branding.logo
    value = loaded["base"].get("branding", {}).get("logo") if logo is not None else None
    from .batch import tool_digest

    return {"base": loaded["base"], "name": loaded["name"], "tool": tool_digest(),
            "logo": (str(value), logo.path.read_bytes()) if logo is not None else None}


def _worker_base(job, shared: dict) -> dict:
    """The job's base pack on this worker, loaded once: its logo written to a folder of its own."""
    from .batch import tool_digest
    from .catalogue import load_catalogue

    if job.inputs not in _bases:
        if shared["tool"] != tool_digest():
            from . import __version__

            raise _Mismatch(f"a worker has helpline-pack {__version__} with other data than this machine; install "
                            "the same version on every machine of the cluster")
        pack_dir = None
        if shared["logo"] is not None:
            pack_dir = Path(tempfile.mkdtemp(prefix="helpline-pack-base-"))
            name, data = shared["logo"]
            (pack_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (pack_dir / name).write_bytes(data)
        _bases[job.inputs] = {"base": shared["base"], "pack_dir": pack_dir, "name": shared["name"],
                              "catalogue": load_catalogue()}
    return _bases[job.inputs]


class _Mismatch(Exception):
    pass


def build_remote(row, job, shared: dict):
    """On a worker: build ``row``'s site and return (outcome, {relative path: bytes})."""
    from . import batch

    with _lock:
        try:
            base = _worker_base(job, shared)
        except _Mismatch as exc:
            return batch.Outcome(row, "mismatch", str(exc)), {}
        batch._state.update(job=job, **base)
        folder = Path(tempfile.mkdtemp(prefix="helpline-pack-site-"))
        try:
            outcome = batch.make_site(row, folder / row.slug, job.verify,
                                      shown_as=str(Path(job.out) / row.slug))
            files = {}
            if outcome.status == "built":
                site = folder / row.slug
                files = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
                         if p.is_file() and not any(part.startswith(".") for part in p.relative_to(site).parts)}
            return outcome, files
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def build_on_cluster(address: str, job, loaded: dict, base, rows: list, record: Callable) -> None:
    """Build ``rows`` on the cluster at ``address``, writing each site here as it comes back."""
    from .batch import Outcome, already_built, write_site

    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise DataError("needs Dask, which is not installed; pip install 'helpline-pack[cluster]'",
                        field="--scheduler") from None
    todo = []
    for row in rows:
        if already_built(row, job):
            record(Outcome(row, "unchanged"))
        else:
            todo.append(row)
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DataError(f'cannot reach a Dask scheduler at "{address}" ({type(exc).__name__}); start one with  dask '
                        "scheduler  and give its address, e.g. tcp://10.0.0.5:8786", field="--scheduler") from None
    with client:
        if not todo:
            return
        shared = client.scatter(bundle(loaded, base), broadcast=True)
        futures = client.map(build_remote, todo, job=job, shared=shared, pure=False)
        for future in as_completed(futures):
            try:
                outcome, files = future.result()
            except Exception as exc:    # a worker lost or killed: Dask raises what it raised
                client.cancel(futures)
                raise OutputError(f"a worker could not build a site ({type(exc).__name__}: {str(exc)[:100]}); run the "
                                  "batch again to finish (sites already built are skipped)", field="--scheduler") \
                    from None
            future.release()
            if outcome.status == "mismatch":
                client.cancel(futures)
                raise DataError(outcome.message, field="--scheduler")
            if outcome.status == "built":
                write_site(outcome.row, job, files)
            record(outcome)
