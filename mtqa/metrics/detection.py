"""Detection metrics: how well findings match gold error annotations.

Three views, all micro-averaged over the segments (each a JSONL record with an ``id``):

- **findings**: precision, recall and F1 per category and overall. A prediction is correct when
  some gold error of the same segment has the same category and an overlapping span; a gold error
  is found when some prediction matches it (so one long prediction can find two gold errors).
  Spans are compared on the target side when both have a target span, else on the source side
  when both have a source span; when they share no side, the category alone decides (the
  segment is then the only location both give).
- **segments**: each segment is labelled *error* (it has at least one error) or *correct*; the
  confusion counts, precision/recall/F1 of the *error* label, accuracy and the Matthews
  correlation coefficient (MCC, 0 when a row or column of the confusion matrix is empty).
- **spans**: character-level precision, recall and F1 of the target spans: the characters inside
  predicted target spans against those inside gold target spans, overall and per category.

Records are ``{"id", "errors": [{"category", "target_span", "source_span"?, "severity"?}]}`` (gold
shape; spans as ``[start, end]`` or ``{"start", "end"}``), or ``{"id", "findings": [...]}`` as
``mtqa check --pairs`` writes (:meth:`mtqa.data.Finding.to_dict`).

>>> gold = {"a": [ErrorSpan("number", (4, 6))], "b": []}
>>> pred = {"a": [ErrorSpan("number", (5, 7), severity="critical")], "b": [ErrorSpan("name", (0, 3))]}
>>> scores = detection_scores(gold, pred)
>>> scores["findings"]["overall"]["precision"], scores["findings"]["overall"]["recall"]
(0.5, 1.0)
>>> scores["segments"]["mcc"], round(scores["spans"]["overall"]["f1"], 3)
(0.0, 0.286)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mtqa.data import SEVERITIES, Signature, severity_rank
from mtqa.errors import InputError
from mtqa.metrics.sentence_alignment import prf

Offsets = tuple[int, int]


@dataclass(frozen=True)
class ErrorSpan:
    """One gold error or predicted finding: its category, character spans (end exclusive) and severity."""

    category: str
    target_span: Offsets | None = None
    source_span: Offsets | None = None
    severity: str | None = None

    def matches(self, other: ErrorSpan) -> bool:
        """Same category, and overlapping spans on a side both have (or no side in common).

        >>> ErrorSpan("name", (0, 5)).matches(ErrorSpan("name", (4, 9)))
        True
        >>> ErrorSpan("name", (0, 5)).matches(ErrorSpan("name", (5, 9)))
        False
        """
        if self.category != other.category:
            return False
        for mine, theirs in ((self.target_span, other.target_span), (self.source_span, other.source_span)):
            if mine is not None and theirs is not None:
                return mine[0] < theirs[1] and theirs[0] < mine[1]
        return True


def _offsets(value: Any, key: str, where: dict[str, Any]) -> Offsets | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        value = [value.get("start"), value.get("end")]
    if (not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value) or not 0 <= value[0] <= value[1]):
        raise InputError(f"{key} must be [start, end] (or {{start, end}}) with 0 <= start <= end, got {value!r}",
                         **where)
    return int(value[0]), int(value[1])


def parse_errors(record: Mapping[str, Any], *, path: str | None = None, line: int | None = None) -> list[ErrorSpan]:
    """The errors of one JSONL record: its ``errors`` (gold shape) or ``findings`` (mtqa check output).

    >>> parse_errors({"id": 1, "errors": [{"category": "number", "target_span": [3, 5]}]})
    [ErrorSpan(category='number', target_span=(3, 5), source_span=None, severity=None)]
    """
    where: dict[str, Any] = {"path": path, "line": line}
    items = record.get("errors", record.get("findings"))
    if not isinstance(items, list):
        raise InputError("expected an 'errors' or 'findings' list", **where)
    out = []
    for item in items:
        if not isinstance(item, Mapping) or not isinstance(item.get("category"), str):
            raise InputError(f"an error needs a 'category', got {item!r}", **where)
        severity = item.get("severity")
        if severity is not None and severity not in SEVERITIES:
            raise InputError(f"unknown severity {severity!r}; expected one of {', '.join(SEVERITIES)}", **where)
        out.append(ErrorSpan(item["category"], _offsets(item.get("target_span"), "target_span", where),
                             _offsets(item.get("source_span"), "source_span", where), severity))
    return out


def parse_records(records: Iterable[tuple[int, Mapping[str, Any]]], *, path: str | None = None) -> dict[str, list[ErrorSpan]]:
    """Errors by segment id from ``(line number, record)`` pairs (as :func:`mtqa.io.read_jsonl` gives)."""
    out: dict[str, list[ErrorSpan]] = {}
    for line, record in records:
        if record.get("id") is None:
            raise InputError("missing field 'id'", path=path, line=line)
        key = str(record["id"])
        if key in out:
            raise InputError(f"duplicate id {key!r}", path=path, line=line)
        out[key] = parse_errors(record, path=path, line=line)
    return out


def _chars(items: Iterable[ErrorSpan]) -> set[int]:
    return {i for item in items if item.target_span for i in range(*item.target_span)}


def _span_scores(pairs: Sequence[tuple[list[ErrorSpan], list[ErrorSpan]]]) -> dict[str, float | int]:
    gold_chars = pred_chars = overlap = 0
    for gold, pred in pairs:
        g, p = _chars(gold), _chars(pred)
        gold_chars, pred_chars, overlap = gold_chars + len(g), pred_chars + len(p), overlap + len(g & p)
    return {**prf(overlap, pred_chars, overlap, gold_chars), "gold_chars": gold_chars, "pred_chars": pred_chars,
            "overlap_chars": overlap}


def _finding_scores(pairs: Sequence[tuple[list[ErrorSpan], list[ErrorSpan]]]) -> dict[str, float | int]:
    found = correct = n_gold = n_pred = 0
    for gold, pred in pairs:
        n_gold, n_pred = n_gold + len(gold), n_pred + len(pred)
        found += sum(any(g.matches(p) for p in pred) for g in gold)
        correct += sum(any(p.matches(g) for g in gold) for p in pred)
    return {**prf(correct, n_pred, found, n_gold), "gold": n_gold, "pred": n_pred, "found": found, "correct": correct}


def mcc(tp: int, fp: int, fn: int, tn: int) -> float:
    """Matthews correlation coefficient; 0.0 when a row or column of the confusion matrix is empty.

    >>> mcc(5, 0, 0, 5), mcc(0, 5, 5, 0), mcc(3, 3, 0, 0)
    (1.0, -1.0, 0.0)
    """
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / denominator if denominator else 0.0


def _segment_scores(pairs: Sequence[tuple[list[ErrorSpan], list[ErrorSpan]]]) -> dict[str, float | int]:
    tp = sum(bool(g) and bool(p) for g, p in pairs)
    fp = sum(not g and bool(p) for g, p in pairs)
    fn = sum(bool(g) and not p for g, p in pairs)
    tn = len(pairs) - tp - fp - fn
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, **prf(tp, tp + fp, tp, tp + fn),
            "accuracy": (tp + tn) / len(pairs) if pairs else 0.0, "mcc": mcc(tp, fp, fn, tn)}


def detection_scores(
    gold: Mapping[str, Sequence[ErrorSpan]],
    pred: Mapping[str, Sequence[ErrorSpan]],
    *,
    categories: Sequence[str] | None = None,
    min_severity: str | None = None,
) -> dict[str, Any]:
    """Findings, segment-level and character-level span scores of ``pred`` against ``gold``.

    Both map segment ids to errors and must hold the same ids (else :class:`InputError`).
    ``categories`` restricts gold and predictions to those categories; ``min_severity`` drops
    predictions below it (a prediction without a severity is kept).
    """
    missing, extra = sorted(set(gold) - set(pred)), sorted(set(pred) - set(gold))
    if missing or extra:
        parts = [f"{len(ids)} id(s) {where} ({', '.join(ids[:5])}{', ...' if len(ids) > 5 else ''})"
                 for ids, where in ((missing, "only in the gold"), (extra, "only in the predictions")) if ids]
        raise InputError("gold and predictions cover different segments: " + "; ".join(parts))
    wanted = set(categories) if categories else None
    floor = severity_rank(min_severity) if min_severity else None

    def keep(item: ErrorSpan, predicted: bool) -> bool:
        if wanted is not None and item.category not in wanted:
            return False
        return not (predicted and floor is not None and item.severity is not None
                    and severity_rank(item.severity) < floor)

    pairs = [([g for g in gold[k] if keep(g, False)], [p for p in pred[k] if keep(p, True)]) for k in gold]
    seen = sorted({e.category for g, p in pairs for e in (*g, *p)})

    def only(category: str) -> list[tuple[list[ErrorSpan], list[ErrorSpan]]]:
        return [([e for e in g if e.category == category], [e for e in p if e.category == category]) for g, p in pairs]

    signature = Signature({
        "task": "eval-detect",
        "match": "category+overlap",
        "categories": ",".join(sorted(wanted)) if wanted else "all",
        "min-severity": min_severity or "none",
        "segments": len(pairs),
    })
    return {
        "findings": {"overall": _finding_scores(pairs), "categories": {c: _finding_scores(only(c)) for c in seen}},
        "segments": _segment_scores(pairs),
        "spans": {"overall": _span_scores(pairs), "categories": {c: _span_scores(only(c)) for c in seen}},
        "signature": signature.format(),
    }
