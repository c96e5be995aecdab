"""Casualty mentions: who was killed, injured or captured, how many, with breakdowns.

Reads one folded sentence (see :mod:`tracker.text.normalize`); writes :class:`Casualty` records with spans
relative to the sentence. Word lists come from ``resources/lexicon/<lang>.yaml`` (``killed``,
``killverb``, ``injured``, ``victims`` ...); the constructions are built here from them:

- a count before the outcome: "12 civilians were killed", "12 قتيلا", "five wounded";
- the outcome before the count: "killed at least 12 people", "مقتل 12 شخصا", "بقتل 6 أشخاص";
- Arabic singular and dual nouns that carry their count: "مقتل طفل" (1), "مقتل شخصين" (2);
- unnumbered plurals (ACLED: 3) and vague words (dozens = 12), flagged vague;
- toll updates ("the toll rose to 11", "ارتفعت حصيلة القتلى إلى 11") that replace an earlier figure;
- breakdowns after a count ("including 8 children", "بينهم ثلاثة أطفال") that never add to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from tracker.extraction.casualty_grammar import (
    arabic_constructions,
    counted_matches,
    counted_nouns,
    english_constructions,
    listed,
    subject_before_verb,
    subject_first,
)
from tracker.extraction.numbers import Quantity, grammar
from tracker.resources import lexicon
from tracker.text.anchored import AnchoredSet, matches_at
from tracker.text.arabic import (
    ARTICLE,
    article_pattern,
    clitic_pattern,
    event_proclitics,
    has_article,
    locative_proclitics,
    strip_article,
    strip_proclitic,
)
from tracker.text.keywords import KeywordSet
from tracker.text.patterns import alternation

__all__ = ["Casualty", "CasualtyFinder", "finder"]

KILLED, INJURED, CAPTURED = "killed", "injured", "captured"


@dataclass(slots=True)
class Casualty:
    """One casualty figure in a sentence (spans relative to the sentence)."""

    kind: str  # killed / injured / captured
    quantity: Quantity
    start: int  # whole mention
    end: int
    trigger: tuple[int, int]  # the outcome word ("killed", "مقتل")
    victims: tuple[int, int]  # count + victim noun phrase
    victim_class: str | None = None  # civilians / children / women / None
    update: bool = False  # a revised toll that replaces an earlier one
    combined: bool = False  # "killed and injured 15" (one figure for both)
    breakdown: dict[str, int] = field(default_factory=dict)  # civilians/children/women -> count
    part: bool = False  # a list item after a head figure ("..., four in Binnish")
    head: Casualty | None = None  # the figure a part continues
    by_place: tuple[int, int] | None = None  # "including 51 in the Damascus suburbs": a toll split by place
    #: a located part of the head's toll ("including 44 in Hama"): the head is then a total, not an event
    split: bool = False
    #: "among the dead were children": victims of deaths a figure told before may already count
    among: bool = False


class CasualtyFinder:
    """Compiled casualty constructions of one language."""

    def __init__(self, lang: str) -> None:
        lex = lexicon(lang)
        self.lang = lang
        self.lex = lex
        self.grammar = grammar(lang)
        self.victim_class: dict[str, str | None] = dict(lex.get("victims") or {})
        self.singular: dict[str, str | None] = dict(lex.get("singular_victims") or {})
        self.dual: dict[str, str | None] = dict(lex.get("dual_victims") or {})
        self.captured_words = set(lex.get("captured") or [])
        self.injured_words = set(listed(lex, "injured", "injverb", "injured_counted_nouns"))
        self.killed_words = set(listed(lex, "killed", "killed_counted_nouns"))
        if lang == "en":
            self.killed_words |= set(listed(lex, "killverb"))  # "killed 5 people" says it as well
        self.toll_words = set(lex.get("toll_update") or [])
        self._injured_stems = tuple(lex.get("injured_stems") or [])
        pro = clitic_pattern(clitics=event_proclitics()) if lang == "ar" else ""
        outdated = alternation(lex.get("outdated_toll") or [])
        self._outdated = re.compile(rf"(?<!\w)(?:{outdated})\s+(?:\w+\s+)?$" if outdated else "(?!)")
        self._things = re.compile(
            rf"\s+{article_pattern()}(?:{alternation(lex.get('counted_things') or [])})(?!\w)"
            if lex.get("counted_things")
            else "(?!)"
        )
        hint_words = (
            self.killed_words
            | self.injured_words
            | self.captured_words
            | self.toll_words
            # the toll's nouns that stand apart from their verb ("the death toll from ...")
            | set((lex.get("toll_apart") or {}).get("nouns") or [])
        )
        # one Aho-Corasick pass (an alternation of them is tried at every position); no word: every text
        self._hint = KeywordSet(hint_words) if any(hint_words) else None
        self.hint_words = frozenset(w for w in hint_words if w)  # (:meth:`hint` looks for them)
        self._kill_re = re.compile(rf"(?<!\w){pro}(?:{alternation(self.killed_words)})(?!\w)")
        locatives = alternation(lex.get("locatives") or [])
        self._locative = re.compile(
            rf"(?<!\w)(?:{locatives})\s"
            + (rf"|(?<!\w)(?:{alternation(locative_proclitics())})(?=\w)" if lang == "ar" else "")
        )
        # up to three words between a figure (or its victims) and the outcome: "were reportedly killed"
        self.aux = rf"(?:(?:{alternation(lex.get('outcome_auxiliaries') or [])})\s+){{0,3}}"
        build = arabic_constructions if lang == "ar" else english_constructions
        sources, self.part_re, self.place_prep = build(self)
        # most tried only where a match can begin: at their outcome word ("مقتل", "killed") or its proclitic
        self.patterns = AnchoredSet(sources)
        # the subject-first and count-then-noun constructions have no leading word to be tried at: searched
        # only in a sentence that holds what they ask around their subject or noun (find)
        self._svo = subject_first(self)
        self._counted_nouns = counted_nouns(self)
        num = self.grammar.source
        victims = alternation(self.victim_class)
        # "three aid workers and six children were killed", "مقتل 3 عناصر و6 أطفال": one figure, summed
        inj_words = alternation(self.injured_words)
        conj = r"and" if lang == "en" else r"و"
        adj_part = (
            rf"(?:(?:{alternation(lex.get('victim_adjectives') or [])})\s+){{0,3}}" if lang == "en" else ""
        )
        self.conj_after = re.compile(
            rf"\s*(?:,\s*)?{conj}\s*{num}\s+{adj_part}(?:من\s+)?(?P<victim>{victims})(?!\w)(?!\s+{self.aux}(?:{inj_words}))"
        )
        # "5 soldiers, an officer and 3 civilians were killed": the items before the figure, nearest first
        commas = r"\s*,\s*(?:and\s+)?|" if lang == "en" else ""
        self.conj_before = re.compile(
            rf"{num}\s+{adj_part}(?:\w+\s+){{0,2}}?(?P<victim>{victims})(?:{commas}\s+{conj}\s+)$"
        )
        # "the commander and four other officers were killed": the one named and the four
        others = alternation(lex.get("others_words") or [])
        self._and_others = (
            re.compile(rf"(?<![\d\s])\s+{conj}\s+$") if others else None,
            re.compile(rf"\s+(?:{others})(?!\w)") if others else None,
        )
        cls = alternation(
            [w for w, c in self.victim_class.items() if c]
            + list(k for k, c in self.singular.items() if c)
            + list(k for k, c in self.dual.items() if c)
        )
        in_place = alternation(
            listed(lex, "locatives") + (list(locative_proclitics()) if lang == "ar" else [])
        )
        # "including 21 in Homs", "including 21 summarily executed in Homs"
        self._by_place = re.compile(
            rf"\s*{article_pattern()}(?:{num})"
            rf"(?:\s+(?:{alternation(lex.get('outcome_auxiliaries') or [])})(?=\s))?"
            rf"(?:\s+(?:{alternation(self.killed_words)}))?\s+(?:{in_place})\s[^.;]*"
        )
        self.breakdown_intro = re.compile(
            rf"(?<!\w)(?:{alternation(lex.get('breakdown_intro') or [])})(?!\w)"
        )
        # "28 killed across Syria, 13 of them in Homs": a located part named after its count
        part_of = alternation(lex.get("part_of_markers") or [])
        self._part_of_place = re.compile(
            rf"\s*[,;،]\s*{num}\s+(?:{part_of})\s+(?:\w+\s+)?(?:{in_place})\s[^.;]*"
        )
        intro = alternation(listed(lex, "breakdown_intro", "part_of_markers"))
        counted = alternation(listed(lex, "killed_counted_nouns"))
        # the located parts inside a split: "including 27 in X and 27 in Y", "، و20 في حمص"
        self._split_item = re.compile(
            rf"(?:(?<!\w)(?:{intro})\s+|[,;:،]\s*(?:{conj}\s*)?|\s{conj}\s*|^\s*){article_pattern()}{num}"
            rf"(?:\s+(?:{part_of}))?(?:\s+(?:من\s+)?(?P<victim>{victims}|{counted}))?"
            rf"(?:\s+(?:{alternation(lex.get('outcome_auxiliaries') or [])})(?=\s))?"
            rf"(?:\s+(?:{alternation(self.killed_words)}))?"
            rf"(?=\s+(?:{in_place})\s|\s*(?:{alternation(locative_proclitics()) if lang == 'ar' else '(?!)'})\w)"
        )
        each = alternation(lex.get("distributive_markers") or [])
        self._each = re.compile(
            rf"\s+(?:{in_place})\s+(?:{each})\s+(?P<a>[^,;.،]+?)\s+{conj}\s*(?P<b>[^,;.،\s][^,;.،]*?)(?=\s*(?:[,;.،]|$))"
            if each
            else "(?!)"
        )
        self._part_intro = re.compile(rf"(?<!\w)(?:{intro})\s*(?:\w+\s+){{0,2}}$")
        self.breakdown_item = re.compile(
            rf"(?<!\w)(?:و|and\s+|,\s*)?(?:{num}\s+)?(?:(?:من\s+)?)(?P<cls>{article_pattern()}(?:{cls}))(?!\w)"
        )

    def _kind(self, word: str) -> str:
        w = strip_proclitic(word, min_rest=3, clitics=event_proclitics()) if self.lang == "ar" else word
        for cand in (word, w, w.removeprefix(ARTICLE)):
            if cand in self.captured_words:
                return CAPTURED
            if cand in self.injured_words:
                return INJURED
            if cand in self.killed_words:
                return KILLED
        return INJURED if w.startswith(self._injured_stems) else KILLED

    def _plural_noun(self, word: str) -> bool:
        irregular = set(self.lex.get("irregular_plurals") or [])
        w = word.lower()
        return w in self.victim_class and (w.endswith("s") or w in irregular)

    def kill_word(self, text: str) -> bool:
        """Does the sentence say someone was killed (with or without a figure)?"""
        return self._kill_re.search(text) is not None

    def hint(self, text: str) -> bool:
        """Cheap test: could the sentence hold a casualty figure at all?"""
        return self._hint is None or self._hint.any(text)

    def find(self, text: str, scan: tuple[int, list[tuple[int, int]]] | None = None) -> list[Casualty]:
        """All casualty mentions in a folded sentence, longest first when they overlap. ``scan``: what a pass
        over it found of the words of :attr:`patterns` (``AnchoredSet.scanned``), when the caller made one."""
        found: list[Casualty] = []
        taken: list[tuple[int, int]] = []
        for name, pat, starts in self.patterns.scan(text) if scan is None else self.patterns.scanned(*scan):
            if name == "svo" and self._svo is not None and not subject_before_verb(text, *self._svo):
                continue  # (in most sentences searched no subject stands right before a verb)
            matches: Iterable[re.Match[str]]
            if starts is not None:
                matches = matches_at(pat, text, starts)
            elif name == "counted" and self._counted_nouns is not None:
                matches = counted_matches(pat, text, self._counted_nouns)
            else:
                matches = pat.finditer(text)
            for m in matches:
                if any(m.start() < te and ts < m.end() for ts, te in taken):
                    continue
                c = self._build(name, m)
                if c is not None:
                    found.append(c)
                    taken.append((m.start(), m.end()))
        found.sort(key=lambda c: c.start)
        for c in found:
            self._breakdown(text, c)
        for c in found:
            if c.kind == KILLED and not c.update and not c.quantity.vague:
                self._conjoined(text, c, taken)
        found.extend(p for c in list(found) if not c.update for p in self._parts(text, c, taken))
        for c in list(found):
            if c.by_place is not None and c.kind == KILLED:
                found.extend(self._split_parts(text, c, found))
        found.sort(key=lambda c: c.start)
        return found

    def _split_parts(self, text: str, c: Casualty, found: list[Casualty]) -> list[Casualty]:
        """The located parts of a toll split by place: "124 killed, including 27 in X and 27 in Y" gives the
        parts 27 and 27 (events), the 124 being their total. A figure of its own inside the split ("46 in
        Hama, of which 30 died in a massacre in Latamna") is a part of the part before it."""
        assert c.by_place is not None
        bs, be = c.by_place
        inner = sorted(
            (o for o in found if o is not c and o.kind == KILLED and bs <= o.start < be and not o.update),
            key=lambda o: o.start,
        )
        parts: list[Casualty] = []
        pos = bs
        while pos < be:
            stop = min((o.start for o in inner if o.start >= pos), default=be)
            parts.extend(self._items(self._split_item.finditer(text, pos, stop), c, split=True))
            if stop >= be:
                break
            o = next(o for o in inner if o.start == stop)
            # the figure continues the part just before it ("..., of which 30 died in X") or the head
            container = parts[-1] if parts else c
            if (
                self._part_intro.search(text, max(bs, o.start - 40), o.start)
                and o.quantity.value <= container.quantity.value
            ):
                o.part, o.split = True, True
                o.head = container
            elif o.part and not o.split and o.head is not None and bs <= o.head.start < be:
                # "..., of which 25 died in X, and 20 in Hama": a list item inside the split is a part
                # of the split toll, as the items before the nested figure are
                o.split, o.head = True, c
            pos = max(o.end, stop + 1)
        _stretch(text, parts, [o.start for o in inner] + [be])
        return parts

    def _conjoined(self, text: str, c: Casualty, taken: list[tuple[int, int]]) -> None:
        """Fold "N X and M Y (were killed)" into one figure N + M with both breakdowns."""
        extra: list[tuple[Quantity, str | None, int, int]] = []
        if c.victims[1] == c.end or self.lang == "ar":
            m = self.conj_after.match(text, c.victims[1])
            if m and not any(
                m.start() < te and ts < m.end() for ts, te in taken if (ts, te) != (c.start, c.end)
            ):
                q = self.grammar.quantity(m)
                if q is not None and not q.vague:
                    extra.append((q, self.victim_class.get(m.group("victim")), m.start(), m.end()))
        stop = c.start
        for _ in range(4 if c.victims[0] == c.start else 0):
            lo = max(0, stop - 60)
            m = self.conj_before.search(text[lo:stop])
            q = self.grammar.quantity(m, lo) if m else None
            if m is None or q is None or q.vague:
                break
            extra.append((q, self.victim_class.get(m.group("victim")), lo + m.start(), lo + m.end()))
            stop = lo + m.start()
        joined, other = self._and_others
        if (
            not extra
            and joined is not None
            and other is not None
            and c.victims[0] == c.start
            and other.match(text, c.quantity.end)
            and joined.search(text, max(0, c.start - 30), c.start)
        ):
            # one more victim, named before "and": no span of its own to add
            one = Quantity(1, 1, 1, None, False, c.quantity.start, c.quantity.start)
            extra.append((one, None, c.start, c.start))
        for q, vclass, ms, me in extra:
            total = c.quantity.value + q.value
            c.quantity = Quantity(
                total,
                total if c.quantity.low is not None else None,
                total if c.quantity.high is not None else None,
                c.quantity.qualifier,
                False,
                min(c.quantity.start, q.start),
                max(c.quantity.end, q.end),
            )
            if vclass:
                c.breakdown[vclass] = c.breakdown.get(vclass, 0) + q.value
                if vclass in ("children", "women"):
                    c.breakdown["civilians"] = c.breakdown.get("civilians", 0) + q.value
            c.start, c.end = min(c.start, ms), max(c.end, me)

    def _parts(self, text: str, c: Casualty, taken: list[tuple[int, int]]) -> list[Casualty]:
        """List items after a figure: "7 were killed in X, four in Y and two in Z" -> 4 and 2 as well."""
        parts: list[Casualty] = []
        if c.by_place is not None:
            return parts  # "58 killed, among them 20 in Idlib and 15 in Hama": see _split_parts
        window_end = min(len(text), c.end + 160)
        nxt = [ts for ts, _ in taken if ts >= c.end]
        if nxt:
            window_end = min(window_end, min(nxt))
        if not self.place_prep.match(text, c.end):
            return parts  # the head figure must itself be followed by its place ("in Saraqib")
        parts = self._items(self.part_re.finditer(text, c.end, window_end), c, split=False)
        _stretch(text, parts, [window_end])
        return parts

    def _items(self, matches: Iterator[re.Match[str]], c: Casualty, *, split: bool) -> list[Casualty]:
        """The list items a pattern found after head figure ``c`` (vague counts are no items)."""
        items: list[Casualty] = []
        for m in matches:
            q = self.grammar.quantity(m)
            if q is None or q.vague:
                continue
            victim = m.group("victim")
            vclass = self.victim_class.get(victim) if victim else c.victim_class
            item = Casualty(
                kind=c.kind,
                quantity=q,
                start=q.start,
                end=m.end(),
                trigger=c.trigger,
                victims=(q.start, m.end()),
                victim_class=vclass,
                part=True,
                head=c,
                split=split,
            )
            if vclass:
                item.breakdown[vclass] = q.value
            items.append(item)
            each = self._each.match(m.string, m.end())
            if each is not None:
                # "4 in each of Homs and Hama": the figure once for each place, the second from its name
                item.end = each.end("a")
                twin = Casualty(
                    kind=c.kind,
                    quantity=q,
                    start=each.start("b"),
                    end=each.end("b"),
                    trigger=c.trigger,
                    victims=(each.start("b"), each.end("b")),
                    victim_class=vclass,
                    part=True,
                    head=c,
                    split=split,
                    breakdown=dict(item.breakdown),
                )
                items.append(twin)
        return items

    def _build(self, name: str, m: re.Match[str]) -> Casualty | None:
        out_word = m.group("out")
        if name == "toll" and self._outdated.search(m.string, max(0, m.start() - 30), m.start()):
            return None  # "updating a previous toll of 112": a figure the article has replaced
        # "six of the dead": the noun says the outcome when no verb follows
        kind = KILLED if name == "toll" or out_word is None else self._kind(out_word)
        gd = m.groupdict()
        victim_word = gd.get("victim")
        if name == "svo":
            word = m.group("svo")
            if not (m.group("num") or m.group("vague")) and has_article(word, clitics=event_proclitics()):
                return None  # "الضحايا سقطوا": the victims already counted, not a new figure
            stripped = strip_article(word, min_rest=3, clitics=event_proclitics())
            vclass = self.victim_class.get(stripped) or self.singular.get(stripped) or self.dual.get(stripped)
            if m.group("num") or m.group("vague"):
                q = self.grammar.quantity(m)
            elif stripped in self.dual:
                q = Quantity(2, 2, 2, None, False, m.start("svo"), m.end("svo"))
            elif stripped in self.singular:
                q = Quantity(1, 1, 1, None, False, m.start("svo"), m.end("svo"))
            else:
                q = Quantity(3, 3, None, None, True, m.start("svo"), m.end("svo"))  # unnumbered plural
            return None if q is None else self._subject(m, q, (q.start, m.end("svo")), vclass)
        if name == "was" and self._plural_noun(m.group("single")):
            return None  # "20 Kurdish fighters had been killed": a plural subject counts no one by itself
        if name == "pair":
            q = Quantity(2, 2, 2, None, False, m.start("single"), m.end("victim"))
            return self._subject(m, q, (m.start(), m.start("out")), None)
        if name in ("fate", "was", "object"):
            # "لقي ... مصرعه" (one; the dual verb two), "the correspondent was killed" (one)
            n = 2 if name == "fate" and m.group("two") else 1
            who = (m.start(), m.end()) if name == "fate" else (m.start("single"), m.end("single"))
            return Casualty(
                kind=KILLED,
                quantity=Quantity(n, n, n, None, False, *who),
                start=m.start(),
                end=m.end(),
                trigger=(m.start("out"), m.end("out")),
                victims=who,
            )
        if name == "single":
            word = m.group("single")
            stripped = (
                strip_article(word, min_rest=3, clitics=event_proclitics()) if self.lang == "ar" else word
            )
            if stripped in self.dual or word in self.dual:
                value = 2
                vclass = self.dual.get(stripped, self.dual.get(word))
            else:
                value = 1
                vclass = self.singular.get(stripped, self.singular.get(word)) if self.lang == "ar" else None
            if self.lang == "en":
                vclass = self.victim_class.get(victim_word or "")
            q = Quantity(value, value, value, None, False, m.start("single"), m.end("single"))
            victims = (m.start("single"), m.end())
        elif name in ("plural", "among"):
            word = m.group("plural")
            bare = word.removeprefix(ARTICLE)
            vclass = self.victim_class.get(
                bare, self.victim_class.get(word, self.victim_class.get(bare[:-1]))
            )
            q = Quantity(3, 3, None, None, True, m.start("plural"), m.end("plural"))
            victims = (m.start("plural"), m.end("plural"))
        else:
            q = self.grammar.quantity(m)
            if q is None:
                return None
            if self._things.match(m.string, q.end):
                return None  # "سقوط 160 قذيفة": shells, not people
            if (
                name == "counted"
                and self.lang == "ar"
                and q.value > 1900
                and q.value < 2100
                and not q.qualifier
            ):
                return None  # a year, not a count
            vclass = (
                self.victim_class.get(strip_proclitic(victim_word, clitics=event_proclitics()))
                if victim_word
                else None
            )
            if victim_word and vclass is None:
                vclass = self.victim_class.get(victim_word)
            vs = m.start("num") if m.group("num") else m.start("vague")
            ve = (
                m.end("victim")
                if victim_word
                else (
                    m.end("num2") if m.group("num2") else (m.end("num") if m.group("num") else m.end("vague"))
                )
            )
            victims = (vs, ve)
        also = gd.get("also")
        if also and kind == CAPTURED and self._kind(also[1:]) == KILLED:
            # "أسر وقتل عدد من الجنود": the figure of the killed (the graver outcome), not one for both
            kind, also = KILLED, None
        return Casualty(
            kind=kind,
            quantity=q,
            start=m.start(),
            end=m.end(),
            trigger=(m.start("out"), m.end("out")) if out_word is not None else (q.end, m.end()),
            victims=victims,
            victim_class=vclass,
            update=name == "toll",
            combined=bool(also),
            # "109 of the dead were evacuees": who among deaths told before, not a toll of its own
            among=name == "among" or (name == "partitive" and out_word is None),
        )

    def _subject(
        self, m: re.Match[str], q: Quantity, victims: tuple[int, int], vclass: str | None
    ) -> Casualty:
        """The figure of victims told before their verb ("خمسة مدنيين لقوا حتفهم", "a man and a child were
        killed")."""
        return Casualty(
            kind=self._kind(m.group("out")),
            quantity=q,
            start=m.start(),
            end=m.end(),
            trigger=(m.start("out"), m.end("out")),
            victims=victims,
            victim_class=vclass,
        )

    def _breakdown(self, text: str, c: Casualty) -> None:
        if c.victim_class:
            c.breakdown[c.victim_class] = c.quantity.value
            if c.victim_class in ("children", "women"):
                c.breakdown["civilians"] = c.quantity.value
        window = text[c.victims[1] : max(c.end, c.victims[1]) + 90]
        # "the deaths of 80 people; 30 in Hama and 12 in Idlib": a semicolon or colon
        # right after the figure's phrase opens a split by place as "including" does
        colon = re.match(r"[^;:.]{0,40}?[;:]", window)
        if colon is not None and not self._locative.search(window, 0, colon.end()):
            # (a figure placed before the colon is a strike whose parts follow: see _parts)
            split = self._by_place.match(window, colon.end())
            if split is not None:
                c.by_place = (c.victims[1] + colon.end() - 1, c.victims[1] + split.end())
                return
        of_them = self._part_of_place.search(text, max(c.end, c.victims[1]))
        if of_them is not None and of_them.start() - c.end <= 60:
            c.by_place = (of_them.start(), of_them.end())
            return
        intro = self.breakdown_intro.search(window)
        # the breakdown follows the figure's phrase closely ("... killed by the army, including ...")
        if not intro or intro.start() > max(c.end - c.victims[1], 0) + 35:
            return
        pos = intro.end()
        split = self._by_place.match(window, pos)
        if split is not None:
            base = c.victims[1]
            c.by_place = (base + intro.start(), base + split.end())
            return
        for _ in range(4):
            m = self.breakdown_item.match(window, pos) or self.breakdown_item.match(window, pos + 1)
            if not m:
                break
            word = m.group("cls").removeprefix(ARTICLE)
            cls = self.victim_class.get(word) or self.singular.get(word) or self.dual.get(word)
            if cls is None:
                break
            if m.group("num") or m.group("vague"):
                q = self.grammar.quantity(m)
                n = q.value if q else None
            elif word in self.dual:
                n = 2
            elif word in self.singular:
                n = 1
            else:
                n = None
            if n is not None and n <= c.quantity.value:
                c.breakdown[cls] = (
                    max(n, c.breakdown.get(cls, 0)) if cls != c.victim_class else c.breakdown[cls]
                )
            pos = m.end()
            nxt = re.match(r"\s*(?:,|،|و|and)\s*", window[pos:])
            if not nxt:
                break
            pos += nxt.end() - (1 if window[pos + nxt.end() - 1 : pos + nxt.end()] == "و" else 0)


def _stretch(text: str, parts: list[Casualty], stops: list[int]) -> None:
    """Let each list item reach to the next one, so that its place ("four in Binnish") lies inside its own
    span and the place stage picks it rather than its neighbour's."""
    for i, p in enumerate(parts):
        limit = min([s for s in stops if s > p.end] + [len(text)])
        if i + 1 < len(parts):
            limit = min(limit, parts[i + 1].start)
        stretch = text[p.end : limit]
        cut = re.search(r"(?:\s*(?:[,;:،]|\band\b|\sو)\s*)+$", stretch)
        p.end = p.end + (cut.start() if cut else len(stretch))


@lru_cache(maxsize=4)
def finder(lang: str) -> CasualtyFinder:
    """The compiled casualty constructions of a language (built once per process)."""
    return CasualtyFinder(lang)
