"""The words of role constructions, per language, and the phrase finder that looks them up.

Reads ``resources/actors/roles.yaml`` (one section per language: agent markers, cause prepositions, light,
speech and claim verbs, member, person and victim nouns, ... each a list of words) and the registry's means
words. Writes one :class:`Lang` per language: each list folded like article text (``normalize_key``), as a
set for one-word look-ups or as :class:`Phrases` for phrases found anywhere in a sentence. Arabic proclitics
come from ``tracker.text.arabic`` (the lexicon), never from a list of this package.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from tracker.text.arabic import proclitics, strip_proclitic
from tracker.text.normalize import normalize_key
from tracker.text.patterns import alternation

#: A word of text: letters and digits, with inner apostrophes, dots or hyphens ("al-Nusra", "U.S.").
WORD = re.compile(r"\w++(?:['.-]\w++)*+\.?")  # possessive: the same words, without backtracking states
ARABIC = re.compile(r"[\u0600-\u06ff]")
NEVER = re.compile(r"(?!)")
#: "... soldiers were killed", "one soldier and another gunman were injured": the words before are the hurt.
PASSIVE_KILLED = re.compile(
    r"\s+(?:\w+\s+){0,3}?(?:were|was|have been|had been)\s+(?:killed|wounded|injured)"
)


def is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@lru_cache(maxsize=1 << 16)
def without_clitic(word: str) -> str:
    """``word`` without its proclitic when three letters or more remain (the lexicon's proclitics, through
    :func:`tracker.text.arabic.strip_proclitic`); remembered, as the role rules ask about the same words often.

    >>> without_clitic("والنظام"), without_clitic("بقصف"), without_clitic("killed")
    ('النظام', 'قصف', 'killed')
    """
    return strip_proclitic(word, min_rest=3)


#: :data:`WORD` without its final full stop: an Arabic word's stop ends the sentence, not an abbreviation (a
#: word of :data:`WORD` that ends with "." has a letter before it, so its span here is the same, less the stop).
AR_WORD = re.compile(r"\w++(?:['.-]\w++)*+")


def word_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every word of ``text``."""
    return [m.span() for m in WORD.finditer(text)]


