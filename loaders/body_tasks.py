"""Responsibilities assigned in running text (gold README §7).

Pure. Two kinds of section carry them:

* "TỔ CHỨC THỰC HIỆN": numbered agency headings ("2. Sở Nội vụ", "2.1. Sở Tư pháp Chủ trì,
  ...", "8. Sở Văn hóa, ...: Chủ trì ...") and the lettered items or bullets under them; the
  heading agency leads every item. A heading that is itself a sentence ("3. Sở Tài chính có
  trách nhiệm ...") is one item keeping its subject.
* "NHIỆM VỤ, GIẢI PHÁP": agency blocks ("a) Ủy ban nhân dân các huyện, thành phố:" with the
  items under it: one entry, "- Sở Tư pháp:" with "+" items: one entry) and items whose
  inline subject is an agency ("b) Sở Nội vụ tăng cường ...", "- Các Sở, ngành căn cứ ...").
  An item inside a block that names its own agency is split out.

Roles: lead is the heading agency (heads of bodies → the body), cooperating the agencies
after "phối hợp (với)"; for an item whose main predicate is cooperation the partner leads
and the heading agency cooperates (gold README §7 "Phối hợp items").

OCR text without diacritics (003): roles are read from the printed text (role parsing is
diacritic-insensitive); the item text is given in Vietnamese spelling, agency lists and role
words from the registries (:func:`.roles.agency_spans`, :func:`.roles.role_word_spans`) and
the rest through :func:`.diacritics.restore_diacritics`, with the OCR form kept beside it
(``text_as_printed``, ``text_prefix_raw``) and ``restored`` false when a token stayed as
printed. The provenance span always points at the printed text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .context import Context
from .diacritics import Restored, restore_diacritics
from .model import BodyTaskRecord, Span
from .roles import (
    COOPERATION_OPENING,
    Agencies,
    agency_spans,
    cooperating_in,
    cooperation_item,
    fold_roles,
    is_chu_tri,
    leading_agencies,
    role_word_spans,
)
from .sections import Section
from .targets import TARGET_HEADING, find_words

TCTH_HEADING = re.compile(r"^\W*t[o0-9] ch[a-z]{1,2}c th[a-z]{1,2}c hi[a-z]n\b")
TASKS_HEADING = re.compile(r"\bnhi[a-z0-9¢]{1,3}m v[a-z]{0,2}\b|\bgi[a-z]{1,2}i ph[a-z]p\b")
# Deadline wording inside an item ("hoàn thành chậm nhất trong Quý III năm 2019",
# "trước ngày 20/02/2020", "trong tháng 11 hằng năm"), matched on folded text.
DEADLINE = re.compile(
    r"(?:h[a-z]{1,2}n th[a-z]nh\s+)?(?:ch[a-z]m nh[a-z]t\s+)?"
    r"(?:tr[a-z]{2}[ce]|den het|trong)\s+(?:ngay\s*)?"
    r"(?:(?:th[a-z]ng|quy)\s+[0-9ivxl|]+(?:/\d{4})?|\d{1,2}/\d{1,2}(?:/\d{4})?|\d{1,2} th[a-z]ng \d{1,2})"
    r"(?:\s+(?:n[a-z]{1,2}m\s+\d{4}|h\S{1,4}ng n[a-z]{1,2}m))?"
)
# What every DEADLINE match holds (its one required word and the start of its date): a text
# without it has no deadline. DEADLINE opens with optional words, so its search tries every
# position of an item with its full pattern (~50 µs an item); this one is about ten times
# cheaper, and most items have no deadline.
_DEADLINE_CORE = re.compile(
    r"(?:tr[a-z]{2}[ce]|den het|trong)\s+(?:ngay\s*)?"
    r"(?:(?:th[a-z]ng|quy)\s+[0-9ivxl|]|\d{1,2}/\d|\d{1,2} th[a-z]ng \d)"
)
_BULLETS = ("dash", "plus")
# the kinds the readers below skip or take, built once (not a new tuple per test)
_NOT_HEADINGS = frozenset(("root", *_BULLETS))
_ITEM_KINDS = frozenset(("letter", *_BULLETS))
# The tail of an agency heading that announces its items: "X có trách nhiệm:", "X chịu
# trách nhiệm thực hiện các nhiệm vụ sau:", "X thực hiện các nhiệm vụ sau:".
RESPONSIBILITY_TAIL = re.compile(
    r"^(?:(?:co|chiu) trach nhiem|co nhiem vu|thuc hien)"
    r"(?:\s+(?:thuc hien|trien khai))?(?:\s+(?:cac|nhung)\s+(?:nhiem vu|noi dung)(?:\s+(?:sau|sau day|chu yeu))?)?$"
)


@dataclass
class _Item:
    node: Section
    text: str
    lead: list[str]
    unrestored: list[str]
    heading: str | None
    start: int | None = None  # the span of the text when it is not the node's own
    end: int | None = None


def _subtree_text(node: Section) -> str:
    """The label of an item followed by the labels of the items printed under it."""
    return " ".join(n.label for n in node.walk() if n.label).strip()


def _cooperates(predicate: str) -> bool:
    """ "... phối hợp với X ...": a cooperation item, read with its block."""
    return bool(COOPERATION_OPENING.match(fold_roles(predicate).lstrip(" ,")))


def _folded_heading(node: Section) -> str:
    return fold_roles(node.heading).strip()


def _heading_text(node: Section) -> str:
    """The heading part of a unit, or the whole label when the unit has no split."""
    if node.inline or node.heading != node.label or node.label.rstrip().endswith(":"):
        return node.heading.strip()
    return node.label.strip()


def _heading_agencies(node: Section, *, ocr: bool, province: str | None) -> Agencies | None:
    """The agencies a heading names when the heading is only an agency list."""
    found = _agency_list_heading(_heading_text(node), ocr, province)
    # a copy: the memoised value is shared by every document with this heading
    return Agencies(list(found.names), list(found.unrestored)) if found is not None else None


@lru_cache(maxsize=1024)
def _agency_list_heading(heading: str, ocr: bool, province: str | None) -> Agencies | None:
    """Memoised (bounded): every item asks about each of its ancestors (:func:`_inside_block`)."""
    found = leading_agencies(heading, ocr=ocr, province=province) if heading else None
    if found is None:
        return None
    names, end = found
    rest = heading[end:].strip(" :.,;")
    if rest and not RESPONSIBILITY_TAIL.match(fold_roles(rest)):
        return None
    return names


def _item_roles(
    text: str, lead: list[str], *, ocr: bool, province: str | None
) -> tuple[list[str], list[str]]:
    coop = cooperation_item(text, ocr=ocr, province=province)
    if coop is not None:
        partners, requested = coop
        return partners, [n for n in (requested or lead) if n not in partners]
    lead = _narrowed_subject(text, lead, ocr=ocr, province=province) or lead
    cooperating = [n for n in cooperating_in(text, ocr=ocr, province=province) if n not in lead]
    return lead, cooperating


# An introductory clause before the item's own subject ("Ngoài việc thực hiện ..., Chủ tịch
# UBND các huyện, thành phố chỉ đạo ...").
INTRODUCTORY = re.compile(r"^(?:ngoai(?: viec)?|ben canh(?: do)?|dong thoi)\b")


def _narrowed_subject(text: str, lead: list[str], *, ocr: bool, province: str | None) -> list[str] | None:
    """The agencies named as subject after an introductory clause, when they are some of
    the heading's agencies (the item addresses only them)."""
    folded = fold_roles(text)
    if not INTRODUCTORY.match(folded):
        return None
    sentence_end = min((i for i in (folded.find(c) for c in ".;:") if i > 0), default=len(folded))
    for comma in re.finditer(r",\s*", folded[:sentence_end]):
        found = leading_agencies(text[comma.end() :], ocr=ocr, province=province)
        if found is not None and text[comma.end() + found[1] :].strip(" :,"):
            names = found[0].names
            return names if names and set(names) <= set(lead) else None
    return None


