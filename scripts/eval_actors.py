"""Measure actor role assignment (tracker.actors) on three labelled sets in ../shared/eval.

Usage: python scripts/eval_actors.py [--shared ../shared] [--only gsr,plover,fakes] [--show-errors N]

(a) arabic-assault-gsr (Arabic, mostly Iraq, 2006-2008): share of sentences whose attacker span is found in
    ``actor1_text`` (of those with an attacker) and whose target span is found in ``actor2_text`` (of those
    with a target). It measures the Arabic role syntax, not the Syrian registry.
(b) PLOVER test, ASSAULT rows (English): the same for source -> actor1 and target -> actor2.
(c) FA-KES dev (English articles on Syria): the main event of each article (most fatalities, background events aside:
    ``tracker.extraction.pipeline.main_events``) from
    ``tracker.extract``; its actor1 mapped to FA-KES's 7 actor classes (``FAKES_CLASS`` below) against the
    label, over articles whose label is not "unknown".

"Found": every word of the gold span (the gold spans list their words in any order) is a word of our span,
with a leading Arabic proclitic (و ف ب ل) ignored, and our span has at most 3 more words than the gold one, so
returning the whole sentence scores nothing. The trigger is the gold event word when the set gives one, else
the first word of ``roles.yaml``'s small trigger list found in the sentence; casualty phrases are not given.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from tracker.actors import ActorMatch, default_tagger
from tracker.extraction.pipeline import main_events
from tracker.resources import load_yaml
from tracker.text.normalize import normalize, normalize_key

ROOT = Path(__file__).resolve().parents[1]

#: Our actors (by id, then by side) as FA-KES's actor classes, by short key (see ``gold_class``).
FAKES_CLASS_BY_ID = {
    "isis": "isis",
    "coalition": "coalition",
    "usa": "coalition",
    # FA-KES has no class for Turkey's own forces; its foreign air and artillery strikes sit with the coalition.
    "turkey": "coalition",
    "sdf": "sdf",
    "ypg": "sdf",
    "nusra": "nusra",
    "jfs": "nusra",
    "hts": "nusra",
    "unidentified": "unknown",
    "civilians": "unknown",
}
FAKES_CLASS_BY_SIDE = {"government": "government", "opposition": "opposition"}

#: A word of each FA-KES actor label and the short key it stands for.
_GOLD_KEYS = (
    ("islamic state", "isis"),
    ("coalition", "coalition"),
    ("self administration", "sdf"),
    ("nusra", "nusra"),
    ("government", "government"),
    ("opposition", "opposition"),
)


def gold_class(label: object) -> str:
    """FA-KES's actor label as a short key ("unknown" when it names none of the classes)."""
    text = str(label).lower()
    return next((key for word, key in _GOLD_KEYS if word in text), "unknown")


_TOKEN = re.compile(r"\w+")
_SLACK = 3


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalize_key(text))


def _bare(word: str) -> str:
    if len(word) > 3 and word[0] in "وفبل" and "\u0600" <= word[0] <= "\u06ff":
        return word[1:]
    return word


def found(gold: str, predicted: ActorMatch | None) -> bool:
    """Every gold word is in our span, and our span is at most ``_SLACK`` words longer."""
    if predicted is None:
        return False
    g, p = _tokens(gold), _tokens(predicted.text)
    if not g or len(p) > len(g) + _SLACK:
        return False
    have = set(p) | {_bare(w) for w in p}
    return all(w in have or _bare(w) in have for w in g)


def _trigger_words(lang: str) -> list[str]:
    roles = load_yaml("actors", "roles.yaml")
    return sorted({normalize_key(w) for w in roles[lang]["triggers"]}, key=len, reverse=True)


def _find_trigger(text: str, lang: str, words: Iterable[str]) -> tuple[int, int] | None:
    alts = "|".join(re.escape(w) for w in words)
    pre = r"(?:[وفبل]{1,2})?" if lang == "ar" else ""
    m = re.search(rf"(?<!\w){pre}({alts})(?!\w)", text)
    return (m.start(), m.end()) if m else None


