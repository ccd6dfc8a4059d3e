"""Emit stage (JSON): an :class:`Extraction` in exactly the schema of
``../shared/gold/README.md``. Extra keys carry provenance (``span``)."""

from __future__ import annotations

from typing import Any

from .model import (
    BodyTaskRecord,
    CitationRecord,
    Deadline,
    DocumentRecord,
    Extraction,
    ShortcomingRecord,
    Span,
    TargetRecord,
    TaskRecord,
)

PREFIX_LEN = 50


def text_prefix(text: str) -> str:
    return text[:PREFIX_LEN].rstrip()


def _span(span: Span | None) -> dict[str, int] | None:
    return None if span is None else {"start": span.start, "end": span.end, "line": span.line}


def document_json(d: DocumentRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": d.kind,
        "number": d.number,
        "issuer": d.issuer,
        "province": d.province,
        "date": d.date,
        "signer": d.signer,
        "signer_capacity": d.signer_capacity,
        "title": d.title,
        "is_draft": d.is_draft,
        "period": d.period,
        "attached_to": d.attached_to,
    }
    out.update(d.extra)
    return out


def citation_json(c: CitationRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": c.number,
        "kind": c.kind,
        "date": c.date,
        "issuer": c.issuer,
        "name": c.name,
        "mentions": len(c.mentions),
        "relation": c.relation,
        "relations": c.relations,
        "spans": [
            {
                "start": m.span.start,
                "end": m.span.end,
                "line": m.span.line,
                "exact": m.as_printed,
                "relation": m.relation,
            }
            for m in c.mentions
        ],
    }
    if c.unresolved_reason:
        out["unresolved_reason"] = c.unresolved_reason
    out.update(c.extra)
    return out


def deadline_json(d: Deadline | None) -> dict[str, Any] | None:
    if d is None:
        return None
    out: dict[str, Any] = {"kind": d.kind, "value": d.value}
    if d.parts is not None:
        out["parts"] = d.parts
    return out


def target_json(t: TargetRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "section_path": t.section_path,
        "no": t.no,
        "text_prefix": text_prefix(t.text),
        "text": t.text,
        "values": t.values,
        "lead": t.lead,
        "cooperating": t.cooperating,
        "implementing": t.implementing,
        "monitoring": t.monitoring,
        "reform_area": t.reform_area,
        "index": t.index,
        "quantities": t.quantities,
        "span": _span(t.span),
    }
    out.update(t.extra)
    return out


def task_json(t: TaskRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "section": t.section,
        "no": t.no,
        "objective": t.objective,
        "text": t.text,
        "product": t.product,
        "lead_raw": t.lead_raw,
        "lead": t.lead,
        "cooperating_raw": t.cooperating_raw,
        "cooperating": t.cooperating,
        "deadline_raw": t.deadline_raw,
        "deadline": deadline_json(t.deadline),
        "reform_area": t.reform_area,
        "span": _span(t.span),
    }
    if t.objective_row is not None:
        out["objective_row"] = t.objective_row
    out.update(t.extra)
    return out


def body_task_json(b: BodyTaskRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "section_path": b.section_path,
        "text_prefix": text_prefix(b.text),
        "text": b.text,
        "lead": b.lead,
        "cooperating": b.cooperating,
        "chu_tri": b.chu_tri,
        "reform_area": b.reform_area,
        "span": _span(b.span),
    }
    if b.deadline_raw:
        out["deadline_raw"] = b.deadline_raw
    out.update(b.extra)
    return out


def shortcoming_json(s: ShortcomingRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "section": s.section,
        "no": s.no,
        "text_prefix": text_prefix(s.text),
        "text": s.text,
        "responsible": s.responsible,
        "responsible_raw": s.responsible_raw,
        "recovery": s.recovery,
        "span": _span(s.span),
    }
    out.update(s.extra)
    return out


def extraction_json(x: Extraction) -> dict[str, Any]:
    return {
        "source": x.source.name,
        "documents": [document_json(d) for d in x.documents],
        "citations": [citation_json(c) for c in x.citations],
        "targets": [target_json(t) for t in x.targets],
        "tasks": [task_json(t) for t in x.tasks],
        "body_tasks": [body_task_json(b) for b in x.body_tasks],
        "shortcomings": [shortcoming_json(s) for s in x.shortcomings],
        "agencies": x.agencies,
        "agency_groups": x.agency_groups,
        "notes": x.warnings,
    }
