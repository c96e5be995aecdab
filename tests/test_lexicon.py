"""The per-language word lists (tracker/resources/lexicon) are consistent with each other and the code."""

from __future__ import annotations

import re

import pytest

from tracker.resources import lexicon, load_yaml
from tracker.schema import SUB_EVENT_TYPES
from tracker.text.normalize import normalize_key

LANGS = ("ar", "en")
# Concepts one language needs and the other does not (Arabic singular/dual nouns carry their count, and
# verbs after their subject or with a pronoun of fate count it: "أن 9 أشخاص قتلوا", "لقي ... مصرعه").
ONLY_AR = {"singular_victims", "dual_victims", "killed_after", "killed_after_plural", "fate", "morphology"}
# English counts one with a determiner and a singular passive ("a civilian was killed"); its word order
# puts relative phrases, "another"/"other" and a back-referring "the" around the figure, where Arabic
# has none of these.
ONLY_EN = {
    "injverb",
    "singular_determiners",
    "irregular_plurals",
    "singular_passive",
    "relative_phrases",
    "part_additives",
    "others_words",
    "restating_determiners",
    "outdated_toll",
    # the toll's noun apart from its verb, a second verb joined to the killing, and the words no group's
    # name holds between a figure and its victims: English constructions (Arabic has its own order)
    "toll_apart",
    "kill_companions",
    "function_words",
}


@pytest.mark.parametrize("lang", LANGS)
def test_concepts_are_the_shared_set(lang: str) -> None:
    keys = set(load_yaml("lexicon", f"{lang}.yaml"))
    other = set(load_yaml("lexicon", f"{'en' if lang == 'ar' else 'ar'}.yaml"))
    own = ONLY_AR if lang == "ar" else ONLY_EN
    assert keys - own == other - (ONLY_EN if lang == "ar" else ONLY_AR)


@pytest.mark.parametrize("lang", LANGS)
def test_trigger_types_are_acled_sub_event_types(lang: str) -> None:
    types = set(lexicon(lang)["triggers"])
    assert types <= set(SUB_EVENT_TYPES) | {"Territory"}, types - set(SUB_EVENT_TYPES)


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(k) + _strings(v)]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return []


@pytest.mark.parametrize("lang", LANGS)
def test_every_word_survives_folding(lang: str) -> None:
    raw = load_yaml("lexicon", f"{lang}.yaml")
    for concept, node in raw.items():
        for word in _strings(node):
            assert normalize_key(word), f"{lang}.{concept}: {word!r} folds to nothing"
            assert not isinstance(word, bool)


@pytest.mark.parametrize("lang", LANGS)
def test_no_yaml_booleans_in_word_lists(lang: str) -> None:
    # YAML 1.1 reads on/off/yes/no as booleans: a word list must quote them
    raw = load_yaml("lexicon", f"{lang}.yaml")

    def walk(node: object, where: str) -> None:
        if isinstance(node, bool):
            raise AssertionError(f"{lang}.{where}: an unquoted yes/no/on/off became a boolean")
        if isinstance(node, dict):
            for k, v in node.items():
                walk(k, where)
                walk(v, f"{where}.{k}")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for concept, node in raw.items():
        walk(node, concept)


@pytest.mark.parametrize("lang", LANGS)
def test_a_trigger_word_has_one_type(lang: str) -> None:
    seen: dict[str, str] = {}
    clashes = []
    for sub, words in lexicon(lang)["triggers"].items():
        for w in words:
            if w in seen and seen[w] != sub:
                clashes.append((w, seen[w], sub))
            seen.setdefault(w, sub)
    assert not clashes, clashes


def test_arabic_morphology_is_one_definition() -> None:
    """Clitics, article and suffixes come from the lexicon data, folded like the text."""
    from tracker.text.arabic import (
        ARTICLE,
        clitic_pattern,
        proclitics,
        pronoun_suffixes,
        strip_article,
        strip_proclitic,
    )

    assert {"و", "ف", "ب", "ل", "ك", "وب", "فل"} <= proclitics()
    assert "ال" not in proclitics()  # the article is not a proclitic
    assert pronoun_suffixes()[0] in {"هما", "هم", "ها", "هن", "كم", "نا"}  # longest first
    assert strip_proclitic("وبقصف") == "قصف" and strip_proclitic("ول") == "ول"
    assert strip_article("وبالطيران") == "طيران" and strip_article("للقوات") == "قوات"
    assert re.fullmatch(clitic_pattern(article=True) + "قصف", "فالقصف")
    assert re.fullmatch(clitic_pattern(article=True) + "قصف", "وللقصف")
    assert not re.fullmatch(clitic_pattern() + "قصف", "فالقصف")
    assert lexicon("ar")["morphology"]["article"] == [ARTICLE]


def test_narrower_clitic_lists_are_parts_of_the_proclitics() -> None:
    """Event words and numbers take fewer proclitics than nouns in general (why: ar.yaml morphology)."""
    from tracker.text.arabic import clitic_pattern, event_proclitics, number_proclitics, proclitics

    assert event_proclitics() < proclitics() and "ك" not in event_proclitics()
    assert number_proclitics() < event_proclitics()
    for clitics in (event_proclitics(), number_proclitics()):
        assert re.fullmatch(clitic_pattern(clitics=clitics) + "قصف", "وقصف")
        assert not re.fullmatch(clitic_pattern(clitics=clitics) + "قصف", "كقصف")
