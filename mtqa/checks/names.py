"""The names check: people, places and organizations dropped, replaced or mangled in translation.

For every paired sentence link the check finds the names of the source sentence and looks for
their rendering in the target sentence:

1. **Known names.** A small list (``mtqa/resources/names/known_names.json``: leaders, capitals,
   regions, organizations) plus every country name from CLDR (babel) in the source language maps
   source forms to canonical English forms. Inflected source forms match by stem
   (``Πειραιά``/``Πειραιάς``, ``Волгоградской``/``Волгоград``); for Chinese the forms are found as
   substrings. An approved glossary entry (``context.glossary``) takes precedence over the list.
2. **Other names** in Greek and Cyrillic text: capitalized words that the lemmatizer knows as
   proper nouns (simplemma returns a capitalized lemma: ``σητεία`` → ``Σητεία``) or does not know at
   all, months and weekdays excluded; Latin-script tokens in a non-Latin source (``KCNA``) must
   come through verbatim. For Latin-script sources (German…) names are compared by spelling.
3. **Matching.** A source name is romanized by sound (:func:`~mtqa.checks.translit.phonetic_romanize`)
   and compared with the capitalized word runs of the target link through phonetic keys; when
   that fails, the word alignment (``view.words``) says which target words the name was rendered
   as. Chinese/Japanese sources rely on the list and the word alignment only (no romanizer here).

Findings (category ``name``):

- **replaced** (critical): the counterpart is a different known name (``Σητεία`` → ``Chania``,
  ``陕西`` → ``Shanxi``) or sounds nothing like the source name;
- **mangled** (major): the counterpart is close to, but not, the established form of a curated
  name (``Kim Yo-yong`` for Kim Yo-jong); minor where only a romanization or a gazetteer city
  matched by sound is to go by (``Stavrakis`` for Stavrakakis), for names have several accepted
  romanizations and case forms;
- **spelling variant** (minor): only vowels/``y`` or doubled letters differ from the established
  form (``Kiev``/``Kyiv``, ``Zelenskiy``/``Zelensky``); apostrophes, hyphens, spaces and accents
  never count (``P'yŏngyang`` = ``Pyongyang``, ``Yo Jong`` = ``Yo-jong``);
- **missing** (major): no counterpart anywhere in the target link;
- **inconsistent** (story level): one source word rendered two ways in the story (``Γιονγκ`` →
  ``Jong`` in Kim Jong-un but ``yong`` in Kim Yo-yong); the rendering backed by a known name or by
  the majority wins, the other is flagged.

>>> from mtqa.checks.names import NameIndex
>>> NameIndex.default().english("Kim Yo-jong").canonical
'Kim Yo-jong'
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

from mtqa.align.tokenize import word_spans
from mtqa.checks.base import Check, CheckContext, LinkView, overlapping, register
from mtqa.checks.lexicon import function_words, spells_out_acronym, unrepeated_acronyms
from mtqa.checks.places import Gazetteer, Place, capital_of, countries_speaking
from mtqa.checks.translit import (
    fold_arabic,
    latin_key,
    phonetic_key,
    phonetic_romanize,
    romanize,
    script_of,
    similarity,
    skeleton,
    spelling_skeleton,
    stem_match,
    strip_marks,
)
from mtqa.data import Finding, Span
from mtqa.errors import ConfigError
from mtqa.lang import is_known_word as _known
from mtqa.lang import lemmatize as _lemma

__all__ = ["KnownName", "NameIndex", "NamesCheck"]

_RESOURCE = "resources/names/known_names.json"
_SENTENCE_END = set(".!?;\n。！？…")
_QUOTES = set("\"'«»“”„‘’()[]—–-*")
# Similarity (phonetic key, 0-1) above which a target word run is taken as the rendering of a
# source name; measured on the corpora: true renderings score 0.75-1.0, unrelated names < 0.5.
_MATCH = 0.6
# A source word and a target word that the word aligner links above this similarity are one word
# to the encoder: on correct pairs, inflected names (Riksbanken/Riksbank, Ekstraklasy/Ekstraklasa,
# Prahy/Prague) and cognates (Cassazione/Cassation) linked at 0.80-0.86; a name put in another's
# place linked at 0.54 at most.
_SAME_WORD_LINK = 0.8
# A plain English word (National, Saturday) that sounds like a source name less than this is no
# rendering of it: mangled transliterations are seldom dictionary words.
_PLAIN_WORD_MATCH = 0.85
# A capitalized source word the aligner links to a capitalized target word at this similarity is
# rendered there, by its exonym or translation (Sverige/Sweden 0.70, Polsce/Poland 0.64,
# Trafikverket/Transport 0.67).
_RENDERED_LINK = 0.6
_MAX_RUN = 5
# A title-case run of English common words (Federal Statistical Office, Olive Growers) renders a
# source name word by word, and the word aligner links it: the best link of such a run scored
# 0.58-0.95 (cosine) on 290 correct news and UI pairs from cased scripts (0.50 for a Chinese
# character), while runs put in place of another name scored 0 (no link) to 0.54. Below this,
# the run renders nothing in the source.
_TITLE_LINK_MIN = {"cased": 0.55, "uncased": 0.45}


def _norm(word: str) -> str:
    return strip_marks(word).casefold().replace("ς", "σ")


def _clean(word: str) -> str:
    """A target word without an English possessive (``Pyongyang’s`` → ``Pyongyang``) or a
    hyphenated ending that makes it an adjective (``Brno-bound``, ``London-based``).

    >>> _clean("Pyongyang’s"), _clean("Brno-bound"), _clean("Japanese-style"), _clean("Rhine-Westphalia")
    ('Pyongyang', 'Brno', 'Japanese', 'Rhine-Westphalia')
    """
    return regex.sub(r"['\u2019]s?$|-(?:bound|based|born|style|made|led|backed|owned|listed|registered)$", "", word)


@dataclass(frozen=True)
class KnownName:
    """A name with its canonical English form, accepted variants and source-language forms."""

    canonical: str
    accepted: tuple[str, ...]
    kind: str = "place"
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)

    def __hash__(self) -> int:
        return hash((self.canonical, self.kind))


class NameIndex:
    """Known names, looked up by source form (per language) and by English form.

    >>> idx = NameIndex.default()
    >>> [k.canonical for _, _, k in idx.match_tokens(["Κιμ", "Γιονγκ", "Ουν"], "el")]
    ['Kim Jong-un']
    >>> [k.canonical for _, _, k in idx.match_tokens(["Βόρειας", "Κορέας"], "el")]
    ['North Korea']
    """

    def __init__(self, entries: Iterable[KnownName], *, strict: bool = False, by_english: bool = True,
                 han: bool | None = None) -> None:
        merged: dict[str, KnownName] = {}
        for e in entries:
            old = merged.get(e.canonical)
            if old is not None:  # the curated entry and a CLDR country: merge forms and variants
                forms = {k: tuple(dict.fromkeys(old.forms.get(k, ()) + e.forms.get(k, ())))
                         for k in set(old.forms) | set(e.forms)}
                e = KnownName(old.canonical, tuple(dict.fromkeys(old.accepted + e.accepted)), old.kind, forms)
            merged[e.canonical] = e
        self.entries = tuple(merged.values())
        self._english: dict[str, KnownName] = {}
        # Per language and first three letters: (form tokens, entry, how a token matches them).
        self._by_prefix: dict[str, dict[str, list[tuple[tuple[str, ...], KnownName, Callable[[str, str], bool]]]]] = (
            defaultdict(lambda: defaultdict(list)))
        self._han: dict[str, dict[str, KnownName]] = defaultdict(dict)
        for e in self.entries:
            for form in e.accepted if by_english else ():
                self._english.setdefault(latin_key(form), e)
            for lang, forms in e.forms.items():
                for form in forms:
                    if han if han is not None else script_of(form) == "han":
                        self._han[lang].setdefault(form, e)
                        continue
                    toks = tuple(_norm(form[s:t]) for s, t in word_spans(form))
                    if toks:
                        self._by_prefix[lang][toks[0][:3]].append((toks, e, _matcher(form, strict, lang)))
        for lang in self._by_prefix:
            for bucket in self._by_prefix[lang].values():
                bucket.sort(key=lambda item: -len(item[0]))
        self._han_lengths = {lang: sorted({len(f) for f in forms}, reverse=True) for lang, forms in self._han.items()}

    @classmethod
    def default(cls) -> NameIndex:
        """The shipped list plus CLDR country names (cached)."""
        return _default_index()

    @classmethod
    def from_file(cls, path: str) -> NameIndex:
        """A list in the shipped JSON format (``{"entries": [...], "demonyms": {...}}``)."""
        with open(path, encoding="utf-8") as fh:
            return cls(_entries_from_json(json.load(fh)))

    def english(self, text: str) -> KnownName | None:
        """The known name whose accepted English form is ``text`` (spelling-insensitive)."""
        return self._english.get(latin_key(_clean(text)))

    def match_tokens(self, tokens: Sequence[str], lang: str) -> list[tuple[int, int, KnownName]]:
        """``(first, end, name)`` for known names in a token list, longest match first, no overlaps."""
        # Languages of one script share most name forms (НАТО, Вашингтон in Russian, Ukrainian and
        # Bulgarian): a language's own forms first, then those of its script's best-covered one.
        tables = [t for t in (self._by_prefix.get(lang), self._by_prefix.get(_FORM_FALLBACK.get(lang, ""))) if t]
        out: list[tuple[int, int, KnownName]] = []
        if not tables:
            return out
        # Elided articles and prepositions are no part of the name: d'Italia, l'Ukraine, dell'Onu.
        bare = [_ELISION.sub("", t) for t in tokens]
        norm = [_norm(t) for t in bare]
        i = 0
        while i < len(tokens):
            hit = None
            for table in tables:
                for toks, entry, match in table.get(norm[i][:3], ()):
                    k = len(toks)
                    if i + k <= len(tokens) and all(match(norm[i + j], toks[j]) for j in range(k)):
                        hit = (i, i + k, entry)
                        break
                if hit:
                    break
            if hit and bare[i][:1].isupper():
                out.append(hit)
                i = hit[1]
            else:
                i += 1
        return out

    def match_han(self, text: str, lang: str) -> list[tuple[int, int, KnownName]]:
        """``(start, end, name)`` character spans of known names in Chinese/Japanese text,
        leftmost-longest, no overlaps (a dictionary probe per position and form length, so
        thousands of gazetteer names cost no more than a dozen)."""
        forms = self._han.get(lang)
        if not forms:
            return []
        lengths = self._han_lengths[lang]
        out: list[tuple[int, int, KnownName]] = []
        i = 0
        while i < len(text):
            for size in lengths:
                entry = forms.get(text[i:i + size]) if i + size <= len(text) else None
                if entry is not None:
                    out.append((i, i + size, entry))
                    i += size
                    break
            else:
                i += 1
        return out


def _token_match(word: str, form: str) -> bool:
    """Whether a (normalized) source token is a form of a token of a curated name: short tokens
    exactly, longer ones by stem. A stem cut back by two letters or more takes only a case or
    adjective ending (Ρώσου for Ρωσία, Китайской for Китай): Токаев is no form of Токио, Грузовой
    none of Грузия.

    >>> _token_match("ρωσου", "ρωσια"), _token_match("токаев", "токио"), _token_match("грузовои", "грузия")
    (True, False, False)
    >>> _token_match("первыи", "перу"), _token_match("перу", "перу")
    (False, True)
    """
    # Short tokens (Κιμ, Γιο, ΗΠΑ) must be exact: a stem of three letters is no evidence.
    if len(form) <= 3 or len(word) <= 3:
        return word == form
    if not stem_match(word, form):
        return False
    common = len(os.path.commonprefix([word, form]))
    if common <= 3:
        # Three shared letters are no stem: only a case ending may follow them (Перу is not Первый).
        return _name_tail(word[common:])
    return len(form) - common < 2 or len(word) - common < 3 or _name_tail(word[common:])


def _matcher(form: str, strict: bool, lang: str = "") -> Callable[[str, str], bool]:
    """How a source token must match a token of ``form``. A large list (the gazetteer,
    ``strict``) needs stricter inflection than the curated one: with 30,000 Russian city names,
    Эссо would pass for Эссекс (Essex). Latin-script forms match strictly too: Italian "Roma" is
    no form of "Romania", French "Francfort" none of "France"; in languages that do not inflect
    names they match exactly (Portuguese "Brasília" is no form of "Brasil"). Greek and Cyrillic
    forms of the curated list keep the loose stem match their adjectives need (Ρώσου for Ρωσία)."""
    latin = script_of(form) == "latin"
    if latin and lang in _UNINFLECTED_NAMES:
        return _same_token
    if strict:
        return _inflected_form
    return _latin_inflected if latin else _token_match


# Languages whose names keep one form in running text (elided articles are stripped before
# matching: l'Italia, d'Espagne). Germanic genitives (Brasiliens) and Slavic, Baltic, Finnic
# and Hungarian cases need the looser match.
_UNINFLECTED_NAMES = frozenset({"fr", "es", "pt", "it", "ca", "gl", "id", "ms", "vi"})


def _same_token(word: str, form: str) -> bool:
    return word == form


def _latin_inflected(word: str, form: str) -> bool:
    """:func:`_inflected_form` with endings of up to three letters: Latin-script inflection is
    shorter (Krakowie, Warszawie), and "Francfort" is no form of "France". Only a vowel ending
    of the name changes (Warszawa/Warszawie, Praha/Prahy): Romanian "Camera" is no form of
    "Camerun".

    >>> _latin_inflected("warszawie", "warszawa"), _latin_inflected("camera", "camerun")
    (True, False)
    """
    common = len(os.path.commonprefix([word, form]))
    return _inflected_form(word, form) and len(word) - common <= 3 and all(c in "aeiouy" for c in form[common:])


def _inflected_form(word: str, form: str) -> bool:
    """``word`` is ``form`` or ``form`` with its ending (one letter, two in long names) changed
    and at most four added: Πειραιά/Πειραιάς, Москве/Москва, Волгоградской/Волгоград, not
    Эссо/Эссекс, Πέμπτη/Πέμπα, Денис/Дения, Денис/Денисон or Динамо/Динар.

    >>> _inflected_form("москве", "москва"), _inflected_form("денис", "дения"), _inflected_form("динамо", "динар")
    (True, False, False)
    """
    if len(form) <= 3 or len(word) <= 3:
        return word == form
    common = len(os.path.commonprefix([word, form]))
    return (common >= len(form) - (1 if len(form) <= 6 else 2) and common >= 4 and len(word) - common <= 4
            and (script_of(word) == "latin" or all(_norm(tail) in _CASE_TAILS
                                                    for tail in (word[common:], form[common:]))))


# Words for "the capital" (and a capital's mayor) by source language: translations for foreign
# readers name the city (a főváros, "Budapest"; 首都, "Tokyo"). Stems, matched at word starts.
_CAPITAL_WORDS = {
    "de": r"hauptstadt", "fr": r"capitale", "es": r"capital", "it": r"capitale", "pt": r"capital",
    "ca": r"capital", "nl": r"hoofdstad", "sv": r"huvudstad", "da": r"hovedstad", "nb": r"hovedstad",
    "no": r"hovedstad", "fi": r"pääkaupun", "pl": r"stolic|stołeczn", "cs": r"hlavní[mh]?\w* měst|metropol",
    "sk": r"hlavn\w* mest|metropol", "ru": r"столиц|столичн", "uk": r"столиц|столичн", "bg": r"столиц|столичн",
    "el": r"πρωτεύουσ|πρωτευουσ", "ro": r"capital", "hu": r"főváros|főpolgármester", "tr": r"başkent",
    "ja": r"首都", "zh": r"首都", "ko": r"수도", "ar": r"(?:ال)?عاصم", "hi": r"राजधानी", "he": r"(?:ה)?בירה",
}


def _capital_named(word: str, source: str, lang: str) -> bool:
    """Whether the target city ``word`` is the capital of a country where the source's language
    is spoken, and the source calls it "the capital" (a főváros, "Budapest").

    >>> _capital_named("Budapest", "a főváros jövőre 12 milliárd forintot költ", "hu")
    True
    >>> _capital_named("Debrecen", "a főváros jövőre", "hu"), _capital_named("Budapest", "a város jövőre", "hu")
    (False, False)
    """
    pattern = _CAPITAL_WORDS.get(lang.split("-")[0].lower())
    if pattern is None or regex.search(rf"(?<!\p{{L}})(?:{pattern})" if lang not in ("ja", "zh") else pattern,
                                       source, regex.IGNORECASE) is None:
        return False
    homes = countries_speaking(lang.split("-")[0].lower())
    return any(p.country in homes and capital_of(p.country) == p.name for p in Gazetteer.default().latin_places(word))


# Stem-final consonants that Slavic place adjectives soften (Praha/pražský, Прага/пражский,
# Riga/rižský), after accents are folded (ž is z).
_SOFTENED = {"h": "zs", "g": "zs", "k": "c", "г": "жз", "к": "чц", "х": "ш"}
_STEM_VOWELS = set("aeiouy" "аеёиоуыэюяьй" "αεηιουω")


def _place_adjective(word: str, form: str) -> bool:
    """Whether the normalized source word ``word`` is an adjective (or other derivative) built on
    the place name ``form``: the name less its final vowels, its last consonant softened or a
    fleeting vowel put before it, then a suffix of up to six letters (pražský/Praha,
    московский/Москва, krakowski/Kraków, budapesti/Budapest, αθηναϊκός/Αθήνα). Four letters of
    stem at least, three before a Slavic -sk-/-ck- suffix (brněnský/Brno).

    >>> _place_adjective("prazsky", "praha"), _place_adjective("московскои", "москва")
    (True, True)
    >>> _place_adjective("brnensky", "brno"), _place_adjective("bernsky", "brno"), _place_adjective("pravda", "praha")
    (True, False, False)
    """
    base = form.rstrip("".join(_STEM_VOWELS))
    if len(base) < 3 or word == form or len(word) <= len(base):
        return False
    stems = {base} | {base[:-1] + soft for soft in _SOFTENED.get(base[-1], "")}
    stems |= {base[:-1] + v + base[-1] for v in "eoео" if base[-2] not in _STEM_VOWELS}
    for stem in stems:
        if not word.startswith(stem):
            continue
        rest = word[len(stem):]
        if len(rest) > 6:
            continue
        if len(stem) >= 4 or regex.match(r"[^\W\d]{0,3}(?:sk|ck|ск|цк)", rest):
            return True
    return False


# A city of this many people that a source in a caseless script names is expected in the
# translation. Smaller towns' names are often words: on 195 correct news pairs the lost cities
# under it were الجديد ("the new", 126,000), يومياً ("daily", Umeå's Arabic name), 시부터
# ("from ... o'clock", Sibu), 联合国 (Lianhe), 开通 (Kaitong); none reached it.
_LOST_PLACE_POPULATION = 500_000
# Towns this big are known by name; smaller ones' names are as often words or surnames.
_BIG_PLACE_POPULATION = 100_000
# Gazetteer scripts searched for cities in sources that cannot be compared by sound.
_NATIVE_PLACE_SCRIPTS = {"arabic": ("arabic",), "hangul": ("hangul",), "hebrew": ("hebrew",), "han": ("han", "kana"),
                         "kana": ("kana", "han"), "devanagari": ("devanagari",)}


def _native_key(text: str) -> str:
    """Text compared with gazetteer names in scripts without case: marks and Arabic letter
    variants (ى/ي, أ/ا, ة/ه) folded, so دبى and دبي are one name. Devanagari vowel signs are
    marks that spell the name (दिल्ली): they stay."""
    if regex.search(r"\p{Devanagari}", text):
        return unicodedata.normalize("NFC", text)
    return fold_arabic(text)


def _is_country(known: KnownName | None) -> bool:
    return known is not None and known.kind in ("country", "region")


def _caseless_script(text: str) -> str | None:
    """The script of most letters of ``text`` among Arabic, Hebrew, Hangul, kana, Han and
    Devanagari."""
    counts = {name: len(regex.findall(pattern, text)) for name, pattern in (
        ("arabic", r"\p{Arabic}"), ("hebrew", r"\p{Hebrew}"), ("hangul", r"\p{Hangul}"),
        ("kana", r"[\p{Hiragana}\p{Katakana}]"), ("han", r"\p{Han}"), ("devanagari", r"\p{Devanagari}"))}
    if counts["kana"] and counts["han"]:
        counts["kana"] += counts["han"]  # Japanese: kanji and kana together
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else None


def _native_names(text: str, script: str) -> list[tuple[int, int, str, tuple[Place, ...]]]:
    """The gazetteer's cities that ``text`` (a source in caseless ``script``) names, as
    ``(start, end, folded name, cities)``: longest names first, none overlapping another, in text
    order. Arabic and Hebrew names are whole words (two for أبو ظبي) after at most a one-letter
    prefix (و, ب, ل; ב, ה, ל); Hangul names start a word, particles follow (서울에서); katakana
    names are whole katakana runs (バイデ is no city inside バイデン); Han names may sit anywhere
    in a run of Han characters. A word's span covers its prefix and particles.

    >>> [(text[s:e], places[0].name) for text in ["在北京和上海"] for s, e, _, places in _native_names(text, "han")]
    [('北京', 'Beijing'), ('上海', 'Shanghai')]
    """
    candidates: list[tuple[int, int, str, tuple[Place, ...]]] = []
    for sc in _NATIVE_PLACE_SCRIPTS[script]:
        table = _native_table(sc)
        if sc == "han":
            longest = max(map(len, table), default=0)
            for m in regex.finditer(r"\p{Han}+", text):
                run = m.group()
                for i in range(len(run)):
                    for size in range(min(longest, len(run) - i), 1, -1):
                        if (places := table.get(run[i:i + size])) is not None:
                            candidates.append((m.start() + i, m.start() + i + size, run[i:i + size], places))
            continue
        pattern = r"\p{Katakana}+[\p{Katakana}ー・]*" if sc == "kana" else r"[\p{L}\p{M}]+"
        words = [(m.start(), m.end(), _native_key(m.group())) for m in regex.finditer(pattern, text)]
        prefixes = {"arabic": "وبلفك", "hebrew": "בהלמוש"}.get(sc, "")
        for k, (start, end, word) in enumerate(words):
            keys = [(word, end)]
            if k + 1 < len(words) and text[end:words[k + 1][0]] == " " and sc != "kana":
                keys.append((f"{word} {words[k + 1][2]}", words[k + 1][1]))  # أبو ظبي, 뉴욕 시
            if prefixes and word[:1] in prefixes:
                keys += [(key[1:], stop) for key, stop in keys]
            if sc == "hangul":
                keys += [(word[:-cut], end) for cut in (1, 2) if len(word) - cut >= 2]
            for key, stop in keys:
                if (places := table.get(key)) is not None:
                    candidates.append((start, stop, key, places))
    chosen: list[tuple[int, int, str, tuple[Place, ...]]] = []
    for cand in sorted(candidates, key=lambda c: (-len(c[2]), c[0])):
        if not any(cand[0] < e and s < cand[1] for s, e, _, _ in chosen):
            chosen.append(cand)
    return sorted(chosen)


@lru_cache(maxsize=8)
def _native_table(script: str) -> dict[str, tuple[Place, ...]]:
    """The gazetteer's city names in ``script`` folded by :func:`_native_key`, two characters at
    least (three in alphabetic scripts)."""
    shortest = 2 if script in ("han", "kana", "hangul") else 3
    table: dict[str, tuple[Place, ...]] = {}
    for form, places in Gazetteer.default().script_forms(script):
        key = _native_key(form)
        if len(key) >= shortest:
            table.setdefault(key, places)
    return table


# Languages whose country names (CLDR, the names list) are read in sources of a caseless script.
_NATIVE_COUNTRY_LANGS = {"arabic": ("ar", "fa"), "devanagari": ("hi",), "hebrew": ("he",)}
# Country adjectives that are also common words: Arabic مالي (Mali) is "financial", Hindi चीनी
# (Chinese) is "sugar".
_NOT_COUNTRY_WORDS = frozenset({"مالي", "المالي", "ماليه", "الماليه", "चीनी"})


def _country_adjectives(form: str, script: str) -> list[str]:
    """The regular adjectives of a one-word country name (folded by :func:`_native_key`): the
    Arabic nisba (مصر → المصري, تركيا → تركي) and the Hindi -ीय/-ी (भारत → भारतीय, रूस → रूसी).

    >>> _country_adjectives("الهند", "arabic")
    ['هندي', 'الهندي', 'هنديه', 'الهنديه']
    >>> _country_adjectives("تركيا", "arabic")  # -يا names end in the nisba already
    ['تركي', 'التركي', 'تركيه', 'التركيه']
    """
    if " " in form:
        return []
    if script == "arabic":
        base = form[2:] if form.startswith("ال") else form
        base = base[:-1] if base.endswith("ا") else base
        nisba = base if base.endswith("ي") else base + "ي"
        if len(nisba) < 4:
            return []
        return [nisba, "ال" + nisba, nisba + "ه", "ال" + nisba + "ه"]
    if script == "devanagari":
        return [form + "ीय", form + "ी"] + ([form[:-1] + "ी"] if form.endswith("ा") else [])
    return []


@lru_cache(maxsize=4)
def _native_country_table(script: str) -> dict[str, KnownName]:
    """Country names and their regular adjectives in ``script`` (folded by :func:`_native_key`),
    from the languages of :data:`_NATIVE_COUNTRY_LANGS`."""
    table: dict[str, KnownName] = {}
    for known in NameIndex.default().entries:
        if not _is_country(known):
            continue
        for lang in _NATIVE_COUNTRY_LANGS.get(script, ()):
            for form in known.forms.get(lang, ()):
                key = _native_key(form)
                for word in (key, *_country_adjectives(key, script)):
                    if len(word) >= 3 and word not in _NOT_COUNTRY_WORDS:
                        table.setdefault(word, known)
    return table


def _arabic_unprefixed(word: str) -> list[str]:
    """``word`` and its readings without the clitics written onto it: و/ف ("and"), then ب/ل/ك
    ("in", "for", "like"), where ل + ال is written لل.

    >>> _arabic_unprefixed("وللهند")
    ['وللهند', 'للهند', 'لهند', 'الهند']
    """
    out = [word]
    if word[:1] in "وف":
        out.append(word[1:])
    for w in list(out):
        if w[:1] in "بلك":
            out.append(w[1:])
        if w.startswith("لل"):
            out.append("ال" + w[2:])
    return out


def _native_countries(text: str, script: str) -> list[tuple[int, int, KnownName]]:
    """Countries named in a source of a caseless script, as ``(start, end, name)``: whole words
    or runs of up to three (كوريا الجنوبية), after Arabic prefixes (:func:`_arabic_unprefixed`).

    >>> [(k.canonical) for _, _, k in _native_countries("أعلن البنك المركزي المصري وللهند", "arabic")]
    ['Egypt', 'India']
    """
    table = _native_country_table(script)
    if not table:
        return []
    words = [(m.start(), m.end(), _native_key(m.group())) for m in regex.finditer(r"[\p{L}\p{M}]+", text)]
    out: list[tuple[int, int, KnownName]] = []
    k = 0
    while k < len(words):
        hit = None
        for size in (3, 2, 1):
            if k + size > len(words) or any(text[words[m][1]:words[m + 1][0]] != " " for m in range(k, k + size - 1)):
                continue
            key = " ".join(w for _, _, w in words[k:k + size])
            keys = _arabic_unprefixed(key) if script == "arabic" else [key]
            if (known := next((table[c] for c in keys if c in table), None)) is not None:
                hit = (words[k][0], words[k + size - 1][1], known)
                k += size
                break
        if hit:
            out.append(hit)
        else:
            k += 1
    return out


# An elided article or preposition before a name: d'Italia, l'Ukraine, dell'Onu.
_ELISION = regex.compile(r"^\p{Ll}{1,4}['’](?=\p{Lu})")
# A case ending set off from a name by an apostrophe: Turkish Brüksel'de, Türkiye'nin, Ankara'ya.
# Finnish and Swedish put it after a colon on acronyms: VR:n, EU:ssa, vd:n.
_APOSTROPHE_SUFFIX = regex.compile(r"(?<=\p{L}{2})['’:]\p{Ll}{1,5}$")

# The language whose name forms stand in for another's of the same script.
_FORM_FALLBACK = {"uk": "ru", "bg": "ru", "be": "ru", "sr": "ru", "mk": "ru", "kk": "ru"}

# What a Greek or Cyrillic case form adds after the letters it shares with a name: case endings
# and the adjective endings of places (Волгоградской). Other tails make another word (Σαντορίνη
# is no form of Σάντος, Росстата none of Россо, Денис none of Дения). The shared letters may take
# part of the ending (Ηρακλείου/Ηράκλειο leaves "υ"). Latin-script forms keep their own limit
# (:func:`_latin_inflected`): German "Dresdner" is Dresden's.
# Kept normalized (:func:`_norm`: й is и there, ї is і), as the tails they are compared with.
_CASE_TAILS = frozenset(_norm(tail) for tail in
    ["", "α", "ας", "ασ", "η", "ης", "ησ", "ο", "ος", "οσ", "ου", "υ", "ι", "ιου", "ων", "ες", "εσ", "οι", "σ", "ν", "ς"]
    + "а я у ю е є и і ї ы о ь й ой ей ом ем ём ою ею ам ям ах ях ов ев ів ий ый ая ое ую ої ого его ому ему ами ями ові "
      "еві ским ской ского ском ская ский ское ську ського ському ській ська ський им ым ім ими ыми ським ских ських".split())
# What turns a name into its adjective before the case ending: Китай-ской, Пекин-ский.
_ADJECTIVE_SUFFIXES = tuple(_norm(s) for s in ("ικ", "ιν", "ск", "ськ", "ийск", "ейск"))


def _name_tail(tail: str) -> bool:
    """Whether a normalized ``tail`` after a name's stem is a case ending, or an adjective
    suffix with one."""
    return tail in _CASE_TAILS or any(tail.startswith(s) and tail[len(s):] in _CASE_TAILS for s in _ADJECTIVE_SUFFIXES)


def _entries_from_json(data: dict[str, Any]) -> list[KnownName]:
    try:
        items = data["entries"]
    except (KeyError, TypeError) as exc:
        raise ConfigError("a names list needs an 'entries' array") from exc
    out = []
    for item in items:
        canonical = item["en"]
        forms = {k: tuple(v) for k, v in item.items() if k not in ("en", "variants", "type") and isinstance(v, list)}
        out.append(KnownName(canonical, (canonical, *_abbreviated(canonical), *item.get("variants", ())),
                             item.get("type", "place"), forms))
    demonyms = data.get("demonyms", {})
    out.extend(_countries(demonyms))
    return out


def _countries(demonyms: dict[str, list[str]]) -> list[KnownName]:
    """Country names in every CLDR locale mtqa's source languages use, keyed to English."""
    from babel import Locale

    english = Locale("en").territories
    locales = {}
    for lang in ("el", "de", "ru", "fr", "es", "it", "zh", "ja", "uk", "bg", "pl", "tr", "nl", "pt", "ko", "ar",
                 "sv", "da", "nb", "fi", "et", "lv", "lt", "cs", "sk", "sl", "hr", "sr", "ro", "hu", "ca", "he", "fa",
                 "hi", "id", "ms", "vi", "th"):
        try:
            locales[lang] = Locale.parse(lang).territories
        except Exception:  # noqa: BLE001 - a locale missing from this babel build is not fatal
            continue
    out = []
    for code, name in english.items():
        if code == "001" or "alt" in code:
            continue
        forms = {lang: (terr[code],) for lang, terr in locales.items() if code in terr}
        accepted = (name, *demonyms.get(name, ()))
        # Numeric codes are continents and regions (150 Europe, 145 Western Asia): names, no countries.
        out.append(KnownName(name, accepted, "country" if code.isalpha() else "region", forms))
    return out


