"""Extraction and locale-aware normalization of quantities (mtqa.checks.quantities)."""

from __future__ import annotations

import pytest

from mtqa.checks.quantities import (
    Quantity,
    Reading,
    convertible,
    equivalent,
    extract_quantities,
    format_reading,
    parse_number,
)


def first(text: str, lang: str) -> Quantity:
    found = extract_quantities(text, lang)
    assert found, f"nothing found in {text!r}"
    return found[0]


def summary(text: str, lang: str) -> list[tuple[str, str, object]]:
    return [(q.text, q.kind, q.value) for q in extract_quantities(text, lang)]


@pytest.mark.parametrize(
    ("token", "lang", "expected"),
    [
        ("10.000", "el", [10000.0, 10.0]),
        ("10,000", "en", [10000.0, 10.0]),
        ("1.500", "de", [1500.0, 1.5]),
        ("1.500", "en", [1.5, 1500.0]),
        ("2,5", "el", [2.5]),
        ("2.5", "en", [2.5]),
        ("14,6", "de", [14.6]),
        ("10 000", "ru", [10000.0]),
        ("10\u202f000", "fr", [10000.0]),
        ("1.234.567", "de", [1234567.0]),
        ("1,234.5", "de", [1234.5]),
        ("1.234,5", "en", [1234.5]),
        ("0,500", "de", [0.5]),
    ],
)
def test_parse_number_follows_the_locale(token: str, lang: str, expected: list[float]) -> None:
    assert parse_number(token, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "kind", "value", "unit"),
    [
        ("3 εκατ. ευρώ", "el", "money", 3e6, "EUR"),
        ("42,5 εκατ. ευρώ", "el", "money", 42.5e6, "EUR"),
        ("2 δισ. ευρώ", "el", "money", 2e9, "EUR"),
        ("14,6 Millionen Euro", "de", "money", 14.6e6, "EUR"),
        ("3 Mrd. Euro", "de", "money", 3e9, "EUR"),
        ("2 Billionen Euro", "de", "money", 2e12, "EUR"),  # German Billion is 10^12
        ("20 тыс. человек", "ru", "number", 20000.0, None),
        ("38 млн рублей", "ru", "money", 38e6, "RUB"),
        ("15 тыс. долларов", "ru", "money", 15000.0, "USD"),
        ("3万人次", "zh", "number", 30000.0, None),
        ("460亿元", "zh", "money", 46e9, "CNY"),
        ("1.5万元", "zh", "money", 15000.0, "CNY"),
        ("46 billion yuan", "en", "money", 46e9, "CNY"),
        ("$5 million", "en", "money", 5e6, "USD"),
        ("€250", "en", "money", 250.0, "EUR"),
        ("3,5 millions d'euros", "fr", "money", 3.5e6, "EUR"),
        ("3.1038 trillion yen", "en", "money", 3.1038e12, "JPY"),  # four decimals, not 3,103 and an 8
        ("2,5 millones de euros", "es", "money", 2.5e6, "EUR"),
        ("4483억 원", "ko", "money", 4483e8, "KRW"),  # also before a particle: 4483억 원으로
        ("448.3 billion won", "en", "money", 448.3e9, "KRW"),
        ("₩50,000", "en", "money", 5e4, "KRW"),
        ("500 करोड़ रुपये", "hi", "money", 5e9, "INR"),
        ("₹500 crore", "en", "money", 5e9, "INR"),
        ("200 tys. zł", "pl", "money", 2e5, "PLN"),
        ("150 milliárd forintot", "hu", "money", 150e9, "HUF"),
        ("5 млрд грн", "uk", "money", 5e9, "UAH"),
        ("230 miliard Kč", "cs", "money", 230e9, "crown"),  # one crown for Czech and Swedish:
        ("1,8 miljarder kronor", "sv", "money", 1.8e9, "crown"),  # English says "crowns" for both
    ],
)
def test_scale_words_and_currencies(text: str, lang: str, kind: str, value: float, unit: str | None) -> None:
    q = first(text, lang)
    assert (q.kind, q.value, q.unit) == (kind, value, unit)
    assert q.text == text.split(" человек")[0].split("人次")[0]


def test_korean_units_take_their_particles_and_no_longer_words() -> None:
    assert [(q.text, q.unit) for q in extract_quantities("영업이익은 4483억 원으로 24시간이 지나", "ko")] == [
        ("4483억 원", "KRW"), ("24시간", "h")]
    assert [q.unit for q in extract_quantities("원장 3명", "ko")] == [None]


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("2,5%", "el", 2.5),
        ("15 τοις εκατό", "el", 15.0),
        ("4,1 Prozent", "de", 4.1),
        ("3,5 процента", "ru", 3.5),
        ("百分之五十", "zh", 50.0),
        ("15 %", "fr", 15.0),
        ("2.5 per cent", "en", 2.5),
    ],
)
def test_percentages(text: str, lang: str, value: float) -> None:
    q = first(text, lang)
    assert (q.kind, q.value, q.text) == ("percent", value, text)


def test_discount_八折_is_20_percent_off() -> None:
    q = first("享受八折优惠", "zh")
    assert q.kind == "percent" and q.value == 20.0 and "discount" in q.tags
    assert equivalent(q, first("20% off", "en"))
    assert not equivalent(q, first("80% off", "en"))
    assert equivalent(q, first("80% of the fare", "en"))


