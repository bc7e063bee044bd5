"""The numbers check on hand-made sentence pairs, aligned with the deterministic hashing encoder."""

from __future__ import annotations

import re

import pytest

from mtqa.align.sentence import SentenceAlignment
from mtqa.align.story import StoryAlignment, align_story
from mtqa.align.word import WordAligner
from mtqa.checks import get_checks
from mtqa.checks.base import CheckContext
from mtqa.checks.numbers import NumbersCheck, compare_quantities
from mtqa.checks.quantities import extract_quantities
from mtqa.data import Alignment, Document, Finding, Signature
from mtqa.encoders import get_encoder
from mtqa.sentences import segment_document


def positional_alignment(source: Document, target: Document) -> StoryAlignment:
    """Sentence i with sentence i, words by the hashing encoder: the hashing encoder's own sentence
    alignment cannot pair a Greek sentence with its English translation, a hand-made one can."""
    assert len(source.segments) == len(target.segments)
    aligner = WordAligner(get_encoder("hash"), layer=1)
    pairs = [(s.text, t.text) for s, t in zip(source.segments, target.segments)]
    words = tuple(aligner.align_batch(pairs))
    links = tuple(Alignment((k,), (k,), 1.0, 1.0) for k in range(len(pairs)))
    sentences = SentenceAlignment(source, target, links, Signature({"task": "test"}))
    return StoryAlignment(sentences, words, tuple((s.start, t.start) for s, t in zip(source.segments, target.segments)))


def run_check(src: str, tgt: str, src_lang: str, tgt_lang: str = "en", options: dict | None = None,
              positional: bool = True) -> tuple[list[Finding], Document, Document]:
    source = segment_document("s", src_lang, src)
    target = segment_document("t", tgt_lang, tgt)
    if positional and len(source.segments) == len(target.segments):
        alignment = positional_alignment(source, target)
    else:
        alignment = align_story(source, target, encoder="hash", layer=1)
    context = CheckContext(source, target, alignment, options=options or {})
    return NumbersCheck().run(context), source, target


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [f.message for f in findings]
    return findings[0]


def spans(finding: Finding, source: Document, target: Document) -> tuple[str | None, str | None]:
    s, t = finding.source_span, finding.target_span
    return (source.text[s.start:s.end] if s else None, target.text[t.start:t.end] if t else None)


def test_registered() -> None:
    (check,) = get_checks(["numbers"])
    assert isinstance(check, NumbersCheck)
    assert set(check.categories) == {"number", "date"}


def test_changed_number_is_critical_and_points_at_both_numbers() -> None:
    src = "Ο σεισμός είχε μέγεθος 5,3 Ρίχτερ. Δεν αναφέρθηκαν ζημιές."
    tgt = "The earthquake measured 3.5 on the Richter scale. No damage was reported."
    findings, s, t = run_check(src, tgt, "el")
    f = only(findings)
    assert (f.category, f.severity, f.check) == ("number", "critical", "numbers")
    assert spans(f, s, t) == ("5,3 Ρίχτερ", "3.5")
    assert "became" in f.message and 0.5 <= f.confidence <= 1.0


@pytest.mark.parametrize(
    ("src", "tgt", "lang", "src_span", "tgt_span"),
    [
        ("Τα σωματεία ζητούν αυξήσεις 2,5% πάνω από τον πληθωρισμό.",
         "The unions are demanding pay rises of 25% above inflation.", "el", "2,5%", "25%"),
        ("Heizöl kostete 4,1 Prozent weniger als ein Jahr zuvor.",
         "Heating oil cost 41 percent less than a year earlier.", "de", "4,1 Prozent", "41 percent"),
        ("Land und Bund investierten 14,6 Millionen Euro.",
         "The state and federal governments invested 146 million euros.", "de", "14,6 Millionen Euro",
         "146 million euros"),
        ("Маршрут посетят не менее 20 тыс. человек.", "At least 2,000 people will use the trail.", "ru",
         "20 тыс.", "2,000"),
        ("日均客流约3万人次。", "About 3,000 passengers a day.", "zh", "3万", "3,000"),
        ("Das kostet 5.000 Euro.", "It costs 50,000 euros.", "de", "5.000 Euro", "50,000 euros"),
        ("कंपनी ने 1,25,300 कारें बेचीं।", "The company sold 152,300 cars.", "hi", "1,25,300", "152,300"),
        ("Festivale 3 bin 250 kişi katıldı.", "3,520 people attended the festival.", "tr", "3 bin 250", "3,520"),
    ],
)
def test_changed_decimals_and_scales(src: str, tgt: str, lang: str, src_span: str, tgt_span: str) -> None:
    findings, s, t = run_check(src, tgt, lang)
    f = only(findings)
    assert (f.category, f.severity) == ("number", "critical")
    assert spans(f, s, t) == (src_span, tgt_span)


def test_changed_time() -> None:
    src = "Η εκτόξευση εντοπίστηκε στις 07:30 (τοπική ώρα· 00:30 ώρα Ελλάδας)."
    tgt = "The launch was detected at 09:30 (local time; 00:30 Greek time)."
    findings, s, t = run_check(src, tgt, "el")
    f = only(findings)
    assert (f.category, f.severity) == ("date", "critical")
    assert spans(f, s, t) == ("07:30", "09:30")
    assert f.message == "07:30 became 09:30"


def test_am_pm_change() -> None:
    findings, s, t = run_check("Die Bahn stellte den Verkehr bis 10.30 Uhr ein.",
                               "The railway suspended services until 10:30 p.m.", "de")
    f = only(findings)
    assert f.category == "date" and spans(f, s, t) == ("10.30 Uhr", "10:30 p.m.")


