"""The geocoder: Syrian (and neighbouring) places named in Arabic and English text, each resolved to one
gazetteer record, and the place of an event or an article.

Reads normalised sentence text (``tracker.text.normalize.normalize(...).text``), the gazetteer
(:mod:`tracker.places.gazetteer`) and the word tables (:mod:`tracker.places.words`); writes
:class:`PlaceMatch` records and, through :func:`to_columns`, the event columns ``location``,
``location_text``, ``admin1``, ``admin1_pcode``, ``admin2``, ``admin2_pcode``, ``latitude``, ``longitude``,
``geo_precision`` and ``country``.

The names and the words around them are found by :mod:`tracker.places.names` (one Aho-Corasick pass per
language, Arabic clitics and the article allowed before a name; "مدينة حلب", "Idlib province", "ريف
إدلب الجنوبي", "near X", "بين X و Y"). Here, homonyms are resolved with the governorate or country named
elsewhere in the text, then by size; names that are also common words fire only after a level word or
beside their governorate; an event takes the place of its clause, and a place abroad counts only as
the scene of something when a locative word introduces it.

``geo_precision`` follows ACLED: 1 the town itself, 2 near a town / part of a region, 3 only the
governorate (or a country) is known.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from tracker.places.gazetteer import Place, load_gazetteer
from tracker.places.levels import CITY_GOVERNORATES, LEVEL_RANK, level_fit, precision
from tracker.places.names import BARE, LEFT_WINDOW, Hit, NameIndex
from tracker.places.words import Words, en_scan, load_words
from tracker.resources.cache import cached
from tracker.schema import ADMIN1, PLACE_COLUMNS
from tracker.text.normalize import normalize, normalize_key

__all__ = ["Geocoder", "PlaceMatch", "default_geocoder", "lies_in", "lowered", "to_columns"]

# Reporters name the city for its countryside: Damascus for the Ghouta suburbs.
# The governorate around a city governorate: where "outside"/"east of" the city is.
_AROUND_CITY = {"SY01": "SY03"}
_NEIGHBOURS = {"SY03": "SY01"}
_WELL_KNOWN = 100000  # a city abroad this large outranks a Syrian village of the same name (الرياض)
_CONTEXT_WINDOW = 60  # characters after a weak name in which its governorate must be named
_MEETING_WORDS = 4  # words from a word for talks to the place they are held in ("talks opened in Astana")
_EXTENT_WORDS = 4  # words from "stretching" to the places of the extent ("تمتد من أعزاز إلى ...")
_WORDS = re.compile(r"[\w']+")
_TOKENS = re.compile(r"\S+")
_SCENE_WORDS = 6  # words before a place abroad searched for a locative one (in the Iraqi city of Mosul)


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A place found in text. ``start``/``end`` index the text given to ``find``/``locate``."""

    start: int
    end: int
    text: str
    name: str
    level: str
    admin1: str | None
    admin1_pcode: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    country: str
    pcode: str | None
    locative: bool = False  # introduced by في / ب / in / at / near ...


