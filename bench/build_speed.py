#!/usr/bin/env python3
"""How fast and how small a build is, against a bare-ReportLab baseline measured in the same run.

    .venv/bin/python bench/build_speed.py            # every figure (the batch takes about a minute)
    .venv/bin/python bench/build_speed.py --quick    # without the 1,000-site batch

Prints each figure with its target (issues 9 and 24) and its ratio to the baseline: a bare
ReportLab script drawing a page of similar text, timed as a whole process and inside a running
one. Whole-process targets are ratios to that baseline, so a busy machine slows both sides.
Medians of 5 runs. Not a test: timings vary with the machine and its load.
"""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
ROOT = Path(__file__).resolve().parent.parent
# The floor: an equivalent A4 poster drawn straight with ReportLab, no layout, no checks:
# the same embedded fonts, a heading band, 40 lines of text and two QR codes (ReportLab's own).
BASELINE = f"""
import io
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
for weight in ("Regular", "Bold"):
    pdfmetrics.registerFont(TTFont(weight, "{ROOT}/fonts/AtkinsonHyperlegible-" + weight + ".ttf"))
def page():
    c = Canvas(io.BytesIO(), pagesize=A4)
    c.setFillColorRGB(0.3, 0.1, 0.4); c.rect(28, 740, 540, 80, fill=1, stroke=0)
    c.setFillColorRGB(1, 1, 1); c.setFont("Bold", 36); c.drawString(40, 780, "You are not alone")
    c.setFillColorRGB(0, 0, 0)
    for i in range(40):
        c.setFont("Bold" if i % 2 == 0 else "Regular", 14)
        c.drawString(40, 700 - i * 14, "National Domestic Abuse Helpline  0808 2000 247  Open 24 hours")
    for x, url in ((40, "https://www.met.police.uk/advice/advice-and-information/daa/domestic-abuse/"),
                   (300, "https://www.gov.uk/government/publications/coronavirus-covid-19-and-domestic-abuse")):
        drawing = Drawing(100, 100); drawing.add(QrCodeWidget(url, barWidth=100, barHeight=100))
        renderPDF.draw(drawing, c, x, 60)
    c.showPage(); c.save()
page()
"""


