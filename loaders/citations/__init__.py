"""Legal citations: find → resolve → relate (the project's eyecite).

:func:`extract_citations` finds every cited instrument in the document proper (outside web
boilerplate and the recipients list), drops the document's own numbers, resolves each
mention to a canonical :class:`~cchc_kg.loaders.model.InstrumentKey`, types its relation,
and groups mentions into one :class:`~cchc_kg.loaders.model.CitationRecord` per instrument
(gold README §4). :func:`cite` does the same on any segmented text, and
:func:`citations_in_text` on a plain string (the golden table and the find + resolve bench).
Pure.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..context import Context
from ..model import CitationMention, CitationRecord, Segmented, SourceText
from ..regions import find_regions
from ..segment import segment
from ..textfold import printed_from_folded
from .find import Found, find_all, find_province
from .numbers import parse_number
from .regexes import NAMED_TYPES
from .relations import MentionRelation, primary, relate, relation_list
from .resolve import (
    Resolution,
    intended_number,
    is_local,
    issuer_of_mention,
    kind_of,
    name_key,
    resolve_named,
    resolve_numbered,
)

__all__ = ["cite", "citations_in_text", "extract_citations"]


@dataclass
class _Group:
    found: list[tuple[Found, MentionRelation]] = field(default_factory=list)

    @property
    def first(self) -> Found:
        return self.found[0][0]

    @property
    def dates(self) -> list[str]:
        out: list[str] = []
        for f, _ in self.found:
            if f.date is not None and f.date.iso not in out:
                out.append(f.date.iso)
        return out


def _own_numbers(
    own_numbers: Iterable[str | tuple[str, int | None]], found: list[Found]
) -> dict[str, int | None]:
    """The document's own numbers (canonical → year of the document, None when unknown):
    those given, else those printed after "Số:" / "(Kèm theo ...". A number is reused every
    year, so a same-number instrument of another year is still a citation."""
    own: dict[str, int | None] = {}
    for item in own_numbers:
        number, year = item if isinstance(item, tuple) else (item, None)
        parsed = parse_number(number)
        if parsed is not None:
            own[parsed.canonical] = year
    for f in found:
        if f.own and f.number is not None:
            own.setdefault(f.number.canonical, None)
    return own


def _is_own_number(f: Found, own: dict[str, int | None]) -> bool:
    if f.number is None or f.number.canonical not in own:
        return False
    year = own[f.number.canonical]
    printed = f.number.year or (_year(f.date.iso) if f.date else None)
    return f.own or year is None or printed is None or printed == year


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso else None


_GroupKey = tuple[str, str, int | None, str | None]  # regime kind, identity, year, province


def _group_key(f: Found, province: str | None) -> _GroupKey:
    """Which mentions are one instrument within a document."""
    year = _year(f.date.iso) if f.date else None
    if f.number is None:
        assert f.named_kind is not None and f.name is not None
        title = name_key(f.entry.names[0] if f.entry and f.entry.names else f.name)
        return ("named", f"{f.named_kind}|{title}", year or f.year, None)
    if f.number.regime == "normative":
        year = f.number.year
    local = f.number.issuer is not None and f.number.issuer.is_local
    where = ((f.issuer.province if f.issuer is not None else None) or province) if local else None
    return ("n", f.number.canonical, year, where)


def extract_citations(ctx: Context) -> list[CitationRecord]:
    """The citations of a document: its text proper without boilerplate and recipients,
    its own numbers dropped, local issuers bound to its province."""
    excluded = [ctx.regions.recipients] if ctx.regions.recipients else []
    return cite(
        ctx.seg,
        ctx.regions.doc_start,
        ctx.regions.doc_end,
        excluded,
        province=ctx.province,
        own_numbers=[(d.number, _year(d.date)) for d in ctx.documents if d.number],
    )


def citations_in_text(text: str, province: str | None = None, name: str = "<text>") -> list[CitationRecord]:
    """The citations of a plain string (NFC-normalised first, as a read document is)."""
    text = unicodedata.normalize("NFC", text)
    source = SourceText(name, text, hashlib.sha256(text.encode("utf-8")).hexdigest())
    seg = segment(source)
    recipients = find_regions(seg).recipients
    return cite(seg, 0, len(text), [recipients] if recipients else [], province=province)


def cite(
    seg: Segmented,
    lo: int,
    hi: int,
    excluded: Sequence[tuple[int, int]] = (),
    *,
    province: str | None = None,
    own_numbers: Iterable[str | tuple[str, int | None]] = (),
) -> list[CitationRecord]:
    """Find, resolve and relate the citations of ``seg.source.text[lo:hi]`` outside the
    ``excluded`` ranges; ``province`` is the citing document's (found in the text when
    None), ``own_numbers`` the document's own numbers, with the year of the document when
    known (never its citations)."""
    text = seg.source.text
    folded, found = find_all(text, lo, hi, list(excluded), folded=printed_from_folded(seg.folded))
    own = _own_numbers(own_numbers, found)
    found = [f for f in found if not _is_own_number(f, own)]
    province = province or find_province(folded, lo)
    relations = relate(folded, lo, seg.blocks, found)

    # Group: numbered by (canonical number, year of the printed date, province of a local
    # issuer) so that 76/NQ-CP of 2013 and of 2021 stay apart; named by (kind, title, year)
    # so that two laws of one name stay apart; an undated mention joins the only dated group
    # of its number or name.
    groups: dict[_GroupKey, _Group] = {}
    undated: list[tuple[_GroupKey, Found, MentionRelation]] = []
    for f, rel in zip(found, relations, strict=True):
        key = _group_key(f, province)
        if key[2] is None:
            undated.append((key, f, rel))
        else:
            groups.setdefault(key, _Group()).found.append((f, rel))
    for key, f, rel in undated:
        dated = [k for k in groups if (k[0], k[1], k[3]) == (key[0], key[1], key[3])]
        groups.setdefault(dated[0] if len(dated) == 1 else key, _Group()).found.append((f, rel))

    records = [_record(g, k[2], province, seg) for k, g in groups.items()]
    records.sort(key=lambda r: r.mentions[0].span.start)
    return records


def _mention(m: Found, rel: MentionRelation, seg: Segmented) -> CitationMention:
    return CitationMention(
        span=seg.span(m.start, m.end), as_printed=seg.source.text[m.start : m.end], relation=rel.relation
    )


def _record(g: _Group, year: int | None, province: str | None, seg: Segmented) -> CitationRecord:
    f = g.first
    mentions = sorted(g.found, key=lambda fr: fr[0].start)
    issuer, inferred, issuer_province = None, True, None
    for m, _ in mentions:
        name, inf, prov = issuer_of_mention(m, province)
        if name is not None and (issuer is None or (inferred and not inf)):
            issuer, inferred, issuer_province = name, inf, prov
    dates = g.dates
    extra: dict[str, object] = {}
    res: Resolution
    number: str | None = None
    title_name: str | None = None
    if f.number is not None:
        intended = next((i for i in (intended_number(m) for m, _ in mentions) if i is not None), None)
        number = f.number.canonical
        target = intended or f.number
        local = is_local(f)
        res = resolve_numbered(
            target,
            year if year is not None else _year(dates[0] if dates else None),
            local,
            issuer_province or (province if local else None),
        )
        title_name = f.name  # a law cited by name and number keeps its name
        if target.doc_type in NAMED_TYPES and (f.name or (res.entry is not None and res.entry.names)):
            # a law cited by its number ("Luật số 77/2015/QH13") is the law cited by name
            entry = res.entry if res.entry is not None and res.entry.names else None
            law = entry.names[0] if entry is not None else str(f.name)
            res = resolve_named(kind_of(f), law, entry, entry.year if entry is not None else target.year)
        if intended is not None:
            extra["number_intended"] = intended.canonical
        raw = f.number_raw or number
        if raw != number:
            extra["number_as_printed"] = raw
    else:
        assert f.named_kind is not None and f.name is not None
        title_name = f.name
        printed = " ".join(seg.source.text[f.start : f.end].split())
        if printed != f.name:  # OCR text: the name is the registry's spelling
            extra["name_as_printed"] = printed
        printed_year = next((m.year for m, _ in mentions if m.year is not None), None)
        res = resolve_named(f.named_kind, f.name, f.entry, _year(dates[0] if dates else None) or printed_year)
    if inferred and res.entry is not None:
        issuer = res.entry.issuer  # no issuer printed: the registry knows it for sure
    if inferred and issuer is not None:
        extra["issuer_inferred"] = True
    if len(dates) > 1:
        extra["date_variants"] = dates
    if res.entry is not None and res.entry.status:
        extra["status"] = res.entry.status
    rels = [r for _, r in mentions]
    return CitationRecord(
        number=number,
        kind=kind_of(f),
        date=dates[0] if dates else None,
        issuer=issuer,
        name=title_name,
        relation=primary(rels),
        relations=relation_list(rels),
        mentions=[_mention(m, r, seg) for m, r in mentions],
        key=res.key,
        unresolved_reason=res.reason,
        title=res.entry.title if res.entry else None,
        extra=extra,
    )
