"""The dashboard application factory.

Reads the store file given to :func:`create_app` (read-only, through :mod:`dashboards.data`); serves
the page, its scripts and styles from this machine only (no CDN, no web fonts, no map tiles).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import dash
import flask

from dashboards.callbacks import register
from dashboards.data import DashboardData, load_boundaries
from dashboards.layout import build_layout
from dashboards.security import secure

ASSETS = Path(__file__).resolve().parent / "assets"


def create_app(
    store_path: str | Path,
    *,
    read_only: bool = True,
    boundaries_path: str | Path | None = None,
    title: str = "Ceasefire tracker",
    allowed_hosts: Iterable[str] | None = None,
) -> dash.Dash:
    """A Dash app showing the store at ``store_path``; ``app.server`` is the Flask app.

    ``boundaries_path`` overrides the packaged governorate GeoJSON (the map is drawn without
    outlines when neither exists). The page layout is built per request, so reloading the page picks
    up new filter values after an ingest. The server caps request bodies, sends security headers and,
    with ``allowed_hosts``, refuses other Host headers (:func:`dashboards.security.secure`).
    """
    data = DashboardData(store_path, read_only=read_only, boundaries=load_boundaries(boundaries_path))
    app = dash.Dash(
        __name__,
        title=title,
        assets_folder=str(ASSETS),
        serve_locally=True,
        external_stylesheets=[],
        external_scripts=[],
        update_title=None,  # type: ignore[arg-type]  # None keeps the tab title still while updating
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.layout = lambda: build_layout(data.options())
    boundaries_url = None
    if data.boundaries is not None:
        # Served by the app itself so the browser fetches the outlines once, not with every map.
        route = "/_tracker/syr_adm1.geojson"
        body = json.dumps(data.boundaries, ensure_ascii=False).encode("utf-8")

        def boundaries() -> flask.Response:
            response = flask.Response(body, mimetype="application/geo+json")
            response.cache_control.max_age = 3600
            return response

        app.server.add_url_rule(route, "tracker_boundaries", boundaries)
        boundaries_url = app.get_relative_path(route)
    register(app, data, boundaries_url=boundaries_url)

    def not_found(_exc: Exception) -> tuple[str, int]:
        # a component-suite path naming no registered library is a missing file, not a server error
        return "Not found", 404

    from dash.exceptions import DependencyException

    app.server.register_error_handler(DependencyException, not_found)
    secure(app.server, allowed_hosts=allowed_hosts)
    app.tracker_data = data  # type: ignore[attr-defined]  # for tests and the CLI summary
    return app


__all__ = ["create_app"]
