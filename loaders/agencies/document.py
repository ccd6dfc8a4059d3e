"""The per-document agency list and group list (gold README §9). Pure: reads the
segmented text of the :class:`Context` only."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator

from ..context import Context
from ..model import Extraction
from . import patterns as P
from .gazetteer import gazetteer
from .groups import acting_groups_in
from .matching import (
    DistrictNames,
    bigrams,
    find_district_lists,
    find_fuzzy_mentions_in,
    find_mentions_in,
    vocabulary,
)
from .resolve import resolve_agency
from .text import (
    fold,
    joined_views,
    looks_like_ocr_without_diacritics,
    normalise_blocks,
    orthographic,
    repair_blocks,
)


def document_province(ctx: Context) -> str | None:
    """Slug of the document's province: from the metadata stage, else from the letterhead."""
    g = gazetteer()
    p = g.province_by_name(ctx.province)
    if p is not None:
        return p.slug
    head = fold(ctx.text[ctx.regions.doc_start : ctx.regions.doc_start + 3000])
    best, count = None, 0
    for prov in g.provinces_before.values():
        n = len(re.findall(r"\btinh " + re.escape(fold(prov.name)) + r"\b", head))
        if n > count:
            best, count = prov.slug, n
    return best


def _key(label: str) -> str:
    return orthographic(label)


def extract_agencies(ctx: Context) -> tuple[list[str], list[str]]:
    """The document's specific agencies and its acting agency groups, canonical, deduplicated,
    in order of first mention."""
    slug = document_province(ctx)
    ocr = looks_like_ocr_without_diacritics(ctx.text)
    vocab = vocabulary(slug) if ocr else frozenset()
    pairs = bigrams(slug) if ocr else frozenset()
    districts = DistrictNames(slug, ocr)
    regions = ctx.regions
    agencies: dict[str, str] = {}
    groups: dict[str, str] = {}
    blocks = [block for block in ctx.seg.blocks if regions.in_document(block.span.start)]
    sources = [block.text for block in blocks]
    views = normalise_blocks(sources, ocr=ocr)
    if ocr:
        views = repair_blocks(views, vocab, pairs)
    # The phrases and the groups of every block, each by one scan of the document (the
    # views joined once for both).
    texts = [nt.text for nt in views]
    joined = joined_views(texts)
    exact = find_mentions_in(views, sources, slug, ocr, joined)
    if ocr:
        taken = [[(m.start, m.end) for m in mentions] for mentions in exact]
        for mentions, fuzzy in zip(exact, find_fuzzy_mentions_in(views, sources, slug, taken), strict=True):
            mentions += fuzzy
    # District bodies by name only where the gazetteer knows no district of the province.
    named = not ocr and not gazetteer().districts.get(slug or "")
    bodies = _district_bodies(sources) if named else [[] for _ in sources]
    for nt, mentions, block_bodies in zip(views, exact, bodies, strict=True):
        for m in mentions:
            agencies.setdefault(_key(m.label), m.label)
        for m in find_district_lists(nt, districts):
            agencies.setdefault(_key(m.label), m.label)
        for label in block_bodies:
            agencies.setdefault(_key(label), label)
    for label in acting_groups_in(texts, ocr, joined):
        groups.setdefault(_key(label), label)
    return list(agencies.values()), list(groups.values())


def _district_bodies(sources: list[str]) -> list[list[str]]:
    """The district bodies named in each source text ("UBND huyện Đắk Mil"), by one scan
    of the texts joined by NUL: no part of the pattern consumes a NUL (a word character,
    whitespace, a space or a hyphen each), and its look-behind sees a NUL before a text as
    it sees the start of the text (not a word character), so each text's matches are those
    of a scan of it alone."""
    joined = joined_views(sources)
    if joined is None:
        return [_body_labels(P.DISTRICT_BODY.finditer(source)) for source in sources]
    text, bases = joined
    out: list[list[str]] = [[] for _ in sources]
    for dm in district_body_matches(text):
        out[bisect_right(bases, dm.start()) - 1] += _body_labels([dm])
    return out


def district_body_matches(text: str) -> Iterator[re.Match[str]]:
    """``P.DISTRICT_BODY.finditer(text)``, tried only where it may match (the positions of
    ``P.DISTRICT_BODY_STARTS``, a superset of its match starts) past the last match."""
    pos = 0
    for at in P.DISTRICT_BODY_STARTS.positions(text):
        if at < pos:
            continue
        m = P.DISTRICT_BODY.match(text, at)
        if m is not None:
            yield m
            pos = m.end()


def _body_labels(matches: Iterable[re.Match[str]]) -> list[str]:
    """The canonical names of district bodies matched by ``P.DISTRICT_BODY``: the name is
    its capitalised words."""
    out = []
    for dm in matches:
        words = []
        for w in re.split(r"(?<=\w)(?=[ -])", dm.group(2)):
            if not w.strip(" -")[:1].isupper():
                break
            words.append(w)
        if words:
            out.append(f"Ủy ban nhân dân {dm.group(1)} {''.join(words).strip()}")
    return out


def add_role_agencies(x: Extraction) -> None:
    """Complete the document's agency and group lists with the agencies the role stages
    resolved (lead, cooperating, implementing, monitoring of tasks, body tasks and targets;
    responsible of shortcomings), so every role points at an agency of the list: one
    identity (resolver key, hence one IRI) per real agency. Only names the gazetteer knows
    and collective references are added; an unmatched role name stays on its record."""
    province = x.province
    seen = {resolve_agency(a, province).key for a in [*x.agencies, *x.agency_groups]}
    for name in _role_names(x):
        ref = resolve_agency(name, province)
        if ref.key in seen or not (ref.matched or ref.is_group):
            continue
        seen.add(ref.key)
        (x.agency_groups if ref.is_group else x.agencies).append(ref.label)


def _role_names(x: Extraction) -> Iterator[str]:
    for rec in [*x.tasks, *x.body_tasks, *x.targets]:
        for role in ("lead", "cooperating", "implementing", "monitoring"):
            yield from getattr(rec, role, None) or ()
    for s in x.shortcomings:
        yield from s.responsible
