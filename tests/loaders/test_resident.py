"""loaders/resident.py: the reference data leaves the collector's walks once, and nothing
about extraction or later garbage collection changes.

Each check runs in a fresh interpreter: freezing is once per process, and the pytest process
has usually settled already (any earlier test that ran ``load_paths``).
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO

SETTLE = """
import gc, json, sys
from pathlib import Path
from cchc_kg.loaders.extract import extract_source
from cchc_kg.loaders.formats import read_data
from cchc_kg.loaders.resident import settle
from cchc_kg.loaders.to_json import extraction_json

f = Path(sys.argv[1])
before = json.dumps(extraction_json(extract_source(read_data(f.name, f.read_bytes()))))
tracked = len(gc.get_objects())
first, second = settle(), settle()
walked = len(gc.get_objects())
after = json.dumps(extraction_json(extract_source(read_data(f.name, f.read_bytes()))))

class Node:
    pass

a, b = Node(), Node()
a.other, b.other = b, a  # a reference cycle made after the freeze is still collected
del a, b
freed = gc.collect()
print(json.dumps({"tracked": tracked, "walked": walked, "frozen": gc.get_freeze_count(),
                  "first": first, "second": second, "same": before == after, "freed": freed}))
"""

LOAD = """
import gc, json, sys, tempfile
from pathlib import Path
from cchc_kg.loaders.ingest import load_paths
from cchc_kg.store import open_store

with tempfile.TemporaryDirectory() as tmp:
    store = open_store(Path(tmp) / "store")
    frozen_before = gc.get_freeze_count()
    summary = load_paths([Path(sys.argv[1])], store, base_iri="https://data.cchc-kg.vn/")
    store.close()
print(json.dumps({"before": frozen_before, "after": gc.get_freeze_count(), "loaded": len(summary.loaded)}))
"""


def _run(script: str, *args: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", script, *args], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def test_settle_freezes_once_and_changes_no_result() -> None:
    r = _run(SETTLE, str(REPO / "examples" / "ninh-thuan-2024-kh-215.txt"))
    print(r)
    assert r["first"] is True and r["second"] is False
    # the gazetteers, registries and tables built for the document are no longer walked
    assert isinstance(r["tracked"], int) and isinstance(r["walked"], int)
    assert r["tracked"] > 20_000
    assert r["walked"] < r["tracked"] // 10
    assert r["same"] is True
    assert isinstance(r["freed"], int) and r["freed"] >= 2


def test_load_paths_settles_after_its_first_document() -> None:
    r = _run(LOAD, str(REPO / "examples" / "ninh-thuan-2024-kh-215.txt"))
    print(r)
    assert r["loaded"] == 1
    assert r["before"] == 0
    assert isinstance(r["after"], int) and r["after"] > 20_000
