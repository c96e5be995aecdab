"""Extraction time on inputs built to stress the patterns: is it linear in the input size?

Each case grows one hostile shape (long runs of digits, of Arabic number words, of "and", of
commas, of one trigger word, text without spaces, ...) and prints the seconds and seconds per MB at
each size, so a reader sees whether time per MB stays flat (linear) or climbs (super-linear). Each
case runs in its own forked process under a time budget: a case that blows up is reported as
"over budget" instead of hanging the script. Last, a 200 MB single-line file goes through the real
``tracker extract`` command (streamed and cut by the reader), with its wall time and peak memory.

    python benchmarks/pathological.py            # all cases, ~2-3 minutes
    python benchmarks/pathological.py --no-big   # without the 200 MB file
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing as mp
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = (10_000, 100_000, 1_000_000, 2_000_000)  # characters; 2,000,000 is the reader's cut

EN_SEED = "Shelling killed 4 people in Douma on Monday "
AR_SEED = "قتل 12 شخصا جراء غارات على سراقب أمس "


def fill(unit: str, prefix: str = "", suffix: str = "") -> Callable[[int], str]:
    """A text of about ``n`` characters: prefix, ``unit`` repeated, suffix."""
    return lambda n: prefix + unit * max(1, (n - len(prefix) - len(suffix)) // len(unit)) + suffix


# name -> (language, builder of a text of about n characters, sizes)
CASES: dict[str, tuple[str, Callable[[int], str], tuple[int, ...]]] = {
    "digits": ("en", fill("7", "Shelling killed ", " people in Douma"), SIZES),
    "digits-ar-indic": ("ar", fill("٣", "قتل ", " شخصا في دوما"), SIZES),
    "digit-groups": ("en", fill("1,000,", "Shelling killed ", " people"), SIZES),
    "spaced-numbers": ("en", fill("12 ", "Shelling killed ", "people"), SIZES),
    "and": ("en", fill("and ", "Shelling killed 4 people ", "in Douma"), SIZES),
    "and-numbers": ("en", fill("and 3 ", "Shelling killed 4 ", "people"), SIZES),
    "commas": ("en", fill(", ", EN_SEED), SIZES),
    "arabic-commas": ("ar", fill("، ", AR_SEED), SIZES),
    "trigger-en": ("en", fill("killed "), SIZES),
    "trigger-ar": ("ar", fill("قتل "), SIZES),
    "shelling-killed": ("en", fill("shelling killed people "), SIZES),
    "no-spaces-latin": ("en", fill("killed4people"), SIZES),
    "no-spaces-arabic": ("ar", fill("قتل12شخصا"), SIZES),
    "seed-no-stops-en": ("en", fill(EN_SEED), SIZES),
    "seed-no-stops-ar": ("ar", fill(AR_SEED), SIZES),
    "ar-number-words-wa": ("ar", fill("عشرون و", "أصيب ", " شخصا"), SIZES),
    # Arabic number words joined by spaces alone: counts of words, not MB (see the report).
    "ar-number-words-spaced": (
        "ar",
        lambda n: "أصيب " + "عشرون " * n + "شخصا بانفجار في اعزاز",
        (8, 10, 12, 14, 16, 18, 20, 22),
    ),
}


def _worker(case: str, conn: mp.connection.Connection) -> None:
    from tracker.document import Article
    from tracker.extraction.pipeline import extract_article

    lang, build, sizes = CASES[case]
    for n in sizes:
        text = build(n)
        t0 = time.perf_counter()
        extract_article(Article(id=case, text=text, published=date(2017, 1, 24), lang=lang))
        conn.send((n, len(text), time.perf_counter() - t0))
    conn.close()


def run_case(case: str, budget: float) -> list[tuple[int, int, float] | None]:
    parent, child = mp.Pipe(duplex=False)
    proc = mp.get_context("fork").Process(target=_worker, args=(case, child), daemon=True)
    proc.start()
    child.close()
    results: list[tuple[int, int, float] | None] = []
    deadline = time.monotonic() + budget
    sizes = CASES[case][2]
    while len(results) < len(sizes):
        left = deadline - time.monotonic()
        if left <= 0 or not parent.poll(left):
            proc.kill()
            results += [None] * (len(sizes) - len(results))
            break
        try:
            results.append(parent.recv())
        except EOFError:
            results += [None] * (len(sizes) - len(results))
            break
    proc.join(5)
    return results


def big_file(mb: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        t0 = time.perf_counter()
        # One casualty sentence, then words with no trigger and no full stop: the reader keeps the
        # first 2,000,000 characters of the line and must stream past the rest.
        chunk = "and the report went on without an end, " * 4000
        with path.open("w", encoding="utf-8") as handle:
            handle.write(EN_SEED)
            for _ in range(mb * 1024 * 1024 // len(chunk)):
                handle.write(chunk)
        size = path.stat().st_size
        made = time.perf_counter() - t0
        t0 = time.perf_counter()
        proc = psutil.Popen(
            [sys.executable, "-m", "tracker.cli", "extract", str(path), "-o", str(Path(tmp) / "out.csv")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        rss = 0
        while proc.poll() is None:
            with contextlib.suppress(psutil.Error):
                rss = max(rss, proc.memory_info().rss)
            time.sleep(0.05)
        _, stderr = proc.communicate()
        took = time.perf_counter() - t0
        rss //= 2**20
        summary = " | ".join(line for line in stderr.splitlines() if line.startswith(("read ", "text cut")))
        print(
            f"\n{size / 2**20:.0f} MB single-line file through 'tracker extract' (written in {made:.1f} s): "
            f"exit {proc.returncode}, {took:.1f} s wall, {size / 2**20 / took:.0f} MB/s, peak RSS {rss} MB\n"
            f"  {summary}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=float, default=20.0, help="Seconds per case before it is stopped.")
    parser.add_argument("--big-mb", type=int, default=200, help="Size of the single-line file.")
    parser.add_argument("--no-big", action="store_true", help="Skip the single-line file.")
    parser.add_argument("--big-only", action="store_true", help="Only the single-line file.")
    parser.add_argument("cases", nargs="*", help="Cases to run (default: all).")
    args = parser.parse_args(argv)
    # Load the patterns and word lists once; every forked case starts warm.
    from tracker.document import Article
    from tracker.extraction.pipeline import extract_article

    for text, lang in ((EN_SEED, "en"), (AR_SEED, "ar")):
        extract_article(Article(id="warm", text=text, published=date(2017, 1, 24), lang=lang))
    print(f"{'case':<24} {'size':>10} {'seconds':>9} {'s/MB':>9}")
    for case in [] if args.big_only else args.cases or CASES:
        results = run_case(case, args.budget)
        for n, result in zip(CASES[case][2], results, strict=True):
            if result is None:
                print(f"{case:<24} {n:>10,} {'over budget':>19}", flush=True)
                continue
            _, chars, took = result
            size = f"{chars:,}" if case != "ar-number-words-spaced" else f"{n} words"
            per_mb = took / (chars / 1_000_000)
            print(f"{case:<24} {size:>10} {took:>9.3f} {per_mb:>9.2f}", flush=True)
    if not args.no_big:
        big_file(args.big_mb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
