#!/usr/bin/env python3
"""Fit mtqa's shipped calibration (sentence adequacy and finding confidences) and report it on
held-out data; ``--write`` regenerates ``mtqa/resources/calibration/<model>.json`` from scratch.

Data (deterministic for a given ``--seed``; everything runs through the *raw* pipeline,
``calibrated=False``, so an existing calibration never feeds its own refit):

- Segment pairs from ``scripts/bench_injected.py`` (its functions, imported): correct 1-1
  sentence pairs of ``corpora/*-en``, the seed story's sentences without a known error, and
  ``--po`` gettext strings from ``.mtqa-cache/po/{el,de}-en.tsv`` when present. Each pair gets
  every applicable injected error (number, name, name removed, negation added/removed, antonym,
  addition, omission, date) and one *swap*: its translation replaced by the translation of a pair
  from another story (an unrelated sentence). Variants are checked in a shuffled order so every
  chunk of ``check_pairs`` (whose translation probability is calibrated per chunk) mixes kinds.
- Corpus stories from ``scripts/bench_checks.py`` (the seed story and ``corpora/*``: flawed
  translations with ``errors.json``, and the correct ones), checked whole with ``check``.

Labels:

- adequacy: 1 for a correct pair, 0 for any variant (injected or swapped). Classes are weighted
  so the adequate one holds ``--adequate-share`` (default 0.9) of the total weight, in fitting and
  in the held-out metrics: P(adequate) is calibrated for text where 9 sentences in 10 are right
  (a newsroom's machine translation), not for the benchmark's mix of mostly broken variants.
- confidence: a finding on a correct pair or a correct story is a false positive (0). On an
  injected variant a finding is a true positive (1) when it localizes the injection the way
  bench_injected's ``localized`` decides (target span overlaps the injected span; for removals a
  span-less finding of a fitting category), whatever its severity; a finding elsewhere counts 0
  unless the same finding (check, category, message) was already counted on the correct pair.
  Findings on swaps are not used. On a flawed story a finding is 1 when it matches an error as
  bench_checks' ``matches`` decides, else 0.

Split: a segment pair and all its variants go to the held-out side when
``sha1("<seed>:<pair id>") mod 100 < --holdout`` (default 30), a story likewise by its name.
Everything is fitted on the train side; the table is the held-out side only. The adequacy model is
an L2 logistic regression over :data:`mtqa.metrics.adequacy.LINK_FEATURES`; each check with at
least ``--min-samples`` train findings (and ``--min-class`` of each label) gets an isotonic map of
its raw confidence, each block shrunk towards the check's overall rate by ``--prior``
pseudo-samples (a block of one finding must not map to a certain 0 or 1); other checks keep their
raw confidences.

Usage: python scripts/calibrate.py [--write] [--seed 0] [--po 300] [--model e5-small] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mtqa.calibration import (  # noqa: E402
    DEFAULT_MIN_SAMPLES,
    Calibration,
    IsotonicMap,
    brier_score,
    expected_calibration_error,
    fit_isotonic,
    fit_logistic,
    resource_name,
    roc_auc,
)
from mtqa.checks import CheckContext, check, check_pairs  # noqa: E402
from mtqa.data import Finding  # noqa: E402
from mtqa.markup import masked_document  # noqa: E402
from mtqa.metrics.adequacy import LINK_FEATURES, link_features  # noqa: E402

RESOURCE_DIR = ROOT / "mtqa" / "resources" / "calibration"
LINK_PROBABILITY = LINK_FEATURES.index("link_probability")


def _load_script(name: str) -> ModuleType:
    """A sibling benchmark script as a module (its functions are reused, not copied)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the script runs
    spec.loader.exec_module(module)
    return module


def held_out(key: str, seed: int, percent: int) -> bool:
    """The deterministic split: a stable hash of the seed and the pair (or story) id."""
    return int(hashlib.sha1(f"{seed}:{key}".encode()).hexdigest(), 16) % 100 < percent


@dataclass
class Data:
    """Everything the fit and the table need."""

    adequacy_rows: list[np.ndarray]
    adequacy_labels: list[int]
    adequacy_kinds: list[str]
    adequacy_holdout: list[bool]
    finding_checks: list[str]
    finding_severities: list[str]
    finding_raw: list[float]
    finding_labels: list[int]
    finding_holdout: list[bool]
    counts: dict[str, Any]


def _features(report: Any, encoder: Any) -> np.ndarray | None:
    """The single link's feature row of a segment-pair report (None when it has no paired link)."""
    context = CheckContext(masked_document(report.source), masked_document(report.target), report.alignment,
                           encoder=encoder)
    indices, rows = link_features(context)
    return rows[0] if len(indices) == 1 else None


