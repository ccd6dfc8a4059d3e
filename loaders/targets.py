"""Targets (chỉ tiêu) with values, quantities, indices and roles (gold README §5).

Pure. A target is an item listed under a targets heading ("Các chỉ tiêu cụ thể", "Mục tiêu
cụ thể", "Mục tiêu", and the "Mục đích" of a plan whose aims are quantified) that carries
at least one value. The nearest enclosing heading decides: an item under "Yêu cầu" or
"Nhiệm vụ, giải pháp" is not a target even inside a "MỤC TIÊU, YÊU CẦU" section.

Where the targets heading is an inline label ("Mục tiêu cụ thể: Đạt tối thiểu từ 8,5/9
điểm ..."), the text after the label is the target (level "main") and the items listed
under it are its component criteria (level "sub").

Each target carries its values as printed, the parsed quantities with the index and year
each figure concerns (loaders/quantities.py), the index of the target, the agencies its own
text names (loaders/roles.py), its reform area (the nearest heading that names one, else
the earliest area word of its text, data/target_areas.tsv) and its provenance span.

OCR text without diacritics (003) is read as printed (values, roles, sections work on the
folded text); the target text is then restored to Vietnamese by loaders/diacritics/ and
the printed form kept as ``text_as_printed``. The restoration is statistical: a restored
text can still carry a wrong tone, and tokens nothing explained are listed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from importlib.resources import files

from rapidfuzz import fuzz

from .context import Context
from .diacritics import Restored
from .model import TargetRecord
from .quantities import index_in, quantity, target_values
from .reform_areas import _labels as area_labels
from .reform_areas import _trie_pattern, classify_reform_area
from .roles import target_roles
from .sections import Section
from .textfold import fold, fold_same_length, words_of_folded

# Headings (folded) that open a list of targets, and those that close the search upward.
TARGET_HEADING = re.compile(
    r"^\W*(?:cac\s+)?(?:chi tieu|m[a-z]{1,2}c ti[a-z]{1,2}u|m[a-z]{1,2}c d[a-z]{1,2}ch)\b"
)
NOT_TARGET_HEADING = re.compile(
    r"^\W*(?:y[a-z]{1,2}u c[a-z]{1,2}u|nhi[a-z]{1,2}m v|gi[a-z]{1,2}i ph[a-z]p|n[a-z]{1,2}i dung|"
    r"to chuc thuc hien|kinh ph|tien do)"
)
_CONTENT = re.compile(r"^n\W?[a-z0-9§]{0,2}i dung\s*[\"'“”‘’ ]+(?P<name>.+?)[\"'“”‘’ :]*$")
_BULLETS = ("dash", "plus")
_NOT_HEADINGS = frozenset(("root", *_BULLETS))  # built once, not per ancestor
FUZZY_AREA = 85.0  # rapidfuzz partial ratio for an OCR heading to name a reform area


def _heading_class(node: Section) -> str | None:
    return _class_of_heading(node.heading)


@lru_cache(maxsize=1024)
def _class_of_heading(heading: str) -> str | None:
    """Memoised (bounded): every node asks about all its ancestors' headings."""
    folded = fold_same_length(heading)
    if TARGET_HEADING.match(folded) and not re.search(r"\bchung\b|tong quat", folded):
        return "target"
    if NOT_TARGET_HEADING.match(folded):
        return "other"
    if TARGET_HEADING.match(folded):
        return "general"  # "Mục tiêu chung", "Mục tiêu tổng quát": qualitative aims
    return None


def _in_target_scope(node: Section) -> bool:
    for anc in node.ancestors():
        cls = _heading_class(anc)
        if cls == "target":
            return True
        if cls in ("other", "general"):
            return False
    return False


def _is_label_target(node: Section) -> bool:
    """A node whose heading is an inline targets label followed by the target text."""
    return bool(node.inline) and _heading_class(node) == "target" and ":" in node.label


def _section_path(node: Section) -> str:
    for n in (node, *node.ancestors()):
        if n.kind not in _BULLETS:
            return n.path
    return node.path


def _headings(node: Section) -> list[str]:
    return [a.heading for a in node.ancestors() if a.kind not in _NOT_HEADINGS]


def _content(node: Section, contents: dict[str, str | None]) -> str | None:
    """The name of the nearest 'Nội dung "..."' heading above ``node``; ``contents`` holds
    the answer for each heading already read in this document (the targets of a section
    share their headings: each was folded again for every target)."""
    for a in node.ancestors():
        if a.heading not in contents:
            contents[a.heading] = _content_name(a.heading)
        if (name := contents[a.heading]) is not None:
            return name
    return None


