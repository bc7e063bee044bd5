"""The data model: validation and lossless to_dict/from_dict round trips."""

from __future__ import annotations

import json

import pytest

from mtqa.data import (
    Alignment,
    Document,
    Finding,
    Glossary,
    Segment,
    SegmentPair,
    Signature,
    Span,
    TermEntry,
    severity_rank,
    sort_findings,
)

GREEK = "Η Βόρεια Κορέα εκτόξευσε πυραύλους. Τα γυμνάσια συνεχίζονται;"


def roundtrip(obj):
    # Through real JSON text, as records travel between processes and files.
    return type(obj).from_dict(json.loads(json.dumps(obj.to_dict(), ensure_ascii=False)))


def test_document_round_trip_keeps_offsets_and_metadata():
    doc = Document.from_text("el-1", "el", GREEK, [(0, 35), (36, 61)], {"headline": "Πύραυλοι", "agency": "ΑΠΕ"})
    assert doc.sentences == ["Η Βόρεια Κορέα εκτόξευσε πυραύλους.", "Τα γυμνάσια συνεχίζονται;"]
    back = roundtrip(doc)
    assert back == doc
    assert back.metadata["agency"] == "ΑΠΕ"
    assert back.segments[1].start == 36


def test_document_rejects_segment_that_does_not_match_text():
    with pytest.raises(ValueError, match="does not match"):
        Document("d", "el", GREEK, (Segment("Τα γυμνάσια", "el", 0, 11),))


def test_segment_offsets_must_fit_text_length():
    with pytest.raises(ValueError):
        Segment("abc", "en", 0, 5)


@pytest.mark.parametrize(
    "alignment, kind",
    [
        (Alignment((0,), (0,), 0.9, 0.95), "1-1"),
        (Alignment((1, 2), (1,), 0.5), "2-1"),
        (Alignment((3,), (), 0.0), "deletion"),
        (Alignment((), (4, 5), 0.0), "insertion"),
        (Alignment((6,), (9,), 0.7, 0.8, moved=True), "1-1"),
    ],
)
def test_alignment_kinds_and_round_trip(alignment, kind):
    assert alignment.kind == kind
    assert roundtrip(alignment) == alignment


def test_alignment_needs_an_index_and_a_valid_confidence():
    with pytest.raises(ValueError):
        Alignment((), ())
    with pytest.raises(ValueError):
        Alignment((0,), (0,), confidence=1.5)


def test_span_validation_and_overlap():
    a, b = Span("target", 0, 5), Span("target", 4, 9)
    assert a.overlaps(b) and not a.overlaps(Span("source", 0, 5))
    assert not a.overlaps(Span("target", 5, 9))  # end exclusive
    with pytest.raises(ValueError):
        Span("middle", 0, 1)
    with pytest.raises(ValueError):
        Span("source", 5, 4)


def test_finding_round_trip_with_evidence():
    finding = Finding(
        category="sense", severity="critical", confidence=0.83,
        source_span=Span("source", 10, 18), target_span=Span("target", 40, 52),
        message="γυμνάσια rendered as 'high schools'", check="sense",
        evidence={"renderings": {"exercises": 2, "high schools": 1}}, document_id="seed",
    )
    assert roundtrip(finding) == finding
    assert roundtrip(Finding("omission", "major", 0.5)) == Finding("omission", "major", 0.5)


def test_finding_validates_severity_confidence_and_sides():
    with pytest.raises(ValueError):
        Finding("number", "fatal", 0.5)
    with pytest.raises(ValueError):
        Finding("number", "major", 1.2)
    with pytest.raises(ValueError):
        Finding("number", "major", 0.5, source_span=Span("target", 0, 1))


def test_findings_sort_by_severity_then_confidence():
    minor = Finding("name", "minor", 0.99)
    critical_low = Finding("number", "critical", 0.4)
    critical_high = Finding("number", "critical", 0.9)
    assert sort_findings([minor, critical_low, critical_high]) == [critical_high, critical_low, minor]
    assert severity_rank("critical") == 2


def test_glossary_round_trip_and_lookup():
    glossary = Glossary("el", "en", (
        TermEntry("γυμνάσια", "exercises", variants=("drills",), forbidden=("high schools",), note="military",
                  domain="defence", count=7, confidence=0.9, status="candidate", scores={"dice": 0.8},
                  example="κοινά στρατιωτικά γυμνάσια"),
        TermEntry("Πεντάγωνο", "Pentagon"),
    ), name="desk")
    assert roundtrip(glossary) == glossary
    assert glossary.lookup("ΓΥΜΝΆΣΙΑ".lower()).accepted == ("exercises", "drills")
    assert glossary.lookup("Σεούλ") is None


def test_term_entry_needs_both_sides():
    with pytest.raises(ValueError):
        TermEntry("γυμνάσια", " ")


def test_segment_pair_and_signature_round_trip():
    pair = SegmentPair("Guten Morgen", "Good morning", "de", "en", id="7", metadata={"tuid": "7"})
    assert roundtrip(pair) == pair
    sig = Signature({"model": "e5-small@abc", "checks": "numbers,names"}, version="0.1.0")
    assert sig.format() == "mtqa:0.1.0|model:e5-small@abc|checks:numbers,names"
    assert roundtrip(sig) == sig
