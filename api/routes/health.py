"""``/healthz`` (the process answers) and ``/readyz`` (the store holds a graph), for load
balancers and ``make run`` scripts (reliability.md H8). Neither takes a query slot."""

from __future__ import annotations

from fastapi import APIRouter

from ..deps import SettingsDep, StoreDep
from ..errors import NotReady
from ..schemas import Health, Readiness

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Liveness")
async def healthz() -> Health:
    """Always ``ok`` while the process serves requests; touches nothing else."""
    return Health(status="ok")


@router.get("/readyz", response_model=Readiness, summary="Readiness: data loaded", responses={503: {}})
def readyz(store: StoreDep, settings: SettingsDep) -> Readiness:
    """200 once the store holds at least one public named graph, else a 503 problem."""
    hidden = settings.base_iri + "graph/quarantine/"
    graphs = sum(1 for g in store.graphs() if not str(g).startswith(hidden))
    if graphs == 0:
        raise NotReady("the store holds no graph yet; load documents with `cchc load`")
    return Readiness(status="ready", graphs=graphs)
