"""Load on a running dashboard: concurrent clients posting real callback requests over loopback.

Starts ``tracker dashboard`` on a synthetic store (1,000,000 incidents by default, written once
and reused), then runs ``--clients`` threads for ``--seconds``. Each client behaves like a user: it
changes the filters (random sides, governorates, dates, violations only, minimum deaths), which
makes the browser post every view's callback (KPIs, both timelines, heatmap, map, table page), then
turns a table page and opens the evidence of an incident. The request bodies are built from the
app's own ``callback_map``, so they are the ones the browser sends. Prints throughput, p50/p95/p99
latency per callback and overall, and every error (target: no errors, p95 < 1 s).

    python benchmarks/load_dashboard.py --clients 20 --seconds 60
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_dashboard import ensure_store  # noqa: E402

from dashboards import ids  # noqa: E402
from tests.test_dashboard_security import callback_payload  # noqa: E402

TABLE = (
    f"..{ids.TABLE}.data...{ids.TABLE}.page_count...{ids.TABLE}.page_current...{ids.TABLE_COUNT}.children.."
)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


class Recorder:
    """Latencies and errors from all clients (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()

    def add(self, name: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latency[name].append(seconds)
            if error:
                self.errors[f"{name}: {error}"] += 1


class Client(threading.Thread):
    """One simulated user with a keep-alive connection."""

    def __init__(
        self, app: Any, port: int, options: dict, event_ids: list[str], until: float, rec: Recorder, seed: int
    ):
        super().__init__(daemon=True)
        self.app, self.port, self.options, self.event_ids = app, port, options, event_ids
        self.until, self.rec, self.rng = until, rec, random.Random(seed)
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def post(self, name: str, body: dict) -> Any:
        data = json.dumps(body)
        t0 = time.perf_counter()
        error = None
        answer = None
        try:
            self.conn.request("POST", "/_dash-update-component", data, {"Content-Type": "application/json"})
            response = self.conn.getresponse()
            raw = response.read()
            if response.status not in (200, 204):
                error = f"HTTP {response.status}"
            elif response.status == 200:
                answer = json.loads(raw)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            error = type(exc).__name__
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        self.rec.add(name, time.perf_counter() - t0, error)
        return answer

    def filters(self) -> dict[str, Any]:
        rng, opt = self.rng, self.options
        f: dict[str, Any] = {}
        if rng.random() < 0.5:
            f["sides"] = rng.sample(opt["sides"], k=rng.randint(1, min(2, len(opt["sides"]))))
        if rng.random() < 0.4:
            f["admin1"] = rng.sample(opt["admin1"], k=rng.randint(1, min(3, len(opt["admin1"]))))
        if rng.random() < 0.4:
            year = rng.choice([2016, 2017, 2018])
            f["start"], f["end"] = f"{year}-01-01", f"{year}-{rng.randint(2, 12):02d}-28"
        if rng.random() < 0.3:
            f["violations_only"] = True
        if rng.random() < 0.2:
            f["min_fatalities"] = rng.choice([1, 5, 10])
        return f

    def run(self) -> None:
        views = [
            f"{ids.KPIS}.children",
            f"{ids.TIMELINE_ACTOR}.figure",
            f"{ids.TIMELINE_PLACE}.figure",
            f"{ids.HEATMAP}.figure",
            f"{ids.MAP}.figure",
        ]
        while time.monotonic() < self.until:
            f = self.filters()
            freq = self.rng.choice(["day", "week", "month"])
            measure = self.rng.choice(["events", "fatalities"])
            values = {
                f"{ids.FILTERS}.data": f,
                f"{ids.FREQ}.value": freq,
                f"{ids.MEASURE}.value": measure,
                f"{ids.TABLE}.page_current": 0,
                f"{ids.TABLE}.page_size": 15,
                f"{ids.TABLE}.sort_by": [],
            }
            for view in views:
                self.post(
                    view.split(".")[0],
                    callback_payload(self.app, view, values, changed=[f"{ids.FILTERS}.data"]),
                )
            answer = self.post(
                "table", callback_payload(self.app, TABLE, values, changed=[f"{ids.FILTERS}.data"])
            )
            page_rows = (answer or {}).get("response", {}).get(ids.TABLE, {}).get("data") or []
            values[f"{ids.TABLE}.page_current"] = self.rng.randint(1, 20)
            values[f"{ids.TABLE}.sort_by"] = [{"column_id": "fatalities", "direction": "desc"}]
            self.post(
                "table-page", callback_payload(self.app, TABLE, values, changed=[f"{ids.TABLE}.page_current"])
            )
            event_id = page_rows[0]["id"] if page_rows else self.rng.choice(self.event_ids)
            self.post(
                "evidence",
                callback_payload(self.app, f"{ids.EVIDENCE}.children", {f"{ids.SELECTED}.data": event_id}),
            )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, proc: subprocess.Popen, log: Any, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise SystemExit(f"the dashboard exited: {log.read()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the dashboard did not start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/tracker-load-1m.duckdb"))
    parser.add_argument("-n", type=int, default=1_000_000, help="Incidents in the synthetic store.")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)

    store = ensure_store(args.store, args.n)
    from dashboards.app import create_app

    app = create_app(store)  # in this process only for its callback_map and filter options
    options = app.tracker_data.options()
    opts = {"sides": list(options.get("sides") or []), "admin1": list(options.get("admin1") or [])}
    event_ids = app.tracker_data.page(
        __import__("dashboards.data").data.Filters(), page=0, size=200, sort_by=[]
    )["event_id"].tolist()
    app.tracker_data.close()

    port = _free_port()
    # The server logs a line per request: to a file, as a pipe nobody reads would fill and block it.
    log = tempfile.TemporaryFile(mode="w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "tracker.cli", "dashboard", "--store", str(store), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
        cwd=ROOT,
    )
    try:
        _wait(port, server, log)
        rec = Recorder()
        start = time.monotonic()
        until = start + args.seconds
        clients = [Client(app, port, opts, event_ids, until, rec, seed) for seed in range(args.clients)]
        for c in clients:
            c.start()
        for c in clients:
            c.join(args.seconds + 120)
        elapsed = time.monotonic() - start
        alive = server.poll() is None
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.seek(0)
        tracebacks = log.read().count("Traceback")

    all_ms = [t * 1000 for ts in rec.latency.values() for t in ts]
    print(f"store: {args.n:,} incidents; {args.clients} clients for {elapsed:.0f} s on 127.0.0.1:{port}")
    print(f"{'callback':<16}{'requests':>10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for name, ts in sorted(rec.latency.items()):
        ms = [t * 1000 for t in ts]
        print(
            f"{name:<16}{len(ms):>10,}{statistics.median(ms):>10.0f}{_percentile(ms, 0.95):>10.0f}"
            f"{_percentile(ms, 0.99):>10.0f}{max(ms):>10.0f}"
        )
    print(
        f"{'all':<16}{len(all_ms):>10,}{statistics.median(all_ms):>10.0f}{_percentile(all_ms, 0.95):>10.0f}"
        f"{_percentile(all_ms, 0.99):>10.0f}{max(all_ms):>10.0f}"
    )
    print(f"throughput: {len(all_ms) / elapsed:.1f} requests/s; errors: {sum(rec.errors.values())}")
    for error, count in rec.errors.most_common():
        print(f"  {count:>6} {error}")
    print(f"server still running at the end: {alive}; tracebacks in its log: {tracebacks}")
    return 1 if rec.errors or not alive else 0


if __name__ == "__main__":
    sys.exit(main())
