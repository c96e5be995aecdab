"""Dashboard security over HTTP: where it listens, what it renders, what it serves, what it refuses.

``tests/test_dashboard_callbacks.py`` calls the callbacks as functions; here the same app is driven
through its Flask server (``app.server.test_client()``) with the requests a browser, or an
attacker, would send: payloads in every text field of a store come back only as JSON text, CSV
downloads neutralise formulas, no path reads a file outside the app's own, and malformed callback
requests get an error answer while the server keeps serving. The listening address is checked on a
real ``tracker dashboard`` process.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from dashboards import ids
from tests.dashboard_fixtures import ROWS, rows_frame

ROOT = Path(__file__).resolve().parents[1]
XSS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>')
FORMULAS = ('=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "=1+1", "\t=1", "\r=1")
TEXT_FIELDS = ("title", "source", "actor1_text", "actor2_text", "location", "location_text", "count_text")


def hostile_rows() -> list[dict]:
    """The dashboard fixture's rows with script payloads and formulas in every text a user sees."""
    rows = []
    for n, base in enumerate(ROWS):
        row = dict(base)
        payload = XSS[n % len(XSS)]
        formula = FORMULAS[n % len(FORMULAS)]
        for field in TEXT_FIELDS:
            row[field] = f"{payload} {field}"
        row["evidence"] = f"{formula} {payload} evidence of {row['event_id']}"
        row["violation_reason"] = formula
        row["url"] = "javascript:alert(1)" if n % 2 else row.get("url")
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.support.synth import write_incidents_store

    return write_incidents_store(
        tmp_path_factory.mktemp("sec") / "hostile.duckdb", rows_frame(hostile_rows())
    )


@pytest.fixture(scope="module")
def app(hostile_store: Path):  # noqa: ANN201 - a dash.Dash
    from dashboards.app import create_app

    app = create_app(hostile_store)
    yield app
    app.tracker_data.close()


@pytest.fixture
def client(app):  # noqa: ANN001, ANN201 - a Flask test client
    return app.server.test_client()


# --- callback requests, built from the app's own callback definitions -----------------------------


def callback_payload(
    app: Any, output: str, values: Mapping[str, Any], *, changed: Sequence[str] = ()
) -> dict:
    """The JSON body the browser posts to ``/_dash-update-component`` for the callback writing
    ``output`` (a key of ``app.callback_map``); ``values`` maps ``"id.property"`` to a value."""
    spec = app.callback_map[output]

    def props(items: list[dict]) -> list[dict]:
        return [
            {"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")}
            for i in items
        ]

    outputs = [{"id": o.component_id, "property": o.component_property} for o in _outputs(spec)]
    return {
        "output": output,
        "outputs": outputs if output.startswith("..") else outputs[0],
        "inputs": props(spec["inputs"]),
        "state": props(spec["state"]),
        "changedPropIds": list(changed) or [f"{i['id']}.{i['property']}" for i in spec["inputs"][:1]],
    }


def _outputs(spec: Mapping[str, Any]) -> list[Any]:
    out = spec["output"]
    return list(out) if isinstance(out, list | tuple) else [out]


def post(client: Any, body: Any) -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/_dash-update-component", data=data, content_type="application/json")


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, Mapping):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def _components(node: Any) -> list[Mapping[str, Any]]:
    """Every serialised component (``{"type", "namespace", "props"}``) in a callback response."""
    found = []
    if isinstance(node, Mapping):
        if "type" in node and "namespace" in node and "props" in node:
            found.append(node)
        for v in node.values():
            found += _components(v)
    elif isinstance(node, list):
        for v in node:
            found += _components(v)
    return found


