#!/usr/bin/env python3
"""Benchmark sentence alignment on mtqa's own corpora with injected merges, splits, drops, moves
and insertions, and time it on long texts.

For each language pair in ``corpora/``, the correct translations of all stories are joined into
one document; paragraphs whose sentence counts differ are left out so the base alignment is
known to be 1-1. Each trial then edits the translation (three edits among: merge two sentences,
split one at a comma, drop one, move one far away, insert an unrelated sentence) and records the
gold links by construction. The seed story (whose gold has two 1-2 links) is scored as it is.

Usage: python scripts/bench_sentence_align.py [--trials 10] [--long 1000] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtqa.align.sentence import SentenceAlignerConfig, align_vectors, number_anchors  # noqa: E402
from mtqa.encoders import get_encoder  # noqa: E402
from mtqa.io import read_story  # noqa: E402
from mtqa.sentences import paragraph_segments  # noqa: E402
from mtqa.metrics.sentence_alignment import sentence_alignment_scores  # noqa: E402

OPS = ("merge", "split", "drop", "move", "insert")


def parallel_sentences(pair_dir: Path) -> list[tuple[str, str]]:
    """1-1 sentence pairs of the correct translations, from paragraphs with equal sentence counts."""
    src_lang, tgt_lang = pair_dir.name.split("-")
    pairs: list[tuple[str, str]] = []
    for src_file in sorted(pair_dir.glob(f"*.{src_lang}.txt")):
        story = src_file.name[: -len(f".{src_lang}.txt")]
        src = read_story(src_file, src_lang)
        tgt = read_story(pair_dir / f"{story}.{tgt_lang}.txt", tgt_lang)
        for sp, tp in zip(paragraph_segments(src), paragraph_segments(tgt)):
            if len(sp) == len(tp):
                pairs.extend((s.text, t.text) for s, t in zip(sp, tp))
    return pairs


def _split_at_comma(sentence: str) -> tuple[str, str] | None:
    commas = [i for i, ch in enumerate(sentence) if ch in ",，"]
    if not commas:
        return None
    cut = min(commas, key=lambda i: abs(i - len(sentence) / 2))
    head, tail = sentence[:cut].rstrip(), sentence[cut + 1:].strip()
    if len(head) < 15 or len(tail) < 15:
        return None
    return head + ".", tail[0].upper() + tail[1:]


def inject(pairs: list[tuple[str, str]], fillers: list[str], rng: random.Random):
    """Edit the translation side; return source sentences, target sentences and gold links."""
    # Units of the target: (text, source indices); edits rewrite this list.
    units: list[tuple[str, tuple[int, ...]]] = [(t, (i,)) for i, (_, t) in enumerate(pairs)]
    gold_deleted: list[int] = []
    used: set[int] = set()
    ops = rng.sample(OPS, 3)
    for op in ops:
        free = [k for k in range(len(units) - 1) if k not in used and k + 1 not in used and len(units[k][1]) == 1]
        if not free:
            break
        k = rng.choice(free)
        if op == "merge":
            units[k: k + 2] = [(units[k][0] + " " + units[k + 1][0], units[k][1] + units[k + 1][1])]
            used.add(k)
        elif op == "split":
            halves = _split_at_comma(units[k][0])
            if halves is None:
                continue
            units[k: k + 1] = [(halves[0], units[k][1]), (halves[1], units[k][1])]
            used.update({k, k + 1})
        elif op == "drop":
            gold_deleted.append(units[k][1][0])
            del units[k]
        elif op == "move":
            unit = units.pop(k)
            far = [p for p in range(len(units) + 1) if abs(p - k) >= 4]
            if not far:
                units.insert(k, unit)
                continue
            units.insert(rng.choice(far), unit)
        elif op == "insert":
            units.insert(k, (rng.choice(fillers), ()))
        used = {u for u in used if u < len(units)}
    tgt_sents: list[str] = []
    by_source: dict[tuple[int, ...], list[int]] = {}
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for text, src in units:
        j = len(tgt_sents)
        tgt_sents.append(text)
        if src:
            by_source.setdefault(src, []).append(j)
        else:
            gold.append(((), (j,)))
    gold += [(src, tuple(js)) for src, js in by_source.items()]
    gold += [((i,), ()) for i in gold_deleted]
    return [s for s, _ in pairs], tgt_sents, gold, ops


def score_case(encoder, src_sents, tgt_sents, gold, config):
    vecs = encoder.embed([*src_sents, *tgt_sents], layer=config.layer)
    sv, tv = vecs[: len(src_sents)], vecs[len(src_sents):]
    pred = align_vectors(sv, tv, np.array([len(s) for s in src_sents], float),
                         np.array([len(t) for t in tgt_sents], float), config,
                         src_anchors=[number_anchors(s) for s in src_sents],
                         tgt_anchors=[number_anchors(t) for t in tgt_sents])
    links = [(a.source, a.target) for a in pred]
    return (sentence_alignment_scores(gold, links), sentence_alignment_scores(gold, links, include_empty=True),
            sum(a.moved for a in pred))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--long", type=int, nargs="*", default=[1000],
                        help="sentences per side for speed runs, e.g. --long 1000 10000 (none: skip)")
    parser.add_argument("--model", default="e5-small")
    parser.add_argument("--anchor-weight", type=float, default=SentenceAlignerConfig.anchor_weight)
    parser.add_argument("--layer", type=int, default=None, help="encoder layer of sentence vectors (default: last)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    encoder = get_encoder(args.model)
    config = SentenceAlignerConfig(anchor_weight=args.anchor_weight, layer=args.layer)
    pair_dirs = sorted(p.parent for p in (ROOT / "corpora").glob("*/errors.json"))
    fillers = [t for d in pair_dirs for _, t in parallel_sentences(d)]
    rows = []
    totals = {"strict": [], "lax": [], "strict+empty": []}
    for pair_dir in pair_dirs:
        pairs = parallel_sentences(pair_dir)
        per = {"strict": [], "lax": [], "strict+empty": []}
        for trial in range(args.trials):
            rng = random.Random(f"{pair_dir.name}-{trial}")
            own = {t for _, t in pairs}
            src, tgt, gold, _ = inject(pairs, [f for f in fillers if f not in own], rng)
            main_scores, empty_scores, _ = score_case(encoder, src, tgt, gold, config)
            per["strict"].append(main_scores["strict"]["f1"])
            per["lax"].append(main_scores["lax"]["f1"])
            per["strict+empty"].append(empty_scores["strict"]["f1"])
        rows.append((pair_dir.name, len(pairs), *(float(np.mean(per[k])) for k in per)))
        for k in per:
            totals[k] += per[k]

    seed_src = read_story(ROOT / "seeds/el/000_8eb1468b56704020.txt", "el")
    seed_tgt = read_story(ROOT / "seeds/en/000_8eb1468b56704020.txt", "en")
    seed_gold = [((0,), (0,)), ((1,), (1, 2))] + [((i,), (i + 1,)) for i in range(2, 6)] + [((6,), (7, 8))] + [
        ((i,), (i + 2,)) for i in range(7, len(seed_src.segments))]
    seed_main, seed_empty, _ = score_case(encoder, seed_src.sentences, seed_tgt.sentences, seed_gold, config)
    rows.append(("seed el-en", len(seed_src.segments), seed_main["strict"]["f1"], seed_main["lax"]["f1"],
                 seed_empty["strict"]["f1"]))

    result = {"rows": rows, "mean": {k: float(np.mean(v)) for k, v in totals.items()}, "trials": args.trials}

    result["long"] = []
    base = [p for d in pair_dirs for p in parallel_sentences(d)]
    for size in args.long:
        rng = random.Random(0)
        # Long parallel text: the corpus repeated with numbered sentences so repeats stay distinct.
        src_long = [f"{base[i % len(base)][0]} ({i})" for i in range(size)]
        tgt_long = [f"{base[i % len(base)][1]} ({i})" for i in range(size)]
        dropped = rng.randrange(size)
        del tgt_long[dropped]
        start = time.perf_counter()
        vecs = encoder.embed([*src_long, *tgt_long], layer=config.layer)
        embedded = time.perf_counter()
        links = align_vectors(vecs[: len(src_long)], vecs[len(src_long):], np.array([len(s) for s in src_long], float),
                              np.array([len(t) for t in tgt_long], float), config,
                              src_anchors=[number_anchors(s) for s in src_long],
                              tgt_anchors=[number_anchors(t) for t in tgt_long])
        done = time.perf_counter()
        gold = {((j + (j >= dropped),), (j,)) for j in range(size - 1)} | {((dropped,), ())}
        correct = len(gold & {(a.source, a.target) for a in links}) / len(gold)
        result["long"].append({"sentences": size, "embed_s": embedded - start, "align_s": done - embedded,
                               "total_s": done - start, "recall": correct,
                               "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})

    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"sentence alignment, {args.trials} trials per pair, 3 injected edits each ({', '.join(OPS)})")
    print(f"{'pair':<12} {'sents':>5} {'strict F1':>9} {'lax F1':>7} {'strict F1 incl. 1-0/0-1':>24}")
    for name, count, strict, lax, strict_empty in rows:
        print(f"{name:<12} {count:>5} {strict:>9.3f} {lax:>7.3f} {strict_empty:>24.3f}")
    m = result["mean"]
    print(f"{'mean':<12} {'':>5} {m['strict']:>9.3f} {m['lax']:>7.3f} {m['strict+empty']:>24.3f}")
    for lr in result["long"]:
        print(f"long text {lr['sentences']} x {lr['sentences'] - 1}: embed {lr['embed_s']:.1f} s, "
              f"align {lr['align_s']:.1f} s, total {lr['total_s']:.1f} s, links right {lr['recall']:.3f}, "
              f"peak RSS {lr['peak_rss_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