@pytest.mark.parametrize(
    ("text", "lang", "unit", "value"),
    [
        ("148 Kilometern pro Stunde", "de", "km/h", 148.0),
        ("148 kilometres per hour", "en", "km/h", 148.0),
        ("148 miles per hour", "en", "mph", 148.0),
        ("150 χλμ./ώρα", "el", "km/h", 150.0),
        ("250 km/h", "en", "km/h", 250.0),
        ("12 χιλιόμετρα", "el", "km", 12.0),
        ("7,5 км", "ru", "km", 7.5),
        ("280公里", "zh", "km", 280.0),
        ("3000平方公里", "zh", "km2", 3000.0),
        ("180.000 τόνους", "el", "t", 180000.0),
        ("620 тыс. тонн", "ru", "t", 620000.0),
        ("180,000 kilograms", "en", "kg", 180000.0),
        ("24時間", "ja", "h", 24.0),
        ("24小時", "zh", "h", 24.0),
        ("3 doby", "pl", "day", 3.0),
        ("5 суток", "ru", "day", 5.0),
    ],
)
def test_units(text: str, lang: str, unit: str, value: float) -> None:
    q = first(text, lang)
    assert (q.kind, q.unit, q.value, q.text) == ("unit", unit, value, text)


def test_chinese_speed_is_km_per_hour() -> None:
    q = extract_quantities("设计时速250公里", "zh")[0]
    assert (q.value, q.unit) == (250.0, "km/h")
    assert equivalent(q, first("250 km/h", "en"))


@pytest.mark.parametrize(
    ("text", "lang", "minutes"),
    [
        ("στις 07:30", "el", [450]),
        ("bis 10.30 Uhr", "de", [630]),
        ("um 19 Uhr", "de", [1140]),
        ("at 10:30 a.m.", "en", [630]),
        ("at 10:30 p.m.", "en", [1350]),
        ("at 7 p.m.", "en", [1140]),
        ("at 10:30", "en", [630, 1350]),  # English bare clock times may be either half of the day
        ("στις 7 μ.μ.", "el", [1140]),
        ("上午9时30分", "zh", [570]),
        ("下午3点", "zh", [900]),
        ("в 10:30", "ru", [630]),
        ("à 10h30", "fr", [630]),
        ("午後11時", "ja", [1380]),
        ("until 12 noon", "en", [720]),
        ("at 12 midnight", "en", [0]),
        ("at midnight", "en", [0]),
        ("à minuit", "fr", [0]),
        ("a mezzogiorno", "it", [720]),
        ("в полдень", "ru", [720]),
        # the half of the day after the hour word
        ("к 10 часам утра", "ru", [600]),
        ("в 8 часов вечера", "ru", [1200]),
        ("в 11 часов ночи", "ru", [1380]),
        ("в 2 часа ночи", "ru", [120]),
        ("в 12 часов дня", "ru", [720]),
        ("о 10 годині ранку", "uk", [600]),
        ("в 11 часа вечерта", "bg", [1380]),
        ("午前１０：３０に", "ja", [630]),  # full-width digits and colon
    ],
)
def test_times(text: str, lang: str, minutes: list[int]) -> None:
    q = [q for q in extract_quantities(text, lang) if q.kind == "time"][0]
    assert [r.value for r in q.readings] == minutes


@pytest.mark.parametrize(
    ("text", "lang", "month_day"),
    [
        ("am 3. März", "de", (3, 3)),
        ("on March 3", "en", (3, 3)),
        ("την Πέμπτη 14 Μαρτίου", "el", (3, 14)),
        ("15 июня", "ru", (6, 15)),
        ("5 марта", "ru", (3, 5)),
        ("12月28日", "zh", (12, 28)),
        ("le 1er mai", "fr", (5, 1)),
        ("el 3 de marzo", "es", (3, 3)),
        ("am Samstag, dem 1. Juni", "de", (6, 1)),
    ],
)
def test_day_month_dates(text: str, lang: str, month_day: tuple[int, int]) -> None:
    dates = [q for q in extract_quantities(text, lang) if q.kind == "date"]
    assert [q.value for q in dates] == [month_day]


@pytest.mark.parametrize(
    ("text", "lang", "month_days"),
    [
        ("los días 3 y 4 de octubre", "es", [(10, 3), (10, 4)]),
        ("am 3., 4. und 5. Mai", "de", [(5, 3), (5, 4), (5, 5)]),
        ("с 3 по 5 октября", "ru", [(10, 3), (10, 5)]),
        ("du 3 au 5 octobre", "fr", [(10, 3), (10, 5)]),
        ("στις 3 και 4 Μαρτίου", "el", [(3, 3), (3, 4)]),
        ("on October 3 and 4", "en", [(10, 3), (10, 4)]),
        ("on 3-4 October and October 10–12", "en", [(10, 3), (10, 4), (10, 10), (10, 12)]),
    ],
)
def test_days_sharing_a_month_are_dates(text: str, lang: str, month_days: list[tuple[int, int]]) -> None:
    assert [q.value for q in extract_quantities(text, lang)] == month_days


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("On October 3, 20 people died.", "en"),  # a comma alone joins no days
        ("It rose 3 percent and 4 October was calm.", "en"),
        ("Im Jahr 2020 und am 4. Mai", "de"),
    ],
)
def test_numbers_beside_a_date_stay_numbers(text: str, lang: str) -> None:
    kinds = [q.kind for q in extract_quantities(text, lang)]
    assert kinds.count("date") == 1 and len(kinds) == 2


