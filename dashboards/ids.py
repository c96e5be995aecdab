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
