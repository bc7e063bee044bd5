"""``mtqa align``: align stories in a batch, sentences in a story, words in a sentence."""

from __future__ import annotations

import argparse

from mtqa.cli.common import not_yet


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("align", help="align documents, sentences or words (not in this version yet)",
                                   description="Align stories, sentences and words.")
    sub = parser.add_subparsers(dest="align_command", metavar="<level>", required=True)
    for level, what in (("docs", "document alignment"), ("sents", "sentence alignment"), ("words", "word alignment")):
        p = sub.add_parser(level, help=f"{what} (not in this version yet)")
        p.add_argument("args", nargs="*", help=argparse.SUPPRESS)
        p.set_defaults(handler=lambda args, what=what: not_yet(f"align {args.align_command}", what))
