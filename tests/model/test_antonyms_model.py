"""The antonym check with the real encoder: an opposite that fits the source better is reported."""

from __future__ import annotations

import pytest

from mtqa.checks import check_pairs

pytestmark = pytest.mark.model

CASES = [
    ("Οι τιμές του ελαιολάδου αυξήθηκαν κατά 12% τον Μάρτιο.", "Olive oil prices {} by 12% in March.", "el", "rose", "fell"),
    ("Die Inflation ist im Februar auf 2,2 Prozent gesunken.", "Inflation {} to 2.2 percent in February.", "de", "fell", "rose"),
    ("Сборная России выиграла финал со счётом 3:1.", "The Russian team {} the final 3-1.", "ru", "won", "lost"),
]


@pytest.fixture
def no_direction_lists(monkeypatch):
    """The encoder path alone, as for a language without direction word lists."""
    from mtqa.checks import polarity

    monkeypatch.setattr(polarity, "covered", lambda lang: False)


@pytest.mark.parametrize("src, template, lang, right, wrong", CASES)
def test_an_antonym_is_reported_and_the_right_word_is_not(e5, no_direction_lists, src, template, lang, right, wrong):
    records = [{"id": "ok", "src": src, "tgt": template.format(right), "src_lang": lang, "tgt_lang": "en"},
               {"id": "bad", "src": src, "tgt": template.format(wrong), "src_lang": lang, "tgt_lang": "en"}]
    ok, bad = check_pairs(records, checks=["antonyms"], model=e5)
    assert not ok.findings
    [finding] = bad.findings
    assert finding.category == "sense"  # critical when word-aligned, minor from the sentence-level swap
    assert bad.target.text[finding.target_span.start:finding.target_span.end] == wrong
    assert finding.evidence["gains"][right] > 0  # the right word fits better (a synonym of it may fit best)


@pytest.mark.parametrize("src, lang", [
    ("A inflação subiu para 4,5% em março.", "pt"),
    ("La inflación subió al 4,5% en marzo.", "es"),
    ("Die Inflation stieg im März auf 4,5 Prozent.", "de"),
    ("Ο πληθωρισμός αυξήθηκε στο 4,5% τον Μάρτιο.", "el"),
])
def test_a_word_whose_synonyms_fit_as_well_as_its_antonym_is_no_reversal(e5, no_direction_lists, src, lang):
    # "rose" is also a flower: "dropped" in its place fits these verbs better than "rose" does,
    # and so do "climbed" and "grew". The synonyms' gain is the control.
    [report] = check_pairs([{"id": "ok", "src": src, "tgt": "Inflation rose to 4.5% in March.", "src_lang": lang,
                             "tgt_lang": "en"}], checks=["antonyms"], model=e5)
    assert not report.findings, [f.evidence for f in report.findings]
    [bad] = check_pairs([{"id": "bad", "src": src.replace("subiu", "caiu").replace("subió", "cayó")
                          .replace("stieg", "sank").replace("αυξήθηκε", "μειώθηκε"),
                          "tgt": "Inflation rose to 4.5% in March.", "src_lang": lang, "tgt_lang": "en"}],
                        checks=["antonyms"], model=e5)
    assert [f.target_span.start for f in bad.findings] == [10]


def test_an_unlinked_antonym_is_matched_to_the_source_word_it_contradicts(e5, no_direction_lists):
    # The word aligner did not link "fallen" (an antonym no longer resembles its source word):
    # the antonym "risen", put in its place, is compared with the source word it matches best.
    from helpers import context

    from mtqa.checks import get_checks

    src = "Die Zahl der Arbeitslosen ist gestiegen."
    links = {0: [("Zahl", "number"), ("Arbeitslosen", "unemployed")]}
    check = get_checks(["antonyms"])[0]
    bad = context(src, "de", "The number of unemployed people has fallen.", "en", [((0,), (0,))], links, encoder=e5)
    [finding] = check.run(bad)
    assert (finding.severity, finding.evidence["level"], finding.evidence["antonym"]) == ("major", "matched", "risen")
    assert bad.source.text[finding.source_span.start:finding.source_span.end] == "gestiegen"
    ok = context(src, "de", "The number of unemployed people has risen.", "en", [((0,), (0,))], links, encoder=e5)
    assert check.run(ok) == []


@pytest.mark.parametrize("src, template, lang, right, wrong", CASES[:2])
def test_a_direction_word_reversed_is_read_from_the_word_lists(e5, src, template, lang, right, wrong):
    records = [{"id": "ok", "src": src, "tgt": template.format(right), "src_lang": lang, "tgt_lang": "en"},
               {"id": "bad", "src": src, "tgt": template.format(wrong), "src_lang": lang, "tgt_lang": "en"}]
    ok, bad = check_pairs(records, checks=["antonyms"], model=e5)
    assert not ok.findings
    [finding] = bad.findings
    assert (finding.severity, finding.evidence["level"]) == ("critical", "lexicon")
    assert bad.target.text[finding.target_span.start:finding.target_span.end] == wrong
    assert finding.evidence["source_word"] in src



def test_a_word_inside_an_amount_is_no_antonym(e5, no_direction_lists):
    # "won" after an amount is the Korean currency: its "opposite" lost is no reading of 원.
    src = "LG에너지솔루션은 3분기 영업이익이 4483억 원으로 지난해 같은 기간보다 38.7% 감소했다고 밝혔다."
    tgt = "LG Energy Solution said its third-quarter operating profit was 448.3 billion won, down 38.7% from a year earlier."
    [report] = check_pairs([{"id": "ko", "src": src, "tgt": tgt, "src_lang": "ko", "tgt_lang": "en"}],
                           checks=["antonyms"], model=e5)
    assert not report.findings
    # A word of the sentence outside the amount is still compared.
    [both] = check_pairs([{"id": "ru", "src": "Сборная России выиграла финал со счётом 3:1 и получила приз в 5 млн вон.",
                           "tgt": "The Russian team lost the final 3-1 and received a prize of 5 million won.",
                           "src_lang": "ru", "tgt_lang": "en"}], checks=["antonyms"], model=e5)
    assert [both.target.text[f.target_span.start:f.target_span.end] for f in both.findings] == ["lost"]
