"""Filter latency of the dashboard's data and figure path on a large synthetic store.

For each filter change it runs what the callbacks run (KPIs, both timelines, heatmap, map, one
table page with its count), builds the figures and serialises them to JSON as Dash does for the
response, then prints p50/p95 per view and for the whole change, once with the views run one after
another and once all at once (as the browser requests them; DuckDB releases the GIL).

    python benchmarks/bench_dashboard.py                 # 1,000,000 incidents, 40 filter changes
    python benchmarks/bench_dashboard.py -n 100000 --changes 20 --store /tmp/bench.duckdb

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
    args = parser.parse_args()
    store = args.store or Path(tempfile.gettempdir()) / f"tracker-bench-{args.n}.duckdb"
    run(ensure_store(store, args.n), args.changes)


if __name__ == "__main__":
    main()
