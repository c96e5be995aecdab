"""The names index: every spelling of every gazetteer name, and the names found in a text.

Reads the gazetteer records with their names per language (:mod:`tracker.places.gazetteer`) and the word
tables (:mod:`tracker.places.words`); builds one Aho-Corasick automaton per language (with the Arabic
للرقة and article-less forms, English article, first-word and ending variants) and an index of English
names by consonant skeleton. Over a normalised text it writes :class:`Hit` records: a span, the
candidate records, how weak the name is as evidence, and the words read around it (level, "near",
locative, direction, between). Choosing one record per hit is :mod:`tracker.places.geocoder`'s job.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import ahocorasick

from tracker.places.gazetteer import Place
from tracker.places.words import (
    Words,
    arabic_skeleton,
    article_forms,
    core_name,
    en_scan,
    fold_key,
    prefix_forms,
    skeleton,
    skeleton_phrase,
    suffix_forms,
)

__all__ = ["BARE", "LEFT_WINDOW", "Counts", "Hit", "NameIndex"]

# A name this short (letters, no space) is too often a piece of another word or an initial.
_MIN_KEY = {"ar": 3, "en": 4}
# Places at least this large may be named without a level word even when the name is short.
_BIG = 20000
# An article-less form ("رقة"): counts after a preposition word, a level word or beside its governorate.
BARE = 2
LEFT_WINDOW = 48  # characters before a name searched for level and preposition words
_TOKEN = re.compile(r"[a-z0-9]+")
_MIN_SKELETON = 4  # consonants: shorter skeletons collide with ordinary words
#: an apostrophe between two letters that is not the possessive ("Idlib's"): an ayn or a hamza
_INNER_APOSTROPHE = re.compile(r"(?<=[a-z])['\u2019\u02bc\u02bf\u02be`](?=[a-z])(?!s(?![a-z]))")

_SEVERAL_WORDS = re.compile(r"[\s-]")


@dataclass(slots=True)
class Hit:
    start: int
    end: int
    key: str
    prefix: str  # clitics glued before the name (Arabic)
    candidates: tuple[int, ...]
    weak: int  # 0 a name; 1 also a common word (needs a level word or its governorate beside); 2 see BARE
    level_word: str | None = None
    near: bool = False
    locative: bool = False
    direction: bool = False
    between: bool = False
    preposition: bool = False  # a separate locative word before the name (في, إلى, in, at)
    chosen: int | None = None
    unread: bool = False  # a weak name whose words were not read: nothing around it could make it count


#: Does a weak name count whatever the words around it say (the hit, all hits and where each starts)?
Counts = Callable[[Hit, list[Hit], list[int]], bool]


class NameIndex:
    """Every spelling of every gazetteer name, per language; build once and reuse.

    ``places`` are the records, ``names`` each record's names per language, ``words`` the word tables
    per language, ``common_en`` English words a skeleton-only name must not be.
    """

    def __init__(
        self,
        places: list[Place],
        names: list[dict[str, list[str]]],
        words: dict[str, Words],
        *,
        common_en: frozenset[str],
    ) -> None:
        self.places = places
        self.words = words
        self._automata = {lang: self._automaton(names, lang) for lang in ("ar", "en")}
        self._carried: dict[str, dict[str, str | None]] = {"ar": {}, "en": {}}  # see carried()
        self._clitics = {lang: frozenset(w.clitics) for lang, w in words.items()}
        self._longest_clitic = {lang: max(map(len, w.clitics)) for lang, w in words.items()}
        self._common_en = common_en
        self._skeletons = self._skeleton_index(names)
        # the first words of every skeleton name ("zmlk"; "an", "an trm"): a phrase none begins with is in
        # no name, nor is any longer one
        self._skeleton_prefixes = frozenset(
            " ".join(parts[:m])
            for parts in (k.split(" ") for k in self._skeletons)
            for m in range(1, len(parts) + 1)
        )
        self._name_starts = frozenset(x for g in self.words["en"].prefix_variants for x in g)
        # first word's skeleton -> most words (with articles) a skeleton name starting with it can span
        self._skeleton_firsts: dict[str, int] = {}
        for skel in self._skeletons:
            first = skel.split(" ", 1)[0]
            self._skeleton_firsts[first] = max(self._skeleton_firsts.get(first, 0), 2 * (skel.count(" ") + 1))

    # --- finding names ----------------------------------------------------------------------------

    def hits(self, text: str, lang: str, *, counts: Counts | None = None) -> list[Hit]:
        """The names in ``text`` (normalised; ``lang`` "ar" or "en"), in text order, with the words
        around each read. An apostrophe inside an English word (an ayn or hamza: "Ma'arrat al-Nu'man")
        is read as if it were not written, as the plain spelling; spans index ``text``.

        ``counts`` (given by the geocoder, which drops a weak name unless a level word or a preposition
        unlocks it or it counts by another name beside it): does a weak name count whatever its words?
        A weak name that does not, around which no level word stands or is carried (:meth:`may_count`)
        and which is no article-less form, names no place: its words are left unread (``unread``), but
        for the "between" it may hand on to the next name."""
        if lang != "en" or _INNER_APOSTROPHE.search(text) is None:
            return self._hits(text, lang, counts)
        # where each apostrophe left out would stand in the plain text: a plain offset j is j plus the
        # number of those at or before it in the text
        dropped = [m.start() - k for k, m in enumerate(_INNER_APOSTROPHE.finditer(text))]
        plain = self._hits(_INNER_APOSTROPHE.sub("", text), lang)

        def kept(j: int) -> int:
            return j + bisect_right(dropped, j)

        for h in plain:
            h.start, h.end = kept(h.start), kept(h.end - 1) + 1 if h.end > h.start else kept(h.end)
        # a name of several words read without its apostrophes; one word so read is as often a person's
        # name ("Abu As'ad") as a place, and a name the index spells with one is found as written
        longer = [
            h
            for h in plain
            if _INNER_APOSTROPHE.search(text, h.start, h.end) and _SEVERAL_WORDS.search(text, h.start, h.end)
        ]
        written = [
            h for h in self._hits(text, lang) if not any(h.start < x.end and x.start < h.end for x in longer)
        ]
        return sorted(written + longer, key=lambda h: h.start)

    def _hits(self, text: str, lang: str, counts: Counts | None = None) -> list[Hit]:
        scan = en_scan(text) if lang == "en" else text
        hits = self._exact_hits(scan, lang)
        if lang == "en" and self._skeletons:
            extra = self._skeleton_hits(scan, hits)
            # a skeleton name over a common word's exact hit wins: "Khan Touman" over the village "Khan"
            hits = [
                h for h in hits if not h.weak or not any(h.start < x.end and x.start < h.end for x in extra)
            ]
            hits = sorted(hits + extra, key=lambda h: h.start)
        starts: list[int] | None = None
        for h in hits:
            if counts is not None and h.weak and h.weak != BARE and not self.may_count(text, h, lang):
                if starts is None:
                    starts = [x.start for x in hits]
                if not counts(h, hits, starts):
                    h.unread = True
                    continue
            self.read_context(text, h, lang)
        w = self.words[lang]
        for a, b in zip(hits, hits[1:], strict=False):
            # "بين X و Y" / "between X and Y": Y is the other end of the same stretch.
            if not a.between and not a.unread:
                continue
            gap = text[a.end : b.start - len(b.prefix)].strip()
            if gap in w.between_and or (gap == "" and b.prefix.startswith("و")):
                if a.unread:
                    self.read_context(text, a, lang)  # (only its "between" is wanted)
                    a.unread = False
                if a.between:
                    b.between = True
        return hits

    def exact_hits(self, text: str, lang: str) -> list[Hit]:
        """The names spelled as the index has them, with the clitics glued before them; where two
        overlap the longer wins, and among equals a name over a common word, then the leftmost."""
        return self._exact_hits(en_scan(text) if lang == "en" else text, lang)

    def _exact_hits(self, scan: str, lang: str) -> list[Hit]:
        """:meth:`exact_hits` in a text as matched (English through :func:`en_scan`)."""
        clitics = self._clitics[lang]
        longest = self._longest_clitic[lang]
        size = len(scan)
        # (span length negated, weak, start, order found, end, candidates, prefix, key): sorted, the
        # longest names first, among equals a name over a common word, then the leftmost, then as found
        found: list[tuple[int, int, int, int, int, tuple[int, ...], str, str]] = []
        # (a letter is what words.is_letter says: str.isalnum holds for every Arabic letter, not for a
        # space; the entry is unpacked only for a match that ends a word, most do not)
        for end_idx, entry in self._automata[lang].iter(scan):
            end = end_idx + 1
            if end < size and scan[end].isalnum():
                continue
            length, key, entries = entry
            start = end - length
            prefix = ""
            if start and scan[start - 1].isalnum():
                if lang == "en":
                    continue
                # the letters glued before the name; more than the longest clitic are no clitic
                t = start - 1
                stop = start - longest - 1 if start > longest else 0
                while t > stop and scan[t - 1].isalnum():
                    t -= 1
                prefix = scan[t:start]
                if prefix not in clitics:
                    continue
            for kind, ids, level in entries:
                if kind == "lam" and not prefix.endswith("ل"):
                    continue
                if kind == "bare" and prefix:
                    continue  # "فرقة", "ورقة": a clitic on an article-less form makes another word
                found.append((start - end, level, start, len(found), end, ids, prefix, key))
        if not found:
            return []
        found.sort()
        chosen: list[tuple[int, int, str, str, tuple[int, ...], int]] = []
        taken = bytearray(size)  # 1 where a chosen name lies: an overlapping one loses
        for _, level, start, _, end, ids, prefix, key in found:
            if taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\x01" * (end - start)
            if ids:
                chosen.append((start, end, key, prefix, ids, level))
        chosen.sort()  # (no two start alike)
        return [Hit(*c) for c in chosen]

    def _skeleton_hits(self, scan: str, exact: list[Hit]) -> list[Hit]:
        """Names found by consonant skeleton where no exact name matched (English only; ``scan`` the
        text through :func:`en_scan`)."""
        w = self.words["en"]
        articles = w.articles
        covered = [(h.start, h.end) for h in exact if not h.weak]
        found = list(_TOKEN.finditer(scan))
        words = [m.group() for m in found]
        # a word that may be in a skeleton name: an article, or a word neither short nor common, nor in an
        # exact name (the words, in text order, that overlap one found by bisection)
        usable = [x in articles or (len(x) >= 3 and x not in self._common_en) for x in words]
        if covered:
            starts = [m.start() for m in found]
            ends = [m.end() for m in found]
            for cs, ce in covered:
                for j in range(bisect_right(ends, cs), bisect_left(starts, ce)):
                    usable[j] = False

        def skel_of(j: int) -> str:
            return "" if words[j] in articles else skeleton(words[j])

        # the words a name may start with (each word once): a usable word, no article, whose skeleton
        # starts a name; a stoplisted word ("ain", "tal") only as a name's first word ("Ain Tarma", not
        # "Ahmad Asaad"), and then not alone
        firsts = {
            x
            for x in set(words)
            if x not in articles
            and len(x) >= 3
            and x not in self._common_en
            and (first := skeleton(x))
            and first in self._skeleton_firsts
            and (x not in w.stoplist or x in self._name_starts)
        }
        out: list[Hit] = []
        i = 0  # the first word a name may start at (none starts inside the last one found)
        for c in [j for j, x in enumerate(words) if x in firsts]:
            if c < i or not usable[c]:
                continue
            longest = self._skeleton_firsts[skeleton(words[c])]
            stop = words[c] in w.stoplist
            # the skeletons of the first 1, 2, ... words from c, as long as they begin a name's (a skeleton
            # name spans at most ``longest`` words, never an unusable one)
            parts: list[str] = []
            spans: list[str] = []
            end = min(c + longest, len(words))
            while c + len(spans) < end and (not spans or usable[c + len(spans)]):
                x = skel_of(c + len(spans))
                if x:
                    parts.append(x)
                skel = " ".join(parts)
                if skel not in self._skeleton_prefixes:
                    break
                spans.append(skel)
            for n in range(len(spans), 1 if stop else 0, -1):
                skel = spans[n - 1]
                ids = self._skeletons.get(skel)
                if not ids:
                    continue
                # A lone short skeleton is only trusted after "in/at/of/near ..." (Zamaleka, not grenade).
                k = c - 1
                while k >= 0 and words[k] in articles:
                    k -= 1
                prev = words[k] if k >= 0 else ""
                if len(skel) < _MIN_SKELETON + 1 and prev not in w.locative and prev != "of":
                    continue
                out.append(
                    Hit(found[c].start(), found[c + n - 1].end(), " ".join(words[c : c + n]), "", ids, 0)
                )
                i = c + n
                break
        return out

    def carried(self, key: str, lang: str) -> str | None:
        """The level a name carries in its words ("محافظة درعا", "idlib governorate", "damascus
        countryside"), None for most; worked out once per key (no more than the index holds)."""
        known = self._carried[lang]
        if key in known:
            return known[key]
        w = self.words[lang]
        kw = key.split()
        found = None
        for n in range(len(kw) - 1, 0, -1):
            level = w.level_before.get(" ".join(kw[:n])) or w.level_after.get(" ".join(kw[-n:]))
            if level:
                found = level
                break
        known[key] = found
        return found

    def may_count(self, text: str, h: Hit, lang: str) -> bool:
        """Could the words around a weak name (not an article-less form) unlock it? Only a level word
        can: the one it carries, else one ending right before it or starting right after it, as
        :meth:`read_context` reads them (a necessary condition, read at a fraction of the cost)."""
        w = self.words[lang]
        level = self.carried(h.key, lang)
        if level:
            return level in w.unlock
        left = text[max(0, h.start - LEFT_WINDOW) : h.start - len(h.prefix)]
        if lang == "en":
            left = en_scan(left)
        tokens = left.rsplit(None, 1)
        if tokens and tokens[-1] in w.before_last:
            return True
        right = text[h.end : h.end + LEFT_WINDOW]
        if lang == "en":
            right = en_scan(right)
        rtoks = right.split(None, 1)
        return bool(rtoks) and (rtoks[0] in w.after_first or rtoks[0].rstrip(".,;:") in w.level_after)

    def read_context(self, text: str, h: Hit, lang: str) -> None:
        """Read the level, preposition and direction words around a hit (:meth:`hits` reads them for
        every hit; a hit from :meth:`exact_hits` has them once this is called)."""
        w = self.words[lang]
        # Names that carry their level ("محافظة درعا", "idlib governorate", "damascus countryside").
        level = self.carried(h.key, lang)
        if level:
            h.level_word = level
        left = text[max(0, h.start - LEFT_WINDOW) : h.start - len(h.prefix)]
        if lang == "en":
            left = en_scan(left)
        tokens = left.split()
        if lang == "ar" and h.prefix:
            h.locative = "ب" in h.prefix or "ل" in h.prefix.replace("ال", "")
        i = len(tokens)
        # level word right before the name ("مدينة", "بمدينة", "the city of"); none unless the last word
        # ends one, and none is taken when the name carries its level
        reach = w.max_words if i and not h.level_word and tokens[-1] in w.before_last else 0
        for n in range(min(reach, i), 0, -1):
            phrase = " ".join(tokens[i - n : i])
            level, cut = w.before.get(phrase, (None, ""))
            if level and lang == "ar" and ("ال" in cut or cut.endswith("لل")):
                # a definite level word is followed by its adjective, not a name: "المدينة الكردية"
                level = None
            if level and not h.level_word:
                h.level_word = level
                if cut:
                    h.locative = h.locative or "ب" in cut
                i -= n
                break
        # an English direction before the name or the level word ("southern Idlib countryside")
        if lang == "en" and i and tokens[i - 1] in w.directions:
            h.direction = True
            i -= 1
        reach = w.max_words if i and tokens[i - 1] in w.near_last else 0
        for n in range(min(reach, i), 0, -1):
            phrase = " ".join(tokens[i - n : i])
            near, cut = w.near_before.get(phrase, (None, ""))
            if near:
                h.near = True
                h.locative = h.preposition = True
                i -= n
                break
        if i:
            prev = tokens[i - 1]
            if prev == "the" and i > 1 and tokens[i - 2] in w.locative:
                prev = tokens[i - 2]  # "in the Damascus suburbs"
            if prev in w.locative:
                h.locative = h.preposition = True
            if prev in w.between:
                h.between = True
        right = text[h.end : h.end + LEFT_WINDOW]
        if lang == "en":
            right = en_scan(right)
        rtoks = right.split()
        if rtoks:
            # (a phrase of several words starts with the first word; of one, with it less its stop)
            first = rtoks[0]
            after = not h.level_word and (first in w.after_first or first.rstrip(".,;:") in w.level_after)
            for n in range(min(w.max_words if after else 0, len(rtoks)), 0, -1):
                phrase = " ".join(rtoks[:n]).rstrip(".,;:")
                if phrase in w.level_after and not h.level_word:
                    h.level_word = w.level_after[phrase]
                    break
            if lang == "ar":
                # (two words read as one direction start with the first, which is no other's first word)
                if first.rstrip(".,،;:") in w.directions:
                    h.direction = True
                elif first in w.direction_first and " ".join(rtoks[:2]).rstrip(".,،;:") in w.directions:
                    h.direction = True

    # --- building ---------------------------------------------------------------------------------

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
        forms |= {v for f in forms for v in article_forms(f.split(), w.articles)}
        forms |= {v for f in forms for v in prefix_forms(f.split(), w.prefix_variants)}
        forms |= {v for f in forms for v in suffix_forms(f.split(), w.suffix_variants)}
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
                key = fold_key(raw, lang)
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
            core = core_name(key, lang, w)
            if core != key and core in table and "" in table[core] and "" in table[key]:
                table[key][""] = table[key][""] | table[core][""]
        # phrases that hold a name but are none ("حماة الوطن", the homeland's defenders): the longer
        # match wins over the name inside, and names nothing
        for phrase in w.not_names:
            table[en_scan(phrase) if lang == "en" else phrase] = {"": set()}
        auto = ahocorasick.Automaton()
        for key, kinds in table.items():
            # the لل form of a common word is as common ("للمطار": المطار)
            common = key in w.stoplist or ("lam" in kinds and "ا" + key in w.stoplist)
            weak = 1 if common or len(key.replace(" ", "")) < _MIN_KEY[lang] else 0
            weak = weak or (BARE if key in w.soft_stoplist else 0)
            # each kind of entry with its records and how weak a name it is
            entries = tuple(
                (kind, tuple(sorted(ids)), max(weak, BARE if kind == "bare" else 0))
                for kind, ids in kinds.items()
            )
            auto.add_word(key, (len(key), key, entries))
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
                skeleton_phrase(key.split(), w.articles)
                for key in (fold_key(raw, "en") for raw in per_lang.get("en", []))
                if key not in w.stoplist
            ]
            # The Arabic name romanised to consonants reaches spellings no alias has (اللطامنة: Lataminah).
            skels += [arabic_skeleton(fold_key(raw, "ar"), romanise) for raw in per_lang.get("ar", [])[:1]]
            for skel in skels:
                if skel and len(skel.replace(" ", "")) >= _MIN_SKELETON and skel.count(" ") < 3:
                    table.setdefault(skel, set()).add(idx)
        return {k: tuple(sorted(v)) for k, v in table.items()}
