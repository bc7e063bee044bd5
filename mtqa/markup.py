"""Markup in stories: HTML/XML tags and character entities, kept in the text, hidden from analysis.

Wire copy often arrives with tags (``<p>``, ``<b>``, ``<a href=...>``) and entities (``&amp;``,
``&nbsp;``, ``&#8364;``). mtqa never edits the text a finding's offsets point into, so instead of
stripping markup it *masks* it: :func:`mask_markup` returns a string of the same length in which
every tag is blanked (newlines kept, so line structure survives) and every entity is replaced by
the character it stands for followed by blanks. Sentence splitting, alignment and the checks read
the masked text; spans found there are valid in the raw text unchanged. Numbers inside tags
(``<img src="photo_2024.jpg">``, ``data-x="12"``) and entities (``&#160;``) therefore never count
as numbers, and a tag is never "untranslated text".

>>> mask_markup("<p>5&nbsp;€ &amp; more</p>")
'   5\\xa0     € &     more    '
>>> len(mask_markup("<b>two</b>")) == len("<b>two</b>")
True
"""

from __future__ import annotations

import html

import regex

from mtqa.data import Document

# A tag: an element name right after "<" (so "a < b" and "3<5" are not tags), attributes without
# a "<" inside, an optional "/" before ">"; comments; CDATA markers; processing instructions.
_TAG = regex.compile(
    r"<!--.*?-->|<!\[CDATA\[|\]\]>|<\?[^<>]*\?>|</?[A-Za-z][\w:.-]*(?:\s+[^<>]*?)?/?>",
    regex.DOTALL,
)
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HINT = regex.compile(r"<[A-Za-z/!?]|&[#A-Za-z]")


def has_markup(text: str) -> bool:
    """Whether ``text`` holds a tag or an entity (a quick test before masking)."""
    return bool(_HINT.search(text)) and bool(_TAG.search(text) or _ENTITY.search(text))


def markup_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of every tag and entity in ``text``, in order.

    >>> markup_spans("a <b>c</b> &amp;")
    [(2, 5), (6, 10), (11, 16)]
    """
    return sorted([(m.start(), m.end()) for m in _TAG.finditer(text)] +
                  [(m.start(), m.end()) for m in _ENTITY.finditer(text)])


def _blank(piece: str) -> str:
    return "".join("\n" if ch == "\n" else " " for ch in piece)


def _entity(match: regex.Match[str]) -> str:
    entity = match.group()
    char = html.unescape(entity)
    if char == entity or len(char) > len(entity):
        return entity  # unknown entity: leave it as text
    return char + " " * (len(entity) - len(char))


def mask_markup(text: str) -> str:
    """``text`` with tags blanked and entities decoded in place, the length unchanged."""
    if not has_markup(text):
        return text
    masked = _TAG.sub(lambda m: _blank(m.group()), text)
    return _ENTITY.sub(_entity, masked)


def masked_document(doc: Document) -> Document:
    """The document the aligners and checks read: the masked text, the same segment offsets.
    The document itself when it holds no markup."""
    masked = mask_markup(doc.text)
    if masked == doc.text:
        return doc
    return Document.from_text(doc.id, doc.language, masked, [(s.start, s.end) for s in doc.segments], doc.metadata)
