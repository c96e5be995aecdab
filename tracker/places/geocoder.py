"""Places: find Syrian (and neighbouring) place names in Arabic and English text and geocode them.

Reads normalised sentence text (``tracker.text.normalize.normalize(...).text``) and the packaged gazetteer
(``resources/places/gazetteer.csv.gz`` built by ``scripts/build_gazetteer.py``, plus the hand-written
``regions.yaml``, ``countries.yaml`` and ``words.yaml``); writes :class:`PlaceMatch` records and, through
:func:`to_columns`, the event columns ``location``, ``location_text``, ``admin1``, ``admin1_pcode``,
``admin2``, ``admin2_pcode``, ``latitude``, ``longitude``, ``geo_precision`` and ``country``.

Matching is one Aho-Corasick pass per language over the folded text, with word-boundary checks and
Arabic clitics (و ف ب ل ك and the article) allowed before a name. Words around a name set its level
("مدينة حلب", "Idlib province", "ريف إدلب الجنوبي", "near X", "بين X و Y"). Homonyms are resolved with
the governorate or country named elsewhere in the text, then by size. Names that are also common
words fire only after a level word or beside their governorate.

``geo_precision`` follows ACLED: 1 the town itself, 2 near a town / part of a region, 3 only the
governorate (or a country) is known.
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import ahocorasick

from tracker.resources import load_yaml, path
from tracker.schema import ADMIN1
from tracker.text.normalize import normalize, normalize_key

__all__ = [
    "PlaceMatch",
    "Place",
    "Geocoder",
    "default_geocoder",
    "to_columns",
    "lowered",
    "validate_gazetteer",
    "LEVELS",
]

log = logging.getLogger(__name__)

LEVELS = ("country", "admin1", "admin2", "admin3", "town", "neighbourhood", "region")

# Damascus governorate is the city itself: naming it places the event in the city.
_CITY_GOVERNORATES = frozenset({"SY01"})
# Rural Damascus has no city of its name: naming it tells only the governorate.
_NO_CAPITAL = frozenset({"SY03"})
# Reporters name the city for its countryside: Damascus for the Ghouta suburbs.
_NEIGHBOURS = {"SY03": "SY01"}
# A name this short (letters, no space) is too often a piece of another word or an initial.
_MIN_KEY = {"ar": 3, "en": 4}
# Places at least this large may be named without a level word even when the name is short.
_BIG = 20000
_WELL_KNOWN = 100000  # a city abroad this large outranks a Syrian village of the same name (الرياض)
_BARE = (
    2  # an article-less form ("رقة"): counts after a preposition word, a level word or beside its governorate
)
_CONTEXT_WINDOW = 60  # characters after a weak name in which its governorate must be named
_SCENE_WORDS = 6  # words before a place abroad searched for a locative one (in the Iraqi city of Mosul)
_LEFT_WINDOW = 48  # characters before a name searched for level and preposition words
_EN_FOLD = str.maketrans({"-": " ", "'": " "})
_EN_Y = re.compile(r"(?<=[aeiou])y")
_EN_EI = re.compile(r"e(?=i)")


def _en_scan(text: str) -> str:
    """English text as matched: hyphens and apostrophes as spaces, and ay/ey/ei written ai
    (Dayr/Deir, Shaykh/Sheikh, Otayba/Oteiba). Every change keeps the length, so spans hold."""
    return _EN_EI.sub("a", _EN_Y.sub("i", text.translate(_EN_FOLD)))


_ARABIC_LETTER = range(0x0621, 0x064B)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer record (a governorate, district, sub-district, town, neighbourhood, region or country)."""

    id: str
    level: str
    name: str
    admin1_pcode: str | None
    admin2: str | None
    latitude: float
    longitude: float
    population: int
    country: str

    @property
    def pcode(self) -> str | None:
        """The OCHA P-code (SY.., C...., N....) when the record has one."""
        return self.id if self.id[:1] in ("S", "C", "N") and not self.id.startswith("SA") else None


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


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    key: str
    prefix: str  # clitics glued before the name (Arabic)
    candidates: tuple[int, ...]
    weak: int  # 0 a name; 1 also a common word (needs a level word or its governorate beside); 2 see _BARE
    level_word: str | None = None
    near: bool = False
    locative: bool = False
    direction: bool = False
    between: bool = False
    preposition: bool = False  # a separate locative word before the name (في, إلى, in, at)
    chosen: int | None = None


