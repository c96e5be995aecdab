"""Actors: the registry of armed groups and institutions, the tagger that finds them in text, and the role
rules that say who did it (actor1) to whom (actor2)."""

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
