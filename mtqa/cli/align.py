"""``mtqa align``: align stories in a batch, sentences in a story, words in a sentence."""

from __future__ import annotations

import argparse

from mtqa.cli.common import (
    add_encoding_arg,
    add_language_args,
    add_model_args,
    add_output_args,
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

    words = sub.add_parser(
        "words", help="align the words of sentence pairs (SimAlign-style, from the encoder's middle layers)",
        description="Word alignment. FILE has one pair per line, 'source ||| target'. By default tokens are "
        "separated by spaces, as the usual word-alignment tools take them; --raw tokenizes raw sentences. "
        "Output: Pharaoh 'i-j' links (0-based) per line, or JSONL with probabilities and character offsets.",
    )
    words.add_argument("input", help="file of 'source ||| target' lines ('-' = stdin)")
    add_language_args(words)
    words.add_argument("--raw", action="store_true", help="sentences are raw text: tokenize them")
    words.add_argument("--method", choices=("argmax", "itermax", "match"), default="argmax")
    words.add_argument("--layer", type=int, default=7, help="hidden layer to align from (default: 7)")
    words.add_argument("--level", choices=("word", "subword"), default="word",
                       help="link averaged word vectors, or subwords mapped to words")
    words.add_argument("--aligner", choices=("neural", "eflomal", "combined"), default="neural",
                       help="neural (SimAlign-style, default), eflomal (statistical, trained here on the input "
                       "plus --train) or combined (neural links plus agreeing eflomal links)")
    words.add_argument("--train", metavar="TSV", default=None,
                       help="extra parallel text for eflomal: 'source<TAB>target' lines, streamed")
    words.add_argument("--symmetrization", default="grow-diag-final-and",
                       choices=("grow-diag-final-and", "grow-diag-final", "grow-diag", "intersection", "union"),
                       help="how eflomal's two directions are merged")
    add_model_args(words)
    add_encoding_arg(words)
    add_output_args(words, ("pharaoh", "jsonl"))
    words.set_defaults(handler=command_words)

    docs = sub.add_parser(
        "docs", help="match translated stories to their source stories in a batch",
        description="Document alignment. SOURCE and TARGET are each a directory of .txt stories, a JSONL file of "
        "stories ({\"id\", \"text\", \"language\"?}) or one story file. Output: one record per matched pair (score, "
        "calibrated confidence, signals, near-duplicates) and per story left unmatched (best candidate, reason); "
        "a pair below --threshold is never forced.",
    )
    docs.add_argument("source", help="source stories: directory, JSONL or text file")
    docs.add_argument("target", help="translated stories: directory, JSONL or text file")
    add_language_args(docs)
    docs.add_argument("--presplit", action="store_true", help="text stories are one sentence per line")
    docs.add_argument("--threshold", type=float, default=None,
                      help="lowest combined score of a pair (default: 0.4)")
    add_model_args(docs)
    add_encoding_arg(docs)
    add_output_args(docs, ("jsonl", "tsv"))
    docs.set_defaults(handler=command_docs)


def command_sents(args: argparse.Namespace) -> int:
    from mtqa.align.sentence import SentenceAlignerConfig, align_sentences
    from mtqa.encoders import get_encoder
    from mtqa.errors import UsageError
    from mtqa.io import read_story
    from mtqa.lang import check_language_pair, verify_language

    if not 1 <= args.max_overlap <= 4:
        raise UsageError("--max-overlap must be between 1 and 4")
    src_lang, tgt_lang = check_language_pair(args.src_lang, args.tgt_lang)
    source = read_story(args.source, src_lang, presplit=args.presplit, encoding=args.encoding)
    target = read_story(args.target, tgt_lang, presplit=args.presplit, encoding=args.encoding)
    verify_language(source.text, src_lang, path=args.source)
    verify_language(target.text, tgt_lang, path=args.target)
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


def command_docs(args: argparse.Namespace) -> int:
    from mtqa.align.document import DocumentAlignerConfig, align_documents
    from mtqa.encoders import get_encoder
    from mtqa.errors import InputError
    from mtqa.io import read_documents
    from mtqa.lang import base_language, check_language_pair

    src_lang, tgt_lang = check_language_pair(args.src_lang, args.tgt_lang)
    sources = read_documents(args.source, src_lang, presplit=args.presplit, encoding=args.encoding)
    targets = read_documents(args.target, tgt_lang, presplit=args.presplit, encoding=args.encoding)
    # JSONL records may name their own language: a "source" in the target language means the
    # inputs are swapped or mixed up, which would only produce nonsense matches.
    for docs, side, other in ((sources, "source", tgt_lang), (targets, "translation", src_lang)):
        for doc in docs:
            if base_language(doc.language) == base_language(other):
                raise InputError(f"{side} story {doc.id!r} is in {doc.language}, the language of the other side",
                                 path=args.source if side == "source" else args.target,
                                 hint="check --src-lang / --tgt-lang and that SOURCE and TARGET are not swapped")
    config = DocumentAlignerConfig() if args.threshold is None else DocumentAlignerConfig(threshold=args.threshold)
    encoder = get_encoder(args.model, device=args.device, threads=args.threads)
    result = align_documents(sources, targets, encoder, config, batch_size=args.batch_size)
    records = result.records()
    if args.format == "tsv":
        rows = [[r["type"], r.get("source_id", ""), r.get("target_id", ""),
                 r.get("score", r.get("best_score")), r.get("confidence", ""), r.get("best_candidate", ""),
                 ",".join(f"{d['side']}:{d['id']}" for d in r.get("near_duplicates", ())) or r.get("near_duplicate_of", ""),
                 r.get("reason", "")] for r in records]
        write_table(rows, ["type", "source_id", "target_id", "score", "confidence", "best_candidate",
                           "near_duplicates", "reason"], args.output)
    else:
        write_records(records, args.output)
    return 0


def read_pair_lines(path: str, encoding: str) -> list[tuple[str, str]]:
    """``source ||| target`` lines; a line without the separator is an error naming it."""
    from mtqa.errors import InputError
    from mtqa.io.common import display_name, read_text

    pairs = []
    for number, line in enumerate(read_text(path, encoding=encoding).split("\n"), start=1):
        if not line.strip():
            continue
        if line.count("|||") != 1:
            raise InputError("expected one 'source ||| target' pair per line", path=display_name(path), line=number)
        src, tgt = line.split("|||")
        pairs.append((src.strip(), tgt.strip()))
    return pairs


def command_words(args: argparse.Namespace) -> int:
    from mtqa.align.word import WordAligner
    from mtqa.encoders import get_encoder
    from mtqa.lang import check_language_pair

    check_language_pair(args.src_lang, args.tgt_lang)
    pairs = read_pair_lines(args.input, args.encoding)
    tokenizer = "words" if args.raw else "whitespace"
    neural = None
    if args.aligner != "eflomal":
        neural = WordAligner(get_encoder(args.model, device=args.device, threads=args.threads), layer=args.layer,
                             method=args.method, level=args.level, tokenizer=tokenizer)
    if args.aligner == "neural":
        aligner = neural
        results = neural.align_batch(pairs, batch_size=args.batch_size)
    else:
        from mtqa.align.combine import CombinedAligner
        from mtqa.align.statistical import EflomalAligner, iter_tsv_pairs

        statistical = EflomalAligner(symmetrization=args.symmetrization, tokenizer=tokenizer)
        extra = iter_tsv_pairs(args.train) if args.train else None
        if args.aligner == "eflomal":
            aligner = statistical
            results = statistical.align_batch(pairs, extra_training=extra)
        else:
            aligner = CombinedAligner(neural, statistical)
            results = aligner.align_batch(pairs, extra_training=extra, batch_size=args.batch_size)
    if args.format == "pharaoh":
        with open_output(args.output) as handle:
            handle.writelines(r.to_pharaoh() + "\n" for r in results)
    else:
        # WordAligner.signature is a property; the statistical aligners take the training size.
        signature = aligner.signature if isinstance(aligner, WordAligner) else aligner.signature(len(pairs))
        write_records(({"line": k, **r.to_dict(), "signature": signature} for k, r in enumerate(results, start=1)),
                      args.output)
    return 0
