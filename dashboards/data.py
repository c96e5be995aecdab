"""Data access for the dashboard: the only module that queries the store.

Reads the store file's ``incidents`` (and ``mentions``) tables with DuckDB, read-only, with the
analysts' reviews applied (:mod:`dashboards.review`); writes nothing.
Every view gets an aggregate computed in SQL for the current :class:`Filters`; the table gets one page.
The browser never receives the full event list: map points are grouped by place and side, and only
the CSV download returns every filtered row (as a file, on request).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import pandas as pd

from tracker.schema import conform, to_date

log = logging.getLogger(__name__)

#: Sides in display order (contract values).
SIDES: tuple[str, ...] = ("government", "opposition", "other", "civilians", "unknown")

#: Value of the ceasefire filter that selects events outside every ceasefire.
NO_CEASEFIRE = "none"

#: Time buckets offered by the timelines -> DuckDB ``date_trunc`` part.
FREQS: dict[str, str] = {"day": "day", "week": "week", "month": "month"}

#: Columns the table shows, in order. ``event_id`` also becomes the DataTable row id.
TABLE_COLUMNS: tuple[str, ...] = (
    "event_date",
    "location",
    "admin1",
    "actor1",
    "actor1_side",
    "actor2",
    "sub_event_type",
    "fatalities_best",
    "violation",
    "ceasefire",
    "source",
    "n_sources",
    "language",
    "evidence",
)

#: Groupings a timeline can use.
GROUPS: tuple[str, ...] = ("actor1_side", "admin1", "admin2", "actor1")

# URL query keys -> Filters fields (short keys keep shared links readable).
_QUERY_KEYS: dict[str, str] = {
    "from": "start",
    "to": "end",
    "actor": "actors",
    "side": "sides",
    "gov": "admin1",
    "type": "event_types",
    "cf": "ceasefires",
    "viol": "violations_only",
    "lang": "languages",
    "src": "sources",
    "minf": "min_fatalities",
}


@dataclass(frozen=True)
class Filters:
    """The filters every view obeys. Empty tuples and None mean "no restriction"."""

    start: date | None = None
    end: date | None = None
    actors: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    ceasefires: tuple[str, ...] = ()
    violations_only: bool = False
    languages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    min_fatalities: int | None = None

    @classmethod
    def from_dict(cls, values: Any) -> Filters:
        """Build from loose values (a dcc.Store dict, control values); bad values are dropped, never
        raised: anything but a mapping is no filter, a list filter keeps its text and number items.

        >>> Filters.from_dict({"actors": ["HTS", {"x": 1}], "min_fatalities": "inf", "sides": 3})
        Filters(start=None, end=None, actors=('HTS',), sides=(), admin1=(), event_types=(), ceasefires=(), violations_only=False, languages=(), sources=(), min_fatalities=None)
        """
        if not isinstance(values, Mapping):
            values = {}
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            v = values.get(f.name)
            if f.name in ("start", "end"):
                kwargs[f.name] = to_date(v, errors="none") if isinstance(v, str | date) else None
            elif f.name == "violations_only":
                kwargs[f.name] = v in (True, 1, "1", "true", "True")
            elif f.name == "min_fatalities":
                kwargs[f.name] = _as_int(v)
            else:
                kwargs[f.name] = _as_texts(v)
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly values (dates as ISO strings, tuples as lists)."""
        out = asdict(self)
        for k in ("start", "end"):
            out[k] = out[k].isoformat() if out[k] else None
        return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}

    @classmethod
    def from_query(cls, search: str | None) -> Filters:
        """Parse a URL query string (``?side=government&gov=Aleppo``)."""
        parsed = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
        values: dict[str, Any] = {}
        for key, name in _QUERY_KEYS.items():
            if key in parsed:
                vals = parsed[key]
                values[name] = (
                    vals if name not in ("start", "end", "violations_only", "min_fatalities") else vals[0]
                )
        return cls.from_dict(values)

    def to_query(self) -> str:
        """The URL query string for these filters (without ``?``); empty filters give ``""``."""
        d = self.to_dict()
        pairs: list[tuple[str, str]] = []
        for key, name in _QUERY_KEYS.items():
            v = d[name]
            if v in (None, False, []):
                continue
            if v is True:
                pairs.append((key, "1"))
            elif isinstance(v, list):
                pairs.extend((key, str(x)) for x in v)
            else:
                pairs.append((key, str(v)))
        return urlencode(pairs)


