"""Regular-expression building blocks shared by every stage that turns word lists into patterns."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeAlias

__all__ = ["alternation"]


def alternation(words: Iterable[str] | str) -> str:
    """A regex alternation of ``words``: escaped, empty strings dropped, longest first so that a longer
    phrase wins over its own prefix ("air strikes" before "air").

    The words are laid out as a trie, their shared beginnings written once: Python's ``re`` tries every
    alternative of a flat ``a|b|c`` at every position of the text, but only the branches that begin with
    the text's next character of a trie. It matches what the flat alternation, longest first, matches:
    the words that can match at one position are prefixes of each other, and both forms try them from
    the longest to the shortest (a greedy ``(?:...)?`` tries the longer words under a node before the
    word ending there).

    >>> alternation(["air", "air strikes", ""])
    'air(?:\\\\ strikes)?'
    >>> alternation(["shell", "shot", "killed"])
    'killed|sh(?:ell|ot)'
    >>> re.fullmatch(alternation(["air", "air strikes"]), "air strikes") is not None
    True
    """
    items = [words] if isinstance(words, str) else list(words)
    trie: Trie = {}
    for word in sorted({w for w in items if w}, key=lambda w: (-len(w), w)):  # ties in a fixed order
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return "|".join(_branches(trie))


#: A node of a word trie: the next character -> its node; the key "" marks a word ending at the node.
Trie: TypeAlias = dict[str, "Trie"]


def _branches(node: Trie) -> list[str]:
    """The alternatives below a trie node, one per next character."""
    out = []
    for ch, child in node.items():
        if not ch:
            continue
        literal = [ch]  # a run of single children, no word ending inside it, is one literal
        while len(child) == 1 and "" not in child:
            ((nxt, child),) = child.items()
            literal.append(nxt)
        below = _branches(child)
        rest = "|".join(below)
        if below and "" in child:
            rest = f"(?:{rest})?"  # greedy: the longer words first, then the word ending here
        elif len(below) > 1:
            rest = f"(?:{rest})"
        out.append(re.escape("".join(literal)) + rest)
    return out
