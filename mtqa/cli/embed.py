"""``mtqa embed``: sentence embeddings of a file as a .npy matrix."""

from __future__ import annotations

import argparse
import io
import json
import logging

from mtqa.cli.common import add_encoding_arg, add_model_args
from mtqa.io import read_documents
from mtqa.io.common import open_output, write_bytes_atomic

log = logging.getLogger("mtqa.cli")

PREFIXES = {"passage": "passage: ", "query": "query: ", "none": ""}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "embed", help="write sentence embeddings of a file as .npy",
        description="Embed every sentence of the input (one per line with --presplit, else split by --lang) and "
        "write a float32 matrix (n_sentences x dim) as .npy. Row i is sentence i in reading order; "
        "--sentences also writes the sentences as JSONL so rows can be traced back.",
    )
    parser.add_argument("input", help="text file, JSONL of stories or directory ('-' = stdin)")
    parser.add_argument("-o", "--output", required=True, help="output .npy file ('-' = stdout, binary)")
    parser.add_argument("--lang", default=None, help="language of the input (BCP-47)")
    parser.add_argument("--presplit", action="store_true", help="input is one sentence per line")
    parser.add_argument("--prefix", choices=tuple(PREFIXES), default="passage",
                        help="e5 input prefix (default: passage)")
    parser.add_argument("--sentences", default=None, metavar="FILE", help="also write the embedded sentences as JSONL")
    add_model_args(parser)
    add_encoding_arg(parser)
    parser.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    import numpy as np

    from mtqa.encoders import get_encoder

    docs = read_documents(args.input, args.lang, presplit=args.presplit, encoding=args.encoding)
    sentences = [(doc.id, i, seg.text) for doc in docs for i, seg in enumerate(doc.segments)]
    encoder = get_encoder(args.model, device=args.device, threads=args.threads)
    log.info("embedding %d sentences with %s", len(sentences), encoder.signature)
    vectors = encoder.embed([s for _, _, s in sentences], prefix=PREFIXES[args.prefix], batch_size=args.batch_size)
    buffer = io.BytesIO()
    np.save(buffer, vectors.astype(np.float32))
    write_bytes_atomic(args.output, buffer.getvalue())
    if args.sentences:
        with open_output(args.sentences) as handle:
            for doc_id, index, text in sentences:
                handle.write(json.dumps({"doc": doc_id, "index": index, "text": text,
                                         "model": encoder.signature}, ensure_ascii=False) + "\n")
    log.info("wrote %s (%d x %d)", args.output, *vectors.shape)
    return 0
