""" "Which tasks cite instrument X": the question users ask most, answered the same way by
the CLI (`cchc cites`) and the API (`/api/cites`).

Steps: parse what the person typed into candidate instrument keys
(:func:`cchc_kg.loaders.citations.lookup.lookup_instrument`, tolerant of "nđ 107/2020",
"107/2020/ND-CP", "Nghị định 107" ...), find the matching instruments in the store by their
key parts (bound values, never pasted text), then run the named query ``tasks_citing``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal as Lit

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from cchc_kg.loaders.citations.lookup import lookup_instrument
from cchc_kg.named_queries import load_named_queries
from cchc_kg.store import Store

# Constant fragments, chosen by which key parts the person gave; values are bound, and
# a given part must be a required pattern (a substituted variable inside OPTIONAL would
# not filter anything).
_MATCH_HEAD = """
PREFIX cchc: <https://data.cchc-kg.vn/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?instrument ?label ?docType ?number ?year ?name WHERE {
  ?instrument cchc:keyDocType ?docType .
"""
_MATCH_PART = {
    "number": "  ?instrument cchc:keyNumber ?number .\n",
    "year": "  ?instrument cchc:keyYear ?year .\n",
    "name": "  ?instrument cchc:keyName ?name .\n",
}
_MATCH_TAIL = "  OPTIONAL { ?instrument rdfs:label ?label }\n}\n"


@dataclass
class Candidate:
    iri: str
    label: str


@dataclass
class CitesResult:
    status: Lit["found", "ambiguous", "not-found"]
    message: str
    instrument: str | None = None
    label: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    rows: list[dict[str, str | int | None]] = field(default_factory=list)


def match_instruments(store: Store, text: str, province: str | None = None) -> tuple[list[Candidate], str]:
    """Instruments in the store that what the person typed can mean."""
    parsed = lookup_instrument(text, province)
    if not parsed.candidates:
        return [], parsed.message
    found: dict[str, Candidate] = {}
    for key in parsed.candidates:
        bindings: dict[str, URIRef | Literal] = {"docType": Literal(key.doc_type)}
        if key.number:
            bindings["number"] = Literal(key.number)
        if key.year is not None:
            bindings["year"] = Literal(str(key.year), datatype=XSD.gYear)
        if key.name:
            bindings["name"] = Literal(key.name)
        query = _MATCH_HEAD + "".join(_MATCH_PART[k] for k in _MATCH_PART if k in bindings) + _MATCH_TAIL
        for row in store.select(query, bindings):
            iri = str(row["instrument"])
            found.setdefault(iri, Candidate(iri, str(row.get("label", iri))))
    return sorted(found.values(), key=lambda c: c.iri), parsed.message


def find_citing_tasks(store: Store, instrument: str, *, province: str | None = None) -> CitesResult:
    """The tasks that cite ``instrument`` (what a person typed), with plan, province, lead
    agency, deadline and the source line of the citation."""
    candidates, message = match_instruments(store, instrument, province)
    if not candidates:
        return CitesResult("not-found", message or f"no instrument matching {instrument!r} in the graph")
    if len(candidates) > 1:
        return CitesResult(
            "ambiguous", f"{instrument!r} matches {len(candidates)} instruments", candidates=candidates
        )
    chosen = candidates[0]
    query = load_named_queries()["tasks_citing"]
    rows = store.select(query.text, {"instrument": URIRef(chosen.iri)})
    out: list[dict[str, str | int | None]] = []
    for r in rows:
        out.append(
            {
                "task": str(r["task"]),
                "task_text": str(r.get("taskText", "")),
                "plan": str(r["plan"]) if "plan" in r else None,
                "plan_label": str(r.get("planLabel", "")) or None,
                "province": str(r.get("provinceLabel", "")) or None,
                "lead": str(r.get("leadLabel", "")) or None,
                "deadline": str(r.get("deadline", "")) or None,
                "source": str(r.get("source", "")) or None,
                "line": int(str(r["line"])) if "line" in r else None,
                "quote": str(r.get("quote", "")) or None,
            }
        )
    return CitesResult("found", f"{len(out)} task(s) cite {chosen.label}", chosen.iri, chosen.label, rows=out)
