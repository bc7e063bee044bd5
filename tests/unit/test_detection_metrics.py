"""Detection metrics on hand-annotated news segments, every number computed by hand.

tests/data/eval/detect_gold.jsonl: five segments; s1 has a date and a number error, s2 and s3 are
correct, s4 has an omission (source span only), s5 a wrong sense of "bank".
tests/data/eval/detect_pred.jsonl (as `mtqa check --pairs` writes it): s1 date on "Tuesday" (7
chars) and number on "25" (2 chars), both right, plus a false minor name finding on "unions" (6);
s3 a false minor untranslated finding on "Blue Star Delos" (15); s5 sense on "bank of" (7), right;
the omission is missed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.data import Finding
from mtqa.errors import InputError
from mtqa.io import read_jsonl
from mtqa.metrics.detection import ErrorSpan, detection_scores, mcc, parse_errors, parse_records

DATA = Path(__file__).resolve().parents[1] / "data" / "eval"


@pytest.fixture(scope="module")
def gold() -> dict[str, list[ErrorSpan]]:
    return parse_records(read_jsonl(DATA / "detect_gold.jsonl"), path="detect_gold.jsonl")


@pytest.fixture(scope="module")
def pred() -> dict[str, list[ErrorSpan]]:
    return parse_records(read_jsonl(DATA / "detect_pred.jsonl"), path="detect_pred.jsonl")


def test_both_record_shapes_are_read(gold, pred):
    text = json.loads((DATA / "detect_gold.jsonl").read_text(encoding="utf-8").splitlines()[0])["tgt"]
    date, number = gold["s1"]
    assert text[slice(*date.target_span)] == "Tuesday, March 14" and text[slice(*number.target_span)] == "25%"
    assert gold["s4"] == [ErrorSpan("omission", None, (10, 30), "major")]
    assert [p.category for p in pred["s1"]] == ["date", "number", "name"]
    assert pred["s1"][0] == ErrorSpan("date", (21, 28), None, "major")
    # The prediction file is what `mtqa check --pairs` writes: Finding dicts.
    for line in (DATA / "detect_pred.jsonl").read_text(encoding="utf-8").splitlines():
        for finding in json.loads(line)["findings"]:
            assert Finding.from_dict(finding).to_dict() == finding


def test_findings_segments_and_spans(gold, pred):
    scores = detection_scores(gold, pred)
    overall = scores["findings"]["overall"]
    # 5 predictions, 3 right; 4 gold errors, 3 found.
    assert (overall["pred"], overall["correct"], overall["gold"], overall["found"]) == (5, 3, 4, 3)
    assert overall["precision"] == pytest.approx(0.6) and overall["recall"] == pytest.approx(0.75)
    assert overall["f1"] == pytest.approx(2 / 3)
    categories = scores["findings"]["categories"]
    assert sorted(categories) == ["date", "name", "number", "omission", "sense", "untranslated"]
    assert categories["date"]["f1"] == 1.0 and categories["omission"]["recall"] == 0.0
    assert categories["name"]["precision"] == 0.0
    # Segments: s1 and s5 true positives, s3 false positive, s4 false negative, s2 true negative.
    segments = scores["segments"]
    assert (segments["tp"], segments["fp"], segments["fn"], segments["tn"]) == (2, 1, 1, 1)
    assert segments["mcc"] == pytest.approx((2 * 1 - 1 * 1) / (3 * 3 * 2 * 2) ** 0.5)
    assert segments["accuracy"] == pytest.approx(3 / 5)
    # Characters: gold 17 + 3 + 4 = 24, predicted 7 + 2 + 6 + 15 + 7 = 37, shared 7 + 2 + 4 = 13.
    spans = scores["spans"]["overall"]
    assert (spans["gold_chars"], spans["pred_chars"], spans["overlap_chars"]) == (24, 37, 13)
    assert spans["precision"] == pytest.approx(13 / 37) and spans["recall"] == pytest.approx(13 / 24)
    assert scores["spans"]["categories"]["number"]["recall"] == pytest.approx(2 / 3)
    assert scores["signature"].startswith("mtqa:") and "task:eval-detect" in scores["signature"]


def test_min_severity_filters_predictions_only(gold, pred):
    scores = detection_scores(gold, pred, min_severity="major")
    overall = scores["findings"]["overall"]
    assert (overall["pred"], overall["correct"], overall["gold"]) == (3, 3, 4)
    segments = scores["segments"]
    assert (segments["tp"], segments["fp"], segments["fn"], segments["tn"]) == (2, 0, 1, 2)
    assert segments["mcc"] == pytest.approx(4 / 6)
    assert "min-severity:major" in scores["signature"]


def test_categories_restrict_gold_and_predictions(gold, pred):
    scores = detection_scores(gold, pred, categories=["number", "date"])
    assert sorted(scores["findings"]["categories"]) == ["date", "number"]
    assert scores["findings"]["overall"]["f1"] == 1.0
    assert scores["segments"]["mcc"] == 1.0  # s1 is the only segment with date/number errors, and it is found
    assert "categories:date,number" in scores["signature"]


def test_matching_rules():
    number = ErrorSpan("number", (10, 14))
    assert number.matches(ErrorSpan("number", (13, 20)))
    assert not number.matches(ErrorSpan("number", (14, 20)))  # end exclusive: touching is not overlapping
    assert not number.matches(ErrorSpan("date", (10, 14)))
    omission = ErrorSpan("omission", None, (10, 30))
    assert omission.matches(ErrorSpan("omission", (0, 5), (25, 40)))  # the source side decides
    assert not omission.matches(ErrorSpan("omission", None, (30, 40)))
    assert omission.matches(ErrorSpan("omission", (0, 5)))  # no side in common: the category decides


def test_mcc_extremes():
    assert mcc(5, 0, 0, 5) == 1.0 and mcc(0, 5, 5, 0) == -1.0
    assert mcc(2, 1, 1, 4) == pytest.approx(7 / 15)
    assert mcc(4, 4, 0, 0) == 0.0  # everything flagged: no correlation measurable


def test_unmatched_and_duplicate_ids_are_input_errors(gold, pred):
    with pytest.raises(InputError, match=r"1 id\(s\) only in the gold \(s5\); 1 id\(s\) only in the predictions \(x\)"):
        detection_scores(gold, {**{k: v for k, v in pred.items() if k != "s5"}, "x": []})
    with pytest.raises(InputError, match="duplicate id 'a'") as info:
        parse_records([(1, {"id": "a", "errors": []}), (2, {"id": "a", "errors": []})], path="g.jsonl")
    assert str(info.value).startswith("g.jsonl:2:")


@pytest.mark.parametrize("record, message", [
    ({"id": 1}, "'errors' or 'findings' list"),
    ({"id": 1, "errors": [{"target_span": [0, 1]}]}, "needs a 'category'"),
    ({"id": 1, "errors": [{"category": "number", "target_span": [5, 2]}]}, "target_span must be"),
    ({"id": 1, "errors": [{"category": "number", "target_span": "0-3"}]}, "target_span must be"),
    ({"id": 1, "errors": [{"category": "number", "severity": "fatal"}]}, "unknown severity 'fatal'"),
])
def test_malformed_records_name_the_line(record, message):
    with pytest.raises(InputError, match=message) as info:
        parse_errors(record, path="gold.jsonl", line=7)
    assert str(info.value).startswith("gold.jsonl:7:")
