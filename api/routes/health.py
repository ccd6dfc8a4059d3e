"""``/healthz`` (the process answers) and ``/readyz`` (the store holds a graph), for load
balancers and ``make run`` scripts (reliability.md H8), and ``/version`` (the release and
the build id of the served data, D4). None of them takes a query slot."""

from __future__ import annotations

from fastapi import APIRouter

from cchc_kg import __version__
from cchc_kg.build_id import build_info

from ..deps import SettingsDep, StoreDep
from ..errors import NotReady
from ..schemas import Health, Readiness, Version

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


@router.get("/version", response_model=Version, summary="Release and build id of the served data")
def version(store: StoreDep, settings: SettingsDep) -> Version:
    """The release, and a build id that two deployments built from the same source files
    by the same code share (see :mod:`cchc_kg.build_id`)."""
    info = build_info(store, settings.base_iri)
    return Version(
        version=__version__,
        build_id=info.build_id,
        graphs=info.graphs,
        unrecorded_graphs=info.unrecorded,
        loaders=list(info.loaders),
    )
