"""Cost of the feed path: parsing a large feed, extracting pages, and the watch's seen-items check.

Prints items per second for feed parsing (feedparser, plain-text summaries), pages per second for
main-text extraction (trafilatura), and the time to check a poll's items against a ``feed_items``
table that already holds many items (DuckDB). All input is generated here from a few sentences of
our own, so the figures are comparable from run to run.

    python benchmarks/bench_feeds.py                       # 2,000-item feed, 200 pages, 100,000 seen
    python benchmarks/bench_feeds.py --items 500 --pages 50 --seen 10000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

SENTENCES = (
    "Government warplanes killed {n} civilians in Saraqib in Idlib province on Monday, rescuers said.",
    "قتل {n} مدنيين جراء غارات للطيران الحربي على بلدة سرمين بريف إدلب الشرقي.",
    "Rebel shelling wounded {n} people in a western district of Aleppo city, state media reported.",
)


def make_feed(items: int) -> bytes:
    entries = []
    for i in range(items):
        text = SENTENCES[i % len(SENTENCES)].format(n=i % 40 + 1) + f" ({i})"
        entries.append(
            f"<item><title>Report {i}</title><link>https://example.invalid/{i}</link>"
            f"<guid>item-{i}</guid><pubDate>Mon, 23 Jan 2017 09:30:00 GMT</pubDate>"
            f"<description>&lt;p&gt;{text}&lt;/p&gt;</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>'
        + "".join(entries)
        + "</channel></rss>"
    ).encode()


def make_page(i: int) -> str:
    paragraphs = "".join(f"<p>{SENTENCES[(i + k) % 3].format(n=k + 1)}</p>" for k in range(12))
    return (
        f'<html lang="en"><head><title>Report {i}</title>'
        '<meta property="article:published_time" content="2017-01-23T09:30:00Z"></head>'
        f"<body><nav>Home | World</nav><article><h1>Report {i}</h1>{paragraphs}</article>"
        "<footer>Bench page</footer></body></html>"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000, help="items in the generated feed")
    parser.add_argument("--pages", type=int, default=200, help="pages to extract")
    parser.add_argument("--seen", type=int, default=100_000, help="items already in feed_items")
    args = parser.parse_args()

    import duckdb

    from tracker.document import Article
    from tracker.run.feeds import feed_articles, page_article
    from tracker.run.watch import SeenItems

    feed = make_feed(args.items)
    start = time.perf_counter()
    articles = feed_articles(feed, url="https://example.invalid/feed.rss")
    seconds = time.perf_counter() - start
    print(
        f"feed parsing: {len(articles)} items ({len(feed) / 1e6:.1f} MB) in {seconds:.2f} s"
        f" = {len(articles) / seconds:,.0f} items/s"
    )

    page_article(make_page(-1), url="https://example.invalid/warm")  # first call loads trafilatura
    start = time.perf_counter()
    for i in range(args.pages):
        page_article(make_page(i), url=f"https://example.invalid/p/{i}")
    seconds = time.perf_counter() - start
    print(f"page extraction: {args.pages} pages in {seconds:.2f} s = {args.pages / seconds:,.1f} pages/s")

    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "seen.duckdb"))
        seen = SeenItems(con)
        old = [Article(id=f"web-old-{i}", text=f"old report number {i}") for i in range(args.seen)]
        start = time.perf_counter()
        seen.remember("bench", old)
        fill = time.perf_counter() - start
        start = time.perf_counter()
        fresh = seen.new(articles)
        check = time.perf_counter() - start
        print(
            f"seen-items check: {len(articles)} items against {seen.count():,} seen in {check * 1000:.0f} ms"
            f" ({len(fresh)} new); remembering {args.seen:,} took {fill:.1f} s"
        )
        con.close()


if __name__ == "__main__":
    main()
