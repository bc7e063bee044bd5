"""``mtqa convert``: convert segment pairs, glossaries or stories between formats."""

from __future__ import annotations

import argparse
import logging

from mtqa.cli.common import add_encoding_arg
from mtqa.io import (
    GLOSSARY_FORMATS,
    PAIR_FORMATS,
    read_documents,
    read_glossary,
    read_pairs,
    write_glossary,
    write_jsonl_documents,
    write_pairs,
)

log = logging.getLogger("mtqa.cli")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "convert", help="convert pairs (TMX/XLIFF/TSV/JSONL/datasets), glossaries (TBX/TSV/JSON) or stories",
        description="Read one format and write another. Formats follow the file extensions unless "
        f"--from/--to say otherwise. Pairs: {', '.join(PAIR_FORMATS)}. Glossaries: {', '.join(GLOSSARY_FORMATS)}. "
        "Stories: txt, directory or JSONL in, JSONL out.",
    )
    parser.add_argument("input", help="input file or directory ('-' = stdin)")
    parser.add_argument("output", help="output file ('-' = stdout)")
    parser.add_argument("--kind", choices=("pairs", "glossary", "stories"), default="pairs")
    parser.add_argument("--from", dest="from_format", default=None, help="input format (default: by extension)")
    parser.add_argument("--to", dest="to_format", default=None, help="output format (default: by extension)")
    parser.add_argument("--src-lang", default=None, help="source language (BCP-47)")
    parser.add_argument("--tgt-lang", default=None, help="target language (BCP-47)")
    parser.add_argument("--src-field", default=None, help="datasets: column of the source text")
    parser.add_argument("--tgt-field", default=None, help="datasets: column of the target text")
    parser.add_argument("--split", default=None, help="datasets: split to read")
    add_encoding_arg(parser)
    parser.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    if args.kind == "glossary":
        glossary = read_glossary(args.input, args.src_lang, args.tgt_lang, fmt=args.from_format, encoding=args.encoding)
        write_glossary(glossary, args.output, fmt=args.to_format)
        log.info("converted %d glossary entries", len(glossary))
    elif args.kind == "stories":
        docs = read_documents(args.input, args.src_lang, encoding=args.encoding)
        write_jsonl_documents(docs, args.output)
        log.info("converted %d stories", len(docs))
    else:
        from mtqa.errors import UsageError
        from mtqa.lang import check_language_pair

        if not (args.src_lang and args.tgt_lang):
            raise UsageError("converting pairs needs --src-lang and --tgt-lang")
        src, tgt = check_language_pair(args.src_lang, args.tgt_lang)
        options = {k: v for k, v in (("source_field", args.src_field), ("target_field", args.tgt_field),
                                     ("split", args.split)) if v}
        pairs = read_pairs(args.input, src, tgt, fmt=args.from_format, encoding=args.encoding, **options)
        write_pairs(pairs, args.output, fmt=args.to_format)
        log.info("converted %d segment pairs", len(pairs))
    return 0
