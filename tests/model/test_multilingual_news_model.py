"""Correct news translations from a dozen languages, and errors injected into them, with the real model.

``tests/data/news_pairs_multilingual.jsonl`` holds short wire-style sentences (written for these
tests, translated by hand) in languages the corpora do not cover: fr, es, it, pt, pl, nl, cs, tr, uk,
ja, and English into German. Many once drew a false alarm of a kind the corpora could not show
("Inflation rose" read as a reversal, German nouns taken for names, Türkiye/Turkish, Roma taken for
Romania, "Greek police" for ΕΛ.ΑΣ., St. Petersburg, R$ 38 bilhões, a crash on Japanese).

``news_pairs_multilingual_2.jsonl`` holds 132 more (6 each from de, fr, es, it, pt, nl, sv, pl, cs,
ro, hu, fi, tr, ru, uk, el, bg, ja, zh, ko, ar, hi), written as a held-out probe after the first set
was clean: 53% of them drew a major finding at first (scale words and hour words of languages
without a hand-made list, translated acronyms, inflected names, acronyms spelled out). The checks
were made general on them; the few left (translated geographic names, Ukrainian romanization,
Korean alignment) are bounded below so that a regression shows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.checks import check_pairs

pytestmark = pytest.mark.model

DATA = Path(__file__).parent.parent / "data"
PAIRS = [json.loads(line) for line in (DATA / "news_pairs_multilingual.jsonl").read_text(encoding="utf-8").splitlines()]
HELD_OUT = [json.loads(line) for line in (DATA / "news_pairs_multilingual_2.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def test_correct_translations_get_no_major_finding(e5):
    reports = list(check_pairs(PAIRS, model=e5))
    serious = {p["id"]: [f.message for f in r.findings if f.severity != "minor"] for p, r in zip(PAIRS, reports)}
    assert {k: v for k, v in serious.items() if v} == {}


def test_held_out_correct_translations_rarely_get_a_major_finding(e5):
    reports = list(check_pairs(HELD_OUT, model=e5))
    flagged = {p["id"]: [f.message for f in r.findings if f.severity != "minor"] for p, r in zip(HELD_OUT, reports)}
    flagged = {k: v for k, v in flagged.items() if v}
    assert len(HELD_OUT) == 132
    assert len(flagged) <= 0.1 * len(HELD_OUT), flagged


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
    # held-out pairs
    ("ko-n6", "9.1 trillion", "9.4 trillion", "number"),
    ("ja-n1", "123.8 million", "128.3 million", "number"),
    ("hi-n4", "2.5 billion", "25 billion", "number"),
    ("nl-n4", "2.5 billion", "2.5 million", "number"),
    ("ar-n5", "109 billion", "190 billion", "number"),
    ("hu-n5", "8 March", "18 March", "date"),
    ("sv-n2", "Stockholm", "Oslo", "name"),
    ("cs-n6", "Ostrava", "Brno", "name"),
    ("ro-n6", "in Geneva", "in Vienna", "name"),
    ("tr-n5", "NATO and EU", "NATO", "name"),
    ("fi-n3", "Mark Rutte", "Jens Stoltenberg", "name"),
])
def test_an_injected_error_is_found(e5, pair_id, old, new, category):
    pair = next(p for p in PAIRS + HELD_OUT if p["id"] == pair_id)
    assert old in pair["tgt"]
    [report] = check_pairs([{**pair, "tgt": pair["tgt"].replace(old, new)}], model=e5)
    assert category in {f.category for f in report.findings if f.severity != "minor"}, [f.message for f in report.findings]


def test_a_sentence_the_word_aligner_misses_is_translated_when_its_partner_matches_it(e5):
    # Japanese is aligned character by character: few of けが人はいなかった's characters link to
    # "No one was injured.", but the two sentences are each other's best match.
    src = "北海道の新千歳空港では28日、大雪のため200便以上が欠航し、約5000人が空港で夜を明かした。けが人はいなかった。"
    tgt = ("More than 200 flights were cancelled at New Chitose Airport in Hokkaido on the 28th because of heavy snow, "
           "and about 5,000 people spent the night at the airport. No one was injured.")
    pair = {"id": "ja-x", "src": src, "tgt": tgt, "src_lang": "ja", "tgt_lang": "en"}
    [report] = check_pairs([pair], model=e5)
    assert [f.message for f in report.findings if f.category == "omission" and f.severity != "minor"] == []
    # The sentence replaced by an unrelated one is still untranslated.
    other = tgt.replace("No one was injured.", "The mayor thanked the volunteers.")
    [report] = check_pairs([{**pair, "tgt": other}], model=e5)
    assert any(f.category == "omission" and "けが人" in f.message for f in report.findings), [f.message for f in report.findings]


def test_a_festival_named_in_common_english_words_renders_the_source_term(e5):
    # 春节 is the Spring Festival: a name of common words that neither sound nor word links tie to it.
    src = "电影《热辣滚烫》春节档票房突破30亿元人民币。该片由贾玲执导并主演。"
    tgt = ("The film 'YOLO' grossed more than 3 billion yuan at the box office during the Spring Festival holiday season. "
           "It was directed by and stars Jia Ling.")
    [report] = check_pairs([{"id": "zh-x", "src": src, "tgt": tgt, "src_lang": "zh", "tgt_lang": "en"}],
                           checks=["names"], model=e5)
    assert [f.message for f in report.findings if f.severity != "minor"] == []


ALL_PAIRS = {p["id"]: p for path in sorted(DATA.glob("news_pairs_multilingual*.jsonl"))
             for p in (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())}


@pytest.mark.parametrize("pair_id, old, new, dropped", [
    ("es-e9", ", the regional government of Andalusia said.", ".", "Junta de Andalucía"),
    ("el-p2", "According to the Fire Service, ", "", "Πυροσβεστική Υπηρεσία"),
    ("de-m1", "According to the Federal Employment Agency in Nuremberg, ", "In Nuremberg, ", "Bundesagentur"),
])
def test_a_dropped_run_that_resembles_only_words_rendering_others_is_an_omission(e5, pair_id, old, new, dropped):
    # The run's words are closest to target words the aligner gave to other source words
    # ("According" renders Σύμφωνα): that is no evidence the run was translated.
    pair = ALL_PAIRS[pair_id]
    assert old in pair["tgt"]

    def runs(tgt: str) -> list[str]:
        [report] = check_pairs([{**pair, "tgt": tgt}], checks=["omission"], model=e5)
        return [report.source.text[f.source_span.start:f.source_span.end] for f in report.findings
                if f.severity != "minor" and "unaligned_words" in f.evidence]

    assert runs(pair["tgt"]) == []
    assert any(dropped in run for run in runs(pair["tgt"].replace(old, new))), runs(pair["tgt"].replace(old, new))


def test_articles_and_prepositions_of_a_name_spelled_beside_its_acronym_are_no_content(e5):
    # "het Centraal Bureau voor de Statistiek (CBS)" rendered "Statistics Netherlands (CBS)": only
    # Centraal and Bureau are content words (Dutch "het", "voor", "de" are function words), both
    # capitalized, so the run is the spelled-out name of the acronym both texts hold.
    [report] = check_pairs([ALL_PAIRS["nl-m1"]], checks=["omission"], model=e5)
    assert [f.message for f in report.findings if f.severity != "minor"] == []
