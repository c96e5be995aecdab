"""Running things: reading inputs, decoding, feeds, fetching, watching, ingesting, the local pool, Dask.

``inputs`` finds the inputs and hands each to its reader (``readers``, one per format; ``records``
turns records into articles and keeps the run report; ``decoding`` tells encodings and binary files
apart); ``feeds`` and ``fetch`` read feeds and web pages; ``ingest`` runs an ingestion into the store
(extract, merge, judge, store); ``watch`` polls feeds and ingests what is new; ``pool`` extracts in
local worker processes and ``distributed`` on a Dask cluster. Import the modules themselves: this
package imports nothing, so reading a file does not load the extractor or Dask.
"""
