"""Benchmark word alignment on the hand-made gold set: AER per layer × method × level, and speed.

Usage: python scripts/bench_word_align.py [--encoder e5-small] [--gold tests/data/word_align_gold.jsonl]
                                          [--layers 4-9] [--json out.json]

Gold lines are JSON: ``src``, ``tgt``, ``sure`` and ``possible`` (Pharaoh ``i-j``, over the word
indices of :func:`mtqa.align.tokenize.word_spans`), ``lang`` (e.g. ``el-en``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from mtqa.align.word import LEVELS, METHODS, WordAligner
from mtqa.encoders import get_encoder
from mtqa.metrics.alignment import load_gold_jsonl, word_alignment_scores

ROOT = Path(__file__).resolve().parents[1]

def parse_layers(spec: str) -> list[int]:
    if "-" in spec:
        lo, hi = spec.split("-")
        return list(range(int(lo), int(hi) + 1))
    return [int(x) for x in spec.split(",")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--encoder", default="e5-small")
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "word_align_gold.jsonl")
    ap.add_argument("--layers", default="4-9")
    ap.add_argument("--json", type=Path, help="write all scores here")
    args = ap.parse_args(argv)

    gold = load_gold_jsonl(args.gold)
    langs = sorted({g["lang"] for g in gold})
    pairs = [(g["src"], g["tgt"]) for g in gold]
    t0 = time.perf_counter()
    encoder = get_encoder(args.encoder)
    counts = ", ".join(f"{lang}: {sum(g['lang'] == lang for g in gold)}" for lang in langs)
    print(f"encoder {encoder.signature} loaded in {time.perf_counter() - t0:.1f}s; "
          f"{len(gold)} pairs ({counts})")

    results = []
    header = f"{'layer':>5} {'method':<8} {'level':<8} " + " ".join(f"{'AER ' + lang:>10}" for lang in langs)
    header += f" {'AER all':>8} {'P':>6} {'R':>6} {'F1':>6}"
    print(header)
    for layer in parse_layers(args.layers):
        for level in LEVELS:
            for method in METHODS:
                aligner = WordAligner(encoder, layer=layer, method=method, level=level)
                pred = [r.link_set() for r in aligner.align_batch(pairs)]
                row: dict = {"layer": layer, "method": method, "level": level}
                for lang in langs:
                    idx = [k for k, g in enumerate(gold) if g["lang"] == lang]
                    row[lang] = word_alignment_scores(
                        [gold[k]["S"] for k in idx], [gold[k]["P"] for k in idx], [pred[k] for k in idx]
                    )
                row["all"] = word_alignment_scores([g["S"] for g in gold], [g["P"] for g in gold], pred)
                results.append(row)
                a = row["all"]
                print(f"{layer:>5} {method:<8} {level:<8} "
                      + " ".join(f"{row[lang]['aer']:>10.3f}" for lang in langs)
                      + f" {a['aer']:>8.3f} {a['precision']:>6.3f} {a['recall']:>6.3f} {a['f1']:>6.3f}")

    best = min(results, key=lambda r: r["all"]["aer"])
    print(f"best: layer {best['layer']} {best['method']} {best['level']}: AER {best['all']['aer']:.3f}")

    # Speed of the default configuration, cold (token cache cleared): best of 5 runs, since the
    # machine may be shared; one pair at a time vs all pairs through align_batch.
    default = WordAligner(encoder)
    for size in (1, 32):
        times = []
        for _ in range(5):
            encoder.clear_cache()
            t0 = time.perf_counter()
            if size == 1:
                for p in pairs:
                    default.align(*p)
            else:
                default.align_batch(pairs, batch_size=size)
            times.append(time.perf_counter() - t0)
        print(f"speed ({default!r}, {'one by one' if size == 1 else f'batch {size}'}, cold cache): "
              f"{len(pairs) / min(times):.0f} pairs/s")

    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
