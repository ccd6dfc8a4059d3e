"""``/healthz`` (the process answers) and ``/readyz`` (the store holds graphs and every
loaded document passed the SHACL gate), for load balancers and ``make run`` scripts (reliability.md H8), and ``/version`` (the release and
the build id of the served data, D4). None of them takes a query slot."""

from __future__ import annotations

from fastapi import APIRouter

from cchc_kg import __version__
from cchc_kg.load_log import build_info, gate_state

from ..deps import SettingsDep, StoreDep
from ..errors import NotReady
from ..schemas import Health, Readiness, Version

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Liveness")
async def healthz() -> Health:
    """Always ``ok`` while the process serves requests; touches nothing else."""
    return Health(status="ok")


@router.get(
    "/readyz", response_model=Readiness, summary="Readiness: data loaded and checked", responses={503: {}}
)
def readyz(store: StoreDep, settings: SettingsDep) -> Readiness:
    """200 once the store serves at least one graph and every document graph that
    ``cchc load`` wrote passed the SHACL gate (reliability.md H8), else a 503 problem.
    Graphs loaded with ``--no-validate`` keep it at 503 until they are loaded through
    the gate; graphs written by other tools (no load run) are not judged."""
    gate = gate_state(store, settings.base_iri)
    if gate.graphs == 0:
        raise NotReady("the store holds no graph yet; load documents with `cchc load`")
    if gate.unchecked:
        raise NotReady(
            f"{len(gate.unchecked)} document graph(s) were loaded without the SHACL gate "
            f"(--no-validate), e.g. {gate.unchecked[0]}; load them again with `cchc load` "
            "(the gate is on by default)"
        )
    return Readiness(status="ready", graphs=gate.graphs, documents_checked=gate.passed)


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
