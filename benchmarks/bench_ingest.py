"""Speed and memory of ingestion and of ``tracker extract``; prints figures, asserts nothing.

1. ``read_inputs`` over a corpus file (default ``../shared/corpus/saudinewsnet-ar/articles.jsonl.gz``):
   articles/s and peak memory of reading alone.
2. A single-line file of ``--huge-mb`` MB (Arabic text, written to a temporary folder), as ``.txt`` and as
   one JSON line: time and peak memory (each in a fresh process, so the peaks do not mix).
3. With ``--extract N``: ``tracker extract`` on the first N articles with 1 and 2 workers (wall time,
   articles/s) and whether both outputs are byte-identical.

    python benchmarks/bench_ingest.py
    python benchmarks/bench_ingest.py --huge-mb 200 --extract 2000
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet-ar" / "articles.jsonl.gz"

_READ = """
import resource, sys, time
from tracker.run.inputs import RunReport, read_inputs
start = time.perf_counter(); report = RunReport(); n = 0
for article in read_inputs([sys.argv[1]], report=report):
    n += 1
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{n} articles, {report.failed} failed, {len(report.warnings)} warnings in {elapsed:.2f} s"
      f" = {n / elapsed:,.0f} articles/s; peak RSS {peak:.0f} MB")
"""


def read_in_fresh_process(path: Path) -> str:
    proc = subprocess.run([sys.executable, "-c", _READ, str(path)], capture_output=True, text=True, cwd=ROOT)
    return (proc.stdout or proc.stderr).strip()


def write_huge(folder: Path, megabytes: int) -> tuple[Path, Path]:
    """Write the files piece by piece: holding 200 MB here would show up in the child's peak RSS."""
    piece = "قصف مدفعي على البلدة " * 50_000  # about 1.9 MB of UTF-8
    count = max(1, megabytes * 2**20 // len(piece.encode("utf-8")))
    txt, jsonl = folder / "huge.txt", folder / "huge.jsonl"
    with txt.open("w", encoding="utf-8") as plain, jsonl.open("w", encoding="utf-8") as lines:
        lines.write('{"id": "huge", "text": "')
        for _ in range(count):
            plain.write(piece)
            lines.write(piece)
        lines.write('"}\n')
        lines.write(json.dumps({"id": "small", "text": "قتل 3 مدنيين"}, ensure_ascii=False) + "\n")
    return txt, jsonl


def time_extract(source: Path, n: int, folder: Path) -> None:
    subset = folder / f"first{n}.jsonl"
    with gzip.open(source, "rt", encoding="utf-8") as src, subset.open("w", encoding="utf-8") as out:
        for i, line in enumerate(src):
            if i >= n:
                break
            out.write(line)
    outputs = []
    for workers in (1, 2):
        target = folder / f"events_w{workers}.csv"
        start = time.perf_counter()
        command = [sys.executable, "-m", "tracker.cli", "extract", str(subset), "-o", str(target), "--quiet"]
        subprocess.run(
            [*command, "--workers", str(workers)], check=False, cwd=ROOT, stderr=subprocess.DEVNULL
        )
        elapsed = time.perf_counter() - start
        print(
            f"tracker extract, {n} articles, --workers {workers}: {elapsed:.1f} s = {n / elapsed:,.0f} articles/s"
        )
        outputs.append(target.read_bytes())
    print(f"outputs identical across worker counts: {outputs[0] == outputs[1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--huge-mb", type=int, default=200)
    parser.add_argument("--extract", type=int, default=0, metavar="N")
    args = parser.parse_args()
    if args.corpus.exists():
        print(f"read_inputs {args.corpus.name}: {read_in_fresh_process(args.corpus)}")
    else:
        print(f"{args.corpus} is absent: corpus figures skipped")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for path in write_huge(folder, args.huge_mb):
            size = path.stat().st_size / 2**20
            print(f"read_inputs {path.name} ({size:.0f} MB, one line): {read_in_fresh_process(path)}")
        if args.extract and args.corpus.exists():
            time_extract(args.corpus, args.extract, folder)


if __name__ == "__main__":
    main()
