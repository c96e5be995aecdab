"""The evidence panel: one incident's sentence with its parts highlighted, its judgement and sources.

Reads an incident dict and its mentions (from :mod:`dashboards.data`); writes Dash components.
Article text only ever becomes component children (plain text that React escapes), never HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

import pandas as pd
from dash import html

#: Highlighted parts: kind -> (incident column holding the words as reported, legend label).
HIGHLIGHTS: dict[str, tuple[str, str]] = {
    "trigger": ("trigger_text", "what happened"),
    "count": ("count_text", "how many"),
    "actor": ("actor1_text", "who"),
    "place": ("location_text", "where"),
}


def highlight_spans(text: str, parts: Mapping[str, str | None]) -> list[tuple[int, int, str]]:
    """Character spans ``(start, end, kind)`` of each part's words in ``text``, non-overlapping.

    Each part is searched as written, then ignoring case; the first occurrence wins, and a part
    that overlaps one found earlier (in the order of ``parts``) is dropped.

    >>> highlight_spans("Shelling killed 3 in Duma", {"trigger": "shelling", "place": "Duma"})
    [(0, 8, 'trigger'), (21, 25, 'place')]
    """
    found: list[tuple[int, int, str]] = []
    lowered = text.lower()
    # lower() can change lengths for a few letters; then only the exact search is safe.
    case_free = len(lowered) == len(text)
    for kind, words in parts.items():
        if not words or not isinstance(words, str) or not words.strip():
            continue
        words = words.strip()
        start = text.find(words)
        if start < 0 and case_free:
            start = lowered.find(words.lower())
        if start < 0:
            continue
        end = start + len(words)
        if any(start < e and s < end for s, e, _ in found):
            continue
        found.append((start, end, kind))
    return sorted(found)


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str | None]]:
    """Split ``text`` into ``(piece, kind)`` runs; ``kind`` is None outside the spans."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for start, end, kind in spans:
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], kind))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def safe_url(url: Any) -> str | None:
    """``url`` if it is an http(s) link, else None (no ``javascript:`` or ``data:`` links)."""
    if not isinstance(url, str):
        return None
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def _text(v: Any) -> str:
    if v is None or (not isinstance(v, str | list) and pd.isna(v)):
        return ""
    return str(v)


def _link(label: str, url: Any) -> html.Span | html.A:
    href = safe_url(url)
    if href is None:
        return html.Span(label)
    return html.A(label, href=href, target="_blank", rel="noopener noreferrer nofollow")


def _judgement(event: Mapping[str, Any]) -> html.Div:
    violation = event.get("violation")
    if violation is True:
        verdict, cls = "Violation", "verdict verdict-yes"
    elif violation is False:
        verdict, cls = "Not a violation", "verdict verdict-no"
    else:
        verdict, cls = "Not judged", "verdict verdict-unknown"
    ceasefire = _text(event.get("ceasefire")) or "no ceasefire in force"
    return html.Div(
        [
            html.Span(verdict, className=cls),
            html.Span(f" · {ceasefire}", className="ceasefire-id"),
            html.Div(_text(event.get("violation_reason")), className="reason"),
        ],
        className="judgement",
    )


def _review_note(event: Mapping[str, Any]) -> list[html.Div]:
    if not event.get("reviewed"):
        return []
    return [html.Div(f"Reviewed: {_text(event.get('review')) or 'corrected'}", className="reviewed-tag")]


def sentence(event: Mapping[str, Any]) -> list[Any]:
    """The evidence sentence of ``event`` with trigger, count, actor and place marked
    (``dir="rtl"`` for Arabic), and the legend of the marks."""
    text = _text(event.get("evidence"))
    lang = _text(event.get("language")) or "en"
    parts = {kind: event.get(col) for kind, (col, _) in HIGHLIGHTS.items()}
    pieces = [
        html.Mark(piece, className=f"hl hl-{kind}", title=HIGHLIGHTS[kind][1]) if kind else piece
        for piece, kind in segments(text, highlight_spans(text, parts))
    ]
    return [
        html.Blockquote(
            pieces, dir="rtl" if lang == "ar" else "ltr", lang=lang, className=f"sentence lang-{lang}"
        ),
        html.Div(
            [html.Mark(label, className=f"hl hl-{kind}") for kind, (_, label) in HIGHLIGHTS.items()],
            className="legend",
        ),
    ]


def evidence_panel(event: Mapping[str, Any] | None, mentions: pd.DataFrame | None = None) -> html.Div:
    """The panel for one incident (``event`` as from :meth:`DashboardData.event`).

    Shows the evidence sentence with trigger, count, actor and place marked (``dir="rtl"`` for
    Arabic), the ceasefire judgement and its reason, the source with its link, and every report
    merged into the incident (``mentions``).
    """
    if not event:
        return html.Div(
            "Click a bar, a map point or a table row to see the report behind it.",
            className="evidence-empty",
        )
    when = _text(event.get("event_date"))[:10]
    place = ", ".join(p for p in (_text(event.get("location")), _text(event.get("admin1"))) if p)
    who = " → ".join(p for p in (_text(event.get("actor1")), _text(event.get("actor2"))) if p)
    toll = event.get("fatalities_best")
    facts = [
        html.Div([html.B(when or "date unknown"), " · ", place or "place unknown"], className="facts-where"),
        html.Div(who or "actors unknown", className="facts-who"),
        html.Div(
            [
                _text(event.get("sub_event_type")) or _text(event.get("event_type")),
                f" · {toll} killed" if toll is not None else " · no death toll",
                f" · {event.get('injured')} injured" if event.get("injured") else "",
            ],
            className="facts-what",
        ),
    ]
    source = _text(event.get("source")) or "unknown source"
    title = _text(event.get("title"))
    source_line: list[Any] = ["Source: ", _link(source, event.get("url"))]
    if title:
        # The title is isolated from the separator: inside one right-to-left run the dash would
        # move to the far end of an Arabic title.
        source_line += [" — ", html.Bdi(title, dir="auto", className="source-title")]
    children: list[Any] = [
        html.Div(facts, className="facts"),
        *sentence(event),
        *_review_note(event),
        _judgement(event),
        html.Div(source_line, className="source"),
    ]
    others = _other_sources(event, mentions)
    if others:
        children.append(
            html.Div([html.Div(f"Merged reports ({len(others)})", className="label"), html.Ul(others)])
        )
    card_id: dict[str, Any] = {"data-event-id": _text(event.get("event_id"))}  # for tests and scripts
    return html.Div(children, className="evidence-card", **card_id)


def _other_sources(event: Mapping[str, Any], mentions: pd.DataFrame | None) -> list[html.Li]:
    if mentions is not None and not mentions.empty:
        items = []
        for m in mentions.itertuples():
            when = _text(m.published)[:10]
            items.append(
                html.Li(
                    [
                        _link(_text(m.source) or "unknown source", m.url),
                        f" ({when})" if when else "",
                        html.Div(_text(m.evidence), dir="auto", className="mention-text"),
                    ]
                )
            )
        return items
    # Without a mentions table the incident still lists the outlets it was merged from.
    return [html.Li(s) for s in (event.get("sources") or [])]


__all__ = ["HIGHLIGHTS", "evidence_panel", "highlight_spans", "safe_url", "segments", "sentence"]