@pytest.mark.parametrize(
    ("src", "tgt", "lang", "src_span", "tgt_span"),
    [
        ("Das Bundesamt teilte am 3. März mit, die Inflation sei gesunken.",
         "The federal office said on May 3 that inflation had fallen.", "de", "3. März", "May 3"),
        ("Тропа начнёт работать 15 июня.", "The trail will open on July 15.", "ru", "15 июня", "July 15"),
        ("12月28日，高铁正式开通。", "On November 28, the railway opened.", "zh", "12月28日", "November 28"),
        ("Η παραγωγή ξεκινά τον Φεβρουάριο του 2022.", "Production starts in April 2022.", "el", "Φεβρουάριο", "April"),
    ],
)
def test_changed_month(src: str, tgt: str, lang: str, src_span: str, tgt_span: str) -> None:
    findings, s, t = run_check(src, tgt, lang)
    f = only(findings)
    assert f.category == "date" and f.severity == "critical"
    assert spans(f, s, t) == (src_span, tgt_span)


@pytest.mark.parametrize(
    ("src", "tgt", "lang", "src_span", "tgt_span"),
    [
        ("Τα πλοία θα μείνουν δεμένα την Πέμπτη 14 Μαρτίου.", "Ships will stay moored on Tuesday, March 14.", "el",
         "Πέμπτη", "Tuesday"),
        ("Ein Spaziergänger fand am Sonntagmorgen eine Geldbörse.", "A walker found a wallet on Saturday morning.",
         "de", "Sonntagmorgen", "Saturday"),
        ("Чемпионат завершился в воскресенье в Белграде.", "The championship ended in Belgrade on Saturday.", "ru",
         "воскресенье", "Saturday"),
    ],
)
def test_changed_weekday(src: str, tgt: str, lang: str, src_span: str, tgt_span: str) -> None:
    findings, s, t = run_check(src, tgt, lang)
    f = only(findings)
    assert f.category == "date"
    assert spans(f, s, t) == (src_span, tgt_span)
    assert "became" in f.message


def test_weekday_kept_is_fine() -> None:
    findings, _, _ = run_check("Την Κυριακή πραγματοποίησαν κοινή άσκηση.", "On Sunday they held a joint exercise.", "el")
    assert findings == []


@pytest.mark.parametrize(
    ("src", "tgt", "lang", "src_span", "tgt_span"),
    [
        ("Der Wetterdienst maß bis zu 148 Kilometern pro Stunde.", "The weather service measured up to 148 miles per hour.",
         "de", "148 Kilometern pro Stunde", "148 miles per hour"),
        ("Η παραγωγή εκτιμάται σε 180.000 τόνους.", "Production is estimated at 180,000 kilograms.", "el",
         "180.000 τόνους", "180,000 kilograms"),
        ("Die Geldbörse enthielt 5.000 Euro.", "The wallet contained 5,000 dollars.", "de", "5.000 Euro", "5,000 dollars"),
    ],
)
def test_unit_or_currency_error(src: str, tgt: str, lang: str, src_span: str, tgt_span: str) -> None:
    findings, s, t = run_check(src, tgt, lang)
    f = only(findings)
    assert f.category == "number" and f.severity == "critical"
    assert spans(f, s, t) == (src_span, tgt_span)
    assert "changed" in f.message


def test_unit_conversion_is_not_an_error() -> None:
    findings, _, _ = run_check("The storm reached 100 km inland.", "The storm reached 62 miles inland.", "en", "en")
    assert findings == []


@pytest.mark.parametrize(
    ("src", "tgt", "lang"),
    [
        # locale separators and scale words
        ("Περίπου 10.000 ναυτικοί εργάζονται χωρίς σύμβαση από τον Φεβρουάριο του 2022.",
         "About 10,000 seafarers have been working without an agreement since February 2022.", "el"),
        ("Οι απώλειες θα ξεπεράσουν τα 3 εκατ. ευρώ.", "Losses will exceed 3 million euros.", "el"),
        ("Ο προϋπολογισμός ανέρχεται σε 42,5 εκατ. ευρώ.", "The budget stands at 42.5 million euros.", "el"),
        ("Die Inflationsrate ist im Februar auf 2,2 Prozent gesunken.", "The inflation rate fell to 2.2 percent in February.", "de"),
        ("Аграрии собрали 620 тыс. тонн лука, что на 14% больше.", "Farmers harvested 620,000 tonnes of onions, 14% more.", "ru"),
        ("总投资约460亿元。", "It cost about 46 billion yuan.", "zh"),
        ("日均客流约3万人次。", "About 30,000 passengers a day.", "zh"),
        ("首月乘客还可享受八折优惠。", "In the first month, passengers will also get 20% off.", "zh"),
        # number words, ordinals, dates written differently
        ("Ζητούν την πρόσληψη τριών επιπλέον μελών πληρώματος.", "They demand the hiring of three additional crew members.", "el"),
        ("Восемнадцатилетний Артём выиграл, в рейтинге он был только 27-м.",
         "Eighteen-year-old Artyom won, he was only 27th in the rankings.", "ru"),
        ("Das Barockschloss aus dem 17. Jahrhundert öffnet am Samstag, dem 1. Juni.",
         "The 17th-century Baroque castle reopens on Saturday, June 1.", "de"),
        ("Die Bahn stellte den Verkehr bis 10.30 Uhr ein.", "The railway suspended services until 10:30 a.m.", "de"),
        ("这条铁路全长约280公里，设计时速250公里。", "The line is about 280 kilometres long and designed for 250 km/h.", "zh"),
        ("12月28日上午9时30分，高铁正式开通。", "The railway opened at 9:30 a.m. on December 28.", "zh"),
        ("此前只在4个区试运营。", "Until now the service ran in four districts.", "zh"),
        ("Κήρυξε 24ωρη απεργία που ξεκινά στις 06:00.", "It called a 24-hour strike that begins at 06:00.", "el"),
        # time zones stated in the text, model names
        ("Η δόνηση καταγράφηκε στις 04:17 ώρα Ελλάδας (02:17 ώρα Γκρίνουιτς).",
         "The tremor was recorded at 04:17 Greek time (02:17 GMT).", "el"),
        ("Αμερικανικά βομβαρδιστικά B-1B, μαχητικά F-15K και KF-16 συμμετείχαν.",
         "US B-1B bombers, F-15K and KF-16 fighters took part.", "el"),
        ("Οι δύο πλευρές κλήθηκαν να επιστρέψουν.", "Both sides were called on to return.", "el"),
        # Indian digit grouping, Hindi clock hours, Turkish numbers continued after their scale word
        ("कंपनी ने 1,25,300 कारें बेचीं।", "The company sold 125,300 cars.", "hi"),
        ("दुकानें सुबह 7 बजे खुलेंगी।", "Shops will open at 7 a.m.", "hi"),
        ("Festivale 3 bin 250 kişi katıldı.", "3,250 people attended the festival.", "tr"),
        ("Nüfus 2 milyon 400 bin kişiye ulaştı.", "The population reached 2.4 million people.", "tr"),
        # race times, month ranges, names with digits, Romanian "mai" (more)
        ("她以2分05秒37的成绩获得银牌。", "She won silver in 2:05.37.", "zh"),
        ("7～9月期の売上高は5%増えた。", "Sales for the July–September quarter rose 5%.", "ja"),
        ("भारत ने टी20 श्रृंखला जीती।", "India won the T20 series.", "hi"),
        ("Drumul nu mai este închis.", "The road is no longer closed.", "ro"),
    ],
)
def test_correct_translations_are_not_flagged(src: str, tgt: str, lang: str) -> None:
    findings, _, _ = run_check(src, tgt, lang)
    assert findings == [], [f.message for f in findings]


