"""The CSV download of the filtered incidents, written to a file and served once.

A Dash download (``dcc.send_bytes``) builds the whole CSV in memory and sends it base64-encoded inside
the callback's JSON: several hundred MB for 100,000 incidents. Instead the download buttons send the
browser (a client-side callback, no server round trip) to :data:`ROUTE` with the filters in the
query string; the route writes the CSV batch by batch (:data:`BATCH_ROWS` rows at a time, the same
cells and formula guards as ``tracker export``) to a temporary file, holding the store's snapshot only
while it writes, then streams the file and deletes it. Memory does not depend on the row count.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from datetime import date
from typing import IO

import dash
import flask
from dash import Input, Output, State

from dashboards import ids
from dashboards.data import DashboardData, Filters
from tracker.export import to_csv_bytes
from tracker.schema import conform

__all__ = ["BATCH_ROWS", "ROUTE", "register_download", "write_csv"]

ROUTE = "/_tracker/download.csv"
BATCH_ROWS = 5000
_READ_BYTES = 1 << 16


def write_csv(data: DashboardData, filters: Filters, out: IO[bytes], *, excel: bool) -> int:
    """Write the filtered incidents to ``out`` as CSV (``excel``: with a BOM); returns the row count."""
    sql, params = data.filtered_sql(filters)
    rows = 0
    with data.cursor() as cur:
        # A relation streams; an executed DB-API result would first copy every row into Arrow.
        batches = cur.sql(sql, params=params).to_arrow_reader(BATCH_ROWS)
        first = True
        for batch in batches:
            chunk = to_csv_bytes(conform(batch.to_pandas()), excel=excel and first)
            if not first:
                chunk = chunk.split(b"\r\n", 1)[1]  # the header once
            out.write(chunk)
            rows += batch.num_rows
            first = False
        if first:  # no rows: the header alone
            empty = conform(cur.execute(f"SELECT * FROM ({sql}) LIMIT 0", params).df())
            out.write(to_csv_bytes(empty, excel=excel))
    return rows


def _stream(handle: IO[bytes], path: str) -> Iterator[bytes]:
    try:
        while chunk := handle.read(_READ_BYTES):
            yield chunk
    finally:
        handle.close()
        os.unlink(path)


def register_download(app: dash.Dash, data: DashboardData) -> None:
    """Serve :data:`ROUTE` on ``app`` and make the download buttons open it with the current filters."""

    def serve() -> flask.Response:
        try:
            raw = json.loads(flask.request.args.get("filters") or "{}")
        except ValueError:
            raw = {}
        try:
            filters = Filters.from_dict(raw if isinstance(raw, dict) else {})
        except (TypeError, ValueError):  # a hand-made query string: all incidents, not an error page
            filters = Filters()
        excel = flask.request.args.get("excel") == "1"
        fd, path = tempfile.mkstemp(prefix="tracker-download-", suffix=".csv")
        handle = os.fdopen(fd, "w+b")
        try:
            write_csv(data, filters, handle, excel=excel)
            handle.seek(0)
        except BaseException:
            handle.close()
            os.unlink(path)
            raise
        name = f"ceasefire-events-{date.today().isoformat()}{'-excel' if excel else ''}.csv"
        response = flask.Response(_stream(handle, path), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        response.headers["Cache-Control"] = "no-store"
        return response

    app.server.add_url_rule(ROUTE, "tracker_download", serve)
    url = json.dumps(app.get_relative_path(ROUTE))
    app.clientside_callback(
        f"""function(csv, excel, filters) {{
            const ctx = window.dash_clientside.callback_context;
            const which = (ctx.triggered[0] || {{}}).prop_id || "";
            const query = new URLSearchParams({{
                filters: JSON.stringify(filters || {{}}),
                excel: which.startsWith({json.dumps(ids.DOWNLOAD_EXCEL)} + ".") ? "1" : "0",
            }});
            window.location.assign({url} + "?" + query.toString());
            return window.dash_clientside.no_update;
        }}""",
        Output(ids.DOWNLOAD, "data"),
        Input(ids.DOWNLOAD_CSV, "n_clicks"),
        Input(ids.DOWNLOAD_EXCEL, "n_clicks"),
        State(ids.FILTERS, "data"),
        prevent_initial_call=True,
    )
