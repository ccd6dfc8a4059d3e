"""A real server: ``cchc serve`` (uvicorn) on 127.0.0.1 and a free port, over an on-disk
store filled with kg.trig, queried with SPARQLWrapper as a researcher would."""

from __future__ import annotations

import contextlib
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from cchc_kg.store import open_store

from .conftest import BASE, ND107, fill
from .test_sparql import CITING_107, CONSTRUCT, TASKS_107

STARTUP_S = 30.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _read_lines(stream: object, out: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        out.put(line)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    data = tmp_path_factory.mktemp("store")
    st = open_store(data, base_iri=BASE)
    fill(st)
    st.close()
    port = _free_port()
    env = os.environ | {"CCHC_BASE_IRI": BASE, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cchc_kg.cli", "serve", "--store", str(data), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True).start()
    printed: list[str] = []
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_S
        ready = False
        while time.monotonic() < deadline and proc.poll() is None:
            with contextlib.suppress(queue.Empty):
                printed.append(lines.get(timeout=0.1))
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1) as r:
                    ready = r.status == 200
            except OSError:
                ready = False
            if ready:
                break
        assert ready, f"cchc serve did not answer within {STARTUP_S:g} s: {''.join(printed)[-2000:]}"
        while not lines.empty():
            printed.append(lines.get_nowait())
        yield base, printed
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _sw(base: str, query: str, fmt: str) -> SPARQLWrapper:
    sw = SPARQLWrapper(base + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


def test_serve_prints_the_urls_to_open(server: tuple[str, list[str]]) -> None:
    base, printed = server
    text = "".join(printed)
    for path in ("/sparql?query=", "/api/cites?instrument=", "/api/queries", "/docs"):
        assert base + path in text, text
    url = next(line.split()[-1] for line in printed if "SPARQL endpoint" in line)
    with urllib.request.urlopen(url, timeout=10) as r:
        assert r.status == 200 and r.headers["Content-Type"] == "application/sparql-results+json"


def test_sparqlwrapper_select_json(server: tuple[str, list[str]]) -> None:
    result = _sw(server[0], CITING_107, JSON).queryAndConvert()
    assert isinstance(result, dict)
    assert {b["task"]["value"] for b in result["results"]["bindings"]} == TASKS_107


def test_sparqlwrapper_select_json_by_post(server: tuple[str, list[str]]) -> None:
    sw = _sw(server[0], CITING_107, JSON)
    sw.setMethod(POST)
    result = sw.queryAndConvert()
    assert isinstance(result, dict)
    assert {b["task"]["value"] for b in result["results"]["bindings"]} == TASKS_107


def test_sparqlwrapper_select_xml_and_csv(server: tuple[str, list[str]]) -> None:
    doc = _sw(server[0], CITING_107, XML).queryAndConvert()
    uris = {n.firstChild.data for n in doc.getElementsByTagName("uri")}  # type: ignore[union-attr]
    assert uris == TASKS_107
    csv_text = _sw(server[0], CITING_107, CSV).queryAndConvert()
    assert isinstance(csv_text, bytes)
    assert {line.split(",")[0] for line in csv_text.decode().splitlines()[1:]} == TASKS_107


def test_sparqlwrapper_construct_turtle(server: tuple[str, list[str]]) -> None:
    g = _sw(server[0], CONSTRUCT, TURTLE).queryAndConvert()
    if isinstance(g, bytes):
        g = Graph().parse(data=g.decode(), format="turtle")
    assert isinstance(g, Graph) and {str(s) for s in g.subjects()} == TASKS_107


def test_sparqlwrapper_ask(server: tuple[str, list[str]]) -> None:
    result = _sw(server[0], f"ASK {{ <{ND107}> ?p ?o }}", JSON).queryAndConvert()
    assert isinstance(result, dict) and result["boolean"] is True


def test_an_update_over_http_is_refused(server: tuple[str, list[str]]) -> None:
    req = urllib.request.Request(
        server[0] + "/sparql",
        data=b"DROP ALL",
        headers={"Content-Type": "application/sparql-update"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=10)
    assert e.value.code == 403
    assert e.value.headers["Content-Type"] == "application/problem+json"
    result = _sw(server[0], "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON).queryAndConvert()
    assert isinstance(result, dict) and int(result["results"]["bindings"][0]["n"]["value"]) > 0


def test_listens_on_loopback_only(server: tuple[str, list[str]]) -> None:
    port = int(server[0].rsplit(":", 1)[1])
    assert Path("/proc/net/tcp").exists()
    # 0100007F is 127.0.0.1 in /proc/net/tcp; no row listens on 0.0.0.0 (00000000) at our port.
    rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    listening = [r[1] for r in rows if r[3] == "0A" and int(r[1].split(":")[1], 16) == port]
    assert listening == ["0100007F:" + f"{port:04X}"]


def _raw(base: str, request: bytes, body_chunks: int = 0) -> bytes:
    """Send raw bytes (and then up to ``body_chunks`` 64 KiB chunks of a chunked body,
    stopping when the server closes), return the response head."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(request)
        try:
            for _ in range(body_chunks):
                s.sendall(b"10000\r\n" + b"#" * 0x10000 + b"\r\n")
        except OSError:  # the server answered and closed: what H1 asks
            pass
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        return data


def test_a_100kb_url_is_refused_by_the_real_server(server: tuple[str, list[str]]) -> None:
    head = _raw(server[0], b"GET /sparql?query=" + b"A" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    # uvicorn (h11) passes it on; the app refuses it: 100 kB of query is over max_query_bytes.
    assert head.startswith(b"HTTP/1.1 414"), head[:200]
    assert b"application/problem+json" in head
    urllib.request.urlopen(server[0] + "/healthz", timeout=10).close()  # still serving


def test_a_chunked_10mb_body_is_refused_by_the_real_server(server: tuple[str, list[str]]) -> None:
    head = _raw(
        server[0],
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n",
        body_chunks=160,
    )
    assert head.startswith(b"HTTP/1.1 413"), head[:200]
    assert b"application/problem+json" in head
    urllib.request.urlopen(server[0] + "/healthz", timeout=10).close()