def _content_name(heading: str) -> str | None:
    m = _CONTENT.match(fold_same_length(heading).strip())
    return heading[m.start("name") : m.end("name")].strip(" \"'“”‘’") if m else None


def _fuzzy_area(heading: str) -> str | None:
    """An OCR heading's area by fuzzy match with the scheme's labels ("Cai cdach thi tuc
    hanh chinh" is Cải cách thủ tục hành chính)."""
    folded = fold(heading).strip()
    best: tuple[float, str] | None = None
    for label, area in _stripped_labels():
        if len(folded) < len(label) - 4:
            continue
        # Only a score of at least FUZZY_AREA, and above the best so far, is kept: told so,
        # rapidfuzz gives up on a label early (0) and returns the exact score otherwise.
        score = fuzz.partial_ratio(label, folded, score_cutoff=best[0] if best else FUZZY_AREA)
        if score >= FUZZY_AREA and (best is None or score > best[0]):
            best = (score, area)
    return best[1] if best else None


@cache
def _stripped_labels() -> tuple[tuple[str, str], ...]:
    """The scheme's (folded label, area) pairs, each label without its padding spaces."""
    return tuple((label.strip(), area) for label, area in area_labels())


@cache
def _area_words() -> tuple[tuple[str, str], ...]:
    text = files("cchc_kg.loaders.data").joinpath("target_areas.tsv").read_text(encoding="utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return tuple((fold(word).strip(), area) for word, area in rows)


def _heading_area(heading: str, ocr: bool, restore: Callable[[str], Restored]) -> str | None:
    """The area a heading names; an OCR heading as printed, then restored, each also by
    fuzzy match."""
    area = classify_reform_area(heading) or (_fuzzy_area(heading) if ocr else None)
    if area or not ocr:
        return area
    # restored only when the printed heading names no area (restoring is slow)
    restored = restore(heading).text
    return classify_reform_area(restored) or _fuzzy_area(restored)


def _reform_area(
    node: Section,
    text: str,
    words: str,
    ocr: bool,
    restore: Callable[[str], Restored],
    heading_areas: dict[str, str | None],
) -> str | None:
    """The area an enclosing heading names (nearest first), else the area of the word of
    ``data/target_areas.tsv`` found earliest in the target text. OCR headings and texts are
    tried as printed, then restored (``restore``), and headings also by fuzzy match.
    ``heading_areas`` holds the area of each heading already asked about in this document
    (the targets of a section share their headings); ``words`` is :func:`.textfold.fold`
    of ``text``."""
    for heading in _headings(node):
        if heading not in heading_areas:
            heading_areas[heading] = _heading_area(heading, ocr, restore)
        area = heading_areas[heading]
        if area:
            return area
    for form in [text, restore(text).text] if ocr else [text]:
        area = area_of_words(words if form is text else fold(form))
        if area:
            return area
    return None


def area_of_words(folded: str) -> str | None:
    """The area of the word of ``data/target_areas.tsv`` found earliest in ``folded`` (a
    :func:`.textfold.fold` form), the longer word at the same position, the first listed of
    equal words: one scan of :func:`_area_word_search` instead of a ``str.find`` per word."""
    pattern, areas = _area_word_search()
    m = pattern.search(folded)
    return areas[m.group()] if m else None


@cache
def _area_word_search() -> tuple[re.Pattern[str], dict[str, str]]:
    """The area words, each between spaces (whole words), as one prefix-tree regex (the
    earliest match, the longest there: :func:`.reform_areas._trie_pattern`), and the area of
    each padded word (of equal words, the first listed)."""
    areas: dict[str, str] = {}
    for word, area in _area_words():
        areas.setdefault(f" {word} ", area)
    return re.compile(_trie_pattern(list(areas))), areas


def find_words(text: str, words: list[str], pos: int, endpos: int) -> tuple[int, int] | None:
    """(start, end) of the first place in ``text[pos:endpos]`` where ``words`` are printed one
    after the other with any run of whitespace between them: what the regex
    ``w1\\s+w2\\s+...`` finds, without compiling a regex for every item (most of the cost
    of finding an item's span)."""
    if not words:
        found = re.compile("").search(text, pos, endpos)
        return (found.start(), found.end()) if found else None
    endpos = min(endpos, len(text))
    first = words[0]
    # the words as most sources print them, one space apart: where that string is printed,
    # each whitespace run the regex would take is that space (a word holds no whitespace)
    joined = " ".join(words)
    start = text.find(first, pos, endpos)
    while start >= 0:
        if text.startswith(joined, start, endpos):
            return start, start + len(joined)
        end = _rest_of_words(text, words, start + len(first), endpos)
        if end is not None:
            return start, end
        start = text.find(first, start + 1, endpos)
    return None


def _rest_of_words(text: str, words: list[str], i: int, endpos: int) -> int | None:
    """Where ``words[1:]`` end when each follows some whitespace from ``i`` on, else None.
    A word holds no whitespace, so the whitespace run before it is always taken whole."""
    for word in words[1:]:
        gap = _WHITESPACE.match(text, i, endpos)
        if gap is None or not text.startswith(word, gap.end(), endpos):
            return None
        i = gap.end() + len(word)
    return i


_WHITESPACE = re.compile(r"\s+")


def extract_targets(ctx: Context) -> list[TargetRecord]:
    ocr = ctx.is_ocr
    out: list[TargetRecord] = []
    # OCR text: the targets of a section share its headings, and each target text is
    # restored for the record and again for its area; ctx.restore restores each string
    # once per document (the restorer is the slow part of extracting an OCR document).
    restore = ctx.restore
    heading_areas: dict[str, str | None] = {}
    contents: dict[str, str | None] = {}  # see _content
    # the index each heading names: the targets of a section share their headings
    heading_indexes: dict[str, str | None] = {}

    def target_index(text: str, words: str, node: Section) -> str | None:
        """:func:`.quantities.index_of` of the target text (``words``: its
        :func:`.textfold.fold`) and its headings."""
        index = index_in(text, words=words[1:-1])
        for heading in [] if index else _headings(node):
            if heading not in heading_indexes:
                heading_indexes[heading] = index_in(heading)
            if index := heading_indexes[heading]:
                break
        return index

    # whether a label target has values, asked by each item under it
    label_values: dict[str, bool] = {}

    def label_has_values(label: str) -> bool:
        if label not in label_values:
            label_values[label] = bool(target_values(label, ocr=ocr))
        return label_values[label]

    for node in ctx.sections.nodes():
        text: str | None = None
        level = "main"
        if _is_label_target(node):
            text = node.inline
        elif node.kind in _BULLETS and _in_target_scope(node):
            text = node.label
            parent = node.parent
            if parent is not None and _is_label_target(parent) and label_has_values(parent.inline):
                level = "sub"
        elif node.kind == "para" and node.parent is not None and _is_label_target(node.parent):
            continue
        if not text:
            continue
        # the target text folded once for the readers of its figures
        folded = fold_same_length(text)
        values = target_values(text, ocr=ocr, folded=folded)
        if not values:
            continue  # no target: its text need not be restored
        restored = restore(text) if ocr else None
        if restored is not None:
            # a digit the restorer read as a letter ("Ty 18 hd so" = Tỷ lệ hồ sơ) is no value
            values = [v for v in values if (v.start, v.end) not in restored.digits_as_letters]
        if not values:
            continue
        roles = target_roles(text, ocr=ocr, province=ctx.province)
        # its words (fold), read for both its area and its index
        words = words_of_folded(folded)
        # the span starts at the target text itself (after the bullet or the inline label);
        # the text was joined across line breaks, so whitespace may differ in the source
        found = find_words(ctx.text, text.split(maxsplit=6)[:6], node.span.start, node.span.end)
        span = ctx.seg.span(found[0], node.span.end) if found else node.span
        extra: dict[str, object] = {"level": level}
        content = _content(node, contents)
        if content:
            extra["content"] = restore(content).text if ocr else content
        if restored is not None:
            # OCR text: the diacritics are restored statistically (loaders/diacritics/);
            # the printed form stays alongside, with the tokens nothing could explain.
            extra["restored"] = True
            extra["text_as_printed"] = text
            if content:
                extra["content_as_printed"] = content
            if restored.unknown:
                extra["unrestored_tokens"] = restored.unknown
        out.append(
            TargetRecord(
                section_path=_section_path(node),
                no=len(out) + 1,
                text=restored.text if restored is not None else text,
                values=[v.printed for v in values],
                lead=roles.lead,
                cooperating=roles.cooperating,
                implementing=roles.implementing,
                monitoring=roles.monitoring,
                span=span,
                reform_area=_reform_area(node, text, words, ocr, restore, heading_areas),
                index=target_index(text, words, node),
                quantities=[quantity(v, text, ocr=ocr, folded=folded) for v in values],
                extra=extra,
            )
        )
    return out