class _Words:
    """The language's word lists from ``words.yaml``, folded."""

    def __init__(self, raw: dict[str, Any], lang: str) -> None:
        self.lang = lang
        self.level_before = _phrase_map(raw.get("level_before", {}))
        self.level_after = _phrase_map(raw.get("level_after", {}))
        self.near = {normalize_key(w) for w in raw.get("near", [])}
        self.locative = {normalize_key(w) for w in raw.get("locative", [])}
        self.border = {normalize_key(w) for w in raw.get("border", [])}
        self.within = {normalize_key(w) for w in raw.get("within", [])}
        self.directions = {normalize_key(w) for ws in raw.get("directions", {}).values() for w in ws}
        self.between = {normalize_key(w) for w in raw.get("between", [])}
        self.unlock = frozenset(raw.get("unlock", []))
        self.between_and = {normalize_key(w) for w in raw.get("between_and", [])}
        self.clitics = sorted(
            {normalize_key(w) for w in raw.get("clitics", [""])} | {""}, key=len, reverse=True
        )
        self.articles = {normalize_key(w) for w in raw.get("articles", [])}
        self.romanise = {normalize_key(k): v or "" for k, v in (raw.get("romanise") or {}).items()}
        self.stoplist = {_fold_key(w, lang) for w in raw.get("stoplist", [])}
        self.generic = {_fold_key(w, lang) for w in raw.get("generic", [])}
        self.soft_stoplist = {_fold_key(w, lang) for w in raw.get("soft_stoplist", [])}
        self.prefix_variants = [[_fold_key(w, lang) for w in g] for g in raw.get("name_prefix_variants", [])]
        self.suffix_variants = [[_fold_key(w, lang) for w in g] for g in raw.get("name_suffix_variants", [])]
        if lang == "en":
            self.level_before = {_en_scan(k): v for k, v in self.level_before.items()}
            self.level_after = {_en_scan(k): v for k, v in self.level_after.items()}
            self.near = {_en_scan(w) for w in self.near}
            self.directions = {_en_scan(w) for w in self.directions}
        # Level and "near" words with the clitics a reporter glues on ("بمدينة", "وقرب"), for one lookup.
        self.before = _with_clitics(self.level_before, self.clitics if lang == "ar" else [""])
        self.near_before = _with_clitics(
            dict.fromkeys(self.near, "near"), self.clitics if lang == "ar" else [""]
        )
        self.max_words = max(
            (len(p.split()) for p in (*self.level_before, *self.near, *self.level_after)), default=1
        )


def _with_clitics(table: dict[str, str], clitics: list[str]) -> dict[str, tuple[str, str]]:
    return {
        c + phrase: (value, c)
        for phrase, value in table.items()
        for c in clitics
        if c + phrase not in table or not c
    }


def _phrase_map(groups: dict[str, list[str]]) -> dict[str, str]:
    return {normalize_key(w): level for level, words in groups.items() for w in words}


def _fold_key(text: str, lang: str) -> str:
    key = normalize_key(text)
    if lang == "en":
        key = " ".join(_en_scan(key).split())
    return key


def _core(key: str, lang: str, w: _Words) -> str:
    """A name without its article (الرقة -> رقة, al raqqa -> raqqa)."""
    if lang == "ar":
        return key[2:] if key.startswith("ال") and len(key) > 4 else key
    first, _, rest = key.partition(" ")
    return rest if first in w.articles and rest else key


