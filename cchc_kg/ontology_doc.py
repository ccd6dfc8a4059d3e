"""Render the ontology (``ontology/cchc.ttl``) as one static HTML page.

``python -m cchc_kg.ontology_doc > docs/ontology.html`` (``make docs``). The page lists the
reused vocabularies, then every class (super-classes, vi/en labels and comments) and every
property (kind, domain, range, super-properties), then the code lists (SKOS schemes) with
their concepts. Output is deterministic (sorted, no timestamp) so ``tests/rdf`` can check
that the committed page matches the ontology.
"""

from __future__ import annotations

import sys
from html import escape
from importlib.resources import files

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from cchc_kg.iri import ONTOLOGY_NS

# Vocabularies the ontology builds on, with the prefix used on the page.
REUSED: tuple[tuple[str, str, str], ...] = (
    ("eli", "http://data.europa.eu/eli/ontology#", "European Legislation Identifier (ELI)"),
    ("org", "http://www.w3.org/ns/org#", "W3C Organization Ontology"),
    ("prov", "http://www.w3.org/ns/prov#", "W3C PROV-O"),
    ("time", "http://www.w3.org/2006/time#", "W3C OWL-Time"),
    ("oa", "http://www.w3.org/ns/oa#", "W3C Web Annotation"),
    ("skos", "http://www.w3.org/2004/02/skos/core#", "W3C SKOS"),
    ("dcterms", "http://purl.org/dc/terms/", "DCMI Metadata Terms"),
    ("foaf", "http://xmlns.com/foaf/0.1/", "FOAF"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "RDF"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#", "RDF Schema"),
    ("owl", "http://www.w3.org/2002/07/owl#", "OWL 2"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#", "XML Schema datatypes"),
)
ONTOLOGY_IRI = URIRef(ONTOLOGY_NS.rstrip("#"))

STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h2{border-bottom:1px solid #ccc;margin-top:2.5rem}h3{margin-bottom:.2rem}code{background:#f4f4f4;padding:0 .2rem}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
.term{margin:1.2rem 0;padding-left:.8rem;border-left:3px solid #8ab}.en{color:#444}dl{margin:.3rem 0}
dt{font-weight:600;float:left;clear:left;width:9rem}dd{margin-left:9.5rem}"""


def load_ontology() -> Graph:
    data = files("cchc_kg.ontology").joinpath("cchc.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=data, format="turtle")


def curie(term: Node) -> str:
    """``cchc:Plan``, ``eli:LegalResource``; the full IRI for other namespaces."""
    s = str(term)
    if s.startswith(ONTOLOGY_NS):
        return "cchc:" + s[len(ONTOLOGY_NS) :]
    for prefix, ns, _ in REUSED:
        if s.startswith(ns):
            return f"{prefix}:{s[len(ns) :]}"
    return s


def link(term: Node) -> str:
    name = escape(curie(term))
    s = str(term)
    if s.startswith(ONTOLOGY_NS):
        return f'<a href="#{escape(s[len(ONTOLOGY_NS) :])}"><code>{name}</code></a>'
    return f'<a href="{escape(s)}"><code>{name}</code></a>'


def text(g: Graph, subject: Node, prop: URIRef, lang: str) -> str:
    values = sorted(str(o) for o in g.objects(subject, prop) if isinstance(o, Literal) and o.language == lang)
    return "; ".join(values)


def own_terms(g: Graph, rdf_type: URIRef) -> list[URIRef]:
    return sorted(
        (
            s
            for s in g.subjects(RDF.type, rdf_type)
            if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_NS)
        ),
        key=str,
    )


def links(g: Graph, subject: Node, prop: URIRef) -> str:
    return ", ".join(link(o) for o in sorted(g.objects(subject, prop), key=str))


def term_block(g: Graph, term: URIRef, rows: list[tuple[str, str]]) -> str:
    anchor = escape(str(term)[len(ONTOLOGY_NS) :])
    vi_label, en_label = text(g, term, RDFS.label, "vi"), text(g, term, RDFS.label, "en")
    head = f'<div class="term" id="{anchor}"><h3><code>{escape(curie(term))}</code> — '
    head += f'{escape(vi_label)} <span class="en">/ {escape(en_label)}</span></h3>'
    body = f"<p>{escape(text(g, term, RDFS.comment, 'vi'))}</p>"
    body += f'<p class="en">{escape(text(g, term, RDFS.comment, "en"))}</p>'
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows if v)
    return head + body + (f"<dl>{dl}</dl>" if dl else "") + "</div>"


def render(g: Graph) -> str:
    out: list[str] = []
    title_vi = text(g, ONTOLOGY_IRI, RDFS.label, "vi")
    title_en = text(g, ONTOLOGY_IRI, RDFS.label, "en")
    version = g.value(ONTOLOGY_IRI, OWL.versionInfo)
    out.append("<!DOCTYPE html>")
    out.append('<html lang="vi"><head><meta charset="utf-8">')
    out.append(f"<title>{escape(title_en)}</title><style>{STYLE}</style></head><body>")
    out.append(f"<h1>{escape(title_vi)} <span class='en'>/ {escape(title_en)}</span></h1>")
    out.append(
        f"<p>Namespace <code>{escape(ONTOLOGY_NS)}</code> (prefix <code>cchc:</code>), version "
        f"{escape(str(version))}. Generated from <code>ontology/cchc.ttl</code> by "
        "<code>python -m cchc_kg.ontology_doc</code>; do not edit by hand.</p>"
    )
    out.append(f"<p>{escape(text(g, ONTOLOGY_IRI, RDFS.comment, 'vi'))}</p>")
    out.append(f"<p class='en'>{escape(text(g, ONTOLOGY_IRI, RDFS.comment, 'en'))}</p>")

    out.append("<h2>Reused vocabularies / Từ vựng dùng lại</h2><table><tr><th>prefix</th><th>namespace</th>")
    out.append("<th>vocabulary</th><th>terms used as super-class, super-property, domain or range</th></tr>")
    links_to = (
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        SKOS.exactMatch,
        SKOS.closeMatch,
    )
    referenced = {
        str(o) for s, p, o in g if p in links_to and isinstance(o, URIRef) and str(s).startswith(ONTOLOGY_NS)
    }
    for prefix, ns, name in REUSED:
        used = sorted(curie(URIRef(t)) for t in referenced if t.startswith(ns))
        out.append(
            f"<tr><td><code>{prefix}</code></td><td><code>{escape(ns)}</code></td><td>{escape(name)}</td>"
            f"<td>{escape(', '.join(used))}</td></tr>"
        )
    out.append("</table>")

    classes = own_terms(g, OWL.Class)
    out.append("<h2>Classes / Lớp</h2><p>" + ", ".join(link(c) for c in classes) + "</p>")
    for c in classes:
        subclasses = [s for s in g.subjects(RDFS.subClassOf, c) if isinstance(s, URIRef)]
        out.append(
            term_block(
                g,
                c,
                [
                    ("IRI", f"<code>{escape(str(c))}</code>"),
                    ("super-classes", links(g, c, RDFS.subClassOf)),
                    ("sub-classes", ", ".join(link(s) for s in sorted(subclasses, key=str))),
                    ("see also", links(g, c, RDFS.seeAlso)),
                ],
            )
        )

    for kind, title in (
        (OWL.ObjectProperty, "Object properties"),
        (OWL.DatatypeProperty, "Datatype properties"),
    ):
        props = own_terms(g, kind)
        out.append(f"<h2>{title} / Thuộc tính</h2><p>" + ", ".join(link(p) for p in props) + "</p>")
        for p in props:
            out.append(
                term_block(
                    g,
                    p,
                    [
                        ("IRI", f"<code>{escape(str(p))}</code>"),
                        ("super-properties", links(g, p, RDFS.subPropertyOf)),
                        ("domain", links(g, p, RDFS.domain)),
                        ("range", links(g, p, RDFS.range)),
                        ("see also", links(g, p, RDFS.seeAlso)),
                    ],
                )
            )

    out.append("<h2>Code lists / Bảng mã (SKOS)</h2>")
    for scheme in own_terms(g, SKOS.ConceptScheme):
        anchor = escape(str(scheme)[len(ONTOLOGY_NS) :])
        out.append(
            f'<h3 id="{anchor}"><code>{escape(curie(scheme))}</code> — '
            f"{escape(text(g, scheme, SKOS.prefLabel, 'vi'))} "
            f"<span class='en'>/ {escape(text(g, scheme, SKOS.prefLabel, 'en'))}</span></h3>"
        )
        out.append("<table><tr><th>concept</th><th>notation</th><th>vi</th><th>en</th><th>mapping</th></tr>")
        concepts = sorted((c for c in g.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)), key=str)
        for c in concepts:
            mapping = ", ".join(
                x
                for x in (
                    links(g, c, SKOS.exactMatch),
                    links(g, c, SKOS.closeMatch),
                    links(g, c, RDFS.seeAlso),
                )
                if x
            )
            cls = links(g, c, URIRef(ONTOLOGY_NS + "documentClass"))
            out.append(
                f'<tr id="{escape(str(c)[len(ONTOLOGY_NS) :])}"><td><code>{escape(curie(c))}</code></td>'
                f"<td>{escape(str(g.value(c, SKOS.notation) or ''))}</td>"
                f"<td>{escape(text(g, c, SKOS.prefLabel, 'vi'))}</td>"
                f"<td>{escape(text(g, c, SKOS.prefLabel, 'en'))}</td><td>{mapping or cls}</td></tr>"
            )
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def main() -> None:
    sys.stdout.write(render(load_ontology()))


if __name__ == "__main__":
    main()
