"""Issue 24: work that verify, previews and layout do, bounded by counting it (never by the clock)."""

import io
import json

from PIL import Image, ImageChops

from generator import proof, shaping, verify
from generator.build import build


def test_verify_reads_each_pages_text_once_for_every_number(default_build, monkeypatch):
    """visual_rows was rebuilt for every phone number on every page: 65 times for 10 pages."""
    calls = {"read_text": 0, "visual_rows": 0}

    def counted(name, real):
        def call(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(verify, "read_text", counted("read_text", verify.read_text))
    monkeypatch.setattr(verify, "visual_rows", counted("visual_rows", verify.visual_rows))
    findings = verify.verify(default_build.folder)
    pages = sum(entry["pages"] for entry in default_build.manifest["files"])
    numbers = sum(f.check == "number printed" for f in findings)
    assert pages == 10 and numbers > pages
    assert calls == {"read_text": pages, "visual_rows": pages}
    assert all(f.ok for f in findings)


def test_a_layout_tried_at_several_sizes_shapes_each_line_once(tmp_path):
    """HarfBuzz gives the same glyphs at every size for fonts without a 'trak' table (none of
    ours has one), so the poster's five candidate sizes shape each line once, not five times."""
    shaping._shaped.cache_clear()
    texts = ["National Domestic Abuse Helpline", "0808 2000 247"]
    for size in (14, 13.5, 13, 12.5, 12):
        for text in texts:
            shaping.shaped(text, "latin", "bold", size, False)
    assert shaping._shaped.cache_info().misses == len(texts)
    widths = {size: shaping.shaped_width(texts[0], "latin", "bold", size, False) for size in (12, 14)}
    assert abs(widths[14] / widths[12] - 14 / 12) < 1e-9


def test_previews_are_palette_pngs_that_look_like_the_page(tmp_path):
    build(None, tmp_path, products="poster", verify=False)
    page = proof.page_images((tmp_path / "poster-A4.pdf").read_bytes())[0]
    preview = Image.open(io.BytesIO((tmp_path / "previews" / "poster-A4-1.png").read_bytes()))
    assert preview.mode == "P" and preview.size == page.size
    difference = ImageChops.difference(page, preview.convert("RGB")).convert("L")
    histogram = difference.histogram()
    mean = sum(level * count for level, count in enumerate(histogram)) / sum(histogram)
    assert mean < 2 and difference.getextrema()[1] < 40, (mean, difference.getextrema())


def _measuring(monkeypatch, folder) -> dict:
    """Measurements kept in ``folder`` from now on, and a count of the lines measured afresh."""
    from generator import measures

    monkeypatch.setenv("HELPLINE_PACK_CACHE", str(folder))
    shaping.line_runs.cache_clear()
    measured = {"lines": 0}
    real = shaping._measured

    def counted(*args):
        measured["lines"] += 1
        return real(*args)
    monkeypatch.setattr(shaping, "_measured", counted)
    monkeypatch.setattr(measures, "_saving", True)     # saved by the test, not at exit
    return measured


def test_a_fresh_process_finds_the_lines_an_earlier_one_measured_and_draws_the_same_bytes(tmp_path,
                                                                                         monkeypatch):
    from generator import measures

    plain = tmp_path / "plain"
    build(None, plain, products="poster", verify=False, previews=False)     # the suite keeps none
    measured = _measuring(monkeypatch, tmp_path / "cache")
    build(None, tmp_path / "first", products="poster", verify=False, previews=False)
    first = measured["lines"]
    assert first > 100
    measures.save()
    kept = json.loads((tmp_path / "cache" / measures.FILE).read_text(encoding="utf-8"))
    # One entry a line (a line measured for two fields is kept once).
    assert 100 < len(kept["lines"]) <= first
    assert len({(text, weight, language) for text, weight, language, _ in kept["lines"]}) == len(kept["lines"])
    shaping.line_runs.cache_clear()          # as a new process starts: nothing in memory
    build(None, tmp_path / "again", products="poster", verify=False, previews=False)
    assert measured["lines"] == first        # not one line measured again
    for name in ("poster-A4.pdf", "poster-A3.pdf"):
        assert (tmp_path / "again" / name).read_bytes() == (plain / name).read_bytes()
        assert (tmp_path / "first" / name).read_bytes() == (plain / name).read_bytes()


def test_a_cache_file_measured_with_other_fonts_or_not_ours_is_ignored_and_replaced(tmp_path, monkeypatch):
    from generator import measures

    folder = tmp_path / "cache"
    folder.mkdir()
    line = ["You are not alone", "bold", "en", [[0.0, "You are not alone", "latin", False, 1.0]]]
    for text in (json.dumps({"measured_with": "other fonts", "lines": [line]}), "{not json", "[]"):
        (folder / measures.FILE).write_text(text, encoding="utf-8")
        measured = _measuring(monkeypatch, folder)
        build(None, tmp_path / "out", products="poster", verify=False, previews=False)
        assert measured["lines"] > 100       # nothing taken from the file: every line measured
        measures.save()
        assert json.loads((folder / measures.FILE).read_text(encoding="utf-8"))["measured_with"] == \
            measures.measured_with()


def test_a_long_running_process_keeps_at_most_a_files_worth_of_new_measurements(monkeypatch, tmp_path):
    # The web page's server measures every organisation name as it is typed: what it keeps to
    # save is bounded, the newest kept.
    from generator import measures

    monkeypatch.setenv("HELPLINE_PACK_CACHE", str(tmp_path))
    monkeypatch.setattr(measures, "_saving", True)
    monkeypatch.setattr(measures, "MAX_LINES", 50)
    measures.forget()
    for n in range(120):
        measures.put((f"Practice {n}", "bold", "en"), ((0.0, f"Practice {n}", "latin", False, 1.0),))
    kept = measures.added()
    assert len(kept) == 50 and ("Practice 119", "bold", "en") in kept and ("Practice 0", "bold", "en") not in kept
    measures.forget()


def test_work_is_forked_only_where_a_fork_is_possible_and_safe(monkeypatch):
    import multiprocessing
    import threading

    from generator import forking

    # As in a command's own process, where only the main thread runs (the suite's may be
    # running server threads from earlier tests).
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert forking.workers(2, 6) == 2 and forking.workers(4, 3) == 3 and forking.workers(2, 0) == 1
    # Windows has no fork: one process, not a crash.
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert forking.workers(2, 6) == 1
    monkeypatch.undo()
    # Another thread running (the web page's server): a fork would copy the locks it holds.
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert forking.workers(2, 6) == 1
    finally:
        stop.set()
        other.join()
