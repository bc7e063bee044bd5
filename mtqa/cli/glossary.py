"""``mtqa glossary``: Train a bilingual glossary from aligned corpora."""

from __future__ import annotations

import argparse

from mtqa.cli.common import not_yet


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("glossary", help="Train a bilingual glossary from aligned corpora. (not in this version yet)", description="Train a bilingual glossary from aligned corpora.")
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    parser.set_defaults(handler=lambda args: not_yet("glossary", "glossary training"))
