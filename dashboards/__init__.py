"""The Dash dashboard over a tracker store: see :func:`dashboards.app.create_app`."""
