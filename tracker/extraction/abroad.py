"""Abroad: events the sentence places outside Syria although no place abroad was taken as their scene.

Reads each placed mention (after :mod:`~tracker.extraction.where`) and its sentence; writes the place
columns again when the words around the event put it in another country, so that foreign events stay out
of Syria's figures (an event with no country would be read as Syrian). With no Syrian scene of its own
in the event's stretch of the sentence (a Syrian place, or Syria named other than as a border), an event
is abroad when the sentence names

- a town or province abroad, with or without a locative ("... قرب مدينة حديثة (160 كلم غرب الرمادي)");
- the army, police or security forces of a country whose forces are no party in Syria's war ("the Iraqi
  army killed ..."), or forces named for another country's war ("the Houthis");
- the Syrian border as a landmark, beside another country ("a Turkish soldier was killed in clashes
  across the border with Syria").

A Syrian place named beside its foreign homonym's country ("قرية دوما ... الإسرائيلي", "Suruc, 10 km
from the Syrian border") is that homonym. The words are data: ``places/abroad.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from tracker.extraction.context import ArticleContext
from tracker.extraction.mention import Mention, PlaceFrom
from tracker.extraction.segment import clause_of
from tracker.places import PlaceMatch, default_geocoder, to_columns
from tracker.places.words import load_words
from tracker.resources import load_yaml
from tracker.text.anchored import Anchored
from tracker.text.normalize import normalize_key

__all__ = ["place_abroad"]

_NOTE = "abroad: the sentence places it outside Syria"
_BASED = re.compile(r"-?\s?based(?!\w)")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Words:
    """One language's cues: forces of a country, the Syrian border as a landmark, country adjectives."""

    forces: Anchored  # group "adj" (a country adjective) or a named force ("named_<n>")
    force_country: dict[str, str]  # adjective or named force -> country
    border: re.Pattern[str]
    border_words: re.Pattern[str]  # the border's words alone: a quick search, none in a text without them
    adjective: re.Pattern[str]  # any country adjective, group "adj"
    adjective_country: dict[str, str]
    scene_word: re.Pattern[str]  # a word that introduces a scene, with a clitic
    syrian: re.Pattern[str]  # the Syrian adjective ("السوري", "Syrian")
    same_scene: dict[str, str]


def _alt(words: list[str]) -> str:
    return "|".join(sorted({re.escape(w) for w in words if w}, key=len, reverse=True))


@lru_cache(maxsize=2)
def _words(lang: str) -> _Words:
    data = load_yaml("places", "abroad.yaml")
    own = data[lang]
    home = set(data["home_only"])
    by_country = load_words()["country_adjectives"][lang]
    adjectives = {
        normalize_key(a): country for country, adjs in by_country.items() for a in adjs if country != "Syria"
    }
    if lang == "ar":
        # the stem, with or without the article and in any ending: "جنديا تركيا", "الجنود الأتراك" aside
        stems = {re.sub(r"^ال|ه$", "", a): country for a, country in adjectives.items()}
        nationality = rf"[وفبل]?(?:ال)?(?P<adj>{_alt(list(stems))})(?:ه|ا|ين|ون|ان)?"
    else:
        stems, nationality = adjectives, rf"(?P<adj>{_alt(list(adjectives))})"
    home_adjs = [a for a, country in adjectives.items() if country in home]
    nouns = _alt([normalize_key(n) for n in own["force_nouns"]])
    named = {normalize_key(w): country for country, ws in own["named_forces"].items() for w in ws}
    b, e = r"(?<!\w)", r"(?!\w)"
    if lang == "ar":
        force = rf"[وفبل]?(?:ال)?(?:{nouns})(?:\s+\w+)?\s+(?P<adj>{_alt(home_adjs)})"
    else:
        force = rf"(?P<adj>{_alt(home_adjs)})\s+(?:\w+\s+)?(?:{nouns})"
    # (tried only just before its leading words: the same matches as re's search)
    forces = Anchored(rf"{b}(?:{force}|[وفبل]?(?P<named>{_alt(list(named))})){e}")
    return _Words(
        forces=forces,
        force_country={**{a: adjectives[a] for a in home_adjs}, **named},
        border=re.compile(rf"{b}(?:{_alt([normalize_key(w) for w in own['border']])}){e}"),
        border_words=re.compile(_alt([normalize_key(w) for w in own["border"]])),
        adjective=re.compile(rf"{b}{nationality}{e}"),
        adjective_country=stems,
        scene_word=re.compile(rf"[وفبل]?(?:ال)?(?:{_alt([normalize_key(x) for x in own['scene_words']])})"),
        syrian=re.compile(rf"{b}[وفبل]?(?:{_alt([normalize_key(a) for a in by_country['Syria']])}){e}"),
        same_scene=dict(data.get("same_scene") or {}),
    )


