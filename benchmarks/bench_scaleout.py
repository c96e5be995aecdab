"""Scale-out, measured here and written as a model for a real cluster.

Prints figures, asserts nothing. The corpus is the first ``--articles`` Arabic newspaper articles of
../shared (read at run time, never copied), written to JSON lines in a temporary folder.

What it measures, each on the same articles:

1. ``local``: the extractor in this process, one core (CPU seconds per article): the worker's work.
2. ``writer``: the store alone. The results are computed first, then a fresh DuckDB store ingests them
   through :func:`tracker.run.ingest.ingest` with an extractor that only looks them up: the articles per
   second the single DuckDB writer absorbs (classify, append mentions, merge incidents, commit).
3. ``dask-N``: the Dask engine (:func:`tracker.run.distributed.extract_dask`) on a LocalCluster of N
   single-threaded workers, already warm (resources loaded): without a store (throughput per worker;
   the client's CPU, which here includes the scheduler, as a share of the wall time), then with a store
   (the store's share: the extra wall time).
4. ``merge``: the plan beyond one writer: the events of the run as Parquet partitions (``--output``),
   bulk-loaded into DuckDB in one ``INSERT ... SELECT FROM read_parquet`` (the merge a partitioned run
   ends with).

Then the model: cluster throughput ~ min(workers x rate per worker, client capacity, writer capacity),
and the number of workers at which each limit is reached.

    python benchmarks/bench_scaleout.py                    # 5,000 articles, a few minutes on 2 cores
    python benchmarks/bench_scaleout.py --articles 10000 --workers 1 2
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_extract import ARABIC, load, machine, revision  # noqa: E402


def write_corpus(folder: Path, count: int) -> Path:
    """The first ``count`` Arabic articles with a text, as JSON lines."""
    path = folder / "arabic.jsonl"
    n = 0
    with gzip.open(ARABIC, "rt", encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for line in src:
            rec = json.loads(line)
            if not rec.get("text"):
                continue
            out.write(json.dumps({**rec, "lang": "ar"}, ensure_ascii=False) + "\n")
            n += 1
            if n >= count:
                break
    return path


@contextmanager
def clock() -> Iterator[dict[str, float]]:
    """Wall seconds, this process's CPU seconds and its children's (workers') CPU seconds."""
    import psutil

    me = psutil.Process()

    def children_cpu() -> float:
        total = 0.0
        for child in me.children(recursive=True):
            try:
                t = child.cpu_times()
                total += t.user + t.system
            except psutil.Error:
                pass
        return total

    out: dict[str, float] = {}
    wall, cpu, kids = time.perf_counter(), time.process_time(), children_cpu()
    yield out
    out["wall"] = time.perf_counter() - wall
    out["cpu"] = time.process_time() - cpu
    out["workers_cpu"] = children_cpu() - kids


def measure_local(path: Path) -> tuple[list[Any], dict[str, float]]:
    from tracker.run.inputs import RunReport, read_inputs
    from tracker.run.pool import extract_one, warm_up

    warm_up()
    articles = list(read_inputs([path], report=RunReport()))
    with clock() as t:
        results = [extract_one(a)[0] for a in articles]
    return list(zip(articles, results, strict=True)), t


def measure_writer(extracted: list[Any], folder: Path) -> tuple[dict[str, float], Any]:
    from tracker.run.ingest import ingest
    from tracker.store import Store

    by_id = {id(a): r for a, r in extracted}
    with Store(str(folder / "writer.duckdb")) as store, clock() as t:
        result = ingest(store, (a for a, _ in extracted), extractor=lambda a: by_id[id(a)], progress=False)
    return t, result


def measure_dask(path: Path, folder: Path, workers: int) -> dict[str, dict[str, float]]:
    from dask.distributed import LocalCluster

    from tracker.run.distributed import extract_dask

    out: dict[str, dict[str, float]] = {}
    with LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0") as cluster:
        address = cluster.scheduler_address
        warm = folder / "warm.jsonl"
        warm.write_text(
            json.dumps({"id": "w", "lang": "ar", "text": "قتل 3 مدنيين بقصف على حلب."}, ensure_ascii=False)
            + "\n",
            encoding="utf-8",
        )
        for _ in range(workers):  # each worker loads its resources before the clock starts
            extract_dask([warm], scheduler=address, partition_size=1, progress=False)
        with clock() as t:
            summary = extract_dask(
                [path], scheduler=address, progress=False, output=folder / f"parts-{workers}"
            )
        out["extract"] = {**t, "articles": summary.articles, "events": summary.events}
        with clock() as t:
            summary = extract_dask(
                [path], scheduler=address, progress=False, store=folder / f"dask-{workers}.duckdb"
            )
        out["store"] = {**t, "articles": summary.articles, "events": summary.events}
    return out


def measure_merge(parts: Path, folder: Path) -> dict[str, float]:
    import duckdb

    con = duckdb.connect(str(folder / "merge.duckdb"))
    with clock() as t:
        con.execute(f"CREATE TABLE events AS SELECT * FROM read_parquet('{parts}/events/*.parquet') LIMIT 0")
        con.execute(f"INSERT INTO events SELECT * FROM read_parquet('{parts}/events/*.parquet')")
        con.execute("CHECKPOINT")
    rows = con.execute("SELECT count(*) FROM events").fetchone()
    con.close()
    return {**t, "rows": float(rows[0] if rows else 0)}


def main(argv: list[str] | None = None) -> None:
    import logging

    logging.getLogger("distributed").setLevel(logging.ERROR)  # the nannies' shutdown warnings
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    print(f"# bench_scaleout  {time.strftime('%Y-%m-%d %H:%M')}  {machine()}  {revision()}  ({load()})")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = write_corpus(folder, args.articles)
        n = args.articles

        extracted, local = measure_local(path)
        events = sum(len(r.events) for _, r in extracted if r is not None)
        rate = n / local["cpu"]
        print(
            f"\nlocal, 1 core: {n} articles, {events} events; {local['cpu']:.1f} CPU s = {rate:,.0f} articles/CPU-s"
        )

        writer, result = measure_writer(extracted, folder)
        absorb = n / writer["wall"]
        print(
            f"writer alone: {result.new} articles stored in {writer['wall']:.1f} s wall ({writer['cpu']:.1f} CPU s)"
            f" = {absorb:,.0f} articles/s, {events / writer['wall']:,.0f} events/s ({load()})"
        )

        runs = {w: measure_dask(path, folder, w) for w in args.workers}
        print(
            "\n| workers | run | articles/s (wall) | per worker | worker CPU s | client CPU s | client CPU / wall |"
        )
        print("|---:|---|---:|---:|---:|---:|---:|")
        for w, r in runs.items():
            for kind in ("extract", "store"):
                m = r[kind]
                print(
                    f"| {w} | {kind} | {n / m['wall']:,.0f} | {n / m['wall'] / w:,.0f} | {m['workers_cpu']:.1f} |"
                    f" {m['cpu']:.1f} | {m['cpu'] / m['wall']:.0%} |"
                )
        print(f"({load()})")

        merge = measure_merge(folder / f"parts-{max(args.workers)}", folder)
        print(
            f"\nmerge later: {merge['rows']:.0f} events from Parquet partitions into DuckDB in {merge['wall']:.2f} s"
            f" = {merge['rows'] / merge['wall']:,.0f} events/s (= {n / merge['wall']:,.0f} articles/s of this corpus)"
        )

        # The model, from CPU seconds (wall times on a shared machine count the other processes too): a
        # worker extracts 1 / (its CPU per article) articles/s; the client (here with the scheduler) and the
        # writer absorb at most 1 / (their CPU per article), the writer also waits on the disk (wall).
        best = max(args.workers)
        per_worker = n / runs[best]["extract"]["workers_cpu"]
        client_cpu = runs[best]["extract"]["cpu"] / n
        store_cpu = max(0.0, runs[best]["store"]["cpu"] - runs[best]["extract"]["cpu"]) / n
        writer_cpu_cap = n / writer["cpu"]
        writer_cap = writer_cpu_cap  # the wall rate on a shared machine counts the other processes
        print(
            f"\nmodel (CPU seconds): a worker {per_worker:,.0f} articles/s; client and scheduler"
            f" {client_cpu * 1000:.2f} ms CPU per article (capacity {1 / client_cpu:,.0f}/s); the store in the"
            f" {best}-worker run {store_cpu * 1000:.2f} ms CPU per article more on the client; the writer alone"
            f" {writer['cpu'] / n * 1000:.2f} ms CPU per article ({writer_cpu_cap:,.0f}/s), {absorb:,.0f}/s wall"
        )
        client_cap = 1 / (client_cpu + store_cpu)
        print("| workers | extraction capacity | predicted articles/s (with a store) | limited by |")
        print("|---:|---:|---:|---|")
        for w in (1, 2, 4, 8, 16, 32, 64, 128):
            limits = {"workers": w * per_worker, "client": client_cap, "writer": writer_cap}
            name = min(limits, key=lambda k: limits[k])
            print(f"| {w} | {w * per_worker:,.0f} | {limits[name]:,.0f} | {name} |")
        print(
            f"the writer saturates at ~{writer_cap / per_worker:.1f} workers, the client at"
            f" ~{client_cap / per_worker:.1f} ({load()})"
        )


if __name__ == "__main__":
    main()
