#!/usr/bin/env python3
"""How long a change on the `serve` page takes to reach the preview, alone and with others.

    .venv/bin/python bench/preview_latency.py

Starts `helpline-pack serve` on 127.0.0.1 (a free port, 2 workers) and plays the page's part
over HTTP: each change posts the form for a preview, fetches the image it names (the time
until then is "change to first preview"), then asks for the whole pack's check, as the page
does. Reports, with the targets from issue 23:
* the median of 20 changes by one person, as a ratio to a bare ReportLab script's whole-process
  time measured in the same run (bench/build_speed.py's baseline);
* the p95 (and median) of 8 people changing at once, 5 changes each;
* 50 connections opened at once, each asking for a preview: how many got an answer.
Only 127.0.0.1 is contacted; every loop is bounded in count and every request in time.
Not a test: timings vary with the machine and its load.
"""

from __future__ import annotations

import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from build_speed import BASELINE, median_seconds  # noqa: E402  (the same floor, measured the same way)

ALONE = 20
USERS, CHANGES_EACH, THINK_SECONDS = 8, 5, 0.5
CONNECTIONS = 50
TIMEOUT = 60.0
COLOURS = {"primary": "#4A1F6F", "accent": "#006B6B", "emergency": "#A4161A", "text": "#1B1B1F",
           "background": "#FFFFFF"}


class Page:
    """One person's page: posts as the browser does (same origin), fetches images."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.checks: list[float] = []

    def post(self, path: str, fields: dict) -> dict:
        request = urllib.request.Request(self.base + path, json.dumps(fields).encode(), {
            "Content-Type": "application/json", "Origin": self.base, "Sec-Fetch-Site": "same-origin"})
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return json.loads(response.read())

    def change(self, fields: dict) -> float:
        """Seconds from the change to the first preview image in hand; then the check runs
        (its seconds, from the change, are kept in ``self.checks``)."""
        start = time.perf_counter()
        answer = self.post("/api/preview", fields)
        if "image" not in answer:
            raise RuntimeError(f"no preview: {answer}")
        with urllib.request.urlopen(self.base + answer["image"], timeout=TIMEOUT) as response:
            response.read()
        seconds = time.perf_counter() - start
        checked = self.post("/api/check", fields)
        if "findings" not in checked:
            raise RuntimeError(f"no check: {checked}")
        self.checks.append(time.perf_counter() - start)
        return seconds


def fields(who: str, number: int) -> dict:
    return {"organisation": f"{who} surgery {number}", "services": ["galop", "hourglass"], "colours": COLOURS,
            "focus": "poster"}


def start_server() -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port), "--workers", "2"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    if "open" not in line:
        process.kill()
        sys.exit(f"serve did not start: {line}{process.stderr.read()}")
    return process, f"http://127.0.0.1:{port}"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def together(count: int, work) -> list:
    """Run ``work(n)`` in ``count`` threads released at once; each result or the error it met."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(number: int) -> None:
        barrier.wait(timeout=TIMEOUT)
        try:
            results[number] = work(number)
        except (OSError, RuntimeError, urllib.error.URLError) as exc:
            results[number] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * (CHANGES_EACH + 2))
    return results


def main() -> None:
    baseline = median_seconds(lambda: subprocess.run([sys.executable, "-c", BASELINE], check=True))
    process, base = start_server()
    try:
        page = Page(base)
        page.change(fields("warm", 0))                    # the first change of the run, not timed
        alone = [page.change(fields("alone", n)) for n in range(ALONE)]

        def person(number: int) -> list[float]:
            mine = Page(base)
            times = []
            for change in range(CHANGES_EACH):
                times.append(mine.change(fields(f"user {number}", change)))
                time.sleep(THINK_SECONDS)
            return times

        crowd = together(USERS, person)
        crowd_errors = [r for r in crowd if isinstance(r, Exception)]
        crowd_times = [t for r in crowd if isinstance(r, list) for t in r]

        def connect(number: int) -> float:
            start = time.perf_counter()
            answer = Page(base).post("/api/preview", fields("connection", number))
            if "image" not in answer:
                raise RuntimeError(f"no preview: {answer}")
            return time.perf_counter() - start

        burst = together(CONNECTIONS, connect)
        burst_errors = [r for r in burst if isinstance(r, Exception)]
        burst_times = [t for t in burst if isinstance(t, float)]
    finally:
        process.terminate()
        process.wait(10)

    median = statistics.median(alone)
    print("| what | measured | target | x baseline |")
    print("|---|---|---|---|")
    print(f"| bare ReportLab script, one page, whole process (baseline) | {baseline * 1000:.0f} ms |  | 1.0 |")
    print(f"| change to first preview image, one person (median of {ALONE}) | {median * 1000:.0f} ms | "
          f"3x baseline | {median / baseline:.1f} |")
    print(f"|   slowest of the {ALONE} | {max(alone) * 1000:.0f} ms |  | {max(alone) / baseline:.1f} |")
    checks = statistics.median(page.checks[1:])
    print(f"| change to the whole pack built and verified, one person (median) | {checks * 1000:.0f} ms |  | "
          f"{checks / baseline:.1f} |")
    if crowd_times:
        p95 = percentile(crowd_times, 0.95)
        print(f"| {USERS} people at once, change to first preview, p95 ({len(crowd_times)} changes) | "
              f"{p95 * 1000:.0f} ms | 3000 ms | {p95 / baseline:.1f} |")
        print(f"|   their median | {statistics.median(crowd_times) * 1000:.0f} ms |  | "
              f"{statistics.median(crowd_times) / baseline:.1f} |")
    print(f"|   errors among the {USERS} people | {len(crowd_errors)} | 0 |  |")
    print(f"| {CONNECTIONS} connections at once, each a preview: answered | {len(burst_times)} of {CONNECTIONS} | "
          f"all | |")
    if burst_times:
        print(f"|   the last of them answered after | {max(burst_times) * 1000:.0f} ms |  | "
              f"{max(burst_times) / baseline:.1f} |")
    for error in (crowd_errors + burst_errors)[:5]:
        print(f"error: {error!r}")


if __name__ == "__main__":
    main()
