"""``mtqa batch``: check a batch of stories and write a run directory with the HTML report."""

from __future__ import annotations

import argparse
import logging

from mtqa.cli.common import add_encoding_arg, add_model_args, write_json
from mtqa.data import SEVERITIES
from mtqa.errors import EXIT_FINDINGS, EXIT_OK
from mtqa.io.common import open_output

log = logging.getLogger("mtqa.cli")

# Exit status when some stories could not be checked (1-4 already mean findings, usage, input,
# backend); the count is on stderr and in summary.json.
EXIT_STORIES_FAILED = 5

EPILOG = """\
outputs in RUN_DIR:
  report.html      the report: stories ranked by severity, source and translation side by side with
                   the findings highlighted, filters, terminology table, summary chart (self-contained)
  findings.jsonl   every finding, one per line, with its story id
  summary.json     counts, failed stories and their errors, the ranking, terminology, signature, timings
  stories/*.json   one result per story, written atomically as soon as it is checked
  terms.json, matching.json, manifest.json

inputs: two directories of *.txt (or *.jsonl) stories, a story's id being its file name up to the
first dot (pick files with --src-pattern/--tgt-pattern); two JSONL files of {id, text}; or ONE
segment-pair set (TMX, XLIFF, JSONL/TSV pairs, a datasets dataset) grouped into stories by a
document id in the pairs' metadata. Stories pair by id when both sides hold the same ids, by
document alignment otherwise.

--resume continues an interrupted run in RUN_DIR: finished stories are kept, the rest (failed ones
included) are checked again; it refuses when the inputs or settings differ.

exit status: 0 every story checked (and none at --fail-on); 1 findings at or above --fail-on;
2 usage; 3 bad input; 4 model error; 5 some stories failed (their count is printed; the others'
results and the report are written all the same)."""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "batch", help="check a batch of stories and write a ranked HTML report",
        description="Pair today's source stories with their translations, check every pair (in parallel worker\n"
        "processes, or on Ray), score terminology across the batch and write findings, a summary and a\n"
        "self-contained HTML report to RUN_DIR.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", help="source stories: a directory or JSONL file (or a segment-pair set alone)")
    parser.add_argument("translations", nargs="?", help="translated stories: a directory or JSONL file")
    parser.add_argument("--src-lang", required=True, metavar="LANG", help="source language (BCP-47, e.g. el)")
    parser.add_argument("--tgt-lang", required=True, metavar="LANG", help="target language (BCP-47, e.g. en)")
    parser.add_argument("--out", required=True, metavar="RUN_DIR", help="run directory for the results")
    parser.add_argument("--glossary", default=None, help="approved terms (TSV/CSV/TBX/JSON): adherence is scored too")
    parser.add_argument("--checks", default=None, help="comma-separated checks to run (default: all)")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="worker processes (Ray actors), each with its own model (default: 1)")
    parser.add_argument("--engine", choices=("local", "ray"), default="local",
                        help="local worker processes (default) or Ray (pip install 'mtqa[ray]')")
    parser.add_argument("--address", default=None, help="Ray cluster address (default: start a local Ray)")
    parser.add_argument("--resume", action="store_true", help="continue an interrupted run in RUN_DIR")
    parser.add_argument("--fail-on", choices=SEVERITIES, default=None,
                        help="exit 1 when a finding is at or above this severity")
    parser.add_argument("--src-pattern", default=None, metavar="GLOB",
                        help="source files to read from a directory (e.g. '*.el.txt')")
    parser.add_argument("--tgt-pattern", default=None, metavar="GLOB",
                        help="translation files to read from a directory (e.g. '*.en.txt')")
    parser.add_argument("--pair-format", default=None, choices=("jsonl", "tsv", "tmx", "xliff", "hf"),
                        help="format of a segment-pair set (default: from the extension)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="what goes to stdout at the end: text (the top of the ranking) or json (the summary)")
    add_model_args(parser)
    add_encoding_arg(parser)
    parser.set_defaults(handler=command)


def command(args: argparse.Namespace) -> int:
    from mtqa.batch import plan_batch, run_plan
    from mtqa.cli.common import progress_bar

    checks = [c.strip() for c in args.checks.split(",") if c.strip()] if args.checks else None
    plan = plan_batch(args.sources, args.translations, src_lang=args.src_lang, tgt_lang=args.tgt_lang,
                      out_dir=args.out, glossary=args.glossary, model=args.model, device=args.device,
                      threads=args.threads, checks=checks, resume=args.resume, source_pattern=args.src_pattern,
                      target_pattern=args.tgt_pattern, pair_format=args.pair_format, encoding=args.encoding)
    log.info("%d source stories, %d translations; pairing by %s; %d worker(s) (%s)", len(plan.sources),
             len(plan.targets), "id" if plan.matched_by == "id" else "document alignment", args.jobs, args.engine)
    with progress_bar("checking", unit="stories", total=plan.total, quiet=args.quiet) as update:
        summary = run_plan(plan, jobs=args.jobs, engine=args.engine, ray_address=args.address, progress=update)
    data = summary.data
    if args.format == "json":
        write_json(data, "-")
    else:
        _print_ranking(data)
    counts = data["counts"]
    log.info("%d stories checked, %d failed, %d findings; report: %s", counts["checked"], counts["failed"],
             counts["findings"], summary.out_dir / "report.html")
    if summary.failed:
        log.error("%d stor%s failed (see summary.json)", len(summary.failed), "y" if len(summary.failed) == 1 else "ies")
        return EXIT_STORIES_FAILED
    return EXIT_FINDINGS if args.fail_on and summary.fails(args.fail_on) else EXIT_OK


def _print_ranking(data: dict, limit: int = 20) -> None:
    with open_output("-") as handle:
        handle.write("rank\tworst\tfindings\tpenalty\tscore\tstory\n")
        for story in data["ranked"][:limit]:
            handle.write(f"{story['rank']}\t{story['worst'] or '-'}\t{story['findings']}\t{story['penalty']:.2f}\t"
                         f"{story['score']:.3f}\t{story['id']}\n")
        if len(data["ranked"]) > limit:
            handle.write(f"… {len(data['ranked']) - limit} more in summary.json\n")
        for u in data["unmatched"]:
            if u["type"] == "unmatched_source":
                handle.write(f"unmatched\t\t\t\t\t{u['source_id']}: {u['reason']}\n")
        for failed in data["failed"]:
            handle.write(f"failed\t{failed['error']['type']}\t\t\t\t{failed['id']}: {failed['error']['message']}\n")
