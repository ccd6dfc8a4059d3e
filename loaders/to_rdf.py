"""Emit stage (RDF): an :class:`Extraction` → the triples of one named graph.

One source file gives one named graph (:func:`document_graph_iri`) holding everything read
from it: its documents, section tree, tasks, targets, citation mentions, the cited
instruments (described minimally, so every graph is self-contained and loading order does
not matter), the agencies named, and the provenance of every extracted entity (a
:class:`~cchc_kg.loaders.model.Span` becomes a ``cchc:TextSpan`` whose ``oa:exact`` is the
source text between its offsets).

Citations. Each mention is a ``cchc:Citation`` (relation, span, printed form) whose citing
entity is the innermost task, target or shortcoming that holds it, else the innermost
section, else the document (the preamble); the citing entity also gets ``cchc:cites`` the
instrument, so "tasks citing X" is one triple pattern, and the document gets ``eli:cites``
plus the ELI term of each relation (``eli:based_on``, ``eli:repeals``, ``eli:amends``;
``cchc:implements``). A citation in a section heading stays the section's: it is not copied
to the tasks below. The items of a plan's "Nhiệm vụ, giải pháp" part are tasks in running
text (``cchc:SectionTask``, see :func:`task_item_paths`).

Identity. A loaded document with a number and a cited instrument get their IRI from the
same key (:func:`cchc_kg.loaders.citations.resolve.key_of_number` for documents), and both
carry the key as literals (``cchc:keyDocType``, ``keyNumber``, ``keyYear``, ``keyName``) for
the tolerant look-up of :mod:`cchc_kg.cites`.

Pure: no I/O except reading packaged data: the ontology (the document-type, deadline-kind
and index code lists live there) and, through the resolvers, the agency gazetteer and the
instrument registry. IRIs come from :mod:`cchc_kg.iri`; there are no blank nodes,
every literal is NFC, and the same extraction always gives the same triples.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from typing import Any

from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, TIME

from cchc_kg import LOADER_VERSION
from cchc_kg import iri as I

from .agencies import resolve_agency
from .agencies.gazetteer import gazetteer
from .citations.resolve import key_of_number, name_key
from .model import (
    BodyTaskRecord,
    CitationMention,
    CitationRecord,
    DocumentRecord,
    Extraction,
    InstrumentKey,
    SectionRecord,
    ShortcomingRecord,
    Span,
    TargetRecord,
    TaskRecord,
)

CCHC = Namespace(I.ONTOLOGY_NS)
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
# Names that are also ``str`` methods cannot be read as attributes of a Namespace.
ELI_TITLE = ELI["title"]
CCHC_INDEX = CCHC["index"]

PREFIXES: dict[str, Namespace] = {
    "cchc": CCHC,
    "eli": ELI,
    "org": ORG,
    "oa": OA,
    "prov": Namespace(str(PROV)),
    "time": Namespace(str(TIME)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "owl": Namespace(str(OWL)),
}

# Document-level ELI property of each citation relation (domain.md §4). Every resolved
# citation also gives eli:cites.
_DOC_RELATION: dict[str, URIRef] = {
    "legal_basis": ELI.based_on,
    "implements": CCHC.implements,
    "replaces": ELI.repeals,
    "amends": ELI.amends,
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_RANGE = re.compile(r"(\d{4})\s*-\s*(\d{4})")


# ---------------------------------------------------------------------------------------
# Code lists, read from the ontology
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocType:
    code: str  # InstrumentKey.doc_type ("kh")
    cls: URIRef  # cchc:Plan
    concept: URIRef  # cchc:type_kh


@dataclass(frozen=True)
class Vocabulary:
    by_kind: dict[str, DocType]  # folded kind word ("ke hoach") → type
    by_code: dict[str, DocType]  # "kh" → type
    issuer_codes: tuple[tuple[str, str], ...]  # (folded body name, code), longest first
    deadline_kinds: dict[str, URIRef]  # "date" → cchc:deadline_date
    indices: dict[str, URIRef]  # folded notation ("par index") → concept
    relations: dict[str, URIRef]  # "legal_basis" → cchc:rel_legal_basis


def _folded(text: str) -> str:
    return " ".join(I.fold(unicodedata.normalize("NFC", text)).lower().split())


def ontology_graph() -> Graph:
    """The packaged ontology (``ontology/cchc.ttl``)."""
    data = files("cchc_kg.ontology").joinpath("cchc.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=data, format="turtle")


@cache
def vocabulary() -> Vocabulary:
    g = ontology_graph()
    by_kind: dict[str, DocType] = {}
    by_code: dict[str, DocType] = {}
    for concept in sorted(g.subjects(RDF.type, CCHC.DocumentType), key=str):
        assert isinstance(concept, URIRef)
        cls = g.value(concept, CCHC.documentClass)
        assert isinstance(cls, URIRef), concept
        t = DocType(I.code(str(g.value(concept, SKOS.notation))), cls, concept)
        by_code[t.code] = t
        for label in g.objects(concept, SKOS.prefLabel | SKOS.altLabel):
            if isinstance(label, Literal) and label.language == "vi":
                by_kind[_folded(str(label))] = t
    issuers = sorted(
        (
            (_folded(str(label)), I.code(str(g.value(c, SKOS.notation))))
            for c in g.subjects(RDF.type, CCHC.IssuerCode)
            for label in g.objects(c, SKOS.prefLabel)
            if isinstance(label, Literal) and label.language == "vi"
        ),
        key=lambda p: (-len(p[0]), p),
    )

    def notations(cls: URIRef, fold: bool) -> dict[str, URIRef]:
        out: dict[str, URIRef] = {}
        for c in g.subjects(RDF.type, cls):
            assert isinstance(c, URIRef)
            n = str(g.value(c, SKOS.notation))
            out[_folded(n) if fold else n] = c
        return out

    return Vocabulary(
        by_kind,
        by_code,
        tuple(issuers),
        notations(CCHC.DeadlineKind, False),
        notations(CCHC.PerformanceIndex, True),
        notations(CCHC.CitationRelation, False),
    )


def doc_type(kind: str | None) -> DocType:
    """The document type of a printed kind ("Kế hoạch", "Kế hoạch hành động", "Luật")."""
    v = vocabulary()
    folded = _folded(kind or "")
    if folded in v.by_kind:
        return v.by_kind[folded]
    # A kind the list does not know ("Quy định chi tiết"): the longest known prefix, else other.
    for words in sorted(v.by_kind, key=len, reverse=True):
        if folded.startswith(words + " "):
            return v.by_kind[words]
    other = v.by_code["cd"]
    return DocType(I.code(kind or "") or "vb", CCHC.OtherInstrument, other.concept)


# ---------------------------------------------------------------------------------------
# Agencies (the resolver is cchc_kg.loaders.agencies.resolve_agency)
# ---------------------------------------------------------------------------------------


def document_key(d: DocumentRecord) -> InstrumentKey | None:
    """The identity key of a loaded document: the citation resolver's key of its number
    (:func:`cchc_kg.loaders.citations.resolve.key_of_number`) with its date's year and its
    province, so a loaded document and a citation of it get one key, hence one IRI. None
    for a document without a (resolvable) number."""
    if not d.number:
        return None
    year = int(d.date[:4]) if d.date and _ISO_DATE.fullmatch(d.date) else None
    return key_of_number(d.number, year, d.province)


# ---------------------------------------------------------------------------------------
# Literals
# ---------------------------------------------------------------------------------------


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _str(text: str) -> Literal:
    return Literal(_nfc(text))


def _vi(text: str) -> Literal:
    return Literal(_nfc(text), lang="vi")


def _short(text: str, limit: int = 80) -> str:
    """A label from a long text: cut at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _decimal(value: object) -> Literal | None:
    """A finite number ("8,5", 8.5, "80") as xsd:decimal; None for anything else."""
    if value is None or isinstance(value, bool):
        return None
    try:
        d = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None
    return Literal(d, datatype=XSD.decimal) if d.is_finite() else None


