"""Correct news translations from a dozen languages, and errors injected into them, with the real model.

``tests/data/news_pairs_multilingual.jsonl`` holds short wire-style sentences (written for these
tests, translated by hand) in languages the corpora do not cover: fr, es, it, pt, pl, nl, cs, tr, uk,
ja, and English into German. Many once drew a false alarm of a kind the corpora could not show
("Inflation rose" read as a reversal, German nouns taken for names, Türkiye/Turkish, Roma taken for
Romania, "Greek police" for ΕΛ.ΑΣ., St. Petersburg, R$ 38 bilhões, a crash on Japanese).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.checks import check_pairs

pytestmark = pytest.mark.model

PAIRS = [json.loads(line) for line in (Path(__file__).parent.parent / "data" / "news_pairs_multilingual.jsonl")
         .read_text(encoding="utf-8").splitlines()]


def test_correct_translations_get_no_major_finding(e5):
    reports = list(check_pairs(PAIRS, model=e5))
    serious = {p["id"]: [f.message for f in r.findings if f.severity != "minor"] for p, r in zip(PAIRS, reports)}
    assert {k: v for k, v in serious.items() if v} == {}


@pytest.mark.parametrize("pair_id, old, new, category", [
    ("es-5", "50,000", "5,000", "number"),
    ("de-10", "4.5 billion", "4.5 million", "number"),
    ("ja-17", "500", "600", "number"),
    ("fr-1", "Marseille", "Lyon", "name"),
    ("pl-20", " in Warsaw", "", "name"),
    ("tr-21", "unchanged", "not unchanged", "addition"),
    ("it-7", "In Milan t", "T", "name"),
    ("pt-b18", "38 billion", "38 million", "number"),
    ("uk-b23", "Kharkiv", "Odesa", "name"),
])
def test_an_injected_error_is_found(e5, pair_id, old, new, category):
    pair = next(p for p in PAIRS if p["id"] == pair_id)
    assert old in pair["tgt"]
    [report] = check_pairs([{**pair, "tgt": pair["tgt"].replace(old, new)}], model=e5)
    assert category in {f.category for f in report.findings if f.severity != "minor"}, [f.message for f in report.findings]
