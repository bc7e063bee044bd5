"""Untranslated text: spans of the translation left in the source language (or a third one).

Two kinds of evidence:
- script: words in a script the target language does not use (Greek or Cyrillic letters in an
  English translation, Han characters in a German one) are left untranslated, unless the same
  word is approved in the glossary;
- copying: a run of target words copied verbatim from the source, in lowercase (so not a
  name), that language identification does not place in the target language.
"""

from __future__ import annotations

import unicodedata

import regex

from mtqa.checks.base import Check, CheckContext, LinkView, register
from mtqa.data import Finding
from mtqa.lang import base_language, is_known_word

# Scripts each language is normally written in (by Unicode script name prefix of letters).
LANGUAGE_SCRIPTS = {
    "en": {"LATIN"}, "de": {"LATIN"}, "fr": {"LATIN"}, "es": {"LATIN"}, "it": {"LATIN"}, "pt": {"LATIN"},
    "nl": {"LATIN"}, "pl": {"LATIN"}, "ro": {"LATIN"}, "tr": {"LATIN"}, "cs": {"LATIN"}, "sv": {"LATIN"},
    "el": {"GREEK"}, "ru": {"CYRILLIC"}, "uk": {"CYRILLIC"}, "bg": {"CYRILLIC"}, "sr": {"CYRILLIC", "LATIN"},
    "zh": {"CJK"}, "ja": {"CJK", "HIRAGANA", "KATAKANA"}, "ko": {"HANGUL", "CJK"}, "ar": {"ARABIC"},
    "he": {"HEBREW"}, "fa": {"ARABIC"}, "hi": {"DEVANAGARI"}, "th": {"THAI"},
}
_WORD = regex.compile(r"[\p{L}\p{M}]+(?:[-'’][\p{L}\p{M}]+)*")


def first_letter_script(word: str) -> str | None:
    """The Unicode script of a word's first letter, coarsely: LATIN, GREEK, CYRILLIC, CJK, ...

    >>> first_letter_script("γυμνάσια"), first_letter_script("exercises"), first_letter_script("春运")
    ('GREEK', 'LATIN', 'CJK')
    """
    for ch in word:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            return name.split(" ")[0] if name else None
    return None


@register
class UntranslatedCheck(Check):
    name = "untranslated"
    description = ("Text left in the source language or a third language: words in a script the target "
                   "language does not use, and lowercase runs copied verbatim from the source.")
    categories = ("untranslated",)

    def run(self, context: CheckContext) -> list[Finding]:
        target_scripts = LANGUAGE_SCRIPTS.get(base_language(context.target_language))
        allowed = set()
        if context.glossary is not None:
            allowed = {v.casefold() for e in context.glossary.entries for v in e.accepted}
        findings = []
        for view in context.links():
            if not view.target_text:
                continue
            if target_scripts:
                findings.extend(self._foreign_script(view, target_scripts, allowed))
            if view.source_text:
                findings.extend(self._copied(view, context, target_scripts))
        return findings

    def _foreign_script(self, view: LinkView, target_scripts: set[str], allowed: set[str]) -> list[Finding]:
        runs: list[list[regex.Match[str]]] = []
        previous_end = None
        for match in _WORD.finditer(view.target_text):
            script = first_letter_script(match.group())
            foreign = script is not None and script not in target_scripts and match.group().casefold() not in allowed
            if foreign:
                gap = view.target_text[previous_end:match.start()] if previous_end is not None else None
                if runs and gap is not None and gap.strip(" ,-") == "":
                    runs[-1].append(match)
                else:
                    runs.append([match])
                previous_end = match.end()
            else:
                previous_end = None
        out = []
        for run in runs:
            start, end = run[0].start(), run[-1].end()
            text = view.target_text[start:end]
            in_source = text.casefold() in view.source_text.casefold()
            out.append(self.finding(
                category="untranslated", severity="major", confidence=0.95 if in_source else 0.85,
                source_span=_find(view, text) if in_source else (view.source_span() if view.source_text else None),
                target_span=view.target_span(start, end),
                message=f"{text!r} is in {first_letter_script(text).title()} script, not translated",  # type: ignore[union-attr]
                evidence={"script": first_letter_script(text), "copied_from_source": in_source},
            ))
        return out

    def _copied(self, view: LinkView, context: CheckContext, target_scripts: set[str] | None) -> list[Finding]:
        """Source-language words copied into the translation.

        A copied word counts when the source language's lexicon (simplemma) knows it and the target
        language's does not. Capitalized words are most often names (Hamburg, Deutsche Bahn), so
        they count only when long and standing alone, like a German compound noun ("Kerninflation").
        """
        src_lang, tgt_lang = base_language(context.source_language), base_language(context.target_language)
        source_words = {m.group().casefold() for m in _WORD.finditer(view.source_text)}
        matches = list(_WORD.finditer(view.target_text))
        out = []
        for k, match in enumerate(matches):
            word = match.group()
            if len(word) < 4 or word.casefold() not in source_words:
                continue
            if target_scripts and first_letter_script(word) not in target_scripts:
                continue  # reported as foreign script
            capitalized = word[0].isupper()
            if capitalized and _next_to_capitalized(matches, k, view.target_text):
                continue  # part of a multiword name ("Deutsche Bahn")
            if capitalized and not _sentence_start(view.target_text, match.start()) and len(word) < 9:
                continue
            # (a language simplemma does not cover knows no word)
            known_src = is_known_word(word, src_lang) or is_known_word(word.lower(), src_lang)
            known_tgt = is_known_word(word, tgt_lang) or is_known_word(word.lower(), tgt_lang)
            if known_src and not known_tgt:
                out.append(self.finding(
                    category="untranslated", severity="minor", confidence=0.45 if capitalized else 0.6,
                    source_span=_find(view, word),
                    target_span=view.target_span(match.start(), match.end()),
                    message=f"{word!r} is copied from the source: a {src_lang} word, not {tgt_lang}",
                    evidence={"copied_from_source": True, "source_lexicon": True},
                ))
        return out


def _next_to_capitalized(matches: list[regex.Match[str]], k: int, text: str) -> bool:
    """Part of a multiword name: a capitalized neighbour (not capitalized only because it starts the
    sentence) separated only by a space or hyphen."""
    for j in (k - 1, k + 1):
        if 0 <= j < len(matches) and matches[j].group()[0].isupper() and not _sentence_start(text, matches[j].start()):
            a, b = sorted((matches[j], matches[k]), key=lambda m: m.start())
            if text[a.end():b.start()] in {" ", "-"}:
                return True
    return False


def _sentence_start(text: str, position: int) -> bool:
    before = text[:position].rstrip()
    return not before or before[-1] in ".!?;:\"“«"


def _find(view: LinkView, text: str):  # type: ignore[no-untyped-def]
    index = view.source_text.casefold().find(text.casefold())
    return view.source_span(index, index + len(text)) if index >= 0 else view.source_span()
