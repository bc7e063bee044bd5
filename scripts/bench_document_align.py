#!/usr/bin/env python3
"""Benchmark document alignment: accuracy and speed on a synthetic 500 x 500 batch, and accuracy
on mtqa's own corpora (every source language mixed against every English story).

Synthetic batch (deterministic, ``--seed``): stories are recombined from the 1-1 sentence pairs of
the corpora's correct translations (paragraphs whose sentence counts match), 5-12 sentences
each, same language pair within a story. Every number in a story is replaced consistently on both
sides by a random one of the same length, so stories that share sentences still differ (and
almost every sentence is a distinct text, which the embedding cache cannot shortcut). The batch
holds:

- ``--pairs`` sources with their translation (some of them "updated versions": a copy of another
  story of the batch with extra sentences, translated too: near-duplicates on both sides);
- sources without a translation and translations without a source (unrelated extra stories),
  so that N = M = ``--size``.

Reported: precision and recall of the predicted pairs, how many unmatched stories were correctly
left unmatched, time to embed (e5-small on CPU, ``--threads``) and time to match.

Corpora: the 13 corpus sources (el, de, ru, zh) and the seed story against all 14 English
translations (correct only; then correct + flawed).

Usage: python scripts/bench_document_align.py [--size 500] [--threads 2] [--seed 0] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtqa.align.document import DocumentAlignerConfig, align_documents  # noqa: E402
from mtqa.data import Document  # noqa: E402
from mtqa.encoders import get_encoder  # noqa: E402
from mtqa.io import read_story  # noqa: E402
from mtqa.sentences import segment_document  # noqa: E402

from bench_sentence_align import parallel_sentences  # noqa: E402  (scripts/ is on sys.path when run)


def parallel_pool() -> dict[str, list[tuple[str, str]]]:
    """1-1 sentence pairs per source language, from paragraphs with equal sentence counts."""
    return {pair_dir.name.split("-")[0]: parallel_sentences(pair_dir)
            for pair_dir in sorted(p.parent for p in (ROOT / "corpora").glob("*/errors.json"))}


def _renumber(pairs: list[tuple[str, str]], rng: random.Random) -> list[tuple[str, str]]:
    mapping: dict[str, str] = {}

    def new(match: re.Match[str]) -> str:
        digits = match.group()
        if digits not in mapping:
            first = "0" if digits[0] == "0" else str(rng.randint(1, 9))
            mapping[digits] = first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])
        return mapping[digits]

    return [(re.sub(r"\d+", new, s), re.sub(r"\d+", new, t)) for s, t in pairs]


def _doc(doc_id: str, lang: str, sentences: list[str]) -> Document:
    sep = "" if lang == "zh" else " "
    return segment_document(doc_id, lang, sep.join(sentences))


def synthetic_batch(size: int, paired: int, updates: int, seed: int):
    """(sources, targets, gold source id -> target id)."""
    rng = random.Random(seed)
    pool = parallel_pool()
    langs = sorted(pool)
    stories: list[tuple[str, list[tuple[str, str]]]] = []
    for _ in range(size + (size - paired)):
        lang = rng.choice(langs)
        k = rng.randint(5, 12)
        stories.append((lang, _renumber(rng.sample(pool[lang], min(k, len(pool[lang]))), rng)))
    # Updated versions: an earlier story plus 2-4 new sentences at the end (renumbered consistently
    # with the original would be ideal; new numbers only in the added sentences).
    for u in range(updates):
        lang, base = stories[u]
        extra = _renumber(rng.sample(pool[lang], rng.randint(2, 4)), rng)
        stories[paired - updates + u] = (lang, base + extra)
    sources, targets, gold = [], [], {}
    for k, (lang, pairs) in enumerate(stories[:size]):
        sources.append(_doc(f"s{k:04d}", lang, [s for s, _ in pairs]))
        if k < paired:
            targets.append(_doc(f"t{k:04d}", "en", [t for _, t in pairs]))
            gold[f"s{k:04d}"] = f"t{k:04d}"
    for k, (lang, pairs) in enumerate(stories[size:], start=size):
        targets.append(_doc(f"t{k:04d}", "en", [t for _, t in pairs]))
    rng.shuffle(targets)
    return sources, targets, gold


def evaluate(result, gold: dict[str, str], sources, targets) -> dict[str, float]:
    predicted = result.mapping()
    correct = sum(1 for s, t in predicted.items() if gold.get(s) == t)
    gold_targets = set(gold.values())
    unmatched_src_ok = sum(1 for u in result.unmatched_sources if result.source_ids[u.index] not in gold)
    unmatched_tgt_ok = sum(1 for u in result.unmatched_targets if result.target_ids[u.index] not in gold_targets)
    conf_hi = [p for p in result.pairs if p.confidence >= 0.9]
    conf_hi_ok = sum(1 for p in conf_hi if gold.get(result.source_ids[p.source]) == result.target_ids[p.target])
    return {
        "pairs_gold": len(gold), "pairs_predicted": len(predicted), "pairs_correct": correct,
        "precision": round(correct / max(len(predicted), 1), 4), "recall": round(correct / max(len(gold), 1), 4),
        "unmatched_sources_gold": len(sources) - len(gold), "unmatched_sources_correct": unmatched_src_ok,
        "unmatched_targets_gold": len(targets) - len(gold), "unmatched_targets_correct": unmatched_tgt_ok,
        "confident_pairs": len(conf_hi), "confident_pairs_correct": conf_hi_ok,
    }


def corpus_stories(flawed: bool):
    sources, targets, gold = [], [], {}
    for pair_dir in sorted(p.parent for p in (ROOT / "corpora").glob("*/errors.json")):
        lang = pair_dir.name.split("-")[0]
        for src_file in sorted(pair_dir.glob(f"*.{lang}.txt")):
            stem = src_file.name[: -len(f".{lang}.txt")]
            sources.append(read_story(src_file, lang, doc_id=f"{lang}/{stem}"))
            targets.append(read_story(pair_dir / f"{stem}.en.txt", "en", doc_id=f"en/{stem}"))
            gold[f"{lang}/{stem}"] = f"en/{stem}"
            if flawed:
                targets.append(read_story(pair_dir / f"{stem}.flawed.en.txt", "en", doc_id=f"en/{stem}.flawed"))
    sources.append(read_story(ROOT / "seeds/el/000_8eb1468b56704020.txt", "el", doc_id="el/seed"))
    targets.append(read_story(ROOT / "seeds/en/000_8eb1468b56704020.txt", "en", doc_id="en/seed"))
    gold["el/seed"] = "en/seed"
    random.Random(1).shuffle(targets)
    return sources, targets, gold


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=500)
    parser.add_argument("--paired", type=int, default=None, help="sources with a translation (default 90%%)")
    parser.add_argument("--updates", type=int, default=None, help="updated versions among them (default 4%%)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", default="e5-small")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    paired = args.paired if args.paired is not None else int(args.size * 0.9)
    updates = args.updates if args.updates is not None else int(args.size * 0.04)
    report: dict[str, object] = {"load_average_at_start": [round(x, 2) for x in os.getloadavg()]}

    t0 = time.perf_counter()
    encoder = get_encoder(args.model, device="cpu", threads=args.threads)
    report["model_load_s"] = round(time.perf_counter() - t0, 2)

    sources, targets, gold = synthetic_batch(args.size, paired, updates, args.seed)
    texts = [s for d in (*sources, *targets) for s in d.sentences]
    report["synthetic"] = {"sources": len(sources), "targets": len(targets), "sentences": len(texts),
                           "distinct_sentences": len(set(texts)), "updated_versions": updates}
    encoder.clear_cache()
    t0, c0 = time.perf_counter(), time.process_time()
    encoder.embed(texts)  # fills the cache: the timing of align_documents below is then matching only
    embed_s, embed_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    result = align_documents(sources, targets, encoder, DocumentAlignerConfig())
    match_s, match_cpu = time.perf_counter() - t0, time.process_time() - c0
    report["synthetic"].update(evaluate(result, gold, sources, targets))  # type: ignore[union-attr]
    dup_pairs = sum(1 for p in result.pairs if p.near_duplicates)
    # CPU seconds next to wall seconds: on a shared machine wall time includes waiting for a core.
    report["synthetic"].update({"pairs_with_near_duplicates": dup_pairs, "embed_s": round(embed_s, 2),  # type: ignore[union-attr]
                                "embed_cpu_s": round(embed_cpu, 2), "match_s": round(match_s, 2),
                                "match_cpu_s": round(match_cpu, 2), "total_s": round(embed_s + match_s, 2)})

    for name, flawed in (("corpora", False), ("corpora+flawed", True)):
        sources, targets, gold = corpus_stories(flawed)
        result = align_documents(sources, targets, encoder)
        stats = evaluate(result, gold, sources, targets)
        predicted = result.mapping()
        if flawed:
            # A flawed translation is still a translation of its source: count it as right, and
            # check that each correct/flawed twin is reported as a near-duplicate.
            stats["pairs_correct_or_flawed_twin"] = sum(
                1 for s, t in predicted.items() if t.removesuffix(".flawed") == gold[s])
            stats["pairs_naming_twin"] = sum(
                1 for p in result.pairs if any(d.side == "target" for d in p.near_duplicates))
            stats["extra_twins_reported_near_duplicate"] = sum(
                1 for u in result.unmatched_targets if u.near_duplicate_of is not None)
        stats["mismatched"] = sorted(f"{s}->{t}" for s, t in predicted.items()
                                     if t.removesuffix(".flawed") != gold[s])
        report[name] = stats

    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for section, values in report.items():
            if isinstance(values, dict):
                print(f"[{section}]")
                for key, value in values.items():
                    print(f"  {key}: {value}")
            else:
                print(f"{section}: {values}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
