"""The on-disk cache of built resources (tracker/resources/cache.py): read back when code and data are
the same, rebuilt otherwise, and never in the way when the folder is unusable."""

from __future__ import annotations

import pickle
import re

import pytest

from tracker.actors import default_tagger
from tracker.extraction.events import analyser
from tracker.places import default_geocoder
from tracker.resources import cache
from tracker.text.normalize import normalize


class Builds:
    """A build function that counts its calls."""

    def __init__(self, value: object) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_built_once_then_read_back(folder):
    first = Builds({"words": ["قتل", "killed"]})
    assert cache.cached("thing", first) == {"words": ["قتل", "killed"]}
    again = Builds(None)
    assert cache.cached("thing", again) == {"words": ["قتل", "killed"]}
    assert (first.calls, again.calls) == (1, 0)
    assert [p.name for p in folder.iterdir()] == [f"thing-{cache.digest()}.pickle"]


def test_another_version_of_the_code_or_data_rebuilds_and_old_files_go(folder, monkeypatch):
    cache.cached("thing", Builds("old"))
    for n in range(cache.KEEP + 2):
        monkeypatch.setattr(cache, "digest", lambda n=n: f"changed{n}")
        build = Builds(f"new{n}")
        assert cache.cached("thing", build) == f"new{n}"
        assert build.calls == 1
    assert len(list(folder.glob("thing-*.pickle"))) == cache.KEEP


def test_digest_covers_the_package_files():
    assert len(cache.digest()) == 24
    assert cache.digest() == cache.digest()


def test_unreadable_file_is_rebuilt_and_replaced(folder):
    cache.cached("thing", Builds(1))
    (folder / f"thing-{cache.digest()}.pickle").write_bytes(b"not a pickle")
    build = Builds(2)
    assert cache.cached("thing", build) == 2
    assert cache.cached("thing", Builds(3)) == 2


def test_unwritable_folder_only_means_no_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(blocker / "cache"))
    build = Builds("value")
    assert cache.cached("thing", build) == "value"
    assert cache.cached("thing", build) == "value"
    assert build.calls == 2


def test_off(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    build = Builds("value")
    cache.cached("thing", build)
    cache.cached("thing", build)
    assert build.calls == 2


def test_default_folder_is_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("TRACKER_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "ceasefire-tracker"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Government warplanes killed 7 civilians in Saraqib near Idlib on Monday.", "en"),
        ("قتل 5 مدنيين بقصف لطائرات النظام على مدينة دوما في ريف دمشق.", "ar"),
    ],
)
def test_cached_objects_read_back_work_as_built(text, lang):
    # what the cache stores must pickle, and the copy read back must answer as the object built
    folded = normalize(text).text
    geocoder = pickle.loads(pickle.dumps(default_geocoder()))
    assert [m.name for m in geocoder.find(folded, lang)] == [
        m.name for m in default_geocoder().find(folded, lang)
    ]
    assert geocoder.find(folded, lang)
    tagger = pickle.loads(pickle.dumps(default_tagger()))
    assert tagger.find(folded, lang) == default_tagger().find(folded, lang)
    an = pickle.loads(pickle.dumps(analyser(lang)))
    clauses = [(0, len(folded))]
    assert repr(an.analyse(folded, clauses)) == repr(analyser(lang).analyse(folded, clauses))
    assert an.analyse(folded, clauses)


def test_patterns_are_kept_as_compiled_programs_and_match_as_compiled(folder, monkeypatch):
    # a pattern comes back from the cache without being parsed again, and finds what re finds
    from re import _parser

    from tracker.text.regexes import compile_pattern

    source = r"(?<!\w)(?:و|ف)?(?P<verb>قتل|killed|shelled)(?:\s+(?P<n>\d+))?(?!\w)"
    text = "وقتل 4 في القصف; shelled twice, killed 9; akilled 3; قتلى"
    cache.cached("patterns", Builds({"one": compile_pattern(source), "plain": re.compile("a+b")}))
    parse, parsed = _parser.parse, []
    monkeypatch.setattr(_parser, "parse", lambda *a, **k: parsed.append(a[0]) or parse(*a, **k))
    back = cache.cached("patterns", Builds(None))
    monkeypatch.undo()
    assert source not in parsed and "a+b" not in parsed
    want = re.compile(source)
    assert back["one"].pattern == source and back["one"].groupindex == want.groupindex
    assert [m.span("verb") + (m.group("n"),) for m in back["one"].finditer(text)] == [
        m.span("verb") + (m.group("n"),) for m in want.finditer(text)
    ]
    assert [m.span() for m in back["plain"].finditer("aab b ab aaa")] == [(0, 3), (6, 8)]