def _key(finding: Finding) -> tuple[str, str, str]:
    return finding.check, finding.category, finding.message


def collect(args: argparse.Namespace, encoder: Any) -> Data:
    bi = _load_script("bench_injected")
    bc = _load_script("bench_checks")
    from mtqa.io import read_story

    rng = random.Random(args.seed)
    pairs = bi.corpus_pairs() + bi.seed_pairs() + bi.po_pairs(args.po, rng)
    variants: list[tuple[int, Any]] = bi.build_variants(pairs, args.seed)
    # A swap: the translation of a pair from another story (or another gettext file line).
    swaps: list[tuple[int, str]] = []
    for i, pair in enumerate(pairs):
        story = pair.id.split("#")[0]
        donors = [p.tgt for p in pairs if p.id.split("#")[0] != story and p.tgt != pair.tgt]
        swaps.append((i, random.Random(f"{args.seed}:swap:{pair.id}").choice(donors)))
    records = ([pairs[i].record(inj.tgt, f"~{inj.kind}") for i, inj in variants]
               + [pairs[i].record(tgt, "~swap") for i, tgt in swaps])
    order = list(range(len(records)))
    random.Random(args.seed).shuffle(order)

    t0 = time.perf_counter()
    base = list(check_pairs([p.record() for p in pairs], model=encoder, calibrated=False))
    shuffled = list(check_pairs([records[k] for k in order], model=encoder, calibrated=False))
    checked: list[Any] = [None] * len(records)
    for position, k in enumerate(order):
        checked[k] = shuffled[position]
    t_pairs = time.perf_counter() - t0

    data = Data([], [], [], [], [], [], [], [], [], {})

    def add_row(report: Any, label: int, kind: str, holdout: bool) -> None:
        row = _features(report, encoder)
        if row is not None:
            data.adequacy_rows.append(row)
            data.adequacy_labels.append(label)
            data.adequacy_kinds.append(kind)
            data.adequacy_holdout.append(holdout)

    def add_finding(finding: Finding, label: int, holdout: bool) -> None:
        data.finding_checks.append(finding.check)
        data.finding_severities.append(finding.severity)
        data.finding_raw.append(finding.confidence)
        data.finding_labels.append(label)
        data.finding_holdout.append(holdout)

    pair_holdout = [held_out(p.id, args.seed, args.holdout) for p in pairs]
    for i, report in enumerate(base):
        add_row(report, 1, "correct", pair_holdout[i])
        for f in report.findings:
            add_finding(f, 0, pair_holdout[i])
    base_keys = [{_key(f) for f in r.findings} for r in base]
    for (i, inj), report in zip(variants, checked):
        add_row(report, 0, inj.kind, pair_holdout[i])
        for f in report.findings:
            # localized() looks at findings >= major only; any severity that points at the
            # injection is a true positive here.
            if bi.localized([replace(f, severity="major")], inj):
                add_finding(f, 1, pair_holdout[i])
            elif _key(f) not in base_keys[i]:
                add_finding(f, 0, pair_holdout[i])
    for (i, _), report in zip(swaps, checked[len(variants):]):
        add_row(report, 0, "swap", pair_holdout[i])

    t0 = time.perf_counter()
    stories = 0
    for name, src_path, tgt_path, src_lang, tgt_lang, errors in bc.cases():
        story = name.replace(" (correct)", "")
        holdout = held_out(story, args.seed, args.holdout)
        report = check(read_story(src_path, src_lang), read_story(tgt_path, tgt_lang), model=encoder,
                       calibrated=False)
        stories += 1
        for f in report.findings:
            add_finding(f, int(errors is not None and any(bc.matches(e, f) for e in errors)), holdout)
    t_stories = time.perf_counter() - t0
    data.counts = {
        "pairs": len(pairs),
        "pairs_by_origin": dict(Counter(p.origin for p in pairs)),
        "pairs_held_out": sum(pair_holdout),
        "variants": len(variants) + len(swaps),
        "stories": stories,
        "seconds": {"pairs": round(t_pairs, 1), "stories": round(t_stories, 1)},
    }
    return data


def _class_weights(labels: np.ndarray, adequate_share: float) -> np.ndarray:
    """Sample weights that give the adequate class (1) ``adequate_share`` of the total weight
    and the rest to the other (mean weight 1): a model fitted and scored with them is
    calibrated for text where that share of sentences is adequate, whatever the data's mix."""
    weights = np.ones(len(labels))
    for value, target in ((1, adequate_share), (0, 1.0 - adequate_share)):
        share = (labels == value).mean()
        if share > 0:
            weights[labels == value] = target / share
    return weights


