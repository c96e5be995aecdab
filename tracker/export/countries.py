"""Country facts for exports: ISO 3166 codes, ACLED and UCDP regions, Gleditsch-Ward numbers, adjectives.

Reads ``resources/export/countries.csv`` (one row per country the gazetteer knows) on first use.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache

from tracker.resources import read_text

__all__ = ["Country", "countries", "country"]


@dataclass(frozen=True, slots=True)
class Country:
    """One country: ``iso`` is the ISO 3166-1 numeric code, ``gwno`` the Gleditsch-Ward number (None for
    Palestine, which has none), ``adjective`` the English word for its forces ("Turkish")."""

    name: str
    iso3: str
    iso: int
    acled_region: str
    gwno: int | None
    ucdp_region: str
    adjective: str


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Every country of the table by its name (the names of our ``country`` column).

    >>> countries()["Yemen"].iso3, countries()["Yemen"].acled_region
    ('YEM', 'Middle East')
    """
    rows = csv.DictReader(io.StringIO(read_text("export", "countries.csv")))
    return {
        row["name"]: Country(
            name=row["name"],
            iso3=row["iso3"],
            iso=int(row["iso"]),
            acled_region=row["acled_region"],
            gwno=int(row["gwno"]) if row["gwno"] else None,
            ucdp_region=row["ucdp_region"],
            adjective=row["adjective"],
        )
        for row in rows
    }


def country(name: object) -> Country | None:
    """The facts of a country name, or None when the name is missing or not in the table."""
    return countries().get(name) if isinstance(name, str) else None