def _as_int(v: Any) -> int | None:
    if isinstance(v, bool) or not isinstance(v, str | int | float):
        return None
    try:
        return max(0, int(float(v)))
    except (ValueError, OverflowError):  # "", "x", NaN, infinities and ints beyond a float
        return None


def _as_texts(v: Any) -> tuple[str, ...]:
    """A list filter's values: one text, or the text and number items of a list."""
    items = [v] if isinstance(v, str) else v if isinstance(v, list | tuple) else []
    return tuple(
        str(x) for x in items if isinstance(x, str | int | float) and not isinstance(x, bool) and x != ""
    )


# Filters that keep rows whose column is one of the chosen values: (field, SQL with one list per ?).
_LIST_FILTERS: tuple[tuple[str, str], ...] = (
    ("actors", "(list_contains(?, actor1) OR list_contains(?, actor2))"),
    ("sides", "list_contains(?, coalesce(actor1_side, 'unknown'))"),
    ("admin1", "list_contains(?, admin1)"),
    # Either level may be chosen: ACLED event types and our sub-event types.
    ("event_types", "(list_contains(?, event_type) OR list_contains(?, sub_event_type))"),
    ("languages", "list_contains(?, language)"),
    # An incident merged from several outlets matches any of them.
    ("sources", "(list_has_any(sources, ?) OR list_contains(?, source))"),
)


# Map points carry a contract side; anything else (or none) is drawn and looked up as "unknown".
_MAP_SIDE = "CASE WHEN actor1_side IN ('government', 'opposition', 'other', 'civilians') THEN actor1_side ELSE 'unknown' END"


def where(filters: Filters) -> tuple[str, list[Any]]:
    """The SQL condition and its parameters for ``filters`` over the ``incidents`` table."""
    parts: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        parts.append(sql)
        params.extend(values)

    if filters.start:
        add("event_date >= ?", pd.Timestamp(filters.start).to_pydatetime())
    if filters.end:
        add("event_date < ?", pd.Timestamp(filters.end + timedelta(days=1)).to_pydatetime())
    for field_name, sql in _LIST_FILTERS:
        values = list(getattr(filters, field_name))
        if values:
            add(sql, *[values] * sql.count("?"))
    if filters.ceasefires:
        named = [c for c in filters.ceasefires if c != NO_CEASEFIRE]
        cond = "list_contains(?, ceasefire)"
        if NO_CEASEFIRE in filters.ceasefires:
            cond = f"({cond} OR ceasefire IS NULL)"
        add(cond, named)
    if filters.violations_only:
        parts.append("violation")
    if filters.min_fatalities:
        add("coalesce(fatalities_best, 0) >= ?", filters.min_fatalities)
    return (" AND ".join(parts) or "TRUE"), params


