"""``score_mt`` and its parts, cross-checked against sacrebleu called directly, on real corpus sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest

from mtqa.errors import ConfigError, InputError, UsageError
from mtqa.io import read_story
from mtqa.metrics import mt
from mtqa.metrics.mt import aligned_units, block_hypotheses, common_blocks, merge_gaps, paired_test, score_mt

ROOT = Path(__file__).resolve().parents[2]
STORIES = ("01_wallet_park_bench", "02_inflation_february")


def _sentences(name: str, suffix: str) -> list[str]:
    return read_story(ROOT / f"corpora/de-en/{name}.{suffix}.txt", "de" if suffix == "de" else "en").sentences


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[str]]:
    """Two German stories, their English translations and the flawed translations (same sentence counts)."""
    out: dict[str, list[str]] = {"src": [], "ref": [], "flawed": [], "docs": []}
    for story in STORIES:
        src, ref, flawed = _sentences(story, "de"), _sentences(story, "en"), _sentences(story, "flawed.en")
        assert len(src) == len(ref) == len(flawed)
        out["src"] += src
        out["ref"] += ref
        out["flawed"] += flawed
        out["docs"] += [story] * len(ref)
    return out


def test_corpus_and_segment_scores_are_sacrebleus(corpus):
    result = score_mt({"flawed": corpus["flawed"]}, [corpus["ref"]], ["bleu", "chrf", "ter"], segment_scores=True)
    system = result["systems"]["flawed"]
    for name, metric in (("bleu", BLEU()), ("chrf", CHRF()), ("ter", TER())):
        assert system[name]["score"] == pytest.approx(metric.corpus_score(corpus["flawed"], [corpus["ref"]]).score)
    sentence_bleu = BLEU(effective_order=True)
    assert system["bleu"]["segments"] == pytest.approx(
        [sentence_bleu.sentence_score(h, [r]).score for h, r in zip(corpus["flawed"], corpus["ref"])])
    assert system["chrf"]["segments"] == pytest.approx(
        [CHRF().sentence_score(h, [r]).score for h, r in zip(corpus["flawed"], corpus["ref"])])
    # The flawed stories keep several sentences intact and change others.
    assert 100.0 in system["chrf"]["segments"] and min(system["chrf"]["segments"]) < 90.0
    assert result["signatures"]["ter"].startswith("nrefs:1|case:lc|tok:tercom")
    assert result["signature"].startswith("mtqa:") and "task:eval-mt|metrics:bleu,chrf,ter|nrefs:1" in result["signature"]


def test_per_document_scores_are_corpus_scores_of_each_story(corpus):
    result = score_mt({"flawed": corpus["flawed"]}, [corpus["ref"]], ["bleu", "ter"], documents=corpus["docs"])
    documents = result["systems"]["flawed"]["documents"]
    assert list(documents) == list(STORIES)
    for story in STORIES:
        idx = [k for k, d in enumerate(corpus["docs"]) if d == story]
        hyp, ref = [corpus["flawed"][k] for k in idx], [[corpus["ref"][k] for k in idx]]
        assert documents[story]["bleu"] == pytest.approx(BLEU().corpus_score(hyp, ref).score)
        assert documents[story]["ter"] == pytest.approx(TER().corpus_score(hyp, ref).score)
    assert "docs:2" in result["signature"]


def test_paired_bootstrap_is_sacrebleus_paired_test(corpus):
    systems = {"reference": corpus["ref"], "flawed": corpus["flawed"]}
    ours = paired_test(systems, [corpus["ref"]], ["bleu", "chrf"], test="bs", samples=200)
    signatures, table = PairedTest(list(systems.items()), {"bleu": BLEU(), "chrf": CHRF()}, [corpus["ref"]],
                                   test_type="bs", n_samples=200)()
    assert ours["baseline"] == "reference" and ours["samples"] == 200
    assert ours["systems"]["reference"]["bleu"]["p_value"] is None
    flawed = ours["systems"]["flawed"]
    assert flawed["bleu"]["p_value"] == pytest.approx(table["BLEU"][1].p_value)
    assert flawed["chrf"]["ci"] == pytest.approx(table["chrF2"][1].ci)
    assert flawed["bleu"]["score"] < 100.0 and flawed["bleu"]["p_value"] < 0.05
    assert ours["signatures"]["bleu"] == str(signatures["BLEU"]) and "bs:200" in ours["signatures"]["bleu"]


def test_approximate_randomization_through_score_mt(corpus):
    result = score_mt({"reference": corpus["ref"], "flawed": corpus["flawed"]}, [corpus["ref"]], ["ter"],
                      significance="ar", samples=500)
    test = result["significance"]
    assert test["test"] == "ar" and test["systems"]["flawed"]["ter"]["p_value"] < 0.05
    assert test["systems"]["flawed"]["ter"]["score"] == pytest.approx(result["systems"]["flawed"]["ter"]["score"])
    assert "test:ar:500" in result["signature"] and "ar:500" in test["signatures"]["ter"]


def test_aligned_units_join_links_and_keep_empty_sides():
    hyp = ["The army said it was ready.", "Troops crossed the border", "at dawn.", "It is the third strike."]
    ref = ["The army said it was ready.", "Troops crossed the border at dawn.", "Talks resume on Monday."]
    src = ["Ο στρατός είπε ότι ήταν έτοιμος.", "Στρατεύματα πέρασαν τα σύνορα την αυγή.", "Οι συνομιλίες ξαναρχίζουν."]
    links = [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), ())]
    units = aligned_units(links, hyp, [ref], src, ["d1", "d1", "d2"])
    assert units.hypotheses == [hyp[0], "Troops crossed the border at dawn.", "", hyp[3]]
    assert units.references == [[ref[0], ref[1], ref[2], ""]]
    assert units.sources == [src[0], src[1], src[2], ""]
    # The added sentence has no reference line: it goes with the document of the unit before it.
    assert units.documents == ["d1", "d1", "d2", "d2"]


def test_merge_gaps_joins_rewritten_passages_but_keeps_omissions():
    # Hypothesis lines 1-2 and reference line 1 between the same two links: one rewritten passage.
    links = [((0,), (0,)), ((1,), ()), ((), (1,)), ((2,), ()), ((3,), (2,)), ((), (3,)), ((), (4,)), ((4,), (5,))]
    assert merge_gaps(links) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((), (3,)), ((), (4,)), ((4,), (5,))]
    assert merge_gaps([((), (0,)), ((0,), ())]) == [((0,), (0,))]
    assert merge_gaps([]) == []


def test_common_blocks_and_block_hypotheses():
    # System A splits reference line 1; system B merges lines 1-2 and adds a sentence at the start.
    links_a = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]
    links_b = [((0,), ()), ((1,), (0,)), ((2,), (1, 2))]
    blocks = common_blocks([links_a, links_b])
    assert blocks == [(0,), (1, 2)]
    assert block_hypotheses(links_a, ["a0", "a1", "a2", "a3"], blocks) == ["a0", "a1 a2 a3"]
    assert block_hypotheses(links_b, ["added", "b1", "b2"], blocks) == ["added b1", "b2"]


def test_align_path_scores_the_aligned_units(monkeypatch):
    ref = ["The ferry strike ends on Thursday.", "Ships will sail again from Piraeus.", "Unions won a 2.5% raise."]
    hyp = ["The ferry strike ends on Thursday. Ships will sail again from Piraeus."]
    # The aligner itself is tested with the real model; here its links are given.
    monkeypatch.setattr(mt, "align_to_reference", lambda h, r, enc, **kw: [((0,), (0, 1)), ((), (2,))])
    result = score_mt({"sys": hyp}, [ref], ["bleu", "chrf"], align=True, encoder="hash", segment_scores=True)
    system = result["systems"]["sys"]
    expected_hyp, expected_ref = [hyp[0], ""], [[f"{ref[0]} {ref[1]}", ref[2]]]
    assert system["bleu"]["score"] == pytest.approx(BLEU().corpus_score(expected_hyp, expected_ref).score)
    assert system["chrf"]["segments"] == pytest.approx([100.0, 0.0])  # the omission counts as an empty unit
    assert system["alignment"] == {"units": 2, "links": ["[0]:[0, 1]", "[]:[2]"]}
    assert "align:hash" in result["signature"]


def test_adequacy_rules_for_empty_and_short_inputs():
    from mtqa.encoders import get_encoder

    enc = get_encoder("hash")
    src = _sentences("01_wallet_park_bench", "de")
    hyp = _sentences("01_wallet_park_bench", "en")
    scores = mt._adequacy(enc, src, ["", *hyp[1:]], 64)
    assert scores[0] == 0.0 and all(0.0 <= s <= 1.0 for s in scores)
    assert mt._adequacy(enc, src[:3], hyp[:3], 64) == [None, None, None]
    result = score_mt({"sys": hyp[:3]}, [hyp[:3]], ["bleu", "adequacy"], sources=src[:3], encoder=enc)
    assert result["systems"]["sys"]["adequacy"]["score"] is None
    assert "model:hash" in result["signatures"]["adequacy"]


def test_bad_calls_fail_clearly(corpus):
    ref = corpus["ref"]
    with pytest.raises(InputError, match="differ in number of segments") as info:
        score_mt({"short": ref[:-1]}, [ref])
    assert "--align" in (info.value.hint or "")
    with pytest.raises(ConfigError, match="unknown metric 'meteor'"):
        score_mt({"sys": ref}, [ref], ["bleu", "meteor"])
    with pytest.raises(UsageError, match="needs the sources"):
        score_mt({"sys": ref}, [ref], ["adequacy"])
    with pytest.raises(UsageError, match="at least two systems"):
        score_mt({"sys": ref}, [ref], ["bleu"], significance="bs")
    with pytest.raises(InputError, match="documents and references differ"):
        score_mt({"sys": ref}, [ref], ["bleu"], documents=["d"] * 3)


def test_significance_is_checked_before_any_scoring(corpus, monkeypatch):
    monkeypatch.setattr(mt, "_score_units", lambda *a, **kw: pytest.fail("scored before the test was checked"))
    with pytest.raises(UsageError, match="none of them was asked for"):
        score_mt({"a": corpus["ref"], "b": corpus["flawed"]}, [corpus["ref"]], ["adequacy"],
                 sources=corpus["src"], significance="bs", encoder="hash")
    with pytest.raises(ConfigError, match="unknown paired test 'wilcoxon'"):
        score_mt({"a": corpus["ref"], "b": corpus["flawed"]}, [corpus["ref"]], significance="wilcoxon")
