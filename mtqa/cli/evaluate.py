"""``mtqa eval``: evaluation scripts (MT scores now; alignment and detection metrics to come)."""

from __future__ import annotations

import argparse
from pathlib import Path

from mtqa.cli.common import not_yet, write_json, write_table
from mtqa.io.common import read_text
from mtqa.metrics.mt import MT_METRICS, score_mt


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("eval", help="evaluation scripts: MT metrics, alignment and detection metrics",
                                   description="Evaluation scripts.")
    sub = parser.add_subparsers(dest="eval_command", metavar="<what>", required=True)
    mt = sub.add_parser("mt", help="BLEU/chrF/TER through sacrebleu for one or more systems",
                        description="Score line-aligned hypothesis files against references with sacrebleu.")
    mt.add_argument("--hyp", nargs="+", required=True, metavar="FILE", help="hypothesis files, one segment per line")
    mt.add_argument("--ref", nargs="+", required=True, metavar="FILE", help="reference files, one segment per line")
    mt.add_argument("--metrics", default="bleu,chrf,ter", help=f"comma-separated, from {','.join(MT_METRICS)}")
    mt.add_argument("--tgt-lang", default=None, help="target language (selects BLEU's tokenizer for zh/ja/ko)")
    mt.add_argument("--segments", action="store_true", help="include segment-level scores (json only)")
    mt.add_argument("--format", choices=("text", "json", "tsv"), default="text")
    mt.add_argument("-o", "--output", default="-", metavar="FILE")
    mt.add_argument("--encoding", default="utf-8")
    mt.set_defaults(handler=command_mt)
    align = sub.add_parser(
        "align", help="alignment metrics: sentence (vecalign format) or word (Pharaoh) alignments against gold",
        description="Sentence alignment: strict and lax precision/recall/F1 over many-to-many links, from "
        "vecalign-format files ('[0, 1]:[2]:0.1' per line; several documents: give one --gold/--pred file each). "
        "Word alignment: precision, recall, F1 and AER (Och & Ney) from Pharaoh files, one sentence per line "
        "('i-j' sure, 'i?j' or 'ipj' possible).",
    )
    align.add_argument("--gold", nargs="+", required=True, metavar="FILE")
    align.add_argument("--pred", nargs="+", required=True, metavar="FILE")
    align.add_argument("--level", choices=("sentence", "word"), default="sentence")
    align.add_argument("--include-empty", action="store_true",
                       help="sentence level: count deletions and insertions too (strictly)")
    align.add_argument("-o", "--output", default="-", metavar="FILE")
    align.add_argument("--encoding", default="utf-8")
    align.set_defaults(handler=command_align)
    detect = sub.add_parser("detect", help="detection metrics (not in this version yet)")
    detect.set_defaults(handler=lambda args: not_yet("eval detect", "detection metrics"))


def _lines(path: str, encoding: str) -> list[str]:
    text = read_text(path, encoding=encoding)
    return text[:-1].split("\n") if text.endswith("\n") else text.split("\n")


def command_mt(args: argparse.Namespace) -> int:
    hypotheses = {Path(h).name if h != "-" else "stdin": _lines(h, args.encoding) for h in args.hyp}
    references = [_lines(r, args.encoding) for r in args.ref]
    metrics = [m.strip() for m in args.metrics.split(",") if m.strip()]
    result = score_mt(hypotheses, references, metrics, target_language=args.tgt_lang, segment_scores=args.segments)
    if args.format == "json":
        write_json(result, args.output)
        return 0
    header = ["system", *metrics]
    rows = [[name, *(f"{scores[m]['score']:.2f}" for m in metrics)] for name, scores in result["systems"].items()]
    if args.format == "tsv":
        write_table(rows, header, args.output)
        return 0
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)) for r in [header, *rows]]
    lines += [f"{m}: {sig}" for m, sig in result["signatures"].items()]
    from mtqa.io.common import open_output

    with open_output(args.output) as handle:
        handle.write("\n".join(lines) + "\n")
    return 0


def command_align(args: argparse.Namespace) -> int:
    """Score predicted alignments against gold ones; prints JSON with the metrics and a signature."""
    from mtqa.data import Signature
    from mtqa.errors import UsageError

    if len(args.gold) != len(args.pred):
        raise UsageError(f"{len(args.gold)} gold files but {len(args.pred)} prediction files")
    if args.level == "word":
        from mtqa.errors import InputError
        from mtqa.metrics.alignment import parse_pharaoh, word_alignment_scores

        sure, possible, predicted = [], [], []
        for gold_path, pred_path in zip(args.gold, args.pred):
            gold_lines, pred_lines = _lines(gold_path, args.encoding), _lines(pred_path, args.encoding)
            if len(gold_lines) != len(pred_lines):
                raise InputError(f"{len(gold_lines)} gold lines but {len(pred_lines)} predicted lines in {pred_path}",
                                 path=pred_path)
            for g, p in zip(gold_lines, pred_lines):
                s, pos = parse_pharaoh(g)
                sure.append(s)
                possible.append(pos)
                predicted.append(parse_pharaoh(p)[1])
        scores = word_alignment_scores(sure, possible, predicted)
    else:
        from mtqa.metrics.sentence_alignment import parse_vecalign, sentence_alignment_scores

        per_document = []
        for gold_path, pred_path in zip(args.gold, args.pred):
            gold = parse_vecalign(_lines(gold_path, args.encoding), path=gold_path)
            pred = parse_vecalign(_lines(pred_path, args.encoding), path=pred_path)
            doc = sentence_alignment_scores(gold, pred, include_empty=args.include_empty)
            per_document.append({"gold": gold_path, "pred": pred_path, **doc})
        scores = {"documents": per_document,
                  "strict": _mean(per_document, "strict"), "lax": _mean(per_document, "lax")}
    scores["signature"] = Signature({"task": f"eval-align-{args.level}", "documents": len(args.gold),
                                     "empty": "yes" if args.include_empty else "no"}).format()
    write_json(scores, args.output)
    return 0


def _mean(documents: list[dict], kind: str) -> dict[str, float]:
    """Macro average over documents: each document weighs the same."""
    return {k: sum(d[kind][k] for d in documents) / len(documents) for k in ("precision", "recall", "f1")}