class Geocoder:
    """Find and resolve place names; build once (see :func:`default_geocoder`) and reuse.

    ``places`` are the gazetteer records; ``names`` maps each record index to its names per language;
    ``words`` holds the parsed ``words.yaml``. Tests pass tiny fictional gazetteers here.
    """

    def __init__(
        self, places: list[Place], names: list[dict[str, list[str]]], *, words: dict[str, Any]
    ) -> None:
        self.places = places
        self.words = {lang: Words(words.get(lang, {}), lang) for lang in ("ar", "en")}
        common_en = frozenset(en_scan(normalize_key(x)) for x in words.get("en", {}).get("common_words", []))
        self.names = NameIndex(places, names, self.words, common_en=common_en)
        self._cache: dict[tuple[str, str], list[PlaceMatch]] = {}
        self._listed: dict[tuple[str, str], list[Hit]] = {}  # (lang, text): its names, as the index has them
        self._asides: dict[tuple[str, str, int], bool] = {}  # (lang, text, start): named aside?
        self._governorates: dict[str, int] | None = None
        self._units_of: dict[tuple[int, ...], set[str | None]] = {}  # records -> their Syrian units, kept
        # records -> the governorate and country they name without doubt (none, or one each), kept
        self._named_of: dict[tuple[int, ...], tuple[frozenset[str], frozenset[str]]] = {}
        self._abroad = frozenset(i for i, p in enumerate(places) if p.country != "Syria")  # record indices

    # --- matching -------------------------------------------------------------------------------

    def find(self, text: str, lang: str) -> list[PlaceMatch]:
        """All places named in ``text`` (normalised), in text order, each resolved to one record.

        >>> [m.name for m in default_geocoder().find("قصف على مدينة حلب", "ar")]
        ['Aleppo']
        """
        cache_key = (lang, text)
        cached = self._cache.get(cache_key)
        if cached is not None:
            return cached
        lang = "en" if lang != "ar" else "ar"
        w = self.words[lang]
        listed = self.names.hits(text, lang, counts=self._named_beside)
        hits = self._kept(listed, w) if listed else listed
        out: list[PlaceMatch] = []
        if hits:  # (most texts name no place)
            self._abroad_by_border(text, hits, w)
            self._resolve(hits)
            out = [self._around_capital(self._match(text, h), h, lang) for h in hits if h.chosen is not None]
        if len(self._cache) > 4096:
            self._cache.clear()
            self._listed.clear()
        self._cache[cache_key] = out
        self._listed[lang, text] = listed
        return out

    def listed(self, text: str, lang: str) -> list[Hit]:
        """The names in ``text`` as the index finds them, each with all its records (:meth:`find` then
        settles one); kept from the last :meth:`find` of the text when there was one (then the words
        around a name that names no place may be unread: spans and records only)."""
        lang = "en" if lang != "ar" else "ar"
        found = self._listed.get((lang, text))
        return found if found is not None else self.names.hits(text, lang)

    def _kept(self, hits: list[Hit], w: Words) -> list[Hit]:
        """The hits (in text order) that name a place: a weak name needs a level word, a preposition
        (an article-less form) or its governorate beside it (the level and preposition read already; a
        name left unread has none of them, nor its governorate beside it)."""
        starts = [h.start for h in hits]
        return [
            h
            for h in hits
            if not h.weak
            or (
                not h.unread
                and (
                    h.level_word in w.unlock
                    or (h.weak == BARE and h.preposition)
                    or self._named_beside(h, hits, starts)
                )
            )
        ]

    def _abroad_by_border(self, text: str, hits: list[Hit], w: Words) -> None:
        """A place said to lie some way from the Syrian border ("Suruc, 10 km from the Syrian border") is
        abroad: its homonyms outside Syria are kept when it has any."""
        if not w.off_border or all(self._abroad.isdisjoint(h.candidates) for h in hits):
            return  # (no name with a record abroad: nothing to keep)
        if not w.any_off_border(text):
            return  # (no phrase in the whole text: none after any name)
        for k, h in enumerate(hits):
            after = text[h.end : h.end + _CONTEXT_WINDOW].lower()
            after = after.split(".", 1)[0]
            if not any(phrase in after for phrase in w.off_border):
                continue
            abroad = tuple(i for i in h.candidates if self.places[i].country != "Syria")
            if abroad:
                hits[k] = replace(h, candidates=abroad)  # (a copy: the hit as listed keeps them all)

    def _named_beside(self, h: Hit, hits: list[Hit], starts: list[int]) -> bool:
        """A weak name counts when its own governorate or district is named right after it (``starts``:
        where each of ``hits``, in text order, starts)."""
        lo, hi = bisect_left(starts, h.end), bisect_right(starts, h.end + _CONTEXT_WINDOW)
        for other in hits[lo:hi]:
            if other is h or other.weak:
                continue
            units = self._units_of.get(other.candidates)
            if units is None:
                if len(self._units_of) > 4096:
                    self._units_of.clear()
                units = self._units_of[other.candidates] = {
                    self.places[i].admin1_pcode if self.places[i].level == "admin1" else self.places[i].admin2
                    for i in other.candidates
                    if self.places[i].level in ("admin1", "admin2") and self.places[i].country == "Syria"
                }
            if any(
                self.places[i].admin1_pcode in units or self.places[i].admin2 in units for i in h.candidates
            ):
                return True
        return False

    def _resolve(self, hits: list[Hit]) -> None:
        """Pick one record per hit: the governorate/country named in the text first, then size."""
        admin1s, countries = self._named_units(hits)
        for h in hits:
            h.chosen = self._pick(h, admin1s, countries)

    def _named_units(self, hits: list[Hit]) -> tuple[set[str], set[str]]:
        """The governorates and countries the hits name without doubt (one each)."""
        admin1s: set[str] = set()
        countries: set[str] = set()
        places = self.places
        for h in hits:
            if len(h.candidates) == 1:  # (the same as below, for one record)
                p = places[h.candidates[0]]
                if p.admin1_pcode is not None:
                    admin1s.add(p.admin1_pcode)
                countries.add(p.country)
                continue
            named = self._named_of.get(h.candidates)
            if named is None:
                cands = [places[i] for i in h.candidates]
                # A governorate's name settles the area even when villages share it (حماة / الحمة).
                a1 = {p.admin1_pcode for p in cands if p.level == "admin1"} or {p.admin1_pcode for p in cands}
                cs = {p.country for p in cands}
                if len(self._named_of) > 4096:
                    self._named_of.clear()
                named = self._named_of[h.candidates] = (
                    frozenset(a1) if len(a1) == 1 and None not in a1 else frozenset(),  # type: ignore[arg-type]
                    frozenset(cs) if len(cs) == 1 else frozenset(),
                )
            admin1s.update(named[0])
            countries.update(named[1])
        return admin1s, countries

    def _pick(self, h: Hit, admin1s: set[str], countries: set[str]) -> int | None:
        """The record of one hit (its level word read), given :meth:`_named_units` of all."""
        if len(h.candidates) == 1:
            return h.candidates[0]  # (nothing to weigh)
        others_a1 = set(admin1s)
        own = {self.places[i].admin1_pcode for i in h.candidates}
        if len(own) == 1:
            others_a1 -= own  # a name does not vouch for itself
        return self._choose(h, others_a1, countries)

    def _choose(self, h: Hit, admin1s: set[str], countries: set[str]) -> int | None:
        want = h.level_word
        abroad = {c for c in countries if c != "Syria"}
        # per governorate among the candidates: the largest population, and how many
        group_pop: dict[str | None, int] = {}
        group_size: dict[str | None, int] = {}
        for j in h.candidates:
            q = self.places[j]
            group_pop[q.admin1_pcode] = max(group_pop.get(q.admin1_pcode, q.population), q.population)
            group_size[q.admin1_pcode] = group_size.get(q.admin1_pcode, 0) + 1

        def score(i: int) -> tuple[float, ...]:
            p = self.places[i]
            context = 0
            if p.country == "Syria" and p.admin1_pcode in admin1s:
                context = 2
            elif p.country == "Syria" and _NEIGHBOURS.get(p.admin1_pcode or "") in admin1s:
                context = 1  # "X, Damascus" often means a suburb in Rural Damascus
            elif p.country != "Syria" and p.country in abroad:
                context = 2
            elif p.country != "Syria" and p.level != "country" and p.population < _WELL_KNOWN:
                context = -1  # a small place abroad only when the text points there
            fit = level_fit(p.level, want)
            return (
                context,
                fit,
                math.log1p(group_pop[p.admin1_pcode]),
                group_size[p.admin1_pcode],
                LEVEL_RANK.get(p.level, 0),
                p.population,
            )

        if len(h.candidates) == 1:
            return h.candidates[0]  # (nothing to weigh)
        return max(h.candidates, key=score)

    def _match(self, text: str, h: Hit) -> PlaceMatch:
        p = self.places[h.chosen]  # type: ignore[index]
        level, geo_precision = precision(p, h)
        return _place_match(
            p, h.start, h.end, text[h.start : h.end], level, geo_precision, h.locative or h.near
        )

    def _around_capital(self, m: PlaceMatch, h: Hit, lang: str) -> PlaceMatch:
        """ "outside Damascus", "east of Damascus", "near Damascus": the city governorate is the city alone,
        so a place beside it is in the governorate around it (Rural Damascus). English only: Arabic "شرقي
        دمشق" also places the city's own eastern quarters."""
        if lang != "en" or not h.near or m.admin1_pcode not in CITY_GOVERNORATES:
            return m
        around = self.governorate(_AROUND_CITY[m.admin1_pcode])
        if around is None:
            return m
        return replace(around, start=m.start, end=m.end, text=m.text, geo_precision=2, locative=m.locative)

    # --- events and articles --------------------------------------------------------------------

    def locate(
        self,
        text: str,
        lang: str,
        *,
        anchor: tuple[int, int],
        clauses: list[tuple[int, int]],
        fallback: PlaceMatch | None = None,
    ) -> PlaceMatch | None:
        """The place of the event whose trigger/count spans ``anchor`` in the sentence ``text``.

        A place in the same clause wins, then the nearest in the sentence, preferring places
        introduced by a locative preposition; with none, ``fallback`` (e.g. the article's dateline
        place) with its geo_precision lowered by one step.
        """
        matches = [
            m
            for m in self.find(text, lang)
            if (m.level != "country" or m.country != "Syria") and self.may_be_scene(text, m, lang)
        ]
        if not matches:
            return lowered(fallback)
        a_start, a_end = anchor
        clause = next(((s, e) for s, e in clauses if s <= a_start < e), None)

        def rank(m: PlaceMatch) -> tuple[int, int, int, int]:
            same = 0 if clause and clause[0] <= m.start < clause[1] else 1
            dist = m.start - a_end if m.start >= a_end else a_start - m.end
            # (a place inside the anchor, as in a list item "four in Binnish", counts as after it)
            after = 0 if lang == "en" and m.start >= a_start else 1
            return (same, 0 if m.locative else 1, after, max(dist, 0))

        best = min(matches, key=rank)
        outer = self._abroad_around(text, best, lang)
        if outer is not None:
            return outer
        # "سرمين بريف إدلب" / "Sarmin, Idlib": the more specific place beside the chosen one wins.
        for m in matches:
            if (
                m is not best
                and rank(m)[0] == rank(best)[0]
                and m.admin1_pcode == best.admin1_pcode
                and LEVEL_RANK.get(m.level, 0) > LEVEL_RANK.get(best.level, 0)
                and best.level in ("admin1", "admin2", "region")
                and abs(m.start - best.start) <= _CONTEXT_WINDOW
            ):
                best = m
        # "in Majdal Shams on the Golan Heights": the wider area only says where the place before it lies
        inner = [m for m in matches if m.end <= best.start and lies_in(text, m, best)]
        if inner and LEVEL_RANK.get(best.level, 0) < LEVEL_RANK.get(inner[-1].level, 0):
            best = inner[-1]
        return best

    def _abroad_around(self, text: str, m: PlaceMatch, lang: str) -> PlaceMatch | None:
        """The city abroad a Syrian-named quarter lies in: "the Jadida district of west Mosul",
        "حي المأمون في الجانب الغربي من مدينة الموصل". A homonym of a Syrian village is then not in Syria."""
        if m.country != "Syria" or m.level not in ("town", "neighbourhood", "admin3"):
            return None
        w = self.words["ar" if lang == "ar" else "en"]
        for o in self.find(text, lang):
            if o.start < m.end or o.start - m.end > _CONTEXT_WINDOW:
                continue
            if o.country == "Syria":
                return None  # "Jadida, in Hasakeh province": a Syrian unit comes first
            between = text[m.end : o.start]
            if o.level != "country" and any(x in w.within for x in between.split()) and "." not in between:
                return replace(o, geo_precision=2)
            return None
        return None

    def may_be_scene(self, text: str, m: PlaceMatch, lang: str) -> bool:
        """Can this place be where something happened? A Syrian place can; a place abroad only when a
        locative word comes before it ("in Iraq", "near the Turkish town of Kilis", "بالعراق"): bare,
        it is a government or a dateline ("Russia says", "Washington and Paris", "MOSCOW (Sputnik)").
        """
        if m.country == "Syria" or m.locative:
            return True
        w = self.words["ar" if lang == "ar" else "en"]
        start = max(0, m.start - LEFT_WINDOW)
        # hyphens kept: "in Afghanistan - MOSCOW" is two phrases (split: the tokens of _TOKENS)
        tokens = [t.lower() for t in text[start : m.start].split()[-_SCENE_WORDS:]]
        if " ".join(tokens[-2:]) in w.border:
            return False  # "on the border with Iraq": the scene is on this side of it
        for k in range(len(tokens) - 1, -1, -1):
            t = tokens[k]
            if not t.isalpha() or t in w.scene_breaks:
                # "Syria | Jordan Times": punctuation ends the phrase the place belongs to; "the raids that
                # Turkey carried out": a relative pronoun or "that" opens a clause the place is the subject of
                return False
            if t in w.locative or t in w.near:
                # "in Syria Moscow AFP": the word introduces the place between, not this one
                at = list(_TOKENS.finditer(text, start, m.start))[k - len(tokens)].start()
                return not any(at < o.start and o.end <= m.start for o in self.find(text, lang))
        return False

    def named_aside(self, text: str, m: PlaceMatch, lang: str) -> bool:
        """Is this place named for another reason than being a scene: part of a faction's name ("Ahrar
        al-Sharqiya", "لواء القدس"), where talks are held ("as talks opened in Astana", "محادثات
        أستانة"), a capital standing for its government ("forces loyal to Damascus"), or an end of an
        extent ("a zone stretching from Azaz to Jarablus")?"""
        return self._aside(text, m.start, lang)

    def _aside(self, text: str, start: int, lang: str) -> bool:
        """:meth:`named_aside` for a place starting at ``start`` (asked again for the same sentence by
        the where and abroad stages: kept, a bounded number)."""
        key = (lang, text, start)
        known = self._asides.get(key)
        if known is None:
            if len(self._asides) > 4096:
                self._asides.clear()
            known = self._asides[key] = self._read_aside(text, start, lang)
        return known

    def _read_aside(self, text: str, start: int, lang: str) -> bool:
        """The words before the place, read for :meth:`named_aside`."""
        w = self.words["ar" if lang == "ar" else "en"]
        before = _WORDS.findall(text[max(0, start - LEFT_WINDOW) : start].lower())
        named = before[:-1] if before and before[-1] in w.articles else before
        if named and named[-1] in w.faction_heads and len(before) - len(named) <= 1:
            return True
        # (a phrase longer than the words read is met only by a shorter one that is also in the set)
        if any(tuple(before[-n:]) in w.government_of for n in w.government_lengths):
            return True  # "forces loyal to Damascus": the government, not a place
        if not w.extent_words.isdisjoint(before[-_EXTENT_WORDS:]):
            return True  # "a zone stretching from Azaz to Jarablus": an extent, not a scene
        return (
            not w.meeting_words.isdisjoint(before[-_MEETING_WORDS:])
            and "." not in text[max(0, start - LEFT_WINDOW) : start]
        )

    def governorate(self, pcode: str) -> PlaceMatch | None:
        """The Syrian governorate with this P-code, as a match of no span (geo_precision 3)."""
        if self._governorates is None:
            self._governorates = {
                p.admin1_pcode: i
                for i, p in enumerate(self.places)
                if p.level == "admin1" and p.country == "Syria" and p.admin1_pcode
            }
        i = self._governorates.get(pcode)
        if i is None:
            return None
        p = self.places[i]
        return _place_match(p, 0, 0, p.name, "admin1", 3)

    def most_named(self, text: str, lang: str) -> PlaceMatch | None:
        """The Syrian governorate whose places ``text`` names most often (ties: the first named)."""
        counts: dict[str, int] = {}
        named = (
            self._units(text)
            if lang == "ar"
            else [(m.start, m.country, m.admin1_pcode) for m in self.find(text, lang)]
        )
        for start, country, admin1 in named:
            if country == "Syria" and admin1 and not self._aside(text, start, lang):
                counts[admin1] = counts.get(admin1, 0) + 1
        return self.governorate(max(counts, key=lambda k: counts[k])) if counts else None

    def _units(self, text: str) -> list[tuple[int, str, str | None]]:
        """(start, country, governorate) of each place :meth:`find` gives in an Arabic ``text``, reading
        only what those need: the words around a weak name (is it a place?) and around a name whose
        records lie in more than one governorate or country (which is it?), no other."""
        w = self.words["ar"]
        hits = self.names.exact_hits(text, "ar")
        starts = [h.start for h in hits]
        for h in hits:
            if h.weak:
                # (a weak name nothing around could unlock counts only by its governorate beside it)
                if (
                    h.weak == BARE
                    or self.names.may_count(text, h, "ar")
                    or self._named_beside(h, hits, starts)
                ):
                    self.names.read_context(text, h, "ar")
                else:
                    h.unread = True
        hits = self._kept(hits, w)
        self._abroad_by_border(text, hits, w)
        admin1s, countries = self._named_units(hits)
        out = []
        for h in hits:
            units = {(self.places[i].country, self.places[i].admin1_pcode) for i in h.candidates}
            if len(units) > 1:
                if not h.weak:
                    self.names.read_context(text, h, "ar")  # (its level word weighs the records)
                p = self.places[self._pick(h, admin1s, countries)]  # type: ignore[index]
                units = {(p.country, p.admin1_pcode)}
            ((country, admin1),) = units
            out.append((h.start, country, admin1))
        return out

    def article_place(self, title: str | None, lead: str, lang: str) -> PlaceMatch | None:
        """The article's own place: the headline's first place, else the dateline's (lead's start).

        Spans index ``title`` when the place comes from it, else ``lead``.
        """
        for text, limit in ((title or "", None), (lead or "", 200)):
            # Folding is idempotent: raw or already-folded text gives the same spans.
            folded = normalize(text if limit is None else text[:limit]).text
            found = [
                m
                for m in self.find(folded, lang)
                if m.level != "country"
                and self.may_be_scene(folded, m, lang)
                and not self.named_aside(folded, m, lang)
            ]
            if found:
                return found[0]
        return None