_TOKEN = re.compile(r"[a-z0-9]+")
_MIN_SKELETON = 4  # consonants: shorter skeletons collide with ordinary words
_DIGRAPHS = (
    ("kh", "k"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "s"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("q", "k"),
    ("ck", "k"),
)
_VOWELISH = str.maketrans("", "", "aeiouyhw")


@lru_cache(maxsize=65536)
def _skeleton(word: str) -> str:
    """The consonants of a romanised Arabic word: Zamalaka, Zamaleka and Zamalka all give 'zmlk'."""
    if word[:2] in ("al", "el") and len(word) > 6 and word[2] not in "aeiou":
        word = word[2:]  # article written glued on: Elsham, Alraqqa
    for a, b in _DIGRAPHS:
        word = word.replace(a, b)
    word = word.translate(_VOWELISH)
    return re.sub(r"(.)\1+", r"\1", word)


def _arabic_skeleton(name: str, table: dict[int, str]) -> str:
    words = [x[2:] if x.startswith("ال") and len(x) > 3 else x for x in name.split()]
    return " ".join(filter(None, (re.sub(r"(.)\1+", r"\1", x.translate(table)) for x in words)))


def _skeleton_phrase(words: list[str], articles: set[str]) -> str:
    return " ".join(filter(None, (_skeleton(x) for x in words if x not in articles)))


def _article_forms(words: list[str], articles: set[str]) -> Iterable[str]:
    """English spellings of a name with its article apart, glued on or dropped ("al-Bab", "Albab", "Bab")."""
    if words[0] in articles and len(words) > 1:
        yield " ".join(words[1:])
        yield words[0] + " ".join(words[1:])
    # Syrian Archive glues the article on ("Hosh Eldawahreh"): also the article apart, or dropped.
    for i, x in enumerate(words):
        if x[:2] in ("al", "el") and len(x) > 5 and x[2] not in "aeiou":
            for art in ("al ", ""):
                yield " ".join([*words[:i], art + x[2:], *words[i + 1 :]])
            break


def _prefix_forms(words: list[str], groups: list[list[str]]) -> Iterable[str]:
    """Other spellings of a name's first word (Kafr/Kfar, Tal/Tell, Deir/Dayr)."""
    for group in groups:
        for g in group:
            gw = g.split()
            if words[: len(gw)] == gw and len(words) > len(gw):
                for other in group:
                    yield " ".join([*other.split(), *words[len(gw) :]])
                if len(words) == len(gw) + 1:
                    yield "".join(words)  # Kafrnabl
                return


def _suffix_forms(words: list[str], groups: list[list[str]]) -> Iterable[str]:
    """Other spellings of a name's ending (-iyeh/-iya/-iyah, -eh/-a)."""
    last = words[-1]
    for group in groups:
        hit = next(
            (x for x in sorted(group, key=len, reverse=True) if last.endswith(x) and len(last) > len(x) + 2),
            None,
        )
        if hit:
            stem = last[: -len(hit)]
            for other in group:
                yield " ".join([*words[:-1], stem + other])
            return


def _is_letter(ch: str) -> bool:
    return ch.isalnum() or ord(ch) in _ARABIC_LETTER


class Geocoder:
    """Find and resolve place names; build once (see :func:`default_geocoder`) and reuse.

    ``places`` are the gazetteer records; ``names`` maps each record index to its names per language;
    ``words`` holds the parsed ``words.yaml``. Tests pass tiny fictional gazetteers here.
    """

    def __init__(
        self, places: list[Place], names: list[dict[str, list[str]]], *, words: dict[str, Any]
    ) -> None:
        self.places = places
        self.words = {lang: _Words(words.get(lang, {}), lang) for lang in ("ar", "en")}
        self._automata = {lang: self._automaton(names, lang) for lang in ("ar", "en")}
        self._common_en = frozenset(
            _en_scan(normalize_key(x)) for x in words.get("en", {}).get("common_words", [])
        )
        self._skeletons = self._skeleton_index(names)
        self._name_starts = frozenset(x for g in self.words["en"].prefix_variants for x in g)
        # first word's skeleton -> most words (with articles) a skeleton name starting with it can span
        self._skeleton_firsts: dict[str, int] = {}
        for skel in self._skeletons:
            first = skel.split(" ", 1)[0]
            self._skeleton_firsts[first] = max(self._skeleton_firsts.get(first, 0), 2 * (skel.count(" ") + 1))
        self._cache: dict[tuple[str, str], list[PlaceMatch]] = {}
        self._governorates: dict[str, int] | None = None

    # --- building -------------------------------------------------------------------------------

    def _variants(self, key: str, lang: str, place: Place) -> Iterable[tuple[str, str]]:
        """(key, kind) pairs for a name: kind '' plain, 'lam' for the Arabic للرقة form."""
        w = self.words[lang]
        yield key, ""
        words = key.split()
        if lang == "ar":
            if words[0] in {g[0] for g in w.prefix_variants} and len(words) > 1:
                yield words[0] + "".join(words[1:2]) + "".join(" " + x for x in words[2:]), ""
            if key.startswith("ال"):
                yield key[1:], "lam"  # ل + الرقة is written للرقة
                important = (
                    place.level in ("admin1", "admin2", "region", "country") or place.population >= _BIG
                )
                if important and len(key) > 5 and key[2:] not in w.stoplist:
                    yield key[2:], "bare"  # "رقة" for "الرقة": also a common word, so weak
            return
        forms = {key}
        forms |= {v for f in forms for v in _article_forms(f.split(), w.articles)}
        forms |= {v for f in forms for v in _prefix_forms(f.split(), w.prefix_variants)}
        forms |= {v for f in forms for v in _suffix_forms(f.split(), w.suffix_variants)}
        forms.discard(key)
        for f in sorted(forms):
            yield f, ""

    def _automaton(self, names: list[dict[str, list[str]]], lang: str) -> ahocorasick.Automaton:
        w = self.words[lang]
        table: dict[str, dict[str, set[int]]] = {}
        for idx, per_lang in enumerate(names):
            raws = per_lang.get(lang, [])
            if lang == "en":  # Wa'er is also written Waer
                raws = [*raws, *(r.replace("'", "") for r in raws if "'" in r)]
            for raw in raws:
                key = _fold_key(raw, lang)
                if not key or key in w.generic or key in w.directions:
                    continue  # "الشرقية" is a direction before it is a neighbourhood
                for variant, kind in self._variants(key, lang, self.places[idx]):
                    if len(variant.replace(" ", "")) < _MIN_KEY[lang] and self.places[idx].population < _BIG:
                        continue
                    table.setdefault(variant, {}).setdefault(kind, set()).add(idx)
        if lang == "ar":
            # "رقة" listed beside "الرقة" for one place is the article-less form, weak like those we make.
            for key in list(table):
                full = table.get("ال" + key, {}).get("", set())
                shared = table[key].get("", set()) & full
                if shared and not key.startswith("ال"):
                    table[key][""] -= shared
                    table[key].setdefault("bare", set()).update(shared)
                    if not table[key][""]:
                        del table[key][""]
        # "الكلاسة" and "كلاسة", "al-Kallaseh" and "Kallaseh" name the same places: share the candidates.
        for key in list(table):
            core = _core(key, lang, w)
            if core != key and core in table and "" in table[core] and "" in table[key]:
                table[key][""] = table[key][""] | table[core][""]
        auto = ahocorasick.Automaton()
        for key, kinds in table.items():
            weak = 1 if key in w.stoplist or len(key.replace(" ", "")) < _MIN_KEY[lang] else 0
            weak = weak or (_BARE if key in w.soft_stoplist else 0)
            entries = {kind: tuple(sorted(ids)) for kind, ids in kinds.items()}
            auto.add_word(key, (key, entries, weak))
        auto.make_automaton()
        return auto

    def _skeleton_index(self, names: list[dict[str, list[str]]]) -> dict[str, tuple[int, ...]]:
        """English names by consonant skeleton, for spellings the aliases miss (Zamalaka / Zamalka)."""
        w = self.words["en"]
        romanise = str.maketrans(self.words["ar"].romanise)
        table: dict[str, set[int]] = {}
        for idx, per_lang in enumerate(names):
            if self.places[idx].country != "Syria" or self.places[idx].level == "country":
                continue
            skels = [
                _skeleton_phrase(key.split(), w.articles)
                for key in (_fold_key(raw, "en") for raw in per_lang.get("en", []))
                if key not in w.stoplist
            ]
            # The Arabic name romanised to consonants reaches spellings no alias has (اللطامنة: Lataminah).
            skels += [_arabic_skeleton(_fold_key(raw, "ar"), romanise) for raw in per_lang.get("ar", [])[:1]]
            for skel in skels:
                if skel and len(skel.replace(" ", "")) >= _MIN_SKELETON and skel.count(" ") < 3:
                    table.setdefault(skel, set()).add(idx)
        return {k: tuple(sorted(v)) for k, v in table.items()}

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
        hits = self._hits(text, lang)
        if lang == "en" and self._skeletons:
            extra = self._skeleton_hits(text, hits)
            # a skeleton name over a common word's exact hit wins: "Khan Touman" over the village "Khan"
            hits = [
                h for h in hits if not h.weak or not any(h.start < x.end and x.start < h.end for x in extra)
            ]
            hits = sorted(hits + extra, key=lambda h: h.start)
        for h in hits:
            self._context(text, h, lang)
        w = self.words[lang]
        for a, b in zip(hits, hits[1:], strict=False):
            # "بين X و Y" / "between X and Y": Y is the other end of the same stretch.
            gap = text[a.end : b.start - len(b.prefix)].strip()
            if a.between and (gap in w.between_and or (gap == "" and b.prefix.startswith("و"))):
                b.between = True
        hits = [
            h
            for h in hits
            if not h.weak
            or h.level_word in w.unlock
            or (h.weak == _BARE and h.preposition)
            or self._named_beside(h, hits)
        ]
        self._resolve(hits)
        out = [self._match(text, h) for h in hits if h.chosen is not None]
        if len(self._cache) > 4096:
            self._cache.clear()
        self._cache[cache_key] = out
        return out

    def _hits(self, text: str, lang: str) -> list[_Hit]:
        scan = _en_scan(text) if lang == "en" else text
        w = self.words[lang]
        found: list[_Hit] = []
        for end_idx, (key, entries, weak) in self._automata[lang].iter(scan):
            start, end = end_idx - len(key) + 1, end_idx + 1
            if end < len(scan) and _is_letter(scan[end]):
                continue
            t = start
            while t > 0 and _is_letter(scan[t - 1]):
                t -= 1
            prefix = scan[t:start]
            if lang == "en" and prefix:
                continue
            if prefix and prefix not in w.clitics:
                continue
            for kind, ids in entries.items():
                if kind == "lam" and not prefix.endswith("ل"):
                    continue
                if kind == "bare" and prefix:
                    continue  # "فرقة", "ورقة": a clitic on an article-less form makes another word
                if kind == "" and prefix.endswith("ل") and prefix.endswith("لل"):
                    pass
                found.append(_Hit(start, end, key, prefix, ids, max(weak, _BARE if kind == "bare" else 0)))
        # Longest names win; among equals a name over a common word, then the leftmost.
        found.sort(key=lambda h: (-(h.end - h.start), h.weak, h.start))
        chosen: list[_Hit] = []
        taken: list[tuple[int, int]] = []
        for h in found:
            if any(h.start < e and s < h.end for s, e in taken):
                continue
            chosen.append(h)
            taken.append((h.start, h.end))
        chosen.sort(key=lambda h: h.start)
        return chosen

    def _skeleton_hits(self, text: str, exact: list[_Hit]) -> list[_Hit]:
        """Names found by consonant skeleton where no exact name matched (English only)."""
        w = self.words["en"]
        covered = [(h.start, h.end) for h in exact if not h.weak]
        tokens = []
        for m in _TOKEN.finditer(_en_scan(text)):
            word = m.group()
            article = word in w.articles
            usable = article or (len(word) >= 3 and word not in self._common_en)
            if usable and any(m.start() < e and s < m.end() for s, e in covered):
                usable = False
            # A stoplisted word ("ain", "tal") may start a longer name ("Ain Tarma") but not be one.
            tokens.append(
                (m.start(), m.end(), word, usable, "" if article else _skeleton(word), word in w.stoplist)
            )
        # run[i]: how many usable tokens follow from i (a skeleton name never spans an unusable one)
        run = [0] * (len(tokens) + 1)
        for j in range(len(tokens) - 1, -1, -1):
            run[j] = run[j + 1] + 1 if tokens[j][3] else 0
        out: list[_Hit] = []
        i = 0
        while i < len(tokens):
            first = tokens[i]
            longest = self._skeleton_firsts.get(first[4], 0) if first[3] and first[4] else 0
            # A common word may start a name only as a name's first word ("Ain Tarma", not "Ahmad Asaad").
            shortest = 2 if first[5] else 1
            if first[5] and first[2] not in self._name_starts:
                longest = 0
            for n in range(min(longest, run[i]), shortest - 1, -1):
                span = tokens[i : i + n]
                skel = " ".join(t[4] for t in span if t[4])
                ids = self._skeletons.get(skel)
                if not ids:
                    continue
                # A lone short skeleton is only trusted after "in/at/of/near ..." (Zamaleka, not grenade).
                k = i - 1
                while k >= 0 and tokens[k][2] in w.articles:
                    k -= 1
                prev = tokens[k][2] if k >= 0 else ""
                if len(skel) < _MIN_SKELETON + 1 and prev not in w.locative and prev != "of":
                    continue
                out.append(_Hit(first[0], span[-1][1], " ".join(t[2] for t in span), "", ids, 0))
                i += n - 1
                break
            i += 1
        return out

    def _context(self, text: str, h: _Hit, lang: str) -> None:
        """Read the level, preposition and direction words around a hit."""
        w = self.words[lang]
        # Names that carry their level ("محافظة درعا", "idlib governorate", "damascus countryside").
        kw = h.key.split()
        for n in range(len(kw) - 1, 0, -1):
            level = w.level_before.get(" ".join(kw[:n])) or w.level_after.get(" ".join(kw[-n:]))
            if level:
                h.level_word = level
                break
        left = text[max(0, h.start - _LEFT_WINDOW) : h.start - len(h.prefix)]
        if lang == "en":
            left = _en_scan(left)
        tokens = left.split()
        if lang == "ar" and h.prefix:
            h.locative = "ب" in h.prefix or "ل" in h.prefix.replace("ال", "")
        i = len(tokens)
        # level word right before the name ("مدينة", "بمدينة", "the city of")
        for n in range(min(w.max_words, i), 0, -1):
            phrase = " ".join(tokens[i - n : i])
            level, cut = w.before.get(phrase, (None, ""))
            if level and not h.level_word:
                h.level_word = level
                if cut:
                    h.locative = h.locative or "ب" in cut
                i -= n
                break
        # an English direction before the name or the level word ("southern Idlib countryside")
        if i and tokens[i - 1] in w.directions and lang == "en":
            h.direction = True
            i -= 1
        for n in range(min(w.max_words, i), 0, -1):
            phrase = " ".join(tokens[i - n : i])
            near, cut = w.near_before.get(phrase, (None, ""))
            if near:
                h.near = True
                h.locative = h.preposition = True
                i -= n
                break
        if i:
            prev = tokens[i - 1]
            if prev in w.locative:
                h.locative = h.preposition = True
            if prev in w.between:
                h.between = True
        right = text[h.end : h.end + _LEFT_WINDOW]
        if lang == "en":
            right = _en_scan(right)
        rtoks = right.split()
        if rtoks:
            for n in range(min(w.max_words, len(rtoks)), 0, -1):
                phrase = " ".join(rtoks[:n]).rstrip(".,;:")
                if phrase in w.level_after and not h.level_word:
                    h.level_word = w.level_after[phrase]
                    break
            if lang == "ar":
                two = " ".join(rtoks[:2]).rstrip(".,،;:")
                if two in w.directions or rtoks[0].rstrip(".,،;:") in w.directions:
                    h.direction = True

    def _named_beside(self, h: _Hit, hits: list[_Hit]) -> bool:
        """A weak name counts when its own governorate or district is named right after it."""
        for other in hits:
            if other is h or other.weak or not (h.end <= other.start <= h.end + _CONTEXT_WINDOW):
                continue
            units = {
                self.places[i].admin1_pcode if self.places[i].level == "admin1" else self.places[i].admin2
                for i in other.candidates
                if self.places[i].level in ("admin1", "admin2") and self.places[i].country == "Syria"
            }
            if any(
                self.places[i].admin1_pcode in units or self.places[i].admin2 in units for i in h.candidates
            ):
                return True
        return False

    def _resolve(self, hits: list[_Hit]) -> None:
        """Pick one record per hit: the governorate/country named in the text first, then size."""
        admin1s: set[str] = set()
        countries: set[str] = set()
        for h in hits:
            cands = [self.places[i] for i in h.candidates]
            # A governorate's name settles the area even when villages share it (حماة / الحمة).
            a1 = {p.admin1_pcode for p in cands if p.level == "admin1"} or {p.admin1_pcode for p in cands}
            cs = {p.country for p in cands}
            if len(a1) == 1 and None not in a1:
                admin1s.update(a1)  # type: ignore[arg-type]
            if len(cs) == 1:
                countries.update(cs)
        for h in hits:
            others_a1 = set(admin1s)
            own = {self.places[i].admin1_pcode for i in h.candidates}
            if len(own) == 1:
                others_a1 -= own  # a name does not vouch for itself
            h.chosen = self._choose(h, others_a1, countries)

    def _choose(self, h: _Hit, admin1s: set[str], countries: set[str]) -> int | None:
        want = h.level_word
        abroad = {c for c in countries if c != "Syria"}

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
            fit = _level_fit(p.level, want)
            group_pop = max(
                (
                    self.places[j].population
                    for j in h.candidates
                    if self.places[j].admin1_pcode == p.admin1_pcode
                ),
                default=0,
            )
            group_size = sum(self.places[j].admin1_pcode == p.admin1_pcode for j in h.candidates)
            return (
                context,
                fit,
                math.log1p(group_pop),
                group_size,
                _LEVEL_RANK.get(p.level, 0),
                p.population,
            )

        best = max(h.candidates, key=score)
        return best

    def _match(self, text: str, h: _Hit) -> PlaceMatch:
        p = self.places[h.chosen]  # type: ignore[index]
        level, precision = _precision(p, h)
        return _place_match(p, h.start, h.end, text[h.start : h.end], level, precision, h.locative or h.near)

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
            after = 0 if lang == "en" and m.start >= a_end else 1
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
                and _LEVEL_RANK.get(m.level, 0) > _LEVEL_RANK.get(best.level, 0)
                and best.level in ("admin1", "admin2", "region")
                and abs(m.start - best.start) <= _CONTEXT_WINDOW
            ):
                best = m
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
        start = max(0, m.start - _LEFT_WINDOW)
        # hyphens kept: "in Afghanistan - MOSCOW" is two phrases
        tokens = [(t.group().lower(), start + t.start()) for t in re.finditer(r"\S+", text[start : m.start])]
        tokens = tokens[-_SCENE_WORDS:]
        if " ".join(t for t, _ in tokens[-2:]) in w.border:
            return False  # "on the border with Iraq": the scene is on this side of it
        for t, at in reversed(tokens):
            if not t.isalpha():
                return False  # "Syria | Jordan Times": punctuation ends the phrase the place belongs to
            if t in w.locative or t in w.near:
                # "in Syria Moscow AFP": the word introduces the place between, not this one
                return not any(at < o.start and o.end <= m.start for o in self.find(text, lang))
        return False

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
        for m in self.find(text, lang):
            if m.country == "Syria" and m.admin1_pcode:
                counts[m.admin1_pcode] = counts.get(m.admin1_pcode, 0) + 1
        return self.governorate(max(counts, key=lambda k: counts[k])) if counts else None

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
                if m.level != "country" and self.may_be_scene(folded, m, lang)
            ]
            if found:
                return found[0]
        return None


