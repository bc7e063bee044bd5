"""Hugging Face ``datasets``: read rows into :class:`SegmentPair` objects and save pairs as a dataset.

``datasets`` is imported inside the functions: it is slow to import and ``import mtqa`` must stay fast.

Field defaults, in order: the WMT-style nested ``translation`` column
(``{"translation": {"el": "...", "en": "..."}}``, keys matched by base language), then
``src``/``tgt``, then ``source``/``target``. A field may also be a dotted path into a nested
column (``"translation.el"``).

>>> from datasets import Dataset
>>> rows = Dataset.from_list([{"translation": {"el": "Καλημέρα", "en": "Good morning"}}])
>>> read_dataset(rows, source_language="el", target_language="en")[0].target
'Good morning'
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mtqa.data import SegmentPair
from mtqa.errors import InputError
from mtqa.lang import base_language, check_language_pair, normalize_language

# Local data files load_dataset reads itself: extension -> (builder, extra builder arguments).
_FILE_BUILDERS: dict[str, tuple[str, dict[str, Any]]] = {
    ".json": ("json", {}),
    ".jsonl": ("json", {}),
    ".csv": ("csv", {}),
    ".tsv": ("csv", {"delimiter": "\t"}),
    ".parquet": ("parquet", {}),
    ".arrow": ("arrow", {}),
}


def read_dataset(
    data: Any,
    *,
    source_language: str,
    target_language: str,
    source_field: str | None = None,
    target_field: str | None = None,
    id_field: str | None = None,
    split: str | None = None,
) -> list[SegmentPair]:
    """Read segment pairs from a dataset.

    ``data`` is a ``datasets.Dataset``, a ``DatasetDict`` (``split`` is needed when it has several
    splits), a directory written by ``save_to_disk``, a local ``.json``/``.jsonl``/``.csv``/
    ``.tsv``/``.parquet``/``.arrow`` file, or a Hub dataset name (needs a network connection).

    Ids come from ``id_field`` (default: an ``id`` column) else the 1-based row number. When the
    rows have ``src_lang``/``tgt_lang`` columns (as :func:`write_dataset` writes), each row's codes
    are used after checking they match the requested base languages. A ``metadata`` column of JSON
    objects becomes the pairs' metadata; other unused columns are added to it.
    """
    src, tgt = check_language_pair(source_language, target_language)
    dataset, where = _load(data, split)
    columns = list(dataset.column_names)
    if len(dataset) == 0:
        return []  # nothing to check field names against (a nested column's keys come from a row)
    first = dataset[0] if len(dataset) else {}
    source_path = _field(source_field, "source", src, columns, first, where)
    target_path = _field(target_field, "target", tgt, columns, first, where)
    if id_field is None and "id" in columns:
        id_field = "id"
    if id_field is not None and id_field not in columns:
        raise _missing_column(id_field, columns, where)
    used = {source_path[0], target_path[0], id_field, "src_lang", "tgt_lang", "metadata"}
    extra = [c for c in columns if c not in used]

    pairs = []
    for number, row in enumerate(dataset, start=1):
        source = _text(row, source_path, number, where)
        target = _text(row, target_path, number, where)
        metadata: dict[str, Any] = {c: row[c] for c in extra}
        if "metadata" in columns and row["metadata"]:
            metadata.update(_metadata(row["metadata"], number, where))
        pairs.append(
            SegmentPair(
                source=source,
                target=target,
                source_language=_row_language(row, "src_lang", src, number, where),
                target_language=_row_language(row, "tgt_lang", tgt, number, where),
                id=str(row[id_field]) if id_field is not None else str(number),
                metadata=metadata,
            )
        )
    return pairs


def _load(data: Any, split: str | None) -> tuple[Any, str | None]:
    """The ``datasets.Dataset`` to read and a name for error messages (the path, when there is one)."""
    import datasets

    if isinstance(data, datasets.Dataset):
        return data, None
    if isinstance(data, datasets.DatasetDict):
        return _pick_split(data, split, None), None
    if not isinstance(data, (str, os.PathLike)):
        raise InputError(
            f"cannot read a dataset from a {type(data).__name__}",
            hint="pass a datasets.Dataset, a DatasetDict, a save_to_disk directory, a data file or a Hub name",
        )
    name = str(data)
    path = Path(name).expanduser()
    if path.is_dir():
        try:
            loaded = datasets.load_from_disk(str(path))
        except FileNotFoundError:
            raise InputError(
                "is a directory but not a dataset saved with save_to_disk", path=name
            ) from None
        if isinstance(loaded, datasets.DatasetDict):
            return _pick_split(loaded, split, name), name
        return loaded, name
    if path.is_file():
        suffix = path.suffix.lower()
        if suffix not in _FILE_BUILDERS:
            raise InputError(
                f"unsupported data file type {suffix or '(no extension)'!r}",
                path=name,
                hint=f"use one of {', '.join(_FILE_BUILDERS)}",
            )
        builder, options = _FILE_BUILDERS[suffix]
        try:
            # A local data file is always a single "train" split; ``split`` does not apply.
            return datasets.load_dataset(builder, data_files=str(path), split="train", **options), name
        except Exception as exc:  # noqa: BLE001 - pyarrow/pandas raise many types for a bad file
            raise InputError(f"cannot read as {builder}: {exc}", path=name) from None
    if _looks_like_path(name):
        raise InputError("no such file or directory", path=name)
    return _load_hub(name, split), name


def _looks_like_path(name: str) -> bool:
    # Hub ids are "name" or "owner/name"; anything else with a path shape must be a local path.
    return (
        name.startswith((".", "/", "~"))
        or os.sep in name.strip("/").replace("/", "", 1)
        or Path(name).suffix.lower() in _FILE_BUILDERS
        or (os.altsep is not None and os.altsep in name)
    )


def _load_hub(name: str, split: str | None) -> Any:
    import datasets

    try:
        loaded = datasets.load_dataset(name, split=split)
    except Exception as exc:  # noqa: BLE001 - offline, unknown name, gated repo, bad split: all the same to users
        raise InputError(
            f"dataset {name!r} could not be found locally, and loading it from the Hugging Face Hub "
            f"failed ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})",
            hint=(
                "on a machine with a network, run datasets.load_dataset(name).save_to_disk(DIR) and "
                "pass DIR (or a .jsonl/.parquet data file) instead of the Hub name"
            ),
        ) from None
    if isinstance(loaded, datasets.DatasetDict):
        return _pick_split(loaded, split, name)
    return loaded


def _pick_split(data: Any, split: str | None, where: str | None) -> Any:
    splits = list(data.keys())
    if split is not None:
        if split not in data:
            raise InputError(f"no split {split!r}; the splits are {', '.join(splits)}", path=where)
        return data[split]
    if len(splits) == 1:
        return data[splits[0]]
    raise InputError(
        f"the dataset has several splits ({', '.join(splits) or 'none'}); choose one",
        path=where,
        hint="pass split=, e.g. split='test'",
    )


def _missing_column(column: str, columns: list[str], where: str | None) -> InputError:
    return InputError(
        f"no column {column!r}; the columns are: {', '.join(columns) or '(none)'}",
        path=where,
        hint="pass source_field= / target_field= / id_field= naming existing columns",
    )


def _language_key(keys: Iterable[str], language: str) -> str | None:
    # An exact code wins (pt-BR over pt-PT), else the first key with the same base language.
    keys = list(keys)
    for key in keys:
        try:
            if normalize_language(key) == language:
                return key
        except InputError:
            continue
    for key in keys:
        try:
            if base_language(key) == base_language(language):
                return key
        except InputError:
            continue
    return None


def _field(
    given: str | None, side: str, language: str, columns: list[str], first: Mapping[str, Any], where: str | None
) -> tuple[str, ...]:
    """The path to a side's text in a row: ``("src",)`` or ``("translation", "el")``."""
    if given is not None:
        if given in columns:
            return (given,)
        head, _, rest = given.partition(".")
        if rest and head in columns:
            return (head, *rest.split("."))
        raise _missing_column(given, columns, where)
    if "translation" in columns:
        nested = first.get("translation")
        if isinstance(nested, Mapping):
            key = _language_key(nested.keys(), language)
            if key is None:
                raise InputError(
                    f"the translation column has no {language} entry (it has {', '.join(nested)})",
                    path=where,
                    hint="check source_language / target_language",
                )
            return ("translation", key)
    candidates = ("src", "source") if side == "source" else ("tgt", "target")
    for candidate in candidates:
        if candidate in columns:
            return (candidate,)
    raise InputError(
        f"no {side} text column (looked for a nested 'translation' column, then "
        f"{' / '.join(repr(c) for c in candidates)}); the columns are: {', '.join(columns) or '(none)'}",
        path=where,
        hint=f"pass {side}_field= naming the column",
    )


