"""Store benchmark: ingest speed and memory, re-run speed, and query speed over many incidents.

Prints figures; asserts nothing. Three parts:

1. ``ingest``: N articles (default 100,000) into a fresh store, streamed in batches. Articles come
   from a JSONL corpus (default ``../shared/corpus/saudinewsnet-ar/articles.jsonl.gz``; repeated with
   a marker in the text when N is larger, so every article is new) or are synthetic
   (``--synthetic``). The extractor is the real pipeline, or ``--fake-extractor`` for a fixed cheap
   one that yields 1-3 events per article (measures the store alone). Reports time, articles/s,
   peak RSS and RSS at 10/50/100 % of the run (flat = memory does not grow with the corpus).
2. ``rerun``: the same N articles again (nothing new): time, and the fraction of the first run.
3. ``query``: a separate store with ``--incidents`` synthetic incidents (default 1,000,000) written
   straight into DuckDB; times the read API (filters by date, governorate, actor, violations) and
   ``stats()``.

    python benchmarks/bench_store.py --articles 10000
    python benchmarks/bench_store.py --articles 10000 --fake-extractor --incidents 1000000
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.document import Article  # noqa: E402
from tracker.extraction.pipeline import ArticleResult  # noqa: E402
from tracker.run.ingest import ingest  # noqa: E402
from tracker.schema import ADMIN1  # noqa: E402
from tracker.store import Store  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet-ar" / "articles.jsonl.gz"
TOWNS = [
    "Saraqib",
    "Ariha",
    "Douma",
    "Harasta",
    "Daraya",
    "Talbiseh",
    "Rastan",
    "Jisr al-Shughur",
    "Azaz",
    "Bab",
]
SIDES = ["government", "opposition", "other", "unknown"]


def corpus_articles(path: Path, n: int) -> Iterator[Article]:
    """N articles from a JSONL(.gz) corpus, repeated with a marker in the text beyond its end."""
    count = 0
    for round_no in itertools.count():
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if count >= n:
                    return
                rec = json.loads(line)
                text = rec.get("text") or ""
                suffix = f"\n[repeat {round_no}]" if round_no else ""
                published = (rec.get("published") or "")[:10] or None
                yield Article(
                    id=f"{rec.get('id')}#{round_no}" if round_no else str(rec.get("id")),
                    text=text + suffix,
                    published=date.fromisoformat(published) if published else None,
                    lang="ar",
                    source=rec.get("source"),
                    url=rec.get("url"),
                    title=rec.get("title"),
                )
                count += 1
        if count == 0:
            return


def synthetic_articles(n: int, *, seed: int = 7) -> Iterator[Article]:
    """N English articles about strikes, ~1,500 characters each, over ~3 years."""
    rnd = random.Random(seed)
    start = date(2016, 1, 1)
    for i in range(n):
        day = start + timedelta(days=rnd.randrange(1100))
        town = rnd.choice(TOWNS)
        text = (
            f"Report {i}. Warplanes killed {rnd.randrange(1, 30)} civilians in {town} on {day:%d %B %Y}. "
            + "Residents described the damage to the market and the nearby school. " * 20
        )
        yield Article(
            id=f"syn-{i}", text=text, published=day + timedelta(days=1), lang="en", source=f"S{i % 13}"
        )


def fake_extractor(article: Article) -> ArticleResult:
    """1-3 events per article from its hash: cheap, so the run measures the store itself."""
    h = hash(article.id) & 0xFFFFFFFF
    base = article.published or date(2017, 1, 1)
    events = []
    for k in range(1 + h % 3):
        code = sorted(ADMIN1)[(h >> (4 + k)) % 14]
        events.append(
            {
                "event_date": base - timedelta(days=(h >> 8) % 3),
                "date_precision": 1,
                "location": TOWNS[(h >> (12 + k)) % len(TOWNS)],
                "admin1": ADMIN1[code],
                "admin1_pcode": code,
                "geo_precision": 1,
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Air/drone strike",
                "actor1_side": SIDES[(h >> 16) % 4],
                "fatalities": (h >> 20) % 20,
                "evidence": article.text[:120],
            }
        )
    return ArticleResult(events=events)


class RssWatch:
    """RSS samples taken at each batch (the ingest progress callback)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.proc = psutil.Process()
        self.samples: list[tuple[int, float]] = []

    def __call__(self, read: int) -> None:
        self.samples.append((read, self.proc.memory_info().rss / 2**20))

    def at(self, share: float) -> float:
        target = share * self.total
        return next(
            (mb for read, mb in self.samples if read >= target), self.samples[-1][1] if self.samples else 0.0
        )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_ingest(args: argparse.Namespace, tmp: Path) -> None:
    path = tmp / "bench.duckdb"
    extractor = fake_extractor if args.fake_extractor else None

    def articles() -> Iterator[Article]:
        if args.synthetic or not Path(args.corpus).exists():
            return synthetic_articles(args.articles)
        return corpus_articles(Path(args.corpus), args.articles)

    watch = RssWatch(args.articles)
    cpu0, t0 = time.process_time(), time.perf_counter()
    with Store(path) as store:
        first = ingest(store, articles(), extractor=extractor, progress=watch, batch_size=args.batch_size)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    print(f"ingest: {first.summary()}")
    print(
        f"ingest: {first.read} articles in {wall:.1f}s wall / {cpu:.1f}s CPU = {first.read / wall:.0f} articles/s; "
        f"peak RSS {peak_rss_mb():.0f} MB; RSS at 10/50/100%: "
        f"{watch.at(0.1):.0f} / {watch.at(0.5):.0f} / {watch.at(1.0):.0f} MB; store {path.stat().st_size / 2**20:.1f} MB"
    )
    with Store(path, read_only=True) as store:
        s = store.stats()
    print(
        f"ingest: {s['mentions']} mentions merged into {s['incidents']} incidents "
        f"({s['merged_incidents']} with more than one mention, {s['multi_source_incidents']} from several sources)"
    )
    t1 = time.perf_counter()
    with Store(path) as store:
        second = ingest(store, articles(), extractor=extractor, progress=False, batch_size=args.batch_size)
    rerun = time.perf_counter() - t1
    print(
        f"rerun: {second.read} read, {second.new} new, {second.changed} changed, {second.mentions_added} mentions added "
        f"in {rerun:.1f}s ({rerun / wall:.0%} of the first run); peak RSS {peak_rss_mb():.0f} MB"
    )


