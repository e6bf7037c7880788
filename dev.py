#!/usr/bin/env python3
"""Two commands for a fresh machine with only Python 3.11+:

    python3 dev.py pack   # set up .venv (and zbar for verify), then build the default London pack into output/
    python3 dev.py test   # set up .venv (zbar, Chromium, poppler-utils), then ruff, mypy and the tests

The virtual environment is (re)installed only when pyproject.toml changes.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def run(*command: str | Path) -> None:
    result = subprocess.run([str(part) for part in command], cwd=ROOT)
    if result.returncode:
        sys.exit(result.returncode)


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under any python3, to say it is too old
        sys.exit(f"helpline-pack needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.is_file() and STAMP.read_text().strip() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("setting up .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[test]")
    STAMP.write_text(wanted + "\n")


def apt_install(package: str, why: str) -> bool:
    """Debian's ``package`` with apt-get, when run as root; False (with a note saying ``why``
    it was wanted) when it cannot be installed here."""
    apt = shutil.which("apt-get")
    if apt is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        print(f"note: no {package}, and installing it needs root and apt-get: {why}", flush=True)
        return False
    print(f"installing {package} (Debian's package) ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in ([apt, "-qq", "update"], [apt, "-qq", "install", "-y", "--no-install-recommends", package]):
        if subprocess.run(command, env=env, stdout=subprocess.DEVNULL).returncode:
            print(f"note: {package} could not be installed: {why}", flush=True)
            return False
    return True


def ensure_zbar() -> None:
    """zbar, the third of verify's three QR decoders (pyzbar loads Debian's libzbar0). Without
    it verify fails its "qr decoders" check and says how to install it."""
    if ctypes.util.find_library("zbar") is None:
        apt_install("libzbar0", "verify will fail its QR decoder check until zbar is installed")


def ensure_browser() -> None:
    """Chromium for the web page's browser tests, from Debian's packages; Playwright (a test
    dependency) drives it. Without root or apt-get the browser tests say why they skip."""
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        return
    apt_install("chromium", "the browser tests will be skipped")


def ensure_pdftotext() -> None:
    """poppler's pdftotext, verify's second text extractor for tagged PDFs; without it that check
    says why it skips."""
    if not shutil.which("pdftotext"):
        apt_install("poppler-utils", "the tests that read PDFs with pdftotext will be skipped")


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("pack", "test"):
        print(__doc__)
        return 2
    ensure_venv()
    ensure_zbar()
    if argv[0] == "pack":
        run(PYTHON, "-m", "generator", "build", "--out", ROOT / "output")
    else:
        ensure_browser()
        ensure_pdftotext()
        # Lint and types first (configured in pyproject.toml): a few seconds, and they fail fast.
        run(BIN / "ruff", "check", "generator", "tests", "bench", "dev.py", "docs")
        run(BIN / "mypy")
        run(PYTHON, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
