"""Extraction speed and memory: engines, stages, the regex floor and the naive dateparser approach.

Prints figures, asserts nothing. Corpora (read from ../shared at run time, never copied):
the Arabic newspaper corpus (first ``--arabic`` articles, most without violence) and the English
Wikipedia timeline sentences (all 2,061 by default), written to JSON lines in a temporary folder.

Sections (``--sections``, comma-separated; default all but ``memory``):

``engines``  local engine with 1 and 2 worker processes (:func:`tracker.run.pool.extract_articles`,
             the code behind ``tracker extract --workers N``) and the Dask engine with 2 workers
             (:func:`tracker.run.distributed.extract_dask`; ``dask-2`` includes starting the LocalCluster,
             ``dask-2 warm`` runs on a cluster whose workers already loaded the resources). Each run is a
             fresh process; peak RSS is sampled over the process and all its children (workers).
``stages``   share of extraction time per stage, by wrapping (not editing) the stage functions the
             pipeline calls; self time (a stage's time minus the stages it calls).
``load``     loading the extractor's resources in a fresh process: with no cache (``TRACKER_CACHE_DIR=off``),
             cold (an empty cache folder: built, then written) and warm (read back from that folder,
             :mod:`tracker.resources.cache`); the import of the pipeline (pandas included) apart.
``floor``    full extraction (in process, resources loaded) against one ``re.findall(r"\\w+", text)`` pass.
``dates``    against ``dateparser.search.search_dates`` on ``--dates-sample`` articles per corpus,
             extrapolated to the whole sample (said so in the output).
``equal``    the Dask engine's events against the local engine's on the same corpus files.
``memory``   peak RSS extracting the whole Arabic corpus streamed (30,828 articles): the local engine in
             one process, and the Dask engine with 2 workers (whose client holds a few partitions).

    python benchmarks/bench_extract.py                       # about 3 minutes of CPU
    python benchmarks/bench_extract.py --sections engines --arabic 10000
    python benchmarks/bench_extract.py --sections memory
    python benchmarks/bench_extract.py --sections equal               # Dask = local on 5,000 + 2,061
    python benchmarks/bench_extract.py --sections stages --profile   # plus the cProfile top 25
    python benchmarks/bench_extract.py --sections load,floor,stages  # load time, floor ratio, stages
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ARABIC = SHARED / "corpus" / "saudinewsnet-ar" / "articles.jsonl.gz"
TIMELINE = SHARED / "corpus" / "wikipedia-syria-timeline" / "events.csv"
ENGINES = ("local-1", "local-2", "dask-2", "dask-2 warm")


# --------------------------------------------------------------------------------------------------
# machine, load and memory


def machine() -> str:
    """nproc, CPU model and RAM, for the results file."""
    model = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{mem_kb / 2**20:.1f} GiB RAM"
    except (OSError, StopIteration):
        ram = "RAM unknown"
    return f"{os.cpu_count()} CPUs ({model}), {ram}, Python {platform.python_version()}"


def revision() -> str:
    """The commit measured, and whether the extractor's files had uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "tracker"], capture_output=True, text=True, cwd=ROOT
        )
    except OSError:
        return "revision unknown"
    changed = len(dirty.stdout.splitlines())
    found = f"commit {head.stdout.strip()}" + (
        f" + {changed} uncommitted file(s) in tracker/" if changed else ""
    )
    import tracker

    package = Path(tracker.__file__).resolve().parent
    # A snapshot (PYTHONPATH=/tmp/snap) keeps others' edits out of a long run on a shared tree.
    return found if package == ROOT / "tracker" else f"tracker from {package} (HEAD here: {found})"


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


class PeakRSS:
    """Samples the RSS of this process plus all its descendants (pool and Dask workers) every 50 ms,
    and their CPU time (user + system; the last sample of each process, so other agents' load on the
    machine does not count, unlike wall time)."""

    def __init__(self) -> None:
        import psutil

        self.process = psutil.Process()
        self.peak_total = 0
        self.peak_main = 0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        import psutil

        total = main = self.process.memory_info().rss
        times = self.process.cpu_times()
        self.cpu[self.process.pid] = times.user + times.system
        for child in self.process.children(recursive=True):
            try:
                total += child.memory_info().rss
                times = child.cpu_times()
                self.cpu[child.pid] = times.user + times.system
            except psutil.Error:
                pass  # a worker that just exited
        self.peak_total = max(self.peak_total, total)
        self.peak_main = max(self.peak_main, main)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self._sample()

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())

    def __enter__(self) -> PeakRSS:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