def test_romanian_mai_is_may_beside_a_day_or_year() -> None:
    findings, s, t = run_check("Alegerile au loc pe 4 mai.", "The elections take place on 4 June.", "ro")
    assert [spans(f, s, t) for f in findings] == [("4 mai", "4 June")]


def test_dropped_and_added_digits() -> None:
    findings, s, t = run_check("Die Feuerwehr rückte zu 900 Einsätzen aus.", "Fire brigades were called out many times.", "de")
    f = only(findings)
    assert (f.severity, f.category) == ("major", "number")
    # A dropped number points at the whole target sentence, where it should have been.
    assert spans(f, s, t) == ("900", "Fire brigades were called out many times.") and f.confidence < 0.5

    findings, s, t = run_check("Die Feuerwehr rückte oft aus.", "Fire brigades were called out 900 times.", "de")
    f = only(findings)
    assert f.severity == "major"
    assert spans(f, s, t) == ("Die Feuerwehr rückte oft aus.", "900")

    findings, _, _ = run_check("Die Feuerwehr rückte zu 900 Einsätzen aus.", "Fire brigades were called out many times.",
                               "de", options={"numbers.report_dropped": False})
    assert findings == []


def test_lost_day_before_yesterday() -> None:
    findings, s, t = run_check("Προχθές, Κυριακή, πραγματοποίησαν κοινή άσκηση.",
                               "The day before Sunday, they held a joint exercise.", "el")
    f = only(findings)
    assert f.category == "date"
    assert spans(f, s, t) == ("Προχθές", "The day before Sunday, they held a joint exercise.")


def test_number_in_neighbouring_sentence_is_not_dropped() -> None:
    # The translation moved the figure into the next sentence: no dropped/added pair.
    src = "Η παραγωγή μειώθηκε κατά 18%. Οι ειδικοί ανησυχούν."
    tgt = "Production fell. Experts are worried about the 18% drop."
    findings, _, _ = run_check(src, tgt, "el")
    assert findings == []


def test_a_number_word_already_paired_excuses_no_added_digit() -> None:
    # "trzy" is paired with "three"; it cannot also stand for the 3 of a changed score.
    src = ("Legia Warszawa pokonała w niedzielę Lecha Poznań 2:1 i awansowała na drugie miejsce w tabeli "
           "Ekstraklasy, tracąc trzy punkty do lidera.")
    tgt = ("Legia Warsaw beat Lech Poznań {} on Sunday and moved up to second place in the Ekstraklasa table, "
           "three points behind the leaders.")
    assert run_check(src, tgt.format("2-1"), "pl")[0] == []
    findings, s, t = run_check(src, tgt.format("3-1"), "pl")
    assert findings and all(f.severity in ("major", "critical") for f in findings)
    assert any(spans(f, s, t)[1] in ("3", "3-1") for f in findings), [spans(f, s, t) for f in findings]


def test_spans_are_story_offsets_in_later_sentences() -> None:
    src = "Die Europäische Zentralbank tagt in Frankfurt. Der Preis für Brent stieg auf 9,20 Euro pro Barrel."
    tgt = "The European Central Bank meets in Frankfurt. The price of Brent rose to 2.90 euros per barrel."
    findings, s, t = run_check(src, tgt, "de")
    f = only(findings)
    assert spans(f, s, t) == ("9,20 Euro", "2.90 euros")
    assert f.source_span.start > 20 and f.target_span.start > 20


