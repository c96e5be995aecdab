"""Peak memory of one ``tracker ingest`` as the run grows; prints figures, asserts nothing.

Synthetic articles are the corpus (default ``../shared/corpus/saudinewsnet-ar/articles.jsonl.gz``)
repeated with fresh ids and a numbered closing line (so no two share a content hash), written to a
temporary file and ingested by ``tracker ingest`` in a fresh process per size; the peak RSS of that process (``ru_maxrss`` of the
child) is printed with the wall time.

    python benchmarks/bench_ingest_memory.py --sizes 30000 90000 200000
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
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


def measure(corpus: Path, count: int, folder: Path) -> str:
    articles = folder / f"articles-{count}.jsonl"
    with articles.open("wb") as out:
        for line in synthetic(corpus, count):
            out.write(line)
    store = folder / f"bench-{count}.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "tracker.cli", "ingest", str(articles), "--store", str(store), "-q"]
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    articles.unlink()
    # ru_maxrss of the children: the largest of any child so far, so sizes run in increasing order.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = proc.stdout.decode(errors="replace").strip().splitlines()[:1]
    return (
        f"{count:>8,} articles: peak RSS {peak:,.0f} MB, {elapsed:,.0f} s (exit {proc.returncode}) {summary}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sizes", type=int, nargs="+", default=[30_000, 90_000, 200_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for count in sorted(args.sizes):
            print(measure(args.corpus, count, Path(folder)), flush=True)


if __name__ == "__main__":
    main()
