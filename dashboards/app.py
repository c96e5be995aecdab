"""The dashboard application factory.

Reads the store file given to :func:`create_app` (read-only, through :mod:`dashboards.data`; the
review form's decisions go through a writer of the store, :mod:`dashboards.review`); serves
the page, its scripts and styles, and the map's base layers and glyphs from this machine only (no
CDN, no web fonts, no map tiles).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import dash
import flask

from dashboards.basemap import GLYPHS_DIR, empty_glyphs, load_base_map, map_style
from dashboards.callbacks import register
from dashboards.data import DashboardData, load_boundaries
from dashboards.layout import build_layout
from dashboards.review import ReviewWriter
from dashboards.security import secure

ASSETS = Path(__file__).resolve().parent / "assets"


_BLOCKS = frozenset(f"{start}-{start + 255}" for start in range(0, 65536, 256))


def _serve_json(app: dash.Dash, route: str, endpoint: str, collection: dict) -> None:
    body = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def view() -> flask.Response:
        response = flask.Response(body, mimetype="application/geo+json")
        response.cache_control.max_age = 3600
        return response

    app.server.add_url_rule(route, endpoint, view)


def _glyphs(fontstack: str, block: str) -> flask.Response:
    """Map label glyphs: the shipped blocks for any font stack, an empty block for the others."""
    if block not in _BLOCKS:
        flask.abort(404)
    path = GLYPHS_DIR / f"{block}.pbf"
    body = path.read_bytes() if path.is_file() else empty_glyphs(fontstack, block)
    response = flask.Response(body, mimetype="application/x-protobuf")
    response.cache_control.max_age = 86400
    return response


def create_app(
    store_path: str | Path,
    *,
    read_only: bool = True,
    boundaries_path: str | Path | None = None,
    title: str = "Ceasefire tracker",
    allowed_hosts: Iterable[str] | None = None,
    review: bool = True,
    review_token: str | None = None,
) -> dash.Dash:
    """A Dash app showing the store at ``store_path``; ``app.server`` is the Flask app.

    ``boundaries_path`` overrides the packaged governorate GeoJSON (the map is drawn without
    outlines when neither exists). The map's base layers (countries, districts, place names; see
    :mod:`dashboards.basemap`) are served under ``/_tracker/map/`` and its label glyphs under
    ``/_tracker/glyphs/``. The page layout is built per request, so reloading the page picks up new
    filter values after an ingest. The server caps request bodies, sends security headers and,
    with ``allowed_hosts``, refuses other Host headers (:func:`dashboards.security.secure`).

    ``review`` lets the review form record decisions in the store (through a writer of the store:
    :class:`dashboards.review.ReviewWriter`); with ``review_token`` every decision must give it.
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
    writer = ReviewWriter(Path(store_path), token=review_token or None, enabled=review)
    app.layout = lambda: build_layout(data.options(), review_enabled=review, review_token=bool(writer.token))
    base = load_base_map(data.boundaries)
    # Base layers are served by the app itself so the browser fetches them once, not with every map.
    layers = {
        "governorates": data.boundaries,
        "countries": base.countries,
        "districts": base.districts,
        "labels": base.labels,
    }
    urls = {}
    for name, collection in layers.items():
        if collection is not None:
            route = (
                "/_tracker/syr_adm1.geojson" if name == "governorates" else f"/_tracker/map/{name}.geojson"
            )
            _serve_json(app, route, f"tracker_{name}", collection)
            urls[name] = app.get_relative_path(route)
    app.server.add_url_rule(
        "/_tracker/glyphs/<fontstack>/<block>.pbf", "tracker_glyphs", _glyphs, methods=["GET"]
    )
    style = map_style(urls, glyphs_url=app.get_relative_path("/_tracker/glyphs/") + "{fontstack}/{range}.pbf")
    register(
        app,
        data,
        boundaries_url=urls.get("governorates"),
        map_style=style,
        governorate_bounds=base.governorate_bounds,
        writer=writer,
    )

    def not_found(_exc: Exception) -> tuple[str, int]:
        # a component-suite path naming no registered library is a missing file, not a server error
        return "Not found", 404

    from dash.exceptions import DependencyException

    app.server.register_error_handler(DependencyException, not_found)
    secure(app.server, allowed_hosts=allowed_hosts)
    app.tracker_data = data  # type: ignore[attr-defined]  # for tests and the CLI summary
    return app


__all__ = ["create_app"]
