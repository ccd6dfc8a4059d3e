"""``/api/cites``: tasks citing an instrument typed as people type it; the same answer as
the service the CLI uses (cchc_kg.cites.find_citing_tasks), checked against kg.trig."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cchc_kg.cites import find_citing_tasks
from cchc_kg.store import Store

from .conftest import BASE, KT_PLAN, ND107, VP_DECISION
from .problems import assert_problem

# Written by hand from kg.trig.
KT_TASK = KT_PLAN + "/task/II-3-b"
VP_TASK = VP_DECISION + "/plan/task/28"
ND61 = BASE + "eli/vn/cp/2018/nd/61"


@pytest.mark.parametrize(
    "typed",
    ["107/2020/NĐ-CP", "107/2020/ND-CP", "Nghị định 107/2020", "nđ 107/2020", "Nghị định số 107/2020/NĐ-CP"],
)
def test_found_whatever_the_spelling(client: TestClient, typed: str) -> None:
    r = client.get("/api/cites", params={"instrument": typed})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "found"
    assert body["instrument"] == ND107
    assert body["label"] == "Nghị định 107/2020/NĐ-CP"
    assert body["candidates"] == []
    rows = {row["task"]: row for row in body["rows"]}
    assert set(rows) == {KT_TASK, VP_TASK}
    assert rows[KT_TASK]["plan"] == KT_PLAN
    assert rows[KT_TASK]["province"] == "Kon Tum"
    assert rows[KT_TASK]["lead"] == "Sở Nội vụ"
    assert rows[KT_TASK]["task_text"] == "Triển khai thực hiện Nghị định số 107/2020/NĐ-CP của Chính phủ"
    assert rows[KT_TASK]["plan_label"] == "Kế hoạch 4514/KH-UBND"
    assert rows[KT_TASK]["deadline"] == "2021"  # the normalised value wins over the printed one
    assert (rows[KT_TASK]["source"], rows[KT_TASK]["line"]) == ("kon-tum-4514.txt", 142)
    assert rows[KT_TASK]["quote"] == "Nghị định số 107/2020/NĐ-CP"
    assert rows[VP_TASK]["plan"] == VP_DECISION
    assert rows[VP_TASK]["province"] == "Vĩnh Phúc"
    assert rows[VP_TASK]["lead"] == "Sở Nội vụ"
    assert rows[VP_TASK]["deadline"] == "Quý IV/2021"  # only printed
    assert (rows[VP_TASK]["source"], rows[VP_TASK]["line"]) == ("vinh-phuc-2866.txt", 88)


def test_the_api_gives_what_the_cli_service_gives(client: TestClient, store: Store) -> None:
    service = find_citing_tasks(store, "107/2020/NĐ-CP")
    body = client.get("/api/cites", params={"instrument": "107/2020/NĐ-CP"}).json()
    assert body["instrument"] == service.instrument
    assert sorted(body["rows"], key=lambda r: r["task"]) == sorted(service.rows, key=lambda r: str(r["task"]))


def test_another_instrument(client: TestClient) -> None:
    body = client.get("/api/cites", params={"instrument": "61/2018/NĐ-CP"}).json()
    assert body["instrument"] == ND61
    assert [row["task"] for row in body["rows"]] == [VP_DECISION + "/plan/task/29"]


def test_ambiguous_lists_the_candidates_with_300(client: TestClient) -> None:
    r = client.get("/api/cites", params={"instrument": "Nghị quyết 76"})
    assert r.status_code == 300, r.text
    body = r.json()
    assert body["status"] == "ambiguous"
    assert {c["iri"] for c in body["candidates"]} == {
        BASE + "eli/vn/cp/2013/nq/76",
        BASE + "eli/vn/cp/2021/nq/76",
    }
    assert {c["label"] for c in body["candidates"]} == {
        "Nghị quyết 76/NQ-CP (2013)",
        "Nghị quyết 76/NQ-CP (2021)",
    }
    assert body["rows"] == []


@pytest.mark.parametrize("typed", ["Nghị định 999/2020/NĐ-CP", "xyz", "107"])
def test_not_found_is_a_404_problem(client: TestClient, typed: str) -> None:
    body = assert_problem(client.get("/api/cites", params={"instrument": typed}), 404, "not-found")
    assert body["detail"]


def test_injection_in_the_instrument_text(client: TestClient, store: Store) -> None:
    before = store.quads_count()
    for payload in ['107/2020/NĐ-CP" } UNION { ?s ?p ?o } #', "107/2020/NĐ-CP> } ; DROP ALL #"]:
        r = client.get("/api/cites", params={"instrument": payload})
        assert r.status_code in (200, 404), r.text
        if r.status_code == 200:  # the number was read out of the text; nothing else was
            assert {row["task"] for row in r.json()["rows"]} <= {KT_TASK, VP_TASK}
    assert store.quads_count() == before
