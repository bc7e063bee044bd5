"""JSON Lines: one JSON object per line. The default record format of mtqa.

>>> import io
>>> buf = io.StringIO()
>>> dump_jsonl([{"id": "a", "src": "Γεια"}], buf)
>>> buf.getvalue()
'{"id": "a", "src": "Γεια"}\\n'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from mtqa.errors import InputError
from mtqa.io.common import PathLike, display_name, open_output, read_text


def parse_jsonl(text: str, *, path: PathLike = "<string>") -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line; InputError for a malformed line."""
    name = display_name(path)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON: {exc.msg} (column {exc.colno})", path=name, line=number) from None
        if not isinstance(record, dict):
            raise InputError(
                f"expected a JSON object per line, got {type(record).__name__}", path=name, line=number
            )
        yield number, record


def read_jsonl(path: PathLike, *, encoding: str = "utf-8") -> list[tuple[int, dict[str, Any]]]:
    """All records of a JSONL file with their line numbers (``-`` reads stdin)."""
    records = list(parse_jsonl(read_text(path, encoding=encoding), path=path))
    if not records:
        raise InputError("no JSON records in file", path=display_name(path))
    return records


def dump_jsonl(records: Iterable[Mapping[str, Any]], handle: IO[str]) -> None:
    """Write records one per line (UTF-8 kept readable: no ASCII escaping)."""
    for record in records:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_jsonl(records: Iterable[Mapping[str, Any]], path: PathLike) -> None:
    """Write records to ``path`` atomically (``-`` is stdout)."""
    with open_output(path) as handle:
        dump_jsonl(records, handle)


def require(record: Mapping[str, Any], key: str, *, path: PathLike, line: int, kind: type = str) -> Any:
    """Fetch a required field of a record, with a file:line error naming the field when absent."""
    if key not in record or record[key] is None:
        raise InputError(f"missing field {key!r}", path=display_name(path), line=line)
    value = record[key]
    if not isinstance(value, kind):
        raise InputError(
            f"field {key!r} should be {kind.__name__}, got {type(value).__name__}",
            path=display_name(path),
            line=line,
        )
    return value
