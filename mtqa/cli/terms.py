"""``mtqa terms``: terminology consistency across a story or batch, and glossary adherence."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from mtqa.cli.common import add_encoding_arg, add_model_args, write_json, write_records, write_table
from mtqa.data import SEVERITIES
from mtqa.errors import EXIT_FINDINGS, EXIT_OK, InputError, UsageError

log = logging.getLogger("mtqa.cli")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "terms", help="terminology consistency across a story or batch, and glossary adherence",
        description="Score how consistently source terms are rendered, and how well a translation follows a glossary.")
    sub = parser.add_subparsers(dest="terms_command", metavar="<what>", required=True)

    cons = sub.add_parser(
        "consistency", help="is each source term rendered the same way across the story (or batch)?",
        description="Find the recurring source terms (single and multiword, lemmatized; names included, numbers "
        "excluded), their renderings through word alignment, and group renderings by meaning with the encoder in "
        "context. A variant of the same meaning ('exercises'/'drills') is a mild inconsistency; a rendering with a "
        "different meaning ('exercises'/'high schools') a likely error, the minority meaning being the outlier. "
        "Scores: per term, per story, and for the batch (1 = fully consistent).")
    cons.add_argument("source", nargs="?", help="source story ('-' = stdin)")
    cons.add_argument("translation", nargs="?", help="translated story")
    cons.add_argument("--batch", nargs=2, metavar=("SOURCES", "TRANSLATIONS"),
                      help="two directories (or JSONL files) of stories, paired by id (file name up to the first dot)")
    _common(cons)
    cons.add_argument("--max-words", type=int, default=3, help="longest multiword term (default: 3)")
    cons.add_argument("--min-count", type=int, default=2, help="occurrences a term needs to be scored (default: 2)")
    cons.add_argument("--format", choices=("json", "tsv", "jsonl"), default="json",
                      help="json: the report; tsv: a table of terms; jsonl: one finding per line")
    cons.set_defaults(handler=command_consistency)

    score = sub.add_parser(
        "score", help="glossary adherence: term success rate and violations",
        description="Match glossary terms in the source and their accepted renderings (target and variants) in the "
        "translation, lemma by lemma, as the WMT terminology tasks do: term success rate (inflection-aware) and "
        "exact-match accuracy; renderings the glossary forbids and missing renderings are reported as findings. "
        "Stories are aligned with the model so findings point at the aligned words; with --lines the files are "
        "line-aligned segments and no model is needed.")
    score.add_argument("source", help="source text ('-' = stdin)")
    score.add_argument("translation", help="translation")
    score.add_argument("--glossary", required=True, help="glossary: TSV/CSV, TBX, JSON or JSONL")
    score.add_argument("--lines", action="store_true",
                       help="the files are line-aligned segments (no sentence alignment, no model)")
    _common(score)
    score.add_argument("--format", choices=("json", "tsv", "jsonl"), default="json",
                       help="json: the report; tsv: one row per term occurrence; jsonl: one finding per line")
    score.set_defaults(handler=command_score)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--src-lang", help="source language (BCP-47)")
    parser.add_argument("--tgt-lang", help="target language (BCP-47)")
    parser.add_argument("--presplit", action="store_true", help="stories are one sentence per line")
    parser.add_argument("--fail-on", choices=SEVERITIES, default=None,
                        help="exit 1 when a finding is at or above this severity")
    parser.add_argument("-o", "--output", default="-", metavar="FILE")
    add_model_args(parser)
    add_encoding_arg(parser)


def _languages(args: argparse.Namespace) -> tuple[str, str]:
    from mtqa.lang import check_language_pair

    if not (args.src_lang and args.tgt_lang):
        raise UsageError("--src-lang and --tgt-lang are required")
    return check_language_pair(args.src_lang, args.tgt_lang)


def _story_pairs(args: argparse.Namespace, src_lang: str, tgt_lang: str) -> list[tuple[Any, Any]]:
    from mtqa.io import read_documents, read_story
    from mtqa.io.documents import pair_by_id

    if args.batch:
        if args.source or args.translation:
            raise UsageError("give either two stories or --batch SOURCES TRANSLATIONS, not both")
        sources = read_documents(args.batch[0], src_lang, presplit=args.presplit, encoding=args.encoding)
        targets = read_documents(args.batch[1], tgt_lang, presplit=args.presplit, encoding=args.encoding)
        pairs, lonely_src, lonely_tgt = pair_by_id(sources, targets)
        for doc_id in lonely_src:
            log.warning("source story %r has no translation with the same id; skipped", doc_id)
        for doc_id in lonely_tgt:
            log.warning("translation %r has no source story with the same id; skipped", doc_id)
        if not pairs:
            raise InputError("no story in the two batches shares an id with the other side",
                             path=args.batch[0], hint="stories pair by file name up to the first dot")
        return pairs
    if not (args.source and args.translation):
        raise UsageError("give a source and a translation (or --batch SOURCES TRANSLATIONS)")
    return [(read_story(args.source, src_lang, presplit=args.presplit, encoding=args.encoding),
             read_story(args.translation, tgt_lang, presplit=args.presplit, encoding=args.encoding))]


def _exit(findings: Any, fail_on: str | None) -> int:
    from mtqa.data import severity_rank

    if fail_on and any(severity_rank(f.severity) >= severity_rank(fail_on) for f in findings):
        return EXIT_FINDINGS
    return EXIT_OK


def command_consistency(args: argparse.Namespace) -> int:
    from mtqa.encoders import get_encoder
    from mtqa.terms.consistency import score_consistency, story_contexts

    if args.max_words < 1 or args.min_count < 2:
        raise UsageError("--max-words must be >= 1 and --min-count >= 2")
    src_lang, tgt_lang = _languages(args)
    pairs = _story_pairs(args, src_lang, tgt_lang)
    encoder = get_encoder(args.model, device=args.device, threads=args.threads)
    contexts = story_contexts(pairs, encoder)
    report = score_consistency(contexts, encoder=encoder, max_words=args.max_words, min_count=args.min_count)
    signature = report.signature.format()
    if args.format == "jsonl":
        write_records(({**f.to_dict(), "signature": signature} for f in report.findings), args.output)
    elif args.format == "tsv":
        rows = [[t.term, " ".join(t.key), t.status, t.occurrences, f"{t.consistency:.3f}", f"{t.score:.3f}",
                 " | ".join(f"{r.text} x{r.count} (m{r.group})" for r in t.renderings),
                 " | ".join(sorted({o.rendering for o in t.outliers}))] for t in report.terms]
        write_table(rows, ["term", "lemma", "status", "occurrences", "consistency", "score", "renderings", "outliers"],
                    args.output)
    else:
        write_json(report.to_dict(), args.output)
    log.info("%d term(s) scored over %d story pair(s); consistency score %.3f", len(report.terms), len(pairs),
             report.score)
    return _exit(report.findings, args.fail_on)


def command_score(args: argparse.Namespace) -> int:
    from mtqa.io import read_glossary
    from mtqa.terms.adherence import score_adherence

    src_lang, tgt_lang = _languages(args)
    glossary = read_glossary(args.glossary, src_lang, tgt_lang, encoding=args.encoding)
    if args.lines:
        units = _line_units(args)
    else:
        from mtqa.encoders import get_encoder
        from mtqa.terms.adherence import units_from_alignment
        from mtqa.terms.consistency import story_contexts

        args.batch = None
        [(source, target)] = _story_pairs(args, src_lang, tgt_lang)
        encoder = get_encoder(args.model, device=args.device, threads=args.threads)
        [context] = story_contexts([(source, target)], encoder)
        units = units_from_alignment(source, target, context.alignment)
    report = score_adherence(units, glossary, source_language=src_lang, target_language=tgt_lang)
    signature = report.signature.format()
    if args.format == "jsonl":
        write_records(({**f.to_dict(), "signature": signature} for f in report.findings), args.output)
    elif args.format == "tsv":
        rows = [[m.document_id or "", m.entry.source, m.entry.target, m.status, "yes" if m.exact else "no",
                 m.rendering] for m in report.matches]
        write_table(rows, ["segment", "source", "target", "status", "exact", "rendering"], args.output)
    else:
        write_json(report.to_dict(), args.output)
    if report.term_success_rate is None:
        log.warning("no glossary term occurs in the source")
    else:
        log.info("term success rate %.3f, exact match %.3f over %d occurrence(s)", report.term_success_rate,
                 report.exact_match_accuracy, len(report.matches))
    return _exit(report.findings, args.fail_on)


def _line_units(args: argparse.Namespace) -> list[Any]:
    from mtqa.io.common import read_text
    from mtqa.terms.adherence import Unit

    def lines(path: str) -> list[str]:
        text = read_text(path, encoding=args.encoding)
        return text[:-1].split("\n") if text.endswith("\n") else text.split("\n")

    sources, targets = lines(args.source), lines(args.translation)
    if len(sources) != len(targets):
        raise InputError(f"{len(sources)} source lines but {len(targets)} translation lines", path=args.translation)
    units, s_off, t_off = [], 0, 0
    for k, (s, t) in enumerate(zip(sources, targets), start=1):
        units.append(Unit(s, t, s_off, t_off, None, str(k)))
        s_off += len(s) + 1
        t_off += len(t) + 1
    return units