class Phrases:
    """Find folded phrases in folded text at word boundaries, allowing Arabic proclitics before them."""

    def __init__(self, entries: Mapping[str, Any], *, definite: bool = False) -> None:
        import ahocorasick

        self._auto = ahocorasick.Automaton()
        self._group: PhraseGroup | None = None  # set by the group whose one pass finds this set's phrases too
        self._gid = 0
        self._last: tuple[str, list[tuple[int, int, Any]]] | None = None
        keys: dict[str, Any] = {k: v for k, v in entries.items() if k}
        if definite:
            # An indefinite one-word name also stands with the article: "انتحاريين" -> "الانتحاريين".
            for key, value in list(keys.items()):
                if ARABIC.match(key) and " " not in key and not key.startswith("ال"):
                    keys.setdefault("ال" + key, value)
        for key, value in list(keys.items()):
            if key.startswith("ال") and len(key) > 3:
                keys.setdefault("لل" + key[2:], value)  # ل + ال is written "لل": "للنظام"
        for key, value in keys.items():
            self._auto.add_word(key, (key, value))
        self._empty = not keys
        if keys:
            self._auto.make_automaton()

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_last": None}

    def spans(self, text: str) -> list[tuple[int, int, Any]]:
        """Non-overlapping (start, end, value), longest first, in text order. Two phrases that cross in a text
        without Arabic letters keep the left one: English names stand before the nouns they modify ("free
        syrian army" in "free syrian army units", not "syrian army units"); Arabic ones after them."""
        if self._empty:
            return []
        # the rules of one event ask about the same sentence again and again: the last answer is kept
        last = self._last
        if last is not None and last[0] == text:
            return list(last[1])
        group = self._group
        scanned = None if group is None else group._memo.get(text)  # :meth:`PhraseGroup.hits`, inlined
        if scanned is None:
            found = self._select(text, self._auto.iter(text))
        else:
            hits = scanned.get(self._gid)
            if not hits:
                return []  # most sets occur nowhere in a sentence: nothing to keep
            found = self._select(text, hits)
        self._last = (text, found)
        return list(found)

    def spans_within(self, text: str, a: int, b: int) -> list[tuple[int, int, Any]]:
        """:meth:`spans` of ``text[a:b]``; when ``text`` was scanned by this set's group, found at once to be
        empty if none of the set's phrases occurs inside ``[a, b)``."""
        scanned = None if self._group is None else self._group.hits(text)
        if scanned is not None and not any(
            a <= last - len(key) + 1 and last < b for last, (key, _v) in scanned.get(self._gid, ())
        ):
            return []
        return self.spans(text[a:b])

    def occurrences(self, text: str) -> Iterator[tuple[int, int]]:
        """The (start, end) of each occurrence of a phrase in ``text``, at a word boundary or not, in the order
        of their ends, found as they are asked for: :meth:`spans` of a part of ``text`` finds something only
        where an occurrence lies inside that part."""
        if self._empty:
            return
        for last, (key, _value) in self._auto.iter(text):
            yield last - len(key) + 1, last + 1

    def _select(self, text: str, hits: Iterable[tuple[int, tuple[str, Any]]]) -> list[tuple[int, int, Any]]:
        """:meth:`spans` from the occurrences of the phrases in ``text`` (index of the last letter, then phrase
        and value: as the automaton gives them; in any order)."""
        found: list[tuple[int, int, Any]] = []
        n = len(text)
        clitics = proclitics()
        for last, (key, value) in hits:
            start, end = last - len(key) + 1, last + 1
            if end < n:
                after = text[end]
                if after.isalnum() or after == "_":  # is_word, inlined: the hits are many
                    continue
            if start > 0:
                before = text[start - 1]
                if (
                    before.isalnum() or before == "_"
                ):  # a word goes on before the phrase: only a proclitic may
                    ws = start - 1
                    while ws > 0 and (text[ws - 1].isalnum() or text[ws - 1] == "_"):
                        ws -= 1
                    if text[ws:start] not in clitics or not ARABIC.match(key):
                        continue
            found.append((start, end, value))
        if len(found) < 2:
            return found  # nothing to choose between
        if ARABIC.search(text):
            found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        else:  # leftmost longest: the same as longest first unless two phrases cross
            found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        taken: list[tuple[int, int, Any]] = []
        for f in found:
            if all(f[1] <= t[0] or f[0] >= t[1] for t in taken):
                taken.append(f)
        return sorted(taken, key=lambda f: f[0])


class PhraseGroup:
    """One automaton over the phrases of several :class:`Phrases`: the rules ask a dozen phrase sets about the
    same sentence, and one pass over it (:meth:`scan`) finds the occurrences of them all. A member asked about a
    scanned text reads its occurrences from that pass (the same its own automaton finds, so the same spans);
    about any other text (a word, the words before the trigger), it runs its own automaton.

    Sets with a one-letter phrase ("ل", "ب") are left out: it occurs in nearly every word. The occurrences of
    the last few texts scanned are kept.
    """

    KEEP = 16  # scanned texts kept: an article's event sentences, its headline and lead

    def __init__(self, members: Iterable[Phrases | None]) -> None:
        import ahocorasick

        owners: dict[str, list[tuple[int, tuple[str, Any]]]] = {}
        for gid, ph in enumerate(dict.fromkeys(m for m in members if m is not None)):
            keys = {key: value for key, (_key, value) in ph._auto.items()} if not ph._empty else {}
            if not keys or min(map(len, keys)) < 2:
                continue
            for key, value in keys.items():
                owners.setdefault(key, []).append((gid, (key, value)))  # a member's own automaton's value
            ph._group, ph._gid = self, gid
        self._auto = ahocorasick.Automaton()
        for key, found in owners.items():
            self._auto.add_word(key, (key, tuple(found)))
        if owners:
            self._auto.make_automaton()
        self._memo: OrderedDict[str, dict[int, list[tuple[int, tuple[str, Any]]]]] = OrderedDict()

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_memo": OrderedDict()}

    def scan(self, text: str) -> None:
        """Find the members' phrases in ``text`` in one pass, for the members' :meth:`Phrases.spans`."""
        if text in self._memo or not len(self._auto):
            return
        got: dict[int, list[tuple[int, tuple[str, Any]]]] = {}
        for last, (_key, found) in self._auto.iter(text):
            for gid, kv in found:
                got.setdefault(gid, []).append((last, kv))
        if len(self._memo) >= self.KEEP:
            try:
                self._memo.popitem(last=False)  # the oldest (one call: threads sharing the tagger are safe)
            except KeyError:
                pass
        self._memo[text] = got

    def hits(self, text: str) -> dict[int, list[tuple[int, tuple[str, Any]]]] | None:
        """The occurrences in a scanned ``text`` of each member's phrases (index of the last letter, then phrase
        and value), by member; None when ``text`` was not scanned."""
        return self._memo.get(text)


