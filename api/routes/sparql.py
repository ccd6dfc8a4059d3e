"""``/sparql``: the SPARQL 1.1 Protocol query operation, read-only.

* ``GET /sparql?query=...`` and ``POST /sparql`` with either a form
  (``application/x-www-form-urlencoded``, field ``query``) or the query itself as the body
  (``application/sparql-query``);
* the result format by ``Accept`` or by a ``format`` parameter (:mod:`..negotiation`);
* ``GET /sparql`` without ``query``: the SPARQL service description;
* any update (``update=``, ``application/sparql-update``, or update keywords in a query),
  ``SERVICE`` and ``FROM``/``default-graph-uri`` naming a graph the store does not hold
  are refused with 403 before evaluation (:mod:`..query_guard`);
* limits: query text ``max_query_bytes`` (413, 414 on GET), rows/triples
  ``max_result_rows`` (then ``X-KG-Truncated: true`` and, in JSON, ``"truncated": true``),
  time ``query_timeout_s`` (the ``timeout`` parameter may only lower it).

The route handlers are ``async`` only to read the request; every parse and evaluation
runs in the query pool (:class:`..execute.QueryRunner`).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from starlette.responses import Response

from cchc_kg.config import Settings
from cchc_kg.errors import BadRequest, QueryForbidden
from cchc_kg.store import ResultFormat, SerializedResult, Store

from ..deps import BodyDep, RunnerDep, SettingsDep, StoreDep
from ..errors import QueryTooLong, QueryUriTooLong, UnsupportedMediaType
from ..execute import QueryRunner, effective_timeout, execute_query
from ..negotiation import Kind, choose_format
from ..query_guard import check_query

router = APIRouter(tags=["SPARQL"])

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

# Protocol parameters. ``output`` and ``results`` are what SPARQLWrapper sends beside
# ``format`` for other engines; accepted and ignored (``format`` decides).
_SINGLE = {"query", "format", "timeout", "output", "results"}
_MULTI = {"default-graph-uri", "named-graph-uri"}
# A form with more fields than this is not a SPARQL request (reliability.md H1 c).
MAX_FORM_FIELDS = 32
# Results may be cached briefly: the graph changes only when somebody reloads it.
RESULT_CACHE_CONTROL = "public, max-age=60"

_PARAMETERS_DOC = [
    {"name": "query", "in": "query", "schema": {"type": "string"}, "description": "The SPARQL query."},
    {
        "name": "format",
        "in": "query",
        "schema": {"type": "string"},
        "description": "Overrides Accept: json, xml, csv, tsv (results); turtle, nt, rdfxml (graphs).",
    },
    {
        "name": "timeout",
        "in": "query",
        "schema": {"type": "number"},
        "description": "Seconds; can only lower the server's limit.",
    },
]


def _params(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        if key == "update":
            raise QueryForbidden("this endpoint is read-only: SPARQL Update is not allowed")
        out.setdefault(key, []).append(value)
    for key, values in out.items():
        if key in _SINGLE and len(values) > 1:
            raise BadRequest(f"parameter {key!r} is given {len(values)} times; give it once")
    return out


def _one(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key)
    return values[0] if values else None


def _check_length(query: str, settings: Settings, *, in_url: bool) -> None:
    size = len(query.encode("utf-8"))
    if size > settings.max_query_bytes:
        error = QueryUriTooLong if in_url else QueryTooLong
        raise error(f"the query is {size} bytes long; the limit is {settings.max_query_bytes}")


def _evaluate(
    store: Store, settings: Settings, text: str, accept: str | None, fmt: str | None, graphs: tuple[str, ...]
) -> SerializedResult:
    """Guard, negotiate and evaluate; runs in a query thread."""
    checked = check_query(text)
    named = set(checked.dataset) | set(graphs)
    if named:
        # Quarantined graphs (loaded with SHACL violations) are never public.
        hidden = settings.base_iri + "graph/quarantine/"
        known = {str(g) for g in store.graphs() if not str(g).startswith(hidden)}
        unknown = sorted(named - known)
        if unknown:
            raise QueryForbidden(
                f"FROM / FROM NAMED / graph parameters may only name graphs of this store "
                f"({len(unknown)} unknown); the endpoint never fetches remote data"
            )
        if graphs:
            raise BadRequest(
                "default-graph-uri and named-graph-uri are not supported; "
                "use FROM / FROM NAMED in the query (or GRAPH patterns)"
            )
    media = choose_format(checked.kind, accept, fmt)
    return execute_query(store, checked, media, settings)


def _response(result: SerializedResult) -> Response:
    headers = {
        "Cache-Control": RESULT_CACHE_CONTROL,
        "Vary": "Accept",
        "X-KG-Truncated": "true" if result.truncated else "false",
    }
    if result.rows is not None:
        headers["X-KG-Result-Count"] = str(result.rows)
    return Response(result.body, media_type=result.media_type, headers=headers)


async def _answer(
    request: Request,
    store: Store,
    settings: Settings,
    runner: QueryRunner,
    query: str,
    params: dict[str, list[str]],
    *,
    in_url: bool,
) -> Response:
    _check_length(query, settings, in_url=in_url)
    timeout = effective_timeout(settings, _one(params, "timeout"))
    graphs = tuple(params.get("default-graph-uri", []) + params.get("named-graph-uri", []))
    result = await runner.run(
        timeout,
        _evaluate,
        store,
        settings,
        query,
        request.headers.get("accept"),
        _one(params, "format"),
        graphs,
    )
    return _response(result)


def service_description(endpoint: str) -> Graph:
    """The SPARQL 1.1 service description of this endpoint."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    s = URIRef(endpoint)
    g.add((s, RDF.type, SD.Service))
    g.add((s, SD.endpoint, s))
    g.add((s, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((s, SD.feature, SD.UnionDefaultGraph))
    for fmt in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV"):
        g.add((s, SD.resultFormat, FORMATS[fmt]))
    for fmt in ("Turtle", "N-Triples", "RDF_XML"):
        g.add((s, SD.resultFormat, FORMATS[fmt]))
    g.add((s, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), Literal("read-only; SERVICE refused")))
    return g


_RDFLIB_FORMATS = {ResultFormat.turtle: "turtle", ResultFormat.ntriples: "nt", ResultFormat.rdfxml: "xml"}


def _description_response(request: Request, params: dict[str, list[str]]) -> Response:
    media = choose_format(Kind.graph, request.headers.get("accept"), _one(params, "format"))
    endpoint = str(request.url.replace(query=""))
    body = service_description(endpoint).serialize(format=_RDFLIB_FORMATS[media], encoding="utf-8")
    return Response(
        body, media_type=media.value, headers={"Cache-Control": RESULT_CACHE_CONTROL, "Vary": "Accept"}
    )


@router.api_route(
    "/sparql",
    methods=["GET", "POST"],
    summary="SPARQL 1.1 query: GET ?query=..., or POST a form or application/sparql-query",
    response_class=Response,
    openapi_extra={
        "parameters": _PARAMETERS_DOC,
        "requestBody": {
            "required": False,
            "content": {
                "application/sparql-query": {"schema": {"type": "string"}},
                "application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "properties": {"query": {"type": "string"}}}
                },
            },
        },
    },
)
async def sparql(
    request: Request, body: BodyDep, store: StoreDep, settings: SettingsDep, runner: RunnerDep
) -> Response:
    """SPARQL 1.1 Protocol query operation. Read-only: updates are refused with 403.
    GET without ``query`` gives the service description. (One route for both methods, so
    a 405 names them both.)"""
    if request.method == "POST":
        return await _post(request, body, store, settings, runner)
    params = _params(request.query_params.multi_items())
    query = _one(params, "query")
    if query is None:
        return _description_response(request, params)
    return await _answer(request, store, settings, runner, query, params, in_url=True)


async def _post(
    request: Request, body: bytes, store: Store, settings: Settings, runner: QueryRunner
) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/sparql-update":
        raise QueryForbidden("this endpoint is read-only: SPARQL Update is not allowed")
    url_params = _params(request.query_params.multi_items())
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("the request body is not UTF-8") from None
    if content_type == "application/sparql-query":
        if "query" in url_params:
            raise BadRequest("give the query either as the body or as a parameter, not both")
        return await _answer(request, store, settings, runner, text, url_params, in_url=False)
    if content_type == "application/x-www-form-urlencoded":
        try:
            pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
        except ValueError:
            raise BadRequest(f"the form has more than {MAX_FORM_FIELDS} fields") from None
        params = _params([*_items(url_params), *pairs])
        query = _one(params, "query")
        if query is None:
            raise BadRequest("the form has no 'query' field")
        return await _answer(request, store, settings, runner, query, params, in_url=False)
    raise UnsupportedMediaType(
        "POST a query as application/sparql-query or as a form (application/x-www-form-urlencoded)"
    )


def _items(params: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(k, v) for k, values in params.items() for v in values]
