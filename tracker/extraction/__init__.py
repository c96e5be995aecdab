"""Extraction: the pipeline (an ordered list of named stages) and one module per stage."""
