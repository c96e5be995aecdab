"""The store: an embedded DuckDB file of articles, mentions, incidents and runs.

``tables`` defines the tables, ``store`` opens, migrates and reads the file, ``writer`` writes one
ingestion run, ``incidents`` merges mentions into incidents and ``identity`` keeps their ids across
recomputes (and logs what changed); ``reader`` is :func:`open_store`, the
store for analysts (typed frames and an SQL escape hatch). Running an ingestion (extraction and
judgement included) is :mod:`tracker.run.ingest`.
"""

from tracker.store.reader import StoreReader, open_store
from tracker.store.store import DEFAULT_PATH, Store, StoreError, format_explanation
from tracker.store.tables import SCHEMA_VERSION
from tracker.store.writer import IngestResult, content_hash, extractor_fingerprint

__all__ = [
    "DEFAULT_PATH",
    "SCHEMA_VERSION",
    "IngestResult",
    "Store",
    "StoreError",
    "StoreReader",
    "content_hash",
    "extractor_fingerprint",
    "format_explanation",
    "open_store",
]
