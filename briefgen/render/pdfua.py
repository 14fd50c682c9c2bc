"""What WeasyPrint cannot express in a PDF/UA-1 file, added after it with pikepdf.

Measured with an independent Matterhorn-protocol checker (outloud, run in the tests). The
template and stylesheets do everything markup can; these are the changes markup cannot
make, each independent of the others:

1. Page furniture becomes /Artifact. WeasyPrint marks the text of @page margin boxes
   (element(), string(), counter(page)) with MCIDs and builds structure elements for it, but
   never links those elements into the tree ("Build tree for margin boxes but don't link it
   to main tree", weasyprint/pdf/tags.py). So the running header, the marking and the page
   numbers are tagged content that no element reaches. Each marked-content sequence whose
   ParentTree entry is unreachable from /StructTreeRoot is rewritten from
   `/Span <</MCID n>> BDC` to `/Artifact <</Type /Pagination>> BDC`, and its ParentTree
   slot is set to null.
2. Table header cells get /Scope. WeasyPrint gives each TH an /ID and each TD /Headers, but
   writes no /Scope. A TH that a data cell of its own row lists in /Headers (WeasyPrint does
   that for scope="row", and only for it) gets /Scope /Row; every other TH /Scope /Column.
3. Annotations get the Print flag (/F 4); WeasyPrint writes no /F.
4. A list item's content goes into an /LBody. WeasyPrint writes one only for an item of
   inline content beside a number outside it. The notes' numbers stand inside their items
   (print.css: an outside number is laid out as a positioned box of its own, twice the
   cost) and the key judgments hold paragraphs; either way WeasyPrint leaves the content
   beside the /Lbl. It is moved, as it is, under a new /LBody.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterator
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name


def _kids(elem: Any) -> list[Any]:
    k = elem.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def _is_elem(obj: Any) -> bool:
    return isinstance(obj, Dictionary) and obj.get("/Type") not in (Name.OBJR, Name.MCR)


def _walk(root: Any) -> Iterator[Any]:
    """Every structure element under `root`, in document order."""
    stack = list(reversed(_kids(root)))
    while stack:
        el = stack.pop()
        if _is_elem(el):
            yield el
            stack.extend(reversed(_kids(el)))


#: A marked-content sequence with an MCID, as WeasyPrint writes it (`/Span <</MCID 3>> BDC`).
#: Its text is hex glyph strings, so `<<` stands only in operators' dictionaries.
_MARKED = re.compile(rb"/\w+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


_ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


def _as_artifact(match: re.Match[bytes], mcids: set[int]) -> bytes:
    return _ARTIFACT if int(match.group(1)) in mcids else match.group(0)


def _artifact(pdf: pikepdf.Pdf, mcids_by_page: dict[int, set[int]]) -> None:
    """Rewrite these MCIDs' BDC operators as /Artifact; null their ParentTree entries.
    The content stream is rewritten as bytes: parsing it into operators would cost more
    than the rest of the tagging fixes together."""
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    slots = {int(nums[n]): nums[n + 1] for n in range(0, len(nums), 2)}
    for index, mcids in mcids_by_page.items():
        if not mcids:
            continue
        page = pdf.pages[index]
        content = page.Contents
        for stream in list(content) if isinstance(content, Array) else [content]:
            swap = functools.partial(_as_artifact, mcids=mcids)
            stream.write(_MARKED.sub(swap, stream.read_bytes()))
        slot = slots.get(int(page.get("/StructParents", -1)))
        if isinstance(slot, Array):
            for mcid in mcids:
                slot[mcid] = None


def artifact_orphans(pdf: pikepdf.Pdf, elements: list[Any]) -> None:
    """Marked content owned by structure elements the tree does not reach (not among
    `elements`, every one it does) -> /Artifact."""
    reachable = {el.objgen for el in elements}
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    pages = {int(p.get("/StructParents", -1)): i for i, p in enumerate(pdf.pages)}
    orphans: dict[int, set[int]] = {}
    for n in range(0, len(nums), 2):
        key, owners = int(nums[n]), nums[n + 1]
        if key in pages and isinstance(owners, Array):  # else an annotation's StructParent
            orphans[pages[key]] = {
                mcid
                for mcid, owner in enumerate(owners)
                if isinstance(owner, Dictionary) and owner.objgen not in reachable
            }
    _artifact(pdf, orphans)


def scope_headers(elements: list[Any]) -> int:
    """/Scope /Row on a TH its row's data cells list in /Headers, /Column on every other."""
    changed = 0
    for row in elements:
        if row.get("/S") != Name.TR:
            continue
        cells = [k for k in _kids(row) if _is_elem(k)]
        used = {
            str(h)
            for c in cells
            if c.get("/S") == Name.TD
            for h in c.get("/A", Dictionary()).get("/Headers", Array())
        }
        for th in cells:
            if th.get("/S") != Name.TH:
                continue
            if not isinstance(th.get("/A"), Dictionary):
                th.A = Dictionary(O=Name.Table)
            if "/Scope" not in th.A:
                th.A.Scope = Name.Row if str(th.get("/ID", "")) in used else Name.Column
                changed += 1
    return changed


def list_bodies(pdf: pikepdf.Pdf, elements: list[Any]) -> int:
    """Each /LI without an /LBody gets one holding everything but its /Lbl. Only whole
    structure elements move (their marked content keeps its owner, so the ParentTree stays
    right); an item with bare marked content of its own is left as it is."""
    changed = 0
    for item in elements:
        if item.get("/S") != Name.LI:
            continue
        kids = _kids(item)
        roles = [k.get("/S") if _is_elem(k) else None for k in kids]
        if Name.LBody in roles:
            continue
        label = [k for k, role in zip(kids, roles, strict=True) if role == Name.Lbl]
        content = [k for k, role in zip(kids, roles, strict=True) if role != Name.Lbl]
        if not content or None in roles:
            continue
        body = pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.LBody, P=item, K=Array(content))
        )
        if "/Pg" in item:
            body.Pg = item.Pg
        for kid in content:
            kid.P = body
        item.K = Array([*label, body])
        changed += 1
    return changed


def print_flag(pdf: pikepdf.Pdf) -> int:
    changed = 0
    for page in pdf.pages:
        for annot in page.get("/Annots", Array()):
            flags = int(annot.get("/F", 0))
            if not flags & 4:
                annot.F = flags | 4
                changed += 1
    return changed


def finish(data: bytes) -> bytes:
    """The PDF WeasyPrint wrote, with the changes above; everything else kept as it is."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        elements = list(_walk(pdf.Root.StructTreeRoot))  # walked once, for all three
        artifact_orphans(pdf, elements)
        scope_headers(elements)
        list_bodies(pdf, elements)
        print_flag(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)  # same input, same bytes (builds are reproducible)
    return out.getvalue()