@pytest.mark.parametrize(
    ("text", "lang", "month"),
    [
        ("τον Φεβρουάριο του 2022", "el", 2),  # accusative
        ("Φεβρουαρίου", "el", 2),  # genitive (CLDR format)
        ("Μάρτιος", "el", 3),  # nominative (CLDR stand-alone)
        ("στα τέλη Οκτωβρίου", "el", 10),
        ("в июле", "ru", 7),  # prepositional
        ("в августе", "ru", 8),
        ("до конца сентября", "ru", 9),
        ("im Februar", "de", 2),
        ("in February 2022", "en", 2),
        ("حتى منتصف أوت", "ar", 8),  # Maghreb names, from French (août)
        ("في جويلية", "ar", 7),
    ],
)
def test_month_names_in_every_case(text: str, lang: str, month: int) -> None:
    months = [q.value for q in extract_quantities(text, lang) if q.kind == "month"]
    assert months == [month]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("24時間営業の店", "ja", [("24時間", "unit", 24.0)]),  # hours, not the clock time 24時
        ("二十四時間", "ja", []),
        ("在24小时内", "zh", [("24小时", "unit", 24.0)]),
        ("24시간 동안", "ko", [("24시간", "unit", 24.0)]),
        ("11 noon", "en", [("11", "number", 11.0), ("noon", "time", 720)]),  # only 12 goes with noon
        ("this afternoon", "en", []),
        ("cet après-midi", "fr", []),
        ("w ciągu doby", "pl", [("doby", "unit", 24.0)]),
        ("в течение суток", "ru", [("суток", "unit", 24.0)]),
        ("протягом доби", "uk", [("доби", "unit", 24.0)]),
        ("v současné době", "cs", []),  # Czech doba is a time, an era
    ],
)
def test_hours_noon_and_days_of_24_hours(text: str, lang: str, expected: list[tuple[str, str, object]]) -> None:
    assert summary(text, lang) == expected


def test_may_the_verb_is_not_a_month() -> None:
    assert summary("prices may rise", "en") == []


@pytest.mark.parametrize(
    ("text", "lang", "weekday"),
    [
        ("την Πέμπτη", "el", 3),
        ("τα ξημερώματα της Τετάρτης", "el", 2),
        ("Προχθές, Κυριακή", "el", 6),
        ("am Sonntagmorgen", "de", 6),
        ("bis Mittwochabend", "de", 2),
        ("в воскресенье", "ru", 6),
        ("в среду", "ru", 2),
        ("星期三", "zh", 2),
        ("on Sunday morning", "en", 6),
        ("mardi", "fr", 1),
    ],
)
def test_weekdays(text: str, lang: str, weekday: int) -> None:
    days = [q.value for q in extract_quantities(text, lang) if q.kind == "weekday"]
    assert days == [weekday]


def test_greek_weekdays_are_capitalized_ordinals_are_not() -> None:
    found = extract_quantities("την Τρίτη, η τρίτη μεγαλύτερη, την Πέμπτη, η πέμπτη θέση", "el")
    assert [(q.text, q.kind, q.value) for q in found] == [
        ("Τρίτη", "weekday", 1), ("τρίτη", "ordinal", 3.0), ("Πέμπτη", "weekday", 3), ("πέμπτη", "ordinal", 5.0)
    ]


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [("3rd", "en", 3.0), ("17th-century", "en", 17.0), ("3η", "el", 3.0), ("17. Jahrhundert", "de", 17.0),
     ("27-м", "ru", 27.0), ("3-й", "ru", 3.0), ("第三", "zh", 3.0), ("1er", "fr", 1.0), ("eleventh", "en", 11.0),
     ("одиннадцатом", "ru", 11.0), ("δεύτερη", "el", 2.0), ("third-largest", "en", 3.0)],
)
def test_ordinals(text: str, lang: str, value: float) -> None:
    q = first(text, lang)
    assert (q.kind, q.value) == ("ordinal", value)


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("τριών", "el", 3.0), ("τρεις χιλιάδες", "el", 3000.0), ("δεκαπέντε", "el", 15.0),
        ("drei", "de", 3.0), ("dreißig", "de", 30.0), ("einundzwanzig", "de", 21.0), ("zweihundert", "de", 200.0),
        ("три", "ru", 3.0), ("тридцать", "ru", 30.0), ("Восемнадцатилетний", "ru", 18.0),
        ("三万人", "zh", 30000.0), ("一千二百名", "zh", 1200.0),
        ("twenty-five", "en", 25.0), ("a dozen", "en", 12.0), ("Eighteen-year-old", "en", 18.0),
        ("three thousand", "en", 3000.0), ("vingt-trois", "fr", 23.0), ("quatre-vingt-dix", "fr", 90.0),
        ("veinte", "es", 20.0),
    ],
)
def test_number_words(text: str, lang: str, value: float) -> None:
    q = first(text, lang)
    assert q.value == value and q.written == "words" and not q.strong


