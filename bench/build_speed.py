#!/usr/bin/env python3
"""How fast a build is, against a bare-ReportLab baseline measured in the same run.

    .venv/bin/python bench/build_speed.py

Prints the median of 5 runs for: a whole `helpline-pack build` process, a build inside a
running process (after the first), and a bare ReportLab script that draws a page of
similar text, so the ratio says what our own work costs. Not a test: timings vary.
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
        process = median_seconds(lambda: subprocess.run(
            [sys.executable, "-m", "generator", "build", "--out", out / "cli"], check=True,
            capture_output=True))
        baseline = median_seconds(lambda: subprocess.run([sys.executable, "-c", BASELINE], check=True))

        from generator.build import build

        build(None, out / "warm")
        in_process = median_seconds(lambda: build(None, out / "warm"))
    print(f"whole process, build (every product):       {process * 1000:7.1f} ms")
    print(f"bare ReportLab script, one page:            {baseline * 1000:7.1f} ms")
    print(f"ratio to baseline:                          {process / baseline:7.2f}x")
    print(f"in-process build after the first:           {in_process * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
