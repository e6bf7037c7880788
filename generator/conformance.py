"""verify's checks of the PDF standards: tagging for every file, PDF/X-4 for print shops.

Read with pikepdf and two text extractors (PDFium, and poppler's ``pdftotext`` where it is
installed), never from how the file was drawn:

* **tagged**: a structure tree, ``/MarkInfo``, the document's ``/Lang`` and a title that
  viewers show; every piece of text on every page inside marked content that the tree
  reaches (or an artifact); every figure with alternative text, every QR code's address in
  a figure's; every link annotation with a target;
* **real text**: every line the build printed (the manifest's ``lines``) is found, letter
  for letter and in reading order, in what each extractor reads from the page;
* **PDF/X-4** (files the manifest says are a print shop's): an output intent with a CMYK
  profile, the XMP version, ``/Trapped``, PDF 1.6 or later, TrimBox and BleedBox on every
  page, no RGB colour anywhere, black only as 0/0/0/100, total ink at most 300 %, no actions.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

MAX_INK = 3.0   # 300 %: the sum of C, M, Y and K that presses and papers take
RGB_OPERATORS = {"rg", "RG"}
TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}


def _plain(text: str) -> str:
    """Text as compared: no spaces, line breaks or direction marks, Unicode NFC."""
    kept = (ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")
    return unicodedata.normalize("NFC", "".join(kept))


def _words(text: str, *, marked: bool = True) -> list[str]:
    """Runs of letters and digits, the words of a line whatever its direction, without
    their Arabic vowel marks (kasra, shadda...). ``marked=False`` leaves out the words that
    carry such a mark: HarfBuzz places a mark by offset, and PDFium and poppler both read
    it, and sometimes the letter under it, as text of its own, away from the word."""
    out, word, has_mark = [], [], False
    for ch in unicodedata.normalize("NFC", text) + " ":
        if unicodedata.category(ch) == "Mn":
            has_mark = True
            continue
        if unicodedata.category(ch)[0] in "LMN":
            word.append(ch)
        elif word:
            if marked or not has_mark:
                out.append("".join(word))
            word, has_mark = [], False
    return out


def _streams(pdf):
    """Every content stream with the resources it draws with: pages, then forms (once each)."""
    seen = set()

    def forms(owner):
        resources = owner.get("/Resources")
        xobjects = resources.get("/XObject") if resources is not None else None
        for xobject in (xobjects.values() if xobjects is not None else []):
            if xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            if xobject.get("/Subtype") == "/Form":
                yield "form", xobject
                yield from forms(xobject)
            elif xobject.get("/Subtype") == "/Image":
                yield "image", xobject

    for number, page in enumerate(pdf.pages, start=1):
        yield f"page {number}", page.obj
        yield from ((f"a {kind} on page {number}", obj) for kind, obj in forms(page.obj))


def _untagged_text(pdf) -> tuple[int, int]:
    """(text operators inside an MCID or an artifact, text operators outside both)."""
    import pikepdf

    tagged = loose = 0
    for page in pdf.pages:
        stack: list[bool] = []
        for operands, operator in pikepdf.parse_content_stream(page):  # type: ignore[misc]  # (operands, operator) pairs
            op = str(operator)
            if op == "BDC":
                props = operands[1]
                stack.append((isinstance(props, pikepdf.Dictionary) and "/MCID" in props)
                             or (stack[-1] if stack else False))
            elif op == "BMC":
                stack.append(str(operands[0]) == "/Artifact" or (stack[-1] if stack else False))
            elif op == "EMC" and stack:
                stack.pop()
            elif op in TEXT_OPERATORS:
                if stack and stack[-1]:
                    tagged += 1
                else:
                    loose += 1
    return tagged, loose


def _elements(root):
    """Every structure element under ``root``, depth first (reading order)."""
    import pikepdf

    kids = root.get("/K")
    if kids is None:
        return
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR" and "/S" in kid:
            yield kid
            yield from _elements(kid)


def _pdftotext(path: Path) -> str | None:
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    done = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=60, check=False)
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def _tagging(pdf, path: Path, entry: dict, layers_text: str, add) -> None:

    root = pdf.Root
    tree = root.get("/StructTreeRoot")
    marked = root.get("/MarkInfo", {}).get("/Marked", False)
    lang = str(root.get("/Lang", ""))
    prefs = root.get("/ViewerPreferences", {})
    title = str(pdf.docinfo.get("/Title", ""))
    shows_title = bool(prefs.get("/DisplayDocTitle", False))
    ok = tree is not None and bool(marked) and bool(lang) and bool(title) and shows_title
    add("tagged", ok, f"structure tree, /MarkInfo, /Lang {lang}, title shown" if ok else
        "missing: " + ", ".join(what for what, have in (("structure tree", tree is not None), ("/MarkInfo", marked),
                                                         ("/Lang", lang), ("title", title),
                                                         ("DisplayDocTitle", shows_title)) if not have))
    if tree is None:
        return
    tagged, loose = _untagged_text(pdf)
    add("tag coverage", loose == 0 and tagged > 0,
        f"{loose} piece(s) of text outside the structure tree" if loose else f"all {tagged} pieces of text tagged")
    elements = list(_elements(tree))
    figures = [e for e in elements if e.get("/S") == "/Figure"]
    bare = sum(1 for f in figures if not str(f.get("/Alt", "")).strip())
    alts = " ".join(str(f.get("/Alt", "")) for f in figures)
    unnamed = sorted({q["target"] for q in entry.get("qr_codes", []) if q["target"] not in alts})
    add("figures", not bare and not unnamed,
        f"{bare} figure(s) without alternative text" if bare else
        f"no figure's alternative text names {unnamed[0]}" if unnamed else
        f"{len(figures)} figure(s), each with alternative text naming what it is")
    links = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
    aimless = [a for a in links if not str(a.get("/A", {}).get("/URI", "")) or "/StructParent" not in a]
    if entry.get("pdf_standard"):
        add("links", not links, f"{len(links)} link(s) in a print shop's file (PDF/X takes no actions)"
            if links else "none: a print shop's file takes no actions")
    else:
        targets = {str(a.A.URI) for a in links if "/A" in a}
        missing = sorted({q["target"] for q in entry.get("qr_codes", [])} - targets)
        add("links", not aimless and not missing,
            f"{len(aimless)} link(s) without a target or a place in the tree" if aimless else
            f"no link to {missing[0]}" if missing else f"{len(links)} links, each with its target")
    lines = entry.get("lines")
    if lines is None:
        return
    mixed = any(unicodedata.bidirectional(ch) in ("R", "AL") for line in lines for ch in line)
    for reader, text in (("PDFium", layers_text), ("pdftotext", _pdftotext(path))):
        if text is None:
            add("real text", True, f"{reader}: poppler's pdftotext is not installed; read with PDFium only")
            continue
        plain = _plain(text)
        words = set(_words(text))
        # A line that ends in a hyphen (a web address wrapped after "-") may be read joined
        # to the next without it: poppler takes it for a hyphenated word. In a file with
        # right-to-left text, each extractor orders a row's left-to-right pieces (numbers,
        # addresses) by its own bidi rules, so there every word must be read whole and in
        # its own letter order (no joined forms, no private-use glyphs), not the line.
        lost = [line for index, line in enumerate(lines)
                if (not all(w in words for w in _words(line, marked=False)[
                    1 if index and lines[index - 1].endswith("-") else 0:-1 if line.endswith("-") else None])
                    if mixed else
                    _plain(line) not in plain and _plain(line).rstrip("-") not in plain)]
        skipped = sum(len(_words(line)) - len(_words(line, marked=False)) for line in lines) if mixed else 0
        add("real text", not lost, f'{reader} does not read "{lost[0]}" as printed ({len(lost)} line(s))'
            if lost else f"{reader} reads all {len(lines)} lines as printed"
            + (f", word by word ({skipped} word(s) with vowel marks not compared)" if mixed else
               ", in reading order"))


def _pdfx(pdf, add) -> None:
    import pikepdf

    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFX"]
    profile = intents[0].get("/DestOutputProfile") if intents else None
    add("pdf/x output intent", profile is not None and int(profile.get("/N", 0)) == 4,
        f"GTS_PDFX, {intents[0].get('/OutputConditionIdentifier')}, a CMYK profile embedded"
        if profile is not None else "no GTS_PDFX output intent with a profile")
    metadata = pdf.Root.get("/Metadata")
    xmp = metadata.read_bytes().decode("utf-8", "replace") if metadata is not None else ""
    version = re.search(r"<pdfxid:GTS_PDFXVersion>([^<]+)<", xmp)
    trapped = str(pdf.docinfo.get("/Trapped", ""))
    ok = version is not None and version.group(1) == "PDF/X-4" and trapped in ("/True", "/False") \
        and float(pdf.pdf_version) >= 1.6 and not pdf.is_encrypted and bool(str(pdf.docinfo.get("/Title", "")))
    add("pdf/x metadata", ok, f"XMP {version.group(1) if version else 'without a PDF/X version'}, Trapped "
        f"{trapped or 'missing'}, PDF {pdf.pdf_version}{', encrypted' if pdf.is_encrypted else ''}")
    boxes = []
    for number, page in enumerate(pdf.pages, start=1):
        media = [float(v) for v in page.obj.MediaBox]
        trim, bleed = page.obj.get("/TrimBox"), page.obj.get("/BleedBox")
        if trim is None or bleed is None:
            boxes.append(f"page {number} has no {'TrimBox' if trim is None else 'BleedBox'}")
            continue
        t, b = [float(v) for v in trim], [float(v) for v in bleed]
        if not (media[0] <= b[0] <= t[0] and media[1] <= b[1] <= t[1] and t[2] <= b[2] <= media[2]
                and t[3] <= b[3] <= media[3]):
            boxes.append(f"page {number}: TrimBox not inside BleedBox inside the page")
    add("pdf/x boxes", not boxes, boxes[0] if boxes else "TrimBox inside BleedBox inside the page, every page")
    rgb, rich, heavy = [], 0, 0.0
    for where, obj in _streams(pdf):
        if obj.get("/Subtype") == "/Image":
            space = obj.get("/ColorSpace")
            if space == pikepdf.Name.DeviceRGB:
                rgb.append(f"an RGB image in {where}")
            continue
        for operands, operator in pikepdf.parse_content_stream(obj):  # type: ignore[misc]  # (operands, operator) pairs
            op = str(operator)
            if op in RGB_OPERATORS or (op in ("cs", "CS") and str(operands[0]) == "/DeviceRGB"):
                rgb.append(f"{op} in {where}")
            elif op in ("k", "K"):
                c, m, y, k = (float(v) for v in operands)
                heavy = max(heavy, c + m + y + k)
                # Four-colour black: heavy K with all of C, M and Y under it (a dark brand
                # colour such as navy has K too, but not all three).
                rich += k >= 0.8 and min(c, m, y) >= 0.4
    add("pdf/x colour", not rgb, f"RGB colour: {rgb[0]}" + (f" and {len(rgb) - 1} more" if len(rgb) > 1 else "")
        if rgb else "CMYK only")
    add("pdf/x black", not rich, f"{rich} colour(s) of four-colour black; black is 0/0/0/100" if rich
        else "black is 0/0/0/100 (one plate)")
    add("pdf/x ink", heavy <= MAX_INK + 1e-6, f"at most {heavy * 100:.0f} % total ink (limit {MAX_INK * 100:.0f} %)")


def check_standards(pdf, path: Path, entry: dict, layers_text: str, add) -> None:
    """Add tagging findings for ``path`` (open in pikepdf as ``pdf``), and PDF/X-4 findings when
    the manifest says it is a print shop's file. ``layers_text`` is PDFium's text of every page,
    as verify read it."""
    _tagging(pdf, path, entry, layers_text, add)
    if entry.get("pdf_standard") == "PDF/X-4":
        _pdfx(pdf, add)