_LEVEL_RANK = {
    "country": 0,
    "region": 1,
    "admin1": 2,
    "admin2": 3,
    "admin3": 4,
    "town": 5,
    "neighbourhood": 6,
}

# What each level word asks for, best first.
_WANTED = {
    "city": ("town", "admin1", "admin2", "admin3"),
    "town": ("town", "admin3", "admin2"),
    "village": ("town", "admin3"),
    "neighbourhood": ("neighbourhood", "town"),
    "camp": ("region", "neighbourhood", "town"),
    "district": ("admin2", "region", "admin3", "admin1", "town"),
    "subdistrict": ("admin3", "admin2", "town"),
    "province": ("admin1",),
    "countryside": ("admin1", "region", "admin2", "town"),
}
_DEFAULT_FIT = ("region", "country", "admin1", "town", "admin2", "admin3", "neighbourhood")


def _level_fit(level: str, want: str | None) -> int:
    order = _WANTED.get(want or "", _DEFAULT_FIT)
    return len(order) - order.index(level) if level in order else -1


def _precision(p: Place, h: _Hit) -> tuple[str, int]:
    want = h.level_word
    level = p.level
    if level == "country":
        return level, 3
    if want == "province" and level != "admin1":
        return level, 2
    if want == "province" or (want == "countryside" and level == "admin1"):
        return "admin1", 2 if h.direction and want == "countryside" else 3
    if want == "countryside":
        return level, 2
    if level == "admin1":
        if p.admin1_pcode in _CITY_GOVERNORATES and want != "province":
            return "town", 2 if h.near or h.between else 1
        # A bare governorate name is also its capital's (Aleppo, Homs): between city and province.
        return level, 3 if p.admin1_pcode in _NO_CAPITAL else 2
    if level == "region":
        return level, 2
    if level in ("admin2", "admin3") and want not in ("district", "subdistrict"):
        return level, 2
    if level in ("admin2", "admin3"):
        return level, 2
    return level, 2 if h.near or h.between else 1


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
        from tracker.schema import PLACE_COLUMNS

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


