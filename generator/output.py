"""Safe writes: a build's files land together and complete, or not at all.

A build writes every file into a hidden staging folder inside the output folder, checks them
there, and only then moves them over the old ones, one rename each (a single step on POSIX
and Windows), while holding a lock so that two builds into one folder take turns. So:

* a failed build, a full disk or a build killed half way leaves the previous pack exactly
  as it was (only the hidden staging folder is left, and the next build removes it);
* two builds into one folder at once leave one of the two packs, whole, never a mixture;
* nothing outside the output folder is touched, and other files in it are left alone.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .errors import OutputError

STAGING_PREFIX = ".helpline-pack-staging-"
LOCK = ".helpline-pack.lock"

_FIXES = {
    errno.ENOSPC: "the disk is full; free some space or choose another folder with --out",
    errno.EDQUOT: "the disk quota is used up; free some space or choose another folder with --out",
    errno.EACCES: "permission denied; choose a folder you can write to with --out",
    errno.EPERM: "permission denied; choose a folder you can write to with --out",
    errno.EROFS: "the disk is read-only; choose another folder with --out",
}


def _failed(what: str, exc: OSError, path: Path) -> OutputError:
    reason = _FIXES.get(exc.errno, f"{exc.strerror or exc}; choose another folder with --out")
    return OutputError(f"{what}: {reason}", file=str(path))


def plain_file_name(name: object) -> bool:
    """``name`` names a file in the folder itself: no folder part, no ``..``. All a manifest
    may name, so a tampered one cannot point a build or verify at anything else."""
    return isinstance(name, str) and name not in ("", ".", "..") and Path(name).name == name


def prepare(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputError("is a file, not a folder; choose another output folder with --out", file=str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder ({exc.strerror}); choose another with --out",
                          file=str(folder)) from None
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise OutputError("the output folder cannot be written; choose another with --out", file=str(folder))


def _write_synced(path: Path, data: bytes) -> None:
    """Write ``data`` and wait until it is on the disk, not just in the kernel's cache."""
    with path.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``: renamed over it when the block succeeds, removed
    when it fails, so ``target`` is always either the old file or the whole new one."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file in full under a temporary name, then rename it over ``path``."""
    try:
        with replacing(path) as temporary:
            _write_synced(temporary, data)
    except OSError as exc:
        raise _failed("could not be written, and nothing was left half-written", exc, path) from None


ZIP_DATE = (2000, 1, 1, 0, 0, 0)     # every entry's date: the same files give the same ZIP


def zip_bytes(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """One entry with a fixed date; PDFs and PNGs stored as they are (already compressed),
    text deflated."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_STORED if name.endswith((".pdf", ".png")) else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def zip_folder(archive: zipfile.ZipFile, folder: Path, prefix: str) -> None:
    """Every file under ``folder`` but hidden ones (staging, locks, batch stamps), in sorted
    order under ``prefix``/, one file in memory at a time."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder)
        if not any(part.startswith(".") for part in relative.parts):
            zip_bytes(archive, f"{prefix}/{relative.as_posix()}", path.read_bytes())


class Stage:
    """Files for one output folder, written in full into a hidden folder beside them."""

    def __init__(self, out_dir: Path, folder: Path) -> None:
        self.out_dir = out_dir
        self.folder = folder
        self.files: list[str] = []          # relative paths, in the order written

    def write(self, relative: str, data: bytes) -> Path:
        path = self.folder / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_synced(path, data)
        except OSError as exc:
            raise _failed("could not be written, and the previous files are untouched", exc,
                          self.out_dir / relative) from None
        self.files.append(relative)
        return self.out_dir / relative

    def commit(self, *, replaces: Callable[[Path], Iterable[Path]] = lambda folder: ()) -> list[Path]:
        """Move every staged file into the output folder, under its lock. ``replaces`` lists, from
        the folder as it is then, earlier files of this kind that this build did not make: they
        are removed, so the folder never mixes this build with a stale one."""
        with _locked(self.out_dir):
            try:
                made = {self.out_dir / relative for relative in self.files}
                stale = [path for path in replaces(self.out_dir) if path not in made]
                for relative in self.files:
                    (self.out_dir / relative).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(self.folder / relative, self.out_dir / relative)
                for path in stale:
                    path.unlink(missing_ok=True)
            except OSError as exc:
                raise _failed("could not be moved into place", exc, self.out_dir) from None
        return [self.out_dir / relative for relative in self.files]


@contextmanager
def staged(out_dir: Path) -> Iterator[Stage]:
    """A :class:`Stage` for ``out_dir``; whatever happens, its hidden folder is removed after."""
    prepare(out_dir)
    _remove_abandoned(out_dir)
    try:
        folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out_dir))
    except OSError as exc:
        raise _failed("cannot hold a build", exc, out_dir) from None
    try:
        yield Stage(out_dir, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _remove_abandoned(out_dir: Path) -> None:
    """Remove staging folders left by builds that were killed (their process is gone)."""
    for folder in out_dir.glob(f"{STAGING_PREFIX}*"):
        pid = folder.name[len(STAGING_PREFIX):].split("-")[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":   # on Windows os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:            # it exists but is not ours, or this platform cannot tell
        return True
    return True


@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold ``out_dir``'s lock file, waiting for any other build that holds it."""
    try:
        import fcntl
    except ImportError:        # Windows: renames are still atomic one by one
        yield
        return
    try:
        handle = open(out_dir / LOCK, "a")
    except OSError as exc:
        raise _failed("cannot be locked for writing", exc, out_dir) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