def _deadline(text: str) -> str | None:
    folded = fold_roles(text)
    if not _DEADLINE_CORE.search(folded):
        return None
    found = [text[m.start() : m.end()] for m in DEADLINE.finditer(folded)]
    return "; ".join(found) if found else None


# OCR reads the roman numeral of a quarter as digits or bars ("Quy 111" = Quý III).
_OCR_QUARTER = re.compile(r"\b([Qq])u[yý] ([1Il|]{1,3}|IV)\b")


def _restore_deadline(printed: str, restore: Callable[[str], Restored] = restore_diacritics) -> str:
    """An OCR deadline phrase in Vietnamese spelling ("trong Quy 111 nam 2019" → "trong Quý
    III năm 2019")."""
    out: list[str] = []
    pos = 0
    for m in [*_OCR_QUARTER.finditer(printed), None]:
        end = m.start() if m else len(printed)
        piece = printed[pos:end]
        out.append(restore(piece).text if piece.strip() else piece)
        if m:
            out.append(f"{m.group(1)}uý {'IV' if m.group(2) == 'IV' else 'I' * len(m.group(2))}")
            pos = m.end()
    return "".join(out)


def _reform_area(node: Section, area_of: Callable[[str], str | None]) -> str | None:
    """The area the nearest heading that names one names (``area_of``: the document's
    memoised :func:`.reform_areas.classify_reform_area`: items share their headings)."""
    for anc in (node, *node.ancestors()):
        if anc.kind in _NOT_HEADINGS:
            continue
        if area := area_of(anc.heading):
            return area
    return None


