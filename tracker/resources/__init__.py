"""Packaged data files (lexicons, gazetteer, actors, ceasefires, demo corpus) and their loaders.

Files are read with :mod:`importlib.resources` on first use and cached; nothing is read at import.
Every word list goes through :func:`tracker.normalize.normalize_key`, the same folding as article text.
See ``resources/README.md`` for what each file holds and where its facts come from.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from tracker.normalize import normalize_key


def path(*parts: str) -> Any:
    """A Traversable for a packaged resource file, e.g. ``path("lexicon", "ar.yaml")``."""
    ref = resources.files("tracker.resources")
    for p in parts:
        ref = ref / p
    return ref


def read_text(*parts: str) -> str:
    """The text of a packaged resource file."""
    return path(*parts).read_text(encoding="utf-8")  # type: ignore[no-any-return]


def load_yaml(*parts: str) -> Any:
    """Parse a packaged YAML file."""
    return yaml.safe_load(read_text(*parts))


def _normalize_tree(node: Any) -> Any:
    if isinstance(node, str):
        return normalize_key(node)
    if isinstance(node, list):
        return [_normalize_tree(n) for n in node]
    if isinstance(node, dict):
        return {k: _normalize_tree(v) for k, v in node.items()}
    return node


@lru_cache(maxsize=8)
def lexicon(lang: str) -> dict[str, Any]:
    """The language's word lists (``lexicon/<lang>.yaml``), every string normalised.

    Keys are concepts (``killed``, ``injured``, ``numbers``, ``vague``, ``triggers`` ...). Mapping keys
    are left as written; mapping values and list items are normalised.
    """
    raw = load_yaml("lexicon", f"{lang}.yaml") or {}
    return {k: _normalize_tree(v) for k, v in raw.items()}
