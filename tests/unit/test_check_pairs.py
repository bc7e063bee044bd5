"""``check_pairs`` on awkward segment pairs: empty sides, whole stories sent as one segment."""

from __future__ import annotations

from pathlib import Path

from mtqa.checks import LONG_SEGMENT_SENTENCES, check_pairs

CORPORA = Path(__file__).resolve().parents[2] / "corpora"


def test_a_story_sent_as_one_segment_is_aligned_sentence_by_sentence():
    story = CORPORA / "de-en" / "04_castle_restoration"
    src = (story.parent / f"{story.name}.de.txt").read_text(encoding="utf-8")
    tgt = (story.parent / f"{story.name}.en.txt").read_text(encoding="utf-8")
    short = {"src": "Das Schloss öffnet am Samstag.", "tgt": "The castle reopens on Saturday."}
    records = [{"id": "story", "src": src, "tgt": tgt}, {"id": "short", **short}]
    records = [{**r, "src_lang": "de", "tgt_lang": "en"} for r in records]
    long_report, short_report = check_pairs(records, model="hash")
    assert len(long_report.source.segments) > LONG_SEGMENT_SENTENCES
    links = long_report.alignment.sentences.alignments
    assert len(links) >= len(long_report.source.segments) - 2  # sentence links, not one link
    assert len(short_report.alignment.sentences.alignments) == 1  # a short pair stays one link
    assert long_report.source.text == src


def test_empty_sides_are_an_omission_or_an_addition():
    records = [{"id": "a", "src": "", "tgt": "Hello there.", "src_lang": "el", "tgt_lang": "en"},
               {"id": "b", "src": "Καλημέρα σας.", "tgt": "   ", "src_lang": "el", "tgt_lang": "en"}]
    added, dropped = check_pairs(records, model="hash")
    assert [(f.category, f.severity) for f in added.findings] == [("addition", "major")]
    assert [(f.category, f.severity) for f in dropped.findings] == [("omission", "major")]
    assert added.score == dropped.score == 0.0
