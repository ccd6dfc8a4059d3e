"""Synthetic store generator for validation benchmarks: plans of a plausible shape, as
N-Quads, one named graph per plan (the way `cchc load` writes them).

Run from the repository root:
  .venv/bin/python bench/synthetic.py --triples 1000000 --out /tmp/cchc-synth-1m.nq [--defects 0.001]

Each plan: a decision-issued plan document with its source, extraction and span; ~60 table
tasks (text, lead and cooperating agencies, a date or year deadline, a span); 0-3
citations per task drawn Zipf-like from 5,000 instruments (each cited instrument
described minimally in the plan's graph, as the emitter does); the province's agencies.
It follows the shapes (shapes/*.ttl); ``--defects`` breaks that fraction of tasks (a task
without plan, a deadline date as a string, a citation to nothing, in turn) so the
validators have results to find. Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from pathlib import Path
from typing import TextIO

BASE = "https://data.cchc-kg.vn/"
C = "https://data.cchc-kg.vn/ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
XSD = "http://www.w3.org/2001/XMLSchema#"

PROVINCES = [f"tinh-{i:02d}" for i in range(1, 64)]
AGENCIES = [
    ("so-noi-vu", "Sở Nội vụ"),
    ("so-tu-phap", "Sở Tư pháp"),
    ("so-tai-chinh", "Sở Tài chính"),
    ("so-ke-hoach-va-dau-tu", "Sở Kế hoạch và Đầu tư"),
    ("so-thong-tin-va-truyen-thong", "Sở Thông tin và Truyền thông"),
    ("van-phong-ubnd-tinh", "Văn phòng UBND tỉnh"),
]
AREAS = ["the-che", "thu-tuc-hanh-chinh", "to-chuc-bo-may", "cong-vu", "tai-chinh-cong", "chinh-phu-dien-tu"]


def _iri(x: str) -> str:
    return f"<{x}>"


def _lit(text: str, dt: str | None = None, lang: str | None = None) -> str:
    body = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if lang:
        return f"{body}@{lang}"
    return f"{body}^^<{XSD}{dt}>" if dt else body


class Writer:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0
        self.graph = ""

    def q(self, s: str, p: str, o: str) -> None:
        self.out.write(f"<{s}> <{p}> {o} <{self.graph}> .\n")
        self.count += 1


def plan(w: Writer, n: int, rng: random.Random, defects: float, zipf: list[float]) -> None:
    prov = PROVINCES[n % len(PROVINCES)]
    year = 2019 + n % 6
    decision = f"{BASE}eli/{prov}/ubnd/{year}/qd/{1000 + n}"
    doc = decision + "/plan"
    w.graph = f"{BASE}graph/eli/{prov}/ubnd/{year}/qd/{1000 + n}"
    sha = hashlib.sha256(f"plan-{n}".encode()).hexdigest()
    src, ex = f"{BASE}source/{sha}", f"{BASE}extraction/{sha[:16]}/cchc-kg-0-1-0"
    w.q(src, RDF_TYPE, _iri(C + "SourceVersion"))
    w.q(src, C + "sha256", _lit(sha))
    w.q(src, C + "sourceFormat", _lit("text"))
    w.q(src, RDFS_LABEL, _lit(f"plan-{n}.txt"))
    w.q(ex, RDF_TYPE, _iri(C + "Extraction"))
    w.q(ex, PROV + "used", _iri(src))
    w.q(ex, C + "loaderVersion", _lit("cchc-kg/0.1.0"))
    ubnd = f"{BASE}agency/{prov}/ubnd-tinh"
    agencies = [ubnd] + [f"{BASE}agency/{prov}/{k}" for k, _ in AGENCIES]
    province = f"{BASE}province/{prov}"
    w.q(province, RDF_TYPE, _iri(C + "Province"))
    for iri, label in zip(agencies, ["Ủy ban nhân dân tỉnh", *(v for _, v in AGENCIES)], strict=True):
        w.q(iri, RDF_TYPE, _iri(C + "Agency"))
        w.q(iri, RDF_TYPE, _iri(ORG + "Organization"))
        w.q(iri, SKOS + "prefLabel", _lit(label, lang="vi"))
        w.q(iri, RDFS_LABEL, _lit(label, lang="vi"))
        w.q(iri, ORG + "classification", _iri(f"{BASE}agency-type/{iri.rsplit('/', 1)[-1]}"))
        w.q(iri, C + "province", _iri(province))
    spans = 0

    def span(start: int, end: int, line: int) -> str:
        nonlocal spans
        spans += 1
        s = f"{doc}/span/{start}-{end}"
        w.q(s, RDF_TYPE, _iri(C + "TextSpan"))
        w.q(s, OA + "start", _lit(str(start), "nonNegativeInteger"))
        w.q(s, OA + "end", _lit(str(end), "nonNegativeInteger"))
        w.q(s, OA + "exact", _lit("Nội dung nhiệm vụ cải cách hành chính"))
        w.q(s, C + "line", _lit(str(line), "positiveInteger"))
        w.q(s, PROV + "wasDerivedFrom", _iri(src))
        return s

    for iri, cls, t in ((decision, "Decision", "type_qd"), (doc, "Plan", "type_kh")):
        for c in (C + cls, C + "LegalDocument", C + "LegalInstrument", ELI + "LegalResource"):
            w.q(iri, RDF_TYPE, _iri(c))
        w.q(iri, ELI + "type_document", _iri(C + t))
        w.q(iri, ELI + "date_document", _lit(f"{year}-01-15", "date"))
        w.q(iri, C + "issuer", _iri(ubnd))
        w.q(iri, ELI + "passed_by", _iri(ubnd))
        w.q(iri, C + "province", _iri(province))
        w.q(iri, C + "signer", _lit("Nguyễn Văn An"))
        w.q(iri, ELI + "title", _lit(f"Kế hoạch cải cách hành chính năm {year}", lang="vi"))
        w.q(iri, C + "isDraft", _lit("false", "boolean"))
        w.q(iri, RDFS_LABEL, _lit(f"{cls} {1000 + n}", lang="vi"))
        w.q(iri, PROV + "wasDerivedFrom", _iri(src))
        w.q(iri, PROV + "wasGeneratedBy", _iri(ex))
    w.q(decision, ELI + "number", _lit(f"{1000 + n}/QĐ-UBND"))
    w.q(doc, C + "attachedTo", _iri(decision))
    w.q(doc, C + "span", _iri(span(0, 90000, 1)))
    described: set[int] = set()
    offset = 100
    for t in range(1, 61):
        task = f"{doc}/task/I/{t}"
        broken = rng.random() < defects
        kind = t % 3 if broken else -1
        w.q(task, RDF_TYPE, _iri(C + "TableTask"))
        w.q(task, RDF_TYPE, _iri(C + "Task"))
        w.q(task, C + "text", _lit(f"Nhiệm vụ {t}: rà soát, đơn giản hóa thủ tục hành chính", lang="vi"))
        w.q(task, RDFS_LABEL, _lit(f"Nhiệm vụ {t}", lang="vi"))
        w.q(task, C + "rowNumber", _lit(str(t)))
        if kind != 0:
            w.q(task, C + "inPlan", _iri(doc))
        w.q(task, C + "reformArea", _iri(f"{BASE}reform-area/{AREAS[t % len(AREAS)]}"))
        w.q(task, C + "leadAgency", _iri(agencies[1 + t % len(AGENCIES)]))
        w.q(task, C + "cooperatingAgency", _iri(agencies[1 + (t + 1) % len(AGENCIES)]))
        w.q(task, PROV + "wasGeneratedBy", _iri(ex))
        w.q(task, C + "span", _iri(span(offset, offset + 300, 10 + t * 5)))
        dl = task + "/deadline"
        w.q(task, C + "deadline", _iri(dl))
        w.q(dl, RDF_TYPE, _iri(C + "Deadline"))
        w.q(dl, RDF_TYPE, _iri(TIME + "Instant"))
        w.q(dl, C + "deadlineKind", _iri(C + "deadline_date"))
        w.q(dl, C + "deadlineValue", _lit(f"{year}-06-30"))
        w.q(dl, TIME + "inXSDDate", _lit("30/6/" + str(year)) if kind == 1 else _lit(f"{year}-06-30", "date"))
        for k in range(rng.choice((0, 1, 1, 2, 3))):
            inst = rng.choices(range(5000), weights=zipf)[0]
            start = offset + 20 + k * 40
            c = f"{doc}/citation/{start}-{start + 30}"
            cited = f"{BASE}eli/vn/cp/{2010 + inst % 15}/nd/{inst}"
            w.q(c, RDF_TYPE, _iri(C + "Citation"))
            w.q(c, C + "citingEntity", _iri(task))
            w.q(c, C + "citingDocument", _iri(doc))
            w.q(c, C + "citedInstrument", _iri(cited + ("-missing" if kind == 2 and k == 0 else "")))
            w.q(c, C + "relation", _iri(C + "rel_mentions"))
            w.q(c, C + "printedForm", _lit(f"Nghị định số {inst}/{2010 + inst % 15}/NĐ-CP"))
            w.q(c, PROV + "wasGeneratedBy", _iri(ex))
            w.q(c, C + "span", _iri(span(start, start + 30, 10 + t * 5)))
            if inst not in described:
                described.add(inst)
                for cls in (C + "Decree", C + "LegalInstrument", ELI + "LegalResource"):
                    w.q(cited, RDF_TYPE, _iri(cls))
                w.q(cited, ELI + "type_document", _iri(C + "type_nd"))
                w.q(cited, ELI + "number", _lit(f"{inst}/{2010 + inst % 15}/NĐ-CP"))
                w.q(cited, RDFS_LABEL, _lit(f"Nghị định {inst}/{2010 + inst % 15}/NĐ-CP", lang="vi"))
            w.q(doc, ELI + "cites", _iri(cited))
        offset += 400


def reference(w: Writer) -> None:
    w.graph = BASE + "graph/reference"
    scheme = BASE + "reform-area"
    for a in AREAS:
        w.q(f"{BASE}reform-area/{a}", RDF_TYPE, _iri(SKOS + "Concept"))
        w.q(f"{BASE}reform-area/{a}", SKOS + "inScheme", _iri(scheme))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", type=int, default=1_000_000, help="stop after the plan that reaches this")
    ap.add_argument("--out", type=Path, required=True, help="N-Quads file to write")
    ap.add_argument("--defects", type=float, default=0.0, help="fraction of tasks made invalid")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    zipf = [1 / (k + 1) for k in range(5000)]
    with a.out.open("w", encoding="utf-8") as f:
        w = Writer(f)
        reference(w)
        n = 0
        while w.count < a.triples:
            plan(w, n, rng, a.defects, zipf)
            n += 1
    print(f"{a.out}: {w.count} quads, {n} plans", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