# --------------------------------------------------------------------------------------------------
# corpora


def write_arabic(folder: Path, count: int) -> Path:
    """The first ``count`` lines of the Arabic corpus, uncompressed (0 = all, kept gzipped)."""
    if count <= 0:
        return ARABIC
    path = folder / f"arabic-{count}.jsonl"
    with gzip.open(ARABIC, "rt", encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for n, line in enumerate(src):
            if n >= count:
                break
            out.write(line)
    return path


def write_english(folder: Path, count: int) -> Path:
    """Timeline sentences as articles dated by their day heading and period year."""
    path = folder / "english.jsonl"
    with TIMELINE.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for n, row in enumerate(csv.DictReader(src)):
            if count and n >= count:
                break
            year = re.search(r"\d{4}", row["period"])
            try:
                day = datetime.strptime(f"{row['date_heading']} {year.group()}", "%d %B %Y")  # type: ignore[union-attr]
                published: str | None = day.date().isoformat()
            except (ValueError, AttributeError):
                published = None
            record = {"id": f"timeline-{n}", "published": published, "lang": "en", "text": row["event"]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def load_articles(path: Path) -> list[Any]:
    from tracker.run.inputs import RunReport, read_inputs

    return list(read_inputs([path], report=RunReport()))


# --------------------------------------------------------------------------------------------------
# engines (each in a fresh process: ``--child ENGINE FILE`` prints one JSON line)


def child(engine: str, path: str) -> dict[str, Any]:
    from tracker.run.inputs import RunReport, read_inputs
    from tracker.run.pool import extract_articles, warm_up

    started = time.perf_counter()
    with PeakRSS() as rss:
        report = RunReport()
        if engine.startswith("local"):
            warm_up()  # resource loading, counted as startup
            ready = time.perf_counter()
            rss._sample()
            cpu_ready = rss.cpu_seconds
            workers = int(engine.split("-")[1])
            extract_articles(read_inputs([path], report=report), report=report, workers=workers)
            articles, events, failed = report.processed, report.events, report.failed
        elif engine == "dask-2":
            from tracker.run.distributed import extract_dask

            ready, cpu_ready = started, 0.0
            summary = extract_dask([path], n_workers=2, progress=False)
            articles, events, failed = summary.articles, summary.events, summary.report.failed
        else:  # dask-2 warm: a cluster whose workers have loaded the extractor
            from dask.distributed import LocalCluster

            from tracker.run.distributed import extract_dask

            with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster:
                with tempfile.TemporaryDirectory() as tmp:
                    warm = Path(tmp) / "warm.jsonl"
                    warm.write_text(
                        json.dumps(
                            {"id": "w", "lang": "ar", "text": "قتل 3 مدنيين بقصف على حلب."},
                            ensure_ascii=False,
                        )
                        + "\n"
                        + json.dumps({"id": "v", "lang": "en", "text": "Shelling killed 3 in Aleppo."})
                        + "\n",
                        encoding="utf-8",
                    )
                    extract_dask(
                        [warm], scheduler=cluster.scheduler_address, partition_size=1, progress=False
                    )
                ready = time.perf_counter()
                rss._sample()
                cpu_ready = rss.cpu_seconds
                summary = extract_dask([path], scheduler=cluster.scheduler_address, progress=False)
                articles, events, failed = summary.articles, summary.events, summary.report.failed
                rss._sample()  # before the workers exit
                cpu_done = rss.cpu_seconds
        done = time.perf_counter()
        if engine != "dask-2 warm":
            rss._sample()
            cpu_done = rss.cpu_seconds
    return {
        "engine": engine,
        "articles": articles,
        "events": events,
        "failed": failed,
        "startup": ready - started,
        "run": done - ready,
        "wall": done - started,
        "cpu": cpu_done - cpu_ready,
        "peak_total_mb": rss.peak_total / 2**20,
        "peak_main_mb": rss.peak_main / 2**20,
    }


def text_megabytes(path: Path) -> float:
    return sum(len(a.text.encode("utf-8")) for a in load_articles(path)) / 1e6


def run_engines(corpora: dict[str, Path]) -> None:
    print(
        "\n## Engines (fresh process each; rates over the run after startup; CPU = process + workers,"
        " so art/CPU-s is per core and unaffected by other load; RSS = process + workers)"
    )
    print(
        f"{'corpus':<8} {'engine':<12} {'articles':>8} {'failed':>6} {'events':>6} {'start s':>7} {'run s':>6} {'art/s':>6}"
        f" {'MB/s':>5} {'CPU s':>6} {'art/CPU-s':>9} {'peak RSS MB':>11}  load before"
    )
    for name, path in corpora.items():
        megabytes = text_megabytes(path)
        for engine in ENGINES:
            before = load()
            proc = subprocess.run(
                [sys.executable, __file__, "--child", engine, str(path)],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if proc.returncode != 0:
                print(f"{name:<8} {engine:<12} failed: {proc.stderr.strip().splitlines()[-1:]}")
                continue
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            print(
                f"{name:<8} {engine:<12} {r['articles']:>8} {r['failed']:>6} {r['events']:>6} {r['startup']:>7.1f} {r['run']:>6.1f}"
                f" {r['articles'] / r['run']:>6.0f} {megabytes / r['run']:>5.2f} {r['cpu']:>6.1f}"
                f" {r['articles'] / r['cpu']:>9.0f} {r['peak_total_mb']:>11.0f}  {before}"
            )


# --------------------------------------------------------------------------------------------------
# stages, floor, dates (in this process, resources loaded first)


class StageClock:
    """CPU self time per stage: wrapped functions push onto a stack, a caller's time excludes its callees'."""

    def __init__(self) -> None:
        self.self_time: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[list[float]] = []  # [start, time spent in wrapped callees]
        self._undo: list[Callable[[], None]] = []

    def timed(self, original: Callable[..., Any], stage: str) -> Callable[..., Any]:
        """``original`` with its CPU self time counted under ``stage``."""
        clock = self

        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [time.process_time(), 0.0]
            clock._stack.append(frame)
            try:
                return original(*args, **kwargs)
            finally:
                clock._stack.pop()
                spent = time.process_time() - frame[0]
                clock.self_time[stage] = clock.self_time.get(stage, 0.0) + spent - frame[1]
                clock.calls[stage] = clock.calls.get(stage, 0) + 1
                if clock._stack:
                    clock._stack[-1][1] += spent

        return timed

    def wrap(self, owner: Any, attr: str, stage: str) -> None:
        original = getattr(owner, attr)
        setattr(owner, attr, self.timed(original, stage))
        self._undo.append(lambda: setattr(owner, attr, original))

    def restore(self) -> None:
        for undo in reversed(self._undo):
            undo()
        self._undo.clear()


def _wrap_stages(clock: StageClock) -> None:
    """Each stage of tracker.extraction.pipeline.STAGES, and the costliest calls inside them."""
    import tracker.extraction.events
    import tracker.extraction.pipeline as pipeline
    import tracker.text.foldscan
    import tracker.text.keywords

    an = tracker.extraction.events.SentenceAnalyser
    clock.wrap(pipeline, "extract_article", "whole article (rest: language, pre-filter bookkeeping)")
    clock.wrap(tracker.text.keywords.KeywordSet, "scan", "pre-filter (trigger hits)")
    clock.wrap(tracker.text.foldscan.Scanned, "folded", "pre-filter (folding, past it)")
    clock.wrap(an, "hit_spans", "pre-filter (trigger hits)")
    clock.wrap(an, "raw_may_have_events", "pre-filter (raw headline scan)")
    clock.wrap(tracker.extraction.events, "split_clauses", "events: split_clauses")
    clock.wrap(an, "analyse_clauses", "events: analyse (triggers, numbers, casualties)")
    stages = pipeline.STAGES
    pipeline.STAGES = tuple((name, clock.timed(stage, f"stage {name}")) for name, stage in stages)
    clock._undo.append(lambda: setattr(pipeline, "STAGES", stages))


_LOAD_CHILD = """
import json, time
started, cpu = time.perf_counter(), time.process_time()
import tracker.extraction.pipeline
imported, cpu_imported = time.perf_counter(), time.process_time()
from tracker.run.pool import warm_up
warm_up()
print(json.dumps({"import": imported - started, "resources": time.perf_counter() - imported,
                  "import_cpu": cpu_imported - cpu, "resources_cpu": time.process_time() - cpu_imported}))
"""


def run_load(runs: int = 3) -> None:
    """Resource loading in fresh processes: no cache, cold cache, warm cache (median of ``runs``)."""
    print("\n## Loading the extractor's resources (fresh process each)")
    with tempfile.TemporaryDirectory() as cache:
        timings: dict[str, list[dict[str, float]]] = {"no cache": [], "cold cache": [], "warm cache": []}
        for n in range(runs):
            for mode in ("no cache", "cold cache", "warm cache"):
                if mode == "cold cache":
                    for old in Path(cache).iterdir():
                        old.unlink()
                elif mode == "warm cache" and n == 0:
                    subprocess.run(
                        [sys.executable, "-c", _LOAD_CHILD],
                        cwd=cache,
                        env=_cache_env(cache),
                        capture_output=True,
                    )
                env = _cache_env("off" if mode == "no cache" else cache)
                proc = subprocess.run(
                    [sys.executable, "-c", _LOAD_CHILD], cwd=cache, env=env, capture_output=True, text=True
                )
                timings[mode].append(json.loads(proc.stdout.strip().splitlines()[-1]))
        for mode, rows in timings.items():
            imp, res, imp_cpu, res_cpu = (
                sorted(r[key] for r in rows)[len(rows) // 2]
                for key in ("import", "resources", "import_cpu", "resources_cpu")
            )
            print(
                f"{mode:>10}: resources {res:.2f} s wall, {res_cpu:.2f} CPU s; import of the pipeline"
                f" {imp:.2f} s wall, {imp_cpu:.2f} CPU s (medians of {len(rows)}; {load()})"
            )


def _cache_env(cache: str) -> dict[str, str]:
    # the children run in the cache folder: "python -c" puts its working folder first on sys.path, and a
    # checkout there would be imported instead of the tracker PYTHONPATH names
    return {**os.environ, "TRACKER_CACHE_DIR": cache}


def warm() -> float:
    from tracker.run.pool import warm_up

    started = time.perf_counter()
    warm_up()
    return time.perf_counter() - started


def extraction_time(articles: list[Any]) -> float:
    """CPU seconds of extracting every article in this process (wall time would count other load)."""
    from tracker.extraction.pipeline import extract_article

    started = time.process_time()
    for a in articles:
        extract_article(a)
    return time.process_time() - started


def run_stages(corpora: dict[str, list[Any]], *, profile: bool) -> None:
    print("\n## Stage shares (CPU self time, share of extraction; one process, resources loaded)")
    for name, articles in corpora.items():
        clock = StageClock()
        _wrap_stages(clock)
        try:
            total = extraction_time(articles)
        finally:
            clock.restore()
        print(f"{name}: {len(articles)} articles, {total:.1f} CPU s with the wrappers ({load()})")
        for stage, spent in sorted(clock.self_time.items(), key=lambda kv: -kv[1]):
            print(f"  {spent / total:6.1%}  {spent:7.2f} s  {clock.calls[stage]:>8} calls  {stage}")
        if profile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.runcall(extraction_time, articles)
            print(f"  cProfile, top 25 by own time ({name}):")
            pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(25)


def run_floor(corpora: dict[str, list[Any]]) -> dict[str, float]:
    print("\n## Against the floor: one re.findall(r'\\w+', text) pass over the same texts (CPU time)")
    word = re.compile(r"\w+")
    ours: dict[str, float] = {}
    for name, articles in corpora.items():
        texts = [a.text for a in articles]
        started = time.process_time()
        for t in texts:
            word.findall(t)
        floor = time.process_time() - started
        ours[name] = extraction_time(articles)
        n = len(articles)
        print(
            f"{name}: {n} articles; regex {n / floor:,.0f} articles/s, extraction {n / ours[name]:,.0f} articles/s"
            f" = {ours[name] / floor:.1f}x the floor ({load()})"
        )
    return ours


def run_dates(corpora: dict[str, list[Any]], ours: dict[str, float], sample: int) -> None:
    print(
        f"\n## Against dateparser.search.search_dates (naive: every article searched; the first {sample}"
        " articles per corpus, extrapolated; CPU time)"
    )
    from dateparser.search import search_dates

    for name, articles in corpora.items():
        chunk = articles[:sample]
        started = time.process_time()
        found = 0
        for a in chunk:
            base = datetime.combine(a.published, datetime.min.time()) if a.published else datetime(2015, 1, 1)
            hits = search_dates(
                a.text,
                languages=[a.lang or "ar"],
                settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"},
            )
            found += len(hits or [])
        spent = time.process_time() - started
        per_article = spent / len(chunk)
        extrapolated = per_article * len(articles)
        our_time = ours.get(name) or extraction_time(articles)
        print(
            f"{name}: search_dates {len(chunk) / spent:,.1f} articles/s ({found} dates in {len(chunk)} articles);"
            f" extrapolated to {len(articles)} articles: {extrapolated:,.0f} s against our full extraction"
            f" {our_time:.1f} s = search_dates alone is {extrapolated / our_time:,.0f}x slower ({load()})"
        )


def run_equal(corpora: dict[str, Path]) -> None:
    """The Dask engine's events against the local engine's on the same file: every column of every row."""
    import pandas as pd

    from tracker.extraction.pipeline import extract
    from tracker.run.distributed import extract_dask

    print("\n## Dask engine = local engine (same file; every column of every event, sorted by event id)")
    for name, path in corpora.items():
        articles = load_articles(path)
        started = time.perf_counter()
        local = extract(articles)
        local_s = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            extract_dask([path], n_workers=2, output=out, progress=False)
            dask_s = time.perf_counter() - started
            dask_events = pd.read_parquet(Path(out) / "events")
        same_ids = sorted(local["event_id"]) == sorted(dask_events["event_id"])
        a, b = (
            f[list(local.columns)].astype(str).sort_values("event_id").reset_index(drop=True)
            for f in (local, dask_events)
        )
        differ = [c for c in local.columns if not a[c].equals(b[c])] if len(a) == len(b) else ["(row count)"]
        print(
            f"{name}: {len(articles)} articles; local {len(local)} events in {local_s:.1f} s, dask-2"
            f" {len(dask_events)} in {dask_s:.1f} s (cluster start included); same ids {same_ids};"
            f" {len(local.columns)} columns, differing: {', '.join(differ) or 'none'} ({load()})"
        )


def run_memory(folder: Path) -> None:
    print("\n## Memory: the whole Arabic corpus streamed (fresh process each; RSS = process + workers)")
    for engine in ("local-1", "dask-2"):
        before = load()
        proc = subprocess.run(
            [sys.executable, __file__, "--child", engine, str(ARABIC)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if proc.returncode != 0:
            print(f"{engine}: failed:", proc.stderr.strip().splitlines()[-3:])
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(
            f"{engine}: {r['articles']} articles ({r['failed']} failed records), {r['events']} events in"
            f" {r['wall']:.0f} s ({r['articles'] / r['run']:,.0f} articles/s after {r['startup']:.1f} s startup;"
            f" {r['cpu']:.0f} CPU s = {r['articles'] / r['cpu']:,.0f} articles per CPU second);"
            f" peak RSS {r['peak_total_mb']:.0f} MB, main process {r['peak_main_mb']:.0f} MB ({before})"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arabic", type=int, default=5000, help="Arabic articles (0 = all 30,828)")
    parser.add_argument("--english", type=int, default=0, help="English sentences (0 = all 2,061)")
    parser.add_argument("--dates-sample", type=int, default=300)
    parser.add_argument("--sections", default="engines,load,stages,floor,dates")
    parser.add_argument("--profile", action="store_true", help="print the cProfile top 25 with 'stages'")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    sections = set(args.sections.split(","))
    print(f"# bench_extract  {datetime.now():%Y-%m-%d %H:%M}  {machine()}  {revision()}  ({load()})")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {"arabic": write_arabic(folder, args.arabic), "english": write_english(folder, args.english)}
        if "engines" in sections:
            run_engines(files)
        if "load" in sections:
            run_load()
        if sections & {"stages", "floor", "dates"}:
            loaded = {name: load_articles(path) for name, path in files.items()}
            print(f"\nresources loaded in {warm():.1f} s")
            ours: dict[str, float] = {}
            if "floor" in sections:
                ours = run_floor(loaded)
            if "stages" in sections:
                run_stages(loaded, profile=args.profile)
            if "dates" in sections:
                run_dates(loaded, ours, args.dates_sample)
        if "equal" in sections:
            run_equal(files)
        if "memory" in sections:
            run_memory(folder)


if __name__ == "__main__":
    main()
