"""Text: folding with a map back to the original, the keyword pre-filter, Arabic morphology, language."""
