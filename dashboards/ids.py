"""Component ids of the dashboard, in one place so layout, callbacks and tests agree.

Reads and writes nothing.
"""

from __future__ import annotations

URL = "url"
FILTERS = "filters"  # dcc.Store holding the current Filters as a dict

# filter controls
DATES = "f-dates"
ACTORS = "f-actors"
SIDES = "f-sides"
ADMIN1 = "f-admin1"
EVENT_TYPES = "f-event-types"
CEASEFIRES = "f-ceasefires"
VIOLATIONS_ONLY = "f-violations-only"
LANGUAGES = "f-languages"
SOURCES = "f-sources"
MIN_FATALITIES = "f-min-fatalities"
RESET = "f-reset"

# view settings (also in the URL)
FREQ = "v-freq"
MEASURE = "v-measure"

# views
KPIS = "kpis"
TIMELINE_ACTOR = "timeline-actor"
TIMELINE_PLACE = "timeline-place"
HEATMAP = "heatmap"
MAP = "map"
TABLE = "table"
TABLE_COUNT = "table-count"
EVIDENCE = "evidence"
SELECTED = "selected-event"  # dcc.Store with the incident id shown in the evidence panel

# downloads
DOWNLOAD = "download"
DOWNLOAD_CSV = "download-csv"
DOWNLOAD_EXCEL = "download-excel"

# review (dashboards/review.py)
REVIEW_CARD = "review-card"
REVIEWS = "reviews-saved"  # dcc.Store counting saved decisions: the views redraw when it changes
R_EMPTY = "r-empty"
R_BODY = "r-body"
R_SENTENCE = "r-sentence"
R_DECISION = "r-decision"
R_DUPLICATE_OF = "r-duplicate-of"
R_ACTOR1 = "r-actor1"
R_ACTOR2 = "r-actor2"
R_TYPE = "r-type"
R_FATALITIES = "r-fatalities"
R_INJURED = "r-injured"
R_PLACE = "r-place"
R_DATE = "r-date"
R_CEASEFIRE = "r-ceasefire"
R_VIOLATION = "r-violation"
R_COMMENT = "r-comment"
R_REVIEWER = "r-reviewer"
R_TOKEN = "r-token"
R_SAVE = "r-save"
R_STATUS = "r-status"
QUEUE = "queue"
QUEUE_COUNT = "queue-count"
