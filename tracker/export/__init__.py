"""Export: event frames out as CSV, Parquet, JSON lines, GeoJSON, ACLED- and UCDP-style files, and panels.

``files`` writes any frame in a file format; ``acled`` and ``ucdp`` lay the event columns out as those
datasets do (``notes`` writes ACLED's one-sentence description); ``panel`` counts events per place and
period; ``countries`` holds the country codes both layouts need.
"""

from __future__ import annotations

from tracker.export.acled import ACLED_COLUMNS, to_acled
from tracker.export.files import (
    FORMATS,
    STYLES,
    format_for,
    neutralise_formulas,
    restore_formula,
    to_csv_bytes,
    write_frame,
)
from tracker.export.notes import describe
from tracker.export.ucdp import UCDP_COLUMNS, to_ucdp

__all__ = [
    "ACLED_COLUMNS",
    "FORMATS",
    "STYLES",
    "UCDP_COLUMNS",
    "describe",
    "format_for",
    "neutralise_formulas",
    "to_acled",
    "restore_formula",
    "to_csv_bytes",
    "to_ucdp",
    "write_frame",
]
