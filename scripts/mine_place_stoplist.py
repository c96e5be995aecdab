"""Find gazetteer names that are also common words, from how often general news uses them.

Reads the packaged gazetteer (through the geocoder), Arabic general news
(``../shared/corpus/saudinewsnet-ar``: mostly not about Syria) and English text
(``../shared/corpus/wikipedia-syria-timeline`` and ``../shared/eval/plover``); writes
``tracker/resources/places/common_words.yaml``: per language, the names of small places
(no governorate, district, region or town of 20,000+) that

- Arabic: occur in at least ``--ar-share`` of the news articles (a village called "عالية" or "حدث"
  is named far less often than the word is used);
- English: are written in lower case (so as a word, not a name) at least twice and in most uses.

The geocoder then lets these names count only after a level word ("قرية عالية", "the village of Marj")
or beside their own governorate. Only the list of words is stored, no text from the corpora.

Run: ``python scripts/mine_place_stoplist.py [--shared ../shared] [--articles 10000] [--ar-share 0.0015]``
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.places import Geocoder, default_geocoder  # noqa: E402
from tracker.text.normalize import normalize  # noqa: E402

_BIG_LEVELS = {"admin1", "admin2", "region", "country"}


def _small(geo: Geocoder, ids: tuple[int, ...]) -> bool:
    return all(geo.places[i].level not in _BIG_LEVELS and geo.places[i].population < 20000 for i in ids)


def _towns(geo: Geocoder, ids: tuple[int, ...]) -> bool:
    """Towns (however large) and neighbourhoods, not governorates, districts, regions or countries."""
    return all(geo.places[i].level not in _BIG_LEVELS and geo.places[i].country == "Syria" for i in ids)


def mine_arabic(geo: Geocoder, corpus: Path, *, articles: int, share: float) -> tuple[list[str], list[str]]:
    """(small places used as words, larger towns used as words): the first need a level word or their
    governorate beside them, the second also count after a preposition ("في القصير")."""
    small: Counter[str] = Counter()
    large: Counter[str] = Counter()
    n = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            if n >= articles:
                break
            rec = json.loads(line)
            n += 1
            text = normalize(f"{rec.get('title') or ''}\n{rec.get('text') or ''}").text
            hits = geo.names.exact_hits(text, "ar")
            small.update({h.key for h in hits if _small(geo, h.candidates)})
            large.update({h.key for h in hits if _towns(geo, h.candidates) and not _small(geo, h.candidates)})
    # Larger towns are named more often in news about Syria: only a clearly frequent word counts.
    return (
        sorted(k for k, c in small.items() if c >= share * n),
        sorted(k for k, c in large.items() if c >= 2 * share * n),
    )


def _english_texts(shared: Path) -> list[str]:
    texts = []
    with open(shared / "corpus" / "wikipedia-syria-timeline" / "events.csv", encoding="utf-8") as fh:
        texts += [row.get("event") or "" for row in csv.DictReader(fh)]
    for name in (
        "PLV_train.tsv",
        "PLV_test.tsv",
        "AW_train_wikievents_only.tsv",
        "AW_test_wikievents_only.tsv",
    ):
        with open(shared / "eval" / "plover" / name, encoding="utf-8") as fh:
            texts += [row.get("sentence") or "" for row in csv.DictReader(fh, delimiter="\t")]
    return texts


def mine_english(geo: Geocoder, texts: list[str]) -> list[str]:
    lower: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for raw in texts:
        norm = normalize(raw)
        for h in geo.names.exact_hits(norm.text, "en"):
            if not _small(geo, h.candidates):
                continue
            written = norm.original_span(h.start, h.end)
            total[h.key] += 1
            before = raw[: norm.to_original(h.start, h.end)[0]].rstrip()
            core = (
                written.split(" ", 1)[-1] if written[:3].lower() in ("al-", "el-", "al ", "el ") else written
            )
            if core[:1].islower() and before and before[-1] not in '.!?"':
                lower[h.key] += 1
    return sorted(k for k, c in lower.items() if c >= 2 and c >= 0.5 * total[k])


def common_english_words(texts: list[str], *, min_count: int = 2) -> list[str]:
    """Words written in lower case in running English text: ordinary words, not names."""
    counts: Counter[str] = Counter()
    for raw in texts:
        counts.update(w for w in re.findall(r"(?<![\w'-])[a-z]{4,}(?![\w'-])", raw))
    return sorted(w for w, c in counts.items() if c >= min_count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--ar-share", type=float, default=0.0015)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "tracker" / "resources" / "places" / "common_words.yaml"
    )
    args = parser.parse_args(argv)
    geo = default_geocoder()
    ar, ar_soft = mine_arabic(
        geo,
        args.shared / "corpus" / "saudinewsnet-ar" / "articles.jsonl.gz",
        articles=args.articles,
        share=args.ar_share,
    )
    texts = _english_texts(args.shared)
    en = mine_english(geo, texts)
    words = common_english_words(texts)
    lines = [
        "# Names of small places that general news uses as common words (mined by scripts/mine_place_stoplist.py",
        "# from word frequencies; no corpus text is stored). The geocoder counts them only after a level word",
        "# or beside their governorate. Edit by re-running the script, or add words to words.yaml's stoplist.",
        "ar:",
        *(f"  - {w}" for w in ar),
        "# Towns whose names are also frequent words: they also count after a preposition word.",
        "ar_soft:",
        *(f"  - {w}" for w in ar_soft),
        "en:",
        *(f'  - "{w}"' for w in en),
        "# Ordinary English words (written in lower case in running text): a place found only by its",
        "# consonant skeleton must not be one of these.",
        "en_words: " + json.dumps(words),  # quoted: YAML would read "true"/"null" as values
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(
        f"{len(ar)} Arabic and {len(en)} English place names, {len(words)} English words written to {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
