"""Regular-expression building blocks shared by every stage that turns word lists into patterns."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["alternation"]


def alternation(words: Iterable[str] | str) -> str:
    """A regex alternation of ``words``: escaped, empty strings dropped, longest first so that a longer
    phrase wins over its own prefix ("air strikes" before "air").

    >>> alternation(["air", "air strikes", ""])
    'air\\\\ strikes|air'
    """
    items = [words] if isinstance(words, str) else list(words)
    return "|".join(re.escape(w) for w in sorted({w for w in items if w}, key=len, reverse=True))
