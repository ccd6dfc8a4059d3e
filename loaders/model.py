"""The document model every loader stage reads and writes.

Stages: read (bytes → :class:`SourceText`) → segment (→ :class:`Segmented`: lines and
blocks) → extract (→ records) → resolve (citations, agencies) → emit (JSON or RDF).

Offsets. Every :class:`Span` indexes :attr:`SourceText.text`, the decoded, NFC-normalised
text of the document as read (for HTML, DOCX and PDF: the text their reader renders). The
span of a record is the stretch of that text it was read from; ``text[start:end]`` is the
exact quote stored as provenance. Lines are 1-based.

Records mirror the gold schema of ``../shared/gold/README.md`` field for field (so
:mod:`cchc_kg.loaders.to_json` is a plain projection) and add what the graph needs:
spans, reform areas, resolved identities.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

# ---------------------------------------------------------------------------------------
# Text and layout
# ---------------------------------------------------------------------------------------


# Span is a named tuple for the reason Line and Block are: every block, section, citation
# and record carries one, and a frozen dataclass took ~6x as long to build (its __init__
# sets each field through object.__setattr__). Read-only, hashed and compared by value
# all the same; spans are never ordered or compared with plain tuples.
class Span(NamedTuple):
    """A stretch ``[start, end)`` of the source text, starting on 1-based ``line``."""

    start: int
    end: int
    line: int

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class SourceText:
    """A document read and decoded: the text every span refers to.

    ``name`` is the file name used in messages and provenance; ``sha256`` is of the
    decoded NFC text (UTF-8), so one text in any encoding or normal form is one source
    version; ``format`` is what the content was detected as.
    """

    name: str
    text: str
    sha256: str
    format: Literal["text", "html", "docx", "pdf", "ocr"] = "text"
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()


# Line and Block are named tuples: a document has thousands of lines and a frozen
# dataclass costs ~4x as much to build (its __init__ sets each field through
# object.__setattr__). Read-only and compared by value all the same.
class Line(NamedTuple):
    number: int  # 1-based
    start: int
    end: int  # exclusive, without the newline
    text: str


BlockKind = Literal["paragraph", "cell"]


class Block(NamedTuple):
    """A logical unit of text: a paragraph (hard-wrapped lines joined) or a table cell.

    In the flattened web-table form every table cell ends with a line holding only ``|``;
    such a run of lines is a ``cell`` block. ``text`` is the joined, whitespace-collapsed
    text (gold README §2, "Text joining"); ``lines`` are the source lines it spans.
    """

    kind: BlockKind
    text: str
    span: Span
    first_line: int
    last_line: int


@dataclass(frozen=True, slots=True)
class Segmented:
    """A document cut into lines and blocks.

    ``folded`` is :func:`~cchc_kg.loaders.textfold.fold_same_length` of the whole text,
    made once: folding keeps offsets, so the folded form of a line or span is a slice of
    it (stages used to fold the same lines again and again).
    """

    source: SourceText
    lines: tuple[Line, ...]
    blocks: tuple[Block, ...]
    folded: str
    # the start offset of each line, for bisect (a binary search in Python was slow)
    line_starts: tuple[int, ...]

    def line_at(self, offset: int) -> int:
        """The 1-based line number that holds character ``offset``."""
        if not self.lines:
            return 1
        # the last line starting at or before offset (the first line when none does)
        return self.lines[max(bisect_right(self.line_starts, offset) - 1, 0)].number

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.line_at(start))

    # Line starts and ends both increase, so the lines a range holds or touches are one run
    # of lines, found by bisection instead of testing every line of the document.
    def lines_inside(self, start: int, end: int) -> list[Line]:
        """The lines with ``start <= line.start`` and ``line.end <= end``."""
        first = bisect_left(self.line_starts, start)
        stop = bisect_right(self.lines, end, key=_line_end)
        return list(self.lines[first:stop])

    def lines_touching(self, start: int, end: int) -> list[Line]:
        """The lines with ``start <= line.end`` and ``line.start <= end``."""
        first = bisect_left(self.lines, start, key=_line_end)
        stop = bisect_right(self.line_starts, end)
        return list(self.lines[first:stop])


def _line_end(line: Line) -> int:
    return line.end


# ---------------------------------------------------------------------------------------
# Extracted records (gold schema + provenance)
# ---------------------------------------------------------------------------------------


@dataclass
class DocumentRecord:
    kind: str
    number: str | None
    issuer: str | None
    province: str | None
    date: str | None  # ISO
    signer: str | None
    signer_capacity: str | None
    title: str | None
    is_draft: bool
    period: str | None
    attached_to: str | None
    span: Span | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # *_as_printed, embedded, date_partial ...


Relation = Literal["legal_basis", "implements", "replaces", "amends", "mentions"]


@dataclass
class CitationMention:
    """One textual occurrence of a cited instrument."""

    span: Span
    as_printed: str
    relation: Relation


@dataclass
class CitationRecord:
    """A cited instrument, deduplicated per document (gold README §4).

    ``key`` is the canonical identity key from :mod:`cchc_kg.loaders.citations` (the three
    numbering regimes), or ``None`` when the mention could not be resolved; then
    ``unresolved_reason`` says why. The graph mints the instrument IRI from ``key``.
    """

    number: str | None
    kind: str
    date: str | None
    issuer: str | None
    name: str | None
    relation: Relation
    relations: list[Relation]
    mentions: list[CitationMention]
    key: InstrumentKey | None = None
    unresolved_reason: str | None = None
    title: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InstrumentKey:
    """The identity of a legal instrument under its numbering regime (domain.md §3).

    * normative (``số/năm/LOẠI-CƠQUAN``): unique by number, year, type, issuer code, and
      province for local issuers;
    * administrative (``số/LOẠI-CƠQUAN``): the year comes from the date;
    * party (``số-LOẠI/CƠQUAN``): unique within a committee term; ``year`` is the year of
      issue when known;
    * by name (laws, ordinances, constitution): ``number`` is None and ``name`` is the
      normalised short title, ``year`` the year of passing.

    ``jurisdiction`` is ``"vn"`` for central and party-central bodies and the province slug
    (``"kon-tum"``) for local ones.
    """

    regime: Literal["normative", "administrative", "party", "named"]
    jurisdiction: str
    issuer_code: str  # "cp", "ttg", "bnv", "ubnd", "hdnd", "tw", "tu", "qh" ...
    doc_type: str  # "nd", "nq", "qd", "kh", "ct", "luat", "cv" ...
    year: int | None
    number: str | None  # "107", "30c", "18"
    name: str | None = None


@dataclass
class Deadline:
    kind: Literal["date", "year", "range", "recurring", "conditional", "multi"] | None
    value: str | None
    parts: list[dict[str, Any]] | None = None


@dataclass
class TargetRecord:
    section_path: str
    no: int
    text: str
    values: list[str]
    lead: list[str]
    cooperating: list[str]
    implementing: list[str]
    monitoring: list[str]
    span: Span | None = None
    reform_area: str | None = None  # SKOS concept id, see loaders/reform_areas.py
    index: str | None = None  # PAR INDEX, SIPAS, PAPI, PCI, DTI
    quantities: list[dict[str, Any]] = field(default_factory=list)  # value, unit, comparator
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class TaskRecord:
    """A row of an appendix task table (gold README §6)."""

    section: str | None
    no: str | None
    objective: str | None
    objective_row: str | None
    text: str
    product: str | None
    lead_raw: str | None
    lead: list[str]
    cooperating_raw: str | None
    cooperating: list[str]
    deadline_raw: str | None
    deadline: Deadline | None
    span: Span | None = None
    reform_area: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class BodyTaskRecord:
    """A responsibility assigned in running text (gold README §7)."""

    section_path: str
    text: str
    lead: list[str]
    cooperating: list[str]
    chu_tri: bool
    deadline_raw: str | None = None
    span: Span | None = None
    reform_area: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class SectionRecord:
    """A node of the printed section tree (I. / 1. / a) / - ...), with its own text.

    Lettered and dash items under "Nhiệm vụ, giải pháp" are the plan's tasks in running
    text: citations inside them make "which tasks cite X" answerable even where the
    plan has no appendix table.
    """

    path: str  # gold section_path ("II.3.b", "IV.2.10-3")
    kind: str  # "roman" | "number" | "letter" | "dash" | "plus" | "article"
    heading: str
    text: str
    span: Span
    parent_path: str | None = None
    reform_area: str | None = None


@dataclass
class ShortcomingRecord:
    section: str | None
    no: str | None
    text: str
    responsible: list[str]
    responsible_raw: str | None
    recovery: str = "clear"
    span: Span | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Extraction:
    """Everything read out of one source file."""

    source: SourceText
    documents: list[DocumentRecord] = field(default_factory=list)
    sections: list[SectionRecord] = field(default_factory=list)
    citations: list[CitationRecord] = field(default_factory=list)
    targets: list[TargetRecord] = field(default_factory=list)
    tasks: list[TaskRecord] = field(default_factory=list)
    body_tasks: list[BodyTaskRecord] = field(default_factory=list)
    shortcomings: list[ShortcomingRecord] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    agency_groups: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def province(self) -> str | None:
        return self.documents[0].province if self.documents else None