@lru_cache(maxsize=1)
def _default_index() -> NameIndex:
    text = resources.files("mtqa").joinpath(_RESOURCE).read_text(encoding="utf-8")
    return NameIndex(_entries_from_json(json.loads(text)))


@lru_cache(maxsize=32)
def _calendar_words(lang: str) -> tuple[str, ...]:
    """Month and weekday names of ``lang`` (capitalized in Greek, German…, but not names)."""
    from babel import Locale

    try:
        loc = Locale.parse(lang)
    except Exception:  # noqa: BLE001
        return ()
    words: set[str] = set()
    for table in (loc.months, loc.days):
        for ctx in table.values():
            for width in ("wide", "abbreviated"):
                words.update(_norm(w) for w in ctx.get(width, {}).values())
    return tuple(sorted(words))


def _is_calendar_word(word: str, lang: str) -> bool:
    w = _norm(word)
    return any(w == c or (len(c) > 3 and stem_match(w, c)) for c in _calendar_words(lang))


# ---------------------------------------------------------------------------------------------
# Tokens and name runs


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    initial: bool  # first word of a sentence (its capital says nothing)

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


def _tokens(text: str) -> list[_Tok]:
    out = []
    for s, e in word_spans(text):
        k = s - 1
        while k >= 0 and (text[k].isspace() and text[k] != "\n" or text[k] in _QUOTES):
            k -= 1
        initial = k < 0 or text[k] in _SENTENCE_END
        out.append(_Tok(text[s:e], s, e, initial))
    return out


def _is_word(tok: _Tok) -> bool:
    return any(c.isalpha() for c in tok.text)


def _cap_runs(tokens: Sequence[_Tok]) -> list[tuple[int, int]]:
    """Maximal runs of capitalized words (``Kim Jong-un``), as token index ranges."""
    runs, i = [], 0
    while i < len(tokens):
        if tokens[i].cap and _is_word(tokens[i]):
            j = i + 1
            while j < len(tokens) and tokens[j].cap and _is_word(tokens[j]) and tokens[j].start - tokens[j - 1].end <= 1:
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


