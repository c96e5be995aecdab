"""Places: the packaged Syrian gazetteer and the geocoder that finds its names in Arabic and English text.

``gazetteer`` loads and checks the records, ``words`` holds the word tables and spelling folds, ``names``
finds the names in a text, ``geocoder`` resolves them and chooses the place of an event or an article.
"""

from tracker.places.gazetteer import LEVELS, SYRIA_BBOX, Place, load_gazetteer, validate_gazetteer
from tracker.places.geocoder import Geocoder, PlaceMatch, default_geocoder, lies_in, lowered, to_columns

__all__ = [
    "LEVELS",
    "SYRIA_BBOX",
    "Geocoder",
    "Place",
    "PlaceMatch",
    "default_geocoder",
    "lies_in",
    "load_gazetteer",
    "lowered",
    "to_columns",
    "validate_gazetteer",
]