def place_abroad(ctx: ArticleContext, m: Mention) -> None:
    """Put the mention's event abroad when its sentence says so (see the module docstring)."""
    c = m.columns
    if m.headline:
        return
    lang = "ar" if ctx.lang == "ar" else "en"
    w = _words(lang)
    text = m.sentence.text
    geo = default_geocoder()
    places = [p for p in geo.find(text, lang) if not geo.named_aside(text, p, lang)]
    borders = [f.span() for f in w.border.finditer(text)] if w.border_words.search(text) else []
    cs, ce = clause_of(m.clauses, m.event.anchor[0])
    ev_span = m.event.span
    lo, hi = min(cs, ev_span[0]), max(ce, ev_span[1])
    if c.get("country") not in (None, "Syria"):
        _home_after_all(m, [p for p in places if geo.may_be_scene(text, p, lang)], lo, hi, borders)
        return

    def bordering(p: PlaceMatch) -> bool:
        return any(bs <= p.start < be for bs, be in borders)

    own = m.place_from is PlaceFrom.SENTENCE and c.get("country") == "Syria" and c.get("geo_precision") != 3
    if own:
        _homonym_abroad(m, places, text, lang, w, borders)
        if c.get("country") == "Syria":
            _another_war(m, places, text, w)
        return
    if any(p.country == "Syria" and lo <= p.start < hi and not bordering(p) for p in places):
        return  # "Turkish jets struck IS inside Syria", "near the Turkish border in Tal Abyad"
    # a town or province abroad introduced as a scene ("in Anbar", "وسط الفلوجة")
    abroad = [p for p in places if p.country != "Syria" and p.level != "country" and _scene(text, p, w)]
    if abroad:
        near = min(abroad, key=lambda p: abs(p.start - m.event.anchor[0]))
        _move(m, replace(near, geo_precision=max(near.geo_precision, 2)))
        return
    force = w.forces.search(text)
    if force is not None and not _syrian_named(text, places, w, borders):
        key = force.group("adj") or force.group("named")
        _move(m, None, w.force_country[key])
        return
    if borders:
        # the other side of the border: a country named or a nationality ("جنديا تركيا", "Turkish soldier")
        countries = [p.country for p in places if p.country != "Syria"]
        countries += [w.adjective_country[f.group("adj")] for f in w.adjective.finditer(text)]
        if countries:
            _move(m, None, countries[0])


def _scene(text: str, p: PlaceMatch, w: _Words) -> bool:
    """A place abroad told as a scene: after a locative, or after a word such as "قضاء", "وسط", "city"."""
    if _BASED.match(text, p.end, p.end + 8):
        return False  # "the Istanbul-based commission": where someone sits
    if p.locative:
        return True
    before = _WORD.findall(text[max(0, p.start - 30) : p.start])
    if before[-2:-1] and before[-1] == "of":  # "the town of X"
        before.pop()
    return bool(before) and w.scene_word.fullmatch(before[-1]) is not None


