"""Resolution of an agency mention to a province-scoped identity (:class:`AgencyRef`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from . import patterns as P
from .gazetteer import gazetteer
from .names import resolve_name
from .text import fold

Scope = Literal["central", "party-central", "province", "district", "commune"]


# Which kind of member a group is made of (agencies.json "groups" member_type).
def _slug(s: str) -> str:
    return P.SLUG_STRIP.sub("-", fold(s)).strip("-")


@dataclass(frozen=True)
class AgencyRef:
    """A resolved agency mention.

    ``key`` is the identity contract: the agency IRI is ``{base}agency/{key}`` (see the
    package docstring). ``label`` is the canonical name as the document writes it (without
    the province); ``full_label`` adds the province for local bodies.
    """

    label: str
    type_id: str | None
    scope: Scope
    province: str | None
    district: str | None
    is_group: bool
    member_type: str | None
    matched: bool
    key: str
    full_label: str


# A document resolves the same names over and over (every role of every task, then the
# agency list; the RDF writer again): ~800 calls per corpus, ~150 distinct. The result is
# a frozen value of the arguments (the gazetteer is fixed for the process): memoised,
# bounded.
@lru_cache(maxsize=8192)
def resolve_agency(name: str, province: str | None, on: str | None = None) -> AgencyRef:
    """Resolve a printed agency name in a document of ``province`` (a name like "Kon Tum" or
    a slug like "kon-tum"; None when unknown) issued on ``on`` (ISO date; None: before the
    2025 merger). "Sở Nội vụ" in a Kon Tum plan is Sở Nội vụ tỉnh Kon Tum:
    ``kon-tum/so-noi-vu``; "Sở Nội vụ" in a Quảng Ngãi plan of 2026 is
    ``quang-ngai-2025/so-noi-vu``."""
    g = gazetteer()
    c = resolve_name(name)
    prov = g.province_by_name(c.province_name or province, on)
    pslug = prov.slug if prov else None
    pname = prov.name if prov else None
    pkind = prov.kind if prov else "tỉnh"
    local = pslug or "unknown-province"
    if c.group_kind is not None:
        kind = g.groups.get(c.group_kind)
        member = kind.member_type if kind else None
        scope: Scope = (
            "district"
            if kind and kind.level == "district"
            else "commune"
            if kind and kind.level == "commune"
            else "province"
        )
        return AgencyRef(
            c.label,
            None,
            scope,
            pslug,
            None,
            True,
            member,
            True,
            f"{local}/group/{_slug(c.label)}",
            with_province(c.label, pname, pkind),
        )
    t = c.type
    if t is None:
        return AgencyRef(
            c.label,
            None,
            "province" if pslug else "central",
            pslug,
            None,
            False,
            None,
            False,
            f"{pslug or 'vn'}/other/{_slug(c.label)}",
            c.label,
        )
    if t.level in ("central", "party-central"):
        return AgencyRef(c.label, t.id, t.level, None, None, False, None, True, f"vn/{t.id}", c.label)
    if t.level == "district" and c.district is not None:
        return AgencyRef(
            c.label,
            t.id,
            "district",
            pslug or c.district.province,
            c.district.name,
            False,
            None,
            True,
            f"{pslug or c.district.province}/{t.id}/{c.district.slug}",
            f"{c.label} tỉnh {pname}" if pname else c.label,
        )
    if t.level in ("district", "commune"):
        # A district/commune body outside the gazetteer: keyed by its printed name.
        return AgencyRef(
            c.label,
            t.id,
            t.level,
            pslug,
            None,
            False,
            None,
            True,
            f"{local}/{t.id}/{_slug(c.label)}",
            c.label,
        )
    label = c.label
    if c.province_name and t.id != "bao-tinh":
        # Printed with its province ("Sở Nội vụ tỉnh Kon Tum"): the document form drops it.
        label = label.rsplit(" tỉnh ", 1)[0].rsplit(" thành phố ", 1)[0]
        if t.label.endswith(" tỉnh") and not label.endswith(" tỉnh"):
            label += " tỉnh"
    scope = "province"
    return AgencyRef(
        label,
        t.id,
        scope,
        pslug,
        None,
        False,
        None,
        True,
        f"{local}/{t.id}",
        with_province(label, pname, pkind) if t.id != "bao-tinh" else label,
    )


def with_province(label: str, pname: str | None, pkind: str) -> str:
    """The full name of a body of a province: "Sở Nội vụ" → "Sở Nội vụ tỉnh Kon Tum",
    "Ủy ban nhân dân tỉnh" → "Ủy ban nhân dân tỉnh Kon Tum" (``pkind`` "tỉnh"/"thành phố")."""
    if not pname:
        return label
    if label.endswith(" tỉnh"):
        return f"{label[: -len(' tỉnh')]} {pkind} {pname}"
    if label.endswith(" Ủy ban nhân dân tỉnh") or label.endswith("Tỉnh ủy"):
        return f"{label} {pname}"
    return f"{label} {pkind} {pname}"
