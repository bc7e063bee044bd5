"""``mtqa eval mt`` with the real e5 model: adequacy, and hypotheses segmented differently from the reference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF

from mtqa.cli import main
from mtqa.io import read_story
from mtqa.metrics.adequacy import adequacy_scores
from mtqa.metrics.mt import align_to_reference, score_mt

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.model


def _story(path: str, language: str = "en") -> list[str]:
    return read_story(ROOT / "corpora" / path, language).sentences


def test_adequacy_singles_out_a_wrong_translation(e5):
    src = _story("el-en/01_ferry_strike.el.txt", "el")
    ref = _story("el-en/01_ferry_strike.en.txt")
    hyp = list(ref)
    hyp[3] = _story("de-en/03_storm_rail.en.txt")[2]  # a sentence from another story
    correct, wrong = adequacy_scores(e5, src, ref), adequacy_scores(e5, src, hyp)
    assert min(correct) > 0.8
    assert wrong[3] < 0.3 and all(p > 0.8 for k, p in enumerate(wrong) if k != 3)
    result = score_mt({"correct": ref, "wrong": hyp}, [ref], ["chrf", "adequacy"], sources=src, encoder=e5,
                      segment_scores=True)
    assert result["systems"]["wrong"]["adequacy"]["score"] < result["systems"]["correct"]["adequacy"]["score"]
    assert result["systems"]["wrong"]["adequacy"]["segments"][3] == pytest.approx(wrong[3])
    assert "model:e5-small@" in result["signatures"]["adequacy"]


def test_split_merged_and_dropped_sentences_are_aligned(e5):
    ref = _story("de-en/02_inflation_february.en.txt")
    first, second = ref[1].split(", the Federal")
    # Sentence 1 split in two, sentences 4 and 5 merged, sentence 7 dropped.
    hyp = [ref[0], first + ".", "The Federal" + second, ref[2], ref[3], f"{ref[4]} {ref[5]}", ref[6], ref[8]]
    links = align_to_reference(hyp, ref, e5, language="en")
    assert links == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3,)), ((5,), (4, 5)), ((6,), (6,)),
                     ((), (7,)), ((7,), (8,))]
    result = score_mt({"edited": hyp}, [ref], ["bleu", "chrf"], align=True, encoder=e5, segment_scores=True)
    system = result["systems"]["edited"]
    units_hyp = [hyp[0], f"{first}. The Federal{second}", *hyp[3:5], hyp[5], hyp[6], "", hyp[7]]
    units_ref = [ref[0], ref[1], ref[2], ref[3], f"{ref[4]} {ref[5]}", ref[6], ref[7], ref[8]]
    assert system["bleu"]["score"] == pytest.approx(BLEU().corpus_score(units_hyp, [units_ref]).score)
    assert system["chrf"]["segments"][6] == 0.0  # the dropped sentence is an empty hypothesis
    assert system["alignment"]["links"][6] == "[]:[7]"
    assert "align:e5-small@" in result["signature"]


def test_a_flawed_translation_with_a_broken_sentence_through_the_cli(e5, tmp_path, capsys):
    src = _story("de-en/03_storm_rail.de.txt", "de")
    ref = _story("de-en/03_storm_rail.en.txt")
    flawed = _story("de-en/03_storm_rail.flawed.en.txt")
    assert (len(ref), len(flawed)) == (8, 9)  # "...slightly injured. When a branch fell on his car."
    paths = {}
    for name, lines in (("src", src), ("ref", ref), ("flawed", flawed)):
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["eval", "mt", "--hyp", str(paths["ref"]), str(paths["flawed"]), "--ref", str(paths["ref"]),
            "--src", str(paths["src"]), "--metrics", "chrf,adequacy", "--format", "json"]
    assert main(args) == 3
    assert "--align" in capsys.readouterr().err
    assert main([*args, "--align", "--significance", "bs", "--samples", "200", "--threads", "2"]) == 0
    result = json.loads(capsys.readouterr().out)
    flawed_links = result["systems"]["flawed.txt"]["alignment"]["links"]
    assert "[5, 6]:[5]" in flawed_links and len(flawed_links) == 8
    units = [*flawed[:5], f"{flawed[5]} {flawed[6]}", *flawed[7:]]
    assert result["systems"]["flawed.txt"]["chrf"]["score"] == pytest.approx(CHRF().corpus_score(units, [ref]).score)
    assert result["systems"]["ref.txt"]["chrf"]["score"] == pytest.approx(100.0)
    assert 0.5 < result["systems"]["flawed.txt"]["adequacy"]["score"] <= 1.0
    assert result["significance"]["systems"]["flawed.txt"]["chrf"]["p_value"] is not None


def test_a_sentence_broken_into_unmatched_pieces_is_one_unit(e5):
    # The olive-oil story's flawed translation breaks "Experts attribute the drop to the drought ..."
    # in two; neither piece aligns on its own, so the gap between two links becomes one unit.
    ref = _story("el-en/02_olive_oil_price.en.txt")
    flawed = _story("el-en/02_olive_oil_price.flawed.en.txt")
    links = align_to_reference(flawed, ref, e5, language="en")
    assert ((4, 5), (4,)) in links
    assert sorted(i for h, _ in links for i in h) == list(range(len(flawed)))
    assert sorted(j for _, r in links for j in r) == list(range(len(ref)))