def test_articles_and_plural_scales_are_not_numbers() -> None:
    # "one will defend the other", "thousands of troops": not counts
    assert summary("one will defend the other; thousands of troops", "en") == []
    assert summary("η μία θα υπερασπιστεί την άλλη, χιλιάδες στρατιώτες", "el") == []
    assert summary("统一 一些 十分", "zh") == []


def test_model_names_are_codes_not_numbers() -> None:
    found = extract_quantities("B-1B, F-15K και KF-16, καθώς και F-2", "el")
    assert [(q.text, q.kind) for q in found] == [("B-1B", "code"), ("F-15K", "code"), ("KF-16", "code"), ("F-2", "code")]


def test_ages_keep_their_value() -> None:
    assert first("81-jährige", "de").value == 81.0
    assert first("81-year-old", "en").value == 81.0
    assert first("24ωρη απεργία", "el").value == 24.0


def test_offsets_point_at_the_text() -> None:
    text = "Η τιμή έφτασε τα 9,20 ευρώ στις 07:30."
    for q in extract_quantities(text, "el"):
        assert text[q.start:q.end] == q.text
    assert [q.text for q in extract_quantities(text, "el")] == ["9,20 ευρώ", "07:30"]


@pytest.mark.parametrize(
    ("a", "la", "b", "lb", "same"),
    [
        ("10.000", "el", "10,000", "en", True),
        ("2,5%", "el", "2.5%", "en", True),
        ("2,5%", "el", "25%", "en", False),
        ("3 εκατ. ευρώ", "el", "3 million euros", "en", True),
        ("20 тыс.", "ru", "20,000", "en", True),
        ("20 тыс.", "ru", "2,000", "en", False),
        ("3万", "zh", "30,000", "en", True),
        ("3万", "zh", "3,000", "en", False),
        ("460亿元", "zh", "46 billion yuan", "en", True),
        ("τριών", "el", "three", "en", True),
        ("am 3. März", "de", "March 3", "en", True),
        ("am 3. März", "de", "May 3", "en", False),
        ("12月28日", "zh", "December 28", "en", True),
        ("27-м", "ru", "27th", "en", True),
        ("17. Jahrhundert", "de", "17th-century", "en", True),
        ("10.30 Uhr", "de", "10:30 a.m.", "en", True),
        ("10.30 Uhr", "de", "10:30 p.m.", "en", False),
        ("07:30", "el", "07:30", "en", True),
        ("148 Kilometern pro Stunde", "de", "148 miles per hour", "en", False),
        ("100 km", "en", "62 miles", "en", True),  # converted within 2%
        ("100 km", "en", "70 miles", "en", False),
        ("180.000 τόνους", "el", "180,000 kilograms", "en", False),
        ("5.000 Euro", "de", "5,000 dollars", "en", False),
        ("Κυριακή", "el", "Sunday", "en", True),
        ("Κυριακή", "el", "Saturday", "en", False),
        ("Μαρτίου", "el", "March", "en", True),
        ("марта", "ru", "March", "en", True),
        ("3兆1038億円", "ja", "3.1038 trillion yen", "en", True),
        ("3兆1038億円", "ja", "3.103 trillion yen", "en", False),
        ("24時間", "ja", "24 hours", "en", True),
        ("24時間", "ja", "24 minutes", "en", False),
        ("klockan 12", "sv", "12 noon", "en", True),
        ("klockan 12", "sv", "13:00", "en", False),
        ("à midi", "fr", "12:00", "en", True),
        ("doby", "pl", "24 hours", "en", True),
        ("doby", "pl", "1 day", "en", True),
        ("doby", "pl", "25 hours", "en", False),
        ("3 doby", "pl", "72 hours", "en", True),
        ("сутки", "ru", "24-hour", "en", True),
    ],
)
def test_equivalent(a: str, la: str, b: str, lb: str, same: bool) -> None:
    qa = [q for q in extract_quantities(a, la) if q.kind != "code"][-1]
    qb = [q for q in extract_quantities(b, lb) if q.kind != "code"][-1]
    assert equivalent(qa, qb) is same
    assert equivalent(qb, qa) is same


def test_ambiguous_reading_never_converts_units() -> None:
    # 180.000 t has a second reading 180 t, which must not "convert" to 180,000 kg
    assert not equivalent(first("180.000 τόνους", "el"), first("180,000 kilograms", "en"))
    assert convertible(Reading("unit", 100.0, "km"), Reading("unit", 62.0, "mi"))
    assert not convertible(Reading("unit", 148.0, "km/h"), Reading("unit", 148.0, "mph"))


def test_format_reading() -> None:
    assert format_reading(Reading("money", 14.6e6, "EUR")) == "14.6 million EUR"
    assert format_reading(Reading("time", 450)) == "07:30"
    assert format_reading(Reading("percent", 2.5)) == "2.5%"
    assert format_reading(Reading("date", (3, 3))) == "March 3"
    assert format_reading(Reading("weekday", 6)) == "Sunday"


