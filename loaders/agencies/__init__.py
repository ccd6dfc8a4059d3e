"""Agencies: canonical names, role-cell splitting, resolution to province-scoped
identities, and the per-document agency list.

Identity contract (used by :mod:`cchc_kg.loaders.to_rdf` and the ontology): an agency IRI
is ``{base}agency/{AgencyRef.key}``. The key is a content key, never a counter or a label:

* a body of a province: ``<province-slug>/<type-id>`` — ``kon-tum/so-noi-vu`` for "Sở Nội vụ"
  in a Kon Tum plan; district bodies add the district: ``kon-tum/ubnd-huyen/dak-ha``;
* a central or party-central body: ``vn/<type-id>`` — ``vn/bo-noi-vu``, ``vn/chinh-phu``;
* a group (collective reference): ``<province-slug>/group/<ascii slug of the canonical
  name>`` — ``kon-tum/group/cac-so-ban-nganh``;
* a name the gazetteer does not know: ``<province-slug or vn>/other/<ascii slug of the
  canonical name>`` (``matched`` is False).

Provinces are ``{base}province/<slug>`` and agency types ``{base}agency-type/<type-id>``;
see :mod:`.reference` for the reference graph (SKOS scheme, provinces, 2025 succession).
"""

from __future__ import annotations

from .document import add_role_agencies, extract_agencies
from .names import canonical_name
from .resolve import AgencyRef, resolve_agency
from .split import split_agency_list

__all__ = [
    "AgencyRef",
    "add_role_agencies",
    "canonical_name",
    "extract_agencies",
    "resolve_agency",
    "split_agency_list",
]
