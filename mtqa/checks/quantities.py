"""Quantities in running text: numbers, percentages, money, units, times, dates and number words.

A pure library (no model, no I/O) used by the numbers check. :func:`extract_quantities` finds the
quantities of one text in one language and normalizes them with the locale's conventions (CLDR
decimal and group symbols through ``babel``, scale words and their abbreviations, number words,
month and weekday names in their inflected forms), so that two renderings of the same quantity in
two languages compare equal with :func:`equivalent`.

Ambiguous spellings keep every reading, the locale's first: "1.500" is 1500 in German but 1.5 in
English, "10:30" in English is 10:30 or 22:30. Matching then accepts any pair of readings.

>>> [q.readings[0] for q in extract_quantities("am 3. März stieg er um 2,5 Prozent", "de")]
[Reading(kind='date', value=(3, 3), unit=None), Reading(kind='percent', value=2.5, unit=None)]
>>> extract_quantities("3万人次", "zh")[0].readings[0].value
30000.0
>>> equivalent(extract_quantities("10.000", "el")[0], extract_quantities("10,000", "en")[0])
True
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = [
    "CATEGORY_OF_KIND",
    "Quantity",
    "Reading",
    "convertible",
    "equivalent",
    "extract_quantities",
    "format_reading",
    "parse_number",
    "same_class",
    "values_close",
]

# Kinds of reading. "code" marks identifiers such as F-15K or COVID-19, compared as strings.
NUMERIC_KINDS = frozenset({"number", "ordinal", "percent", "money", "unit"})
CATEGORY_OF_KIND = {
    "number": "number", "ordinal": "number", "percent": "number", "money": "number", "unit": "number",
    "time": "date", "date": "date", "month": "date", "weekday": "date", "relday": "date", "code": "number",
}


@dataclass(frozen=True)
class Reading:
    """One interpretation of a quantity.

    ``value`` is a float for numeric kinds (the full value: "3 εκατ." is 3e6), minutes after
    midnight for ``time``, ``(month, day)`` for ``date`` (month None where the text leaves it
    unsaid: "giovedì 7", Thursday the 7th), 1-12 for ``month``, 0-6 (Monday 0) for
    ``weekday``, days from today for ``relday`` (-1 yesterday) and the text for ``code``.
    ``unit`` is a canonical unit ("km", "t", "km/h") or currency code ("EUR") when one is written.
    """

    kind: str
    value: Any
    unit: str | None = None


@dataclass(frozen=True)
class Quantity:
    """A quantity found in a text: where it is, what it says, and how it was written.

    ``written`` is ``digits`` when the value is spelled with digits (or a calendar name, which is
    as explicit) and ``words`` for number words, which translators render freely ("a dozen").
    ``tags`` carries details that matter for matching, e.g. ``discount`` for "20% off" and 八折.
    """

    start: int
    end: int
    text: str
    readings: tuple[Reading, ...]
    written: str = "digits"
    tags: frozenset[str] = field(default_factory=frozenset)

    @property
    def kind(self) -> str:
        return self.readings[0].kind

    @property
    def value(self) -> Any:
        return self.readings[0].value

    @property
    def unit(self) -> str | None:
        return self.readings[0].unit

    @property
    def strong(self) -> bool:
        """True when written with digits or a calendar name: a change there is never a paraphrase."""
        return self.written == "digits"

    @property
    def category(self) -> str:
        return CATEGORY_OF_KIND[self.kind]


# --------------------------------------------------------------------------------------------
# Units and currencies: canonical name -> (dimension, factor to the dimension's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "km": ("length", 1000.0), "m": ("length", 1.0), "cm": ("length", 0.01), "mm": ("length", 0.001),
    "mi": ("length", 1609.344), "ft": ("length", 0.3048), "nmi": ("length", 1852.0),
    "t": ("mass", 1000.0), "kg": ("mass", 1.0), "g": ("mass", 0.001), "lb": ("mass", 0.45359237),
    "km2": ("area", 1e6), "ha": ("area", 1e4), "m2": ("area", 1.0), "acre": ("area", 4046.856), "mi2": ("area", 2.589988e6),
    "km/h": ("speed", 1 / 3.6), "mph": ("speed", 0.44704), "kn": ("speed", 0.514444), "m/s": ("speed", 1.0),
    "l": ("volume", 0.001), "m3": ("volume", 1.0),
    "°C": ("temperature", 1.0), "°F": ("temperature", 1.0),
    "s": ("duration", 1.0), "min": ("duration", 60.0), "h": ("duration", 3600.0), "day": ("duration", 86400.0),
    "week": ("duration", 604800.0), "month": ("duration", 2.6298e6), "year": ("duration", 3.15576e7),
    "richter": ("magnitude", 1.0),
}

# Speeds written out: kilometre words, "per" words and hour words of the languages read, which
# make "110 kilometer per uur", "120 chilometri all'ora", "90 kilometrów na godzinę" a km/h.
_KM_WORDS = (r"kilomet(?:er|re|ro|ri)s?|kilometern|kil[óo]metros?|quil[óô]metros?|chilometri|kilom[èe]tres?"
             r"|kilom[ée]ter|kilometr(?:ów|y|a|ů|ov|ach)|kilometri[äa]|χιλιόμετρα|χιλιομέτρων|χλμ\.?|км"
             r"|километр(?:а|ов)?|km")
_PER = r"\s(?:per|pro|an|την|το|ανά|в|a|par|por|na|za|i)\s+|\s(?:à\s+l|all)['’]\s*|\s?/\s?"
_HOUR_UNIT = r"hour|h|stunde|ώρα|час|heure|hora|uur|ora|godzinę|godzine|timme|timmen|timen|time|óra|hodinu|tunnissa|saat"

# Words for a day counted as 24 hours (Polish doba, Russian сутки, Ukrainian доба, Bulgarian
# денонощие; not Czech doba, an era), in all their cases. After a number they are days ("3 doby");
# alone they say "24 hours" by themselves, as "dozen" says 12 ("w ciągu doby", in 24 hours).
_DAY_OF_24_HOURS = {"pl": r"dob(?:a|y|ę|ie|ą|o|om|ami|ach)|dób", "ru": r"сут(?:ки|ок|кам|ками|ках)",
                    "uk": r"доб(?:а|и|у|і|ою|ам|ами|ах)|діб", "bg": r"денонощи(?:е|я|ето|ята)"}

# Unit spellings per canonical unit, all languages together (the target may keep source units).
# Regex fragments, matched case-insensitively right after the number (and its scale word).
_UNIT_PATTERNS: list[tuple[str, str]] = [
    # speed first: "km/h" must not stop at "km"
    ("km/h", r"km\s?/\s?(?:[hut]|tim|godz\.?|hod\.?|óra)|kph|km\s?/\s?ώρα|χλμ\.?\s?/\s?ώρα|км\s?/\s?ч|公里\s?/\s?小时|千米\s?/\s?小时"
             rf"|stundenkilomet(?:er|ern)|(?:{_KM_WORDS})\s*(?:{_PER})(?:{_HOUR_UNIT})(?![\w])"
             rf"|(?:{_KM_WORDS})[\s-]+(?:orari|heure)"),
    ("mph", r"mph|miles?\s+(?:per|an|a)\s+hour|μίλια\s+(?:την|ανά)\s+ώρα|meilen\s+pro\s+stunde|миль\s+в\s+час|英里\s?/\s?小时"),
    ("kn", r"knots?|κόμβ(?:οι|ους|ων)|knoten|узл(?:а|ов)"),
    ("km2", r"km²|km2|sq\.?\s?km|square\s+kilomet(?:er|re)s?|τετραγωνικ(?:ά|ών)\s+χιλιόμετρ(?:α|ων)|τ\.\s?χλμ\.?"
            r"|quadratkilometer(?:n)?|km\s?²|кв\.\s?км|квадратн(?:ых|ые|ый)\s+километр(?:а|ов)?|平方公里|平方千米"),
    ("m2", r"m²|sq\.?\s?m|square\s+met(?:er|re)s?|τετραγωνικ(?:ά|ών)\s+μέτρ(?:α|ων)|τ\.\s?μ\.?|quadratmeter(?:n)?|кв\.\s?м|平方米"),
    ("ha", r"hectares?|ha|εκτάρι(?:α|ων)|hektar|гектар(?:а|ов)?|га|公顷"),
    ("km", r"kilomet(?:er|re)s?|kilometern|km|χιλιόμετρ(?:α|ων|ο|ου)|χλμ\.?|км|километр(?:а|ов|ах)?|公里|千米"),
    ("mi", r"miles?|μίλι(?:α|ων)|meilen?|мил(?:ь|и|ей|я)|英里"),
    ("cm", r"centimet(?:er|re)s?|cm|εκατοστ(?:ά|ών|ό)|zentimeter(?:n)?|см|сантиметр(?:а|ов)?|厘米"),
    ("mm", r"millimet(?:er|re)s?|mm|χιλιοστ(?:ά|ών|ό)|millimeter(?:n)?|мм|миллиметр(?:а|ов)?|毫米"),
    ("m", r"met(?:er|re)s?|m|μέτρ(?:α|ων|ο|ου)|meter(?:n)?|м|метр(?:а|ов)?|米"),
    ("kg", r"kilo(?:gram(?:me)?s?)?s?|kg|κιλ(?:ά|ό|ών|ού)|κ\.?g|kilogramm|кг|килограмм(?:а|ов)?|公斤|千克"),
    ("t", r"tonnes?|tons?|τόν(?:οι|ους|ων|ο|ου)|tonnen?|т\.?|тонн(?:а|ы|у)?|吨"),
    ("g", r"grams?|grammes?|g|γραμμάρι(?:α|ων)|gramm|грамм(?:а|ов)?|克"),
    ("lb", r"pounds?\s+(?:in\s+)?weight|lbs?"),
    ("l", r"lit(?:er|re)s?|λίτρ(?:α|ων|ο)|liter(?:n)?|литр(?:а|ов)?|升"),
    ("°C", r"°\s?C|degrees?\s+celsius|βαθμ(?:ούς|οί|ών)\s+κελσίου|grad\s+celsius|градус(?:а|ов)?(?:\s+цельсия)?|摄氏度"),
    ("°F", r"°\s?F|degrees?\s+fahrenheit"),
    ("richter", r"ρίχτερ|richter|балл(?:а|ов)?\s+по\s+шкале\s+рихтера|级"),
    ("h", r"hours?|hrs?|ώρ(?:ες|ών|α)|stunden?|час(?:а|ов)?|小时|个小时|个多小时|多小时|小時|個小時|時間|시간"),
    ("min", r"minutes?|mins?|λεπτ(?:ά|ών|ό)|minuten?|минут(?:а|ы)?|分钟"),
    ("day", r"days?|ημέρ(?:ες|ών|α)|μέρ(?:ες|ών|α)|tage?n?|дн(?:я|ей)|день|天|日|" + "|".join(_DAY_OF_24_HOURS.values())),
    ("week", r"weeks?|εβδομάδ(?:ες|ων|α)|wochen?|недел(?:я|и|ь)|周|星期|个星期"),
    ("month", r"months?|μήν(?:ες|ών|α)|μήνας|monate?n?|месяц(?:а|ев)?|个月"),
    ("year", r"years?|χρόνι(?:α|ων)|έτ(?:η|ών|ος)|jahre?n?|год(?:а|у)?|гг?\.|лет|年"),
]

_CURRENCY_WORDS: list[tuple[str, str]] = [
    ("EUR", r"euros?|eur|€|ευρώ|euro|евро|欧元"),
    ("USD", r"us\s?dollars?|dollars?|usd|us\$|\$|δολάρι(?:α|ων)?|dollar|доллар(?:а|ов|ы)?|美元"),
    ("GBP", r"pounds?\s+sterling|pounds?|gbp|£|λίρ(?:ες|ών|α)\s+στερλίν(?:ες|ας)|pfund|фунт(?:а|ов)?\s+стерлинг(?:а|ов)?|英镑"),
    ("RUB", r"roubles?|rubles?|rub|₽|ρούβλι(?:α|ων)|rubel(?:n)?|рубл(?:ь|я|ей|ям)|руб\.?|卢布"),
    ("CNY", r"yuan|renminbi|rmb|cny|γιουάν|юаней|юан(?:я|ь|и)?|元|人民币"),
    ("JPY", r"yen|jpy|¥|γεν|円|日元|иен"),
    ("CHF", r"swiss\s+francs?|chf|franken"),
    ("BRL", r"reais|real|brl"),
    ("KRW", r"(?:south\s+korean\s+)?won|krw|₩|원|ウォン|韩元|韓元|韩圆|韓圓|вон|γουόν"),
    ("INR", r"(?:indian\s+)?rupees?|inr|₹|रुपये|रुपए|रुपया|रुपयों"),
    ("PLN", r"zlotys?|złot(?:y|ych|e|ówki)|zł|pln"),
    ("HUF", r"forints?|forint(?:ot|tal|ra|nyi)?|ft|huf"),
    ("UAH", r"hryvni?as?|hryvnya|грив(?:ень|ні|ня|ню|нями)|грн\.?|uah|₴"),
    # One crown for all: "kronor", "Kč" and "korun" are all rendered "crowns".
    ("crown", r"crowns?|korun(?:a|y)?|kč|czk|kronor|krona|kronur|kroner|krone|sek|nok|dkk"),
]
# Symbols and codes written before the amount.
_CURRENCY_PREFIX = {"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "¥": "CNY", "₽": "RUB", "EUR": "EUR",
                    "USD": "USD", "GBP": "GBP", "RMB": "CNY", "CNY": "CNY", "CHF": "CHF", "JPY": "JPY", "R$": "BRL",
                    "₩": "KRW", "KRW": "KRW", "₹": "INR", "INR": "INR", "Rs": "INR", "Rs.": "INR", "PLN": "PLN",
                    "HUF": "HUF", "UAH": "UAH", "₴": "UAH", "CZK": "crown", "SEK": "crown"}

# Scale words after a number: (pattern, multiplier). Language-specific: German "Billion" is 10^12.
_SCALES_COMMON: list[tuple[str, float]] = [
    (r"thousand|k", 1e3), (r"million|mn|m(?=\s*(?:euros?|dollars?|pounds?|yuan|roubles?|rubles?)\b)", 1e6),
    (r"billion|bn", 1e9), (r"trillion|tn", 1e12),
]
_SCALES: dict[str, list[tuple[str, float]]] = {
    # Indian English keeps lakh and crore ("1.87 lakh crore rupees").
    "en": _SCALES_COMMON + [(r"millions", 1e6), (r"billions", 1e9), (r"lakhs?", 1e5), (r"crores?", 1e7)],
    # CLDR spells them with a nukta apart (ड + ़); texts also use the one-character ड़ or none.
    "hi": [(r"हज\u093c?ार|हजार", 1e3), (r"लाख", 1e5), (r"करो(?:ड\u093c?|\u095c)", 1e7), (r"अरब", 1e9), (r"खरब", 1e11)],
    "el": [(r"χιλιάδ(?:ες|ων)|χιλ\.(?!\s*(?:τ\.|μ\.))", 1e3),
           (r"εκατομμύρι(?:α|ο|ου|ων)|εκατ\.?", 1e6),
           (r"δισεκατομμύρι(?:α|ο|ου|ων)|δισεκ\.?|δισ\.?", 1e9),
           (r"τρισεκατομμύρι(?:α|ο|ου|ων)|τρισ\.?", 1e12)],
    "de": [(r"tausend|tsd\.?", 1e3), (r"millionen|million|mio\.?", 1e6),
           (r"milliarden|milliarde|mrd\.?", 1e9), (r"billionen|billion|bio\.?", 1e12)],
    "ru": [(r"тысяч(?:а|и|у|ами)?|тыс\.?", 1e3), (r"миллион(?:а|ов|ы)?|млн\.?", 1e6),
           (r"миллиард(?:а|ов|ы)?|млрд\.?", 1e9), (r"триллион(?:а|ов|ы)?|трлн\.?", 1e12)],
    "fr": [(r"mille", 1e3), (r"millions?|mio", 1e6), (r"milliards?|mds?|mrds?", 1e9)],
    "es": [(r"mil\s+millones", 1e9), (r"mil", 1e3), (r"millones|millón|mill\.?", 1e6), (r"billones|billón", 1e12)],
    "zh": [(r"万亿", 1e12), (r"千亿", 1e11), (r"百亿", 1e10), (r"十亿", 1e9), (r"亿", 1e8), (r"千万", 1e7),
           (r"百万", 1e6), (r"万", 1e4), (r"千", 1e3), (r"百", 1e2)],
    "ja": [(r"兆", 1e12), (r"千億", 1e11), (r"百億", 1e10), (r"億", 1e8), (r"千万", 1e7), (r"百万", 1e6), (r"万", 1e4),
           (r"千", 1e3)],
    "ko": [(r"천억", 1e11), (r"백억", 1e10), (r"십억", 1e9), (r"천만", 1e7), (r"백만", 1e6)],
    "ar": [(r"تريليونات|تريليون", 1e12), (r"مليارات|مليار", 1e9), (r"ملايين|مليون", 1e6), (r"آلاف|ألف", 1e3)],
    "pt": [(r"mil\s+milhões", 1e9), (r"mil", 1e3), (r"milhões|milhão|mi\.?", 1e6), (r"bilhões|bilhão|bi\.?", 1e9), (r"trilhões|trilhão", 1e12)],
    "it": [(r"mila", 1e3), (r"milioni|milione|mln\.?", 1e6), (r"miliardi|miliardo|mld\.?", 1e9)],
    # CLDR has Bulgarian "млн." and "хил." with their periods only; news writes "7,1 млн пътници".
    "bg": [(r"хиляди|хиляда|хил\.?", 1e3), (r"милиона|милион|млн\.?", 1e6), (r"милиарда|милиард|млрд\.?", 1e9),
           (r"трилиона|трилион|трлн\.?", 1e12)],
    "uk": [(r"тисяч(?:а|і|у|ами)?|тис\.?", 1e3), (r"мільйон(?:а|ів|и|ами)?|млн\.?", 1e6),
           (r"мільярд(?:а|ів|и|ами)?|млрд\.?", 1e9), (r"трильйон(?:а|ів|и)?|трлн\.?", 1e12)],
}


@functools.lru_cache(maxsize=None)
def _cldr_scales(lang: str) -> list[tuple[str, float]]:
    """Scale words of a language from CLDR's compact number formats: "0 miljoen" and "0 mln."
    (Dutch), "0 milliárd", "0 करोड़" (Hindi 10^7), "0억" (Korean 10^8), as (pattern, multiplier),
    longest first. One-letter abbreviations ("5 M", "3 B") are left out: in running text they
    are too often something else.

    >>> dict(_cldr_scales("nl"))["miljard"], dict(_cldr_scales("hi"))["करोड़"]
    (1000000000.0, 10000000.0)
    """
    from babel import Locale

    try:
        formats = Locale.parse(lang).compact_decimal_formats
    except Exception:  # noqa: BLE001 - an unknown locale has no scale words
        return []
    words: dict[str, float] = {}
    for style in ("long", "short"):
        table = formats.get(style) or {}
        for plural in table.keys():
            for magnitude, pattern in table[plural].items():
                text = str(getattr(pattern, "pattern", pattern))
                m = re.fullmatch(r"(0+)[\s\u00a0]*(.+?)", text.replace("'.'", ".").replace("'", ""))
                if not m:
                    continue
                word = m.group(2).strip()
                cjk = bool(re.fullmatch(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+", word))
                if len(word.rstrip(".")) < 2 and not cjk:
                    continue
                words.setdefault(word, float(int(magnitude) // 10 ** (len(m.group(1)) - 1)))
    return [(re.escape(w), v) for w, v in sorted(words.items(), key=lambda kv: -len(kv[0]))]


def _scales(lang: str) -> list[tuple[str, float]]:
    """The curated scale words of a language, then CLDR's, then English ones (often kept)."""
    return _SCALES.get(lang, []) + _cldr_scales(lang) + ([] if lang == "en" else _SCALES_COMMON)


