"""Actors: the registry of armed groups and institutions, the tagger that finds them in text, and the role
rules that say who did it (actor1) to whom (actor2).

- ``registry``: :class:`Actor`, loading ``actors.yaml`` (aliases, composites such as "Russian jets", renamed
  groups by date), and the values returned: :class:`ActorMatch`, :class:`Roles`;
- ``words``: the per-language words of ``roles.yaml`` (:class:`~tracker.actors.words.Lang`) and the phrase finder;
- ``tagger``: :class:`ActorTagger`: finding names, the reporting source, the headline's actor, the claimant;
- ``context``: the :class:`~tracker.actors.context.Sentence` every role rule reads;
- ``voice``: active or passive, nominal triggers, auxiliaries; ``candidates``: which names may fill a role;
  ``phrase``: noun-phrase extent (agreeing adjectives, names after titles, coordination);
- ``rules``: the role rules by family (clash, victims, perpetrator, subject) and ``rules.STEPS``, the order
  in which they are tried.
"""

from tracker.actors.registry import UNREGISTERED, Actor, ActorMatch, Roles, load_registry, registry
from tracker.actors.tagger import ActorTagger, default_tagger

__all__ = [
    "UNREGISTERED",
    "Actor",
    "ActorMatch",
    "ActorTagger",
    "Roles",
    "default_tagger",
    "load_registry",
    "registry",
]