def test_a_ukrainian_every_weekday_is_that_weekday() -> None:
    from mtqa.checks.quantities import extract_quantities

    (day,) = [q for q in extract_quantities("Потяг відправлятиметься щосуботи.", "uk") if q.readings[0].kind == "weekday"]
    assert (day.text, day.readings[0].value) == ("щосуботи", 5)
    assert [q for q in extract_quantities("Це щось нове.", "uk")] == []


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # Cardinals with their case forms, composed with scale words as "zwei Millionen" is.
        ("Ponad dwadzieścia tysięcy osób", "pl", [("dwadzieścia tysięcy", 20000.0)]),
        ("dwóch rannych i dwie ofiary", "pl", [("dwóch", 2.0), ("dwie", 2.0)]),
        ("dwa miliony trzysta tysięcy", "pl", [("dwa miliony trzysta tysięcy", 2.3e6)]),
        ("dvě stě lidí, tři tisíce korun", "cs", [("dvě stě", 200.0), ("tři tisíce", 3000.0)]),
        ("двох загиблих і п'ятсот тисяч", "uk", [("двох", 2.0), ("п'ятсот тисяч", 5e5)]),
        ("п’ять мільйонів", "uk", [("п’ять мільйонів", 5e6)]),
        ("двадесет и пет хиляди", "bg", [("двадесет и пет хиляди", 25000.0)]),
        ("लगभग दो लाख यात्री", "hi", [("दो लाख", 2e5)]),
        ("पाँच हज़ार और पांच हजार", "hi", [("पाँच हज़ार", 5000.0), ("पांच हजार", 5000.0)]),
        ("ढाई करोड़", "hi", [("ढाई करोड़", 2.5e7)]),
        ("चार-चार लाख रुपये", "hi", [("चार-चार लाख", 4e5)]),  # four lakh each, not eight
        ("ventitré anni, duecentomila euro", "it", [("ventitré", 23.0), ("duecentomila", 2e5)]),
        ("vinte e dois mil", "pt", [("vinte e dois mil", 22000.0)]),
        ("douăzeci de mii de oameni", "ro", [("douăzeci de mii", 20000.0)]),
        ("tweeëntwintig, drieduizend", "nl", [("tweeëntwintig", 22.0), ("drieduizend", 3000.0)]),
        ("tjugofem och tvåhundra", "sv", [("tjugofem", 25.0), ("tvåhundra", 200.0)]),
        ("iki yüz elli bin kişi", "tr", [("iki yüz elli bin", 250000.0)]),
        ("huszonöt, kétezer", "hu", [("huszonöt", 25.0), ("kétezer", 2000.0)]),
        ("scored twice", "en", [("twice", 2.0)]),
        # Near misses: words that only look like numbers, two numbers side by side, bare scales.
        ("két hét múlva hét ember", "hu", [("két", 2.0), ("hét", 7.0)]),  # two weeks; seven people
        ("Het OM acht het bewezen", "nl", []),  # "considers"
        ("hétfőn", "hu", []),  # Monday, not hét + fő
        ("il 3 ottobre, il treno", "it", []),  # otto + bre, tre + no are no numbers
        ("de tweede vierkant", "nl", []),
        ("сім'я", "uk", []),  # family, not сім (seven)
        ("o nouă lege, a doua zi", "ro", []),  # new; the second
        ("tysiące osób, लाखों लोग", "pl", []),
        ("two and three", "en", [("two", 2.0), ("three", 3.0)]),
        ("vinte e dois e três", "pt", [("vinte e dois", 22.0), ("três", 3.0)]),
    ],
)
def test_number_words_in_more_languages(text: str, lang: str, expected: list[tuple[str, float]]) -> None:
    got = [(q.text, q.value) for q in extract_quantities(text, lang) if q.written == "words"]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("7,1 млн пътници", "bg", [("7,1 млн", 7.1e6)]),
        ("близо 700 хил. и 3 хиляди", "bg", [("700 хил.", 7e5), ("3 хиляди", 3000.0)]),
        ("3,8 млрд. лв.", "bg", [("3,8 млрд.", 3.8e9)]),
        ("840 тис. і 5 млрд", "uk", [("840 тис.", 8.4e5), ("5 млрд", 5e9)]),
        ("1 млн 200 тис. абонентів", "uk", [("1 млн 200 тис.", 1.2e6)]),
        ("1 млн 200 тыс. человек", "ru", [("1 млн 200 тыс.", 1.2e6)]),
        ("2 milyon 400 bin kişi", "tr", [("2 milyon 400 bin", 2.4e6)]),
        # no sum: a larger or equal second part, or a part without a scale word
        ("5 млн 3 млн", "uk", [("5 млн", 5e6), ("3 млн", 3e6)]),
        ("1 млн 2000 тис.", "uk", [("1 млн", 1e6), ("2000 тис.", 2e6)]),
        ("2 Millionen 300 Euro", "de", [("2 Millionen", 2e6), ("300 Euro", 300.0)]),
    ],
)
def test_scale_words_and_sums_of_scaled_parts(text: str, lang: str, expected: list[tuple[str, float]]) -> None:
    assert [(q.text, q.value) for q in extract_quantities(text, lang)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عند 27.25% للإيداع و28.25% للإقراض", [("27.25%", 27.25), ("28.25%", 28.25)]),
        ("بين 46 و49 درجة", [("46", 46.0), ("49", 49.0)]),
        ("الجولة الـ25", [("25", 25.0)]),
        ("فاز بـ3 أهداف", [("3", 3.0)]),
        ("طائرة ميغ29 وكوفيد19", []),  # letters of a word, not a clitic
        ("بين الساعة 11 صباحاً و4 عصراً", [("11 صباحاً", 660), ("4 عصراً", 960)]),
        ("فاز 5-0 مساء الجمعة", [("5", 5.0), ("0", 0.0)]),  # a score on Friday evening
    ],
)
def test_arabic_digits_after_a_clitic(text: str, expected: list[tuple[str, object]]) -> None:
    assert [(q.text, q.value) for q in extract_quantities(text, "ar") if q.kind != "weekday"] == expected