def median_seconds(action, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sites_csv(path: Path, count: int) -> Path:
    """``count`` sites; two in three with a local service of their own."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["site", "local_service", "local_phone", "local_hours", "local_for", "local_checked_on"])
        for i in range(count):
            if i % 3 == 0:
                writer.writerow([f"Practice {i} Medical Centre", "", "", "", "", ""])
            else:
                writer.writerow([f"Practice {i} Surgery", f"Area {i} Outreach", f"020 7946 {i % 10000:04d}",
                                 "Mon to Fri, 9am to 5pm", f"people in area {i}", "2026-11"])
    return path


def batch(folder: Path, count: int) -> tuple[float, float]:
    """Wall seconds and the largest resident memory of any one process (MB) for a batch."""
    sites = sites_csv(folder / f"sites-{count}.csv", count)
    command = [sys.executable, "-m", "generator", "batch", str(sites), "--out", str(folder / f"out-{count}"),
               "--jobs", "2", "--no-progress"]
    # A fresh parent per batch, so its peak is this batch's alone (workers included).
    wrapper = ("import resource, subprocess, sys; result = subprocess.run(sys.argv[1:], capture_output=True); "
               "print(result.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", wrapper, *command], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    seconds = time.perf_counter() - start
    code, peak_kb = map(int, result.stdout.split())
    if code != 0:
        sys.exit(f"batch of {count} exited {code}")
    return seconds, peak_kb / 1024


def row(what: str, figure: str, target: str, ratio: str = "") -> None:
    print(f"| {what} | {figure} | {target} | {ratio} |")


def main() -> None:
    quick = "--quick" in sys.argv
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        # Line measurements kept between runs (generator.measures) in a folder of this run's
        # own: the first build fills it, as a user's first build does.
        os.environ["HELPLINE_PACK_CACHE"] = str(out / "cache")
        command = [sys.executable, "-m", "generator", "build", "--out", out / "cli"]
        default = median_seconds(lambda: subprocess.run(command, check=True, capture_output=True, cwd=ROOT))
        bare = median_seconds(lambda: subprocess.run([*command, "--no-verify", "--no-previews"], check=True,
                                                     capture_output=True, cwd=ROOT))
        bare_fresh = median_seconds(lambda: subprocess.run([*command, "--no-verify", "--no-previews"], check=True,
                                                           capture_output=True, cwd=ROOT,
                                                           env={**os.environ, "HELPLINE_PACK_CACHE": ""}))
        verify_only = median_seconds(lambda: subprocess.run([sys.executable, "-m", "generator", "verify", out / "cli"],
                                                            check=True, capture_output=True, cwd=ROOT))
        # What verify costs before its first check: Python and its readers, renderer and decoders.
        verify_imports = median_seconds(lambda: subprocess.run([sys.executable, "-c", "import generator.verify"],
                                                               check=True, cwd=ROOT))
        baseline = median_seconds(lambda: subprocess.run([sys.executable, "-c", BASELINE], check=True))
        namespace: dict = {}
        exec(BASELINE, namespace)
        baseline_page = median_seconds(namespace["page"], runs=15)

        from generator import build as builder
        from generator.pack import load_pack
        from generator.printer import load_profile

        pack, profile = load_pack(), load_profile(None)
        builder.build(None, out / "warm", verify=False, previews=False)
        from generator.products import registry

        products = registry()
        poster = median_seconds(lambda: products["poster"].first(pack, profile), runs=15)     # A4 only
        sticker = median_seconds(lambda: products["sticker"].files(pack, profile), runs=15)
        cards = median_seconds(lambda: products["wallet-card"].first(pack, profile), runs=15)  # the sheet
        whole = median_seconds(lambda: builder.build(None, out / "warm", verify=False, previews=False))
        with_previews = median_seconds(lambda: builder.build(None, out / "warm", verify=False))
        with_verify = median_seconds(lambda: builder.build(None, out / "warm"))
        sizes = {path.name: path.stat().st_size for path in (out / "warm").glob("*.pdf")}
        if not quick:
            small_seconds, small_peak = batch(out, 200)
            big_seconds, big_peak = batch(out, 1000)

    print("| what | measured | target | x baseline |")
    print("|---|---|---|---|")
    row("bare ReportLab script, one page, whole process (baseline)", f"{baseline * 1000:.0f} ms", "", "1.0")
    row("`build`, whole default pack, `--no-verify --no-previews`", f"{bare * 1000:.0f} ms", "2x",
        f"{bare / baseline:.1f}")
    row("  the same, keeping no line measurements (a first run)", f"{bare_fresh * 1000:.0f} ms", "",
        f"{bare_fresh / baseline:.1f}")
    row("`build`, whole default pack, as it runs by default (+ previews, verify)", f"{default * 1000:.0f} ms", "4x",
        f"{default / baseline:.1f}")
    row("`verify` of that pack, whole process", f"{verify_only * 1000:.0f} ms", "1.5x",
        f"{verify_only / baseline:.1f}")
    row("  of which loading verify's modules (pikepdf, PDFium, OpenCV, zxing-cpp), whole process",
        f"{verify_imports * 1000:.0f} ms", "", f"{verify_imports / baseline:.1f}")
    row("bare ReportLab page in a running process (baseline)", f"{baseline_page * 1000:.1f} ms", "", "1.0")
    row("A4 poster, in a running process", f"{poster * 1000:.1f} ms", "20 ms", f"{poster / baseline_page:.1f}")
    row("sticker sheet (21 labels), in a running process", f"{sticker * 1000:.1f} ms", "30 ms",
        f"{sticker / baseline_page:.1f}")
    row("wallet-card sheet (10 cards, two sides), in a running process", f"{cards * 1000:.1f} ms", "40 ms",
        f"{cards / baseline_page:.1f}")
    row("all six PDFs, in a running process", f"{whole * 1000:.0f} ms", "", f"{whole / baseline_page:.1f}")
    row("  + previews and the proof sheet", f"+{(with_previews - whole) * 1000:.0f} ms", "", "")
    row("  + verify", f"+{(with_verify - with_previews) * 1000:.0f} ms", "", "")
    row("A4 poster file", f"{sizes['poster-A4.pdf'] / 1024:.0f} KB", "64 KB", "")
    row("sticker sheet file", f"{sizes['stickers-L7160.pdf'] / 1024:.0f} KB", "90 KB", "")
    if not quick:
        row("batch, 1,000 sites, all products, 2 jobs", f"{big_seconds:.1f} s", "60 s",
            f"{big_seconds / 1000 / baseline_page:.1f} per site")
        row("batch, 200 sites, the same way", f"{small_seconds:.1f} s", "",
            f"{small_seconds / 200 / baseline_page:.1f} per site")
        row("  peak memory of one process: 200 sites / 1,000 sites", f"{small_peak:.0f} MB / {big_peak:.0f} MB",
            "flat", "")


if __name__ == "__main__":
    main()
