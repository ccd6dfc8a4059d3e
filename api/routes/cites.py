"""``/api/cites``: which tasks cite an instrument, typed as people type it.

Thin over :func:`cchc_kg.cites.find_citing_tasks`, the service the CLI's ``cchc cites``
uses too: the same answer on both sides. ``found`` → 200 with the rows; ``ambiguous`` →
300 (Multiple Choices) with the candidates to choose from; nothing matching → a 404
problem.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import JSONResponse

from cchc_kg.errors import NotFound
from cchc_kg.store import Store

from ..deps import RunnerDep, SettingsDep, StoreDep
from ..schemas import Candidate, CitesResponse, CitingTask

router = APIRouter(prefix="/api", tags=["citations"])

# An instrument reference is short ("Nghị định số 107/2020/NĐ-CP ngày ..."); anything much
# longer is not one, and the look-up's cost grows with the text.
MAX_INSTRUMENT_CHARS = 200


def _find(store: Store, instrument: str, province: str | None) -> CitesResponse:
    # Imported here: the look-up pulls in the citation loaders, which the rest of the API
    # does not need.
    from cchc_kg.cites import find_citing_tasks

    result = find_citing_tasks(store, instrument, province=province)
    if result.status == "not-found":
        raise NotFound(result.message)
    return CitesResponse(
        status=result.status,
        message=result.message,
        instrument=result.instrument,
        label=result.label,
        candidates=[Candidate(iri=c.iri, label=c.label) for c in result.candidates],
        rows=[CitingTask.model_validate(r) for r in result.rows],
    )


@router.get(
    "/cites",
    response_model=CitesResponse,
    summary="Tasks that cite a legal instrument",
    responses={300: {"model": CitesResponse, "description": "Several instruments match: choose one"}},
)
async def cites(
    store: StoreDep,
    settings: SettingsDep,
    runner: RunnerDep,
    instrument: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_INSTRUMENT_CHARS,
            description='As people write it: "107/2020/NĐ-CP", "107/2020/ND-CP", "nđ 107/2020" ...',
        ),
    ],
    province: Annotated[
        str | None,
        Query(max_length=MAX_INSTRUMENT_CHARS, description="Province of a provincial instrument's issuer"),
    ] = None,
) -> CitesResponse | JSONResponse:
    """The tasks that cite ``instrument``, each with its plan, province, lead agency,
    deadline and the source line of the citation."""
    answer = await runner.run(settings.query_timeout_s, _find, store, instrument, province or None)
    if answer.status == "ambiguous":
        return JSONResponse(answer.model_dump(), status_code=300)
    return answer