@pytest.mark.parametrize(
    ("text", "lang", "month_days"),
    [
        ("4 से 6 दिसंबर तक", "hi", [(12, 4), (12, 6)]),
        ("w nocy z 14 na 15 sierpnia", "pl", [(8, 14), (8, 15)]),
        ("в ночь с 14 на 15 августа", "ru", [(8, 14), (8, 15)]),
        ("3月10日から12日にかけて", "ja", [(3, 10), (3, 12)]),
        ("3月10日至12日", "zh", [(3, 10), (3, 12)]),
    ],
)
def test_more_days_sharing_a_month(text: str, lang: str, month_days: list[tuple[int, int]]) -> None:
    assert [q.value for q in extract_quantities(text, lang) if q.kind == "date"] == month_days


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("wzrost o 3 na 15 sierpnia", "pl", [("3", "number"), ("15 sierpnia", "date")]),  # no night
        ("3月10日から12日間", "ja", [("3月10日", "date"), ("12日", "unit")]),  # twelve days
        ("1 अक्टूबर से 30 नवंबर तक", "hi", [("1 अक्टूबर", "date"), ("30 नवंबर", "date")]),
    ],
)
def test_near_misses_of_shared_months(text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert [(q.text, q.kind) for q in extract_quantities(text, lang)] == expected


@pytest.mark.parametrize(
    ("text", "lang", "day"),
    [
        ("dalle 21 di giovedì 7 alle 21", "it", "7"),
        ("jeudi 7 et", "fr", "7"),
        ("el jueves 7", "es", "7"),
        ("na quinta-feira dia 7", "pt", "7"),
        ("am Donnerstag, 7. wurde", "de", "7."),
        ("on Thursday the 7th", "en", "7th"),
        ("Thursday 7th", "en", "7th"),
        # Near misses: a count after a weekday, a full date, a time
        ("on Thursday 7 people died", "en", None),
        ("Am Donnerstag, 7 Menschen", "de", None),
        ("venerdì 13 milioni", "it", None),
        ("lunedì 3%", "it", None),
        ("giovedì 7 novembre", "it", None),
        ("jeudi 7 heures", "fr", None),
    ],
)
def test_a_day_after_a_weekday_is_a_date_of_any_month(text: str, lang: str, day: str | None) -> None:
    days = [q for q in extract_quantities(text, lang) if q.kind == "date" and q.value[0] is None]
    assert [q.text for q in days] == ([day] if day else [])
    if day:
        assert days[0].value == (None, 7) and format_reading(days[0].readings[0]) == "the 7th"


@pytest.mark.parametrize(
    ("other", "same"),
    [("Thursday, November 7", True), ("on Thursday the 7th", True), ("on the 7th", True),
     ("Thursday, November 8", False), ("in November", False), ("7 people", False)],
)
def test_a_day_of_any_month_matches_that_day(other: str, same: bool) -> None:
    day = [q for q in extract_quantities("giovedì 7", "it") if q.kind == "date"][0]
    assert any(equivalent(day, q) for q in extract_quantities(other, "en") if q.kind != "weekday") is same


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("增长约六成", "zh", [("六成", "percent", 60.0)]),
        ("两成以上", "zh", [("两成", "percent", 20.0)]),
        ("6成", "zh", [("6成", "percent", 60.0)]),
        ("約3割の企業", "ja", [("3割", "percent", 30.0)]),
        ("2割5分", "ja", [("2割5分", "percent", 25.0)]),
        ("中央气象台6日18时发布", "zh", [("6日", "unit", 6.0), ("18时", "time", 1080)]),
        ("凌晨2时许", "zh", [("凌晨2时", "time", 120)]),
        # Near misses: 成 starting a word, 时 of 小时 and 一时, 点 alone
        ("一成不变，他成功了", "zh", []),
        ("三成员国", "zh", [("三", "number", 3.0)]),
        ("3割合", "ja", [("3", "number", 3.0)]),
        ("18小时", "zh", [("18小时", "unit", 18.0)]),
        ("一时无法", "zh", []),
        ("3点", "zh", [("3", "number", 3.0)]),
    ],
)
def test_chinese_tenths_and_hours(text: str, lang: str, expected: list[tuple[str, str, object]]) -> None:
    assert summary(text, lang) == expected


