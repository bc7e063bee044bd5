"""Language codes and language identification.

Codes are BCP-47 tags checked against CLDR (through ``babel``): ``el``, ``en-GB``, ``zh-Hant``,
``pt_BR``. mtqa compares languages by their base subtag, so ``en-US`` and ``en`` are the same language.

>>> normalize_language("EL")
'el'
>>> normalize_language("pt_BR")
'pt-BR'
>>> base_language("zh-Hant-TW")
'zh'
"""

from __future__ import annotations

from functools import lru_cache

from mtqa.errors import InputError


# BCP-47 "undetermined": text whose language is not known and not needed (one sentence per line).
UNDETERMINED = "und"


@lru_cache(maxsize=512)
def normalize_language(code: str) -> str:
    """Validate a language code and return it in canonical BCP-47 form; InputError if unknown."""
    from babel import Locale, UnknownLocaleError

    raw = (code or "").strip()
    if not raw:
        raise InputError("empty language code")
    if raw.lower() == UNDETERMINED:
        return UNDETERMINED
    try:
        locale = Locale.parse(raw.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise InputError(
            f"unknown language code {code!r}",
            hint="use an ISO 639 / BCP-47 code such as el, en, de, ru, zh, pt-BR",
        ) from None
    parts = [locale.language]
    if locale.script:
        parts.append(locale.script)
    if locale.territory:
        parts.append(locale.territory)
    return "-".join(parts)


def base_language(code: str) -> str:
    """The language subtag of a (valid) code: ``en-GB`` -> ``en``."""
    return normalize_language(code).split("-")[0]


def language_name(code: str, in_language: str = "en") -> str:
    """The English (or other) display name of a language code: ``el`` -> ``Greek``."""
    from babel import Locale

    return Locale.parse(normalize_language(code).replace("-", "_")).get_display_name(in_language) or code


def check_language_pair(source_language: str, target_language: str) -> tuple[str, str]:
    """Validate both codes and refuse a pair in the same language (a translation must cross languages).

    >>> check_language_pair("el", "en")
    ('el', 'en')
    """
    src, tgt = normalize_language(source_language), normalize_language(target_language)
    if base_language(src) == base_language(tgt):
        raise InputError(
            f"source and translation are both in {language_name(src)} ({src} / {tgt})",
            hint="check --src-lang and --tgt-lang",
        )
    return src, tgt


def detect_language(text: str) -> tuple[str, float]:
    """Identify the language of ``text`` with py3langid: (ISO 639-1 code, probability 0-1)."""
    code, probability = _identifier().classify(text)
    return code, float(probability)


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # norm_probs: probabilities in 0-1 rather than raw log scores, so a threshold means something.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def verify_language(text: str, declared: str, *, path: str | None = None, min_chars: int = 40) -> None:
    """Raise InputError when ``text`` is confidently in another language than ``declared``.

    Short texts are not judged: identification on a few words is unreliable.
    """
    if len(text.strip()) < min_chars:
        return
    detected, probability = detect_language(text)
    if probability >= 0.95 and detected != base_language(declared):
        raise InputError(
            f"declared language is {language_name(declared)} ({declared}) but the text looks "
            f"{language_name(detected)} ({detected}, p={probability:.2f})",
            path=path,
            hint="check --src-lang / --tgt-lang, or that source and translation are not swapped",
        )


# -- word lists (simplemma) -----------------------------------------------------------------
# One dictionary store for all of mtqa: simplemma's module-level functions keep 8 languages
# loaded, and a batch in more languages than that reloaded dictionaries over and over (about a
# second each with simplemma 2), which made a 14-language batch five times slower.
_LEMMA_DICTIONARIES = 64


@lru_cache(maxsize=1)
def _dictionaries():  # type: ignore[no-untyped-def]
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    return DefaultDictionaryFactory(cache_max_size=_LEMMA_DICTIONARIES)


@lru_cache(maxsize=1)
def _lemmatizer():  # type: ignore[no-untyped-def]
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy

    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_dictionaries()))


@lru_cache(maxsize=1)
def _lookup():  # type: ignore[no-untyped-def]
    from simplemma.strategies import DictionaryLookupStrategy

    return DictionaryLookupStrategy(_dictionaries())


def lemmatize(word: str, language: str) -> str:
    """simplemma's lemma of ``word`` (the word itself where simplemma has no dictionary).

    >>> lemmatize("γυμνάσια", "el")
    'γυμνάσιο'
    """
    try:
        return str(_lemmatizer().lemmatize(word, lang=language))
    except (ValueError, KeyError):
        return word


def is_known_word(word: str, language: str) -> bool:
    """Whether simplemma's dictionary for ``language`` holds ``word`` as written.

    >>> is_known_word("Haus", "de"), is_known_word("Xqzv", "de")
    (True, False)
    """
    try:
        return _lookup().get_lemma(word, language) is not None
    except (ValueError, KeyError):
        return False
