"""``mtqa glossary``: train candidate term pairs from aligned corpora; merge glossaries."""

from __future__ import annotations

import argparse
import itertools
import logging
from collections.abc import Iterator
from typing import Any

from mtqa.cli.common import add_encoding_arg, add_language_args, add_model_args, progress_bar
from mtqa.data import Glossary, TermEntry
from mtqa.errors import EXIT_OK, InputError, UsageError

log = logging.getLogger("mtqa.cli")

CORPUS_FORMATS = ("tsv", "jsonl", "tmx", "xliff", "hf", "stories")
OUTPUT_FORMATS = ("tsv", "tbx", "json", "jsonl")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("glossary", help="train a bilingual glossary from aligned corpora; merge glossaries",
                                   description="Train candidate term pairs from parallel text and merge them into "
                                   "an existing glossary.")
    sub = parser.add_subparsers(dest="glossary_command", metavar="<what>", required=True)

    train = sub.add_parser(
        "train", help="candidate term pairs from parallel text (eflomal word alignment, phrase extraction)",
        description="Word-align the corpus with eflomal (both directions, grow-diag-final-and), extract the "
        "target words each source term n-gram is consistently aligned to, and count them by lemma. Each candidate "
        "has a count, Dice, log-likelihood ratio, alignment probability (and with --neural the cosine of the two "
        "terms' embeddings), a confidence, variants and an example; candidates are ranked by log-likelihood. "
        "CORPUS: TSV ('source<TAB>target' lines, '#' comments, streamed), JSONL ({src, tgt} per line), TMX, XLIFF, "
        "a Hugging Face dataset (a save_to_disk folder, a data file, or a hub name with --format hf), or with "
        "--format stories two directories of stories paired by file name, whose sentences are aligned with the "
        "model first. Output format from the -o extension (.tsv .tbx .json .jsonl); '-' writes TSV to stdout "
        "unless --to says otherwise. TSV keeps the statistics only in the note column; TBX, JSON and "
        "JSONL keep every field.",
    )
    train.add_argument("corpus", nargs="+",
                       help="parallel corpus file(s), or SOURCE_DIR TARGET_DIR with --format stories")
    add_language_args(train)
    train.add_argument("--format", choices=CORPUS_FORMATS, default=None,
                       help="corpus format (default: from each file's extension; a directory is a dataset)")
    train.add_argument("--split", default=None, help="datasets: split to read")
    train.add_argument("--src-field", default=None, help="datasets: column of the source text")
    train.add_argument("--tgt-field", default=None, help="datasets: column of the target text")
    train.add_argument("--min-count", type=int, default=3, help="segments a term pair must occur in (default: 3)")
    train.add_argument("--max-words", type=int, default=3, help="longest term in words (default: 3)")
    train.add_argument("--top-k", type=int, default=None, metavar="N", help="keep the N best candidates")
    train.add_argument("--keep-identical", action="store_true",
                       help="keep pairs whose two sides read the same (names, acronyms, placeholders)")
    train.add_argument("--neural", action="store_true", help="add the encoder cosine of each kept pair (loads --model)")
    train.add_argument("--merge", metavar="GLOSSARY", default=None,
                       help="existing glossary to merge into: its entries are kept, candidates added for new terms")
    train.add_argument("--presplit", action="store_true", help="stories are one sentence per line (--format stories)")
    _output_args(train)
    add_model_args(train)
    add_encoding_arg(train)
    train.set_defaults(handler=command_train)

    merge = sub.add_parser(
        "merge", help="add a trained glossary's candidates to an approved glossary",
        description="Every entry of APPROVED is kept unchanged (an entry there that is itself a candidate is "
        "refreshed by TRAINED's candidate for the same term); TRAINED's candidates for source terms APPROVED lacks "
        "(compared by lemma) are appended.",
    )
    merge.add_argument("approved", help="the curated glossary (TSV/CSV, TBX, JSON, JSONL)")
    merge.add_argument("trained", help="the trained glossary")
    add_language_args(merge, required=False)
    _output_args(merge)
    add_encoding_arg(merge)
    merge.set_defaults(handler=command_merge)


def _output_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", default="-", metavar="FILE",
                        help="where to write the glossary ('-' = stdout)")
    parser.add_argument("--to", dest="output_format", choices=OUTPUT_FORMATS, default=None,
                        help="glossary format (default: from the -o extension; tsv for stdout)")


def _corpus_pairs(path: str, fmt: str | None, src_lang: str, tgt_lang: str, args: argparse.Namespace) -> Iterator[Any]:
    from mtqa.io import pair_format_for, read_pairs

    fmt = fmt or pair_format_for(path)
    if fmt == "tsv" and not path.lower().endswith(".csv"):
        from mtqa.align.statistical import iter_tsv_pairs

        yield from iter_tsv_pairs(path, encoding=args.encoding)
        return
    options = {}
    if fmt == "hf":
        options = {k: v for k, v in (("source_field", args.src_field), ("target_field", args.tgt_field),
                                     ("split", args.split)) if v}
    pairs = read_pairs(path, src_lang, tgt_lang, fmt=fmt, encoding=args.encoding, **options)
    if not pairs:
        log.warning("%s: no segment pairs", path)
    yield from pairs


