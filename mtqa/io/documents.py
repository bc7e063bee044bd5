"""Reading and writing stories (:class:`~mtqa.data.Document`).

- ``txt``: one story per file; sentences split by language rules. A first paragraph that is a
  single line without final punctuation is recorded as the headline (it stays in the text).
- ``lines``: one sentence per line (``--presplit``).
- ``jsonl``: one story per line: ``{"id", "text", "language"?, "segments"?, "metadata"?}``.
- a directory: every ``*.txt`` (or ``*.jsonl``) file in it, sorted by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from mtqa.data import Document
from mtqa.errors import InputError
from mtqa.io.common import PathLike, display_name, open_output, read_text
from mtqa.io.jsonl import parse_jsonl, require, write_jsonl
from mtqa.lang import UNDETERMINED, normalize_language
from mtqa.sentences import segment_document

_HEADLINE = re.compile(r"\A([^\n]{1,200})\n[ \t]*\n")
_SENTENCE_END = tuple(".!?;:…。！？»\"'”’)")


def _metadata(text: str, source: str) -> dict[str, str]:
    metadata = {"source_file": source}
    match = _HEADLINE.match(text)
    if match and not match.group(1).rstrip().endswith(_SENTENCE_END):
        metadata["headline"] = match.group(1).strip()
    return metadata


def read_story(
    path: PathLike,
    language: str,
    *,
    presplit: bool = False,
    encoding: str = "utf-8",
    doc_id: str | None = None,
) -> Document:
    """Read one story from a text file (``-`` for stdin) and split it into sentences."""
    language = normalize_language(language)
    text = read_text(path, encoding=encoding)
    name = display_name(path)
    identifier = doc_id or (Path(str(path)).name.split(".")[0] if name != "<stdin>" else "stdin")
    return segment_document(identifier, language, text, presplit=presplit, metadata=_metadata(text, name))


def read_jsonl_documents(path: PathLike, language: str | None, *, encoding: str = "utf-8") -> list[Document]:
    """Stories from JSONL; each record's ``language`` wins over the default ``language``."""
    text = read_text(path, encoding=encoding)
    docs: list[Document] = []
    seen: dict[str, int] = {}
    for line, record in parse_jsonl(text, path=path):
        body = require(record, "text", path=path, line=line)
        if not body.strip():
            raise InputError("story text is empty", path=display_name(path), line=line)
        record_language = record.get("language") or language
        if not record_language:
            raise InputError("no language: give the record a 'language' field or pass --lang",
                             path=display_name(path), line=line)
        try:
            lang = normalize_language(record_language)
        except InputError as exc:
            raise InputError(exc.message, path=display_name(path), line=line, hint=exc.hint) from None
        doc_id = str(record.get("id", line))
        if doc_id in seen:
            raise InputError(f"duplicate story id {doc_id!r} (first on line {seen[doc_id]})",
                             path=display_name(path), line=line)
        seen[doc_id] = line
        metadata = {"source_file": display_name(path), **(record.get("metadata") or {})}
        try:
            if record.get("segments"):
                docs.append(Document.from_dict({**record, "id": doc_id, "language": lang, "metadata": metadata}))
            else:
                docs.append(segment_document(doc_id, lang, body, metadata=metadata))
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise InputError(f"bad story record: {exc}", path=display_name(path), line=line) from None
    if not docs:
        raise InputError("no stories in file", path=display_name(path))
    return docs


def read_documents(
    path: PathLike,
    language: str | None,
    *,
    presplit: bool = False,
    encoding: str = "utf-8",
) -> list[Document]:
    """Stories from a text file, a JSONL file or a directory of either."""
    p = Path(str(path))
    if str(path) != "-" and p.is_dir():
        files = sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith("."))
        files = [f for f in files if f.suffix in {".txt", ".jsonl"}]
        if not files:
            raise InputError("directory has no .txt or .jsonl stories", path=str(path))
        docs = [doc for f in files for doc in read_documents(f, language, presplit=presplit, encoding=encoding)]
        _check_unique_ids(docs, str(path))
        return docs
    if str(path).endswith(".jsonl"):
        return read_jsonl_documents(path, language, encoding=encoding)
    if not language and presplit:
        language = UNDETERMINED  # splitting one sentence per line needs no language rules
    if not language:
        raise InputError("the language of a plain-text story must be given (--src-lang / --tgt-lang / --lang)",
                         path=display_name(path))
    return [read_story(path, language, presplit=presplit, encoding=encoding)]


def _check_unique_ids(docs: Iterable[Document], where: str) -> None:
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            raise InputError(f"two stories share the id {doc.id!r}", path=where)
        seen.add(doc.id)


def write_jsonl_documents(docs: Iterable[Document], path: PathLike) -> None:
    write_jsonl((doc.to_dict() for doc in docs), path)


def write_lines(doc: Document, path: PathLike) -> None:
    """One sentence per line (newlines inside a sentence become spaces)."""
    with open_output(path) as handle:
        for segment in doc.segments:
            handle.write(" ".join(segment.text.split()) + "\n")


def pair_by_id(sources: Sequence[Document], targets: Sequence[Document]) -> tuple[list[tuple[Document, Document]], list[str], list[str]]:
    """Pair stories that share an id (a file's name up to the first dot: ``03_quake.el.txt`` and
    ``03_quake.en.txt``), in source order; also returns the ids left without a counterpart."""
    by_id = {doc.id: doc for doc in targets}
    pairs = [(doc, by_id[doc.id]) for doc in sources if doc.id in by_id]
    paired = {src.id for src, _ in pairs}
    return pairs, [d.id for d in sources if d.id not in by_id], [d.id for d in targets if d.id not in paired]
