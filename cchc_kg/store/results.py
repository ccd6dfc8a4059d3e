"""Serialising SELECT rows as SPARQL 1.1 results (JSON, XML, CSV, TSV).

Written here rather than delegated to the engine so that the row cap and the truncation
flag (reliability.md R4) work the same for every store implementation.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .base import ResultFormat


def _json_term(t: Node) -> dict[str, str]:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    assert isinstance(t, Literal)
    out = {"type": "literal", "value": str(t)}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype is not None:
        out["datatype"] = str(t.datatype)
    return out


def _tsv_term(t: Node) -> str:
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, BNode):
        return f"_:{t}"
    assert isinstance(t, Literal)
    body = json.dumps(str(t), ensure_ascii=False)
    if t.language:
        return f"{body}@{t.language}"
    if t.datatype is not None:
        return f"{body}^^<{t.datatype}>"
    return body


def _xml_term(t: Node) -> str:
    if isinstance(t, URIRef):
        return f"<uri>{escape(str(t))}</uri>"
    if isinstance(t, BNode):
        return f"<bnode>{escape(str(t))}</bnode>"
    assert isinstance(t, Literal)
    attrs = ""
    if t.language:
        attrs = f" xml:lang={quoteattr(t.language)}"
    elif t.datatype is not None:
        attrs = f" datatype={quoteattr(str(t.datatype))}"
    return f"<literal{attrs}>{escape(str(t))}</literal>"


def serialize_select(
    variables: Sequence[str], rows: Sequence[dict[str, Node]], fmt: ResultFormat, *, truncated: bool
) -> bytes:
    if fmt is ResultFormat.json:
        doc: dict[str, Any] = {
            "head": {"vars": list(variables)},
            "results": {"bindings": [{k: _json_term(v) for k, v in r.items()} for r in rows]},
        }
        if truncated:
            doc["truncated"] = True  # an extension key; clients ignore unknown keys
        return json.dumps(doc, ensure_ascii=False).encode()
    if fmt is ResultFormat.csv:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        for r in rows:
            w.writerow([str(r[v]) if v in r else "" for v in variables])
        return buf.getvalue().encode()
    if fmt is ResultFormat.tsv:
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join(_tsv_term(r[v]) if v in r else "" for v in variables) for r in rows]
        return ("\n".join(lines) + "\n").encode()
    if fmt is ResultFormat.xml:
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
        parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
        parts.append("</head><results>")
        for r in rows:
            parts.append("<result>")
            parts += [f"<binding name={quoteattr(k)}>{_xml_term(v)}</binding>" for k, v in r.items()]
            parts.append("</result>")
        parts.append("</results></sparql>")
        return "".join(parts).encode()
    raise ValueError(f"{fmt.value} is not a SPARQL results format")


def serialize_ask(value: bool, fmt: ResultFormat) -> bytes:
    if fmt is ResultFormat.json:
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt is ResultFormat.xml:
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>"
        ).encode()
    if fmt in (ResultFormat.csv, ResultFormat.tsv):
        return ("true\n" if value else "false\n").encode()
    raise ValueError(f"{fmt.value} is not a SPARQL results format")