def test_japanese_wari_off_is_a_discount() -> None:
    q = first("3割引", "ja")
    assert (q.kind, q.value, "discount" in q.tags) == ("percent", 30.0, True)
    assert equivalent(q, first("30% off", "en")) and not equivalent(q, first("70% off", "en"))


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("vid 03-tiden natten", "sv", [("03-tiden", "time", 180)]),
        ("vid 15-tiden", "sv", [("15-tiden", "time", 900)]),
        ("på tiden 3.40.47", "sv", [("3.40.47", "unit", 13247.0)]),
        ("in a time of 3:40:47", "en", [("3:40:47", "unit", 13247.0)]),
        ("klockade 12.38,41", "nl", [("12.38,41", "unit", 758.41)]),
        ("clocked 12:38.41", "en", [("12:38.41", "unit", 758.41)]),
        ("以2分05秒37夺冠", "zh", [("2分05秒37", "unit", 125.37)]),
        ("tid 2.31.15", "sv", [("2.31.15", "unit", 9075.0)]),  # no February 31
        # Near misses: a numeric date, a clock time before a comma
        ("am 3.10.24", "de", [("3.10", "date", (10, 3)), ("24", "number", 2024.0)]),
        ("um 10:30, 45 Minuten", "de", [("10:30", "time", 630), ("45 Minuten", "unit", 45.0)]),
        ("दुकानें सुबह 7 बजे खुलेंगी", "hi", [("सुबह 7 बजे", "time", 420)]),
        ("तड़के करीब साढ़े चार बजे", "hi", [("तड़के करीब साढ़े चार बजे", "time", 270)]),
        ("शाम सवा छह बजे", "hi", [("शाम सवा छह बजे", "time", 1095)]),
        ("रात 2 बजे", "hi", [("रात 2 बजे", "time", 120)]),
    ],
)
def test_around_hours_race_times_and_clock_words(text: str, lang: str, expected: list[tuple[str, str, object]]) -> None:
    assert summary(text, lang) == expected


def test_race_times_match_to_the_second() -> None:
    assert equivalent(first("på tiden 3.40.47", "sv"), first("3:40:47", "en"))
    assert not equivalent(first("på tiden 3.40.47", "sv"), first("3:40:48", "en"))
    assert not equivalent(first("vid 03-tiden", "sv"), first("4 a.m.", "en"))


@pytest.mark.parametrize(
    ("a", "la", "b", "same"),
    [
        ("il y a quinze jours", "fr", "two weeks ago", True),
        ("il y a quinze jours", "fr", "15 days ago", True),
        ("il y a quinze jours", "fr", "14 days ago", True),
        ("il y a quinze jours", "fr", "three weeks ago", False),
        ("il y a quinze jours", "fr", "16 days ago", False),
        ("dans huit jours", "fr", "in 8 days", True),
        ("dans huit jours", "fr", "in 7 days", True),
        ("dans huit jours", "fr", "in 10 days", False),
        ("hace quince días", "es", "two weeks ago", True),
        ("fra quindici giorni", "it", "in two weeks", True),
        ("há oito dias", "pt", "a week ago, 7 days", True),
        ("hace 15 días", "es", "two weeks ago", False),  # digits are a count of days
    ],
)
def test_fifteen_days_are_two_weeks(a: str, la: str, b: str, same: bool) -> None:
    qa = extract_quantities(a, la)[-1]
    assert any(equivalent(qa, qb) for qb in extract_quantities(b, "en")) is same


def test_weeks_in_days_are_words_never_reported_alone() -> None:
    q = first("dans huit jours", "fr")
    assert (q.kind, q.unit, q.value, q.written) == ("unit", "week", 1.0, "words")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Sciopero venerdì 8 novembre; treni dalle 21 di giovedì 7.", "it", [(11, 8), (11, 7)]),
        ("Friday, November 8, and Thursday the 7th", "en", [(11, 8), (11, 7)]),
        # Near misses: weekdays that disagree with the days, a day too far, no full date at all
        ("venerdì 8 novembre e mercoledì 7", "it", [(11, 8), (None, 7)]),
        ("lunedì 3 marzo e giovedì 20", "it", [(3, 3), (None, 20)]),
        ("giovedì 7 alle 21", "it", [(None, 7)]),
    ],
)
def test_a_day_of_an_unsaid_month_takes_the_month_of_its_week(text: str, lang: str,
                                                               expected: list[tuple[int | None, int]]) -> None:
    assert [q.value for q in extract_quantities(text, lang) if q.kind == "date"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ضمن الجولة الخامسة عشرة من الدوري", [("الخامسة عشرة", "ordinal", 15.0)]),
        ("في الدورة التاسعة والخمسين", [("التاسعة والخمسين", "ordinal", 59.0)]),
        ("بالسجن عشر سنوات", [("عشر", "number", 10.0)]),  # a cardinal alone stays one
        ("الخامسة مساء", []),  # an ordinal alone is not read
    ],
)
def test_arabic_ordinals_of_two_words(text: str, expected: list[tuple[str, str, object]]) -> None:
    assert summary(text, "ar") == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # months are lowercase in Portuguese: a capitalized one mid-sentence is part of a name
        ("A nova presidente tomou posse no Rio de Janeiro esta semana.", "pt", []),
        ("Ele chegou ao Rio de Janeiro em 2025.", "pt", [("2025", "number", 2025.0)]),
        # ... unless a year follows it (older spelling) or it opens the sentence
        ("A reunião será em Janeiro de 2025.", "pt", [("Janeiro", "month", 1), ("2025", "number", 2025.0)]),
        ("Janeiro foi o mês mais quente.", "pt", [("Janeiro", "month", 1)]),
        ("The meeting is in January.", "en", [("January", "month", 1)]),
    ],
)
def test_a_capitalized_month_where_months_are_lowercase_is_part_of_a_name(text: str, lang: str,
                                                                           expected: list[tuple[str, str, object]]) -> None:
    assert summary(text, lang) == expected