def _tcth_items(section: Section, *, ocr: bool, province: str | None) -> list[_Item]:
    out: list[_Item] = []
    for node in section.children:
        if node.kind not in ("number", "letter"):
            continue
        if any(c.kind == "number" for c in node.children):
            out.extend(_tcth_items(node, ocr=ocr, province=province))
            continue
        agencies = _heading_agencies(node, ocr=ocr, province=province)
        if agencies is None:
            # "3. Sở Tài chính có trách nhiệm ..." — the heading is the item.
            found = leading_agencies(node.label, ocr=ocr, province=province)
            if found is not None:
                out.append(_Item(node, node.label, found[0].names, found[0].unrestored, None))
            continue
        heading = _heading_text(node)
        items = [c for c in node.children if c.kind in _ITEM_KINDS]
        if node.inline:
            # "3. Các cơ quan thông tin và truyền thông / Báo X, Đài Y ... chủ động ...": the
            # bodies named as the inline subject lead, not the collective heading.
            subject = leading_agencies(node.inline, ocr=ocr, province=province)
            if subject is not None and node.inline[subject[1] :].strip(" :,"):
                out.append(_Item(node, node.inline, subject[0].names, subject[0].unrestored, heading))
            else:
                out.append(_Item(node, node.inline, agencies.names, agencies.unrestored, heading))
        elif not items:
            para = next((c for c in node.children if c.kind == "para"), None)
            if para is not None:
                out.append(
                    _Item(
                        node,
                        para.label,
                        agencies.names,
                        agencies.unrestored,
                        heading,
                        para.span.start,
                        para.span.end,
                    )
                )
        for item in items:
            out.append(_Item(item, item.label, agencies.names, agencies.unrestored, heading))
    return out


def _task_items(section: Section, *, ocr: bool, province: str | None) -> list[_Item]:
    """Agency blocks and agency-subject items of a "Nhiệm vụ, giải pháp" section."""
    out: list[_Item] = []
    targets_headings: dict[str, bool] = {}  # see _under_targets
    for node in section.walk():
        if (
            node.kind not in _ITEM_KINDS
            or _under_targets(node, targets_headings)
            or _inside_block(node, ocr, province)
        ):
            continue
        block = _heading_agencies(node, ocr=ocr, province=province)
        if block is not None:
            items = [c for c in node.children if c.kind in _ITEM_KINDS]
            own = {
                id(c): found
                for c in items
                if (found := leading_agencies(c.label, ocr=ocr, province=province)) is not None
                and c.label[found[1] :].strip(" :,")
                and not _cooperates(c.label[found[1] :])
            }
            heading = _heading_text(node)
            if node.inline:
                out.append(_Item(node, node.inline, block.names, block.unrestored, heading))
            else:
                # One entry per block: its items (bar those addressed to an agency of their
                # own) read together, so roles and "chủ trì" come from the whole block.
                rest = [c for c in items if id(c) not in own]
                if rest:
                    text = " ".join(_subtree_text(c) for c in rest)
                    end = max(c.span.end for c in rest for c in c.walk())
                    # A single bullet left beside split-out ones keeps its own path (II.1.7.a-1).
                    where = rest[0] if own and len(rest) == 1 else node
                    out.append(
                        _Item(where, text, block.names, block.unrestored, heading, rest[0].span.start, end)
                    )
            for c in items:
                if id(c) in own:
                    names = own[id(c)][0]
                    out.append(_Item(c, _subtree_text(c), names.names, names.unrestored, None))
            continue
        found = leading_agencies(node.label, ocr=ocr, province=province)
        if found is not None and node.label[found[1] :].strip(" :,"):
            # The items printed under it ("+ Phối hợp với Bưu điện tỉnh ...") belong to it.
            end = max(n.span.end for n in node.walk())
            out.append(
                _Item(
                    node, _subtree_text(node), found[0].names, found[0].unrestored, None, node.span.start, end
                )
            )
    return out


def _under_targets(node: Section, targets_headings: dict[str, bool]) -> bool:
    """Whether ``node`` or a heading above it opens targets; ``targets_headings`` holds the
    answer for each heading already read (every item asks about all its ancestors)."""
    for a in (node, *node.ancestors()):
        if a.kind == "root":
            continue
        if a.heading not in targets_headings:
            targets_headings[a.heading] = bool(TARGET_HEADING.match(_folded_heading(a)))
        if targets_headings[a.heading]:
            return True
    return False


def _inside_block(node: Section, ocr: bool, province: str | None) -> bool:
    """Items under an agency block are read with their block (split out separately)."""
    return any(
        a.kind in _ITEM_KINDS and _heading_agencies(a, ocr=ocr, province=province) is not None
        for a in node.ancestors()
    )


