"""What each level word ("city", "province", "countryside") asks of a place's records, best first: how the
geocoder weighs a name's records by the word before or after it; the rank of each level, and the level and
precision a resolved name is given (moved out of :mod:`tracker.places.geocoder`).
"""

from __future__ import annotations

from tracker.places.gazetteer import Place
from tracker.places.names import Hit

__all__ = ["CITY_GOVERNORATES", "LEVEL_RANK", "level_fit", "precision"]

# Damascus governorate is the city itself: naming it places the event in the city.
CITY_GOVERNORATES = frozenset({"SY01"})
# Rural Damascus has no city of its name: naming it tells only the governorate.
_NO_CAPITAL = frozenset({"SY03"})

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


LEVEL_RANK = {
    "country": 0,
    "region": 1,
    "admin1": 2,
    "admin2": 3,
    "admin3": 4,
    "town": 5,
    "neighbourhood": 6,
}


def precision(p: Place, h: Hit) -> tuple[str, int]:
    """The level and ``geo_precision`` of a name resolved to the record ``p``, given the words read around
    it (its level word, "near", "between", a direction)."""
    want = h.level_word
    level = p.level
    if level == "country":
        return level, 3
    if want == "province" and level != "admin1":
        return level, 2
    if want == "province" or (want == "countryside" and level == "admin1"):
        return "admin1", 2 if h.direction and want == "countryside" else 3
    if want == "countryside":
        return level, 2
    if level == "admin1":
        if p.admin1_pcode in CITY_GOVERNORATES and want != "province":
            return "town", 2 if h.near or h.between else 1
        # A bare governorate name is also its capital's (Aleppo, Homs): between city and province.
        return level, 3 if p.admin1_pcode in _NO_CAPITAL else 2
    if level == "region":
        return level, 2
    if level in ("admin2", "admin3") and want not in ("district", "subdistrict"):
        return level, 2
    if level in ("admin2", "admin3"):
        return level, 2
    return level, 2 if h.near or h.between else 1
