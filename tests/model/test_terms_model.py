"""Terminology consistency and the sense check with the real encoder."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.checks import check
from mtqa.io import read_story
from mtqa.sentences import segment_document
from mtqa.terms.consistency import score_consistency, story_contexts

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
SEED = "000_8eb1468b56704020.txt"

EXERCISES_EL = ("Οι στρατιωτικές ασκήσεις άρχισαν τη Δευτέρα στο Αιγαίο. Οι ασκήσεις περιλαμβάνουν πολεμικά πλοία "
                "και αεροσκάφη. Οι ασκήσεις θα διαρκέσουν τρεις ημέρες, ανακοίνωσε το υπουργείο.")
EXERCISES_EN = ("The military exercises began on Monday in the Aegean. The exercises involve warships and aircraft. "
                "The {} will last three days, the ministry said.")


def _term(report, surface):
    [result] = [t for t in report.terms if t.term == surface]
    return result


def test_seed_high_schools_is_the_outlier_of_gymnasia(e5):
    source = read_story(ROOT / "seeds" / "el" / SEED, "el")
    target = read_story(ROOT / "seeds" / "en" / SEED, "en")
    report = score_consistency(story_contexts([(source, target)], e5), encoder=e5)
    gymnasia = _term(report, "γυμνάσια")
    assert gymnasia.status == "conflict"
    assert [o.rendering for o in gymnasia.outliers] == ["high schools"]
    [finding] = [f for f in report.findings if f.target_span and
                 target.text[f.target_span.start:f.target_span.end] == "high schools"]
    assert finding.severity == "major"
    assert 0.8 < report.score < 1.0


@pytest.mark.parametrize("rendering, status", [("drills", "variant"), ("manoeuvres", "variant"), ("lessons", "conflict")])
def test_synonyms_are_variants_and_another_meaning_is_a_conflict(e5, rendering, status):
    source = segment_document("s", "el", EXERCISES_EL)
    target = segment_document("s", "en", EXERCISES_EN.format(rendering))
    report = score_consistency(story_contexts([(source, target)], e5), encoder=e5)
    result = _term(report, "ασκήσεις")
    assert result.status == status
    assert [o.rendering for o in result.outliers] == ([rendering] if status == "conflict" else [])


def test_sense_check_flags_bow_for_onion_in_the_flawed_story(e5):
    story = ROOT / "corpora" / "ru-en" / "02_onion_harvest"
    source = read_story(f"{story}.ru.txt", "ru")
    flawed = read_story(f"{story}.flawed.en.txt", "en")
    report = check(source, flawed, checks=["sense"], model=e5)
    senses = [f for f in report.findings if f.category == "sense"]
    assert [flawed.text[f.target_span.start:f.target_span.end] for f in senses] == ["bow"]
    correct = read_story(f"{story}.en.txt", "en")
    assert not [f for f in check(source, correct, checks=["sense"], model=e5).findings if f.category == "sense"]