def _story_pairs(args: argparse.Namespace, src_lang: str, tgt_lang: str, encoder: Any) -> Iterator[tuple[str, str]]:
    """Sentence pairs of two directories of stories, paired by file name up to the first dot."""
    from mtqa.align.sentence import align_sentences
    from mtqa.io import read_documents
    from mtqa.io.documents import pair_by_id

    if len(args.corpus) != 2:
        raise UsageError("--format stories takes two directories: SOURCE_DIR TARGET_DIR")
    sources = read_documents(args.corpus[0], src_lang, presplit=args.presplit, encoding=args.encoding)
    targets = read_documents(args.corpus[1], tgt_lang, presplit=args.presplit, encoding=args.encoding)
    pairs, lonely_src, lonely_tgt = pair_by_id(sources, targets)
    for doc_id in [*lonely_src, *lonely_tgt]:
        log.warning("story %r has no counterpart with the same file name; skipped", doc_id)
    if not pairs:
        raise InputError("no story in the two directories shares a file name with the other side",
                         path=args.corpus[0], hint="stories pair by file name up to the first dot")
    for source, target in pairs:
        result = align_sentences(source, target, encoder, batch_size=args.batch_size)
        for link in result.alignments:
            if link.source and link.target:  # deletions and insertions have no translation to learn from
                yield (" ".join(source.segments[i].text for i in link.source),
                       " ".join(target.segments[j].text for j in link.target))


def _output_format(args: argparse.Namespace) -> str:
    from mtqa.io import glossary_format_for

    if args.output_format:
        return args.output_format
    return "tsv" if args.output == "-" else glossary_format_for(args.output)


def _with_stats_notes(glossary: Glossary) -> Glossary:
    """TSV has no columns for a candidate's statistics: they go into its (empty) note."""
    def note(entry: TermEntry) -> str:
        if entry.status != "candidate" or entry.note:
            return entry.note
        stats = [f"count {entry.count}"]
        if entry.confidence is not None:
            stats.append(f"confidence {entry.confidence:g}")
        stats += [f"{k} {v:g}" for k, v in entry.scores.items()]
        return "candidate: " + ", ".join(stats)

    from dataclasses import replace

    return replace(glossary, entries=tuple(replace(e, note=note(e)) for e in glossary.entries))


def _write(glossary: Glossary, output: str, fmt: str) -> None:
    from mtqa.io import write_glossary

    write_glossary(_with_stats_notes(glossary) if fmt == "tsv" else glossary, output, fmt=fmt)


def command_train(args: argparse.Namespace) -> int:
    from mtqa.lang import check_language_pair
    from mtqa.terms.train import train_glossary

    if args.min_count < 1 or not 1 <= args.max_words <= 6 or (args.top_k is not None and args.top_k < 1):
        raise UsageError("--min-count and --top-k must be >= 1, --max-words between 1 and 6")
    src_lang, tgt_lang = check_language_pair(args.src_lang, args.tgt_lang)
    out_format = _output_format(args)  # an unknown -o extension fails now, not after training
    existing = None
    if args.merge:
        from mtqa.io import read_glossary

        existing = read_glossary(args.merge, src_lang, tgt_lang, encoding=args.encoding)
    encoder = None
    if args.neural or args.format == "stories":
        from mtqa.encoders import get_encoder

        encoder = get_encoder(args.model, device=args.device, threads=args.threads)
    if args.format == "stories":
        pairs: Iterator[Any] = _story_pairs(args, src_lang, tgt_lang, encoder)
    else:
        pairs = itertools.chain.from_iterable(
            _corpus_pairs(path, args.format, src_lang, tgt_lang, args) for path in args.corpus)
    with progress_bar("reading", quiet=args.quiet) as update:
        result = train_glossary(pairs, src_lang, tgt_lang, min_count=args.min_count, max_words=args.max_words,
                                top_k=args.top_k, encoder=encoder if args.neural else None,
                                keep_identical=args.keep_identical, progress=update,
                                settings={"sents": encoder.signature} if args.format == "stories" else None)
    log.info("%d candidate term pair(s) from %d segment pair(s) in %.1f s", len(result.glossary), result.aligned,
             result.seconds)
    log.info("signature: %s", result.signature.format())
    glossary = result.glossary
    if existing is not None:
        from mtqa.terms.train import merge_glossaries

        glossary = merge_glossaries(existing, glossary)
        log.info("merged: %d entries (%d from %s)", len(glossary), len(existing), args.merge)
    _write(glossary, args.output, out_format)
    return EXIT_OK


def command_merge(args: argparse.Namespace) -> int:
    from mtqa.io import read_glossary
    from mtqa.lang import check_language_pair
    from mtqa.terms.train import merge_glossaries

    src_lang = tgt_lang = None
    if args.src_lang or args.tgt_lang:
        if not (args.src_lang and args.tgt_lang):
            raise UsageError("give both --src-lang and --tgt-lang, or neither (TBX and JSON name their languages)")
        src_lang, tgt_lang = check_language_pair(args.src_lang, args.tgt_lang)
    out_format = _output_format(args)
    approved = read_glossary(args.approved, src_lang, tgt_lang, encoding=args.encoding)
    trained = read_glossary(args.trained, src_lang or approved.source_language,
                            tgt_lang or approved.target_language, encoding=args.encoding)
    merged = merge_glossaries(approved, trained)
    log.info("%d entries: %d kept from %s, %d added", len(merged), len(approved), args.approved,
             len(merged) - len(approved))
    _write(merged, args.output, out_format)
    return EXIT_OK
