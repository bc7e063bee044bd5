#!/usr/bin/env python3
"""Time a 40-sentence story pair aligned at sentence and word level, warm (model loaded,
caches cleared between runs so every run embeds for real).

Usage: python scripts/bench_align_story.py [--sentences 40] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtqa.align.story import align_story  # noqa: E402
from mtqa.encoders import get_encoder  # noqa: E402
from mtqa.io import read_story  # noqa: E402
from mtqa.sentences import segment_document  # noqa: E402


def story_pair(count: int):
    """The seed story followed by the el-en corpus stories, cut to ``count`` source sentences."""
    src_sents, tgt_sents = [], []
    pairs = [(ROOT / "seeds/el/000_8eb1468b56704020.txt", ROOT / "seeds/en/000_8eb1468b56704020.txt")]
    pairs += [(p, p.with_name(p.name.replace(".el.txt", ".en.txt"))) for p in sorted((ROOT / "corpora/el-en").glob("*.el.txt"))]
    for src_path, tgt_path in pairs:
        src_sents += read_story(src_path, "el").sentences
        tgt_sents += read_story(tgt_path, "en").sentences
    ratio = len(tgt_sents) / len(src_sents)
    src = segment_document("src", "el", "\n".join(src_sents[:count]), presplit=True)
    tgt = segment_document("tgt", "en", "\n".join(tgt_sents[: round(count * ratio)]), presplit=True)
    return src, tgt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--model", default="e5-small")
    args = parser.parse_args(argv)
    encoder = get_encoder(args.model)
    src, tgt = story_pair(args.sentences)
    align_story(src, tgt, encoder)  # warm-up: first batches pay for memory allocation
    times = []
    for _ in range(args.runs):
        encoder.clear_cache()
        start = time.perf_counter()
        result = align_story(src, tgt, encoder)
        times.append(time.perf_counter() - start)
    links = len(result.sentences.alignments)
    words = len(result.word_links())
    print(f"story pair {len(src.segments)} x {len(tgt.segments)} sentences "
          f"({sum(len(s.split()) for s in src.sentences)} / {sum(len(s.split()) for s in tgt.sentences)} words): "
          f"{links} sentence links, {words} word links")
    print(f"sentence + word alignment, warm, {args.runs} runs: median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