def _assert_text_only(response: Any) -> Any:
    assert response.status_code == 200, response.data[:500]
    assert response.mimetype == "application/json"  # a browser never renders this as a page
    raw = response.get_data(as_text=True)
    assert "dangerouslySetInnerHTML" not in raw
    body = response.get_json()
    kinds = {(c["namespace"], c["type"]) for c in _components(body)}
    # Only plain HTML elements whose children are text; no Markdown, Iframe or raw-HTML component.
    assert all(ns == "dash_html_components" for ns, _ in kinds), kinds
    assert not {t for _, t in kinds} & {"Iframe", "Script", "Object", "Embed", "Markdown"}, kinds
    for comp in _components(body):
        props = comp["props"]
        for key in ("href", "src", "srcDoc", "data"):
            value = props.get(key)
            assert not (isinstance(value, str) and value.lower().startswith("javascript:")), comp
    return body


@pytest.mark.parametrize("event_id", [r["event_id"] for r in ROWS])
def test_evidence_over_http_keeps_payloads_as_text(app: Any, client: Any, event_id: str) -> None:
    body = _assert_text_only(
        post(client, callback_payload(app, f"{ids.EVIDENCE}.children", {f"{ids.SELECTED}.data": event_id}))
    )
    texts = " ".join(_strings(body))
    row = next(r for r in hostile_rows() if r["event_id"] == event_id)
    payload = next(p for p in XSS if p in row["evidence"])
    assert payload in texts  # shown, as text


def test_table_over_http_keeps_payloads_as_text(app: Any, client: Any) -> None:
    output = f"..{ids.TABLE}.data...{ids.TABLE}.page_count...{ids.TABLE}.page_current...{ids.TABLE_COUNT}.children.."
    body = _assert_text_only(
        post(
            client,
            callback_payload(
                app,
                output,
                {
                    f"{ids.FILTERS}.data": {},
                    f"{ids.TABLE}.page_current": 0,
                    f"{ids.TABLE}.page_size": 50,
                    f"{ids.TABLE}.sort_by": [],
                },
            ),
        )
    )
    rows = body["response"][ids.TABLE]["data"]
    assert len(rows) == len(ROWS)
    assert any(XSS[0] in str(v) for r in rows for v in r.values())
    # The table's columns are plain text (no markdown presentation that would render HTML).
    table = next(c for c in _layout_components(client) if c["props"].get("id") == ids.TABLE)
    assert all(col.get("presentation") in (None, "input") for col in table["props"].get("columns", []))
    assert not table["props"].get("markdown_options", {}).get("html")


def _layout_components(client: Any) -> list[Mapping[str, Any]]:
    return _components(client.get("/_dash-layout").get_json())


@pytest.mark.parametrize("excel", [False, True], ids=["csv", "excel-csv"])
def test_csv_download_over_http_neutralises_formulas(app: Any, client: Any, excel: bool) -> None:
    from dashboards.download import ROUTE

    raw = client.get(ROUTE, query_string={"filters": "{}", "excel": "1" if excel else "0"}).get_data()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(ROWS)
    cells = [v for r in rows for v in r.values() if v]
    # No cell a spreadsheet would run as a formula; the hostile ones are kept, quoted with a '.
    assert not [c for c in cells if c[0] in "=+-@\t\r" and not _is_number(c)]
    for formula in {FORMULAS[n % len(FORMULAS)] for n in range(len(ROWS))}:
        assert any(c.startswith("'" + formula) for c in cells), formula


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


# --- no file outside the app is served -------------------------------------------------------------

