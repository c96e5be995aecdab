"""Measure the extractor on the FA-KES development set (English articles on the Syrian war).

Usage: python scripts/eval_fakes.py [--shared ../shared] [--show-errors N]

For each article the main event is the one with the most fatalities among those it reports as its
news, not as background (``tracker.extraction.pipeline.main_events``; ties: the first). Printed:
- admin1 accuracy against ``location`` (articles with a location);
- fatalities exact match against ``nb_civilians + nb_noncivilians``;
- sub_event_type agreement with ``cause_of_death`` (mapping below; "unknown" causes skipped);
- actor1 agreement with ``actor`` (the classes and mapping of eval_actors.py; "unknown" actors skipped).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import tracker
from tracker.actors import default_tagger
from tracker.extraction.pipeline import main_events

GOLD = "eval/fa-kes/fakes_dev.csv"

LOCATION = {
    "aleppo": {"Aleppo"},
    "damascus": {"Damascus", "Rural Damascus"},
    "idlib": {"Idleb"},
    "deir ezzor": {"Deir-ez-Zor"},
    "raqqa": {"Ar-Raqqa"},
    "homs": {"Homs"},
    "hasakeh": {"Al-Hasakeh"},
    "hama": {"Hama"},
    "daraa": {"Dar'a"},
    "lattakia": {"Lattakia"},
    "quneitra": {"Quneitra"},
}
# FA-KES lumps air strikes with shelling, and reads "shooting" as any gunfire.
CAUSE = {
    "shelling": {"Air/drone strike", "Shelling/artillery/missile attack"},
    "explosion": {"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"},
    "chemical and toxic gases": {"Chemical weapon"},
    "shooting": {"Attack", "Armed clash"},
    "execution": {"Attack"},
}
# The actor classes and our mapping onto them are eval_actors.py's, so both scripts give one figure.
from eval_actors import fakes_class, gold_class  # noqa: E402  (a sibling script)

_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()


def _states(title: str, n: int) -> bool:
    """Does the headline state the figure n (as digits, or as a word up to twelve)?"""
    import re

    if re.search(rf"(?<!\d){n}(?!\d)", title):
        return True
    return n < len(_WORDS) and re.search(rf"\b{_WORDS[n]}\b", title, re.IGNORECASE) is not None


def load_gold(shared: Path) -> pd.DataFrame:
    """The FA-KES development labels, with the article date parsed as ``published``."""
    gold = pd.read_csv(Path(shared) / GOLD)
    gold["published"] = pd.to_datetime(gold["date"], format="%m/%d/%y", errors="coerce")
    return gold


def articles(gold: pd.DataFrame) -> pd.DataFrame:
    """The labelled articles as ``tracker.extract`` input (English, with title, date and source)."""
    return pd.DataFrame(
        {
            "id": gold["unit_id"].astype(str),
            "text": gold["article_content"].fillna(""),
            "title": gold["article_title"].fillna(""),
            "published": gold["published"],
            "lang": "en",
            "source": gold["source"],
        }
    )


@dataclass
class Score:
    """Hits and totals per figure (``stats[name] = [hits, total]``), disagreements, likely label errors."""

    stats: dict[str, list[int]]
    errors: dict[str, list[str]]
    label_suspects: list[str]


def score(gold: pd.DataFrame, ev: pd.DataFrame, *, main: str = "most") -> Score:
    """Score the events of the labelled articles, taking each article's main event as ``main`` says."""
    if main == "most":
        main_ev = main_events(ev)
    else:
        ev = ev.assign(_s=ev["span_start"].fillna(-1)).sort_values(["article_id", "_s"])
        main_ev = ev.drop_duplicates("article_id").set_index("article_id")
    registry_ids = {a.name: a.id for a in default_tagger().actors.values()}
    stats = {k: [0, 0] for k in ("admin1", "fatalities", "type", "actor", "has_event")}
    errors: dict[str, list[str]] = {k: [] for k in stats}
    label_suspects: list[str] = []
    for _, g in gold.iterrows():
        aid = str(g["unit_id"])
        m = main_ev.loc[aid] if aid in main_ev.index else None
        stats["has_event"][1] += 1
        stats["has_event"][0] += m is not None
        loc = str(g["location"]).strip().lower() if isinstance(g["location"], str) else None
        if loc in LOCATION:
            stats["admin1"][1] += 1
            ok = m is not None and m["admin1"] in LOCATION[loc]
            stats["admin1"][0] += ok
            if not ok:
                errors["admin1"].append(f"{aid}: gold {loc} got {None if m is None else m['admin1']}")
        total = int(g["nb_civilians"]) + int(g["nb_noncivilians"])
        stats["fatalities"][1] += 1
        got = None if m is None or pd.isna(m["fatalities"]) else int(m["fatalities"])
        ok = got == total or (got is None and total == 0)
        stats["fatalities"][0] += ok
        if not ok:
            errors["fatalities"].append(f"{aid}: gold {total} got {got} | {g['article_title'][:80]}")
            if (
                got is not None
                and _states(str(g["article_title"]), got)
                and not _states(str(g["article_title"]), total)
            ):
                label_suspects.append(
                    f"{aid}: headline states {got}, label {total} | {g['article_title'][:80]}"
                )
        cause = g["cause_of_death"]
        if cause in CAUSE:
            stats["type"][1] += 1
            ok = m is not None and m["sub_event_type"] in CAUSE[cause]
            stats["type"][0] += ok
            if not ok:
                errors["type"].append(f"{aid}: gold {cause} got {None if m is None else m['sub_event_type']}")
        gold_actor = gold_class(g["actor"])
        if gold_actor != "unknown":
            stats["actor"][1] += 1
            ours = "unknown" if m is None else fakes_class(m["actor1"], m["actor1_side"], registry_ids)
            ok = ours == gold_actor
            stats["actor"][0] += ok
            if not ok:
                errors["actor"].append(f"{aid}: gold {g['actor']} got {None if m is None else m['actor1']}")
    return Score(stats, errors, label_suspects)


