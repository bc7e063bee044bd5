"""Word tokenization with character offsets, for word alignment and word-level findings.

A *word* is a run of letters, marks and digits (any script), which may contain

- internal hyphens and apostrophes: ``Yo-jong``, ``F-15K``, ``don't``, ``Baden-Württemberg``;
- decimal points, thousands separators and time colons *between digits*: ``10.000``, ``2,5``,
  ``07:30``, ``١٢٫٥``, and a no-break space before a group of three digits (``10 000``).

Every other visible character (punctuation, symbols) is a token of its own. Han, Hiragana,
Katakana and Thai characters are single-character tokens: no word segmenter for these scripts is
available offline, and character-level links are what SimAlign-style aligners evaluate on for
Chinese anyway. Hangul words are space-separated and stay whole. Offsets are Python string
indices into the raw text, end exclusive.

>>> text = "Kim Yo-jong said 10.000 troops, at 07:30."
>>> [text[s:e] for s, e in word_spans(text)]
['Kim', 'Yo-jong', 'said', '10.000', 'troops', ',', 'at', '07:30', '.']
>>> [t for t in (lambda s: [s[a:b] for a, b in word_spans(s)])("北京欢迎你")]
['北', '京', '欢', '迎', '你']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import regex

from mtqa.errors import ConfigError, InputError

__all__ = ["pretokenized_spans", "word_spans", "words"]

# Scripts written without spaces: one token per character (grapheme, so Thai vowel signs and
# tone marks stay with their consonant). U+30FC (prolonged sound mark) and U+3005 (iteration
# mark) are script "Common"/"Han" letters that only occur inside such text.
_NOSPACE = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\u30fc\u3005"
# A word character: letter, mark or digit, but not one of the space-less scripts.
_W = rf"[[\p{{L}}\p{{M}}\p{{N}}]--[{_NOSPACE}]]"
# What may join two runs of word characters into one word.
_JOIN = (
    r"(?:[-\u2010\u2011'\u2019]"  # hyphen, Unicode hyphens, apostrophes
    r"|(?<=\p{Nd})[.,:\u066b\u066c](?=\p{Nd})"  # 10.000  2,5  07:30  Arabic decimal/thousands
    r"|(?<=\p{Nd})[\u00a0\u202f](?=\p{Nd}{3}(?!\p{Nd})))"  # 10 000 with a (narrow) no-break space
)
_TOKEN = regex.compile(
    rf"{_W}+(?:{_JOIN}{_W}+)*"  # words
    rf"|(?=[{_NOSPACE}])\X"  # one CJK / Thai character (grapheme cluster)
    r"|[^\s\p{C}]\p{M}*",  # any other visible character: punctuation, symbol
    regex.V1,
)
_WHITESPACE_TOKEN = regex.compile(r"\S+")


def word_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every word and punctuation token of ``text``, in order.

    >>> t = "Οι ασκήσεις στο Αιγαίο (2,5 ημέρες) δεν ήταν «γυμνάσια»."
    >>> [t[s:e] for s, e in word_spans(t)]  # doctest: +NORMALIZE_WHITESPACE
    ['Οι', 'ασκήσεις', 'στο', 'Αιγαίο', '(', '2,5', 'ημέρες', ')', 'δεν', 'ήταν', '«',
     'γυμνάσια', '»', '.']
    >>> word_spans("")
    []
    """
    return [m.span() for m in _TOKEN.finditer(text)]


def pretokenized_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the whitespace-separated tokens of already tokenized text (``src ||| tgt`` files).

    >>> pretokenized_spans("Das Haus , das")
    [(0, 3), (4, 8), (9, 10), (11, 14)]
    """
    return [m.span() for m in _WHITESPACE_TOKEN.finditer(text)]


def words(text: str) -> list[str]:
    """The tokens of :func:`word_spans` as strings (convenience for tests and reports).

    >>> words("F-15K jets don't fly at 07:30.")
    ['F-15K', 'jets', "don't", 'fly', 'at', '07:30', '.']
    """
    return [text[s:e] for s, e in word_spans(text)]


Tokenizer = Callable[[str], list[tuple[int, int]]]
TOKENIZERS: dict[str, Tokenizer] = {"words": word_spans, "whitespace": pretokenized_spans}


def resolve_tokenizer(spec: str | Tokenizer) -> tuple[Tokenizer, str]:
    """A tokenizer by name (``words``, ``whitespace``) or a function returning spans, with its name.

    >>> resolve_tokenizer("whitespace")[0]("a b")
    [(0, 1), (2, 3)]
    """
    if isinstance(spec, str):
        if spec not in TOKENIZERS:
            raise ConfigError(f"unknown tokenizer {spec!r}; valid: {', '.join(TOKENIZERS)} or a function")
        return TOKENIZERS[spec], spec
    return spec, getattr(spec, "__name__", "custom")


def checked_spans(text: str, spans: Sequence[tuple[int, int]] | None, tokenize: Tokenizer) -> tuple[tuple[int, int], ...]:
    """Word spans of ``text``: the given ones, validated, or ``tokenize(text)`` when None.

    >>> checked_spans("a bc", None, word_spans)
    ((0, 1), (2, 4))
    """
    if spans is None:
        return tuple(tokenize(text))
    out = tuple((int(s), int(e)) for s, e in spans)
    for s, e in out:
        if not 0 <= s < e <= len(text):
            raise InputError(f"word span {(s, e)} is empty or outside the text {text[:60]!r}")
    return out
