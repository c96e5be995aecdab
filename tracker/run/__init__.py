"""Running things: reading inputs, decoding, feeds, fetching, watching, and the Dask engine."""
