"""Readers and writers for every format mtqa speaks, chosen by name or file extension.

Stories: ``txt``, ``lines`` (one sentence per line), ``jsonl``, directories.
Segment pairs: ``jsonl``, ``tsv``/``csv``, ``tmx``, ``xliff`` (1.2 and 2.x), ``hf`` (``datasets``).
Glossaries: ``tsv``/``csv``, ``tbx``, ``json``, ``jsonl``.

>>> pair_format_for("memory.tmx")
'tmx'
>>> glossary_format_for("terms.csv")
'tsv'
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from mtqa.data import Glossary, SegmentPair, TermEntry
from mtqa.errors import ConfigError, InputError
from mtqa.io.common import PathLike, display_name, open_output, read_text
from mtqa.io.documents import read_documents, read_story, write_jsonl_documents, write_lines
from mtqa.io.jsonl import parse_jsonl, read_jsonl, require, write_jsonl

PAIR_FORMATS = ("jsonl", "tsv", "tmx", "xliff", "hf")
GLOSSARY_FORMATS = ("tsv", "tbx", "json", "jsonl")

_PAIR_EXTENSIONS = {
    ".jsonl": "jsonl", ".tsv": "tsv", ".csv": "tsv", ".txt": "tsv", ".tmx": "tmx",
    ".xlf": "xliff", ".xliff": "xliff", ".sdlxliff": "xliff", ".parquet": "hf", ".arrow": "hf",
}
_GLOSSARY_EXTENSIONS = {".tsv": "tsv", ".csv": "tsv", ".txt": "tsv", ".tbx": "tbx", ".json": "json", ".jsonl": "jsonl"}


def _format_for(path: PathLike, table: dict[str, str], names: tuple[str, ...], kind: str) -> str:
    p = Path(str(path))
    if kind == "pairs" and p.is_dir():
        return "hf"  # a directory of pairs is a dataset saved with save_to_disk
    fmt = table.get(p.suffix.lower())
    if fmt is None:
        raise ConfigError(
            f"cannot tell the format of {display_name(path)!r} from its extension; pass --format, one of {', '.join(names)}"
        )
    return fmt


def pair_format_for(path: PathLike) -> str:
    return _format_for(path, _PAIR_EXTENSIONS, PAIR_FORMATS, "pairs")


def glossary_format_for(path: PathLike) -> str:
    return _format_for(path, _GLOSSARY_EXTENSIONS, GLOSSARY_FORMATS, "glossary")


def _check_format(fmt: str, names: tuple[str, ...], kind: str) -> str:
    if fmt not in names:
        raise ConfigError(f"unknown {kind} format {fmt!r}; expected one of {', '.join(names)}")
    return fmt


def read_jsonl_pairs(path: PathLike, source_language: str, target_language: str, *, encoding: str = "utf-8") -> list[SegmentPair]:
    """``{"id", "src", "tgt", "src_lang"?, "tgt_lang"?}`` per line, as ``mtqa check --pairs`` takes."""
    pairs = []
    for line, record in parse_jsonl(read_text(path, encoding=encoding), path=path):
        src = require(record, "src", path=path, line=line)
        tgt = require(record, "tgt", path=path, line=line)
        pairs.append(SegmentPair(
            src, tgt, record.get("src_lang") or source_language, record.get("tgt_lang") or target_language,
            id=str(record.get("id", line)), metadata=record.get("metadata") or {},
        ))
    if not pairs:
        raise InputError("no segment pairs in file", path=display_name(path))
    return pairs


def read_pairs(
    path: PathLike,
    source_language: str,
    target_language: str,
    *,
    fmt: str | None = None,
    encoding: str = "utf-8",
    **options: object,
) -> list[SegmentPair]:
    """Segment pairs from any pair format; ``options`` go to the format's reader (e.g. dataset fields)."""
    fmt = _check_format(fmt or pair_format_for(path), PAIR_FORMATS, "pair")
    if fmt == "jsonl":
        return read_jsonl_pairs(path, source_language, target_language, encoding=encoding)
    if fmt == "tsv":
        from mtqa.io.tsv import read_tsv_pairs

        return read_tsv_pairs(path, source_language, target_language, encoding=encoding)
    if fmt == "tmx":
        from mtqa.io.tmx import read_tmx

        return read_tmx(path, source_language, target_language, **options)  # type: ignore[arg-type]
    if fmt == "xliff":
        from mtqa.io.xliff import read_xliff

        return read_xliff(path, source_language, target_language, **options)  # type: ignore[arg-type]
    from mtqa.io.hf import read_dataset

    return read_dataset(str(path), source_language=source_language, target_language=target_language, **options)  # type: ignore[arg-type]


