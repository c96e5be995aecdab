"""The accuracy ratchet (``scripts/evaluate.py``): the baseline comparison, the document writer, the
baseline file, and one small set measured end to end (that one reads ``../shared``)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import needs_shared
from tracker.cli import cli

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import evaluate  # noqa: E402  (a script, not a package)

BASE = {"dev-en": {"detect_f1": 0.70, "killed_exact": 0.40}, "incidents-en": {"median_km": 2.0}}


def measured(**changes: float | int) -> dict[str, dict[str, float | int]]:
    """The figures of BASE with some changed (``set__metric=value``), plus a count."""
    results: dict[str, dict[str, float | int]] = {s: dict(f) for s, f in BASE.items()}
    results["dev-en"]["n_items"] = 250
    for key, value in changes.items():
        s, metric = key.replace("_", "-", 1).split("__")
        results[s][metric] = value
    return results


def falls(results, baseline=BASE, **kwargs) -> list[str]:
    return [str(c) for c in evaluate.compare(baseline, results, **kwargs) if c.fell]


# --------------------------------------------------------------------------------------------------
# The comparison


def test_unchanged_figures_pass() -> None:
    assert falls(measured()) == []


@pytest.mark.parametrize("value", [0.68, 0.6, 0.0], ids=["2 points", "10 points", "to zero"])
def test_a_fall_of_more_than_one_point_fails_and_is_named(value: float) -> None:
    got = falls(measured(dev_en__detect_f1=value))
    assert len(got) == 1
    assert got[0].startswith("dev-en detect_f1: ")
    assert "against a baseline of 0.700, worse by" in got[0]


@pytest.mark.parametrize(
    "value", [0.695, 0.69, 0.6900001], ids=["half a point", "exactly one point", "just within"]
)
def test_a_fall_within_one_point_passes(value: float) -> None:
    assert falls(measured(dev_en__detect_f1=value)) == []


def test_every_fallen_figure_is_listed() -> None:
    got = falls(measured(dev_en__detect_f1=0.5, dev_en__killed_exact=0.1))
    assert [g.split(":")[0] for g in got] == ["dev-en detect_f1", "dev-en killed_exact"]


def test_a_rise_passes_and_is_told() -> None:
    changes = evaluate.compare(BASE, measured(dev_en__detect_f1=0.9))
    assert [c.metric for c in changes if c.fell] == []
    assert [(c.set, c.metric) for c in changes if c.rose] == [("dev-en", "detect_f1")]
    assert (
        str(changes[0])
        == "dev-en detect_f1: 0.900 against a baseline of 0.700, better by 0.200 (tolerance 0.010)"
    )


@pytest.mark.parametrize(
    ("value", "fails"),
    [(3.5, True), (math.inf, True), (2.9, False), (3.0, False), (0.4, False)],
    ids=["1.5 km worse", "no point placed", "0.9 km worse", "exactly 1 km worse", "better"],
)
def test_distances_are_lower_is_better_with_one_km_of_slack(value: float, fails: bool) -> None:
    got = falls(measured(incidents_en__median_km=value))
    assert bool(got) is fails
    if fails:
        assert got[0].startswith("incidents-en median_km: ") and "km, worse by" in got[0]


def test_an_infinite_baseline_distance_is_beaten_by_any_figure_and_matched_by_another_infinity() -> None:
    baseline = {"incidents-ar": {"median_km": math.inf}}
    assert falls({"incidents-ar": {"median_km": 40.0}}, baseline) == []
    assert falls({"incidents-ar": {"median_km": math.inf}}, baseline) == []


def test_a_figure_that_became_nan_fails() -> None:
    assert falls(measured(dev_en__detect_f1=math.nan)) != []


def test_a_metric_missing_from_the_run_is_reported() -> None:
    results = measured()
    del results["dev-en"]["killed_exact"]
    assert falls(results) == ["dev-en killed_exact: in the baseline (0.400) but not measured"]


def test_a_set_asked_for_but_not_measured_is_reported() -> None:
    results = measured()
    del results["incidents-en"]
    assert falls(results, sets=["dev-en", "incidents-en"]) == [
        "incidents-en median_km: in the baseline (2.000) but not measured"
    ]
    assert falls(results) == []  # by default only the sets measured are compared (--only)


def test_counts_are_not_ratcheted_and_new_figures_do_not_fail() -> None:
    results = measured()
    results["dev-en"]["n_items"] = 3
    results["dev-en"]["type_f1"] = 0.1
    changes = evaluate.compare(BASE, results)
    assert [(c.metric, c.baseline, c.fell) for c in changes] == [("type_f1", None, False)]


# --------------------------------------------------------------------------------------------------
# The table and the baseline file


def test_table_has_a_row_per_set_and_metric_with_counts_as_integers() -> None:
    text = evaluate.table(
        {"dev-en": {"detect_f1": 0.68421, "n_items": 250}, "incidents-ar": {"median_km": math.inf}}
    )
    assert text.splitlines() == [
        "| set | metric | figure |",
        "|---|---|---|",
        "| dev-en | detect_f1 | 0.684 |",
        "| dev-en | n_items | 250 |",
        "| incidents-ar | median_km | inf |",
    ]


def test_baseline_keeps_figures_rounded_and_leaves_counts_out(tmp_path: Path) -> None:
    baseline = evaluate.baseline_of(
        {"dev-en": {"detect_f1": 0.684210526, "n_items": 250}, "incidents-ar": {"median_km": math.inf}}
    )
    assert baseline == {"dev-en": {"detect_f1": 0.6842}, "incidents-ar": {"median_km": math.inf}}
    path = tmp_path / "baseline.json"
    evaluate.write_baseline(baseline, path)
    assert evaluate.read_baseline(path) == baseline
    assert evaluate.read_baseline(tmp_path / "absent.json") == {}


def test_the_committed_baseline_covers_every_set_with_figures_only() -> None:
    baseline = evaluate.read_baseline(evaluate.BASELINE)
    assert list(baseline) == list(evaluate.SETS)
    assert all(isinstance(v, float) for figures in baseline.values() for v in figures.values())


@pytest.mark.parametrize(
    ("only", "sets"),
    [
        (["dev-ar2"], ["dev-ar2"]),
        (["fakes"], ["fakes-most", "fakes-lead", "fakes-score"]),
        (["demo", "fakes-score"], ["fakes-score", "demo"]),
    ],
    ids=["a set", "a group", "table order"],
)
def test_only_takes_set_and_group_names(only: list[str], sets: list[str]) -> None:
    assert evaluate.select(only) == sets


def test_only_refuses_unknown_names() -> None:
    with pytest.raises(ValueError, match="unknown set.*dev-xx"):
        evaluate.select(["dev-xx"])


# --------------------------------------------------------------------------------------------------
# The document

DOC = "# Title\n\nintro\n\n<!-- evaluate:begin -->\nold table\n<!-- evaluate:end -->\n\n## After\n\ntext\n"


def test_doc_writer_replaces_only_between_the_markers() -> None:
    new = evaluate.with_table(DOC, "| a |\n")
    assert (
        new
        == "# Title\n\nintro\n\n<!-- evaluate:begin -->\n| a |\n<!-- evaluate:end -->\n\n## After\n\ntext\n"
    )
    assert evaluate.table_in(new) == "| a |\n"


def test_doc_writer_is_idempotent() -> None:
    once = evaluate.with_table(DOC, "| a |\n| b |\n")
    assert evaluate.with_table(once, "| a |\n| b |\n") == once


@pytest.mark.parametrize(
    "doc",
    [
        "no markers\n",
        "<!-- evaluate:begin -->\nonly the start\n",
        "<!-- evaluate:end -->\nreversed\n<!-- evaluate:begin -->\n",
        DOC + DOC,
    ],
    ids=["none", "no end", "reversed", "twice"],
)
def test_doc_writer_refuses_a_document_without_one_pair_of_markers(doc: str) -> None:
    with pytest.raises(ValueError, match="evaluate:begin"):
        evaluate.with_table(doc, "| a |\n")


def test_the_evaluation_document_has_its_markers() -> None:
    doc = evaluate.DOC.read_text(encoding="utf-8")
    assert evaluate.table_in(doc).startswith("| set | metric | figure |\n")


# --------------------------------------------------------------------------------------------------
# End to end on one small set


@needs_shared
def test_dev_items_are_extracted_as_the_command_line_writes_them(shared: Path, tmp_path: Path) -> None:
    articles = shared / "eval" / "dev-items" / "articles_ar2.jsonl"
    result = CliRunner().invoke(cli, ["extract", "-q", str(articles), "-o", str(tmp_path / "cli.csv")])
    assert result.exit_code == 0, result.output
    evaluate.extract_file(articles, tmp_path / "ours.csv")
    assert (tmp_path / "ours.csv").read_bytes() == (tmp_path / "cli.csv").read_bytes()


@needs_shared
def test_check_on_one_set_prints_its_rows_and_names_what_fell(
    shared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"dev-ar2": {"detect_f1": 0.99, "type_f1": 0.0}}), encoding="utf-8")
    status = evaluate.main(
        ["--only", "dev-ar2", "--check", "--no-doc", "--shared", str(shared), "--baseline", str(baseline)]
    )
    out, err = capsys.readouterr()
    rows = [line.split(" | ")[:2] for line in out.splitlines()[2:]]
    assert {s for s, _ in rows} == {"| dev-ar2"}
    assert {m for _, m in rows} >= {
        "detect_f1",
        "killed_exact",
        "date_acc",
        "admin1_f1",
        "actor1_f1",
        "type_f1",
    }
    assert status == 1
    fallen = [line for line in err.split("fell below")[1].splitlines() if line.startswith("  ")]
    assert [line.split(":")[0].strip() for line in fallen] == ["dev-ar2 detect_f1"]
    assert "worse by" in fallen[0]
