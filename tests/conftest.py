from __future__ import annotations

import contextlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

# Tests change the code that measures lines (and count the measuring): measurements kept by
# an earlier run would hide both, so the suite keeps none unless a test asks (generator.measures).
os.environ["HELPLINE_PACK_CACHE"] = ""

from generator.build import build
from generator.cli import main
from generator.pack import load_pack


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(*args: str | Path) -> CliResult:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's own exits
            code = int(exc.code or 0)
    return CliResult(code, out.getvalue(), err.getvalue())


@dataclass
class Built:
    folder: Path
    manifest: dict

    def file(self, name: str) -> Path:
        return self.folder / name


@pytest.fixture(scope="session")
def default_pack():
    return load_pack()


@pytest.fixture(scope="session")
def default_build(tmp_path_factory) -> Built:
    folder = tmp_path_factory.mktemp("default-build")
    build(None, folder)
    return Built(folder, json.loads((folder / "manifest.json").read_text()))


@pytest.fixture
def write_pack(tmp_path):
    """Write a pack file next to nothing else; returns its path."""
    def write(text: str, name: str = "mypack.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return write



# The fast tier (pytest -m "not slow", about a minute on 2 cores) leaves out whole-pack builds
# in a browser, kill-and-recover runs, clusters, every-language builds, fuzzing and the wheel;
# and any test that needs a whole default or example build. The full suite runs them all.
SLOW_MODULES = {"test_web_browser", "test_safe_output", "test_cluster", "test_fuzz", "test_install", "test_sites",
                "test_street_scan", "test_batch", "test_languages", "test_guards"}
SLOW_FIXTURES = {"default_build", "examples"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rpartition(".")[2] if item.module else ""
        if module in SLOW_MODULES or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
