"""What counts as a term, and how terms are compared across inflections.

Terms are single words or short runs of words (token index ranges over the tokens of
:func:`mtqa.align.tokenize.word_spans`, the tokens word alignment uses, so a term and its aligned
rendering come out of the same numbering). A term neither starts nor ends with a function word,
holds no digit (numbers are the numbers check's business) and no punctuation. Comparison goes
through lemmas (``simplemma``), so Greek "γυμνάσια"/"γυμνασίων" or German "Übung"/"Übungen" are
one term.

>>> tokens = ["the", "armed", "forces", "held", "military", "exercises", "in", "2024"]
>>> [" ".join(tokens[i:j]) for i, j in term_ngrams(tokens, "en", max_words=2)][:5]
['armed', 'armed forces', 'forces', 'forces held', 'held']
>>> lemma("γυμνάσια", "el") == lemma("γυμνασίων", "el")
True
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import regex

from mtqa.checks.lexicon import function_words
from mtqa.lang import base_language, lemmatize

# Scripts written without spaces: a term is a run of characters there, not of words.
_NOSPACE_CHAR = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")
_TERM_WORD = regex.compile(r"[\p{L}\p{M}]+(?:[-'’][\p{L}\p{M}]+)*")
_LEMMA_LANGUAGES: set[str] | None = None


def _lemmatizable(language: str) -> bool:
    global _LEMMA_LANGUAGES
    if _LEMMA_LANGUAGES is None:
        from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

        _LEMMA_LANGUAGES = set(SUPPORTED_LANGUAGES)
    return language in _LEMMA_LANGUAGES


@lru_cache(maxsize=200_000)
def lemma(word: str, language: str) -> str:
    """Lowercase lemma by simplemma (the lowercased word for languages it does not cover).

    Cached: glossary training lemmatizes the same words hundreds of thousands of times.

    >>> lemma("Übungen", "de")
    'übung'
    """
    lang = base_language(language)
    lowered = word.lower()
    if not _lemmatizable(lang):
        return lowered
    return lemmatize(lowered, lang).lower()


def lemma_key(words: Sequence[str], language: str) -> tuple[str, ...]:
    """The lemmas of a term's words, the form terms are counted and compared in.

    >>> lemma_key(["military", "exercises"], "en")
    ('military', 'exercise')
    """
    return tuple(lemma(w, language) for w in words)


def content_lemmas(text: str, language: str) -> frozenset[str]:
    """Lemmas of the content words of a rendering: what two renderings must share to be "the same".

    >>> sorted(content_lemmas("the high schools", "en"))
    ['high', 'school']
    """
    stop = function_words(language)
    return frozenset(lemma(w, language) for w in _TERM_WORD.findall(text) if w.lower() not in stop)


def is_term_word(token: str, language: str) -> bool:
    """A token that may be part of a term: letters only (hyphens inside), not a function word."""
    return bool(_TERM_WORD.fullmatch(token)) and token.lower() not in function_words(language)


def is_lettered(token: str) -> bool:
    """A token of letters (hyphens and apostrophes inside), content or function word alike.

    >>> is_lettered("of"), is_lettered("Wi-Fi"), is_lettered("%s"), is_lettered("MP3")
    (True, True, False, False)
    """
    return bool(_TERM_WORD.fullmatch(token))


def is_nospace_language(tokens: Sequence[str]) -> bool:
    return bool(tokens) and sum(bool(_NOSPACE_CHAR.match(t)) for t in tokens) * 2 > len(tokens)


def term_ngrams(tokens: Sequence[str], language: str, *, max_words: int = 3) -> list[tuple[int, int]]:
    """Token ranges ``[i, j)`` that may be terms: runs of up to ``max_words`` term-like tokens
    whose first and last tokens are content words (function words may sit inside: "balance of
    power"). In space-less scripts tokens are characters, so runs of 2 to ``max_words + 1``
    characters count instead and single characters do not.

    >>> term_ngrams(["balance", "of", "power", "."], "en")
    [(0, 1), (0, 3), (2, 3)]
    """
    stop = function_words(language)
    nospace = is_nospace_language(tokens)
    longest = max_words + 1 if nospace else max_words
    shortest = 2 if nospace else 1
    lettered = [bool(_TERM_WORD.fullmatch(t)) for t in tokens]
    content = [ok and t.lower() not in stop for ok, t in zip(lettered, tokens)]
    out = []
    for i in range(len(tokens)):
        if not content[i]:
            continue
        for j in range(i + 1, min(len(tokens), i + longest) + 1):
            if not lettered[j - 1]:
                break
            if j - i >= shortest and content[j - 1]:
                out.append((i, j))
    return out
