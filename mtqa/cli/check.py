"""``mtqa check``: Check a translated story against its source and report mistranslations."""

from __future__ import annotations

import argparse

from mtqa.cli.common import not_yet


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help=f"Check a translated story against its source and report mistranslations. (not in this version yet)", description="Check a translated story against its source and report mistranslations.")
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    parser.set_defaults(handler=lambda args: not_yet("check", "mistranslation detection"))