class DashboardData:
    """Read-only queries over one store file. Safe to share between request threads.

    ``boundaries`` is the governorate GeoJSON (see :func:`load_boundaries`); None draws no outlines.
    """

    def __init__(
        self,
        store_path: str | Path,
        *,
        read_only: bool = True,
        boundaries: dict[str, Any] | None = None,
        cache_size: int = 256,
    ):
        from tracker.store.access import Reader

        self.path = Path(store_path)
        self.boundaries = boundaries
        # The store's read snapshot, reopened when a watch or an ingest publishes a newer one
        # (tracker.store.access): the dashboard never keeps a writer out.
        self._reader = Reader(self.path)
        with self._reader.cursor():
            pass  # fail now, not on the first request, when the store cannot be read
        self._lock = threading.Lock()
        # Answers are cached per snapshot (the cache key holds the reader's version): going back to an
        # earlier view costs nothing, and a new snapshot is never answered from an old one.
        self._cache_size = cache_size if read_only else 0
        self._cache: OrderedDict[tuple[int, str, str], pd.DataFrame] = OrderedDict()
        self._reviewed: Any = None  # the reviewed incidents (dashboards.review), read on first query
        self._reviewed_version: int | None = None  # the snapshot they were read from

    def reviews_changed(self) -> None:
        """Read the reviewed incidents again (after a decision) and forget cached answers."""
        with self._lock:
            self._reviewed_version = None
            self._cache.clear()

    def _register_reviewed(self, cur: Any) -> bool:
        """Register the reviewed incidents on ``cur`` as ``incidents`` (rejected ones left out) and
        ``reviewed_incidents`` (all); False when nobody reviewed anything (nothing registered)."""
        with self._lock:
            if self._reviewed_version != self._reader.version:
                from dashboards.review import reviewed_incidents_table, without_rejected

                table = reviewed_incidents_table(cur)
                self._reviewed = None if table is None else (table, without_rejected(table))
                self._reviewed_version = self._reader.version
            reviewed = self._reviewed
        if reviewed is None:
            return False
        cur.register("reviewed_incidents", reviewed[0])
        cur.register("incidents", reviewed[1])
        return True

    def close(self) -> None:
        """Close the connection."""
        self._reader.close()

    def _query(self, sql: str, params: Iterable[Any] = (), *, cache: bool = True) -> pd.DataFrame:
        params = list(params)
        # One cursor per call: DuckDB connections are not safe across threads, cursors are.
        with self._reader.cursor() as cur:
            key = (self._reader.version, sql, repr(params))
            if cache and self._cache_size:
                with self._lock:
                    hit = self._cache.get(key)
                    if hit is not None:
                        self._cache.move_to_end(key)
                        return hit.copy()
            # Reviewed values shadow the machine's: every query reads "incidents" as reviewed.
            if not self._register_reviewed(cur) and "reviewed_incidents" in sql:
                sql = sql.replace("reviewed_incidents", _UNREVIEWED)
            frame = cur.execute(sql, params).df()
        if cache and self._cache_size:
            with self._lock:
                self._cache[key] = frame.copy()
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return frame

    @cached_property
    def tables(self) -> frozenset[str]:
        """Names of the store's tables."""
        return frozenset(self._query("SELECT table_name FROM information_schema.tables")["table_name"])

    # -- aggregates -------------------------------------------------------------------------------

    def kpis(self, filters: Filters) -> dict[str, Any]:
        """Totals for the filtered set: ``events``, ``violations``, ``fatalities`` and ``by_side``
        (side -> events, violations, fatalities), sides in :data:`SIDES` order."""
        cond, params = where(filters)
        frame = self._query(
            f"""SELECT coalesce(actor1_side, 'unknown') AS side, count(*) AS events,
                count(*) FILTER (WHERE violation) AS violations,
                CAST(coalesce(sum(fatalities_best), 0) AS BIGINT) AS fatalities
            FROM incidents WHERE {cond} GROUP BY 1""",
            params,
        )
        by_side = {
            r.side: {
                "events": int(r.events),
                "violations": int(r.violations),
                "fatalities": int(r.fatalities),
            }
            for r in frame.itertuples()
        }
        order = [s for s in SIDES if s in by_side] + sorted(s for s in by_side if s not in SIDES)
        return {
            "events": int(frame["events"].sum()),
            "violations": int(frame["violations"].sum()),
            "fatalities": int(frame["fatalities"].sum()),
            "by_side": {s: by_side[s] for s in order},
        }

    def timeline(self, filters: Filters, *, group: str = "actor1_side", freq: str = "week") -> pd.DataFrame:
        """Events and fatalities per period, group and violation flag.

        Columns: ``period`` (start of the day/week/month), ``group``, ``violation`` (bool: True only
        for judged violations), ``events``, ``fatalities``. Events without a date are left out; a
        click on a bar finds its incidents with :meth:`bar_event`.
        """
        if group not in GROUPS:
            raise ValueError(f"unknown group {group!r}")
        part = FREQS.get(freq, "week")
        cond, params = where(filters)
        return self._query(
            f"""SELECT date_trunc('{part}', event_date) AS period,
                coalesce(CAST("{group}" AS VARCHAR), 'unknown') AS "group",
                coalesce(violation, false) AS violation,
                count(*) AS events, CAST(coalesce(sum(fatalities_best), 0) AS BIGINT) AS fatalities
            FROM incidents WHERE {cond} AND event_date IS NOT NULL
            GROUP BY ALL ORDER BY period, "group", violation""",
            params,
        )

    def heatmap(self, filters: Filters, *, top: int = 15) -> pd.DataFrame:
        """Violations per perpetrator (``actor1``) and governorate, for the ``top`` perpetrators.

        Columns: ``actor``, ``admin1``, ``violations``.
        """
        cond, params = where(filters)
        return self._query(
            f"""WITH v AS (
                SELECT coalesce(actor1, 'Unidentified') AS actor, coalesce(admin1, 'unknown') AS admin1
                FROM incidents WHERE {cond} AND violation),
            top AS (SELECT actor FROM v GROUP BY actor ORDER BY count(*) DESC, actor LIMIT {int(top)})
            SELECT actor, admin1, count(*) AS violations FROM v WHERE actor IN (SELECT actor FROM top)
            GROUP BY ALL ORDER BY actor, admin1""",
            params,
        )

    def map_points(self, filters: Filters, *, limit: int = 2000) -> pd.DataFrame:
        """Located events grouped by coordinates and perpetrator side, deadliest first, at most ``limit``.

        Columns: ``location``, ``admin1``, ``latitude``, ``longitude``, ``side``, ``events``,
        ``fatalities``, ``violations``. A click on a point finds its incidents with
        :meth:`point_event`.
        """
        cond, params = where(filters)
        return self._query(
            f"""SELECT any_value(location) AS location, any_value(admin1) AS admin1, latitude, longitude,
                {_MAP_SIDE} AS side, count(*) AS events,
                CAST(coalesce(sum(fatalities_best), 0) AS BIGINT) AS fatalities,
                count(*) FILTER (WHERE violation) AS violations
            FROM incidents WHERE {cond} AND latitude IS NOT NULL AND longitude IS NOT NULL
            GROUP BY latitude, longitude, {_MAP_SIDE}
            ORDER BY fatalities DESC, events DESC, latitude, longitude LIMIT {int(limit)}""",
            params,
        )

    def _first_event(self, cond: str, params: list[Any]) -> str | None:
        # The deadliest, then the latest incident stands for a bar or a point.
        frame = self._query(
            f"""SELECT event_id FROM incidents WHERE {cond}
            ORDER BY coalesce(fatalities_best, 0) DESC, event_date DESC NULLS LAST, event_id LIMIT 1""",
            params,
        )
        return None if frame.empty else str(frame["event_id"].iloc[0])

    def bar_event(
        self, filters: Filters, *, group: str, value: str, freq: str, period: str, violation: bool
    ) -> str | None:
        """The incident shown for a clicked timeline bar (``period`` as the bar's ISO start date)."""
        if group not in GROUPS:
            raise ValueError(f"unknown group {group!r}")
        cond, params = where(filters)
        cond += (
            f" AND date_trunc('{FREQS.get(freq, 'week')}', event_date) = CAST(? AS DATE)"
            f""" AND coalesce(CAST("{group}" AS VARCHAR), 'unknown') = ?"""
            " AND coalesce(violation, false) = ?"
        )
        return self._first_event(cond, [*params, period[:10], value, bool(violation)])

    def point_event(self, filters: Filters, *, latitude: float, longitude: float, side: str) -> str | None:
        """The incident shown for a clicked map point."""
        cond, params = where(filters)
        cond += f" AND latitude = ? AND longitude = ? AND {_MAP_SIDE} = ?"
        return self._first_event(cond, [*params, float(latitude), float(longitude), side])

    def by_governorate(self, filters: Filters) -> pd.DataFrame:
        """Events, violations and fatalities per governorate: ``admin1_pcode``, ``admin1``, ``events``,
        ``violations``, ``fatalities``."""
        cond, params = where(filters)
        return self._query(
            f"""SELECT admin1_pcode, any_value(admin1) AS admin1, count(*) AS events,
                count(*) FILTER (WHERE violation) AS violations,
                CAST(coalesce(sum(fatalities_best), 0) AS BIGINT) AS fatalities
            FROM incidents WHERE {cond} AND admin1_pcode IS NOT NULL
            GROUP BY admin1_pcode ORDER BY violations DESC, events DESC""",
            params,
        )

    def districts(self, admin1: str) -> list[str]:
        """Every district of governorate ``admin1`` in the store, sorted (filters do not apply, so a
        district keeps its place, and its colour, whatever else is chosen)."""
        frame = self._query(
            """SELECT DISTINCT coalesce(admin2, 'unknown') AS d FROM incidents WHERE admin1 = ?
            ORDER BY d""",
            [admin1],
        )
        return [str(d) for d in frame["d"]]

    def is_empty(self) -> bool:
        """Whether the store holds no incidents at all (not merely none under the filters)."""
        return self.count(Filters()) == 0

    # -- rows ---------------------------------------------------------------------------------------

    def count(self, filters: Filters) -> int:
        """Number of filtered incidents."""
        cond, params = where(filters)
        return int(self._query(f"SELECT count(*) AS n FROM incidents WHERE {cond}", params)["n"].iloc[0])

    def page(
        self,
        filters: Filters,
        *,
        page: int = 0,
        size: int = 20,
        sort_by: Iterable[Mapping[str, str]] = (),
    ) -> pd.DataFrame:
        """One page of the filtered incidents (``event_id`` plus :data:`TABLE_COLUMNS`).

        ``sort_by`` is DataTable's list of ``{"column_id", "direction"}``; unknown columns are
        ignored. The default and tie-break order is newest first, then ``event_id``.
        """
        cond, params = where(filters)
        order = []
        for s in sort_by or ():
            col, direction = s.get("column_id"), s.get("direction", "asc")
            if col in TABLE_COLUMNS:
                order.append(f'"{col}" {"DESC" if direction == "desc" else "ASC"} NULLS LAST')
        order += ["event_date DESC NULLS LAST", "event_id"]
        cols = ", ".join(f'"{c}"' for c in ("event_id", *TABLE_COLUMNS))
        size = max(1, min(int(size), 500))
        return self._query(
            f"SELECT {cols} FROM incidents WHERE {cond} ORDER BY {', '.join(order)} "
            f"LIMIT {size} OFFSET {max(0, int(page)) * size}",
            params,
        )

    def filtered_frame(self, filters: Filters) -> pd.DataFrame:
        """Every filtered incident with the contract's columns and dtypes (for the CSV download).

        List columns (``sources``, ``mention_ids``) become ``"; "``-joined text; rows are ordered by
        date then id so two downloads of the same view are identical.
        """
        frame = self._query(*self.filtered_sql(filters), cache=False)  # every row: too big to keep
        if "reviewed" not in frame.columns:  # nobody reviewed anything yet
            frame = frame.assign(reviewed=False, review=None, machine_values=None)
        return conform(frame)

    @staticmethod
    def filtered_sql(filters: Filters) -> tuple[str, list[Any]]:
        """The query of :meth:`filtered_frame` and its parameters (the CSV download streams it)."""
        cond, params = where(filters)
        sql = f"""SELECT * REPLACE (array_to_string(sources, '; ') AS sources,
                array_to_string(mention_ids, '; ') AS mention_ids)
            FROM incidents WHERE {cond} ORDER BY event_date NULLS LAST, event_id"""
        return sql, params

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        """A DuckDB cursor on the store's latest snapshot (``incidents`` read with the analysts'
        corrections), closed when the block ends."""
        with self._reader.cursor() as cur:
            self._register_reviewed(cur)
            yield cur

    # -- the review queue ---------------------------------------------------------------------------

    def review_counts(self, filters: Filters) -> tuple[int, int]:
        """``(reviewed, total)`` incidents under ``filters`` (rejected ones count as reviewed)."""
        cond, params = where(filters)
        frame = self._query(
            f"""SELECT count(*) FILTER (WHERE reviewed) AS done, count(*) AS total
            FROM reviewed_incidents WHERE {cond}""",
            params,
        )
        return int(frame["done"].iloc[0]), int(frame["total"].iloc[0])

    def review_queue(self, filters: Filters, *, page: int = 0, size: int = 10) -> pd.DataFrame:
        """One page of the unreviewed incidents under ``filters``, in the order that matters for the
        counts: violations first, then the largest tolls, then the lowest confidence (then newest).
        Columns: ``event_id`` and :data:`dashboards.review.QUEUE_COLUMNS`."""
        cond, params = where(filters)
        size = max(1, min(int(size), 100))
        return self._query(
            f"""SELECT event_id, event_date, location, actor1, fatalities_best, violation,
                round(confidence, 2) AS confidence, evidence, language
            FROM reviewed_incidents WHERE {cond} AND NOT coalesce(reviewed, false)
            ORDER BY coalesce(violation, false) DESC, coalesce(fatalities_best, -1) DESC,
                coalesce(confidence, 0), event_date DESC NULLS LAST, event_id
            LIMIT {size} OFFSET {max(0, int(page)) * size}""",
            params,
        )

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One incident as a dict (None when unknown)."""
        frame = self._query("SELECT * FROM incidents WHERE event_id = ?", [event_id])
        if frame.empty:
            return None
        return {k: _plain(v) for k, v in frame.iloc[0].to_dict().items()}

    def mentions(self, event_id: str) -> pd.DataFrame:
        """The reports merged into incident ``event_id``: ``event_id``, ``source``, ``url``, ``title``,
        ``published``, ``language``, ``evidence``; empty when the store has no ``mentions`` table."""
        if "mentions" not in self.tables:
            return pd.DataFrame(
                columns=["event_id", "source", "url", "title", "published", "language", "evidence"]
            )
        return self._query(
            """SELECT event_id, source, url, title, published, language, evidence FROM mentions
            WHERE incident_id = ? ORDER BY published NULLS LAST, event_id""",
            [event_id],
        )

    # -- options ------------------------------------------------------------------------------------

    def options(self) -> dict[str, Any]:
        """Values the filter controls offer: ``actors`` (most frequent first), ``sides``, ``admin1``,
        ``event_types``, ``ceasefires``, ``languages``, ``sources``, ``min_date``, ``max_date``."""

        def distinct(expr: str, table_expr: str = "incidents") -> list[str]:
            frame = self._query(
                f"SELECT {expr} AS v, count(*) AS n FROM {table_expr} WHERE v IS NOT NULL GROUP BY 1 ORDER BY n DESC, v"
            )
            return [str(v) for v in frame["v"]]

        span = self._query("SELECT min(event_date) AS lo, max(event_date) AS hi FROM incidents")
        lo, hi = span["lo"].iloc[0], span["hi"].iloc[0]
        actors = self._query(
            """SELECT v, count(*) AS n FROM (SELECT actor1 AS v FROM incidents UNION ALL
            SELECT actor2 FROM incidents) WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT 500"""
        )
        sides = distinct("coalesce(actor1_side, 'unknown')")
        return {
            "actors": [str(v) for v in actors["v"]],
            "sides": [s for s in SIDES if s in sides] + [s for s in sides if s not in SIDES],
            "admin1": sorted(distinct("admin1")),
            "event_types": distinct("event_type") + distinct("sub_event_type"),
            "ceasefires": sorted(distinct("ceasefire")),
            "languages": sorted(distinct("CAST(language AS VARCHAR)")),
            "sources": (
                distinct("s", "(SELECT unnest(sources) AS s FROM incidents)")
                if "sources" in self.columns
                else distinct("source")
            ),
            "min_date": None if pd.isna(lo) else pd.Timestamp(lo).date().isoformat(),
            "max_date": None if pd.isna(hi) else pd.Timestamp(hi).date().isoformat(),
        }

    @cached_property
    def columns(self) -> frozenset[str]:
        """Column names of the ``incidents`` table."""
        return frozenset(self._query("SELECT * FROM incidents LIMIT 0").columns)

    def ceasefire_periods(self) -> pd.DataFrame:
        """Ceasefire periods to shade: ``id``, ``name``, ``start``, ``end`` (NaT = open-ended).

        From the ceasefire registry when the library has one, otherwise from the store: the first and
        last event judged under each ceasefire. Read once per app (a registry edit needs a restart).
        """
        return self._periods

    @cached_property
    def _periods(self) -> pd.DataFrame:
        periods = _registry_periods()
        if periods is not None:
            return periods
        return self._query(
            """SELECT ceasefire AS id, ceasefire AS name, min(event_date) AS start, max(event_date) AS "end"
            FROM incidents WHERE ceasefire IS NOT NULL GROUP BY 1 ORDER BY start"""
        )


# Stands for ``reviewed_incidents`` while nobody reviewed anything.
_UNREVIEWED = "(SELECT *, false AS reviewed, CAST(NULL AS VARCHAR) AS review FROM incidents)"


def _plain(v: Any) -> Any:
    """A JSON-friendly Python value (NA -> None, numpy -> Python, Timestamp -> ISO date)."""
    if hasattr(v, "tolist") and not isinstance(v, str):
        v = v.tolist()
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if v is None or (not isinstance(v, list | dict) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    return v


def _registry_periods() -> pd.DataFrame | None:
    """The ceasefire registry as periods, or None when it cannot be loaded."""
    from tracker.ceasefires import load_registry

    try:
        registry = load_registry()
    except Exception:  # a broken registry file must not take the dashboard down
        log.exception("could not load the ceasefire registry; shading periods from the store")
        return None
    return registry_periods(registry)


def registry_periods(registry: Any) -> pd.DataFrame | None:
    """Normalise a ceasefire registry (a DataFrame, or records as dicts/objects) to ``id``, ``name``,
    ``start``, ``end``. Returns None when no record has an id and a start."""
    if isinstance(registry, pd.DataFrame):
        records: list[Any] = registry.to_dict("records")
    elif isinstance(registry, Mapping):
        records = [dict(v, id=k) if isinstance(v, Mapping) else v for k, v in registry.items()]
    else:
        records = list(registry or [])

    def get(rec: Any, *names: str) -> Any:
        for n in names:
            v = rec.get(n) if isinstance(rec, Mapping) else getattr(rec, n, None)
            if v is not None and not (isinstance(v, float) and pd.isna(v)):
                return v
        return None

    rows = []
    for rec in records:
        cid, start = get(rec, "id", "ceasefire_id", "ceasefire"), get(rec, "start", "start_date", "starts")
        if cid is None or start is None:
            continue
        rows.append(
            {
                "id": str(cid),
                "name": str(get(rec, "short_name", "name", "title") or cid),
                "start": pd.to_datetime(start, errors="coerce"),
                "end": pd.to_datetime(get(rec, "end", "end_date", "ends"), errors="coerce"),
            }
        )
    if not rows:
        return None
    return pd.DataFrame(rows).sort_values("start", ignore_index=True)


def load_boundaries(path: str | Path | None = None) -> dict[str, Any] | None:
    """Governorate boundaries (GeoJSON with ``ADM1_EN``, ``ADM1_AR``, ``ADM1_PCODE``).

    ``path`` overrides the packaged ``tracker/resources/places/syr_adm1.geojson``; None is returned
    (and the map drawn without outlines) when neither exists.
    """
    import json

    if path is not None:
        return json.loads(Path(path).read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    from tracker import resources

    ref = resources.path("places", "syr_adm1.geojson")
    if not ref.is_file():
        log.warning("packaged governorate boundaries not found; the map shows no outlines")
        return None
    return json.loads(ref.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


__all__ = [
    "FREQS",
    "GROUPS",
    "NO_CEASEFIRE",
    "SIDES",
    "TABLE_COLUMNS",
    "DashboardData",
    "Filters",
    "load_boundaries",
    "registry_periods",
    "where",
]
