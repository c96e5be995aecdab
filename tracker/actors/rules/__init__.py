"""The role rules, in the order they are tried.

Reads a :class:`~tracker.actors.context.Sentence` (one trigger of one sentence) and writes
:class:`~tracker.actors.registry.Roles`: ``actor1`` the perpetrator, ``actor2`` the target or victims, ``why``
the constructions that decided. Each family of rules is a module:

- :mod:`.clash`: both sides of a clash ("clashes between X and Y"); when it applies, the search ends;
- :mod:`.victims`: who was killed or hit (the casualty phrase, the verb's object, "ما أسفر عن مقتل X");
- :mod:`.perpetrator`: explicit constructions that name who did it ("killed by X", "X claimed", "غارات X"),
  the group of an unnamed attacker, and the last resort (an armed actor named in the sentence);
- :mod:`.subject`: the subject of an active verb ("X killed", "قتلت قوات X", "ان X قتل", "وكان X قد قتل").

:data:`STEPS` is the whole order of one call; :data:`PERPETRATOR_RULES` the perpetrator rules inside its
"perpetrator" step, most explicit construction first: the first that finds someone wins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tracker.actors.context import Sentence, overlap
from tracker.actors.phrase import widen
from tracker.actors.registry import ActorMatch, Roles
from tracker.actors.rules import clash, perpetrator, subject, victims

#: A perpetrator rule: the sentence and the victims found so far -> the perpetrator, or None.
Rule = Callable[[Sentence, ActorMatch | None], ActorMatch | None]

#: Perpetrator rules over registered names, most explicit first.
PERPETRATOR_RULES: tuple[Rule, ...] = (
    perpetrator.trigger_names_actor,  # the trigger names its actor: "Russian jets", "غارات التحالف"
    perpetrator.support_subject,  # the trigger is a support verb's object: "نفذ الجيش ضربة جوية"
    subject.instrument_subject,  # the weapon after ب of a verb of firing: "أمطرت X البلدات بالقذائف"
    perpetrator.attributed,  # "X accused Y of killing", "اتهم X Y بقتل"
    perpetrator.claimed,  # "X claimed responsibility for the attack", "تبنت X الهجوم"
    perpetrator.light_verb,  # "قامت المعارضة بقتل"
    perpetrator.agent_marker,  # "killed by X", "من قبل X", "غارات شنها X"
    perpetrator.cause,  # "killed in Russian air strikes", "قتل 5 في غارات روسية"
    subject.active,  # the subject of an active verb: "X killed", "قتلت قوات X"
)

#: Tried again when no rule found a name, over descriptions too ("warplanes", "a suicide bomber").
DESCRIPTION_RULES: tuple[Rule, ...] = (
    perpetrator.trigger_names_actor,
    perpetrator.agent_marker,
    perpetrator.cause,
    subject.active,
)


@dataclass
class Found:
    """The roles found so far; ``widened`` is the perpetrator already given its full extent."""

    actor1: ActorMatch | None = None
    actor2: ActorMatch | None = None
    widened: ActorMatch | None = None
    done: Roles | None = None


def first(rules: tuple[Rule, ...], sent: Sentence, victim: ActorMatch | None) -> ActorMatch | None:
    """The perpetrator found by the first rule that finds one."""
    for rule in rules:
        found = rule(sent, victim)
        if found is not None:
            return found
    return None


def _reanchor(sent: Sentence, f: Found) -> None:
    clash.reanchor(sent)


def _clash(sent: Sentence, f: Found) -> None:
    f.done = clash.clash_between(sent)


def _victims(sent: Sentence, f: Found) -> None:
    named_only = sent.matches
    sent.matches = sent.all_matches  # victims may be described ("ثلاثة مسلحين", "gunmen")
    f.actor2 = victims.victim_match(sent)
    sent.matches = named_only


def _perpetrator(sent: Sentence, f: Found) -> None:
    f.actor1 = first(PERPETRATOR_RULES, sent, f.actor2)
    if f.actor1 is None and sent.light_np is not None:
        f.actor1 = subject.verb_subject_unregistered(sent, f.actor2)


def _described(sent: Sentence, f: Found) -> None:
    sent.matches = sent.all_matches  # from here on descriptions count as names
    if f.actor1 is None and sent.defaults:
        f.actor1 = first(DESCRIPTION_RULES, sent, f.actor2)
    f.actor1 = perpetrator.own_strikes(sent, f.actor1, f.actor2)


def _unregistered_subject(sent: Sentence, f: Found) -> None:
    if f.actor1 is None:
        f.actor1 = subject.verb_subject_unregistered(sent, f.actor2)


def _group(sent: Sentence, f: Found) -> None:
    f.actor1 = perpetrator.possessor(sent, f.actor1, f.actor2)
    f.actor1 = perpetrator.group_of(sent, f.actor1, f.actor2)
    if sent.lang == "ar":  # its modifiers are not the target ("القوات المتمركزة شرق ...")
        f.actor1 = f.widened = widen(sent, f.actor1, f.actor2)


def _target(sent: Sentence, f: Found) -> None:
    if f.actor2 is None:
        f.actor2 = victims.target(sent, f.actor1)
    if f.actor2 is None and sent.lang == "ar":
        f.actor2 = victims.result_victims(sent, f.actor1)
    f.actor2 = victims.possessive_speaker(sent, f.actor2, f.actor1)


def _fallback(sent: Sentence, f: Found) -> None:
    if f.actor1 is None:
        f.actor1 = subject.coordinated_subject(sent, f.actor2)
    if f.actor1 is None:
        f.actor1 = subject.relative_head_subject(sent, f.actor2)
    if f.actor1 is None:
        # "gunmen from group X" named anywhere in the sentence: the group, as in the member-of step
        f.actor1 = perpetrator.group_of(sent, perpetrator.sentence_fallback(sent, f.actor2), f.actor2)


def _extent(sent: Sentence, f: Found) -> None:
    if f.actor1 is None or f.actor1 is not f.widened:
        f.actor1 = widen(sent, f.actor1, f.actor2)
    f.actor2 = widen(sent, f.actor2, f.actor1, victim=True)
    if overlap(f.actor1, f.actor2):
        f.actor2 = None


#: One call of the role rules, step by step.
STEPS: tuple[tuple[str, Callable[[Sentence, Found], None]], ...] = (
    ("trigger-at-victims", _reanchor),  # a clash word cut off from its casualties yields to the kill verb
    ("clash", _clash),  # both sides of a clash; ends the search
    ("victims", _victims),  # the casualty phrase, or members of a group after the trigger
    ("perpetrator", _perpetrator),  # PERPETRATOR_RULES over registered names
    ("description", _described),  # DESCRIPTION_RULES when only descriptions are named
    ("unregistered-subject", _unregistered_subject),  # the noun phrase after a light or active verb
    (
        "member-of",
        _group,
    ),  # "a suicide bomber from the Nusra Front" is the Nusra Front; "مقاتليه": the speaker's
    ("target", _target),  # the verb's object, the undergoer, the victims of a result clause
    ("fallback", _fallback),  # a coordinated verb's subject, else an armed actor named in the sentence
    ("extent", _extent),  # each phrase with the words that belong to it
)


def find_roles(sent: Sentence) -> Roles:
    """Run :data:`STEPS` over ``sent``."""
    f = Found()
    for _name, step in STEPS:
        step(sent, f)
        if f.done is not None:
            return f.done
    return Roles(f.actor1, f.actor2, ";".join(sent.why) or "none")
