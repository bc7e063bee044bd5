"""mtqa.calibration: isotonic and logistic fits, calibration metrics, the shipped resource (no model)."""

from __future__ import annotations

import numpy as np
import pytest

from mtqa.calibration import (
    Calibration,
    IsotonicMap,
    LogisticModel,
    brier_score,
    calibrate_findings,
    expected_calibration_error,
    fit_isotonic,
    fit_logistic,
    load_calibration,
    roc_auc,
)
from mtqa.data import Finding, Span
from mtqa.errors import ConfigError


def test_isotonic_matches_a_hand_computed_pool_adjacent_violators_fit():
    # Labels 0 1 1 0 0 1 at scores 1..6: (1,1,0,0) at 2-5 violate order -> pooled mean 0.5;
    # 0 at 1 stays, 1 at 6 stays.
    m = fit_isotonic([1, 2, 3, 4, 5, 6], [0, 1, 1, 0, 0, 1])
    assert m.x == (1.0, 2.0, 5.0, 6.0)
    assert m.y == (0.0, 0.5, 0.5, 1.0)
    assert m([1.5, 3.0, 5.5, 7.0]).tolist() == [0.25, 0.5, 0.75, 1.0]
    assert m.samples == 6


def test_isotonic_pools_ties_and_respects_weights():
    # Two samples at 0.5 (labels 1 and 0) are one point of mean 0.5; weight 3 on the 1 makes it 0.75.
    m = fit_isotonic([0.5, 0.5, 0.9], [1, 0, 1], weights=[3, 1, 1])
    assert m.x == (0.5, 0.9) and m.y == (0.75, 1.0)


def test_isotonic_prior_strength_shrinks_small_blocks_towards_the_overall_rate():
    # PAV gives blocks 0 (one sample at 0.1) and 1 (three at 0.5-0.7); the rate is 0.75. With two
    # pseudo-samples each: (0 + 2 * 0.75) / 3 = 0.5 and (3 + 2 * 0.75) / 5 = 0.9.
    m = fit_isotonic([0.1, 0.5, 0.6, 0.7], [0, 1, 1, 1], prior_strength=2)
    assert m.x == (0.1, 0.5, 0.7)
    assert m.y == pytest.approx((0.5, 0.9, 0.9))
    # Shrinking can reorder blocks of different sizes; they are pooled again, so it stays monotone.
    m = fit_isotonic([0.1, 0.2, 0.3], [0.0, 0.0, 1.0], weights=[1, 50, 1], prior_strength=5)
    assert all(b >= a for a, b in zip(m.y, m.y[1:]))


def test_isotonic_output_is_monotone_and_in_unit_interval():
    rng = np.random.default_rng(0)
    scores = rng.random(500)
    labels = (rng.random(500) < scores).astype(float)
    m = fit_isotonic(scores, labels)
    grid = np.linspace(-0.5, 1.5, 401)
    out = m(grid)
    assert np.all(np.diff(out) >= 0)
    assert out.min() >= 0.0 and out.max() <= 1.0
    assert out[0] < 0.2 and out[-1] > 0.8  # it follows the trend


def test_isotonic_map_round_trips_and_rejects_decreasing_knots():
    m = fit_isotonic([0.1, 0.2, 0.3], [0, 1, 1])
    assert IsotonicMap.from_dict(m.to_dict()) == m
    with pytest.raises(ConfigError):
        IsotonicMap((0.0, 1.0), (0.9, 0.1))


def test_ece_is_zero_for_perfectly_calibrated_bins():
    # Bin [0.2, 0.3): p=0.25, 1 of 4 positive; bin [0.7, 0.8): p=0.75, 3 of 4 positive.
    probs = [0.25] * 4 + [0.75] * 4
    labels = [1, 0, 0, 0] + [1, 1, 1, 0]
    assert expected_calibration_error(probs, labels, bins=10) == pytest.approx(0.0)


def test_ece_of_a_known_miscalibration():
    # Bin 1 (p=0.9, 4 samples) observes 0.5: gap 0.4; bin 2 (p=0.1, 6 samples) observes 0: gap 0.1.
    # ECE = 4/10 * 0.4 + 6/10 * 0.1 = 0.22.
    probs = [0.9] * 4 + [0.1] * 6
    labels = [1, 1, 0, 0] + [0] * 6
    assert expected_calibration_error(probs, labels, bins=10) == pytest.approx(0.22)
    # A probability of exactly 1.0 lands in the last bin instead of falling off the end.
    assert expected_calibration_error([1.0, 1.0], [1, 0], bins=10) == pytest.approx(0.5)


