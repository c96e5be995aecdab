"""CLI sub-commands, one module per area; imported lazily by :mod:`tracker.cli`."""