@dataclass
class _SourceName:
    start: int  # offsets relative to the link's source text
    end: int
    text: str
    tokens: tuple[str, ...]
    known: KnownName | None
    strong: bool  # proper noun by list or lemmatizer, not a guess from an unknown word
    verbatim: bool = False  # a Latin-script token that should come through unchanged
    forbidden: tuple[str, ...] = ()
    lang: str | None = None  # the source language, for its romanization (Ukrainian г is h)

    @property
    def romanized(self) -> str:
        return phonetic_romanize(self.text, self.lang)

    def sounds_like(self, target: str) -> bool:
        """Whether ``target`` renders this name by sound (:func:`_same_name`) or spells its
        standard romanization (ELOT 743 for Greek: Τζαχρήστας, "Tzachristas", which the
        romanization by sound makes "Jahristas")."""
        return _same_name(target, self.romanized) or _same_name(target, romanize(self.text, self.lang))

    @property
    def spelling(self) -> str:
        """The spelling a rendering is compared with: the romanization, or the text itself for a
        token that comes through unchanged."""
        return self.text if self.verbatim else self.romanized


@dataclass
class _Rendering:
    """Where a source name was found in the target, for the story-level consistency pass."""

    name: _SourceName
    link: LinkView
    start: int
    end: int
    text: str
    backed: bool  # the rendering is an accepted form of a known name or glossary entry


# ---------------------------------------------------------------------------------------------
# The check


