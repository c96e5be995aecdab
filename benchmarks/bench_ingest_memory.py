"""Peak memory of one ``tracker ingest`` as the run grows; prints figures, asserts nothing.

Synthetic articles are the corpus (default ``../shared/corpus/saudinewsnet-ar/articles.jsonl.gz``)
repeated with fresh ids and a numbered closing line (so no two share a content hash), written to a
temporary file and ingested by ``tracker ingest`` in a fresh process per size; the peak RSS of that
process (its own ``ru_maxrss``, from ``wait4``) is printed with the wall time. ``--parallel`` runs the
sizes at the same time, so their ratios are taken under the same load.

    python benchmarks/bench_ingest_memory.py --sizes 30000 90000 200000
    python benchmarks/bench_ingest_memory.py --parallel --sizes 30000 200000
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet-ar" / "articles.jsonl.gz"


def synthetic(corpus: Path, count: int) -> Iterator[bytes]:
    """``count`` JSON lines: the corpus over and over, each copy with new ids and a numbered line."""
    made = 0
    round_ = 0
    while made < count:
        with gzip.open(corpus, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                record["id"] = f"syn-{round_}-{record.get('id', made)}"
                record["text"] = f"{record.get('text', '')}\n(نسخة {made})"
                yield (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
                made += 1
                if made >= count:
                    return
        round_ += 1


def write_articles(corpus: Path, count: int, folder: Path) -> Path:
    articles = folder / f"articles-{count}.jsonl"
    with articles.open("wb") as out:
        for line in synthetic(corpus, count):
            out.write(line)
    return articles


def start(articles: Path, count: int, folder: Path) -> subprocess.Popen[bytes]:
    store = folder / f"bench-{count}.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "tracker.cli", "ingest", str(articles), "--store", str(store), "-q"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)


def finish(proc: subprocess.Popen[bytes], count: int, started: float) -> str:
    """Waits for one ingest process: its own peak RSS (``ru_maxrss`` of that child alone)."""
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    summary = out.decode(errors="replace").strip().splitlines()[:1]
    return (
        f"{count:>8,} articles: peak RSS {usage.ru_maxrss / 1024:,.0f} MB, {elapsed:,.0f} s"
        f" (exit {proc.returncode}) {summary}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sizes", type=int, nargs="+", default=[30_000, 90_000, 200_000])
    parser.add_argument(
        "--parallel", action="store_true", help="run every size at once (same load for all; more memory)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sizes = sorted(args.sizes)
        if args.parallel:
            # All sizes at once, so they share the machine's load; each figure is its own process's.
            files = {count: write_articles(args.corpus, count, Path(folder)) for count in sizes}
            started = time.perf_counter()
            procs = {count: start(files[count], count, Path(folder)) for count in sizes}
            for count in sizes:
                print(finish(procs[count], count, started), flush=True)
            return
        for count in sizes:
            articles = write_articles(args.corpus, count, Path(folder))
            started = time.perf_counter()
            result = finish(start(articles, count, Path(folder)), count, started)
            articles.unlink()
            print(result, flush=True)


if __name__ == "__main__":
    main()
