"""IRI policy: every IRI of the data graph, minted from content keys under one base IRI.

Rules (see domain.md §7):

* one configurable base (:attr:`cchc_kg.config.Settings.base_iri`); the ontology namespace
  ``https://data.cchc-kg.vn/ontology#`` is fixed and does NOT move with it;
* IRIs are built from what identifies a thing (an :class:`InstrumentKey`, a number, a
  section path, character offsets, a content hash), never from counters, labels or blank
  nodes, so the same input always yields the same IRIs and two documents citing the same
  instrument meet on one IRI;
* legal instruments live on an ELI-shaped path
  ``{base}eli/{jurisdiction}/{issuer_code}/{year}/{doc_type}/{number}`` (``_`` for an unknown
  year), named instruments (laws cited by name) on ``.../{doc_type}/name/{slug}``;
* parts of a document hang below the document's IRI (``/section/``, ``/task/``, ...);
* every path segment is percent-encoded; slugs are ascii-folded (``đ`` → ``d``).

All functions are pure and return ``str``; the emitter wraps them in ``rdflib.URIRef``.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from cchc_kg.loaders.model import InstrumentKey

ONTOLOGY_NS = "https://data.cchc-kg.vn/ontology#"
UNKNOWN = "_"  # the segment for an unknown year or section

# Unreserved characters plus the parentheses of paths like "II.1.3.b(2)"; everything else
# (spaces, "/", "#", "?", non-ASCII letters such as the item letter "đ") is percent-encoded,
# so a segment can never change the shape of the path.
_SAFE = "-._~()"


def fold(text: str) -> str:
    """Vietnamese → plain ASCII letters: tone and vowel marks dropped, ``đ`` → ``d``.

    >>> fold("Đắk Nông, Sở Nội vụ")
    'Dak Nong, So Noi vu'
    >>> fold("Ủy ban nhân dân")
    'Uy ban nhan dan'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    # U+00D0 (Icelandic eth) stands in for Đ in some sources (domain.md §3).
    decomposed = decomposed.replace("Ð", "D")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slug(text: str) -> str:
    """Lower-case ASCII slug: runs of anything but letters and digits become one ``-``.

    >>> slug("Kon Tum")
    'kon-tum'
    >>> slug("  Luật Tổ chức chính quyền địa phương ")
    'luat-to-chuc-chinh-quyen-dia-phuong'
    >>> slug("Ia H'Drai")
    'ia-h-drai'
    >>> slug("Bà Rịa - Vũng Tàu")
    'ba-ria-vung-tau'
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(unicodedata.normalize("NFC", text)).lower()).strip("-")


def code(text: str) -> str:
    """A type or issuer code as a path segment: folded, lower case, dashes kept.

    >>> code("NĐ")
    'nd'
    >>> code("BCĐCCHC")
    'bcdcchc'
    >>> code("BNV-VPCP")
    'bnv-vpcp'
    """
    return slug(text)


def segment(value: str | int | None) -> str:
    """One path segment, percent-encoded (``_`` for ``None`` or empty).

    >>> segment("II.1.3.b(2)")
    'II.1.3.b(2)'
    >>> segment("II.2.1.đ")
    'II.2.1.%C4%91'
    >>> segment("a/b c")
    'a%2Fb%20c'
    >>> segment(None), segment(""), segment(2021)
    ('_', '_', '2021')
    """
    if value is None or value == "":
        return UNKNOWN
    return quote(unicodedata.normalize("NFC", str(value)), safe=_SAFE)


# ---------------------------------------------------------------------------------------
# Legal instruments and documents
# ---------------------------------------------------------------------------------------


def instrument_iri(base: str, key: InstrumentKey) -> str:
    """The IRI of a legal instrument (the work), from its identity key.

    >>> b = "https://data.cchc-kg.vn/"
    >>> instrument_iri(b, InstrumentKey("normative", "vn", "cp", "nd", 2020, "107"))
    'https://data.cchc-kg.vn/eli/vn/cp/2020/nd/107'
    >>> instrument_iri(b, InstrumentKey("administrative", "kon-tum", "ubnd", "kh", None, "4514"))
    'https://data.cchc-kg.vn/eli/kon-tum/ubnd/_/kh/4514'
    >>> instrument_iri(b, InstrumentKey("named", "vn", "qh", "luat", 2015, None,
    ...                                 "Luật Tổ chức chính quyền địa phương"))
    'https://data.cchc-kg.vn/eli/vn/qh/2015/luat/name/luat-to-chuc-chinh-quyen-dia-phuong'
    """
    head = f"{base}eli/{segment(key.jurisdiction)}/{segment(key.issuer_code)}/{segment(key.year)}"
    head += f"/{segment(key.doc_type)}"
    if key.number is None:
        return f"{head}/name/{segment(slug(key.name or ''))}"
    return f"{head}/{segment(key.number)}"


def attached_iri(decision_iri: str, doc_type: str = "kh") -> str:
    """A document issued with a decision and without a number of its own (domain.md §1):
    ``/plan`` for the usual attached plan, ``/{doc_type}`` for other attachments (rules).

    >>> attached_iri("https://data.cchc-kg.vn/eli/vinh-phuc/ubnd/2021/qd/2866")
    'https://data.cchc-kg.vn/eli/vinh-phuc/ubnd/2021/qd/2866/plan'
    >>> attached_iri("https://x.vn/eli/vn/ttg/2021/qd/9", "qc")
    'https://x.vn/eli/vn/ttg/2021/qd/9/qc'
    """
    return f"{decision_iri}/plan" if doc_type == "kh" else f"{decision_iri}/{segment(doc_type)}"


def unnumbered_iri(base: str, jurisdiction: str, issuer_code: str, sha256: str, *, draft: bool) -> str:
    """A document with no number (a draft with ``Số:   /KH-UBND``): named by its source hash.

    >>> unnumbered_iri("https://x.vn/", "dak-nong", "ubnd", "e971289c1024bda2" * 4, draft=True)
    'https://x.vn/eli/dak-nong/ubnd/draft/e971289c1024bda2'
    >>> unnumbered_iri("https://x.vn/", "dak-nong", "ubnd", "ab" * 32, draft=False)
    'https://x.vn/eli/dak-nong/ubnd/unnumbered/abababababababab'
    """
    kind = "draft" if draft else "unnumbered"
    return f"{base}eli/{segment(jurisdiction)}/{segment(issuer_code)}/{kind}/{sha256[:16]}"


# ---------------------------------------------------------------------------------------
# Parts of a document (below the document IRI)
# ---------------------------------------------------------------------------------------


def section_iri(doc: str, path: str) -> str:
    """A section by its printed path (gold README §2).

    >>> section_iri("https://x.vn/eli/kon-tum/ubnd/2020/kh/4514", "II.2.1.b")
    'https://x.vn/eli/kon-tum/ubnd/2020/kh/4514/section/II.2.1.b'
    """
    return f"{doc}/section/{segment(path)}"


def roman_of(section_heading: str | None) -> str | None:
    """The roman numeral of a table-section heading, or ``None``.

    >>> roman_of("I. CẢI CÁCH THỂ CHẾ"), roman_of("IV - Cải cách công vụ"), roman_of("Khác")
    ('I', 'IV', None)
    >>> roman_of(None) is None
    True
    """
    if not section_heading:
        return None
    m = re.match(r"\s*([IVXLC]+)\b", section_heading)
    return m[1] if m else None


def task_iri(doc: str, section_roman: str | None, no: str | None) -> str:
    """A row of an appendix task table: by its section's roman numeral and its row number.

    >>> task_iri("https://x.vn/d", "I", "3")
    'https://x.vn/d/task/I/3'
    >>> task_iri("https://x.vn/d", None, "12")
    'https://x.vn/d/task/_/12'
    """
    return f"{doc}/task/{segment(section_roman)}/{segment(no)}"


def body_task_iri(doc: str, section_path: str) -> str:
    """A responsibility assigned in running text, by its item path.

    >>> body_task_iri("https://x.vn/d", "IV.2.10-3")
    'https://x.vn/d/body-task/IV.2.10-3'
    """
    return f"{doc}/body-task/{segment(section_path)}"


def target_iri(doc: str, section_path: str, no: int) -> str:
    """A quantitative target, by the section it is listed in and its 1-based order.

    >>> target_iri("https://x.vn/d", "I.1.b", 4)
    'https://x.vn/d/target/I.1.b/4'
    """
    return f"{doc}/target/{segment(section_path)}/{no}"


def citation_iri(doc: str, start: int, end: int) -> str:
    """One mention of a cited instrument, by its character offsets in the source text.

    >>> citation_iri("https://x.vn/d", 120, 151)
    'https://x.vn/d/citation/120-151'
    """
    return f"{doc}/citation/{start}-{end}"


def span_iri(doc: str, start: int, end: int) -> str:
    """A stretch ``[start, end)`` of the source text (the provenance of a record).

    >>> span_iri("https://x.vn/d", 0, 42)
    'https://x.vn/d/span/0-42'
    """
    return f"{doc}/span/{start}-{end}"


def shortcoming_iri(doc: str, section_roman: str | None, no: str | None) -> str:
    """A row of an appendix of shortcomings, by its section's roman numeral and number.

    >>> shortcoming_iri("https://x.vn/d", "III", "2")
    'https://x.vn/d/shortcoming/III/2'
    """
    return f"{doc}/shortcoming/{segment(section_roman)}/{segment(no)}"


def deadline_iri(task: str) -> str:
    """The deadline of a task.

    >>> deadline_iri("https://x.vn/d/task/I/3")
    'https://x.vn/d/task/I/3/deadline'
    """
    return f"{task}/deadline"


# ---------------------------------------------------------------------------------------
# Shared resources (many documents point at them)
# ---------------------------------------------------------------------------------------


def agency_iri(base: str, key: str) -> str:
    """An agency or agency group by its resolver key (``kon-tum/so-noi-vu``).

    The key's ``/`` separates the jurisdiction from the body and is kept; each part is
    percent-encoded.

    >>> agency_iri("https://x.vn/", "kon-tum/so-noi-vu")
    'https://x.vn/agency/kon-tum/so-noi-vu'
    """
    return f"{base}agency/" + "/".join(segment(p) for p in key.split("/"))


def province_iri(base: str, name: str) -> str:
    """A province by its name.

    >>> province_iri("https://x.vn/", "Đắk Nông")
    'https://x.vn/province/dak-nong'
    """
    return f"{base}province/{segment(slug(name))}"


def reform_area_iri(base: str, concept_id: str) -> str:
    """A reform area concept of ``loaders/data/reform_areas.ttl``.

    >>> reform_area_iri("https://x.vn/", "the-che")
    'https://x.vn/reform-area/the-che'
    """
    return f"{base}reform-area/{segment(concept_id)}"


def source_iri(base: str, sha256: str) -> str:
    """One version of a source file, by the SHA-256 of its decoded NFC text (so the same
    text saved in another encoding is the same version).

    >>> source_iri("https://x.vn/", "ab" * 32)[:40]
    'https://x.vn/source/abababababababababab'
    """
    return f"{base}source/{segment(sha256)}"


def extraction_iri(base: str, sha256: str, loader_version: str) -> str:
    """The activity that read a source with a given loader version (``prov:Activity``).

    >>> extraction_iri("https://x.vn/", "ab" * 32, "cchc-kg/0.1.0")
    'https://x.vn/extraction/abababababababab/cchc-kg-0-1-0'
    """
    return f"{base}extraction/{sha256[:16]}/{slug(loader_version)}"


def document_key(base: str, document_iri: str | None, sha256: str) -> str:
    """The key of a source document's named graph: the path of its first document's IRI
    below the base, or ``source/{sha256[:16]}`` when the source yielded no document.

    >>> document_key("https://x.vn/", "https://x.vn/eli/kon-tum/ubnd/2020/kh/4514", "ab" * 32)
    'eli/kon-tum/ubnd/2020/kh/4514'
    >>> document_key("https://x.vn/", None, "ab" * 32)
    'source/abababababababab'
    """
    if document_iri and document_iri.startswith(base):
        return document_iri[len(base) :]
    return f"source/{sha256[:16]}"


def graph_iri(base: str, key: str) -> str:
    """The named graph holding everything read from one source document.

    >>> graph_iri("https://x.vn/", "eli/kon-tum/ubnd/2020/kh/4514")
    'https://x.vn/graph/eli/kon-tum/ubnd/2020/kh/4514'
    """
    return f"{base}graph/{key}"


def meta_graph_iri(base: str) -> str:
    """The named graph of load runs (written by the store, not by the emitter).

    >>> meta_graph_iri("https://x.vn/")
    'https://x.vn/graph/meta'
    """
    return f"{base}graph/meta"
