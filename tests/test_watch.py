"""The feed watch (tracker.run.watch, `tracker watch`) against the local test server and a real DuckDB store.

Most tests give the store a small extractor written here (one event per report that says how many
were killed, placed where the report says), so the watch's own work (fetching, dedupe, backoff,
reporting violations judged by the real ceasefire registry) is tested whatever the state of the real
extractor; the last test runs the real extractor end to end.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import ROOT
from tests.feeds_server import FeedServer
from tracker.document import Article
from tracker.run.fetch import Fetcher
from tracker.run.sources import Source, SourcesError, load_sources
from tracker.run.watch import SeenItems, Watcher, format_violation
from tracker.store import Store

#: place word in a test report -> governorate (the test feeds' places)
PLACES = {"Saraqib": "Idlib", "Khan Sheikhoun": "Idlib", "سرمين": "Idlib", "Aleppo": "Aleppo", "حمص": "Homs"}


def strike_extractor(article: Article) -> SimpleNamespace:
    """One government air strike per report with a death toll, dated the day it was published."""
    killed = re.search(r"(?:killed|قتل) (\d+)", article.text)
    place = next((p for p in PLACES if p in article.text), None)
    events = []
    if killed and place:
        events.append(
            {
                "event_date": datetime.combine(article.published, datetime.min.time()),
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Air/drone strike",
                "actor1": "Military Forces of Syria (2000-2024)",
                "actor1_side": "government",
                "location": place,
                "admin1": PLACES[place],
                "country": "Syria",
                "fatalities": int(killed.group(1)),
            }
        )
    return SimpleNamespace(events=events, aggregates=[], ceasefires_found=[])


@pytest.fixture
def server():
    with FeedServer(slow_seconds=1.5) as running:
        yield running


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "watch.duckdb", keep_text=True) as opened:
        yield opened


def quick_fetcher() -> Fetcher:
    return Fetcher(timeout=0.5, retries=0, backoff=0.01, sleep=lambda seconds: None)


def watcher(server: FeedServer, store, paths: dict[str, str], **options) -> Watcher:
    sources = [Source(name=name, url=server.url(path)) for name, path in paths.items()]
    settings = {
        "fetcher": quick_fetcher(),
        "default_interval": 0.0,
        "min_backoff": 3600.0,
        "extractor": strike_extractor,
    }
    settings.update(options)
    return Watcher(sources, store, **settings)


def article_ids(store) -> list[str]:
    return sorted(r[0] for r in store.con.execute("SELECT article_id FROM articles").fetchall())


# --- polling -------------------------------------------------------------------------------------


def test_two_polls_ingest_every_new_item_once_and_report_new_violations(server, store):
    found: list[dict] = []
    watch = watcher(server, store, {"wire": "/growing.rss", "ar": "/ar/feed.atom"}, on_violation=found.append)
    first, second = watch.run(polls=2)

    assert [(f.name, f.status, f.items, f.new) for f in first.feeds] == [
        ("wire", "ok", 2, 2),
        ("ar", "ok", 2, 2),
    ]
    # Second poll: the growing feed adds one report and repeats an old one under a new GUID.
    assert [(f.name, f.status, f.items, f.new) for f in second.feeds] == [
        ("wire", "ok", 4, 1),
        ("ar", "not-modified", 0, 0),
    ]
    assert len(article_ids(store)) == 5
    assert store.con.execute("SELECT count(*) FROM feed_items").fetchone() == (5,)

    places = lambda report: sorted((v["location"], v["fatalities"]) for v in report.violations)  # noqa: E731
    assert places(first) == [("Saraqib", 7), ("سرمين", 5)]
    assert places(second) == [("Khan Sheikhoun", 12)], "only the violation that was not there before"
    assert {v["ceasefire"] for v in found} == {"nationwide-2016-12-30"}
    assert len(found) == 3


def test_reliability_notes_are_kept_in_the_store(server, store):
    notes = Source(name="wire", url=server.url("/en/feed.rss"), lang="en", reliability="test wire; no slant")
    Watcher([notes], store, fetcher=quick_fetcher())
    rows = store.con.execute("SELECT name, language, reliability FROM feed_sources").fetchall()
    assert rows == [("wire", "en", "test wire; no slant")]


def test_unchanged_feed_is_not_downloaded_again(server, store):
    watch = watcher(server, store, {"wire": "/en/feed.rss"})
    first, second = watch.run(polls=2)
    assert [(f.status, f.new) for f in first.feeds + second.feeds] == [("ok", 2), ("not-modified", 0)]


def test_full_text_source_stores_the_linked_page_text(server, store):
    source = Source(name="wire", url=server.url("/en/feed.rss"), full_text=True)
    Watcher([source], store, fetcher=quick_fetcher(), default_interval=0.0, extractor=strike_extractor).run(
        polls=1
    )
    texts = dict(store.con.execute("SELECT title, text FROM articles").fetchall())
    assert "market street" in texts["Air strikes hit Saraqib"], "the page's main text"
    assert texts["Shells fall on western Aleppo"].startswith("Rebel shelling"), "no page: the summary"


def test_item_whose_extraction_failed_is_offered_again(server, tmp_path: Path):
    broken = {"Aleppo"}

    def flaky_extractor(article: Article) -> SimpleNamespace:
        if any(word in article.text for word in broken):
            raise RuntimeError("extractor bug")
        return strike_extractor(article)

    with Store(tmp_path / "flaky.duckdb") as flaky_store:
        watch = watcher(server, flaky_store, {"wire": "/en/feed.rss"}, extractor=flaky_extractor)
        (first,) = watch.run(polls=1)
        broken.clear()  # the extractor is fixed
        (second,) = watch.run(polls=1)
        assert [(f.status, f.new, f.retry) for f in first.feeds] == [("ok", 1, 1)]
        assert [(f.status, f.new, f.retry) for f in second.feeds] == [("ok", 1, 0)], (
            "fetched again, not a 304"
        )
        assert len(article_ids(flaky_store)) == 2


def test_new_watch_on_same_store_remembers_what_it_saw(server, store):
    # A feed served without an ETag: the second watch downloads it again and finds nothing new.
    watcher(server, store, {"wire": "/news/feed.rss"}).run(polls=1)
    (again,) = watcher(server, store, {"wire": "/news/feed.rss"}).run(polls=1)
    assert [(f.items, f.new) for f in again.feeds] == [(2, 0)]
    assert again.violations == []


def test_new_watch_on_same_store_sends_the_last_runs_validators(server, store):
    watcher(server, store, {"wire": "/en/feed.rss"}).run(polls=1)
    (again,) = watcher(server, store, {"wire": "/en/feed.rss"}).run(polls=1)
    assert [f.status for f in again.feeds] == ["not-modified"]
    assert server.not_modified == ["/en/feed.rss"]
    # The same name at another URL: the old validators do not apply.
    (moved,) = watcher(server, store, {"wire": "/text-html-feed"}).run(polls=1)
    assert [(f.status, f.items) for f in moved.feeds] == [("ok", 2)]


def test_backoff_is_kept_across_watches(server, store):
    now = [1000.0]
    watcher(server, store, {"flaky": "/flaky.rss"}, min_backoff=10.0, clock=lambda: now[0]).poll()
    (row,) = store.con.execute("SELECT failures, next_due, last_error FROM fetch_state").fetchall()
    assert row[0] == 1 and row[1] is not None and "HTTP 500" in row[2]

    later = [50.0]  # another process: another monotonic clock
    restarted = watcher(server, store, {"flaky": "/flaky.rss"}, min_backoff=10.0, clock=lambda: later[0])
    assert [f.status for f in restarted.poll().feeds] == ["waiting"], "still backing off"
    assert server.count("/flaky.rss") == 1
    later[0] += 21.0
    assert [(f.status, f.new) for f in restarted.poll().feeds] == [("ok", 2)]
    (row,) = store.con.execute("SELECT failures, next_due, last_error FROM fetch_state").fetchall()
    assert row == (0, None, None), "a healthy feed is polled whenever the watch runs"


FAILURES = [
    # id, path, error text
    ("down-404", "/missing", "HTTP 404"),
    ("server-error", "/error", "HTTP 500"),
    ("host-busy", "/busy", "HTTP 503"),
    ("slow", "/slow.rss", "timed out"),
    ("garbage", "/garbage.rss", "not a feed"),
    ("redirect-loop", "/loop-a", "redirect loop"),
    ("robots", "/private/feed.rss", "robots.txt"),
    ("no-such-server", "http://127.0.0.1:9/feed.rss", "cannot connect"),
]


@pytest.mark.parametrize(("path", "error"), [f[1:] for f in FAILURES], ids=[f[0] for f in FAILURES])
def test_failing_feed_is_survived_and_backed_off(server, store, path, error):
    bad_url = path if path.startswith("http") else server.url(path)
    # The good feed is on another host name: an unreachable host is rightly left alone as a whole.
    good_url = server.url("/en/feed.rss").replace("127.0.0.1", "localhost")
    sources = [Source(name="bad", url=bad_url), Source(name="good", url=good_url)]
    watch = Watcher(
        sources,
        store,
        fetcher=quick_fetcher(),
        default_interval=0.0,
        min_backoff=3600.0,
        extractor=strike_extractor,
    )
    first, second = watch.poll(), watch.poll()

    bad, good = first.feeds
    assert (bad.status, good.status, good.new) == ("failed", "ok", 2)
    assert error in bad.error
    assert [f.status for f in second.feeds] == ["waiting", "not-modified"], (
        "the failing feed waits its backoff"
    )
    assert watch.state["bad"].failures == 1
    assert len(article_ids(store)) == 2


def test_backoff_grows_with_each_failure_and_resets_on_success(server, store):
    now = [1000.0]
    watch = watcher(server, store, {"flaky": "/flaky.rss"}, min_backoff=10.0, clock=lambda: now[0])
    watch.poll()
    assert watch.state["flaky"].next_due == 1000.0 + 20.0
    watch.poll()
    assert watch.state["flaky"].failures == 1, "not due yet: not polled"
    now[0] += 20.0
    (result,) = watch.poll().feeds
    assert (result.status, result.new) == ("ok", 2)
    assert watch.state["flaky"].failures == 0


def test_failure_delays_double_up_to_the_cap(server, store):
    now = [0.0]
    watch = watcher(
        server, store, {"down": "/error"}, min_backoff=10.0, max_backoff=50.0, clock=lambda: now[0]
    )
    delays = []
    for _ in range(4):
        watch.poll(force=True)
        delays.append(watch.state["down"].next_due - now[0])
    assert delays == [20.0, 40.0, 50.0, 50.0]


def test_stop_request_finishes_the_current_feed_and_keeps_it(server, store):
    watch = watcher(server, store, {"first": "/en/feed.rss", "second": "/ar/feed.atom"})
    original = watch.seen.remember

    def remember_then_stop(feed, articles):
        original(feed, articles)
        watch.stop()  # as the SIGINT handler does, while the first feed is being handled

    watch.seen.remember = remember_then_stop
    (report,) = watch.run()
    assert [f.name for f in report.feeds] == ["first"]
    assert len(article_ids(store)) == 2


@pytest.mark.parametrize(
    "before", [signal.default_int_handler, signal.SIG_IGN], ids=["terminal", "background"]
)
def test_sigint_stops_the_loop_cleanly(server, store, before):
    # A run started in the background (`&`, nohup) starts with SIGINT ignored: the watch still
    # stops on it, and puts back whatever handler it found.
    previous = signal.signal(signal.SIGINT, before)
    try:
        watch = watcher(server, store, {"wire": "/en/feed.rss"}, default_interval=30.0)
        timer = threading.Timer(0.5, signal.raise_signal, args=(signal.SIGINT,))
        timer.start()
        reports = watch.run()  # would wait 30 s for the next poll; SIGINT ends the wait
        timer.join()
        assert signal.getsignal(signal.SIGINT) is before, "handler restored"
    finally:
        signal.signal(signal.SIGINT, previous)
    assert len(reports) == 1
    assert len(article_ids(store)) == 2


# --- the seen-items table ------------------------------------------------------------------------


def test_seen_items_by_id_and_by_content(tmp_path: Path):
    con = duckdb.connect(str(tmp_path / "seen.duckdb"))
    seen = SeenItems(con)
    a = Article(id="web-a", text="Five  were killed.")
    seen.remember("feed", [a])
    same_id = Article(id="web-a", text="An edited version of the story.")
    same_text = Article(id="web-b", text="five were KILLED.")
    fresh = Article(id="web-c", text="Something else happened.")
    twice = Article(id="web-d", text="Something else happened.")
    assert seen.new([same_id, same_text, fresh, twice]) == [fresh]
    con.close()
    assert SeenItems(duckdb.connect(str(tmp_path / "seen.duckdb"))).count() == 1, "kept in the file"


# --- the sources file ----------------------------------------------------------------------------


def test_example_sources_file_loads(tmp_path: Path):
    from tracker.resources import read_text

    copy = tmp_path / "sources.yaml"
    copy.write_text(read_text("feeds", "sources.example.yaml"), encoding="utf-8")
    sources = load_sources(copy)
    assert {f.lang for f in sources.feeds} == {"ar", "en"}
    assert all(f.url.startswith("https://") and f.reliability for f in sources.feeds)


BAD_SOURCES = [
    ("no-feeds", "contact: me@example.org\n", "feeds"),
    ("no-url", "feeds:\n  - name: A\n", "'name' and 'url' are required"),
    ("typo", "feeds:\n  - name: A\n    url: https://a.example/f\n    intervall: 60\n", "unknown keys"),
    ("language", "feeds:\n  - name: A\n    url: https://a.example/f\n    language: fr\n", "language"),
    ("file-url", "feeds:\n  - name: A\n    url: /etc/feed.xml\n", "http(s)"),
    (
        "duplicate",
        "feeds:\n  - {name: A, url: 'https://a.example/1'}\n  - {name: A, url: 'https://a.example/2'}\n",
        "unique",
    ),
    ("interval", "feeds:\n  - {name: A, url: 'https://a.example/1', interval: soon}\n", "interval"),
]


@pytest.mark.parametrize(("text", "message"), [b[1:] for b in BAD_SOURCES], ids=[b[0] for b in BAD_SOURCES])
def test_bad_sources_file_is_refused_with_a_reason(tmp_path: Path, text, message):
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError, match=re.escape(message)):
        load_sources(path)


def test_sources_file_fields(tmp_path: Path):
    path = tmp_path / "sources.yaml"
    path.write_text(
        "contact: watch@example.org\n"
        "feeds:\n"
        "  - name: Wire\n    url: https://a.example/feed\n    language: ar\n"
        "    reliability: state media\n    interval: 600\n    full_text: true\n",
        encoding="utf-8",
    )
    sources = load_sources(path)
    assert sources.contact == "watch@example.org"
    assert sources.feeds == (
        Source(
            name="Wire",
            url="https://a.example/feed",
            lang="ar",
            reliability="state media",
            interval=600.0,
            full_text=True,
        ),
    )


def test_format_violation_line():
    line = format_violation(
        {
            "event_date": datetime(2017, 1, 23),
            "location": "Saraqib",
            "admin1": "Idlib",
            "actor1": "Military Forces of Syria (2000-2024)",
            "sub_event_type": "Air/drone strike",
            "fatalities": 7,
            "ceasefire": "nationwide-2016-12-30",
            "url": "http://example.invalid/a",
        }
    )
    assert line == (
        "2017-01-23 Saraqib, Idlib: Air/drone strike by Military Forces of Syria (2000-2024), 7 killed;"
        " breaks nationwide-2016-12-30 <http://example.invalid/a>"
    )


# --- end to end: the real extractor, the store, the command --------------------------------------


def write_sources(tmp_path: Path, server: FeedServer, paths: dict[str, str]) -> Path:
    feeds = [{"name": name, "url": server.url(path)} for name, path in paths.items()]
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"contact": "tests@example.invalid", "feeds": feeds}), encoding="utf-8")
    return path


def test_end_to_end_two_polls_with_the_real_extractor(server, tmp_path: Path):
    with Store(tmp_path / "e2e.duckdb") as real:
        watch = watcher(server, real, {"wire": "/growing.rss", "ar": "/ar/feed.atom"})
        first, second = watch.run(polls=2)
        assert len(article_ids(real)) == 5
        incidents = real.con.execute("SELECT count(*) FROM incidents WHERE violation").fetchone()[0]
    first_urls = {server.url(p) for p in ("/en/2017/01/23/saraqib.html", "/ar/sarmin.html")}
    assert first.violations, "the Saraqib and Sarmin strikes break the nationwide ceasefire"
    assert {v["url"] for v in first.violations} <= first_urls | {server.url("/en/2017/01/22/aleppo.html")}
    assert [v["url"] for v in second.violations] == [server.url("/en/2017/01/25/khan-sheikhoun.html")]
    assert second.violations[0]["fatalities"] == 12
    assert len(first.violations) + len(second.violations) == incidents, "each violation reported once"


def test_cli_watch_prints_violations_and_summaries(server, tmp_path: Path):
    from tracker.cli import cli

    sources = write_sources(tmp_path, server, {"Example Wire": "/growing.rss", "Broken": "/garbage.rss"})
    store_path = tmp_path / "cli.duckdb"
    args = [
        "watch",
        str(sources),
        "--store",
        str(store_path),
        "--polls",
        "2",
        "--interval",
        "0",
        "--timeout",
        "2",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    printed = result.stdout.splitlines()
    assert len(printed) == 3 and all(line.startswith("new violation: 2017-01-2") for line in printed)
    assert ["4 injured" in printed[0], "7 killed" in printed[1], "12 killed" in printed[2]] == [True] * 3
    assert "poll 1: 2 feeds polled, 2 new items, 2 new violations; failed: Broken" in result.stderr
    assert "poll 2: 1 feeds polled, 1 new items, 1 new violations" in result.stderr
    agents = {agent for _, agent in server.hits}
    assert all(agent.endswith("; +tests@example.invalid)") for agent in agents)


def test_cli_once_and_quiet(server, tmp_path: Path):
    from tracker.cli import cli

    sources = write_sources(tmp_path, server, {"Example Wire": "/en/feed.rss"})
    args = ["watch", str(sources), "--store", str(tmp_path / "q.duckdb"), "--once", "--quiet"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.count("new violation:") == 2
    assert server.count("/en/feed.rss") == 1
    # Run again, as cron would: the feed is asked "anything new?" with the last run's ETag.
    again = CliRunner().invoke(cli, args)
    assert (again.exit_code, again.stdout) == (0, "")
    assert server.not_modified == ["/en/feed.rss"]


@pytest.mark.parametrize(
    ("paths", "code"),
    [({"down": "/error", "gone": "/missing"}, 1), ({"down": "/error", "wire": "/en/feed.rss"}, 0)],
    ids=["every-feed-failed", "one-feed-read"],
)
def test_cli_once_exit_status(server, tmp_path: Path, paths, code):
    from tracker.cli import cli

    sources = write_sources(tmp_path, server, paths)
    args = ["watch", str(sources), "--store", str(tmp_path / "f.duckdb"), "--once", "--quiet"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == code, result.output
    assert ("every feed failed" in result.stderr) is (code == 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--once", "--polls", "2"], "not both"),
        (["--polls", "0"], "--polls"),
    ],
    ids=["once-and-polls", "zero-polls"],
)
def test_cli_usage_errors(tmp_path: Path, args, message):
    from tracker.cli import cli

    sources = tmp_path / "sources.yaml"
    sources.write_text("feeds:\n  - {name: A, url: 'https://a.example/f'}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["watch", str(sources), "--store", str(tmp_path / "s.duckdb"), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_cli_bad_sources_file_exits_1(tmp_path: Path):
    from tracker.cli import cli

    sources = tmp_path / "sources.yaml"
    sources.write_text("feeds: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["watch", str(sources), "--store", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 1
    assert "non-empty 'feeds:' list" in result.output
    assert not (tmp_path / "s.duckdb").exists(), "no store created for a bad sources file"


@pytest.mark.slow  # a real process: imports and extractor start-up take seconds
def test_sigterm_stops_the_command_with_everything_committed(server, tmp_path: Path):
    sources = write_sources(tmp_path, server, {"Example Wire": "/en/feed.rss", "Arabic": "/ar/feed.atom"})
    store_path = tmp_path / "term.duckdb"
    command = [sys.executable, "-m", "tracker.cli", "watch", str(sources), "--store", str(store_path)]
    process = subprocess.Popen(
        [*command, "--interval", "600"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        for line in process.stderr:  # wait for the first poll to finish
            if line.startswith("poll 1:"):
                break
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "stopped; 4 feed items known" in err
    assert out.count("new violation:") >= 2
    with Store(store_path, read_only=True) as reopened:
        assert reopened.con.execute("SELECT count(*) FROM articles").fetchone() == (4,)
