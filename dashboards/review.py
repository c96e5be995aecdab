"""The analysts' reviews in the dashboard: every figure, table and download reads reviewed incidents.

:func:`reviewed_incidents_table` reads the store's ``incidents`` with the decisions of its ``reviews``
table applied (:func:`tracker.review.apply_reviews`: corrected values, rejected incidents left out, and
the ``reviewed``, ``review`` and ``machine_values`` columns) as an Arrow table, or None when nobody
reviewed anything (the queries then read the table itself). :class:`dashboards.data.DashboardData`
registers it under the name ``incidents`` on each query's cursor, so the SQL stays as written.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

__all__ = ["reviewed_incidents_table"]


def reviewed_incidents_table(con: Any) -> pa.Table | None:
    """The reviewed incidents of the store on ``con`` (a DuckDB connection or cursor), or None."""
    from tracker.review import apply_reviews

    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "reviews" not in tables or not con.execute("SELECT count(*) FROM reviews").fetchall()[0][0]:
        return None
    raw = con.sql("SELECT * FROM main.incidents").to_arrow_table()
    frame = raw.to_pandas()
    for field in raw.schema:
        if pa.types.is_list(field.type):
            frame[field.name] = [v if v is not None else [] for v in raw.column(field.name).to_pylist()]
    reviewed = apply_reviews(frame, con)
    schema = pa.schema(
        [
            *raw.schema,
            pa.field("reviewed", pa.bool_()),
            pa.field("review", pa.string()),
            pa.field("machine_values", pa.string()),
        ]
    )
    return pa.Table.from_pandas(reviewed, schema=schema, preserve_index=False)
