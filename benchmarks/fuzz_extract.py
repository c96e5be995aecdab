"""A long fuzzing run of the extractor: the properties of ``tests/test_fuzz.py`` with many examples.

Prints the examples fuzzed per strategy, failures (with the shortest failing input hypothesis found),
examples slower than ``--slow`` seconds (kept in ``--slow-dir`` for a look) and the time taken. An
example that runs longer than ``--timeout`` seconds counts as a failure: on hostile text, time is a
property too.

    python benchmarks/fuzz_extract.py --examples 20000
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_fuzz import SEEDS_AR, SEEDS_EN, mixed_text, mutated_seed, numbers, run_checked  # noqa: E402


class Slow(Exception):
    """An example ran past the time limit."""


def _alarm(_signum: int, _frame: object) -> None:
    raise Slow


def strategies() -> dict[str, st.SearchStrategy[tuple[str, str | None]]]:
    langs = st.sampled_from([None, "ar", "en"])
    casualty = st.tuples(numbers, st.sampled_from([0, 1])).map(
        lambda t: (
            f"قتل {t[0]} شخصا جراء غارات على سراقب أمس"
            if t[1] == 0
            else f"Shelling killed {t[0]} people in Douma on Monday."
        )
    )
    long_sentence = st.tuples(
        st.sampled_from(SEEDS_AR + SEEDS_EN),
        st.sampled_from([" و", " and", ",", "،", " 7", " ٣", " killed", " قتل", "x"]),
        st.integers(min_value=100, max_value=20_000),
    ).map(lambda t: t[0] + t[1] * t[2] + " " + t[0])
    several = st.lists(st.one_of(mutated_seed(), mixed_text), min_size=1, max_size=6).map(". ".join)
    return {
        "unicode": st.tuples(st.text(max_size=2000), langs),
        "mixed": st.tuples(mixed_text, langs),
        "mutated": st.tuples(mutated_seed(), langs),
        "numbers": st.tuples(casualty, st.none()),
        "long": st.tuples(long_sentence, st.none()),
        "several": st.tuples(several, st.none()),
    }


def fuzz(
    name: str, strategy: st.SearchStrategy, n: int, *, timeout: float, slow: float, slow_dir: Path
) -> tuple[int, list[str], int]:
    count = 0
    slow_seen = 0
    timings: list[float] = []

    @settings(
        max_examples=n,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(example=strategy)
    def prop(example: tuple[str, str | None]) -> None:
        nonlocal count, slow_seen
        text, lang = example
        count += 1
        signal.setitimer(signal.ITIMER_REAL, timeout)
        t0 = time.perf_counter()
        try:
            run_checked(text, lang=lang)
        except Slow:
            slow_dir.mkdir(parents=True, exist_ok=True)
            (slow_dir / f"{name}-timeout-{count}.txt").write_text(text, encoding="utf-8", errors="replace")
            raise AssertionError(f"over {timeout} s on a {len(text)}-character text") from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        took = time.perf_counter() - t0
        timings.append(took)
        if took > slow:
            slow_seen += 1
            slow_dir.mkdir(parents=True, exist_ok=True)
            (slow_dir / f"{name}-slow-{count}.txt").write_text(text, encoding="utf-8", errors="replace")

    failures: list[str] = []
    try:
        prop()
    except Exception:  # noqa: BLE001 - a falsified property is the result we report
        failures.append(traceback.format_exc(limit=3)[-3000:])
    return count, failures, slow_seen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--examples", type=int, default=20_000, help="Examples in all (split over strategies)."
    )
    parser.add_argument("--timeout", type=float, default=20.0, help="Seconds one example may take.")
    parser.add_argument("--slow", type=float, default=1.0, help="Seconds after which an example is noted.")
    parser.add_argument("--slow-dir", type=Path, default=Path("fuzz-slow"), help="Where slow inputs go.")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)
    # Warm the lazy resources so the first example is not charged with loading them.
    run_checked(SEEDS_EN[0])
    run_checked(SEEDS_AR[0])
    plan: dict[str, Callable] = strategies()
    per = max(1, args.examples // len(plan))
    total = fails = slow = 0
    start = time.perf_counter()
    for name, strategy in plan.items():
        t0 = time.perf_counter()
        n, failures, n_slow = fuzz(
            name, strategy, per, timeout=args.timeout, slow=args.slow, slow_dir=args.slow_dir
        )
        total, fails, slow = total + n, fails + len(failures), slow + n_slow
        print(
            f"{name:<8} {n:>7,} examples  {len(failures)} failure(s)  {n_slow} over {args.slow:g} s  "
            f"{time.perf_counter() - t0:7.1f} s",
            flush=True,
        )
        for f in failures:
            print("  " + f.replace("\n", "\n  "), flush=True)
    print(
        f"total    {total:>7,} examples  {fails} failure(s)  {slow} slow  {time.perf_counter() - start:7.1f} s",
        flush=True,
    )
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
