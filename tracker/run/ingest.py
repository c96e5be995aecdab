"""Ingesting articles into a store: extract the new ones, merge mentions into incidents, judge, store.

Reads :class:`tracker.document.Article` objects (from :func:`tracker.run.inputs.read_inputs`, a feed,
or a Dask run); writes them, with what the extractor found, into a :class:`tracker.store.Store`
through one run (:meth:`~tracker.store.Store.new_run`: one transaction). The stages, in order:

1. the store tells which articles of a batch are new or changed (by content hash and extractor);
2. the extractor reads those (a failure is counted and the article left for the next run);
3. the store writes the batch's articles, mentions, aggregates and found announcements;
4. once every batch is in, the mentions of each day the run touched are merged into incidents
   (:func:`tracker.store.incidents.merge_mentions`), the incidents judged against the ceasefires,
   and stored under the ids of the incidents they continue; what changed is logged
   (:mod:`tracker.store.identity`).

>>> from tracker.document import Article
>>> from tracker.store import Store
>>> with Store(":memory:") as store:
...     ingest(store, [Article(id="a1", text="Nothing happened.")], extractor=lambda a: None, progress=False).new
1
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Literal

import pandas as pd

from tracker.ceasefires import judge as judge_against_registry
from tracker.ceasefires import load_registry
from tracker.document import Article
from tracker.extraction.pipeline import extract_article
from tracker.run.records import RunReport
from tracker.schema import EVENT_COLUMNS
from tracker.store import IngestResult, Store, extractor_fingerprint
from tracker.store.incidents import merge_mentions
from tracker.store.writer import Extracted, RunWriter

__all__ = ["Judge", "default_judge", "fingerprint_of", "ingest"]

log = logging.getLogger(__name__)

#: Re-judges merged incidents: a frame of event columns in, the same frame with ``ceasefire``,
#: ``violation`` and ``violation_reason`` filled out.
Judge = Callable[[pd.DataFrame], pd.DataFrame]


def default_judge() -> Judge:
    """:func:`tracker.ceasefires.judge` bound to the ceasefire registry, loaded once."""
    registry = load_registry()
    return lambda frame: judge_against_registry(frame, registry)


def fingerprint_of(extractor: Callable[..., Any] | None) -> str:
    """The packaged extractor's fingerprint (None: :func:`tracker.store.extractor_fingerprint`), or a
    custom extractor's own (its ``fingerprint`` attribute, else its qualified name)."""
    if extractor is None:
        return extractor_fingerprint()
    own = getattr(extractor, "fingerprint", None)
    return (
        str(own)
        if own
        else f"{getattr(extractor, '__module__', '')}.{getattr(extractor, '__qualname__', '')}"
    )


def _batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _extract_batch(
    run: RunWriter, todo: list[tuple[Article, str]], extractor: Callable[[Article], Any]
) -> list[Extracted]:
    extracted: list[Extracted] = []
    for article, content_hash in todo:
        try:
            out = extractor(article)
        except Exception as exc:  # one bad article must not sink the run; it is retried next run
            log.warning("extraction failed for article %s (%s): %s", article.id, article.origin, exc)
            run.failed(article, exc)
            continue
        if out is None:
            extracted.append(Extracted(article, content_hash, [], [], []))
        else:
            found = (list(out.events), list(out.aggregates), list(out.ceasefires_found))
            extracted.append(Extracted(article, content_hash, *found))
    return extracted


def _merge_and_store(run: RunWriter, mentions: pd.DataFrame, judge: Judge | None) -> None:
    if mentions.empty:
        return
    incidents, assignment = merge_mentions(mentions)
    if judge is not None and not incidents.empty:
        judged = judge(incidents[list(EVENT_COLUMNS)].copy())
        for col in ("ceasefire", "violation", "violation_reason"):
            incidents[col] = judged[col].to_numpy()
    run.store_incidents(incidents, assignment)


def ingest(
    store: Store,
    articles: Iterable[Article],
    *,
    extractor: Callable[[Article], Any] | None = None,
    judge: Judge | Literal["auto"] | None = "auto",
    progress: bool | Callable[[int], None] = True,
    batch_size: int = 500,
    inputs: Sequence[str] = (),
    report: RunReport | None = None,
) -> IngestResult:
    """Extract new and changed articles, store their mentions and recompute the touched incidents.

    ``extractor`` maps an article to an object with ``.events``, ``.aggregates`` and
    ``.ceasefires_found`` (lists of row dicts), or None for nothing; None means
    :func:`tracker.extraction.pipeline.extract_article`. ``judge`` re-judges merged incidents
    (:data:`Judge`); ``"auto"`` is :func:`default_judge`, None keeps what the mentions said.
    ``progress`` is True (log each batch), False, or a callable given the articles read so far.
    ``report`` (the inputs' :class:`~tracker.run.records.RunReport`) gets each article read without a
    publication date, with how many of its events stayed undated. A run given ``inputs`` that read no
    article is logged with status ``empty``.

    One transaction: on any error (including a full disk) nothing of the run is kept, a failed
    run is logged in ``runs`` if the disk allows, and :class:`tracker.store.StoreError` is raised.
    """
    extract = extractor or extract_article
    with store.new_run(extractor=fingerprint_of(extractor), inputs=inputs) as run:
        judge_fn = default_judge() if isinstance(judge, str) else judge
        for batch in _batched(articles, max(1, batch_size)):
            todo = run.classify(batch)
            extracted = _extract_batch(run, todo, extract)
            if report is not None:
                for item in extracted:
                    report.note_undated(item.article, item.events)
            run.add(extracted)
            result = run.result
            if callable(progress):
                progress(result.read)
            elif progress:
                log.info("read %d articles, %d new, %d changed", result.read, result.new, result.changed)
        for days in run.day_chunks():
            _merge_and_store(run, run.clear_incidents(days), judge_fn)
        for undated in run.unmerged_undated():
            _merge_and_store(run, undated, judge_fn)
        run.assign_mentions()
        run.log_changes()
        if inputs and run.result.read == run.result.failed:
            run.result.status = "empty"  # nothing readable: not an "ok" run in the log
    return run.result
