"""Screenshots of the dashboard in headless Chromium, by default the README picture from the demo.

Ingests the bundled demo corpus into a temporary store (or opens ``--store``), serves the dashboard
on a free loopback port, opens it in headless Chromium (Debian's ``chromium`` and
``chromium-driver``) at 1600x1200, waits until every view has drawn and saves a PNG.

    python scripts/dashboard_screenshot.py --readme              # -> docs/dashboard.png
    python scripts/dashboard_screenshot.py --review              # -> docs/img/review.png
    python scripts/dashboard_screenshot.py --query '?gov=Idleb' --out /tmp/idleb.png
    python scripts/dashboard_screenshot.py --scroll '#map' --out /tmp/map.png
    python scripts/dashboard_screenshot.py --full-page --out /tmp/page.png
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _wait_idle(driver, timeout: float = 60) -> None:  # noqa: ANN001
    """Until no callback is pending and every graph has drawn."""
    script = """
        const loading = document.querySelectorAll('[data-dash-is-loading=true]').length;
        const graphs = document.querySelectorAll('.dash-graph');
        const drawn = document.querySelectorAll('.dash-graph .js-plotly-plot .main-svg').length;
        return loading === 0 && graphs.length > 0 && drawn >= graphs.length;
    """
    end = time.monotonic() + timeout
    while not driver.execute_script(script):
        if time.monotonic() > end:
            raise SystemExit("the dashboard did not finish drawing")
        time.sleep(0.2)
    time.sleep(1.5)  # map tiles of local layers and plotly transitions


def shoot(
    store: Path,
    out: Path,
    *,
    query: str = "",
    scroll: str | None = None,
    size: tuple[int, int] = (1600, 1200),
    full_page: bool = False,
    click: str | None = None,
) -> Path:
    """Serve the dashboard on ``store`` and save a screenshot of ``query`` to ``out`` (after clicking
    the element ``click`` names, e.g. a table cell to fill the evidence panel)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from werkzeug.serving import make_server

    from dashboards.app import create_app

    app = create_app(store)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    options = Options()
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", f"--window-size={size[0]},{size[1]}", "--lang=en-GB",
        "--hide-scrollbars",
    ):  # fmt: skip
        options.add_argument(arg)
    # Debian's chromium and chromedriver, so selenium does not try to download a browser.
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    try:
        # the page gets exactly ``size`` pixels (a window of that size leaves less for the page)
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False},
        )
        driver.get(f"http://127.0.0.1:{server.server_port}/{query}")
        _wait_idle(driver)
        if click:
            driver.execute_script("document.querySelector(arguments[0]).click()", click)
            _wait_idle(driver)
            driver.execute_script("window.scrollTo(0, 0)")
            time.sleep(0.5)
        if scroll:
            driver.execute_script(
                "document.querySelector(arguments[0]).scrollIntoView({block: 'start'})", scroll
            )
            time.sleep(0.5)
        if full_page:
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": size[0], "height": height, "deviceScaleFactor": 1, "mobile": False},
            )
            _wait_idle(driver)
        out.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(out))
    finally:
        driver.quit()
        server.shutdown()
        app.tracker_data.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None, help="store to show [default: the demo corpus]")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "dashboard.png")
    parser.add_argument(
        "--readme",
        action="store_true",
        help="the README picture: 1600x1650, the evidence of the newest event shown (the defaults otherwise)",
    )
    parser.add_argument(
        "--review",
        action="store_true",
        help="the README's review picture: the first queued English event open in the review card "
        "(docs/img/review.png, 1600x1000)",
    )
    parser.add_argument("--query", default="", help="URL query, e.g. '?gov=Idleb&freq=month'")
    parser.add_argument("--scroll", default=None, help="CSS selector to scroll to the top first")
    parser.add_argument("--size", default="1600x1200", help="window size WIDTHxHEIGHT")
    parser.add_argument("--full-page", action="store_true", help="grow the window to the whole page")
    parser.add_argument("--click", default=None, help="CSS selector of an element to click first")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    if args.readme:
        args.size, args.click = "1600x1650", "#table td[data-dash-column='location']"
    if args.review:
        args.size, args.click, args.scroll = (
            "1600x1000",
            "#queue td[data-dash-column='location']",
            "#review-card",
        )
        args.query = args.query or "?lang=en"  # a sentence every reader of the README can read
        if args.out == parser.get_default("out"):
            args.out = ROOT / "docs" / "img" / "review.png"
    width, height = (int(x) for x in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            from tracker.commands.dashboard import ingest_demo

            store = Path(tmp) / "demo.duckdb"
            ingest_demo(store)
        path = shoot(
            store,
            args.out,
            query=args.query,
            scroll=args.scroll,
            size=(width, height),
            full_page=args.full_page,
            click=args.click,
        )
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
