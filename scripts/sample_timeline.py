"""Draw a random sample of English timeline sentences with events, for a hand check.

Usage: python scripts/sample_timeline.py [--n 50] [--seed 7] [--shared ../shared] > sample.md

Each sentence is dated by its ``period`` (year) and ``date_heading`` (day), used as the publication date.
Prints one block per sentence: the text and what the extractor made of it (count, place, date, type,
actors), ready to be marked right or wrong by a reader.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

import pandas as pd

import tracker


def _published(period: str, heading: str) -> pd.Timestamp | None:
    year = re.search(r"(19|20)\d\d", period or "")
    if not year:
        return None
    # headings such as '1 July – "Friday of Departure"' or '26–27 September': keep the first day and month
    m = re.search(r"(\d{1,2})(?:\s*[–-]\s*\d{1,2})?\s+([A-Z][a-z]+)", heading or "")
    day_month = f"{m.group(1)} {m.group(2)}" if m else (heading or "")
    ts = pd.to_datetime(f"{day_month} {year.group()}", errors="coerce", format="mixed")
    return None if pd.isna(ts) else ts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    rows = pd.read_csv(Path(args.shared) / "corpus/wikipedia-syria-timeline/events.csv")
    arts = [
        {"id": f"wiki-{i}", "text": r.event, "published": _published(r.period, r.date_heading), "lang": "en"}
        for i, r in enumerate(rows.itertuples())
    ]
    ex = tracker.extract_all(arts)
    ev = ex.events
    with_events = sorted(set(ev["article_id"]))
    print(
        f"{len(arts)} sentences, {len(with_events)} with events, {len(ev)} events, {len(ex.aggregates)} aggregates\n"
    )
    random.seed(args.seed)
    for aid in sorted(
        random.sample(with_events, min(args.n, len(with_events))), key=lambda a: int(a.split("-")[1])
    ):
        art = arts[int(aid.split("-")[1])]
        print(f"### {aid} (published {art['published'].date() if art['published'] is not None else None})")
        print(art["text"])
        for _, e in ev[ev["article_id"] == aid].iterrows():
            date = e["event_date"].date() if pd.notna(e["event_date"]) else None
            print(
                f"- {e['sub_event_type']} | killed {e['fatalities']} injured {e['injured']} | {e['location']} "
                f"({e['admin1']}) | {date} p{e['date_precision']} | {e['actor1']} -> {e['actor2']}"
            )
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
