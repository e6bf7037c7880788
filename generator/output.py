"""Safe writes: a build's files land together and complete, or not at all.

A build writes every file into a hidden staging folder inside the output folder, checks them
there, and only then moves them over the old ones, one rename each (a single step on POSIX
and Windows), while holding a lock so that two builds into one folder take turns. Before the
first rename the whole list of moves is written to a journal and synced to the disk; the
journal is removed after the last. A build, verify or batch that finds a journal finishes
those moves before anything else (roll forward). So:

* a failed build, a full disk or a build killed half way leaves the previous pack exactly
  as it was (only the hidden staging folder is left, and the next build removes it);
* a build killed during its renames leaves a journal, and the next command to open the
  folder completes the new pack: the folder is never read as a mix of two packs;
* two builds into one folder at once leave one of the two packs, whole, never a mixture;
* nothing outside the output folder is touched, and other files in it are left alone.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError

STAGING_PREFIX = ".helpline-pack-staging-"
LOCK = ".helpline-pack.lock"
JOURNAL = ".helpline-pack-journal"

_FIXES = {
    errno.ENOSPC: "the disk is full; free some space or choose another folder with --out",
    errno.EDQUOT: "the disk quota is used up; free some space or choose another folder with --out",
    errno.EACCES: "permission denied; choose a folder you can write to with --out",
    errno.EPERM: "permission denied; choose a folder you can write to with --out",
    errno.EROFS: "the disk is read-only; choose another folder with --out",
}


def _failed(what: str, exc: OSError, path: Path) -> OutputError:
    reason = _FIXES.get(exc.errno or 0, f"{exc.strerror or exc}; choose another folder with --out")
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
        _sync_folder(path.parent)
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
        self.journalled = False             # the moves are in the journal: the staging folder is its to remove

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
            made = {self.out_dir / relative for relative in self.files}
            stale = [path for path in replaces(self.out_dir) if path not in made]
            moves = {"staging": self.folder.name, "files": self.files,
                     "remove": [path.relative_to(self.out_dir).as_posix() for path in stale]}
            for partial in self.out_dir.glob(f".{JOURNAL}.*.tmp"):
                partial.unlink(missing_ok=True)      # a killed build's journal, never complete, never used
            # The journal first, on the disk: from here a kill leaves enough to finish.
            write_atomic(self.out_dir / JOURNAL, json.dumps(moves).encode("utf-8"))
            self.journalled = True
            _roll_forward(self.out_dir, moves)
        return [self.out_dir / relative for relative in self.files]


def _roll_forward(out_dir: Path, moves: dict) -> None:
    """Make every move a journal lists (those already made are skipped), then drop the journal."""
    staging = out_dir / moves["staging"]
    try:
        for relative in moves["files"]:
            source, target = staging / relative, out_dir / relative
            if source.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        for relative in moves["remove"]:
            (out_dir / relative).unlink(missing_ok=True)
        _sync_folder(out_dir)
        (out_dir / JOURNAL).unlink()
        _sync_folder(out_dir)
    except OSError as exc:
        raise _failed("could not be moved into place; run the command again to finish", exc, out_dir) from None


def _sync_folder(folder: Path) -> None:
    """Put a folder's renames on the disk (POSIX; Windows has no way to open a folder for this)."""
    if os.name == "nt":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _journal(out_dir: Path) -> dict | None:
    """The unfinished moves a killed build left in ``out_dir``, if any. A journal that is not
    one (unreadable, or naming anything but plain paths inside the folder) is ignored."""
    try:
        moves = json.loads((out_dir / JOURNAL).read_text(encoding="utf-8"))
        names = [moves["staging"], *moves["files"], *moves["remove"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    plain = all(isinstance(name, str) and name and not Path(name).is_absolute() and ".." not in Path(name).parts
                for name in names)
    if not plain or not moves["staging"].startswith(STAGING_PREFIX) or not plain_file_name(moves["staging"]):
        return None
    return moves


def recover(out_dir: Path | str) -> bool:
    """Finish the moves of a build killed during them, so ``out_dir`` holds its new pack whole.
    True when there was something to finish. Writes nothing when there is no journal."""
    out_dir = Path(out_dir)
    if not (out_dir / JOURNAL).is_file():
        return False
    with _locked(out_dir):
        moves = _journal(out_dir)
        if moves is None:
            return False
        _roll_forward(out_dir, moves)
        shutil.rmtree(out_dir / moves["staging"], ignore_errors=True)
    return True


@contextmanager
def staged(out_dir: Path) -> Iterator[Stage]:
    """A :class:`Stage` for ``out_dir``; whatever happens, its hidden folder is removed after."""
    prepare(out_dir)
    check_lock(out_dir)
    recover(out_dir)
    _remove_abandoned(out_dir)
    try:
        folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out_dir))
    except OSError as exc:
        raise _failed("cannot hold a build", exc, out_dir) from None
    stage = Stage(out_dir, folder)
    try:
        yield stage
    finally:
        # Moves that failed half way (a full disk) stay journalled, with their files, for the
        # next command to finish.
        if not (stage.journalled and (out_dir / JOURNAL).exists()):
            shutil.rmtree(folder, ignore_errors=True)


def _remove_abandoned(out_dir: Path) -> None:
    """Remove staging folders left by builds that were killed (their process is gone)."""
    if (out_dir / JOURNAL).exists():
        return                 # a journal names a staging folder: recover() removes it
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


def check_lock(out_dir: Path) -> None:
    """Refuse, before any work, a lock file that is not a plain file: a symbolic link would
    make a build create or lock a file wherever it points, and a FIFO would hang it."""
    try:
        mode = os.lstat(out_dir / LOCK).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _failed("cannot be locked for writing", exc, out_dir) from None
    if not stat.S_ISREG(mode):
        raise _not_a_lock(out_dir, mode)


def _not_a_lock(out_dir: Path, mode: int) -> OutputError:
    kind = ("a symbolic link" if stat.S_ISLNK(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
            else "a folder" if stat.S_ISDIR(mode) else "not a plain file")
    return OutputError(f"is {kind}, not the lock file a build makes; remove it, then build "
                       "again", file=str(out_dir / LOCK))


@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold ``out_dir``'s lock file, waiting for any other build that holds it. The file is
    opened without following a symbolic link and without waiting on a FIFO, and anything but
    a plain file is refused."""
    try:
        import fcntl
    except ImportError:        # Windows: renames are still atomic one by one
        yield
        return
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        handle = os.open(out_dir / LOCK, flags, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _not_a_lock(out_dir, stat.S_IFLNK) from None
        raise _failed("cannot be locked for writing", exc, out_dir) from None
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise _not_a_lock(out_dir, mode)
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)
