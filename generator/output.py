"""Atomic writes: a file is either complete or absent, never half-written.

Each file is written to a hidden temporary file in the same folder and renamed over the
target, which POSIX and Windows both do in one step; a failure removes the temporary file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def prepare(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder ({exc.strerror}); choose another with --out",
                          file=str(folder)) from None
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise OutputError("the output folder cannot be written; choose another with --out", file=str(folder))


def write_atomic(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"could not be written ({exc.strerror}); nothing was left half-written",
                          file=str(path)) from None
