"""The analysts' reviews in the dashboard: reviewed figures, the review form and the review queue.

Reading: :func:`reviewed_incidents_table` reads the store's ``incidents`` with the decisions of its
``reviews`` table applied (:func:`tracker.review.apply_reviews`: corrected values, the ``reviewed``,
``review`` and ``machine_values`` columns; rejected incidents kept, marked in ``review``) as an Arrow
table, or None when nobody reviewed anything (the queries then read the table itself).
:class:`dashboards.data.DashboardData` registers it under ``reviewed_incidents`` and, without the
rejected incidents, under ``incidents`` on each query's cursor, so the SQL stays as written.

Writing: the dashboard reads a published snapshot of the store, never the store itself, so a
decision goes through a writer of the store (:class:`ReviewWriter`: it opens the store, records the
decisions in one transaction with :func:`tracker.review.decide` and publishes a new snapshot when it
closes it); the views then read the new snapshot. Decisions arrive as Dash callbacks (POST requests);
nothing changes on a GET. When the dashboard listens beyond loopback, decisions need the operator's
token (``tracker dashboard --review-token`` or ``TRACKER_REVIEW_TOKEN``); without one, reviewing is
off there. Reads stay open.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
from dash import dcc, html

from dashboards import ids

__all__ = [
    "DECISIONS",
    "QUEUE_COLUMNS",
    "ReviewWriter",
    "form_changes",
    "form_values",
    "place_options",
    "review_card",
    "reviewed_incidents_table",
]

#: The verdicts the form offers: value -> label ("" records no verdict, only corrections).
DECISIONS: dict[str, str] = {
    "": "corrections only",
    "confirmed": "confirm",
    "not_event": "reject: not an event",
    "duplicate": "reject: duplicate",
    "aggregate": "reject: aggregate",
}

#: The form's fields: reviewed field -> (component id, property, label).
FORM_FIELDS: dict[str, tuple[str, str, str]] = {
    "actor1": (ids.R_ACTOR1, "value", "Perpetrator (actor 1)"),
    "actor2": (ids.R_ACTOR2, "value", "Target (actor 2)"),
    "sub_event_type": (ids.R_TYPE, "value", "Sub-event type"),
    "fatalities": (ids.R_FATALITIES, "value", "Killed"),
    "injured": (ids.R_INJURED, "value", "Injured"),
    "location": (ids.R_PLACE, "value", "Place (search the gazetteer)"),
    "event_date": (ids.R_DATE, "date", "Date"),
    "ceasefire": (ids.R_CEASEFIRE, "value", "Ceasefire"),
    "violation": (ids.R_VIOLATION, "value", "Violation"),
}

#: Columns of the review queue's table.
QUEUE_COLUMNS: dict[str, str] = {
    "event_date": "Date",
    "location": "Place",
    "actor1": "Perpetrator",
    "fatalities_best": "Killed",
    "violation": "Violation",
    "confidence": "Confidence",
    "evidence": "Evidence",
}

#: Value of the ceasefire picker for "no ceasefire".
NO_CEASEFIRE = "-"
#: Most places the place picker lists for a search.
PLACE_OPTIONS = 30


def reviewed_incidents_table(con: Any) -> pa.Table | None:
    """The reviewed incidents of the store on ``con`` (a DuckDB connection or cursor), rejected ones
    included, or None when nobody reviewed anything."""
    from tracker.review import apply_reviews

    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "reviews" not in tables or not con.execute("SELECT count(*) FROM reviews").fetchall()[0][0]:
        return None
    raw = con.sql("SELECT * FROM main.incidents").to_arrow_table()
    frame = raw.to_pandas()
    for field in raw.schema:
        if pa.types.is_list(field.type):
            frame[field.name] = [v if v is not None else [] for v in raw.column(field.name).to_pylist()]
    reviewed = apply_reviews(frame, con, keep_rejected=True)
    schema = pa.schema(
        [
            *raw.schema,
            pa.field("reviewed", pa.bool_()),
            pa.field("review", pa.string()),
            pa.field("machine_values", pa.string()),
        ]
    )
    return pa.Table.from_pandas(reviewed, schema=schema, preserve_index=False)


def without_rejected(table: pa.Table) -> pa.Table:
    """``table`` (reviewed incidents) without the rejected ones: what every count reads."""
    import pyarrow.compute as pc

    from tracker.review import REJECTIONS

    rejected = pc.fill_null(pc.is_in(table.column("review"), pa.array(REJECTIONS)), False)
    return table.filter(pc.invert(rejected))


# -- the place picker ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _places() -> tuple[tuple[str, str, str, int], ...]:
    """(id, label, folded names, population) of every gazetteer place."""
    from tracker.places.gazetteer import load_gazetteer
    from tracker.schema import ADMIN1
    from tracker.text.normalize import normalize_key

    places, names = load_gazetteer()
    out = []
    for place, per_lang in zip(places, names, strict=True):
        parts = [place.admin2, ADMIN1.get(place.admin1_pcode or "")]
        where = ", ".join(dict.fromkeys(p for p in parts if p and p != place.name))
        label = f"{place.name} ({where}; {place.level})" if where else f"{place.name} ({place.level})"
        words = {normalize_key(n).lower() for n in (place.name, *per_lang["en"], *per_lang["ar"]) if n}
        out.append((place.id, label, " | ".join(sorted(words)), place.population))
    return tuple(out)


def place_options(search: str | None, *, keep: str | None = None) -> list[dict[str, str]]:
    """Picker options for places whose names contain ``search`` (names starting with it first, then
    the most populous), at most :data:`PLACE_OPTIONS`; the place ``keep`` (the chosen id) stays listed."""
    from tracker.text.normalize import normalize_key

    query = normalize_key(search or "").lower()
    hits: list[tuple[int, int, str, str]] = []
    if len(query) >= 2:
        for place_id, label, words, population in _places():
            at = words.find(query)
            if at >= 0:
                starts = at == 0 or words[at - 1] in " |"
                hits.append((0 if starts else 1, -population, label, place_id))
    hits.sort()
    options = [{"label": label, "value": place_id} for _, _, label, place_id in hits[:PLACE_OPTIONS]]
    if keep and all(o["value"] != keep for o in options):
        options += [{"label": label, "value": pid} for pid, label, _, _ in _places() if pid == keep]
    return options


# -- the form --------------------------------------------------------------------------------------


def _options(values: list[str]) -> list[dict[str, str]]:
    return [{"label": v, "value": v} for v in values]


def _field(field: str, control: Any) -> html.Div:
    return html.Div([html.Label(FORM_FIELDS[field][2], className="field-label"), control], className="field")


def review_card(*, enabled: bool, needs_token: bool) -> html.Section:
    """The review card: the evidence sentence (filled per event) beside the form.

    ``enabled`` False (beyond loopback without a token) shows why reviewing is off; ``needs_token``
    adds the operator token field.
    """
    from tracker.ceasefires import load_registry
    from tracker.review.fields import actor_names
    from tracker.schema import SUB_EVENT_TYPES

    actors = _options(actor_names())
    ceasefires = [{"label": "no ceasefire", "value": NO_CEASEFIRE}] + [
        {"label": c.short_name or c.id, "value": c.id} for c in load_registry().ceasefires
    ]
    form = html.Div(
        [
            html.Div(
                [
                    html.Label("Decision", className="field-label"),
                    dcc.RadioItems(
                        id=ids.R_DECISION,
                        options=[{"label": v, "value": k} for k, v in DECISIONS.items()],
                        value="",
                        className="checks",
                    ),
                ],
                className="field field-wide",
            ),
            html.Div(
                [
                    html.Label("Duplicate of (event id, with a duplicate)", className="field-label"),
                    dcc.Input(id=ids.R_DUPLICATE_OF, type="text", maxLength=40),
                ],
                className="field",
            ),
            html.Div(className="field field-wide-2"),
            _field("actor1", dcc.Dropdown(id=ids.R_ACTOR1, options=actors, clearable=False)),
            _field("actor2", dcc.Dropdown(id=ids.R_ACTOR2, options=actors, clearable=False)),
            _field("sub_event_type", dcc.Dropdown(id=ids.R_TYPE, options=_options(list(SUB_EVENT_TYPES)))),
            _field("fatalities", dcc.Input(id=ids.R_FATALITIES, type="number", min=0, step=1)),
            _field("injured", dcc.Input(id=ids.R_INJURED, type="number", min=0, step=1)),
            _field("location", dcc.Dropdown(id=ids.R_PLACE, options=[], placeholder="type a place name")),
            _field(
                "event_date",
                dcc.DatePickerSingle(
                    id=ids.R_DATE, display_format="YYYY-MM-DD", first_day_of_week=1, clearable=False
                ),
            ),
            _field("ceasefire", dcc.Dropdown(id=ids.R_CEASEFIRE, options=ceasefires, clearable=False)),
            _field(
                "violation",
                dcc.RadioItems(
                    id=ids.R_VIOLATION,
                    options=[{"label": "yes", "value": "true"}, {"label": "no", "value": "false"}],
                    inline=True,
                    className="checks",
                ),
            ),
            html.Div(
                [
                    html.Label("Comment (optional)", className="field-label"),
                    dcc.Textarea(id=ids.R_COMMENT, maxLength=2000, className="review-comment"),
                ],
                className="field field-wide",
            ),
            html.Div(
                [
                    html.Label("Reviewer", className="field-label"),
                    # kept in the browser, so a reviewer types their name once
                    dcc.Input(
                        id=ids.R_REVIEWER,
                        type="text",
                        maxLength=80,
                        persistence=True,
                        persistence_type="local",
                    ),
                ],
                className="field",
            ),
            html.Div(
                [
                    html.Label("Operator token", className="field-label"),
                    dcc.Input(id=ids.R_TOKEN, type="password", autoComplete="off"),
                ],
                className="field",
                style=None if needs_token else {"display": "none"},
            ),
            html.Div(
                [
                    html.Button("Save review", id=ids.R_SAVE, n_clicks=0, disabled=not enabled),
                    html.Span(
                        ""
                        if enabled
                        else "Reviewing is off: this dashboard listens beyond loopback and was started "
                        "without --review-token.",
                        id=ids.R_STATUS,
                        className="review-status",
                    ),
                ],
                className="field field-wide",
            ),
        ],
        className="review-form",
    )
    return html.Section(
        [
            html.H3("Review this event"),
            html.Div(
                "Click a bar, a map point, a table row or a queued event to review it.",
                id=ids.R_EMPTY,
                className="evidence-empty",
            ),
            html.Div(
                [html.Div(id=ids.R_SENTENCE, className="review-sentence"), form],
                id=ids.R_BODY,
                className="review-body",
                style={"display": "none"},
            ),
        ],
        id=ids.REVIEW_CARD,
        className="card",
    )


def form_values(event: Mapping[str, Any] | None) -> dict[str, Any]:
    """The form's starting values for ``event`` (as from :meth:`DashboardData.event`): field -> value."""
    event = event or {}
    violation = event.get("violation")
    return {
        "actor1": event.get("actor1"),
        "actor2": event.get("actor2"),
        "sub_event_type": event.get("sub_event_type"),
        "fatalities": event.get("fatalities"),
        "injured": event.get("injured"),
        "location": None,  # incidents keep the place's name, not its id: a pick replaces it
        "event_date": (event.get("event_date") or "")[:10] or None,
        "ceasefire": event.get("ceasefire") or NO_CEASEFIRE,
        "violation": None if violation is None else str(bool(violation)).lower(),
    }


