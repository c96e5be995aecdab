"""The casualty constructions of each language, built from the lexicon's word lists.

Used by :class:`tracker.extraction.casualties.CasualtyFinder`, which compiles them: per language, the
named regular-expression sources of the casualty constructions (in the order they are tried), the pattern
of a located list part after a head figure ("..., four in Binnish"), and the pattern of a place
preposition after a figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.text.anchored import max_width
from tracker.text.arabic import (
    article_pattern,
    clitic_pattern,
    event_proclitics,
    locative_proclitics,
    number_proclitics,
)
from tracker.text.keywords import KeywordSet
from tracker.text.patterns import alternation

if TYPE_CHECKING:
    from tracker.extraction.casualties import CasualtyFinder

__all__ = [
    "Constructions",
    "CountedNouns",
    "arabic_constructions",
    "counted_matches",
    "counted_nouns",
    "english_constructions",
    "listed",
    "subject_before_verb",
    "subject_first",
]

#: Named pattern sources, the list-part pattern, the place-preposition pattern.
Constructions = tuple[list[tuple[str, str]], re.Pattern[str], re.Pattern[str]]


def listed(lex: dict[str, Any], *keys: str) -> list[str]:
    """The words a lexicon lists under ``keys``, in order."""
    return [w for key in keys for w in lex.get(key) or []]


def arabic_constructions(finder: CasualtyFinder) -> Constructions:
    """The Arabic casualty constructions, the list-part pattern and the place-preposition pattern."""
    lex, num = finder.lex, finder.grammar.source
    b, e = r"(?<!\w)", r"(?!\w)"
    pro = clitic_pattern(clitics=event_proclitics())
    pro_art = clitic_pattern(article=True, clitics=event_proclitics())
    victims = alternation(finder.victim_class)
    killed, injured = alternation(lex.get("killed") or []), alternation(lex.get("injured") or [])
    captured = alternation(lex.get("captured") or [])
    counted_k = alternation(lex.get("killed_counted_nouns") or [])
    counted_i = alternation(lex.get("injured_counted_nouns") or [])
    out = rf"(?P<out>{pro}(?:{killed}|{injured}|{captured}))"
    also = rf"(?:\s+(?P<also>و(?:{injured}|{killed})))?"
    victim = rf"(?:\s+(?:من\s+)?(?P<victim>{pro}(?:{victims})))?"
    toll, toll_prep = alternation(finder.toll_words), alternation(lex.get("toll_prepositions") or [])
    to_count = alternation(lex.get("outcome_to_count") or [])
    sing = alternation(list(finder.singular) + list(finder.dual))
    plural = alternation([w for w in finder.victim_class if w not in finder.singular])
    subjects = alternation(list(finder.victim_class) + list(finder.singular) + list(finder.dual))
    aux = finder.aux
    after_verbs = alternation(lex.get("killed_after") or [])
    killverb = alternation(lex.get("killverb") or [])
    num_pro = clitic_pattern(clitics=number_proclitics())
    locs = alternation(listed(lex, "locatives") + list(locative_proclitics()))
    part_re = re.compile(
        rf"(?:[،,;:]\s*|\sو\s*)(?:و\s*)?{num}(?:\s+(?P<victim>{pro}(?:{victims})))?(?=\s+(?:{locs})\s?)"
    )
    place_prep = re.compile(rf"(?:\s+(?:من\s+)?(?:\w+\s+){{0,2}})?\s*(?:{locs})\s")
    plural_after = alternation(lex.get("killed_after_plural") or [])
    fate = lex.get("fate") or {}
    one, two = fate.get("singular") or {}, fate.get("dual") or {}
    patterns = [
        # toll update: "ارتفعت حصيلة القتلى الى 11"
        ("toll", rf"{b}(?P<out>{pro}(?:{toll}))\s*(?:(?:{toll_prep})\s*)?{num}{victim}{e}"),
        # "أن 9 أشخاص على الأقل قتلوا", "ان 20 عنصرا من داعش قتلوا": after أن the plural verb closes
        # the figure's phrase
        ("that", rf"{b}ان\s+{num}\s+(?:[^\s\d،,.:؛]+\s+){{1,5}}?(?P<out>{plural_after}){e}"),
        # "لقي القيادي ... مصرعه": one victim; "لقيا ... مصرعهما": two
        (
            "fate",
            rf"{b}(?:(?P<one>{alternation(one.get('open') or [])})|(?P<two>{alternation(two.get('open') or [])}))"
            rf"\s+(?:\S+\s+){{0,14}}?(?P<out>{alternation((one.get('close') or []) + (two.get('close') or []))}){e}",
        ),
        # outcome then count: "مقتل 12 شخصا", "مقتل وإصابة 15 شخصا"
        ("after", rf"{b}{out}{also}\s+(?:(?:{to_count})\s+)?{num}{victim}{e}"),
        # count then counted noun: "12 قتيلا", "و20 جريحا"
        (
            "counted",
            rf"{b}{num_pro}{num}\s+(?:من\s+)?(?P<out>{pro}(?:{counted_k}|{counted_i})){e}",
        ),
        ("single", rf"{b}{out}{also}\s+(?P<single>{pro_art}(?:{sing})){e}"),
        ("plural", rf"{b}{out}{also}\s+(?P<plural>{article_pattern()}(?:{plural})){e}"),
        # "من بين القتلى أطفال": victims among the dead, unnumbered
        (
            "among",
            rf"{b}(?P<out>{alternation(lex.get('among_the_dead') or ['(?!)'])})\s+(?:\S+\s+){{0,1}}?"
            rf"(?P<plural>{article_pattern()}(?:{plural})ا?){e}",  # the accusative alif: "أطفالاً"
        ),
        # subject first: "أن شخصين قتلا", "خمسة مدنيين لقوا حتفهم" (CasualtyFinder.find searches only a
        # sentence in which a subject is followed by its verb: subject_before_verb)
        (
            "svo",
            rf"{b}(?:{num}\s+)?(?:من\s+)?(?P<svo>{pro_art}(?:{subjects}))"
            rf"\s+{aux}(?P<out>{after_verbs}){e}",
        ),
        # verb, subject, then the count: "أعدم التنظيم أربعة رجال" (the victim noun is required)
        (
            "vso",
            rf"{b}(?P<out>{pro}(?:{killverb}))\s+(?:\S+\s+){{1,3}}?{num}\s+(?:من\s+)?(?P<victim>{pro}(?:{victims})){e}",
        ),
    ]
    return patterns, part_re, place_prep


def english_constructions(finder: CasualtyFinder) -> Constructions:
    """The English casualty constructions, the list-part pattern and the place-preposition pattern."""
    lex, num = finder.lex, finder.grammar.source
    b, e = r"(?<!\w)", r"(?!\w)"
    victims = alternation(finder.victim_class)
    adjs = alternation(lex.get("victim_adjectives") or [])
    killed, injured = alternation(lex.get("killed") or []), alternation(lex.get("injured") or [])
    captured = alternation(lex.get("captured") or [])
    killverb, injverb = alternation(lex.get("killverb") or []), alternation(lex.get("injverb") or [])
    companions = alternation(lex.get("kill_companions") or ["(?!)"])
    quals = alternation([w for words in (lex.get("qualifiers") or {}).values() for w in words])
    irregular_pl = set(lex.get("irregular_plurals") or [])
    function_words = alternation(lex.get("function_words") or ["(?!)"])
    plural_victims = alternation([w for w in finder.victim_class if w.endswith("s") or w in irregular_pl])
    counted = alternation(listed(lex, "killed_counted_nouns", "injured_counted_nouns"))
    toll, toll_prep = alternation(finder.toll_words), alternation(lex.get("toll_prepositions") or [])
    apart = lex.get("toll_apart") or {}
    between = alternation(apart.get("not_between") or ["(?!)"])
    aux = finder.aux
    victim = rf"(?:\s+(?:(?:{adjs})\s+){{0,3}}(?P<victim>{victims}))?"
    intro = alternation(lex.get("breakdown_intro") or [])
    # "..., including 5 children, were killed", or with no commas: "87 people including 31 children died"
    paren = (
        rf"(?:\s*,\s*(?:{intro})\s[^,]{{1,60}},|\s*\([^)]{{1,60}}\)|\s+[-–—]\s[^-–—]{{1,60}}\s[-–—]"
        rf"|\s+(?:{intro})\s[^,.;:()]{{1,60}}?)?"
    )
    irregular = set(lex.get("irregular_plurals") or [])
    singulars = alternation([w for w in finder.victim_class if not w.endswith("s") and w not in irregular])
    single = rf"(?P<single>{alternation(lex.get('singular_determiners') or [])})\s+(?:(?:{adjs})\s+){{0,2}}(?P<victim>{singulars})"
    sp = lex.get("singular_passive") or {}
    not_victims = alternation(sp.get("not_victims") or [])
    negated = "".join(rf"(?<!\b{re.escape(w)} )" for w in sp.get("negations") or [])
    locs = alternation(lex.get("locatives") or [])
    # "19 killed and injured", "175 killed, injured": one figure for both, no killed figure
    also = rf"(?:(?P<also>(?:\s+(?:and|or|&)\s+|\s*[,/]\s*|\s+)(?:{injured}))(?!\s*(?:[,/]\s*)?\d))?"
    rel = lex.get("relative_phrases") or {}
    rel_open = alternation(rel.get("openers") or [])
    rel_verb = alternation(rel.get("auxiliaries") or [])
    not_participle = alternation(rel.get("not_participles") or [])
    more = alternation(lex.get("part_additives") or [])
    part_re = re.compile(
        rf"(?:[,;:]\s*(?:and\s+)?|\sand\s+)(?:(?:{more})\s+)?{num}(?:\s+(?P<victim>{victims}))?(?:\s+{aux}(?:{killed}|{injured}))?"
        rf"(?=\s+(?:{locs})\s)"
    )
    place_prep = re.compile(rf"(?:\s+\w+){{0,2}}?\s+(?:{locs})\s")
    patterns = [
        # "9 of the 23 dead were killed in X", "six of the dead": a part of a toll (the whole restated)
        (
            "partitive",
            rf"{b}{num}\s+of\s+(?:the|its|their|[\w-]+'s)\s+(?:{finder.grammar.number_source}\s+)?(?:(?:{adjs})\s+){{0,3}}"
            rf"[\"'“”]?(?:(?P<victim>{victims})|{counted})[\"'“”]?(?:\s+(?:{victims}))?(?:\s+{aux}(?P<out>{killed}))?{e}",
        ),
        ("toll", rf"{b}(?P<out>{toll})\s+(?:(?:{toll_prep})\s+)?{num}{victim}{e}"),
        # the toll's noun apart from its verb: "the death toll from the blast has risen to 112" (the verb is
        # the trigger: who struck is named between the two, "the toll of the IS attack reached 51")
        (
            "toll",
            rf"{b}(?:{alternation(apart.get('nouns') or ['(?!)'])})\s+(?:(?!(?:{between}){e})[^\s.;:]+\s+){{1,14}}?"
            rf"(?P<out>{alternation(apart.get('verbs') or ['(?!)'])})\s+{num}{victim}{e}(?!\s*(?:am|pm|a\.m|p\.m)\b)",
        ),
        # a breakdown may stand between the figure and the verb: "12 people, including 5 children, were killed"
        # (a verb in -ing, or one after "and" with victims after it, is another clause's: "the death of 5 people
        # including a child and injuring 9", "killed 100 people including 25 children and injured 400 others")
        (
            "before",
            rf"{b}{num}{victim}{paren}\s+{aux}(?!\w+ing{e})"
            rf"(?!(?<=\band\s)\w+\s+(?:(?:{quals})\s+)?(?:{finder.grammar.number_source})\s+(?:{victims}){e})"
            rf"(?P<out>{killed}|{injured}|{captured}){also}{e}",
        ),
        # a group's name between the figure and its victims: "40 Jaish al-Islam fighters were killed" (up to
        # three words, no function word; the victim noun and the verb are required, and a year is no figure)
        (
            "before",
            rf"{b}(?!(?:19|20)\d\d{e}){num}\s+(?:(?:{adjs})\s+){{0,2}}(?:(?!(?:{function_words}){e})[\w-]+\s+){{1,3}}?"
            rf"(?P<victim>{plural_victims})\s+{aux}(?!\w+ing{e})(?P<out>{killed}){e}",
        ),
        # a relative or participle phrase between the victims and their verb: "12 soldiers who tried to
        # defect were executed", "7 people attending a funeral were killed"
        (
            "relative",
            rf"{b}{num}\s+(?:(?:{adjs})\s+){{0,3}}(?P<victim>{victims})\s+(?:(?:{rel_open})\s|(?!{not_participle})\w+ing\s)"
            rf"[^,.;:()]{{0,60}}?\s(?={rel_verb}\s)(?:{aux})(?P<out>{killed}){e}",
        ),
        (
            "after",
            rf"{b}(?P<out>{killverb}|{injverb}|{captured})(?:\s+and\s+(?:{companions}))?\s+{num}{victim}{e}",
        ),
        # "6 Lebanese martyrs": a counted noun after its adjectives
        ("dead", rf"{b}{num}{victim}(?:\s+(?:{adjs})(?=\s)){{0,3}}\s+(?P<out>{counted}){also}{e}"),
        # "among the dead were children": victims among the dead, unnumbered
        (
            "among",
            rf"{b}(?P<out>{alternation(lex.get('among_the_dead') or ['(?!)'])})\s+(?:were|are)\s+"
            rf"(?:(?:{adjs})\s+){{0,2}}(?P<plural>{alternation([w for w in finder.victim_class if w.endswith('s') or w in irregular])}){e}",
        ),
        # "a child and a woman were killed", "a woman and child were killed": two
        (
            "pair",
            rf"{b}{single}\s+and\s+(?:(?:{alternation(lex.get('singular_determiners') or [])})\s+)?"
            rf"(?:(?:{adjs})\s+){{0,2}}(?:{singulars})\s+{aux}(?P<out>{killed}|{injured}){e}",
        ),
        ("single", rf"{b}{single}\s+{aux}(?P<out>{killed}|{injured}|{captured}){e}"),
        # the verb, then two victims: "claiming the lives of a farmer and his son"
        (
            "pair",
            rf"{b}(?P<out>{killverb})\s+{single}\s+and\s+(?:(?:{alternation(lex.get('singular_determiners') or [])})\s+)?"
            rf"(?:(?:{adjs})\s+){{0,2}}(?:{singulars}){e}",
        ),
        # the verb and one victim: "executed a hostage", "kills top rebel commander"
        (
            "object",
            rf"{b}(?P<out>{killverb})\s+(?:(?:a|an|the|one)\s+)?(?:[\w-]+\s+){{0,2}}?(?P<single>{singulars}){e}",
        ),
        # "the correspondent was killed by sniper fire", "a rebel commander was shot dead": the verb in
        # the singular counts one
        (
            "was",
            rf"(?<![\w'-]){negated}(?P<single>(?!(?:{not_victims})\b)\w[\w'-]*)"
            rf",?\s+(?:{alternation(sp.get('auxiliaries') or [])})\s+(?:(?:{alternation(sp.get('adverbs') or [])})\s+)?"
            rf"(?P<out>{alternation(sp.get('verbs') or [])}){e}",
        ),
    ]
    return patterns, part_re, place_prep


#: A character no figure holds (nor its qualifier, range or vague words, nor the space before its noun).
_NOT_IN_FIGURE = re.compile(r"[^\w\s.,\-–]")


@dataclass(frozen=True, slots=True)
class CountedNouns:
    """What the count-then-noun construction ("12 قتيلا", "خمسة من الجرحى") asks of the words before its
    noun: ``nouns``, the counted nouns; ``proclitic``, the pattern of the proclitic the noun may take and
    ``reach``, its widest; ``ends``, every word a figure can end with (number and vague words)."""

    nouns: KeywordSet
    proclitic: re.Pattern[str]
    reach: int
    ends: tuple[str, ...]

    def after_figure(self, text: str, start: int) -> bool:
        """Can a figure end before the noun at ``start`` as the construction asks (its proclitic, spaces,
        "من" and spaces or not, then the figure's last digit or word)?"""
        fullmatch, ends = self.proclitic.fullmatch, self.ends
        for p in range(start, max(0, start - self.reach) - 1, -1):
            if fullmatch(text, p, start) is None:
                continue
            for skip_from in (False, True):
                e = p
                if skip_from:  # "من" and the spaces after it
                    while e and text[e - 1].isspace():
                        e -= 1
                    if e == p or not text.endswith("من", 0, e):
                        continue
                    e -= 2
                end = e
                while e and text[e - 1].isspace():
                    e -= 1
                if e < end and e and (text[e - 1].isdecimal() or text.endswith(ends, 0, e)):
                    return True
        return False


def counted_nouns(finder: CasualtyFinder) -> CountedNouns | None:
    """What the count-then-noun construction asks before its noun (Arabic; None in other languages)."""
    if finder.lang != "ar":
        return None
    pro = clitic_pattern(clitics=event_proclitics())
    return CountedNouns(
        KeywordSet(listed(finder.lex, "killed_counted_nouns", "injured_counted_nouns")),
        re.compile(pro),
        max_width(pro) or 0,
        tuple(w for w in (*finder.grammar.words, *finder.grammar.vague) if w),
    )


def counted_matches(pat: re.Pattern[str], text: str, counted: CountedNouns) -> Iterator[re.Match[str]]:
    """The matches of the count-then-noun construction ("12 قتيلا"), searched only where they can stand:
    not at all when no counted noun has a figure's last digit or word before it as the construction asks
    (:meth:`CountedNouns.after_figure`), else from after the last character no figure holds before the
    first counted noun, up to a little past the end of the last one (each match ends at one: a few
    characters more for the lookarounds), instead of the whole sentence (its figure has no leading word to
    be tried at)."""
    spans = counted.nouns.spans(text)
    if not any(counted.after_figure(text, start) for start, _end in spans):
        return iter(())
    lo, first = 0, spans[0][0]
    for m in _NOT_IN_FIGURE.finditer(text, 0, first):
        lo = m.end()
    return pat.finditer(text, lo, max(e for _, e in spans) + 16)


def subject_first(finder: CasualtyFinder) -> tuple[KeywordSet, re.Pattern[str]] | None:
    """The subject-first construction's subjects, and the pattern of what follows one in it up to its verb
    (:func:`subject_before_verb`); None in a language without the construction or without subjects."""
    subjects = [*finder.victim_class, *finder.singular, *finder.dual]
    if finder.lang != "ar" or not subjects or not all(subjects):
        return None
    verbs = alternation(finder.lex.get("killed_after") or []) or "(?!)"
    return KeywordSet(subjects), re.compile(rf"\s+{finder.aux}(?:{verbs})(?!\w)")


def subject_before_verb(text: str, subjects: KeywordSet, tail: re.Pattern[str]) -> bool:
    """Does one of ``subjects`` end where ``tail`` (the spaces, auxiliaries and verb after the subject of the
    subject-first construction) matches? Every match of that construction holds one so: a sentence with
    none is not searched (its figure has no leading word, so the search tries every position)."""
    match = tail.match
    for _start, end in subjects.spans(text):
        if match(text, end) is not None:
            return True
    return False
