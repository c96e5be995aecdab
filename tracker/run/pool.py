"""The local process pool: articles in, extraction results out, in input order.

Reads :class:`~tracker.document.Article` objects; runs :func:`tracker.extraction.pipeline.extract_article`
on each, in this process or in a pool of worker processes, and yields the results in input order (so
the output does not depend on the number of workers); fills the caller's
:class:`tracker.run.records.RunReport`. Used by ``tracker extract`` and by :func:`tracker.extract_all`
(:func:`extract_all` here: the Python API with workers and a progress display); the Dask engine
(:mod:`tracker.run.distributed`) is the same job across machines.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from tracker.document import Article
from tracker.run.progress import progress_display

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from tracker.extraction.pipeline import Articles, Extraction

T = TypeVar("T")

__all__ = [
    "CHUNK_SIZE",
    "extract_all",
    "extract_articles",
    "extract_one",
    "in_order",
    "warm_up",
    "worker_pool",
]

#: Articles a worker takes at a time; batches of several chunks per worker bound memory.
CHUNK_SIZE = 8


def extract_one(article: Article) -> tuple[Any, str | None]:
    """Run the extractor on one article; an exception becomes a reason instead of ending the run."""
    from tracker.extraction.pipeline import extract_article

    try:
        return extract_article(article), None
    except Exception as exc:  # one article's bug must not lose the others
        return None, f"extraction failed: {type(exc).__name__}: {exc}"


#: Tiny reports that make the extractor load its word lists, gazetteer and actors (both languages).
_WARM_UP = (
    Article("warm-up-ar", "قتل 3 مدنيين بقصف على مدينة حلب أمس.", lang="ar"),
    Article("warm-up-en", "Shelling killed 3 civilians in Aleppo yesterday.", lang="en"),
)


def warm_up() -> None:
    """Load the extractor's resources once in the parent, so forked workers share them instead of
    each loading them again (seconds per worker)."""
    for article in _WARM_UP:
        extract_one(article)


@contextmanager
def worker_pool(workers: int) -> Iterator[Pool | None]:
    """A process pool for ``workers`` > 1 (None otherwise), with the extractor loaded before forking.

    Open it before any thread starts (the progress display runs one): a fork copies a thread's
    held locks, not the thread.
    """
    if workers <= 1:
        yield None
        return
    import multiprocessing

    context = multiprocessing.get_context()
    if context.get_start_method() == "fork":
        warm_up()
    with context.Pool(workers) as pool:
        yield pool


def in_order(
    func: Callable[[Article], T], articles: Iterable[Article], pool: Pool | None, workers: int
) -> Iterator[tuple[Article, T]]:
    """``(article, func(article))`` for every article, in input order, in ``pool`` when there is one
    (``func`` must then be a module-level function; its exceptions reach the caller)."""
    if pool is None:
        for article in articles:
            yield article, func(article)
        return
    # Batches are mapped in order, so output order is the input order whatever the worker count,
    # and at most one batch of articles is held in memory.
    batch_size = max(workers, 1) * CHUNK_SIZE * 4
    iterator = iter(articles)
    while batch := list(itertools.islice(iterator, batch_size)):
        yield from zip(batch, pool.imap(func, batch, chunksize=CHUNK_SIZE), strict=True)


def _results(
    articles: Iterable[Article], pool: Pool | None, workers: int
) -> Iterator[tuple[Article, Any, str | None]]:
    for article, (result, error) in in_order(extract_one, articles, pool, workers):
        yield article, result, error


def extract_articles(
    articles: Iterable[Article],
    *,
    report: Any,
    workers: int = 1,
    pool: Pool | None = None,
    on_article: Callable[[], None] | None = None,
    ledger: list[dict[str, Any]] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Extract every article; returns (event rows, aggregate rows) and counts each article in ``report``.

    ``report`` is a :class:`tracker.run.inputs.RunReport`; an article whose extraction raises is counted as
    failed with its origin. With ``workers`` > 1 the articles go to ``pool`` (one from
    :func:`worker_pool`, opened here when not given). ``on_article`` is called after each article
    (progress display); ``ledger``, when given, receives each article's casualty ledger. Ctrl-C stops the run but keeps what was extracted so far
    (``report.interrupted`` is set).
    """
    if workers > 1 and pool is None:
        with worker_pool(workers) as own_pool:
            return extract_articles(
                articles, report=report, workers=workers, pool=own_pool, on_article=on_article, ledger=ledger
            )
    events: list[dict[str, Any]] = []
    aggregates: list[dict[str, Any]] = []
    try:
        for article, result, error in _results(articles, pool, workers):
            if error is not None:
                report.fail(article.origin or article.id, error)
            else:
                events.extend(result.events)
                aggregates.extend(result.aggregates)
                if ledger is not None:
                    ledger.extend(result.ledger)
                report.record(
                    bool(result.events), events=len(result.events), aggregates=len(result.aggregates)
                )
                report.note_undated(article, result.events)
            if on_article is not None:
                on_article()
    except KeyboardInterrupt:  # a long run stopped by hand still writes what it found
        report.interrupted = True
    return events, aggregates


def extract_all(
    data: Articles,
    *,
    published: date | str | None = None,
    lang: str | None = None,
    source: str | None = None,
    workers: int = 1,
    progress: bool = False,
) -> Extraction:
    """:func:`tracker.extraction.pipeline.extract_all` in ``workers`` processes, with a progress display
    on stderr (``progress``; a bar when ``data`` has a length). The result does not depend on
    ``workers``: articles keep their input order. An article whose extraction raises stops the run
    with that exception, as in one process.
    """
    from tracker.extraction.pipeline import as_articles, collect, extract_article

    articles = as_articles(data, published=published, lang=lang, source=source)
    total = None if isinstance(data, str | Article | Mapping) or not isinstance(data, Sized) else len(data)
    display, advance = progress_display(progress, total=total)
    with worker_pool(workers) as pool, display:
        results = in_order(extract_article, articles, pool, workers)
        if advance is not None:
            results = _advancing(results, advance)
        return collect(results)


def _advancing(
    results: Iterator[tuple[Article, T]], advance: Callable[[], None]
) -> Iterator[tuple[Article, T]]:
    for pair in results:
        advance()
        yield pair
