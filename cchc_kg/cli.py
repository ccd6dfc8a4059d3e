"""The ``cchc`` command line. Exit codes are documented in the README and in
:data:`cchc_kg.errors.EXIT_CODES`."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cchc_kg.errors import BadRequest, KGError

if TYPE_CHECKING:
    from cchc_kg.config import Settings
    from cchc_kg.loaders.ingest import FileResult, Validator
    from cchc_kg.store import Store

app = typer.Typer(
    name="cchc",
    help="Knowledge graph of Vietnam's administrative reform plans and decisions.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)
out = Console()


class ExtractFormat(StrEnum):
    json = "json"
    ttl = "ttl"


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


StoreOpt = Annotated[
    str,
    typer.Option(
        "--store",
        "-s",
        help="Store directory (embedded, default ./cchc-data, env CCHC_STORE), ':memory:', "
        "or the URL of a SPARQL 1.1 endpoint.",
    ),
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="table, json or csv.")]
EngineOpt = Annotated[
    str | None,
    typer.Option(
        "--engine",
        help="SHACL engine: pyshacl, rudof or sparql (the shapes as SPARQL queries on the store). "
        "Default: sparql, the fastest per document and on whole stores (see bench/).",
    ),
]


@app.callback()
def main() -> None:
    """Load decrees into a knowledge graph, query it, serve it over SPARQL."""


def fail(e: KGError) -> typer.Exit:
    err.print(f"[red]error:[/red] {e.message}", highlight=False)
    return typer.Exit(e.exit_code)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A document: text, HTML, DOCX, PDF or (with --ocr) a scan.")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="json (gold schema) or ttl")] = (
        ExtractFormat.json
    ),
    ocr: Annotated[bool, typer.Option(help="OCR scanned PDFs and images with Tesseract (vie).")] = False,
) -> None:
    """Extract one document and print it, without touching any store."""
    from cchc_kg.loaders.extract import extract_file
    from cchc_kg.loaders.to_json import extraction_json

    try:
        x = extract_file(file, ocr=ocr)
    except KGError as e:
        raise fail(e) from None
    if format is ExtractFormat.json:
        sys.stdout.write(json.dumps(extraction_json(x), ensure_ascii=False, indent=2) + "\n")
    else:
        from cchc_kg.config import Settings
        from cchc_kg.loaders.to_rdf import extraction_to_dataset

        ds = extraction_to_dataset(x, Settings().base_iri)
        sys.stdout.write(ds.serialize(format="trig"))


def _settings() -> Settings:
    from cchc_kg.config import Settings

    return Settings()


def _open(store: str | None) -> Store:
    from cchc_kg.store import open_store

    settings = _settings()
    try:
        return open_store(store or str(settings.store), base_iri=settings.base_iri)
    except KGError as e:
        raise fail(e) from None


def emit_rows(rows: list[dict[str, Any]], fmt: OutputFormat, *, title: str | None = None) -> None:
    """Print rows as a readable table, JSON or CSV (for scripts)."""
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    columns: list[str] = []
    for r in rows:
        columns += [k for k in r if k not in columns]
    if fmt is OutputFormat.csv:
        w = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        return
    table = Table(title=title, show_lines=False)
    for c in columns:
        # counts never wrap, so a narrow terminal folds the text columns instead
        numeric = all(r.get(c) is None or str(r.get(c)).isdigit() for r in rows)
        table.add_column(c, overflow="fold", no_wrap=numeric, justify="right" if numeric else "left")
    for r in rows:
        table.add_row(*["" if r.get(c) is None else str(r.get(c)) for c in columns])
    out.print(table)


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders of documents to load.")],
    store: StoreOpt = "",
    ocr: Annotated[bool, typer.Option(help="OCR scanned PDFs and images (needs tesseract + vie).")] = False,
    format: FormatOpt = OutputFormat.table,
    quarantine: Annotated[
        bool,
        typer.Option(
            help="Load a document whose graph has SHACL Violations into {base}graph/quarantine/... "
            "instead of refusing it."
        ),
    ] = False,
    validate: Annotated[
        bool,
        typer.Option(
            help="Check each document's graph against the SHACL shapes before writing it "
            "(with --no-validate, the server's /readyz reports not ready until the graphs are "
            "loaded through the check)."
        ),
    ] = True,
    engine: EngineOpt = None,
) -> None:
    """Load documents into the store: one named graph per file, replaced atomically.

    Files that cannot be loaded are reported and write nothing; the others are loaded.
    Each graph is checked against the SHACL shapes first: one with Violations is refused
    (nothing of it written) or, with --quarantine, written to a quarantine graph; Warnings
    and Info are counted. Exit code 1 when a document was refused or quarantined for
    Violations, else 3 when any file failed.
    """
    from cchc_kg.loaders.ingest import discover, load_paths, write_reference_graphs

    settings = _settings()
    try:
        files = discover(paths, ocr=ocr)
    except KGError as e:
        raise fail(e) from None
    if not files:
        err.print("no loadable files (.txt .html .docx .pdf; images with --ocr) under the given paths")
        raise typer.Exit(3)
    st = _open(store)
    try:
        write_reference_graphs(st, settings.base_iri)
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as progress:
            bar = progress.add_task("loading", total=len(files))

            def step(r: FileResult) -> None:
                progress.update(bar, advance=1, description=r.path.name)

            summary = load_paths(
                files,
                st,
                base_iri=settings.base_iri,
                max_bytes=settings.max_document_mb * 1024 * 1024,
                ocr=ocr,
                on_file=step,
                validate=_gate(settings.base_iri, engine) if validate else None,
                quarantine=quarantine,
            )
    finally:
        st.close()  # the embedded store locks its directory until closed
    rows: list[dict[str, Any]] = [
        {
            "file": f.path.name,
            "documents": f.documents,
            "triples": f.triples,
            "tasks": f.tasks,
            "targets": f.targets,
            "citations": f.citations,
            "warnings": f.warnings,
            "info": f.info,
            "status": "error: " + f.error
            if f.error
            else f"quarantined: {f.violations} violation(s)"
            if f.quarantined
            else "loaded",
        }
        for f in summary.files
    ]
    if format is OutputFormat.table:
        # short headers: the table must stay readable in an 80-column terminal
        short = {"documents": "docs", "citations": "cites", "warnings": "warn"}
        counts = ("documents", "triples", "tasks", "targets", "citations", "warnings", "info")
        total: dict[str, Any] = {
            "file": f"TOTAL: {len(summary.loaded)} loaded, {len(summary.failed)} failed",
            **{k: sum(int(r[k]) for r in rows) for k in counts},
            "status": "",
        }
        table_rows = [{short.get(k, k): v for k, v in r.items()} for r in [*rows, total]]
        emit_rows(table_rows, format, title="cchc load")
    else:
        emit_rows(rows, format)
    if any(f.violations for f in summary.files):
        raise typer.Exit(1)
    if summary.failed:
        raise typer.Exit(3)


def _gate(base_iri: str, engine: str | None) -> Validator:
    from cchc_kg.validation import gate

    try:
        return gate(base_iri, use=engine)
    except KGError as e:
        raise fail(e) from None


# Above this, `cchc validate` checks the store document by document (bench/README.md:
# validating 1M triples as one graph took 12.4 GB with rudof, 2.6 GB and 30 min with pySHACL).
UNION_MAX_QUADS = 2_000_000


class ReportFormat(StrEnum):
    text = "text"
    ttl = "ttl"


@app.command()
def validate(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Check these instead of the store: source documents (extracted, not loaded) "
            "or RDF files (.ttl .nt .trig .nq; each named graph of a dataset apart)."
        ),
    ] = None,
    store: StoreOpt = "",
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text (for people) or ttl (sh:ValidationReport).")
    ] = ReportFormat.text,
    engine: EngineOpt = None,
    per_document: Annotated[
        bool | None,
        typer.Option(
            "--per-document/--union",
            help="Check the store one document graph at a time (bounded memory, linear time) or "
            "as one union graph (also finds conflicts between documents). Default: union; with "
            f"--engine pyshacl or rudof, per document above {UNION_MAX_QUADS:,} quads (rudof "
            "needs ~12 GB for 1M as a union; sparql queries the store in place).",
        ),
    ] = None,
) -> None:
    """Check the whole store (or the given files) against the SHACL shapes.

    The text report gives, for every result, the document, the line in the source, the
    shape and the message in Vietnamese and English. Exit code 0 when it conforms
    (Warnings and Info allowed), 1 when there are Violations, 2 when it could not run.
    """
    from cchc_kg.validation import Report
    from cchc_kg.validation.files import validate_files
    from cchc_kg.validation.run import validate_store, validate_store_by_document

    settings = _settings()
    reports: list[Report]
    try:
        if files:
            reports = validate_files(files, base_iri=settings.base_iri, use=engine)
        else:
            st = _open(store)
            try:
                if per_document is None:  # the sparql engine never copies the union
                    per_document = engine not in (None, "sparql") and st.quads_count() > UNION_MAX_QUADS
                check = validate_store_by_document if per_document else validate_store
                reports = [check(st, base_iri=settings.base_iri, use=engine)]
            finally:
                st.close()
    except KGError as e:
        err.print(f"[red]error:[/red] {e.message}", highlight=False)
        raise typer.Exit(1 if e.exit_code == 1 else 2) from None
    if format is ReportFormat.ttl:
        from rdflib import Graph

        merged = Graph()
        for r in reports:
            merged += r.to_graph()
        merged.bind("sh", "http://www.w3.org/ns/shacl#")
        merged.bind("shp", "https://data.cchc-kg.vn/shapes#")
        sys.stdout.write(merged.serialize(format="turtle"))
    else:
        for r in reports:
            sys.stdout.write(r.human())
    raise typer.Exit(0 if all(r.conforms for r in reports) else 1)


@app.command()
def cites(
    instrument: Annotated[
        str, typer.Argument(help='What you would type: "107/2020/NĐ-CP", "nđ 107/2020", "Nghị định 107" ...')
    ],
    store: StoreOpt = "",
    province: Annotated[
        str | None, typer.Option(help="Province for local instruments (e.g. 'Kon Tum').")
    ] = None,
    format: FormatOpt = OutputFormat.table,
) -> None:
    """The tasks that cite an instrument, with plan, province, lead agency, deadline and source line.

    Exit code 4 when nothing matches, 5 when several instruments match (they are listed).
    """
    from cchc_kg.cites import find_citing_tasks

    st = _open(store)
    try:
        res = find_citing_tasks(st, instrument, province=province)
    except KGError as e:
        raise fail(e) from None
    finally:
        st.close()  # the embedded store locks its directory until closed
    if res.status == "not-found":
        err.print(f"not found: {res.message}")
        raise typer.Exit(4)
    if res.status == "ambiguous":
        err.print(f"ambiguous: {res.message}; say which one:")
        emit_rows([{"instrument": c.iri, "label": c.label} for c in res.candidates], format)
        raise typer.Exit(5)
    if format is OutputFormat.table:
        out.print(f"[bold]{res.label}[/bold]  {res.instrument}")
        keep = ("task_text", "plan_label", "province", "lead", "deadline", "source", "line")
        emit_rows([{k: r[k] for k in keep} for r in res.rows], format, title=res.message)
    else:
        emit_rows([{"instrument": res.instrument, **r} for r in res.rows], format)


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="A named query (see `cchc query --list`).")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Run the SPARQL in this .rq file instead.")
    ] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="k=v, bound to ?k (repeatable).")
    ] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="List the named queries and their parameters.")
    ] = False,
    store: StoreOpt = "",
    format: FormatOpt = OutputFormat.table,
) -> None:
    """Run a named query (values bound, never pasted) or a SPARQL file."""
    from cchc_kg.named_queries import load_named_queries, run_named

    if list_:
        emit_rows(
            [
                {
                    "name": q.name,
                    "title": q.title,
                    "params": ", ".join(f"{p.name}:{p.type}" for p in q.params),
                }
                for q in load_named_queries().values()
            ],
            format,
        )
        return
    params: dict[str, str] = {}
    for p in param or []:
        if "=" not in p:
            raise fail(BadRequest(f"--param must be k=v, got {p!r}"))
        k, v = p.split("=", 1)
        params[k] = v
    st = _open(store)
    try:
        if file is not None:
            if params:
                raise BadRequest("--param applies to named queries; a --file query takes no parameters")
            rows = st.select(file.read_text(encoding="utf-8"))
        elif name:
            rows = run_named(st, name, params)
        else:
            raise BadRequest("give a query NAME or --file F.rq (or --list)")
    except KGError as e:
        raise fail(e) from None
    finally:
        st.close()
    emit_rows([{k: str(v) for k, v in r.items()} for r in rows], format)


@app.command()
def stats(store: StoreOpt = "", format: FormatOpt = OutputFormat.table) -> None:
    """Counts of documents, tasks, targets, citations, agencies and triples in the store,
    and its build id (the same input files loaded by the same code give the same id)."""
    from cchc_kg.load_log import build_info
    from cchc_kg.named_queries import run_named

    st = _open(store)
    try:
        rows = run_named(st, "stats", {})
        data: dict[str, Any] = {k: str(v) for k, v in (rows[0] if rows else {}).items()}
        data["graphs"] = len(st.graphs())
        data["quads"] = st.quads_count()
        data["build_id"] = build_info(st, _settings().base_iri).build_id
    except KGError as e:
        raise fail(e) from None
    finally:
        st.close()
    emit_rows([data], format)


@app.command()
def serve(
    store: StoreOpt = "",
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the graph over HTTP: SPARQL 1.1 at /sparql, /api/cites, named queries."""
    from cchc_kg.api.server import serve as run_server

    st = _open(store)
    try:
        # serve() prints the URLs to open (it knows the routes).
        run_server(st, host=host, port=port, settings=_settings())
    finally:
        st.close()


if __name__ == "__main__":  # pragma: no cover
    app()