def _scale_value(word: str, scales: Sequence[tuple[str, float]]) -> float:
    """The multiplier of a scale word as matched after a number (spaces and a hyphen around it).

    >>> _scale_value(" Millionen", _scales("de")), _scale_value(" करोड़", _scales("hi"))
    (1000000.0, 10000000.0)
    """
    word = word.strip(" \u00a0\u202f-")
    return next((v for p, v in scales if re.fullmatch(p, word, re.IGNORECASE)), 1.0)


# Languages written without spaces: numbers, units and scale words are glued to the words around
# them (CJK characters count as \w, so word boundaries say nothing there).
_NO_SPACE = frozenset({"zh", "ja"})
# Clock times written with an hour counter: (period word, hour, counter, minutes), as in
# 下午3点30分, 午後3時, 오후 3시 30분 (時間 and 시간, "hours", are a duration: 24時間 is 24 hours).
_COUNTER_CLOCK = {
    "zh": (r"(上午|早上|凌晨|中午|下午|晚上|傍晚|午前|午後|夜)?\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*([时点]|時(?!間))"
           r"(?:\s*(\d{1,2}|半|[一二三四五六七八九十]{1,3})\s*分?)?"),
    "ko": r"(오전|새벽|아침|오후|저녁|밤)?\s*(\d{1,2})(시)(?:\s*(\d{1,2}|반)분?)?(?!간)",
}
_COUNTER_CLOCK["ja"] = _COUNTER_CLOCK["zh"]
# Words that 时 starts after a number, where it is no o'clock: 时速 (speed), 时间, 时段, 时期.
_ZH_NOT_HOUR = r"[速间段期代差长区]"
# Period words from noon on: the hour after them is afternoon or evening.
_AFTERNOON = frozenset({"下午", "晚上", "傍晚", "午後", "夜", "오후", "저녁", "밤"})
# Languages that count in myriads (万/億/兆, 만/억/조) and write a number as scaled parts.
_MYRIAD = frozenset({"zh", "ja", "ko"})
# A small unit ends a number only where it cannot start a word: 3千人 and 3천명 are 3000, but
# 3百貨店 is three department stores and Chinese 千米 is a kilometre. Elsewhere a small unit counts
# only before a digit or a big unit (3百万).
_MYRIAD_SMALL_LAST = {"zh": r"[千百](?=[万亿米克瓦人名元个])", "ja": r"千", "ko": r"천"}
# Languages that write the rest of a number after its scale word: Turkish "11 bin 500" (11,500).
_ADDED_AFTER_SCALE = frozenset({"tr", "az"})
# Languages that say a number twice to mean "each" ("10-10 लाख रुपये", 10 lakh rupees each), as
# the pattern of the repeat after the first number: the same digits before a word that is not a
# postposition ("1-1 से बराबरी" is a 1-1 draw).
_DISTRIBUTIVE = {
    "hi": (r"[-‐–]{num}(?![\d]|[.,]\d)(?=\s*[^\W\d_])"
           r"(?!\s*(?:से|की|का|के|को|पर|में|तक|और|या|है|हैं|था|थे|थी|ही|भी|बराबर\w*)(?=[\s,.।!?]|$))"),
}

# Percent after the number; 百分之 before it (handled apart).
_PERCENT = (r"%|％|per\s?cent(?:age\s+points?)?|percent(?:age\s+points?)?|τοις\s+εκατό|ποσοστιαί(?:ες|α)\s+μονάδ(?:ες|α)"
            r"|prozent(?:punkte)?|процент(?:а|ов)?(?:ных\s+пункт(?:а|ов)?)?|п\.\s?п\.|pour\s?cent|por\s+ciento|个百分点")

# Ordinal suffixes glued to digits, per script.
_ORDINAL_SUFFIX = (r"(?:st|nd|rd|th|er|ère|e|ème|eme|º|ª|\.º|\.ª|η|ης|ος|ου|ο|ων|ες|οι|-(?:й|я|е|го|му|м|х|ю|ой|ом|ый|ая|ее|ые))"
                   r"(?![\w])")

_AM = r"a\.\s?m\.|am\b|a\.m\b|π\.\s?μ\.?"
_PM = r"p\.\s?m\.|pm\b|p\.m\b|μ\.\s?μ\.?"

# Languages whose clock is 24-hour in writing: a bare "10:30" there is 10:30, never 22:30.
# Words after a whole hour ("17 Uhr") and before one ("godz. 14"), per language.
_HOUR_WORDS = {"de": "Uhr", "fr": "h|heures?", "nl": "uur", "hu": "órá(?:ig|tól|kor)|óra(?:kor)?", "cs": "hodin|hod\\.",
               "sk": "hodín|hod\\.", "es": "horas", "pt": "horas|h", "it": "ore", "el": "η ώρα", "ru": "час(?:а|ов|ам)?|ч\\.",
               "uk": "годин(?:и|а|і)?|год\\.", "bg": "часа|ч\\.", "ro": "ora", "sv": "-?tiden", "da": "-?tiden",
               "hi": "बजे"}
# The half of the day said after the hour word: "к 10 часам утра" (10 a.m.), "в 8 часов вечера"
# (8 p.m.), "о 2 годині ночі" (2 a.m.), "в 11 часа вечерта". As (morning, afternoon or evening,
# night); night is p.m. from 6 to 11 ("в 11 часов ночи") and a.m. before.
_DAY_PERIOD_AFTER = {"ru": (r"утра", r"дня|вечера", r"ночи"), "uk": (r"ранку|зранку", r"дня|вечора", r"ночі"),
                     "bg": (r"сутринта", r"следобед|вечерта", r"през\s+нощта")}
# Spanish and Portuguese "a las"/"às" is also a preposition and the article before a count: a
# plural noun after the number ("a las 11 víctimas") makes it no hour ("a las 11 menos cuarto" is).
_COUNTED_AFTER_HOUR = r"\s+(?!menos\b|horas\b)[a-záéíóúâêôãõçñ]+s\b"
_HOUR_PREFIX = {"pl": r"godz\.|godzinie|godziny", "sv": r"klockan|kl\.", "da": r"klokken|kl\.", "no": r"klokken|kl\.",
                "tr": r"saat", "it": r"alle(?:\s+ore)?|ore", "es": r"a\s+las", "pt": r"às", "ro": r"ora",
                "fi": r"kello|klo"}
# Words for noon and midnight, as (noon, midnight): alone they are a time of day said in words,
# after "12" ("12 noon", "12 midnight") a written one. Left out where the word also means midday
# loosely beside an hour ("στις 12 το μεσημέρι") or a point of the compass (Polish południe, north).
_NOON_MIDNIGHT = {"en": (r"noon|midday", r"midnight"), "de": (r"Mittag|mittags", r"Mitternacht"),
                  "fr": (r"midi", r"minuit"), "it": (r"mezzogiorno", r"mezzanotte"),
                  "es": (r"mediodía", r"medianoche"), "ru": (r"полдень|полудня", r"полночь|полуночи")}
# Hindi clock times (Extractor._hindi_clock): a period of the day, साढ़े/सवा/पौने (half past,
# quarter past, quarter to), an hour in digits or words, बजे. Nuktas may be written apart or not.
_HI_NUKTA = "\u093c?"
_HI_CLOCK = (rf"(?:(?P<period>सुबह|सवेरे|त(?:ड{_HI_NUKTA}|\u095c)के|दोपहर|शाम|रात)\s+(?:(?:करीब|लगभग|तकरीबन)\s+)?)?"
             rf"(?:(?P<part>सा(?:ढ{_HI_NUKTA}|\u095d)े|सवा|पौने)\s+)?"
             rf"(?P<hour>\d{{1,2}}|एक|दो|तीन|चार|पा[ंँ]च|छह|छः|सात|आठ|नौ|दस|ग्यारह|बारह|डे(?:ढ{_HI_NUKTA}|\u095d)|ढाई)"
             r"\s*बजे")
# Languages whose month and weekday names take case endings (w niedzielę, októberben, torsdagen).
_INFLECTED_CALENDAR = frozenset({"pl", "cs", "sk", "sl", "hr", "sr", "bs", "hu", "fi", "et", "lv", "lt", "sv", "da", "nb", "no",
                                 "uk", "bg", "be", "ro", "ru"})
# A prefix that makes a weekday "every ...": Ukrainian щосуботи, щонеділі.
_DAY_PREFIX = {"uk": "(?:що)?"}
# Month names that are common words too, with the words that make them a month before them:
# otherwise a month only beside a day or a year (Romanian "nu mai", no longer; "luna mai", May).
_WORD_MONTHS = {"ro": (frozenset({"mai"}), r"(?:luna|lunii)\s+$")}
# Languages that write the day after the month ("March 8", "március 8-án").
_MONTH_DAY_ORDER = frozenset({"en", "hu", "lt", "lv"})
# Words joining two hours of a range ("11 und 17 Uhr").
_RANGE_WORDS = r"und|bis|and|to|és|en|tot|et|à|y|a|e|och|till|i|do|ve|и|до|και|έως|a\s+las"

# Days joined to a dated day that carries the month ("3 y 4 de octubre", "3., 4. und 5. Mai",
# "с 3 по 5 октября"): before it in day-month languages, after it in month-day ones ("October 3
# and 4"). A list by commas alone is not enough: "October 3, 20 people died". "z ... na", "с ...
# на" join a night's two days ("w nocy z 14 na 15 sierpnia", "в ночь с 14 на 15 августа"); Hindi
# से ... तक is "from ... to" ("4 से 6 दिसंबर तक").
_DAY_JOINERS = rf"-|–|—|{_RANGE_WORDS}|al|au|по|through|से|और|तथा"
# The same in Chinese and Japanese, where a day after a full date keeps its month: 3月10日から12日
# (March 10 to 12), 3月10日至12日, 3月10日と11日. Not 12日間 (twelve days).
_CJK_DAY_AFTER = (r"\s*(?:から|～|〜|~|－|-|–|—|至|到|と|及び|及|和|或|・)\s*(\d{1,2}|[一二三四五六七八九十]{1,3})"
                  r"[日号](?![間间])")
_DAY = r"\d{1,2}(?:\.|er|º|η|ης|st|nd|rd|th)?"
_DAYS_BEFORE = (rf"(?<![\d.,])(?:(?:{_DAY}\s*,\s*)*{_DAY}\s*(?:{_DAY_JOINERS})"
                rf"|(?<![\w])(?:z|ze|od|с|со|з|із|от)\s+{_DAY}\s*(?:na|на))\s*$")
_DAYS_AFTER = rf"(?:\s*,\s*{_DAY})*\s*(?:{_DAY_JOINERS})\s*{_DAY}(?![\d.,:]\d|\d)(?!\s*(?:%|percent|per\s?cent))"

# A day of the month right after a weekday, where a language writes one so ("giovedì 7", "jeudi
# 7", "el jueves 7", "Donnerstag, 7.", "Thursday the 7th"): per language, the pattern after the
# weekday, the day its group 1. English and German need the ordinal mark (after "Thursday", a
# bare "7" is too often a count: "on Thursday 7 people died"); Romance languages write the bare
# day. Slavic ones always write the month ("в четверг 7 человек" is seven people).
_BARE_DAY_END = r"(?![\d:]|[.,]\d)"
_WEEKDAY_DAY = {
    "en": r",?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)(?![\w])",
    "de": r",?\s+(?:(?:den|dem)\s+)?(\d{1,2})\.(?=\s|$)",
    "fr": rf"\s+(\d{{1,2}})(?:er)?{_BARE_DAY_END}(?![\w])",
    "it": rf"\s+(\d{{1,2}}){_BARE_DAY_END}(?![\w])",
    "es": rf"\s+(\d{{1,2}}){_BARE_DAY_END}(?![\w])",
    "pt": rf"\s+(?:dia\s+)?(\d{{1,2}}){_BARE_DAY_END}(?![\w])",
}

_TWENTY_FOUR_HOUR = {"el", "de", "ru", "zh", "fr", "es", "it", "pt", "nl", "pl", "tr", "uk", "bg", "cs", "ja", "ko"}


