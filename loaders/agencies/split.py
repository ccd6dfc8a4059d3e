"""Splitting a role cell or parenthesis into agencies (gold README §6)."""

from __future__ import annotations

import re
from functools import lru_cache

from . import patterns as P
from .gazetteer import gazetteer
from .groups import find_groups
from .names import canonical_name, clean
from .text import fold, normalise

_LIST_HEAD = re.compile(
    r"^(?P<head>(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Uy ban nhan dan)\s+(?:các\s+|cac\s+)?(?:huyện|huyen)"
    r"(?:\s*,\s*(?:thị xã|thành phố|thanh pho))*)\s*:\s*(?P<items>.+)$",
    re.IGNORECASE | re.DOTALL,
)


def split_agency_list(cell: str) -> list[str]:
    """Canonical agencies of a role cell: split on ";", and on "," / "và" only where they
    join separate agencies ("Sở Y tế, Sở Giáo dục và Đào tạo" → two; "Ủy ban nhân dân các
    huyện, thành phố" stays one, and so does every collective reference: "Các sở, ngành có
    liên quan", "Các cơ quan, đơn vị liên quan"); a district list ("UBND các huyện, thành
    phố: Đăk Hà, ..., TP. Kon Tum") gives one "Ủy ban nhân dân huyện X" per district."""
    return list(_split(cell))


# A plan's tables repeat their role cells ("Sở Nội vụ", "Các sở, ban, ngành"): about 350
# cells per corpus, 100 distinct. The result is a value of the cell alone (the gazetteer
# is fixed for the process): memoised, bounded; callers get their own list.
@lru_cache(maxsize=4096)
def _split(cell: str) -> tuple[str, ...]:
    out: list[str] = []
    for part in _pieces(cell):
        part = clean(part)
        if not part:
            continue
        m = _LIST_HEAD.match(part)
        if m is not None:
            out.extend(_district_items(m.group("items")))
            continue
        name = canonical_name(part)
        if name and name not in out:
            out.append(name)
    return tuple(out)


def _group_spans(cell: str) -> list[tuple[int, int]]:
    """Source spans of the collective references of a cell: their commas do not split."""
    nt = normalise(cell)
    return [nt.source_span(g.start, g.end) for g in find_groups(nt.text, False)]


def _pieces(cell: str) -> list[str]:
    # The group spans only protect "," / "và" separators: found when the cell has one
    # (most cells name one agency: no normalising, no group scan).
    protected: list[tuple[int, int]] | None = None
    pieces: list[str] = []
    last = 0
    for m in P.CELL_SPLIT.finditer(cell):
        if ";" not in m.group(0):
            if protected is None:
                protected = _group_spans(cell)
            if any(s < m.start() and m.end() < e for s, e in protected):
                continue
        pieces.append(cell[last : m.start()])
        last = m.end()
    pieces.append(cell[last:])
    return pieces


def _district_items(items: str) -> list[str]:
    names = {fold(d.name): d for ds in gazetteer().districts.values() for d in ds}
    out: list[str] = []
    for raw in P.LIST_ITEM_SPLIT.split(items):
        item = clean(raw)
        if not item:
            continue
        is_city = bool(P.CITY_PREFIX.match(item))
        bare = P.CITY_PREFIX.sub("", item).strip()
        d = names.get(fold(bare))
        name = d.name if d else bare
        kind = d.kind if d else ("thành phố" if is_city else "huyện")
        label = f"Ủy ban nhân dân {kind} {name}"
        if label not in out:
            out.append(label)
    return out
