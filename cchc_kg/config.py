"""Settings in one table: name, default, help. Environment variables override defaults.

Every setting is documented in the README; ``tests/test_docs.py`` checks it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return "CCHC_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("base_iri", "https://data.cchc-kg.vn/", "Base IRI under which every minted IRI lives."),
    Setting("store", "./cchc-data", "Directory of the embedded on-disk store."),
    Setting("max_document_mb", "50", "Largest source document accepted, in MiB (larger ones are refused)."),
    Setting("query_timeout_s", "10", "Time limit of one SPARQL query on the HTTP API, in seconds."),
    Setting(
        "max_result_rows", "10000", "Most rows one SPARQL SELECT returns over HTTP (the rest is truncated)."
    ),
    Setting("max_query_bytes", "65536", "Longest SPARQL query text accepted over HTTP."),
)


def _default(name: str) -> str:
    for s in SETTINGS:
        if s.name == name:
            return os.environ.get(s.env, s.default)
    raise KeyError(name)


@dataclass(frozen=True)
class Settings:
    base_iri: str = field(default_factory=lambda: _default("base_iri"))
    store: Path = field(default_factory=lambda: Path(_default("store")))
    max_document_mb: int = field(default_factory=lambda: int(_default("max_document_mb")))
    query_timeout_s: float = field(default_factory=lambda: float(_default("query_timeout_s")))
    max_result_rows: int = field(default_factory=lambda: int(_default("max_result_rows")))
    max_query_bytes: int = field(default_factory=lambda: int(_default("max_query_bytes")))

    def __post_init__(self) -> None:
        if not self.base_iri.endswith(("/", "#")):
            raise ValueError(f"base_iri must end with '/' or '#': {self.base_iri!r}")
        names = {f.name for f in fields(self)}
        assert names == {s.name for s in SETTINGS}, "SETTINGS and Settings disagree"
