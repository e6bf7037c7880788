"""Files land whole or not at all: killed builds, full disks, two builds at once, same bytes."""

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from generator import output
from generator.build import build
from generator.verify import verify
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
PHARMACY = ROOT / "examples" / "pharmacy" / "pack.yaml"
CHARITY = ROOT / "examples" / "charity" / "pack.yaml"


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file a person would see in the folder (hidden files aside), with its hash."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.relative_to(folder).parts[0].startswith(".")}


def _staging(folder: Path) -> list[Path]:
    return list(folder.glob(f"{output.STAGING_PREFIX}*"))


def _cli(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_a_build_killed_half_way_leaves_the_previous_pack_intact(tmp_path):
    out = tmp_path / "out"
    build(PHARMACY, out, verify=False)
    before = _snapshot(out)
    assert "manifest.json" in before and "previews/proof.png" in before
    process = _cli("build", "--out", out)
    # Wait until the new build has written its PDFs and manifest into its staging folder (it
    # then renders previews and verifies, about a second more), and kill it there.
    deadline = time.monotonic() + 60
    while not any((stage / "manifest.json").exists() for stage in _staging(out)):
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "the build never reached its manifest"
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert _snapshot(out) == before
    assert all(f.ok for f in verify(out))
    # The next build clears what the killed one left behind.
    build(PHARMACY, out, verify=False)
    assert not _staging(out)
    assert _snapshot(out) == before


def test_a_full_disk_is_one_clear_line_and_leaves_the_previous_pack(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(PHARMACY, out, verify=False, previews=False)
    before = _snapshot(out)
    calls = []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 3:            # two PDFs are staged, then the disk fills
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output.os, "fsync", fsync)
    result = run_cli("build", "--out", out, "--no-previews", "--no-verify")
    assert result.code == 2, result
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert "the disk is full; free some space or choose another folder with --out" in result.err
    assert _snapshot(out) == before
    assert not _staging(out) and not list(out.glob(".*.tmp"))


def test_two_builds_into_one_folder_at_once_leave_one_whole_pack(tmp_path):
    out = tmp_path / "out"
    builds = [_cli("build", "--config", pack, "--out", out, "--no-verify") for pack in (PHARMACY, CHARITY)]
    for process in builds:
        assert process.wait(timeout=120) == 0, process.stderr.read().decode()
    findings = verify(out)
    assert findings and all(f.ok for f in findings), [str(f) for f in findings if not f.ok]
    assert not _staging(out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert {p.name for p in out.glob("*.pdf")} == {entry["path"] for entry in manifest["files"]}


def test_a_rebuild_with_fewer_products_leaves_no_stale_document(tmp_path):
    out = tmp_path / "out"
    build(None, out, verify=False)
    build(None, out, products="sticker", verify=False)
    assert {p.name for p in out.glob("*.pdf")} == {"stickers-L7160.pdf"}
    assert {p.name for p in (out / "previews").glob("*.png")} == {"stickers-L7160-1.png", "proof.png"}


def test_same_input_gives_the_same_bytes_in_every_file(tmp_path):
    out = tmp_path / "out"
    build(None, out)
    first = _snapshot(out)
    out.rename(tmp_path / "first")
    build(None, out)
    assert _snapshot(out) == first
    assert {"PRINTING.txt", "manifest.json", "previews/proof.png", "poster-A4.pdf"} <= set(first)


def test_other_files_in_the_output_folder_are_left_alone(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    build(PHARMACY, out, verify=False, previews=False)
    assert (out / "notes.txt").read_text() == "mine"


def test_the_same_pack_gives_the_same_bytes_wherever_it_lives(tmp_path):
    # The GP example has a PNG logo: ReportLab names an image from its file's path unless
    # given the pixels, which made the bytes depend on the folder the pack was in.
    for place in ("here", "there/and/deeper"):
        shutil.copytree(ROOT / "examples" / "gp-surgery", tmp_path / place)
        build(tmp_path / place / "pack.yaml", tmp_path / "out" / place, verify=False, previews=False)
    here, there = (_snapshot(tmp_path / "out" / place) for place in ("here", "there/and/deeper"))
    pdfs = [name for name in here if name.endswith(".pdf")]
    assert pdfs and {name: here[name] for name in pdfs} == {name: there[name] for name in pdfs}
