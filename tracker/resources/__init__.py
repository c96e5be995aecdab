"""Packaged data files (lexicons, gazetteer, actors, ceasefires, demo corpus) and their loaders.

Files are read with :mod:`importlib.resources` on first use and cached; nothing is read at import.
Every word list goes through :func:`tracker.text.normalize.normalize_key`, the same folding as article text.
See ``resources/README.md`` for what each file holds and where its facts come from.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from tracker.text.normalize import normalize_key


def path(*parts: str) -> Any:
    """A Traversable for a packaged resource file, e.g. ``path("lexicon", "ar.yaml")``."""
    ref = resources.files("tracker.resources")
    for p in parts:
        ref = ref / p
    return ref


def read_text(*parts: str) -> str:
    """The text of a packaged resource file."""
    return path(*parts).read_text(encoding="utf-8")  # type: ignore[no-any-return]


#: libyaml's parser when PyYAML was built with it (7x faster; the same values), else the pure-Python one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(*parts: str) -> Any:
    """Parse a packaged YAML file."""
    return yaml.load(read_text(*parts), Loader=_LOADER)  # noqa: S506 (a safe loader)


# Sections whose first-level keys are identifiers (sub-event type names, qualifier kinds), not words.
_ID_KEYED = frozenset({"triggers", "qualifiers", "numbers", "morphology"})


def _normalize_tree(node: Any, *, words_as_keys: bool = True) -> Any:
    if isinstance(node, str):
        return normalize_key(node)
    if isinstance(node, list):
        return [_normalize_tree(n) for n in node]
    if isinstance(node, dict):
        return {(normalize_key(str(k)) if words_as_keys else k): _normalize_tree(v) for k, v in node.items()}
    return node


@lru_cache(maxsize=8)
def lexicon(lang: str) -> dict[str, Any]:
    """The language's word lists (``lexicon/<lang>.yaml``), every string normalised.

    Top-level keys are concepts (``killed``, ``injured``, ``numbers``, ``triggers`` ...). Words are
    normalised wherever they stand (list items, mapping keys and values), except the first-level keys of
    ``triggers``/``qualifiers``/``numbers``, which are identifiers such as ``Air/drone strike``.
    """
    raw = load_yaml("lexicon", f"{lang}.yaml") or {}
    return {k: _normalize_tree(v, words_as_keys=k not in _ID_KEYED) for k, v in raw.items()}
