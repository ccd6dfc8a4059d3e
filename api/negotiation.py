"""Content negotiation for ``/sparql`` (SPARQL 1.1 Protocol §2.1.6, RFC 9110 §12.5.1).

SELECT and ASK results come as SPARQL results (JSON by default, XML, CSV, TSV); CONSTRUCT
and DESCRIBE results and the service description as RDF (Turtle by default, N-Triples,
RDF/XML). A ``format`` parameter (``json``, ``xml``, ``csv``, ``tsv``, ``turtle``, ``nt``,
``rdfxml`` or a media type; SPARQLWrapper sends one) overrides ``Accept``. What cannot be
given is a 406, never a silent substitute.
"""

from __future__ import annotations

from enum import StrEnum

from cchc_kg.store import ResultFormat

from .errors import NotAcceptable


class Kind(StrEnum):
    results = "results"  # SELECT, ASK
    graph = "graph"  # CONSTRUCT, DESCRIBE, the service description


# Offers in server preference order (the first is the default), with the media types
# clients send for them.
_OFFERS: dict[Kind, list[tuple[ResultFormat, tuple[str, ...]]]] = {
    Kind.results: [
        (ResultFormat.json, ("application/sparql-results+json", "application/json")),
        (ResultFormat.xml, ("application/sparql-results+xml", "application/xml", "text/xml")),
        (ResultFormat.csv, ("text/csv",)),
        (ResultFormat.tsv, ("text/tab-separated-values",)),
    ],
    Kind.graph: [
        (ResultFormat.turtle, ("text/turtle", "application/x-turtle")),
        (ResultFormat.ntriples, ("application/n-triples", "text/plain")),
        (ResultFormat.rdfxml, ("application/rdf+xml", "application/xml", "text/xml")),
    ],
}

_FORMAT_NAMES: dict[Kind, dict[str, ResultFormat]] = {
    Kind.results: {
        "json": ResultFormat.json,
        "xml": ResultFormat.xml,
        "csv": ResultFormat.csv,
        "tsv": ResultFormat.tsv,
    },
    Kind.graph: {
        "turtle": ResultFormat.turtle,
        "ttl": ResultFormat.turtle,
        "nt": ResultFormat.ntriples,
        "ntriples": ResultFormat.ntriples,
        "n-triples": ResultFormat.ntriples,
        "xml": ResultFormat.rdfxml,
        "rdf": ResultFormat.rdfxml,
        "rdfxml": ResultFormat.rdfxml,
        "rdf+xml": ResultFormat.rdfxml,
        "n3": ResultFormat.turtle,  # SPARQLWrapper's N3 asks for Turtle, a subset of N3
    },
}

# An Accept header longer than this many items is not a browser's or a library's; reading
# it all would only cost time.
MAX_ACCEPT_ITEMS = 32


def _parse_accept(header: str) -> list[tuple[str, float]]:
    """``(media range, q)`` pairs, highest q first (stable for equal q)."""
    items: list[tuple[str, float]] = []
    for raw in header.split(",")[:MAX_ACCEPT_ITEMS]:
        parts = [p.strip() for p in raw.split(";")]
        media = parts[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for p in parts[1:]:
            name, _, value = p.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((media, q))
    items.sort(key=lambda item: -item[1])
    return items


def choose_format(kind: Kind, accept: str | None, fmt: str | None = None) -> ResultFormat:
    """The result format for ``kind`` given the ``Accept`` header and ``format`` parameter.

    :raises NotAcceptable: nothing acceptable can be given.

    >>> choose_format(Kind.results, "text/csv;q=0.5, application/sparql-results+xml").value
    'application/sparql-results+xml'
    >>> choose_format(Kind.graph, None).value
    'text/turtle'
    """
    offers = _OFFERS[kind]
    if fmt:
        wanted = fmt.strip().lower()
        named = _FORMAT_NAMES[kind].get(wanted)
        if named is not None:
            return named
        for rf, names in offers:
            if wanted in names:
                return rf
        raise NotAcceptable(
            f"format {fmt[:40]!r} is not available for this query; use one of: {_names(kind)}"
        )
    if not accept or not accept.strip():
        return offers[0][0]
    for media, _q in _parse_accept(accept):
        if media == "*/*":
            return offers[0][0]
        major, _, minor = media.partition("/")
        for rf, names in offers:
            if media in names or (minor == "*" and any(n.startswith(major + "/") for n in names)):
                return rf
    raise NotAcceptable(
        f"cannot give this query's result in any accepted media type; available: {_names(kind)}"
    )


def _names(kind: Kind) -> str:
    return ", ".join(rf.value for rf, _ in _OFFERS[kind])