def test_an_hour_written_2h49_is_also_a_duration() -> None:
    [q] = extract_quantities("Os comboios fazem a ligação em 2h49.", "pt")
    assert [(r.kind, r.value) for r in q.readings] == [("time", 169), ("unit", 169.0)]


def test_a_clock_hour_after_a_clock_word_is_no_duration() -> None:
    [q] = extract_quantities("Rendez-vous à 10h30.", "fr")
    assert [r.kind for r in q.readings] == ["time"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("nejvíce od 50. let minulého století", "cs"), ("seit den 50er-Jahren", "de"), ("depuis les années 50", "fr"),
     ("с 50-х годов", "ru"), ("since the '50s", "en"), ("negli anni '50", "it")],
)
def test_a_decade_in_two_digits_is_also_the_full_year(text: str, lang: str) -> None:
    [q] = extract_quantities(text, lang)
    assert {r.value for r in q.readings} >= {50.0, 1950.0}


def test_a_czech_counted_hour_is_a_clock_time() -> None:
    [q] = extract_quantities("Hasiči dostali oznámení krátce po 2. hodině ranní.", "cs")
    assert (q.kind, q.value) == ("time", 120)
    assert [q.kind for q in extract_quantities("Zemřeli 2 lidé, škoda 50 let.", "cs")] == ["number", "number"]


def test_full_width_digits_keep_their_decimal_point_and_offsets() -> None:
    # 日銀: 短期金利の誘導目標を０．５％程度に ("around 0.5%"): the full-width point is a decimal point.
    text = "誘導目標を０．５％程度に据え置く"
    [q] = extract_quantities(text, "ja")
    assert (q.kind, q.value, q.text, text[q.start:q.end]) == ("percent", 0.5, "０．５％", "０．５％")


def test_a_batting_line_is_two_numbers_not_a_code() -> None:
    # "2-for-3" (two hits in three at-bats) renders 3타수 2안타; F-15K stays a code.
    assert [(q.kind, q.value) for q in extract_quantities("Kim went 2-for-3 on the day.", "en")] == [
        ("number", 2.0), ("number", 3.0)]
    assert [q.kind for q in extract_quantities("two F-15K jets and x86-64 chips", "en")][-2:] == ["code", "code"]


@pytest.mark.parametrize("text, readings", [
    ("sale dedicate al Seicento", [("ordinal", 17.0), ("number", 1600.0)]),
    ("nell'Ottocento", [("ordinal", 19.0), ("number", 1800.0)]),
    ("l'arte del Novecento", [("ordinal", 20.0), ("number", 1900.0)]),
])
def test_italian_centuries_by_name(text: str, readings: list[tuple[str, float]]) -> None:
    [q] = extract_quantities(text, "it")
    assert [(r.kind, r.value) for r in q.readings] == readings


def test_seicento_without_an_article_is_six_hundred() -> None:
    assert [q.value for q in extract_quantities("Seicento persone hanno firmato.", "it")] == [600.0]


def test_a_hat_trick_is_three() -> None:
    assert [(q.text, q.value) for q in extract_quantities("Pavlidis scored a first-half hat-trick.", "en")
            if q.kind == "number"] == [("hat-trick", 3.0)]


@pytest.mark.parametrize("text, lang, expected", [
    # a count after the article "las"/"às" is no hour; an hour stays one
    ("Zaragoza recordó a las 11 víctimas del atentado.", "es", [("number", 11.0)]),
    ("El acto empezó a las 11 de la mañana.", "es", [("time", 660)]),
    # approximate counts in one word
    ("avec plus de 120 œuvres dont une quarantaine jamais montrées", "fr", [("number", 120.0), ("number", 40.0)]),
    ("una quarantina di opere", "it", [("number", 40.0)]),
    # Arabic trillions, Chinese "more than" before the myriad unit, scaled parts joined by "and"
    ("بلغ رأس المال السوقي نحو 2.1 تريليون جنيه", "ar", [("number", 2.1e12)]),
    ("4700余万元", "zh", [("money", 4.7e7)]),
    ("Gli occupati sono circa 24 milioni e 100 mila.", "it", [("number", 24.1e6)]),
    # Korean digits glued after a word, with a counter after them; not inside a name (코로나19)
    ("서울중앙지법 형사합의25부는", "ko", [("number", 25.0)]),
    ("제29회 부산국제영화제", "ko", [("number", 29.0)]),
    ("코로나19 확진자", "ko", []),
    # a letter glued to the day makes a name: the Long March 2D rocket is no March 2
    ("on a Long March 2D carrier rocket", "en", [("month", 3), ("number", 2.0)]),
])
def test_counts_articles_and_glued_digits(text: str, lang: str, expected: list[tuple[str, object]]) -> None:
    assert [(q.kind, q.value) for q in extract_quantities(text, lang)] == expected


@pytest.mark.parametrize("text, lang, value", [
    ("終値は前日比812円45銭高", "ja", 812.45),
    ("終値は3万9145円27銭だった", "ja", 39145.27),
    ("официальный курс составил 92 рубля 17 копеек", "ru", 92.17),
    ("курс 41 гривня 20 копійок", "uk", 41.2),
])
def test_an_amount_and_its_hundredths_are_one_amount(text: str, lang: str, value: float) -> None:
    [q] = extract_quantities(text, lang)
    assert (q.kind, q.value) == ("money", value)
    assert text[q.start:q.end] == q.text
