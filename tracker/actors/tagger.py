"""The actor tagger: who did it to whom, and who reported it.

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

import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from tracker.actors.candidates import after, before
from tracker.actors.context import Sentence, text_words
from tracker.actors.registry import Actor, ActorMatch, Roles, aliases_of, as_coded, load, packaged, resolve
from tracker.actors.rules import find_roles
from tracker.actors.words import (
    WORD,
    Lang,
    PhraseGroup,
    Phrases,
    after_source_marker,
    lang_config,
    phrases,
)
from tracker.resources.cache import cached
from tracker.text.normalize import normalize_key

#: "for" after a blamed name, a noun of its own between ("the X group for the attack").
_FOR = re.compile(r"\s+(?:[\w-]+\s+)?for\b")
#: "syrian and " just before a name: a modifier coordinated with the name's first word.
_COORDINATED = re.compile(r"(?<![\w-])([\w-]+) (?:and|or) $")
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")

#: The rules that find a perpetrator acting in its clause (a verb's subject, an agent, a claimant): only
#: such a perpetrator is carried to a later clause of the sentence.
_ACTING = frozenset(
    {
        "subject-verb",
        "verb-subject",
        "participle-subject",
        "coordinated-subject",
        "verb-object-pronoun-subject",
        "agent-marker",
        "claim",
        "light-verb",
        "support-verb",
    }
)


#: The phrase sets of :class:`Lang` the rules look up in the whole sentence (the others are looked up in a few
#: words of it, where a pass of their own is cheaper than reading the occurrences of all).
_WHOLE_SENTENCE = (
    "agent",
    "agent_exclusions",
    "triggers",
    "clash",
    "attribution",
    "claim",
    "light",
    "undergo",
    "result_links",
    "near_preps",
    "state_victims",
    "sources",  # read a few words before each name (:func:`~tracker.actors.words.after_source_marker`)
    # read over a whole article's body for its claimant (:meth:`ActorTagger.article_claimant`): a one-sentence
    # article's body is its event sentence, already scanned
    "responsibility",
    "member_claims",
    "blames",
)


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
        self._data = load(str(registry_path) if registry_path else None, replace)
        table: dict[str, tuple[str, bool]] = {k: (v, False) for k, v in self._data.composites.items()}
        table.update({k: (v, True) for k, v in self._data.aliases.items()})
        self._actors = Phrases(table, definite=True)
        rep = reporters if reporters is not None else packaged("reporters.yaml")
        self._reporters = Phrases(
            {a: r["name"] for r in rep.get("reporters", []) for a in aliases_of(r, "aliases")}
        )
        self._cues = {lang: phrases(words) for lang, words in (rep.get("cues") or {}).items()}
        raw_roles = roles if roles is not None else packaged("roles.yaml")
        self._langs = {
            lang: lang_config(cfg, self._data.means.get(lang, set())) for lang, cfg in raw_roles.items()
        }
        # the names, role words, reporters and cues the rules look up in a whole sentence: one pass finds them all
        self._group = PhraseGroup(
            [self._actors, self._reporters, *self._cues.values()]
            + [getattr(cfg, name) for cfg in self._langs.values() for name in _WHOLE_SENTENCE]
        )

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
            if text[max(0, start - 5) : start].lower() == "anti-":
                continue  # "anti-Assad rallies", "anti-ISIS coalition": against the actor, not the actor
            actor = resolve(self._data, self._data.actors[aid], when)
            out.append(ActorMatch(start, end, text[start:end], actor))
        more = self._coordinated_modifiers(text, out, when)
        return sorted(out + more, key=lambda m: m.start) if more else out  # the names come in text order

    def _coordinated_modifiers(
        self, text: str, found: list[ActorMatch], when: date | None
    ) -> list[ActorMatch]:
        """English: a modifier coordinated with a name's first word shares its noun ("Syrian and Jordanian
        forces" names the Syrian forces too): the modifier, as the actor its word with that noun names."""
        out: list[ActorMatch] = []
        for m in found:
            first, _, head = m.text.partition(" ")
            if not head or ARABIC_LETTER.search(first):
                continue
            # the modifier is the word before " and "/" or " that ends right before the name: the search starts
            # at a space before it (the look-behind still sees what stands before that)
            lo = text.rfind(" ", 0, max(0, m.start - 6)) + 1
            coord = _COORDINATED.search(text, lo, m.start)
            if coord is None:
                continue
            if any(f.start <= coord.start(1) < f.end for f in found):
                continue  # "regime and Russian jets": the word is a name of its own
            key = f"{coord.group(1)} {head}"
            aid = self._data.aliases.get(key) or self._data.composites.get(key)
            if aid is not None and aid != m.actor.id:
                actor = resolve(self._data, self._data.actors[aid], when)
                out.append(ActorMatch(coord.start(1), coord.end(1), coord.group(1), actor))
        return out

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
            # the triggers' own pass first: most headlines and leads tell no event, and are then read no further
            # (the one-pass group scans a text only when the rules read it, in :func:`_parts`)
            spans = cfg.triggers.spans(text) if cfg is not None else []
            if not spans or not _parts(self, text, "ar" if lang == "ar" else "en", when).found:
                continue  # no name in the text: no rule can find a registered perpetrator
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
            if any(w.group() in cfg.negations for w in WORD.finditer(text[lo:s])):
                continue  # "No group has claimed the attack"
            sentence = self._sentence(text[lo:e], lang, (s - lo, e - lo), [(0, e - lo)], None, when)
            m = before(sentence, s - lo, window=3)
            if m is not None and not self.describes(m):
                return ActorMatch(m.start + lo, m.end + lo, m.text, m.actor)
        return self._member_claim(text, lang, cfg, when) or self._blamed(text, lang, cfg, when)

    def _member_claim(self, text: str, lang: str, cfg: Lang, when: date | None) -> ActorMatch | None:
        """The named speaker of a sentence telling that one of its own men blew himself up ("The X group said
        one of its members stormed the post before blowing himself up"): it claims the bombing."""
        for s, e, _ in cfg.member_claims.spans(text) if cfg.member_claims is not None else []:
            stop = max(text.rfind(". ", 0, s), text.rfind("\n", 0, s))
            lo = max(0, s - 120, stop + 1)  # the speaker is in the claim's sentence
            end = text.find(". ", e)
            hi = len(text) if end < 0 else end
            if cfg.self_blasts is None or not cfg.self_blasts.spans(text[e:hi]):
                continue
            said = cfg.speech.spans(text[lo:s])
            if not said:
                continue
            ss, se, _ = said[-1]
            sentence = self._sentence(text[lo:e], lang, (ss, se), [(0, e - lo)], None, when)
            m = before(sentence, ss, window=3)
            if m is not None and not self.describes(m):
                return ActorMatch(m.start + lo, m.end + lo, m.text, m.actor)
        return None

    def _blamed(self, text: str, lang: str, cfg: Lang, when: date | None) -> ActorMatch | None:
        """The named actor blamed for an attack anywhere in ``text`` ("blaming the X group for the attack")."""
        for s, e, _ in cfg.blames.spans(text) if cfg.blames is not None else []:
            hi = min(len(text), e + 80)
            sentence = self._sentence(text[s:hi], lang, (0, e - s), [(0, hi - s)], None, when)
            m = after(sentence, e - s, window=1)
            if m is None or self.describes(m) or not _FOR.match(sentence.text, m.end):
                continue
            return ActorMatch(m.start + s, m.end + s, m.text, m.actor)
        return None

    def coded(self, actor: Actor, when: date | None) -> Actor:
        """``actor`` as coded on ``when`` (:func:`~tracker.actors.registry.as_coded`): a description whose
        actor did not exist yet names the one coded before it."""
        return as_coded(self._data, actor, when)

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

    def state_victims(
        self, text: str, lang: str, *, trigger: tuple[int, int], when: date | None = None
    ) -> Actor | None:
        """The state forces implied by the victims of an event whose perpetrator no words name: protesters,
        soldiers who defected or tried to, deaths under torture or in detention (``roles.yaml``'s
        ``state_victims``, within eight words of the trigger in normalised ``text``). None when no such words
        stand there. The caller decides where this holds (the Syrian state's victims in Syria)."""
        cfg = self._langs.get("ar" if lang == "ar" else "en")
        if cfg is None or cfg.state_victims is None or not cfg.state_victims_actor:
            return None
        actor = self._data.actors.get(cfg.state_victims_actor)
        if actor is None:
            return None
        for s, e, _ in cfg.state_victims.spans(text):
            a, b = (e, trigger[0]) if e <= trigger[0] else (trigger[1], s)
            if len(WORD.findall(text[a:b])) <= 8:
                return resolve(self._data, actor, when)
        return None

    def state_media_rebels(
        self, reporter: str | None, words: str | None, lang: str, when: date | None = None
    ) -> Actor | None:
        """The actor state media mean by their word for an attacker ("terrorists" in a SANA report: the
        guideline's rebels; ``roles.yaml``'s ``state_media``, ``state_media_words``, ``state_media_actor``).
        None for other reporters or other words."""
        cfg = self._langs.get("ar" if lang == "ar" else "en")
        if cfg is None or reporter not in cfg.state_media or not words or not cfg.state_media_actor:
            return None
        if normalize_key(words.strip(" \"'")) not in cfg.state_media_words:
            return None
        actor = self._data.actors.get(cfg.state_media_actor)
        return None if actor is None else self.coded(actor, when)

    def unnamed_air(self, lang: str, when: date | None = None) -> Actor | None:
        """The actor of an air strike whose air force no words name (``roles.yaml``'s ``unnamed_air_actor``:
        the guideline's unnamed warplanes), as coded on ``when``."""
        cfg = self._langs.get("ar" if lang == "ar" else "en")
        actor = self._data.actors.get(cfg.unnamed_air_actor or "") if cfg is not None else None
        return None if actor is None else self.coded(actor, when)

    def clash_opponent(self, lang: str, side: str | None, when: date | None = None) -> Actor | None:
        """The unnamed other side of a clash whose only named side is on ``side`` (``roles.yaml``'s
        ``clash_opponents``: in Syria the government forces' unnamed foe is the opposition), as coded on
        ``when``; None when the language lists none for that side. The caller decides where this holds."""
        cfg = self._langs.get("ar" if lang == "ar" else "en")
        actor = self._data.actors.get(cfg.clash_opponents.get(side or "", "")) if cfg is not None else None
        return None if actor is None else self.coded(actor, when)

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

    def first_reporter(self, text: str, sentences: Iterable[tuple[int, int, str]], lang: str) -> str | None:
        """The :meth:`reporter` of the first of ``sentences`` that names one: each given by its start, end and
        text, a part of ``text``, in text order. One pass over ``text``, as far as needed, tells where reporters'
        names occur: a sentence in which none occurs is skipped unread."""
        occurs = self._reporters.occurrences(text)
        pending = next(occurs, None)
        done = 0  # where the sentences read so far end
        for start, end, part in sentences:
            inside = start < done or text[start:end] != part  # not in order, or not this text's part: read it
            done = max(done, end)
            while pending is not None and pending[1] <= end:  # the occurrences end in text order
                inside = inside or pending[0] >= start
                pending = next(occurs, None)
            if inside:
                name = self.reporter(part, lang)
                if name:
                    return name
        return None

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
        span = (trigger[0], trigger[1])
        hurt = None if victims is None else (victims[0], victims[1])
        return _memo(self, False, text, lang, span, tuple(clauses), hurt, when)

    def _roles(
        self,
        text: str,
        lang: str,
        trigger: tuple[int, int],
        clauses: tuple[tuple[int, int], ...],
        victims: tuple[int, int] | None,
        when: date | None,
    ) -> Roles:
        found = _memo(self, True, text, lang, trigger, clauses, victims, when)
        if found.actor1 is None or not found.actor1.registered or self.describes(found.actor1):
            carried = self._earlier_clause_actor(text, lang, trigger, list(clauses), when, found)
            if carried is not None:
                return Roles(carried, found.actor2, found.why + ";earlier-clause")
        return found

    def _own_roles(self, sent: Sentence, reps: list[tuple[int, int]]) -> Roles:
        """The roles the trigger's own words give (:func:`~tracker.actors.rules.find_roles`); ``reps`` are the
        reporting sources named in the sentence."""
        found = find_roles(sent)
        if found.actor1 is not None and any(found.actor1.start < e and s < found.actor1.end for s, e in reps):
            # "وكان المرصد السوري أفاد ...": who reports the event is never who did it
            return Roles(None, found.actor2, found.why + ";reporter")
        return found

    def _earlier_clause_actor(
        self,
        text: str,
        lang: str,
        trigger: tuple[int, int],
        clauses: list[tuple[int, int]],
        when: date | None,
        own: Roles,
    ) -> ActorMatch | None:
        """The perpetrator an earlier clause of the sentence names, for an event whose own clause names none
        or only describes it ("Rebels stormed the base, and five soldiers were killed", "هاجم مقاتلو X الحاجز،
        وقتل خمسة من عناصره أثناء تصديهم للمهاجمين"): the nearest earlier trigger of another clause whose roles
        give a named actor, unless that actor is this event's victim or a description's other kind."""
        cfg = self._langs.get("ar" if lang == "ar" else "en")
        if cfg is None or not _parts(self, text, "ar" if lang == "ar" else "en", when).names:
            # no name in the sentence, or only descriptions: the rules take a perpetrator's actor from a name or
            # description in it, so no clause names a registered perpetrator that is not a description
            return None
        spans = [(s, e) for s, e, _ in cfg.triggers.spans(text) if e <= trigger[0]]
        mine = next(((s, e) for s, e in clauses if s <= trigger[0] < e), None)
        victim = own.actor2.actor.id if own.actor2 is not None and own.actor2.registered else None
        for s, e in reversed(spans[-3:]):
            if mine is not None and mine[0] <= s < mine[1]:
                continue  # the trigger's own clause: its rules have read it
            r = _memo(self, True, text, lang, (s, e), tuple(clauses), None, when)
            m = r.actor1
            if m is None or not m.registered or self.describes(m) or m.actor.id == victim:
                continue
            if not _ACTING.intersection(r.why.split(";")):
                continue  # "هجوم X على ...": a name in a noun phrase, not an actor that acts in its clause
            if own.actor2 is not None and m.start < own.actor2.end and own.actor2.start < m.end:
                continue
            if own.actor1 is not None and self.describes(own.actor1) and not self.may_name(m, own.actor1):
                continue  # "a car bomb" after a clause of state shelling: another attacker
            return m
        return None

    def _sentence(
        self,
        text: str,
        lang: str,
        trigger: tuple[int, int],
        clauses: list[tuple[int, int]],
        victims: tuple[int, int] | None,
        when: date | None,
    ) -> Sentence:
        """The sentence the role rules read: its words and the actors named in it, reporting sources and names
        cited as a source left out."""
        lang = "ar" if lang == "ar" else "en"
        p = _parts(self, text, lang, when)
        w = text_words(text, lang)
        return Sentence(
            text=text,
            lang=lang,
            cfg=p.cfg,
            ts=trigger[0],
            te=trigger[1],
            clauses=clauses or [(0, len(text))],
            victims=victims,
            words=w.words,
            matches=p.matches,
            all_matches=p.found,
            defaults=p.defaults,
            means_defaults=p.means_defaults,
            excluded=p.excluded,
            agents=p.agents,
            starts=w.starts,
            ends=w.ends,
            texts=w.texts,
            bases=w.bases,
        )

    def _text_parts(self, text: str, lang: str, when: date | None) -> _Parts:
        """What :meth:`_sentence` reads from the text alone (see :func:`_parts`)."""
        cfg = self._langs.get(lang) or next(iter(self._langs.values()))
        group = self._group
        group.scan(text)
        reps = self._reporter_spans(text)
        found = self.find(text, lang, when=when)
        excluded = cfg.agent_exclusions.spans(text)
        agents = cfg.agent.spans(text) if lang == "ar" else []
        if not found:  # (a third of the sentences read) no name: no list to sort out
            return _Parts(cfg, reps, found, found, [], [], False, excluded, agents)
        cited = cfg.sources
        if cited is not None and cited._group is group:
            scanned = group.hits(text)
            if scanned is not None and cited._gid not in scanned:
                cited = None  # no source marker in the text: no name is cited as a source
        if reps or cited is not None:
            found = [
                m
                for m in found
                if not any(m.start < e and s < m.end for s, e in reps)
                and not (cited is not None and after_source_marker(text, m.start, cited))
            ]
        # Bare means that stand for an actor ("warplanes", "air strikes") yield to any named actor: they are
        # tried only when no rule finds a perpetrator among the names.
        defaults = [m for m in found if self._is_default(m.text)]
        return _Parts(
            cfg=cfg,
            reporters=reps,
            found=found,
            # no description: the names are all the matches, one list (answers kept per list are shared)
            matches=[m for m in found if m not in defaults] if defaults else found,
            defaults=defaults,
            means_defaults=[m for m in found if self._is_means(m.text)],
            names=any(m.actor.id not in self._data.fallbacks for m in found),
            excluded=excluded,
            agents=agents,
        )


