"""Development set 8 (``tests/data/news_pairs_multilingual_8.jsonl``): 200 general news pairs in 21
languages, written by a helper that saw none of the checks, with the real model.

At first 13% of these correct translations drew a major finding (the blind set stood at 14%), in
classes the older sets did not show: full-width digits (０．５％), Russian hours in the dative with
the half of the day (к 10 часам утра), Italian centuries by name (il Seicento), a batting line
(2-for-3), "no obstante" and "52 nem" (votes against) read as negations, a Czech verb negated by
its prefix that the lemmatizer does not know (nezkoumal), Arabic عدم, an ELOT romanization
(Tzachristas) taken for a mangling, Romanian Camera taken for Cameroon, a place's English
adjective (Silesian), the demonym of French Guiana, a village's Arabic name that is a word
(دوري, "league"), capitalized common words of a translated institution (Ministero
dell'Istruzione), a club's home town added in English (CSKA Sofia), a ministry's name cut at
the comma of its list of parts ("Ministry of Land, Infrastructure and Transport"). An antonym
matched to an unrelated source word ("broken open" for aufgebrochen, "close" matched to Komplizen)
is left: requiring the antonym to fit the word's own best match too cost 29 of 712 injected
antonyms on the bench for 6 false alarms.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.checks import check_pairs

pytestmark = pytest.mark.model

DATA = Path(__file__).parent.parent / "data"
PAIRS = {p["id"]: p for p in (json.loads(line) for line in
                              (DATA / "news_pairs_multilingual_8.jsonl").read_text(encoding="utf-8").splitlines()
                              if line.strip())}
# Pairs of set 7 with the same classes.
PAIRS.update({p["id"]: p for p in (json.loads(line) for line in
                                   (DATA / "news_pairs_multilingual_7.jsonl").read_text(encoding="utf-8").splitlines()
                                   if line.strip()) if p["id"] in {"ko-p9"}})

# pair id: the check that drew the false alarm
FIXED = {"ja-q2": "numbers", "ru-q5": "numbers", "it-q4": "numbers", "ko-q3": "numbers", "pt-q3": "numbers",
         "es-q2": "omission", "hu-q1": "omission", "cs-q6": "omission", "ar-q5": "omission",
         "el-q8": "names", "ro-q1": "names", "pl-q8": "names", "fr-q9": "names", "ar-q3": "names", "it-q10": "names",
         "ro-q5": "names", "ko-p9": "names", "bg-q3": "names", "ko-q7": "names"}


def _serious(reports, pairs) -> dict[str, list[str]]:
    return {p["id"]: [f"{f.check}: {f.message}" for f in r.findings if f.severity != "minor"]
            for p, r in zip(pairs, reports)}


def test_correct_translations_of_the_fixed_classes_get_no_major_finding(e5):
    pairs = [PAIRS[i] for i in FIXED]
    serious = _serious(check_pairs(pairs, model=e5), pairs)
    wrong = {k: [m for m in v if m.startswith(FIXED[k] + ":")] for k, v in serious.items()}
    assert {k: v for k, v in wrong.items() if v} == {}


def test_few_correct_translations_of_the_set_get_a_major_finding(e5):
    # 8 of 200 after the fixes (Korean and Japanese additions the word aligner leaves unlinked,
    # a translated title, an acronym rendered by its meaning, an antonym); a regression shows here.
    pairs = list(PAIRS.values())[:200]
    serious = _serious(check_pairs(pairs, model=e5), pairs)
    flagged = {k: v for k, v in serious.items() if v}
    assert len(flagged) <= 12, flagged


@pytest.mark.parametrize("pair_id, old, new, check", [
    # the errors these pairs could hide are still found
    ("ja-q2", "0.5%", "5%", "numbers"),
    ("ru-q5", "By 10 a.m.", "By 10 p.m.", "numbers"),
    ("it-q4", "17th-century", "16th-century", "numbers"),
    ("cs-q6", "did not sufficiently examine", "sufficiently examined", "omission"),
    ("el-q8", "Tzachristas", "Tzachrisas", "names"),
    ("pl-q8", "Silesian Beskids", "Moravian Beskids", "names"),
])
def test_an_error_in_a_fixed_pair_is_still_found(e5, pair_id, old, new, check):
    pair = dict(PAIRS[pair_id])
    assert old in pair["tgt"]
    pair["tgt"] = pair["tgt"].replace(old, new, 1)
    [report] = check_pairs([pair], model=e5)
    assert any(f.check == check and f.severity != "minor" for f in report.findings), report.findings