def _place_match(
    p: Place, start: int, end: int, text: str, level: str, precision: int, locative: bool = False
) -> PlaceMatch:
    return PlaceMatch(
        start=start,
        end=end,
        text=text,
        name=p.name,
        level=level,
        admin1=ADMIN1.get(p.admin1_pcode or ""),
        admin1_pcode=p.admin1_pcode,
        admin2=p.admin2,
        latitude=p.latitude,
        longitude=p.longitude,
        geo_precision=precision,
        country=p.country,
        pcode=p.pcode,
        locative=locative,
    )


#: words between a place and the wider area it lies in ("Majdal Shams on the Golan Heights")
_LIES_IN = frozenset({"on", "in", "of", "the", "at", ",", "في", "ب", "من", "على"})
_LIES_IN_GAP = 12  # characters


def lies_in(text: str, place: PlaceMatch, wider: PlaceMatch) -> bool:
    """Is ``wider``, named right after ``place``, only saying where that place lies ("Majdal Shams on the
    Golan Heights", "سرمين في ريف إدلب")?"""
    between = text[place.end : wider.start]
    return (
        place.end <= wider.start
        and len(between) <= _LIES_IN_GAP
        and all(w in _LIES_IN for w in between.replace(",", " , ").split())
    )


def lowered(m: PlaceMatch | None) -> PlaceMatch | None:
    """The match one geo_precision step coarser: a place told elsewhere in the article, not by the sentence."""
    if m is None:
        return None
    return replace(m, geo_precision=min(3, m.geo_precision + 1))


def to_columns(match: PlaceMatch | None) -> dict[str, Any]:
    """The event columns for a match (all missing when there is none).

    >>> to_columns(None)["admin1"] is None
    True
    """
    if match is None:
        return dict.fromkeys(PLACE_COLUMNS)
    return {
        "location": match.name,
        "location_text": match.text,
        "admin1": match.admin1,
        "admin1_pcode": match.admin1_pcode,
        "admin2": match.admin2,
        "admin2_pcode": _admin2_pcodes().get(match.admin2 or ""),
        "latitude": match.latitude,
        "longitude": match.longitude,
        "geo_precision": match.geo_precision,
        "country": match.country,
    }


@lru_cache(maxsize=1)
def _admin2_pcodes() -> dict[str, str]:
    """District name -> its OCHA P-code (district names are unique in the gazetteer)."""
    return cached("admin2_pcodes", lambda: {p.name: p.id for p in load_gazetteer()[0] if p.level == "admin2"})


@lru_cache(maxsize=1)
def default_geocoder() -> Geocoder:
    """The geocoder over the packaged gazetteer, built once per process on first use."""
    return cached("geocoder", lambda: Geocoder(*load_gazetteer(), words=load_words()))