# --------------------------------------------------------------------------------------------
# Number words (cardinals and ordinals). Values 1 are left out on purpose: "one"/"ένα"/"ein"/"un"
# is mostly an article or a pronoun ("one will defend the other").
def _words(table: dict[float, str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for value, forms in table.items():
        for form in forms.split("|"):
            out[form] = value
    return out


_CARDINALS: dict[str, dict[str, float]] = {
    # "twice" and "double" say two (of goals, of times): "scored twice" renders Arabic هدفين (two
    # goals), "nearly double" Japanese ほぼ2倍; a hat-trick is three goals ("marcou três golos").
    "en": _words({0: "zero", 2: "two|twice|double|doubled", 3: "three|hat-trick", 4: "four", 5: "five", 6: "six", 7: "seven",
                  8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve|dozen", 13: "thirteen", 14: "fourteen",
                  15: "fifteen", 16: "sixteen", 17: "seventeen", 18: "eighteen", 19: "nineteen", 20: "twenty",
                  30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety",
                  100: "hundred", 1000: "thousand", 10**6: "million", 10**9: "billion"}),
    "el": _words({0: "μηδέν", 2: "δύο|δυο", 3: "τρεις|τρία|τριών|τρία", 4: "τέσσερις|τέσσερα|τεσσάρων",
                  5: "πέντε", 6: "έξι", 7: "επτά|εφτά", 8: "οκτώ|οχτώ", 9: "εννέα|εννιά", 10: "δέκα",
                  11: "έντεκα|ένδεκα", 12: "δώδεκα", 13: "δεκατρία|δεκατρείς", 14: "δεκατέσσερα|δεκατέσσερις",
                  15: "δεκαπέντε", 16: "δεκαέξι|δεκάξι", 17: "δεκαεπτά|δεκαεφτά", 18: "δεκαοκτώ|δεκαοχτώ",
                  19: "δεκαεννέα|δεκαεννιά", 20: "είκοσι", 30: "τριάντα", 40: "σαράντα", 50: "πενήντα",
                  60: "εξήντα", 70: "εβδομήντα", 80: "ογδόντα", 90: "ενενήντα",
                  100: "εκατό|εκατόν", 200: "διακόσια|διακόσιες|διακοσίων", 300: "τριακόσια|τριακόσιες|τριακοσίων",
                  400: "τετρακόσια|τετρακόσιες", 500: "πεντακόσια|πεντακόσιες", 1000: "χίλια|χίλιες|χιλίων|χιλιάδες|χιλιάδων",
                  10**6: "εκατομμύρια|εκατομμυρίων|εκατομμύριο"}),
    "de": _words({0: "null", 2: "zwei|zwo", 3: "drei", 4: "vier", 5: "fünf", 6: "sechs", 7: "sieben", 8: "acht",
                  9: "neun", 10: "zehn", 11: "elf", 12: "zwölf|dutzend", 13: "dreizehn", 14: "vierzehn",
                  15: "fünfzehn", 16: "sechzehn", 17: "siebzehn", 18: "achtzehn", 19: "neunzehn", 20: "zwanzig",
                  30: "dreißig", 40: "vierzig", 50: "fünfzig", 60: "sechzig", 70: "siebzig", 80: "achtzig",
                  90: "neunzig", 100: "hundert|einhundert", 1000: "tausend|eintausend", 10**6: "millionen|million"}),
    "ru": _words({0: "ноль", 2: "два|две|двух|двум|двумя", 3: "три|трёх|трех|трём|тремя", 4: "четыре|четырёх|четырех|четырьмя",
                  5: "пять|пяти|пятью", 6: "шесть|шести", 7: "семь|семи", 8: "восемь|восьми", 9: "девять|девяти",
                  10: "десять|десяти", 11: "одиннадцать|одиннадцати", 12: "двенадцать|двенадцати",
                  13: "тринадцать|тринадцати", 14: "четырнадцать|четырнадцати", 15: "пятнадцать|пятнадцати",
                  16: "шестнадцать|шестнадцати", 17: "семнадцать|семнадцати", 18: "восемнадцать|восемнадцати",
                  19: "девятнадцать|девятнадцати", 20: "двадцать|двадцати", 30: "тридцать|тридцати",
                  40: "сорок|сорока", 50: "пятьдесят|пятидесяти", 60: "шестьдесят|шестидесяти",
                  70: "семьдесят|семидесяти", 80: "восемьдесят|восьмидесяти", 90: "девяносто|девяноста",
                  100: "сто|ста", 200: "двести|двухсот", 300: "триста|трёхсот", 500: "пятьсот|пятисот",
                  1000: "тысяча|тысячи|тысяч", 10**6: "миллион|миллиона|миллионов"}),
    "fr": _words({0: "zéro", 2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept", 8: "huit",
                  9: "neuf", 10: "dix|dizaine", 11: "onze", 12: "douze|douzaine", 13: "treize", 14: "quatorze",
                  15: "quinze|quinzaine", 16: "seize", 17: "dix-sept", 18: "dix-huit", 19: "dix-neuf",
                  20: "vingt|vingtaine", 30: "trente|trentaine", 40: "quarante|quarantaine",
                  50: "cinquante|cinquantaine", 60: "soixante|soixantaine", 70: "soixante-dix",
                  80: "quatre-vingts|quatre-vingt", 90: "quatre-vingt-dix", 100: "cent|cents|centaine", 1000: "mille",
                  10**6: "millions|million"}),
    "es": _words({0: "cero", 2: "dos", 3: "tres", 4: "cuatro", 5: "cinco", 6: "seis", 7: "siete", 8: "ocho",
                  9: "nueve", 10: "diez", 11: "once", 12: "doce|docena", 13: "trece", 14: "catorce", 15: "quince",
                  16: "dieciséis", 17: "diecisiete", 18: "dieciocho", 19: "diecinueve", 20: "veinte", 30: "treinta",
                  40: "cuarenta", 50: "cincuenta", 60: "sesenta", 70: "setenta", 80: "ochenta", 90: "noventa",
                  100: "cien|ciento|cientos", 1000: "mil", 10**6: "millones|millón"}),
    # Arabic, as _ar_number_word spells it (no diacritics, one alef, ى as ي); 11 is two words.
    "ar": _words({2: "اثنان|اثنين|اثنتان|اثنتين|اثنا|اثني|اثنتا|اثنتي", 3: "ثلاث|ثلاثة", 4: "اربع|اربعة",
                  5: "خمس|خمسة", 6: "ست|ستة", 7: "سبع|سبعة", 8: "ثمان|ثماني|ثمانية", 9: "تسع|تسعة", 10: "عشر|عشرة",
                  11: "احد عشر|احد عشرة|احدي عشر|احدي عشرة", 20: "عشرون|عشرين", 30: "ثلاثون|ثلاثين",
                  40: "اربعون|اربعين", 50: "خمسون|خمسين", 60: "ستون|ستين", 70: "سبعون|سبعين", 80: "ثمانون|ثمانين",
                  90: "تسعون|تسعين", 100: "مئة|مائة", 200: "مئتان|مئتين|مائتان|مائتين", 300: "ثلاثمئة|ثلاثمائة",
                  400: "اربعمئة|اربعمائة", 500: "خمسمئة|خمسمائة", 600: "ستمئة|ستمائة", 700: "سبعمئة|سبعمائة",
                  800: "ثمانمئة|ثمانمائة|ثمانيمئة", 900: "تسعمئة|تسعمائة", 1000: "الف|الاف",
                  10**6: "مليون|ملايين", 10**9: "مليار|مليارات"}),
}


def _hi_norm(word: str) -> str:
    """A Devanagari word as the number tables spell it: nuktas dropped (हज़ार and हजार, करोड़ with
    the one-character ड़ or ड + ़ are one word) and a chandrabindu written as an anusvara (पाँच,
    पांच)."""
    return unicodedata.normalize("NFD", word).replace("\u093c", "").replace("\u0901", "\u0902")


def _tens_and_units(tens: dict[int, str], units: dict[int, str], glue: Callable[[str, str], str]) -> dict[int, str]:
    """The numbers 21-99 of a language that writes them as one word of a ten and a unit
    (Italian ventidue, Swedish tjugofem, Dutch vijfentwintig, Hungarian huszonöt)."""
    out: dict[int, str] = {}
    for t, t_forms in tens.items():
        for u, u_forms in units.items():
            out[t + u] = "|".join(glue(tf, uf) for tf in t_forms.split("|") for uf in u_forms.split("|"))
    return out


_IT_TENS = {20: "venti", 30: "trenta", 40: "quaranta", 50: "cinquanta", 60: "sessanta", 70: "settanta", 80: "ottanta",
            90: "novanta"}
_NL_TENS = {20: "twintig", 30: "dertig", 40: "veertig", 50: "vijftig", 60: "zestig", 70: "zeventig", 80: "tachtig",
            90: "negentig"}
_SV_TENS = {20: "tjugo", 30: "trettio", 40: "fyrtio", 50: "femtio", 60: "sextio", 70: "sjuttio", 80: "åttio", 90: "nittio"}
_HU_TENS = {20: "húsz", 30: "harminc", 40: "negyven", 50: "ötven", 60: "hatvan", 70: "hetven", 80: "nyolcvan", 90: "kilencven"}
_HU_UNITS = {1: "egy", 2: "kettő|két", 3: "három", 4: "négy", 5: "öt", 6: "hat", 7: "hét", 8: "nyolc", 9: "kilenc"}

_CARDINALS.update({
    # Italian, Dutch, Swedish and Hungarian write 21-99 as one word (ventuno, tweeëntwintig,
    # tjugoett, huszonegy: a one inside a compound is no article); hundreds and thousands glue on
    # too (duecento, tremila, tweehonderd), which _glued_number reads.
    "it": _words({0: "zero", 2: "due", 3: "tre", 4: "quattro", 5: "cinque", 6: "sei", 7: "sette", 8: "otto", 9: "nove",
                  10: "dieci", 11: "undici", 12: "dodici|dozzina", 13: "tredici", 14: "quattordici", 15: "quindici",
                  16: "sedici", 17: "diciassette", 18: "diciotto", 19: "diciannove", **_IT_TENS, 100: "cento",
                  1000: "mille|mila", 10**6: "milione|milioni", 10**9: "miliardo|miliardi",
                  **_tens_and_units(_IT_TENS, {1: "uno", 2: "due", 3: "tre|tré", 4: "quattro", 5: "cinque", 6: "sei",
                                               7: "sette", 8: "otto", 9: "nove"},
                                    lambda t, u: (t[:-1] if u[0] in "uo" else t) + u)}),
    "pt": _words({0: "zero", 2: "dois|duas", 3: "três", 4: "quatro", 5: "cinco", 6: "seis", 7: "sete", 8: "oito", 9: "nove",
                  10: "dez", 11: "onze", 12: "doze|dúzia", 13: "treze", 14: "catorze|quatorze", 15: "quinze",
                  16: "dezesseis|dezasseis", 17: "dezessete|dezassete", 18: "dezoito", 19: "dezenove|dezanove",
                  20: "vinte", 30: "trinta", 40: "quarenta", 50: "cinquenta", 60: "sessenta", 70: "setenta",
                  80: "oitenta", 90: "noventa", 100: "cem|cento", 200: "duzentos|duzentas", 300: "trezentos|trezentas",
                  400: "quatrocentos|quatrocentas", 500: "quinhentos|quinhentas", 600: "seiscentos|seiscentas",
                  700: "setecentos|setecentas", 800: "oitocentos|oitocentas", 900: "novecentos|novecentas",
                  1000: "mil", 10**6: "milhão|milhões|milhao|milhoes", 10**9: "bilhão|bilhões"}),
    # Slavic numbers decline: the nominative, the genitive (after "over", "about") and the
    # instrumental are common in news; 5 and up take the genitive plural of tysiąc, тисяча.
    "pl": _words({0: "zero", 2: "dwa|dwie|dwóch|dwoma|dwom|dwu|dwaj", 3: "trzy|trzech|trzem|trzema|trzej",
                  4: "cztery|czterech|czterem|czterema|czterej", 5: "pięć|pięciu|pięcioma", 6: "sześć|sześciu|sześcioma",
                  7: "siedem|siedmiu|siedmioma", 8: "osiem|ośmiu|ośmioma", 9: "dziewięć|dziewięciu|dziewięcioma",
                  10: "dziesięć|dziesięciu", 11: "jedenaście|jedenastu", 12: "dwanaście|dwunastu|tuzin",
                  13: "trzynaście|trzynastu", 14: "czternaście|czternastu", 15: "piętnaście|piętnastu",
                  16: "szesnaście|szesnastu", 17: "siedemnaście|siedemnastu", 18: "osiemnaście|osiemnastu",
                  19: "dziewiętnaście|dziewiętnastu", 20: "dwadzieścia|dwudziestu", 30: "trzydzieści|trzydziestu",
                  40: "czterdzieści|czterdziestu", 50: "pięćdziesiąt|pięćdziesięciu", 60: "sześćdziesiąt|sześćdziesięciu",
                  70: "siedemdziesiąt|siedemdziesięciu", 80: "osiemdziesiąt|osiemdziesięciu",
                  90: "dziewięćdziesiąt|dziewięćdziesięciu", 100: "sto|stu", 200: "dwieście|dwustu",
                  300: "trzysta|trzystu", 400: "czterysta|czterystu", 500: "pięćset|pięciuset", 600: "sześćset|sześciuset",
                  700: "siedemset|siedmiuset", 800: "osiemset|ośmiuset", 900: "dziewięćset|dziewięciuset",
                  1000: "tysiąc|tysiące|tysięcy|tysiąca|tysiącach|tysiącami",
                  10**6: "milion|miliony|milionów|miliona|milionach|milionami", 10**9: "miliard|miliardy|miliardów|miliarda"}),
    "cs": _words({0: "nula", 2: "dva|dvě|dvou|dvěma", 3: "tři|tří|třech|třem|třemi", 4: "čtyři|čtyř|čtyřech|čtyřem|čtyřmi",
                  5: "pět|pěti", 6: "šest|šesti", 7: "sedm|sedmi", 8: "osm|osmi", 9: "devět|devíti", 10: "deset|deseti",
                  11: "jedenáct|jedenácti", 12: "dvanáct|dvanácti|tucet", 13: "třináct|třinácti", 14: "čtrnáct|čtrnácti",
                  15: "patnáct|patnácti", 16: "šestnáct|šestnácti", 17: "sedmnáct|sedmnácti", 18: "osmnáct|osmnácti",
                  19: "devatenáct|devatenácti", 20: "dvacet|dvaceti", 30: "třicet|třiceti", 40: "čtyřicet|čtyřiceti",
                  50: "padesát|padesáti", 60: "šedesát|šedesáti", 70: "sedmdesát|sedmdesáti", 80: "osmdesát|osmdesáti",
                  90: "devadesát|devadesáti", 100: "sto|sta|stě|set", 1000: "tisíc|tisíce|tisíci|tisícům",
                  10**6: "milion|miliony|milionů|milionu", 10**9: "miliarda|miliardy|miliard"}),
    # Ukrainian apostrophes (п'ять) are read as "'" whichever of ' ’ ʼ is written.
    "uk": _words({0: "нуль", 2: "два|дві|двох|двом|двома", 3: "три|трьох|трьом|трьома", 4: "чотири|чотирьох|чотирьом|чотирма",
                  5: "п'ять|п'яти|п'ятьох", 6: "шість|шести|шістьох", 7: "сім|семи|сімох", 8: "вісім|восьми|вісьмох",
                  9: "дев'ять|дев'яти", 10: "десять|десяти", 11: "одинадцять|одинадцяти", 12: "дванадцять|дванадцяти",
                  13: "тринадцять|тринадцяти", 14: "чотирнадцять|чотирнадцяти", 15: "п'ятнадцять|п'ятнадцяти",
                  16: "шістнадцять|шістнадцяти", 17: "сімнадцять|сімнадцяти", 18: "вісімнадцять|вісімнадцяти",
                  19: "дев'ятнадцять|дев'ятнадцяти", 20: "двадцять|двадцяти", 30: "тридцять|тридцяти",
                  40: "сорок|сорока", 50: "п'ятдесят|п'ятдесяти", 60: "шістдесят|шістдесяти", 70: "сімдесят|сімдесяти",
                  80: "вісімдесят|вісімдесяти", 90: "дев'яносто|дев'яноста", 100: "сто|ста", 200: "двісті|двохсот",
                  300: "триста|трьохсот", 400: "чотириста|чотирьохсот", 500: "п'ятсот|п'ятисот", 600: "шістсот|шестисот",
                  700: "сімсот|семисот", 800: "вісімсот|восьмисот", 900: "дев'ятсот|дев'ятисот",
                  1000: "тисяча|тисячі|тисяч|тисячу|тисячами", 10**6: "мільйон|мільйона|мільйонів|мільйони",
                  10**9: "мільярд|мільярда|мільярдів|мільярди"}),
    "bg": _words({0: "нула", 2: "два|две|двама", 3: "три|трима", 4: "четири|четирима", 5: "пет|петима", 6: "шест|шестима",
                  7: "седем|седмина", 8: "осем|осмина", 9: "девет|деветима", 10: "десет|десетима",
                  11: "единадесет|единайсет", 12: "дванадесет|дванайсет", 13: "тринадесет|тринайсет",
                  14: "четиринадесет|четиринайсет", 15: "петнадесет|петнайсет", 16: "шестнадесет|шестнайсет",
                  17: "седемнадесет|седемнайсет", 18: "осемнадесет|осемнайсет", 19: "деветнадесет|деветнайсет",
                  20: "двадесет|двайсет", 30: "тридесет|трийсет", 40: "четиридесет|четирийсет", 50: "петдесет",
                  60: "шестдесет|шейсет", 70: "седемдесет", 80: "осемдесет", 90: "деветдесет", 100: "сто",
                  200: "двеста", 300: "триста", 400: "четиристотин", 500: "петстотин", 600: "шестстотин",
                  700: "седемстотин", 800: "осемстотин", 900: "деветстотин", 1000: "хиляда|хиляди",
                  10**6: "милион|милиона", 10**9: "милиард|милиарда"}),
    "nl": _words({0: "nul", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht", 9: "negen",
                  10: "tien", 11: "elf", 12: "twaalf|dozijn", 13: "dertien", 14: "veertien", 15: "vijftien", 16: "zestien",
                  17: "zeventien", 18: "achttien", 19: "negentien", **_NL_TENS, 100: "honderd", 1000: "duizend",
                  10**6: "miljoen", 10**9: "miljard",
                  **_tens_and_units(_NL_TENS, {1: "een|één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes",
                                               7: "zeven", 8: "acht", 9: "negen"},
                                    lambda t, u: u + ("ën" if u.endswith("e") else "en") + t)}),
    "sv": _words({0: "noll", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta", 9: "nio", 10: "tio",
                  11: "elva", 12: "tolv|dussin", 13: "tretton", 14: "fjorton", 15: "femton", 16: "sexton", 17: "sjutton",
                  18: "arton", 19: "nitton", **_SV_TENS, 100: "hundra|etthundra", 1000: "tusen|ettusen",
                  10**6: "miljon|miljoner", 10**9: "miljard|miljarder",
                  **_tens_and_units(_SV_TENS, {1: "ett|en", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju",
                                               8: "åtta", 9: "nio"}, lambda t, u: t + u)}),
    # Turkish writes every part apart: "yirmi beş" (25), "iki yüz" (200), "on iki" (12).
    "tr": _words({0: "sıfır", 2: "iki", 3: "üç", 4: "dört", 5: "beş", 6: "altı", 7: "yedi", 8: "sekiz", 9: "dokuz",
                  10: "on", 20: "yirmi", 30: "otuz", 40: "kırk", 50: "elli", 60: "altmış", 70: "yetmiş", 80: "seksen",
                  90: "doksan", 100: "yüz", 1000: "bin", 10**6: "milyon", 10**9: "milyar"}),
    "hu": _words({0: "nulla", **{k: v for k, v in _HU_UNITS.items() if k > 1}, 10: "tíz", **_HU_TENS, 100: "száz",
                  1000: "ezer", 10**6: "millió", 10**9: "milliárd",
                  **_tens_and_units({10: "tizen", 20: "huszon", **{k: v for k, v in _HU_TENS.items() if k > 20}},
                                    _HU_UNITS, lambda t, u: t + u)}),
    # Romanian: "nouă" (nine) is mostly "new" (o nouă lege) and is left out like one; "doua" without
    # its breve is the ordinal of "a doua" (the second).
    "ro": _words({0: "zero", 2: "doi|două", 3: "trei", 4: "patru", 5: "cinci", 6: "șase|şase", 7: "șapte|şapte", 8: "opt",
                  10: "zece", 11: "unsprezece", 12: "doisprezece|douăsprezece", 13: "treisprezece", 14: "paisprezece",
                  15: "cincisprezece", 16: "șaisprezece|şaisprezece", 17: "șaptesprezece|şaptesprezece",
                  18: "optsprezece", 19: "nouăsprezece", 20: "douăzeci", 30: "treizeci", 40: "patruzeci",
                  50: "cincizeci", 60: "șaizeci|şaizeci", 70: "șaptezeci|şaptezeci", 80: "optzeci", 90: "nouăzeci",
                  100: "sută|sute", 1000: "mie|mii", 10**6: "milion|milioane", 10**9: "miliard|miliarde"}),
    # Hindi has a word for every number to 99; डेढ़ and ढाई are 1.5 and 2.5 (ढाई लाख, 250,000).
    # Keys are spelled as _hi_norm makes them.
    "hi": {_hi_norm(k): v for k, v in _words({
        0: "शून्य", 1.5: "डेढ़", 2: "दो", 2.5: "ढाई", 3: "तीन", 4: "चार", 5: "पांच|पाँच", 6: "छह|छः|छै", 7: "सात", 8: "आठ",
        9: "नौ", 10: "दस", 11: "ग्यारह", 12: "बारह|दर्जन", 13: "तेरह", 14: "चौदह", 15: "पंद्रह|पन्द्रह", 16: "सोलह",
        17: "सत्रह", 18: "अठारह", 19: "उन्नीस", 20: "बीस", 21: "इक्कीस", 22: "बाईस", 23: "तेईस", 24: "चौबीस",
        25: "पच्चीस", 26: "छब्बीस", 27: "सत्ताईस", 28: "अट्ठाईस", 29: "उनतीस", 30: "तीस", 31: "इकतीस", 32: "बत्तीस",
        33: "तैंतीस", 34: "चौंतीस", 35: "पैंतीस", 36: "छत्तीस", 37: "सैंतीस", 38: "अड़तीस", 39: "उनतालीस", 40: "चालीस",
        41: "इकतालीस", 42: "बयालीस", 43: "तैंतालीस", 44: "चवालीस", 45: "पैंतालीस", 46: "छियालीस", 47: "सैंतालीस",
        48: "अड़तालीस", 49: "उनचास", 50: "पचास", 51: "इक्यावन", 52: "बावन", 53: "तिरपन", 54: "चौवन", 55: "पचपन",
        56: "छप्पन", 57: "सत्तावन", 58: "अट्ठावन", 59: "उनसठ", 60: "साठ", 61: "इकसठ", 62: "बासठ", 63: "तिरसठ",
        64: "चौंसठ", 65: "पैंसठ", 66: "छियासठ", 67: "सड़सठ", 68: "अड़सठ", 69: "उनहत्तर", 70: "सत्तर", 71: "इकहत्तर",
        72: "बहत्तर", 73: "तिहत्तर", 74: "चौहत्तर", 75: "पचहत्तर", 76: "छिहत्तर", 77: "सतहत्तर", 78: "अठहत्तर",
        79: "उन्यासी", 80: "अस्सी", 81: "इक्यासी", 82: "बयासी", 83: "तिरासी", 84: "चौरासी", 85: "पचासी", 86: "छियासी",
        87: "सत्तासी", 88: "अट्ठासी", 89: "नवासी", 90: "नब्बे", 91: "इक्यानवे", 92: "बानवे", 93: "तिरानवे",
        94: "चौरानवे", 95: "पचानवे", 96: "छियानवे", 97: "सत्तानवे", 98: "अट्ठानवे", 99: "निन्यानवे", 100: "सौ",
        1000: "हज़ार|हजार", 10**5: "लाख", 10**7: "करोड़", 10**9: "अरब"}).items()},
})
# Approximate counts said as one word ("une quarantaine d'œuvres", "una quarantina"): about 40.
_CARDINALS["it"].update(_words({10: "decina", 15: "quindicina", 20: "ventina", 30: "trentina", 40: "quarantina",
                                50: "cinquantina", 60: "sessantina", 100: "centinaio"}))
# Forms read only inside a word glued of number parts (_glued_number): a one after other parts
# (Italian centouno, 101; Dutch honderdeen), never first (egymillió, "one million", is left out
# as "one" is).
_GLUE_ONLY: dict[str, dict[str, int]] = {"it": {"uno": 1, "un": 1}, "nl": {"een": 1, "één": 1},
                                         "sv": {"ett": 1, "en": 1}, "hu": {"egy": 1}}
# Number words that are more often another word in some places: Hungarian hét is "week" after
# an article, a determiner or a number (két hét, a jövő héten), Dutch acht "considers" before an
# object (het OM acht het bewezen). Per language: {form: (pattern before it, pattern after it)}.
_NOT_A_NUMBER: dict[str, dict[str, tuple[str | None, str | None]]] = {
    "hu": {"hét": (r"(?i)(?:^|[\s(])(?:a|az|e|ez|egy|két|kettő|három|négy|öt|hat|hét|nyolc|kilenc|tíz|\d+|múlt|jövő|"
                   r"minden|elmúlt|következő|előző|fél|ezen|azon|pár|néhány|több|utolsó|első)\s+$",
                   r"(?i)^\s+(?:végén|elején|közepén|folyamán|során|múlva|alatt|óta|végéig)\b")},
    "nl": {"acht": (None, r"(?i)^\s+(?:het|de|dat|dit|deze|die|een|hem|haar|zich|hen|hun|ons|mij|me|u|niet|wel|ook|"
                          r"bewezen|aannemelijk|mogelijk|waarschijnlijk|nodig|noodzakelijk)\b")},
}
# Words that join the parts of one number ("three hundred and five", "vinte e dois", "douăzeci și
# doi"), and Romanian "de" before a scale word ("douăzeci de mii", twenty thousand).
_JOINERS = frozenset({"and", "και", "und", "и", "et", "y", "e", "și", "şi"})
_SCALE_JOINERS = {"ro": frozenset({"de"})}
# Scale words that alone are no count ("thousands of troops", "hundreds", लाखों aside: a lakh).
_BARE_SCALES = frozenset({100, 1000, 10**5, 10**6, 10**7, 10**9, 10**12})
# Words for number_words: letters with internal hyphens ("twenty-five"); Devanagari vowel signs
# and other combining marks are no \w in Python and must be named; Ukrainian spells п'ять, сім'я
# with an apostrophe inside the word.
_WORD = r"[^\W\d_]+(?:[-‐][^\W\d_]+)*"
_DEVANAGARI_LETTER = r"(?:[^\W\d_]|[\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963])"
_TOKEN = {"hi": rf"{_DEVANAGARI_LETTER}+(?:[-‐]{_DEVANAGARI_LETTER}+)*",
          "uk": r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*(?:[-‐][^\W\d_]+(?:['’ʼ][^\W\d_]+)*)*"}


def _token_key(word: str, lang: str) -> str:
    """A word as the number tables spell it (_hi_norm for Hindi, one apostrophe for Ukrainian)."""
    if lang == "hi":
        return _hi_norm(word)
    if lang == "uk":
        return re.sub(r"[’ʼ]", "'", word)
    return word


def _fits(current: float, value: float) -> bool:
    """Whether ``value`` can follow the number ``current`` said so far as a lower part of it: a
    unit after a ten or a hundred (20 + 5, 100 + 20), nothing after a unit (2, then 7 is a second
    number).

    >>> _fits(20, 5), _fits(120, 5), _fits(100, 12), _fits(2, 7), _fits(15, 3), _fits(0, 7)
    (True, True, True, False, False, True)
    """
    return current == 0 or current % 10 ** len(str(int(value))) == 0


@functools.lru_cache(maxsize=4096)
def _glued_number(word: str, lang: str) -> float | None:
    """Value of a word glued of number words, in languages that write numbers so: Italian
    duecento (200), tremila (3000), milleduecento; Dutch tweehonderd, drieduizend; Swedish
    tvåhundra; Hungarian kétszáz, húszezer. Every piece must be a number word and the pieces
    must make a number (ottobre, tweede, hétfő are no numbers).

    >>> _glued_number("duecentocinquanta", "it"), _glued_number("ventimila", "it"), _glued_number("ottobre", "it")
    (250.0, 20000.0, None)
    >>> _glued_number("tweehonderdvijfentwintig", "nl"), _glued_number("kétezer", "hu"), _glued_number("hétfő", "hu")
    (225.0, 2000.0, None)
    """
    pieces = {**_CARDINALS.get(lang, {}), **_GLUE_ONLY.get(lang, {})}
    longest = max(map(len, pieces), default=0)

    def split(rest: str) -> list[float] | None:
        if not rest:
            return []
        for n in range(min(longest, len(rest)), 1, -1):
            if rest[:n] in pieces and (tail := split(rest[n:])) is not None:
                return [pieces[rest[:n]], *tail]
        return None

    values = split(word.lower())
    if not values or len(values) < 2:
        return None
    total, current = 0.0, 0.0
    for v in values:
        if v >= 1000:
            total += max(current, 1) * v
            current = 0.0
        elif v == 100 and current < 10:
            current = max(current, 1) * 100
        elif _fits(current, v) and not (v == 1 and current == 0 and total == 0):
            current += v
        else:
            return None
    return total + current if total + current > 1 else None


_ORDINALS: dict[str, dict[str, int]] = {
    "en": _words({1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
                  8: "eighth", 9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth", 13: "thirteenth",
                  14: "fourteenth", 15: "fifteenth", 16: "sixteenth", 17: "seventeenth", 18: "eighteenth",
                  19: "nineteenth", 20: "twentieth", 30: "thirtieth", 100: "hundredth"}),
    "de": _words({1: "erste|ersten|erster|erstes|erstem", 2: "zweite|zweiten|zweiter|zweites|zweitem",
                  3: "dritte|dritten|dritter|drittes|drittem", 4: "vierte|vierten|vierter|viertes",
                  5: "fünfte|fünften|fünfter|fünftes", 6: "sechste|sechsten|sechster", 7: "siebte|siebten|siebter",
                  8: "achte|achten|achter", 9: "neunte|neunten|neunter", 10: "zehnte|zehnten|zehnter",
                  11: "elfte|elften", 12: "zwölfte|zwölften", 20: "zwanzigste|zwanzigsten"}),
    "fr": _words({1: "premier|première|premiers|premières", 2: "deuxième|second|seconde", 3: "troisième",
                  4: "quatrième", 5: "cinquième", 6: "sixième", 7: "septième", 8: "huitième", 9: "neuvième",
                  10: "dixième", 11: "onzième", 12: "douzième", 20: "vingtième"}),
    "es": _words({1: "primero|primera|primer|primeros|primeras", 2: "segundo|segunda", 3: "tercero|tercera|tercer",
                  4: "cuarto|cuarta", 5: "quinto|quinta", 6: "sexto|sexta", 7: "séptimo|séptima", 8: "octavo|octava",
                  9: "noveno|novena", 10: "décimo|décima"}),
}
# Inflected ordinals as stems + endings (Greek and Russian decline them in gender, case, number).
_ORDINAL_STEMS: dict[str, list[tuple[str, int]]] = {
    "el": [("πρώτ", 1), ("δεύτερ", 2), ("τρίτ", 3), ("τέταρτ", 4), ("πέμπτ", 5), ("έκτ", 6), ("έβδομ", 7),
           ("όγδο", 8), ("ένατ", 9), ("δέκατ", 10), ("ενδέκατ", 11), ("δωδέκατ", 12), ("εικοστ", 20)],
    "ru": [("перв", 1), ("втор", 2), ("трет", 3), ("четвёрт", 4), ("четверт", 4), ("пят", 5), ("шест", 6),
           ("седьм", 7), ("восьм", 8), ("девят", 9), ("десят", 10), ("одиннадцат", 11), ("двенадцат", 12),
           ("тринадцат", 13), ("пятнадцат", 15), ("двадцат", 20)],
}
_EL_ORD_END = r"(?:ος|ου|ο|ον|η|ης|ή|ής|οι|ων|ους|ες|α|ε)"
_RU_ORD_END = r"(?:ый|ий|ой|ая|ое|ые|ого|ому|ом|ым|ых|ую|ей|ья|ье|ьи|ьего|ьей|ьем|ьим|ьих|ью|ем|им|их|яя|ее)"

# Arabic number words carry clitics glued before them: و/ف (and), ب/ل/ك (with, to, like) and the
# article ال (بثلاثة, والعشرين, للخمسة). Diacritics and tatweel are dropped, alef forms made one.
_AR_MARKS = re.compile(r"[\u064B-\u0652\u0670\u0640]")
_AR_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})
_AR_CLITICS = sorted({c + p + a if not (p == "ل" and a) else c + "لل"
                      for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك") for a in ("", "ال")}, key=len)
# Number words that are other words with some clitics: لست "I am not", لتسع "to hold", الاثنين
# and الأحد Monday and Sunday; the two-letter ست (six) is read bare only (وست هام, West Ham).
_AR_NOT_NUMBERS = {("ل", "تسع"), ("ال", "اثنين"), ("ال", "اثنان"), ("ال", "احد"), ("ال", "احدي")}
# The ordinals of the units as the first word of an ordinal (الخامسة عشرة, 15th; التاسعة والخمسين,
# 59th), with the article and any clitic before it, as _ar_number_word spells them.
_AR_ORDINAL_UNITS = {"حادي": 1, "حادية": 1, "ثاني": 2, "ثانية": 2, "ثالث": 3, "ثالثة": 3, "رابع": 4, "رابعة": 4,
                     "خامس": 5, "خامسة": 5, "سادس": 6, "سادسة": 6, "سابع": 7, "سابعة": 7, "ثامن": 8, "ثامنة": 8,
                     "تاسع": 9, "تاسعة": 9}
_AR_ORDINAL_UNIT = rf"(?:[وفب]?ال|[وف]?لل)({'|'.join(_AR_ORDINAL_UNITS)})"
# Clitics glued before digits: "و28.25%" (and 28.25%), "بـ25", the article with a tatweel in
# "الجولة الـ25" (round 25). Any other letters before digits make them part of a word.
_AR_DIGIT_CLITIC = r"(?<![\w])(?:[وف]?[بلك]?(?:الـ?)?|[وف]?للـ?)ـ?$"
# Arabic clock hours with a period of the day after them: morning, dawn, noon, afternoon, evening,
# night, with their accusative ending (صباحاً) or none. Not after a hyphen: "5-0 مساء الجمعة" is a
# score on Friday evening.
_AR_CLOCK = (r"(?<![\d.,:\-–])(\d{1,2})(?::([0-5]\d))?\s+(صباح|فجر|ظهر|عصر|مساء|ليل)(?:ا\u064b|\u064bا|ا|\u064b)?(?![\w])")
# Nouns that results count (goals, points, votes, seats, sets): Arabic writes one and two with the
# singular and the dual, so "بثلاثة أهداف مقابل هدف" is 3-1 and "بهدفين" two goals.
_AR_COUNTED = {"هدف": "هدفين|هدفان", "نقطة": "نقطتين|نقطتان", "صوت": "صوتين|صوتان", "مقعد": "مقعدين|مقعدان",
               "شوط": "شوطين|شوطان"}


def _ar_number_word(word: str) -> str:
    """An Arabic token as the number word it holds, clitics and diacritics taken off; any other
    word comes back with diacritics and alef forms normalized.

    >>> _ar_number_word("بثلاثة"), _ar_number_word("والعشرين"), _ar_number_word("لست"), _ar_number_word("الاثنين")
    ('ثلاثة', 'عشرين', 'لست', 'الاثنين')
    """
    w = _AR_MARKS.sub("", word).translate(_AR_LETTERS)
    cards = _CARDINALS["ar"]
    for clitic in _AR_CLITICS:  # shortest first: the bare word, then و, ب, ...
        rest = w[len(clitic):]
        if w.startswith(clitic) and rest in cards and (not clitic or len(rest) > 2):
            article = clitic.endswith(("ال", "لل"))
            if not any(rest == r and (clitic.endswith(c) or (c == "ال" and article)) for c, r in _AR_NOT_NUMBERS):
                return rest
    return w


_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10**4, "亿": 10**8}
# The myriad languages' units: small ones multiply the digits before them inside a group of four
# places (2천 is 2000), big ones close the group (2천880만 is 2880 x 10^4).
_MYRIAD_SMALL = {"zh": _ZH_UNITS, "ja": _ZH_UNITS, "ko": {"십": 10, "백": 100, "천": 1000}}
_MYRIAD_BIG = {"zh": _ZH_BIG, "ja": {"万": 10**4, "萬": 10**4, "億": 10**8, "兆": 10**12},
               "ko": {"만": 10**4, "억": 10**8, "조": 10**12}}
_ZH_NUM_CHARS = "零〇一二两三四五六七八九十百千万亿"
# Classifiers and units after a Chinese numeral that make it a number (一些, 统一 are not).
# 分 and 点 are left out: 十分 is "very", and o'clock times are read by the time pass.
_ZH_CLASSIFIERS = "个名位人次对辆座条家项种架艘枚岁倍公里米吨元年月日天号时秒周层成例件起场所台部只匹头张"

# Tenths after a count: Chinese 成, Japanese 割 (with 分 for hundredths: 2割5分), as patterns
# with the count in group 1 and the hundredths in group 2.
_TENTHS_COUNT = r"(?<![\d.])(\d{1,2}(?:\.\d)?|[一二两三四五六七八九十]{1,2})"
_TENTHS = {
    "zh": rf"{_TENTHS_COUNT}成()(?![员功本立绩交果熟长就都效千不])",
    "ja": rf"{_TENTHS_COUNT}割(?:(\d|[一二三四五六七八九])分)?(?![合安高りれく愛込])",
}
# Fifteen days for two weeks and eight for one (counting both ends): per language, the counts and
# the word for days. Spelled out only: "15 días" is as often a count of days (plazo de 15 días).
_WEEKS_IN_DAYS = {"fr": (r"quinze|huit", r"jours"), "es": (r"quince|ocho", r"días|dias"),
                  "it": (r"quindici|otto", r"giorni"), "pt": (r"quinze|oito", r"dias")}
# Words before an hour written 14h30 that make it a clock time (à, às, a las, alle, dès, até…).
_CLOCK_BEFORE = r"(?<![\w])(?:à|às|ás|as|las|alle|ore|vers|dès|hasta|desde|até|jusqu['’]à|partir de)\s+$"
# The hundredth of a currency, after its amount: 銭 (sen), копейка/копійка (kopeck).
_MINOR_UNITS = {"JPY": r"銭", "RUB": r"копе\w*", "UAH": r"копі\w*"}
# Italian names the centuries by their hundreds, capitalized after an article: "il Seicento" is
# the 17th century, the 1600s (lowercase "seicento" is 600).
_IT_CENTURIES = {"Duecento": 2, "Trecento": 3, "Quattrocento": 4, "Cinquecento": 5, "Seicento": 6,
                 "Settecento": 7, "Ottocento": 8, "Novecento": 9}
_IT_CENTURY = (r"(?<![\w])(?:il\s|del\s|al\s|nel\s|dal\s|sul\s|col\s|dell['’]|all['’]|nell['’])\s*"
               rf"(?P<c>{'|'.join(_IT_CENTURIES)})(?![\w])")
# Two-digit decades (the digits in group "d"): the 1950s said as "50".
_DECADES = {
    "en": r"(?<![\w\d])['’](?P<d>[1-9]0)s\b",
    "cs": r"(?<![\d.,])(?P<d>[1-9]0)\.\s+(?:let|léta|letech|léty)\b",
    "sk": r"(?<![\d.,])(?P<d>[1-9]0)\.\s+(?:rokov|roky|rokoch|rokmi)\b",
    "pl": r"\blat(?:ach)?\s+(?P<d>[1-9]0)\.?(?![\d.,]\d)",
    "de": r"(?<![\d.,])(?P<d>[1-9]0)er(?:-|\s)?Jahr",
    "nl": r"\bjaren\s+['’]?(?P<d>[1-9]0)\b",
    "fr": r"\bannées\s+(?P<d>[1-9]0)\b",
    "es": r"\baños\s+(?P<d>[1-9]0)\b",
    "pt": r"\banos\s+(?P<d>[1-9]0)\b",
    "it": r"\banni\s+['’]?(?P<d>[1-9]0)\b",
    "ru": r"(?<![\d.,])(?P<d>[1-9]0)-[хx]\b",
    "uk": r"(?<![\d.,])(?P<d>[1-9]0)-[хx]\b",
    "bg": r"(?<![\d.,])(?P<d>[1-9]0)-те\b",
}
# Words for tenths and hundredths after a count: Spanish "tres décimas" (of a percentage point) is
# 0.3, "15 centésimas" (of a second) 0.15.
_FRACTION_WORDS: dict[str, dict[str, float]] = {
    "es": {"décima": 10.0, "décimas": 10.0, "centésima": 100.0, "centésimas": 100.0},
}
# Japanese and Chinese "per day": 1日 or 一日 before a count (1日1往復, 1日3回, 一日三餐) or before
# あたり/平均 is a rate, not a day. A count that is a clock time or a date (1日10時, on the 1st at
# 10:00) leaves the day alone.
_PER_DAY = (r"(?<![\d.,{n}月])(?:1|１|一)日(?=あたり|当たり|平均|\d+[万億亿]?(?![\d]|[年月日時时点分号])"
            r"|[{n}]+(?![{n}]|[年月日時时点分号]))").format(n="一二三四五六七八九十两百千万亿")

_RELDAYS: dict[str, list[tuple[str, int]]] = {
    "en": [(r"the\s+day\s+before\s+yesterday", -2), (r"the\s+day\s+after\s+tomorrow", 2), (r"yesterday", -1),
           (r"today", 0), (r"tomorrow", 1)],
    "el": [(r"προχθές|προχτές|πρόχθες", -2), (r"μεθαύριο", 2), (r"χθες|χτες|εχθές", -1), (r"σήμερα", 0), (r"αύριο", 1)],
    "de": [(r"vorgestern", -2), (r"übermorgen", 2), (r"gestern", -1), (r"heute", 0)],
    "ru": [(r"позавчера", -2), (r"послезавтра", 2), (r"вчера", -1), (r"сегодня", 0), (r"завтра", 1)],
    "fr": [(r"avant-hier", -2), (r"après-demain", 2), (r"hier", -1), (r"aujourd'hui|aujourd’hui", 0), (r"demain", 1)],
    "es": [(r"anteayer|antes\s+de\s+ayer", -2), (r"pasado\s+mañana", 2), (r"ayer", -1), (r"hoy", 0)],
    "zh": [(r"前天", -2), (r"后天", 2), (r"昨天|昨日", -1), (r"今天|今日", 0), (r"明天|明日", 1)],
}


# --------------------------------------------------------------------------------------------
def _base(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


@functools.lru_cache(maxsize=None)
def _symbols(lang: str) -> tuple[str, str]:
    """CLDR decimal and group symbols of a language ("," and "." for Greek)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    try:
        return get_decimal_symbol(lang), get_group_symbol(lang)
    except Exception:  # unknown locale: babel raises its own errors; fall back to English usage
        return ".", ","


def parse_number(token: str, lang: str) -> list[float]:
    """Readings of a digit string under a language's conventions, the most likely first.

    >>> parse_number("1.500", "de"), parse_number("1.500", "en")
    ([1500.0, 1.5], [1.5, 1500.0])
    >>> parse_number("2,5", "el"), parse_number("10 000", "ru"), parse_number("1,234.5", "de")
    ([2.5], [10000.0], [1234.5])
    """
    decimal, group = _symbols(_base(lang))
    t = re.sub(r"[\s\u00a0\u202f\u2009'’]", " ", token)
    if " " in t:  # spaces and apostrophes only ever group thousands
        t = t.replace(" ", "")
    seps = [c for c in t if c in ".,"]
    if not seps:
        return [float(t)]
    if len(set(seps)) == 2:  # "1,234.5" or "1.234,5": the last separator is the decimal one
        dec = t[max(t.rfind("."), t.rfind(","))]
        grp = "," if dec == "." else "."
        return [float(t.replace(grp, "").replace(dec, "."))]
    sep = seps[0]
    parts = t.split(sep)
    grouped = all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3 and parts[0] != "0"
    as_decimal = float(parts[0] + "." + "".join(parts[1:])) if len(parts) == 2 else None
    as_group = float("".join(parts)) if grouped else None
    if as_group is None:
        return [as_decimal] if as_decimal is not None else [float("".join(parts))]
    if as_decimal is None:
        return [as_group]
    # One separator before exactly three digits: the locale decides which reading comes first.
    if sep == decimal and sep != group:
        return [as_decimal, as_group]
    return [as_group, as_decimal]


def _myriad_tail(rest: str, lang: str) -> tuple[list[float | str], int]:
    """The units and digit groups that go on with a number just read in a myriad language, and
    how many characters they take: after the 1 of 1万2000人, ``(["万", 2000.0], 5)``. Empty when
    no unit follows. Digits after the last unit belong to the number only glued to it and not
    starting a date or a time (1万2000人, not 3万 2025年).

    >>> _myriad_tail("천880만명", "ko"), _myriad_tail("조 1천억 원", "ko")
    ((['천', 880.0, '만'], 5), (['조', 1.0, '천', '억'], 5))
    >>> _myriad_tail("百貨店", "ja"), _myriad_tail("千米", "zh"), _myriad_tail("余万元", "zh")
    (([], 0), (['千'], 1), (['万'], 2))
    """
    small, big = _MYRIAD_SMALL[lang], _MYRIAD_BIG[lang]
    units, bigs = "".join(small) + "".join(big), "".join(big)
    space = r"[ \u00a0]?" if lang == "ko" else ""  # 9조 1천억: Korean may space the parts
    parts: list[float | str] = []
    kept: list[float | str] = []  # parts up to the last one that surely belongs to the number
    pos = done = 0
    while True:
        # After digits comes a unit; after a unit a big one glued to it (천억, 万亿) or digits.
        after_unit = bool(parts) and isinstance(parts[-1], str)
        # "4700余万元", "3000多万": more than 47 million; the approximation sits before the unit.
        approx = "" if parts or lang == "ko" else "(?:余|餘|多)?"
        u = re.match(rf"([{bigs}])" if after_unit else rf"{space}{approx}([{units}])", rest[pos:])
        if u:
            unit, after = u.group(1), pos + u.end()
            if unit in small and not (re.match(rf"[\d{bigs}]", rest[after:])
                                      or re.match(_MYRIAD_SMALL_LAST[lang], rest[pos + u.start(1):])):
                break
            parts.append(unit)
            kept, pos, done = list(parts), after, after
            continue
        d = re.match(rf"{space}(\d{{1,3}}(?:,\d{{3}})+|\d+)", rest[pos:]) if after_unit else None
        if d is None:
            break
        value, after = float(d.group(1).replace(",", "")), pos + d.end()
        if re.match(rf"{space}[{units}]", rest[after:]):
            parts.append(value)
            pos = after
            continue
        if (d.group() == d.group(1) and value < {**small, **big}[str(parts[-1])]
                and not re.match(r"[\d.,]\d|[年月日時时点分秒号%％]|[년월일시분초]", rest[after:])):
            kept, done = [*parts, value], after  # digits closing the number: 1万2000
        break
    return kept, done


def _myriad_value(parts: Sequence[float | str], lang: str) -> float:
    """Value of a number written as digit groups and myriad units.

    >>> _myriad_value([2.0, "천", 880.0, "만"], "ko"), _myriad_value([9.0, "조", 1.0, "천", "억"], "ko")
    (28800000.0, 9100000000000.0)
    >>> _myriad_value([1.0, "万", 2000.0], "ja"), _myriad_value([1.0, "万", 2000.0, "億"], "ja")
    (12000.0, 1200000000000.0)
    >>> _myriad_value([3.0, "万", "亿"], "zh")
    3000000000000.0
    """
    small, big = _MYRIAD_SMALL[lang], _MYRIAD_BIG[lang]
    total, section, digit, last_big = 0.0, 0.0, None, math.inf
    for part in parts:
        if not isinstance(part, str):
            digit = float(part)
        elif part in small:
            section += (1.0 if digit is None else digit) * small[part]
            digit = None
        else:
            section += digit or 0.0
            unit = big[part]
            if section == 0:  # 万亿: a big unit right after another multiplies it
                total, last_big = total * unit, last_big * unit
            elif unit > last_big:  # 1万2000億: everything so far counts in the larger unit
                total, last_big = (total + section) * unit, unit
            else:
                total, last_big = total + section * unit, unit
            section, digit = 0.0, None
    return total + section + (digit or 0.0)


def _zh_number(text: str) -> float | None:
    """Value of a Chinese numeral: 三 3, 二十五 25, 一千二百 1200, 三万 30000, 四百六十亿 4.6e10.

    >>> _zh_number("二十五"), _zh_number("两百"), _zh_number("三万五千")
    (25.0, 200.0, 35000.0)
    """
    if not text or any(c not in _ZH_NUM_CHARS for c in text):
        return None
    total, section, digit = 0, 0, None
    for c in text:
        if c in _ZH_DIGITS:
            digit = _ZH_DIGITS[c]
        elif c in _ZH_UNITS:
            section += (1 if digit is None else digit) * _ZH_UNITS[c]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            total = (total + section) * _ZH_BIG[c] if c == "亿" else total + section * _ZH_BIG[c]
            section, digit = 0, None
    return float(total + section + (digit or 0))


# --------------------------------------------------------------------------------------------
# Calendar names: month and weekday forms per language, from CLDR plus the inflections it lacks.
_EXTRA_MONTHS: dict[str, dict[int, str]] = {
    "el": {1: "Γενάρη|Γενάρης", 2: "Φλεβάρη|Φλεβάρης", 3: "Μάρτη|Μάρτης", 4: "Απρίλη|Απρίλης", 5: "Μάη|Μάης|Μαΐου|Μάιο",
           6: "Ιούνη|Ιούνης", 7: "Ιούλη|Ιούλης", 8: "Αύγουστο|Αυγούστου", 9: "Σεπτέμβρη|Σεπτέμβρης",
           10: "Οκτώβρη|Οκτώβρης", 11: "Νοέμβρη|Νοέμβρης", 12: "Δεκέμβρη|Δεκέμβρης"},
    "de": {1: "Jänner", 3: "Maerz"},
    # Maghreb Arabic writes the French month names (أوت, août; جوان, juin); CLDR has the Egyptian ones.
    "ar": {1: "جانفي", 2: "فيفري", 4: "أفريل|افريل", 5: "ماي", 6: "جوان", 7: "جويلية", 8: "أوت|اوت"},
    "en": {9: "Sept"},
}
_EXTRA_DAYS: dict[str, dict[int, str]] = {
    # Greek genitives; Τρίτη/Τετάρτη/Πέμπτη double as ordinals and are matched capitalized only.
    "el": {0: "Δευτέρας", 1: "Τρίτης", 2: "Τετάρτης", 3: "Πέμπτης", 4: "Παρασκευής", 5: "Σαββάτου|Σάββατο",
           6: "Κυριακής"},
    "ru": {2: "среду|среды|среде", 4: "пятницу|пятницы|пятнице", 5: "субботу|субботы|субботе",
           6: "воскресенья|воскресенью", 0: "понедельника|понедельнику", 1: "вторника|вторнику",
           3: "четверга|четвергу"},
    "de": {5: "Sonnabend"},
    "zh": {0: "周一|礼拜一", 1: "周二|礼拜二", 2: "周三|礼拜三", 3: "周四|礼拜四", 4: "周五|礼拜五",
           5: "周六|礼拜六", 6: "周日|周天|星期天|礼拜天|礼拜日"},
}
_CASE_SENSITIVE = {"en", "de", "el"}  # month/day names are capitalized there; "may", "τρίτη" are not them
_DE_DAYTIME = r"(?:morgen|vormittag|mittag|nachmittag|abend|nacht)?s?"


@functools.lru_cache(maxsize=None)
def _calendar_names(lang: str) -> tuple[dict[str, int], dict[str, int]]:
    """Month forms -> 1-12 and weekday forms -> 0-6 (Monday 0) for a language."""
    from babel.dates import get_day_names, get_month_names

    months: dict[str, int] = {}
    days: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        # Wide names only: abbreviations collide with words and names ("Jan", "Mar", "Sept").
        for width in ("wide",):
            try:
                mnames = get_month_names(width, context, lang)
                dnames = get_day_names(width, context, lang)
            except Exception:  # unknown locale in babel: no calendar names
                continue
            for m, name in mnames.items():
                name = name.rstrip(".")
                # Abbreviations shorter than 3 letters ("1月" in zh) or in another script are noise.
                if width == "abbreviated" and (len(name) < 3 or any(ch.isdigit() for ch in name)):
                    continue
                if lang not in _NO_SPACE and re.search(r"[\u3000-\u9fff]", name):
                    continue
                months.setdefault(name, m)
                if lang == "el" and name.endswith("ος"):
                    months.setdefault(name[:-1], m)  # accusative: Φεβρουάριο
                if lang == "ru" and context == "format" and name[-1] in "яа":
                    months.setdefault(name[:-1] + "е", m)  # prepositional: в июне, в августе
            if width == "wide":
                for d, name in dnames.items():
                    if lang not in _NO_SPACE and re.search(r"[\u3000-\u9fff]", name):
                        continue
                    days.setdefault(name, d)
    for m, forms in _EXTRA_MONTHS.get(lang, {}).items():
        for f in forms.split("|"):
            months.setdefault(f, m)
    for d, forms in _EXTRA_DAYS.get(lang, {}).items():
        for f in forms.split("|"):
            days.setdefault(f, d)
    if lang in _INFLECTED_CALENDAR:
        # Case endings: the stem of each name (its final vowel dropped) takes them in the regex
        # (niedziel|ę, listopad|zie, csütörtök|ön, lokakuu|ssa, prosinc|i from the genitive prosince).
        for table in (months, days):
            for name, value in list(table.items()):
                if len(name) >= 5 and name[-1].lower() in "aeiouyąęěéíóúůyаеиоуыюяьй":
                    table.setdefault(name[:-1], value)
    if lang == "ru":  # a few CLDR abbreviations are ordinary words
        for short in ("мар", "май", "июн", "июл"):
            months.pop(short, None)
    if lang == "en":
        months.pop("May", None)
        months["May"] = 5
    return months, days


def _alternation(forms: Iterable[str]) -> str:
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


@functools.lru_cache(maxsize=None)
@functools.lru_cache(maxsize=64)
def _lowercase_months(lang: str) -> bool:
    """Whether ``lang`` writes month names lowercase (CLDR): Portuguese "janeiro", not "January".

    >>> _lowercase_months("pt"), _lowercase_months("en"), _lowercase_months("el")
    (True, False, False)
    """
    months, _ = _calendar_names(lang)
    return bool(months) and all(name == name.lower() for name in months if name[:1].isalpha())


def _calendar_regex(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int], dict[str, int]]:
    months, days = _calendar_names(lang)
    flags = 0 if lang in _CASE_SENSITIVE else re.IGNORECASE
    boundary_l, boundary_r = (r"(?<![\w])", r"(?![\w])") if lang not in _NO_SPACE else ("", "")
    day_suffix = _DE_DAYTIME if lang == "de" else ("(?:'s|’s)?" if lang == "en" else "")
    # No calendar names (a locale babel lacks): patterns that never match, not empty ones.
    # Where names take case endings, any name or stem of 4 letters or more may carry one.
    ending = r"(?:(?<=\w{4})\w{1,5})?" if lang in _INFLECTED_CALENDAR else ""
    mre = re.compile(boundary_l + "(" + (_alternation(months) or "(?!)") + ")" + ending + boundary_r, flags)
    dre = re.compile(boundary_l + _DAY_PREFIX.get(lang, "") + "(" + (_alternation(days) or "(?!)") + ")" + ending
                     + day_suffix + boundary_r, flags)
    return mre, dre, {k.lower(): v for k, v in months.items()}, {k.lower(): v for k, v in days.items()}


# --------------------------------------------------------------------------------------------
def _as_hours(word: str | None, hour: str) -> list[Reading]:
    """The duration reading of "24 ore", "2 часа", "14 óra": most hour words count hours too
    (German "Uhr", "o'clock", Hindi बजे and Swedish "03-tiden", around 3 o'clock, are always a
    time of day)."""
    if word is None or re.fullmatch(r"(?i)uhr|o['’]clock|-?tiden|बजे", word):
        return []
    return [Reading("unit", float(hour), "h")]


# Full-width digits and number punctuation (０．５％, １０：３０) read as their ASCII forms, one
# character for one so offsets stay put. The full-width comma is left alone: Chinese writes it
# between clauses ("增长5%，达到"), so "3，500" is no thousands group there.
_HALF_WIDTH = str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)}
                            | {"．": ".", "％": "%", "：": ":", "＋": "+", "－": "-", "／": "/"})


class _Extractor:
    """One pass over one text: finds quantities left to right, never letting two overlap."""

    def __init__(self, text: str, lang: str) -> None:
        self.original = text
        self.text = text.translate(_HALF_WIDTH)
        self.lang = _base(lang)
        self.taken = bytearray(len(text) + 1)
        self.found: list[Quantity] = []

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def take(self, start: int, end: int) -> None:
        """Mark characters as read, so that no later pass finds a quantity there."""
        self.taken[start:end] = b"\x01" * (end - start)

    def add(self, start: int, end: int, readings: Sequence[Reading], written: str = "digits",
            tags: Iterable[str] = ()) -> None:
        if start >= end or not self.free(start, end):
            return
        self.take(start, end)
        unique = tuple(dict.fromkeys(readings))
        self.found.append(Quantity(start, end, self.original[start:end], unique, written, frozenset(tags)))

    # -- passes, most specific first ---------------------------------------------------------
    def codes(self) -> None:
        # Model names and identifiers: letters glued to digits (F-15K, KF-16, B-1B, COVID-19, G7).
        # Hyphenated prefixes are part of the name ("Non-UTF-8", "x86-64-spezifisch"), except
        # "pre-2007", "mid-2022", where the number is a year.
        # "2-for-3" (two hits in three at-bats) is two numbers, not the code "for-3".
        pat = (r"(?<![\w])(?<!\d[-‐])(?:[A-Za-z]+[-‐])*(?:[A-Za-zΑ-Ωα-ωА-Яа-я]{1,6}[-‐]?\d+[A-Za-z]*(?:[-‐/]\d+[A-Za-z]*)*"
               r"|\d+[A-Za-z]+\d+[A-Za-z]*)(?![\w])")
        for m in re.finditer(pat, self.text):
            if re.fullmatch(r"(?i)\d+(?:st|nd|rd|th|km|kg|m|h|am|pm)|\d{1,2}h\d{2}", m.group()):
                continue
            if re.fullmatch(r"(?i)(?:pre|post|mid|early|late|ca|circa|vor|nach|anti|über)[-‐]\d+", m.group()):
                continue
            self.add(m.start(), m.end(), [Reading("code", m.group())])

    def times(self) -> None:
        text, lang = self.text, self.lang
        if lang == "hi":
            self._hindi_clock()
        if lang == "ar":
            # "11 صباحاً" (11 a.m.), "و4 عصراً" (and 4 p.m.), "الساعة 8 مساءً": a period word after the hour.
            for m in re.finditer(_AR_CLOCK, text):
                hour, minute, period = int(m.group(1)), int(m.group(2) or 0), m.group(3)
                if not 1 <= hour <= 12:
                    continue
                pm = (period in ("مساء", "عصر") or (period == "ظهر" and hour <= 5)
                      or (period == "ليل" and 6 <= hour < 12))
                hour = 0 if hour == 12 and period in ("صباح", "فجر", "ليل") else hour
                self.add(m.start(), m.end(), [Reading("time", ((hour + 12 * pm) % 24) * 60 + minute)])
        if lang in _COUNTER_CLOCK:
            for m in re.finditer(_COUNTER_CLOCK[lang], text):
                period, hour_s, counter, minute_s = m.groups()
                if period is None and minute_s is None and (
                        counter == "点" or (counter == "时" and (not hour_s.isdigit() or re.match(_ZH_NOT_HOUR, text[m.end():])))):
                    continue  # Chinese "3点" alone is too often "three points"; 18时 is 18:00 (一时: "for a while")
                hour = int(hour_s) if hour_s.isdigit() else int(_zh_number(hour_s) or 0)
                minute = 30 if minute_s in ("半", "반") else (0 if minute_s is None else
                                                          int(minute_s) if minute_s.isdigit() else int(_zh_number(minute_s) or 0))
                if hour > 24 or minute > 59:
                    continue
                if period in _AFTERNOON and hour < 12:
                    hour += 12
                self.add(m.start(), m.end(), [Reading("time", (hour % 24) * 60 + minute)])
        marker = rf"(?:\s?(?P<am>{_AM})|\s?(?P<pm>{_PM})|\s?(?P<uhr>Uhr|h\b|ч\.?|hrs\b|GMT|UTC|CET|EET))?"
        # "14h30", and spaced "à 14 h 30" after a word that introduces a time ("en 1 h 50" is a duration)
        spaced = "(?:" + "|".join(rf"(?<=\b{w}\s)" for w in ("à", "vers", "dès", "jusqu'à", "jusqu’à", "de", "entre",
                                                                  "et", "avant", "après")) + ")"
        pat = (rf"(?:(?<![\d.,:])(?P<h>[01]?\d|2[0-4])(?P<sep>[:.h])(?P<m>[0-5]\d)"
               rf"|{spaced}(?P<h2>[01]?\d|2[0-3])\sh\s(?P<m2>[0-5]\d))(?![\d])(?![.,:]\d){marker}")
        decimal, _ = _symbols(lang)
        for m in re.finditer(pat, text):
            spaced_h = m.group("h") is None
            hour, minute = int(m.group("h2" if spaced_h else "h")), int(m.group("m2" if spaced_h else "m"))
            explicit = m.group("am") or m.group("pm") or m.group("uhr") or spaced_h
            if m.group("sep") == "." and not explicit:
                # "10.30" is a time in 24-hour locales whose decimal mark is a comma (de, el, ru);
                # where "." is the decimal mark it stays a number with a time reading.
                if decimal == ".":
                    continue
            end = m.end() if explicit else m.end("m2" if spaced_h else "m")
            readings = self._clock(hour, minute, m.group("am"), m.group("pm"))
            if (m.group("sep") == "h" and not (m.group("am") or m.group("pm"))
                    and not re.search(_CLOCK_BEFORE, text[:m.start()], re.IGNORECASE)):
                # "em 2h49", "en 1h50": the French-style hour is a duration as often as a clock
                # time, unless a word before it says it is one ("à 10h30", "às 14h")
                readings.append(Reading("unit", float(hour * 60 + minute), "min"))
            self.add(m.start(), end, readings)
        # Whole hours with a marker: "9 a.m.", "19 Uhr", "7 μ.μ.", "14 óra"; the first of two
        # hours shares the second's marker ("zwischen 11 und 17 Uhr", "14 és 20 óra között").
        hour_word = _HOUR_WORDS.get(lang, "Uhr")
        hour = r"(?<![\d.,:])(?P<h>[01]?\d|2[0-4])"
        pat = rf"{hour}\s?(?:(?P<am>{_AM})|(?P<pm>{_PM})|(?P<uhr>{hour_word}|o['’]clock)(?![\w]))"
        for m in re.finditer(rf"{hour}\s*(?:-|–|{_RANGE_WORDS})\s*(?=(?:[01]?\d|2[0-4])\s?(?P<w>{hour_word})(?![\w]))",
                             text, re.IGNORECASE):
            self.add(m.start("h"), m.end("h"), self._clock(int(m.group("h")), 0, None, None) + _as_hours(m.group("w"), m.group("h")))
        if lang in _DAY_PERIOD_AFTER:
            morning, later, night = _DAY_PERIOD_AFTER[lang]
            for m in re.finditer(rf"{hour}\s?(?:{hour_word})\s+(?:(?P<am>{morning})|(?P<pm>{later})|(?P<night>{night}))"
                                 r"(?![\w])", text, re.IGNORECASE):
                h, night = int(m.group("h")), m.group("night")
                late = night if night and 6 <= h < 12 else None
                early = None if late else night
                self.add(m.start(), m.end(), self._clock(h, 0, m.group("am") or early, m.group("pm") or late))
        for m in re.finditer(pat, text):
            self.add(m.start(), m.end(), self._clock(int(m.group("h")), 0, m.group("am"), m.group("pm"))
                     + _as_hours(m.group("uhr"), m.group("h")))
        # Hour words before the hour: "o godz. 14", "klockan 18", "saat 9", "alle 14".
        prefix = _HOUR_PREFIX.get(lang)
        if prefix:
            for m in re.finditer(rf"(?:{prefix})\s?(?P<h>[01]?\d|2[0-4])(?![\d]|[.,:]\d)", text, re.IGNORECASE):
                if lang in ("es", "pt") and re.match(_COUNTED_AFTER_HOUR, text[m.end():]):
                    continue  # "recordó a las 11 víctimas", "homenagem às 11 vítimas": the article, a count
                self.add(m.start("h"), m.end("h"), self._clock(int(m.group("h")), 0, None, None))
        # Czech and Slovak count the hour: "po 2. hodině ranní" (after 2 a.m.), "v 18. hodin"
        if lang in ("cs", "sk"):
            for m in re.finditer(r"(?<![\d.,])(?P<h>[01]?\d|2[0-4])\.\s+hod(?:in|ině|iny|ín|ine)\b"
                                 r"(?:\s+(?P<am>ranní|ráno|rannej)|\s+(?P<pm>odpolední|odpoledne|večer\w*|poobede))?",
                                 text, re.IGNORECASE):
                self.add(m.start(), m.end(), self._clock(int(m.group("h")), 0, m.group("am"), m.group("pm")))
        # Noon and midnight, "12 noon" included: only 12 goes with them, so "11 noon" stays a number.
        # Not after or before a hyphen: "après-midi" is the afternoon.
        for minutes, word in zip((12 * 60, 0), _NOON_MIDNIGHT.get(lang, ())):
            for m in re.finditer(rf"(?<![\w-])(?:(?P<h>12)\s)?(?:{word})(?![\w-])", text, re.IGNORECASE):
                self.add(m.start(), m.end(), [Reading("time", minutes)], written="digits" if m.group("h") else "words")

    def _hindi_clock(self) -> None:
        """Hindi clock times said with बजे: "सुबह 7 बजे" (7 a.m.), "तड़के साढ़े चार बजे" (4:30 a.m.),
        "शाम सवा छह बजे" (6:15 p.m.), "पौने दस बजे" (9:45), "ढाई बजे" (2:30). The period word
        before the hour says the half of the day; without one both halves are read."""
        cards = _CARDINALS["hi"]
        for m in re.finditer(_HI_CLOCK, self.text):
            period, part, hour_s = m.group("period"), m.group("part"), m.group("hour")
            key = _hi_norm(hour_s)
            hour_v = float(hour_s) if hour_s.isdigit() else float(cards.get(key, 1 if key == "एक" else 0))
            if part:
                hour_v += {"साढे": 0.5, "सवा": 0.25, "पौने": -0.25}[_hi_norm(part)]
            if not 0 < hour_v <= 24:
                continue
            minutes = round(hour_v * 60)
            hour, minute = divmod(minutes, 60)
            if period is None:
                readings = self._clock(hour, minute, None, None)
            else:
                p = _hi_norm(period)
                pm = (p in ("दोपहर", "शाम") and hour < 12) or (p == "रात" and 6 <= hour < 12)
                if p == "रात" and hour == 12:
                    hour = 0
                readings = [Reading("time", ((hour + 12 * pm) % 24) * 60 + minute)]
            start = m.start("period") if period else m.start("part") if part else m.start("hour")
            self.add(start, m.end(), readings, written="digits" if hour_s.isdigit() else "words")

    def _clock(self, hour: int, minute: int, am: str | None, pm: str | None) -> list[Reading]:
        if pm and hour < 12:
            return [Reading("time", (hour + 12) * 60 + minute)]
        if am and hour == 12:
            return [Reading("time", minute)]
        if am or pm or self.lang in _TWENTY_FOUR_HOUR or hour == 0 or hour > 12:
            return [Reading("time", (hour % 24) * 60 + minute)]
        return [Reading("time", hour * 60 + minute), Reading("time", ((hour + 12) % 24) * 60 + minute)]

    def dates(self) -> None:
        text, lang = self.text, self.lang
        # ISO and numeric dates.
        # The year becomes a number of its own, so that "2024-03-05" matches "March 5, 2024".
        for m in re.finditer(r"(?<![\d.])(\d{4})-(\d{2})-(\d{2})(?![\d])", text):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if 1 <= mo <= 12 and 1 <= d <= 31 and self.free(m.start(), m.end()):
                self.add(m.start(1), m.end(1), [Reading("number", float(y))])
                self.add(m.start(2), m.end(), [Reading("date", (mo, d))])
        for m in re.finditer(r"(?<![\d.,/])(\d{1,2})([./])(\d{1,2})\2(\d{4}|\d{2})(?![\d])", text):
            a, b = int(m.group(1)), int(m.group(3))
            readings = []
            if lang == "en" and 1 <= a <= 12 and 1 <= b <= 31:
                readings.append(Reading("date", (a, b)))  # US month/day first in English
            if 1 <= b <= 12 and 1 <= a <= 31:
                readings.append(Reading("date", (b, a)))
            # Month first elsewhere only with a slash: "2.31.15" is a race time (2:31:15), never
            # February 31 or a d.m.y date.
            if lang != "en" and m.group(2) == "/" and 1 <= a <= 12 and 1 <= b <= 31:
                readings.append(Reading("date", (a, b)))
            if readings and self.free(m.start(), m.end()):
                year = int(m.group(4))
                year += 0 if year >= 100 else (2000 if year < 50 else 1900)
                self.add(m.start(), m.start(4) - 1, readings)
                self.add(m.start(4), m.end(4), [Reading("number", float(year))])
        if lang in _NO_SPACE:
            # Race times write hundredths after 秒: 46秒40 is 46.40 seconds, 2分05秒37 two minutes
            # and 5.37 seconds (the "2:05.37" of other languages).
            for m in re.finditer(r"(?<![\d.])(?:(\d{1,2})分)?(\d{1,3})秒(\d{2})(?!\d)", text):
                seconds = float(f"{m.group(2)}.{m.group(3)}")
                if m.group(1):
                    self.add(m.start(), m.end(), [Reading("unit", int(m.group(1)) * 60 + seconds, "s")])
                else:
                    self.add(m.start(), m.end(), [Reading("number", seconds)])
            # A range of months writes 月 once: 4～6月期 is April to June.
            for m in re.finditer(r"(?<!\d)(\d{1,2})\s*[～〜~\-－–—至到]\s*(?=\d{1,2}月)", text):
                if 1 <= int(m.group(1)) <= 12:
                    self.add(m.start(1), m.end(1), [Reading("month", int(m.group(1)))])
            for m in re.finditer(r"(\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?", text):
                mo = int(m.group(1)) if m.group(1).isdigit() else int(_zh_number(m.group(1)) or 0)
                if not 1 <= mo <= 12:
                    continue
                if m.group(2):
                    d = int(m.group(2)) if m.group(2).isdigit() else int(_zh_number(m.group(2)) or 0)
                    self.add(m.start(), m.end(), [Reading("date", (mo, d))])
                    end = m.end()
                    while shared := re.match(_CJK_DAY_AFTER, text[end:]):
                        day = shared.group(1)
                        d = int(day) if day.isdigit() else int(_zh_number(day) or 0)
                        if 1 <= d <= 31:
                            self.add(end + shared.start(1), end + shared.end(), [Reading("date", (mo, d))])
                        end += shared.end()
                elif not text.startswith("个月", m.start() - 1 + len(m.group(1))):
                    self.add(m.start(), m.end(), [Reading("month", mo)])
            for m in re.finditer(r"(?<!\d)(\d{4})\s?年", text):
                self.add(m.start(), m.end(), [Reading("number", float(m.group(1)))])
            weekdays = r"(星期[一二三四五六日天]|周[一二三四五六日天]|礼拜[一二三四五六日天])" if lang == "zh" else r"([月火水木金土日]曜日)"
            for m in re.finditer(weekdays, text):
                _, dre, _, dmap = _calendar_regex(lang)
                d = dmap.get(m.group(1).lower())
                if d is not None:
                    self.add(m.start(), m.end(), [Reading("weekday", d)])
            return
        if lang == "ko":  # 12월 2일, 2025년
            for m in re.finditer(r"(?<!\d)(\d{1,2})월(?:\s?(\d{1,2})일)?", text):
                mo = int(m.group(1))
                if 1 <= mo <= 12:
                    day = int(m.group(2)) if m.group(2) else None
                    self.add(m.start(), m.end(), [Reading("date", (mo, day)) if day and day <= 31 else Reading("month", mo)])
            for m in re.finditer(r"(?<!\d)(\d{4})년", text):
                self.add(m.start(), m.end(), [Reading("number", float(m.group(1)))])
        mre, dre, mmap, dmap = _calendar_regex(lang)
        month_spans = [(m.start(), m.end(), mmap[m.group(1).lower()]) for m in mre.finditer(text)]
        for start, end, month in month_spans:
            # Day before the month ("3. März", "14 Μαρτίου", "5 марта", "1er mars") or after it ("March 3").
            before = re.search(r"(?<![\d.,])(\d{1,2})(?:\.|er|º|η|ης)?(?:\s+(?:de|του|of|the))?\s+$", text[max(0, start - 12):start])
            suffix = r"st|nd|rd|th" if lang != "hu" else r"\.?-(?:j?[áé]n|ig|[áé]t[óő]l|j?[ae]|a?i|ei)|\."
            # A letter glued to the number makes a name: "Long March 2D" is a rocket.
            after = re.match(rf"\s+(?:the\s+)?(\d{{1,2}})(?:{suffix})?(?![\d.,:]\d|\d|[^\W\d_])"
                             rf"(?!\s*(?:%|percent|per\s?cent))", text[end:end + 12])
            if before and 1 <= int(before.group(1)) <= 31:
                s = start - (len(text[max(0, start - 12):start]) - before.start())
                self.add(s, end, [Reading("date", (month, int(before.group(1))))])
                self._shared_month(month, re.search(_DAYS_BEFORE, text[max(0, s - 40):s]), max(0, s - 40))
            elif after and 1 <= int(after.group(1)) <= 31 and lang in _MONTH_DAY_ORDER:
                self.add(start, end + after.end(), [Reading("date", (month, int(after.group(1))))])
                self._shared_month(month, re.match(_DAYS_AFTER, text[end + after.end():end + after.end() + 40]),
                                   end + after.end())
            elif (lang in _WORD_MONTHS and text[start:end].lower() in _WORD_MONTHS[lang][0]
                  and not re.match(r"\s+\d{4}", text[end:end + 6])
                  and not re.search(_WORD_MONTHS[lang][1], text[max(0, start - 8):start])):
                continue  # a common word, not the month: no day, year or month word says so
            elif (text[start].isupper() and _lowercase_months(lang)
                  and not re.match(r"\s+(?:de\s+|del\s+|di\s+)?\d{4}", text[end:end + 10])
                  and not re.search(r"(?:^|[.!?:;\n«\"“]\s*)$", text[:start])):
                continue  # a capitalized month mid-sentence where months are lowercase: Rio de Janeiro
            else:
                self.add(start, end, [Reading("month", month)])
        for m in dre.finditer(text):
            self.add(m.start(), m.end(), [Reading("weekday", dmap[m.group(1).lower()])])
            if lang in _WEEKDAY_DAY and (day := re.match(_WEEKDAY_DAY[lang], text[m.end():m.end() + 16])):
                # "giovedì 7", "jeudi 7", "el jueves 7", "Donnerstag, 7.", "Thursday the 7th": the
                # day of a month the text leaves unsaid (a month name after it made a full date).
                d, after = int(day.group(1)), text[m.end() + day.end():]
                if 1 <= d <= 31 and not self._counts_something(after):
                    self.add(m.end() + day.start(1), m.end() + day.end(), [Reading("date", (None, d))])
        self._month_from_context()

    def _month_from_context(self) -> None:
        """A day of a month left unsaid takes the month of a full date of the same week in the text
        ("venerdì 8 novembre ... giovedì 7" is November 7): within six days of it and, where both
        carry a weekday, one that agrees (Thursday the 7th is the day before Friday the 8th)."""
        def weekday(q: Quantity) -> int | None:
            before = [w for w in self.found if w.kind == "weekday" and 0 <= q.start - w.end <= 6]
            return before[-1].value if before else None

        known = [q for q in self.found if q.kind == "date" and len(q.readings) == 1 and q.value[0] is not None]
        for n, q in enumerate(self.found):
            if q.kind != "date" or q.value[0] is not None:
                continue
            day, wd = q.value[1], weekday(q)
            months = set()
            for k in known:
                apart = day - k.value[1]
                k_wd = weekday(k)
                if abs(apart) <= 6 and (wd is None or k_wd is None or (wd - k_wd) % 7 == apart % 7):
                    months.add(k.value[0])
            if len(months) == 1:
                self.found[n] = replace(q, readings=(Reading("date", (months.pop(), day)),))

    def _counts_something(self, rest: str) -> bool:
        """Whether a number is followed by what makes it an amount: a percent sign, a unit, a
        currency or a scale word ("Friday 13 million")."""
        if re.match(rf"\s?(?:{_PERCENT})(?![\w])|[.,]\d", rest, re.IGNORECASE):
            return True
        if self._match_table(rest, _CURRENCY_WORDS) or self._match_table(rest, _UNIT_PATTERNS):
            return True
        word = re.match(r"[\s\u00a0]*([^\W\d_]+\.?)", rest)
        return bool(word and _scale_value(word.group(1), _scales(self.lang)) > 1)

    def _shared_month(self, month: int, days: re.Match[str] | None, offset: int) -> None:
        """Days that share a written month with a date beside them ("3 y 4 de octubre",
        "am 3., 4. und 5. Mai", "October 3 and 4", "del 3 al 5 de octubre") are dates of that
        month: otherwise "October 3 and 4" and "3 y 4 de octubre" differ in which day is a date.
        ``days`` matched :data:`_DAYS_BEFORE` or :data:`_DAYS_AFTER` at ``offset`` in the text."""
        if days is None:
            return
        for m in re.finditer(r"\d{1,2}", days.group()):
            if 1 <= int(m.group()) <= 31:
                start = offset + days.start() + m.start()
                self.add(start, start + len(m.group()), [Reading("date", (month, int(m.group())))])

    def weeks_in_days(self) -> None:
        """"Quinze jours" and "huit jours" say two weeks and a week in French (so do Spanish quince
        and ocho días, Italian quindici and otto giorni, Portuguese quinze and oito dias): read as
        that many weeks first, the days said second ("il y a quinze jours", two weeks ago)."""
        if not (idiom := _WEEKS_IN_DAYS.get(self.lang)):
            return
        counts, day = idiom
        for m in re.finditer(rf"(?<![\w.,])({counts})\s+(?:{day})(?![\w])", self.text, re.IGNORECASE):
            days = float(_CARDINALS[self.lang][m.group(1).lower()])
            self.add(m.start(), m.end(), [Reading("unit", 2.0 if days == 15 else 1.0, "week"), Reading("unit", days, "day")],
                     written="words")

    def durations(self) -> None:
        """Race times: h:mm:ss or h.mm.ss ("3:40:47", Swedish "3.40.47") and m:ss.hh or m.ss,hh
        ("12:38.41", Dutch "12.38,41"), each one duration in seconds, not a clock time and numbers
        apart. Numeric dates (3.10.24) were read before."""
        for m in re.finditer(r"(?<![\d.,:])(\d{1,2})([:.])([0-5]\d)\2([0-5]\d)(?!\d|[.,:]\d)", self.text):
            h, mi, sec = int(m.group(1)), int(m.group(3)), int(m.group(4))
            self.add(m.start(), m.end(), [Reading("unit", float(h * 3600 + mi * 60 + sec), "s")])
        for m in re.finditer(r"(?<![\d.,:])(\d{1,2})(?::([0-5]\d)[.,]|\.([0-5]\d),)(\d{1,2})(?!\d|[.,:]\d)", self.text):
            mi, sec = int(m.group(1)), int(m.group(2) or m.group(3))
            self.add(m.start(), m.end(), [Reading("unit", mi * 60 + sec + float("0." + m.group(4)), "s")])

    def decades(self) -> None:
        """Decades said with two digits ("50. let", "50er Jahre", "années 50", "the '50s", "50-х")
        are the 1950s: also a reading of the full year, as the other side may write "the 1950s"
        (a decade of this century is read too for the 2000s to 2020s)."""
        pattern = _DECADES.get(self.lang)
        if pattern is None:
            return
        for m in re.finditer(pattern, self.text, re.IGNORECASE):
            start, end = m.span("d")
            if not self.free(start, end):
                continue
            d = int(m.group("d"))
            years = [1900.0 + d] + ([2000.0 + d] if d <= 20 else [])
            self.add(start, end, [Reading("number", float(d))] + [Reading("number", y) for y in years])

    def centuries(self) -> None:
        """Italian centuries by name: "al Seicento" is the 17th century (an ordinal) and the 1600s."""
        if self.lang != "it":
            return
        for m in re.finditer(_IT_CENTURY, self.text, re.IGNORECASE):
            name = m.group("c")
            if name[0].isupper():
                hundreds = _IT_CENTURIES[name.capitalize()]
                self.add(m.start("c"), m.end("c"), [Reading("ordinal", float(hundreds + 11)),
                                                    Reading("number", float(1000 + 100 * hundreds))], written="words")

    def reldays(self) -> None:
        flags = re.IGNORECASE
        for pattern, value in _RELDAYS.get(self.lang, []):
            left, right = (r"(?<![\w])", r"(?![\w])") if self.lang not in _NO_SPACE else ("", "")
            for m in re.finditer(left + "(?:" + pattern + ")" + right, self.text, flags):
                # Explicit like a date ("written" digits): a changed or lost "day before yesterday" matters.
                self.add(m.start(), m.end(), [Reading("relday", value)])

    def rates(self) -> None:
        """Japanese and Chinese "per day" (1日1往復, one round trip a day): the 1日 is no quantity."""
        if self.lang not in _NO_SPACE:
            return
        for m in re.finditer(_PER_DAY, self.text):
            if self.free(m.start(), m.end()):
                self.take(m.start(), m.end())

    def fractions(self) -> None:
        """Counts of tenths and hundredths: "tres décimas" is 0.3, "15 centésimas" 0.15."""
        parts = _FRACTION_WORDS.get(self.lang)
        if not parts:
            return
        cards = {**_CARDINALS.get(self.lang, {}), "una": 1, "un": 1}
        count = "|".join(sorted(map(re.escape, cards), key=len, reverse=True))
        pat = rf"(?<![\w.,])(?:(\d+)|({count}))\s+({'|'.join(parts)})(?![\w])"
        for m in re.finditer(pat, self.text, re.IGNORECASE):
            n = float(m.group(1)) if m.group(1) else float(cards[m.group(2).lower()])
            self.add(m.start(), m.end(), [Reading("number", n / parts[m.group(3).lower()])],
                     written="digits" if m.group(1) else "words")

    def discounts(self) -> None:
        # Chinese 八折 = pay 80%, i.e. 20% off; 八五折 = 15% off.
        if self.lang != "zh":
            return
        for m in re.finditer(r"([一二三四五六七八九\d])([一二三四五六七八九\d])?\s?折", self.text):
            tens = _ZH_DIGITS.get(m.group(1), None) if not m.group(1).isdigit() else int(m.group(1))
            ones = 0 if not m.group(2) else (_ZH_DIGITS.get(m.group(2), 0) if not m.group(2).isdigit() else int(m.group(2)))
            paid = (tens or 0) * 10 + ones
            self.add(m.start(), m.end(), [Reading("percent", float(100 - paid)), Reading("percent", float(paid))],
                     tags=("discount",))

    def tenths(self) -> None:
        """Chinese 成 and Japanese 割 count tenths: 六成 is 60%, 3割 30%, 2割5分 25%, 3割引 30% off.
        Not where 成 starts a word (成功, 成本, 成员: 一成不变 is "unchanging")."""
        if self.lang not in _TENTHS:
            return
        for m in re.finditer(_TENTHS[self.lang], self.text):
            whole, part = m.group(1), m.group(2)
            value = float(whole) if whole[0].isdigit() else _zh_number(whole)
            if value is None or value > 10:
                continue
            value = value * 10 + (int(part) if part else 0)
            discount = self.text.startswith("引", m.end())
            self.add(m.start(), m.end() + discount, [Reading("percent", value)],
                     written="digits" if whole[0].isdigit() else "words", tags=("discount",) if discount else ())

    def numbers(self) -> None:
        text, lang = self.text, self.lang
        decimal, group = _symbols(lang)
        space_group = group.strip() == "" or group in "\u00a0\u202f"
        grp = r"(?:[,.'’]|[ \u00a0\u202f])" if space_group else r"[,.'’]"
        # Indian grouping (lakh and crore: 2,06,434) first: Hindi and Indian English write it.
        # A group of three ends the number: "3.1038" is a decimal, not "3.103" (3,103) and an 8.
        number = (rf"\d{{1,2}}(?:,\d{{2}})+,\d{{3}}(?![\d])|\d{{1,3}}(?:{grp}\d{{3}})+(?:[.,]\d+)?(?![\d])"
                  rf"|\d+(?:[.,]\d+)?")
        scales = _scales(lang)
        scale_re = "|".join(f"(?:{p})" for p, _ in scales)
        left = r"(?<![0-9A-Za-z.,])" if lang in _NO_SPACE or lang == "ko" else r"(?<![\w.,])"  # CJK characters are \w
        if lang == "ar":
            left = r"(?<![\d.,])"  # a letter before the digits must be a clitic (checked below)
        for m in re.finditer(rf"{left}(?:(?P<cur>US\$|R\$|€|\$|£|¥|₽|₩|₹|₴|Rs\.?\s|(?:EUR|USD|GBP|RMB|CNY|CHF|JPY|KRW|INR|PLN|HUF|UAH|CZK|SEK)\s?)\s?)?(?P<num>{number})", text):
            start, end = m.start(), m.end()
            if lang == "ar" and re.match(r"\w", text[start - 1:start]) and not re.search(_AR_DIGIT_CLITIC, text[max(0, start - 8):start]):
                continue
            if (lang == "ko" and re.match(r"[\uac00-\ud7a3]", text[start - 1:start]) and text[start - 1] != "제"
                    and not re.match(r"[\uac00-\ud7a3]", text[end:end + 1])):
                continue  # digits glued after a word count only with a counter after them (형사합의25부, 제29회), not 코로나19
            readings_v = parse_number(m.group("num"), lang)
            currency = _CURRENCY_PREFIX.get((m.group("cur") or "").strip())
            rest = text[end:end + 60]
            tags: set[str] = set()
            kind, unit = "number", None
            # Ordinal suffix glued to the digits: 3rd, 3η, 27-м, 1er.
            om = re.match(_ORDINAL_SUFFIX, rest)
            if om and not currency and "." not in m.group("num") and "," not in m.group("num"):
                self.add(start, end + om.end(), [Reading("ordinal", readings_v[0])])
                continue
            # German-style ordinal "17. Jahrhundert": digits, a period, a lower- or upper-case word
            # that does not start a new sentence (dates with month names were taken before).
            if lang in ("de", "ru", "da", "no", "fi", "cs", "pl") and re.match(r"\.\s+(?:Jahrhundert|Jahrhunderts|Platz|Stock|Etage|Runde|Spieltag|Mal|Klasse|Liga|Tag|Woche|Monat|Jahrestag|Geburtstag|Ausgabe|Auflage|Lauf)\b", rest):
                self.add(start, end + 1, [Reading("ordinal", readings_v[0])])
                continue
            # Hindi "10-10 लाख रुपये" is "10 lakh rupees each": a number said twice is one amount.
            if lang in _DISTRIBUTIVE and (dm := re.match(_DISTRIBUTIVE[lang].format(num=re.escape(m.group("num"))), rest)):
                end += dm.end()
                rest = text[end:end + 60]
            parts, length = _myriad_tail(rest, lang) if lang in _MYRIAD else ([], 0)
            if parts:
                # 1万2000, 2천880만, 9조1천억, 1兆1600億: one number written as digits and myriad units.
                values = [_myriad_value([v, *parts], lang) for v in readings_v]
                end += length
                rest = text[end:end + 60]
            else:
                # Scale word ("3 εκατ.", "14,6 Millionen", "20 тыс.").
                sep = "" if lang in _NO_SPACE else r"[\s\u00a0\u202f-]?"
                scale_at = rf"{sep}(?:{scale_re})(?![\w])" if lang not in _NO_SPACE else rf"(?:{scale_re})"
                sm = re.match(scale_at, rest, re.IGNORECASE) if scale_re else None
                mult = 1.0
                if sm:
                    mult = _scale_value(sm.group(), scales)
                    if lang == "zh" and sm.group() in ("千", "百") and not re.match(r"[千百](?:万|亿|米|克|瓦|人|名|元|个)", rest):
                        mult = 1.0  # 千 / 百 after digits are rare as scales; keep 3000平方公里 intact
                    else:
                        end += sm.end()
                        rest = text[end:end + 60]
                    # A larger scale word right after multiplies: "1.87 लाख करोड़" is 1.87 x 10^5 x 10^7.
                    if mult > 1 and lang not in _MYRIAD and (sm2 := re.match(scale_at, rest, re.IGNORECASE)):
                        if (mult2 := _scale_value(sm2.group(), scales)) > mult:
                            mult *= mult2
                            end += sm2.end()
                            rest = text[end:end + 60]
                extra = 0.0
                if sm and mult > 1 and lang not in _MYRIAD:
                    # "2 milyon 300 bin", "1 млн 200 тис.": one number written as a sum of scaled
                    # parts, each smaller than the one before and below its multiplier (1 млн 200
                    # тис. is 1.2 million; "5 million 3 million" is no sum).
                    last = mult
                    # "24 milioni e 100 mila", "1 млн и 200 тыс.": the parts may be joined by "and".
                    while pm := re.match(rf"[ \u00a0](?:(?:e|y|et|и|і)\s)?(\d{{1,3}})[ \u00a0]?({scale_re})(?![\w])", rest,
                                         re.IGNORECASE):
                        part = _scale_value(pm.group(2), scales)
                        if part >= last or float(pm.group(1)) * part >= last:
                            break
                        extra += float(pm.group(1)) * part
                        last = part
                        end += pm.end()
                        rest = text[end:end + 60]
                if sm and mult > 1 and lang in _ADDED_AFTER_SCALE:
                    if (pm := re.match(r"\s(\d{1,3})(?![\d.,])", rest)) and float(pm.group(1)) < mult:
                        extra += float(pm.group(1))  # Turkish "11 bin 500": eleven thousand five hundred
                        end += pm.end()
                        rest = text[end:end + 60]
                values = [v * mult + extra for v in readings_v]
            # Percent, currency, unit — in that order.
            pm = re.match(rf"[\s\u00a0\u202f]?(?:{_PERCENT})(?![\w])" if lang not in _NO_SPACE else rf"\s?(?:{_PERCENT})", rest, re.IGNORECASE)
            if pm:
                kind = "percent"
                end += pm.end()
                rest = text[end:end + 60]
                if re.match(r"\s+(?:off|discount|reduction|cheaper|έκπτωση|Rabatt|скидк)", rest, re.IGNORECASE):
                    tags.add("discount")
            elif currency:
                kind, unit = "money", currency
            else:
                cm = self._match_table(rest, _CURRENCY_WORDS)
                if cm:
                    kind, unit = "money", cm[0]
                    end += cm[1]
                else:
                    um = self._match_table(rest, _UNIT_PATTERNS)
                    if um:
                        kind, unit = "unit", um[0]
                        end += um[1]
                    elif re.match(r"(?:-|\s)?(?:year|jährig|летн|χρον|岁|周岁)", rest, re.IGNORECASE):
                        tags.add("age")
            if unit == "km" and re.search(r"(?:时速|saatte|時速|시속)\s?$", text[max(0, start - 7):start], re.IGNORECASE):
                unit = "km/h"  # "per hour" before the number: 时速300公里, saatte 250 kilometre
            if lang == "zh" and text[max(0, start - 3):start] == "百分之":
                start, kind = start - 3, "percent"
            # Digits glued to a Greek/German suffix ("24ωρη", "81-jährige") keep their value.
            readings = [Reading(kind, v, unit) for v in values]
            if kind == "number" and re.fullmatch(r"([01]?\d|2[0-3])\.[0-5]\d", m.group("num")):
                # English "10.30" may be a British time.
                h, mi = m.group("num").split(".")
                readings.append(Reading("time", int(h) * 60 + int(mi)))
            self.add(start, end, readings, tags=tags)

    def _match_table(self, rest: str, table: list[tuple[str, str]]) -> tuple[str, int] | None:
        sep = r"[\s\u00a0\u202f-]?" if self.lang not in _NO_SPACE else r"\s?"
        # Korean glues its particles to the unit: 3000억 원을, 24시간이.
        right = r"(?=(?:으로|에서|이다|[을를이가은는의에와과도만로씩])?(?![\w]))" if self.lang == "ko" else (
            r"(?![\w])" if self.lang not in _NO_SPACE else "")
        # "1小时40分钟": Chinese units have no word boundary; one optional classifier 个 between.
        # Romance languages put "d'"/"de"/"di" between a scale word and the currency: "3 millions d'euros".
        link = r"(?:d['’]|de\s+|di\s+)?" if self.lang in ("fr", "es", "it", "pt") else ""
        for canon, pat in table:
            m = re.match(rf"{sep}(?:个)?{link}(?:{pat}){right}", rest, re.IGNORECASE)
            if m:
                return canon, m.end()
        return None

    def chinese_numerals(self) -> None:
        if self.lang != "zh":
            return
        # After 第 a numeral is always an ordinal; elsewhere only before a classifier or unit.
        pat = rf"(第)([{_ZH_NUM_CHARS}]+)|()([{_ZH_NUM_CHARS}]+)(?=[{_ZH_CLASSIFIERS}]|多|余|%|％)"
        for m in re.finditer(pat, self.text):
            digits = m.group(2) or m.group(4)
            value = _zh_number(digits)
            if value is None or (value == 1 and not m.group(1)) or digits[0] not in "零〇一二两三四五六七八九十":
                continue
            if m.group(1):
                self.add(m.start(), m.end(), [Reading("ordinal", value)], written="words")
                continue
            end = m.end()
            rest = self.text[end:end + 20]
            kind, unit = "number", None
            cm = self._match_table(rest, _CURRENCY_WORDS)
            um = self._match_table(rest, _UNIT_PATTERNS) if not cm else None
            if cm:
                kind, unit, end = "money", cm[0], end + cm[1]
            elif um:
                kind, unit, end = "unit", um[0], end + um[1]
            start = m.start()
            if self.text[max(0, start - 3):start] == "百分之":
                start, kind = start - 3, "percent"
            self.add(start, end, [Reading(kind, value, unit)], written="words")
        for m in re.finditer(rf"百分之([{_ZH_NUM_CHARS}点]+)", self.text):
            whole, _, frac = m.group(1).partition("点")
            value = _zh_number(whole)
            if value is not None:
                if frac:
                    value += float("0." + "".join(str(_ZH_DIGITS.get(c, 0)) for c in frac))
                self.add(m.start(), m.end(), [Reading("percent", value)], written="words")
        for m in re.finditer(r"第(\d+)", self.text):
            self.add(m.start(), m.end(), [Reading("ordinal", float(m.group(1)))])

    def number_words(self) -> None:
        lang = self.lang
        if lang in _NO_SPACE:
            return
        cards = _CARDINALS.get(lang, {})
        ords = _ORDINALS.get(lang, {})
        if lang == "ar":
            tokens = self._arabic_tokens()
            self._arabic_ordinals(tokens)
        else:
            tokens = [(m.start(), m.end(), _token_key(m.group(), lang)) for m in re.finditer(_TOKEN.get(lang, _WORD), self.text)]
        not_numbers = _NOT_A_NUMBER.get(lang, {})
        i = 0
        while i < len(tokens):
            start, end, word = tokens[i]
            value, kind, j = self._word_value(tokens, i, cards, ords)
            if value is None:
                i += 1
                continue
            s_end = tokens[j - 1][1]
            if j == i + 1 and (context := not_numbers.get(word.lower())):
                before, after = context
                if ((before and re.search(before, self.text[max(0, start - 30):start]))
                        or (after and re.search(after, self.text[s_end:s_end + 30]))):
                    i = j
                    continue
            self.add(start, s_end, [Reading(kind, float(value))], written="words")
            i = j
        if day := _DAY_OF_24_HOURS.get(lang):
            # A word that is 24 hours by itself (no number before it took it as days): "w ciągu doby".
            for m in re.finditer(rf"(?<![\w])(?:{day})(?![\w])", self.text, re.IGNORECASE):
                self.add(m.start(), m.end(), [Reading("unit", 24.0, "h")], written="words")
        if lang == "ar":
            self._arabic_counted()

    def _arabic_tokens(self) -> list[tuple[int, int, str]]:
        """Arabic words as number_words reads them: clitics off number words (بثلاثة is ثلاثة),
        أحد عشر one token (11)."""
        words = [(m.start(), m.end(), _ar_number_word(m.group()))
                 for m in re.finditer(rf"[^\W\d_](?:[^\W\d_]|{_AR_MARKS.pattern})*", self.text)]
        tokens: list[tuple[int, int, str]] = []
        for start, end, word in words:
            if tokens and tokens[-1][2] in ("احد", "احدي") and word in ("عشر", "عشرة"):
                tokens[-1] = (tokens[-1][0], end, f"{tokens[-1][2]} {word}")
            else:
                tokens.append((start, end, word))
        return tokens

    def _arabic_ordinals(self, tokens: list[tuple[int, int, str]]) -> None:
        """Arabic ordinals of two words: a unit's ordinal and عشر/عشرة (الجولة الخامسة عشرة, the
        15th round; الحادي عشر, 11th) or و and a ten (التاسعة والخمسين, 59th). Their second word
        alone would read as the cardinal 10 or 50."""
        for (start, first_end, word), (next_start, end, nxt) in zip(tokens, tokens[1:]):
            unit = re.fullmatch(_AR_ORDINAL_UNIT, word)
            if unit is None or self.text[first_end:next_start].strip():
                continue
            value = _AR_ORDINAL_UNITS[unit.group(1)]
            tens = _CARDINALS["ar"].get(nxt)
            if nxt in ("عشر", "عشرة"):
                self.add(start, end, [Reading("ordinal", value + 10.0)], written="words")
            elif tens in (20, 30, 40, 50, 60, 70, 80, 90) and self.text.startswith("و", next_start):
                self.add(start, end, [Reading("ordinal", value + float(tens))], written="words")

    def _arabic_counted(self) -> None:
        """Ones and twos of the nouns results count: the dual is two (بهدفين, two goals) and, after
        مقابل ("against") and a count just before it, the singular is one ("بثلاثة أهداف مقابل هدف"
        is 3-1)."""
        for dual in _AR_COUNTED.values():
            for m in re.finditer(rf"(?<![\w])(?:[وفبل])?(?:{dual})(?![\w])", self.text):
                self.add(m.start(), m.end(), [Reading("number", 2.0)], written="words")
        for singular in _AR_COUNTED:
            for m in re.finditer(rf"(?<![\w])مقابل\s+(?:[وب])?({singular})(?:ا|ً|اً)?(?![\w])", self.text):
                if any(q.kind == "number" and 0 <= m.start() - q.end <= 20 for q in self.found):
                    self.add(m.start(1), m.end(), [Reading("number", 1.0)], written="words")

    def _word_value(self, tokens: list[tuple[int, int, str]], i: int, cards: dict[str, float],
                    ords: dict[str, int]) -> tuple[float | None, str, int]:
        """Parse a run of number words starting at token i: (value, kind, next token index).

        Words compose as numbers are said: a unit after a ten or a hundred adds to it ("twenty
        five", "dwieście pięćdziesiąt"), a hundred multiplies a unit before it ("dvě stě"), a
        scale word multiplies all before it ("zwei Millionen", "dwadzieścia tysięcy", "दो लाख").
        Two words that cannot make one number ("két hét", two weeks; "two and three") are two runs.
        """
        lang = self.lang
        total, current, j, kind, seen, counted = 0.0, 0.0, i, "number", False, False
        while j < len(tokens):
            if j > i and self.text[tokens[j - 1][1]:tokens[j][0]].strip():
                break  # "dozen, twenty-five" are two numbers: runs never cross punctuation
            word = tokens[j][2]
            low = word.lower()
            parts = [low]
            if "-" in low or "‐" in low:
                # "twenty-five" is one number; "eighteen-year-old", "third-largest" keep the leading
                # run of number words and drop the rest.
                pieces = re.split(r"[-‐]", low)
                if len(pieces) == 2 and pieces[0] == pieces[1]:
                    pieces = pieces[:1]  # Hindi "चार-चार लाख": four lakh each, not eight
                parts = []
                k = 0
                while k < len(pieces):
                    # Longest known run first: "quatre-vingt-dix" is 90, not 4 + 20 + 10.
                    for e in range(len(pieces), k, -1):
                        piece = "-".join(pieces[k:e])
                        if piece in cards or piece in ords:
                            parts.append(piece)
                            k = e
                            break
                    else:
                        break
                if not parts:
                    parts = [low]
            v_total = None
            ok = True
            for part in parts:
                v = cards.get(part)
                ordv = ords.get(part)
                if v is None and ordv is None:
                    ordv = self._ordinal_stem(part)
                if v is None and ordv is None and lang == "de":
                    v = self._german_compound(part)
                if v is None and ordv is None and lang == "ru":
                    v = self._russian_compound(part)
                if v is None and ordv is None and lang in _GLUE_ONLY:
                    v = _glued_number(part, lang)
                if v is None and ordv is None:
                    ok = False
                    break
                if ordv is not None:
                    kind = "ordinal"
                    v = ordv
                v_total = v if v_total is None else (v_total + v if v < 100 else v_total * v)
            if not ok or v_total is None:
                # "twenty and five", "vinte e dois", "douăzeci de mii": a joiner inside a number.
                nxt = cards.get(tokens[j + 1][2].lower()) if seen and j + 1 < len(tokens) else None
                if (nxt is not None and (low in _JOINERS or (low in _SCALE_JOINERS.get(lang, ()) and nxt >= 1000))
                        and (nxt >= 1000 or (nxt == 100 and 0 < current < 100) or _fits(current, nxt))):
                    j += 1
                    continue
                break
            if v_total < 1000 and not (v_total == 100 and 0 < current < 100) and not _fits(current, v_total):
                break  # "két hét" (two weeks), "two seven": a second number starts here
            if v_total not in _BARE_SCALES or current:
                counted = True  # "thousands of troops", "hundreds" alone are not counts
            if v_total >= 1000:
                total += max(current, 1) * v_total
                current = 0
            elif v_total == 100 and current:
                current *= 100
            else:
                current += v_total
            seen = True
            j += 1
            if kind == "ordinal":
                break
        if not seen or not counted:
            return None, kind, max(j, i + 1)
        # A bare scale word ("thousands", "hundred") alone is not a count.
        return total + current, kind, j

    def _ordinal_stem(self, word: str) -> int | None:
        stems = _ORDINAL_STEMS.get(self.lang)
        if not stems:
            return None
        end = _EL_ORD_END if self.lang == "el" else _RU_ORD_END
        for stem, value in stems:
            if word.startswith(stem) and re.fullmatch(end, word[len(stem):]):
                if self.lang == "ru" and stem == "пят" and word.startswith("пятн"):
                    continue
                return value
        return None

    @staticmethod
    def _german_compound(word: str) -> int | None:
        # "einundzwanzig", "zweihundert", "dreitausend"
        units = {"ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9}
        tens = {"zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70,
                "achtzig": 80, "neunzig": 90}
        m = re.fullmatch(r"(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und(zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)", word)
        if m:
            return units[m.group(1)] + tens[m.group(2)]
        m = re.fullmatch(r"(zwei|drei|vier|fünf|sechs|sieben|acht|neun)(hundert|tausend)", word)
        if m:
            return units[m.group(1)] * (100 if m.group(2) == "hundert" else 1000)
        return None

    @staticmethod
    def _russian_compound(word: str) -> int | None:
        # "восемнадцатилетний" (eighteen-year-old), "двухлетний"
        m = re.match(r"(.+?)летн", word)
        if not m:
            return None
        stem = m.group(1)
        # Longest forms first: "восемнадцати" must not stop at "восем(ь)".
        for form, value in sorted(_CARDINALS["ru"].items(), key=lambda kv: -len(kv[0])):
            if stem in (form, form[:-1] + "и", form + "и", form[:-1] + "и" + "х"):
                return value
        return None

    def run(self) -> list[Quantity]:
        self.codes()
        self.times()
        self.dates()
        self.durations()
        self.decades()
        self.centuries()
        self.rates()
        self.discounts()
        self.tenths()
        self.weeks_in_days()
        self.fractions()
        self.numbers()
        self.chinese_numerals()
        self.reldays()
        self.number_words()
        self.minor_currency()
        return sorted(self.found, key=lambda q: (q.start, q.end))

    def minor_currency(self) -> None:
        """An amount in the currency and its hundredths read as one: "812円45銭" is 812.45 yen,
        "92 рубля 17 копеек" 92.17 roubles (the cents were a number of their own)."""
        found = sorted(self.found, key=lambda q: q.start)
        for money, cents in zip(found, found[1:]):
            minor = _MINOR_UNITS.get(money.readings[0].unit or "") if money.kind == "money" else None
            if (minor is None or cents.kind != "number" or not 0 <= cents.value < 100
                    or self.text[money.end:cents.start].strip()):
                continue
            unit = re.match(rf"\s?(?:{minor})", self.text[cents.end:])
            if unit is None:
                continue
            end = cents.end + unit.end()
            merged = Quantity(money.start, end, self.original[money.start:end],
                              (Reading("money", money.value + cents.value / 100, money.readings[0].unit),),
                              money.written, money.tags)
            self.found = [q for q in self.found if q is not money and q is not cents] + [merged]


def extract_quantities(text: str, lang: str) -> list[Quantity]:
    """Every quantity in ``text`` (language ``lang``), in text order, offsets into ``text``.

    >>> [(q.text, q.kind, q.value) for q in extract_quantities("στις 07:30 (00:30 ώρα Ελλάδας)", "el")]
    [('07:30', 'time', 450), ('00:30', 'time', 30)]
    >>> [(q.text, q.value, q.unit) for q in extract_quantities("460亿元", "zh")]
    [('460亿元', 46000000000.0, 'CNY')]
    """
    return _Extractor(text, lang).run()


# --------------------------------------------------------------------------------------------
def values_close(a: float, b: float) -> bool:
    """Equal up to float noise: 9,20 and 9.2, 14,6 Mio. and 14.6 million."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def convertible(a: Reading, b: Reading, tolerance: float = 0.02) -> bool:
    """True when two unit readings state the same amount in different units (100 km ≈ 62 miles).

    >>> convertible(Reading("unit", 100.0, "km"), Reading("unit", 62.0, "mi"))
    True
    """
    if a.unit is None or b.unit is None or a.unit == b.unit or a.unit not in UNITS or b.unit not in UNITS:
        return False
    (da, fa), (db, fb) = UNITS[a.unit], UNITS[b.unit]
    if da != db or da in ("temperature", "magnitude"):
        if {a.unit, b.unit} == {"°C", "°F"}:
            c, f = (a.value, b.value) if a.unit == "°C" else (b.value, a.value)
            return abs(c * 9 / 5 + 32 - f) <= max(1.0, abs(f) * tolerance)
        return False
    x, y = a.value * fa, b.value * fb
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


def _readings_equivalent(a: Reading, b: Reading, convert: bool = True) -> bool:
    if a.kind in NUMERIC_KINDS and b.kind in NUMERIC_KINDS:
        if "percent" in (a.kind, b.kind) and a.kind != b.kind and "number" not in (a.kind, b.kind):
            return False
        if a.kind == "money" and b.kind == "money" and a.unit and b.unit and a.unit != b.unit:
            return False
        if a.kind == "unit" and b.kind == "unit" and a.unit != b.unit:
            return convert and convertible(a, b)
        if {a.kind, b.kind} == {"money", "unit"}:
            return False
        return values_close(float(a.value), float(b.value))
    if a.kind == "time" and b.kind == "time":
        return a.value == b.value
    if a.kind in ("date", "month") and b.kind in ("date", "month"):
        ma = a.value[0] if a.kind == "date" else a.value
        mb = b.value[0] if b.kind == "date" else b.value
        if ma is None or mb is None:  # a day of a month left unsaid ("giovedì 7"): any month
            return a.kind == b.kind == "date" and a.value[1] == b.value[1]
        if ma != mb:
            return False
        return not (a.kind == b.kind == "date" and a.value[1] != b.value[1])
    if {a.kind, b.kind} == {"date", "ordinal"}:  # "giovedì 7" is "the 7th"
        day, ordinal = (a, b) if a.kind == "date" else (b, a)
        return day.value[0] is None and values_close(float(day.value[1]), float(ordinal.value))
    if a.kind == b.kind and a.kind in ("weekday", "relday", "code"):
        return a.value == b.value
    return False


def equivalent(a: Quantity, b: Quantity) -> bool:
    """True when some reading of ``a`` states the same thing as some reading of ``b``.

    Two discounts (八折 and "20% off") compare their first readings only: 八折 keeps 80% as a
    second reading for "80% of the fare", which must not excuse "80% off".

    >>> q = lambda t, l: extract_quantities(t, l)[0]
    >>> equivalent(q("2,5%", "el"), q("2.5%", "en")), equivalent(q("2,5%", "el"), q("25%", "en"))
    (True, False)
    >>> equivalent(q("八折", "zh"), q("20% off", "en")), equivalent(q("八折", "zh"), q("80% off", "en"))
    (True, False)
    """
    if "discount" in a.tags and "discount" in b.tags:
        return _readings_equivalent(a.readings[0], b.readings[0])
    # Unit conversion only between first readings: 180.000 t read as 180 t would otherwise
    # "convert" to 180,000 kg.
    return any(
        _readings_equivalent(x, y, convert=(m == 0 and n == 0))
        for m, x in enumerate(a.readings)
        for n, y in enumerate(b.readings)
    )


def same_class(a: Quantity, b: Quantity) -> bool:
    """True when ``b`` could be a (possibly wrong) rendering of ``a``: numbers with numbers, times
    with times, days of the month with days of the month, weekdays with weekdays.
    """
    return _class(a.kind) == _class(b.kind) and _class(a.kind) != "code"


def _class(kind: str) -> str:
    if kind in NUMERIC_KINDS:
        return "numeric"
    if kind in ("date", "month"):
        return "date"
    return kind


_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")


def _ordinal_suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def format_reading(r: Reading) -> str:
    """A reading in plain English, for messages: 30000, 2.5%, 14.6 million EUR, 22:30, March 3.

    >>> format_reading(Reading("money", 14.6e6, "EUR")), format_reading(Reading("time", 1350))
    ('14.6 million EUR', '22:30')
    """
    if r.kind in NUMERIC_KINDS:
        v = float(r.value)
        if abs(v) >= 1e6 and v % 1e4 == 0 and abs(v) >= 1e6:
            for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
                if abs(v) >= scale:
                    text = f"{v / scale:g} {word}"
                    break
        else:
            text = f"{v:,.10g}" if v >= 10000 else f"{v:g}"
        if r.kind == "percent":
            return text + "%"
        if r.kind == "ordinal":
            return text + "."
        return f"{text} {r.unit}" if r.unit else text
    if r.kind == "time":
        return f"{r.value // 60:02d}:{r.value % 60:02d}"
    if r.kind == "date" and r.value[0] is None:
        return f"the {r.value[1]}{_ordinal_suffix(r.value[1])}"
    if r.kind == "date":
        return f"{_MONTHS_EN[r.value[0] - 1]} {r.value[1]}"
    if r.kind == "month":
        return _MONTHS_EN[r.value - 1]
    if r.kind == "weekday":
        return _WEEKDAYS_EN[r.value]
    if r.kind == "relday":
        return {-2: "the day before yesterday", -1: "yesterday", 0: "today", 1: "tomorrow",
                2: "the day after tomorrow"}.get(r.value, f"{r.value:+d} days")
    return str(r.value)
