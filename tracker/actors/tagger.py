"""Actors: who did it to whom, and who reported it.

Reads normalised text (``tracker.text.normalize.normalize(...).text``) and the packaged registry
(``resources/actors/actors.yaml``: canonical actors, aliases, sides, ACLED inter codes, parents, date
validity; ``reporters.yaml``: reporting sources; ``roles.yaml``: the words of role constructions per language).
Writes :class:`ActorMatch` spans (``find``), :class:`Roles` (``roles``: ``actor1`` the perpetrator, ``actor2``
the target or victims, ``why`` the construction that decided) and the canonical reporting source (``reporter``).

A noun phrase in a role position that names no registered actor ("مفجرون انتحاريون", "Burundian militiamen") is
still returned, with :data:`UNREGISTERED` as its actor: callers keep its words in ``actor1_text`` and leave
``actor1`` empty (``match.actor.name`` is ``""``).

Clashes: both sides, the one written first (or the one that launched the attack) as
``actor1``. Descriptions (warplanes, gunmen, car bombs) yield to a group named in the same sentence.
:meth:`ActorTagger.article_actor` gives the headline's perpetrator for events whose sentence names none.

Victims: ``actor2`` is "Civilians (Syria)" only when the victim words say civilians, children, women,
residents ...; "12 people"/"12 شخصا" gives an unregistered ``actor2`` (words kept, no actor), as ACLED codes
victims as civilians only when reported as such.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tracker.text.normalize import normalize_key

__all__ = [
    "Actor",
    "ActorMatch",
    "ActorTagger",
    "Roles",
    "UNREGISTERED",
    "default_tagger",
    "load_registry",
    "registry",
]

log = logging.getLogger(__name__)

#: Arabic proclitics that may be glued to an actor name ("والنظام", "بقصف", "لقوات").
_CLITICS = frozenset({"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك"})
_WORD = re.compile(r"\w+(?:['.-]\w+)*\.?")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
#: Arabic relative adjectives ("افغانيا", "صوماليون", "عراقيين"): they continue an indefinite noun phrase.
#: "... soldiers were killed": the words before are the dead.
_PASSIVE_KILLED = re.compile(r"\s+(?:\w+\s+){0,2}?(?:were|was|have been|had been)\s+(?:killed|wounded)")
_NISBA = re.compile(r"\w{2,}(?:يا|يه|يين|يون|يان|يتين)$")
#: The same with the bare masculine ending ("إسلامي", "انتحاري"), for agreement after a noun.
_NISBA_ANY = re.compile(r"\w{3,}ي(?:|ا|ه|ين|ون|ان|تين)$")


@dataclass(frozen=True)
class Actor:
    """A canonical actor. ``actor_type`` is ACLED's inter code; ``successor`` the id it was renamed to."""

    id: str
    name: str
    side: str
    actor_type: int
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None


#: The actor of a noun phrase in a role position that names no registered actor.
UNREGISTERED = Actor(id="unregistered", name="", side="unknown", actor_type=0)


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """An actor named in the text: ``[start, end)`` indexes the normalised text, ``text`` is those words."""

    start: int
    end: int
    text: str
    actor: Actor

    @property
    def registered(self) -> bool:
        """True when the words name an actor of the registry."""
        return self.actor.id != UNREGISTERED.id


@dataclass(frozen=True, slots=True)
class Roles:
    """Perpetrator (``actor1``), target or victims (``actor2``), and the construction that decided (``why``)."""

    actor1: ActorMatch | None
    actor2: ActorMatch | None
    why: str


@dataclass
class _Data:
    actors: dict[str, Actor] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # folded alias -> actor id
    composites: dict[str, str] = field(default_factory=dict)  # means x modifier, means defaults
    defaults: set[str] = field(default_factory=set)  # bare means that stand for an actor ("warplanes")
    fallbacks: set[str] = field(default_factory=set)  # actors that stand for unnamed attackers (warplanes)
    means: dict[str, set[str]] = field(default_factory=dict)  # lang -> folded means words
    sides: tuple[str, ...] = ()
    types: tuple[int, ...] = ()


# ----------------------------------------------------------------------------------------------- loading


def _packaged(name: str) -> Any:
    from tracker.resources import load_yaml

    return load_yaml("actors", name)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _build(docs: Iterable[Mapping[str, Any]]) -> _Data:
    """Merge registry documents (later ones override actors with the same id) into lookup tables."""
    data = _Data()
    raw: dict[str, Mapping[str, Any]] = {}
    means: dict[str, list[Mapping[str, Any]]] = {}
    units: dict[str, list[str]] = {}
    hedges: dict[str, list[str]] = {}
    for doc in docs:
        data.sides = tuple(doc.get("sides", data.sides))
        data.types = tuple(int(t) for t in doc.get("actor_types", {})) or data.types
        for entry in doc.get("actors", []):
            raw[entry["id"]] = entry
        for lang, groups in (doc.get("means") or {}).items():
            means.setdefault(lang, []).extend(groups)
        for lang, words in (doc.get("units") or {}).items():
            units.setdefault(lang, []).extend(words)
        for lang, words in (doc.get("hedges") or {}).items():
            hedges.setdefault(lang, []).extend(normalize_key(w) for w in words)
    for aid, entry in raw.items():
        data.actors[aid] = Actor(
            id=aid,
            name=str(entry["name"]),
            side=str(entry["side"]),
            actor_type=int(entry["type"]),
            parent=entry.get("parent"),
            valid_from=_as_date(entry.get("valid_from")),
            valid_to=_as_date(entry.get("valid_to")),
            successor=entry.get("successor"),
        )
        if entry.get("fallback"):
            data.fallbacks.add(aid)
        for alias in _aliases(entry, "aliases"):
            prev = data.aliases.setdefault(alias, aid)
            if prev != aid:
                log.warning("alias %r names both %s and %s; keeping %s", alias, prev, aid, prev)
    for lang, groups in means.items():
        words = data.means.setdefault(lang, set())
        for group in groups:
            group_words = [normalize_key(w) for w in group.get("words", [])]
            words.update(group_words)
            default = group.get("default")
            for w in group_words:
                if default and w not in data.aliases:
                    data.composites.setdefault(w, default)
                    data.defaults.add(w)
            _add_composites(
                data,
                raw,
                group_words,
                lang,
                air=bool(group.get("air")),
                # hedged nationality ("jets believed to be Russian") is said of aircraft and air strikes
                hedges=hedges.get(lang, []) if group.get("air") else (),
            )
    for lang, words in units.items():
        _add_composites(data, raw, [normalize_key(w) for w in words], lang)
    return data


def _add_composites(
    data: _Data,
    raw: Mapping[str, Mapping[str, Any]],
    heads: list[str],
    lang: str,
    *,
    air: bool = False,
    hedges: Iterable[str] = (),
) -> None:
    """Means or units combined with each actor's modifiers ("Russian jets", "غارات روسية", "دورية تركية"),
    also across a hedge ("warplanes believed to be Russian"); an air means names the actor's air arm."""
    hedges = list(hedges)
    for aid, entry in raw.items():
        target = entry.get("air_arm") or aid if air else aid
        for mod in (normalize_key(m) for m in (entry.get("modifiers") or {}).get(lang, [])):
            for head in heads:
                keys = _compose(head, mod, lang)
                keys += [f"{head} {h} {mod}" for h in hedges]
                for key in keys:
                    if key not in data.aliases:
                        data.composites.setdefault(key, target)


def _aliases(entry: Mapping[str, Any], key: str) -> list[str]:
    out: list[str] = []
    for words in (entry.get(key) or {}).values():
        out.extend(normalize_key(str(w)) for w in words)
    return out


def _compose(means: str, modifier: str, lang: str) -> list[str]:
    if lang == "ar":
        # "الغارات الروسية", "غارات روسية", "غارات النظام"; a definite noun takes no indefinite adjective.
        if means.startswith("ال") and not modifier.startswith("ال"):
            return []
        return [f"{means} {modifier}"]
    return [f"{modifier} {means}"]


@lru_cache(maxsize=4)
def _load(path: str | None, replace: bool) -> _Data:
    docs: list[Mapping[str, Any]] = [] if replace and path else [_packaged("actors.yaml")]
    if path:
        docs.append(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})
    return _build(docs)


def load_registry(path: str | Path | None = None, *, replace: bool = False) -> list[Actor]:
    """The actors of the packaged registry, plus (or, with ``replace``, only) those of a YAML file.

    The file has the shape of ``resources/actors/actors.yaml``; an actor with an existing id replaces it.

    >>> any(a.name == "Islamic State (Syria)" for a in load_registry())
    True
    """
    return list(_load(str(path) if path else None, replace).actors.values())


def registry() -> list[Actor]:
    """The packaged actors."""
    return load_registry()


# ----------------------------------------------------------------------------------------------- matching


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class _Phrases:
    """Find folded phrases in folded text at word boundaries, allowing Arabic proclitics before them."""

    def __init__(self, entries: Mapping[str, Any], *, definite: bool = False) -> None:
        import ahocorasick

        self._auto = ahocorasick.Automaton()
        keys: dict[str, Any] = {k: v for k, v in entries.items() if k}
        if definite:
            # An indefinite one-word name also stands with the article: "انتحاريين" -> "الانتحاريين".
            for key, value in list(keys.items()):
                if _ARABIC.match(key) and " " not in key and not key.startswith("ال"):
                    keys.setdefault("ال" + key, value)
        for key, value in list(keys.items()):
            if key.startswith("ال") and len(key) > 3:
                keys.setdefault("لل" + key[2:], value)  # ل + ال is written "لل": "للنظام"
        for key, value in keys.items():
            self._auto.add_word(key, (key, value))
        self._empty = not keys
        if keys:
            self._auto.make_automaton()

    def spans(self, text: str) -> list[tuple[int, int, Any]]:
        """Non-overlapping (start, end, value), longest first, in text order."""
        if self._empty:
            return []
        found: list[tuple[int, int, Any]] = []
        for last, (key, value) in self._auto.iter(text):
            start, end = last - len(key) + 1, last + 1
            if end < len(text) and _is_word(text[end]):
                continue
            if start > 0 and _is_word(text[start - 1]):
                ws = start
                while ws > 0 and _is_word(text[ws - 1]):
                    ws -= 1
                if text[ws:start] not in _CLITICS or not _ARABIC.match(key):
                    continue
            found.append((start, end, value))
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        taken: list[tuple[int, int, Any]] = []
        for f in found:
            if all(f[1] <= t[0] or f[0] >= t[1] for t in taken):
                taken.append(f)
        return sorted(taken, key=lambda f: f[0])


@dataclass(frozen=True)
class _Lang:
    """The role words of one language (``roles.yaml``), each a phrase set."""

    agent: _Phrases
    cause: _Phrases
    light: _Phrases
    attribution: _Phrases
    clash: _Phrases
    between: frozenset[str]
    conj: frozenset[str]
    with_: frozenset[str]
    member: frozenset[str]
    member_links: _Phrases
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
    agent_exclusions: _Phrases
    attacker_relatives: _Phrases
    speech: _Phrases
    kill_verbs: frozenset[str]
    target_preps: frozenset[str]
    named_only: frozenset[str]
    place_after: frozenset[str]
    triggers: _Phrases
    claim: _Phrases
    undergo: _Phrases
    means: frozenset[str]
    responsibility: _Phrases
    pronouns: frozenset[str]
    clause_breaks: frozenset[str]
    relatives: frozenset[str]
    participles: frozenset[str]
    place_preps: frozenset[str]
    negations: frozenset[str]
    # Arabic noun phrase extent and objectless triggers (empty for languages that do not list them).
    title_nouns: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    waw_nouns: frozenset[str] = frozenset()
    near_preps: _Phrases | None = None
    reflexives: frozenset[str] = frozenset()
    blast_words: frozenset[str] = frozenset()
    result_links: _Phrases | None = None
    weapon_objects: frozenset[str] = frozenset()
    support_verbs: frozenset[str] = frozenset()
    naming_words: frozenset[str] = frozenset()
    trigger_words: frozenset[str] = frozenset()  # the one-word ``triggers``, for a quick look-up
    people: frozenset[str] = frozenset()  # member and person nouns
    name_heads: frozenset[str] = frozenset()  # titles, group nouns and naming words
    verbs: frozenset[str] = frozenset()  # kill and undergoer verbs
    sources: _Phrases | None = None  # "according to", "بحسب": the name after them reports, it does not act
    counter: _Phrases | None = None  # "foiled", "repelled": their object's attack is met, not made
    later: frozenset[str] = frozenset()  # "after": in an active sentence, what follows is another event


def _phrases(words: Iterable[str]) -> _Phrases:
    return _Phrases({normalize_key(w): normalize_key(w) for w in words})