def test_with_the_hashing_sentence_aligner() -> None:
    # The plain pipeline path: align_story with the hashing encoder (sentences paired by position).
    src = "Das Haus ist rot. Es kostet 5.000 Euro."
    tgt = "Das Haus ist rot. Es kostet 5.000 Euro."
    findings, _, _ = run_check(src, tgt, "de", "de", positional=False)
    assert findings == []
    findings, s, t = run_check(src, "Das Haus ist rot. Es kostet 6.000 Euro.", "de", "de", positional=False)
    assert [spans(f, s, t) for f in findings] in ([("5.000 Euro", "6.000 Euro")], [("5.000 Euro", None), (None, "6.000 Euro")])


def test_compare_quantities_prefers_aligned_pairs() -> None:
    src = extract_quantities("5 και 7", "el")
    tgt = extract_quantities("8 and 9", "en")
    issues = compare_quantities(src, tgt, aligned={(0, 1), (1, 0)})
    assert [(i.source.text, i.target.text, i.paired_by) for i in issues] == [("5", "9", "alignment"), ("7", "8", "alignment")]
    # without alignment, by order
    issues = compare_quantities(src, tgt)
    assert [(i.source.text, i.target.text, i.paired_by) for i in issues] == [("5", "8", "order"), ("7", "9", "order")]


def test_findings_are_deterministic_and_serializable() -> None:
    a, _, _ = run_check("Στις 07:30 έφτασε.", "It arrived at 08:30.", "el")
    b, _, _ = run_check("Στις 07:30 έφτασε.", "It arrived at 08:30.", "el")
    assert a == b
    assert Finding.from_dict(a[0].to_dict()) == a[0]


def test_a_dropped_month_is_a_lost_date() -> None:
    from helpers import context

    ctx = context("Im Januar hatte die Inflation noch bei 2,9 Prozent gelegen.", "de",
                  "Inflation had still stood at 2.9 percent.", "en", [((0,), (0,))],
                  word_links={0: [("Inflation", "Inflation"), ("gelegen", "stood")]})
    f = only(NumbersCheck().run(ctx))
    assert (f.category, f.severity) == ("date", "major") and "Januar" in f.message
    kept = context("Im Januar hatte die Inflation noch bei 2,9 Prozent gelegen.", "de",
                   "In January, inflation had still stood at 2.9 percent.", "en", [((0,), (0,))])
    assert NumbersCheck().run(kept) == []


def test_a_dropped_number_word_counts_unless_a_word_renders_it() -> None:
    from helpers import context

    src = "В последнем, одиннадцатом туре он сыграл вничью и набрал 8,5 очка."
    ctx = context(src, "ru", "He drew and finished on 8.5 points.", "en", [((0,), (0,))],
                  word_links={0: [("сыграл", "drew"), ("набрал", "finished")]})
    f = only(NumbersCheck().run(ctx))
    assert f.category == "number" and "одиннадцатом" in f.message
    # "τις δύο πλευρές" is "both sides": the aligner links δύο to "both", a rendering, not a drop.
    src = "Κάλεσε τις δύο πλευρές να επιστρέψουν στο τραπέζι."
    tgt = "He called on both sides to return to the table."
    linked = context(src, "el", tgt, "en", [((0,), (0,))], word_links={0: [("δύο", "both"), ("πλευρές", "sides")]})
    assert NumbersCheck().run(linked) == []
    unlinked = context(src, "el", tgt, "en", [((0,), (0,))], word_links={0: [("πλευρές", "sides")]})
    assert [f.category for f in NumbersCheck().run(unlinked)] == ["number"]


@pytest.mark.parametrize("text, expected", [
    ("東京都は新たに500人の感染を確認した。", [("500", "number", 500.0)]),
    ("3月5日に2億円の損失", [("3月5日", "date", (3, 5)), ("2億円", "money", 2e8)]),
    ("午後3時30分に会見", [("午後3時30分", "time", 15 * 60 + 30)]),
    ("月曜日に発表、前年比で5%増加", [("月曜日", "weekday", 0), ("5%", "percent", 5.0)]),
])
def test_japanese_numbers_dates_and_times(text, expected):
    got = [(q.text, q.kind, q.value) for q in extract_quantities(text, "ja")]
    assert got == expected


def test_a_language_without_calendar_names_does_not_break_the_check() -> None:
    # Japanese month names are "1月"…, left to the digit patterns: the name pattern was once
    # empty and matched everywhere (a KeyError on "。").
    findings, _, _ = run_check("東京都は新たに500人の感染を確認した。", "Tokyo confirmed 500 new infections.", "ja")
    assert findings == []
    findings, _, _ = run_check("東京都は新たに500人の感染を確認した。", "Tokyo confirmed 600 new infections.", "ja")
    assert [f.severity for f in findings] == ["critical"]
    assert extract_quantities("500 katao, 3 araw.", "zz")[0].value == 500.0  # a locale babel lacks


