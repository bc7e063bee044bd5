"""Calibration: fitted maps from raw scores to probabilities, and the metrics that judge them.

Two things in a :class:`~mtqa.checks.Report` are calibrated when mtqa ships a fit for the encoder
in use (``mtqa/resources/calibration/<name>.json``, written by ``scripts/calibrate.py``):

- sentence adequacy: a logistic model over features of each sentence link (cosine, word-alignment
  coverage, length ratio, ...; see :mod:`mtqa.metrics.adequacy`) gives P(adequate translation);
- finding confidences: per check, an isotonic map from the check's raw confidence to the
  probability that such a finding is a real error.

For any other encoder :func:`load_calibration` returns ``None`` and the raw scores stay as they
are. Everything here is plain numpy over arrays, so it is testable without a model.

>>> iso = fit_isotonic([0.1, 0.4, 0.6, 0.9], [0, 1, 0, 1])
>>> iso([0.1, 0.5, 0.9]).tolist()
[0.0, 0.5, 1.0]
>>> expected_calibration_error([0.2, 0.8], [0, 1], bins=2)
0.2
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from mtqa.errors import ConfigError

if TYPE_CHECKING:
    from mtqa.data import Finding

__all__ = [
    "Calibration",
    "IsotonicMap",
    "LogisticModel",
    "brier_score",
    "calibrate_findings",
    "expected_calibration_error",
    "fit_isotonic",
    "fit_logistic",
    "load_calibration",
    "roc_auc",
]

_RESOURCE_DIR = "resources/calibration"
# A check's map replaces its raw confidences only when fitted on at least this many findings.
DEFAULT_MIN_SAMPLES = 30


def _array(values: Iterable[float]) -> np.ndarray:
    return np.asarray(values if isinstance(values, (np.ndarray, Sequence)) else list(values), dtype=np.float64).ravel()


def _vectors(scores: Iterable[float], labels: Iterable[float], weights: Iterable[float] | None = None
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, y = _array(scores), _array(labels)
    w = np.ones_like(x) if weights is None else _array(weights)
    if not (len(x) == len(y) == len(w)):
        raise ConfigError(f"scores, labels and weights differ in length: {len(x)}, {len(y)}, {len(w)}")
    if len(x) and not (np.isfinite(x).all() and np.isfinite(y).all() and np.isfinite(w).all()):
        raise ConfigError("scores, labels and weights must be finite")
    if (w < 0).any():
        raise ConfigError("weights must not be negative")
    return x, y, w


# ---------------------------------------------------------------------------------------------
# Isotonic regression


@dataclass(frozen=True)
class IsotonicMap:
    """A non-decreasing map from a raw score to a probability: knots ``x`` (sorted) and ``y``.

    Between knots the map is linear, outside them flat; outputs are clipped to [0, 1]. ``samples``
    is how many observations the map was fitted on.

    >>> m = IsotonicMap((0.0, 1.0), (0.2, 0.6), samples=10)
    >>> m([-1.0, 0.5, 2.0]).tolist()
    [0.2, 0.4, 0.6]
    """

    x: tuple[float, ...]
    y: tuple[float, ...]
    samples: int = 0

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y) or not self.x:
            raise ConfigError("an isotonic map needs as many y as x knots, at least one")
        if any(b < a for a, b in zip(self.x, self.x[1:])) or any(b < a for a, b in zip(self.y, self.y[1:])):
            raise ConfigError("isotonic knots must be non-decreasing in x and y")

    def __call__(self, scores: float | Sequence[float] | np.ndarray) -> np.ndarray:
        values = np.interp(np.asarray(scores, dtype=np.float64), self.x, self.y)
        return np.clip(values, 0.0, 1.0)

    def to_dict(self) -> dict[str, Any]:
        return {"x": list(self.x), "y": list(self.y), "samples": self.samples}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IsotonicMap:
        return cls(tuple(float(v) for v in data["x"]), tuple(float(v) for v in data["y"]), int(data.get("samples", 0)))


def fit_isotonic(scores: Sequence[float] | np.ndarray, labels: Sequence[float] | np.ndarray,
                 weights: Sequence[float] | np.ndarray | None = None, *, prior_strength: float = 0.0) -> IsotonicMap:
    """Least-squares non-decreasing fit of ``labels`` on ``scores`` (pool adjacent violators).

    Equal scores are pooled first. Each pooled block keeps its lowest and highest score as knots,
    so the map is flat across a block and linear between blocks. ``prior_strength`` > 0 shrinks
    every block towards the overall rate as if it held that many more samples at that rate (and
    pools again where that broke the order), so a block of one or two findings cannot map a
    score to a certain 0 or 1.

    >>> m = fit_isotonic([1, 2, 3, 4, 5], [1, 0, 1, 0, 1])
    >>> m.x, m.y
    ((1.0, 4.0, 5.0), (0.5, 0.5, 1.0))
    >>> [round(v, 3) for v in fit_isotonic([1, 2, 3, 4, 5], [1, 0, 1, 0, 1], prior_strength=2).y]
    [0.533, 0.533, 0.733]
    """
    x, y, w = _vectors(scores, labels, weights)
    if not len(x):
        raise ConfigError("isotonic regression needs at least one sample")
    order = np.argsort(x, kind="mergesort")
    x, y, w = x[order], y[order], w[order]
    unique_x, start = np.unique(x, return_index=True)
    sums_w = np.add.reduceat(w, start)
    sums_wy = np.add.reduceat(w * y, start)
    blocks = _pool([[swy / sw if sw > 0 else 0.0, sw, vx, vx] for vx, sw, swy in zip(unique_x, sums_w, sums_wy)])
    if prior_strength > 0 and w.sum() > 0:
        rate = float((w * y).sum() / w.sum())
        blocks = _pool([[(mean * bw + prior_strength * rate) / (bw + prior_strength), bw + prior_strength, lo, hi]
                        for mean, bw, lo, hi in blocks])
    knots_x: list[float] = []
    knots_y: list[float] = []
    for mean, _, lo, hi in blocks:
        for knot in (lo, hi) if hi > lo else (lo,):
            knots_x.append(float(knot))
            knots_y.append(float(min(max(mean, 0.0), 1.0)))
    return IsotonicMap(tuple(knots_x), tuple(knots_y), samples=len(x))


def _pool(blocks: list[list[float]]) -> list[list[float]]:
    """Pool adjacent violators over ``[mean, weight, first x, last x]`` blocks in score order:
    merge the last two blocks while they do not increase."""
    stack: list[list[float]] = []
    for block in blocks:
        stack.append(list(block))
        while len(stack) > 1 and stack[-2][0] >= stack[-1][0]:
            mean2, w2, _, hi2 = stack.pop()
            mean1, w1, lo1, _ = stack.pop()
            total = w1 + w2
            stack.append([(mean1 * w1 + mean2 * w2) / total if total > 0 else mean1, total, lo1, hi2])
    return stack


# ---------------------------------------------------------------------------------------------
# Logistic regression


@dataclass(frozen=True)
class LogisticModel:
    """P(y = 1 | features) = sigmoid(features @ weights + bias).

    >>> LogisticModel((2.0,), 0.0)(np.array([[0.0], [10.0]])).round(3).tolist()
    [0.5, 1.0]
    """

    weights: tuple[float, ...]
    bias: float

    def __call__(self, features: np.ndarray | Sequence[Sequence[float]]) -> np.ndarray:
        matrix = np.asarray(features, dtype=np.float64)
        if matrix.ndim != 2 or matrix.shape[1] != len(self.weights):
            raise ConfigError(f"expected {len(self.weights)} features per row, got shape {matrix.shape}")
        return _sigmoid(matrix @ np.asarray(self.weights) + self.bias)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # tanh form: no overflow for large |z|


def fit_logistic(features: np.ndarray | Sequence[Sequence[float]], labels: Sequence[float] | np.ndarray, *,
                 l2: float = 1.0, weights: Sequence[float] | np.ndarray | None = None,
                 max_iter: int = 100, tol: float = 1e-8) -> LogisticModel:
    """L2-regularized logistic regression by Newton's method (IRLS), numpy only.

    Features are standardized inside the fit so ``l2`` (the penalty on the standardized weights,
    not the bias, in units of total sample weight) does not depend on their scales; the returned
    model works on raw features. ``weights`` are per-sample weights (e.g. to balance classes).

    >>> m = fit_logistic([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1], l2=0.1)
    >>> m.weights[0] > 0, m(np.array([[0.0], [3.0]])).round(1).tolist()
    (True, [0.1, 0.9])
    """
    matrix = np.asarray(features, dtype=np.float64)
    if matrix.ndim != 2:
        raise ConfigError(f"features must be a 2-D array, got shape {matrix.shape}")
    _, y, w = _vectors(np.zeros(len(matrix)), labels, weights)
    if not len(y) or w.sum() <= 0:
        raise ConfigError("logistic regression needs samples with positive weight")
    if not np.isfinite(matrix).all():
        raise ConfigError("features must be finite")
    mean = np.average(matrix, axis=0, weights=w)
    scale = np.sqrt(np.average((matrix - mean) ** 2, axis=0, weights=w))
    scale[scale < 1e-12] = 1.0  # a constant feature gets weight 0 from the penalty anyway
    design = np.hstack([(matrix - mean) / scale, np.ones((len(matrix), 1))])
    penalty = np.full(design.shape[1], l2 * w.sum())
    penalty[-1] = 0.0
    beta = np.zeros(design.shape[1])
    for _ in range(max_iter):
        p = _sigmoid(design @ beta)
        gradient = design.T @ (w * (p - y)) + penalty * beta
        hessian = (design * (w * p * (1 - p))[:, None]).T @ design + np.diag(penalty) + 1e-10 * np.eye(len(beta))
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < tol:
            break
    standardized, intercept = beta[:-1], beta[-1]
    raw = standardized / scale
    return LogisticModel(tuple(float(v) for v in raw), float(intercept - raw @ mean))


# ---------------------------------------------------------------------------------------------
# Metrics


def expected_calibration_error(probs: Sequence[float] | np.ndarray, labels: Sequence[float] | np.ndarray,
                               bins: int = 10, weights: Sequence[float] | np.ndarray | None = None) -> float:
    """ECE: over ``bins`` equal-width probability bins, the share-weighted gap between the mean
    probability and the observed rate (bin k holds [k/bins, (k+1)/bins), the last one includes 1).

    >>> expected_calibration_error([0.25, 0.25, 0.25, 0.25], [0, 0, 0, 1], bins=4)
    0.0
    """
    p, y, w = _vectors(probs, labels, weights)
    total = w.sum()
    if total <= 0:
        return 0.0
    index = np.minimum((np.clip(p, 0.0, 1.0) * bins).astype(int), bins - 1)
    gap = 0.0
    for k in range(bins):
        inside = index == k
        wk = w[inside].sum()
        if wk > 0:
            gap += wk / total * abs(np.average(p[inside], weights=w[inside]) - np.average(y[inside], weights=w[inside]))
    return round(float(gap), 12)


def brier_score(probs: Sequence[float] | np.ndarray, labels: Sequence[float] | np.ndarray,
                weights: Sequence[float] | np.ndarray | None = None) -> float:
    """Mean squared difference between probability and outcome (0 is perfect).

    >>> brier_score([1.0, 0.5], [1, 0])
    0.125
    """
    p, y, w = _vectors(probs, labels, weights)
    return float(np.average((p - y) ** 2, weights=w)) if w.sum() > 0 else 0.0


def roc_auc(scores: Sequence[float] | np.ndarray, labels: Sequence[float] | np.ndarray) -> float | None:
    """Area under the ROC curve from ranks (Mann-Whitney U; ties count one half); None when one
    class is missing.

    >>> roc_auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
    0.75
    """
    s, y, _ = _vectors(scores, labels)
    positives, negatives = int((y == 1).sum()), int((y == 0).sum())
    if not positives or not negatives:
        return None
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    start = 0
    while start < len(s):  # average ranks over runs of equal scores
        end = start
        while end + 1 < len(s) and sorted_s[end + 1] == sorted_s[start]:
            end += 1
        ranks[order[start : end + 1]] = (start + end) / 2 + 1
        start = end + 1
    u = ranks[y == 1].sum() - positives * (positives + 1) / 2
    return float(u / (positives * negatives))


# ---------------------------------------------------------------------------------------------
# The shipped calibration


@dataclass(frozen=True)
class Calibration:
    """A calibration fitted for one encoder (``model`` is its signature).

    ``adequacy_features`` names the columns :func:`mtqa.metrics.adequacy.link_features` computes,
    ``adequacy_model`` maps them to P(adequate), ``adequacy_impute`` fills a feature that is
    missing for a link (the batch-calibrated probability of a lone pair). ``confidence_maps``
    maps a check name to its isotonic map; checks without one keep their raw confidences.
    ``metrics`` and ``split`` record how the fit did on held-out data and how that was chosen.
    """

    model: str
    adequacy_features: tuple[str, ...]
    adequacy_model: LogisticModel
    adequacy_impute: tuple[float, ...]
    confidence_maps: Mapping[str, IsotonicMap] = field(default_factory=dict, hash=False)
    min_samples: int = DEFAULT_MIN_SAMPLES
    metrics: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    split: str = ""

    def __post_init__(self) -> None:
        if not (len(self.adequacy_features) == len(self.adequacy_model.weights) == len(self.adequacy_impute)):
            raise ConfigError("calibration: adequacy features, weights and impute values differ in length")

    def adequacy(self, features: np.ndarray) -> np.ndarray:
        """P(adequate translation) per row of ``features`` (NaN cells take the impute value)."""
        matrix = np.array(features, dtype=np.float64, ndmin=2)
        missing = np.isnan(matrix)
        if missing.any():
            matrix[missing] = np.broadcast_to(np.asarray(self.adequacy_impute), matrix.shape)[missing]
        return self.adequacy_model(matrix)

    def confidence_map(self, check: str) -> IsotonicMap | None:
        """The map for ``check`` when fitted on enough findings, else None."""
        found = self.confidence_maps.get(check)
        return found if found is not None and found.samples >= self.min_samples else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "split": self.split,
            "adequacy": {
                "features": list(self.adequacy_features),
                "weights": list(self.adequacy_model.weights),
                "bias": self.adequacy_model.bias,
                "impute": list(self.adequacy_impute),
            },
            "confidence": {
                "min_samples": self.min_samples,
                "maps": {name: m.to_dict() for name, m in sorted(self.confidence_maps.items())},
            },
            "metrics": dict(self.metrics),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibration:
        try:
            adequacy = data["adequacy"]
            confidence = data.get("confidence", {})
            return cls(
                model=str(data["model"]),
                adequacy_features=tuple(str(n) for n in adequacy["features"]),
                adequacy_model=LogisticModel(tuple(float(v) for v in adequacy["weights"]), float(adequacy["bias"])),
                adequacy_impute=tuple(float(v) for v in adequacy["impute"]),
                confidence_maps={str(k): IsotonicMap.from_dict(v) for k, v in confidence.get("maps", {}).items()},
                min_samples=int(confidence.get("min_samples", DEFAULT_MIN_SAMPLES)),
                metrics=dict(data.get("metrics", {})),
                split=str(data.get("split", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"malformed calibration data: {exc!r}") from exc


def resource_name(model_signature: str) -> str:
    """The resource file stem for an encoder signature: ``e5-small@1571fc982750`` -> ``e5-small``.

    >>> resource_name("e5-small@1571fc982750")
    'e5-small'
    """
    stem = model_signature.split("@", 1)[0]
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem) or "model"


@lru_cache(maxsize=16)
def load_calibration(model_signature: str) -> Calibration | None:
    """The shipped calibration fitted for exactly this encoder signature, or None.

    A file for the same model name but other weights (another signature) does not apply.

    >>> load_calibration("hash@no-such-weights") is None
    True
    """
    path = resources.files("mtqa").joinpath(f"{_RESOURCE_DIR}/{resource_name(model_signature)}.json")
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the calibration resource {path}: {exc}") from exc
    calibration = Calibration.from_dict(data)
    return calibration if calibration.model == model_signature else None


def calibrate_findings(findings: Iterable[Finding], calibration: Calibration | None) -> list[Finding]:
    """Findings with their confidence replaced by the calibrated one for their check and
    severity (``omission/minor``), or for their check when that has no map of its own.

    The raw confidence is kept in ``evidence["raw_confidence"]``; a finding whose check has no
    map fitted on enough samples (or no calibration at all) is returned unchanged.
    """
    out: list[Finding] = []
    for finding in findings:
        mapping = None if calibration is None else (calibration.confidence_map(f"{finding.check}/{finding.severity}")
                                                    or calibration.confidence_map(finding.check))
        if mapping is None:
            out.append(finding)
            continue
        calibrated = round(float(mapping(finding.confidence)), 4)
        evidence = {**finding.evidence, "raw_confidence": finding.confidence}
        out.append(replace(finding, confidence=min(max(calibrated, 0.0), 1.0), evidence=evidence))
    return out