def fill_incidents(path: Path, n: int) -> None:
    """N synthetic incidents straight into the incidents table (the read side is what is measured)."""
    with Store(path) as store:
        codes = sorted(ADMIN1)
        names = [ADMIN1[c] for c in codes]
        store.con.execute(
            f"""
            INSERT INTO incidents BY NAME
            SELECT 'inc-' || i AS event_id, 'art-' || i AS article_id, 'S' || (i % 13) AS source,
                   TIMESTAMP '2012-01-01' + INTERVAL (i % 4000) DAY AS event_date, 1 AS date_precision,
                   'Explosions/Remote violence' AS event_type, 'Air/drone strike' AS sub_event_type,
                   CASE WHEN i % 3 = 0 THEN 'Military Forces of Russia (2000-)' ELSE 'Opposition Rebels (Syria)' END AS actor1,
                   CASE WHEN i % 3 = 0 THEN 'government' ELSE 'opposition' END AS actor1_side,
                   'Town' || (i % 997) AS location,
                   list_extract($names, (i % 14)::INTEGER + 1) AS admin1,
                   list_extract($codes, (i % 14)::INTEGER + 1) AS admin1_pcode,
                   1 AS geo_precision, 'Syria' AS country, i % 17 AS fatalities, i % 17 AS fatalities_low,
                   i % 17 + 3 AS fatalities_high, i % 17 + 1 AS fatalities_best,
                   CASE WHEN i % 5 = 0 THEN NULL ELSE i % 2 = 0 END AS violation,
                   ['S' || (i % 13)] AS sources, 1 AS n_sources, ['m-' || i] AS mention_ids
            FROM range({n}) t(i)
            """,
            {"names": names, "codes": codes},
        )


def bench_query(args: argparse.Namespace, tmp: Path) -> None:
    path = tmp / "query.duckdb"
    t0 = time.perf_counter()
    fill_incidents(path, args.incidents)
    print(f"query: wrote {args.incidents:,} synthetic incidents in {time.perf_counter() - t0:.1f}s")
    queries: list[tuple[str, dict[str, Any]]] = [
        ("one month", {"since": "2016-02-01", "until": "2016-02-29"}),
        ("one governorate", {"admin1": "Idleb"}),
        ("actor part of name, one year", {"actor": "russia", "since": "2016-01-01", "until": "2016-12-31"}),
        ("violations in a governorate", {"violations_only": True, "admin1": "SY03"}),
        ("everything", {}),
    ]
    with Store(path, read_only=True) as store:
        for label, filters in queries:
            t = time.perf_counter()
            frame = store.incidents(**filters)
            print(f"query: incidents({label}) -> {len(frame):,} rows in {time.perf_counter() - t:.2f}s")
        t = time.perf_counter()
        figures = store.stats()
        print(f"query: stats() over {figures['incidents']:,} incidents in {time.perf_counter() - t:.2f}s")
        t = time.perf_counter()
        counts = store.con.execute(
            "SELECT admin1, actor1_side, date_trunc('month', event_date) m, count(*), sum(fatalities)"
            " FROM incidents WHERE violation GROUP BY ALL"
        ).fetchall()
        print(
            f"query: monthly violation counts by governorate and side ({len(counts):,} cells) in {time.perf_counter() - t:.2f}s"
        )
    print(f"query: peak RSS {peak_rss_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument(
        "--synthetic", action="store_true", help="Synthetic English articles instead of the corpus."
    )
    parser.add_argument(
        "--fake-extractor", action="store_true", help="A cheap fixed extractor (measures the store)."
    )
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--skip-query", action="store_true")
    parser.add_argument("--dir", help="Where to write the stores (default: a temporary directory).")
    args = parser.parse_args()
    print(f"bench_store: python {sys.version.split()[0]}, {os.cpu_count()} CPUs, args {vars(args)}")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        if not args.skip_ingest:
            bench_ingest(args, Path(tmp))
        if not args.skip_query:
            bench_query(args, Path(tmp))


if __name__ == "__main__":
    main()