def test_brier_and_auc_by_hand():
    assert brier_score([0.9, 0.2, 0.6], [1, 0, 0]) == pytest.approx((0.01 + 0.04 + 0.36) / 3)
    assert roc_auc([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1]) == 1.0
    assert roc_auc([0.4, 0.3, 0.2, 0.1], [0, 0, 1, 1]) == 0.0
    assert roc_auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]) == 0.5  # ties count half
    assert roc_auc([0.1, 0.2], [1, 1]) is None


def test_logistic_recovers_sign_and_ordering_on_separable_data():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 2))
    labels = (2 * x[:, 0] - x[:, 1] > 0).astype(float)  # separable: regularization keeps it finite
    model = fit_logistic(x * [1.0, 100.0], labels, l2=0.01)  # scales differ by 100
    assert model.weights[0] > 0 and model.weights[1] < 0
    # The boundary's direction is recovered on raw scales: w0 / (100 w1) close to 2 / -1.
    assert model.weights[0] / (100 * model.weights[1]) == pytest.approx(-2.0, rel=0.15)
    p = model(x * [1.0, 100.0])
    assert np.mean((p > 0.5) == (labels == 1)) >= 0.98
    assert roc_auc(p, labels) > 0.99


def test_logistic_balanced_weights_move_the_intercept():
    x = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
    labels = np.array([0, 0, 0, 0, 1, 1])
    plain = fit_logistic(x, labels, l2=1.0)
    balanced = fit_logistic(x, labels, l2=1.0, weights=[0.75] * 4 + [1.5] * 2)
    assert balanced(x).mean() > plain(x).mean()


def _calibration(maps: dict[str, IsotonicMap], min_samples: int = 30) -> Calibration:
    return Calibration(model="test@1", adequacy_features=("a", "b"), adequacy_model=LogisticModel((1.0, -1.0), 0.0),
                       adequacy_impute=(0.0, 0.5), confidence_maps=maps, min_samples=min_samples)


def test_calibrate_findings_keeps_raw_confidence_and_stays_in_unit_interval():
    maps = {"numbers": IsotonicMap((0.3, 0.9), (0.6, 0.95), samples=100),
            "names": IsotonicMap((0.5,), (0.1,), samples=5)}  # too few samples: not used
    findings = [
        Finding("number", "major", 0.9, target_span=Span("target", 0, 2), check="numbers", evidence={"x": 1}),
        Finding("number", "minor", 0.0, check="numbers"),
        Finding("name", "major", 0.8, check="names"),
        Finding("boundary", "major", 0.7, check="boundary"),
    ]
    out = calibrate_findings(findings, _calibration(maps))
    assert [f.confidence for f in out] == [0.95, 0.6, 0.8, 0.7]
    assert out[0].evidence == {"x": 1, "raw_confidence": 0.9}
    assert out[1].evidence["raw_confidence"] == 0.0
    assert out[2] is findings[2] and out[3] is findings[3]
    assert all(0.0 <= f.confidence <= 1.0 for f in out)
    assert calibrate_findings(findings, None) == findings


def test_calibration_round_trips_and_imputes_missing_features():
    cal = _calibration({"numbers": IsotonicMap((0.0, 1.0), (0.2, 0.8), samples=40)})
    again = Calibration.from_dict(cal.to_dict())
    assert again == cal
    p = again.adequacy(np.array([[1.0, np.nan], [1.0, 0.5]]))
    assert p[0] == pytest.approx(p[1])  # the NaN took the impute value 0.5
    with pytest.raises(ConfigError):
        Calibration.from_dict({"model": "x"})


def test_load_returns_none_for_models_it_was_not_fitted_for():
    assert load_calibration("hash@64") is None
    assert load_calibration("hf:someone/model") is None
    # Same model name, other weights: the shipped file does not apply.
    assert load_calibration("e5-small@000000000000") is None


def test_hash_model_reports_stay_uncalibrated():
    from mtqa.checks import check

    args = ("Το πλοίο έφτασε στις 07:30. Ο καιρός ήταν καλός.", "The ship arrived at 09:30. The weather was good.",
            "el", "en")
    report = check(*args, model="hash")
    assert report.findings and all("raw_confidence" not in f.evidence for f in report.findings)
    assert report.to_dict() == check(*args, model="hash", calibrated=False).to_dict()
