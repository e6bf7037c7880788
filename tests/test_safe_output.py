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


FORKED_BUILD = """
import sys
from generator import forking
from generator.build import build
print(forking.workers(2, 6))
build(None, sys.argv[1], jobs=2)
"""


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
    # The build either reaches its manifest or ends; a wait with no bound of its own would hang
    # only if it did neither, and pytest's own run would show that.
    while not any((stage / "manifest.json").exists() for stage in _staging(out)):
        assert process.poll() is None, process.stderr.read().decode()
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


def test_same_input_gives_the_same_bytes_in_every_file_in_one_process_or_several(tmp_path):
    out = tmp_path / "out"
    build(None, out)
    first = _snapshot(out)
    out.rename(tmp_path / "first")
    # Again with products drawn and files verified in two forked processes: in a process of
    # its own, since the suite's may be running threads (servers), where nothing is forked.
    forked = subprocess.run([sys.executable, "-c", FORKED_BUILD, str(out)], cwd=ROOT, capture_output=True,
                            text=True, timeout=600)
    assert forked.returncode == 0, forked.stderr
    assert forked.stdout.split() == ["2"], "the build was to fork two processes"
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


# A build that dies at its ``step``-th rename or removal once it starts moving files into
# place (os._exit: no cleanup runs, as with a kill or a power cut), and prints the steps it
# took when it does not die.
CRASH_AT_STEP = """
import os, sys
from generator import output
from generator.build import build

step, target, armed = [0], int(sys.argv[3]), [False]
commit = output.Stage.commit

def armed_commit(self, **kwargs):
    armed[0] = True
    return commit(self, **kwargs)

def dies(real):
    def call(*args, **kwargs):
        if armed[0]:
            step[0] += 1
            if step[0] == target:
                os._exit(9)
        return real(*args, **kwargs)
    return call

output.Stage.commit = armed_commit
os.replace, os.unlink = dies(os.replace), dies(os.unlink)
build(sys.argv[1], sys.argv[2], verify=False, previews=False)
print(step[0])
"""


def test_a_build_killed_at_each_rename_in_turn_leaves_the_old_or_the_new_pack_whole(tmp_path):
    """Issue 24: a kill during the final renames left 1, 3 or 6 new files among the old ones.
    The old pack (London: posters and L7160 stickers) is replaced by the pharmacy's (cards and
    L7163 stickers): six files move in and three stale ones go. After a kill at any step, the
    next command (here verify) finds one pack, old or new, whole."""
    out, old = tmp_path / "out", tmp_path / "old"
    build(None, out, products="poster,sticker", verify=False, previews=False)
    shutil.copytree(out, old)
    old_files = _snapshot(old)
    build(PHARMACY, out, verify=False, previews=False)
    new_files = _snapshot(out)
    assert set(old_files) & set(new_files) == {"PRINTING.txt", "manifest.json", "pack.html"}

    def crash_at(step: int) -> subprocess.CompletedProcess:
        shutil.rmtree(out)
        shutil.copytree(old, out)
        return subprocess.run([sys.executable, "-c", CRASH_AT_STEP, PHARMACY, out, str(step)], cwd=ROOT,
                              capture_output=True, text=True)

    steps = int(crash_at(10_000).stdout)
    # the journal, six files in, three stale files out, the journal removed
    assert steps >= 11, steps
    seen = []
    for step in range(1, steps + 1):
        result = crash_at(step)
        assert result.returncode == 9, result.stderr
        findings = verify(out)
        now = _snapshot(out)
        assert now in (old_files, new_files), f"a mix after a kill at step {step}: {sorted(now)}"
        assert findings and all(f.ok for f in findings), (step, [str(f) for f in findings if not f.ok])
        assert not (out / output.JOURNAL).exists()
        seen.append("new" if now == new_files else "old")
        # A journal's staging folder goes with it; one killed before its journal, with the next build.
        assert not _staging(out) if seen[-1] == "new" else _staging(out)
    # Before the journal is on the disk the old pack stands; from then on the new one.
    assert seen[0] == "old" and seen[-1] == "new" and seen == sorted(seen, reverse=True), seen


def test_the_lock_is_opened_without_following_a_link_planted_after_the_first_look(tmp_path):
    """The check before building and the open at the moves are separate moments: a link put
    there in between is still refused, and nothing is created where it points."""
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere.txt"
    out.mkdir()
    output.check_lock(out)
    (out / output.LOCK).symlink_to(elsewhere)
    try:
        with output._locked(out):
            raise AssertionError("the lock was taken through a symbolic link")
    except output.OutputError as exc:
        assert "is a symbolic link, not the lock file a build makes" in str(exc)
    assert not elsewhere.exists()
    (out / output.LOCK).unlink()
    os.mkfifo(out / output.LOCK)
    try:
        with output._locked(out):           # O_NONBLOCK: refused at once, never a hang
            raise AssertionError("the lock was taken on a FIFO")
    except output.OutputError as exc:
        assert "is a named pipe (FIFO)" in str(exc)