@pytest.mark.parametrize("src, tgt, lang", [
    # Scale words from CLDR's compact formats, in languages with no hand-made list.
    ("Het kabinet trekt 2,5 miljard euro extra uit voor defensie.", "The cabinet sets aside an extra 2.5 billion euros for defence.", "nl"),
    ("Regeringen avsätter 1,8 miljarder kronor till vården.", "The government allocates 1.8 billion kronor to healthcare.", "sv"),
    ("Schodek rozpočtu činí 230 miliard Kč.", "The budget deficit is 230 billion crowns.", "cs"),
    ("A kormány 150 milliárd forintot különít el.", "The government sets aside 150 billion forints.", "hu"),
    ("सर्वोच्च न्यायालय ने 250 करोड़ रुपये का मुआवज़ा देने का आदेश दिया।", "The Supreme Court ordered compensation of 2.5 billion rupees.", "hi"),
    ("بلغ صافي الأرباح 109 مليارات ريال.", "Net profit reached 109 billion riyals.", "ar"),
    ("O Governo investe 1,2 mil milhões de euros na ferrovia.", "The government is investing 1.2 billion euros in the railways.", "pt"),
    # Numbers written as sums of myriads.
    ("日本の総人口は1億2380万人となった。", "Japan's total population stood at 123.8 million.", "ja"),
    ("営業利益は4兆3000億円になる見通しだ。", "Operating profit is expected to reach 4.3 trillion yen.", "ja"),
    ("영업이익이 9조 1천억 원으로 증가했다.", "Operating profit rose to 9.1 trillion won.", "ko"),
    # Clock hours written with an hour word, before or after, and shared by a range.
    ("Sie sollen zwischen 11 und 17 Uhr im Haus bleiben.", "They should stay indoors between 11 a.m. and 5 p.m.", "de"),
    ("A csütörtökön 14 és 20 óra között eshet.", "It could fall between 14:00 and 20:00 on Thursday.", "hu"),
    ("Les ministres se réuniront jeudi à 14 h 30.", "The ministers will meet on Thursday at 14:30.", "fr"),
    ("台風10号は28日21時ごろ上陸した。", "Typhoon No. 10 made landfall at around 21:00 on the 28th.", "ja"),
    ("기상청은 토요일 오후 3시부터 눈이 내릴 것으로 예보했다.", "The weather agency forecast snow from 3 p.m. on Saturday.", "ko"),
    ("장관은 12월 2일 뉴욕에 간다.", "The minister goes to New York on 2 December.", "ko"),
    ("A Kúria március 8-án négy év szabadságvesztésre ítélte.", "On 8 March the Curia sentenced him to four years.", "hu"),
    # Days sharing one written month, before or after them.
    ("Los maquinistas irán a la huelga los días 3 y 4 de octubre.", "Train drivers will strike on October 3 and 4.", "es"),
    ("Забастовка пройдет с 3 по 5 октября.", "The strike will run from October 3 to 5.", "ru"),
    # Speeds: "km/u" is Dutch for km/h; Turkish puts "per hour" before the number.
    ("Windstoten tot 110 km/u worden verwacht.", "Wind gusts of up to 110 km/h are expected.", "nl"),
    ("Trenler saatte 250 kilometre hıza ulaşacak.", "Trains will reach 250 kilometres per hour.", "tr"),
])
def test_numbers_in_many_languages_match_their_translation(src: str, tgt: str, lang: str) -> None:
    findings, _, _ = run_check(src, tgt, lang)
    assert [f.message for f in findings if f.severity != "minor"] == []
    # and a changed amount is still found
    changed = re.sub(r"\d+(?=[^\d]*$)", lambda m: str(int(m.group()) + 1), tgt, count=1) if re.search(r"\d", tgt) else tgt
    if changed != tgt:
        assert [f for f in run_check(src, changed, lang)[0] if f.severity != "minor"]


@pytest.mark.parametrize("src, lang, changed", [
    ("Legia pokonała w niedzielę Lecha Poznań 2:1.", "pl", "Legia beat Lech Poznań 2-1 on {}."),
    ("A fogyasztói árak októberben 3,2 százalékkal emelkedtek.", "hu", "Consumer prices rose by 3.2 percent in {}."),
    ("SMHI varnar för snö i Norrbotten under torsdagen.", "sv", "SMHI warns of snow in Norrbotten on {}."),
    ("Työttömyysaste nousi lokakuussa 8,7 prosenttiin.", "fi", "The unemployment rate rose to 8.7 percent in {}."),
    ("Meziroční inflace v prosinci zpomalila na 2,8 procenta.", "cs", "Inflation slowed to 2.8 percent in {}."),
    ("Минфин проведёт аукцион в среду.", "ru", "The Finance Ministry will hold an auction on {}."),
])
def test_inflected_month_and_weekday_names_are_dates(src: str, lang: str, changed: str) -> None:
    right, wrong = {"pl": ("Sunday", "Friday"), "hu": ("October", "March"), "sv": ("Thursday", "Wednesday"),
                    "fi": ("October", "May"), "cs": ("December", "August"), "ru": ("Wednesday", "Monday")}[lang]
    assert [f for f in run_check(src, changed.format(right), lang)[0] if f.severity != "minor"] == []
    findings = [f for f in run_check(src, changed.format(wrong), lang)[0] if f.severity != "minor"]
    assert [f.category for f in findings] == ["date"], [f.message for f in findings]


def serious(findings: list[Finding]) -> list[str]:
    return [f.message for f in findings if f.severity != "minor"]


