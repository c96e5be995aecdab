"""How fast the ``tracker`` command starts: ``tracker --help`` wall time and the import time of tracker.cli.

Prints figures, asserts nothing. The target is ``tracker --help`` under 0.5 s: sub-commands are imported
only when run, so the help must not pull in pandas, duckdb, dash or the extractor. Each figure is the
median (and best) of ``--runs`` fresh processes; the heaviest modules imported by ``tracker --help``
come from ``python -X importtime``.

    python benchmarks/bench_cli_startup.py
    python benchmarks/bench_cli_startup.py --runs 20
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_IMPORT = "import time; t = time.perf_counter(); import tracker.cli; print(time.perf_counter() - t)"
_HELP = "import sys; sys.argv = ['tracker', '--help']; from tracker.cli import main; main()"


def _wall(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return times


def _import_times(runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-c", _IMPORT], capture_output=True, text=True, check=True, cwd=ROOT
        )
        out.append(float(proc.stdout.strip()))
    return out


def _heaviest(top: int) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the slowest top-level imports under ``tracker --help``."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", _HELP], capture_output=True, text=True, cwd=ROOT
    )
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|", 2)
        name = name[1:]  # the one space after the bar; nested imports are indented further
        if not name.startswith(" "):  # top level only: nested imports are inside their parent's figure
            rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:top]


def _describe(label: str, times: list[float]) -> str:
    return f"{label}: median {statistics.median(times):.3f} s, best {min(times):.3f} s over {len(times)} runs"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--top", type=int, default=8, help="heaviest imports to list")
    args = parser.parse_args(argv)
    print(f"# bench_cli_startup  {time.strftime('%Y-%m-%d %H:%M')}  load {os.getloadavg()[0]:.2f}")
    print(_describe("python -c pass (interpreter floor)", _wall([sys.executable, "-c", "pass"], args.runs)))
    print(_describe("import tracker.cli (in process)", _import_times(args.runs)))
    script = shutil.which("tracker")
    command = [script, "--help"] if script else [sys.executable, "-c", _HELP]
    print(
        _describe(f"{'tracker' if script else 'python -c main()'} --help (wall)", _wall(command, args.runs))
    )
    print("heaviest top-level imports of 'tracker --help' (python -X importtime, cumulative):")
    for micros, name in _heaviest(args.top):
        print(f"  {micros / 1000:8.1f} ms  {name}")
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
