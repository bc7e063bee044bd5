"""Function-word lists beyond the first six languages: what they hold and, as much, what they
must not hold (negations, "without", comparatives), since a listed word stops counting as content
in the omission, names, antonym and term checks."""

from __future__ import annotations

import pytest

from mtqa.checks.lexicon import FUNCTION_WORDS, function_words, negations

ADDED = ("it", "pt", "nl", "sv", "da", "nb", "no", "pl", "cs", "sk", "ro", "hu", "fi", "tr", "uk", "bg", "ca",
         "hr", "sl", "ar", "hi")


@pytest.mark.parametrize("lang", ADDED)
def test_list_is_lowercase_single_words(lang: str) -> None:
    words = function_words(lang)
    assert 40 <= len(words) <= 130
    for word in words:
        assert word == word.lower(), word
        assert word and not any(ch.isspace() for ch in word), repr(word)


@pytest.mark.parametrize("lang", ADDED)
def test_list_holds_no_negation_marker_of_its_language(lang: str) -> None:
    assert not function_words(lang) & negations(lang)


@pytest.mark.parametrize(("lang", "word"), [
    ("it", "della"), ("it", "nel"), ("it", "al"), ("it", "il"), ("it", "che"), ("it", "è"),
    ("pt", "do"), ("pt", "da"), ("pt", "no"), ("pt", "nas"), ("pt", "ao"), ("pt", "à"), ("pt", "pelo"),
    ("nl", "het"), ("nl", "de"), ("nl", "voor"), ("nl", "een"), ("nl", "zich"),
    ("sv", "och"), ("sv", "att"), ("sv", "som"), ("sv", "är"),
    ("da", "og"), ("da", "af"), ("da", "er"), ("da", "det"),
    ("nb", "og"), ("nb", "av"), ("nb", "ble"), ("no", "og"), ("no", "det"),
    ("pl", "się"), ("pl", "w"), ("pl", "że"), ("pl", "jest"),
    ("cs", "se"), ("cs", "že"), ("cs", "je"), ("cs", "který"),
    ("sk", "sa"), ("sk", "že"), ("sk", "je"),
    ("ro", "și"), ("ro", "în"), ("ro", "care"), ("ro", "este"),
    ("hu", "a"), ("hu", "az"), ("hu", "egy"), ("hu", "és"), ("hu", "hogy"), ("hu", "is"), ("hu", "van"), ("hu", "volt"),
    ("fi", "ja"), ("fi", "että"), ("fi", "on"), ("fi", "oli"),
    ("tr", "ve"), ("tr", "bir"), ("tr", "ile"), ("tr", "için"), ("tr", "bu"), ("tr", "şu"), ("tr", "de"), ("tr", "da"),
    ("uk", "і"), ("uk", "що"), ("uk", "на"), ("uk", "є"),
    ("bg", "и"), ("bg", "на"), ("bg", "се"), ("bg", "че"),
    ("ca", "del"), ("ca", "al"), ("ca", "pel"), ("ca", "amb"), ("ca", "va"),
    ("hr", "je"), ("hr", "i"), ("hr", "se"), ("hr", "da"),
    ("sl", "je"), ("sl", "in"), ("sl", "se"), ("sl", "ki"),
    ("ar", "في"), ("ar", "من"), ("ar", "على"), ("ar", "إلى"), ("ar", "عن"), ("ar", "مع"),
    ("hi", "में"), ("hi", "का"), ("hi", "की"), ("hi", "है"), ("hi", "और"), ("hi", "कि"), ("hi", "भी"),
])
def test_obvious_function_words_are_listed(lang: str, word: str) -> None:
    assert word in function_words(lang)