@dataclass(frozen=True)
class Lang:
    """The role words of one language (``roles.yaml``), each a phrase set."""

    agent: Phrases
    cause: Phrases
    light: Phrases
    attribution: Phrases
    clash: Phrases
    between: frozenset[str]
    conj: frozenset[str]
    with_: frozenset[str]
    member: frozenset[str]
    member_links: Phrases
    victim_nouns: frozenset[str]
    target_nouns: frozenset[str]
    passive: frozenset[str]
    counts: frozenset[str]
    stop: frozenset[str]
    leading: frozenset[str]
    persons: frozenset[str]
    subordinators: frozenset[str]
    auxiliaries: frozenset[str]
    prepositions: frozenset[str]
    undergoer_verbs: frozenset[str]
    agent_exclusions: Phrases
    attacker_relatives: Phrases
    speech: Phrases
    kill_verbs: frozenset[str]
    target_preps: frozenset[str]
    named_only: frozenset[str]
    place_after: frozenset[str]
    seize_verbs: frozenset[str]
    triggers: Phrases
    claim: Phrases
    undergo: Phrases
    means: frozenset[str]
    responsibility: Phrases
    pronouns: frozenset[str]
    clause_breaks: frozenset[str]
    relatives: frozenset[str]
    participles: frozenset[str]
    place_preps: frozenset[str]
    origin_words: frozenset[str]
    negations: frozenset[str]
    # Arabic noun phrase extent and objectless triggers (empty for languages that do not list them).
    title_nouns: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    waw_nouns: frozenset[str] = frozenset()
    near_preps: Phrases | None = None
    reflexives: frozenset[str] = frozenset()
    blast_words: frozenset[str] = frozenset()
    result_links: Phrases | None = None
    weapon_objects: frozenset[str] = frozenset()
    support_verbs: frozenset[str] = frozenset()
    naming_words: frozenset[str] = frozenset()
    trigger_words: frozenset[str] = frozenset()  # the one-word ``triggers``, for a quick look-up
    instrument_verbs: frozenset[str] = frozenset()  # "أمطرت X البلدات بالقذائف": the weapon after ب
    people: frozenset[str] = frozenset()  # member and person nouns
    name_heads: frozenset[str] = frozenset()  # titles, group nouns and naming words
    verbs: frozenset[str] = frozenset()  # kill and undergoer verbs
    sources: Phrases | None = None  # "according to", "بحسب": the name after them reports, it does not act
    counter: Phrases | None = None  # "foiled", "repelled": their object's attack is met, not made
    later: frozenset[str] = frozenset()  # "after": in an active sentence, what follows is another event
    attempts: Phrases | None = None  # "محاولة", "attempt by": the name after them attacked
    losses: Phrases | None = None  # "في صفوف", "كبدت": the name after them suffered the losses
    side_marks: Phrases | None = None  # "X من جهة و Y من جهة أخرى": the end of one side of a clash
    times: frozenset[str] = frozenset()  # "evening", "Monday": a time, never an agent ("by the evening")
    state_victims: Phrases | None = None  # protesters, defectors, "under torture": victims of the state
    state_victims_actor: str | None = None  # the registry id of the state forces they imply
    blames: Phrases | None = None  # "blaming": the name after it, then "for", is blamed for an attack
    member_claims: Phrases | None = None  # "one of its fighters": the speaker's own man
    self_blasts: Phrases | None = None  # "blew himself up": a suicide bombing
    state_media: frozenset[str] = frozenset()  # reporters whose "terrorists" are the armed opposition
    state_media_words: frozenset[str] = frozenset()  # "terrorists": their word for it
    state_media_actor: str | None = None  # the registry id of the actor they mean
    unnamed_air_actor: str | None = None  # the registry id of an air force no words name
    clash_opponents: Mapping[str, str] = field(
        default_factory=dict
    )  # side -> id of its unnamed foe in a clash
    nisba: re.Pattern[str] = NEVER  # a relative adjective with an indefinite ending ("عراقيين")
    agreeing: re.Pattern[str] = NEVER  # a relative adjective, bare ending included ("إسلامي")
    third_person: re.Pattern[str] = NEVER  # (stem) + a third-person pronoun suffix ("خطف" + "هم")
    third_person_end: re.Pattern[str] = NEVER  # a third-person pronoun suffix ends the text ("انه")

    @cached_property
    def word_answers(self) -> dict[tuple[str, str], bool]:
        """Answers about single words (:func:`~tracker.actors.voice.verb_like`, ...), kept by the asker."""
        return {}

    # Unions of the lists above that the rules look words up in, made once (not at each look-up).
    @cached_property
    def openers(self) -> frozenset[str]:
        """Subordinators and auxiliaries: a clause (and its subject) opens after them."""
        return self.subordinators | self.auxiliaries

    @cached_property
    def openers_leading(self) -> frozenset[str]:
        return self.subordinators | self.auxiliaries | self.leading

    @cached_property
    def passive_aux(self) -> frozenset[str]:
        return self.passive | self.auxiliaries

    @cached_property
    def titles_groups(self) -> frozenset[str]:
        return self.title_nouns | self.group_nouns

    @cached_property
    def leading_means(self) -> frozenset[str]:
        return self.leading | self.means

    @cached_property
    def fired(self) -> frozenset[str]:
        """What is fired or blown up: weapons, reflexives ("أنفسهم") and means of attack."""
        return self.weapon_objects | self.reflexives | self.means

    @cached_property
    def targets(self) -> frozenset[str]:
        return self.target_preps | self.target_nouns

    @cached_property
    def breaks(self) -> frozenset[str]:
        return self.clause_breaks | self.relatives

    @cached_property
    def forces(self) -> frozenset[str]:
        """Member and person nouns, and "قوات": one word for a body of men."""
        return self.people | {"قوات"}


