"""``mtqa terms``: Score terminology consistency and glossary adherence."""

from __future__ import annotations

import argparse

from mtqa.cli.common import not_yet


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("terms", help="Score terminology consistency and glossary adherence. (not in this version yet)", description="Score terminology consistency and glossary adherence.")
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    parser.set_defaults(handler=lambda args: not_yet("terms", "terminology consistency scoring"))
