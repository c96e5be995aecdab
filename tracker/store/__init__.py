"""The store: an embedded DuckDB file of articles, mentions, incidents and runs."""

from tracker.store.store import (
    DEFAULT_PATH,
    SCHEMA_VERSION,
    IngestResult,
    Store,
    StoreError,
    content_hash,
    extractor_fingerprint,
    format_explanation,
)

__all__ = [
    "DEFAULT_PATH",
    "SCHEMA_VERSION",
    "IngestResult",
    "Store",
    "StoreError",
    "content_hash",
    "extractor_fingerprint",
    "format_explanation",
]
