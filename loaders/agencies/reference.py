"""The agency reference graph: what every store carries about agencies besides documents.

* the agency types as a SKOS concept scheme ``{base}agency-type`` (``skos:broader`` = the
  parent type, the level as ``skos:notation``-free top concepts);
* the provinces before and after 1 July 2025 (``cchc:Province``), the merged ones linked by
  ``dcterms:isReplacedBy`` / ``dcterms:replaces``;
* every provincial (and provincial party) body of every province as a ``cchc:Agency`` with
  its full label (``skos:prefLabel``), the form a plan of its own province prints
  (``cchc:localLabel``, "Sở Nội vụ"), its type (``org:classification``), its province (``cchc:province``) and
  its place in the hierarchy (``org:subOrganizationOf``: Sở → Ủy ban nhân dân tỉnh; Công an
  tỉnh → Bộ Công an; UBND huyện → UBND tỉnh), plus the central bodies and the district
  bodies of the gazetteer;
* the 2025 restructuring (domain.md §6) as dated W3C ORG change events
  (``org:ChangeEvent``, ``org:originalOrganization``, ``org:resultingOrganization``,
  ``prov:atTime`` and ``dcterms:date``): departments and ministries merged on 2025-03-01,
  provinces 63 → 34 on 2025-07-01 (each body passes to the body of the same type of the
  resulting province), district level abolished on 2025-07-01 (an event with no result).

Agency IRIs are the resolver's keys (:class:`.resolve.AgencyRef`) through
:func:`cchc_kg.iri.agency_iri`, so a document's "Sở Thông tin và Truyền thông" of Kon Tum
and this graph meet on one IRI. A change event's IRI hangs below the agency it produces
(or ends): ``{agency}/change/{date}``. The historical issuer of a document is never
rewritten: these events only link an old body to its successor.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from cchc_kg import iri as I

from .gazetteer import AgencyType, Gazetteer, Province, gazetteer
from .resolve import with_province

CCHC = Namespace(I.ONTOLOGY_NS)

# Levels whose bodies exist in every province (one body per type and province).
_PROVINCIAL = ("province", "party")
_CENTRAL = ("central", "party-central")
_LEVEL_EN = {"province": "province", "thành phố": "city", "tỉnh": "province"}
_DISTRICT_TYPE = {"huyện": "ubnd-huyen", "thành phố": "ubnd-thanh-pho", "thị xã": "ubnd-thi-xa"}


def agency_type_iri(base: str, type_id: str) -> str:
    """The SKOS concept of an agency type (the object of ``org:classification``)."""
    return f"{base}agency-type/{I.segment(type_id)}"


def _vi(s: str) -> Literal:
    return Literal(s, lang="vi")


def _en(s: str) -> Literal:
    return Literal(s, lang="en")


class _Builder:
    def __init__(self, base: str, g: Gazetteer) -> None:
        self.base = base
        self.gz = g
        self.g = Graph()
        for prefix, ns in (
            ("cchc", CCHC),
            ("org", ORG),
            ("prov", PROV),
            ("skos", SKOS),
            ("dcterms", DCTERMS),
        ):
            self.g.bind(prefix, ns)
        self.agencies: set[str] = set()

    # -- helpers ---------------------------------------------------------------------

    def agency(self, key: str) -> URIRef:
        return URIRef(I.agency_iri(self.base, key))

    def province(self, slug: str) -> URIRef:
        return URIRef(I.province_iri(self.base, slug))

    def provincial_types(self, *, after_2025: bool) -> list[AgencyType]:
        """Types with one body per province; after 2025 without the merged-away departments."""
        gone: set[str] = set()
        if after_2025:
            for m in self.gz.succession["department_mergers"]["mergers"]:
                gone.update(s for s in m["sources"] if s != m["result"])
        return [t for t in self.gz.types.values() if t.level in _PROVINCIAL and t.id not in gone]

    # -- the scheme of agency types -----------------------------------------------------

    def scheme(self) -> None:
        g = self.g
        scheme = URIRef(f"{self.base}agency-type")
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, SKOS.prefLabel, _vi("Loại cơ quan")))
        g.add((scheme, SKOS.prefLabel, _en("Agency types")))
        for t in self.gz.types.values():
            c = URIRef(agency_type_iri(self.base, t.id))
            g.add((c, RDF.type, SKOS.Concept))
            g.add((c, SKOS.inScheme, scheme))
            g.add((c, SKOS.notation, Literal(t.id)))
            g.add((c, SKOS.prefLabel, _vi(t.label.replace("{province}", "tỉnh"))))
            g.add((c, SKOS.prefLabel, _en(t.label_en)))
            for alias in t.aliases:
                if "{" not in alias:
                    g.add((c, SKOS.altLabel, _vi(alias)))
            self.place(scheme, c, t.parent)
        # Kinds of member of the collective references ("Các sở, ban, ngành" → sở).
        for m in self.gz.member_types:
            c = URIRef(agency_type_iri(self.base, m["id"]))
            g.add((c, RDF.type, SKOS.Concept))
            g.add((c, SKOS.inScheme, scheme))
            g.add((c, SKOS.notation, Literal(m["id"])))
            g.add((c, SKOS.prefLabel, _vi(m["label"])))
            g.add((c, SKOS.prefLabel, _en(m["label_en"])))
            self.place(scheme, c, m.get("parent"))

    def place(self, scheme: URIRef, concept: URIRef, parent: str | None) -> None:
        if parent and parent in self.gz.types:
            self.g.add((concept, SKOS.broader, URIRef(agency_type_iri(self.base, parent))))
        else:
            self.g.add((concept, SKOS.topConceptOf, scheme))
            self.g.add((scheme, SKOS.hasTopConcept, concept))

    # -- provinces and their bodies ---------------------------------------------------------

    def provinces(self) -> None:
        g = self.g
        for p in [*self.gz.provinces_before.values(), *self.gz.provinces_after.values()]:
            ref = self.province(p.slug)
            g.add((ref, RDF.type, CCHC.Province))
            g.add((ref, RDFS.label, _vi(p.name)))
            g.add((ref, RDFS.label, _en(p.name)))
            g.add((ref, SKOS.notation, Literal(p.slug)))
        date = Literal(self.gz.merger_date, datatype=XSD.date)
        for result, sources in self.gz.mergers:
            new = self.province(result)
            g.add((new, DCTERMS.created, date))
            for s in sources:
                g.add((self.province(s), DCTERMS.isReplacedBy, new))
                g.add((new, DCTERMS.replaces, self.province(s)))

    def body(self, t: AgencyType, p: Province) -> URIRef:
        key = f"{p.slug}/{t.id}"
        ref = self.agency(key)
        if key in self.agencies:
            return ref
        self.agencies.add(key)
        g = self.g
        label = t.label.replace("{province}", p.name)
        full = label if "{province}" in t.label else with_province(label, p.name, p.kind)
        self.describe(ref, full, label, f"{t.label_en}, {p.name} {_LEVEL_EN.get(p.kind, 'province')}", t)
        g.add((ref, CCHC.province, self.province(p.slug)))
        parent = self.gz.types.get(t.parent or "")
        if parent is not None:
            if parent.level in _CENTRAL:
                g.add((ref, ORG.subOrganizationOf, self.central(parent)))
            elif parent.level in _PROVINCIAL:
                g.add((ref, ORG.subOrganizationOf, self.body(parent, p)))
        return ref

    def describe(self, ref: URIRef, full: str, local: str, english: str, t: AgencyType) -> None:
        """What every agency node says: its classes, one Vietnamese canonical name (with the
        province), the document form, an English name and its agency type."""
        g = self.g
        g.add((ref, RDF.type, CCHC.Agency))
        g.add((ref, RDF.type, ORG.Organization))
        g.add((ref, SKOS.prefLabel, _vi(full)))
        g.add((ref, RDFS.label, _vi(full)))
        g.add((ref, CCHC.localLabel, _vi(local)))
        g.add((ref, SKOS.prefLabel, _en(english)))
        g.add((ref, ORG.classification, URIRef(agency_type_iri(self.base, t.id))))

    def central(self, t: AgencyType) -> URIRef:
        key = f"vn/{t.id}"
        ref = self.agency(key)
        if key in self.agencies:
            return ref
        self.agencies.add(key)
        g = self.g
        self.describe(ref, t.label, t.label, t.label_en, t)
        parent = self.gz.types.get(t.parent or "")
        if parent is not None and parent.level in _CENTRAL:
            g.add((ref, ORG.subOrganizationOf, self.central(parent)))
        return ref

    def district_bodies(self) -> list[URIRef]:
        out = []
        g = self.g
        for pslug, districts in self.gz.districts.items():
            p = self.gz.province(pslug)
            if p is None:
                continue
            ubnd = self.body(self.gz.types["ubnd-tinh"], p)
            for d in districts:
                t = self.gz.types[_DISTRICT_TYPE[d.kind]]
                key = f"{pslug}/{t.id}/{d.slug}"
                ref = self.agency(key)
                self.agencies.add(key)
                label = t.label.replace("{district}", d.name)
                full = with_province(label, p.name, p.kind)
                self.describe(ref, full, label, f"{t.label_en.split(' of ')[0]} of {d.name}, {p.name}", t)
                g.add((ref, CCHC.province, self.province(pslug)))
                g.add((ref, ORG.subOrganizationOf, ubnd))
                out.append(ref)
        return out

    # -- the 2025 change events -----------------------------------------------------------

    def event(
        self,
        at: URIRef,
        date: str,
        originals: Iterable[URIRef],
        results: Iterable[URIRef],
        vi: str,
        en: str,
        basis: str,
    ) -> None:
        g = self.g
        ev = URIRef(f"{at}/change/{I.segment(date)}")
        g.add((ev, RDF.type, ORG.ChangeEvent))
        g.add((ev, PROV.atTime, Literal(f"{date}T00:00:00+07:00", datatype=XSD.dateTime)))
        g.add((ev, DCTERMS.date, Literal(date, datatype=XSD.date)))
        g.add((ev, RDFS.label, _vi(vi)))
        g.add((ev, RDFS.label, _en(en)))
        g.add((ev, DCTERMS.source, _vi(basis)))
        for o in originals:
            g.add((ev, ORG.originalOrganization, o))
            g.add((o, ORG.changedBy, ev))
        for r in results:
            g.add((ev, ORG.resultingOrganization, r))
            g.add((r, ORG.resultedFrom, ev))

    def department_mergers(self) -> None:
        dm = self.gz.succession["department_mergers"]
        for p in self.gz.provinces_before.values():
            for m in dm["mergers"]:
                result = self.body(self.gz.types[m["result"]], p)
                sources = [self.body(self.gz.types[s], p) for s in m["sources"]]
                self.event(
                    result,
                    dm["date"],
                    sources,
                    [result],
                    f"Hợp nhất sở tỉnh {p.name} ({dm['basis']})",
                    f"Merger of departments of {p.name} ({dm['basis']})",
                    dm["basis"],
                )
        mm = self.gz.succession["ministry_mergers"]
        for m in mm["mergers"]:
            result = self.central(self.gz.types[m["result"]])
            sources = [self.central(self.gz.types[s]) for s in m["sources"]]
            self.event(
                result,
                mm["date"],
                sources,
                [result],
                f"Hợp nhất bộ ({mm['basis']})",
                f"Merger of ministries ({mm['basis']})",
                mm["basis"],
            )

    def province_mergers(self) -> None:
        pm = self.gz.succession["province_mergers"]
        for result_slug, sources in self.gz.mergers:
            new = self.gz.provinces_after[result_slug]
            olds = [self.gz.provinces_before[s] for s in sources]
            names = ", ".join(o.name for o in olds)
            for t in self.provincial_types(after_2025=True):
                result = self.body(t, new)
                self.event(
                    result,
                    pm["date"],
                    [self.body(t, o) for o in olds],
                    [result],
                    f"Sáp nhập tỉnh: {names} → {new.name} ({pm['basis']})",
                    f"Province merger: {names} → {new.name} ({pm['basis']})",
                    pm["basis"],
                )

    def district_abolition(self, bodies: list[URIRef]) -> None:
        da = self.gz.succession["district_abolition"]
        for ref in bodies:
            self.event(
                ref,
                da["date"],
                [ref],
                [],
                f"Kết thúc hoạt động chính quyền cấp huyện ({da['basis']})",
                f"District level abolished ({da['basis']})",
                da["basis"],
            )

    def build(self) -> Graph:
        self.scheme()
        self.provinces()
        for t in self.gz.types.values():
            if t.level in _CENTRAL:
                self.central(t)
        for p in self.gz.provinces_before.values():
            for t in self.provincial_types(after_2025=False):
                self.body(t, p)
        for p in self.gz.provinces_after.values():
            for t in self.provincial_types(after_2025=True):
                self.body(t, p)
        self.district_abolition(self.district_bodies())
        self.department_mergers()
        self.province_mergers()
        return self.g


def agency_reference_graph(base_iri: str) -> Graph:
    """The agency types, provinces, provincial bodies and the 2025 succession (no blank
    nodes; every IRI through :mod:`cchc_kg.iri`)."""
    return _Builder(base_iri, gazetteer()).build()