@pytest.mark.parametrize("src, lang, right, wrong", [
    # Myriad numbers mixing digits and units are one number: 3万5000 is 35,000, 2천880만 28.8 million.
    ("同社は約3万5000人の従業員を抱えている。", "ja", "The company employs about 35,000 people.",
     "The company employs about 53,000 people."),
    ("新庁舎の建設費は3億5000万円に上る。", "ja", "The new office building will cost 350 million yen.",
     "The new office building will cost 3.5 billion yen."),
    ("今年度の売上高は1兆1600億円だった。", "ja", "Sales for the year were 1.16 trillion yen.",
     "Sales for the year were 1.6 trillion yen."),
    ("防衛費は1万2000億円を超える。", "ja", "Defence spending will exceed 1.2 trillion yen.",
     "Defence spending will exceed 12 billion yen."),
    ("실업자는 1년 새 8만3천명 줄었다.", "ko", "The number of unemployed fell by 83,000 in a year.",
     "The number of unemployed fell by 38,000 in a year."),
    ("이 나라의 인구는 5천170만명이다.", "ko", "The country has a population of 51.7 million.",
     "The country has a population of 5.17 million."),
    ("올해 적자는 2조3천억원에 달했다.", "ko", "This year's deficit reached 2.3 trillion won.",
     "This year's deficit reached 23 trillion won."),
    ("시는 도로 보수에 350억원을 투입한다.", "ko", "The city will spend 35 billion won on road repairs.",
     "The city will spend 3.5 billion won on road repairs."),
    # Hindi scale words multiply (लाख करोड़ is 10^12) and a number said twice is "each".
    ("सरकार ने रक्षा के लिए 6.2 लाख करोड़ रुपये रखे हैं।", "hi", "The government has set aside 6.2 trillion rupees for defence.",
     "The government has set aside 6.2 billion rupees for defence."),
    ("राज्य ने सड़कों पर 40 हज़ार करोड़ रुपये खर्च किए।", "hi", "The state spent 400 billion rupees on roads.",
     "The state spent 40 billion rupees on roads."),
    ("हादसे में मारे गए लोगों के परिजनों को 5-5 लाख रुपये दिए जाएंगे।", "hi",
     "The families of those killed in the accident will be given 500,000 rupees each.",
     "The families of those killed in the accident will be given 5 million rupees each."),
    # Speeds written out with "per hour" in the source language.
    ("De trein haalde een topsnelheid van 320 kilometer per uur.", "nl", "The train reached a top speed of 320 km/h.",
     "The train reached a top speed of 320 miles per hour."),
    ("Le raffiche hanno superato i 90 chilometri all'ora.", "it", "Gusts exceeded 90 kilometres per hour.",
     "Gusts exceeded 90 miles per hour."),
    ("Wiatr osiągał 75 kilometrów na godzinę.", "pl", "The wind reached 75 km/h.", "The wind reached 75 mph."),
    # Spanish tenths and hundredths of a point.
    ("La tasa de paro bajó dos décimas, hasta el 11,4 %.", "es",
     "The unemployment rate fell 0.2 percentage points to 11.4%.",
     "The unemployment rate fell 2 percentage points to 11.4%."),
    ("El atleta se quedó a cinco centésimas del récord.", "es", "The athlete finished 0.05 seconds off the record.",
     "The athlete finished 0.5 seconds off the record."),
    # Arabic number words with clitics, and a result's singular noun as one.
    ("فاز الفريق بأربعة أهداف مقابل هدف في المباراة النهائية.", "ar", "The team won the final 4-1.",
     "The team won the final 4-2."),
    ("تغلب النادي على ضيفه بهدفين مقابل هدف.", "ar", "The club beat its visitors 2-1.", "The club beat its visitors 3-1."),
    ("قضت المحكمة بسجن المتهم سبع سنوات.", "ar", "The court sentenced the defendant to 7 years in prison.",
     "The court sentenced the defendant to 17 years in prison."),
    # A decimal with more than three places is one number, not a group of three and a digit.
    ("トヨタの営業利益は前期比20%増の5兆3529億円だった。", "ja",
     "Toyota's operating profit rose 20% from the previous year to 5.3529 trillion yen.",
     "Toyota's operating profit rose 20% from the previous year to 5.3592 trillion yen."),
    ("Der Umsatz stieg im dritten Quartal auf 2456,7 Millionen Euro.", "de",
     "Revenue rose to 2.4567 billion euros in the third quarter.", "Revenue rose to 2.4 billion euros in the third quarter."),
])
def test_written_numbers_read_as_one_amount(src: str, lang: str, right: str, wrong: str) -> None:
    assert serious(run_check(src, right, lang)[0]) == []
    assert serious(run_check(src, wrong, lang)[0])


@pytest.mark.parametrize("text, lang, expected", [
    ("約3万5000人", "ja", [("3万5000", 35000.0)]),
    ("2천880만명", "ko", [("2천880만", 28_800_000.0)]),
    ("9조1천억원", "ko", [("9조1천억원", 9.1e12)]),  # with its currency
    ("1.87 लाख करोड़ रुपये", "hi", [("1.87 लाख करोड़ रुपये", 1.87e12)]),
    ("10-10 लाख रुपये", "hi", [("10-10 लाख रुपये", 1e6)]),
    ("मैच 2-2 से बराबरी पर छूटा।", "hi", [("2", 2.0), ("2", 2.0)]),  # a 2-2 draw, not "2 each"
    ("大手3百貨店の売上高", "ja", [("3", 3.0)]),  # three department stores, not 300
    ("3万 2025年", "ja", [("3万", 30000.0), ("2025年", 2025.0)]),
    ("tres décimas", "es", [("tres décimas", 0.3)]),
    ("بالسجن عشر سنوات", "ar", [("عشر", 10.0)]),
    ("لست متأكدا من ذلك", "ar", []),  # لست is "I am not", not ل + ست (six)
])
def test_number_readings(text: str, lang: str, expected: list[tuple[str, float]]) -> None:
    got = extract_quantities(text, lang)
    assert [q.text for q in got] == [t for t, _ in expected]
    assert [q.value for q in got] == pytest.approx([v for _, v in expected])


