"""The dashboard server's guards: a request body cap, a Host check on loopback, security headers.

:func:`secure` is applied by :func:`dashboards.app.create_app` to its Flask server:

- bodies larger than :data:`MAX_BODY_BYTES` are refused with 413 before they are read (a callback's
  JSON is a few KB; a 1 GB body must not be buffered);
- with ``allowed_hosts`` (``tracker dashboard`` passes the loopback names when it binds to 127.0.0.1
  or ::1) a request naming another Host is refused with 400, so a web page cannot reach the
  dashboard through DNS rebinding;
- the callback route (where the review form's decisions arrive) answers POST only: no GET (a link,
  an image, a prefetch) reaches a callback, so nothing changes through one;
- every response carries ``X-Content-Type-Options``, ``X-Frame-Options``, ``Referrer-Policy``,
  ``Cross-Origin-Opener-Policy`` and a ``Content-Security-Policy`` that allows this server only
  (Dash's own inline bootstrap script needs ``'unsafe-inline'``; Plotly needs ``'unsafe-eval'``).
"""

from __future__ import annotations

from collections.abc import Iterable

import flask

__all__ = ["CALLBACK_ROUTE", "MAX_BODY_BYTES", "SECURITY_HEADERS", "loopback_hosts", "secure"]

#: Dash's callback route (below the app's path prefix).
CALLBACK_ROUTE = "/_dash-update-component"

#: Largest request body accepted (bytes).
MAX_BODY_BYTES = 4 * 2**20

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
}

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def loopback_hosts(host: str) -> frozenset[str] | None:
    """The Host names a server bound to ``host`` answers, or None (no check) when it is not loopback.

    >>> sorted(loopback_hosts("127.0.0.1"))
    ['127.0.0.1', '[::1]', 'localhost']
    >>> loopback_hosts("0.0.0.0") is None
    True
    """
    if host.strip("[]") not in _LOOPBACK and not host.startswith("127."):
        return None
    return frozenset(
        {"127.0.0.1", "localhost", "[::1]", host if ":" not in host else f"[{host.strip('[]')}]"}
    )


def _hostname(header: str) -> str:
    """The Host header without its port (``[::1]:8050`` -> ``[::1]``)."""
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def secure(server: flask.Flask, *, allowed_hosts: Iterable[str] | None = None) -> None:
    """Cap request bodies, check the Host header against ``allowed_hosts`` (None: no check) and add
    the security headers to every response of ``server``."""
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    allowed = None if allowed_hosts is None else frozenset(h.lower() for h in allowed_hosts)

    @server.before_request
    def _check_request() -> flask.Response | None:
        length = flask.request.content_length
        if length is not None and length > MAX_BODY_BYTES:
            return flask.Response("Request body too large", status=413, mimetype="text/plain")
        if flask.request.path.endswith(CALLBACK_ROUTE) and flask.request.method != "POST":
            return flask.Response(
                "Callbacks are POSTed", status=405, mimetype="text/plain", headers={"Allow": "POST"}
            )
        if allowed is not None:
            host = _hostname(flask.request.headers.get("Host", "").lower())
            if host not in allowed:
                return flask.Response("Unknown host", status=400, mimetype="text/plain")
        return None

    @server.after_request
    def _headers(response: flask.Response) -> flask.Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