def _lang_config(raw: Mapping[str, Any], means: set[str]) -> _Lang:
    def s(key: str) -> frozenset[str]:
        return frozenset(normalize_key(w) for w in raw.get(key, []))

    return _Lang(
        agent=_phrases(raw.get("agent_markers", [])),
        cause=_phrases(raw.get("cause_preps", [])),
        light=_phrases(raw.get("light_verbs", [])),
        attribution=_phrases(raw.get("attribution_verbs", [])),
        clash=_phrases(raw.get("clash_words", [])),
        between=s("between"),
        conj=s("conjunctions"),
        with_=s("with"),
        member=s("member_nouns"),
        member_links=_phrases(raw.get("member_links", [])),
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
        agent_exclusions=_phrases(raw.get("agent_exclusions", [])),
        attacker_relatives=_phrases(raw.get("attacker_relatives", [])),
        speech=_phrases(raw.get("speech_verbs", [])),
        kill_verbs=s("kill_verbs"),
        named_only=s("named_only_markers"),
        target_preps=s("target_preps"),
        place_after=s("place_after"),
        triggers=_phrases(raw.get("triggers", [])),
        undergoer_verbs=s("undergoer_verbs"),
        claim=_phrases(raw.get("claim_verbs", [])),
        undergo=_phrases(raw.get("undergo_verbs", [])),
        means=frozenset(means),
        responsibility=_phrases(raw.get("responsibility", [])),
        pronouns=s("pronouns"),
        clause_breaks=s("clause_breaks"),
        relatives=s("relatives"),
        participles=s("participles"),
        place_preps=s("place_preps"),
        negations=s("negations"),
        title_nouns=s("title_nouns"),
        group_nouns=s("group_nouns"),
        waw_nouns=s("waw_nouns"),
        near_preps=_phrases(raw.get("near_preps", [])),
        reflexives=s("reflexives"),
        blast_words=s("blast_words"),
        result_links=_phrases(raw.get("result_links", [])),
        weapon_objects=s("weapon_objects"),
        support_verbs=s("support_verbs"),
        naming_words=s("naming_words"),
        trigger_words=frozenset(w for w in s("triggers") if " " not in w),
        people=s("member_nouns") | s("person_nouns"),
        name_heads=s("title_nouns") | s("group_nouns") | s("naming_words"),
        verbs=s("kill_verbs") | s("undergoer_verbs"),
        sources=_phrases(raw.get("source_markers", [])),
        counter=_phrases(raw.get("counter_verbs", [])),
        later=s("later_markers"),
    )


def _after_source_marker(text: str, start: int, markers: _Phrases) -> bool:
    """Is the name the source of the report ("according to the opposition TV network", "بحسب المرصد")?
    The marker ends at most two words before it."""
    left = text[max(0, start - 40) : start]
    return any(len(left[e:].split()) <= 2 for _, e, _ in markers.spans(left))


def _strip_clitic(word: str) -> str:
    """The word without a leading Arabic proclitic when what remains is still a word (2+ letters)."""
    if _ARABIC.match(word) and len(word) > 3 and word[0] in "وفبلك":
        return word[1:]
    return word


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]


# ----------------------------------------------------------------------------------------------- tagger


class ActorTagger:
    """Finds actors, assigns perpetrator/target roles around a trigger, and names the reporting source.

    >>> from tracker.text.normalize import normalize
    >>> t = default_tagger()
    >>> s = normalize("قتل 5 مدنيين جراء غارات شنتها طائرات روسية").text
    >>> r = t.roles(s, "ar", trigger=(0, 3), clauses=[(0, len(s))])
    >>> (r.actor1.actor.name, r.actor2.actor.name)
    ('Military Forces of Russia (2000-)', 'Civilians (Syria)')
    """

    def __init__(
        self,
        *,
        registry_path: str | Path | None = None,
        replace: bool = False,
        reporters: Mapping[str, Any] | None = None,
        roles: Mapping[str, Any] | None = None,
    ) -> None:
        self._data = _load(str(registry_path) if registry_path else None, replace)
        table: dict[str, tuple[str, bool]] = {k: (v, False) for k, v in self._data.composites.items()}
        table.update({k: (v, True) for k, v in self._data.aliases.items()})
        self._actors = _Phrases(table, definite=True)
        rep = reporters if reporters is not None else _packaged("reporters.yaml")
        self._reporters = _Phrases(
            {a: r["name"] for r in rep.get("reporters", []) for a in _aliases(r, "aliases")}
        )
        self._cues = {lang: _phrases(words) for lang, words in (rep.get("cues") or {}).items()}
        raw_roles = roles if roles is not None else _packaged("roles.yaml")
        self._langs = {
            lang: _lang_config(cfg, self._data.means.get(lang, set())) for lang, cfg in raw_roles.items()
        }
        self._successor_of = {a.successor: a.id for a in self._data.actors.values() if a.successor}

    @property
    def actors(self) -> Mapping[str, Actor]:
        """The registry's actors by id."""
        return self._data.actors

    # -------------------------------------------------------------------------------- find
    def find(self, text: str, lang: str, *, when: date | None = None) -> list[ActorMatch]:
        """Registered actors named in normalised ``text``, longest names first, in text order.

        ``when`` (the event date) codes renamed groups by the name in use then ("النصرة" in 2017 -> HTS).
        """
        out: list[ActorMatch] = []
        for start, end, (aid, _explicit) in self._actors.spans(text):
            actor = self._resolve(self._data.actors[aid], when)
            out.append(ActorMatch(start, end, text[start:end], actor))
        return out

    def _resolve(self, actor: Actor, when: date | None) -> Actor:
        if when is None:
            return actor
        seen = {actor.id}
        while actor.successor and actor.valid_to and when >= actor.valid_to:
            nxt = self._data.actors.get(actor.successor)
            if nxt is None or nxt.id in seen:
                break
            actor = nxt
            seen.add(actor.id)
        while actor.valid_from and when < actor.valid_from and actor.id in self._successor_of:
            prev = self._data.actors[self._successor_of[actor.id]]
            if prev.id in seen:
                break
            actor = prev
            seen.add(actor.id)
        return actor

    # -------------------------------------------------------------------------------- article
    def article_actor(
        self, title: str | None, lead: str | None, lang: str, *, when: date | None = None
    ) -> ActorMatch | None:
        """The perpetrator named by the headline (else the lead sentence) of an article, for events whose own
        sentence names none ("Coalition air strikes kill 85 civilians" over "At least 15 civilians were
        killed in raids"). Both texts are normalised; the trigger is the first word of ``roles.yaml``'s
        ``triggers`` list found. None when neither names a registered perpetrator.
        """
        described: ActorMatch | None = None  # a description ("air strikes") yields to a name in the lead
        for text in (title, lead):
            if not text:
                continue
            cfg = self._langs.get("ar" if lang == "ar" else "en")
            spans = cfg.triggers.spans(text) if cfg is not None else []
            for s, e, _ in spans[:3]:
                r = self.roles(text, lang, trigger=(s, e), clauses=[(0, len(text))], when=when)
                if r.actor1 is not None and r.actor1.registered:
                    if not self.describes(r.actor1):
                        return r.actor1
                    described = described or r.actor1
        return described

    def article_claimant(self, text: str, lang: str, *, when: date | None = None) -> ActorMatch | None:
        """The named actor that claims responsibility anywhere in normalised ``text`` ("The Islamic State group
        claimed responsibility for the attack"), for an attack whose own sentence names no perpetrator.
        Languages without ``responsibility`` phrases in ``roles.yaml`` give None."""
        cfg = self._langs.get(lang)
        if cfg is None:
            return None
        for s, e, _ in cfg.responsibility.spans(text):
            stop = max(text.rfind(". ", 0, s), text.rfind("\n", 0, s))
            lo = max(0, s - 120, stop + 1)  # the claimant is in the claim's sentence
            if any(w.group() in cfg.negations for w in _WORD.finditer(text[lo:s])):
                continue  # "No group has claimed the attack"
            finder = _RoleFinder(self, text[lo:e], lang, (s - lo, e - lo), [(0, e - lo)], None, when)
            m = finder.before(s - lo, window=3)
            if m is not None and not self.describes(m):
                return ActorMatch(m.start + lo, m.end + lo, m.text, m.actor)
        return None

    def describes(self, m: ActorMatch | None) -> bool:
        """The match is a description standing for an actor ("warplanes", "a suicide bomber": a ``fallback``
        actor), not a name."""
        return m is not None and m.actor.id in self._data.fallbacks

    @staticmethod
    def may_name(named: ActorMatch, description: ActorMatch) -> bool:
        """A named actor may stand for a description of the same kind: a description of state forces
        ("warplanes") only for state or foreign forces, one of an armed group ("gunmen", "a car bomb") only
        for a non-state group (ACLED inter codes 1 and 8 against the rest)."""
        state = (1, 8)
        return (named.actor.actor_type in state) == (description.actor.actor_type in state)

    # -------------------------------------------------------------------------------- reporter
    def reporter(self, text: str, lang: str) -> str | None:
        """The canonical reporting source named in ``text``: the one nearest a cue ("according to", "قال"),
        else the first; None when no source is named."""
        found = self._reporters.spans(text)
        if not found:
            return None
        cues = self._cues.get(lang) or self._cues.get("en")
        cue_pos = [(s, e) for s, e, _ in cues.spans(text)] if cues else []
        if not cue_pos:
            return str(found[0][2])

        def distance(f: tuple[int, int, Any]) -> int:
            return min(min(abs(f[0] - ce), abs(cs - f[1])) for cs, ce in cue_pos)

        return str(min(found, key=lambda f: (distance(f), f[0]))[2])

    def _is_means(self, words: str) -> bool:
        """A bare means of attack standing for an actor ("air strikes", "عبوة ناسفة")."""
        return words in self._data.defaults or (
            words.startswith("لل") and "ال" + words[2:] in self._data.defaults
        )

    def _is_default(self, words: str) -> bool:
        key = "ال" + words[2:] if words.startswith("لل") else words
        for k in (key, key[2:] if key.startswith("ال") else None):  # "الانتحاريين" is "انتحاريين" + article
            if k and self._data.aliases.get(k) in self._data.fallbacks:
                return True
        if words in self._data.defaults:
            return True
        return words.startswith("لل") and "ال" + words[2:] in self._data.defaults

    def _reporter_spans(self, text: str) -> list[tuple[int, int]]:
        return [(s, e) for s, e, _ in self._reporters.spans(text)]

    # -------------------------------------------------------------------------------- roles
    def roles(
        self,
        text: str,
        lang: str,
        *,
        trigger: tuple[int, int],
        clauses: list[tuple[int, int]],
        victims: tuple[int, int] | None = None,
        when: date | None = None,
    ) -> Roles:
        """Perpetrator and target of the event whose trigger is at ``trigger`` in normalised ``text``.

        ``clauses`` are clause spans of ``text``; ``victims`` the span of the casualty phrase when known.
        Constructions are tried from the most to the least explicit; ``why`` names the ones used.
        """
        return _RoleFinder(self, text, lang, trigger, clauses, victims, when).run()


