"""Sentence splitting with character offsets into the raw text.

Paragraphs (line breaks) always end a sentence; inside a paragraph the language-aware rules of
``sentencex`` decide (it handles Greek "κ.", "π.χ.", "Δρ." and the Greek question mark ";",
German ordinals, CJK full stops). Whitespace around sentences is not part of them.

>>> text = "Τι έγινε; Τίποτα.\\n\\nΟ κ. Παπαδόπουλος έφυγε."
>>> [text[s:e] for s, e in split_sentences(text, "el")]
['Τι έγινε;', 'Τίποτα.', 'Ο κ. Παπαδόπουλος έφυγε.']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mtqa.data import Document, Segment
from mtqa.lang import base_language

_LINE = re.compile(r"[^\n]+")
# Abbreviations after which the rule splitter sometimes ends a sentence although the next word
# (in lowercase) continues it: "3 εκατ. ευρώ", "5 Mio. Euro", "20 тыс. человек".
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "el": frozenset({"εκατ", "χιλ", "δισ", "δισεκ", "τρισ", "κ", "π.χ", "δηλ", "κλπ", "τηλ", "αρ", "σελ", "περ",
                     "μ.μ", "π.μ", "χλμ", "εκ", "στρ"}),
    "de": frozenset({"mio", "mrd", "tsd", "bzw", "ca", "nr", "z.b", "u.a", "dr", "prof", "st", "vgl", "inkl"}),
    "ru": frozenset({"тыс", "млн", "млрд", "г", "гг", "т.е", "т.д", "руб", "ул", "им", "долл", "км"}),
    "en": frozenset({"mr", "mrs", "ms", "dr", "st", "no", "approx", "vs", "e.g", "i.e", "jan", "feb", "aug",
                     "sept", "oct", "nov", "dec", "gen", "col", "lt", "sgt", "gov", "sen", "rep"}),
    "fr": frozenset({"m", "mme", "env", "etc", "av", "bd", "st"}),
}
_LAST_TOKEN = re.compile(r"([^\W\d_][\w.]*)\.$")


def split_sentences(text: str, language: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``, in order, whitespace trimmed."""
    from sentencex import segment

    lang = base_language(language)
    offsets: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        cursor = line.start()
        for piece in segment(lang, line.group()):
            # sentencex returns consecutive pieces of its input; locate each one rather than trust
            # that, so a library change cannot shift every later offset.
            found = text.find(piece, cursor, line.end())
            if found < 0:
                stripped = piece.strip()
                if not stripped:
                    continue
                found = text.find(stripped, cursor, line.end())
                if found < 0:
                    raise RuntimeError(f"sentence splitter returned text not in the input: {piece!r}")
                piece = stripped
            start, end = _trim(text, found, found + len(piece))
            if start < end:
                if offsets and _continues_abbreviation(text, offsets[-1], start, lang) and offsets[-1][1] > line.start():
                    offsets[-1] = (offsets[-1][0], end)
                else:
                    offsets.append((start, end))
            cursor = found + len(piece)
    return offsets


def _continues_abbreviation(text: str, previous: tuple[int, int], start: int, language: str) -> bool:
    """The previous piece ends with a known abbreviation and this one starts in lowercase."""
    abbreviations = ABBREVIATIONS.get(language)
    if not abbreviations or not text[start:start + 1].islower():
        return False
    match = _LAST_TOKEN.search(text[previous[0]:previous[1]])
    return bool(match and match.group(1).lower() in abbreviations)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def line_offsets(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-blank lines of ``text`` (one sentence per line input), whitespace trimmed."""
    offsets = []
    for line in _LINE.finditer(text):
        start, end = _trim(text, line.start(), line.end())
        if start < end:
            offsets.append((start, end))
    return offsets


def paragraph_segments(doc: Document) -> list[list[Segment]]:
    """The segments of a document grouped by paragraph (a blank line between two segments).

    >>> doc = segment_document("d", "en", "One. Two.\\n\\nThree.")
    >>> [[s.text for s in p] for p in paragraph_segments(doc)]
    [['One.', 'Two.'], ['Three.']]
    """
    paragraphs: list[list[Segment]] = []
    last_end = None
    for seg in doc.segments:
        if last_end is None or "\n\n" in doc.text[last_end:seg.start]:
            paragraphs.append([])
        paragraphs[-1].append(seg)
        last_end = seg.end
    return paragraphs


def splitter_name(presplit: bool = False) -> str:
    """What split the sentences, for signatures: ``sentencex-1.0.32`` or ``lines``."""
    if presplit:
        return "lines"
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"sentencex-{version('sentencex')}"
    except PackageNotFoundError:  # pragma: no cover - sentencex is a dependency
        return "sentencex"


def segment_document(
    doc_id: str,
    language: str,
    text: str,
    *,
    presplit: bool = False,
    metadata: Mapping[str, Any] | None = None,
) -> Document:
    """A :class:`Document` with its sentences: split by rules, or one per line when ``presplit``.

    Markup is split around, never into: sentences are found in the masked text
    (:func:`mtqa.markup.mask_markup`), so none starts or ends with a tag and a line of tags alone
    is no sentence, while the document keeps its raw text and offsets.

    >>> doc = segment_document("d", "en", "<p>One two.</p>\\n<p>Three.</p>")
    >>> [s.text for s in doc.segments]
    ['One two.', 'Three.']
    """
    from mtqa.markup import mask_markup

    visible = mask_markup(text)
    offsets = line_offsets(visible) if presplit else split_sentences(visible, language)
    return Document.from_text(doc_id, language, text, offsets, metadata)