def figures(result: Score) -> dict[str, float | int]:
    """Each figure as a share of its articles (the keys of ``Score.stats``), and ``n_articles``."""
    shares: dict[str, float | int] = {k: ok / n for k, (ok, n) in result.stats.items() if n}
    return {**shares, "n_articles": result.stats["has_event"][1]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--show-errors", type=int, default=0)
    ap.add_argument(
        "--main",
        choices=("most", "lead"),
        default="most",
        help="main event: the one with most fatalities (default), or the first reported (the lead)",
    )
    args = ap.parse_args(argv)
    path = Path(args.shared) / GOLD
    if not path.exists():
        print(f"not found: {path}", file=sys.stderr)
        return 1
    gold = load_gold(Path(args.shared))
    t0 = time.perf_counter()
    ev = tracker.extract(articles(gold))
    dt = time.perf_counter() - t0
    result = score(gold, ev, main=args.main)
    stats, errors, label_suspects = result.stats, result.errors, result.label_suspects
    print(
        f"FA-KES dev: {len(gold)} articles, {len(ev)} events, {dt:.1f} s ({len(gold) / dt:.0f} articles/s); main event: {args.main}"
    )
    for k, (ok, n) in stats.items():
        print(f"  {k:<11} {ok:>4}/{n:<4} = {ok / n:.1%}" if n else f"  {k}: n/a")
    print(
        f"  fatality disagreements where the headline itself states our figure and not the label's: "
        f"{len(label_suspects)} (likely label errors)"
    )
    if args.show_errors:
        print("\n## likely label errors")
        for e in label_suspects[: args.show_errors]:
            print("  ", e)
        for k, errs in errors.items():
            print(f"\n## {k} ({len(errs)})")
            for e in errs[: args.show_errors]:
                print("  ", e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
