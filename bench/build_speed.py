#!/usr/bin/env python3
"""How fast a build is, against a bare-ReportLab baseline measured in the same run.

    .venv/bin/python bench/build_speed.py

Prints the median of 5 runs for: a whole `helpline-pack build` process (as it runs by
default, with previews and verify, and without them), a build inside a running process
(after the first) with what previews and verify add to it, and a bare ReportLab script that
draws a page of similar text, so the ratio says what our own work costs. Not a test:
timings vary.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
BASELINE = """
from reportlab.pdfgen.canvas import Canvas
from reportlab.lib.pagesizes import A4
import io
c = Canvas(io.BytesIO(), pagesize=A4)
c.setFont("Helvetica", 14)
for i in range(60):
    c.drawString(40, 800 - i * 12, "0808 2000 247 National Domestic Abuse Helpline " * 2)
c.showPage(); c.save()
"""


def median_seconds(action) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        command = [sys.executable, "-m", "generator", "build", "--out", out / "cli"]
        process = median_seconds(lambda: subprocess.run(command, check=True, capture_output=True))
        bare = median_seconds(lambda: subprocess.run([*command, "--no-verify", "--no-previews"], check=True,
                                                     capture_output=True))
        baseline = median_seconds(lambda: subprocess.run([sys.executable, "-c", BASELINE], check=True))

        from generator.build import build

        build(None, out / "warm", verify=False, previews=False)
        in_process = median_seconds(lambda: build(None, out / "warm", verify=False, previews=False))
        with_previews = median_seconds(lambda: build(None, out / "warm", verify=False))
        with_verify = median_seconds(lambda: build(None, out / "warm"))
    print(f"whole process, build + previews + verify:   {process * 1000:7.1f} ms")
    print(f"whole process, --no-verify --no-previews:   {bare * 1000:7.1f} ms")
    print(f"bare ReportLab script, one page:            {baseline * 1000:7.1f} ms")
    print(f"ratio to baseline (no verify, no previews): {bare / baseline:7.2f}x")
    print(f"in-process build after the first:           {in_process * 1000:7.1f} ms")
    print(f"  + previews and proof sheet:               {(with_previews - in_process) * 1000:7.1f} ms")
    print(f"  + verify:                                 {(with_verify - with_previews) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