@register
class NamesCheck(Check):
    """Names of people, places and organizations dropped, replaced or mangled."""

    name = "names"
    description = "names of people, places and organizations dropped, replaced or mangled in transliteration"
    categories = ("name",)

    def __init__(self, index: NameIndex | None = None) -> None:
        self._index = index

    @property
    def index(self) -> NameIndex:
        if self._index is None:
            self._index = NameIndex.default()
        return self._index

    def run(self, context: CheckContext) -> list[Finding]:
        src_lang = context.source_language.split("-")[0].lower()
        tgt_lang = context.target_language.split("-")[0].lower()
        if script_of(context.target.text) != "latin":
            return []  # renderings are compared in Latin script; other targets are not covered yet
        findings: list[Finding] = []
        renderings: list[_Rendering] = []
        mid_caps = _mid_sentence_caps(context.source.text)
        for view in context.paired_links():
            names = self._source_names(view.source_text, src_lang, mid_caps, context)
            findings.extend(self._check_link(view, names, src_lang, tgt_lang, renderings))
        findings.extend(self._consistency(renderings))
        return _merge(findings)

    # -- source side ---------------------------------------------------------------------------

    def _source_names(self, text: str, lang: str, mid_caps: set[str], context: CheckContext) -> list[_SourceName]:
        if lang in ("zh", "ja", "ko") or script_of(text) == "han":
            # Katakana names are whole words in the list too: タイ (Thailand) is none inside タイガース.
            found = [(s, e, k) for s, e, k in self.index.match_han(text, lang)
                     if not (all(_KATAKANA.match(c) for c in text[s:e]) and _inside_katakana_word(text, s, e))]
            taken = {k for s, e, _ in found for k in range(s, e)}
            for script in _PLACE_SCRIPTS.get(lang, ()):
                for s, e, known in _place_index(script).match_han(text, script):
                    if script == "kana" and _inside_katakana_word(text, s, e):
                        continue  # リーズ (Leeds) inside シリーズ ("series")
                    if taken.isdisjoint(range(s, e)):
                        found.append((s, e, known))
                        taken.update(range(s, e))
            return [_SourceName(s, e, text[s:e], (text[s:e],), k, True) for s, e, k in sorted(found, key=lambda x: x[0])]
        toks = _tokens(text)
        words = [t.text for t in toks]
        names: list[_SourceName] = []
        used: set[int] = set()
        for i, j, known in self.index.match_tokens(words, lang):
            s, e = toks[i].start, toks[j - 1].end
            names.append(_SourceName(s, e, text[s:e], tuple(words[i:j]), known, True))
            used.update(range(i, j))
        script = script_of(text)
        if script in ("greek", "cyrillic"):
            # Cities the list does not hold, from the gazetteer; at a sentence start a capital
            # says nothing, so there the word must be capitalized elsewhere in the story too.
            for i, j, known in _place_index(script).match_tokens(words, script):
                if (used.isdisjoint(range(i, j)) and (not toks[i].initial or _norm(words[i]) in mid_caps)
                        and not _is_calendar_word(words[i], lang) and not words[i].isupper()  # НАТО is no city
                        and not _common_noun_not_place(words[i:j], known, script, lang)):
                    s, e = toks[i].start, toks[j - 1].end
                    names.append(_SourceName(s, e, text[s:e], tuple(words[i:j]), known, True))
                    used.update(range(i, j))
        source_latin = script_of(text) == "latin"
        run: list[int] = []
        runs: list[tuple[list[int], bool]] = []
        kinds = [None if k in used else self._name_evidence(tok, lang, source_latin, mid_caps)
                 for k, tok in enumerate(toks)]
        for k, tok in enumerate(toks):
            # A capitalized common word inside a name (Κιμ Γιο Γιονγκ: γιο is "son") joins it
            # when it sits between name words, or is a short syllable next to one.
            if (kinds[k] is None and k not in used and tok.cap and not tok.initial and not source_latin
                    and script_of(tok.text) != "latin" and not tok.text.isupper()):
                prev_ok = k > 0 and kinds[k - 1] in ("strong", "weak") and tok.start - toks[k - 1].end <= 1
                next_ok = k + 1 < len(toks) and kinds[k + 1] in ("strong", "weak") and toks[k + 1].start - tok.end <= 1
                if (prev_ok and next_ok) or (len(tok.text) <= 3 and (prev_ok or next_ok)):
                    kinds[k] = "weak"
        for k, tok in enumerate(toks):
            kind = kinds[k]
            if kind == "verbatim":
                names.append(_SourceName(tok.start, tok.end, tok.text, (tok.text,), None, True, verbatim=True))
                kind = None
            if kind and run and tok.start - toks[run[-1]].end <= 1:
                run.append(k)
                runs[-1] = (run, runs[-1][1] or kind == "strong")
            elif kind:
                run = [k]
                runs.append((run, kind == "strong"))
            else:
                run = []
        for idx, strong in runs:
            s, e = toks[idx[0]].start, toks[idx[-1]].end
            names.append(_SourceName(s, e, text[s:e], tuple(words[i] for i in idx), None, strong))
        for n in names:
            n.lang = lang
        if context.glossary is not None:
            for n in names:
                entry = context.glossary.lookup(n.text) or context.glossary.lookup(_lemma(n.text, lang))
                if entry is not None:
                    n.known = KnownName(entry.target, entry.accepted, "glossary")
                    n.forbidden = entry.forbidden
                    n.strong = True
        return sorted(names, key=lambda n: n.start)

    def _name_evidence(self, tok: _Tok, lang: str, source_latin: bool, mid_caps: set[str]) -> str | None:
        """``strong``, ``weak``, ``verbatim`` or None: how sure we are that ``tok`` is a name."""
        word = tok.text
        if not tok.cap or not _is_word(tok) or len(word) < 2:
            return None
        script = script_of(word)
        if script == "latin" and not source_latin:
            # Latin letters inside Greek/Russian text: acronyms and brand names, kept as is.
            return "verbatim" if any(c.isupper() for c in word[1:]) or not tok.initial else None
        if source_latin:
            return None  # Latin-script sources are handled by the spelling comparison
        if word.isupper():
            return None  # ΗΠΑ, ΑΟΖ: acronyms are translated (US, EEZ); the list knows the common ones
        if _is_calendar_word(word, lang):
            return None
        lemma = _lemma(word.lower(), lang)
        if lemma[:1].isupper():
            strong = True  # the dictionary knows it as a proper noun
        elif _known(word.lower(), lang):
            return None  # a common noun (Επιτελείο Άμυνας → defense staff is translated)
        else:
            strong = False
        if tok.initial and _norm(word) not in mid_caps:
            return None  # a capital at sentence start says nothing
        return "strong" if strong else "weak"

    # -- one link -----------------------------------------------------------------------------

    def _check_link(self, view: LinkView, names: list[_SourceName], src_lang: str, tgt_lang: str,
                    renderings: list[_Rendering]) -> list[Finding]:
        text = view.target_text
        toks = _tokens(text)
        runs = _cap_runs(toks)
        findings: list[Finding] = []
        claimed: set[int] = set()  # target token indices already explained by some source name
        pending: list[_SourceName] = []
        src_keys = {latin_key(n.text) for n in names}

        for n in names:
            if n.verbatim:
                hit = _find_form(toks, n.text, country=False)
                if hit:
                    claimed.update(range(*hit))
                    continue
                if n.text.upper() == n.text and len(n.text) <= 5:
                    continue  # often expanded or translated: judged by _swapped_acronyms
                pending.append(n)
                continue
            if n.known is not None:
                hit = None
                contested = False
                for form in n.known.accepted:
                    hit = _find_form(toks, form, country=n.known.kind in ("country", "region"))
                    if hit and self._inside_other_name(toks, hit, n.known) is not None:
                        hit = None  # the short form inside another name: "Korea" of North Korea is no South Korea
                        continue
                    if (hit and n.known.kind == "country" and latin_key(_run_text(toks, *hit)) != latin_key(n.known.canonical)
                            and _country_mentions(toks, n.known) <= _source_adjectives(view.source_text, n)):
                        # The one "Russian" renders the source's adjective (ρωσικού), not Ρωσία too.
                        claimed.update(range(*hit))
                        hit = None
                        contested = True
                        break
                    if hit:
                        break
                if contested:
                    findings.append(self._finding(view, n, toks, None, "missing", "major", 0.55,
                                                  expected=n.known.canonical, whole_link=True))
                    continue
                if hit:
                    claimed.update(range(*hit))
                    s, e = toks[hit[0]].start, toks[hit[1] - 1].end
                    renderings.append(_Rendering(n, view, s, e, text[s:e], True))
                    continue
                for bad in n.forbidden:
                    hit = _find_form(toks, bad, country=False)
                    if hit:
                        claimed.update(range(*hit))
                        findings.append(self._finding(view, n, toks, hit, "forbidden", "major", 0.8,
                                                      expected=n.known.canonical))
                        break
                if hit:
                    continue
            if n.known is not None and script_of(n.text) == "latin" and (kept := _find_form(toks, n.text, country=False)):
                claimed.update(range(*kept))  # kept as written (De Nederlandsche Bank): no rendering to judge
                continue
            best = _best_candidate(toks, runs, n, claimed)
            if best is not None:
                (i, j), score = best
                cand = text[toks[i].start: toks[j - 1].end]
                if n.known is None and n.sounds_like(_run_text(toks, i, j)):
                    claimed.update(range(i, j))
                    renderings.append(_Rendering(n, view, toks[i].start, toks[j - 1].end, cand, False))
                    continue
            pending.append(n)

        for n in pending:
            findings.extend(self._resolve(view, n, toks, runs, claimed, renderings, src_keys, names, src_lang, tgt_lang))
        if script_of(view.source_text) == "latin":
            findings.extend(self._spelling_pass(view, src_lang, tgt_lang, names, toks, claimed))
        findings.extend(self._swapped_acronyms(view, src_lang, tgt_lang, toks, claimed))
        findings.extend(self._unsupported_names(view, src_lang, tgt_lang, toks, claimed, findings))
        findings.extend(self._unlinked_titles(view, tgt_lang, toks, claimed, findings))
        findings.extend(self._swapped_places(view, src_lang, tgt_lang, toks, claimed, findings))
        findings.extend(self._lost_places(view, src_lang, names, toks, findings))
        findings.extend(self._lost_countries(view, names, toks, findings))
        if script_of(view.source_text) == "latin":
            findings.extend(self._missing_latin_names(view, src_lang, tgt_lang, names, toks, findings))
        return findings

    def _swapped_acronyms(self, view: LinkView, src_lang: str, tgt_lang: str, toks: list[_Tok],
                          claimed: set[int]) -> list[Finding]:
        """A Latin acronym of the source gone from the target while an acronym the source does
        not hold appeared (``MAC`` → ``KF``, ``UTF-8`` → ``KF-8``): a replacement. Either alone
        proves little in a Latin-script source (acronyms get expanded or translated, ``ÖPNV``
        becomes "public transport"), the pair does; in Greek or Russian text a Latin acronym gone
        and not spelled out is missing.
        Acronyms are counted, so one of two ``MAC`` replaced is found too. Acronyms that are
        words (a German ``ZAHL`` placeholder rendered ``NUMBER``) are translations, not names;
        an English word in capitals counts only as a known name the source does not mention
        (``US`` for ``EGL``)."""
        # Acronyms are told apart by their letters: MPEG-2 and MPEG2, ARG1 and ARG2 are one name.
        source = _acronyms(view.source_text)
        src_count = Counter(_letters(a.text) for a in source)
        target = _acronyms(view.target_text)
        tgt_count = Counter(_letters(a.text) for a in target)
        lost: list[_SourceName] = []
        for letters, count in src_count.items():
            if count > tgt_count[letters] and not _translated_placeholder(letters, src_lang, tgt_lang):
                spots = [a for a in source if _letters(a.text) == letters]
                lost.extend(_SourceName(a.start, a.end, a.text, (a.text,), None, True, verbatim=True)
                            for a in spots[tgt_count[letters]:])
        if not lost:
            return []
        src_words = {latin_key(t.text) for t in _tokens(view.source_text)}
        src_norm = _norm_words(view.source_text)
        out: list[Finding] = []
        for a in target:
            if not lost:
                break  # more new acronyms than lost ones: the rest replaced nothing
            word = _letters(a.text)
            if tgt_count[word] <= src_count[word] or latin_key(word) in src_words:
                continue
            at = {k for k, t in enumerate(toks) if t.start <= a.start < t.end}  # the token holding it
            if at & claimed:
                continue
            known = self.index.english(word)
            if known is not None and _mentioned(src_norm, known):
                continue  # a translated acronym the source holds in its own language (ΗΠΑ → US)
            if known is None and _known(word.lower(), tgt_lang):
                continue  # an English word in capitals: a placeholder translated (ZAHL → NUMBER)
            # The lost acronym nearest in relative position is the one it replaced.
            rel = a.start / max(len(view.target_text), 1)
            n = min(lost, key=lambda m: abs(m.start / max(len(view.source_text), 1) - rel))
            lost.remove(n)
            claimed.update(at)
            if script_of(view.source_text) == "latin" and _translated_acronym(_letters(n.text), word):
                # OTAN/NATO, EZB/ECB, ČSÚ/CZSO: the name's words translated and reordered (a Latin
                # acronym inside Greek or Russian text is foreign already: URL is not URI there)
                continue
            sim = similarity(_letters(n.text), word, key="latin")
            kind, severity = ("mangled", "major") if sim >= _MATCH else ("replaced", "critical")
            out.append(self._finding(view, n, [a], (0, 1), kind, severity, 0.6, via="acronym", sim=sim))
        if script_of(view.source_text) not in ("latin", "none"):
            # A Latin acronym inside Greek or Russian text is foreign already: the English text
            # keeps it (or spells it out), it has nothing to translate it into.
            out.extend(self._finding(view, n, toks, None, "missing", "major", 0.45, via="acronym")
                       for n in lost if not _spelled_out(n.text, view.target_text))
        return out

    def _missing_latin_names(self, view: LinkView, src_lang: str, tgt_lang: str, names: list[_SourceName], toks: list[_Tok],
                             found: list[Finding]) -> list[Finding]:
        """Latin-script sources: a source name the target does not carry (``Marseille`` dropped
        with "à Marseille"). A name here is a capitalized word inside a sentence that the aligner
        does not link to lowercase target words (those make it a translated common noun). German
        capitalizes every noun, so there a name must also be unknown to the dictionary and not a
        compound of known words (``Eingabezeile``): dropped German place names the dictionary
        knows (``Radebeul``) go unreported."""
        tgt_keys = {latin_key(_clean(t.text)) for t in toks if _is_word(t)}
        tgt_text_key = latin_key(view.target_text)
        covered = [(f.source_span.start, f.source_span.end) for f in found if f.source_span is not None]
        src_text_key = latin_key(view.source_text)
        unexplained_caps = any(t.cap and not t.initial and _is_word(t) and latin_key(_clean(t.text)) not in src_text_key
                               and not _is_calendar_word(t.text, tgt_lang) for t in toks)
        out: list[Finding] = []
        src_toks = _tokens(view.source_text)
        for k, tok in enumerate(src_toks):
            if suffix := _APOSTROPHE_SUFFIX.search(tok.text):
                tok = _Tok(tok.text[:suffix.start()], tok.start, tok.start + suffix.start(), tok.initial)
            if elided := _ELISION.match(tok.text):  # l'Istat, dell'Emilia
                tok = _Tok(tok.text[elided.end():], tok.start + elided.end(), tok.end, False)
            word = tok.text
            if word.isupper() and word.isalpha() and 2 <= len(word) <= 6:
                listed = any(n.start <= tok.start < n.end and n.known for n in names)  # BIP, PIB: GDP
                if (not listed and not _translated_placeholder(word, src_lang, tgt_lang)
                        and not (word in _CURRENCY_ACRONYMS and regex.search(_CURRENCY_WORDS, view.target_text))
                        and self._lost_acronym(view, tok, covered, tgt_lang)):
                    name = _SourceName(tok.start, tok.end, word, (word,), None, True, verbatim=True)
                    out.append(self._finding(view, name, toks, None, "missing", "major", 0.45))
                continue
            if (not tok.cap or tok.initial or len(word) < 4 or not _name_word(word) or word.isupper()
                    or _is_calendar_word(word, src_lang)):
                continue
            if src_lang in NOUN_CAPITALIZING and (_known(word, src_lang) or _compound_of_known(word, src_lang)):
                if not Gazetteer.default().is_local_place(word, src_lang):
                    continue  # a noun, as far as one can tell where every noun is capitalized
                if unexplained_caps and not Gazetteer.default().latin_places(word, inflected=True):
                    continue  # a region with an English name the gazetteer lacks (Niedersachsen, "Lower Saxony")
            elif (_common_word(word, src_lang) and (_in_title(src_toks, k) or _after_article(src_toks, k) or elided)
                  and (not Gazetteer.default().is_local_place(word, src_lang) or _small_town_word(word, src_lang))):
                # a common word capitalized in a title that is translated (Ministerio de Trabajo, de
                # Salud), or after an article, elided too: an institution (presidente del Gobierno,
                # ministre des Affaires étrangères, ministero dell'Istruzione), where a surname
                # stands alone (il governo Meloni)
                continue
            start = view.source_start + tok.start
            if any(a <= start < b for a, b in covered) or any(n.start <= tok.start < n.end and n.known for n in names):
                continue
            key = latin_key(word)
            places = Gazetteer.default().latin_places(word, inflected=True)
            if key in tgt_keys or (len(key) >= 5 and key in tgt_text_key) or any(
                    _loose_match(key, tk) or _loose_match(tk, key) or similarity(word, tk, key="latin") >= 0.6
                    for tk in tgt_keys if len(tk) >= 3 and not (places and _is_country(self.index.english(tk)))):
                continue  # kept, or spelled a little differently; a city is no spelling of its country (Brasília)
            if any(key in tgt_keys for p in places for key in p.latin_keys):
                continue  # an exonym: Mailand rendered Milan, w Warszawie "in Warsaw"
            # Capitalized inside a sentence and a city's name: a name, except where every noun is
            # capitalized and the word is a noun too (German Essen, "food", Hof, "yard").
            city = bool(places) and not (_common_word(word, src_lang) and (
                src_lang in NOUN_CAPITALIZING or _small_town_word(word, src_lang)))
            aligned = _aligned_target(view, tok.start, tok.end)
            if aligned is not None:
                a, b = aligned.start - view.target_start, aligned.end - view.target_start
                strong = _link_similarity(view, (tok.start, tok.end), (a, b)) >= _RENDERED_LINK
                noun = src_lang in NOUN_CAPITALIZING and strong
                if (not city or noun) and not any(t.cap and not t.initial for t in toks if a <= t.start < b):
                    # Linked to lowercase (or sentence-initial) words: a translated common noun,
                    # even where a German town has its name (Löhne, "wages"), if the link is strong.
                    continue
                if not city and strong and any(t.cap for t in toks if a <= t.start < b):
                    continue  # rendered by a name: an exonym or translation (Sverige, "Sweden")

            name = _SourceName(tok.start, tok.end, word, (word,), None, True, verbatim=True)
            out.append(self._finding(view, name, toks, None, "missing", "major", 0.5))
        return out

    @staticmethod
    def _lost_acronym(view: LinkView, tok: _Tok, covered: list[tuple[int, int]], tgt_lang: str) -> bool:
        """Whether a source acronym (Latin script) is gone from the target: not there as written,
        nor spelled out, nor as a translated acronym (OTAN/NATO), linked to no target word (ÖPNV
        linked to "public transport" is translated), and no target words the aligner left unlinked
        could expand it: a capitalized word inside the sentence (BDI, "Federation of German
        Industries") or two content words in a row (RER, "suburban line")."""
        start = view.source_start + tok.start
        if any(a <= start < b for a, b in covered) or _aligned_target(view, tok.start, tok.end) is not None:
            return False
        target = view.target_text
        if (_token_in(target, tok.text) or _spelled_out(tok.text, target)
                or spells_out_acronym(view.source_text, tok.end, target)
                or any(_translated_acronym(tok.text, a.text) for a in _acronyms(target))):
            return False
        words = view.words
        if words is None:
            return True
        linked = {ln.target for ln in words.links}
        stop = function_words(tgt_lang)
        run = 0
        for k, (a, b) in enumerate(words.target_spans):
            word = target[a:b]
            content = word.isalpha() and k not in linked and word.lower() not in stop and len(word) > 2
            if content and word[:1].isupper() and k > 0:
                return False
            run = run + 1 if content else 0
            if run >= 2:
                return False
        return True

    def _unsupported_names(self, view: LinkView, src_lang: str, tgt_lang: str, toks: list[_Tok], claimed: set[int],
                           found: list[Finding]) -> list[Finding]:
        """Target names the source does not mention: a name put in place of another (``Italy``
        for ``Deutschland``, ``Sitia`` for ``Radebeul``) or added.

        A target word counts as a name when English does not know it as a common word (simplemma)
        or the list knows it as a name. It is supported when the source holds it (accents and
        case aside; Latin-script sources pass names through unchanged), spells it nearly so
        (``Thüringen``/``Thuringia``), or holds one of its known forms in the source language.
        Greek and Cyrillic source words are compared by sound (a target name sounding like no
        capitalized source word is unsupported); without a romanizer for the source script (Han)
        only names on the list can be judged.
        """
        script = script_of(view.source_text)
        caseless = _caseless_script(view.source_text) if script == "other" else None
        source_latin = script == "latin"
        src_toks = [t for t in _tokens(view.source_text) if _is_word(t)]
        src_keys = {latin_key(_clean(t.text)) for t in src_toks}
        src_text_key = latin_key(view.source_text)
        src_norm = [_norm(t.text) for t in src_toks]
        # Greek and Cyrillic names can be compared by sound; Han and other scripts cannot here.
        # (Pinyin finds Chinese names, 天水 = Tianshui, but foreign names are transliterated
        # loosely, 日内瓦 = rineiwa for Geneva, so "sounds like nothing in the source" would
        # flag correct translations.) The romanizations are made on first need: most links
        # hold no unsupported name.
        by_sound = script in ("greek", "cyrillic") and any(t.cap for t in src_toks)
        sounds: list[tuple[list[str], str]] = []

        def sounds_like_source(word: str, key: str) -> bool:
            if not sounds:
                sounds.append(([phonetic_romanize(t.text, src_lang) for t in src_toks if t.cap],
                               phonetic_key(phonetic_romanize(view.source_text, src_lang)).replace(" ", "")))
            romanized, sound = sounds[0]
            return (any(similarity(r, word) >= 0.5 for r in romanized)
                    or len(key) >= 4 and phonetic_key(word).replace(" ", "") in sound)

        covered = _target_spans(found)
        out: list[Finding] = []
        for k, tok in enumerate(toks):
            word = _clean(tok.text)
            if (k in claimed or not tok.cap or not (word.isalpha() or source_latin and "-" in word) or len(word) < 3
                    or word.isupper() or _is_calendar_word(word, tgt_lang)):
                continue
            start = view.target_start + tok.start
            if any(a <= start < b for a, b in covered):
                continue
            known = self.index.english(word)
            # the capitalized word right before this one, if any: part of one name with it
            before = toks[k - 1] if k > 0 and toks[k - 1].cap and tok.start - toks[k - 1].end == 1 else None
            if known is not None:
                after = toks[k + 1] if k + 1 < len(toks) and toks[k + 1].cap and toks[k + 1].start - tok.end == 1 else None
                if after is not None and self.index.english(f"{word} {_clean(after.text)}") not in (None, known):
                    continue  # "French" of French Guiana: the name is judged by its other word
                longer = self.index.english(f"{_clean(before.text)} {word}") if before is not None else None
                known = longer or known  # "Korea" of North Korea is North Korea
            if known is None and any(c.isupper() for c in word[1:]):
                continue  # BarGraph, iPhone: product and identifier names, often localized
            if (before is not None and not before.initial
                    and (k - 1 in claimed or before.text.isupper() or not _common_word(before.text, tgt_lang))
                    and (known is None or known.kind != "country") and Gazetteer.default().latin_places(word)):
                continue  # the home town English adds to a club's name (ЦСКА, "CSKA Sofia"; «Зоря», "Zorya Luhansk")
            common = _common_word(word, tgt_lang)
            if known is None and (common or tok.initial or not (source_latin or by_sound)):
                continue  # a translated common noun ("Central Bank"), or nothing to compare by sound
            key = latin_key(word)
            if key in src_keys or known is not None and _mentioned(src_norm, known):
                continue  # carried over as is (Thunar in a Greek UI string), or a known name's source form
            if known is not None and caseless in _NATIVE_COUNTRY_LANGS and any(
                    k.canonical == known.canonical for _, _, k in _native_countries(view.source_text, caseless)):
                continue  # named in a caseless script, or by its adjective (الحكومة التركية, "Turkish government")
            if known is not None and script == "han" and any(f in view.source_text for f in known.forms.get(src_lang, ())):
                continue  # Chinese and Japanese write words without spaces: 深圳 inside 连接深圳和中山
            if (known is not None and not (source_latin or by_sound)
                    and not ({src_lang, _FORM_FALLBACK.get(src_lang)} & set(known.forms))):
                continue  # no form of it in the source's language to look for, and no sound to compare (バイデン)
            if _place_in_source(word, src_toks, script):
                continue  # a city the source names in its own language (Mailand, Μόναχο for Munich)
            if (known is not None and known.kind == "country" and _home_country(known.canonical, src_lang)
                    and not self._other_home_country(known, src_norm, src_lang)):
                continue  # "Greek police" for ΕΛ.ΑΣ.: translations name the source's own country for foreign readers
            if _capital_named(word, view.source_text, src_lang):
                continue  # "the capital" named for foreign readers (a főváros, "Budapest")
            if (known is None and source_latin and src_lang != tgt_lang and _common_word(word, src_lang)
                    and not Gazetteer.default().latin_places(word)):
                continue  # a name kept in the source's language, a word there ("Primeira Liga" for I Liga)
            if source_latin and ((len(key) >= 4 and key in src_text_key) or any(_loose_match(sk, key) for sk in src_keys) or any(
                    similarity(st.text, word, key="latin") >= 0.6 for st in src_toks if st.cap)):
                continue  # inside a compound (Norddeutschland), an adjective (thüringischen), or nearly
            if not source_latin and by_sound and sounds_like_source(word, key):
                continue  # sounds like a source name (Καμτσάτκα / Kamchatka) or is inside a word
                # (βορειοκορεατικών, "North Korean", for North Korea)
            if self._renders_linked_word(view, tok):
                continue
            source_span = _aligned_source(view, tok.start, tok.end)
            replaced = source_span is not None
            message = (f"name {word!r} is not in the source" + (f" (it is {known.canonical})" if known else "")
                       + (f"; the source has {view.source_text[source_span[0]:source_span[1]]!r} there"
                          if replaced else ""))
            out.append(self.finding(
                category="name", severity="critical" if replaced else "major",
                confidence=0.7 if known is not None else 0.55,
                source_span=view.source_span(*source_span) if source_span else None,
                target_span=view.target_span(tok.start, tok.end),
                message=message,
                evidence={"kind": "replaced" if replaced else "added", "target_name": word,
                          "known": known.canonical if known else None, "matched_by": "target"},
            ))
            claimed.add(k)
        return out

    @staticmethod
    def _renders_linked_word(view: LinkView, tok: _Tok) -> bool:
        """Whether the aligner links a target name to a source word it renders: a lowercase word
        at ``_RENDERED_LINK`` (Polish śląskiego, "Silesian"), or a name as the same word
        (``_SAME_WORD_LINK``: Prahy, "Prague"). A name put in another's place links weakly."""
        words = view.words
        if words is None:
            return False
        targets = overlapping(words.target_spans, tok.start, tok.end)
        for ln in words.links:
            if ln.target in targets:
                s0, s1 = words.source_spans[ln.source]
                first = view.source_text[s0:s1][:1]
                if (first.islower() and ln.similarity >= _RENDERED_LINK) or (
                        first.isupper() and ln.similarity > _SAME_WORD_LINK):
                    return True
        return False

    def _other_home_country(self, known: KnownName, source_words: Sequence[str], src_lang: str) -> bool:
        """Whether the source names another country where its language is spoken: then the story
        is set there and ``known`` is no country added for foreign readers (Norddeutschland
        rendered "northern Austria")."""
        for name in _home_countries(src_lang.split("-")[0].lower()) - {known.canonical}:
            other = self.index.english(name)
            if other is not None and _mentioned(source_words, other):
                return True
        return False

    def _swapped_places(self, view: LinkView, src_lang: str, tgt_lang: str, toks: list[_Tok], claimed: set[int],
                        found: list[Finding]) -> list[Finding]:
        """Sources in scripts mtqa cannot compare by sound (Arabic, Hangul, Hebrew, Han, kana): a
        city the source names (by the gazetteer's names in that script) that the target lacks,
        while the target names a city the source does not (دبي, "Belgrade"): a replacement.

        Either side alone proves little here (a city written with a variant spelling the gazetteer
        lacks, عمّان for Amman), both together do.
        """
        script = _caseless_script(view.source_text)
        if script is None:
            return []
        scripts = _NATIVE_PLACE_SCRIPTS[script]
        named = _native_names(view.source_text, script)
        source_forms = {form for _, _, form, _ in named}
        covered = _target_spans(found)
        unexplained: list[tuple[int, int]] = []
        for i, j in _cap_runs(toks):
            if toks[i].initial:
                i += 1
            name = " ".join(_clean(t.text) for t in toks[i:j])
            if (j <= i or claimed.intersection(range(i, j)) or not name.replace(" ", "").isalpha() or len(name) < 4
                    or (j - i == 1 and _common_word(name, tgt_lang)) or _is_country(self.index.english(name))
                    or any(a <= view.target_start + toks[i].start < b for a, b in covered)):
                continue
            places = Gazetteer.default().latin_places(name)
            forms = {_native_key(f) for p in places for sc in scripts for f in p.names_in(sc)}
            if forms and forms.isdisjoint(source_forms):
                unexplained.append((i, j, max(p.population for p in places)))
        if not unexplained:
            return []
        target_key = latin_key(view.target_text)
        lost = [(a, b, places[0]) for a, b, _, places in named
                if not any(len(key) >= 4 and key in target_key for key in places[0].latin_keys)
                and not _is_calendar_word(view.source_text[a:b], src_lang)]  # الخميس is Thursday
        out = []
        for i, j, size in unexplained:
            if not lost:
                break
            # The lost city nearest in relative position is the one replaced.
            rel = toks[i].start / max(len(view.target_text), 1)
            # Cities of 100,000 or more first: small towns' names are often words (الجديد, "the new";
            # دوري, "league"), and a small town of two Han characters is a word more often than not
            # (开通, "open"). A small town stands in only for a target city as big: a name the
            # gazetteer holds only as a village is as likely a person's (Mitrović).
            pool = [item for item in lost if item[2].population >= _BIG_PLACE_POPULATION] or [
                item for item in lost if not (item[1] - item[0] <= 2 and script in ("han", "kana"))
                and size >= _BIG_PLACE_POPULATION]
            if not pool:
                break
            a, b, place = min(pool, key=lambda item: abs(item[0] / max(len(view.source_text), 1) - rel))
            lost.remove((a, b, place))
            name = _SourceName(a, b, view.source_text[a:b], (view.source_text[a:b],),
                               KnownName(place.name, (place.name,), "city", {}), True)
            claimed.update(range(i, j))
            out.append(self._finding(view, name, toks, (i, j), "replaced", "critical", 0.6,
                                     expected=place.name, via="gazetteer"))
        return out

    def _lost_places(self, view: LinkView, src_lang: str, names: list[_SourceName], toks: list[_Tok],
                     found: list[Finding]) -> list[Finding]:
        """Sources in scripts without case (Arabic, Hangul, Hebrew, Han, kana): a city of
        :data:`_LOST_PLACE_POPULATION` or more that the source names by the gazetteer's names in
        its script and the target does not carry ("في القاهرة" with "in Cairo" dropped).

        Names are read longest first and may not overlap (東京都 is Tokyo; the 京都 inside it is no
        Kyoto), nor a name the source name list or another finding already covers (عمان as the
        country Oman).
        """
        script = _caseless_script(view.source_text)
        if script is None:
            return []
        text = view.source_text
        target_key = latin_key(view.target_text)
        taken = _source_spans_taken(view, names, found)
        out: list[Finding] = []
        for *at, _, places in _native_names(text, script):
            if any(a < at[1] and at[0] < b for a, b in taken):
                continue
            place = places[0]
            if (place.population < _LOST_PLACE_POPULATION or _is_calendar_word(text[at[0]:at[1]], src_lang)
                    or _named_in(places, target_key)):
                continue
            if _strongly_linked(view, at[0], at[1]):
                continue  # rendered by a name the gazetteer does not list, or a word (مدينة, "city", is Medina's)
            name = _SourceName(at[0], at[1], text[at[0]:at[1]], (text[at[0]:at[1]],),
                               KnownName(place.name, (place.name,), "city", {}), True)
            out.append(self._finding(view, name, toks, None, "missing", "major", 0.5,
                                     expected=place.name, via="gazetteer"))
        return out

    def _lost_countries(self, view: LinkView, names: list[_SourceName], toks: list[_Tok],
                        found: list[Finding]) -> list[Finding]:
        """Sources in Arabic, Hebrew or Devanagari script: a country the source names, or calls
        by its regular adjective (البنك المركزي المصري, भारतीय रिज़र्व बैंक), that the target
        neither names nor calls by its demonym ("Central Bank of Egypt" with "of Egypt" dropped).
        These scripts have no case to mark names, so the list's forms are the only evidence; a
        city of the same spelling in the target (عمان: Oman, or Amman) counts as rendered."""
        script = _caseless_script(view.source_text)
        if script not in _NATIVE_COUNTRY_LANGS:
            return []
        text = view.source_text
        target_key = latin_key(view.target_text)
        taken = _source_spans_taken(view, names, found)
        out: list[Finding] = []
        reported: set[str] = set()
        for start, end, known in _native_countries(text, script):
            if known.canonical in reported or any(a < end and start < b for a, b in taken):
                continue
            if any(_find_form(toks, form, country=True) for form in known.accepted):
                continue
            stem = _demonym_stem(latin_key(known.canonical))
            if " " not in known.canonical and any(latin_key(_clean(t.text)).startswith(stem) for t in toks if t.cap):
                continue  # a demonym the list lacks: Turkish, German
            if _named_in(_native_table(script).get(_native_key(text[start:end]), ()), target_key):
                continue
            if _strongly_linked(view, start, end):
                continue  # rendered by another name (جورجيا ميلوني is Giorgia Meloni) or a word
            reported.add(known.canonical)
            name = _SourceName(start, end, text[start:end], (text[start:end],), known, True)
            out.append(self._finding(view, name, toks, None, "missing", "major", 0.5,
                                     expected=known.canonical, via="names list"))
        return out

    def _unlinked_titles(self, view: LinkView, tgt_lang: str, toks: list[_Tok], claimed: set[int],
                         found: list[Finding]) -> list[Finding]:
        """Title-case runs of English common words that render no source words: an organization
        or event name put in place of another ("Olive Growers" where the source has
        Niedersachsen) or added.

        :meth:`_unsupported_names` passes over common words (a translated "Central Bank" cannot be
        compared by sound); here the word alignment is the evidence (``_TITLE_LINK_MIN``), read
        over the whole name its connectors join ("Ministry of Internal Affairs and
        Communications"). Runs with a country, demonym or listed name are the country logic's; a
        Latin source that holds the words carried them over; an acronym's spelled-out name
        ("Institute of Meteorology and Water Management (IMGW)", НИМХ rendered "National
        Institute of Meteorology and Hydrology") and translated geographic names ("Giant
        Mountains", "Baltic Sea") often align weakly and are left alone.
        """
        if tgt_lang != "en" or view.words is None or not view.words.links:
            # Title case marks names in English (German capitalizes every noun); a link
            # without any word links gives no evidence either way.
            return []
        src_key = latin_key(view.source_text)
        if unrepeated_acronyms(view.source_text, view.target_text):
            return []  # the target may spell out a source acronym here: its title words render it
        # Han characters link one by one, at lower similarity than whole words
        floor = _TITLE_LINK_MIN["cased" if script_of(view.source_text) in ("latin", "greek", "cyrillic") else "uncased"]
        covered = _target_spans(found)
        out: list[Finding] = []
        for i, j in _title_names(toks):
            texts = [_clean(t.text) for t in toks[i:j] if t.cap]
            if len(texts) < 2 or claimed.intersection(range(i, j)) or texts[-1] in ("No", "Nos"):
                continue  # "Typhoon No. 10": the number sign ends no name
            if regex.search(r"[\"”»]\s*\($", view.target_text[:toks[i].start]):
                continue  # the English gloss of a quoted title: "La casa de los vientos" (The House of the Winds)
            if not all(len(w) >= 2 and w.isalpha() and not w.isupper() and _common_word(w, tgt_lang) for w in texts):
                continue  # a name with a name word (Lower Saxony) is judged by sound and the lists
            if any(self.index.english(w) or _country_word(w) or _is_calendar_word(w, tgt_lang) for w in texts):
                continue
            if texts[-1].lower() in _GEOGRAPHIC or any(len(w) >= 4 and latin_key(w) in src_key for w in texts):
                continue  # a translated place (Giant Mountains), or kept from a Latin-script source
            start, end = toks[i].start, toks[j - 1].end
            if spells_out_acronym(view.target_text, end, view.source_text):
                continue  # the spelled-out name of the acronym that follows: "... Institute (SMHI)"
            if any(a < view.target_start + end and view.target_start + start < b for a, b in covered):
                continue
            best = _link_similarity(view, (0, len(view.source_text)), (start, end))
            if best >= floor:
                continue
            title = view.target_text[start:end]
            source_span = _aligned_source(view, start, end)
            replaced = source_span is not None
            out.append(self.finding(
                category="name", severity="critical" if replaced else "major", confidence=0.55,
                source_span=view.source_span(*source_span) if source_span else None,
                target_span=view.target_span(start, end),
                message=(f"name {title!r} renders nothing in the source"
                         + (f"; the source has {view.source_text[source_span[0]:source_span[1]]!r} there"
                            if replaced else "")),
                evidence={"kind": "replaced" if replaced else "added", "target_name": title,
                          "best_link": round(best, 3), "matched_by": "alignment"},
            ))
            claimed.update(range(i, j))
        return out

    def _spelling_pass(self, view: LinkView, src_lang: str, tgt_lang: str, names: list[_SourceName], toks: list[_Tok],
                       claimed: set[int]) -> list[Finding]:
        """Latin-script sources: a target name spelled almost like a source word that the target
        lacks (``Radebeul`` → ``Radeberg``). Names normally pass between Latin-script languages
        unchanged; exonyms (``München`` → ``Munich``) come from the list and are claimed before."""
        src_toks = [t for t in _tokens(view.source_text)
                    if t.cap and len(t.text) >= 4 and _is_word(t)
                    and not any(n.start <= t.start < n.end for n in names if n.known is not None)]
        src_keys = {latin_key(t.text) for t in _tokens(view.source_text)}
        tgt_keys = {latin_key(_clean(t.text)) for t in toks}
        out: list[Finding] = []
        for k, tok in enumerate(toks):
            word = _clean(tok.text)
            key = latin_key(word)
            if (k in claimed or not tok.cap or tok.initial or len(key) < 4 or key in src_keys
                    or word.isupper() or _is_calendar_word(word, tgt_lang) or _known(word.lower(), tgt_lang)):
                continue
            best: tuple[float, _Tok] | None = None
            for st in src_toks:
                skey = latin_key(st.text)
                if skey in tgt_keys or skey[:1] != key[:1] or _is_calendar_word(st.text, src_lang):
                    continue
                sim = similarity(st.text, word, key="latin")
                if sim >= 0.7 and (best is None or sim > best[0]):
                    best = (sim, st)
            if best is None:
                continue
            sim, st = best
            head = regex.sub(r"-\p{Ll}+$", "", word)  # "Wolfsburg-based" for Wolfsburger
            if (_same_place(st.text, word) or _same_but_ending(st.text, head)
                    or _spelling_fold(st.text) == _spelling_fold(word) or _declined_form_of(st.text, head)):
                # an exonym (Lisboa, Lisbon), an inflected form (Mladé Boleslavi, Podhalu), the
                # English adjective (Andalucía, Andalusian), a transcription (Cruijff, Cruyff)
                continue
            if (len(os.path.commonprefix([latin_key(st.text), key])) >= 4
                    and _link_similarity(view, (st.start, st.end), (tok.start, tok.end)) > _SAME_WORD_LINK):
                continue  # one word to the encoder: inflected (Riksbanken, Rutten) or its cognate (Cassazione)
            src = _SourceName(st.start, st.end, st.text, (st.text,), None, True, verbatim=True)
            other = self.index.english(word)
            # As for names romanized by sound: a spelling that differs only at an edge is as likely
            # another transcription (Čching-tem, "Ching-te"; Moldova, "Moldavia") as a mangled
            # name, unless it spells another town (Radeberg for Radebeul) or a digit changed.
            changed = (_changed_inside(st.text, word) or regex.sub(r"\D", "", st.text) != regex.sub(r"\D", "", word)
                       or any(latin_key(p.name) == key for p in Gazetteer.default().latin_places(word)))
            kind, sev, conf = (("replaced", "critical", 0.7) if other is not None
                               else ("mangled", "major" if changed else "minor", 0.6))
            out.append(self._finding(view, src, toks, (k, k + 1), kind, sev, conf,
                                     other=other.canonical if other else None, via="spelling", sim=sim))
        return out

    def _resolve(self, view: LinkView, n: _SourceName, toks: list[_Tok], runs: list[tuple[int, int]],
                 claimed: set[int], renderings: list[_Rendering], src_keys: set[str],
                 names: Sequence[_SourceName], src_lang: str, tgt_lang: str) -> list[Finding]:
        """A source name without an accepted rendering in the target link: what became of it?"""
        text = view.target_text
        best = _best_candidate(toks, runs, n, claimed)
        cand_range: tuple[int, int] | None = None
        via = ""
        if best is not None and best[1] >= _MATCH:
            cand_range, via = best[0], "phonetic"
        if cand_range is None:
            cand_range = _aligned_run(view, n, toks, runs, tgt_lang)
            via = "alignment" if cand_range else ""
        if cand_range is None:
            cand_range = self._unclaimed_known(toks, runs, claimed, src_keys, view)
            via = "leftover" if cand_range else ""
        if cand_range is None:
            if n.known is not None and n.known.kind == "term":
                return []  # BIP/GDP is listed for its translated acronyms; "the economy grew" is no lost name
            if n.verbatim:
                return [self._finding(view, n, toks, None, "missing", "major", 0.4)]
            if n.known is None and not n.strong and (_translated_as_common_word(view, n)
                                                      or _after_number(view.source_text, n.start)
                                                      or _in_capitalized_title(view.source_text, n, src_lang)):
                # An unknown word rendered by a common word is a translated noun; after a number
                # it is an eponymous unit (4 Ρίχτερ = "magnitude 4", 30 Κελσίου); next to
                # capitalized common words it belongs to a title that is translated (Γενικό
                # Επιτελείο Εθνικής Άμυνας, "General Staff of National Defence").
                return []
            initial = (n.known.canonical if n.known is not None else n.romanized)[:1].upper()
            if (n.known is None or n.known.kind == "city") and any(
                    t.text.isupper() and len(t.text) > 1 and t.text.isalpha() and initial in t.text
                    for k, t in enumerate(toks) if k not in claimed):
                return []  # the name may sit inside an acronym (ώρα Γκρίνουιτς → GMT)
            conf = 0.6 if n.known is not None and n.known.kind in ("person", "place", "glossary") else 0.45
            if n.known is None:
                conf = 0.4 if n.strong else 0.35
            if _is_country(n.known) and _inside_japanese_compound(view.source_text, n.start, src_lang):
                # Company names hold the country and drop it in English (JR東日本 "JR East",
                # 全日本空輸 "All Nippon Airways"); a country standing alone follows kana or a stop.
                return [self._finding(view, n, toks, None, "missing", "minor", 0.3, expected=n.known.canonical)]
            return [self._finding(view, n, toks, None, "missing", "major", conf,
                                  expected=n.known.canonical if n.known else None)]
        i, j = cand_range
        cand = text[toks[i].start: toks[j - 1].end]
        clean = _run_text(toks, i, j)  # without possessives: Seoul’s → Seoul
        if (via != "phonetic" or best is None or best[1] < _PLAIN_WORD_MATCH) and self._no_name(clean, n, tgt_lang):
            # The aligner fell on a word that names nothing (Αθήνα dropped, its link on "National",
            # "Saturday", another country's "Ukrainian"): the name has no counterpart.
            if n.known is None and not n.strong:
                return []
            return [self._finding(view, n, toks, None, "missing", "major", 0.55 if n.known is not None else 0.45,
                                  expected=n.known.canonical if n.known else None, whole_link=True)]
        other = whole = self.index.english(cand)
        if other is None and j - i > 1:  # "Vologda Region": the known part of a longer run
            for a in range(i, j):
                for b in range(j, a, -1):
                    other = self.index.english(text[toks[a].start: toks[b - 1].end])
                    if other is not None:
                        break
                if other is not None:
                    break
        if via != "phonetic" and self._renders_another(view, n, clean, whole, names, src_lang):
            # The aligner (or the leftover search) pointed at the rendering of another source
            # name (Ρωσία dropped, its link falls on "North Korean" from βορειοκορεατικών): this
            # name has no counterpart; calling it "replaced" would blame the wrong words.
            if n.known is None and not n.strong:
                return []
            return [self._finding(view, n, toks, None, "missing", "major", 0.6 if n.known is not None else 0.45,
                                  expected=n.known.canonical if n.known else None, whole_link=True)]
        claimed.update(range(i, j))
        if n.known is not None:
            expected = n.known.canonical
            other = self._inside_other_name(toks, cand_range, n.known) or other
            if other is not None and other.canonical != n.known.canonical and _city_of(other.canonical, n.known):
                # 영국 런던 rendered "London": the country is implied by its city, not replaced
                claimed.difference_update(range(i, j))
                return [self._finding(view, n, toks, None, "missing", "minor", 0.3, expected=expected)]
            if other is not None and other.canonical != n.known.canonical:
                return [self._finding(view, n, toks, cand_range, "replaced", "critical", 0.85, expected=expected,
                                      other=other.canonical, via=via)]
            if any(spelling_skeleton(clean) == spelling_skeleton(a) for a in n.known.accepted):
                renderings.append(_Rendering(n, view, toks[i].start, toks[j - 1].end, cand, False))
                return [self._finding(view, n, toks, cand_range, "variant", "minor", 0.45, expected=expected, via=via)]
            if n.known.kind != "person" and any(_english_adjective(clean, a) for a in n.known.accepted):
                # w Beskidzie Śląskim, "in the Silesian Beskids": the place's adjective
                renderings.append(_Rendering(n, view, toks[i].start, toks[j - 1].end, cand, False))
                return []
            sim = max(similarity(clean, a) for a in n.known.accepted)
            sim = max(sim, similarity(clean, n.romanized))
            renderings.append(_Rendering(n, view, toks[i].start, toks[j - 1].end, cand, False))
            if n.known.kind == "city" and (n.sounds_like(clean) or sim >= _MATCH and _names_place(n.text, clean)):
                # the gazetteer's is another language's spelling (Галич is Galich in Russian, Halych
                # in Ukrainian), or the name, alike, is another city's too (奥克兰: Oakland and Auckland)
                return []
            if n.known.kind != "person" and n.sounds_like(clean):
                # The source word itself, romanized: the translator read it as a name of its own
                # (Мария Габриел, "Mariya Gabriel"; Νέα Ελβετία, "Nea Elvetia"), not as the place
                # it looks like. At most the established form was due. A known person's name
                # romanized letter by letter is the mangling itself (Κιμ Γιο Γιονγκ, "Kim Yo-yong").
                return [self._finding(view, n, toks, cand_range, "variant", "minor", 0.3, expected=expected, via=via)]
            if script_of(n.text) == "latin" and _differs_in_ending(n.text, clean):
                # The source's own word kept, as part of a longer name (Českých Budějovicích,
                # "České Budějovice"): no mangling, at most an untranslated endonym.
                return [self._finding(view, n, toks, cand_range, "variant", "minor", 0.3, expected=expected, via=via)]
            if sim >= _MATCH:
                # Major against a curated form (Kim Yo-yong for Kim Yo-jong); a gazetteer city
                # matched by sound alone (Τζίνα, a first name, for 济南 Jinan) is weaker evidence.
                return [self._finding(view, n, toks, cand_range, "mangled", "minor" if n.known.kind == "city" else "major",
                                      0.75, expected=expected, via=via, sim=sim)]
            return [self._finding(view, n, toks, cand_range, "replaced", "critical", 0.6 if via != "leftover" else 0.5,
                                  expected=expected, via=via, sim=sim)]
        # An unknown name: only the romanization to go by.
        sim = similarity(clean, n.spelling, key="latin" if n.verbatim else "phonetic")
        if other is not None and _inflects_a_form_of(other, n):
            claimed.update(range(i, j))  # Відня for Відень: the stem changes as the name inflects
            return []
        if sim < _MATCH and _same_stem(clean, n):
            claimed.update(range(i, j))  # a long case or region ending the romanization keeps (Херсонщині)
            return []
        if other is not None and other.canonical and latin_key(other.canonical) not in src_keys:
            if sim < 0.85:
                return [self._finding(view, n, toks, cand_range, "replaced", "critical", 0.7, other=other.canonical,
                                      via=via, sim=sim)]
        if sim >= _MATCH:
            renderings.append(_Rendering(n, view, toks[i].start, toks[j - 1].end, cand, False))
            if n.sounds_like(clean) or _same_stem(clean, n) or (
                    script_of(n.text) == "latin" and _same_but_ending(n.text, clean)):
                # a romanization, the name less its case ending (Tatrach, "Tatra"), or its English
                # adjective (Andalucía, "Andalusian")
                return []
            # With no established form to compare with, a near miss at the edges of the name is
            # as likely another accepted romanization or a case form (Gergiyev, Gergiev; Токаевым,
            # "Tokayev"; ЦСКА, "CSKA") as a mangled name: minor. A syllable lost or changed inside
            # it (Σταυρακάκης, "Stavrakis") is major.
            severity = "major" if _changed_inside(n.spelling, clean) else "minor"
            return [self._finding(view, n, toks, cand_range, "mangled", severity, 0.6 if n.strong else 0.45,
                                  via=via, sim=sim)]
        if not n.strong or via == "leftover":
            # Too little to call it a replacement from this side; the target run, left
            # unclaimed, is judged by whether anything in the source sounds like it.
            claimed.difference_update(range(i, j))
            return []
        return [self._finding(view, n, toks, cand_range, "replaced", "critical", 0.5, via=via, sim=sim)]

    def _inside_other_name(self, toks: Sequence[_Tok], rng: tuple[int, int], known: KnownName) -> KnownName | None:
        """The known name that the word before ``rng`` makes of it, if not ``known``: the "Korea"
        of "North Korea" renders no South Korea."""
        if rng[0] == 0:
            return None
        outer = self.index.english(f"{toks[rng[0] - 1].text} {_run_text(toks, *rng)}")
        return outer if outer is not None and outer != known else None

    def _no_name(self, candidate: str, n: _SourceName, tgt_lang: str) -> bool:
        """Whether every word of a target candidate is a plain word (a common word, a month or
        weekday, another country's demonym), so it cannot render the source name ``n``."""
        own = latin_key(n.known.canonical)[:4] if n.known is not None else None
        words = [w for w in regex.split(r"[\s\-]+", candidate) if w]
        def plain(w: str) -> bool:
            known = self.index.english(w)
            if w.isupper() and n.known is not None and n.known.kind in ("country", "region", "city", "place"):
                return known is None  # a place is no acronym (Ελλάδα's link on "ELSTAT"); US, UK are listed forms
            if w.isupper() or latin_key(w)[:4] == own:
                return False
            if known is not None:  # a demonym ("Ukrainian" for Львові) names no place
                return known.kind == "country" and latin_key(w) != latin_key(known.canonical)
            return _is_calendar_word(w, tgt_lang) or _common_word(w, tgt_lang) or _country_word(w)

        return bool(words) and all(plain(w) for w in words)

    def _renders_another(self, view: LinkView, n: _SourceName, candidate: str, known: KnownName | None,
                         names: Sequence[_SourceName], src_lang: str) -> bool:
        """Whether a target name is accounted for by another name of the source link: a known
        name the source mentions in some form (as the adjective too), or a run that sounds like
        another source name."""
        if known is not None and (n.known is None or known.canonical != n.known.canonical):
            if script_of(view.source_text) == "han":
                if any(f in view.source_text for forms in known.forms.values() for f in forms if f):
                    return True
            else:
                own = {_norm(t) for t in n.tokens}
                if _mentioned([w for w in _norm_words(view.source_text) if w not in own], known):
                    return True
        if script_of(view.source_text) == "han" and src_lang not in _NO_PINYIN:
            # No capitals mark Chinese names: the candidate is another name when it sounds like
            # a run of the source outside this name (天水 for "Tianshui").
            rest = view.source_text[: n.start] + " " + view.source_text[n.end:]
            key = phonetic_key(candidate).replace(" ", "")
            if len(key) >= 4 and key in phonetic_key(phonetic_romanize(rest, src_lang)).replace(" ", ""):
                return True
        return any(m is not n and not (m.start < n.end and n.start < m.end)
                   and (_same_name(candidate, m.romanized if not m.verbatim else m.text)
                        or m.known is not None and any(latin_key(a) == latin_key(candidate) for a in m.known.accepted))
                   for m in names)

    def _unclaimed_known(self, toks: list[_Tok], runs: list[tuple[int, int]], claimed: set[int],
                         src_keys: set[str], view: LinkView) -> tuple[int, int] | None:
        """A known target name that no source name accounts for (``Budapest`` for ``Белграде``)."""
        src_norm = _norm_words(view.source_text)
        src_key = latin_key(view.source_text)
        for i, j in runs:
            if any(k in claimed for k in range(i, j)):
                continue
            for a in range(i, j):
                for b in range(j, a, -1):
                    cand = view.target_text[toks[a].start: toks[b - 1].end]
                    known = self.index.english(cand)
                    if known is None or (toks[a].initial and known.kind == "country"):
                        continue
                    if len(key := latin_key(cand)) >= 4 and key in src_key:
                        continue  # carried over as the source writes it (Olaf Scholz in German)
                    if any(_token_in(view.source_text, f) for forms in known.forms.values() for f in forms) or (
                            script_of(view.source_text) != "han" and _mentioned(src_norm, known)):
                        continue  # the source mentions it too (Камчатского края for Kamchatka)
                    return a, b
        return None

    def _finding(self, view: LinkView, n: _SourceName, toks: list[_Tok], rng: tuple[int, int] | None,
                 kind: str, severity: str, confidence: float, *, expected: str | None = None,
                 other: str | None = None, via: str = "", sim: float | None = None,
                 whole_link: bool = False) -> Finding:
        target = None
        cand = None
        if rng is not None:
            s, e = toks[rng[0]].start, toks[rng[1] - 1].end
            cand = view.target_text[s:e]
            target = view.target_span(s, e)
        else:
            # No rendering found: point at what the word aligner put in the name's place, or at
            # the whole target sentence, so a report still highlights where the name should be.
            target = (None if whole_link else _aligned_target(view, n.start, n.end)) or view.target_span()
        messages = {
            "replaced": f"name replaced: {n.text!r} rendered as {cand!r}"
                        + (f" (that is {other})" if other else "") + (f"; expected {expected}" if expected else ""),
            "mangled": f"name mangled: {n.text!r} rendered as {cand!r}" + (f", expected {expected}" if expected else ""),
            "variant": f"name spelled {cand!r}, the established form is {expected}",
            "missing": f"name {n.text!r} missing from the translation" + (f" (expected {expected})" if expected else ""),
            "forbidden": f"name {n.text!r} rendered as forbidden {cand!r}; approved: {expected}",
        }
        evidence: dict[str, Any] = {"kind": kind, "source_name": n.text, "target_name": cand,
                                    "romanized": n.spelling}
        if expected:
            evidence["expected"] = expected
        if other:
            evidence["other_name"] = other
        if via:
            evidence["matched_by"] = via
        if sim is not None:
            evidence["similarity"] = round(sim, 3)
        return self.finding(category="name", severity=severity, confidence=round(confidence, 3),
                            source_span=view.source_span(n.start, n.end), target_span=target,
                            message=messages[kind], evidence=evidence)

    # -- story level --------------------------------------------------------------------------

    def _consistency(self, renderings: list[_Rendering]) -> list[Finding]:
        """One source word, two renderings in the story: flag the one that lacks support."""
        groups: list[list[tuple[str, str, _Rendering, bool]]] = []  # (source token, target part, rendering)
        for r in renderings:
            if r.name.known is not None and r.name.known.kind == "country":
                continue  # Japan/Japanese, Korea/Korean: demonyms are not inconsistencies
            src_tokens = list(r.name.tokens)
            parts = [p for p in regex.split(r"[\s\-\u2010\u2011]+", _clean(r.text)) if p]
            if len(src_tokens) != len(parts):
                continue
            for s_tok, part in zip(src_tokens, parts):
                for g in groups:
                    # Both words are the story's own: one must be a case form of the other, not
                    # merely share a stem (Якутии, Yakutia, and Якутска, Yakutsk, are two places).
                    a, b = _norm(s_tok), _norm(g[0][0])
                    if _inflected_form(a, b) or _inflected_form(b, a):
                        g.append((s_tok, part, r, r.backed))
                        break
                else:
                    groups.append([(s_tok, part, r, r.backed)])
        out: list[Finding] = []
        for g in groups:
            keys = {latin_key(p) for _, p, _, _ in g}
            if len(keys) < 2:
                continue
            votes: dict[str, float] = defaultdict(float)
            for _, part, _, backed in g:
                votes[latin_key(part)] += 10.0 if backed else 1.0
            ranked = sorted(votes.items(), key=lambda kv: -kv[1])
            if ranked[0][1] == ranked[1][1]:
                # A tie with no evidence: one of them is wrong, but which one only a list or more
                # mentions can say (sound is no guide: Γιονγκ reads "yong" yet the name is Jong).
                out.extend(self._tie(g))
                continue
            preferred = ranked[0][0]
            for s_tok, part, r, _ in g:
                if latin_key(part) == preferred:
                    continue
                good = next(p for _, p, _, _ in g if latin_key(p) == preferred)
                small = spelling_skeleton(part) == spelling_skeleton(good)
                conf = 0.65 if votes[preferred] >= 10 else 0.45
                out.append(self.finding(
                    category="name", severity="minor" if small else "major", confidence=conf,
                    source_span=r.link.source_span(r.name.start, r.name.end),
                    target_span=r.link.target_span(r.start, r.end),
                    message=f"{s_tok!r} is rendered {good!r} elsewhere in the story but {part!r} in {r.text!r}",
                    evidence={"kind": "inconsistent", "source_name": r.name.text, "target_name": r.text,
                              "source_token": s_tok, "rendering": part, "preferred": good},
                ))
        return out


    def _tie(self, group: list[tuple[str, str, _Rendering, bool]]) -> list[Finding]:
        forms = sorted({p for _, p, _, _ in group}, key=str.casefold)
        return [self.finding(
            category="name", severity="minor", confidence=0.3,
            source_span=r.link.source_span(r.name.start, r.name.end),
            target_span=r.link.target_span(r.start, r.end),
            message=f"{s_tok!r} is rendered in two ways in the story ({' / '.join(forms)}); check which is right",
            evidence={"kind": "inconsistent", "source_name": r.name.text, "target_name": r.text,
                      "source_token": s_tok, "rendering": part, "renderings": forms},
        ) for s_tok, part, r, _ in group]


