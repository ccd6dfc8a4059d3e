"""Reform areas (domain.md §2): the SKOS concept scheme and a classifier of headings/text.

The scheme lives in ``loaders/data/reform_areas.ttl`` (six areas of Nghị quyết 76/NQ-CP plus
"Công tác chỉ đạo, điều hành"; the 2011-2020 names are altLabels). Classification matches
every label of every concept (pref, alt and hidden search labels) diacritic-insensitively,
so OCR text without diacritics ("Cai cach thu tuc hanh chinh") classifies like printed text.
Pure, apart from reading the packaged data file once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from .textfold import fold, fold_chars

_DATA = "reform_areas.ttl"
# Base used only to read the concept ids out of the data file's relative IRIs.
_INTERNAL_BASE = "http://cchc-kg.invalid/"
_PREFIX = "reform-area/"


def _turtle() -> str:
    return files("cchc_kg.loaders.data").joinpath(_DATA).read_text(encoding="utf-8")


def reform_area_graph(base_iri: str) -> Graph:
    """The concept scheme with concept IRIs ``{base_iri}reform-area/{id}``."""
    g = Graph()
    g.parse(data=_turtle(), format="turtle", publicID=base_iri)
    g.bind("skos", SKOS)
    return g


@lru_cache(maxsize=1)
def _scheme() -> Graph:
    """The scheme parsed once per process for the look-ups below (callers only read it)."""
    return reform_area_graph(_INTERNAL_BASE)


@lru_cache(maxsize=1)
def vietnamese_labels() -> tuple[tuple[str, str], ...]:
    """(folded label, label) of every Vietnamese preferred and alternative label, sorted:
    the names a document may print for an area."""
    g = _scheme()
    out: set[tuple[str, str]] = set()
    for prop in (SKOS.prefLabel, SKOS.altLabel):
        for _, _, label in g.triples((None, prop, None)):
            if getattr(label, "language", None) == "vi":
                out.add((fold(str(label)), str(label)))
    return tuple(sorted(out))


@lru_cache(maxsize=1)
def _labels() -> tuple[tuple[str, str], ...]:
    """(folded label, concept id) pairs, longest label first."""
    g = _scheme()
    pairs: set[tuple[str, str]] = set()
    for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
        for concept, _, label in g.triples((None, prop, None)):
            if not isinstance(concept, URIRef) or getattr(label, "language", None) == "en":
                continue
            iri = str(concept)
            if not iri.startswith(_INTERNAL_BASE + _PREFIX):
                continue
            pairs.add((fold(str(label)), iri.removeprefix(_INTERNAL_BASE + _PREFIX)))
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p)))


def area_ids() -> list[str]:
    """Every concept id of the scheme."""
    return sorted({cid for _, cid in _labels()})


def classify_reform_area(heading_or_text: str) -> str | None:
    """The reform-area concept id a heading or text is about, or None.

    The label found EARLIEST in the text wins (a heading names its area first: "II. CẢI
    CÁCH TTHC VÀ THỰC HIỆN CƠ CHẾ MỘT CỬA ..."); at the same position the longer label wins.

    >>> classify_reform_area("VI. HIỆN ĐẠI HÓA NỀN HÀNH CHÍNH")
    'chinh-phu-dien-tu'
    >>> classify_reform_area("Noi dung Cai cach thu tuc hanh chinh") is not None
    True
    """
    pattern, ids = _spaced_label_search()
    # fold() without its split into words and join: the word codec maps each character to
    # a letter, a digit or a space, and the spaced pattern reads any run of spaces as one
    # (the join was two thirds of the cost of a classification)
    m = pattern.search(" " + fold_chars(heading_or_text) + " ")
    return ids[" " + " ".join(m.group().split()) + " "] if m else None


def classify_reform_area_plain(heading_or_text: str) -> str | None:
    """:func:`classify_reform_area` by the label search on :func:`fold` of the text (the
    plain computation, kept for the tests)."""
    pattern, ids = _label_search()
    m = pattern.search(fold(heading_or_text))
    return ids[m.group()] if m else None


@lru_cache(maxsize=1)
def _spaced_label_search() -> tuple[re.Pattern[str], dict[str, str]]:
    """:func:`_label_search` for the words of a text not yet joined by single spaces: each
    space of a label matches a run of spaces.

    Every label starts and ends with a space and holds no two in a row, so a run of spaces
    matches all of it or not at all (the character after it is a letter or digit the label
    needs); a match starts at the first space of a run exactly where the label search finds
    one at that space of the joined text, the same label, and the earlier matches come first
    in both."""
    _, ids = _label_search()
    # a literal space first, then the rest of the run without backtracking (possessive):
    # the search skips to candidate spaces faster than with " +"
    return re.compile(_trie_pattern(list(ids), space=r"\ \ *+")), ids


@lru_cache(maxsize=1)
def _label_search() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex of every label, longest first, and the concept id of each label.

    A regex search stops at the earliest position where an alternative matches and takes
    there the first alternative that does, the longest label: the rule above in one C scan
    instead of a ``str.find`` per label. Two labels matching at one position and of one
    length are one string; it gets the smallest id, as in the order of :func:`_labels`.
    """
    ids: dict[str, str] = {}
    for label, cid in _labels():  # longest first; equal labels by id
        ids.setdefault(label, cid)
    return re.compile(_trie_pattern(list(ids))), ids


def _trie_pattern(labels: list[str], space: str = r"\ ") -> str:
    """The alternation of ``labels`` as a prefix tree: the same matches as the labels
    longest first, tried with fewer steps at each position (the 39 labels share their
    leading space and first words). ``space`` is the pattern of a space of a label.

    Two labels that match at one position are one a prefix of the other, so the longest
    label matching there is the deepest label on the one path the text takes through the
    tree; the pattern tries a longer continuation before stopping at a label's end."""
    tree: dict[str, Any] = {}
    for label in labels:
        node = tree
        for ch in label:
            node = node.setdefault(ch, {})
        node[""] = {}  # a label ends here
    return _node_pattern(tree, space)


def _node_pattern(node: dict[str, Any], space: str) -> str:
    branches = [
        (space if ch == " " else re.escape(ch)) + _node_pattern(child, space)
        for ch, child in node.items()
        if ch
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # a label may end here: the empty alternative last, so longer labels are tried first
    return f"(?:{body})?" if "" in node else body
