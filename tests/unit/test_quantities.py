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
