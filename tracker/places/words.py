"""The geocoder's word tables and spelling folds, per language.

Reads the parsed ``resources/places/words.yaml`` (level, "near", locative, direction words, Arabic
clitics, spelling variants of name parts, stoplists) and ``common_words.yaml``; writes :class:`Words`
tables and the spelling helpers that make names and text comparable: the English scan fold, consonant
skeletons of romanised names, and the other spellings of a name (article glued on or dropped,
Kafr/Kfar, -iyeh/-iya).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from tracker.resources import load_yaml
from tracker.text.arabic import ARTICLE, proclitics
from tracker.text.normalize import normalize_key

__all__ = [
    "Words",
    "arabic_prefixes",
    "arabic_skeleton",
    "article_forms",
    "core_name",
    "en_scan",
    "fold_key",
    "is_letter",
    "load_words",
    "prefix_forms",
    "skeleton",
    "skeleton_phrase",
    "suffix_forms",
]

_EN_FOLD = str.maketrans({"-": " ", "'": " "})
_EN_Y = re.compile(r"(?<=[aeiou])y")
_EN_EI = re.compile(r"e(?=i)")


def en_scan(text: str) -> str:
    """English text as matched: hyphens and apostrophes as spaces, and ay/ey/ei written ai
    (Dayr/Deir, Shaykh/Sheikh, Otayba/Oteiba). Every change keeps the length, so spans hold."""
    text = text.translate(_EN_FOLD)
    if "y" in text:
        text = _EN_Y.sub("i", text)
    return _EN_EI.sub("a", text) if "ei" in text else text


_ARABIC_LETTER = range(0x0621, 0x064B)


class Words:
    """One language's word lists from ``words.yaml``, folded as the text is matched (English through
    :func:`en_scan` too). ``before`` and ``near_before`` map a level or "near" word, with any clitic
    glued on, to (its value, the clitic)."""

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
        self.faction_heads = {normalize_key(w).lower() for w in raw.get("faction_heads", [])}
        self.meeting_words = {normalize_key(w).lower() for w in raw.get("meeting_words", [])}
        self.scene_breaks = {normalize_key(w).lower() for w in raw.get("scene_breaks", [])}
        self.extent_words = {normalize_key(w).lower() for w in raw.get("extent_words", [])}
        self.off_border = [normalize_key(w).lower() for w in raw.get("off_syrian_border", [])]
        #: the longest word of each of ``off_border``: a text holding none holds no such phrase; when all
        #: are Arabic letters (which lowering neither makes nor changes) the text as given is searched
        self._off_border_cores = sorted({max(p.split(), key=len) for p in self.off_border if p.strip()})
        self._off_border_caseless = all(p.strip() for p in self.off_border) and all(
            "\u0600" <= ch <= "\u06ff" for c in self._off_border_cores for ch in c
        )
        self.government_of = {
            tuple(re.findall(r"[\w']+", normalize_key(w).lower())) for w in raw.get("government_of", [])
        }
        self.government_lengths = sorted({len(g) for g in self.government_of})
        prefixes = arabic_prefixes(
            exclude={normalize_key(w) for w in raw.get("proclitics_not_before_names", [])}
        )
        self.clitics = sorted(prefixes | {""} if lang == "ar" else {""}, key=len, reverse=True)
        self.articles = {normalize_key(w) for w in raw.get("articles", [])}
        self.romanise = {normalize_key(k): v or "" for k, v in (raw.get("romanise") or {}).items()}
        self.stoplist = {fold_key(w, lang) for w in raw.get("stoplist", [])}
        self.generic = {fold_key(w, lang) for w in raw.get("generic", [])}
        self.not_names = {fold_key(w, lang) for w in raw.get("not_names", [])}
        self.soft_stoplist = {fold_key(w, lang) for w in raw.get("soft_stoplist", [])}
        self.prefix_variants = [[fold_key(w, lang) for w in g] for g in raw.get("name_prefix_variants", [])]
        self.suffix_variants = [[fold_key(w, lang) for w in g] for g in raw.get("name_suffix_variants", [])]
        if lang == "en":
            self.level_before = {en_scan(k): v for k, v in self.level_before.items()}
            self.level_after = {en_scan(k): v for k, v in self.level_after.items()}
            self.near = {en_scan(w) for w in self.near}
            self.directions = {en_scan(w) for w in self.directions}
        # Level and "near" words with the clitics a reporter glues on ("بمدينة", "وقرب"), for one lookup.
        self.before = _with_clitics(self.level_before, self.clitics if lang == "ar" else [""])
        self.near_before = _with_clitics(
            dict.fromkeys(self.near, "near"), self.clitics if lang == "ar" else [""]
        )
        # a phrase's last (or first) word: none of the phrases can end (or start) on another
        self.before_last = frozenset(k.split(" ")[-1] for k in self.before)
        self.near_last = frozenset(k.split(" ")[-1] for k in self.near_before)
        self.after_first = frozenset(k.split(" ")[0] for k in self.level_after)
        self.direction_first = frozenset(k.split(" ")[0] for k in self.directions)
        self.max_words = max(
            (len(p.split()) for p in (*self.level_before, *self.near, *self.level_after)), default=1
        )

    def any_off_border(self, text: str) -> bool:
        """Does ``text`` (lowered) hold any of ``off_border`` anywhere? (A quick look for a phrase's longest
        word first: most texts hold none; substring tests, quicker than one pattern of them all.)"""
        if self._off_border_caseless and not any(core in text for core in self._off_border_cores):
            return False
        low = text.lower()
        return any(phrase in low for phrase in self.off_border)


def arabic_prefixes(*, exclude: Iterable[str] = ()) -> frozenset[str]:
    """What may be glued before an Arabic name: a proclitic (:func:`tracker.text.arabic.proclitics`) but
    those in ``exclude``, the article, or both ("وبال"); ل before the article drops the article's alef
    ("للرقة", "وللرقة").

    >>> sorted(p for p in arabic_prefixes(exclude={"فك"}) if p.startswith(("ول", "فك")))
    ['ول', 'ولل']
    """
    procl = proclitics() - set(exclude)
    return frozenset({*procl, ARTICLE, *(p + ARTICLE[1:] if p.endswith("ل") else p + ARTICLE for p in procl)})


def _with_clitics(table: dict[str, str], clitics: list[str]) -> dict[str, tuple[str, str]]:
    return {
        c + phrase: (value, c)
        for phrase, value in table.items()
        for c in clitics
        if c + phrase not in table or not c
    }


def _phrase_map(groups: dict[str, list[str]]) -> dict[str, str]:
    return {normalize_key(w): level for level, words in groups.items() for w in words}


def fold_key(text: str, lang: str) -> str:
    key = normalize_key(text)
    if lang == "en":
        key = " ".join(en_scan(key).split())
    return key


def core_name(key: str, lang: str, w: Words) -> str:
    """A name without its article (الرقة -> رقة, al raqqa -> raqqa)."""
    if lang == "ar":
        return key[2:] if key.startswith("ال") and len(key) > 4 else key
    first, _, rest = key.partition(" ")
    return rest if first in w.articles and rest else key


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
def skeleton(word: str) -> str:
    """The consonants of a romanised Arabic word: Zamalaka, Zamaleka and Zamalka all give 'zmlk'."""
    if word[:2] in ("al", "el") and len(word) > 6 and word[2] not in "aeiou":
        word = word[2:]  # article written glued on: Elsham, Alraqqa
    for a, b in _DIGRAPHS:
        word = word.replace(a, b)
    word = word.translate(_VOWELISH)
    return re.sub(r"(.)\1+", r"\1", word)


def arabic_skeleton(name: str, table: dict[int, str]) -> str:
    words = [x[2:] if x.startswith("ال") and len(x) > 3 else x for x in name.split()]
    return " ".join(filter(None, (re.sub(r"(.)\1+", r"\1", x.translate(table)) for x in words)))


def skeleton_phrase(words: list[str], articles: set[str]) -> str:
    return " ".join(filter(None, (skeleton(x) for x in words if x not in articles)))


def article_forms(words: list[str], articles: set[str]) -> Iterable[str]:
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


def prefix_forms(words: list[str], groups: list[list[str]]) -> Iterable[str]:
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


def suffix_forms(words: list[str], groups: list[list[str]]) -> Iterable[str]:
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


def is_letter(ch: str) -> bool:
    return ch.isalnum() or ord(ch) in _ARABIC_LETTER


def load_words() -> dict[str, Any]:
    """The packaged ``words.yaml``, with the stoplists mined into ``common_words.yaml`` added per language."""
    words: dict[str, Any] = load_yaml("places", "words.yaml")
    common = load_yaml("places", "common_words.yaml") or {}
    for lang in ("ar", "en"):
        words[lang]["stoplist"] = [*words[lang].get("stoplist", []), *(common.get(lang) or [])]
        words[lang]["soft_stoplist"] = common.get(f"{lang}_soft") or []
    words["en"]["common_words"] = [*(common.get("en_words") or []), *words["en"].get("ordinary_words", [])]
    return words
