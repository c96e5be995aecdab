"""A polite HTTP fetcher for feeds and news pages.

Reads URLs over HTTP(S) with the standard library; writes nothing. Politeness is the point:
an honest User-Agent naming the project and version, robots.txt honoured (with its crawl delay),
timeouts on every request, redirects followed by hand (so hops are counted and loops spotted),
a size cap on bodies, and retries with exponential backoff kept per host, so one failing site
is left alone for a while without slowing the others.

>>> fetcher = Fetcher(timeout=10.0)
>>> response = fetcher.get("https://example.org/feed.xml")  # doctest: +SKIP
>>> response.status, response.url, len(response.body)  # doctest: +SKIP
"""

from __future__ import annotations

import http.client
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from protego import Protego  # RFC 9309 robots.txt (wildcards, $, longest match wins)

log = logging.getLogger(__name__)

#: The product token robots.txt rules are matched against.
AGENT_TOKEN = "ceasefire-tracker"

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
#: Worth asking again later: the server is overloaded or failing, not refusing.
RETRY_CODES = frozenset({408, 425, 429, 500, 502, 503, 504})
#: A body must arrive within this many request timeouts.
READ_DEADLINE_FACTOR = 3
#: The server speaks for the whole host: too many requests, or down for maintenance.
HOST_BUSY_CODES = frozenset({429, 503})


def user_agent(contact: str | None = None) -> str:
    """The User-Agent we send: project name and version, and how to reach whoever runs it.

    >>> user_agent("ops@example.org").startswith("ceasefire-tracker/")
    True
    """
    from tracker import __version__

    who = f"; +{contact}" if contact else ""
    return f"{AGENT_TOKEN}/{__version__} (ceasefire-violation news tracker; honours robots.txt{who})"


class FetchError(OSError):
    """A URL could not be read. ``retryable`` says whether asking again later may help."""

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        retryable: bool = False,
        status: int | None = None,
        retry_after: float | None = None,
    ):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after


class RobotsDisallowed(FetchError):
    """robots.txt asks agents like ours not to fetch this URL."""