TRAVERSALS = [
    "/_dash-component-suites/../../etc/passwd",
    "/_dash-component-suites/dash/../../../../../../etc/passwd",
    "/_dash-component-suites/dash/dcc/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/_dash-component-suites/dash/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/_dash-component-suites/dash/dcc/dash_core_components.js/../../../../app.py",
    "/_dash-component-suites/dashboards/app.py",
    "/_dash-component-suites/tracker/store.py",
    "/_dash-component-suites/os/../etc/passwd",
    "/assets/../app.py",
    "/assets/..%2fapp.py",
    "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/assets/....//....//etc/passwd",
    "/assets//etc/passwd",
    "/assets/%2fetc%2fpasswd",
    "/_tracker/../../etc/passwd",
    "/_tracker/syr_adm1.geojson/../../../etc/passwd",
    "/..%2f..%2f..%2fetc%2fpasswd",
    "//etc/passwd",
    "/_favicon.ico/../../app.py",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_endpoint_reads_arbitrary_files(client: Any, hostile_store: Path, path: str) -> None:
    response = client.get(path)
    data = response.get_data()
    assert b"root:x:0:0" not in data and b"root:" not in data[:64]
    assert b"def create_app" not in data and b"import duckdb" not in data  # no source of ours
    assert not data.startswith(hostile_store.read_bytes()[:16])
    # Either refused, or the single page application's index page (Dash's catch-all route); a
    # component-suite path naming no registered library is a 404 (create_app maps it).
    assert response.status_code in (400, 403, 404) or (
        response.status_code == 200 and b'id="react-entry-point"' in data
    ), (response.status_code, data[:200])
    assert b"Traceback" not in data and b"DependencyException" not in data


def test_unknown_component_suite_is_not_found(client: Any) -> None:
    assert client.get("/_dash-component-suites/tracker/store.py").status_code == 404


def test_the_store_file_is_not_served(client: Any, hostile_store: Path) -> None:
    for path in (
        f"/assets/{hostile_store.name}",
        f"/{hostile_store.name}",
        f"/_tracker/{hostile_store.name}",
    ):
        assert hostile_store.read_bytes()[:16] not in client.get(path).get_data()


# --- malformed callback requests ------------------------------------------------------------------

MALFORMED: list[tuple[str, Any]] = [
    ("not-json", "this is not json"),
    ("json-array", "[1, 2, 3]"),
    ("empty-object", "{}"),
    ("truncated", '{"output": "kpis.children", "inputs": [{"id": "filters"'),
    (
        "unknown-output",
        {"output": "nope.children", "outputs": {"id": "nope", "property": "children"}, "inputs": []},
    ),
    ("no-inputs", {"output": "kpis.children", "outputs": {"id": "kpis", "property": "children"}}),
    ("null", "null"),
    ("deep", "[" * 50_000 + "]" * 50_000),
]


def _bad_values(app: Any) -> list[tuple[str, dict]]:
    table = f"..{ids.TABLE}.data...{ids.TABLE}.page_count...{ids.TABLE}.page_current...{ids.TABLE_COUNT}.children.."
    weird: list[tuple[str, str, dict]] = [
        ("filters-string", f"{ids.KPIS}.children", {f"{ids.FILTERS}.data": "DROP TABLE incidents"}),
        ("filters-list", f"{ids.KPIS}.children", {f"{ids.FILTERS}.data": [1, 2]}),
        (
            "filters-bad-types",
            f"{ids.KPIS}.children",
            {
                f"{ids.FILTERS}.data": {
                    "start": "'; DROP TABLE incidents; --",
                    "sides": 7,
                    "min_fatalities": "x",
                }
            },
        ),
        (
            "filters-sql-in-values",
            f"{ids.KPIS}.children",
            {f"{ids.FILTERS}.data": {"admin1": ["Idleb') OR 1=1 --"], "actors": ["x' OR '1'='1"]}},
        ),
        (
            "table-bad-page",
            table,
            {
                f"{ids.FILTERS}.data": {},
                f"{ids.TABLE}.page_current": "abc",
                f"{ids.TABLE}.page_size": -5,
                f"{ids.TABLE}.sort_by": [{"column_id": "1; DROP TABLE incidents", "direction": "sideways"}],
            },
        ),
        (
            "table-huge-page",
            table,
            {
                f"{ids.FILTERS}.data": {},
                f"{ids.TABLE}.page_current": 10**18,
                f"{ids.TABLE}.page_size": 10**9,
                f"{ids.TABLE}.sort_by": "event_id",
            },
        ),
        ("evidence-object", f"{ids.EVIDENCE}.children", {f"{ids.SELECTED}.data": {"$ne": None}}),
        ("evidence-sql", f"{ids.EVIDENCE}.children", {f"{ids.SELECTED}.data": "' OR 1=1 --"}),
        (
            "timeline-bad-view",
            f"{ids.TIMELINE_ACTOR}.figure",
            {f"{ids.FILTERS}.data": {}, f"{ids.FREQ}.value": "'; --", f"{ids.MEASURE}.value": {"a": 1}},
        ),
        (
            "click-garbage",
            f"{ids.SELECTED}.data",
            {
                f"{ids.MAP}.clickData": {"points": [{"customdata": ["x", None, 10**30]}]},
                f"{ids.FILTERS}.data": {},
            },
        ),
        ("url-garbage", _sync_output(app), {f"{ids.URL}.search": "?from=%00%ff&side=" + "x" * 10_000}),
    ]
    return [(name, callback_payload(app, out, vals, changed=[next(iter(vals))])) for name, out, vals in weird]


def _sync_output(app: Any) -> str:
    return next(k for k in app.callback_map if k.startswith(f"..{ids.URL}.search"))


def _still_serving(app: Any, client: Any) -> None:
    ok = post(client, callback_payload(app, f"{ids.KPIS}.children", {f"{ids.FILTERS}.data": {}}))
    assert ok.status_code == 200
    assert str(len(ROWS)) in _strings(ok.get_json())


@pytest.mark.parametrize(("name", "body"), MALFORMED, ids=[n for n, _ in MALFORMED])
def test_malformed_request_is_refused_and_the_server_goes_on(
    app: Any, client: Any, name: str, body: Any
) -> None:
    response = post(client, body)
    assert 400 <= response.status_code <= 500, (name, response.status_code)
    assert b"Traceback" not in response.get_data()
    _still_serving(app, client)


def test_odd_values_never_leak_or_break(app: Any, client: Any) -> None:
    for name, body in _bad_values(app):
        response = post(client, body)
        # A value the callback cannot use is an error answer (or no update), never a crash page.
        assert response.status_code in (200, 204) or 400 <= response.status_code <= 500, name
        assert b"Traceback" not in response.get_data(), name
        _still_serving(app, client)
    # Nothing was dropped through a filter value.
    assert app.tracker_data.count(__import__("dashboards.data").data.Filters()) == len(ROWS)


# --- where the server listens ----------------------------------------------------------------------


def test_listens_on_loopback_by_default() -> None:
    from tracker.commands.dashboard import dashboard, demo

    for command in (dashboard, demo):
        host = next(p for p in command.params if p.name == "host")
        assert host.default == "127.0.0.1", command.name


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(store: Path, *host: str) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tracker.cli", "dashboard", "--store", str(store), "--port", str(port), *host],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    return proc, port


def _wait_listening(host: str, port: int, proc: subprocess.Popen, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def _stop(proc: subprocess.Popen) -> tuple[str, str]:
    proc.terminate()
    try:
        return proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()


def test_real_server_binds_loopback_without_a_warning(hostile_store: Path) -> None:
    proc, port = _start(hostile_store)
    try:
        assert _wait_listening("127.0.0.1", port, proc)
        # Not reachable on this machine's other loopback addresses: it bound 127.0.0.1 only.
        with pytest.raises(OSError), socket.create_connection(("127.0.0.2", port), timeout=1):
            pass
    finally:
        out, err = _stop(proc)
    assert f"Dashboard on http://127.0.0.1:{port}/" in out
    assert "Warning" not in err


def test_real_server_warns_when_opened_wider(hostile_store: Path) -> None:
    # 127.0.0.2 is not one of the local names the command trusts, yet still only on this machine.
    proc, port = _start(hostile_store, "--host", "127.0.0.2")
    try:
        assert _wait_listening("127.0.0.2", port, proc)
    finally:
        out, err = _stop(proc)
    assert "Warning: listening on 127.0.0.2" in err and "no login" in err
    assert f"Dashboard on http://127.0.0.2:{port}/" in out


def test_debug_mode_is_off_unless_asked() -> None:
    from tracker.commands.dashboard import dashboard

    debug = next(p for p in dashboard.params if p.name == "debug")
    assert debug.is_flag
    # what the command receives when --debug is not given (click 8.5 keeps an UNSET sentinel as the
    # declared default of flags, so ask the parser rather than the attribute)
    ctx = dashboard.make_context("dashboard", [], resilient_parsing=True)
    assert ctx.params["debug"] is False
