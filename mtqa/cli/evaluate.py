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
    for name, what in (("align", "alignment metrics"), ("detect", "detection metrics")):
        p = sub.add_parser(name, help=f"{what} (not in this version yet)")
        p.set_defaults(handler=lambda args, what=what: not_yet(f"eval {args.eval_command}", what))


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