# ---------------------------------------------------------------------------------------------
# Helpers


def _norm_words(text: str) -> list[str]:
    """The words of ``text`` (:func:`~mtqa.align.tokenize.word_spans`), normalized as names are compared."""
    return [_norm(text[a:b]) for a, b in word_spans(text)]


# Two to eight capitals and digits, two capitals at least, standing alone or as a part of a
# hyphenated compound: MAC, ARG2, ISO639, UTF in UTF-8-Zeichensatzes, MIME in S/MIME.
_ACRONYM = regex.compile(r"(?<![\p{L}\p{N}])(?=\p{N}*\p{Lu}\p{N}*\p{Lu})[\p{Lu}\p{N}]{2,8}(?![\p{L}\p{N}])")


def _acronyms(text: str) -> list[_Tok]:
    """Latin-script acronyms of ``text`` with their offsets.

    >>> [a.text for a in _acronyms("UTF-8-Zeichensatz, ARG1 | ARG2, S/MIME, ΝΑΤΟ und NATO")]
    ['UTF', 'ARG1', 'ARG2', 'MIME', 'NATO']
    """
    return [_Tok(m.group(), m.start(), m.end(), False) for m in _ACRONYM.finditer(text)
            if script_of(m.group()) == "latin"]


# English generic words of geographic names: translated names of mountains, seas and rivers
# (Krkonoše "Giant Mountains", Itämeri "Baltic Sea") align weakly with their source word.
_GEOGRAPHIC = frozenset({"mountains", "mountain", "sea", "ocean", "river", "lake", "forest", "valley", "island", "islands",
                         "bay", "gulf", "coast", "peninsula", "desert", "plain", "plateau", "strait", "canal", "highlands",
                         "lowlands", "hills", "range", "basin", "delta", "cape", "alps", "riviera"})