class _RoleFinder:
    """One call of :meth:`ActorTagger.roles`: the sentence, its matches and the role rules, in order.

    Rules return an :class:`ActorMatch` or None and record their name in ``why``; the first rule that finds
    a perpetrator wins (most explicit construction first), and the target is sought after it.
    """

    def __init__(
        self,
        tagger: ActorTagger,
        text: str,
        lang: str,
        trigger: tuple[int, int],
        clauses: list[tuple[int, int]],
        victims: tuple[int, int] | None,
        when: date | None,
    ) -> None:
        self.text = text
        self.lang = "ar" if lang == "ar" else "en"
        self.cfg = tagger._langs.get(self.lang) or next(iter(tagger._langs.values()))
        self.ts, self.te = trigger
        self.clauses = clauses or [(0, len(text))]
        self.victims = victims
        reps = tagger._reporter_spans(text)
        cited = self.cfg.sources
        found = [
            m
            for m in tagger.find(text, lang, when=when)
            if not any(m.start < e and s < m.end for s, e in reps)
            and not (cited is not None and _after_source_marker(text, m.start, cited))
        ]
        # Bare means that stand for an actor ("warplanes", "air strikes") yield to any named actor: they are
        # tried only when no rule finds a perpetrator among the names.
        self.defaults = [m for m in found if tagger._is_default(m.text)]
        self.all_matches = found
        self.means_defaults = [m for m in found if tagger._is_means(m.text)]
        self.matches = [m for m in found if m not in self.defaults]
        self.words = _words(text, 0, len(text))
        if self.lang == "ar":  # a full stop after an Arabic word ends the sentence, not an abbreviation
            self.words = [(s, e - 1) if text[e - 1] == "." and e - s > 1 else (s, e) for s, e in self.words]
        self._starts = [s for s, _e in self.words]  # words are sorted and disjoint: bisect finds them
        self._ends = [e for _s, e in self.words]
        self.why: list[str] = []
        self._light_np: tuple[int, int] | None = None
        self.excluded = self.cfg.agent_exclusions.spans(text)
        self.t_triggers = self.cfg.triggers
        self._agents = self.cfg.agent.spans(text) if self.lang == "ar" else []

    # ------------------------------------------------------------------ word helpers
    def word_index(self, pos: int) -> int:
        """Index of the first word starting at or after ``pos``."""
        return bisect_left(self._starts, pos)

    def gap(self, a: int, b: int) -> int:
        """Number of words between character positions a <= b."""
        return max(0, bisect_right(self._ends, b) - bisect_left(self._starts, a))

    def word_at(self, i: int) -> str:
        s, e = self.words[i]
        return self.text[s:e]

    def in_words(self, i: int, vocab: frozenset[str]) -> bool:
        if not 0 <= i < len(self.words):
            return False
        w = self.word_at(i)
        return w in vocab or _strip_clitic(w) in vocab

    def is_count(self, i: int) -> bool:
        return 0 <= i < len(self.words) and (
            self.word_at(i)[0].isdigit() or self.in_words(i, self.cfg.counts)
        )

    def is_stop(self, i: int) -> bool:
        if not 0 <= i < len(self.words):
            return False
        w = self.word_at(i)
        glued = self.lang == "ar" and w[:1] in "وف" and w[1:] in self.cfg.stop  # "وفي", "فمن"
        return self.in_words(i, self.cfg.stop) or w[0].isdigit() or glued

    def in_trigger(self, s: int, e: int) -> bool:
        return s < self.te and self.ts < e

    @staticmethod
    def overlap(a: ActorMatch | None, b: ActorMatch | None) -> bool:
        return a is not None and b is not None and a.start < b.end and b.start < a.end

    def usable(self, m: ActorMatch, *, taken: ActorMatch | None = None, perpetrator: bool = True) -> bool:
        if self.overlap(m, taken) or self.in_trigger(m.start, m.end):
            return False
        return not (
            perpetrator
            and (
                m.actor.side == "civilians"
                or self.place_named(m)
                or self.speaker(m)
                or self.killed_subject(m)
            )
        )

    def speaker(self, m: ActorMatch) -> bool:
        """English: the name is who says so ("Turkey says tests point to sarin", "Russia says 62 troops were
        killed in US-led strikes"), not who did it; unless what it says starts with a pronoun for itself
        ("Russia says its jets killed ...")."""
        cfg = self.cfg
        if self.lang != "en" or m.end >= self.ts or not cfg.pronouns:
            return False
        rest = self.text[m.end : self.ts]
        spans = cfg.speech.spans(rest)
        if not spans or spans[0][0] > 1 or rest[: spans[0][0]].strip():
            return False
        s, e, _ = spans[0]
        for cs, ce, _ in cfg.claim.spans(self.text[m.end : self.te]):
            if cs <= s < ce and not self.reported_claim(m.end + cs, m.end + ce):
                return False  # "IS claimed the attack": a claim, not a report
        j = self.word_index(m.end + e)
        if j < len(self.words) and self.word_at(j) == "that":
            j += 1
        return not (j < len(self.words) and self.word_at(j).lower() in cfg.pronouns)

    def place_named(self, m: ActorMatch) -> bool:
        """The name describes a place ("opposition-held", "ISIS areas", "الخاضعة لسيطرة"), not an attacker."""
        nxt = _WORD.match(self.text, m.end + (1 if self.text[m.end : m.end + 1] in "- " else 0))
        if nxt is not None and nxt.group().rstrip(".") in self.cfg.place_after:
            return True
        return any(s <= m.start <= e + 1 for s, e, _ in self.excluded)

    def after(self, pos: int, *, window: int, taken: ActorMatch | None = None, perpetrator: bool = True):
        """The first usable registered match starting after ``pos`` with at most ``window`` words between."""
        for m in self.matches:
            if m.start < pos:
                continue
            if self.gap(pos, m.start) > window:
                return None
            if self.usable(m, taken=taken, perpetrator=perpetrator):
                return m
        return None

    def before(self, pos: int, *, window: int, taken: ActorMatch | None = None, perpetrator: bool = True):
        """The last usable registered match ending before ``pos`` with at most ``window`` words between."""
        for m in reversed(self.matches):
            if m.end > pos:
                continue
            if self.gap(m.end, pos) > window:
                return None
            if self.usable(m, taken=taken, perpetrator=perpetrator):
                return m
        return None

    def same_clause(self, a: int, b: int) -> bool:
        for s, e in self.clauses:
            if s <= a < e:
                return b <= e
        return True

    def nominal_trigger(self) -> bool:
        """The trigger is a noun ("مقتل", "الهجوم", "بقصف", "killing"), not a finite verb with a subject."""
        word = self.text[self.ts : self.te]
        base = _strip_clitic(word)
        if base in self.cfg.victim_nouns or word in self.cfg.victim_nouns:
            return True
        if any(m.start <= self.ts < m.end for m in self.means_defaults):
            return True  # "تفجير", "غارات جوية", "air strikes": a means of attack is a noun
        if self.lang == "ar":
            ti = self.word_index(self.ts)
            return (
                word.startswith("ال")
                or (word[:1] in "بل" and base != word)
                or self.in_words(ti - 1, self.cfg.prepositions)
            )
        return False

    def object_follows(self, i: int) -> bool:
        """A reflexive or a fired weapon ("أنفسهم", "النار") two to four words after word ``i``, with no
        punctuation or preposition glued to it: the words before it are the verb's subject."""
        for k in range(i + 1, min(i + 4, len(self.words))):
            if self.text[self.words[k - 1][1] : self.words[k][0]].strip(' "'):
                return False
            w = self.word_at(k)
            if w in self.cfg.reflexives or w in self.cfg.weapon_objects:
                return True
            if self.is_stop(k):
                return False
        return False

    def victim_noun_trigger(self) -> bool:
        """ "مقتل X", "اغتيال X": the genitive of a death noun is the victim, never the subject."""
        word = _strip_clitic(self.text[self.ts : self.te])
        return word in self.cfg.victim_nouns and word not in self.cfg.kill_verbs  # "خطف" is also a verb

    def object_suffix_verb(self) -> bool:
        """A violent verb with an object pronoun ("خطفهم", "اغتاله", "اختطفوه"): the subject follows it and the
        noun phrase before it is the object ("رهائن خطفهم مسلحون")."""
        word = _strip_clitic(self.text[self.ts : self.te])
        m = re.match(r"(\w{3,}?)(?:هما|هم|ها|ه)$", word)
        if m is None or word in self.cfg.kill_verbs:
            return False
        base = m.group(1)
        base = base + "ا" if base.endswith("و") else base  # "اختطفوه" is "اختطفوا" + ه
        if base in self.cfg.kill_verbs:
            return True
        return any(
            s == 0 and e == len(base) for s, e, _ in self.t_triggers.spans(base)
        ) and not self.nominal_word(base)

    def noun_before_adjective(self, m: ActorMatch) -> ActorMatch:
        """ "قتل مهاجم انتحاري": a registered adjective after the verb's subject noun; the phrase starts at the noun."""
        i = self.word_index(m.start)
        j = i - 1
        if j < 0 or self.words[j][0] < self.te or self.gap(self.te, m.start) != 1:
            return m
        if self.is_stop(j) or self.is_count(j) or self.in_words(j, self.cfg.leading | self.cfg.means):
            return m
        if self.text[self.words[j][1] : m.start].strip() or not self.agrees(j, i):
            return m
        s = self.words[j][0]
        return ActorMatch(s, m.end, self.text[s : m.end], m.actor)

    def plural_verb(self) -> bool:
        """An Arabic verb with the plural ending ("خطفوا"): in verb-subject order the verb is singular, so its
        subject was named before ("اقتحم مسلحون ... وخطفوا")."""
        word = _strip_clitic(self.text[self.ts : self.te])
        return self.lang == "ar" and len(word) > 4 and word.endswith("وا") and not self.nominal_trigger()

    def starts_name(self, i: int) -> bool:
        return 0 <= i < len(self.words) and any(m.start == self.words[i][0] for m in self.matches)

    def passive_verb(self) -> bool:
        """Arabic: a count, person or member word follows the verb ("قتل 12 شخصا"); English: an auxiliary
        precedes it ("were killed", "have reportedly been killed")."""
        ti = self.word_index(self.ts)
        cfg = self.cfg
        if self.undergoer_trigger():
            return True
        if self.lang == "ar":
            nxt = ti + 1
            while nxt < len(self.words) and (
                self.in_words(nxt, cfg.leading) and not self.is_count(nxt) or self.joined_kill_verb(nxt)
            ):
                nxt += 1  # "قتل أمس 4 جنود", "قتل أول من أمس ...", "قتل وجرح 17 سائحا"
            if self.object_follows(nxt):
                return False  # "فجر 3 انتحاريين أنفسهم", "أطلق بعض المسلحين النار": verb, subject, object
            return (
                self.is_count(nxt)
                or (self.in_words(nxt, cfg.member) and not self.starts_name(nxt))
                or self.in_words(nxt, cfg.persons)
                or self.in_words(ti - 1, cfg.passive)
                or any(m.actor.side == "civilians" and self.word_index(m.start) == nxt for m in self.matches)
            )
        if self.in_words(ti - 1, cfg.passive) or self.reduced_passive(ti):
            return True
        adverb = ti >= 1 and (
            self.word_at(ti - 1).endswith("ly") or self.word_at(ti - 1) in ("been", "being")
        )
        return adverb and self.in_words(ti - 2, cfg.passive | cfg.auxiliaries)

    def reduced_passive(self, ti: int) -> bool:
        """English headline passive without an auxiliary: a counted noun phrase, then a kill participle
        with no object after it ("23 ISIS fighters killed in strikes", "Scores of rebels killed near Aleppo";
        not "Two gunmen killed three soldiers")."""
        if ti >= len(self.words) or self.word_at(ti).lower() not in self.cfg.kill_verbs:
            return False
        nxt = ti + 1
        if nxt < len(self.words) and not self.text[self.words[ti][1] : self.words[nxt][0]].strip():
            w = self.word_at(nxt).lower()
            counted = self.is_count(nxt) and (not self.is_stop(nxt) or self.is_count(nxt + 1))
            if counted or w in ("the", "a", "an") or self.starts_name(nxt):
                return False  # the verb has an object ("killed at least 12"; not "killed over a road")
        i, seen = ti - 1, 0
        while i >= 0 and seen < 6:
            if self.text[self.words[i][1] : self.words[i + 1][0]].strip(' "'):
                return False  # punctuation before the participle's subject ends
            if self.is_count(i):
                return True
            if self.is_stop(i) and self.word_at(i).lower() != "of":
                return False
            i, seen = i - 1, seen + 1
        return False

    # ------------------------------------------------------------------ the rules, in order
    def run(self) -> Roles:
        self.reanchor()
        clash = self.clash_between()
        if clash is not None:
            return clash
        named_only = self.matches
        self.matches = self.all_matches  # victims may be described ("ثلاثة مسلحين", "gunmen")
        a2 = self.victim_match()
        self.matches = named_only
        a1 = (
            self.trigger_names_actor(a2)
            or self.support_subject(a2)
            or self.attributed(a2)
            or self.claimed(a2)
            or self.light_verb(a2)
            or self.agent_marker(a2)
            or self.cause(a2)
            or self.active(a2)
        )
        if a1 is None and self._light_np is not None:
            a1 = self.verb_subject_unregistered(a2)
        self.matches = self.all_matches
        if a1 is None and self.defaults:
            a1 = self.trigger_names_actor(a2) or self.agent_marker(a2) or self.cause(a2) or self.active(a2)
        if a1 is None:
            a1 = self.verb_subject_unregistered(a2)
        a1 = self.group_of(a1, a2)
        wide = None
        if self.lang == "ar":
            a1 = wide = self.widen(a1, a2)  # its modifiers are not the target ("القوات المتمركزة شرق ...")
        if a2 is None:
            a2 = self.target(a1)
        if a2 is None and self.lang == "ar":
            a2 = self.result_victims(a1)
        a2 = self.possessive_speaker(a2, a1)
        if a1 is None:
            a1 = self.coordinated_subject(a2)
        if a1 is None:
            a1 = self.sentence_fallback(a2)
        a1 = a1 if a1 is not None and a1 is wide else self.widen(a1, a2)
        a2 = self.widen(a2, a1, victim=True)
        if self.overlap(a1, a2):
            a2 = None
        return Roles(a1, a2, ";".join(self.why) or "none")

    def clash_between(self) -> Roles | None:
        """Clashes name both sides, the first written as actor1 (ACLED's habit): "clashes between X and Y",
        "اشتباكات بين X و Y", "X ... in clashes with Y", "قتل عناصر من X في اشتباكات مع Y" (X first); a side
        "who launched" the attack ("الذي شن هجوما") is actor1."""
        cfg = self.cfg
        near = [
            (s, e)
            for s, e, _ in cfg.clash.spans(self.text)
            if abs(s - self.ts) <= 40 and self.clash_linked(s, e)
        ]
        if not near:
            return None
        if (
            any(s < self.te and self.ts < e for s, e, _ in cfg.clash.spans(self.text))
            and not self.victims_linked()
        ):
            return None  # the clash is the setting of deaths another attack caused
        cs, ce = near[0]
        parties: tuple[ActorMatch, ActorMatch] | None = None
        why = "clash-between"
        first_word = self.word_index(ce)
        for i in range(first_word, min(first_word + 4, len(self.words))):
            w = self.word_at(i)
            if w in cfg.between:
                first = self.after(self.words[i][1], window=1, perpetrator=False)
                second = self.after(first.end, window=1, taken=first, perpetrator=False) if first else None
                if first is not None and second is not None:
                    between = self.text[first.end : second.start].strip()
                    glued_and = self.lang == "ar" and self.text[second.start - 1 : second.start] == "و"
                    if not between or between in cfg.conj or glued_and:
                        parties = (first, second)
                elif first is not None:
                    parties = (first, first)
                break
            if w in cfg.with_:
                other = self.after(self.words[i][1], window=1, perpetrator=False)
                if other is None:
                    break
                mine = self.before(cs, window=60, taken=other, perpetrator=False)
                if mine is not None and mine.actor.side != "civilians" and mine.actor.id != other.actor.id:
                    # the side written first leads, as ACLED lists battles, unless it is the side whose dead
                    # are counted ("16 Turkish soldiers were killed in clashes with IS"): the other killed them
                    parties, why = (mine, other), "clash-with"
                    if self.dead_side(mine) and not self.dead_side(other):
                        parties, why = (other, mine), "clash-with;dead-side"
                else:
                    parties, why = (other, other), "clash-with"
                break
        if parties is None:
            named: list[ActorMatch] = []
            for m in self.matches:
                side = (
                    self.usable(m, perpetrator=False)
                    and m.actor.side != "civilians"
                    and not self.place_named(m)
                )
                if side and all(m.actor.id != n.actor.id for n in named):
                    named.append(m)
            if not named or (len(named) == 1 and self.is_victim_group(named[0])):
                return None  # "بمقتل 15 مسلحا في اشتباكات": the dead, not a side named as such
            parties, why = (named[0], named[1] if len(named) > 1 else named[0]), "clash-parties"
            if len(named) > 1 and self.dead_side(named[0]) and not self.dead_side(named[1]):
                parties, why = (named[1], named[0]), "clash-parties;dead-side"
        first, second = parties
        if second is first:
            self.why.append(why)
            return Roles(self.widen(first, None), None, why)
        if self.launched_attack(second) and not self.launched_attack(first):
            first, second, why = second, first, why + ";attacker"
        self.why.append(why)
        return Roles(self.widen(first, second), self.widen(second, first), why)

    def clash_linked(self, s: int, e: int) -> bool:
        """The clash word at ``[s, e)`` is the trigger or its cause: no clause break between them ("where ...
        were killed in an area that has seen fighting"), and after the trigger it follows a cause preposition
        ("killed in clashes with") with no relative pronoun between. Languages without ``clause_breaks``
        take any clash word near the trigger."""
        cfg = self.cfg
        if not cfg.clause_breaks or (s < self.te and self.ts < e):
            return True
        a, b = (e, self.ts) if e <= self.ts else (self.te, s)
        words = [w.group() for w in _WORD.finditer(self.text[a:b])]
        if any(w in cfg.clause_breaks for w in words):
            return False
        if s < self.te:
            return True  # "clashes that killed ..."
        if any(w in cfg.relatives for w in words):
            return False
        return bool(cfg.cause.spans(self.text[a:b]))

    def killed_subject(self, m: ActorMatch) -> bool:
        """English: the name is the subject of a passive kill verb within two words after it ("Four Hezbollah
        members killed fighting in Syria", "ISIS fighters were killed"): the dead, not a perpetrator."""
        if self.lang != "en":
            return False
        if _PASSIVE_KILLED.match(self.text, m.end):
            return True
        j = self.word_index(m.end)
        for k in range(j, min(j + 3, len(self.words))):
            if self.text[self.words[k - 1][1] if k > j else m.end : self.words[k][0]].strip(' "'):
                return False
            if self.word_at(k) in self.cfg.kill_verbs:
                return self.reduced_passive(k)
        return False

    def reanchor(self) -> None:
        """A clash trigger cut off from its casualties by a clause break ("ISIL executed eight men ... because they
        belonged to groups that had fought ...") gives way to the kill verb next to the casualties."""
        if self.victims is None or self.victims_linked():
            return
        if not any(s < self.te and self.ts < e for s, e, _ in self.cfg.clash.spans(self.text)):
            return
        vs, ve = self.victims
        i, j = self.word_index(vs) - 1, self.word_index(ve)
        skip = self.cfg.passive | self.cfg.auxiliaries
        while j < len(self.words) and j - self.word_index(ve) < 3 and self.in_words(j, skip):
            j += 1  # "38 civilians have been killed"
        for k in (j, i):
            if 0 <= k < len(self.words) and self.word_at(k) in self.cfg.kill_verbs:
                self.ts, self.te = self.words[k]
                self.why.append("trigger-at-victims")
                return

    def victims_linked(self) -> bool:
        """A clash trigger caused the casualties written around it, unless a clause break stands between them:
        "five were killed in an area that has seen fighting", "killed ... as fighting raged", "fighting raged
        on the edges, where 38 civilians have been killed" (languages without ``clause_breaks``: always)."""
        cfg = self.cfg
        if not cfg.clause_breaks or self.victims is None:
            return True
        vs, ve = self.victims
        if ve <= self.ts:
            a, b, after = ve, self.ts, True
        elif vs >= self.te:
            a, b, after = self.te, vs, False
        else:
            return True
        words = [w.group() for w in _WORD.finditer(self.text[a:b])]
        if any(w in cfg.clause_breaks for w in words):
            return False
        return not (after and any(w in cfg.relatives for w in words))

    def dead_side(self, m: ActorMatch) -> bool:
        """English: the party is the one whose dead are counted ("29 rebels were killed in clashes with ..."):
        inside the casualty phrase, after a count, or the subject of a passive kill verb."""
        if self.lang != "en":
            return False
        if self.victims is not None and self.victims[0] <= m.start < self.victims[1]:
            return True
        return self.is_count(self.word_index(m.start) - 1) or bool(_PASSIVE_KILLED.match(self.text, m.end))

    def is_victim_group(self, m: ActorMatch) -> bool:
        """The name is the group of the dead: inside the casualty phrase, after a count or member noun, or the
        subject of a passive kill verb."""
        if self.victims is not None and self.victims[0] <= m.start < self.victims[1] + 40:
            return True
        i = self.word_index(m.start)
        if (
            self.is_count(i - 1)
            or self.in_words(i - 1, self.cfg.member)
            or self.in_words(i - 2, self.cfg.member)
        ):
            return True
        if self.lang == "en":
            return bool(_PASSIVE_KILLED.match(self.text, m.end))
        return False

    def subject_of_verb(self, m: ActorMatch) -> bool:
        """The name sits in a subject slot of a violent verb: right after it in Arabic ("اقتحم مسلحون"), right
        before it in English ("gunmen stormed")."""
        i = self.word_index(m.start)
        j = i - 1 if self.lang == "ar" else self.word_index(m.end)
        if not 0 <= j < len(self.words):
            return False
        s, e = self.words[j]
        return bool(self.cfg.triggers.spans(self.text[s:e])) and not self.is_count(j)

    def launched_attack(self, m: ActorMatch) -> bool:
        """The party is followed by "who launched"/"الذي شن" (an attack)."""
        rest = self.text[m.end : m.end + 30]
        return any(s <= 3 for s, _e, _ in self.cfg.attacker_relatives.spans(rest))

    def victim_match(self) -> ActorMatch | None:
        """The victims: a registered actor inside the casualty phrase, or one linked to a member noun in it
        ("تسعة عناصر من تنظيم داعش", "ISIS fighters"); else the phrase itself, unregistered."""
        if self.victims is None:
            if self.lang == "ar" and not (self.passive_verb() or self.nominal_trigger()):
                return None  # "هاجم عناصر من داعش حاجزا": members of an active verb are its subject
            if self.lang == "en" and self.passive_verb():
                return (
                    None  # "Dozens were killed by ISIS fighters": the dead are the subject, before the verb
                )
            return self.member_victim(self.te, len(self.text))
        vs, ve = self.victims
        inside = [m for m in self.matches if m.start >= vs and m.end <= ve]
        named = [m for m in inside if m.actor.side != "civilians"]
        described = all(m in self.defaults or normalize_key(m.text) in self.cfg.member for m in named)
        linked = self.member_victim(vs, min(ve + 60, len(self.text))) if described else None
        if named and linked is not None and linked.end > ve:
            return linked  # "35 militants of the Nusra Front": the group named after the description
        if named:
            self.why.append("victims-group")
            return named[0]
        if linked is not None:
            return linked
        if inside:
            self.why.append("victims-civilians")
            return ActorMatch(vs, ve, self.text[vs:ve], inside[0].actor)
        self.why.append("victims-unregistered")
        return ActorMatch(vs, ve, self.text[vs:ve], UNREGISTERED)

    def member_victim(self, start: int, end: int) -> ActorMatch | None:
        """A member noun followed by a link and a group ("عناصر من قوات النظام", "members of ISIS"), or in
        English preceded by the group ("ISIS fighters"), within a few words of ``start``."""
        cfg = self.cfg
        lo = self.word_index(start)
        for i in range(lo, min(lo + 5, len(self.words))):
            if not self.in_words(i, cfg.member):
                continue
            ws, we = self.words[i]
            inside = next((m for m in self.matches if m.start <= ws < m.end), None)
            bare = inside is not None and normalize_key(inside.text) in cfg.member  # "militants" alone
            if inside is not None and not (bare and self.lang == "en"):
                if self.lang == "en" and inside.actor.side != "civilians":
                    self.why.append("victims-member")
                    return inside  # "ISIS fighters" is one name
                continue  # the member noun is part of a name ("عناصر حزب الله")
            m = self.after(we, window=3, perpetrator=False)
            if (
                m is not None
                and m.start < end
                and m.actor.side != "civilians"
                and m not in self.means_defaults
            ):
                link = self.text[we : m.start]
                if not link.strip() or cfg.member_links.spans(link):
                    self.why.append("victims-member")
                    if self.lang == "ar" and not link.strip():
                        # "جنديا تركيا", "عناصر داعش": one phrase, the member noun first
                        return ActorMatch(ws, m.end, self.text[ws : m.end], m.actor)
                    return m
            if self.lang == "en":
                m = self.before(ws, window=0, perpetrator=False)
                if m is not None and m.actor.side != "civilians":
                    self.why.append("victims-member")
                    return m
                if bare and inside is not None and inside.actor.side != "civilians":
                    self.why.append("victims-member")
                    return inside  # "18 moderate rebels": no group named, the description stands
        return None

    def group_of(self, a1: ActorMatch | None, a2: ActorMatch | None) -> ActorMatch | None:
        """ "A suicide bomber from the Nusra Front", "مسلحون من تنظيم الدولة": an unnamed attacker linked to a
        group is coded as the group (the span covers both)."""
        if a1 is None or a1.actor.id not in (UNREGISTERED.id, "unidentified"):
            return a1
        m = self.after(a1.end, window=4, taken=a2)
        if (
            m is None
            or m.actor.id == a1.actor.id
            or not self.cfg.member_links.spans(self.text[a1.end : m.start])
        ):
            return a1
        if self.verb_between(a1.end, m.start):
            return a1
        if self.lang == "ar" and (self.other_head(a1.end, m.start) or a1.end <= self.ts < m.start):
            return a1  # "انتحاري 12 مجندا في الجيش", "عملية استهدفت رتلا للتحالف": the group of other words
        self.why.append("member-of")
        return ActorMatch(a1.start, m.end, self.text[a1.start : m.end], m.actor)

    def other_head(self, a: int, b: int) -> bool:
        """A count, member or person noun between positions a and b: a group after it belongs to that noun."""
        lo, hi = self.word_index(a), self.word_index(b)
        return any(self.is_count(k) or self.in_words(k, self.cfg.people) for k in range(lo, hi))

    def trigger_names_actor(self, a2: ActorMatch | None) -> ActorMatch | None:
        """The trigger is a means of attack that names its actor: "Russian jets", "regime shelling",
        "غارات التحالف", "البراميل المتفجرة"."""
        for m in self.matches:
            if (
                m.start < self.te
                and self.ts < m.end
                and m.actor.side != "civilians"
                and not self.overlap(m, a2)
            ):
                countered = self.countered_by(m)
                if countered is not None:
                    self.why.append("counter-attack")
                    return countered
                self.why.append("trigger-names-actor")
                return m
        return None

    def countered_by(self, m: ActorMatch) -> ActorMatch | None:
        """ "SDF foiled an ISIS attack", "Syrian jets pound ISIS offensive": the named attack is the object of
        a verb that meets it; that verb's subject is who did the killing."""
        cfg = self.cfg
        if cfg.counter is None:
            return None
        i = self.word_index(m.start)
        for j in range(i - 1, max(-1, i - 4), -1):  # the verb, with an article or two between
            ws, we = self.words[j]
            if cfg.counter.spans(self.text[ws:we]):
                subject = self.before(ws, window=1, taken=m)
                return subject if subject is not None and self.same_clause(subject.start, ws) else None
            if normalize_key(self.text[ws:we]) not in cfg.leading:
                return None
        return None

    def support_subject(self, a2: ActorMatch | None) -> ActorMatch | None:
        """ "نفذ الجيش ضربة جوية", "سلاح الجو يشن غارة": the trigger is the object of a support verb, whose subject
        (after the verb, else the bounded phrase before it) is the attacker."""
        means = _strip_clitic(self.text[self.ts : self.te]) in self.cfg.means
        if self.lang != "ar" or not (means or any(m.start <= self.ts < m.end for m in self.means_defaults)):
            return None
        ti = self.word_index(self.ts)
        if ti >= len(self.words) or self.words[ti][0] != self.ts:
            return None  # the trigger is glued to a preposition ("بغارة"): not an object
        for j in range(ti - 1, max(-1, ti - 5), -1):
            if self.text[self.words[j][1] : self.words[j + 1][0]].strip(' "'):
                return None
            if not self.in_words(j, self.cfg.support_verbs):
                continue
            vs, ve = self.words[j]
            if j < ti - 1:
                np = self.after(ve, window=0, taken=a2) or self.np_after(ve, limit=self.ts)
            else:
                np = self.before(vs, window=1, taken=a2) or self.bounded_before(j)
            if np is not None and not self.overlap(np, a2):
                self.why.append("support-verb")
                return np
            return None
        return None

    def bounded_before(self, j: int) -> ActorMatch | None:
        """The words between the clause start (punctuation, a subordinator or the sentence start) and word ``j``."""
        i = j - 1
        picked: list[int] = []
        while i >= 0 and len(picked) < 4:
            nxt = self.words[picked[0]][0] if picked else self.words[j][0]
            if self.text[self.words[i][1] : nxt].strip(' "'):
                break
            if self.is_stop(i) or self.in_words(i, self.cfg.subordinators | self.cfg.auxiliaries):
                break
            picked.insert(0, i)
            i -= 1
        bounded = i < 0 or bool(
            picked
            and (
                self.in_words(i, self.cfg.subordinators | self.cfg.auxiliaries)
                or self.text[self.words[i][1] : self.words[picked[0]][0]].strip(' "')
            )
        )
        if not picked or not bounded:
            return None
        return self._np(self.words[picked[0]][0], self.words[picked[-1]][1])

    def coordinated_subject(self, a2: ActorMatch | None) -> ActorMatch | None:
        """ "اقتحم مسلحون المنزل وخطفوا ...": a verb joined by و/ف shares the subject of the violent verb before it
        in the sentence (verb-subject order)."""
        word = self.text[self.ts : self.te]
        if self.lang != "ar" or word[:1] not in "وف" or _strip_clitic(word) == word or self.nominal_trigger():
            return None
        for s, e, _ in reversed(self.t_triggers.spans(self.text[: self.ts])):
            if self.gap(e, self.ts) > 20 or any(ch in self.text[e : self.ts] for ch in ".؟!:"):
                return None
            i = self.word_index(s)
            if i >= len(self.words) or self.words[i][0] != s and self.words[i][0] > s:
                i -= 1
            w = _strip_clitic(self.word_at(i))
            if self.nominal_word(w) or w in self.cfg.undergoer_verbs or self.words[i][1] != e:
                continue
            np = self.after(e, window=0, taken=a2) or self.np_after(e)
            if np is None or self.overlap(np, a2) or self.victim_like(np) or np.end > self.ts:
                return None
            self.why.append("coordinated-subject")
            return np
        return None

    def sentence_fallback(self, a2: ActorMatch | None) -> ActorMatch | None:
        """No construction names the perpetrator: the nearest armed actor named before the trigger in the same
        sentence ("Jets believed to be Russian struck the town, where five civilians were killed"), else the
        first after it. Weakest rule; ``why`` says so."""
        armed = [
            m
            for m in self.matches
            if self.usable(m, taken=a2)
            and not self.is_count(self.word_index(m.start) - 1)  # "304 Daesh militants"
            and not self.passive_subject(m)
            and not self.joined_to(m, a2)
            and not self.later_event(m)
            and not (self.victims is not None and self.victims[0] <= m.start < self.victims[1])
        ]
        if (
            self.lang == "en"
        ):  # a name in a prepositional phrase ("an attack on regime forces") is not the subject
            armed = [m for m in armed if not self.after_place_prep(m)] or armed
        named = [m for m in armed if m not in self.defaults] or armed  # a name before a description
        named = [m for m in named if self.subject_of_verb(m)] or named  # "اقتحم مسلحون ... وخطفوا"
        before = [m for m in named if m.end <= self.ts]
        pick = before[-1] if before else (named[0] if named else None)
        if pick is not None:
            countered = self.countered_by(pick)
            if countered is not None:
                self.why.append("counter-attack")
                return countered
            self.why.append("sentence")
        return pick

    def later_event(self, m: ActorMatch) -> bool:
        """English, active verb: "Jets kill 9 after an insurgent raid on the town": a name after "after" is
        another, earlier event's actor."""
        if self.lang != "en" or m.start < self.te or self.passive_verb():
            return False
        i = self.word_index(m.start)
        return any(self.in_words(j, self.cfg.later) for j in (i - 1, i - 2) if j >= 0)

    def joined_to(self, m: ActorMatch, a2: ActorMatch | None) -> bool:
        """The name is joined to the victims by "and" ("40 militants of the Nusra Front and the so-called
        Free Syrian Army"): more victims, not the perpetrator."""
        if a2 is None or m.start < a2.end:
            return False
        gap = self.text[a2.end : m.start].split()
        return 0 < len(gap) <= 5 and any(normalize_key(w) in self.cfg.conj for w in gap)

    def passive_subject(self, m: ActorMatch) -> bool:
        """English: the name is in the subject of the passive trigger ("the Nusra Front commander in Latakia was
        killed"): before it in the same clause, with no other verb or clause break between."""
        if (
            self.lang != "en"
            or m.end > self.ts
            or not self.passive_verb()
            or not self.same_clause(m.start, self.ts)
        ):
            return False
        between = self.text[m.end : self.ts]
        if re.search(r"[,;:]", between) or self.cfg.triggers.spans(between):
            return False
        return not any(
            w.group() in self.cfg.clause_breaks | self.cfg.relatives for w in _WORD.finditer(between)
        )

    def clash_words_near(self) -> bool:
        return any(abs(s - self.ts) <= 60 for s, _e, _ in self.cfg.clash.spans(self.text))

    def attributed(self, a2: ActorMatch | None) -> ActorMatch | None:
        """ "X accused Y of killing", "اتهم X Y بقتل": the accused is the suspected perpetrator."""
        for _s, e, _ in self.cfg.attribution.spans(self.text):
            if e > self.ts:
                continue
            between = [
                m for m in self.matches if m.start >= e and m.end <= self.ts and self.usable(m, taken=a2)
            ]
            if not between:
                continue
            pick = between[0]
            if self.lang == "ar" and len(between) >= 2 and self.gap(e, between[0].start) == 0:
                pick = between[1]  # verb, accuser, accused
            self.why.append("attribution")
            return pick
        return None

    def claimed(self, a2: ActorMatch | None) -> ActorMatch | None:
        """ "تبنت X الهجوم", "X claimed responsibility for the attack": the claimant is the perpetrator."""
        for s, e, _ in self.cfg.claim.spans(self.text):
            if self.ts < e and s < self.te:
                continue
            if self.lang == "ar":
                m = self.after(e, window=1, taken=a2) or self.np_after(
                    e, limit=self.ts if e <= self.ts else None
                )
            else:
                if self.reported_claim(s, e):
                    continue
                m = self.np_before(s) or self.before(s, window=3, taken=a2)
            if m is not None and not self.overlap(m, a2):
                self.why.append("claim")
                return m
        return None

    def reported_claim(self, s: int, e: int) -> bool:
        """A bare "claims"/"claimed" that reports a statement ("the opposition claims killed hundreds",
        "activists claimed that ..."), not a claim of responsibility."""
        j = self.word_index(e)
        if j >= len(self.words) or " " in self.text[s:e]:
            return False
        w = self.word_at(j)
        if w == "that" or self.is_count(j):
            return True
        # a clause follows: "claimed (that) its fighters killed 30 soldiers", "claims killed hundreds"
        for k in range(j, min(j + 4, len(self.words))):
            v = self.word_at(k)
            if v in self.cfg.kill_verbs or (k == j and self.cfg.triggers.spans(v)):
                return True
        return False

    def light_verb(self, a2: ActorMatch | None) -> ActorMatch | None:
        """ "قامت المعارضة بقتل": the actor between the light verb and the trigger."""
        for _s, e, _ in self.cfg.light.spans(self.text):
            if e <= self.ts and self.gap(e, self.ts) <= 10:
                m = self.after(e, window=0, taken=a2)
                if m is not None and m.end <= self.ts:
                    self.why.append("light-verb")
                    return m
                self._light_np = (e, self.ts)
        return None

    def agent_marker(self, a2: ActorMatch | None) -> ActorMatch | None:
        """Passive and relative clauses: "killed by X", "من قبل X", "غارات شنها X", "strikes carried out by X".
        Markers after the trigger are preferred; a relative clause before it also counts."""
        spans = self.cfg.agent.spans(self.text)
        spans = [sp for sp in spans if not any(xs <= sp[0] < xe for xs, xe, _ in self.excluded)]
        ordered = sorted(spans, key=lambda sp: (sp[0] < self.te, abs(sp[0] - self.te)))
        for s, e, _ in ordered:
            if s >= self.te and (self.gap(self.te, s) > 12 or self.verb_between(self.te, s)):
                continue  # "after a pilot was killed by rebels": the marker belongs to another verb
            m = self.after(e, window=2, taken=a2)
            if m is not None:
                self.why.append("agent-marker")
                return m
            near = self.gap(self.te, s) <= 6 if s >= self.te else self.gap(e, self.ts) <= 6
            if near and self.text[s:e] not in self.cfg.named_only:
                np = self.np_after(e)
                if np is not None and not self.overlap(np, a2) and not self.in_trigger(np.start, np.end):
                    self.why.append("agent-marker-unregistered")
                    return np
        return None

    def verb_between(self, a: int, b: int) -> bool:
        """A trigger word (another event) between positions a and b."""
        words = (m.group() for m in _WORD.finditer(self.text[a:b]))
        verbs = self.cfg.kill_verbs | self.cfg.undergoer_verbs
        return any(w in verbs or _strip_clitic(w) in verbs for w in words)

    def cause(self, a2: ActorMatch | None) -> ActorMatch | None:
        """ "قتل 5 في غارات روسية", "killed in Russian air strikes", "بقصف للنظام": a registered actor right
        after a cause preposition or a means of attack, within ten words after the trigger."""
        cfg = self.cfg
        if self.lang == "en" and not self.passive_verb():
            if self.before(self.ts, window=1, taken=a2) is not None:
                return None  # "The U.S. military launched strikes on ...": an active verb with its subject
            if self.is_count(self.word_index(self.te)):
                return None  # "... and kill 47 militants (banned in Russia)": an active verb with its object
            after_trigger = self.word_index(self.te)
            if self.in_words(after_trigger, cfg.kill_verbs) or self.in_words(
                after_trigger, cfg.trigger_words
            ):
                return None  # "Air strikes killed 45 after rebel fire": the trigger is the cause, "after" another event
        for m in self.matches:
            if m.start < self.te or not self.usable(m, taken=a2):
                continue
            if self.gap(self.te, m.start) > 10:
                return None
            i = self.word_index(m.start)
            if i >= len(self.words) or self.words[i][0] > m.start:
                i -= 1  # the match starts inside a word: a proclitic is glued to it
            glued = self.text[self.words[i][0] : m.start] if 0 <= i < len(self.words) else ""
            if "ب" in glued:
                self.why.append("cause")
                return m
            for j in (i - 1, i - 2):
                if j < 0 or self.words[j][0] < self.te:
                    continue
                if j == i - 1 and self.lang == "ar" and self.in_words(j - 1, cfg.people):
                    break  # "42 مجندا في الجيش": the group of the victims, not a cause
                w = self.word_at(j)
                if self.in_words(j, cfg.means) or cfg.cause.spans(w) and len(w) <= 6:
                    self.why.append("cause")
                    return m
        return None

    def active(self, a2: ActorMatch | None) -> ActorMatch | None:
        """Active voice. Arabic: "ان X فعل" (subject before), verb-subject ("قتلت قوات النظام"), or a
        registered subject just before the verb; English: the noun phrase before the verb."""
        cfg = self.cfg
        ti = self.word_index(self.ts)
        if self.lang == "ar":
            nominal = self.nominal_trigger()
            if self.object_suffix_verb():
                np = self.np_after(self.te, names=3)
                if np is not None and not self.overlap(np, a2) and not self.victim_like(np):
                    self.why.append("verb-object-pronoun-subject")
                    return np
            if not nominal:
                np = self.ar_subject_before()
                if np is not None and not self.overlap(np, a2):
                    self.why.append("subject-verb" if np.registered else "subject-verb-unregistered")
                    return np
            if (
                not self.passive_verb()
                and not self.in_words(ti + 1, cfg.target_nouns)
                and not self.plural_verb()
                and not self.victim_noun_trigger()
            ):
                m = self.after(self.te, window=1, taken=a2)
                if m is not None and m in self.means_defaults and self.in_words(ti, cfg.support_verbs):
                    m = None  # "نفذ ضربات جوية": the means is the object of a support verb
                if m is not None:
                    self.why.append("verb-subject")
                    return self.noun_before_adjective(m)
            m = self.before(self.ts, window=2, taken=a2)
            if m is not None and self.same_clause(m.start, self.ts) and not nominal:
                self.why.append("subject-verb")
                return m
            return None
        if self.passive_verb():
            return None
        if 0 < ti < len(self.words) and self.word_at(ti) in cfg.participles and not self.is_stop(ti - 1):
            m = self.clause_subject(a2)
            if m is not None:  # "X struck the town, killing 18": the participle's subject is the clause's
                self.why.append("participle-subject")
                return m
        np = self.np_before(self.ts)
        if np is not None:
            cover = next(
                (xs for xs, xe, _ in self.excluded if xe <= np.start and self.gap(xe, np.start) == 0), None
            )
            if cover is not None:  # "government forces backed by Russian strikes recaptured": the backed side
                lead = self.before(cover, window=1, taken=a2) or self.np_before(cover)
                if lead is not None:
                    self.why.append("subject-verb")
                    return lead
        named = self.before(self.ts, window=1, taken=a2)
        if (
            named is not None
            and (np is None or named.start < np.start)
            and self.same_clause(named.start, self.ts)
        ):
            self.why.append(
                "subject-verb"
            )  # a name longer than the plain noun phrase ("jets believed to be Russian")
            return named
        if np is not None and not np.registered:
            # "Rebel rocket fire on a government-held district killed ...": the name opening the clause
            cs = next((s for s, e in self.clauses if s <= self.ts < e), 0)
            first = next(
                (m for m in self.matches if cs <= m.start < np.start and self.usable(m, taken=a2)),
                None,
            )
            if first is not None:
                self.why.append("subject-verb")
                return first
        if np is not None and not self.overlap(np, a2) and np.actor.side != "civilians":
            self.why.append("subject-verb" if np.registered else "subject-verb-unregistered")
            return np
        m = self.before(self.ts, window=4, taken=a2)
        if m is not None and self.same_clause(m.start, self.ts):
            verb = self.verb_before(m)
            if verb is not None:  # "rebels attacked government forces with car bombs": the verb's subject
                subject = self.before(verb, window=1, taken=a2)
                if subject is None:
                    return None
                m = subject
            self.why.append("subject-verb")
            return m
        return None

    def verb_before(self, m: ActorMatch) -> int | None:
        """English: the start of a verb right before the name (articles skipped), which makes it an object."""
        i = self.word_index(m.start) - 1
        while i >= 0 and self.word_at(i) in ("the", "a", "an"):
            i -= 1
        if i < 0 or self.text[self.words[i][1] : m.start].strip(' "'):
            return None
        w = self.word_at(i)
        if any(x.start <= self.words[i][0] < x.end for x in self.all_matches):
            return None  # part of a name ("the so-called")
        return self.words[i][0] if self.verb_like(w) else None

    def after_place_prep(self, m: ActorMatch) -> bool:
        """The name follows one of ``place_preps`` ("in Aleppo", "on the regime's positions")."""
        i = self.word_index(m.start) - 1
        while i >= 0 and self.word_at(i) in ("the", "a", "an"):
            i -= 1
        return i >= 0 and self.word_at(i) in self.cfg.place_preps

    def clause_subject(self, a2: ActorMatch | None) -> ActorMatch | None:
        """English: the first name of the sentence before the trigger that is not in a prepositional phrase
        ("in Aleppo", "on ISIS positions") nor the dead; "Rebel groups including X and Y" is "Rebel groups"."""
        for m in self.matches:
            if m.end > self.ts:
                return None
            if not self.usable(m, taken=a2) or self.after_place_prep(m):
                continue
            return m
        return None

    def undergoer_trigger(self) -> bool:
        """The trigger verb's subject is its victim ("أصيب", "died")."""
        word = self.text[self.ts : self.te]
        return word in self.cfg.undergoer_verbs or _strip_clitic(word) in self.cfg.undergoer_verbs

    def ar_np_before(self) -> ActorMatch | None:
        """The Arabic noun phrase after the nearest subordinator ("ان") or auxiliary ("كان") within eight
        words before the trigger, up to the trigger."""
        ti = self.word_index(self.ts)
        for j in range(ti - 1, max(-1, ti - 17), -1):
            if j + 1 < len(self.words) and self.text[self.words[j][1] : self.words[j + 1][0]].strip(' "'):
                break  # punctuation: another clause
            if j == ti - 1 and self.lang == "ar" and _strip_clitic(self.word_at(j)) == "قد":
                continue  # "كان 40 جنديا قد قتلوا": the subject stands before قد
            if self.in_words(j, self.cfg.subordinators | self.cfg.auxiliaries):
                return self.np_after(self.words[j][1], limit=self.ts, victim=True)
        return None

    def antecedent(self, np: ActorMatch | None, sub_end: int | None) -> ActorMatch | None:
        """ "قال الجيش الأمريكي ان قواته قتلت", "أكد الحلف انه قتل": a pronoun (a suffix on the subject or on
        ان) refers to whoever spoke; that speaker is the subject."""
        if np is not None and (
            np.registered
            or " " in np.text
            or np.text.startswith("ال")
            or not re.search(r"(?:ه|ها|هم|هما)$", np.text)
        ):
            return np  # not a pronoun suffix (teh marbuta folds to ه, but a definite noun takes no suffix)
        if np is None and (sub_end is None or not re.search(r"(?:ه|ها|هم|هما)$", self.text[:sub_end])):
            return None
        start = np.start if np is not None else (sub_end or self.ts)
        verbs = [sp for sp in self.cfg.speech.spans(self.text[:start])]
        if not verbs:
            return np
        speaker = self.after(verbs[-1][1], window=1) or self.np_after(verbs[-1][1], limit=start)
        if speaker is None or self.victim_like(speaker):
            return np
        self.why.append("speaker")
        return speaker

    def ar_subject_before(self) -> ActorMatch | None:
        """The Arabic subject before a verb trigger: the noun phrase after the nearest subordinator ("ان") or
        auxiliary ("كان") within eight words ("ان انتحاريا يقود سيارة فجر نفسه"), else the words between the
        clause start and the verb ("وكان انتحاريان قد فجرا")."""
        if self.undergoer_trigger():
            return None
        ti = self.word_index(self.ts)
        for j in range(ti - 1, max(-1, ti - 9), -1):
            if j == ti - 1:
                if not re.search(r"(?:ه|ها|هم|هما)$", self.word_at(j)):
                    continue  # "كان X قد فعل": the subject is not between قد and the verb; "أنه فعل" is a pronoun
            elif self.text[self.words[j][1] : self.words[j + 1][0]].strip(' "'):
                break  # punctuation: another clause (a comma may end the subject: "أن X من Y، فجر")
            if self.in_words(j, self.cfg.subordinators | self.cfg.auxiliaries):
                np = self.antecedent(self.np_after(self.words[j][1], limit=self.ts), self.words[j][1])
                if np is not None and not self.victim_like(np):
                    return np
                break
        np = self.kana_subject(ti)
        if np is not None:
            return np
        i = ti - 1
        while i >= 0 and self.in_words(i, self.cfg.auxiliaries):
            i -= 1
        picked: list[int] = []
        while i >= 0 and len(picked) < 3:
            nxt = self.words[picked[0]][0] if picked else self.ts
            if self.text[self.words[i][1] : nxt].strip(' "'):
                break  # punctuation: the clause starts here
            if self.in_words(i, self.cfg.subordinators | self.cfg.auxiliaries) or self.is_stop(i):
                break
            picked.insert(0, i)
            i -= 1
        if not picked:
            return None
        bounded = (
            i < 0
            or self.in_words(i, self.cfg.subordinators | self.cfg.auxiliaries)
            or bool(self.text[self.words[i][1] : self.words[picked[0]][0]].strip(' "'))
        )
        if not bounded:
            return None
        np = self._np(self.words[picked[0]][0], self.words[picked[-1]][1])
        return None if np is None or self.victim_like(np) else np

    def kana_subject(self, ti: int) -> ActorMatch | None:
        """ "وكانت "كتائب X"، الجناح العسكري لـ Y، قد قصفت": كان + subject + an apposition between commas + قد +
        verb. The subject runs from كان to the first comma."""
        if ti < 1 or _strip_clitic(self.word_at(ti - 1)) != "قد":
            return None
        for j in range(ti - 2, max(-1, ti - 16), -1):
            if any(ch in self.text[self.words[j][1] : self.words[j + 1][0]] for ch in ".؟!:"):
                return None
            w = self.word_at(j)
            if w in self.cfg.auxiliaries and _strip_clitic(w) not in ("قد", "لقد"):
                comma = re.search(r"[،,]", self.text[self.words[j][1] : self.ts])
                if comma is None:
                    return None
                np = self.np_after(self.words[j][1], limit=self.words[j][1] + comma.start())
                return None if np is None or self.victim_like(np) else np
        return None

    def victim_like(self, np: ActorMatch) -> bool:
        """People, counts or civilians: a victim, not a perpetrator ("ان 13 شخصا قتلوا", "جنديين قتلا")."""
        i = self.word_index(np.start)
        if np.actor.side == "civilians" or self.is_count(i):
            return True
        if self.in_words(i, self.cfg.persons):
            return not self.has_object()  # "أن رجالا ملثمين خطفوا الطبيب": people who act on an object
        word = self.text[self.ts : self.te]
        killed = word in self.cfg.kill_verbs or _strip_clitic(word) in self.cfg.kill_verbs
        counted = (
            self.is_count(i - 1)
            or (i >= 2 and self.word_at(i - 1) == "من" and self.is_count(i - 2))
            or self.in_words(i, self.cfg.member)
            and not np.registered
        )
        return killed and counted and not self.has_object()  # "أن 5 مسلحين خطفوا طفلا": they acted

    def has_object(self) -> bool:
        """A noun phrase follows the verb trigger directly (time words skipped): the verb is transitive here."""
        i = self.word_index(self.te)
        while i < len(self.words) and self.in_words(i, self.cfg.leading) and not self.is_count(i):
            i += 1
        prev = self.words[i - 1][1] if i > 0 and self.words[i - 1][1] > self.te else self.te
        if i >= len(self.words) or self.text[prev : self.words[i][0]].strip(' "'):
            return False
        w = self.word_at(i)
        if (
            self.is_stop(i)
            or self.ar_verb_like(i)
            or (len(w) > 3 and w[0] in "وفبل" and w not in self.cfg.waw_nouns)
        ):
            return False
        return True

    def target(self, a1: ActorMatch | None) -> ActorMatch | None:
        """The target when no casualty phrase was given: the undergoer of "تعرض"/"survived", the English
        passive subject, or the phrase after the verb (or after its subject) or after a death noun."""
        cfg = self.cfg
        if self.lang == "ar" and not self.nominal_trigger():
            np = self.ar_np_before() or self.ar_bounded_before()
            if (
                np is not None
                and not self.overlap(np, a1)
                and (self.undergoer_trigger() or self.victim_like(np) or self.object_suffix_verb())
            ):
                self.why.append("undergoer-subject")
                return np
        for s, e, _ in cfg.undergo.spans(self.text):
            if e <= self.ts and self.gap(e, self.ts) <= 12:
                np = (
                    self.np_after(e, limit=self.ts, victim=True)
                    if self.lang == "ar"
                    else self.np_before(s, victim=True)
                )
                if np is not None and not self.overlap(np, a1):
                    self.why.append("undergoer")
                    return np
        if self.lang == "en" and self.passive_verb():
            np = self.np_before(self.ts, victim=True)
            if np is not None and not self.overlap(np, a1):
                self.why.append("passive-subject" if np.registered else "passive-subject-unregistered")
                return np
            m = self.before(self.ts, window=5, taken=a1, perpetrator=False)
            if m is not None:
                self.why.append("passive-subject")
            return m
        start = self.te
        if a1 is not None and a1.start >= self.te and self.gap(self.te, a1.start) <= 1:
            start = a1.end  # verb, subject, object
        if self.lang == "ar":
            start = max([start] + [m.end for m in self.means_defaults if m.start <= self.ts < m.end])
            i = self.word_index(start)
            while i < len(self.words) and self.joined_kill_verb(i):
                start, i = self.words[i][1], i + 1
            hit = self.aimed_at(start, a1)
            if hit is not None:
                return hit
        np = self.np_after(start, victim=True)
        if (
            np is not None
            and not self.overlap(np, a1)
            and not (np.registered and a1 is not None and np.actor.id == a1.actor.id)
        ):
            between = self.text[start : np.start]
            if not cfg.agent.spans(between):
                self.why.append("object" if np.registered else "object-unregistered")
                return np
        prep = self.target_prep(start)
        if prep is not None:
            np = self.np_after(prep, victim=True)
            if (
                np is not None
                and not self.overlap(np, a1)
                and not (np.registered and a1 and np.actor.id == a1.actor.id)
            ):
                self.why.append("target-prep")
                return np
        m = self.after(start, window=4, taken=a1, perpetrator=False)
        if m is not None and m in self.means_defaults:
            return None  # "launched air strikes on ...": the means, not a target
        if m is None or (a1 is not None and m.actor.id == a1.actor.id):
            return None  # "regime helicopters dropped barrel bombs": the means, not a target
        if cfg.agent.spans(self.text[start : m.start]):
            return None
        self.why.append("object")
        return m

    def joined_kill_verb(self, i: int) -> bool:
        """ "وجرح", "وأصيب" right after a kill verb: "قتل وجرح 17 سائحا" has one subject for both."""
        w = self.word_at(i) if 0 <= i < len(self.words) else ""
        return self.lang == "ar" and w[:1] == "و" and w[1:] in self.cfg.kill_verbs

    def aimed_at(self, start: int, a1: ActorMatch | None) -> ActorMatch | None:
        """What a weapon was fired at, or a bomb went off near: "أطلقوا صاروخا على X", "أطلق النار على X", "فجر
        نفسه قرب X", "انفجرت سيارة مفخخة أمام X". Only when the verb's object is a weapon or the bomber himself,
        or the trigger is an explosion."""
        cfg = self.cfg
        i = self.word_index(start)
        while i < len(self.words) and (
            self.in_words(i, cfg.leading) and not self.in_words(i, cfg.weapon_objects) or self.is_count(i)
        ):
            i += 1  # "عشرات الصواريخ", "فجر أمس"
        blast = _strip_clitic(self.text[self.ts : self.te]) in cfg.blast_words
        if i >= len(self.words):
            return None
        weapon = self.in_words(i, cfg.weapon_objects | cfg.reflexives | cfg.means) or any(
            m.start == self.words[i][0] for m in self.means_defaults
        )
        if not (weapon or blast):
            return None
        near = {s: e for s, e, _ in cfg.near_preps.spans(self.text)} if cfg.near_preps else {}
        for k in range(i, min(i + 10, len(self.words))):
            ks, ke = self.words[k]
            if k > i and self.text[self.words[k - 1][1] : ks].strip(' "'):
                return None  # punctuation: the clause ends
            if k > i and self.ar_verb_like(k) and not self.in_words(k, cfg.leading):
                return None  # another verb ("فجر" at dawn is a time word)
            if self.overlap(a1, ActorMatch(ks, ke, "", UNREGISTERED)):
                return None
            end = ke if self.word_at(k) in cfg.target_preps else near.get(ks)
            if end is None:
                continue
            np = self.np_after(end, victim=True)
            if (
                np is not None
                and not self.overlap(np, a1)
                and not self.in_words(self.word_index(np.start), cfg.means)
            ):
                self.why.append("aimed-at")
                return np
            return None
        return None

    def result_victims(self, a1: ActorMatch | None) -> ActorMatch | None:
        """The victims of a result clause after the trigger: "... ما أسفر عن مقتل X", "أدى ... إلى إصابة X",
        "فجر نفسه فقتل X"."""
        cfg = self.cfg
        if cfg.result_links is None:
            return None
        lo = self.word_index(self.te)
        links = {s: e for s, e, _ in cfg.result_links.spans(self.text) if s >= self.te}
        for k in range(lo, min(lo + 20, len(self.words))):
            ks, ke = self.words[k]
            if any(ch in self.text[self.te : ks] for ch in ".؟!:"):
                return None
            end = links.get(ks)
            if end is None:
                w = _strip_clitic(self.word_at(k))
                if w not in cfg.victim_nouns or k == 0 or self.word_at(k - 1) not in ("عن", "الي", "الى"):
                    continue
                end = ke
            else:
                j = self.word_index(end)
                if j < len(self.words) and _strip_clitic(self.word_at(j)) in cfg.victim_nouns:
                    end = self.words[j][1]  # "أسفر عن مقتل ..."
            np = self.np_after(end, victim=True)
            if np is not None and not self.overlap(np, a1):
                self.why.append("result-victims")
                return np
            return None
        return None

    def possessive_speaker(self, a2: ActorMatch | None, a1: ActorMatch | None) -> ActorMatch | None:
        """ "أعلن الجيش مقتل اثنين من جنوده": the victims are the speaker's own men, so the speaker is the target."""
        if a2 is None or self.lang != "ar":
            return a2
        last = self.word_index(a2.end) - 1
        m = re.match(r"(\w{3,}?)(?:هم|ها|ه)$", self.word_at(last)) if 0 <= last < len(self.words) else None
        if m is None or m.group(1) not in self.cfg.member:
            return a2
        verbs = [sp for sp in self.cfg.speech.spans(self.text[: self.ts])]
        if not verbs:
            return a2
        e = verbs[-1][1]
        speaker = self.after(e, window=1, perpetrator=False) or self.np_after(e, limit=self.ts)
        if speaker is None or self.overlap(speaker, a1) or self.victim_like(speaker):
            return a2
        self.why.append("speaker-own-men")
        return speaker

    def target_prep(self, start: int) -> int | None:
        """End of a target preposition ("على", "against") within three words after ``start``."""
        i = self.word_index(start)
        for j in range(i, min(i + 3, len(self.words))):
            if self.word_at(j) in self.cfg.target_preps:
                return self.words[j][1]
            if self.text[self.words[j - 1][1] if j > i else start : self.words[j][0]].strip(' "'):
                return None
        return None

    def ar_bounded_before(self) -> ActorMatch | None:
        """The words between the clause start and an Arabic verb trigger ("جنديين عراقيين قتلا")."""
        i = self.word_index(self.ts) - 1
        picked: list[int] = []
        while i >= 0 and len(picked) < 3:
            nxt = self.words[picked[0]][0] if picked else self.ts
            if self.text[self.words[i][1] : nxt].strip(' "'):
                break
            if self.is_stop(i) or self.in_words(
                i, self.cfg.subordinators | self.cfg.auxiliaries | self.cfg.leading
            ):
                break
            if self.in_words(i, self.cfg.means):
                return None  # "عدة قذائف هاون سقطت": a weapon, not a victim
            picked.insert(0, i)
            i -= 1
        bounded = (
            i < 0
            or self.in_words(i, self.cfg.subordinators | self.cfg.auxiliaries)
            or bool(picked and self.text[self.words[i][1] : self.words[picked[0]][0]].strip(' "'))
        )
        if not picked or not bounded:
            return None
        return self._np(self.words[picked[0]][0], self.words[picked[-1]][1], victim=True)

    def verb_subject_unregistered(self, a2: ActorMatch | None) -> ActorMatch | None:
        """No perpetrator found: the noun phrase after a light verb, or after an Arabic active verb."""
        if self._light_np is not None:
            np = self.np_after(self._light_np[0], limit=self._light_np[1])
            if np is not None:
                self.why.append("light-verb-unregistered")
                return np
        if self.lang != "ar" or self.nominal_trigger() or self.passive_verb():
            return None
        if self.ar_np_before() is not None or self.ar_bounded_before() is not None or self.plural_verb():
            return None  # the subject stands before the verb (a plural verb carries its subject)
        np = self.np_after(self.te, names=3)
        if np is not None and not self.overlap(np, a2):
            self.why.append("verb-subject-unregistered")
            return np
        return None

    # ------------------------------------------------------------------ noun phrases
    def widen(
        self, m: ActorMatch | None, other: ActorMatch | None, *, victim: bool = False
    ) -> ActorMatch | None:
        """A registered name with the words that belong to it: English adjectives before it ("Afghan rebels"),
        Arabic definite adjectives after it ("المسلحين الفلسطينيين")."""
        if m is None or (not m.registered and self.lang == "en"):
            return m
        s, e = m.start, m.end
        if self.lang == "en":
            i, n = self.word_index(s) - 1, 0
            while i >= 0 and n < 3:
                ws, we = self.words[i]
                w = self.text[ws:we]
                if self.text[we:s].strip() or self.is_stop(i) or self.is_count(i) or w in self.cfg.leading:
                    break
                if (
                    w.endswith(".")
                    or self.verb_like(w)
                    or any(x.start <= ws < x.end for x in self.all_matches)
                ):
                    break  # "Activists accused government forces", "Nusra attacks US-trained rebels"
                if self.in_trigger(ws, we) or (other is not None and other.start < s and ws < other.end):
                    break
                s, i, n = ws, i - 1, n + 1
        else:
            return self.ar_widen(m, other, victim=victim)
        if (s, e) == (m.start, m.end):
            return m
        return ActorMatch(s, e, self.text[s:e], m.actor)

    def verb_like(self, word: str) -> bool:
        """English: a word that is a verb of the role lists (a trigger, speech, claim or attribution verb) or
        a past form ("accused", "foiled"); hyphenated forms ("Turkish-backed") are adjectives."""
        cfg = self.cfg
        if word.endswith("ed") and "-" not in word:
            return True
        return any(bool(p.spans(word)) for p in (cfg.triggers, cfg.speech, cfg.claim, cfg.attribution)) or (
            word in cfg.kill_verbs
        )

    def ar_widen(self, m: ActorMatch, other: ActorMatch | None, *, victim: bool = False) -> ActorMatch:
        """An Arabic noun phrase with the words that belong to it: definite adjectives and genitives
        ("قوات الأمن العراقية", "دورية للجيش"), indefinite adjectives that agree with their noun ("جنديا باكستانيا",
        "مسلحون صوماليون مجهولون"), the name after a title or a group noun ("العميد سالم الحداد", "حركة طالبان"),
        the group after a member noun ("ضابط في الشرطة", "عناصر من "كتائب النصر"") and, for victims, a
        coordinated noun ("ثلاثة صحافيين ومترجم"). At most seven words; registered matches keep their actor,
        unregistered phrases take the first registered name inside them."""
        s, e = m.start, m.end
        if m in self.means_defaults:
            return m  # "تفجير المساجد": the genitive of a means is what it hit, not the attacker
        words = self.words
        first, i = self.word_index(s), self.word_index(e)
        if i > first and words[i - 1][1] > e:
            return m  # the match ends inside a word
        inside = list(range(first, i))
        if not inside:
            return m
        names = 0 if m.registered else self._name_budget(inside)
        proper: set[int] = set()  # words taken as a name ("طالبان" takes "الأفغانية" after it)
        for k, j in enumerate(inside):
            if self.in_words(j, self.cfg.title_nouns | self.cfg.group_nouns):
                proper.update(inside[k + 1 :])
        definite = 0
        member = any(self.in_words(j, self.cfg.people) for j in inside) or not m.registered
        member = member or m.actor.id == "unidentified"
        last = inside[-1]
        while i < len(words) and len(inside) < 7:
            ws, we = words[i]
            if self.text[e:ws].strip() or self.in_trigger(ws, we) or self.ar_verb_like(i):
                break
            if other is not None and ws < other.end and other.start < we:
                break
            if any(sp == ws for sp, _e, _ in self._agents):
                break  # "بنيران ...", "جراء ...": an agent or a cause, not a modifier
            w = self.word_at(i)
            # the group follows the member noun itself ("طالبا من ..."), not an adjective ("مقرب من ...")
            head = (
                last == first
                or m.registered
                and last < self.word_index(m.end)
                or self.in_words(last, self.cfg.people)
            )
            strong = m.registered or self.in_words(last, self.cfg.people)
            ok = member and (head or _NISBA_ANY.search(self.word_at(last)))
            link = self.member_link(i, strong=strong) if ok else None
            if link is not None and other is not None and ws < other.end and other.start < link[1]:
                break
            if link is not None:
                j, end = link
                inside += list(range(i, j))
                e, i, last = end, j, j - 1
                names = self._name_budget([self.word_index(words[i - 1][0])]) if i < len(words) else 0
                member = False
                continue
            named = next((x for x in self.matches if x.start == ws), None)
            if named is not None and not (
                named in self.defaults and named.end == we and self.agrees(last, i)
            ):
                break  # the next word starts another name (a description may be an adjective: "مجهولون")
            if self.is_stop(i) or self.is_count(i) and not victim:
                break
            if names > 0:
                names -= 0 if w.startswith("ال") else 1
                proper.add(i)
            elif self.in_words(i, self.cfg.naming_words) and not self.in_words(last, self.cfg.naming_words):
                pass  # "انتحاري يدعى ...": the name follows
            elif w.startswith("ال") or w.startswith("لل") and len(w) > 4:
                if definite >= 3 or (self.nunated(last) and last not in proper):
                    break  # "مسلحون الشيخ ...": an indefinite noun with its ending takes no genitive
                definite += 1
            elif self.agrees(last, i):
                pass
            elif victim and w.startswith("و") and self.coordinated_noun(i):
                member = member or self.is_count(i)  # "11 مدنيا وأربعة من رجال الشرطة"
            else:
                break
            if self.in_words(i, self.cfg.name_heads):
                names = 3 if self.in_words(i, self.cfg.naming_words) else self._name_budget([i])
            inside.append(i)
            e, last, i = we, i, i + 1
        if e == m.end:
            return m
        actor = m.actor
        if actor.id in (UNREGISTERED.id, "unidentified"):
            inner = [
                x.actor
                for x in self.all_matches
                if x.start >= m.end
                and x.end <= e
                and x.actor.side != "civilians"
                and x.actor.id != "unidentified"
            ]
            actor = inner[0] if inner else actor
        return ActorMatch(s, e, self.text[s:e], actor)

    def nunated(self, i: int) -> bool:
        """An indefinite noun with a case or plural ending ("مسلحون", "جنديا", "مقاتلين"): not in a genitive
        construction, so a definite word after it belongs to something else."""
        w = _strip_clitic(self.word_at(i))
        if (
            w.startswith(("ال", "ل"))
            or len(w) < 4
            or self.in_words(i, self.cfg.title_nouns | self.cfg.group_nouns)
        ):
            return False  # "للمسلحين" is ل + ال
        return w.endswith(("ون", "ين", "ان", "ا"))

    def _name_budget(self, idx: list[int]) -> int:
        """Proper-name words still expected after the last title or group noun among word indexes ``idx``; a
        plural in the construct state ("مسلحو", "مقاتلو") takes the one word after it."""
        w = _strip_clitic(self.word_at(idx[-1]))
        if len(w) > 4 and w.endswith("و") and (w[0] == "م" or self.in_words(idx[-1], self.cfg.member)):
            return 1
        for k, j in enumerate(reversed(idx)):
            if self.in_words(j, self.cfg.title_nouns):
                return max(0, 4 - k)
            if self.in_words(j, self.cfg.group_nouns) and not _strip_clitic(self.word_at(j)).startswith("ال"):
                return 2 if k == 0 else 0  # "حركة طالبان"; not "قوات النظام" + more, nor "الحركة" + a name
        return 0

    def ar_verb_like(self, i: int) -> bool:
        """A violent or undergoer verb (also with و/ف), or a perfect plural verb ("نقلوا"): a new predicate."""
        w = self.word_at(i)
        base = _strip_clitic(w)
        verbs = self.cfg.verbs
        if w in verbs or base in verbs or (len(base) > 3 and base.endswith("وا")):
            return True
        words = self.cfg.trigger_words
        trigger = w in words or any(w[:k] in _CLITICS and w[k:] in words for k in (1, 2))
        return trigger and not w.startswith("ال") and not self.nominal_word(base)

    def nominal_word(self, w: str) -> bool:
        return w in self.cfg.victim_nouns or w in self.cfg.blast_words or w.startswith("ال")

    def agrees(self, head: int, i: int) -> bool:
        """Word ``i`` is an indefinite adjective agreeing with word ``head``: a relative adjective or a participle
        with the same ending ("جنديا باكستانيا", "مسلحين مجهولين", "سيارة مفخخة", "مسلح إسلامي")."""
        h, w = _strip_clitic(self.word_at(head)), self.word_at(i)
        if len(w) < 4 or w[0] in "وفي" or w.startswith("ال") or head < 0:
            return False
        if not (_NISBA_ANY.search(w) or w[0] == "م"):
            return False
        if h.endswith("ا") and not h.endswith("يا"):
            return w.endswith(("ا", "ين"))  # "عمالا مصريين": a broken plural takes the sound plural
        for end in ("ون", "ين", "ان", "ا", "ه"):
            if h.endswith(end):
                return w.endswith(end)
        # no ending: a singular ("مسلح إسلامي") or a broken plural ("ضباط عراقيين", "جنود مدججين")
        return not h.startswith("ال") and (w.endswith("ي") or w.endswith(("ين", "ون")))

    def coordinated_noun(self, i: int) -> bool:
        """ "و" + a noun that can join a victim phrase: a count, a member or person noun, a definite or a
        relative noun ("وطفلين", "والنائب", "ونمساوي"); not a verb ("وأصيب")."""
        base = self.word_at(i)[1:]
        if len(base) < 3 or self.ar_verb_like(i):
            return False
        cfg = self.cfg
        return (
            base in cfg.counts
            or base in cfg.member
            or base in cfg.persons
            or base in cfg.title_nouns
            or base.startswith("ال")
            or bool(_NISBA_ANY.search(base))
            or any(x.start == self.words[i][0] + 1 for x in self.all_matches)
        )

    def member_link(self, i: int, *, strong: bool = True) -> tuple[int, int] | None:
        """ "من"/"في"/"في صفوف"/"التابعة ل" at word ``i`` followed by a group (a registered name, a quoted name, a
        group noun, or after من a definite noun): (index of the word after the group's first word, end)."""
        w = self.word_at(i)
        if w not in ("من", "في") and not w.startswith("التابع") and not w.startswith("تابع"):
            return None
        j = i + 1
        if j < len(self.words) and self.word_at(j) == "صفوف":
            j += 1
        if w.startswith("التابع") or w.startswith("تابع"):
            if j < len(self.words) and self.word_at(j) in ("ل", "الى", "الي"):
                j += 1
        if j >= len(self.words):
            return None
        js, je = self.words[j]
        gap = self.text[self.words[j - 1][1] : js]
        if gap.strip(' "') or (gap.strip() and '"' not in gap):
            return None
        if '"' in gap:
            close = self.text.find('"', js, js + 80)
            if close > js:
                return self.word_index(close), close + 1
            return None
        named = next(
            (x for x in self.matches if x.start in (js, js + 1) and x not in self.means_defaults), None
        )
        if named is not None:
            return self.word_index(named.end), named.end
        nxt = self.word_at(j)
        bare = nxt[1:] if nxt.startswith("ل") and not nxt.startswith("لل") and len(nxt) > 4 else nxt
        if self.in_words(j, self.cfg.group_nouns) or bare in self.cfg.group_nouns:
            return j + 1, je
        if w == "من" and nxt.startswith("ال") and not self.is_stop(j) and strong:
            return j + 1, je  # "مسلحين من العشائر"; not "ابنها من المدرسة"
        if w == "من" and self.in_words(j, self.cfg.people):
            return j + 1, je  # "أربعة من رجال الشرطة"
        return None

    def np_after(
        self, pos: int, *, limit: int | None = None, victim: bool = False, names: int = 0
    ) -> ActorMatch | None:
        """The noun phrase starting at the first word after ``pos`` (counts and articles skipped): up to 4
        words, to a stop word or punctuation; a quoted name is taken whole. Arabic phrases go on with
        definite words (and, for victims, with names)."""
        # A bounded phrase, a victim or a subject (``names`` words at most) may run on through a name.
        cap = 4 if (victim or limit is not None) else (names or 4)
        names_ok = victim or limit is not None or names > 0
        limit = len(self.text) if limit is None else limit
        k = pos
        while k < limit and self.text[k].isspace():
            k += 1
        if k < limit and self.text[k] == '"':
            close = self.text.find('"', k + 1, limit)
            if close > k + 1:
                return self._np(k + 1, close, victim=victim)
        i = self.word_index(k)
        picked: list[tuple[int, int]] = []
        while i < len(self.words) and len(picked) < cap:
            s, e = self.words[i]
            if e > limit or self.in_trigger(s, e):
                break
            gap_text = self.text[picked[-1][1] if picked else k : s]
            if gap_text.strip(' "'):
                break
            if picked and self.lang == "ar" and '"' in gap_text and self.text.count('"', k, s) % 2 == 1:
                close = self.text.find('"', s, min(limit, s + 80))
                if close > s:  # "تنظيم "ولاية سيناء"": a quoted name after its group noun
                    picked.append((s, close + 1))
                break
            w = self.word_at(i)
            if not picked and self.in_words(i, self.cfg.leading) and not self.is_count(i):
                i, k = i + 1, e  # "اقتحمت ليلا ...", "اغتالوا الأسبوع الماضي ..."
                continue
            if self.is_stop(i) or self.is_count(i):
                if picked or (self.in_words(i, self.cfg.stop) and w not in self.cfg.leading):
                    break
                i, k = i + 1, e  # a count or article before the noun ("three soldiers", "a police officer")
                continue
            if not picked and any(d.start == s for d in self.means_defaults):
                return None  # a weapon ("air strikes") is not a party
            if picked and any(a == s for a, _e, _ in self._agents):
                break  # "عناصر الحرس بنيران ...": the agent follows
            named = next((m for m in self.matches if m.start == s), None)
            if named is not None and (picked or victim):
                picked.append((s, named.end))  # a name is taken whole ("مواقع وحدات حماية الشعب")
                break
            if (
                not picked
                and self.lang == "ar"
                and named is None
                and len(w) > 3
                and (w[0] == "و" or w[:3] == "بال")
                and w not in self.cfg.waw_nouns
            ):
                return None  # "واصيب ...", "بالرصاص ...": a new clause or a prepositional phrase
            if (
                picked
                and self.lang == "ar"
                and not w.startswith("ال")
                and '"' not in gap_text
                and not _NISBA.search(w)
            ):
                verbish = w[0] in "وفي" and len(w) > 3 and w not in self.cfg.waw_nouns
                if not names_ok or verbish or (w.endswith("ا") and len(w) > 3):
                    # "و..." starts a clause, "ي..." is a verb, "...ا" an indefinite object ("حاجزا")
                    break  # an Arabic noun phrase goes on with definite adjectives and genitives
            if not picked and self.in_words(i, self.cfg.means):
                return None  # a weapon is not a party
            picked.append((s, e))
            i += 1
        if not picked:
            return None
        return self._np(picked[0][0], picked[-1][1], victim=victim)

    def np_before(self, pos: int, *, victim: bool = False) -> ActorMatch | None:
        """The English noun phrase ending just before ``pos`` (auxiliaries skipped): up to 5 words."""
        i = self.word_index(pos) - 1
        while i >= 0 and (
            self.in_words(i, self.cfg.passive | self.cfg.auxiliaries) or self.word_at(i).endswith("ly")
        ):
            i -= 1  # "has reportedly", "accidentally"
        picked: list[tuple[int, int]] = []
        while i >= 0 and len(picked) < 5:
            s, e = self.words[i]
            nxt = picked[0][0] if picked else (self.words[i + 1][0] if i + 1 < len(self.words) else pos)
            if self.text[e:nxt].strip(' "') or self.is_stop(i) or self.is_count(i):
                break
            if self.verb_like(self.text[s:e]) and not any(m.start <= s < m.end for m in self.all_matches):
                break  # "the agency claimed Daesh fighters killed": the phrase starts after the verb
            picked.insert(0, (s, e))
            i -= 1
        if not picked:
            return None
        return self._np(picked[0][0], picked[-1][1], victim=victim)

    def _np(self, s: int, e: int, *, victim: bool = False) -> ActorMatch | None:
        if e <= s or self.in_trigger(s, e):
            return None
        inside = [
            m
            for m in self.all_matches
            if m.start >= s
            and m.end <= e
            and (victim or not (m.actor.side == "civilians" or self.place_named(m) or self.speaker(m)))
        ]
        if not inside:
            return ActorMatch(s, e, self.text[s:e], UNREGISTERED)
        head = inside[0]  # the name leads: "Nusra terrorists", "قوات النظام السوري"
        return ActorMatch(s, e, self.text[s:e], head.actor)


@lru_cache(maxsize=1)
def default_tagger() -> ActorTagger:
    """The tagger over the packaged registry (built on first use, then cached)."""
    return ActorTagger()
