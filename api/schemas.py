"""Response models of the JSON routes (they document the API in OpenAPI)."""

from __future__ import annotations

from pydantic import BaseModel, Field

JsonValue = str | int | float | bool


class QueryParam(BaseModel):
    name: str
    type: str = Field(description="IRI, literal, string, integer, gYear or date")
    required: bool
    help: str = ""


class QueryInfo(BaseModel):
    name: str
    title: str
    description: str
    params: list[QueryParam]
    variables: list[str] = Field(description="the columns of each row, in order")
    url: str


class QueryList(BaseModel):
    queries: list[QueryInfo]


class QueryResult(BaseModel):
    name: str
    title: str
    variables: list[str]
    rows: list[dict[str, JsonValue]] = Field(description="one object per row; unbound columns are absent")
    truncated: bool = Field(description="true when the row cap (max_result_rows) cut the result")


class Candidate(BaseModel):
    iri: str
    label: str


class CitingTask(BaseModel):
    task: str
    task_text: str
    plan: str | None = None
    plan_label: str | None = None
    province: str | None = None
    lead: str | None = None
    deadline: str | None = None
    source: str | None = None
    line: int | None = None
    quote: str | None = None


class CitesResponse(BaseModel):
    status: str = Field(description='"found" or "ambiguous" (HTTP 300); not-found is a 404 problem')
    message: str
    instrument: str | None = None
    label: str | None = None
    candidates: list[Candidate] = []
    rows: list[CitingTask] = []


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    graphs: int = Field(description="served named graphs (documents, ontology, reference data)")
    documents_checked: int = Field(description="document graphs whose latest load passed the SHACL gate")


class Index(BaseModel):
    sparql: str = Field(description="SPARQL 1.1 query endpoint (GET or POST)")
    cites: str = Field(description="tasks citing an instrument: ?instrument=107/2020/NĐ-CP")
    queries: str = Field(description="the named queries and their parameters")
    docs: str = Field(description="the API documentation (OpenAPI)")
    health: str
    version: str = Field(description="the release and the build id of the served data")


class Version(BaseModel):
    version: str = Field(description="the cchc-kg release serving the API")
    build_id: str = Field(
        description="SHA-256 over (graph, source SHA-256, loader version) of every served graph's "
        "latest load: the same inputs loaded by the same code give the same id"
    )
    graphs: int = Field(description="served graphs with a recorded load run")
    unrecorded_graphs: int = Field(description="served graphs without one (written by another tool)")
    loaders: list[str] = Field(description="the loader versions that wrote the served graphs")
