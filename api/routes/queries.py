"""``/api/queries``: the named SPARQL queries of ``queries/*.rq``, run by name with bound
values (reliability.md C, style.md lesson 7).

The route never builds SPARQL: it hands the parameter text to
:func:`cchc_kg.named_queries.bind_params`, which types each value (IRI, literal, integer,
gYear, date) and binds it through the store's substitutions. A value that is not of its
parameter's type is a 400 before anything runs; an unknown parameter is a 400 too (a typo
must not silently drop a filter).
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from cchc_kg.errors import BadRequest
from cchc_kg.named_queries import NamedQuery, bind_params, get_named_query, json_value, load_named_queries
from cchc_kg.store import Row, Store

from ..deps import RunnerDep, SettingsDep, StoreDep
from ..schemas import JsonValue, QueryInfo, QueryList, QueryParam, QueryResult

router = APIRouter(prefix="/api/queries", tags=["named queries"])


def _info(q: NamedQuery, request: Request) -> QueryInfo:
    return QueryInfo(
        name=q.name,
        title=q.title,
        description=q.description,
        params=[
            QueryParam(name=p.name, type=p.type.value, required=p.required, help=p.help) for p in q.params
        ],
        variables=list(q.variables),
        url=str(request.url_for("run_named_query", name=q.name)),
    )


@router.get("", response_model=QueryList, summary="List the named queries and their parameters")
def list_queries(request: Request) -> QueryList:
    """Every named query: title, description, parameters (name, type, required) and columns."""
    return QueryList(queries=[_info(q, request) for q in load_named_queries().values()])


def _select(store: Store, query: NamedQuery, params: dict[str, str]) -> list[Row]:
    return store.select(query.text, bind_params(query, params))


@router.get("/{name}", response_model=QueryResult, summary="Run a named query with bound parameter values")
async def run_named_query(
    name: str, request: Request, store: StoreDep, settings: SettingsDep, runner: RunnerDep
) -> QueryResult:
    """Run ``name`` with the query-string values bound as typed terms (never pasted into
    the SPARQL text). Rows past ``max_result_rows`` are cut and ``truncated`` is true."""
    query = get_named_query(name)
    params: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in params:
            raise BadRequest(f"parameter {key!r} is given more than once; give it once")
        params[key] = value
    bind_params(query, params)  # a bad value is a 400 before taking a query slot
    rows = await runner.run(settings.query_timeout_s, _select, store, query, params)
    cap = settings.max_result_rows
    out: list[dict[str, JsonValue]] = [{k: json_value(v) for k, v in r.items()} for r in rows[:cap]]
    return QueryResult(
        name=query.name,
        title=query.title,
        variables=list(query.variables),
        rows=out,
        truncated=len(rows) > cap,
    )
