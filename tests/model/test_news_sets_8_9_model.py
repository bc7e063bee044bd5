"""Development sets 8 and 9 with the real model: news pairs written by helpers that saw none of the
checks, 200 each in 21 languages (``tests/data/news_pairs_multilingual_8.jsonl``: general news;
``…_9.jsonl``: many genres, election results, market reports, court and police reports, sport,
culture).

Set 8: at first 13% of its correct translations drew a major finding (the blind set stood at 14%),
in classes the older sets did not show: full-width digits (０．５％), Russian hours in the dative
with the half of the day (к 10 часам утра), Italian centuries by name (il Seicento), a batting line
(2-for-3), "no obstante" and "52 nem" (votes against) read as negations, a Czech verb negated by
its prefix that the lemmatizer does not know (nezkoumal), Arabic عدم, an ELOT romanization
(Tzachristas) taken for a mangling, Romanian Camera taken for Cameroon, a place's English
adjective (Silesian), the demonym of French Guiana, a village's Arabic name that is a word
(دوري, "league"), capitalized common words of a translated institution (Ministero
dell'Istruzione), a club's home town added in English (CSKA Sofia), a ministry's name cut at the
comma of its list of parts ("Ministry of Land, Infrastructure and Transport"). An antonym matched
to an unrelated source word ("broken open" for aufgebrochen, "close" matched to Komplizen) is
left: requiring the antonym to fit the word's own best match too cost 29 of 712 injected antonyms
on the bench for 6 false alarms.

Set 9: at first 23.5%. Fixed so far: "a las 11 víctimas" read as an hour, approximate counts in
one word (une quarantaine), scaled parts joined by "and" (24 milioni e 100 mila), Arabic
تريليون, the English gloss of a quoted title ("La casa de los vientos" (The House of the Winds)),
"Typhoon No. 10" read as a title, "Brno-bound" taken for another name, and a currency
abbreviation rendered by the currency's name (Dolar/TL, "lira").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.checks import check_pairs

pytestmark = pytest.mark.model

DATA = Path(__file__).parent.parent / "data"


def _load(name: str) -> dict[str, dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return {p["id"]: p for p in (json.loads(line) for line in lines if line.strip())}


SET_8 = _load("news_pairs_multilingual_8.jsonl")
SET_9 = _load("news_pairs_multilingual_9.jsonl")
PAIRS = {**SET_8, **SET_9, "ko-p9": _load("news_pairs_multilingual_7.jsonl")["ko-p9"]}  # set 7's, same class

# pair id: the check that drew the false alarm
FIXED = {"ja-q2": "numbers", "ru-q5": "numbers", "it-q4": "numbers", "ko-q3": "numbers", "pt-q3": "numbers",
         "es-q2": "omission", "hu-q1": "omission", "cs-q6": "omission", "ar-q5": "omission",
         "el-q8": "names", "ro-q1": "names", "pl-q8": "names", "fr-q9": "names", "ar-q3": "names", "it-q10": "names",
         "ro-q5": "names", "ko-p9": "names", "bg-q3": "names", "ko-q7": "names",
         "es-r12": "numbers", "fr-r5": "numbers", "it-r5": "numbers", "ar-r2": "numbers",
         "es-r7": "names", "ja-r1": "names", "cs-r4": "names", "tr-r2": "names", "tr-r7": "names"}


def test_correct_translations_of_the_fixed_classes_get_no_major_finding(e5):
    pairs = [PAIRS[i] for i in FIXED]
    reports = check_pairs(pairs, model=e5)
    wrong = {p["id"]: [f.message for f in r.findings if f.severity != "minor" and f.check == FIXED[p["id"]]]
             for p, r in zip(pairs, reports)}
    assert {k: v for k, v in wrong.items() if v} == {}


def test_few_correct_translations_of_set_8_get_a_major_finding(e5):
    # 8 of 200 after the fixes (Korean and Japanese additions the word aligner leaves unlinked,
    # a translated title, an acronym rendered by its meaning, an antonym); a regression shows here.
    pairs = list(SET_8.values())
    flagged = {p["id"]: [f.message for f in r.findings if f.severity != "minor"]
               for p, r in zip(pairs, check_pairs(pairs, model=e5))}
    flagged = {k: v for k, v in flagged.items() if v}
    assert len(flagged) <= 12, flagged


@pytest.mark.parametrize("pair_id, old, new, check", [
    # the errors these pairs could hide are still found
    ("ja-q2", "0.5%", "5%", "numbers"),
    ("ru-q5", "By 10 a.m.", "By 10 p.m.", "numbers"),
    ("it-q4", "17th-century", "16th-century", "numbers"),
    ("cs-q6", "did not sufficiently examine", "sufficiently examined", "omission"),
    ("el-q8", "Tzachristas", "Tzachrisas", "names"),
    ("pl-q8", "Silesian Beskids", "Moravian Beskids", "names"),
    ("es-r12", "the 11 victims", "the 12 victims", "numbers"),
    ("it-r5", "24.1 million", "24.4 million", "numbers"),
    ("ar-r2", "2.1 trillion", "2.1 billion", "numbers"),
    ("cs-r4", "Brno-bound", "Ostrava-bound", "names"),
])
def test_an_error_in_a_fixed_pair_is_still_found(e5, pair_id, old, new, check):
    pair = dict(PAIRS[pair_id])
    assert old in pair["tgt"]
    pair["tgt"] = pair["tgt"].replace(old, new, 1)
    [report] = check_pairs([pair], model=e5)
    assert any(f.check == check and f.severity != "minor" for f in report.findings), report.findings
