"""Text: normalisation with an offset map, keyword folding, Arabic morphology and language detection."""
