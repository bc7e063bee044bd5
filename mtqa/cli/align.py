"""``mtqa align``: align stories in a batch, sentences in a story, words in a sentence."""

from __future__ import annotations

import argparse

from mtqa.cli.common import (
    add_encoding_arg,
    add_language_args,
    add_model_args,
    add_output_args,
    not_yet,
    write_records,
    write_table,
)
from mtqa.io.common import open_output


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("align", help="align documents, sentences or words",
                                   description="Align stories, sentences and words.")
    sub = parser.add_subparsers(dest="align_command", metavar="<level>", required=True)

    sents = sub.add_parser(
        "sents", help="align the sentences of a story and its translation",
        description="Sentence alignment (1-1 up to 1-4/4-1, deletions, insertions, moved sentences) from "
        "multilingual sentence embeddings. Output: one record per link with a calibrated confidence.",
    )
    sents.add_argument("source", help="source story (text, or one sentence per line with --presplit)")
    sents.add_argument("target", help="translated story")
    add_language_args(sents)
    sents.add_argument("--presplit", action="store_true", help="inputs are one sentence per line")
    sents.add_argument("--max-overlap", type=int, default=4, help="largest bead side, 1-4 (default: 4)")
    add_model_args(sents)
    add_encoding_arg(sents)
    add_output_args(sents, ("jsonl", "vecalign", "tsv"))
    sents.set_defaults(handler=command_sents)

    for level, what in (("docs", "document alignment"), ("words", "word alignment")):
        p = sub.add_parser(level, help=f"{what} (not in this version yet)")
        p.add_argument("args", nargs="*", help=argparse.SUPPRESS)
        p.set_defaults(handler=lambda args, what=what: not_yet(f"align {args.align_command}", what))


def command_sents(args: argparse.Namespace) -> int:
    from mtqa.align.sentence import SentenceAlignerConfig, align_sentences
    from mtqa.encoders import get_encoder
    from mtqa.errors import UsageError
    from mtqa.io import read_story
    from mtqa.lang import check_language_pair

    if not 1 <= args.max_overlap <= 4:
        raise UsageError("--max-overlap must be between 1 and 4")
    src_lang, tgt_lang = check_language_pair(args.src_lang, args.tgt_lang)
    source = read_story(args.source, src_lang, presplit=args.presplit, encoding=args.encoding)
    target = read_story(args.target, tgt_lang, presplit=args.presplit, encoding=args.encoding)
    encoder = get_encoder(args.model, device=args.device, threads=args.threads)
    result = align_sentences(source, target, encoder, SentenceAlignerConfig(max_overlap=args.max_overlap),
                             batch_size=args.batch_size)
    if args.format == "vecalign":
        with open_output(args.output) as handle:
            handle.writelines(line + "\n" for line in result.vecalign_lines())
    elif args.format == "tsv":
        rows = [[r["kind"], ",".join(map(str, r["source"])), ",".join(map(str, r["target"])), r["confidence"],
                 r["source_text"], r["target_text"]] for r in result.records()]
        write_table(rows, ["kind", "source", "target", "confidence", "source_text", "target_text"], args.output)
    else:
        signature = result.signature.format()
        write_records(({**r, "signature": signature} for r in result.records()), args.output)
    return 0