@pytest.mark.parametrize("src, lang, right, wrong", [
    # 時間 and 시간 after a number are hours, not a clock time (24時 is midnight, 24時間 a day).
    ("四国では台風の影響で18時間に600ミリの雨が降った。", "ja", "In Shikoku, 600 mm of rain fell in 18 hours because of the typhoon.",
     "In Shikoku, 600 mm of rain fell in 16 hours because of the typhoon."),
    ("東名高速は12時間にわたって通行止めとなった。", "ja", "The Tomei Expressway was closed for 12 hours.",
     "The Tomei Expressway was closed until 12:00."),
    ("이 편의점은 24시간 동안 문을 연다.", "ko", "This convenience store is open 24 hours.",
     "This convenience store is open 25 hours."),
    # Noon and midnight, in the translation and in the source.
    ("Bron är avstängd för trafik till klockan 12 på söndag.", "sv", "The bridge is closed to traffic until 12 noon on Sunday.",
     "The bridge is closed to traffic until 13:00 on Sunday."),
    ("Bron är avstängd för trafik till klockan 12 på söndag.", "sv", "The bridge is closed to traffic until noon on Sunday.",
     "The bridge is closed to traffic until 11 noon on Sunday."),
    ("Le cortège partira à midi de la place de la République.", "fr", "The march will set off at 12:00 from Place de la République.",
     "The march will set off at 13:00 from Place de la République."),
    ("Das Feuerwerk über dem Hafen beginnt um Mitternacht.", "de", "The fireworks over the harbour begin at 12 midnight.",
     "The fireworks over the harbour begin at 1 a.m."),
    # A word for a day of 24 hours is "24 hours" (doba, сутки, доба), and days after a number.
    ("Na Śnieżce w ciągu doby spadło 40 cm śniegu.", "pl", "40 cm of snow fell on Śnieżka in 24 hours.",
     "40 cm of snow fell on Śnieżka in 42 hours."),
    ("Za sprawą upałów zużycie prądu przez 3 doby biło rekordy.", "pl",
     "Because of the heat, electricity use broke records for 72 hours.",
     "Because of the heat, electricity use broke records for 48 hours."),
    ("За сутки в Москве выпало 15 мм осадков.", "ru", "In Moscow, 15 mm of precipitation fell in 24 hours.",
     "In Moscow, 15 mm of precipitation fell in 12 hours."),
    ("Протягом доби рятувальники ліквідували 30 пожеж.", "uk", "Over the past 24 hours, rescuers put out 30 fires.",
     "Over the past 48 hours, rescuers put out 30 fires."),
])
def test_hours_noon_and_days_of_24_hours(src: str, lang: str, right: str, wrong: str) -> None:
    assert serious(run_check(src, right, lang)[0]) == []
    assert serious(run_check(src, wrong, lang)[0])


def test_japanese_per_day_is_a_rate_not_a_date() -> None:
    src = "新路線は来月から1日2往復で運航する。"
    assert serious(run_check(src, "The new route will run two round trips a day from next month.", "ja")[0]) == []
    assert serious(run_check(src, "The new route will run three round trips a day from next month.", "ja")[0])
    src = "直行便は1日1便で運航する。"
    assert serious(run_check(src, "There will be one direct flight a day.", "ja")[0]) == []
    assert serious(run_check(src, "There will be two direct flights a day.", "ja")[0])
    # 1日 alone, or before a clock time, is still the 1st of the month.
    assert [q.text for q in extract_quantities("政府は1日、発表した。", "ja")] == ["1日"]
    assert [q.text for q in extract_quantities("1日10時ごろ", "ja")] == ["1日", "10時"]


