"""Throughput of the geocoder on real Arabic news (and English sentences), and its share of extraction.

Reads the first ``-n`` articles of ``../shared/corpus/saudinewsnet-ar/articles.jsonl.gz`` (and the
Wikipedia Syria timeline sentences for English), normalises and splits them once, then times
``Geocoder.find`` on every sentence and prints sentences/s, microseconds per sentence and places found.
With ``--pipeline`` it also times ``tracker.extraction.pipeline.extract_article`` on the same articles, when the
pipeline is there, to show what geocoding adds to extraction.

    python benchmarks/bench_places.py            # 5,000 Arabic articles
    python benchmarks/bench_places.py -n 1000 --pipeline
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _arabic(shared: Path, n: int) -> list[dict]:
    out = []
    with gzip.open(shared / "corpus" / "saudinewsnet-ar" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= n:
                break
            out.append(json.loads(line))
    return out


def _english(shared: Path) -> list[str]:
    with open(shared / "corpus" / "wikipedia-syria-timeline" / "events.csv", encoding="utf-8") as fh:
        return [row["event"] for row in csv.DictReader(fh) if row.get("event")]


def _time_find(sentences: list[str], lang: str) -> tuple[float, int]:
    from tracker.places import default_geocoder

    geo = default_geocoder()
    geo._cache.clear()
    found = 0
    t0 = time.perf_counter()
    for s in sentences:
        found += len(geo.find(s, lang))
    return time.perf_counter() - t0, found


def _pipeline_share(articles: list[dict]) -> None:
    """Time extraction of the articles and, inside it, the geocoder's calls (locate, article_place)."""
    from tracker.document import Article
    from tracker.extraction.pipeline import extract_article
    from tracker.places import default_geocoder

    geo = default_geocoder()
    spent = [0.0]
    for name in ("locate", "article_place"):
        method = getattr(geo, name)

        def timed(*a, _m=method, **k):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            try:
                return _m(*a, **k)
            finally:
                spent[0] += time.perf_counter() - t

        setattr(geo, name, timed)
    docs = [
        Article(id=str(a.get("id", i)), text=a.get("text") or "", title=a.get("title"), lang="ar")
        for i, a in enumerate(articles)
    ]
    geo._cache.clear()
    t0 = time.perf_counter()
    events = sum(len(extract_article(d).events) for d in docs)
    total = time.perf_counter() - t0
    rest = total - spent[0]
    print(
        f"pipeline: {len(docs):,} articles, {events:,} events in {total:.2f} s; geocoder {spent[0]:.2f} s "
        f"= +{100 * spent[0] / rest:.1f} % over extraction without it"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="Arabic articles to read")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--pipeline", action="store_true", help="also time the whole extraction")
    args = parser.parse_args()

    from tracker.extraction.segment import split_sentences
    from tracker.places import default_geocoder
    from tracker.text.normalize import normalize

    t0 = time.perf_counter()
    default_geocoder()
    print(f"gazetteer load + automaton build: {time.perf_counter() - t0:.2f} s (once per process)")

    articles = _arabic(args.shared, args.n)
    ar = [
        s.text
        for a in articles
        for s in split_sentences(normalize(f"{a.get('title') or ''}\n{a.get('text') or ''}").text)
    ]
    en = [s.text for t in _english(args.shared) for s in split_sentences(normalize(t).text)]
    for lang, sentences in (("ar", ar), ("en", en)):
        secs, found = _time_find(sentences, lang)
        chars = sum(map(len, sentences))
        print(
            f"{lang}: {len(sentences):,} sentences ({chars / 1e6:.1f} M chars) in {secs:.2f} s: "
            f"{len(sentences) / secs:,.0f} sentences/s, {1e6 * secs / len(sentences):.1f} us/sentence, "
            f"{found:,} places"
        )

    if args.pipeline:
        _pipeline_share(articles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
