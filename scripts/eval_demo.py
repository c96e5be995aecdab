"""Measure the extractor on the bundled demo corpus against its hand-written gold file.

Usage: python scripts/eval_demo.py [--show-errors N] [--lang ar|en]

Runs ``tracker.extract_all`` (events as ``tracker.extract`` gives them, plus aggregate tolls) over ``tracker/resources/demo/articles.jsonl`` and prints event precision and
recall, per-field accuracy on matched events, how many gold aggregate tolls were found, and the first
missed and extra events. Matching is ``tests/demo_matching.py`` (the same code as the gold test).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere: make ``tests`` importable
    sys.path.insert(0, str(ROOT))

import tracker  # noqa: E402
from tests.demo_matching import Score, load_corpus, load_gold, score, to_articles  # noqa: E402


def measure(*, lang: str | None = None) -> tuple[Score, int, float]:
    """Extract the demo corpus (only ``lang``'s articles when given) and score it against the gold file.

    Returns the score, the number of articles and the seconds the extraction took.
    """
    records = [r for r in load_corpus() if lang in (None, r["lang"])]
    ids = {r["id"] for r in records}
    gold = [g for g in load_gold() if g["article_id"] in ids]
    articles = to_articles(records)

    start = time.perf_counter()
    # extract_all is tracker.extract plus the aggregate tolls, which the pipeline keeps apart from events.
    extraction = tracker.extract_all(articles)
    seconds = time.perf_counter() - start

    result = score(
        gold, extraction.events.to_dict("records"), aggregates=extraction.aggregates.to_dict("records")
    )
    return result, len(records), seconds


def figures(result: Score) -> dict[str, float | int]:
    """Event ``precision`` and ``recall``, ``aggregates_found``, each field's accuracy on matched events
    (``<field>_acc``), and the counts of gold, extracted and matched events."""
    out: dict[str, float | int] = {"precision": result.precision, "recall": result.recall}
    if result.n_gold_aggregates:
        out["aggregates_found"] = result.n_found_aggregates / result.n_gold_aggregates
    out.update({f"{name}_acc": acc for name, acc in result.field_accuracy().items()})
    out.update(n_gold=result.n_gold, n_extracted=result.n_pred, n_matched=result.n_matched)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", type=int, default=15, help="how many misses and extras to list")
    parser.add_argument("--lang", choices=("ar", "en"), help="only the articles in this language")
    args = parser.parse_args(argv)

    result, n_articles, seconds = measure(lang=args.lang)
    print(f"demo corpus: {n_articles} articles, extracted in {seconds:.1f} s")
    print(result.summary(misses=args.show_errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
