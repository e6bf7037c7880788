#!/usr/bin/env python3
"""Two commands for a fresh machine with only Python 3.11+:

    python3 dev.py pack   # set up .venv, then build the default London pack into output/
    python3 dev.py test   # set up .venv (and Chromium and poppler-utils for the tests), then run them

The virtual environment is (re)installed only when pyproject.toml changes.
"""

from __future__ import annotations

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
    if sys.version_info < (3, 11):
        sys.exit(f"helpline-pack needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.is_file() and STAMP.read_text().strip() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("setting up .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[test]")
    STAMP.write_text(wanted + "\n")


def ensure_system_tools() -> None:
    """Debian packages the tests use: Chromium for the web page's browser tests (Playwright,
    a test dependency, drives it) and poppler's pdftotext, verify's second text extractor.
    Without root or apt-get the tests that need them say why they skip."""
    wanted = [package for package, command in (("chromium", ("chromium", "chromium-browser")),
                                               ("poppler-utils", ("pdftotext",)))
              if not any(shutil.which(name) for name in command)]
    if not wanted:
        return
    apt = shutil.which("apt-get")
    if apt is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        print(f"note: no {', '.join(wanted)}, and installing needs root and apt-get: the tests that use "
              "them will be skipped", flush=True)
        return
    print(f"installing {', '.join(wanted)} for the tests (Debian's packages) ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in ([apt, "-qq", "update"], [apt, "-qq", "install", "-y", "--no-install-recommends", *wanted]):
        if subprocess.run(command, env=env, stdout=subprocess.DEVNULL).returncode:
            print(f"note: {', '.join(wanted)} could not be installed: the tests that use them will be skipped",
                  flush=True)
            return


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("pack", "test"):
        print(__doc__)
        return 2
    ensure_venv()
    if argv[0] == "pack":
        run(PYTHON, "-m", "generator", "build", "--out", ROOT / "output")
    else:
        ensure_system_tools()
        run(PYTHON, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