def _metrics(probs: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None) -> dict[str, float | None]:
    auc = roc_auc(probs, labels)
    return {
        "auc": None if auc is None else round(auc, 4),
        "ece": round(expected_calibration_error(probs, labels, weights=weights), 4),
        "brier": round(brier_score(probs, labels, weights=weights), 4),
    }


def fit(data: Data, args: argparse.Namespace, signature: str) -> tuple[Calibration, dict[str, Any]]:
    rows = np.vstack(data.adequacy_rows)
    labels = np.array(data.adequacy_labels)
    holdout = np.array(data.adequacy_holdout)
    kinds = np.array(data.adequacy_kinds)
    train, test = ~holdout, holdout
    # Missing cells (no link probability for a lone pair, no word alignment) take the train mean.
    impute = np.array([np.nanmean(rows[train, j]) for j in range(rows.shape[1])])
    filled = np.where(np.isnan(rows), impute, rows)
    model = fit_logistic(filled[train], labels[train], l2=args.l2, weights=_class_weights(labels[train], args.adequate_share))
    new = model(filled[test])
    old = filled[test, LINK_PROBABILITY]
    weights = _class_weights(labels[test], args.adequate_share)
    adequacy = {
        "train": int(train.sum()), "held_out": int(test.sum()),
        "held_out_positive": int(labels[test].sum()),
        "calibrated": _metrics(new, labels[test], weights),
        "self_calibrated_probability": _metrics(old, labels[test], weights),
        "auc_by_kind": {},
    }
    for kind in sorted(set(kinds[test]) - {"correct"}):
        chosen = test & ((kinds == kind) | (kinds == "correct"))
        adequacy["auc_by_kind"][kind] = {
            "n": int((test & (kinds == kind)).sum()),
            "calibrated": round(roc_auc(model(filled[chosen]), labels[chosen]) or 0.0, 4),
            "self_calibrated_probability": round(roc_auc(filled[chosen, LINK_PROBABILITY], labels[chosen]) or 0.0, 4),
        }

    checks = np.array(data.finding_checks)
    keyed = np.array([f"{c}/{s}" for c, s in zip(data.finding_checks, data.finding_severities)])
    raw = np.array(data.finding_raw)
    flabels = np.array(data.finding_labels)
    fholdout = np.array(data.finding_holdout)
    maps: dict[str, IsotonicMap] = {}
    per_check: dict[str, Any] = {}
    # A map per check, and per check and severity where that has enough findings of its own: a
    # check's minor hints are right less often than its major findings at the same raw value.
    for name in sorted(set(checks) | set(keyed)):
        chosen = (keyed == name) if "/" in name else (checks == name)
        tr = chosen & ~fholdout
        te = chosen & fholdout
        positives, negatives = int(flabels[tr].sum()), int((1 - flabels[tr]).sum())
        if tr.sum() >= args.min_samples and positives >= args.min_class and negatives >= args.min_class:
            maps[name] = fit_isotonic(raw[tr], flabels[tr], prior_strength=args.prior)
        calibrated = maps[name](raw[te]) if name in maps else raw[te]
        per_check[name] = {
            "train": int(tr.sum()), "train_positive": positives,
            "held_out": int(te.sum()), "held_out_positive": int(flabels[te].sum()),
            "fitted": name in maps,
            "before": _metrics(raw[te], flabels[te]) if te.any() else None,
            "after": _metrics(calibrated, flabels[te]) if te.any() else None,
        }
    te_all = fholdout
    after_all = np.array([maps[k](r).item() if k in maps else maps[c](r).item() if c in maps else r
                          for c, k, r in zip(checks[te_all], keyed[te_all], raw[te_all])])
    confidence = {
        "held_out": int(te_all.sum()), "held_out_positive": int(flabels[te_all].sum()),
        "before": _metrics(raw[te_all], flabels[te_all]),
        "after": _metrics(after_all, flabels[te_all]),
        "by_check": per_check,
    }
    settings = {k: getattr(args, k) for k in ("seed", "po", "holdout", "l2", "min_samples", "min_class", "prior",
                                              "adequate_share")}
    metrics = {"settings": settings, "data": data.counts, "adequacy": adequacy, "confidence": confidence}
    split = (f"held out: sha1('{args.seed}:<pair id or story name>') mod 100 < {args.holdout} "
             f"(all variants of a pair on its side); fitted on the rest")
    calibration = Calibration(
        model=signature,
        adequacy_features=LINK_FEATURES,
        adequacy_model=model,
        adequacy_impute=tuple(round(float(v), 6) for v in impute),
        confidence_maps=maps,
        min_samples=args.min_samples,
        metrics=metrics,
        split=split,
    )
    return calibration, metrics


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_table(metrics: dict[str, Any]) -> str:
    d, a, c = metrics["data"], metrics["adequacy"], metrics["confidence"]
    lines = [
        f"data: {d['pairs']} correct pairs {d['pairs_by_origin']} ({d['pairs_held_out']} held out), "
        f"{d['variants']} variants, {d['stories']} stories; "
        f"{d['seconds']['pairs']:.0f} s pairs, {d['seconds']['stories']:.0f} s stories",
        "",
        f"sentence adequacy, held out ({a['held_out']} links, {a['held_out_positive']} correct; "
        f"ECE/Brier weighted to {metrics['settings']['adequate_share']:.0%} adequate)",
        f"{'score':<30}{'AUC':>8}{'ECE':>8}{'Brier':>8}",
    ]
    for label, key in (("self-calibrated P(translation)", "self_calibrated_probability"),
                       ("calibrated P(adequate)", "calibrated")):
        m = a[key]
        lines.append(f"{label:<30}{_fmt(m['auc']):>8}{_fmt(m['ece']):>8}{_fmt(m['brier']):>8}")
    lines += ["", f"  AUC correct vs each variant kind (held out){'':<2}{'n':>5}{'old':>8}{'new':>8}"]
    for kind, m in a["auc_by_kind"].items():
        lines.append(f"  {kind:<44}{m['n']:>5}{_fmt(m['self_calibrated_probability']):>8}{_fmt(m['calibrated']):>8}")
    lines += [
        "",
        f"finding confidence, held out ({c['held_out']} findings, {c['held_out_positive']} true)",
        f"{'check':<21}{'train':>7}{'(+)':>6}{'test':>6}{'(+)':>6}{'fitted':>8}"
        f"{'ECE raw':>9}{'ECE cal':>9}{'Brier raw':>11}{'Brier cal':>11}",
    ]
    checks_only = [v for k, v in c["by_check"].items() if "/" not in k]
    rows = [*c["by_check"].items(), ("all", {"train": sum(v["train"] for v in checks_only),
                                             "train_positive": sum(v["train_positive"] for v in checks_only),
                                             "held_out": c["held_out"], "held_out_positive": c["held_out_positive"],
                                             "fitted": None, "before": c["before"], "after": c["after"]})]
    for name, v in rows:
        before, after = v["before"] or {}, v["after"] or {}
        fitted = "" if v["fitted"] is None else ("yes" if v["fitted"] else "no")
        lines.append(f"{name:<21}{v['train']:>7}{v['train_positive']:>6}{v['held_out']:>6}{v['held_out_positive']:>6}"
                     f"{fitted:>8}{_fmt(before.get('ece')):>9}{_fmt(after.get('ece')):>9}"
                     f"{_fmt(before.get('brier')):>11}{_fmt(after.get('brier')):>11}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write mtqa/resources/calibration/<model>.json")
    parser.add_argument("--seed", type=int, default=0, help="random seed (sampling, injections, split)")
    parser.add_argument("--po", type=int, default=300, help="gettext pairs to sample when the cache exists (0: none)")
    parser.add_argument("--holdout", type=int, default=30, help="percent of pairs and stories held out")
    parser.add_argument("--l2", type=float, default=1e-3, help="L2 penalty of the adequacy model")
    parser.add_argument("--min-samples", type=int, default=DEFAULT_MIN_SAMPLES,
                        help="train findings a check needs for its own confidence map")
    parser.add_argument("--min-class", type=int, default=3,
                        help="true and false findings a check needs (each) for its own map")
    parser.add_argument("--prior", type=float, default=2.0,
                        help="pseudo-samples at a check's overall rate added to each isotonic block")
    parser.add_argument("--adequate-share", type=float, default=0.9,
                        help="share of adequate sentences the adequacy probability is calibrated for (a newsroom's "
                             "MT output: most sentences are right)")
    parser.add_argument("--model", default="e5-small")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    args = parser.parse_args(argv)
    from mtqa.encoders import get_encoder

    encoder = get_encoder(args.model)
    data = collect(args, encoder)
    calibration, metrics = fit(data, args, encoder.signature)
    print(json.dumps(metrics, indent=2) if args.json else format_table(metrics))
    if args.write:
        RESOURCE_DIR.mkdir(parents=True, exist_ok=True)
        path = RESOURCE_DIR / f"{resource_name(encoder.signature)}.json"
        path.write_text(json.dumps(calibration.to_dict(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
