#!/usr/bin/env python3
"""Fill in character offsets for annotated translation errors.

Offsets in mtqa error files are Python ``str`` indices (not bytes) into the
file contents as read with ``open(path, encoding="utf-8").read()``, end
exclusive.  Computing them by hand is error-prone, so annotations are written
as a *spec* that only gives the quoted texts, and this script finds them.

A spec is a JSON object with an ``errors`` list.  Each error gives
``source_text`` and ``target_text`` (either may be ``null``: an omission has
no target text, an addition no source text) and may give
``source_occurrence`` / ``target_occurrence``: the 0-based index of the
occurrence to use when the text occurs more than once.  Without an
occurrence index the text must occur exactly once.

Files are located in one of two ways:

* the spec has top-level ``source_file`` and ``translation_file`` (paths
  relative to ``--root``, the repository root by default), as in
  ``seeds/known_errors.json``; or
* each error has a ``story`` and the spec has ``src_lang`` / ``tgt_lang``:
  the files are ``<story>.<src_lang>.txt`` (source) and
  ``<story>.flawed.<tgt_lang>.txt`` (target) next to the spec file, as in
  ``corpora/<pair>/errors.json``.

The output is the spec with ``source_span`` / ``target_span`` filled in
(``{"start": ..., "end": ...}`` or ``null``) and the occurrence keys dropped.
A span already present whose slice still equals its text is kept, so running
the script again on its own output (``--in-place``) is a no-op that doubles
as a check.  Any text that is missing or ambiguous is an error: the script
reports every problem and exits with status 1 without writing anything.

Example::

    python3 scripts/make_spans.py corpora/el-en/errors.json --in-place
    python3 scripts/make_spans.py spec.json -o corpora/de-en/errors.json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, Sequence

REPO_ROOT = Path(__file__).resolve().parents[1]

# Key order used when writing errors back out; unknown keys follow.
ERROR_KEY_ORDER = (
    "id",
    "story",
    "category",
    "severity",
    "source_span",
    "target_span",
    "source_text",
    "target_text",
    "description",
)
_SPAN_RE = re.compile(r'\{\s*"start": (\d+),\s*"end": (\d+)\s*\}')
OCCURRENCE_KEYS = {"source": "source_occurrence", "target": "target_occurrence"}


class SpanError(ValueError):
    """A quoted text could not be located unambiguously."""


def find_all(text: str, needle: str) -> list[int]:
    """Return every start index of ``needle`` in ``text`` (overlaps included)."""
    positions: list[int] = []
    start = text.find(needle)
    while start != -1:
        positions.append(start)
        start = text.find(needle, start + 1)
    return positions


def find_span(text: str, needle: str, occurrence: int | None = None) -> dict[str, int]:
    """Locate ``needle`` in ``text`` and return ``{"start", "end"}``.

    Raises :class:`SpanError` if the needle is empty or absent, if it occurs
    more than once and no ``occurrence`` is given, or if ``occurrence`` is out
    of range.
    """
    if not needle:
        raise SpanError("empty text cannot be located")
    positions = find_all(text, needle)
    if not positions:
        raise SpanError(f"{needle!r} not found")
    if occurrence is None:
        if len(positions) > 1:
            raise SpanError(
                f"{needle!r} is ambiguous: occurs {len(positions)} times "
                f"(at {positions}); add an occurrence index"
            )
        index = 0
    else:
        if not 0 <= occurrence < len(positions):
            raise SpanError(
                f"{needle!r} occurs {len(positions)} times; "
                f"occurrence {occurrence} is out of range"
            )
        index = occurrence
    start = positions[index]
    return {"start": start, "end": start + len(needle)}


def read_text(path: Path) -> str:
    """Read a file exactly as consumers of the offsets do."""
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def resolve_files(spec: dict[str, Any], error: dict[str, Any], spec_dir: Path, root: Path) -> tuple[Path, Path]:
    """Return the (source, target) files an error's spans refer to."""
    if "source_file" in spec and "translation_file" in spec:
        return root / spec["source_file"], root / spec["translation_file"]
    story = error.get("story")
    src_lang = spec.get("src_lang")
    tgt_lang = spec.get("tgt_lang")
    if not (story and src_lang and tgt_lang):
        raise SpanError(
            "cannot locate files: the spec needs source_file/translation_file, "
            "or src_lang/tgt_lang plus a story on every error"
        )
    return (
        spec_dir / f"{story}.{src_lang}.txt",
        spec_dir / f"{story}.flawed.{tgt_lang}.txt",
    )


