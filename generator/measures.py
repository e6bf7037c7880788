"""Line measurements kept between runs, so the first layout in a process costs what later ones do.

A poster's layout tries several type sizes and column widths and measures every candidate
line with HarfBuzz. In a fresh process that measuring is about half the first layout's cost;
later layouts find it in memory. A measurement (a line's runs at 1 pt: where each run starts,
its font, its direction, its width) depends only on the line, its weight and language, the
fonts and the code that measures, so it is kept in ``lines.json`` in a cache folder:
``$HELPLINE_PACK_CACHE`` if set (empty: keep nothing), else ``$XDG_CACHE_HOME/helpline-pack``
or ``~/.cache/helpline-pack``.

The file names what it was measured with: the sizes and dates of the fonts, of the measuring
code and of the language data, and the versions of Python, HarfBuzz and the bidi library.
A file measured with anything else, or one that cannot be read or parsed, is ignored and
replaced; nothing in it can run (it is JSON). Only measurements are kept: each printed line
is still shaped when it is drawn, so glyphs HarfBuzz adds for joined letters are registered
with the document as before, and the PDF is the same bytes with or without the file.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import sys
import tempfile
from functools import cache
from pathlib import Path

from . import resources

FILE = "lines.json"
MAX_LINES = 12_000            # about 1.5 MB: a default pack measures some 1,500 lines
MAX_FILE_BYTES = 8_000_000    # a larger file is not ours: ignored, then replaced

Key = tuple[str, str, str]               # text, weight, language
Runs = tuple[tuple[float, str, str, bool, float], ...]   # dx, text, family, rtl, width (mm at 1 pt)

_kept: dict[Key, Runs] | None = None
_added: dict[Key, Runs] = {}
_saving = False


def folder() -> Path | None:
    """Where measurements are kept, or None when they are not."""
    chosen = os.environ.get("HELPLINE_PACK_CACHE")
    if chosen is not None:
        return Path(chosen) if chosen else None
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:      # no home folder (a service account): keep nothing
        return None
    return Path(base) / "helpline-pack"


@cache
def measured_with() -> str:
    """What the measurements depend on, as a digest: change any of it and the file is not used."""
    import bidi
    import uharfbuzz

    here = Path(__file__).resolve().parent
    sources = [here / name for name in ("measures.py", "shaping.py", "fonts.py", "typefaces.py", "languages.py")]
    sources += sorted(resources.fonts_dir().glob("*.ttf")) + sorted((resources.data_dir() / "strings").glob("*.yaml"))
    # ReportLab reads the fonts' character maps for shaping, which has loaded it: its version
    # is read from there, since this module, which only measures, must not import it (test_layers).
    reportlab = getattr(sys.modules.get("reportlab"), "Version", "")
    versions = f"{sys.version}|{uharfbuzz.__version__}|{getattr(bidi, 'VERSION', '')}|{reportlab}"
    digest = hashlib.sha256(versions.encode())
    for path in sources:
        stat = path.stat()
        digest.update(f"|{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def get(key: Key) -> Runs | None:
    global _kept
    if _kept is None:
        _kept = _read()
    return _kept.get(key)


def put(key: Key, runs: Runs) -> None:
    global _saving
    if not _saving and folder() is not None:
        atexit.register(save)
        _saving = True
    _added[key] = runs
    if len(_added) > MAX_LINES:   # a long-running server keeps the newest, not every line ever typed
        del _added[next(iter(_added))]


def added() -> dict[Key, Runs]:
    """What this process measured that the file did not have (a worker hands it back)."""
    return dict(_added)


def take(measured: dict[Key, Runs]) -> None:
    """Keep what a worker process measured, to be saved with this process's own."""
    for key, runs in measured.items():
        put(key, runs)


def forget() -> None:
    """Drop what is in memory, so the next lookup reads the file again (tests change the code
    the measurements depend on, and must not be handed what it measured before)."""
    global _kept
    _kept = None
    _added.clear()


def _read() -> dict[Key, Runs]:
    where = folder()
    if where is None:
        return {}
    try:
        path = where / FILE
        if path.stat().st_size > MAX_FILE_BYTES:
            return {}
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("measured_with") != measured_with():
            return {}
        return {(text, weight, language): tuple((float(dx), str(piece), str(family), bool(rtl), float(width))
                                                for dx, piece, family, rtl, width in runs)
                for text, weight, language, runs in document["lines"]}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def save() -> None:
    """Write the file again with this process's measurements added, the oldest dropped past
    MAX_LINES; atomically, so a reader never sees half a file. A folder that cannot be written
    is left alone: the next run measures again."""
    where = folder()
    if where is None or not _added:
        return
    lines = {**_read(), **_added}
    newest = list(lines.items())[-MAX_LINES:]
    document = {"measured_with": measured_with(),
                "lines": [[text, weight, language, [list(run) for run in runs]]
                          for (text, weight, language), runs in newest]}
    try:
        where.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(prefix=".lines-", suffix=".json", dir=where)
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, separators=(",", ":"))
        os.replace(name, where / FILE)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(name)