def _date(text: str | None) -> Literal | None:
    if text and _ISO_DATE.fullmatch(text):
        return Literal(text, datatype=XSD.date)
    return None


# ---------------------------------------------------------------------------------------
# Task items of the section tree
# ---------------------------------------------------------------------------------------

# A roman part whose heading names tasks ("NHIỆM VỤ, GIẢI PHÁP", "NHIỆM VỤ TRỌNG TÂM",
# "NỘI DUNG, NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"; OCR "NHIEM VU"): compared folded.
_TASK_PART_WORDS = ("nhiem vu", "giai phap")
_ITEM_KINDS = frozenset({"letter", "dash", "plus"})


def fold_paragraphs(sections: Sequence[SectionRecord]) -> list[SectionRecord]:
    """The section records with every unnumbered paragraph (kind ``para``, which carries
    the path of the heading it is printed under) folded into that heading's record: its
    text appended, its span extended. A paragraph with no heading before it stays a record."""
    out: list[SectionRecord] = []
    latest: dict[str, int] = {}
    for s in sections:
        j = latest.get(s.path) if s.kind == "para" else None
        if j is None:
            latest[s.path] = len(out)
            out.append(s)
            continue
        head = out[j]
        span = Span(head.span.start, max(head.span.end, s.span.end), head.span.line)
        out[j] = replace(head, text=f"{head.text} {s.text}".strip(), span=span)
    return out


def task_item_paths(sections: Sequence[SectionRecord], body_tasks: Sequence[BodyTaskRecord]) -> set[str]:
    """Paths of the section items that are the plan's tasks in running text: lettered,
    dash and plus items, and numbered items without sub-items, inside a roman part whose
    heading names tasks, unless a body task already covers that text (003 reads the agency
    blocks of "Nhiệm vụ, giải pháp" as body tasks; one task must not be two nodes)."""
    romans: dict[str, SectionRecord] = {}
    for s in sections:
        if s.kind == "roman":
            romans.setdefault(s.path, s)
    parents = {s.parent_path for s in sections if s.parent_path}
    body_paths = {b.section_path for b in body_tasks}
    body_spans = [b.span for b in body_tasks if b.span is not None]
    out: set[str] = set()
    for s in sections:
        if s.kind not in _ITEM_KINDS and not (s.kind == "number" and s.path not in parents):
            continue
        if s.path in body_paths or any(b.start < s.span.end and s.span.start < b.end for b in body_spans):
            continue
        # The roman part is the path's first component ("II" of "II.3.b", "II.3.a-1").
        part = romans.get(re.split(r"[.\-(]", s.path, maxsplit=1)[0])
        if part is not None and part is not s and any(w in _folded(part.heading) for w in _TASK_PART_WORDS):
            out.add(s.path)
    return out