# --- loading the packaged gazetteer -------------------------------------------------------------


@lru_cache(maxsize=1)
def _admin2_pcodes() -> dict[str, str]:
    """District name -> its OCHA P-code (district names are unique in the gazetteer)."""
    return {p.name: p.id for p in load_gazetteer()[0] if p.level == "admin2"}


def load_gazetteer() -> tuple[list[Place], list[dict[str, list[str]]]]:
    """The packaged gazetteer, regions and countries as records and their names per language."""
    places: list[Place] = []
    names: list[dict[str, list[str]]] = []
    raw = path("places", "gazetteer.csv.gz").read_bytes()
    with gzip.open(io.BytesIO(raw), "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            places.append(
                Place(
                    id=row["id"],
                    level=row["level"],
                    name=row["name"],
                    admin1_pcode=row["admin1_pcode"] or None,
                    admin2=row["admin2"] or None,
                    latitude=float(row["latitude"]),
                    longitude=float(row["longitude"]),
                    population=int(row["population"] or 0),
                    country=row["country"] or "Syria",
                )
            )
            en = [row["name"], *filter(None, row["aliases_en"].split("|"))]
            ar = [row["name_ar"], *filter(None, row["aliases_ar"].split("|"))]
            names.append({"en": en, "ar": ar})
    for rec in load_yaml("places", "regions.yaml") + load_yaml("places", "countries.yaml"):
        places.append(
            Place(
                id=rec["id"],
                level=rec.get("level", "region"),
                name=rec["name"],
                admin1_pcode=rec.get("admin1"),
                admin2=None,
                latitude=float(rec["lat"]),
                longitude=float(rec["lon"]),
                population=int(rec.get("population", 0)),
                country=rec.get("country", "Syria"),
            )
        )
        names.append({"en": [rec["name"], *rec.get("en", [])], "ar": list(rec.get("ar", []))})
    return places, names


