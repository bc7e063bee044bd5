"""Markup in stories: masked for analysis, kept in the text and offsets, never reported."""

from __future__ import annotations

import pytest

from mtqa.checks import check, check_pairs
from mtqa.markup import has_markup, markup_spans, mask_markup, masked_document
from mtqa.sentences import segment_document


@pytest.mark.parametrize("text", [
    "<p>Η Βόρεια Κορέα εκτόξευσε <b>δύο</b> πυραύλους.</p>",
    'Der <a href="https://example.de/a?id=123&amp;x=1">Minister</a> sprach.',
    "价格上涨了<br/>3%。<!-- note 2024 -->",
    "5&nbsp;€ &amp; 10&#160;% &#x20AC; &euro;",
])
def test_masking_keeps_length_and_hides_every_tag(text):
    masked = mask_markup(text)
    assert len(masked) == len(text)
    assert "<" not in masked and ">" not in masked
    for start, end in markup_spans(text):
        assert not any(ch.isdigit() for ch in masked[start:end])  # no number survives inside markup


def test_entities_become_their_characters_in_place():
    assert mask_markup("5&nbsp;€") == "5\xa0     €"
    assert mask_markup("A &amp; B").startswith("A &")
    assert mask_markup("&#8364;5").startswith("€")
    assert mask_markup("&bogus; stays") == "&bogus; stays"


@pytest.mark.parametrize("text", ["3 < 5 and 7 > 2", "if a<b then", "Q&A; R&D", "no markup here"])
def test_text_that_only_looks_like_markup_is_left_alone(text):
    assert mask_markup(text) == text
    assert not has_markup(text)


def test_sentences_never_start_or_end_with_markup():
    text = "<p>North Korea fired <b>two</b> missiles.</p>\n<p>Seoul is worried &amp; so is Tokyo.</p>\n<hr/>\n"
    doc = segment_document("d", "en", text)
    assert [s.text for s in doc.segments] == ["North Korea fired <b>two</b> missiles.", "Seoul is worried &amp; so is Tokyo."]
    assert doc.text == text  # the raw text is kept
    masked = masked_document(doc)
    assert masked.segments[0].text == "North Korea fired    two     missiles."
    assert [(s.start, s.end) for s in masked.segments] == [(s.start, s.end) for s in doc.segments]


PAIRS = [
    {"id": "1", "src": "Η τιμή ήταν 5&#160;ευρώ.", "tgt": "The price was 5&nbsp;euros."},
    {"id": "2", "src": '<h1 id="t2024">Σεισμός 5,2 Ρίχτερ στην Κρήτη</h1>', "tgt": "<h1>A 5.2 magnitude earthquake in Crete</h1>"},
    {"id": "3", "src": "Ο υπουργός μίλησε στη <i>Βουλή</i> για 2 ώρες.", "tgt": "The minister spoke in <i>Parliament</i> for 2 hours."},
    {"id": "4", "src": '<img src="photo_2024_11.jpg" alt="Λιμάνι"/> Το λιμάνι έκλεισε.', "tgt": 'The port closed. <img src="photo_2024_11.jpg" alt="Port"/>'},
    {"id": "5", "src": "Οι τιμές ανέβηκαν κατά 3%.<br/>Η κυβέρνηση ανησυχεί.", "tgt": "Prices rose by 3%.<br>The government is worried."},
    {"id": "6", "src": "Η ομάδα κέρδισε.", "tgt": 'The team <b class="w" data-x="12">won</b>.'},
]


def test_markup_is_never_reported_and_spans_point_into_the_raw_texts():
    records = [{**p, "src_lang": "el", "tgt_lang": "en"} for p in PAIRS]
    reports = list(check_pairs(records, model="hash"))
    for record, report in zip(records, reports):
        assert report.source.text == record["src"] and report.target.text == record["tgt"]
        for finding in report.findings:
            for span, text in ((finding.source_span, record["src"]), (finding.target_span, record["tgt"])):
                if span is None:
                    continue
                inside = any(s <= span.start and span.end <= e for s, e in markup_spans(text))
                assert not inside, f"{finding.message} points into markup"
        assert not [f for f in report.findings if f.category in ("number", "untranslated", "boundary")], \
            [f.message for f in report.findings]


def test_a_changed_number_next_to_markup_is_still_found():
    report = check("Οι τιμές ανέβηκαν κατά <b>3%</b>.", "Prices rose by <b>30%</b>.", "el", "en", model="hash",
                   checks=["numbers"])
    [finding] = report.findings
    assert report.target.text[finding.target_span.start:finding.target_span.end] == "30%"