def form_changes(event: Mapping[str, Any], submitted: Mapping[str, Any]) -> dict[str, Any]:
    """The fields whose submitted value differs from the event's (empty values change nothing).

    >>> form_changes({"fatalities": 3, "actor1": "A"}, {"fatalities": 5, "actor1": "A", "injured": None})
    {'fatalities': 5}
    """
    before = form_values(event)
    out: dict[str, Any] = {}
    for field, value in submitted.items():
        if field not in FORM_FIELDS or value in (None, "") or value == before.get(field):
            continue
        if field == "ceasefire":
            value = "" if value == NO_CEASEFIRE else value
            if value == (event.get("ceasefire") or ""):
                continue
        out[field] = value
    return out


@dataclass(frozen=True)
class ReviewWriter:
    """Records the dashboard's decisions in the store at ``path`` (a writer of the store).

    ``token`` (when set) must be given with every decision; ``enabled`` False refuses every decision
    (a dashboard beyond loopback without a token).
    """

    path: Path
    token: str | None = None
    enabled: bool = True
    wait: float = 10.0

    def allowed(self, token: str | None) -> bool:
        """Whether a decision given with ``token`` may be recorded."""
        if not self.enabled:
            return False
        if not self.token:
            return True
        return hmac.compare_digest((token or "").encode(), self.token.encode())

    def record(
        self,
        event_id: str,
        changes: Mapping[str, Any],
        *,
        reviewer: str,
        comment: str | None = None,
        token: str | None = None,
    ) -> int:
        """Record the decisions ``changes`` (field -> value) on incident ``event_id`` in one
        transaction; returns how many. Raises :class:`tracker.review.ReviewError` (nothing recorded)
        for a refused value, a missing reviewer, an unknown event or a wrong token."""
        from tracker.ceasefires import load_registry
        from tracker.review import ReviewError, decide
        from tracker.store import Store

        if not self.allowed(token):
            raise ReviewError("reviewing needs the operator's token" if self.enabled else "reviewing is off")
        if not (reviewer or "").strip():
            raise ReviewError("a decision needs a reviewer name")
        cease = changes.get("ceasefire")
        if cease and cease not in {c.id for c in load_registry().ceasefires}:
            raise ReviewError(f"no ceasefire {cease!r} in the registry")
        with Store(self.path, wait=self.wait) as store:
            store.con.begin()
            try:
                for field, value in changes.items():
                    decide(store.con, event_id, field, value, reviewer=reviewer, comment=comment)
            except BaseException:
                store.con.rollback()
                raise
            store.con.commit()
        return len(changes)
