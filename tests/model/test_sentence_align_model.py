"""Sentence alignment with the real e5 backbone on the seed story and a corpus story."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.align.sentence import align_sentences
from mtqa.io import read_story

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.model


def test_seed_broken_sentences_align_as_one_to_two(e5):
    src = read_story(ROOT / "seeds/el/000_8eb1468b56704020.txt", "el")
    tgt = read_story(ROOT / "seeds/en/000_8eb1468b56704020.txt", "en")
    result = align_sentences(src, tgt, e5)
    links = [(a.source, a.target) for a in result.alignments]
    # "... the national general staff said. defense of South Korea." and the stranded
    # "at war with the Russian military since February 2022." belong to their source sentences.
    assert ((1,), (1, 2)) in links
    assert ((6,), (7, 8)) in links
    assert all(len(s) == 1 and len(t) == 1 for s, t in links if (s, t) not in {((1,), (1, 2)), ((6,), (7, 8))})
    assert all(a.confidence > 0.8 for a in result.alignments)
    assert "model:e5-small@" in result.signature.format()


def _edited_story(drop: int | None = None, move: int | None = None):
    from mtqa.sentences import segment_document

    src = read_story(ROOT / "corpora/de-en/02_inflation_february.de.txt", "de")
    tgt = read_story(ROOT / "corpora/de-en/02_inflation_february.en.txt", "en")
    assert len(src.segments) == len(tgt.segments)
    sentences = list(enumerate(tgt.sentences))
    if move is not None:
        sentences.insert(0, sentences.pop(move))  # translated first
    if drop is not None:
        sentences = [(i, t) for i, t in sentences if i != drop]
    edited = segment_document("edited", "en", "\n".join(t for _, t in sentences), presplit=True)
    return src, edited, [i for i, _ in sentences]


def test_moved_sentence_in_a_real_story(e5):
    src, edited, order = _edited_story(move=7)
    result = align_sentences(src, edited, e5)
    links = {(a.source, a.target, a.moved) for a in result.alignments}
    assert ((7,), (0,), True) in links
    assert {(s, t) for s, t, moved in links if not moved} == {((i,), (order.index(i),)) for i in range(9) if i != 7}


def test_dropped_first_sentences_in_a_real_story(e5):
    src, edited, order = _edited_story(drop=1)
    result = align_sentences(src, edited, e5)
    assert ((1,), ()) in {(a.source, a.target) for a in result.alignments}


@pytest.mark.xfail(strict=True, reason="known limitation: a dropped short sentence between two sentences on the "
                   "same topic is merged into a 2-1 link (it raises the link's composed similarity, so detaching does not apply)")
def test_dropped_sentence_between_similar_sentences(e5):
    src, edited, _ = _edited_story(drop=4)
    result = align_sentences(src, edited, e5)
    assert ((4,), ()) in {(a.source, a.target) for a in result.alignments}


def test_check_reports_the_sentence_the_aligner_merged_away(e5):
    # The aligner limitation above, seen from mtqa check: the omission check finds the dropped
    # sentence inside the 2-1 link (none of its words are linked).
    from mtqa.checks import check

    src, edited, _ = _edited_story(drop=4)
    report = check(src, edited, checks=["omission"], model=e5)
    dropped = src.segments[4]
    spans = [(f.severity, f.source_span.start, f.source_span.end) for f in report.findings
             if f.category == "omission" and f.source_span is not None]
    assert ("major", dropped.start, dropped.end) in spans
