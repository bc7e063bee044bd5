"""``mtqa split``: split stories into sentences, with character offsets."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from mtqa.cli.common import add_encoding_arg, add_output_args, write_records, write_table
from mtqa.data import Document, Signature
from mtqa.io import read_documents, write_jsonl_documents
from mtqa.io.common import open_output
from mtqa.sentences import splitter_name


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "split", help="split stories into sentences (with character offsets)",
        description="Split stories into sentences by language rules (Greek ';' is a question mark). "
        "Input: a text file, a JSONL file of stories or a directory.",
    )
    parser.add_argument("input", help="story file, JSONL of stories, or directory ('-' = stdin)")
    parser.add_argument("--lang", required=False, help="language of the stories (BCP-47); JSONL records may carry their own")
    parser.add_argument("--presplit", action="store_true", help="input is already one sentence per line")
    add_encoding_arg(parser)
    add_output_args(parser, ("jsonl", "tsv", "lines", "documents"))
    parser.set_defaults(handler=command)


def sentence_records(docs: list[Document], presplit: bool = False) -> Iterator[dict[str, Any]]:
    for doc in docs:
        signature = Signature({"task": "split", "lang": doc.language, "splitter": splitter_name(presplit)}).format()
        for index, seg in enumerate(doc.segments):
            yield {"doc": doc.id, "index": index, "start": seg.start, "end": seg.end, "text": seg.text,
                   "signature": signature}


def command(args: argparse.Namespace) -> int:
    docs = read_documents(args.input, args.lang, presplit=args.presplit, encoding=args.encoding)
    if args.format == "documents":
        write_jsonl_documents(docs, args.output)
    elif args.format == "jsonl":
        write_records(sentence_records(docs, args.presplit), args.output)
    elif args.format == "tsv":
        rows = [[r["doc"], r["index"], r["start"], r["end"], r["text"]] for r in sentence_records(docs)]
        write_table(rows, ["doc", "index", "start", "end", "text"], args.output)
    else:
        with open_output(args.output) as handle:
            for record in sentence_records(docs):
                handle.write(" ".join(record["text"].split()) + "\n")
    return 0
