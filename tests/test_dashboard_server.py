"""The dashboard server's guards and its streamed CSV download (issue 24, item 7)."""

from __future__ import annotations

import csv
import glob
import io
import json
import tempfile
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest

from dashboards.app import create_app
from dashboards.download import ROUTE, write_csv
from dashboards.security import MAX_BODY_BYTES, SECURITY_HEADERS, loopback_hosts
from tests.dashboard_fixtures import *  # noqa: F403 - the shared store fixtures
from tests.dashboard_fixtures import ROWS, rows_frame
from tests.support.synth import write_incidents_store


@pytest.fixture(scope="module")
def loopback_app(small_store: Path):  # noqa: ANN201 - a dash.Dash
    return create_app(small_store, allowed_hosts=loopback_hosts("127.0.0.1"))


def test_a_body_over_the_cap_is_refused_unread(loopback_app) -> None:  # noqa: ANN001
    client = loopback_app.server.test_client()
    body = b"{" + b" " * (MAX_BODY_BYTES + 1) + b"}"
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("host", "status"),
    [("127.0.0.1:8050", 200), ("localhost:8050", 200), ("[::1]:8050", 200), ("evil.example:8050", 400)],
    ids=["ipv4", "localhost", "ipv6", "rebinding"],
)
def test_host_header_checked_on_loopback(loopback_app, host: str, status: int) -> None:  # noqa: ANN001
    response = loopback_app.server.test_client().get("/", headers={"Host": host})
    assert response.status_code == status


def test_no_host_check_when_exposed(small_store: Path) -> None:
    app = create_app(small_store, allowed_hosts=loopback_hosts("0.0.0.0"))
    assert app.server.test_client().get("/", headers={"Host": "tracker.example"}).status_code == 200


@pytest.mark.parametrize("path", ["/", "/_dash-layout", ROUTE, "/no-such-page"])
def test_security_headers_on_every_response(loopback_app, path: str) -> None:  # noqa: ANN001
    response = loopback_app.server.test_client().get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name


def test_download_is_streamed_from_a_file_served_once(loopback_app) -> None:  # noqa: ANN001
    before = set(glob.glob(f"{tempfile.gettempdir()}/tracker-download-*"))
    response = loopback_app.server.test_client().get(ROUTE, query_string={"filters": "{}"})
    assert response.is_streamed
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == len(ROWS)
    response.close()
    assert set(glob.glob(f"{tempfile.gettempdir()}/tracker-download-*")) == before, "temporary file removed"


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", json.dumps({"sides": 5, "since": "soon"})])
def test_download_with_bad_filters_gives_everything(loopback_app, raw: str) -> None:  # noqa: ANN001
    response = loopback_app.server.test_client().get(ROUTE, query_string={"filters": raw})
    assert response.status_code == 200
    assert len(list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))) == len(ROWS)


def _big_store(path: Path, copies: int) -> Path:
    frame = rows_frame(ROWS)
    many = pd.concat([frame] * copies, ignore_index=True)
    many["event_id"] = [f"E{i}" for i in range(len(many))]
    return write_incidents_store(path, many)


def test_download_memory_does_not_grow_with_the_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboards import download
    from dashboards.data import DashboardData, Filters

    monkeypatch.setattr(download, "BATCH_ROWS", 200)  # many batches at both sizes
    peaks = []
    for copies in (100, 1000):
        data = DashboardData(_big_store(tmp_path / f"s{copies}.duckdb", copies))
        with open(tmp_path / f"out{copies}.csv", "wb") as out:
            tracemalloc.start()
            rows = write_csv(data, Filters(), out, excel=False)
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        data.close()
        assert rows == copies * len(ROWS)
    # Ten times the rows, about the same peak (one batch of rows at a time).
    assert peaks[1] < 1.5 * peaks[0], peaks