@dataclass(slots=True)
class Response:
    """What a successful GET returned. ``url`` is the final URL after redirects.

    ``status`` is 200-299, or 304 when a conditional request found nothing new (``body`` empty).
    ``date`` is the server's HTTP Date header (a fallback publication date for pages), if any.
    """

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    date: datetime | None = None

    @property
    def content_type(self) -> str:
        """The media type without parameters, lowercased (``""`` when absent)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass(slots=True)
class _Host:
    failures: int = 0
    not_before: float = 0.0  # monotonic time before which we do not contact the host
    last_request: float = float("-inf")
    robots: Protego | None = None
    robots_checked: float = float("-inf")
    crawl_delay: float = 0.0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # We follow redirects ourselves to count hops, spot loops and ask robots.txt at every hop.
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


@dataclass
class Fetcher:
    """GETs URLs politely; keep one per run so per-host state (robots, backoff) is shared.

    ``retries`` more attempts follow a retryable failure after ``backoff * 2**n`` seconds (capped by
    ``max_backoff``, and honouring a ``Retry-After`` within that cap). After a request that still
    fails because the host is unreachable, times out or answers 429/503, the host is not contacted
    again for ``backoff * 2**failures`` seconds (same cap): later calls raise a retryable
    :class:`FetchError` at once. ``robots_ttl`` is how long a host's
    robots.txt is trusted; its ``Crawl-delay`` (capped at ``max_crawl_delay``) spaces our requests.
    ``sleep`` and ``clock`` are injectable so callers can wait interruptibly.
    """

    timeout: float = 20.0
    max_redirects: int = 5
    max_bytes: int = 5_000_000
    retries: int = 2
    backoff: float = 2.0
    max_backoff: float = 3600.0
    respect_robots: bool = True
    robots_ttl: float = 3600.0
    max_crawl_delay: float = 30.0
    agent: str = field(default_factory=user_agent)
    sleep: Callable[[float], object] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _hosts: dict[str, _Host] = field(default_factory=dict, init=False, repr=False)
    _opener: urllib.request.OpenerDirector = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._opener = urllib.request.build_opener(_NoRedirect)

    def get(self, url: str, *, headers: Mapping[str, str] | None = None) -> Response:
        """GET ``url`` following redirects; raise :class:`FetchError` (or :class:`RobotsDisallowed`).

        ``headers`` are extra request headers, e.g. ``If-None-Match`` for a conditional GET.
        """
        seen: list[str] = []
        current = url
        while True:
            _check_scheme(current, first=not seen)
            if current in seen:
                raise FetchError(url, f"redirect loop via {current}", retryable=True)
            if len(seen) > self.max_redirects:
                raise FetchError(url, f"more than {self.max_redirects} redirects", retryable=True)
            seen.append(current)
            if self.respect_robots:
                self._check_robots(current)
            response = self._get_with_retries(current, headers or {})
            if response.status not in REDIRECT_CODES:
                return response
            location = response.headers.get("location")
            if not location:
                raise FetchError(current, f"HTTP {response.status} without a Location header")
            current = urljoin(current, location)
            log.debug("redirect %s -> %s", seen[-1], current)

    def _get_with_retries(self, url: str, headers: Mapping[str, str]) -> Response:
        host = self._host(url)
        self._guard(host, url)
        attempt = 0
        while True:
            self._space_requests(host)
            try:
                response = self._request(url, headers)
            except FetchError as exc:
                if not exc.retryable or attempt >= self.retries:
                    # The whole host waits only when it is unreachable or says it is overloaded;
                    # a failing URL (a broken feed script) must not silence the site's other feeds.
                    if exc.retryable and (exc.status is None or exc.status in HOST_BUSY_CODES):
                        self._failed(host)
                    raise
                wait = self._delay(attempt, exc.retry_after)
                log.info("retrying %s in %.1f s: %s", url, wait, exc.reason)
                self.sleep(wait)
                attempt += 1
                continue
            host.failures = 0
            host.not_before = 0.0
            return response

    def _guard(self, host: _Host, url: str) -> None:
        wait = host.not_before - self.clock()
        if wait > 0:
            raise FetchError(url, f"backing off this host for {wait:.0f} s more", retryable=True)

    def _failed(self, host: _Host) -> None:
        host.failures += 1
        host.not_before = self.clock() + self._delay(host.failures - 1)

    def _delay(self, n: int, retry_after: float | None = None) -> float:
        wait = self.backoff * 2**n
        if retry_after is not None:
            wait = max(wait, retry_after)
        return float(min(wait, self.max_backoff))

    def _space_requests(self, host: _Host) -> None:
        wait = host.last_request + host.crawl_delay - self.clock()
        if wait > 0:
            self.sleep(wait)
        host.last_request = self.clock()

    def _request(self, url: str, headers: Mapping[str, str]) -> Response:
        request = urllib.request.Request(url, headers={"User-Agent": self.agent, **headers})
        try:
            with self._opener.open(request, timeout=self.timeout) as raw:
                return self._response(url, raw.status, raw.headers, raw)
        except urllib.error.HTTPError as exc:
            with exc:
                if exc.code in REDIRECT_CODES or exc.code == 304:
                    return self._response(url, exc.code, exc.headers, None)
                raise FetchError(
                    url,
                    f"HTTP {exc.code}",
                    retryable=exc.code in RETRY_CODES,
                    status=exc.code,
                    retry_after=_retry_after(exc.headers.get("Retry-After")),
                ) from None
        except TimeoutError as exc:
            raise FetchError(url, f"timed out after {self.timeout:g} s", retryable=True) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise FetchError(url, f"timed out after {self.timeout:g} s", retryable=True) from exc
            raise FetchError(url, f"cannot connect: {exc.reason}", retryable=True) from exc
        except FetchError:
            raise
        except (OSError, http.client.HTTPException) as exc:
            # Garbage instead of an HTTP status line, a dropped connection, a truncated body.
            raise FetchError(url, f"bad response: {exc!r}", retryable=True) from exc

    def _response(self, url: str, status: int, raw_headers, stream) -> Response:  # type: ignore[no-untyped-def]
        headers = {k.lower(): v for k, v in raw_headers.items()} if raw_headers else {}
        body = b""
        if stream is not None:
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(url, f"body of {declared} bytes exceeds the {self.max_bytes}-byte cap")
            body = self._read_body(url, stream)
        return Response(
            url=url, status=status, headers=headers, body=body, date=_http_date(headers.get("date"))
        )

    def _read_body(self, url: str, stream) -> bytes:  # type: ignore[no-untyped-def]
        # The socket timeout bounds each read, not the whole body: a server trickling a byte at a
        # time would hold us forever, so the whole read also has a deadline.
        deadline = time.monotonic() + self.timeout * READ_DEADLINE_FACTOR
        chunks: list[bytes] = []
        size = 0
        while chunk := stream.read1(65536):
            chunks.append(chunk)
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(url, f"body exceeds the {self.max_bytes}-byte cap")
            if time.monotonic() > deadline:
                raise FetchError(url, "body too slow to arrive", retryable=True)
        return b"".join(chunks)

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        return self._hosts.setdefault(key, _Host())

    def _check_robots(self, url: str) -> None:
        host = self._host(url)
        if host.robots is None or self.clock() - host.robots_checked > self.robots_ttl:
            self._guard(host, url)
            try:
                host.robots = self._read_robots(url)
            except FetchError:
                self._failed(host)
                raise
            host.robots_checked = self.clock()
            delay = host.robots.crawl_delay(AGENT_TOKEN)
            host.crawl_delay = min(float(delay), self.max_crawl_delay) if delay else 0.0
        if not host.robots.can_fetch(url, AGENT_TOKEN):
            raise RobotsDisallowed(url, "disallowed by robots.txt")

    def _read_robots(self, url: str) -> Protego:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        # robots.txt may itself redirect (e.g. http -> https); follow without asking robots again.
        fetcher = _robots_fetcher(self)
        try:
            text = fetcher.get(robots_url).body.decode("utf-8", errors="replace")
        except FetchError as exc:
            # RFC 9309: a missing robots.txt (4xx) allows everything; an unreachable one (5xx,
            # network failure) means we must assume nothing is allowed, so we fail and retry later.
            if exc.status is not None and 400 <= exc.status < 500:
                return Protego.parse("")  # no rules: everything allowed
            raise FetchError(url, f"robots.txt unavailable ({exc.reason})", retryable=True) from exc
        return Protego.parse(text)


def _robots_fetcher(parent: Fetcher) -> Fetcher:
    return Fetcher(
        timeout=parent.timeout,
        max_redirects=parent.max_redirects,
        max_bytes=min(parent.max_bytes, 500_000),
        retries=0,
        respect_robots=False,
        agent=parent.agent,
        sleep=parent.sleep,
        clock=parent.clock,
    )


def _check_scheme(url: str, *, first: bool) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        where = "URL" if first else "redirect target"
        raise FetchError(url, f"unsupported {where} scheme {scheme!r}")


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


def _retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delay-seconds or an HTTP-date (RFC 9110 10.2.3).

    >>> _retry_after("120"), _retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now=datetime(2015, 10, 21, 7, 28, tzinfo=UTC))
    (120.0, 30.0)
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = _http_date(value)
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
