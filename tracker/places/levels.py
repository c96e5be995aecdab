"""What each level word ("city", "province", "countryside") asks of a place's records, best first: how the
geocoder weighs a name's records by the word before or after it (moved out of :mod:`tracker.places.geocoder`).
"""

from __future__ import annotations

__all__ = ["level_fit"]

# What each level word asks for, best first.
_WANTED = {
    "city": ("town", "admin1", "admin2", "admin3"),
    "town": ("town", "admin3", "admin2"),
    "village": ("town", "admin3"),
    "neighbourhood": ("neighbourhood", "town"),
    "camp": ("region", "neighbourhood", "town"),
    "district": ("admin2", "region", "admin3", "admin1", "town"),
    "subdistrict": ("admin3", "admin2", "town"),
    "province": ("admin1",),
    "countryside": ("admin1", "region", "admin2", "town"),
}
_DEFAULT_FIT = ("region", "country", "admin1", "town", "admin2", "admin3", "neighbourhood")


def level_fit(level: str, want: str | None) -> int:
    """How well a record of ``level`` fits the level word ``want`` (higher is better; -1 not at all)."""
    order = _WANTED.get(want or "", _DEFAULT_FIT)
    return len(order) - order.index(level) if level in order else -1
