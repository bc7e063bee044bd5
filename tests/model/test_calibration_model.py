"""The shipped calibration with the real encoder: it loads, and sentence adequacy ranks a correct
translation above a translation that dropped a clause or is an unrelated sentence."""

from __future__ import annotations

import pytest

from mtqa.calibration import load_calibration
from mtqa.checks import check, check_pairs
from mtqa.metrics.adequacy import LINK_FEATURES

pytestmark = pytest.mark.model

# Not from the corpora the calibration was fitted on.
SOURCE = "Ο δήμαρχος ανακοίνωσε ότι η νέα γέφυρα θα ανοίξει τον Ιούνιο, αφού ολοκληρωθούν οι έλεγχοι ασφαλείας."
CORRECT = "The mayor announced that the new bridge will open in June, after the safety checks are completed."
CLAUSE_DROPPED = "The mayor announced that the new bridge will open in June."
UNRELATED = "Farmers in the north expect a poor harvest this year because of the long drought."


def test_the_shipped_calibration_loads_for_e5_small(e5):
    calibration = load_calibration(e5.signature)
    assert calibration is not None and calibration.model == e5.signature
    assert calibration.adequacy_features == LINK_FEATURES
    assert calibration.metrics["adequacy"]["held_out"] > 0  # it says how it did on held-out data


def test_correct_translation_is_more_adequate_than_a_dropped_clause_or_an_unrelated_sentence(e5):
    scores = {}
    for name, translation in (("correct", CORRECT), ("dropped", CLAUSE_DROPPED), ("unrelated", UNRELATED)):
        report = check(SOURCE, translation, "el", "en", model=e5)
        paired = [s for a, s in zip(report.alignment.sentences.alignments, report.sentence_scores)
                  if a.source and a.target]
        scores[name] = paired[0] if paired else 0.0  # an unrelated sentence may not even be linked
        assert all(0.0 <= s <= 1.0 for s in report.sentence_scores)
    assert scores["correct"] > scores["dropped"] > scores["unrelated"]
    assert scores["correct"] > 0.5 > scores["unrelated"]


def test_pairs_get_calibrated_adequacy_and_confidences(e5):
    records = [{"id": name, "src": SOURCE, "tgt": tgt, "src_lang": "el", "tgt_lang": "en"}
               for name, tgt in (("correct", CORRECT), ("dropped", CLAUSE_DROPPED), ("unrelated", UNRELATED))]
    records.append({"id": "number", "src": "Η γέφυρα έχει μήκος 420 μέτρα.", "tgt": "The bridge is 520 metres long.",
                    "src_lang": "el", "tgt_lang": "en"})
    correct, dropped, unrelated, number = check_pairs(records, model=e5)
    assert correct.sentence_scores[0] > dropped.sentence_scores[0] > unrelated.sentence_scores[0]
    [finding] = [f for f in number.findings if f.check == "numbers"]
    assert "raw_confidence" in finding.evidence and 0.0 <= finding.confidence <= 1.0
    raw = next(iter(check_pairs(records[3:], model=e5, calibrated=False)))
    assert [f.confidence for f in raw.findings if f.check == "numbers"] == [finding.evidence["raw_confidence"]]