_EN_TITLE_CONNECTORS = frozenset({"of", "and", "for", "the", "on", "&"})


def _title_names(toks: Sequence[_Tok]) -> list[tuple[int, int]]:
    """Title-case names as token ranges: capitalized words not at a sentence start, joined by
    connectors ("Ministry of Internal Affairs and Communications"), a list of parts too
    ("Ministry of Land, Infrastructure and Transport").

    >>> t = _tokens("It said the Ministry of Internal Affairs and Communications backs the Spring Festival.")
    >>> [" ".join(x.text for x in t[i:j]) for i, j in _title_names(t)]
    ['Ministry of Internal Affairs and Communications', 'Spring Festival']
    >>> t = _tokens("The Ministry of Land, Infrastructure and Transport said so, Kim said.")
    >>> [" ".join(x.text for x in t[i:j]) for i, j in _title_names(t)]
    ['Ministry of Land , Infrastructure and Transport', 'Kim']
    """
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(toks):
        if not (toks[k].cap and _is_word(toks[k]) and not toks[k].initial):
            k += 1
            continue
        i = j = k
        while j < len(toks):
            if toks[j].cap and _is_word(toks[j]):
                j += 1
            elif (toks[j].text.lower() in _EN_TITLE_CONNECTORS and j + 1 < len(toks) and toks[j + 1].cap
                  and _is_word(toks[j + 1])):
                j += 1
            elif toks[j].text == "," and j > i and _title_list_goes_on(toks, j + 1):
                j += 1
            else:
                break
            if j < len(toks) and toks[j].start - toks[j - 1].end > 1:
                break
        out.append((i, j))
        k = j
    return out


def _title_list_goes_on(toks: Sequence[_Tok], k: int) -> bool:
    """Whether the title-case words from token ``k`` on, commas between them, end in "and" and a
    capitalized word: a name's list of parts goes on after a comma ("Land, Infrastructure and
    Transport")."""
    while k < len(toks) and toks[k].cap and _is_word(toks[k]):
        k += 1
        if k < len(toks) and toks[k].text == ",":
            k += 1
    return (k + 1 < len(toks) and toks[k].text.lower() in ("and", "&") and toks[k + 1].cap
            and _is_word(toks[k + 1]))


def _translated_acronym(source: str, target: str) -> bool:
    """Whether ``target`` can be the acronym of ``source``'s name translated: most of their
    letters are shared (the words translate to cognates and change order), two at least.

    >>> [_translated_acronym(a, b) for a, b in [("OTAN", "NATO"), ("EZB", "ECB"), ("ČSÚ", "CZSO"), ("MAC", "KF"),
    ...                                         ("KEY", "EEZ")]]
    [True, True, True, False, False]
    """
    a, b = Counter(strip_marks(source).upper()), Counter(strip_marks(target).upper())
    shared = sum((a & b).values())
    return shared >= 2 and shared >= 0.6 * min(sum(a.values()), sum(b.values()))


# Currency abbreviations a translation renders by the currency's name ("Dolar/TL kuru", "the
# dollar ... 34.27 lira"): no name lost while the target names a currency (the numbers check
# compares the amounts).
_CURRENCY_ACRONYMS = frozenset("""TL YTL PLN CZK HUF RON BGN UAH RUB USD EUR GBP CHF JPY CNY RMB KRW INR SEK NOK DKK
    TRY KM""".split())
_CURRENCY_WORDS = (r"(?i)\b(?:liras?|zloty|zlotys|korun[ay]?|crowns?|forints?|lei|leu|lev|leva|hryvnias?|hryvnia|"
                   r"roubles?|rubles?|dollars?|euros?|pounds?|francs?|yen|yuan|renminbi|won|rupees?|kronor|krona|"
                   r"kroner|krone|marks?)\b")


def _translated_placeholder(letters: str, src_lang: str, tgt_lang: str) -> bool:
    """Whether a source word in capitals is a word to translate (the German placeholder ``ZAHL``
    becomes ``NUMBER``) rather than an acronym to keep. Two or three capitals are an acronym
    (``URI``, ``ARG``, which German word lists hold too), and so is a word spelled the same in the
    target language (``NULL``).

    >>> _translated_placeholder("ZAHL", "de", "en"), _translated_placeholder("URI", "de", "en")
    (True, False)
    """
    word = letters.lower()
    return len(word) >= 4 and _known(word, src_lang) and not _known(word, tgt_lang)


def _letters(acronym: str) -> str:
    """An acronym without its digits: ``MPEG2`` → ``MPEG``."""
    return "".join(c for c in acronym if not c.isdigit())


def _spelled_out(acronym: str, text: str) -> bool:
    """Whether ``text`` holds words whose initials spell ``acronym`` (``SDP`` as Session
    Description Protocol, ``EEZ`` as exclusive economic zone; small words like "of" may sit between).

    >>> _spelled_out("SDP", "announced in the Session Description Protocol"), _spelled_out("EGL", "Core GL")
    (True, False)
    """
    letters = [c.lower() for c in acronym if c.isalpha()]
    words = [w for w in _norm_words(text) if w not in ("of", "and", "for", "the", "de", "du", "des", "der")]
    initials = "".join(w[:1] for w in words)
    return len(letters) >= 2 and "".join(letters) in initials


def _common_word(word: str, lang: str) -> bool:
    """Whether a capitalized target word is a common word of ``lang`` rather than a name. Where
    every noun is capitalized (German "Unternehmen", "Gewinn") that is any word the lexicon
    knows, a compound of such words, and not a town or region of the language's countries."""
    if lang in NOUN_CAPITALIZING:
        return (_known(word, lang) or _compound_of_known(word, lang)) and not Gazetteer.default().is_local_place(word, lang)
    return _known(word.lower(), lang) and not _lemma(word.lower(), lang)[:1].isupper()


