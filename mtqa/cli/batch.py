"""``mtqa batch``: Check a batch of stories and write a report."""

from __future__ import annotations

import argparse

from mtqa.cli.common import not_yet


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("batch", help="Check a batch of stories and write a report. (not in this version yet)", description="Check a batch of stories and write a report.")
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    parser.set_defaults(handler=lambda args: not_yet("batch", "batch checking and the HTML report"))