def _text_span(ctx: Context, it: _Item, text: str) -> Span:
    """Where the item text starts in the source (past its marker and any "Agency:" label)
    and where its last line ends; the source is hard-wrapped, so words are matched across
    line breaks."""
    lo = it.start if it.start is not None else it.node.span.start
    hi = it.end if it.end is not None else it.node.span.end
    words = text.split(maxsplit=6)[:6]  # the first six words (the item may be long)
    found = find_words(ctx.text, words, lo, hi + 1) if words else None
    if found is None:
        return ctx.seg.span(lo, max(lo, hi))
    return ctx.seg.span(found[0], max(hi, found[1]))


def extract_body_tasks(ctx: Context) -> list[BodyTaskRecord]:
    tree = ctx.sections
    ocr = ctx.is_ocr
    province = ctx.province
    items: list[_Item] = []
    for top in tree.root.children:
        if top.kind != "roman":
            continue
        heading = _folded_heading(top)
        if TCTH_HEADING.match(heading):
            items.extend(_tcth_items(top, ocr=ocr, province=province))
        elif TASKS_HEADING.search(heading):
            items.extend(_task_items(top, ocr=ocr, province=province))
    out: list[BodyTaskRecord] = []
    for it in items:
        printed = it.text.strip()
        if not printed:
            continue
        lead, cooperating = _item_roles(printed, it.lead, ocr=ocr, province=province)
        span = _text_span(ctx, it, printed)
        deadline = _deadline(printed)
        text = printed
        extra: dict[str, object] = {}
        if it.heading:
            extra["agency_heading"] = it.heading
        if ocr:
            # Gold strings are restored Vietnamese; the OCR form stays beside them.
            text, unknown = restore_ocr_text(printed, province, ctx.restore)
            extra["text_as_printed"] = printed
            extra["restored"] = not unknown
            if unknown:
                extra["tokens_not_restored"] = unknown
            extra["text_prefix_raw"] = re.sub(r"\s+", " ", printed)[:50].rstrip()
            if deadline:
                extra["deadline_raw_as_printed"] = deadline
                deadline = _restore_deadline(deadline, ctx.restore)
            if it.unrestored:
                extra["agencies_not_restored"] = it.unrestored
        out.append(
            BodyTaskRecord(
                section_path=it.node.path,
                text=text,
                lead=lead,
                cooperating=cooperating,
                chu_tri=is_chu_tri(printed),
                deadline_raw=deadline,
                span=Span(span.start, span.end, span.line),
                # The area of the section the item sits in; else the area its text names
                # ("... thực hiện nội dung về Cải cách thể chế").
                reform_area=_reform_area(it.node, ctx.reform_area) or ctx.reform_area(printed),
                extra=extra,
            )
        )
    return out


def restore_ocr_text(
    text: str, province: str | None, restore: Callable[[str], Restored] = restore_diacritics
) -> tuple[str, list[str]]:
    """OCR item text in Vietnamese spelling: agency lists the gazetteer knows take their
    canonical names, the rest goes through diacritic restoration (``restore``: the
    document's memo, :meth:`.Context.restore`, in the pipeline). Returns the text and the
    tokens nothing could restore (kept as printed)."""
    out: list[str] = []
    unknown: list[str] = []
    pos = 0
    spans = agency_spans(text, province)
    for word in role_word_spans(text):
        if not any(s < word[1] and word[0] < e for s, e, _ in spans):
            spans.append(word)
    spans = [*sorted(spans), (len(text), len(text), "")]
    before = ""
    for start, end, canonical in spans:
        gap = text[pos:start]
        if gap.strip():
            restored, missing = _restore_between(before, gap, canonical, restore)
            out.append(restored)
            unknown.extend(missing)
        else:
            out.append(gap)
        out.append(canonical)
        before = canonical
        pos = end
    return "".join(out), unknown


_CONTEXT_WORDS = 2


def _restore_between(
    before: str, gap: str, after: str, restore: Callable[[str], Restored]
) -> tuple[str, list[str]]:
    """Restore ``gap`` with the restored words around it as context (the decoder reads
    syllable pairs: "thành phố | timg budc" is "từng bước", "timg budc" alone is not)."""
    left = [w for w in before.split() if w][-_CONTEXT_WORDS:]
    right = [w for w in after.split() if w][:_CONTEXT_WORDS]
    core = gap.strip()
    lead_ws, trail_ws = gap[: len(gap) - len(gap.lstrip())], gap[len(gap.rstrip()) :]
    restored = restore(" ".join([*left, core, *right]))
    words = restored.text.split(" ")
    inner = words[len(left) : len(words) - len(right)]
    if len(words) != len(left) + len(core.split(" ")) + len(right) or not inner:
        # The decoder changed the spacing: restore the gap alone.
        alone = restore(gap)
        return alone.text, alone.unknown
    return lead_ws + " ".join(inner) + trail_ws, restored.unknown
