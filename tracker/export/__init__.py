"""Export: event frames out as CSV, Parquet, JSON lines, GeoJSON, ACLED- and UCDP-style files, and panels.

``files`` writes any frame in a file format; ``acled`` and ``ucdp`` rename and fill the event columns
the way those datasets do; ``panel`` counts events per place and period.
"""

from __future__ import annotations

from tracker.export.files import FORMATS, format_for, neutralise_formulas, to_acled, to_csv_bytes, write_frame

__all__ = ["FORMATS", "write_frame", "to_acled", "to_csv_bytes", "neutralise_formulas", "format_for"]
