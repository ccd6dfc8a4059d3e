"""The ``cchc`` command line. Exit codes are documented in the README and in
:data:`cchc_kg.errors.EXIT_CODES`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from cchc_kg.errors import KGError

app = typer.Typer(
    name="cchc",
    help="Knowledge graph of Vietnam's administrative reform plans and decisions.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)


class ExtractFormat(StrEnum):
    json = "json"
    ttl = "ttl"


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


if __name__ == "__main__":  # pragma: no cover
    app()