def _differs_in_ending(a: str, b: str) -> bool:
    """Two Latin-script spellings of one name that differ only in endings of up to three letters,
    each with a vowel (accents, case and an apostrophe suffix aside): case forms (Podhalu/Podhale, Českých/České,
    Beşiktaş'ı) and exonyms (Andalucía/Andalusia), not another name (Radebeul/Radeberg).

    >>> _differs_in_ending("Podhalu", "Podhale"), _differs_in_ending("Radebeul", "Radeberg")
    (True, False)
    >>> _differs_in_ending("Tatrach", "Tatra"), _differs_in_ending("Bernd", "Bern")
    (True, False)
    >>> _differs_in_ending("Woli", "Wola"), _differs_in_ending("Wola", "Wolf")
    (True, False)
    """
    x, y = latin_key(_APOSTROPHE_SUFFIX.sub("", a)), latin_key(_APOSTROPHE_SUFFIX.sub("", b))
    common = len(os.path.commonprefix([x, y]))
    if common == min(len(x), len(y)) and common and x[common - 1] in "aeiouy":
        common -= 1  # Tatr|ach for Tatr|a: the name's own final vowel starts the ending
    tails = (x[common:], y[common:])
    if common == 3 and all(len(t) == 1 and t in "aeiouy" for t in tails):
        return True  # a short name's case ending (Stalowej Woli, "Stalowa Wola")
    # Endings hold a vowel: Radeberg's "rg" is no case ending of Radebeul.
    return common >= 4 and all(len(t) <= 3 and (not t or set(t) & set("aeiouy")) for t in tails)


def _changed_inside(romanized: str, target: str) -> bool:
    """Whether two spellings of a name differ inside it, by two letters or more between a common
    start and a common end of two letters or more, rather than at its edges or by a letter.

    >>> _changed_inside("Manolis Stavrakakis", "Manolis Stavrakis"), _changed_inside("Gergiyev", "Gergiev")
    (True, False)
    >>> _changed_inside("Tokayevym", "Tokayev"), _changed_inside("TSSKA-Sofiya", "CSKA Sofia")
    (False, False)

    Romanization conventions are no change: a doubled letter, zh/j, kh/h, y/i
    (Kasym-Zhomart, "Kassym-Jomart").

    >>> _changed_inside("Kasym-Zhomart", "Kassym-Jomart"), _changed_inside("Stavrakakis", "Stavrakis")
    (False, True)
    """
    x, y = _romanization_fold(romanized), _romanization_fold(target)
    head = len(os.path.commonprefix([x, y]))
    tail = len(os.path.commonprefix([x[head:][::-1], y[head:][::-1]]))
    return tail >= 2 and max(len(x), len(y)) - head - tail >= 2


def _romanization_fold(name: str) -> str:
    """A name's spelling key with the letters romanization systems write differently made one:
    doubled letters single, dzh/zh/j as j, kh as h, y as i.

    >>> _romanization_fold("Kassym-Jomart") == _romanization_fold("Kasym-Zhomart")
    True
    """
    key = latin_key(name)
    for old, new in (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("y", "i")):
        key = key.replace(old, new)
    return regex.sub(r"(.)\1", r"\1", key)


def _same_but_ending(source: str, target: str) -> bool:
    """:func:`_differs_in_ending`, or so with the target's English adjective ending -n off
    (Andalucía, "Andalusian"; Bavaria, "Bavarian"); a hyphenated name part by part, each part
    declined (Ostravě-Porubě, "Ostrava-Poruba").

    >>> _same_but_ending("Andalucía", "Andalusian"), _same_but_ending("Andalucía", "Andorran")
    (True, False)
    >>> _same_but_ending("Ostravě-Porubě", "Ostrava-Poruba"), _same_but_ending("Ostravě-Porubě", "Ostrava-Zábřeh")
    (True, False)
    """
    parts, target_parts = source.split("-"), target.split("-")
    if len(parts) > 1 and len(parts) == len(target_parts):
        return all(latin_key(a) == latin_key(b) or _same_but_ending(a, b) for a, b in zip(parts, target_parts))
    return _differs_in_ending(source, target) or _differs_in_ending(source, regex.sub(r"(?<=[aeiou])n$", "", target))


def _declined_form_of(source: str, target: str) -> bool:
    """Whether a source word is the target name with a case suffix of up to three letters
    glued on (Szentendrénél, "Szentendre"; Brnem, "Brno" does not qualify: the stem changed).

    >>> _declined_form_of("Szentendrénél", "Szentendre"), _declined_form_of("Radebeul", "Radeberg")
    (True, False)
    """
    x, y = latin_key(source), latin_key(target)
    return len(y) >= 5 and x.startswith(y) and 0 < len(x) - len(y) <= 3


def _spelling_fold(word: str) -> str:
    """A name's spelling key with the conventional transcriptions folded: Dutch ij as y
    (Cruijff/Cruyff), German umlauts written out (Goethe/Göthe: marks are gone already).

    >>> _spelling_fold("Cruijff") == _spelling_fold("Cruyff"), _spelling_fold("Kretschmer") == _spelling_fold("Kretchmer")
    (True, False)
    """
    key = latin_key(word)
    for old, new in (("ij", "y"), ("ae", "a"), ("oe", "o"), ("ue", "u")):
        key = key.replace(old, new)
    return key


def _name_word(word: str) -> bool:
    """Letters only, or capitalized words joined by hyphens (Emilia-Romagna; not NAVO-norm, nor
    Standardausgabe-URI, where an acronym ends a compound).

    >>> _name_word("Emilia-Romagna"), _name_word("NAVO-norm"), _name_word("Brasília")
    (True, False, True)
    """
    parts = word.split("-")
    return all(p.isalpha() for p in parts) and (
        len(parts) == 1 or all(p[:1].isupper() and not p.isupper() for p in parts))


def _mid_sentence_caps(text: str) -> set[str]:
    """Words of the story that are capitalized somewhere other than at a sentence start."""
    return {_norm(t.text) for t in _tokens(text) if t.cap and not t.initial}


def _token_in(text: str, form: str) -> bool:
    toks = _norm_words(text)
    ftoks = _norm_words(form)
    if not ftoks:
        return False
    if script_of(form) == "han":
        return form in text
    return any(all(i + j < len(toks) and _token_match(toks[i + j], ftoks[j]) for j in range(len(ftoks)))
               for i in range(len(toks)))


def _find_form(toks: Sequence[_Tok], form: str, *, country: bool) -> tuple[int, int] | None:
    """Token range of ``form`` in the target (spacing, hyphens, case, accents, possessive ignored).

    For countries the last word may extend the form (``Japan`` → ``Japanese``, ``Korea`` → ``Korean``).
    """
    goal = latin_key(form)
    if not goal:
        return None
    for i in range(len(toks)):
        acc = ""
        for j in range(i, min(len(toks), i + 8)):
            key = latin_key(_clean(toks[j].text))
            if not key:
                if acc and toks[j].text == ".":
                    continue  # the point of an abbreviation inside the name (St. Petersburg)
                break
            rest = goal[len(acc):]
            if key == rest or (j == i and key == goal):
                return i, j + 1
            if country and acc and len(rest) >= 4 and key.startswith(rest[:-1]) and len(key) - len(rest) <= 4:
                return i, j + 1
            if country and not acc and len(goal) >= 5 and " " not in form and key.startswith(goal[:-1]) \
                    and len(key) - len(goal) <= 4:
                return i, j + 1
            if rest.startswith(key):
                acc += key
                continue
            break
    return None


def _best_candidate(toks: Sequence[_Tok], runs: Sequence[tuple[int, int]], n: _SourceName,
                    claimed: set[int]) -> tuple[tuple[int, int], float] | None:
    """The target word run that sounds most like the source name, with its similarity."""
    refs = [n.romanized] if not n.verbatim else [n.text]
    if n.known is not None:
        refs.extend(n.known.accepted)
    size = len(n.tokens)
    best: tuple[tuple[int, int], float] | None = None
    for i, j in runs:
        for a in range(i, j):
            for b in range(a + 1, min(j, a + max(size, 1) + 1) + 1):
                if any(k in claimed for k in range(a, b)):
                    continue
                cand = " ".join(_clean(t.text) for t in toks[a:b])
                if toks[a].initial and len(cand) > 0 and b - a == 1 and cand.lower() in _EN_STOP:
                    continue
                score = max(_name_similarity(cand, r) for r in refs)
                if best is None or score > best[1] + 1e-9:
                    best = ((a, b), score)
    return best


def _run_text(toks: Sequence[_Tok], i: int, j: int) -> str:
    return " ".join(_clean(t.text) for t in toks[i:j])


def _same_name(target: str, romanized: str) -> bool:
    """Whether a target run renders a romanized source name, word by word, up to sound classes and
    inflection endings (``Arjun Rao`` ~ ``Ardzhunom Rao``, ``Stavrakakis`` ~ ``Stavrakaki``).

    >>> _same_name("Shigeru Ishiba", "Sigeru Isiba"), _same_name("Manolis Stavrakis", "Manolis Stavrakakis")
    (True, False)
    """
    if skeleton(target) == skeleton(romanized):
        return True
    tw, sw = phonetic_key(target).split(), phonetic_key(romanized).split()
    if len(tw) != len(sw):
        return False
    for t, s in zip(tw, sw):
        kt, ks = skeleton(t), skeleton(s)
        if kt == ks:
            continue
        short, long_ = sorted((kt, ks), key=len)
        # One consonant of an inflection ending on either side (-ом, -ς, -ν, -s).
        if not (long_.startswith(short) and len(long_) - len(short) == 1 and long_[-1] in "mnsb"):
            return False
    return True


def _same_stem(target: str, n: _SourceName) -> bool:
    """Whether a Greek or Cyrillic source name and its target rendering share their consonants,
    word by word, once the source's case endings and English plural, demonym or adjectival
    endings are off (Карпатах ~ Carpathians, Римского-Корсакова ~ Rimsky-Korsakov, Радославом
    Сікорським ~ Radosław Sikorski).

    >>> _same_stem("Carpathians", _SourceName(0, 8, "Карпатах", ("Карпатах",), None, True, lang="uk"))
    True
    >>> _same_stem("Rimsky-Korsakov", _SourceName(0, 18, "Римского-Корсакова", ("Римского-Корсакова",), None, True, lang="ru"))
    True
    >>> _same_stem("Carpentras", _SourceName(0, 8, "Карпатах", ("Карпатах",), None, True, lang="uk"))
    False
    >>> _same_stem("Kherson", _SourceName(0, 10, "Херсонщині", ("Херсонщині",), None, True, lang="uk"))
    True
    """
    if script_of(n.text) not in ("greek", "cyrillic"):
        return False
    source_words = regex.split(r"[\s\-‐‑]+", strip_marks(n.text).casefold().replace("ς", "σ"))
    target_words = regex.split(r"[\s\-‐‑]+", regex.sub(r"['’]s$", "", target.casefold()))
    if len(source_words) != len(target_words):
        return False
    for word, english in zip(source_words, target_words):
        stems = {skeleton(phonetic_romanize(word[:len(word) - k], n.lang)) for k in range(6)
                 if len(word) - k >= 4 and word[len(word) - k:] in _CASE_TAILS}
        if (region := _REGION_OF_CITY.search(word)) and region.start() >= 4:
            stems.add(skeleton(phonetic_romanize(word[:region.start()], n.lang)))  # Херсонщині, "Kherson (region)"
        # English endings off; Polish w is the v of Cyrillic (Radosław, Радослав)
        renderings = {english, regex.sub(r"(?:ians|ans|ian|an|es|s|i|y)$", "", english)}
        if stems.isdisjoint({skeleton(r) for r in renderings if r} | {skeleton(r.replace("w", "v")) for r in renderings if r}):
            return False
    return True


# The Ukrainian and Russian region named after its city: Херсонщина, Київщина, Смоленщина.
_REGION_OF_CITY = regex.compile(r"щин(?:а|и|у|і|ою|ой|е|ы)?$")


def _name_similarity(a: str, b: str) -> float:
    # Inflected source names carry endings the target lacks (Волгоградской ~ Volgograd): compare
    # the target with the source cut to the target's length too, at a small discount.
    full = similarity(a, b)
    ka, kb = phonetic_key(a).replace(" ", ""), phonetic_key(b).replace(" ", "")
    if len(kb) > len(ka) >= 4 and len(kb) - len(ka) <= 5:
        full = max(full, similarity(a, b[: len(b) - (len(kb) - len(ka))]) - 0.05)
    return full


def _aligned_run(view: LinkView, n: _SourceName, toks: Sequence[_Tok], runs: Sequence[tuple[int, int]],
                 tgt_lang: str = "en") -> tuple[int, int] | None:
    """The capitalized target run the word alignment links the source name to, if any."""
    words = view.words
    if words is None:
        return None
    src_idx = overlapping(words.source_spans, n.start, n.end)
    tgt_chars = [words.target_spans[ln.target] for ln in words.links if ln.source in src_idx]
    for i, j in runs:
        if toks[i].initial and j - i == 1 and toks[i].text.lower() in _EN_STOP:
            continue
        if any(s < toks[j - 1].end and toks[i].start < e for s, e in tgt_chars):
            # Titles and demonyms that open the run ("French President Merkel") are not the
            # name when the aligner did not link them.
            while j - i > 1 and not any(s < toks[i].end and toks[i].start < e for s, e in tgt_chars) and (
                    _known(_clean(toks[i].text).lower(), tgt_lang) or _is_calendar_word(toks[i].text, tgt_lang)):
                i += 1
            return i, j
    return None


def _merge(findings: list[Finding]) -> list[Finding]:
    """One finding per target span (or per source span when missing): the most severe, confidences combined."""
    from mtqa.data import severity_rank

    by_key: dict[tuple[Any, ...], Finding] = {}
    for f in findings:
        key = (f.target_span.start, f.target_span.end) if f.target_span else ("src", f.source_span)
        old = by_key.get(key)
        if old is None:
            by_key[key] = f
            continue
        keep, drop = (f, old) if severity_rank(f.severity) > severity_rank(old.severity) else (old, f)
        conf = round(1 - (1 - keep.confidence) * (1 - drop.confidence * 0.5), 3)
        evidence = dict(keep.evidence)
        evidence.setdefault("also", []).append(drop.evidence.get("kind"))
        by_key[key] = Finding(keep.category, keep.severity, min(conf, 0.95), keep.source_span, keep.target_span,
                              keep.message, keep.check, evidence, keep.document_id)
    return sorted(by_key.values(), key=lambda f: (f.source_span.start if f.source_span else 0))


_EN_STOP = frozenset(
    "a an the this that these those it its he she they we i you his her their our my in on at for of to"
    " from by with as and but or if when while after before since last next new experts".split()
)


# Han-script languages that pinyin does not romanize (kanji are read differently in Japanese).
_NO_PINYIN = frozenset({"ja", "ko"})

# Languages that capitalize every noun: a capital there says little about names.
NOUN_CAPITALIZING = frozenset({"de", "lb"})


def _compound_of_known(word: str, lang: str) -> bool:
    """Whether ``word`` ends in a known word of at least four letters after a head of at least
    three (``Eingabezeile`` = Eingabe + zeile): a compound noun rather than a name."""
    lower = word.lower()
    return any(_known(lower[k:], lang) for k in range(3, len(lower) - 3))


def _mentioned(source_words: Sequence[str], known: KnownName) -> bool:
    """Whether normalized source words mention ``known`` in any of its forms, loosely: inflected
    (``Камчатского`` for Камчатка), inside a compound (``Norddeutschland``), or as the adjective
    (``ρωσικό`` for Ρωσία). Loose on purpose: here a miss only costs a finding, a false match
    would cost a false alarm."""
    for forms in known.forms.values():
        for form in forms:
            f = _norm(form)
            if " " in f:
                if all(any(_loose_match(w, part) for w in source_words) for part in f.split()):
                    return True
            elif any(_loose_match(w, f) for w in source_words):
                return True
    return False


def _loose_match(word: str, form: str) -> bool:
    if word == form or (len(form) >= 5 and form in word):
        return True
    return len(os.path.commonprefix([word, form])) >= max(4, len(form) - 3)


def _target_spans(findings: Sequence[Finding]) -> list[tuple[int, int]]:
    """The story offsets of the findings' target spans, for passes that leave covered words alone."""
    return [(f.target_span.start, f.target_span.end) for f in findings if f.target_span is not None]


def _named_in(places: Iterable[Place], target_key: str) -> bool:
    """Whether a target (folded by ``latin_key``) holds the Latin name of one of ``places``."""
    return any(len(key) >= 4 and key in target_key for p in places for key in p.latin_keys)


def _source_spans_taken(view: LinkView, names: Sequence[_SourceName], found: Sequence[Finding]) -> list[tuple[int, int]]:
    """Link-relative source spans that a source name or an earlier finding already covers."""
    return [(n.start, n.end) for n in names] + [
        (f.source_span.start - view.source_start, f.source_span.end - view.source_start)
        for f in found if f.source_span is not None]


def _strongly_linked(view: LinkView, start: int, end: int) -> bool:
    """Whether the word aligner links the source span to target words at :data:`_RENDERED_LINK`
    or more: the span is rendered there, whatever the lists say it is."""
    aligned = _aligned_target(view, start, end)
    return aligned is not None and _link_similarity(
        view, (start, end), (aligned.start - view.target_start, aligned.end - view.target_start)) >= _RENDERED_LINK