class _Parts(NamedTuple):
    """The parts of a :class:`Sentence` that depend on its text alone (never changed by the rules, which only
    read them or put other lists in their place). A named tuple: made for every sentence read, at C speed."""

    cfg: Lang
    reporters: list[tuple[int, int]]
    found: list[ActorMatch]
    matches: list[ActorMatch]
    defaults: list[ActorMatch]
    means_defaults: list[ActorMatch]
    names: bool  # a name that is not a description ("warplanes") is among ``found``
    excluded: list[tuple[int, int, Any]]
    agents: list[tuple[int, int, Any]]


# The memos below are keyed by everything their answer depends on (the tagger, the text, its trigger, clauses,
# victims and date) and hold immutable answers; they are small, as an article's sentences are asked about
# only while it is read: its events, the clauses before them, its headline and lead (asked for both the body
# and the headline's own events).


@lru_cache(maxsize=512)
def _memo(
    tagger: ActorTagger,
    own: bool,
    text: str,
    lang: str,
    trigger: tuple[int, int],
    clauses: tuple[tuple[int, int], ...],
    victims: tuple[int, int] | None,
    when: date | None,
) -> Roles:
    """:meth:`ActorTagger.roles`, or with ``own`` the roles the trigger's own words give
    (:meth:`ActorTagger._own_roles`: an event's earlier clauses are read again for later events), remembered."""
    if own:
        sent = tagger._sentence(text, lang, trigger, list(clauses), victims, when)
        return tagger._own_roles(sent, _parts(tagger, text, sent.lang, when).reporters)
    return tagger._roles(text, lang, trigger, clauses, victims, when)


@lru_cache(maxsize=64)
def _parts(tagger: ActorTagger, text: str, lang: str, when: date | None) -> _Parts:
    """The text's parts for the rules, kept for the few sentences of the article at hand: its events, the
    clauses before them and its headline and lead ask about the same sentence with other triggers."""
    return tagger._text_parts(text, lang, when)


@lru_cache(maxsize=1)
def default_tagger() -> ActorTagger:
    """The tagger over the packaged registry (built on first use, then cached)."""
    return cached("tagger", ActorTagger)
