"""The extraction pipeline: read → segment → regions → metadata → citations, targets,
tasks, body tasks, shortcomings → agencies. Each stage is a pure function of the :class:`Context`.

Only :func:`extract_file` touches the file system (through :mod:`.read`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import agencies, body_tasks, citations, metadata, shortcomings, tables, targets
from .context import Context
from .formats import read_any
from .model import Extraction, SectionRecord, SourceText
from .regions import find_regions
from .segment import segment


def extract_source(source: SourceText, *, timings: dict[str, float] | None = None) -> Extraction:
    """Run every extraction stage over an already-read document.

    With ``timings``, the CPU seconds of each stage are added to it under the stage's name
    (the benchmark's per-stage table; no effect on the result).
    """

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        if timings is None:
            yield
            return
        t0 = time.process_time()
        yield
        timings[name] = timings.get(name, 0.0) + time.process_time() - t0

    with stage("segment"):
        seg = segment(source)
    with stage("regions"):
        ctx = Context(seg=seg, regions=find_regions(seg))
    with stage("metadata"):
        ctx.documents = metadata.extract_documents(ctx)
    with stage("sections"):
        result = Extraction(source=source, documents=ctx.documents, sections=section_records(ctx))
    with stage("citations"):
        result.citations = citations.extract_citations(ctx)
    with stage("targets"):
        result.targets = targets.extract_targets(ctx)
    with stage("tables"):
        result.tasks = tables.extract_tasks(ctx)
    with stage("body_tasks"):
        result.body_tasks = body_tasks.extract_body_tasks(ctx)
    with stage("shortcomings"):
        result.shortcomings = shortcomings.extract_shortcomings(ctx)
    with stage("agencies"):
        result.agencies, result.agency_groups = agencies.extract_agencies(ctx)
        agencies.add_role_agencies(result)  # roles and the agency list share identities
    return result


def section_records(ctx: Context) -> list[SectionRecord]:
    """The section tree as flat records; a node's reform area is that of the nearest
    heading (itself or an ancestor) that names one."""
    out: list[SectionRecord] = []
    # Each heading is classified once: nodes() yields a parent before its children, so a
    # node without an area of its own takes its parent's, already found.
    areas: dict[int, str | None] = {}
    for node in ctx.sections.nodes():
        area = ctx.reform_area(node.heading or node.label)
        if not area and node.parent is not None:
            area = areas.get(id(node.parent))
        areas[id(node)] = area
        parent = node.parent.path if node.parent is not None and node.parent.path else None
        out.append(SectionRecord(node.path, node.kind, node.heading, node.label, node.span, parent, area))
    return out


def extract_file(path: Path, *, max_bytes: int | None = None, ocr: bool = False) -> Extraction:
    """Read ``path`` (any supported format) and extract it.

    :raises LoaderError: when the file cannot be read as a document.
    """
    source = read_any(path, max_bytes=max_bytes, ocr=ocr)
    return extract_source(source)
