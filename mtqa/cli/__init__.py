"""The ``mtqa`` command line: a thin frame around plain library functions.

Only this package prints, exits and configures logging. Data goes to stdout (or ``-o FILE``),
logs and progress to stderr. Exit codes: 0 ok, 1 findings at or above ``--fail-on``, 2 usage,
3 bad input or configuration, 4 model/backend error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from mtqa._version import __version__
from mtqa.cli import align, batch, check, convert, embed, evaluate, glossary, split, terms
from mtqa.errors import EXIT_INPUT, EXIT_USAGE, MtqaError

# Order is the order of `mtqa --help`.
SUBCOMMANDS = (check, align, terms, glossary, evaluate, batch, embed, split, convert)

DESCRIPTION = """\
mtqa checks translated news stories against their sources: it aligns stories, sentences and words,
detects mistranslations (numbers, names, senses, omissions, additions, untranslated text, broken
sentences), scores terminology consistency, trains glossaries and runs evaluation scripts.

'-' stands for stdin/stdout. Records are JSONL unless --format says otherwise.
Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage, 3 bad input, 4 model error."""


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors raise instead of exiting, so main() owns every exit."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise _UsageExit(f"{self.prog}: error: {message}")


class _UsageExit(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mtqa", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"mtqa {__version__}")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")
    verbosity.add_argument("-v", "--verbose", action="store_true", help="debug logging on stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="<command>", parser_class=_Parser)
    for module in SUBCOMMANDS:
        module.add_parser(subparsers)
    return parser


def _configure_logging(quiet: bool, verbose: bool) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("mtqa: %(levelname)s: %(message)s"))
    root = logging.getLogger("mtqa")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this in-process)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageExit as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version exit 0 through argparse
        return int(exc.code or 0)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    _configure_logging(args.quiet, args.verbose)
    try:
        return int(args.handler(args))
    except MtqaError as exc:
        print(f"mtqa: error: {exc}", file=sys.stderr)
        if exc.hint:
            print(f"mtqa: hint: {exc.hint}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("mtqa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `mtqa ... | head` closing the pipe early is not an error.
        return 0
    except OSError as exc:
        print(f"mtqa: error: {exc}", file=sys.stderr)
        return EXIT_INPUT


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