def _ordered(error: dict[str, Any]) -> dict[str, Any]:
    ordered = {key: error[key] for key in ERROR_KEY_ORDER if key in error}
    ordered.update((key, value) for key, value in error.items() if key not in ordered)
    return ordered


def fill_spans(
    spec: dict[str, Any], spec_dir: Path, root: Path = REPO_ROOT, recompute: bool = False
) -> tuple[dict[str, Any], list[str]]:
    """Return ``(filled_spec, problems)``; ``problems`` is empty on success."""
    problems: list[str] = []
    cache: dict[Path, str] = {}
    errors_out: list[dict[str, Any]] = []
    for number, error in enumerate(spec.get("errors", [])):
        label = error.get("id", f"#{number}")
        out = dict(error)
        try:
            files = resolve_files(spec, error, spec_dir, root)
        except SpanError as exc:
            problems.append(f"{label}: {exc}")
            errors_out.append(_ordered(out))
            continue
        for side, path in zip(("source", "target"), files):
            occurrence = out.pop(OCCURRENCE_KEYS[side], None)
            needle = error.get(f"{side}_text")
            span_key = f"{side}_span"
            if needle is None:
                out[span_key] = None
                continue
            try:
                if path not in cache:
                    cache[path] = read_text(path)
                text = cache[path]
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(f"{label}: cannot read {path}: {exc}")
                continue
            old = error.get(span_key)
            if (
                not recompute
                and occurrence is None
                and isinstance(old, dict)
                and text[old.get("start", 0) : old.get("end", 0)] == needle
            ):
                continue
            try:
                out[span_key] = find_span(text, needle, occurrence)
            except SpanError as exc:
                problems.append(f"{label}: {side} in {path}: {exc}")
        errors_out.append(_ordered(out))
    filled = dict(spec)
    filled["errors"] = errors_out
    return filled, problems


def render(spec: dict[str, Any]) -> str:
    """Serialise ``spec`` as indented JSON with each span kept on one line."""
    text = json.dumps(spec, ensure_ascii=False, indent=2)
    text = _SPAN_RE.sub(r'{"start": \1, "end": \2}', text)
    return text + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", type=Path, help="JSON spec (or an existing errors file)")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    target.add_argument("--in-place", action="store_true", help="overwrite the spec file")
    parser.add_argument(
        "--root", type=Path, default=REPO_ROOT,
        help="directory that source_file/translation_file are relative to (default: repo root)",
    )
    parser.add_argument(
        "--files-dir", type=Path, default=None,
        help="directory holding the story files (default: the spec's directory, "
        "or the output's directory with -o)",
    )
    parser.add_argument("--recompute", action="store_true", help="ignore spans already present")
    args = parser.parse_args(argv)

    spec = json.loads(read_text(args.spec))
    if not isinstance(spec, dict) or not isinstance(spec.get("errors"), list):
        print(f"{args.spec}: expected a JSON object with an 'errors' list", file=sys.stderr)
        return 1
    if args.files_dir is not None:
        files_dir = args.files_dir
    elif args.output is not None:
        files_dir = args.output.resolve().parent
    else:
        files_dir = args.spec.resolve().parent
    filled, problems = fill_spans(spec, files_dir, args.root, args.recompute)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s); nothing written", file=sys.stderr)
        return 1

    rendered = render(filled)
    destination = args.spec if args.in_place else args.output
    if destination is None:
        sys.stdout.write(rendered)
    else:
        destination.write_text(rendered, encoding="utf-8")
        print(f"wrote {len(filled['errors'])} error(s) to {destination}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
