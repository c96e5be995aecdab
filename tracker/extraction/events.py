"""Event mentions in a sentence: triggers, typing by ACLED precedence, and grouping with casualties.

Reads one folded sentence (with clause spans) and the casualty mentions of :mod:`tracker.extraction.casualties`;
writes :class:`EventMention` records: sub-event type, the trigger span, killed/injured/captured figures
and breakdowns, and whether the figures are an aggregate toll rather than one event.

Trigger words per sub-event type are data (``triggers`` in ``resources/lexicon/<lang>.yaml``). Several
triggers in one event are resolved by ACLED's precedence (:data:`PRECEDENCE`): an air strike inside a
ground battle is a battle; shelling alongside an air strike is an air strike. A strike with no casualty
figure is still an event (fatalities unknown) when an attack verb or a count confirms it happened;
denied, threatened, planned or hypothetical attacks are not events.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from tracker.extraction.casualties import INJURED, KILLED, Casualty
from tracker.extraction.casualties import finder as casualty_finder
from tracker.extraction.event_records import EventMention, Trigger, attach_trigger, nearest_event
from tracker.extraction.event_words import Scan, WordGroups, blank
from tracker.extraction.segment import clause_of, split_clauses
from tracker.resources import lexicon
from tracker.resources.cache import cached
from tracker.text.anchored import Anchored, anchored_or_gated, leading_literals, matches_before, max_width
from tracker.text.arabic import clitic_pattern, event_proclitics, pronoun_suffixes, strip_proclitic
from tracker.text.keywords import KeywordSet, RawKeywordSet
from tracker.text.patterns import alternation
from tracker.text.regexes import Gated, required_literals

__all__ = ["EventMention", "Trigger", "SentenceAnalyser", "analyser", "PRECEDENCE"]

#: Highest first. ACLED: a battle absorbs the remote violence inside it; air beats shelling.
PRECEDENCE: tuple[str, ...] = (
    "Chemical weapon",
    "Suicide bomb",
    "Territory",
    "Armed clash",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Abduction/forced disappearance",
    "Attack",
)
_RANK = {t: i for i, t in enumerate(PRECEDENCE)}
#: How far from a very large figure the one attack it came from is named ("a gas attack that killed more
#: than 1,400"); an attack named further off ("... if a chemical attack was carried out") is another matter.
_ATTACK_REACH = 60
#: How far after a lone attack word its target is read ("attacks against the government's army").
_TARGET_REACH = 40
#: How far after an attack a condition on it is looked for ("shelling the villages as long as the town is
#: shelled": the words of the target and its place come between).
_CONDITION_REACH = 50
#: How many clauses back, and how many characters before a strike word, its attack verb is looked for
#: when an aside cuts them apart.
_VERB_CLAUSES = 3
#: Characters before a known attack ("منذ انطلاق الهجوم على ...") searched for a period phrase.
_AIMED_REACH = 20
_VERB_REACH = 90


def _patterns(lex: Mapping[str, Any], key: str) -> list[str]:
    """The regular expressions listed under ``key``, with ``{month}`` (the month names of ``dates``) and
    ``{year}`` (a four-digit year) filled in."""
    months = alternation((lex.get("dates") or {}).get("months") or {})
    return [
        p.replace("{month}", f"(?:{months})").replace("{year}", r"(?:19|20)\d\d") for p in lex.get(key) or []
    ]


class SentenceAnalyser:
    """Finds event mentions in folded sentences of one language."""

    def __init__(self, lang: str) -> None:
        lex = lexicon(lang)
        self.lang = lang
        self.casualties = casualty_finder(lang)
        pro = clitic_pattern(article=True, clitics=event_proclitics()) if lang == "ar" else ""
        b, e = r"(?<!\w)", r"(?!\w)"
        self.trigger_type: dict[str, str] = {}
        for sub, words in (lex.get("triggers") or {}).items():
            for w in words:
                # first type listed wins for a word shared by two lists; precedence decides later
                self.trigger_type.setdefault(w, sub)
        # a third-person pronoun may end an Arabic trigger ("قصفها", its shelling; "غاراتهم")
        third = [x for x in pronoun_suffixes() if x.startswith("ه") and len(x) > 1]
        suffix = f"(?P<suffix>{alternation(third)})?" if lang == "ar" else ""
        # tried only before the trigger words the text holds (one Aho-Corasick pass)
        self.trigger_re = Anchored(rf"{b}{pro}(?P<w>{alternation(self.trigger_type)}){suffix}{e}")
        # how far before its trigger word a match may begin (its proclitic: see :meth:`triggers`)
        self._trigger_reach = max_width(pro)
        suffix = suffix.replace("?P<suffix>", "")
        self.weak = set(lex.get("weak_triggers") or [])
        # words that make an event only alone, with no figure and no other trigger (``lone_triggers``)
        self.lone = set(lex.get("lone_triggers") or [])
        # what a lone attack word hits when it is an assault on armed men ("attacks against the army")
        targets = lex.get("armed_targets") or []
        self.armed_target_re = re.compile(rf"{b}{pro}(?:{alternation(targets)}){e}" if targets else "(?!)")
        mask = rf"{b}{pro}(?:{alternation(lex.get('mask') or [])}){e}"
        self.mask_re = Gated(mask)
        # every trigger word passes the pre-filter, so a strike with no toll ("aerial assault") is read
        pre = [w for w in (lex.get("prefilter") or []) if w] + list(self.trigger_type)
        self.prefilter = KeywordSet(pre)
        # the same words searched in raw text, so most articles are skipped before they are even normalised
        self.raw_prefilter = RawKeywordSet(pre)
        # "after", "following": what comes next tells an earlier event (:meth:`_before_prior`)
        self.prior_re = re.compile(rf"{b}(?:{alternation(lex.get('prior_event_words') or []) or '(?!)'}){e}")
        # a clause that opens with "while", "فيما": a new statement, not an aside in the one before
        self.opener_re = re.compile(rf"\s*{pro}(?:{alternation(lex.get('clause_openers') or [])}){e}")
        # a clause that opens with "and"/"so" glued to its first word ("وكانت", "فقد"): a statement of its own
        self.conjunction_re = re.compile(r"\s*[وف]\w{2,}" if lang == "ar" else r"\s*(?:and|but|so)(?!\w)")
        self.negation_re = Gated(rf"{b}{pro}(?:{alternation(lex.get('negation') or [])}){e}")
        self.modality_re = re.compile(rf"{b}(?:{alternation(lex.get('modality') or [])}){e}")
        # "... as long as our town is shelled": a condition after the attack makes it a threat
        conditions = lex.get("conditions") or []
        self.condition_re = re.compile(rf"{b}(?:{alternation(conditions)}){e}" if conditions else "(?!)")
        # the same suffixes may follow an Arabic verb or noun ("نفذتها", "دمرتها", "استهدافهما"); not a lone
        # "ه", which folded text cannot tell from a noun's ending ("السيطرة" -> "السيطره")
        # (no verb begins or ends with a space: see _may_stand_alone)
        self._verbs_stripped = all(v == v.strip() for v in lex.get("attack_verbs") or [])
        # (tried only before the verbs the text holds: most sentences searched hold none)
        self.attack_verb_re = Anchored(
            rf"{b}{pro}(?:{alternation(lex.get('attack_verbs') or [])}){suffix}{e}"
        )
        self.not_violence_re = Gated(rf"{b}{pro}(?:{alternation(lex.get('not_violence') or [])}){e}")
        # "هجوم كيماوي على ...", "Air strikes on ...": in a headline, the strike and where it hit
        self.headline_target_re = re.compile(
            rf"(?:\s+\w+)?\s+(?:{alternation(lex.get('headline_targets') or [])}){e}"
        )
        # "leaving 25 dead": the toll is the result of an event told before it
        self.aimed_re = re.compile(
            rf"(?P<author>(?:\s+\w+){{1,2}}?)?\s+(?:{alternation(lex.get('aimed_at') or []) or '(?!)'}){e}"
        )
        self.motive_re = re.compile(rf"{b}{pro}(?:{alternation(lex.get('motive_words') or []) or '(?!)'}){e}")
        self.result_re = Gated(rf"{b}{pro}(?:{alternation(lex.get('result_words') or [])}){e}")
        self.no_cas_re = Gated(rf"{b}(?:{alternation(lex.get('no_casualties') or [])}){e}")
        self.unknown_cas_re = Gated(rf"{b}{pro}(?:{alternation(lex.get('unknown_casualties') or [])}){e}")
        # period phrases as patterns: "since mid-February", "since 2014", "in the past two weeks"
        self.aggregate_re = anchored_or_gated(
            rf"{b}{pro}(?:{alternation(lex.get('aggregate_markers') or [])}){e}"
            + "".join(
                f"|{b}(?:{p}){e}"
                for p in _patterns(lex, "aggregate_patterns") + _patterns(lex, "span_patterns")
            )
        )
        self.span_re = re.compile(
            "|".join(f"{b}(?:{p}){e}" for p in _patterns(lex, "span_patterns")) or "(?!)"
        )
        self.earlier_re = re.compile(
            "|".join(f"{b}(?:{p}){e}" for p in _patterns(lex, "earlier_patterns")) or "(?!)"
        )
        self.one_attack_re = Gated(
            "|".join(f"{b}(?:{p}){e}" for p in _patterns(lex, "one_attack_patterns")) or "(?!)"
        )
        self.nationwide_re = Gated(rf"{b}{pro}(?:{alternation(lex.get('nationwide_markers') or [])}){e}")
        self.one_day_re = re.compile(rf"{b}(?:{alternation(lex.get('one_day_markers') or [])}){e}")
        stems = alternation(lex.get("combatant_stems") or [])
        self.combatant_re = re.compile(
            rf"{b}(?:{alternation(lex.get('combatants') or [])}"
            + (rf"|(?:{stems})\w*" if stems else "")
            + rf"){e}"
        )
        # one Aho-Corasick pass per sentence (:meth:`_read`) for the mask phrases' literals, the casualty
        # words and the words the sentence-wide patterns of the groups below need: one whose words a sentence
        # lacks cannot match in it and is not searched (a group with no such words is always searched)
        literals, hint = required_literals(mask), self.casualties.hint_words
        verb_lead = leading_literals(self.attack_verb_re.pattern)
        gated = (self.no_cas_re, self.unknown_cas_re, self.not_violence_re, self.negation_re)
        verb_words = verb_lead[0] if verb_lead else None
        groups = [literals, hint, verb_words, *(required_literals(g.pattern) for g in gated)]
        self._words = WordGroups(groups, self.casualties.patterns.scan_words) if literals and hint else None
        # the attack verb searched before its leading words found by that pass (else by its own pass)
        self._verbs_known = verb_lead is not None

    def may_have_events(self, text: str) -> bool:
        """Cheap pre-filter: does the folded text contain any trigger stem at all?"""
        return self.prefilter.any(text)

    def raw_may_have_events(self, raw: str) -> bool:
        """The pre-filter on raw, unfolded text: the answer :meth:`may_have_events` gives once it is folded."""
        return self.raw_prefilter.any(raw)

    def hit_starts(self, text: str) -> list[int]:
        """Where trigger stems occur in folded text (to pick the sentences worth analysing)."""
        return self.prefilter.starts(text)

    def hit_spans(self, text: str) -> list[tuple[int, int]]:
        """Where trigger stems occur in folded text, ``(start, end)`` in text order."""
        return self.prefilter.spans(text)

    def mask(self, text: str) -> tuple[str, bool]:
        """Blank out phrases with trigger words that report no violence (ceasefire); a casualty word left?"""
        return self._read(text)[:2]

    def _read(self, text: str) -> tuple[str, bool, int, list[tuple[int, int]] | None, Scan | None]:
        """:meth:`mask`, a bit of :data:`_GATED` for each pattern whose words the masked text holds, the
        spans of the attack verb's leading words in it (None: not known), the casualty patterns' scan of it."""
        if self._words is None:  # (not known: masked, every pattern searched)
            masked = self.mask_re.sub(blank, text)
            return masked, self.casualties.hint(masked), -1, None, None
        found, verbs, scan = self._words.read(text, _VERB)
        masked = text
        if found & 1:  # one of the phrases' literals: masked, then the words looked for again
            masked = self.mask_re.sub(blank, text)
            if masked != text:
                found, verbs, scan = self._words.read(masked, _VERB)
        return masked, bool(found & 2), found, verbs if self._verbs_known else None, scan

    def _verb(
        self, text: str, verbs: list[tuple[int, int]] | None, pos: int = 0, end: int = sys.maxsize
    ) -> bool:
        """Is there an attack verb in ``text[pos:end]``? ``verbs``: its leading words' spans in ``text``."""
        if verbs is None:
            return self.attack_verb_re.search(text, pos, end) is not None
        return self.attack_verb_re.search_led(text, verbs, pos, end) is not None

    def triggers(self, text: str, stems: list[tuple[int, int]] | None = None) -> list[Trigger]:
        """Trigger words in a (masked) sentence. ``stems``: where every pre-filter word stands in it, when
        known: the pattern is tried only up to a proclitic before those that are trigger words."""
        reach = self._trigger_reach
        if stems is None or reach is None:
            found: Iterable[re.Match[str]] = self.trigger_re.finditer(text)
        else:
            words = [start for start, end in stems if text[start:end] in self.trigger_type]
            if not words:
                return []
            found = matches_before(self.trigger_re.re, text, words, reach)
        out = []
        for m in found:
            w = m.group("w")
            sub = self.trigger_type[w]
            if sub == "Territory" and m.groupdict().get("suffix"):
                continue  # "لسيطرتها": its control, a noun, not a takeover
            out.append(Trigger(sub, m.start("w"), m.end("w"), w))
        return out

    def analyse(
        self, text: str, clauses: list[tuple[int, int]] | None = None, *, headline: bool = False
    ) -> list[EventMention]:
        """Event mentions in one folded sentence (clause spans relative to it, split here when not given); in
        a ``headline`` a strike named with where it hit ("Chemical attack on Kafr Zita") is reported as having
        happened."""
        return self.analyse_clauses(text, clauses, headline=headline)[0]

    def analyse_clauses(
        self,
        text: str,
        clauses: list[tuple[int, int]] | None = None,
        *,
        headline: bool = False,
        stem: bool = False,
        stems: list[tuple[int, int]] | None = None,
    ) -> tuple[list[EventMention], list[tuple[int, int]]]:
        """:meth:`analyse`, and the clause spans: split only for a sentence with a casualty figure or a
        trigger word (most sentences with a trigger stem hold neither, and their clauses are not needed);
        an empty list when not split. ``stem``: the caller found a trigger stem in ``text`` (not looked
        for again); ``stems``: where every one stands in it, when the caller knows (:meth:`triggers`)."""
        if not stem and not self.may_have_events(text):
            return [], clauses or []
        masked, hint, words, verbs, scan = self._read(text)
        cas = self.casualties.find(masked, scan) if hint else []
        # (the stems hold in the masked text only when masking blanked nothing)
        trigs = self.triggers(masked, stems if stems is not None and masked == text else None)
        if not cas and not trigs:
            return [], clauses or []
        if clauses is None:
            if not cas and not headline and not self._may_stand_alone(masked, trigs, words, verbs):
                return [], []  # a strike word told of no strike: no need of the clauses
            clauses = split_clauses(text)
        found = self._events(text, masked, clauses, cas, trigs, headline=headline, words=words, verbs=verbs)
        return found, clauses

    def _events(
        self,
        text: str,
        masked: str,
        clauses: list[tuple[int, int]],
        cas: list[Casualty],
        trigs: list[Trigger],
        *,
        headline: bool,
        words: int = -1,
        verbs: list[tuple[int, int]] | None = None,
    ) -> list[EventMention]:
        events: list[EventMention] = []
        killed = [c for c in cas if c.kind == KILLED]
        # Killed figures are the seeds; injured figures join the nearest seed in the same or the next clause.
        for c in killed:
            events.append(
                EventMention(
                    sub_event_type="", trigger=c.trigger, anchor=(c.start, c.end), killed=c, update=c.update
                )
            )
        for c in cas:
            if c.kind == KILLED:
                continue
            target = nearest_event(events, c.start, max_gap=140) if c.kind == INJURED else None
            if (
                target is not None
                and target.injured is None
                and not (target.killed and target.killed.combined)
            ):
                target.injured = c
                continue
            ev = EventMention(sub_event_type="", trigger=c.trigger, anchor=(c.start, c.end))
            if c.kind == INJURED:
                ev.injured = c
                # ACLED: injuries only -> 0 fatalities, unless someone is said killed without a figure
                ev.fatalities_zero = not self.casualties.kill_word(masked)
            else:
                ev.captured = c
                ev.sub_event_type = "Abduction/forced disappearance"
            events.append(ev)
        events.sort(key=lambda ev: ev.anchor[0])
        # Triggers attach to the nearest seed, preferring the one after them (cause precedes toll).
        loose: list[Trigger] = []
        for t in trigs:
            if any(c.trigger[0] <= t.start < c.trigger[1] for c in cas):
                continue  # the casualty word itself ("executed", "اعدام")
            host = None if t.text in self.lone else attach_trigger(events, t)
            if host is None:
                loose.append(t)
            else:
                host.triggers.append(t)
        # a list item shares the weapon of its head figure, and the head that of its items
        by_cas = {id(ev.killed): ev for ev in events if ev.killed is not None}
        for ev in events:
            head = ev.killed.head if ev.killed is not None else None
            if head is not None and id(head) in by_cas:
                h = by_cas[id(head)]
                shared = h.triggers + [t for t in ev.triggers if t not in h.triggers]
                h.triggers = list(shared)
                ev.triggers = list(shared)
        if not events:
            events.extend(
                self._standalone(masked, clauses, loose, headline=headline, words=words, verbs=verbs)
            )
            if not events:
                return []
        starts = sorted(e.anchor[0] for e in events)
        for ev in events:
            self._finish(masked, clauses, ev, original=text, next_anchors=starts, words=words)
        if words & _NOT_VIOLENCE and self.not_violence_re.search(masked):
            return []  # a road accident, a boat that sank, munitions that went off by themselves
        return [
            ev
            for ev in events
            if not self._hypothetical(masked, clauses, ev, words) and not self._period(ev, masked)
        ]

    def _period(self, ev: EventMention, text: str) -> bool:
        """A strike with no figure told over a span ("the battle fought from September to January"): no one
        event."""
        if ev.killed is not None or ev.injured is not None or ev.captured is not None:
            return False
        return (
            self.aggregate_re.search(text, ev.anchor[0]) is not None
            or self.span_re.search(text, 0, ev.anchor[0]) is not None
        )

    def _standalone(
        self,
        text: str,
        clauses: list[tuple[int, int]],
        trigs: list[Trigger],
        *,
        headline: bool = False,
        words: int = -1,
        verbs: list[tuple[int, int]] | None = None,
    ) -> list[EventMention]:
        """Strikes with no figure: one per clause that reports one as having happened (an attack verb in
        the clause, or a sentence saying there were no or unknown casualties). "Clashes raged in Jobar,
        while regime forces shelled Darayya" is two events."""
        # a weak word ("ضربات", "attack") counts when an attack verb stands right beside it: "ثماني ضربات
        # استهدفت", "الهجوم الذي شن", "an attack carried out by"
        strong = [
            t
            for t in trigs
            if t.text not in self.weak
            or (words & _VERB and self._verb_beside(text, t, verbs))
            or self._aimed(text, t)
        ]
        if not strong:
            return []
        zero = bool(words & _NO_CAS and self.no_cas_re.search(text))
        confirmed = zero or bool(words & _UNKNOWN and self.unknown_cas_re.search(text))
        out: list[EventMention] = []
        seen: set[tuple[int, int]] = set()
        for t in strong:
            cs, ce = clause_of(clauses, t.start)
            told = (headline and self.headline_target_re.match(text, t.end) is not None) or self._aimed(
                text, t
            )
            # the verb in the trigger's clause, or up to a few clauses back when an aside cut them apart
            # ("شنت اليوم (الأربعاء) غارة": the clause splitter cut at the parenthesis)
            verb = bool(words & _VERB) and (
                self._verb(text, verbs, cs, ce) or self._verb_before(text, clauses, t, verbs)
            )
            if (cs, ce) in seen or not (confirmed or told or verb):
                continue
            seen.add((cs, ce))
            own = [u for u in strong if cs <= u.start < ce]
            own = [u for u in own if u.text not in self.lone] or own
            ev = EventMention(
                sub_event_type="", trigger=(t.start, t.end), anchor=(t.start, t.end), triggers=own
            )
            if all(u.text in self.lone for u in own) and self._aimed(text, t):
                ev.sub_event_type = "Armed clash"  # an offensive on a place ("الهجوم على البلدة") is fighting
            ev.fatalities_zero = zero
            out.append(ev)
            if confirmed:
                break  # a sentence-wide "no casualties" confirms one event, not one per clause
        return out

    def _may_stand_alone(
        self, text: str, trigs: list[Trigger], words: int = -1, verbs: list[tuple[int, int]] | None = None
    ) -> bool:
        """Can :meth:`_standalone` find a strike in this sentence (its own clauses, not a headline)? Only with a
        lone attack word (aimed at a place), a sentence-wide "no" or "unknown casualties", or an attack verb
        in the sentence: it looks for the verb in clauses, which end at punctuation, a space or after one,
        where a verb found in the clause is found in the whole sentence."""
        return (
            not self._verbs_stripped
            or any(t.text in self.lone for t in trigs)
            or (bool(words & _VERB) and self._verb(text, verbs))
            or (bool(words & _NO_CAS) and self.no_cas_re.search(text) is not None)
            or (bool(words & _UNKNOWN) and self.unknown_cas_re.search(text) is not None)
        )

    def _aimed(self, text: str, t: Trigger) -> bool:
        """A lone attack word with where it hit ("الهجوم على البلدة", the attack on the town): an attack
        the text takes as known, going on or past."""
        if t.text not in self.lone or self.lang != "ar":
            return False
        found = self.aimed_re.match(text, t.end)
        # definite ("الهجوم على") or annexed to its author ("هجوم الحزب على"): an attack the text takes as
        # known; an indefinite "هجوم على" with no verb is only named ("بعد هجوم على المسلحين")
        definite = t.text.startswith("ال") or text.endswith("ال", 0, t.start)
        # the definite word right before "على" ("الهجوم الإعلامي على" is a figure of speech); the bare one
        # with its author between ("هجوم الحزب على")
        if found is None or definite == (found.group("author") is not None):
            return False
        # "منذ انطلاق الهجوم على": the attack dates something else; "ردا على الهجوم على": it is a motive
        before = (max(0, t.start - _AIMED_REACH), t.start)
        return (
            self.aggregate_re.search(text, *before) is None and self.motive_re.search(text, *before) is None
        )

    def _verb_before(
        self, text: str, clauses: list[tuple[int, int]], t: Trigger, verbs: list[tuple[int, int]] | None
    ) -> bool:
        """The attack verb of a strike cut off from it by an aside: "a drone launched today (Wednesday) a
        strike", "factions, among them X, pounded four towns with shells". Up to two clauses back, while no
        clause opener ("while", "فيما") starts a new statement and no other trigger comes between."""
        i = next((k for k, (s, e) in enumerate(clauses) if s <= t.start < e), None)
        if i is None:
            return False
        for k in range(i, max(i - _VERB_CLAUSES, 0), -1):
            ps, pe = clauses[k - 1]
            if self.opener_re.match(text, clauses[k][0]) or self.conjunction_re.match(text, clauses[k][0]):
                return False
            if t.start - pe > _VERB_REACH:
                return False
            if self.trigger_re.search(text, ps, pe) is not None:
                return False
            if self._verb(text, verbs, ps, pe):
                return True
        return False

    def _before_prior(self, text: str, ev: EventMention, own: list[Trigger], end: int) -> list[Trigger]:
        """The toll's own strike words before a word of an earlier event ("killed in air strikes after rebels
        launched an offensive"): those after it tell what led to the strike; all of them when none is before."""
        prior = self.prior_re.search(text, ev.anchor[1], end)
        if prior is None:
            return own
        return [t for t in own if t.start < prior.start()] or own

    def _verb_beside(
        self, text: str, t: Trigger, verbs: list[tuple[int, int]] | None, reach: int = 25
    ) -> bool:
        return self._verb(text, verbs, max(0, t.start - reach), min(len(text), t.end + reach))

    def _finish(
        self,
        text: str,
        clauses: list[tuple[int, int]],
        ev: EventMention,
        *,
        original: str,
        next_anchors: list[int],
        words: int = -1,
    ) -> None:
        # Weapons named in the toll's own clause decide; elsewhere in the sentence only when it has none
        # ("three killed in Russian raids, as the army began a counter-offensive" is an air strike).
        cs, ce = clause_of(clauses, ev.anchor[0])
        own = self._before_prior(text, ev, [t for t in ev.triggers if cs <= t.start < ce], ce)
        types = [t.sub_event_type for t in (own or ev.triggers)]
        if ev.sub_event_type:
            types.append(ev.sub_event_type)
        if types:
            ev.sub_event_type = min(types, key=lambda s: _RANK.get(s, 99))
            first = min(
                (t for t in (own or ev.triggers) if t.sub_event_type == ev.sub_event_type),
                key=lambda t: t.start,
                default=None,
            )
            if first is not None:
                ev.trigger = (first.start, first.end)
        elif (
            ev.killed is not None
            and self.trigger_type.get(
                strip_proclitic(text[slice(*ev.killed.trigger)], clitics=event_proclitics())
            )
            == "Attack"
        ):
            ev.sub_event_type = "Attack"  # the killing word itself says how: "executed", "اعدم", "shot dead"
        else:
            victims = text[ev.killed.victims[0] : ev.killed.victims[1] + 40] if ev.killed else ""
            ev.sub_event_type = "Armed clash" if self.combatant_re.search(victims) else "Attack"
        if ev.sub_event_type == "Attack" and ev.triggers and all(t.text in self.lone for t in ev.triggers):
            # ACLED: an attack on armed forces or their positions is a battle, one on people an attack
            t = ev.triggers[0]
            if self.armed_target_re.search(text, t.end, min(len(text), t.end + _TARGET_REACH)):
                ev.sub_event_type = "Armed clash"
        anchor_clause = clause_of(clauses, ev.anchor[0])
        c = ev.killed or ev.injured
        if c is not None and not c.update:
            # the figure's clause and what follows it up to the next figure:
            # "40 soldiers died, among them 3 officers, throughout the country"
            nxt = min((s for s in next_anchors if s > ev.anchor[1]), default=len(original))
            window = original[anchor_clause[0] : max(anchor_clause[1], nxt)]
            # one person's death "in Syria" ("the highest officer killed in Syria") is no nationwide tally
            nationwide = self.nationwide_re.search(window) is not None and c.quantity.value > 1
            if nationwide or (
                # "since the ceasefire ... killed 5 on Monday" still names one day: not a period toll
                self.aggregate_re.search(window) and not self.one_day_re.search(window)
            ):
                ev.aggregate = True
        if (
            ev.killed is not None
            and ev.killed.quantity.value >= 1000
            and not ev.killed.quantity.vague
            and not self.one_attack_re.search(
                original,
                max(anchor_clause[0], ev.anchor[0] - _ATTACK_REACH),
                min(anchor_clause[1], ev.anchor[1] + _ATTACK_REACH),
            )
        ):
            # a toll this large is a sum, unless its clause names the one attack it came from ("a gas
            # attack that killed more than 1,400")
            ev.aggregate = True
        if (
            ev.killed is None
            and ev.injured is None
            and ev.captured is None
            and words & _NO_CAS
            and self.no_cas_re.search(text)
        ):
            ev.fatalities_zero = True
        conf = 0.5
        if ev.killed is not None and not ev.killed.quantity.vague:
            conf += 0.2
        if ev.triggers:
            conf += 0.15
        if ev.killed is not None and ev.killed.quantity.vague:
            conf -= 0.15
        ev.confidence = round(min(conf, 0.95), 2)

    def _hypothetical(
        self, text: str, clauses: list[tuple[int, int]], ev: EventMention, words: int = -1
    ) -> bool:
        cs, ce = clause_of(clauses, ev.anchor[0])
        ts = min(ev.trigger[0], ev.anchor[0])
        lo = max(0, min(cs, ts) - 40)
        window = text[lo : ev.anchor[1]]
        if words & _NEGATION and self.negation_re.search(window):
            return True
        m = self.modality_re.search(text, max(0, ts - 60), ev.anchor[1])
        if m is not None:
            return True
        return (
            self.condition_re.search(text, ev.anchor[1], min(len(text), ev.anchor[1] + _CONDITION_REACH))
            is not None
        )


#: The bits :meth:`SentenceAnalyser._read` tells (after the mask phrases' 1 and the casualty words' 2): an attack
#: verb's leading word, a word of "no casualties", "unknown casualties", "not violence", a negation.
_GATED = (_VERB, _NO_CAS, _UNKNOWN, _NOT_VIOLENCE, _NEGATION) = (4, 8, 16, 32, 64)


@lru_cache(maxsize=4)
def analyser(lang: str) -> SentenceAnalyser:
    """The sentence analyser of a language (built once per process)."""
    return cached(f"analyser_{lang}", lambda: SentenceAnalyser(lang))
