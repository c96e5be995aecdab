"""Shared fixtures: the ../shared folder (tests that read it skip only when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

#: Mark for tests that read third-party data from ../shared: they run in CI (where it is present)
#: and skip on a user's machine (where it is not).
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent (not a developer checkout)")


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED
