"""Feeds and web pages as inputs: RSS/Atom items and article pages become :class:`Article` objects.

Reads a feed or a page from an http(s) URL (through the polite :class:`tracker.run.fetch.Fetcher`) or from
a saved file; writes nothing. Feeds are parsed with feedparser from bytes we fetched ourselves (so we
control timeouts, redirects and the User-Agent); pages go through trafilatura for the main text and
metadata. Each article keeps its title, URL, source and publication date: from the feed entry or the
page's metadata, else the server's HTTP ``Date`` header, else none (never "today").

An article's ``id`` is a stable hash of the item's GUID (or URL), so the same item fetched twice gets
the same id; :func:`content_hash` identifies the same story published under another URL.

>>> for article in articles_from("tests/data/example.rss", source="Example Wire"):  # doctest: +SKIP
...     print(article.published, article.title, article.url)
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tracker.document import Article
from tracker.run.fetch import Fetcher, FetchError, Response
from tracker.schema import FIRST_YEAR, LAST_YEAR, date_in_range, to_date

log = logging.getLogger(__name__)

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf"})
PAGE_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}
)
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Languages the extractor knows; another declared language is left for detection downstream.
LANGUAGES = frozenset({"ar", "en"})

__all__ = [
    "FeedError",
    "FetchError",
    "articles_from",
    "content_hash",
    "feed_articles",
    "is_url",
    "item_id",
    "page_article",
    "response_articles",
    "with_full_text",
]


class FeedError(ValueError):
    """The bytes are neither a feed nor a web page we can read (garbage, binary, empty)."""


def is_url(location: str) -> bool:
    """True for http(s) URLs, which are fetched; anything else is a file path."""
    return urlsplit(location).scheme.lower() in ("http", "https")


def articles_from(
    location: str,
    *,
    source: str | None = None,
    lang: str | None = None,
    timeout: float = 20.0,
    fetcher: Fetcher | None = None,
    full_text: bool = False,
) -> Iterator[Article]:
    """Articles in an RSS/Atom feed or a web page, given as an http(s) URL or a saved file.

    ``source`` and ``lang`` override what the feed or page declares. ``timeout`` applies to each
    request when no ``fetcher`` is given (pass one to share robots.txt and backoff state across
    calls). ``full_text=True`` fetches each feed item's link and uses the page's main text when
    it is longer than the item's (a headline or a summary); a page given as ``location`` is not
    fetched again. Raises :class:`tracker.run.fetch.FetchError` (an ``OSError``)
    when a URL cannot be read and :class:`FeedError` (a ``ValueError``) when the content is
    unreadable; both before the first article is yielded.
    """
    fetcher = fetcher or Fetcher(timeout=timeout)
    if is_url(location):
        response = fetcher.get(location)
    else:
        # A saved feed obeys the cap of a fetched one: a 200 MB file must not be parsed in memory.
        with Path(location).open("rb") as handle:
            body = handle.read(fetcher.max_bytes + 1)
        if len(body) > fetcher.max_bytes:
            raise FeedError(f"{location}: larger than the {fetcher.max_bytes:,}-byte cap of a feed or page")
        response = Response(url="", status=200, headers={}, body=body)
    articles = response_articles(response, source=source, lang=lang, origin=location)
    # A page is its own full text; only a feed's items link to more.
    follow = (
        full_text
        and _kind(response.body, content_type=response.headers.get("content-type", ""), name=location)
        == "feed"
    )
    for article in articles:
        yield with_full_text(article, fetcher=fetcher) if follow else article


def response_articles(
    response: Response, *, source: str | None = None, lang: str | None = None, origin: str | None = None
) -> list[Article]:
    """The articles of fetched bytes: a feed's items, or a page as one article.

    ``response.url`` empty means a file (named by ``origin``): links stay as written and the
    date has no HTTP fallback. Raises :class:`FeedError` when the bytes are neither.
    """
    url = response.url or None
    name = url or origin or ""
    kind = _kind(response.body, content_type=response.headers.get("content-type", ""), name=name)
    options: dict[str, Any] = {"url": url, "source": source, "lang": lang, "fallback_date": response.date}
    if kind == "page":
        charset = _charset(response.headers.get("content-type", ""))
        return [page_article(response.body, origin=origin or url, charset=charset, **options)]
    return feed_articles(response.body, headers=response.headers, origin=origin or url, **options)


def feed_articles(
    body: bytes,
    *,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    source: str | None = None,
    lang: str | None = None,
    fallback_date: date | datetime | None = None,
    origin: str | None = None,
) -> list[Article]:
    """The items of an RSS/Atom document as articles, in feed order.

    Items with neither text nor title are skipped (logged). An item with only a title (a
    headline feed) gets the title as its text. Raises :class:`FeedError` when ``body`` is not a feed.
    """
    import feedparser

    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    if url:
        response_headers.setdefault("content-location", url)
    # Always bytes: given a str, feedparser would treat a URL as something to fetch itself.
    parsed = feedparser.parse(bytes(body), response_headers=response_headers)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception") or "no RSS or Atom document"
        raise FeedError(f"{origin or url or 'feed'}: not a feed ({problem})")
    if parsed.get("bozo"):
        log.info("%s: feed is not well formed, read what could be: %s", origin or url, parsed.bozo_exception)
    feed = parsed.feed
    feed_source = source or _clean(feed.get("title")) or _host(url)
    feed_lang = lang or _language(feed.get("language"))
    fallback = to_date(fallback_date)
    articles = []
    for n, entry in enumerate(parsed.entries, start=1):
        title = _clean(entry.get("title"))
        text = _entry_text(entry) or title
        if not text:
            log.warning("%s: item %d has neither text nor title, skipped", origin or url, n)
            continue
        link = entry.get("link") or None
        key = entry.get("id") or link or content_hash(text)
        articles.append(
            Article(
                id=item_id(key),
                text=text,
                published=_struct_date(entry) or fallback,
                lang=lang or _language(entry.get("language")) or feed_lang,
                source=feed_source,
                url=link,
                title=title,
                origin=f"{origin or url}#item{n}",
            )
        )
    return articles


def page_article(
    body: bytes | str,
    *,
    url: str | None = None,
    source: str | None = None,
    lang: str | None = None,
    fallback_date: date | datetime | None = None,
    origin: str | None = None,
    charset: str | None = None,
) -> Article:
    """The main text and metadata of a news web page.

    The date comes from the page's metadata (meta tags, structured data, the URL) and not from
    guesses in the body text; else ``fallback_date`` (the HTTP date). ``url`` defaults to the
    page's canonical URL, ``source`` to its site name, then the URL's host. ``charset`` (from
    the HTTP header) beats the page's ``<meta charset>``; UTF-8 is the last resort. Raises
    :class:`FeedError` for binary content or a page without readable text.
    """
    html = _decode(body, origin or url, charset)
    meta = _trafilatura(html, url)
    title = _clean(meta.get("title"))
    text = meta.get("text") or _html_to_text(html, body_only=True)
    text = _drop_leading_title(text, title)
    if not text:
        raise FeedError(f"{origin or url or 'page'}: no readable text in the page")
    page_url = url or meta.get("url") or None
    return Article(
        id=item_id(page_url or content_hash(text)),
        text=text,
        published=_iso_date(meta.get("date")) or to_date(fallback_date),
        lang=lang or _html_language(html),
        source=source or _site_name(meta.get("sitename"), page_url),
        url=page_url,
        title=title,
        origin=origin or url,
    )


def with_full_text(article: Article, *, fetcher: Fetcher) -> Article:
    """The article with the main text of its linked page, when that is longer than the feed's text.

    A page that cannot be fetched or read leaves the article as it was (logged): the summary
    is still worth extracting.
    """
    if not article.url or not is_url(article.url):
        return article
    try:
        response: Response = fetcher.get(article.url)
        page = page_article(
            response.body,
            url=response.url,
            fallback_date=response.date,
            charset=_charset(response.headers.get("content-type", "")),
        )
    except (FetchError, FeedError) as exc:
        log.warning("full text of %s not read, keeping the feed text: %s", article.url, exc)
        return article
    if len(page.text) <= len(article.text):
        return article
    return replace(article, text=page.text, title=article.title or page.title)


def item_id(key: str) -> str:
    """A stable article id from an item's GUID or URL.

    >>> item_id("https://example.org/a") == item_id("https://example.org/a")
    True
    """
    return "web-" + hashlib.sha256(key.strip().encode("utf-8")).hexdigest()[:20]


def content_hash(text: str) -> str:
    """A hash of an item's words, blind to whitespace and case: the same story under another URL
    or headline.

    >>> content_hash("Five  KILLED in Saraqib ") == content_hash("five killed in Saraqib")
    True
    """
    words = " ".join(text.split()).casefold()
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:32]


# --- helpers -------------------------------------------------------------------------------------


def _kind(body: bytes, *, content_type: str, name: str) -> str:
    """ "feed" or "page": the bytes' own opening beats the server's Content-Type, then the name."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if re.search(rb"<(rss|feed|rdf:rdf)[\s>]", head):
        return "feed"
    if re.search(rb"<(!doctype html|html)[\s>]", head):
        return "page"
    media = content_type.split(";")[0].strip().lower()
    if media in FEED_TYPES:
        return "feed"
    if media in PAGE_TYPES:
        return "page"
    suffix = Path(urlsplit(name).path).suffix.lower()
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in PAGE_SUFFIXES:
        return "page"
    raise FeedError(f"{name}: neither an RSS/Atom feed nor an HTML page")


def _charset(content_type: str) -> str | None:
    found = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return found.group(1) if found else None


def _decode(body: bytes | str, where: str | None, charset: str | None = None) -> str:
    if isinstance(body, str):
        return body
    if b"\x00" in body[:4096]:
        raise FeedError(f"{where or 'page'}: binary content, not a web page")
    declared = re.search(rb"""<meta[^>]+charset=["']?([\w.:-]+)""", body[:4096], re.IGNORECASE)
    encoding = charset or (declared.group(1).decode("ascii") if declared else None)
    if encoding:
        try:
            return body.decode(encoding, errors="replace")
        except LookupError:
            pass  # an unknown charset name: detect it as if none were declared
    # No charset anywhere: UTF-8 when it decodes, else the encoding charset-normalizer detects (the
    # detector trafilatura itself uses; an Arabic page in windows-1256 is the common case).
    from trafilatura.utils import decode_file

    return decode_file(body)


def _trafilatura(html: str, url: str | None) -> dict[str, Any]:
    import trafilatura
    from trafilatura.settings import set_date_params

    # No extensive date search: it guesses from dates mentioned in the text, which in a news
    # report are the dates of the events, not of publication.
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=set_date_params(False),
    )
    if document is None:
        return {}
    fields = document if isinstance(document, dict) else document.as_dict()
    return {k: v for k, v in fields.items() if isinstance(v, str) and v}


def _entry_text(entry: Mapping[str, Any]) -> str:
    candidates = [c.get("value", "") for c in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    best = max(candidates, key=len)
    return _html_to_text(best) if "<" in best else _clean(best) or ""


def _struct_date(entry: Mapping[str, Any]) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value and FIRST_YEAR <= value.tm_year <= LAST_YEAR:
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return day if date_in_range(day) else None


def _language(code: str | None) -> str | None:
    if not code:
        return None
    primary = code.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in LANGUAGES else None


def _html_language(html: str) -> str | None:
    found = re.search(r"""<html[^>]*?\blang=["']?([A-Za-z_-]+)""", html[:4096], re.IGNORECASE)
    return _language(found.group(1)) if found else None


def _host(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None


def _site_name(name: str | None, url: str | None) -> str | None:
    # Without a site-name tag trafilatura falls back on the URL's host:port; keep just the host.
    name = _clean(name)
    if name is None or (url and name == urlsplit(url).netloc):
        return _host(url)
    return name


def _clean(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None


def _drop_leading_title(text: str, title: str | None) -> str:
    # trafilatura keeps the page's <h1> as the first line; the title travels separately.
    lines = text.strip().split("\n")
    if title and len(lines) > 1 and _clean(lines[0]) == title:
        lines = lines[1:]
    return "\n".join(lines).strip()


_BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "article"}
)
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside", "form"}
)


class _TextParser(HTMLParser):
    """Text of an HTML fragment with a line break per block element."""

    def __init__(self, *, body_only: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.body_only = body_only
        self.in_body = not body_only

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
        elif tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_body and not self.skipping:
            self.parts.append(data)


def _html_to_text(html: str, *, body_only: bool = False) -> str:
    parser = _TextParser(body_only=body_only and "<body" in html.lower())
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
