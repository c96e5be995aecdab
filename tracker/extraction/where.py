"""Where: the place of each event mention.

Reads the mentions of one article in text order (the body's, then the headline's) and the article
context; writes the place columns (:data:`tracker.schema.PLACE_COLUMNS`, ``location_text`` as written)
and ``place_from``, with a note saying where the place came from when it is not the event's own words.

The place is the one the event's own clause names, else the nearest in its sentence; with none: the
next sentences' (when the sentence names only the country), the previous sentence's (the fighting just
described), the next sentences', the article's (headline or dateline), and last the governorate the
article names most.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from tracker.document import Passage, Sentence
from tracker.extraction.context import ArticleContext
from tracker.extraction.events import EventMention, analyser
from tracker.extraction.mention import Mention, PlaceFrom
from tracker.extraction.segment import clause_of
from tracker.places import Geocoder, PlaceMatch, default_geocoder, lies_in, lowered, to_columns
from tracker.places.words import load_words
from tracker.resources import lexicon
from tracker.text.anchored import Anchored
from tracker.text.normalize import normalize_key

__all__ = [
    "bare_tally",
    "conjoined_mentions",
    "figureless",
    "place_mentions",
    "unplaced_split",
    "vague_strike",
]

#: A place found in a sentence: (sentence index, the match, the passage its spans index).
_Found = tuple[int, PlaceMatch, Passage]


def place_mentions(mentions: Iterable[tuple[ArticleContext, Mention]]) -> None:
    """Place each mention; the place a sentence names is kept for the next two sentences' figures."""
    last: _Found | None = None
    for ctx, m in mentions:
        own = _own_text(m.sentence, m.clauses, m.event, m.others)  # (read by both)
        last = _place(ctx, m, last, own)
        _country_from_words(ctx, m, own)
        c = m.columns
        c["country"] = c.get("country") or ("Syria" if c.get("admin1") else None)


def conjoined_mentions(m: Mention) -> list[Mention]:
    """One more event for each place the strike's words join to its own (see :func:`_conjoined`)."""
    out = []
    for p in m.conjoined:
        other = replace(m, columns=dict(m.columns), notes=list(m.notes), conjoined=[])
        _set(other, p, m.passage.words(p.start, p.end), None)
        out.append(other)
    m.conjoined = []
    return out


def figureless(ev: EventMention) -> bool:
    """No killed, injured or captured figure, nor an explicit "no casualties"."""
    return ev.killed is None and ev.injured is None and ev.captured is None and not ev.fatalities_zero


def vague_strike(m: Mention, lang: str = "en") -> bool:
    """A strike with no figure is an event only where the sentence names its place, or the country.

    "the army keeps shelling towns" names none; "warplanes struck Sarmin" and "warplanes struck targets in
    Syria" do (the latter with no governorate); "the east of the country" in a story not about Syria
    does not. Strikes in the country told as a campaign starting or going on ("Turkey began launching
    raids in Syria", ``campaign_words``) are no one event either.
    """
    if not figureless(m.event):
        return False
    borrowed = m.place_from in (PlaceFrom.ARTICLE, PlaceFrom.NAMED_MOST)
    country_only = m.place_from is PlaceFrom.COUNTRY and m.columns.get("country") == "Syria"
    if country_only:
        ts, te = m.event.trigger
        ce = clause_of(m.clauses, ts)[1]
        lo, hi = max(0, ts - _CAMPAIGN_REACH), min(len(m.sentence.text), max(te + _CAMPAIGN_REACH, ce))
        return _lexicon_words(lang, "campaign_words").search(m.sentence.text, lo, hi) is not None
    return m.columns.get("location") is None or borrowed


#: Characters either side of a country-wide strike (and the rest of its clause) searched for words telling
#: a campaign.
_CAMPAIGN_REACH = 40


@lru_cache(maxsize=8)
def _lexicon_list(lang: str, key: str) -> tuple[str, ...]:
    """The words of a lexicon list (a text holding none has no match of :func:`_lexicon_words`)."""
    return tuple(lexicon(lang).get(key) or ())