def phrases(words: Iterable[str]) -> Phrases:
    return Phrases({normalize_key(w): normalize_key(w) for w in words})


def lang_config(raw: Mapping[str, Any], means: set[str]) -> Lang:
    def s(key: str) -> frozenset[str]:
        return frozenset(normalize_key(w) for w in raw.get(key, []))

    return Lang(
        agent=phrases(raw.get("agent_markers", [])),
        cause=phrases(raw.get("cause_preps", [])),
        light=phrases(raw.get("light_verbs", [])),
        attribution=phrases(raw.get("attribution_verbs", [])),
        clash=phrases(raw.get("clash_words", [])),
        between=s("between"),
        conj=s("conjunctions"),
        with_=s("with"),
        member=s("member_nouns"),
        member_links=phrases(raw.get("member_links", [])),
        victim_nouns=s("victim_nouns"),
        target_nouns=s("target_nouns"),
        passive=s("passive_cues"),
        counts=s("count_words"),
        stop=s("stop_words"),
        leading=s("leading_words"),
        persons=s("person_nouns"),
        subordinators=s("subordinators"),
        auxiliaries=s("auxiliaries"),
        prepositions=s("prepositions"),
        agent_exclusions=phrases(raw.get("agent_exclusions", [])),
        attacker_relatives=phrases(raw.get("attacker_relatives", [])),
        speech=phrases(raw.get("speech_verbs", [])),
        kill_verbs=s("kill_verbs"),
        named_only=s("named_only_markers"),
        target_preps=s("target_preps"),
        place_after=s("place_after"),
        seize_verbs=s("seize_verbs"),
        triggers=phrases(raw.get("triggers", [])),
        undergoer_verbs=s("undergoer_verbs"),
        claim=phrases(raw.get("claim_verbs", [])),
        undergo=phrases(raw.get("undergo_verbs", [])),
        means=frozenset(means),
        responsibility=phrases(raw.get("responsibility", [])),
        pronouns=s("pronouns"),
        clause_breaks=s("clause_breaks"),
        relatives=s("relatives"),
        participles=s("participles"),
        place_preps=s("place_preps"),
        origin_words=s("origin_words"),
        negations=s("negations"),
        title_nouns=s("title_nouns"),
        group_nouns=s("group_nouns"),
        waw_nouns=s("waw_nouns"),
        near_preps=phrases(raw.get("near_preps", [])),
        reflexives=s("reflexives"),
        blast_words=s("blast_words"),
        result_links=phrases(raw.get("result_links", [])),
        weapon_objects=s("weapon_objects"),
        support_verbs=s("support_verbs"),
        naming_words=s("naming_words"),
        trigger_words=frozenset(w for w in s("triggers") if " " not in w),
        instrument_verbs=s("instrument_verbs"),
        people=s("member_nouns") | s("person_nouns"),
        name_heads=s("title_nouns") | s("group_nouns") | s("naming_words"),
        verbs=s("kill_verbs") | s("undergoer_verbs"),
        sources=phrases(raw.get("source_markers", [])),
        counter=phrases(raw.get("counter_verbs", [])),
        later=s("later_markers"),
        attempts=phrases(raw.get("attempt_markers", [])),
        losses=phrases(raw.get("loss_markers", [])),
        side_marks=phrases(raw.get("side_markers", [])),
        times=s("time_words"),
        state_victims=phrases(raw.get("state_victims", [])),
        state_victims_actor=raw.get("state_victims_actor"),
        blames=phrases(raw.get("blame_verbs", [])),
        member_claims=phrases(raw.get("member_claims", [])),
        self_blasts=phrases(raw.get("self_blasts", [])),
        state_media=frozenset(raw.get("state_media", [])),
        state_media_words=s("state_media_words"),
        state_media_actor=raw.get("state_media_actor"),
        unnamed_air_actor=raw.get("unnamed_air_actor"),
        clash_opponents=dict(raw.get("clash_opponents") or {}),
        nisba=_ending(r"\w{2,}", s("nisba_endings")),
        agreeing=_ending(r"\w{3,}ي", s("agreement_endings"), optional=True),
        third_person=_ending(r"(\w{3,}?)", s("third_person_suffixes")),
        third_person_end=_ending("", s("third_person_suffixes")),
    )


def _ending(stem: str, endings: frozenset[str], *, optional: bool = False) -> re.Pattern[str]:
    """``stem`` then one of ``endings`` at the end of the text (none listed: a pattern that never matches)."""
    if not endings:
        return NEVER
    return re.compile(f"{stem}(?:{alternation(endings)}){'?' if optional else ''}$")


def after_source_marker(text: str, start: int, markers: Phrases) -> bool:
    """Is the name the source of the report ("according to the opposition TV network", "بحسب المرصد")?
    The marker ends at most two words before it."""
    lo = max(0, start - 40)
    left = text[lo:start]
    return any(len(left[e:].split()) <= 2 for _, e, _ in markers.spans_within(text, lo, start))