def _gold_trigger(text: str, event: str, lang: str, words: list[str]) -> tuple[int, int] | None:
    toks = _tokens(event)
    known = [t for t in toks if t in words or _bare(t) in words]
    for t in known + toks:
        m = re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text)
        if m:
            return m.start(), m.end()
    return None


def _roles(text: str, lang: str, trigger: tuple[int, int]):
    return default_tagger().roles(text, lang, trigger=trigger, clauses=_clauses(text))


def _clauses(text: str) -> list[tuple[int, int]]:
    try:
        from tracker.extraction.segment import split_clauses

        return split_clauses(text)
    except Exception:  # the segmenter's lexicon may be absent in this version
        return [(0, len(text))]


def _score(frame: pd.DataFrame, lang: str, source: str, target: str, event: str | None, show: int) -> dict:
    words = _trigger_words(lang)
    n_src = n_tgt = ok_src = ok_tgt = no_trigger = 0
    errors: list[str] = []
    for row in frame.itertuples(index=False):
        text = normalize(str(row.text)).text
        trig = None
        if event and isinstance(getattr(row, event), str):
            trig = _gold_trigger(text, getattr(row, event), lang, words)
        trig = trig or _find_trigger(text, lang, words)
        if trig is None:
            no_trigger += 1
        roles = _roles(text, lang, trig) if trig else None
        a1 = roles.actor1 if roles else None
        a2 = roles.actor2 if roles else None
        gs, gt = getattr(row, source), getattr(row, target)
        if isinstance(gs, str) and gs.strip():
            n_src += 1
            hit = found(gs, a1)
            ok_src += hit
            if not hit and len(errors) < show:
                errors.append(
                    f"A1 gold={gs!r} got={a1.text if a1 else None!r} trig={_at(text, trig)!r} why={roles.why if roles else '-'}\n   {text}"
                )
        if isinstance(gt, str) and gt.strip():
            n_tgt += 1
            hit = found(gt, a2)
            ok_tgt += hit
            if not hit and len(errors) < show:
                errors.append(
                    f"A2 gold={gt!r} got={a2.text if a2 else None!r} trig={_at(text, trig)!r} why={roles.why if roles else '-'}\n   {text}"
                )
    for e in errors:
        print(e)
    return {
        "rows": len(frame),
        "no_trigger": no_trigger,
        "actor1": (ok_src, n_src),
        "actor2": (ok_tgt, n_tgt),
    }


def _at(text: str, span: tuple[int, int] | None) -> str | None:
    return text[span[0] : span[1]] if span else None


def _pct(pair: tuple[int, int]) -> str:
    ok, n = pair
    return f"{ok}/{n} = {100 * ok / n:.1f} %" if n else "n/a"


def score_gsr(shared: Path, show: int = 0) -> dict:
    """The Arabic assault sentences scored by ``_score`` (prints ``show`` misses)."""
    frame = pd.read_csv(shared / "eval/arabic-assault-gsr/arabic_assault_gsr.csv")
    return _score(frame, "ar", "sourcetext", "targettext", "eventtext", show)


def score_plover(shared: Path, show: int = 0) -> dict:
    """The PLOVER test set's ASSAULT rows scored by ``_score`` (prints ``show`` misses)."""
    frame = pd.read_csv(shared / "eval/plover/PLV_test.tsv", sep="\t")
    frame = frame[frame["gold_root"] == "ASSAULT"].rename(columns={"sentence": "text"})
    return _score(frame, "en", "source", "target", None, show)


def span_figures(r: dict) -> dict[str, float | int]:
    """A ``_score`` result as figures: ``actor1_found`` (the attacker or source span found as actor1_text)
    and ``actor2_found`` (the target as actor2_text) as shares, with their counts and the sentences."""
    out: dict[str, float | int] = {}
    for role in ("actor1", "actor2"):
        ok, n = r[role]
        if n:
            out[f"{role}_found"] = ok / n
        out[f"n_{role}"] = n
    out["n_sentences"] = r["rows"]
    return out