@lru_cache(maxsize=8)
def _lexicon_words(lang: str, key: str) -> re.Pattern[str]:
    """The words of a lexicon list as one pattern (an Arabic conjunction glued before them allowed)."""
    words = sorted(lexicon(lang).get(key) or [], key=len, reverse=True)
    if not words:
        return re.compile("(?!)")
    return re.compile(r"(?<!\w)[وف]?(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


#: Places a toll only borrows: the dateline's or headline's, or the next sentence's (which tells what
#: happened next, somewhere).
_BORROWED = frozenset({PlaceFrom.ARTICLE, PlaceFrom.NEXT, PlaceFrom.NAMED_MOST})


def bare_tally(m: Mention, lang: str, *, placed_nearby: bool = False) -> bool:
    """A toll of several that names no place, no cause and no perpetrator ("21 soldiers were killed."): a
    tally, not one event. One named victim ("X was killed by IS") is an event. A place it only borrows
    counts as none when figures with places of their own are told beside it (``placed_nearby``: "113
    killed. In addition, 50 were killed in Hama"): the toll sums those, it is not an event there."""
    k = m.event.killed
    return (
        k is not None
        and k.quantity.value >= 2
        and not m.event.triggers
        and (m.columns.get("location") is None or (placed_nearby and m.place_from in _BORROWED))
        and not m.columns.get("actor1")
        and analyser(lang).result_re.search(m.sentence.text) is None
    )


def unplaced_split(m: Mention) -> bool:
    """A toll split across places ("124 killed, including 51 in X") with no place of its own: a summary."""
    c = m.columns
    return (
        m.event.by_place is not None
        and c.get("geo_precision") in (None, 3)
        and c.get("location") in (None, c.get("admin1"))
    )


def _set(m: Mention, match: PlaceMatch | None, words: str | None, how: PlaceFrom | None) -> None:
    m.columns.update(to_columns(match))
    if match is not None:
        m.columns["location_text"] = words
    if how is not None:
        m.place_from = how
        if how.value:
            m.notes.append(how.value)


def _place(ctx: ArticleContext, m: Mention, last: _Found | None, text: str) -> _Found | None:
    """Place one mention (``text``: its sentence less its other events' clauses, :func:`_own_text`)."""
    s, ev = m.sentence, m.event
    ev_span = ev.span
    geo = default_geocoder()
    if ev.by_place is not None:
        # "124 killed, including 51 in the Damascus suburbs": the place must come from outside the split
        bs, be = ev.by_place
        text = text[:bs] + " " * (be - bs) + text[be:]
    text = _blank_reporting_places(ctx, m, text, geo)
    text = _blank_named_for_another_reason(ctx.lang, text, geo)
    text = _blank_motive(ctx.lang, text, ev_span[1], geo)
    # the figure's own span anchors the place: in "nine killed in Idlib: five in Maarat al-Numan and
    # four in Heish" each part lies in its own stretch of the sentence
    match = geo.locate(text, ctx.lang, anchor=ev.anchor, clauses=m.clauses, fallback=None)
    if match is not None and match.country != "Syria" and ctx.about_syria:
        # "Istanbul ... air strikes on Idlib province": in a Syrian story a Syrian place in the same
        # sentence is the likelier scene than a foreign one
        home = [
            p
            for p in geo.find(text, ctx.lang)
            if p.country == "Syria" and p.level != "country" and not lies_in(text, match, p)
        ]
        cs, ce = clause_of(m.clauses, ev.anchor[0])
        if match.locative and match.level != "country" and cs <= match.start < ce:
            # "a suicide bomber struck in the Turkish town of Suruc ... families from Kobani": the
            # scene the event's own clause introduces stands
            home = [p for p in home if cs <= p.start < ce]
        if home:
            match = min(home, key=lambda p: abs(p.start - ev.anchor[0]))
    if (
        match is not None
        and 0 <= match.start < match.end <= len(s.text)
        and s.text[match.start : match.end] == match.text
    ):
        _set(m, match, m.passage.words(match.start, match.end), PlaceFrom.SENTENCE)
        if figureless(ev) and ctx.lang == "ar":
            # (English lists join with commas too, "Zamalka, Ain Tarma" and "Sarmin, Idlib" alike: not yet)
            m.conjoined = _conjoined(ctx.lang, text, match, clause_of(m.clauses, match.start), geo)
        return s.index, match, m.passage
    cs, ce = clause_of(m.clauses, ev.anchor[0])
    span = (min(cs, ev_span[0]), max(ce, ev_span[1]))
    if ev.by_place is not None:
        return last  # a toll split across places has no place of its own (see unplaced_split)
    if _country_words(ctx.lang).search(text, *span):
        # "غرب البلاد", "strikes in Syria": the country; the next sentences may still say where ("The
        # raids hit Saraqib"), but the article's dateline or headline is not this event's place
        if _place_from_next(ctx, m, geo, syria_only=True):
            return last
        lead = ctx.place
        if s.index < 0 and lead is not None and lead.country == "Syria":
            # "Syria air strikes kill 32": a headline names the country, its lead the place
            _set(m, lowered(lead), lead.text, PlaceFrom.LEAD)
            return last
        m.columns["country"] = "Syria" if ctx.about_syria else None
        m.columns["geo_precision"] = 3
        m.place_from = PlaceFrom.COUNTRY
        m.notes.append(PlaceFrom.COUNTRY.value)
        return last
    # "the clashes killed 38": the place of the fighting just described, else the dateline's
    if last is not None and 0 < s.index - last[0] <= 2:
        _, prev, passage = last
        _set(m, prev, passage.words(prev.start, prev.end), PlaceFrom.PREVIOUS)
        return last
    # "43 were killed on Saturday in a car bomb attack ... The blast hit a transit point in Rashidin":
    # the next sentences often say where
    # ... unless the headline or dateline puts the story in another governorate: then that is likelier
    own = ctx.place
    within = own.admin1_pcode if own is not None and own.country == "Syria" else None
    if _place_from_next(ctx, m, geo, syria_only=False, within=within):
        return last
    # a place the sentence names for another event or as a reporting place, else the article's
    match = geo.locate(
        _blank_named_for_another_reason(ctx.lang, s.text, geo), ctx.lang, anchor=ev.anchor, clauses=m.clauses
    )
    if match is not None:
        _set(m, match, m.passage.words(match.start, match.end), PlaceFrom.ARTICLE)
        return last
    if own is not None:
        _set(m, lowered(own), own.text, PlaceFrom.ARTICLE)
        return last
    # no place near the figure, nor in the headline or dateline: the governorate the story is about
    most = ctx.named_most
    _set(m, most, None, PlaceFrom.NAMED_MOST if most is not None else None)
    return last


#: "X وY", "X، وY": the words that join one target place to the next (Arabic).
_JOINED = re.compile(r"\s*[،,]?\s*و")


def _conjoined(
    lang: str, text: str, match: PlaceMatch, clause: tuple[int, int], geo: Geocoder
) -> list[PlaceMatch]:
    """The Syrian towns joined to the strike's place by "و" (and) in its clause ("قصفت زبدين ودير العصافير"):
    the guideline's one event per place. Not after "between" (a
    battle between two towns is one event) nor a place that only says where the one before lies."""
    if match.country != "Syria" or match.level == "country":
        return []
    w = geo.words["ar" if lang == "ar" else "en"]
    before = text[max(0, match.start - 12) : match.start].split()
    if before and before[-1] in w.between:
        return []
    places = [p for p in geo.find(text, lang) if clause[0] <= p.start < clause[1] and p.start >= match.end]
    out: list[PlaceMatch] = []
    last = match
    for p in places:
        if not _JOINED.fullmatch(text[last.end : p.start]):
            break
        if p.country != "Syria" or p.level == "country" or lies_in(text, last, p):
            break
        out.append(p)
        last = p
    return out


def _own_text(
    s: Sentence, clauses: list[tuple[int, int]], ev: EventMention, others: Sequence[tuple[int, int]]
) -> str:
    """The sentence with the clauses of its other events blanked: their places are theirs."""
    own = clause_of(clauses, ev.anchor[0])
    text = s.text
    for o in others:
        cs, ce = clause_of(clauses, o[0])
        if (cs, ce) != own:
            text = text[:cs] + " " * (ce - cs) + text[ce:]
    return text


@lru_cache(maxsize=4)
def _place_adjectives(lang: str) -> tuple[Anchored, dict[str, str], re.Pattern[str]]:
    """A nationality adjective describing a place ("مدينة بعقوبة العراقية", "the Iraqi city of Baquba"),
    the country of each adjective (``country_adjectives`` and ``place_nouns`` in places/words.yaml), and
    the adjectives alone (a quick search: a text without one has no such phrase). The phrase is tried only
    just before its leading words (:class:`~tracker.text.anchored.Anchored`: the same matches as ``re``)."""
    raw = load_words()
    country = {normalize_key(a): name for name, adjs in raw["country_adjectives"][lang].items() for a in adjs}
    adjs = "|".join(sorted(map(re.escape, country), key=len, reverse=True))
    nouns = "|".join(
        sorted((re.escape(normalize_key(n)) for n in raw["place_nouns"][lang]), key=len, reverse=True)
    )
    if lang == "ar":
        # the noun, up to two words (the name, "الحدودية"), then the adjective
        pattern = rf"(?<!\w)[وفب]?(?:{nouns})(?:\s+\w+){{0,2}}?\s+(?P<adj>{adjs})(?!\w)"
    else:
        pattern = rf"(?<!\w)(?P<adj>{adjs})(?:\s+\w+)?\s+(?:{nouns})(?!\w)"
    return Anchored(pattern), country, re.compile(adjs)


def _country_from_words(ctx: ArticleContext, m: Mention, text: str) -> None:
    """The country a nationality adjective gives the event's place: "في مدينة بعقوبة العراقية", "in the
    Turkish border town of Suruc". It overrides a Syrian homonym named inside the phrase and a place
    borrowed from elsewhere, never a Syrian place the event's own words name apart from it (``text``:
    the sentence less its other events' clauses, :func:`_own_text`)."""
    pattern, country, adjective = _place_adjectives("ar" if ctx.lang == "ar" else "en")
    if adjective.search(text) is None:
        return
    found = [f for f in pattern.finditer(text) if country[f.group("adj")] != "Syria"]
    if not found:
        return
    anchor = m.event.anchor[0]
    f = min(found, key=lambda f: abs(f.start() - anchor))
    c = m.columns
    if c.get("country") not in (None, "Syria"):
        return  # a place abroad already found ("مدينة إسطنبول التركية")
    own = m.place_from is PlaceFrom.SENTENCE and c.get("country") == "Syria"
    if own and not any(
        p.name == c.get("location") and f.start() <= p.start and p.end <= f.end()
        for p in default_geocoder().find(text, ctx.lang)
    ):
        return
    c.update(to_columns(None))
    c["country"] = country[f.group("adj")]
    m.notes.append("country from its nationality adjective")


@lru_cache(maxsize=4)
def _country_words(lang: str) -> re.Pattern[str]:
    words = sorted(lexicon(lang).get("country_words") or [], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


#: Places named in a label, not as a scene: "IS (banned in Russia)", a masthead ("| Jordan Times"); each
#: pattern with words one of which any text it matches holds (the pattern is not tried on a text without).
_NOT_A_SCENE: dict[str, list[tuple[tuple[str, ...], re.Pattern[str]]]] = {
    "en": [
        (
            ("banned", "outlawed", "prohibited", "proscribed"),
            re.compile(r"(?<!\w)(?:banned|outlawed|prohibited|proscribed) in (?:the )?(?P<place>\w+)"),
        ),
        (
            ("based", "headquartered"),
            re.compile(r"(?<!\w)(?:based|headquartered) in (?:the )?(?P<place>\w+)"),
        ),
        (
            ("times", "tribune", "herald", "gazette", "daily"),
            re.compile(r"(?<!\w)(?P<place>\w+) (?:times|tribune|herald|gazette|daily star|daily news)(?!\w)"),
        ),
    ],
    "ar": [
        (("محظور",), re.compile(r"(?<!\w)(?:ال)?محظوره? في (?P<place>\w+)")),
        (("مقر",), re.compile(r"(?<!\w)(?:و?مقره|ومقرها|مقرها) (?:في )?(?P<place>\w+)")),
    ],
}
_BASED = re.compile(r"(?<!\w)[\w'.-]+-based(?!\w)")
_DATELINE = re.compile(r"(?<![\w'])[A-Z][A-Z'.-]{3,}(?:\s+[A-Z][A-Z'.-]{2,}){0,2}(?![\w'])")
_DATELINE_WITHIN = 80  # characters from the start of the article


def _blank_reporting_places(ctx: ArticleContext, m: Mention, text: str, geo: Geocoder) -> str:
    """Blank the places that say where the story was filed or who is based where, not where it happened.

    "BEIRUT (Reuters) - ...", "Last updated ... BEIRUT Air strikes ..." and "the Britain-based monitor"
    name no scene. A Syrian dateline ("ALEPPO -") is kept: there it is the likely scene.
    """
    for needed, pattern in _NOT_A_SCENE["ar" if ctx.lang == "ar" else "en"]:
        if not any(word in text for word in needed):
            continue
        for found in pattern.finditer(text):
            a, b = found.span("place")
            text = text[:a] + " " * (b - a) + text[b:]
    if ctx.lang != "en":
        return text
    text = _BASED.sub(lambda found: " " * len(found.group()), text)
    s = m.sentence
    if s.start >= _DATELINE_WITHIN:
        return text
    # capitals tell a dateline: read the words as written
    for found in _DATELINE.finditer(m.passage.words(0, min(len(s.text), _DATELINE_WITHIN - s.start))):
        # the folded sentence has the same length here unless diacritics were removed: check the words
        a, b = found.start(), found.end()
        if text[a:b].lower() != found.group().lower():
            continue
        places = geo.find(text[a:b], ctx.lang)
        if places and all(p.country != "Syria" for p in places):
            text = text[:a] + " " * (b - a) + text[b:]
    return text


def _blank_named_for_another_reason(lang: str, text: str, geo: Geocoder) -> str:
    """Blank the places named for another reason than being the scene (:meth:`Geocoder.named_aside`)."""
    for p in geo.find(text, lang):
        if geo.named_aside(text, p, lang):
            text = text[: p.start] + " " * (p.end - p.start) + text[p.end :]
    return text


def _blank_motive(lang: str, text: str, after: int, geo: Geocoder) -> str:
    """Blank the towns and provinces named after "in response to" after the event: "factions shelled four
    towns in the north, in response to the attack on Zabadani" names the motive's place, not the scene.
    A country stays ("Turkish shelling, in response to fire from Syria": the shelling hit Syria). ``after``:
    where the event's words end."""
    if not any(word in text for word in _lexicon_list(lang, "motive_words")):
        return text
    found = _lexicon_words(lang, "motive_words").search(text, after)
    if found is None:
        return text
    for p in geo.find(text, lang):
        if p.start >= found.start() and p.level != "country":
            text = text[: p.start] + " " * (p.end - p.start) + text[p.end :]
    return text


def _place_from_next(
    ctx: ArticleContext, m: Mention, geo: Geocoder, *, syria_only: bool, within: str | None = None
) -> bool:
    """The first place of the next two sentences (Syrian, or abroad where it may be a scene; in the
    governorate ``within`` when given)."""
    for nxt in ctx.sentences[m.sentence.index + 1 : m.sentence.index + 3]:
        found = [
            p
            for p in geo.find(nxt.text, ctx.lang)
            if p.level != "country"
            and (p.country == "Syria" or (not syria_only and geo.may_be_scene(nxt.text, p, ctx.lang)))
            and (within is None or p.admin1_pcode == within)
        ]
        if found:
            _set(m, found[0], ctx.passage(nxt).words(found[0].start, found[0].end), PlaceFrom.NEXT)
            return True
    return False