def _syrian_named(text: str, places: list[PlaceMatch], w: _Words, borders: list[tuple[int, int]]) -> bool:
    """Does the sentence name Syria, a Syrian place or a Syrian party ("Syrian and Jordanian forces
    clashed") other than as a border?"""
    spans = [(p.start, p.country) for p in places] + [(f.start(), "Syria") for f in w.syrian.finditer(text)]
    return any(c == "Syria" and not any(bs <= at < be for bs, be in borders) for at, c in spans)


def _homonym_abroad(
    m: Mention,
    places: list[PlaceMatch],
    text: str,
    lang: str,
    w: _Words,
    borders: list[tuple[int, int]],
) -> None:
    """The event's Syrian place is its foreign homonym when the sentence names that country (as a country
    or a nationality) and no other Syrian place, or tells the place by its distance from the Syrian border."""
    geo = default_geocoder()
    c = m.columns
    mine = next((p for p in places if p.country == "Syria" and p.name == c.get("location")), None)
    if mine is None:
        return
    hit = next((h for h in geo.listed(text, lang) if h.start <= mine.start < h.end), None)
    if hit is None:
        return
    foreign = [geo.places[i] for i in hit.candidates if geo.places[i].country != "Syria"]
    if not foreign:
        return
    named = {p.country for p in places if p.country != "Syria"}
    named |= {w.adjective_country[f.group("adj")] for f in w.adjective.finditer(text)}
    named |= {w.same_scene.get(n, n) for n in named}
    others = [p for p in places if p.country == "Syria" and p is not mine and p.level != "country"]
    close_border = any(0 <= bs - mine.end <= 60 for bs, _ in borders)
    for p in foreign:
        if close_border or (p.country in named and not others):
            where: dict[str, Any] = {
                "name": p.name,
                "level": p.level,
                "latitude": p.latitude,
                "longitude": p.longitude,
            }
            units: dict[str, Any] = dict.fromkeys(("admin1", "admin1_pcode", "admin2", "pcode"))
            _move(m, replace(mine, country=p.country, **where, **units))
            return


def _another_war(m: Mention, places: list[PlaceMatch], text: str, w: _Words) -> None:
    """A village the sentence names beside the forces of another country's war ("the Houthis", the Iraqi
    army) and nothing else Syrian (no other Syrian place, not Syria, no Syrian adjective) is that country's
    homonym, even one the gazetteer lacks: the event is there, with no place. A governorate or district is
    too well known to be anyone's homonym."""
    force = w.forces.search(text)
    if force is None or w.syrian.search(text) is not None:
        return
    c = m.columns
    mine = [p for p in places if p.country == "Syria" and p.name == c.get("location")]
    if not mine or any(p.level in ("admin1", "admin2") for p in mine):
        return
    if any(p.country == "Syria" and p.name != c.get("location") for p in places):
        return
    _move(m, None, w.force_country[force.group("adj") or force.group("named")])


def _home_after_all(
    m: Mention, places: list[PlaceMatch], lo: int, hi: int, borders: list[tuple[int, int]]
) -> None:
    """An event placed abroad by a place outside its own stretch of the sentence, while that stretch names
    Syria as the scene ("... bombed IS positions inside Syria, while police raided flats in Istanbul"): the
    country, with no governorate."""
    c = m.columns
    if m.place_from is not PlaceFrom.SENTENCE:
        return
    theirs = [p for p in places if p.country == c.get("country") and p.name == c.get("location")]
    home = [
        p
        for p in places
        if p.country == "Syria"
        and p.level == "country"
        and lo <= p.start < hi
        and not any(bs <= p.start < be for bs, be in borders)
    ]
    if not home or not theirs or any(lo <= p.start < hi for p in theirs):
        return
    c.update(to_columns(None))
    c["country"], c["geo_precision"] = "Syria", 3
    m.place_from = PlaceFrom.COUNTRY
    m.notes.append(PlaceFrom.COUNTRY.value)


def _move(m: Mention, match: PlaceMatch | None, country: str | None = None) -> None:
    m.columns.update(to_columns(match))
    if match is None:
        m.columns["country"] = country
    m.notes.append(_NOTE)
