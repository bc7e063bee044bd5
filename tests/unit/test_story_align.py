"""Sentence + word alignment of a story pair, with word links in story offsets."""

from __future__ import annotations

from mtqa.align.story import align_story
from mtqa.sentences import segment_document


def test_word_links_point_into_the_raw_story_texts():
    src = segment_document("s", "de", "Vorspann.\n\nDas rote Haus brennt. Der Hund schläft!")
    tgt = segment_document("t", "en", "Vorspann.\n\nDas rote Haus brennt. Der Hund schläft!")
    story = align_story(src, tgt, encoder="hash", layer=1)
    assert [(a.source, a.target) for a in story.sentences.alignments] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    links = story.word_links()
    assert all(src.text[s0:s1] == tgt.text[t0:t1] for (s0, s1), (t0, t1), _ in links)
    assert ((15, 19), (15, 19)) in [(s, t) for s, t, _ in links]  # "Haus"
    assert story.to_dict()["words"][1]["source_offset"] == 11


def test_unaligned_sentences_have_no_word_alignment():
    src = segment_document("s", "de", "Eins zwei drei.\nVier fünf sechs.\nSieben acht neun.", presplit=True)
    tgt = segment_document("t", "en", "Eins zwei drei.\nSieben acht neun.", presplit=True)
    story = align_story(src, tgt, encoder="hash", layer=1)
    for link, words in zip(story.sentences.alignments, story.words):
        assert (words is None) == (not link.source or not link.target)
