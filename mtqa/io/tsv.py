"""Tab- and comma-separated files: segment pairs and glossaries.

Pairs: ``source<TAB>target`` per line, optionally a third ``id`` column. A header line is recognised
when its first two cells are ``source``/``target`` or ``src``/``tgt``.
Glossaries: columns ``source, target, variants, forbidden, note, domain`` (header optional,
multiple variants separated by ``|``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from mtqa.data import Glossary, SegmentPair, TermEntry
from mtqa.errors import InputError
from mtqa.io.common import PathLike, display_name, open_output, read_text

GLOSSARY_COLUMNS = ("source", "target", "variants", "forbidden", "note", "domain")
_HEADER_WORDS = {"source", "target", "src", "tgt", "id", "term", "translation"}
MULTI_SEPARATOR = "|"


def _rows(path: PathLike, delimiter: str, encoding: str) -> list[tuple[int, list[str]]]:
    text = read_text(path, encoding=encoding)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE)
    rows = []
    try:
        for row in reader:
            if row and any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise InputError(f"malformed row: {exc}", path=display_name(path), line=reader.line_num) from None
    return rows


def has_header(row: Sequence[str]) -> bool:
    return len(row) >= 2 and row[0].strip().lower() in _HEADER_WORDS and row[1].strip().lower() in _HEADER_WORDS


def delimiter_for(path: PathLike) -> str:
    return "," if str(path).lower().endswith(".csv") else "\t"


def read_tsv_pairs(
    path: PathLike, source_language: str, target_language: str, *, encoding: str = "utf-8"
) -> list[SegmentPair]:
    """Read ``source<TAB>target[<TAB>id]`` lines; a line without a tab is an error."""
    rows = _rows(path, delimiter_for(path), encoding)
    if rows and has_header(rows[0][1]):
        rows = rows[1:]
    pairs = []
    for line, row in rows:
        if len(row) < 2:
            raise InputError(
                "expected at least two columns (source, target)", path=display_name(path), line=line
            )
        pair_id = row[2] if len(row) > 2 and row[2] else str(len(pairs) + 1)
        pairs.append(SegmentPair(row[0], row[1], source_language, target_language, id=pair_id))
    if not pairs:
        raise InputError("no segment pairs in file", path=display_name(path))
    return pairs


def write_tsv_pairs(pairs: Iterable[SegmentPair], path: PathLike) -> None:
    rows = [(pair.source, pair.target, pair.id) for pair in pairs]
    _write_rows(rows, path)


def _write_rows(rows: Sequence[Sequence[str]], path: PathLike) -> None:
    with open_output(path) as handle:
        if delimiter_for(path) == ",":
            csv.writer(handle, lineterminator="\n").writerows(rows)
        else:
            for row in rows:
                handle.write("\t".join(_tsv_cells(row, row[0])) + "\n")


def _tsv_cells(cells: Sequence[str], record: str) -> Sequence[str]:
    # Plain TSV has no quoting: refuse what it cannot hold rather than write a corrupt row.
    for cell in cells:
        if "\t" in cell or "\n" in cell:
            raise InputError(f"{record!r} contains a tab or newline, which TSV cannot hold; use JSONL or CSV")
    return cells


def _split_multi(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(MULTI_SEPARATOR) if part.strip())


def read_tsv_glossary(
    path: PathLike, source_language: str, target_language: str, *, encoding: str = "utf-8"
) -> Glossary:
    """Read a glossary table; the header (if any) may name columns in any order."""
    rows = _rows(path, delimiter_for(path), encoding)
    columns: Sequence[str] = GLOSSARY_COLUMNS
    if rows and has_header(rows[0][1]):
        columns = [cell.strip().lower() for cell in rows[0][1]]
        unknown = [c for c in columns if c not in GLOSSARY_COLUMNS]
        if unknown:
            raise InputError(
                f"unknown glossary column(s) {unknown}; expected some of {list(GLOSSARY_COLUMNS)}",
                path=display_name(path),
                line=rows[0][0],
            )
        rows = rows[1:]
    entries = []
    for line, row in rows:
        cells = dict(zip(columns, (cell.strip() for cell in row)))
        if not cells.get("source") or not cells.get("target"):
            raise InputError("a glossary row needs a source and a target term", path=display_name(path), line=line)
        entries.append(
            TermEntry(
                source=cells["source"],
                target=cells["target"],
                variants=_split_multi(cells.get("variants", "")),
                forbidden=_split_multi(cells.get("forbidden", "")),
                note=cells.get("note", ""),
                domain=cells.get("domain", ""),
            )
        )
    if not entries:
        raise InputError("no glossary entries in file", path=display_name(path))
    return Glossary(source_language, target_language, tuple(entries), name=display_name(path))


def write_tsv_glossary(glossary: Glossary, path: PathLike) -> None:
    rows = [GLOSSARY_COLUMNS] + [
        (e.source, e.target, MULTI_SEPARATOR.join(e.variants), MULTI_SEPARATOR.join(e.forbidden), e.note, e.domain)
        for e in glossary.entries
    ]
    _write_rows(rows, path)