def eval_gsr(shared: Path, show: int) -> None:
    r = score_gsr(shared, show)
    print(f"(a) arabic-assault-gsr: {r['rows']} sentences, {r['no_trigger']} without a trigger")
    print(f"    attacker found as actor1_text: {_pct(r['actor1'])}  (target 70 %)")
    print(f"    target found as actor2_text:   {_pct(r['actor2'])}  (target 60 %)")


def eval_plover(shared: Path, show: int) -> None:
    r = score_plover(shared, show)
    print(f"(b) PLOVER test ASSAULT: {r['rows']} rows, {r['no_trigger']} without a trigger")
    print(f"    source found as actor1_text: {_pct(r['actor1'])}")
    print(f"    target found as actor2_text: {_pct(r['actor2'])}")


def fakes_class(actor_name: object, side: object, registry_ids: dict[str, str]) -> str:
    """Our actor1 (canonical name, side) as one of FA-KES's 7 actor classes."""
    name = actor_name if isinstance(actor_name, str) else ""
    aid = registry_ids.get(name)
    if aid in FAKES_CLASS_BY_ID:
        return FAKES_CLASS_BY_ID[aid]
    return FAKES_CLASS_BY_SIDE.get(str(side), "unknown") if name else "unknown"


def eval_fakes(shared: Path, show: int) -> None:
    try:
        import tracker

        frame = pd.read_csv(shared / "eval/fa-kes/fakes_dev.csv")
        published = pd.to_datetime(frame["date"], format="%m/%d/%y", errors="coerce")
        records = [
            {
                "id": str(uid),
                "text": str(content),
                "title": title if isinstance(title, str) else None,
                "published": None if pd.isna(day) else day.date(),
            }
            for uid, title, content, day in zip(
                frame["unit_id"], frame["article_title"], frame["article_content"], published, strict=True
            )
        ]
        events = tracker.extract(records, lang="en")
    except Exception as exc:  # the pipeline is another part of the project and may be missing here
        print(f"(c) FA-KES: skipped, tracker.extract is not usable here ({exc!r})")
        return
    if events is None or len(events) == 0 or "article_id" not in events:
        print("(c) FA-KES: skipped, tracker.extract returned no events")
        return
    ids = {a.name: a.id for a in default_tagger().actors.values()}
    main = main_events(events)
    labelled = ok = ok_article = 0
    errors = []
    tagger = default_tagger()
    for row in frame.itertuples(index=False):
        gold = gold_class(row.actor)
        if gold == "unknown":
            continue
        labelled += 1
        got = "unknown"
        if str(row.unit_id) in main.index:
            ev = main.loc[str(row.unit_id)]
            got = fakes_class(ev["actor1"], ev["actor1_side"], ids)
        ok += got == gold
        with_article = got
        if got == "unknown":
            # the headline's perpetrator when the main event's sentence names none (ActorTagger.article_actor)
            title = normalize(str(row.article_title)).text if isinstance(row.article_title, str) else None
            lead = normalize(str(row.article_content)[:300]).text
            m = tagger.article_actor(title, lead, "en")
            if m is not None:
                with_article = fakes_class(m.actor.name, m.actor.side, ids)
        ok_article += with_article == gold
        if got != gold and len(errors) < show:
            ev_text = main.loc[str(row.unit_id)]["evidence"] if str(row.unit_id) in main.index else None
            errors.append(f"gold={row.actor!r} got={got!r} title={row.article_title!r}\n   {ev_text}")
    for e in errors:
        print(e)
    print(f"(c) FA-KES dev: main event actor1 class = label: {_pct((ok, labelled))}  (target 80 %)")
    print(f"    with the headline's actor when the event names none: {_pct((ok_article, labelled))}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--only", default="gsr,plover,fakes")
    ap.add_argument("--show-errors", type=int, default=0)
    args = ap.parse_args(argv)
    if not args.shared.is_dir():
        print(f"{args.shared} not found", file=sys.stderr)
        return 2
    runs = {"gsr": eval_gsr, "plover": eval_plover, "fakes": eval_fakes}
    for name in args.only.split(","):
        t0 = time.perf_counter()
        runs[name](args.shared, args.show_errors)
        print(f"    ({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