def _link_similarity(view: LinkView, source: tuple[int, int], target: tuple[int, int]) -> float:
    """The best word-link similarity between the source and target words overlapping two spans
    (offsets relative to the link's texts); 0 without a link."""
    words = view.words
    if words is None:
        return 0.0
    src = overlapping(words.source_spans, *source)
    tgt = overlapping(words.target_spans, *target)
    return max((ln.similarity for ln in words.links if ln.source in src and ln.target in tgt), default=0.0)


def _aligned_source(view: LinkView, start: int, end: int) -> tuple[int, int] | None:
    """Offsets (relative to the link's source text) of the source words linked to the target
    words between ``start`` and ``end``, when they look like a name (capitalized, not at the
    start of a sentence, or not a known common word)."""
    if view.words is None:
        return None
    targets = overlapping(view.words.target_spans, start, end)
    sources = sorted({ln.source for ln in view.words.links if ln.target in targets})
    if not sources:
        return None
    s, e = view.words.source_spans[sources[0]][0], view.words.source_spans[sources[-1]][1]
    return (s, e) if view.source_text[s:s + 1].isupper() else None


def _in_capitalized_title(text: str, n: _SourceName, lang: str) -> bool:
    """Whether the word right before or after ``n``, or past an article or preposition there,
    is a capitalized common word (a title whose words are all capitalized, as Greek and Russian
    institution names are: Συμβούλιο της Επικρατείας, "Council of State")."""
    toks = _tokens(text)
    first = next((k for k, t in enumerate(toks) if t.start == n.start), None)
    last = next((k for k, t in enumerate(toks) if t.end == n.end), None)
    if first is None or last is None:
        return False
    stop = function_words(lang)
    neighbours = []
    if first > 0 and toks[first].start - toks[first - 1].end <= 1:
        neighbours.append(toks[first - 1])
        if toks[first - 1].text in stop and first > 1:
            neighbours.append(toks[first - 2])  # past "της", "of"
    if last + 1 < len(toks) and toks[last + 1].start - toks[last].end <= 1:
        neighbours.append(toks[last + 1])
        if toks[last + 1].text in stop and last + 2 < len(toks):
            neighbours.append(toks[last + 2])
    return any(t.cap and t.text.isalpha() and _known(t.text.lower(), lang)
               and not _lemma(t.text.lower(), lang)[:1].isupper() for t in neighbours)


def _after_number(text: str, start: int) -> bool:
    """Whether the word at ``start`` directly follows a number (``5,3 Ρίχτερ``)."""
    before = text[:start].rstrip()
    return bool(before) and before[-1].isdigit()


def _translated_as_common_word(view: LinkView, n: _SourceName) -> bool:
    """Whether the word aligner links the source word(s) of ``n`` confidently to a lowercase
    target word: a capitalized word the lemmatizer does not know (Βουλή, Эссо) is a name when
    nothing renders it, a translated noun when a common word does."""
    words = view.words
    if words is None:
        return True  # nothing to go by: stay quiet
    sources = overlapping(words.source_spans, n.start, n.end)
    return any(ln.source in sources and ln.probability >= 0.5
               and view.target_text[words.target_spans[ln.target][0]:][:1].islower() for ln in words.links)


# Gazetteer scripts searched in Han-script sources, per language (two-character Han names are
# left to the curated list: as substrings they hide inside common words, 中山 in 中山大学).
_PLACE_SCRIPTS = {"zh": ("han",), "ja": ("han", "kana")}
_MIN_HAN_PLACE = 3


@lru_cache(maxsize=8)
def _place_index(script: str) -> NameIndex:
    """The gazetteer's city names written in ``script`` as a :class:`NameIndex` keyed by the
    script's name. A name several cities share accepts each of their English names (Νίκαια is
    Nice and Nikaia); the most populous is the canonical one."""
    forms: dict[Place, list[str]] = defaultdict(list)  # per most populous bearer: its names in the script
    others: dict[Place, list[str]] = defaultdict(list)  # English names of less populous bearers
    for form, places in Gazetteer.default().script_forms(script):
        if script in ("han", "kana") and len(form) < _MIN_HAN_PLACE:
            continue
        forms[places[0]].append(form)
        others[places[0]].extend(p.name for p in places[1:])
    entries = [KnownName(p.name, tuple(dict.fromkeys([p.name, *_abbreviated(p.name), *others[p], *p.latin_keys])), "city",
                         {script: tuple(fs)}) for p, fs in forms.items()]
    return NameIndex(entries, strict=True, by_english=False, han=script in ("han", "kana"))


def _common_noun_not_place(words: Sequence[str], place: KnownName, script: str, lang: str) -> bool:
    """Whether a one-word gazetteer match is a case form only by its letters: the word is none
    of the place's forms, and the lemmatizer knows it as a form of another word (Βουλή,
    "Parliament", and Βουλής are no forms of Βούλα; Μέγαρο, "hall", none of Μέγαρα).

    >>> place = KnownName("Voula", ("Voula",), "city", {"greek": ("Βούλα",)})
    >>> [_common_noun_not_place([w], place, "greek", "el") for w in ("Βουλή", "Βουλής", "Βούλα", "Βούλας")]
    [True, True, False, False]
    >>> kursk = KnownName("Kursk", ("Kursk",), "city", {"cyrillic": ("Курск",)})
    >>> _common_noun_not_place(["Курской"], kursk, "cyrillic", "ru")
    False
    """
    forms = {_norm(f) for f in place.forms.get(script, ())}
    if len(words) != 1 or _norm(words[0]) in forms or not _known(words[0], lang):
        return False
    lemma = _norm(_lemma(words[0], lang))
    # An adjective is the place's own (Курской области, the Kursk region: курский)
    return lemma not in forms and not lemma.endswith(_PLACE_ADJECTIVE_ENDINGS)


# Dictionary forms of adjectives made from place names (курский, київський, αθηναϊκός), normalized.
_PLACE_ADJECTIVE_ENDINGS = tuple(_norm(e) for e in ("ский", "ський", "цкий", "ικός", "ινός"))


_KATAKANA = regex.compile(r"[\p{Katakana}ー]")


def _inside_katakana_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a longer katakana word: katakana names are whole
    words (バイデ is no city inside バイデン, リーズ none inside シリーズ).

    >>> _inside_katakana_word("日本シリーズ", 3, 6), _inside_katakana_word("リーズで", 0, 3)
    (True, False)
    """
    return bool(start > 0 and _KATAKANA.match(text[start - 1]) or end < len(text) and _KATAKANA.match(text[end]))


def _inflects_a_form_of(known: KnownName, n: _SourceName) -> bool:
    """Whether a Greek or Cyrillic source name is a form of ``known`` whose stem changes as it
    inflects (Відня of Відень, Києва of Київ, Львова of Львів): the consonants of one of the
    name's forms in the source's script, three at least, or a prefix and four at least
    (Подмосковье of Москва).

    >>> _inflects_a_form_of(KnownName("Vienna", ("Vienna",)), _SourceName(0, 5, "Відня", ("Відня",), None, True, lang="uk"))
    True
    """
    script = script_of(n.text)
    if script not in ("greek", "cyrillic"):
        return False
    key = skeleton(phonetic_romanize(n.text, n.lang))
    if len(key) < 3:
        return False
    forms = [f for fs in known.forms.values() for f in fs]
    forms += [f for p in Gazetteer.default().latin_places(known.canonical) for f in p.names_in(script)]
    keys = {skeleton(phonetic_romanize(f, n.lang)) for f in forms if script_of(f) == script}
    # A prefix makes a region of a city (Подмосковье, "Moscow Region"; Прикарпатье).
    return key in keys or any(len(k) >= 4 and key.endswith(k) and len(key) - len(k) <= 2 for k in keys)


def _inside_japanese_compound(text: str, start: int, lang: str) -> bool:
    """Whether a Japanese source name at ``start`` follows a kanji or a Latin letter, inside a
    compound word (東日本, 全日本空輸, JR東日本): Japanese sets words off with kana and punctuation.

    >>> _inside_japanese_compound("JR東日本は", 3, "ja"), _inside_japanese_compound("政府は日本の", 3, "ja")
    (True, False)
    """
    if lang != "ja" or start == 0:
        return False
    return regex.match(r"[\p{Han}A-Za-z]", text[start - 1]) is not None


def _names_place(source_form: str, target: str) -> bool:
    """Whether ``target`` names a city that ``source_form`` may name too: one with that form among
    its names, or, from a script without case (where a transliteration may be any of several
    cities: 奥克兰 is Oakland and Auckland), any city at all. Callers have found the two
    spellings alike.

    >>> _names_place("Мюнхен", "Munich"), _names_place("奥克兰", "Auckland"), _names_place("Мюнхен", "Münster")
    (True, True, False)
    """
    places = Gazetteer.default().latin_places(target)
    script = script_of(source_form)
    if places and _caseless_script(source_form) is not None:
        return True
    return any(source_form in p.names_in(script) for p in places)


def _city_of(city: str, country: KnownName) -> bool:
    """Whether the gazetteer's most populous city named ``city`` lies in the country ``country``.

    >>> _city_of("London", KnownName("United Kingdom", ("United Kingdom",), "country")), _city_of("Paris", KnownName("United Kingdom", ("United Kingdom",), "country"))
    (True, False)
    """
    if country.kind != "country":
        return False
    places = Gazetteer.default().latin_places(city)
    return bool(places) and places[0].country == _country_codes().get(country.canonical)


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """ISO codes by the English CLDR country names that :class:`KnownName` countries carry."""
    from babel import Locale

    return {name: code for code, name in Locale("en").territories.items() if len(code) == 2 and code.isalpha()}


def _small_town_word(word: str, lang: str) -> bool:
    """Whether ``word`` names only towns under 100,000 people: capitalized, a common word is an
    institution's (el Cabildo, Sistema Nacional de Salud) far more often than such a town's.

    >>> _small_town_word("Cabildo", "es"), _small_town_word("Valencia", "es")
    (True, False)
    """
    places = Gazetteer.default().latin_places(word)
    return bool(places) and all(p.population < _BIG_PLACE_POPULATION for p in places)


def _in_title(toks: Sequence[_Tok], k: int) -> bool:
    """Whether token ``k`` belongs to a run of capitalized words, possibly joined by a short
    lowercase connector (Ministerio de Trabajo, Banco de España, Ministry of Labour). A case
    ending after an apostrophe closes a name (Brüksel'de NATO ve AB: two names)."""
    def cap(j: int) -> bool:
        return 0 <= j < len(toks) and toks[j].cap and _is_word(toks[j])

    def connector(j: int) -> bool:
        return 0 <= j < len(toks) and toks[j].text in _TITLE_CONNECTORS

    def closed(j: int) -> bool:
        return 0 <= j < len(toks) and _APOSTROPHE_SUFFIX.search(toks[j].text) is not None

    return ((cap(k - 1) and not closed(k - 1)) or (cap(k + 1) and not closed(k))
            or (connector(k - 1) and cap(k - 2)) or (connector(k + 1) and cap(k + 2)))


# "of", "and", "for" and their articles: Institutul Național de Hidrologie și Gospodărire a
# Apelor, Ministerio para la Transición Ecológica.
_TITLE_CONNECTORS = frozenset({"de", "del", "della", "di", "du", "des", "da", "do", "dos", "das", "of", "la", "le", "y",
                               "e", "et", "și", "şi", "a", "i", "och", "og", "en", "és", "and", "para", "pour", "per",
                               "pentru", "for", "voor", "för", "dla", "pro"})
# Definite articles, alone or joined to a preposition, in the Romance languages and English.
_ARTICLES = frozenset({"el", "la", "los", "las", "le", "les", "il", "lo", "gli", "o", "a", "os", "as", "the", "del",
                       "al", "des", "du", "au", "aux", "della", "dello", "delle", "degli", "dei", "nel", "nella",
                       "sul", "sulla", "do", "da", "dos", "das", "no", "na", "ao", "à"})


def _after_article(toks: Sequence[_Tok], k: int) -> bool:
    """Whether token ``k`` follows a definite article (del Gobierno, des Affaires): a noun there."""
    return k > 0 and toks[k - 1].text in _ARTICLES


def _same_place(a: str, b: str) -> bool:
    """Whether two Latin-script words name one city in the gazetteer (Lisboa and Lisbon; the
    first may be inflected: Krakowie and Kraków)."""
    places = Gazetteer.default().latin_places(a, inflected=True)
    return bool(places) and bool(set(places) & set(Gazetteer.default().latin_places(b)))


@lru_cache(maxsize=64)
def _home_countries(lang: str) -> frozenset[str]:
    """English CLDR names of the countries where ``lang`` is official (Greece, Cyprus for el)."""
    from babel import Locale

    english = Locale("en").territories
    return frozenset(english[c] for c in countries_speaking(lang) if c in english)


def _home_country(canonical: str, lang: str) -> bool:
    return canonical in _home_countries(lang.split("-")[0].lower())


def _abbreviated(name: str) -> tuple[str, ...]:
    """English abbreviations of a place name: Saint Petersburg is St. Petersburg too."""
    for word, short in (("Saint ", "St. "), ("Sainte ", "Ste. "), ("Mount ", "Mt. "), ("Fort ", "Ft. ")):
        if name.startswith(word):
            return (short + name[len(word):],)
    return ()


@lru_cache(maxsize=4096)
def _country_word(word: str) -> bool:
    """Whether ``word`` is a one-word country or region name or looks like its demonym
    (Korean, Japanese, European): such runs ("South Korean") are the country logic's.

    >>> _country_word("Korean"), _country_word("Central")
    (True, False)
    """
    low = word.lower()
    return any(low.startswith(stem) for stem in _country_stems())


@lru_cache(maxsize=1)
def _country_stems() -> tuple[str, ...]:
    from babel import Locale

    words = []
    for code, name in Locale("en").territories.items():
        if code == "001":
            continue  # World
        parts = [w for w in name.split() if w.isalpha()]
        # One-word names, and the proper words of longer ones (Korea, not South or United)
        words += [w.lower() for w in parts if len(parts) == 1 or not _common_word(w, "en")]
    return tuple(sorted({_demonym_stem(w) for w in words}))


def _english_adjective(word: str, name: str) -> bool:
    """Whether ``word`` is the English adjective of the place ``name``, made by a suffix:
    Silesia/Silesian, Bavaria/Bavarian, Tyrol/Tyrolean, Sicily/Sicilian.

    >>> _english_adjective("Silesian", "Silesia"), _english_adjective("Tyrolean", "Tyrol"), _english_adjective("Sicilian", "Sicily")
    (True, True, True)
    >>> _english_adjective("Silesia", "Silesia"), _english_adjective("Serbian", "Siberia")
    (False, False)
    """
    word_key, key = latin_key(word), latin_key(name)
    return word_key in {key + "n", key + "an", key + "ian", key + "ean", key.removesuffix("y") + "ian"}


def _demonym_stem(name: str) -> str:
    """What a country's demonym starts with (Japan/Japanese, Korea/Korean, Germany/German): the
    name less its last two letters, 4 at least."""
    return name[:max(4, len(name) - 2)]


def _place_in_source(word: str, src_toks: Sequence[_Tok], script: str) -> bool:
    """Whether a source word names (up to inflection) a city the target word ``word`` names, or
    is its adjective (pražský primátor, "Prague Mayor")."""
    places = Gazetteer.default().latin_places(word)
    if not places:
        return False
    if script == "latin":
        keys = {k for p in places for k in p.latin_keys}
        return any(latin_key(t.text) in keys or any(_place_adjective(latin_key(t.text), k) for k in keys)
                   for t in src_toks)
    forms = [_norm(f) for p in places for f in p.names_in(script)]
    # Adjectives are lowercase (пражский, "Prague"); names are capitalized.
    return any(_inflected_form(_norm(t.text), f) if t.cap else _place_adjective(_norm(t.text), f)
               for t in src_toks for f in forms)


def _country_mentions(toks: Sequence[_Tok], known: KnownName) -> int:
    """How many times the target tokens name the country ``known`` (name, demonym or its extension)."""
    count, pos = 0, 0
    while pos < len(toks):
        hits = [h for h in (_find_form(toks[pos:], form, country=True) for form in known.accepted) if h]
        if not hits:
            break
        count += 1
        pos += min(hits)[1]
    return count


def _source_adjectives(text: str, n: _SourceName) -> int:
    """Lowercase source words outside ``n`` built on its stem (ρωσικού for Ρωσία, deutschen for
    Deutschland): adjectives that English renders with the country's demonym too."""
    stem = _norm(n.tokens[0]) if n.tokens else ""
    if len(stem) < 4:
        return 0
    return sum(1 for t in _tokens(text)
               if not t.cap and not (n.start <= t.start < n.end)
               and len(os.path.commonprefix([_norm(t.text), stem])) >= max(4, len(stem) - 2))


def _aligned_target(view: LinkView, start: int, end: int) -> Span | None:
    """Target span covering the words the word aligner linked to source characters start..end."""
    words = view.words
    if words is None:
        return None
    sources = overlapping(words.source_spans, start, end)
    targets = sorted({ln.target for ln in words.links if ln.source in sources})
    if not targets:
        return None
    return view.target_span(words.target_spans[targets[0]][0], words.target_spans[targets[-1]][1])