@pytest.mark.parametrize(("lang", "word"), [
    # negations
    ("it", "non"), ("it", "né"), ("it", "mai"), ("it", "ne"), ("pt", "não"), ("pt", "nem"), ("pt", "nunca"),
    ("nl", "niet"), ("nl", "geen"), ("nl", "nooit"), ("sv", "inte"), ("sv", "ingen"), ("da", "ikke"),
    ("da", "ingen"), ("nb", "ikke"), ("no", "ikke"), ("nb", "ingen"), ("pl", "nie"), ("pl", "ani"),
    ("cs", "ne"), ("cs", "ani"), ("cs", "není"), ("sk", "nie"), ("sk", "ne"), ("ro", "nu"), ("ro", "nici"),
    ("ro", "ne"), ("hu", "nem"), ("hu", "sem"), ("hu", "nincs"), ("fi", "ei"), ("fi", "en"), ("fi", "ne"),
    ("tr", "değil"), ("tr", "yok"), ("tr", "ne"), ("uk", "не"), ("uk", "ні"), ("bg", "не"), ("bg", "ни"),
    ("ca", "no"), ("ca", "cap"), ("ca", "ni"), ("hr", "ne"), ("hr", "ni"), ("hr", "nije"), ("sl", "ne"),
    ("sl", "ni"), ("ar", "لا"), ("ar", "لم"), ("ar", "لن"), ("ar", "ليس"), ("ar", "ما"), ("hi", "नहीं"),
    ("hi", "न"), ("hi", "मत"),
    # without
    ("it", "senza"), ("pt", "sem"), ("nl", "zonder"), ("sv", "utan"), ("da", "uden"), ("nb", "uten"),
    ("pl", "bez"), ("cs", "bez"), ("sk", "bez"), ("ro", "fără"), ("hu", "nélkül"), ("fi", "ilman"),
    ("tr", "olmadan"), ("uk", "без"), ("bg", "без"), ("ca", "sense"), ("hr", "bez"), ("sl", "brez"),
    ("ar", "بدون"), ("ar", "دون"), ("hi", "बिना"),
])
def test_negations_and_without_are_not_function_words(lang: str, word: str) -> None:
    assert word not in function_words(lang)


@pytest.mark.parametrize(("lang", "word"), [
    # comparatives and quantities
    ("it", "più"), ("it", "meno"), ("it", "tutti"), ("it", "solo"), ("pt", "mais"), ("pt", "menos"),
    ("pt", "todos"), ("nl", "meer"), ("nl", "minder"), ("nl", "alle"), ("nl", "al"), ("sv", "mer"),
    ("sv", "alla"), ("da", "mere"), ("nb", "mer"), ("pl", "więcej"), ("pl", "mniej"), ("pl", "wszystkie"),
    ("cs", "více"), ("sk", "viac"), ("ro", "mai"), ("ro", "doar"), ("hu", "több"), ("hu", "csak"),
    ("fi", "vain"), ("tr", "daha"), ("tr", "en"), ("tr", "her"), ("uk", "більше"), ("uk", "лише"),
    ("bg", "повече"), ("bg", "само"), ("ca", "més"), ("hr", "više"), ("sl", "več"), ("ar", "أكثر"),
    ("ar", "كل"), ("hi", "अधिक"), ("hi", "सभी"),
    # time and place relations
    ("it", "dopo"), ("it", "prima"), ("pt", "após"), ("pt", "até"), ("pt", "há"), ("nl", "na"), ("nl", "tot"),
    ("nl", "over"), ("nl", "onder"), ("sv", "efter"), ("sv", "sedan"), ("da", "efter"), ("da", "siden"),
    ("nb", "etter"), ("pl", "po"), ("pl", "przed"), ("pl", "pod"), ("cs", "po"), ("cs", "před"), ("cs", "než"),
    ("sk", "po"), ("ro", "după"), ("ro", "până"), ("hu", "után"), ("hu", "előtt"), ("hu", "óta"),
    ("fi", "jälkeen"), ("fi", "sitten"), ("tr", "sonra"), ("tr", "önce"), ("tr", "kadar"), ("uk", "після"),
    ("uk", "тому"), ("bg", "след"), ("bg", "преди"), ("ca", "fins"), ("ca", "des"), ("hr", "nakon"),
    ("hr", "prije"), ("sl", "po"), ("sl", "pred"), ("ar", "قبل"), ("ar", "بعد"), ("ar", "منذ"), ("ar", "حتى"),
    ("hi", "तक"), ("hi", "बाद"), ("hi", "पहले"),
])
def test_comparatives_quantities_and_time_relations_are_not_function_words(lang: str, word: str) -> None:
    assert word not in function_words(lang)


@pytest.mark.parametrize(("code", "base"), [
    ("pt-BR", "pt"), ("pt_PT", "pt"), ("nl-BE", "nl"), ("ca-ES", "ca"), ("sv-FI", "sv"), ("nb-NO", "nb"),
    ("sr-Latn", None), ("hi-IN", "hi"), ("ar-EG", "ar"), ("IT", "it"),
])
def test_region_and_script_variants_resolve_to_the_base_list(code: str, base: str | None) -> None:
    if base is None:  # a language without a list gets an empty one, whatever its subtags
        assert function_words(code) == frozenset()
    else:
        assert function_words(code) == function_words(base) != frozenset()


def test_norwegian_codes_share_the_bokmal_list() -> None:
    assert FUNCTION_WORDS["no"] is FUNCTION_WORDS["nb"]
    assert function_words("no") == function_words("nb-NO") == function_words("nb")


def test_a_language_without_a_list_gets_none() -> None:
    assert function_words("ja") == function_words("ko") == frozenset()
