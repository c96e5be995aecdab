"""A local news site for the feed and watch tests: 127.0.0.1, a random port, a background thread.

Serves the test feeds and pages in ``tests/data/feeds`` (written for these tests, Arabic and
English), an Arabic page in windows-1256, and the failures a real feed can show: 404, 500 and 503,
a slow response, a trickling body, garbage bytes, a redirect loop, a path robots.txt forbids, a feed
that fails once then recovers, and a feed whose second request adds new items. Every request is recorded (path and User-Agent) so tests can check
what the client asked for, and what it did not.

>>> with FeedServer() as server:  # doctest: +SKIP
...     server.url("/en/feed.rss")
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).parent / "data" / "feeds"

#: A fixed HTTP Date, so the fallback publication date of an undated page is known to the tests.
HTTP_DATE = "Tue, 24 Jan 2017 10:00:00 GMT"

ROBOTS = b"User-agent: *\nDisallow: /private/\n"

RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
HTML = "text/html; charset=utf-8"

#: path -> (data file, content type)
FILES: dict[str, tuple[str, str]] = {
    "/en/feed.rss": ("wire.en.rss", RSS),
    "/ar/feed.atom": ("wire.ar.atom", ATOM),
    "/en/2017/01/23/saraqib.html": ("page.en.html", HTML),
    "/ar/sarmin.html": ("page.ar.html", HTML),
    "/private/feed.rss": ("wire.en.rss", RSS),
    "/text-html-feed": ("wire.en.rss", HTML),  # a feed served with the wrong content type
    "/headlines.rss": ("headlines.en.rss", RSS),  # titles only, each linking to its full report
    "/reports/maarat.html": ("report.maarat.en.html", HTML),
    "/reports/daraa.html": ("report.daraa.en.html", HTML),
}

#: Bytes that are neither XML nor HTML, served as a feed.
GARBAGE = bytes(range(256)) * 8


class FeedServer:
    """The test site. ``slow_seconds`` is how long ``/slow.rss`` sleeps before answering;
    ``crawl_delay`` adds a ``Crawl-delay`` to robots.txt; ``robots`` replaces its rules; ``robots_status``
    other than 200 answers robots.txt with that error instead."""

    def __init__(
        self,
        *,
        slow_seconds: float = 2.0,
        crawl_delay: float | None = None,
        robots: bytes = ROBOTS,
        robots_status: int = 200,
    ) -> None:
        self.slow_seconds = slow_seconds
        self.robots = robots + (f"Crawl-delay: {crawl_delay:g}\n".encode() if crawl_delay else b"")
        self.robots_status = robots_status
        self.hits: list[tuple[str, str]] = []
        self.not_modified: list[str] = []  # paths answered 304 (the client sent our ETag back)
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="feed-server", daemon=True
        )

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def count(self, path: str) -> int:
        """How many requests ``path`` has had."""
        with self._lock:
            return Counter(p for p, _ in self.hits)[path]

    def record(self, path: str, agent: str) -> int:
        """Record a request; return how many ``path`` has had, this one included."""
        with self._lock:
            self.hits.append((path, agent))
            return sum(1 for p, _ in self.hits if p == path)


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            path = self.path.split("?")[0]
            n = server.record(path, self.headers.get("User-Agent", ""))
            if path == "/robots.txt":
                if server.robots_status == 200:
                    self._send(200, server.robots, "text/plain")
                else:
                    self._send(server.robots_status, b"no robots.txt here", "text/plain")
            elif path in FILES:
                name, media = FILES[path]
                # The test files never change: an ETag lets a client ask "anything new?" for free.
                etag = f'"{name}-1"'
                if self.headers.get("If-None-Match") == etag:
                    server.not_modified.append(path)
                    self._send(304, b"", media, etag=etag)
                else:
                    self._send(200, (DATA / name).read_bytes(), media, etag=etag)
            elif path == "/growing.rss":
                # The second and later requests show one new item (and one repeat under a new GUID).
                name = "wire.en.rss" if n == 1 else "growing.en.rss"
                self._send(200, (DATA / name).read_bytes(), RSS)
            elif path == "/flaky.rss":
                if n == 1:
                    self._send(500, b"temporary failure", "text/plain")
                else:
                    self._send(200, (DATA / "wire.en.rss").read_bytes(), RSS)
            elif path == "/slow.rss":
                time.sleep(server.slow_seconds)
                self._send(200, (DATA / "wire.en.rss").read_bytes(), RSS)
            elif path == "/trickle.rss":
                # Headers at once, then the body a few bytes at a time: each read is quick, the whole is not.
                body = (DATA / "wire.en.rss").read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", RSS)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    for start in range(0, len(body), 64):
                        self.wfile.write(body[start : start + 64])
                        self.wfile.flush()
                        time.sleep(server.slow_seconds / 10)
                except (BrokenPipeError, ConnectionResetError):
                    pass
            elif path == "/ar/cp1256.html":
                # An Arabic page in the Windows Arabic code page, declared only in the HTTP header.
                html = (
                    (DATA / "page.ar.html").read_text(encoding="utf-8").replace('<meta charset="utf-8">', "")
                )
                self._send(200, html.encode("cp1256"), "text/html; charset=windows-1256")
            elif path == "/ar/cp1256-undeclared.html":
                # The same page with no charset anywhere: neither the header nor a meta tag says it.
                html = (
                    (DATA / "page.ar.html").read_text(encoding="utf-8").replace('<meta charset="utf-8">', "")
                )
                self._send(200, html.encode("cp1256"), "text/html")
            elif path.startswith(("/news/", "/rss", "/other")):
                self._send(200, (DATA / "wire.en.rss").read_bytes(), RSS)
            elif path == "/garbage.rss":
                self._send(200, GARBAGE, RSS)
            elif path == "/busy":
                self._send(503, b"down for maintenance", "text/plain")
            elif path == "/error":
                self._send(500, b"internal error", "text/plain")
            elif path == "/moved.rss":
                self._redirect("/en/feed.rss")
            elif path == "/loop-a":
                self._redirect("/loop-b")
            elif path == "/loop-b":
                self._redirect("/loop-a")
            elif path == "/to-file":
                self._redirect("file:///etc/passwd")
            else:
                self._send(404, b"not found", "text/plain")

        def _send(self, status: int, body: bytes, media: str, *, etag: str | None = None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", media)
                if etag:
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing to answer

        def _redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def date_time_string(self, timestamp: float | None = None) -> str:
            return HTTP_DATE

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep pytest output clean; ``hits`` records the requests

    return Handler