@lru_cache(maxsize=1)
def default_geocoder() -> Geocoder:
    """The geocoder over the packaged gazetteer, built once per process on first use."""
    places, names = load_gazetteer()
    words = load_yaml("places", "words.yaml")
    common = load_yaml("places", "common_words.yaml") or {}
    for lang in ("ar", "en"):
        words[lang]["stoplist"] = [*words[lang].get("stoplist", []), *(common.get(lang) or [])]
        words[lang]["soft_stoplist"] = common.get(f"{lang}_soft") or []
    words["en"]["common_words"] = common.get("en_words") or []
    return Geocoder(places, names, words=words)


#: Syria's bounding box (lat_min, lat_max, lon_min, lon_max), with a little margin for border villages.
SYRIA_BBOX = (32.2, 37.4, 35.5, 42.5)


def validate_gazetteer() -> tuple[list[str], dict[str, int]]:
    """Check the packaged places: (problems, count of records per level).

    Every record has a known level; Syrian records lie inside Syria and name one of the 14
    governorates (regions spanning several may name none); ids are unique; every name is folded.
    """
    places, names = load_gazetteer()
    problems: list[str] = []
    seen: set[str] = set()
    lat0, lat1, lon0, lon1 = SYRIA_BBOX
    for p, per_lang in zip(places, names, strict=True):
        if p.id in seen:
            problems.append(f"{p.id}: duplicate id")
        seen.add(p.id)
        if p.level not in LEVELS:
            problems.append(f"{p.id}: unknown level {p.level!r}")
        if p.country == "Syria" and p.level != "country":
            if not (lat0 <= p.latitude <= lat1 and lon0 <= p.longitude <= lon1):
                problems.append(f"{p.id}: {p.latitude},{p.longitude} outside Syria")
            if p.admin1_pcode not in ADMIN1 and not (p.level == "region" and p.admin1_pcode is None):
                problems.append(f"{p.id}: unknown governorate {p.admin1_pcode!r}")
        # The built table stores names folded; the hand-written YAML is folded when loaded.
        built = not p.id.startswith(("R-", "X-"))
        for lang in ("ar", "en"):
            for n in per_lang.get(lang, []):
                if not normalize_key(n) or (built and lang == "ar" and n != normalize_key(n)):
                    problems.append(f"{p.id}: name not folded: {n!r}")
    counts: dict[str, int] = {}
    for p in places:
        counts[p.level] = counts.get(p.level, 0) + 1
    return problems, counts
