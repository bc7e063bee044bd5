"""Word-alignment metrics (precision, recall, F1, AER) on hand-computed examples."""

from __future__ import annotations

import pytest

from mtqa.errors import InputError
from mtqa.metrics.alignment import format_pharaoh, parse_pharaoh, word_alignment_scores


def test_parse_pharaoh_conventions() -> None:
    sure, possible = parse_pharaoh(" 0-0  1?2\t3p4 5-6-P 7-8-S 9-9-s ")
    assert sure == {(0, 0), (7, 8), (9, 9)}
    assert possible == sure | {(1, 2), (3, 4), (5, 6)}


def test_parse_pharaoh_duplicates_and_sure_wins() -> None:
    sure, possible = parse_pharaoh("0-0 0?0 0-0")
    assert sure == {(0, 0)} and possible == {(0, 0)}


@pytest.mark.parametrize("bad", ["0-", "a-b", "0:1", "-1-2", "0-1-X", "1.5-2"])
def test_parse_pharaoh_rejects_malformed(bad: str) -> None:
    with pytest.raises(InputError, match="bad alignment link"):
        parse_pharaoh(f"0-0 {bad}")


def test_format_pharaoh_round_trip() -> None:
    line = "0-0 1?2 2-1 3?3"
    sure, possible = parse_pharaoh(line)
    assert format_pharaoh(sure, possible) == line
    assert parse_pharaoh(format_pharaoh(sure, possible)) == (sure, possible)


def test_perfect_alignment() -> None:
    gold = [{(0, 0), (1, 1)}, {(0, 1)}]
    scores = word_alignment_scores(gold, None, gold)
    assert scores["precision"] == scores["recall"] == scores["f1"] == 1.0
    assert scores["aer"] == 0.0
    assert scores["sentences"] == 2


def test_hand_computed_sure_and_possible() -> None:
    # S = {00, 11, 22}, P = S ∪ {23}; A = {00, 11, 23, 31}.
    # |A∩S| = 2, |A∩P| = 3, |A| = 4, |S| = 3.
    # precision 3/4, recall 2/3, F1 = 2·(3/4)(2/3)/(3/4 + 2/3) = 12/17, AER = 1 − 5/7 = 2/7.
    sure = {(0, 0), (1, 1), (2, 2)}
    possible = {(2, 3)}  # sure links are added to P automatically
    pred = {(0, 0), (1, 1), (2, 3), (3, 1)}
    s = word_alignment_scores([sure], [possible], [pred])
    assert s["precision"] == pytest.approx(3 / 4)
    assert s["recall"] == pytest.approx(2 / 3)
    assert s["f1"] == pytest.approx(12 / 17)
    assert s["aer"] == pytest.approx(2 / 7)
    assert (s["predicted"], s["sure"], s["possible"]) == (4, 3, 4)


def test_corpus_counts_are_summed_not_averaged() -> None:
    # Sentence 1: A = S = {00} (perfect). Sentence 2: S = {00, 11, 22, 33}, A = {00}.
    # Micro: |A∩S| = |A∩P| = 2, |A| = 2, |S| = 5 → P 1, R 2/5, AER = 1 − 4/7 = 3/7.
    s = word_alignment_scores(
        [{(0, 0)}, {(0, 0), (1, 1), (2, 2), (3, 3)}], None, [{(0, 0)}, {(0, 0)}]
    )
    assert s["precision"] == 1.0
    assert s["recall"] == pytest.approx(2 / 5)
    assert s["aer"] == pytest.approx(3 / 7)


def test_possible_only_links_never_hurt_recall() -> None:
    sure = [{(0, 0)}]
    possible = [{(1, 1), (1, 2)}]
    with_possible = word_alignment_scores(sure, possible, [{(0, 0), (1, 1)}])
    assert with_possible["precision"] == 1.0 and with_possible["recall"] == 1.0
    assert with_possible["aer"] == 0.0
    without = word_alignment_scores(sure, possible, [{(0, 0)}])
    assert without["aer"] == 0.0


def test_empty_cases_are_vacuous() -> None:
    assert word_alignment_scores([], [], [])["aer"] == 0.0
    nothing_predicted = word_alignment_scores([{(0, 0)}], None, [set()])
    assert (nothing_predicted["precision"], nothing_predicted["recall"]) == (1.0, 0.0)
    assert nothing_predicted["f1"] == 0.0 and nothing_predicted["aer"] == 1.0
    no_gold = word_alignment_scores([set()], None, [{(0, 0)}])
    assert (no_gold["precision"], no_gold["recall"], no_gold["aer"]) == (0.0, 1.0, 1.0)


def test_length_mismatch_is_an_input_error() -> None:
    with pytest.raises(InputError):
        word_alignment_scores([set()], None, [set(), set()])
    with pytest.raises(InputError):
        word_alignment_scores([set()], [set(), set()], [set()])