@pytest.mark.parametrize("src, lang, right, wrong", [
    # Number words with scale words, in the languages' inflected forms.
    ("Na koncert przyszło ponad trzydzieści tysięcy widzów.", "pl", "More than 30,000 spectators came to the concert.",
     "More than 13,000 spectators came to the concert."),
    ("मेले में करीब तीन लाख लोग पहुंचे।", "hi", "About 300,000 people came to the fair.",
     "About 30,000 people came to the fair."),
    ("Koncertu se zúčastnilo dvacet tisíc lidí.", "cs", "Twenty thousand people attended the concert.",
     "12,000 people attended the concert."),
    ("Il museo ha accolto duecentomila visitatori.", "it", "The museum welcomed 200,000 visitors.",
     "The museum welcomed 20,000 visitors."),
    # Bulgarian and Ukrainian scale words after digits, and a sum of two scaled parts.
    ("Летището е обслужило 5,3 млн пътници.", "bg", "The airport handled 5.3 million passengers.",
     "The airport handled 53 million passengers."),
    ("Без світла залишилися 2 млн 300 тис. споживачів.", "uk", "2.3 million consumers were left without power.",
     "2 million consumers were left without power."),
    # Arabic digits glued to a clitic (و "and", the article with a tatweel).
    ("بلغت الفائدة 18.5% للإيداع و19.5% للإقراض.", "ar", "The rate stood at 18.5% for deposits and 19.5% for lending.",
     "The rate stood at 18.5% for deposits and 19% for lending."),
    ("تتراوح درجات الحرارة بين 40 و44 درجة.", "ar", "Temperatures will range between 40 and 44 degrees.",
     "Temperatures will range between 40 and 45 degrees."),
    ("تقام مباريات الجولة الـ12 يوم الجمعة.", "ar", "Round 12 matches will be played on Friday.",
     "Round 21 matches will be played on Friday."),
    ("تغلق المحلات بين الساعة 10 صباحاً و2 ظهراً.", "ar", "Shops close between 10 a.m. and 2 p.m.",
     "Shops close between 10 a.m. and 3 p.m."),
    # Days that share one written month.
    ("परीक्षाएं 10 से 12 मार्च तक होंगी।", "hi", "The exams will be held from March 10 to 12.",
     "The exams will be held from March 10 to 14."),
    ("Do wypadku doszło w nocy z 3 na 4 maja.", "pl", "The accident happened on the night of May 3 to 4.",
     "The accident happened on the night of May 3 to 5."),
    ("Пожар начался в ночь с 20 на 21 июля.", "ru", "The fire started on the night of July 20-21.",
     "The fire started on the night of July 20-22."),
    ("説明会は5月20日から22日にかけて開かれる。", "ja", "The briefings will be held from May 20 to 22.",
     "The briefings will be held from May 20 to 23."),
    # A day after a weekday is a date of the month the English names.
    ("Lo sciopero inizia alle 9 di martedì 12.", "it", "The strike begins at 9 a.m. on Tuesday, March 12.",
     "The strike begins at 9 a.m. on Tuesday, March 13."),
    ("Le vote aura lieu jeudi 5 à Paris.", "fr", "The vote will take place on Thursday, June 5, in Paris.",
     "The vote will take place on Thursday, June 6, in Paris."),
    # ... and the month of a full date of the same week in the sentence.
    ("Treni fermi dalle 21 di giovedì 7 alle 21 di venerdì 8 marzo.", "it",
     "Trains stop from 9 p.m. on Thursday, March 7, to 9 p.m. on Friday, March 8.",
     "Trains stop from 9 p.m. on Thursday, April 7, to 9 p.m. on Friday, March 8."),
    ("فاز الفريق في الجولة الخامسة عشرة من الدوري.", "ar", "The team won in the 15th round of the league.",
     "The team won in the 16th round of the league."),
    # Chinese tenths and 时 as o'clock; Swedish X-tiden and race times; Hindi clock words.
    ("今年出口增长约三成。", "zh", "Exports rose by about 30 percent this year.", "Exports rose by about 3 percent this year."),
    ("气象台10日8时发布暴雨预警。", "zh", "The observatory issued a rainstorm warning at 8 a.m. on the 10th.",
     "The observatory issued a rainstorm warning at 9 a.m. on the 10th."),
    ("Olyckan inträffade vid 05-tiden på morgonen.", "sv", "The accident happened at around 5 a.m.",
     "The accident happened at around 6 a.m."),
    ("Hon vann loppet på tiden 2.31.15.", "sv", "She won the race in a time of 2:31:15.",
     "She won the race in a time of 2:31:51."),
    ("Hij reed 14.02,35 op de vijf kilometer.", "nl", "He skated 14:02.35 over five kilometres.",
     "He skated 14:02.53 over five kilometres."),
    ("हादसा सुबह साढ़े पांच बजे हुआ।", "hi", "The accident happened at 5:30 a.m.", "The accident happened at 5 a.m."),
    ("会談は約1時間行われた。", "ja", "The talks lasted about an hour.", "The talks lasted about a day."),
    # a duration written 2h49 and in hours and minutes; Rio de Janeiro holds no month
    ("Os Alfa Pendular passam a fazer a ligação em 2h49, menos 10 minutos do que atualmente.", "pt",
     "The Alfa Pendular trains will now cover the route in 2 hours 49 minutes, 10 minutes less than at present.",
     "The Alfa Pendular trains will now cover the route in 2 hours 39 minutes, 10 minutes less than at present."),
    ("Počet případů přesáhl 25 000, nejvíce od 50. let minulého století.", "cs",
     "The number of cases exceeded 25,000, the highest since the 1950s.",
     "The number of cases exceeded 25,000, the highest since the 1960s."),
    ("Hasiči dostali oznámení krátce po 2. hodině ranní.", "cs", "Firefighters were alerted shortly after 2 a.m.",
     "Firefighters were alerted shortly after 3 a.m."),
    ("Cesta nejrychlejším spojem potrvá 2 hodiny a 29 minut.", "cs", "The fastest journey will take 2 hours and 29 minutes.",
     "The fastest journey will take 2 hours and 19 minutes."),
    ("Le TGV reliera Paris et Lyon en 1 h 50.", "fr", "The TGV will link Paris and Lyon in 1 hour 50 minutes.",
     "The TGV will link Paris and Lyon in 1 hour 40 minutes."),
    ("A nova presidente tomou posse no Rio de Janeiro em março.", "pt",
     "The new chief executive took office in Rio de Janeiro in March.",
     "The new chief executive took office in Rio de Janeiro in May."),
])
def test_quantities_read_in_more_languages(src: str, lang: str, right: str, wrong: str) -> None:
    assert serious(run_check(src, right, lang)[0]) == []
    assert serious(run_check(src, wrong, lang)[0])


@pytest.mark.parametrize("src, tgt, lang", [
    # Idioms of weeks and a dual: no number dropped.
    ("Le prix a baissé de 5 centimes en quinze jours.", "The price fell by 5 cents in two weeks.", "fr"),
    ("Il reviendra dans huit jours.", "He will return in a week.", "fr"),
    ("El precio subió hace quince días.", "The price rose two weeks ago.", "es"),
    ("سجل اللاعب هدفين في المباراة.", "The player scored twice in the match.", "ar"),
    ("売上高は前年のほぼ2倍になった。", "Sales nearly doubled from the previous year.", "ja"),
    ("会談は約1時間行われた。", "The talks lasted about an hour.", "ja"),  # one of a unit, "an hour"
    # Near misses stay what they were: no sum of unrelated scaled numbers, no Arabic word digits.
    ("A zecea zi de grevă a adus o nouă lege.", "The tenth day of the strike brought a new law.", "ro"),
    ("Het OM acht het bewezen dat de man heeft gestolen.", "The prosecution considers it proven that the man stole.", "nl"),
    ("Két hét múlva döntenek.", "They will decide in two weeks.", "hu"),
])
def test_idioms_and_near_misses_are_not_flagged(src: str, tgt: str, lang: str) -> None:
    assert serious(run_check(src, tgt, lang)[0]) == []