def write_pairs(pairs: Iterable[SegmentPair], path: PathLike, *, fmt: str | None = None) -> None:
    fmt = _check_format(fmt or pair_format_for(path), PAIR_FORMATS, "pair")
    pairs = list(pairs)
    if fmt == "jsonl":
        write_jsonl((p.to_dict() for p in pairs), path)
    elif fmt == "tsv":
        from mtqa.io.tsv import write_tsv_pairs

        write_tsv_pairs(pairs, path)
    elif fmt == "tmx":
        from mtqa.io.tmx import write_tmx

        write_tmx(pairs, path)
    elif fmt == "xliff":
        from mtqa.io.xliff import write_xliff

        write_xliff(pairs, path)
    else:
        from mtqa.io.hf import write_dataset

        write_dataset(pairs, path)


def read_glossary(
    path: PathLike,
    source_language: str | None,
    target_language: str | None,
    *,
    fmt: str | None = None,
    encoding: str = "utf-8",
) -> Glossary:
    """A glossary from TSV/CSV, TBX, JSON (``Glossary.to_dict``) or JSONL (one entry per line)."""
    fmt = _check_format(fmt or glossary_format_for(path), GLOSSARY_FORMATS, "glossary")
    if fmt == "tbx":
        from mtqa.io.tbx import read_tbx

        return read_tbx(path, source_language, target_language)
    if fmt in {"tsv", "jsonl"} and not (source_language and target_language):
        raise InputError("the glossary's languages must be given (--src-lang and --tgt-lang)", path=display_name(path))
    if fmt == "tsv":
        from mtqa.io.tsv import read_tsv_glossary

        return read_tsv_glossary(path, source_language, target_language, encoding=encoding)  # type: ignore[arg-type]
    if fmt == "jsonl":
        entries = []
        for line, record in parse_jsonl(read_text(path, encoding=encoding), path=path):
            try:
                entries.append(TermEntry.from_dict(record))
            except (KeyError, ValueError, TypeError) as exc:
                raise InputError(f"bad glossary entry: {exc}", path=display_name(path), line=line) from None
        return Glossary(source_language, target_language, tuple(entries), name=display_name(path))  # type: ignore[arg-type]
    try:
        glossary = Glossary.from_dict(json.loads(read_text(path, encoding=encoding)))
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg}", path=display_name(path), line=exc.lineno) from None
    except (KeyError, ValueError, TypeError) as exc:
        raise InputError(f"not a glossary: {exc}", path=display_name(path)) from None
    return glossary


def write_glossary(glossary: Glossary, path: PathLike, *, fmt: str | None = None) -> None:
    fmt = _check_format(fmt or glossary_format_for(path), GLOSSARY_FORMATS, "glossary")
    if fmt == "tbx":
        from mtqa.io.tbx import write_tbx

        write_tbx(glossary, path)
    elif fmt == "tsv":
        from mtqa.io.tsv import write_tsv_glossary

        write_tsv_glossary(glossary, path)
    elif fmt == "jsonl":
        write_jsonl((e.to_dict() for e in glossary.entries), path)
    else:
        with open_output(path) as handle:
            json.dump(glossary.to_dict(), handle, ensure_ascii=False, indent=2)
            handle.write("\n")


__all__ = [
    "GLOSSARY_FORMATS",
    "PAIR_FORMATS",
    "glossary_format_for",
    "pair_format_for",
    "read_documents",
    "read_glossary",
    "read_jsonl",
    "read_pairs",
    "read_story",
    "write_glossary",
    "write_jsonl",
    "write_jsonl_documents",
    "write_lines",
    "write_pairs",
]