def _text(row: Mapping[str, Any], path: tuple[str, ...], number: int, where: str | None) -> str:
    value: Any = row
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    if not isinstance(value, str):
        found = "missing (None)" if value is None else f"a {type(value).__name__}"
        raise InputError(f"row {number}: field {'.'.join(path)!r} is {found}, expected text", path=where)
    return unicodedata.normalize("NFC", value)


def _row_language(row: Mapping[str, Any], column: str, wanted: str, number: int, where: str | None) -> str:
    code = row.get(column)
    if not code:
        return wanted
    try:
        same = base_language(code) == base_language(wanted)
    except InputError:
        same = False
    if not same:
        raise InputError(f"row {number}: {column} is {code!r}, expected {wanted}", path=where)
    return normalize_language(code)


def _metadata(value: Any, number: int, where: str | None) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    try:
        decoded = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        decoded = None
    if not isinstance(decoded, dict):
        raise InputError(f"row {number}: the metadata column is not a JSON object", path=where)
    return decoded


def write_dataset(pairs: Iterable[SegmentPair], path: str | os.PathLike[str]) -> None:
    """Save pairs with ``save_to_disk`` (columns id, src, tgt, src_lang, tgt_lang).

    A ``metadata`` column (JSON text) is added only when some pair has metadata, so
    :func:`read_dataset` gives back equal pairs.
    """
    import datasets

    pairs = list(pairs)
    table: dict[str, list[str]] = {
        "id": [p.id for p in pairs],
        "src": [p.source for p in pairs],
        "tgt": [p.target for p in pairs],
        "src_lang": [p.source_language for p in pairs],
        "tgt_lang": [p.target_language for p in pairs],
    }
    if any(p.metadata for p in pairs):
        # JSON text, not an Arrow struct: metadata keys differ between pairs and Arrow needs one schema.
        table["metadata"] = [
            json.dumps(dict(p.metadata), ensure_ascii=False, sort_keys=True, default=str) for p in pairs
        ]
    # Explicit string features keep the schema stable even for an empty list of pairs.
    features = datasets.Features({name: datasets.Value("string") for name in table})
    datasets.Dataset.from_dict(table, features=features).save_to_disk(str(path))
