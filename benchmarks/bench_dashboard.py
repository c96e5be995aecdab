"""Filter latency of the dashboard: its data and figure path, or the whole redraw in a browser.

For each filter change it runs what the callbacks run (KPIs, both timelines, heatmap, map, one
table page with its count), builds the figures and serialises them to JSON as Dash does for the
response, then prints p50/p95 per view and for the whole change, once with the views run one after
another and once all at once (as the browser requests them; DuckDB releases the GIL).

    python benchmarks/bench_dashboard.py                 # 1,000,000 incidents, 40 filter changes
    python benchmarks/bench_dashboard.py -n 100000 --changes 20 --store /tmp/bench.duckdb
    python benchmarks/bench_dashboard.py --demo          # the bundled demo corpus

With ``--browser`` it serves the app and drives headless Chromium (Debian's ``chromium`` and
``chromium-driver``, 1600x1200): each change clicks a filter control (a side, a language,
"violations only") and is timed from the click until every callback it set off has answered and
the browser has painted twice since, i.e. until the page shows the new filters.

    python benchmarks/bench_dashboard.py --demo --browser --changes 40

The store is written once to ``--store`` (default: a temporary file) and reused when it already
holds ``n`` incidents.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

# The checkout, for tests.support.synth: the one generator of synthetic incidents, also used by the tests.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def filter_changes(options: dict[str, Any], count: int, *, seed: int = 0) -> list[dict[str, Any]]:
    """Filter states a user might click through: no filter, then random single and combined ones."""
    rng = random.Random(seed)
    changes: list[dict[str, Any]] = [{}]
    makers: list[Callable[[], dict[str, Any]]] = [
        lambda: {"sides": rng.sample(options["sides"], 1)},
        lambda: {"admin1": rng.sample(options["admin1"], 1)},
        lambda: {"admin1": rng.sample(options["admin1"], 3), "violations_only": True},
        lambda: {"actors": rng.sample(options["actors"][:10], 1)},
        lambda: {"start": "2016-12-30", "end": "2017-05-05"},
        lambda: {"min_fatalities": rng.choice([1, 5, 20])},
        lambda: {"languages": ["ar"], "sources": rng.sample(options["sources"], 1)},
        lambda: {"ceasefires": rng.sample(options["ceasefires"], 1), "sides": ["government", "opposition"]},
        lambda: {"event_types": rng.sample(options["event_types"], 1), "violations_only": True},
    ]
    while len(changes) < count:
        changes.append(rng.choice(makers)())
    return changes


def run(store: Path, changes: int) -> None:
    from plotly.io.json import to_json_plotly

    from dashboards import callbacks
    from dashboards.data import DashboardData, Filters, load_boundaries

    # No answer cache: every change is timed as if it were new.
    data = DashboardData(store, boundaries=load_boundaries(), cache_size=0)
    options = data.options()
    data.ceasefire_periods()  # loaded once per app, not per change
    views: dict[str, Callable[[dict[str, Any]], Any]] = {
        "kpis": lambda f: callbacks.update_kpis(data, f),
        "timeline_actor": lambda f: callbacks.update_actor_timeline(data, f, "week", "events"),
        "timeline_place": lambda f: callbacks.update_place_timeline(data, f, "week", "events"),
        "heatmap": lambda f: callbacks.update_heatmap(data, f),
        "map": lambda f: callbacks.update_map(data, f),
        "table": lambda f: callbacks.update_table(data, "filters", f, 0, 15, []),
    }
    per_view: dict[str, list[float]] = {name: [] for name in views}
    sequential: list[float] = []
    parallel: list[float] = []
    cpu: list[float] = []  # process CPU time (all threads): less sensitive to a busy machine than wall time
    states = filter_changes(options, changes)

    def timed(name: str, f: dict[str, Any]) -> float:
        t = time.perf_counter()
        to_json_plotly(views[name](f))
        return time.perf_counter() - t

    with ThreadPoolExecutor(max_workers=len(views)) as pool:
        for state in states:
            f = Filters.from_dict(state).to_dict()
            t0, c0 = time.perf_counter(), time.process_time()
            for name in views:
                per_view[name].append(timed(name, f))
            sequential.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            # As the browser does it: every view's request at once, the change is done when the last answers.
            t0 = time.perf_counter()
            list(pool.map(timed, views, [f] * len(views)))
            parallel.append(time.perf_counter() - t0)
    n = data.count(Filters())
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"store: {store} ({n:,} incidents), {len(states)} filter changes, {os.cpu_count()} CPUs, load {load:.1f}"
    )
    print(f"{'view':<16}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, times in per_view.items():
        ms = [t * 1000 for t in times]
        print(f"{name:<16}{statistics.median(ms):>9.1f}{_percentile(ms, 0.95):>9.1f}{max(ms):>9.1f}")
    for label, totals in (("all, in turn", sequential), ("all, parallel", parallel), ("CPU per change", cpu)):
        ms = [t * 1000 for t in totals]
        print(f"{label:<16}{statistics.median(ms):>9.1f}{_percentile(ms, 0.95):>9.1f}{max(ms):>9.1f}")
    data.close()


#: Installed in the page: counts the callback requests in flight.
_COUNT_REQUESTS = """
if (!window.__bench) {
    window.__bench = {inflight: 0, started: 0};
    const fetch0 = window.fetch;
    window.fetch = function (url) {
        const callback = String(url).includes('_dash-update-component');
        if (callback) { window.__bench.inflight++; window.__bench.started++; }
        const answer = fetch0.apply(this, arguments);
        if (!callback) return answer;
        // done once the body is read (Dash reads it straight away), then Dash renders
        return answer.then(r => r.clone().text().then(() => r)).finally(() => { window.__bench.inflight--; });
    };
}
"""

#: A fixed piece of work, timed before each change: on a shared machine the redraw is divided by it
#: and multiplied by its quickest run, which estimates the redraw on a quiet machine.
_FLOOR = """
const t0 = performance.now();
let x = 0;
for (let i = 0; i < 3000000; i++) { x = (x * 31 + i) % 1000003; }
window.__floor_sink = x;
return performance.now() - t0;
"""

#: Clicks ``arguments[0]`` and answers the milliseconds until the redraw has settled: no request
#: in flight or loading component, and no new request over two painted frames.
_CLICK_AND_TIME = """
const done = arguments[arguments.length - 1];
const bench = window.__bench, before = bench.started, t0 = performance.now();
document.querySelector(arguments[0]).click();
function settled() {
    return bench.started > before && bench.inflight === 0
        && !document.querySelector('[data-dash-is-loading=true]');
}
function check() {
    if (!settled()) { setTimeout(check, 2); return; }
    const seen = bench.started, t1 = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => {
        if (settled() && bench.started === seen) done(performance.now() - t0); else check();
    }));
}
setTimeout(check, 0);
"""


def _cpu_seconds(browser: Any) -> float:
    """CPU time so far of ``browser`` (chromedriver) with its children, and of this process."""
    import psutil

    total = sum(sum(p.cpu_times()[:2]) for p in [psutil.Process()])
    for proc in [browser, *browser.children(recursive=True)]:
        try:
            total += sum(proc.cpu_times()[:2])
        except psutil.Error:  # a renderer that ended in between
            pass
    return total


def run_browser(store: Path, changes: int) -> None:
    """Time filter changes end to end in headless Chromium (see the module docstring)."""
    import logging
    import shutil
    import threading

    import psutil
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from werkzeug.serving import make_server

    from dashboards.app import create_app

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = create_app(store)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    options = Options()
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--window-size=1600,1200",
    ):  # fmt: skip
        options.add_argument(arg)
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    driver.set_script_timeout(120)
    controls = [
        "#f-sides input[value='government']",
        "#f-sides input[value='opposition']",
        "#f-languages input[value='ar']",
        "#f-violations-only input",
        "#f-languages input[value='en']",
        "#f-sides input[value='other']",
    ]
    try:
        driver.get(f"http://127.0.0.1:{server.server_port}/")
        driver.execute_script(_COUNT_REQUESTS)
        deadline = time.monotonic() + 60
        while driver.execute_script(
            "return document.querySelectorAll('.js-plotly-plot').length < 4"
            " || !!document.querySelector('[data-dash-is-loading=true]')"
        ):
            if time.monotonic() > deadline:
                raise SystemExit("the dashboard did not finish loading")
            time.sleep(0.1)
        time.sleep(1.0)
        present = [
            c for c in controls if driver.execute_script("return !!document.querySelector(arguments[0])", c)
        ]
        times: list[float] = []
        floors: list[float] = []
        cpu: list[float] = []  # CPU seconds of the browser's processes and this process (the server)
        browser = psutil.Process(driver.service.process.pid)
        for i in range(changes):
            floors.append(min(driver.execute_script(_FLOOR) for _ in range(3)))
            c0 = _cpu_seconds(browser)
            # each control is clicked on, later off again: every state is new to the answer cache
            times.append(driver.execute_async_script(_CLICK_AND_TIME, present[i % len(present)]))
            cpu.append((_cpu_seconds(browser) - c0) * 1000)
    finally:
        driver.quit()
        server.shutdown()
        n = app.tracker_data.count(__import__("dashboards.data").data.Filters())
        app.tracker_data.close()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"store: {store} ({n:,} incidents), {len(times)} filter changes in headless Chromium 1600x1200,")
    print(f"{os.cpu_count()} CPUs, load {load:.1f}")
    quiet = [t * min(floors) / f for t, f in zip(times, floors, strict=True)]
    print(f"floor (fixed JS work): quickest {min(floors):.1f} ms, median {statistics.median(floors):.1f} ms")
    print(f"{'redraw':<22}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for label, values in (
        ("click to drawn", times),
        ("  x quickest/floor", quiet),
        ("CPU, all processes", cpu),
    ):
        print(
            f"{label:<22}{statistics.median(values):>9.1f}{_percentile(values, 0.95):>9.1f}{max(values):>9.1f}"
        )


def demo_store(path: Path) -> Path:
    """The demo corpus ingested into ``path`` (once)."""
    from tracker.commands.dashboard import ingest_demo

    if not path.is_file():
        ingest_demo(path)
    return path


def ensure_store(path: Path, n: int) -> Path:
    """Write ``n`` synthetic incidents to ``path`` unless it already holds that many."""
    import duckdb

    from tests.support.synth import write_synthetic_store

    if path.is_file():
        with duckdb.connect(str(path), read_only=True) as con:
            row = con.execute("SELECT count(*) FROM incidents").fetchone()
        if row and row[0] == n:
            return path
    t = time.perf_counter()
    write_synthetic_store(path, n)
    print(f"wrote {n:,} synthetic incidents in {time.perf_counter() - t:.1f} s")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="incidents in the synthetic store")
    parser.add_argument("--changes", type=int, default=40, help="filter changes to time")
    parser.add_argument("--store", type=Path, default=None, help="store file to write or reuse")
    parser.add_argument("--demo", action="store_true", help="the bundled demo corpus instead")
    parser.add_argument("--browser", action="store_true", help="time whole redraws in headless Chromium")
    args = parser.parse_args()
    if args.demo:
        store = demo_store(args.store or Path(tempfile.gettempdir()) / "tracker-bench-demo.duckdb")
    else:
        store = ensure_store(
            args.store or Path(tempfile.gettempdir()) / f"tracker-bench-{args.n}.duckdb", args.n
        )
    if args.browser:
        run_browser(store, args.changes)
    else:
        run(store, args.changes)


if __name__ == "__main__":
    main()
