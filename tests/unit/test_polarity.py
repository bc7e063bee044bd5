"""Direction words (rise/fall, high/low) across languages, and the reversals they reveal."""

from __future__ import annotations

import pytest

from mtqa.checks.polarity import DOWN, UP, agrees, covered, direction_words, directions_of, reversed_direction, reversed_pole

# (language, a source sentence that says something went up, one that says it went down, the
# English translation of the first with its direction word)
SENTENCES = [
    ("de", "Die Arbeitslosenquote stieg im Oktober auf 6,1 Prozent.",
     "Die Arbeitslosenquote sank im Oktober auf 6,1 Prozent.", "The unemployment rate rose to 6.1 percent in October."),
    ("fr", "Le chômage a augmenté de 0,3 point au troisième trimestre.",
     "Le chômage a reculé de 0,3 point au troisième trimestre.", "Unemployment increased by 0.3 points in the third quarter."),
    ("es", "El IPC subió un 3,1 % en octubre.", "El IPC bajó un 3,1 % en octubre.", "The CPI rose 3.1% in October."),
    ("it", "Il PIL è cresciuto dello 0,3% nel secondo trimestre.",
     "Il PIL è calato dello 0,3% nel secondo trimestre.", "GDP grew by 0.3% in the second quarter."),
    ("pl", "Inflacja wzrosła w listopadzie do 4,6%.", "Inflacja spadła w listopadzie do 4,6%.",
     "Inflation rose to 4.6% in November."),
    ("ru", "Цены на бензин выросли на 2%.", "Цены на бензин снизились на 2%.", "Petrol prices rose by 2%."),
    ("el", "Η ανεργία αυξήθηκε στο 9,5% τον Αύγουστο.", "Η ανεργία μειώθηκε στο 9,5% τον Αύγουστο.",
     "Unemployment increased to 9.5% in August."),
    ("tr", "Yıllık enflasyon ekimde yüzde 48,6'ya yükseldi.", "Yıllık enflasyon ekimde yüzde 48,6'ya geriledi.",
     "Annual inflation rose to 48.6 percent in October."),
    ("zh", "10月份居民消费价格同比上涨0.2%。", "10月份居民消费价格同比下降0.2%。", "Consumer prices rose 0.2% year on year in October."),
    ("ja", "営業利益は前年比20%増の4兆円だった。", "営業利益は前年比20%減の4兆円だった。", "Operating profit rose 20% to 4 trillion yen."),
    ("ko", "소비자물가가 1.3% 올랐다.", "소비자물가가 1.3% 떨어졌다.", "Consumer prices rose 1.3%."),
    ("ar", "ارتفع معدل التضخم إلى 26%.", "انخفض معدل التضخم إلى 26%.", "The inflation rate rose to 26%."),
    ("hi", "महंगाई दर बढ़कर 5% हो गई।", "महंगाई दर घटकर 5% हो गई।", "The inflation rate rose to 5%."),
]


@pytest.mark.parametrize("lang, up, down, english", SENTENCES, ids=[s[0] for s in SENTENCES])
def test_a_direction_rendered_the_other_way_is_reversed_and_the_right_way_agrees(lang: str, up: str, down: str,
                                                                                english: str) -> None:
    (word,) = [english[s:e] for s, e, _ in direction_words(english, "en")]
    assert [d for _, _, d in direction_words(up, lang)] == [UP]
    assert [d for _, _, d in direction_words(down, lang)] == [DOWN]
    assert reversed_direction(word, up, english, lang, "en") is None and agrees(word, up, english, lang, "en")
    start, end, direction = reversed_direction(word, down, english, lang, "en")
    assert direction == DOWN and directions_of(down[start:end], lang) == (DOWN,)
    assert not agrees(word, down, english, lang, "en")


def test_both_directions_in_a_sentence_are_counted() -> None:
    source = "Die Inflation sank auf 2 Prozent, während die Löhne stiegen."
    assert reversed_direction("rose", source, "Inflation fell to 2 percent while wages rose.", "de", "en") is None
    hit = reversed_direction("rose", source, "Inflation rose to 2 percent while wages rose.", "de", "en")
    assert hit is not None and source[hit[0]:hit[1]] == "sank"


def test_words_outside_the_lists_leave_the_pair_undecided() -> None:
    # "mehr Lohn" (more pay) is no listed direction: neither a reversal nor an agreement.
    source, target = "Die Gewerkschaft fordert 10 Prozent mehr Lohn.", "The union is demanding a 10 percent pay cut."
    assert reversed_direction("cut", source, target, "de", "en") is None and not agrees("cut", source, target, "de", "en")
    # Word-internal stems only where listed as such: Bahnsteig (platform) is no rise.
    assert directions_of("Bahnsteig", "de") == () and directions_of("Lohnerhöhung", "de") == (UP,)
    # "up to 40 cm" is a limit, not a direction.
    assert direction_words("up to 40 cm of snow", "en") == []
    assert not covered("sw") and reversed_direction("fell", "Bei ya mafuta ilipanda.", "Oil prices fell.", "sw", "en") is None


