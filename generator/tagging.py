"""Tagged PDF: the structure tree a screen reader follows, added after ReportLab has drawn.

ReportLab draws marked content (``BDC``/``EMC`` with an MCID per line, figure and link,
``/Artifact`` round bands, rules and crop marks) but cannot write a structure tree;
:func:`finish` builds it with pikepdf from the :class:`Node` outline :func:`outline`
makes of each page, and adds ``/MarkInfo``, the XMP packet and (for print shops) PDF/X-4.

Reading order is the page's own order of items (the order the layout set them). Lines
about one helpline (``about`` = ``services.<id>``) are one list item; a run of helplines is
a list; the emergency lines are a section; headlines are headings; the rest paragraphs.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

HEADINGS = {"headline": "H1", "title": "H1"}
# Lower case only: "GOV.UK" in a sentence is a name, not an address to follow.
_URL = re.compile(r"(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:uk|org|com|net|info)(?:/\S*)?")
_PHONE = re.compile(r"(?<![\d/])(?:0\d{2,4}(?: \d{3,4}){1,2}|\d{3}(?: \d{3})?)(?![\d/])")


@dataclass
class Node:
    kind: str                    # a standard structure type: Document, H1, P, L, LI, LBody, Figure, Link, Sect
    mcid: int | None = None
    alt: str = ""
    lang: str = ""
    annot: int | None = None     # index in the page's /Annots (a Link)
    kids: list["Node"] = field(default_factory=list)


@lru_cache(maxsize=4096)
def link_target(text: str, role: str, qr_targets: tuple[str, ...]) -> str | None:
    """The address a line links to: its web address (the whole address of a QR code when
    the line is part of one wrapped over several lines), or ``tel:`` for the phone number it
    gives (a helpline's number, 999); None for a line with neither."""
    if "." in text:
        match = _URL.search(text)
        if match and not match.group(0)[0].isdigit():
            url = match.group(0).rstrip(".,;")
            bare = url.split("://", 1)[-1]
            whole = next((t for t in qr_targets if bare in t), None)
            if whole:
                return whole
            return url if url.startswith("http") else "https://" + url
    if role in ("phone", "emergency", "service-name", "text", "hours", "detail", "anonymous"):
        match = _PHONE.search(text)
        if match:
            return "tel:" + match.group(0).replace(" ", "")
    return None


def outline(entries: list[tuple[object, Node]]) -> list[Node]:
    """Group a page's marked items (each with its Text, QRCode or Image) into lists,
    list items and sections, in reading order."""
    out: list[Node] = []
    current_list: Node | None = None
    current_item: tuple[str, Node] | None = None
    section: Node | None = None
    for item, node in entries:
        about = getattr(item, "about", "") or ""
        role = getattr(item, "role", "")
        service = about.split(".")[1] if about.startswith("services.") and about.count(".") >= 1 else None
        if role == "emergency" and node.kind == "P":
            section = Node("Sect")
            out.append(section)
            current_list = current_item = None
        elif service or node.kind in ("H1", "Figure") or role in ("note", "footer", "caption", "organisation"):
            section = None
        if service:
            if current_list is None:
                current_list = Node("L")
                out.append(current_list)
            if current_item is None or current_item[0] != service:
                body = Node("LBody")
                current_list.kids.append(Node("LI", kids=[body]))
                current_item = (service, body)
            current_item[1].kids.append(node)
            continue
        current_list = current_item = None
        (section.kids if section is not None else out).append(node)
    return out


def finish(data: bytes, pages: list[list[Node]], *, title: str, language: str, author: str, date,
           producer: str, creator: str, print_shop: bool) -> bytes:
    """``data`` (ReportLab's PDF) with its structure tree, ``/MarkInfo``, XMP metadata and,
    for a print shop, PDF/X-4. Deterministic: the same input gives the same bytes."""
    import pikepdf

    from . import pdfx

    pdf = pikepdf.open(io.BytesIO(data))
    Name, Dictionary, Array = pikepdf.Name, pikepdf.Dictionary, pikepdf.Array  # noqa: N806 - pikepdf's own names
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array()))
    page_entries: list = []
    annot_entries: list = []
    first_annot_key = len(pdf.pages)

    def element(node: Node, parent, page, by_mcid: dict, annots) -> object:
        elem = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.kind), P=parent, Pg=page.obj))
        kids = Array()
        if node.mcid is not None:
            by_mcid[node.mcid] = elem
            kids.append(node.mcid)
        if node.annot is not None and annots is not None:
            annot = annots[node.annot]
            key = first_annot_key + len(annot_entries) // 2
            annot.StructParent = key
            annot.Contents = pikepdf.String(node.alt or str(annot.A.URI))
            annot_entries.extend([key, elem])
            kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=page.obj))
        for kid in node.kids:
            kids.append(element(kid, elem, page, by_mcid, annots))
        elem.K = kids
        if node.alt and node.kind == "Figure":
            elem.Alt = pikepdf.String(node.alt)
        if node.lang:
            elem.Lang = pikepdf.String(node.lang)
        return elem

    for index, (page, nodes) in enumerate(zip(pdf.pages, pages, strict=True)):
        page.obj.StructParents = index
        page.obj.Tabs = Name.S
        by_mcid: dict[int, object] = {}
        annots = page.obj.get("/Annots")
        for node in nodes:
            document.K.append(element(node, document, page, by_mcid, annots))
        page_entries.extend([index, Array([by_mcid[m] for m in sorted(by_mcid)])])
    root.K = Array([document])
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(page_entries + annot_entries)))
    root.ParentTreeNextKey = first_annot_key + len(annot_entries) // 2
    spoken_letters(pdf)
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String(language)
    metadata = pdf.make_stream(pdfx.xmp(title, language, author, date, producer, creator, pdfx=print_shop))
    metadata.Type, metadata.Subtype = Name.Metadata, Name.XML
    pdf.Root.Metadata = metadata
    if print_shop:
        pdfx.make_pdfx(pdf)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, min_version="1.6" if print_shop else "",
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _letters(target: str, font: str) -> str:
    """What a glyph mapped to ``target`` says: the letters of an Arabic presentation form
    (a joined form, lam-alef), or of a private-use glyph as shaping recorded it."""
    from .shaping import PRIVATE_LETTERS

    if len(target) == 1 and 0xE000 <= ord(target) <= 0xF8FF:
        return PRIVATE_LETTERS.get((font, ord(target)), target)
    if any(0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFF for ch in target):
        return unicodedata.normalize("NFKC", target)
    return target


def spoken_letters(pdf) -> None:
    """Rewrite each font's ToUnicode map so joined Arabic and Urdu glyphs copy as the
    letters they are, not presentation forms or private-use characters (words lost)."""
    seen = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]
            data = cmap.read_bytes()

            def fix(match, name=name) -> bytes:
                target = bytes.fromhex(match.group(2).decode()).decode("utf-16-be", "replace")
                better = _letters(target, name)
                if better == target:
                    return match.group(0)
                return b"<" + match.group(1) + b"> <" + better.encode("utf-16-be").hex().upper().encode() + b">"

            fixed = _BFCHAR.sub(fix, data)
            if fixed != data:
                cmap.write(fixed)
