"""Browser-test setup: Chrome options for headless runs as root, and a small synthetic store.

CI runs ``pytest tests/e2e --webdriver Chrome --headless``; the options below let Chromium start in
a container as root without a GPU, and keep it from contacting anything but the test server.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
DEV_BOUNDARIES = ROOT.parent / "shared" / "data" / "gazetteer" / "ocha" / "syr_adm1_simplified.geojson"


def pytest_setup_options():  # noqa: ANN201 - dash's hook returns selenium Options
    from selenium.webdriver.chrome.options import Options

    options = Options()
    for arg in (
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--window-size=1400,1000",
        "--lang=en-GB",
    ):
        options.add_argument(arg)
    return options


@pytest.fixture(scope="session")
def e2e_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of 3,000 synthetic incidents."""
    from tests.support.synth import write_synthetic_store

    return write_synthetic_store(tmp_path_factory.mktemp("e2e") / "store.duckdb", 3000, seed=7)


@pytest.fixture(scope="session")
def boundaries_path() -> Path | None:
    """The packaged governorate outlines, or in a developer checkout the OCHA file in ../shared."""
    from tracker import resources

    if resources.path("places", "syr_adm1.geojson").is_file():
        return None  # the app finds the packaged file itself
    return DEV_BOUNDARIES if DEV_BOUNDARIES.is_file() else None


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