# Other opposites: (language, source, a correct English rendering with its listed word, the
# rendering reversed).
OTHER_AXES = [
    ("it", "La nuova linea ferroviaria è stata aperta al traffico lunedì.", "The new railway line opened to traffic on Monday.",
     "The new railway line closed to traffic on Monday."),
    ("zh", "天汉高铁正式开通运营。", "The Tianhan high-speed railway officially opened.", "The Tianhan high-speed railway officially closed."),
    ("de", "Der Sturm traf vor allem Süddeutschland.", "The storm hit southern Germany hardest.", "The storm hit northern Germany hardest."),
    ("pl", "Na wschodzie kraju spadnie śnieg.", "Snow will fall in the east of the country.", "Snow will fall in the west of the country."),
    ("it", "Il treno è arrivato a Roma con 95 minuti di ritardo.", "The train arrived in Rome 95 minutes late.",
     "The train arrived in Rome 95 minutes early."),
]


@pytest.mark.parametrize("lang, source, correct, reversed_", OTHER_AXES, ids=[f"{a[0]}-{i}" for i, a in enumerate(OTHER_AXES)])
def test_opening_compass_points_and_lateness_reversed(lang: str, source: str, correct: str, reversed_: str) -> None:
    (word,) = [w.strip(".") for w, v in zip(correct.split(), reversed_.split()) if w != v]
    (other,) = [v.strip(".") for w, v in zip(correct.split(), reversed_.split()) if w != v]
    assert reversed_direction(word, source, correct, lang, "en") is None and agrees(word, source, correct, lang, "en")
    assert reversed_direction(other, source, reversed_, lang, "en") is not None


def test_a_word_naming_two_points_counts_for_both() -> None:
    assert set(directions_of("northeastern", "en")) == {"north", "east"}
    source = "Silne wiatry na północnym wschodzie."
    assert reversed_direction("northeast", source, "Strong winds in the northeast.", "pl", "en") is None
    hit = reversed_direction("southeast", source, "Strong winds in the southeast.", "pl", "en")
    assert hit is not None and hit[2] == "north"


def test_up_and_down_name_a_direction_before_an_amount_or_after_revised() -> None:
    assert [(d) for _, _, d in direction_words("The DAX closed Friday down 0.8 percent.", "en")] == ["closed", "down"]
    assert direction_words("Up to 40 cm of snow, and rain down to the valleys.", "en") == []
    source = "Der Dax schloss am Freitag mit einem Plus von 0,8 Prozent."
    assert reversed_pole("down", source, "The DAX closed Friday down 0.8 percent.", "de", "en") is not None
    assert reversed_pole("up", source, "The DAX closed Friday up 0.8 percent.", "de", "en") is None
    source = "La Banca d'Italia ha rivisto al ribasso la stima di crescita allo 0,7%."
    assert reversed_pole("up", source, "The Bank of Italy revised its growth estimate up to 0.7%.", "it", "en") is not None
    assert reversed_pole("down", source, "The Bank of Italy revised its growth estimate down to 0.7%.", "it", "en") is None


@pytest.mark.parametrize("lang, source", [
    ("de", "Mehr als 500 Menschen wurden evakuiert."),
    ("ru", "Эвакуированы более 500 человек."),
    ("zh", "超过500人被疏散。"),
    ("ar", "تم إجلاء أكثر من 500 شخص."),
])
def test_more_than_rendered_as_less_than_is_reversed(lang: str, source: str) -> None:
    assert reversed_direction("more", source, "More than 500 people were evacuated.", lang, "en") is None
    assert reversed_direction("less", source, "Less than 500 people were evacuated.", lang, "en") is not None
    assert directions_of("الإقليم", "ar") == ()  # "the region" holds the letters of أقل


@pytest.mark.parametrize("lang, source", [
    ("sv", "Hovrätten har skärpt straffet till sju års fängelse."),
    ("de", "Das Oberlandesgericht hat die Strafe auf sieben Jahre verschärft."),
    ("nl", "Het hof heeft de straf verscherpt tot zeven jaar."),
])
def test_a_harsher_sentence_is_an_increase_not_a_decrease(lang: str, source: str) -> None:
    english = "The appeal court increased the sentence to seven years."
    assert agrees("increased", source, english, lang, "en")
    assert reversed_direction("reduced", source, english.replace("increased", "reduced"), lang, "en") is not None
