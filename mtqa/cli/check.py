"""``mtqa check`` and ``mtqa checks list``: mistranslation detection."""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Iterator
from typing import Any

from mtqa.cli.common import add_encoding_arg, add_model_args, write_json, write_records, write_table
from mtqa.data import SEVERITIES
from mtqa.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from mtqa.io.common import open_output

log = logging.getLogger("mtqa.cli")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check", help="check a translated story against its source and report mistranslations",
        description="Align the story pair (sentences, then words) and run the checks. Each finding has a category, "
        "a severity (minor/major/critical), a confidence, a message and character spans in both texts. "
        "With --pairs, check segment pairs from a JSONL file ({id, src, tgt, src_lang, tgt_lang} per line) and "
        "stream one result per line, in input order.",
    )
    parser.add_argument("source", nargs="?", help="source story ('-' = stdin)")
    parser.add_argument("translation", nargs="?", help="translated story")
    parser.add_argument("--pairs", metavar="FILE", help="JSONL of segment pairs instead of two stories")
    parser.add_argument("--src-lang", help="source language (BCP-47)")
    parser.add_argument("--tgt-lang", help="target language (BCP-47)")
    parser.add_argument("--presplit", action="store_true", help="stories are one sentence per line")
    parser.add_argument("--checks", default=None, help="comma-separated checks to run (default: all; see 'mtqa checks list')")
    parser.add_argument("--glossary", default=None, help="approved terms (TSV/CSV/TBX/JSON)")
    parser.add_argument("--fail-on", choices=SEVERITIES, default=None,
                        help="exit 1 when a finding is at or above this severity")
    parser.add_argument("--min-confidence", type=float, default=0.0, help="drop findings below this confidence")
    parser.add_argument("-o", "--output", default="-", metavar="FILE")
    parser.add_argument("--format", choices=("json", "jsonl", "tsv"), default="json",
                        help="json: the report; jsonl: one finding per line; tsv: a findings table")
    add_model_args(parser)
    add_encoding_arg(parser)
    parser.set_defaults(handler=command)

    listing = subparsers.add_parser("checks", help="list the available checks",
                                    description="Describe every registered check.")
    sub = listing.add_subparsers(dest="checks_command", metavar="<what>", required=True)
    ls = sub.add_parser("list", help="list checks with their categories")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    ls.set_defaults(handler=command_list)


def command_list(args: argparse.Namespace) -> int:
    from mtqa.checks import list_checks

    checks = list_checks()
    if args.format == "json":
        write_json(checks, "-")
        return EXIT_OK
    with open_output("-") as handle:
        for c in checks:
            handle.write(f"{c['name']:<14} [{', '.join(c['categories'])}]\n    {c['description']}\n")
    return EXIT_OK


def _check_names(args: argparse.Namespace) -> list[str] | None:
    """The checks named by ``--checks`` (None: all)."""
    return [c.strip() for c in args.checks.split(",") if c.strip()] if args.checks else None


