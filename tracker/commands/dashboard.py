"""``tracker dashboard`` and ``tracker demo``: serve the dashboard on a store.

``dashboard`` reads an existing store (its review form records decisions through a writer of the
store). ``demo`` ingests the bundled demo corpus
(``tracker/resources/demo/articles.jsonl``) into a store in the user's data folder, prints what it
found and serves the dashboard on it. Both listen on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import webbrowser
from pathlib import Path
from typing import Any

import click

from tracker.commands.options import store_option

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
APP_DIR = "ceasefire-tracker"


def user_data_dir() -> Path:
    """Where the demo store lives: ``$XDG_DATA_HOME/ceasefire-tracker`` or
    ``~/.local/share/ceasefire-tracker`` (``%LOCALAPPDATA%`` on Windows)."""
    base = os.environ.get("XDG_DATA_HOME") or os.environ.get("LOCALAPPDATA")
    root = Path(base) if base else Path.home() / ".local" / "share"
    return root / APP_DIR


def _warn_if_exposed(host: str) -> None:
    if host not in LOCAL_HOSTS:
        click.secho(
            f"Warning: listening on {host} makes the dashboard (and the store's articles) reachable "
            "from other machines. It has no login.",
            fg="yellow",
            err=True,
        )


def may_review(host: str, token: str | None) -> bool:
    """Whether the review form may record decisions on a dashboard bound to ``host``: always on
    loopback, beyond it only with the operator's token (which every decision must then give).

    >>> may_review("127.0.0.1", None), may_review("0.0.0.0", None), may_review("0.0.0.0", "s3cret")
    (True, False, True)
    """
    from dashboards.security import loopback_hosts

    return loopback_hosts(host) is not None or bool(token)


def port_free(host: str, port: int) -> bool:
    """Whether a server could listen on ``host:port`` now (bound as the server binds it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        if os.name != "nt":  # as werkzeug does, so a port in TIME_WAIT counts as free
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class PlainText(logging.Filter):
    """Drops the terminal colour codes werkzeug writes into its messages (they show as raw text in
    our log format and in files)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = _ANSI.sub("", record.getMessage()), ()
        return True


def _quiet_server_logs() -> None:
    """One startup line of our own: werkzeug's request lines and banner only with ``-v``."""
    server_log = logging.getLogger("werkzeug")
    server_log.addFilter(PlainText())
    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        server_log.setLevel(logging.WARNING)


#: What to type when the dashboard's packages are missing.
INSTALL_DASHBOARD = "pip install 'ceasefire-tracker[dashboard]'"


def require_dashboard() -> None:
    """A clear error when the dashboard's packages (the ``dashboard`` extra) are not installed."""
    try:
        import dash  # noqa: F401  (plotly comes with it)
    except ImportError as exc:
        raise click.ClickException(
            f"the dashboard needs Dash ({exc.name} is not installed): {INSTALL_DASHBOARD}"
        ) from None


def _serve(
    store: Path, *, host: str, port: int, debug: bool, open_browser: bool, review_token: str | None = None
) -> None:
    import duckdb

    from dashboards.app import create_app
    from dashboards.security import loopback_hosts

    _warn_if_exposed(host)
    if not port_free(host, port):
        raise click.ClickException(
            f"port {port} on {host} is in use by another program: stop it, or choose another port with --port"
        )
    try:
        review = may_review(host, review_token)
        app = create_app(store, allowed_hosts=loopback_hosts(host), review=review, review_token=review_token)
    except duckdb.Error as exc:  # e.g. another process holds the store open for writing
        raise click.ClickException(f"cannot open {store} for reading: {exc}") from exc
    shown = "[" + host + "]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    _quiet_server_logs()
    click.echo(f"Dashboard on {url}  (Ctrl+C to stop)")
    if not review:
        click.echo(
            "Reviewing is off: start with --review-token (or TRACKER_REVIEW_TOKEN) to allow it.", err=True
        )
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    if debug:
        app.logger.propagate = False  # Dash prints its own "running on" line once, not twice
        app.run(host=host, port=port, debug=True)
    else:
        from werkzeug.serving import run_simple

        # The server itself, without Flask's and Dash's banners repeating the address.
        run_simple(host, port, app.server, threaded=True)


def _server_options(func: Any) -> Any:
    func = click.option(
        "--host", default="127.0.0.1", show_default=True, metavar="HOST", help="Interface to listen on."
    )(func)
    func = click.option(
        "--port",
        default=8050,
        show_default=True,
        type=click.IntRange(0, 65535),
        metavar="PORT",
        help="Port to listen on.",
    )(func)
    return func


@click.command(name="dashboard")
@store_option("Store file to show.", as_path=True, param="store")
@_server_options
@click.option(
    "--debug", is_flag=True, help="Dash debug mode (reloader, error pop-ups). Never on a shared host."
)
@click.option(
    "--review-token",
    envvar="TRACKER_REVIEW_TOKEN",
    metavar="TOKEN",
    help="Secret a reviewer types to save a review (or set TRACKER_REVIEW_TOKEN). Needed to review "
    "when --host is not loopback; reading stays open.",
)
def dashboard(store: Path, host: str, port: int, debug: bool, review_token: str | None) -> None:
    """Start the dashboard on a store. Needs the dashboard extra (Dash, which brings Plotly).

    The dashboard reads the store; its review form records analysts' decisions (confirm, reject,
    correct a field) in the store's reviews table, on loopback freely, beyond it only with
    --review-token.
    """
    require_dashboard()
    if not store.is_file():
        raise click.ClickException(f"no store at {store}: run 'tracker ingest' first or pass --store")
    _serve(store, host=host, port=port, debug=debug, open_browser=False, review_token=review_token)


def summarise(store: Path) -> str:
    """What the store holds, for the terminal: events, violations by side, top governorates."""
    from dashboards.data import DashboardData, Filters

    data = DashboardData(store)
    try:
        kpis = data.kpis(Filters())
        places = data.by_governorate(Filters()).sort_values(["events", "violations"], ascending=False).head(5)
    finally:
        data.close()
    lines = [
        f"{kpis['events']:,} events, {kpis['violations']:,} ceasefire violations, {kpis['fatalities']:,} killed"
    ]
    if kpis["by_side"]:
        lines.append("Violations by side of the perpetrator:")
        lines += [
            f"  {side:<12} {v['violations']:>6,} of {v['events']:,} events"
            for side, v in kpis["by_side"].items()
        ]
    if not places.empty:
        lines.append("Top governorates:")
        lines += [
            f"  {r.admin1:<16} {int(r.events):>6,} events, {int(r.violations):,} violations"
            for r in places.itertuples()
        ]
    return "\n".join(lines)


def ingest_demo(store: Path) -> Any:
    """Ingest the bundled demo corpus into ``store`` (already-ingested articles are skipped)."""
    from tracker.resources import path as resource_path
    from tracker.run.ingest import ingest
    from tracker.run.inputs import RunReport, read_inputs
    from tracker.store import Store

    corpus = resource_path("demo", "articles.jsonl")
    store.parent.mkdir(parents=True, exist_ok=True)
    report = RunReport()
    with Store(store) as st:
        result = ingest(st, read_inputs([str(corpus)], report=report), progress=False)
    return result


@click.command(name="demo")
@click.option(
    "--store",
    "store",
    default=None,
    metavar="PATH",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Store file for the demo [default: demo.duckdb in the user data folder; never $TRACKER_STORE, "
    "so the demo's made-up articles stay out of your own store].",
)
@_server_options
@click.option("--no-browser", is_flag=True, help="Do not open a web browser.")
@click.option("--no-serve", is_flag=True, hidden=True, help="Ingest and summarise only (for tests).")
def demo(store: Path | None, host: str, port: int, no_browser: bool, no_serve: bool) -> None:
    """Ingest the bundled demo corpus and start the dashboard on it (needs the dashboard extra)."""
    if not no_serve:
        require_dashboard()
    store = store or user_data_dir() / "demo.duckdb"
    click.echo(f"Reading the demo corpus into {store} ...")
    ingest_demo(store)
    click.echo(summarise(store))
    if not no_serve:
        _serve(store, host=host, port=port, debug=False, open_browser=not no_browser)