# ---------------------------------------------------------------------------------------
# The emitter
# ---------------------------------------------------------------------------------------


@dataclass
class _Located:
    """An entity with a span, a candidate citing entity of the mentions inside it."""

    iri: URIRef
    span: Span
    doc: URIRef
    rank: int  # plan items and section tasks (0) hold a mention before other sections (1)


class _Emitter:
    def __init__(self, x: Extraction, base: str) -> None:
        self.x = x
        self.base = base
        self.text = x.source.text
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        self.source = URIRef(I.source_iri(base, x.source.sha256))
        self.activity = URIRef(I.extraction_iri(base, x.source.sha256, LOADER_VERSION))
        self.groups = frozenset(_nfc(a) for a in x.agency_groups)
        self.doc_iris: list[URIRef] = []
        self.located: list[_Located] = []
        self.sections: dict[tuple[URIRef, str], URIRef] = {}
        self.minted: set[URIRef] = set()
        self.instruments: set[URIRef] = set()
        self.keys: dict[URIRef, InstrumentKey] = {}  # loaded documents with an identity key
        self.task_items: set[str] = set()  # section paths that are task items

    # -- helpers --------------------------------------------------------------------

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None:
            self.g.add((s, p, o))

    def unique(self, iri: str, span: Span | None) -> URIRef:
        """``iri``, or, when this extraction already minted it for another record (a row
        number printed twice), ``iri`` qualified by the record's start offset."""
        ref = URIRef(iri)
        if ref in self.minted and span is not None:
            ref = URIRef(f"{iri}@{span.start}")
        self.minted.add(ref)
        return ref

    def generated(self, entity: URIRef, doc: URIRef, span: Span | None) -> None:
        """Provenance of an extracted entity: the activity and the source span."""
        self.add(entity, PROV.wasGeneratedBy, self.activity)
        if span is not None:
            self.add(entity, CCHC.span, self.span(doc, span))

    def span(self, doc: URIRef, span: Span) -> URIRef:
        node = URIRef(I.span_iri(str(doc), span.start, span.end))
        g = self.g
        g.add((node, RDF.type, CCHC.TextSpan))
        # Typed as both Web Annotation selectors, so consumers without a reasoner see them.
        g.add((node, RDF.type, OA.TextPositionSelector))
        g.add((node, RDF.type, OA.TextQuoteSelector))
        g.add((node, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
        g.add((node, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
        g.add((node, OA.exact, _str(self.text[span.start : span.end])))
        g.add((node, CCHC.line, Literal(max(span.line, 1), datatype=XSD.positiveInteger)))
        g.add((node, PROV.wasDerivedFrom, self.source))
        g.add((node, PROV.wasGeneratedBy, self.activity))
        return node

    def agency(self, name: str | None) -> URIRef | None:
        """The node of an agency mention, resolved by helper B's
        :func:`cchc_kg.loaders.agencies.resolve_agency` (IRI ``{base}agency/{key}``). Its
        labels are the full name with the province (the reference graph labels the same
        IRI so, and SKOS allows one prefLabel per language); ``cchc:localLabel`` is the
        name as the province's own documents write it ("Sở Nội vụ")."""
        if not name or not name.strip():
            return None
        # The issue date decides which province a local body belongs to (the 2025 mergers).
        issued = self.x.documents[0].date if self.x.documents else None
        node = resolve_agency(_nfc(name), self.x.province, on=issued)
        if not node.key:
            return None
        ref = URIRef(I.agency_iri(self.base, node.key))
        is_group = node.is_group or _nfc(name) in self.groups
        g = self.g
        g.add((ref, RDF.type, CCHC.AgencyGroup if is_group else CCHC.Agency))
        if not is_group:
            g.add((ref, RDF.type, ORG.Organization))
        full = node.full_label or node.label or name
        g.add((ref, SKOS.prefLabel, _vi(full)))
        g.add((ref, RDFS.label, _vi(full)))
        g.add((ref, CCHC.localLabel, _vi(node.label or full)))
        if node.type_id:
            g.add((ref, ORG.classification, URIRef(f"{self.base}agency-type/{I.segment(node.type_id)}")))
        if is_group and node.member_type:
            g.add((ref, CCHC.memberType, URIRef(f"{self.base}agency-type/{I.segment(node.member_type)}")))
        if node.province:
            g.add((ref, CCHC.province, self.province(node.province)))
        return ref

    def province(self, slug: str, label: str | None = None) -> URIRef:
        """The province node ``{base}province/{slug}`` (B's gazetteer slugs: a province
        merged in 2025 is another node, e.g. ``quang-ngai-2025``)."""
        ref = URIRef(I.province_iri(self.base, slug))
        self.g.add((ref, RDF.type, CCHC.Province))
        if label:
            self.g.add((ref, RDFS.label, _vi(label)))
        return ref

    def document_province(self, d: DocumentRecord) -> URIRef | None:
        """The province of a document as of its date (gazetteer), else by its name."""
        if not d.province:
            return None
        p = gazetteer().province_by_name(d.province, on=d.date)
        return (
            self.province(p.slug, p.name) if p is not None else self.province(I.slug(d.province), d.province)
        )

    def roles(self, item: URIRef, prop: URIRef, names: Iterable[str]) -> None:
        for name in names:
            self.add(item, prop, self.agency(name))

    def reform_area(self, item: URIRef, area: str | None) -> None:
        if area:
            self.g.add((item, CCHC.reformArea, URIRef(I.reform_area_iri(self.base, area))))

    # -- documents ------------------------------------------------------------------

    def jurisdiction(self, d: DocumentRecord) -> str:
        return I.slug(d.province) if d.province else "vn"

    def issuer_code(self, d: DocumentRecord, t: DocType) -> str:
        printed = str(d.extra.get("number_as_printed") or "")
        symbol = printed.rsplit("/", 1)[-1] if "/" in printed else ""
        parts = [p for p in symbol.split("-") if p.strip()]
        if len(parts) > 1 and I.code(parts[0]) == t.code:
            return I.code("-".join(parts[1:]))
        folded = _folded(d.issuer or "")
        for name, code in vocabulary().issuer_codes:
            if folded.startswith(name):
                return code
        return I.slug(d.issuer or "") or I.UNKNOWN

    def document_iris(self) -> list[URIRef]:
        """IRIs of the documents: a numbered one by its identity key (the one a citation of
        it resolves to); a plan attached to a decision below the decision's IRI; any other
        by its issuer and the source hash."""
        docs = self.x.documents
        out: list[URIRef | None] = [None] * len(docs)
        for i, d in enumerate(docs):  # numbered documents first: attachments refer to them
            key = document_key(d)
            if key is not None:
                ref = URIRef(I.instrument_iri(self.base, key))
                out[i] = ref
                self.keys[ref] = key
        for i, d in enumerate(docs):
            if out[i] is not None:
                continue
            t = doc_type(d.kind)
            if d.attached_to:
                decision = next((out[j] for j, e in enumerate(docs) if e.number == d.attached_to), None)
                if decision is None:
                    key = document_key(replace(d, number=d.attached_to))
                    decision = URIRef(I.instrument_iri(self.base, key)) if key else None
                if decision is not None:
                    out[i] = URIRef(I.attached_iri(str(decision), t.code))
                    continue
            out[i] = URIRef(
                I.unnumbered_iri(
                    self.base,
                    self.jurisdiction(d),
                    self.issuer_code(d, t),
                    self.x.source.sha256,
                    draft=d.is_draft,
                )
            )
        iris: list[URIRef] = []
        for i, minted in enumerate(out):
            assert minted is not None
            ref = minted
            if ref in iris:  # two unnumbered documents in one source: tell them by type
                ref = URIRef(f"{ref}/{doc_type(docs[i].kind).code}")
            iris.append(ref)
        return iris

    def identity_key(self, ref: URIRef, key: InstrumentKey) -> None:
        """The identity key as literals, the parts ``cchc cites`` matches what a person
        typed against (:mod:`cchc_kg.cites`): type code, number, year, normalised name."""
        g = self.g
        g.add((ref, CCHC.keyDocType, Literal(key.doc_type)))
        if key.number is not None:
            g.add((ref, CCHC.keyNumber, Literal(key.number)))
        if key.year is not None:
            g.add((ref, CCHC.keyYear, Literal(f"{key.year:04d}", datatype=XSD.gYear)))
        if key.name:
            g.add((ref, CCHC.keyName, Literal(name_key(key.name))))

    def document(self, d: DocumentRecord, ref: URIRef) -> None:
        g = self.g
        t = doc_type(d.kind)
        for cls in (t.cls, CCHC.LegalDocument, CCHC.LegalInstrument, ELI.LegalResource):
            g.add((ref, RDF.type, cls))
        g.add((ref, ELI.type_document, t.concept))
        self.add(ref, ELI.number, _str(d.number) if d.number else None)
        printed = d.extra.get("number_as_printed")
        self.add(ref, CCHC.numberAsPrinted, _str(str(printed)) if printed else None)
        self.add(ref, ELI.date_document, _date(d.date))
        partial = d.extra.get("date_partial")
        if isinstance(partial, str) and re.fullmatch(r"\d{4}-\d{2}", partial):
            g.add((ref, CCHC.datePartial, Literal(partial, datatype=XSD.gYearMonth)))
        issuer = self.agency(d.issuer)
        self.add(ref, CCHC.issuer, issuer)
        self.add(ref, ELI.passed_by, issuer)
        self.add(ref, CCHC.province, self.document_province(d))
        self.add(ref, CCHC.signer, _str(d.signer) if d.signer else None)
        self.add(ref, CCHC.signerCapacity, _str(d.signer_capacity) if d.signer_capacity else None)
        self.add(ref, ELI_TITLE, _vi(d.title) if d.title else None)
        g.add((ref, CCHC.isDraft, Literal(bool(d.is_draft))))
        self.add(ref, CCHC.period, _str(d.period) if d.period else None)
        if "embedded" in d.extra:
            g.add((ref, CCHC.embedded, Literal(bool(d.extra["embedded"]))))
        g.add((ref, RDFS.label, _vi(self.document_label(d))))
        g.add((ref, PROV.wasDerivedFrom, self.source))
        self.generated(ref, ref, d.span)
        if ref in self.keys:
            self.identity_key(ref, self.keys[ref])

    def document_label(self, d: DocumentRecord) -> str:
        kind = _nfc(d.kind or "Văn bản")
        if d.number:
            return f"{kind} {d.number}"
        if d.attached_to:
            return f"{kind} ban hành kèm theo Quyết định {d.attached_to}"
        head = f"Dự thảo {kind.lower()}" if d.is_draft else kind
        return f"{head} của {d.issuer}" if d.issuer else head

    def link_attachments(self) -> None:
        for d, ref in zip(self.x.documents, self.doc_iris, strict=True):
            if not d.attached_to:
                continue
            for e, other in zip(self.x.documents, self.doc_iris, strict=True):
                if e.number == d.attached_to:
                    self.g.add((ref, CCHC.attachedTo, other))
                    break
            else:
                self.g.add((ref, CCHC.attachedTo, URIRef(str(ref).rsplit("/", 1)[0])))

    # -- which document owns a record ----------------------------------------------

    def owner(self, span: Span | None, *, preamble: bool = False) -> URIRef:
        """The document whose span holds ``span`` (the innermost one). Without document
        spans: the first document for preamble material (a decision's "Căn cứ"), the
        plan (the last document of kind Kế hoạch) for plan items."""
        docs = self.x.documents
        if span is not None:
            holders = [
                (d.span.end - d.span.start, i)
                for i, d in enumerate(docs)
                if d.span is not None and d.span.contains(span)
            ]
            if holders:
                return self.doc_iris[min(holders)[1]]
        if preamble:
            return self.doc_iris[0]
        plans = [i for i, d in enumerate(docs) if doc_type(d.kind).code == "kh"]
        return self.doc_iris[plans[-1] if plans else 0]

    # -- sections -------------------------------------------------------------------

    def section_tree(self) -> None:
        records = fold_paragraphs(self.x.sections)
        owners = [self.owner(s.span, preamble=s.kind == "article") for s in records]
        self.task_items = task_item_paths(records, self.x.body_tasks)
        # A path printed twice (OCR, repeated numbering) gives two nodes; the second is
        # qualified by its offset (see unique) and lookups by path find the first.
        refs = [
            self.unique(I.section_iri(str(d), s.path), s.span) for s, d in zip(records, owners, strict=True)
        ]
        for s, doc, ref in zip(records, owners, refs, strict=True):
            self.sections.setdefault((doc, s.path), ref)
        last: dict[str, URIRef] = {}  # path → the node of its latest printing so far
        for s, doc, ref in zip(records, owners, refs, strict=True):
            parent = last.get(s.parent_path) if s.parent_path else None
            self.section(s, doc, ref, parent if parent != ref else None)
            last[s.path] = ref

    def section(self, s: SectionRecord, doc: URIRef, ref: URIRef, parent: URIRef | None) -> None:
        g = self.g
        g.add((ref, RDF.type, CCHC.Section))
        g.add((ref, RDF.type, ELI.LegalResourceSubdivision))
        g.add((ref, CCHC.sectionPath, _str(s.path)))
        g.add((ref, RDFS.label, _vi(s.path)))
        self.add(ref, CCHC.heading, _vi(s.heading) if s.heading else None)
        self.add(ref, CCHC.text, _vi(s.text) if s.text else None)
        container = parent or doc
        g.add((ref, ELI.is_part_of, container))
        g.add((container, ELI.has_part, ref))
        if s.path in self.task_items:
            # An item of the plan's "Nhiệm vụ, giải pháp" part is a task in running text.
            g.add((ref, RDF.type, CCHC.SectionTask))
            g.add((ref, RDF.type, CCHC.Task))
            g.add((ref, CCHC.inPlan, doc))
        self.reform_area(ref, s.reform_area)
        self.generated(ref, doc, s.span)
        self.located.append(_Located(ref, s.span, doc, 0 if s.path in self.task_items else 1))

    def section_of(self, doc: URIRef, path: str | None) -> URIRef | None:
        """The section node of ``path`` or of its nearest printed ancestor."""
        while path:
            ref = self.sections.get((doc, path))
            if ref is not None:
                return ref
            cut = max(path.rfind("-"), path.rfind("."))
            path = path[:cut] if cut > 0 else None
        return None

    def appendix_section(self, doc: URIRef, heading: str | None, row: Span | None) -> URIRef | None:
        """The table section a row sits in ("I. CẢI CÁCH THỂ CHẾ" → section PL.I), unless
        the section tree already holds that path. Its span is the heading as printed last
        before the ``row`` (a heading can wrap over lines)."""
        roman = I.roman_of(heading)
        if not heading or roman is None:
            return None
        path = f"PL.{roman}"
        ref = self.sections.get((doc, path))
        if ref is None:
            ref = URIRef(I.section_iri(str(doc), path))
            self.sections[(doc, path)] = ref
            g = self.g
            g.add((ref, RDF.type, CCHC.Section))
            g.add((ref, RDF.type, ELI.LegalResourceSubdivision))
            g.add((ref, CCHC.sectionPath, _str(path)))
            g.add((ref, RDFS.label, _vi(heading)))
            g.add((ref, CCHC.heading, _vi(heading)))
            g.add((ref, ELI.is_part_of, doc))
            g.add((doc, ELI.has_part, ref))
            self.generated(ref, doc, self.printed_before(heading, row))
        return ref

    def printed_before(self, phrase: str, row: Span | None) -> Span | None:
        """The span of the last printing of ``phrase`` (its words, whatever is between them)
        that ends before ``row`` starts; None when it is not found."""
        if row is None:
            return None
        words = re.findall(r"\w+", phrase)
        if not words:
            return None
        # Words across anything else: line breaks, the "|" that ends a flattened table cell
        # ("I\n|\nCẢI CÁCH THỂ CHẾ" prints "I. CẢI CÁCH THỂ CHẾ"), punctuation.
        pattern = re.compile(r"\W+".join(re.escape(w) for w in words))
        found = None
        for m in pattern.finditer(self.text, 0, row.start):
            found = m
        if found is None:
            return None
        return Span(found.start(), found.end(), self.text.count("\n", 0, found.start()) + 1)

    # -- plan items -----------------------------------------------------------------

    def plan_item(self, ref: URIRef, doc: URIRef, span: Span | None, area: str | None) -> None:
        self.g.add((ref, CCHC.inPlan, doc))
        self.reform_area(ref, area)
        self.generated(ref, doc, span)
        if span is not None:
            self.located.append(_Located(ref, span, doc, 0))

    def task(self, t: TaskRecord) -> None:
        g = self.g
        doc = self.owner(t.span)
        ref = self.unique(I.task_iri(str(doc), I.roman_of(t.section), t.no), t.span)
        g.add((ref, RDF.type, CCHC.TableTask))
        g.add((ref, RDF.type, CCHC.Task))
        g.add((ref, CCHC.text, _vi(t.text)))
        g.add((ref, RDFS.label, _vi(_short(t.text))))
        self.add(ref, CCHC.rowNumber, _str(t.no) if t.no else None)
        self.add(ref, CCHC.objective, _vi(t.objective) if t.objective else None)
        self.add(ref, CCHC.objectiveRow, _str(t.objective_row) if t.objective_row else None)
        self.add(ref, CCHC.product, _vi(t.product) if t.product else None)
        self.add(ref, CCHC.leadAsPrinted, _str(t.lead_raw) if t.lead_raw else None)
        self.add(ref, CCHC.cooperatingAsPrinted, _str(t.cooperating_raw) if t.cooperating_raw else None)
        self.add(ref, CCHC.deadlineAsPrinted, _str(t.deadline_raw) if t.deadline_raw else None)
        self.roles(ref, CCHC.leadAgency, t.lead)
        self.roles(ref, CCHC.cooperatingAgency, t.cooperating)
        self.add(ref, CCHC.inSection, self.appendix_section(doc, t.section, t.span))
        if t.deadline is not None and t.deadline.kind is not None:
            node = URIRef(I.deadline_iri(str(ref)))
            g.add((ref, CCHC.deadline, node))
            self.deadline(node, t.deadline.kind, t.deadline.value)
            for n, part in enumerate(t.deadline.parts or [], start=1):
                self.deadline_part(node, n, part)
        self.plan_item(ref, doc, t.span, t.reform_area)

    def deadline(self, node: URIRef, kind: str, value: str | None) -> None:
        """A deadline node typed by OWL-Time: a date is an instant, a year or a range of
        years a proper interval from its first to its last day."""
        g = self.g
        g.add((node, RDF.type, CCHC.Deadline))
        self.add(node, CCHC.deadlineKind, vocabulary().deadline_kinds.get(kind))
        self.add(node, CCHC.deadlineValue, _str(value) if value else None)
        if value is None:
            return
        if kind == "date" and _ISO_DATE.fullmatch(value):
            g.add((node, RDF.type, TIME.Instant))
            g.add((node, TIME.inXSDDate, Literal(value, datatype=XSD.date)))
            return
        years = (value, value) if kind == "year" and re.fullmatch(r"\d{4}", value) else None
        m = _YEAR_RANGE.fullmatch(value) if kind == "range" else None
        if m:
            years = (m[1], m[2])
        if years:
            g.add((node, RDF.type, TIME.ProperInterval))
            for prop, suffix, day in ((TIME.hasBeginning, "begin", "01-01"), (TIME.hasEnd, "end", "12-31")):
                instant = URIRef(f"{node}/{suffix}")
                g.add((node, prop, instant))
                g.add((instant, RDF.type, TIME.Instant))
                year = years[0] if suffix == "begin" else years[1]
                g.add((instant, TIME.inXSDDate, Literal(f"{year}-{day}", datatype=XSD.date)))

    def deadline_part(self, node: URIRef, n: int, part: dict[str, Any]) -> None:
        # Parts are numbered by their printed order inside the one deadline cell.
        ref = URIRef(f"{node}/part/{n}")
        self.g.add((node, CCHC.deadlinePart, ref))
        label = part.get("label")
        self.add(ref, CCHC.milestone, _vi(str(label)) if label else None)
        kind = part.get("kind") or ("date" if part.get("date") else None)
        value = part.get("value") or part.get("date")
        self.deadline(ref, str(kind) if kind else "conditional", str(value) if value else None)

    def body_task(self, b: BodyTaskRecord) -> None:
        g = self.g
        doc = self.owner(b.span)
        ref = self.unique(I.body_task_iri(str(doc), b.section_path), b.span)
        g.add((ref, RDF.type, CCHC.BodyTask))
        g.add((ref, RDF.type, CCHC.Task))
        g.add((ref, CCHC.text, _vi(b.text)))
        g.add((ref, RDFS.label, _vi(_short(b.text))))
        g.add((ref, CCHC.sectionPath, _str(b.section_path)))
        g.add((ref, CCHC.assignsLead, Literal(bool(b.chu_tri))))
        self.add(ref, CCHC.deadlineAsPrinted, _str(b.deadline_raw) if b.deadline_raw else None)
        self.roles(ref, CCHC.leadAgency, b.lead)
        self.roles(ref, CCHC.cooperatingAgency, b.cooperating)
        self.add(ref, CCHC.inSection, self.section_of(doc, b.section_path))
        self.plan_item(ref, doc, b.span, b.reform_area)

    def target(self, t: TargetRecord) -> None:
        g = self.g
        doc = self.owner(t.span)
        ref = self.unique(I.target_iri(str(doc), t.section_path, t.no), t.span)
        g.add((ref, RDF.type, CCHC.Target))
        g.add((ref, CCHC.text, _vi(t.text)))
        g.add((ref, RDFS.label, _vi(_short(t.text))))
        g.add((ref, CCHC.sectionPath, _str(t.section_path)))
        if t.no > 0:
            g.add((ref, CCHC.order, Literal(t.no, datatype=XSD.positiveInteger)))
        for v in t.values:
            g.add((ref, CCHC.value, _str(v)))
        level = t.extra.get("level")
        self.add(ref, CCHC.level, _str(str(level)) if level else None)
        if t.index:
            self.add(ref, CCHC_INDEX, vocabulary().indices.get(_folded(t.index)))
        for n, q in enumerate(t.quantities, start=1):
            self.quantity(ref, n, q)
        self.roles(ref, CCHC.leadAgency, t.lead)
        self.roles(ref, CCHC.cooperatingAgency, t.cooperating)
        self.roles(ref, CCHC.implementingAgency, t.implementing)
        self.roles(ref, CCHC.monitoringAgency, t.monitoring)
        self.add(ref, CCHC.inSection, self.section_of(doc, t.section_path))
        self.plan_item(ref, doc, t.span, t.reform_area)

    def quantity(self, target: URIRef, n: int, q: dict[str, Any]) -> None:
        # Quantities are numbered by their order of appearance in the target text.
        ref = URIRef(f"{target}/quantity/{n}")
        g = self.g
        g.add((target, CCHC.quantity, ref))
        g.add((ref, RDF.type, CCHC.Quantity))
        self.add(ref, CCHC.numericValue, _decimal(q.get("value")))
        self.add(ref, CCHC.outOf, _decimal(q.get("of")))
        for key, prop in (("unit", CCHC.unit), ("comparator", CCHC.comparator)):
            if q.get(key):
                g.add((ref, prop, _str(str(q[key]))))
        if "baseline" in q:
            g.add((ref, CCHC.isBaseline, Literal(bool(q["baseline"]))))

    def shortcoming(self, s: ShortcomingRecord) -> None:
        g = self.g
        doc = self.owner(s.span)
        ref = self.unique(I.shortcoming_iri(str(doc), I.roman_of(s.section), s.no), s.span)
        g.add((ref, RDF.type, CCHC.Shortcoming))
        g.add((ref, CCHC.text, _vi(s.text)))
        g.add((ref, RDFS.label, _vi(_short(s.text))))
        self.add(ref, CCHC.rowNumber, _str(s.no) if s.no else None)
        self.add(ref, CCHC.recovery, _str(s.recovery) if s.recovery else None)
        self.roles(ref, CCHC.responsibleAgency, s.responsible)
        self.add(ref, CCHC.inSection, self.appendix_section(doc, s.section, s.span))
        self.plan_item(ref, doc, s.span, None)

    # -- citations ------------------------------------------------------------------

    def instrument(self, c: CitationRecord) -> URIRef | None:
        """The cited instrument, described minimally in this graph (type, number, date,
        issuer, label) so the graph stands on its own."""
        if c.key is None:
            return None
        ref = URIRef(I.instrument_iri(self.base, c.key))
        if ref in self.doc_iris or ref in self.instruments:
            return ref
        self.instruments.add(ref)
        g = self.g
        t = doc_type(c.kind)
        for cls in (t.cls, CCHC.LegalInstrument, ELI.LegalResource):
            g.add((ref, RDF.type, cls))
        g.add((ref, ELI.type_document, t.concept))
        self.identity_key(ref, c.key)
        self.add(ref, ELI.number, _str(c.number) if c.number else None)
        self.add(ref, ELI.date_document, _date(c.date))
        self.add(ref, ELI_TITLE, _vi(c.title) if c.title else None)
        issuer = self.agency(c.issuer)
        self.add(ref, CCHC.issuer, issuer)
        self.add(ref, ELI.passed_by, issuer)
        if c.key.jurisdiction != "vn":
            g.add((ref, CCHC.province, self.province(c.key.jurisdiction)))
        label = c.name or (f"{_nfc(c.kind)} {c.number}" if c.number else _nfc(c.kind))
        g.add((ref, RDFS.label, _vi(label)))
        return ref

    def citing_entity(self, span: Span) -> tuple[URIRef, URIRef]:
        """The extracted entity whose span holds ``span``, and its document: the innermost
        task, target or shortcoming if one holds it (a mention inside a sub-item of a body
        task is the body task's), else the innermost section, else the document."""
        holders = [
            (e.rank, e.span.end - e.span.start, str(e.iri), e) for e in self.located if e.span.contains(span)
        ]
        if holders:
            best = min(holders, key=lambda h: h[:3])[3]
            return best.iri, best.doc
        doc = self.owner(span, preamble=True)
        return doc, doc

    def citation(self, c: CitationRecord) -> None:
        g = self.g
        instrument = self.instrument(c)
        relations: dict[URIRef, set[str]] = {}
        for m in c.mentions:
            entity, doc = self.citing_entity(m.span)
            relations.setdefault(doc, set()).add(m.relation)
            self.mention(c, m, entity, doc, instrument)
        if not c.mentions and self.doc_iris:
            relations[self.doc_iris[0]] = set(c.relations) | {c.relation}
        if instrument is None:
            return
        for doc, rels in relations.items():
            if doc == instrument:
                continue
            g.add((doc, ELI.cites, instrument))
            for rel in sorted(rels):
                if rel in _DOC_RELATION:
                    g.add((doc, _DOC_RELATION[rel], instrument))

    def mention(
        self, c: CitationRecord, m: CitationMention, entity: URIRef, doc: URIRef, instrument: URIRef | None
    ) -> None:
        g = self.g
        ref = URIRef(I.citation_iri(str(doc), m.span.start, m.span.end))
        g.add((ref, RDF.type, CCHC.Citation))
        g.add((ref, CCHC.citingEntity, entity))
        g.add((ref, CCHC.citingDocument, doc))
        self.add(ref, CCHC.citedInstrument, instrument)
        # "Which tasks cite X" one triple pattern away: ?task cchc:cites X.
        self.add(entity, CCHC.cites, instrument)
        self.add(ref, CCHC.relation, vocabulary().relations.get(m.relation))
        g.add((ref, CCHC.printedForm, _str(m.as_printed)))
        if instrument is None:
            g.add((ref, CCHC.unresolvedReason, _str(c.unresolved_reason or "unresolved")))
            g.add((ref, CCHC.citedKind, _str(c.kind)))
            self.add(ref, CCHC.citedNumber, _str(c.number) if c.number else None)
        self.generated(ref, doc, m.span)

    # -- the whole extraction -------------------------------------------------------

    def run(self) -> Graph:
        g = self.g
        x = self.x
        g.add((self.source, RDF.type, CCHC.SourceVersion))
        g.add((self.source, CCHC.sha256, Literal(x.source.sha256)))
        g.add((self.source, CCHC.sourceFormat, Literal(x.source.format)))
        g.add((self.source, RDFS.label, _str(x.source.name)))
        g.add((self.activity, RDF.type, CCHC.Extraction))
        g.add((self.activity, PROV.used, self.source))
        g.add((self.activity, CCHC.loaderVersion, Literal(LOADER_VERSION)))
        if not x.documents:
            return g
        self.doc_iris = self.document_iris()
        self.minted.update(self.doc_iris)
        for d, ref in zip(x.documents, self.doc_iris, strict=True):
            self.document(d, ref)
        self.link_attachments()
        self.section_tree()
        for t in x.tasks:
            self.task(t)
        for b in x.body_tasks:
            self.body_task(b)
        for tg in x.targets:
            self.target(tg)
        for s in x.shortcomings:
            self.shortcoming(s)
        for c in x.citations:
            self.citation(c)
        for name in [*x.agencies, *x.agency_groups]:
            agency = self.agency(name)
            for doc in self.doc_iris:
                self.add(doc, CCHC.mentionsAgency, agency)
        return g


def document_iris(x: Extraction, base_iri: str) -> Sequence[URIRef]:
    """The IRIs of the documents of ``x``, in order."""
    return _Emitter(x, base_iri).document_iris() if x.documents else []


def document_graph_iri(x: Extraction, base_iri: str) -> URIRef:
    """The named graph of the source of ``x``: keyed by its first document's IRI, or by the
    source hash when it yielded no document."""
    iris = document_iris(x, base_iri)
    key = I.document_key(base_iri, str(iris[0]) if iris else None, x.source.sha256)
    return URIRef(I.graph_iri(base_iri, key))


def extraction_to_graph(x: Extraction, base_iri: str) -> Graph:
    """The triples of the document's own named graph (no blank nodes, NFC literals)."""
    return _Emitter(x, base_iri).run()


def extraction_to_dataset(x: Extraction, base_iri: str) -> Dataset:
    """A dataset with one named graph, :func:`document_graph_iri`, holding
    :func:`extraction_to_graph`."""
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    named = ds.graph(document_graph_iri(x, base_iri))
    for triple in extraction_to_graph(x, base_iri):
        named.add(triple)
    return ds