def _load_glossary(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    if not args.glossary:
        return None
    from mtqa.io import read_glossary

    return read_glossary(args.glossary, args.src_lang, args.tgt_lang, encoding=args.encoding)


def _finding_rows(report: Any, min_confidence: float) -> list[dict[str, Any]]:
    rows = []
    for f in report.findings:
        if f.confidence < min_confidence:
            continue
        record = f.to_dict()
        record["source_text"] = report.source.text[f.source_span.start:f.source_span.end] if f.source_span else None
        record["target_text"] = report.target.text[f.target_span.start:f.target_span.end] if f.target_span else None
        rows.append(record)
    return rows


def command(args: argparse.Namespace) -> int:
    from mtqa.encoders import get_encoder
    from mtqa.lang import check_language_pair

    if args.pairs:
        if args.source or args.translation:
            raise UsageError("give either two stories or --pairs FILE, not both")
        return command_pairs(args)
    if not (args.source and args.translation):
        raise UsageError("give a source and a translation (or --pairs FILE)")
    if not (args.src_lang and args.tgt_lang):
        raise UsageError("--src-lang and --tgt-lang are required")
    from mtqa.checks import check
    from mtqa.io import read_story
    from mtqa.lang import verify_language

    src_lang, tgt_lang = check_language_pair(args.src_lang, args.tgt_lang)
    source = read_story(args.source, src_lang, presplit=args.presplit, encoding=args.encoding)
    target = read_story(args.translation, tgt_lang, presplit=args.presplit, encoding=args.encoding)
    verify_language(source.text, src_lang, path=args.source)
    verify_language(target.text, tgt_lang, path=args.translation)
    checks = _check_names(args)
    encoder = get_encoder(args.model, device=args.device, threads=args.threads)
    report = check(source, target, checks=checks, glossary=_load_glossary(args), model=encoder)
    rows = _finding_rows(report, args.min_confidence)
    if args.format == "jsonl":
        signature = report.signature.format()
        write_records(({**r, "signature": signature} for r in rows), args.output)
    elif args.format == "tsv":
        write_table([[r["severity"], r["category"], f"{r['confidence']:.2f}", r["check"], r["source_text"] or "",
                      r["target_text"] or "", r["message"]] for r in rows],
                    ["severity", "category", "confidence", "check", "source", "target", "message"], args.output)
    else:
        data = report.to_dict()
        data["findings"] = rows
        write_json(data, args.output)
    log.info("%d finding(s); story score %.3f", len(rows), report.score)
    return EXIT_FINDINGS if args.fail_on and report.fails(args.fail_on) else EXIT_OK


def _pair_records(path: str, src_lang: str | None, tgt_lang: str | None, encoding: str) -> Iterator[tuple[int, dict[str, Any]]]:
    from mtqa.errors import InputError
    from mtqa.io.common import display_name, read_text
    from mtqa.io.jsonl import parse_jsonl, require

    for line, record in parse_jsonl(read_text(path, encoding=encoding), path=path):
        require(record, "src", path=path, line=line)
        require(record, "tgt", path=path, line=line)
        record.setdefault("src_lang", src_lang)
        record.setdefault("tgt_lang", tgt_lang)
        if not record["src_lang"] or not record["tgt_lang"]:
            raise InputError("no src_lang/tgt_lang in the record and none given on the command line",
                             path=display_name(path), line=line)
        yield line, record


def _validate_languages(records: list[tuple[int, dict[str, Any]]], path: str) -> None:
    """Every record's language pair is valid, checked before any output so errors name the line."""
    from mtqa.errors import InputError
    from mtqa.io.common import display_name
    from mtqa.lang import check_language_pair

    for line, record in records:
        try:
            check_language_pair(record["src_lang"], record["tgt_lang"])
        except InputError as exc:
            raise InputError(exc.message, path=display_name(path), line=line, hint=exc.hint) from None


def command_pairs(args: argparse.Namespace) -> int:
    from mtqa.checks import check_pairs
    from mtqa.encoders import get_encoder

    checks = _check_names(args)
    encoder = get_encoder(args.model, device=args.device, threads=args.threads)
    records = list(_pair_records(args.pairs, args.src_lang, args.tgt_lang, args.encoding))
    _validate_languages(records, args.pairs)
    failed = False
    with open_output(args.output) as handle:
        for (line, record), report in zip(records, check_pairs([r for _, r in records], checks=checks,
                                                                 glossary=_load_glossary(args), model=encoder,
                                                                 batch_size=args.batch_size)):
            failed = failed or bool(args.fail_on and report.fails(args.fail_on))
            out = {"id": record.get("id", line), "score": report.score,
                   "findings": _finding_rows(report, args.min_confidence), "signature": report.signature.format()}
            handle.write(json.dumps(out, ensure_ascii=False) + "\n")
            handle.flush()
    return EXIT_FINDINGS if failed else EXIT_OK
