"""Feeds and pages as inputs (tracker.run.feeds) and the polite fetcher (tracker.run.fetch), against a local server."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracker
from tests.feeds_server import DATA, HTTP_DATE, FeedServer
from tracker.document import Article
from tracker.run.feeds import FeedError, articles_from, content_hash, feed_articles, response_articles
from tracker.run.fetch import Fetcher, FetchError, Response, RobotsDisallowed


@pytest.fixture
def server():
    with FeedServer(slow_seconds=1.5) as running:
        yield running


def quick(**options) -> Fetcher:
    """A fetcher for tests: short timeout, recorded (not slept) backoff waits."""
    settings = {"timeout": 3.0, "retries": 0, "backoff": 60.0, "sleep": lambda seconds: None}
    settings.update(options)
    return Fetcher(**settings)


# --- reading feeds and pages ---------------------------------------------------------------------

FEEDS = [
    # id, path, titles, published, lang, source
    (
        "rss-en",
        "/en/feed.rss",
        ["Air strikes hit Saraqib", "Shells fall on western Aleppo"],
        [date(2017, 1, 23), date(2017, 1, 22)],
        "en",
        "Example Wire (test feed)",
    ),
    (
        "atom-ar",
        "/ar/feed.atom",
        ["غارات على سرمين", "قصف على حي الوعر"],
        [date(2017, 1, 24), date(2017, 1, 23)],  # the second has only <updated>
        "ar",
        "وكالة المثال (نشرة اختبار)",
    ),
    (
        "feed-served-as-html",
        "/text-html-feed",
        ["Air strikes hit Saraqib", "Shells fall on western Aleppo"],
        [date(2017, 1, 23), date(2017, 1, 22)],
        "en",
        "Example Wire (test feed)",
    ),
]


@pytest.mark.parametrize(
    ("path", "titles", "published", "lang", "source"), [f[1:] for f in FEEDS], ids=[f[0] for f in FEEDS]
)
def test_feed_url_items_become_articles(server, path, titles, published, lang, source):
    articles = list(articles_from(server.url(path), fetcher=quick()))
    assert [a.title for a in articles] == titles
    assert [a.published for a in articles] == published
    assert {a.lang for a in articles} == {lang}
    assert {a.source for a in articles} == {source}
    assert all(a.url.startswith(server.url("/")) for a in articles), "links resolved against the feed URL"
    assert len({a.id for a in articles}) == len(articles)


def test_feed_item_text_is_plain_text_not_html(server):
    first = next(articles_from(server.url("/en/feed.rss"), fetcher=quick()))
    assert first.text == (
        "Government warplanes killed 7 civilians in Saraqib in Idlib province on Monday, local rescuers said."
    )


@pytest.mark.parametrize(
    ("name", "count", "lang"),
    [
        ("wire.en.rss", 2, "en"),
        ("wire.ar.atom", 2, "ar"),
        ("page.en.html", 1, "en"),
        ("page.ar.html", 1, "ar"),
    ],
    ids=["rss-file", "atom-file", "html-file-en", "html-file-ar"],
)
def test_saved_files_read_like_urls(name, count, lang):
    articles = list(articles_from(str(DATA / name)))
    assert len(articles) == count
    assert {a.lang for a in articles} == {lang}
    assert all(a.text and a.origin.startswith(str(DATA / name)) for a in articles)


def test_page_main_text_title_date_and_source(server):
    url = server.url("/en/2017/01/23/saraqib.html")
    (page,) = articles_from(url, fetcher=quick())
    assert page.title == "Air strikes hit Saraqib"
    assert page.published == date(2017, 1, 23)  # article:published_time, not the HTTP date
    assert page.source == "Example Wire"  # og:site_name
    assert page.url == url
    assert page.text.startswith("Government warplanes killed 7 civilians in Saraqib")
    assert "The town had been calm" in page.text
    for boilerplate in ("Home", "Sport", "Not a real news site"):
        assert boilerplate not in page.text


def test_undated_page_falls_back_to_http_date_and_host(server):
    (page,) = articles_from(server.url("/ar/sarmin.html"), fetcher=quick())
    assert HTTP_DATE.startswith("Tue, 24 Jan 2017")
    assert page.published == date(2017, 1, 24)
    assert page.source == "127.0.0.1"
    assert page.lang == "ar"
    assert page.text.startswith("قتل 5 مدنيين جراء غارات للطيران الحربي على بلدة سرمين")
    assert "الرئيسية" not in page.text


def test_arabic_page_in_windows_1256_declared_in_http_header(server):
    (page,) = articles_from(server.url("/ar/cp1256.html"), fetcher=quick())
    assert page.title == "غارات على سرمين"
    assert page.text.startswith("قتل 5 مدنيين جراء غارات للطيران الحربي")


def test_arabic_page_in_windows_1256_with_no_charset_anywhere_is_detected(server):
    # Neither the HTTP header nor a meta tag names the encoding: it is detected, not read as UTF-8.
    (page,) = articles_from(server.url("/ar/cp1256-undeclared.html"), fetcher=quick())
    assert page.title == "غارات على سرمين"
    assert page.text.startswith("قتل 5 مدنيين جراء غارات للطيران الحربي")


def test_saved_page_without_date_has_no_date_and_keeps_canonical_url():
    (ar,) = articles_from(str(DATA / "page.ar.html"))
    (en,) = articles_from(str(DATA / "page.en.html"))
    assert ar.published is None, "never today's date"
    assert en.url == "http://example.invalid/en/2017/01/23/saraqib.html"


def test_source_and_lang_options_override_the_feed(server):
    articles = list(
        articles_from(server.url("/ar/feed.atom"), source="Test Agency", lang="en", fetcher=quick())
    )
    assert {(a.source, a.lang) for a in articles} == {("Test Agency", "en")}


def test_full_text_follows_links_and_keeps_summary_when_page_missing(server):
    saraqib, aleppo = articles_from(server.url("/en/feed.rss"), fetcher=quick(), full_text=True)
    assert "market street" in saraqib.text, "the linked page's main text"
    assert aleppo.text.startswith("Rebel shelling wounded 4 people"), "404 page: summary kept"
    assert server.count("/en/2017/01/22/aleppo.html") == 1


def test_same_story_under_new_guid_has_same_content_hash():
    first = feed_articles((DATA / "wire.en.rss").read_bytes())
    later = feed_articles((DATA / "growing.en.rss").read_bytes())
    repeat = next(a for a in later if a.title.endswith("(updated)"))
    assert repeat.id != first[0].id
    assert content_hash(repeat.text) == content_hash(first[0].text)


@pytest.mark.parametrize(
    ("name", "content"),
    [("junk.xml", bytes(range(256)) * 4), ("notes.txt", b"just some words, no markup"), ("empty.rss", b"")],
    ids=["binary-xml", "plain-text", "empty"],
)
def test_unreadable_files_raise_feed_error(tmp_path: Path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FeedError):
        list(articles_from(str(path)))


def test_garbage_feed_url_raises_feed_error(server):
    with pytest.raises(FeedError):
        list(articles_from(server.url("/garbage.rss"), fetcher=quick()))


# --- the fetcher's manners -----------------------------------------------------------------------


def test_user_agent_names_project_and_version(server):
    quick().get(server.url("/en/feed.rss"))
    agents = {agent for _, agent in server.hits}
    assert agents == {
        f"ceasefire-tracker/{tracker.__version__} (ceasefire-violation news tracker; honours robots.txt)"
    }


def test_robots_txt_is_honoured_and_read_once(server):
    fetcher = quick()
    with pytest.raises(RobotsDisallowed):
        fetcher.get(server.url("/private/feed.rss"))
    fetcher.get(server.url("/en/feed.rss"))
    assert server.count("/private/feed.rss") == 0
    assert server.count("/robots.txt") == 1


@pytest.mark.parametrize(
    ("rules", "path", "allowed"),
    [
        (b"User-agent: *\nDisallow: /*?print=\n", "/news/a.rss?print=1", False),
        (b"User-agent: *\nDisallow: /*?print=\n", "/news/a.rss?page=2", True),
        (b"User-agent: *\nAllow: /news/$\nDisallow: /news/\n", "/news/", True),
        (b"User-agent: *\nAllow: /news/$\nDisallow: /news/\n", "/news/a.rss", False),
        (b"User-agent: *\nDisallow: /\nAllow: /rss\n", "/rss", True),
        (b"User-agent: *\nDisallow: /\nAllow: /rss\n", "/other.rss", False),
    ],
    ids=[
        "wildcard-query",
        "wildcard-other-query",
        "end-anchor",
        "end-anchor-deeper",
        "allow-under-disallow-all",
        "disallow-all",
    ],
)
def test_robots_rules_follow_rfc_9309(rules, path, allowed):
    # Wildcards, the $ end anchor and the longest matching rule winning (RFC 9309 2.2.2-2.2.3).
    with FeedServer(robots=rules) as site:
        if allowed:
            assert quick().get(site.url(path)).status == 200
        else:
            with pytest.raises(RobotsDisallowed):
                quick().get(site.url(path))
            assert site.count(path.split("?")[0]) == 0


@pytest.mark.parametrize(
    ("status", "allowed"),
    [(404, True), (410, True), (500, False), (503, False)],
    ids=["robots-missing", "robots-gone", "robots-error", "robots-unavailable"],
)
def test_missing_robots_allows_all_but_unreachable_robots_allows_nothing(status, allowed):
    # RFC 9309: a 4xx robots.txt means no rules; a 5xx means the site may not be crawled for now.
    with FeedServer(robots_status=status) as site:
        fetcher = quick()
        if allowed:
            assert fetcher.get(site.url("/private/feed.rss")).status == 200
        else:
            with pytest.raises(FetchError, match="robots.txt unavailable") as caught:
                fetcher.get(site.url("/en/feed.rss"))
            assert caught.value.retryable
            assert site.count("/en/feed.rss") == 0


@pytest.mark.parametrize(
    ("path", "reason", "retryable", "requests"),
    [
        ("/missing", "HTTP 404", False, 1),
        ("/error", "HTTP 500", True, 3),  # two retries
        ("/loop-a", "redirect loop", True, 1),
        ("/to-file", "unsupported redirect target scheme", False, 1),
    ],
    ids=["not-found", "server-error", "redirect-loop", "redirect-to-file"],
)
def test_failures_raise_fetch_error(server, path, reason, retryable, requests):
    with pytest.raises(FetchError) as caught:
        quick(retries=2).get(server.url(path))
    assert reason in caught.value.reason
    assert caught.value.retryable is retryable
    assert server.count(path) == requests


def test_trickling_body_hits_the_read_deadline():
    with FeedServer(slow_seconds=1.0) as site:  # about 20 chunks, 0.1 s apart
        with pytest.raises(FetchError, match="too slow") as caught:
            quick(timeout=0.2).get(site.url("/trickle.rss"))
    assert caught.value.retryable


def test_slow_server_times_out(server):
    with pytest.raises(FetchError, match="timed out") as caught:
        quick(timeout=0.3).get(server.url("/slow.rss"))
    assert caught.value.retryable


def test_redirect_is_followed_to_final_url(server):
    response = quick().get(server.url("/moved.rss"))
    assert response.url == server.url("/en/feed.rss")
    assert response.status == 200


def test_body_over_size_cap_is_refused(server):
    with pytest.raises(FetchError, match="cap"):
        quick(max_bytes=200).get(server.url("/en/feed.rss"))


def test_retry_recovers_from_a_transient_failure(server):
    waits: list[float] = []
    response = quick(retries=1, backoff=0.5, sleep=waits.append).get(server.url("/flaky.rss"))
    assert response.status == 200
    assert server.count("/flaky.rss") == 2
    assert waits == [0.5]


def test_failing_host_is_left_alone_but_other_hosts_are_not(server):
    waits: list[float] = []
    fetcher = quick(retries=2, backoff=10.0, sleep=waits.append)
    with pytest.raises(FetchError):
        fetcher.get(server.url("/busy"))
    assert waits == [10.0, 20.0], "exponential backoff between retries"
    with pytest.raises(FetchError, match="backing off"):
        fetcher.get(server.url("/en/feed.rss"))
    assert server.count("/en/feed.rss") == 0, "no request while backing off"
    # The same server under another host name is another host to the fetcher.
    other = server.url("/en/feed.rss").replace("127.0.0.1", "localhost")
    assert fetcher.get(other).status == 200


def test_one_broken_url_does_not_silence_its_host(server):
    fetcher = quick(retries=1)
    with pytest.raises(FetchError, match="HTTP 500"):
        fetcher.get(server.url("/error"))
    assert fetcher.get(server.url("/en/feed.rss")).status == 200


# --- `tracker ingest` reads feeds and pages through tracker.run.inputs.read_inputs ---------------------


def test_read_inputs_dispatches_urls_and_feed_files_to_articles_from(server):
    from tracker.run.inputs import RunReport, read_inputs

    report = RunReport()
    inputs = [server.url("/en/feed.rss"), str(DATA / "wire.ar.atom"), str(DATA / "page.en.html")]
    articles = list(read_inputs(inputs, report=report))
    assert [a.title for a in articles] == [
        "Air strikes hit Saraqib",
        "Shells fall on western Aleppo",
        "غارات على سرمين",
        "قصف على حي الوعر",
        "Air strikes hit Saraqib",
    ]
    assert articles[0].url == server.url("/en/2017/01/23/saraqib.html")
    assert report.failed == 0


def test_read_inputs_reports_a_broken_feed_and_goes_on(server):
    from tracker.run.inputs import RunReport, read_inputs

    report = RunReport()
    inputs = [server.url("/garbage.rss"), server.url("/ar/feed.atom")]
    articles = list(read_inputs(inputs, report=report))
    assert [a.lang for a in articles] == ["ar", "ar"]
    assert report.failed == 1
    assert "not a feed" in str(report.bad[0])


def test_crawl_delay_spaces_requests_to_a_host():
    waits: list[float] = []
    with FeedServer(crawl_delay=3) as slow_site:
        fetcher = quick(sleep=waits.append, clock=lambda: 100.0)
        fetcher.get(slow_site.url("/en/feed.rss"))
        fetcher.get(slow_site.url("/ar/feed.atom"))
    assert waits == [3.0], "the second request waits the crawl delay"


def test_conditional_get_returns_304_without_body(server):
    fetcher = quick()
    first = fetcher.get(server.url("/en/feed.rss"))
    again = fetcher.get(server.url("/en/feed.rss"), headers={"If-None-Match": first.headers["etag"]})
    assert (first.status, again.status, again.body) == (200, 304, b"")


@settings(max_examples=150, deadline=None)
@given(
    body=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=500).map(lambda t: f"<html><body><p>{t}</p></body></html>".encode()),
        st.text(max_size=500).map(
            lambda t: f"<rss version='2.0'><channel><item>{t}</item></channel></rss>".encode()
        ),
    ),
    media=st.sampled_from(["", "text/html", "application/rss+xml", "text/plain"]),
)
def test_any_bytes_give_articles_or_feed_error(body, media):
    response = Response(
        url="http://example.invalid/x", status=200, headers={"content-type": media}, body=body
    )
    try:
        articles = response_articles(response)
    except FeedError:
        return
    assert all(isinstance(a, Article) and a.text and a.id.startswith("web-") for a in articles)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        ("Tue, 24 Jan 2017 10:01:30 GMT", 90.0),
        ("Tue, 24 Jan 2017 09:00:00 GMT", 0.0),
        ("soon", None),
    ],
    ids=["delay-seconds", "http-date", "http-date-past", "unreadable"],
)
def test_retry_after_takes_seconds_or_an_http_date(header, seconds):
    from datetime import UTC, datetime

    from tracker.run.fetch import _retry_after

    assert _retry_after(header, now=datetime(2017, 1, 24, 10, 0, tzinfo=UTC)) == seconds
