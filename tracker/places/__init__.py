"""Places: the packaged Syrian gazetteer and the geocoder that finds its names in Arabic and English text."""

from tracker.places.geocoder import (
    LEVELS,
    SYRIA_BBOX,
    Geocoder,
    Place,
    PlaceMatch,
    default_geocoder,
    load_gazetteer,
    lowered,
    to_columns,
    validate_gazetteer,
)

__all__ = [
    "LEVELS",
    "SYRIA_BBOX",
    "Geocoder",
    "Place",
    "PlaceMatch",
    "default_geocoder",
    "load_gazetteer",
    "lowered",
    "to_columns",
    "validate_gazetteer",
]
