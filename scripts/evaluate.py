"""Every accuracy figure on the development sets in one table, and a ratchet that stops them falling.

Usage: scripts/evaluate.sh [--check] [--update-baseline] [--no-doc] [--shared PATH] [--only SET,...]
       [--baseline PATH]

Runs in one process (the extractor loads its resources once), reading ``../shared``:

- ``dev-en``, ``dev-ar``, ``dev-ar2``: ``eval/dev-items/articles_*.jsonl`` extracted as ``tracker extract
  FILE -o out.csv`` writes them, scored by ``eval/score.py``'s ``score_items`` (the release checks' scorer);
- ``fakes-most``, ``fakes-lead``: ``eval_fakes.py``'s figures (main event: most fatalities, or the lead),
  and ``fakes-score``: ``score.py``'s ``score_fakes`` on the same events;
- ``places-ar``, ``places-en``, ``places-fakes``: ``eval_places.py``'s geocoder figures;
- ``incidents-ar``, ``incidents-en``: each Syrian Archive summary extracted as an article (its title, the
  incident date as publication date), scored by ``score.py``'s ``score_incidents``, and the share of
  summaries that give at least one event;
- ``gsr``, ``plover``: ``eval_actors.py``'s attacker (actor1) and target (actor2) span figures;
- ``demo``: ``eval_demo.py``'s figures on the bundled demo corpus (needs no ``../shared``).

Prints one table (set, metric, figure) on stdout and writes it into ``docs/EVALUATION.md`` between
``<!-- evaluate:begin -->`` and ``<!-- evaluate:end -->`` (not with ``--no-doc`` or ``--only``). Figures that
are floats are ratcheted against ``scripts/accuracy_baseline.json``; integers are counts, shown only.
``--check`` exits 1 when a figure fell more than 1 point (0.01) below its baseline, or a distance
(``*_km``, lower is better) rose more than 1 km, naming each; ``--update-baseline`` writes the figures
measured as the new baseline (commit it saying why). Timings go to stderr, never into the table.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import math
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
# Measure the code of this checkout (and make the sibling scripts importable when imported from tests).
for _path in (ROOT / "scripts", ROOT):
    if str(_path) in sys.path:
        sys.path.remove(str(_path))
    sys.path.insert(0, str(_path))

import eval_actors  # noqa: E402
import eval_demo  # noqa: E402
import eval_fakes  # noqa: E402
import eval_places  # noqa: E402

# The tracker internals this script uses, all here: modules are moving into sub-packages.
import tracker  # noqa: E402
from tracker.export import write_frame  # noqa: E402
from tracker.run.inputs import RunReport, read_inputs  # noqa: E402

BASELINE = ROOT / "scripts" / "accuracy_baseline.json"
DOC = ROOT / "docs" / "EVALUATION.md"
BEGIN, END = "<!-- evaluate:begin -->", "<!-- evaluate:end -->"
#: How far a figure may fall before --check fails: 1 point on a 0-1 scale, 1 km for a distance.
TOLERANCE = 0.01
KM_TOLERANCE = 1.0

Figures = dict[str, float | int]
Results = dict[str, Figures]


# --------------------------------------------------------------------------------------------------
# Measuring


@dataclass
class Run:
    """What every set reads: the shared folder, a temporary folder for event files, score.py."""

    shared: Path
    tmp: Path

    @functools.cached_property
    def scorer(self) -> ModuleType:
        """``../shared/eval/score.py``, loaded from its path: it is not ours, so it is not copied."""
        path = self.shared / "eval" / "score.py"
        spec = importlib.util.spec_from_file_location("shared_eval_score", path)
        if spec is None or spec.loader is None:
            raise FileNotFoundError(path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module


def extract_file(path: Path, out: Path) -> None:
    """Write to ``out`` (CSV) what ``tracker extract PATH -o OUT.csv`` writes: the CLI's reader and writer,
    in this process."""
    report = RunReport()
    articles = list(read_inputs([path], report=report))
    if report.failed:
        raise RuntimeError(f"{path}: {report.summary()}")
    write_frame(tracker.extract(articles), out)


def _dev_items(run: Run, name: str) -> Results:
    items = run.shared / "eval" / "dev-items"
    out = run.tmp / f"dev-{name}.csv"
    extract_file(items / f"articles_{name}.jsonl", out)
    return {f"dev-{name}": run.scorer.score_items(str(items / f"gold_{name}.jsonl"), str(out))}


def _fakes(run: Run) -> Results:
    gold = eval_fakes.load_gold(run.shared)
    events = tracker.extract(eval_fakes.articles(gold))
    results = {
        f"fakes-{main}": eval_fakes.figures(eval_fakes.score(gold, events, main=main))
        for main in ("most", "lead")
    }
    out = run.tmp / "fakes.csv"
    write_frame(events, out)
    results["fakes-score"] = run.scorer.score_fakes(str(run.shared / eval_fakes.GOLD), str(out))
    return results


def _places(run: Run) -> Results:
    results: Results = {f"places-{lang}": dict(f) for lang, f in eval_places.evaluate(run.shared).items()}
    results["places-fakes"] = dict(eval_places.evaluate_fakes(run.shared))
    return results


def _incidents(run: Run) -> Results:
    frame = eval_places.load_incidents(run.shared)
    records = [
        {
            "id": f"{lang}-{row['incident_code']}",  # the ids score_incidents looks for
            "text": row[f"summary_{lang}"],
            "title": row[f"title_{lang}"] or None,
            "published": row["incident_date"] or None,
            "lang": lang,
        }
        for lang in ("ar", "en")
        for row in frame.to_dict("records")
    ]
    events = tracker.extract(records)
    out = run.tmp / "incidents.csv"
    write_frame(events, out)
    scored = run.scorer.score_incidents(str(run.shared / eval_places.INCIDENTS), str(out), str(out))
    with_events = set(events["article_id"])
    return {
        f"incidents-{lang}": {
            "admin1_acc": scored[f"{lang}_admin1_acc"],
            "median_km": scored[f"{lang}_median_km"],
            "with_events": sum(f"{lang}-{code}" in with_events for code in frame["incident_code"])
            / len(frame),
            "n_labelled": scored[f"{lang}_n"],
            "n_summaries": len(frame),
        }
        for lang in ("ar", "en")
    }


def _actors(run: Run) -> Results:
    return {
        "gsr": eval_actors.span_figures(eval_actors.score_gsr(run.shared)),
        "plover": eval_actors.span_figures(eval_actors.score_plover(run.shared)),
    }


def _demo(run: Run) -> Results:
    return {"demo": eval_demo.figures(eval_demo.measure()[0])}


@dataclass(frozen=True)
class Group:
    """Sets measured together (they share one extraction); ``--only`` takes a group's or a set's name."""

    name: str
    sets: tuple[str, ...]
    measure: Callable[[Run], Results]
    needs_shared: bool = True


GROUPS: tuple[Group, ...] = (
    *(Group(f"dev-{n}", (f"dev-{n}",), functools.partial(_dev_items, name=n)) for n in ("en", "ar", "ar2")),
    Group("fakes", ("fakes-most", "fakes-lead", "fakes-score"), _fakes),
    Group("places", ("places-ar", "places-en", "places-fakes"), _places),
    Group("incidents", ("incidents-ar", "incidents-en"), _incidents),
    Group("actors", ("gsr", "plover"), _actors),
    Group("demo", ("demo",), _demo, needs_shared=False),
)
SETS: tuple[str, ...] = tuple(s for g in GROUPS for s in g.sets)


def select(only: Iterable[str] | None) -> list[str]:
    """The sets named (by set or group name), in table order; all of them for None."""
    if only is None:
        return list(SETS)
    names = set(only)
    unknown = names - set(SETS) - {g.name for g in GROUPS}
    if unknown:
        raise ValueError(f"unknown set(s): {', '.join(sorted(unknown))}; known: {', '.join(SETS)}")
    return [s for g in GROUPS for s in g.sets if g.name in names or s in names]


def measure(sets: Iterable[str], shared: Path) -> Results:
    """The figures of ``sets``, each group run once; seconds per group go to stderr."""
    wanted = list(sets)
    results: Results = {}
    with tempfile.TemporaryDirectory(prefix="evaluate-") as tmp:
        run = Run(shared, Path(tmp))
        for group in GROUPS:
            if not set(group.sets) & set(wanted):
                continue
            start = time.perf_counter()
            results.update(group.measure(run))
            print(f"{group.name}: {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return {s: results[s] for s in wanted if s in results}


# --------------------------------------------------------------------------------------------------
# The table, the baseline and the comparison


def is_checked(value: object) -> bool:
    """Floats are figures (ratcheted); integers are counts (shown only)."""
    return isinstance(value, float)


def lower_is_better(metric: str) -> bool:
    return metric.endswith("_km")


def show(value: float | int | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, int) or not math.isfinite(value):
        return str(value)
    return f"{value:.3f}"


def table(results: Mapping[str, Mapping[str, float | int]]) -> str:
    """The figures as a Markdown table, a row per set and metric, in the order measured."""
    rows = ["| set | metric | figure |", "|---|---|---|"]
    rows += [f"| {s} | {m} | {show(v)} |" for s, figures in results.items() for m, v in figures.items()]
    return "\n".join(rows) + "\n"


def baseline_of(results: Mapping[str, Mapping[str, float | int]]) -> dict[str, dict[str, float]]:
    """The ratcheted figures, rounded to 4 decimals: what the baseline file holds."""
    return {
        s: {m: round(v, 4) for m, v in figures.items() if is_checked(v)}
        for s, figures in results.items()
        if any(is_checked(v) for v in figures.values())
    }


def read_baseline(path: Path) -> dict[str, dict[str, float]]:
    """``{set: {metric: value}}`` from the baseline file; empty when there is none yet."""
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def write_baseline(baseline: Mapping[str, Mapping[str, float]], path: Path) -> None:
    """Write ``{set: {metric: value}}`` as JSON, sets in table order (a non-finite figure as Infinity/NaN)."""
    ordered = {s: baseline[s] for s in [*SETS, *sorted(set(baseline) - set(SETS))] if s in baseline}
    path.write_text(json.dumps(ordered, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Change:
    """A ratcheted figure that moved by more than its tolerance, or is on one side only."""

    set: str
    metric: str
    baseline: float | None  # None: not in the baseline
    measured: float | None  # None: not measured

    @property
    def tolerance(self) -> float:
        return KM_TOLERANCE if lower_is_better(self.metric) else TOLERANCE

    @property
    def fell(self) -> bool:
        """Worse than the baseline by more than the tolerance, or not measured at all."""
        if self.baseline is None:
            return False
        if self.measured is None or math.isnan(self.measured):
            return self.measured is None or not math.isnan(self.baseline)
        worse = (
            self.measured - self.baseline if lower_is_better(self.metric) else self.baseline - self.measured
        )
        return worse > self.tolerance + 1e-9

    @property
    def rose(self) -> bool:
        if self.baseline is None or self.measured is None:
            return False
        better = (
            self.baseline - self.measured if lower_is_better(self.metric) else self.measured - self.baseline
        )
        return better > self.tolerance + 1e-9

    def __str__(self) -> str:
        name = f"{self.set} {self.metric}"
        if self.measured is None:
            return f"{name}: in the baseline ({show(self.baseline)}) but not measured"
        if self.baseline is None:
            return f"{name}: {show(self.measured)}, not in the baseline"
        unit = " km" if lower_is_better(self.metric) else ""
        word = "worse" if self.fell else "better"
        return (
            f"{name}: {show(self.measured)}{unit} against a baseline of {show(self.baseline)}{unit}, "
            f"{word} by {show(abs(self.measured - self.baseline))}{unit} (tolerance {show(self.tolerance)}{unit})"
        )


def compare(
    baseline: Mapping[str, Mapping[str, float]],
    results: Mapping[str, Mapping[str, float | int]],
    *,
    sets: Iterable[str] | None = None,
) -> list[Change]:
    """The ratcheted figures of ``sets`` (default: the sets measured) that fell or rose by more than their
    tolerance, are in the baseline but were not measured, or were measured but are not in the baseline.

    >>> [str(c) for c in compare({"s": {"f1": 0.70}}, {"s": {"f1": 0.68}}) if c.fell]
    ['s f1: 0.680 against a baseline of 0.700, worse by 0.020 (tolerance 0.010)']
    """
    changes = []
    for s in results if sets is None else sets:
        base = baseline.get(s, {})
        measured = {m: float(v) for m, v in results.get(s, {}).items() if is_checked(v)}
        for metric in [*base, *(m for m in measured if m not in base)]:
            change = Change(s, metric, base.get(metric), measured.get(metric))
            if change.fell or change.rose or change.baseline is None:
                changes.append(change)
    return changes


# --------------------------------------------------------------------------------------------------
# The document


def _markers(doc: str) -> tuple[int, int]:
    start, end = doc.find(BEGIN), doc.find(END)
    if start < 0 or end < start or doc.count(BEGIN) != 1 or doc.count(END) != 1:
        raise ValueError(f"the document needs one {BEGIN} line followed by one {END} line")
    return start + len(BEGIN), end


def with_table(doc: str, text: str) -> str:
    """``doc`` with ``text`` between the markers (on lines of their own); the rest left as it is."""
    start, end = _markers(doc)
    return doc[:start] + "\n" + text.rstrip("\n") + "\n" + doc[end:]


def table_in(doc: str) -> str:
    """What stands between the markers."""
    start, end = _markers(doc)
    return doc[start:end].strip("\n") + "\n"


# --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure fell below the baseline")
    ap.add_argument("--update-baseline", action="store_true", help="write the figures as the baseline")
    ap.add_argument("--baseline", type=Path, default=BASELINE, help="default: scripts/accuracy_baseline.json")
    ap.add_argument("--no-doc", action="store_true", help=f"do not write the table into {DOC.name}")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="default: ../shared")
    ap.add_argument("--only", metavar="SET,...", help=f"only these sets or groups: {', '.join(SETS)}")
    args = ap.parse_args(argv)
    only = [n.strip() for n in args.only.split(",") if n.strip()] if args.only else None
    try:
        sets = select(only)
    except ValueError as exc:
        ap.error(str(exc))
    if not args.shared.is_dir() and any(g.needs_shared and set(g.sets) & set(sets) for g in GROUPS):
        print(f"{args.shared} not found: the development sets live there", file=sys.stderr)
        return 2

    results = measure(sets, args.shared)
    text = table(results)
    print(text, end="")
    status = 0

    if args.check:
        baseline = read_baseline(args.baseline)
        # A full run also answers for sets the baseline has and no group measures any more.
        checked = sets if only else [*sets, *(s for s in baseline if s not in sets)]
        changes = compare(baseline, results, sets=checked)
        falls = [c for c in changes if c.fell]
        for change in changes:
            if not change.fell:
                print(f"note: {change}", file=sys.stderr)
        if falls:
            print(f"\n{len(falls)} figure(s) fell below {args.baseline.name}:", file=sys.stderr)
            for change in falls:
                print(f"  {change}", file=sys.stderr)
            status = 1
        else:
            print(f"\nno figure fell below {args.baseline.name}", file=sys.stderr)
        if any(c.rose for c in changes):
            print("figures rose: raise the baseline with --update-baseline, saying why", file=sys.stderr)
        if only is None:
            try:
                drift = table_in(DOC.read_text(encoding="utf-8")) != text
            except ValueError as exc:
                print(f"warning: {DOC.name}: {exc}", file=sys.stderr)
            else:
                if drift:
                    print(
                        f"warning: the table in {DOC.name} differs: run scripts/evaluate.sh", file=sys.stderr
                    )

    if args.update_baseline:
        baseline = read_baseline(args.baseline) if only else {}
        write_baseline({**baseline, **baseline_of(results)}, args.baseline)
        print(f"wrote {args.baseline}", file=sys.stderr)

    if not args.no_doc:
        if only:
            print(f"--only: {DOC.name} left as it is (it shows every set)", file=sys.stderr)
        else:
            DOC.write_text(with_table(DOC.read_text(encoding="utf-8"), text), encoding="utf-8")
            print(f"wrote the table into {DOC.relative_to(ROOT)}", file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
