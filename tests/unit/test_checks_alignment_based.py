"""Boundary, omission/addition and untranslated checks on hand-built alignments (no model)."""

from __future__ import annotations

import pytest

from helpers import context

from mtqa.checks import get_checks, list_checks
from mtqa.data import Glossary, TermEntry
from mtqa.errors import ConfigError


def run(name, ctx):
    return get_checks([name])[0].run(ctx)


def test_registry_lists_and_rejects_unknown_checks():
    names = {c["name"] for c in list_checks()}
    assert {"boundary", "omission", "untranslated"} <= names
    with pytest.raises(ConfigError, match="available"):
        get_checks(["no-such-check"])


def test_boundary_fragment_with_lowercase_start_and_mid_phrase_cut():
    src = "Ανακοίνωσε το Γενικό Επιτελείο Εθνικής Άμυνας."
    tgt = "The national general staff said.\ndefense of South Korea."
    ctx = context(src, "el", tgt, "en", [((0,), (0, 1))],
                  {0: [("Επιτελείο", "staff"), ("Άμυνας", "defense"), ("Ανακοίνωσε", "said")]})
    [finding] = run("boundary", ctx)
    assert finding.category == "boundary" and finding.severity == "major"
    assert ctx.target.text[finding.target_span.start:finding.target_span.end] == "said.\ndefense of South Korea."
    assert finding.evidence["lowercase_start"] == "defense" and finding.evidence["cut_mid_phrase"]


def test_boundary_legitimate_split_at_source_semicolon_is_not_reported():
    src = "Die Bahn stellte den Verkehr ein; die Fahrgäste warteten stundenlang."
    tgt = "Deutsche Bahn suspended services.\nPassengers waited for hours."
    ctx = context(src, "de", tgt, "en", [((0,), (0, 1))],
                  {0: [("ein", "services"), ("Fahrgäste", "Passengers")]})
    assert run("boundary", ctx) == []


def test_omission_of_a_whole_sentence_and_addition_of_one():
    src = "Erster Satz.\nZweiter Satz fehlt.\nDritter Satz."
    tgt = "First sentence.\nThird sentence.\nAn invented sentence."
    ctx = context(src, "de", tgt, "en", [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((), (2,))])
    found = {(f.category, f.severity) for f in run("omission", ctx)}
    assert found == {("omission", "major"), ("addition", "major")}


class _SupportEncoder:
    """Word vectors whose best cosine with any source word is set per target word (0.9 unless
    listed): every source word is the first axis, each target word mixes it with an axis of its own."""

    def __init__(self, support: dict[str, float]) -> None:
        self.support = support

    def word_vectors(self, text, spans, layer=None):
        import numpy as np

        out = np.zeros((len(spans), 64))
        for k, (a, b) in enumerate(spans):
            word = text[a:b]
            if word in self.support or text.startswith("The"):  # the target side
                c = self.support.get(word, 0.9)
                out[k, 0], out[k, 1 + k % 63] = c, (1 - c * c) ** 0.5
            else:
                out[k, 0] = 1.0
        return out


@pytest.mark.parametrize("unlinked, support, expected", [
    (("numbers", "require"), 0.38, {("addition", "major")}),  # weak support: major whatever the length
    (("numbers", "require"), 0.42, set()),  # two words, hint range: a paraphrase as often as not
    (("passenger", "numbers", "require"), 0.435, {("addition", "minor")}),  # three: worth a look
    (("passenger", "numbers", "require"), 0.60, set()),  # well supported
])
def test_an_unaligned_target_run_is_judged_by_its_length_and_support(unlinked, support, expected):
    src = "Die Bahn setzt je nach Bedarf zusätzliche Züge ein."
    tgt = "The railway adds extra trains as passenger numbers require."
    pairs = [("Bahn", "railway"), ("setzt", "adds"), ("zusätzliche", "extra"), ("Züge", "trains"), ("nach", "as"),
             ("Bedarf", "passenger"), ("Bedarf", "numbers"), ("Bedarf", "require")]
    pairs = [(a, b) for a, b in pairs if b not in unlinked]
    ctx = context(src, "de", tgt, "en", [((0,), (0,))], word_links={0: pairs},
                  encoder=_SupportEncoder({w: support for w in unlinked}))
    assert {(f.category, f.severity) for f in run("omission", ctx) if f.category == "addition"} == expected


def test_a_sentence_merged_into_its_neighbours_link_but_not_translated_is_an_omission():
    # The sentence aligner put both source sentences on the one target sentence (2-1); the
    # words of the second are linked to nothing.
    src = "Die Stadt baut eine neue Brücke über den Fluss.\nDie alte Brücke wird danach abgerissen."
    tgt = "The city is building a new bridge over the river."
    links = {0: [("Stadt", "city"), ("baut", "building"), ("neue", "new"), ("Brücke", "bridge"),
                 ("Fluss", "river")]}
    ctx = context(src, "de", tgt, "en", [((0, 1), (0,))], links)
    findings = run("omission", ctx)
    assert [(f.category, f.severity, ctx.source.text[f.source_span.start:f.source_span.end]) for f in findings] == [
        ("omission", "major", "Die alte Brücke wird danach abgerissen.")]
    # An added target sentence inside a 1-2 link does not hide an omission in the source.
    src2 = "Die Stadt baut eine neue Brücke über den breiten alten Fluss im Süden der Region."
    tgt2 = "The city is building a new bridge.\nTourists love the cafés on the quay every summer."
    links2 = {0: [("Die", "The"), ("Stadt", "city"), ("baut", "building"), ("neue", "new"), ("Brücke", "bridge")]}
    found = {(f.category, f.severity, f.evidence.get("scope"))
             for f in run("omission", context(src2, "de", tgt2, "en", [((0,), (0, 1))], links2))}
    assert ("addition", "major", "sentence") in found and ("omission", "minor", None) in found
    # Both sentences rendered in one (a legitimate merge): nothing to report.
    tgt = "The city is building a new bridge over the river, and the old bridge will then be demolished."
    links = {0: links[0] + [("alte", "old"), ("wird", "will"), ("abgerissen", "demolished"), ("danach", "then")]}
    assert run("omission", context(src, "de", tgt, "en", [((0, 1), (0,))], links)) == []


@pytest.mark.parametrize(
    "src, src_lang, tgt, expected",
    [
        ("Οι οικονομολόγοι δεν αναμένουν μείωση.", "el", "Economists expect a cut.", "omission"),
        ("Ökonomen erwarten nicht, dass die Zinsen sinken.", "de", "Economists expect rates to fall.", "omission"),
        ("Урожай не удастся продать.", "ru", "The harvest will be sold.", "omission"),
        ("The talks succeeded.", "en", "Die Gespräche sind nicht gelungen.", "addition"),
    ],
)
def test_dropped_or_added_negation_is_critical(src, src_lang, tgt, expected):
    tgt_lang = "de" if expected == "addition" else "en"
    ctx = context(src, src_lang, tgt, tgt_lang, [((0,), (0,))])
    [finding] = run("omission", ctx)
    assert finding.category == expected and finding.severity == "critical"


@pytest.mark.parametrize(
    "src, src_lang, tgt",
    [
        ("Μπορούν να τα αλλάξουν χωρίς χρέωση.", "el", "They can change them free of charge."),
        ("Die Inflation lag bei nicht weniger als 3 Prozent.", "de", "Inflation was at least 3 percent."),
        ("Пришли не менее 20 тысяч человек.", "ru", "At least 20,000 people came."),
        ("无人驾驶出租车已经上路。", "zh", "Driverless taxis are already on the road."),
        ("Δεν ήρθε κανείς.", "el", "Nobody came."),
        # English says it with a prefix: in-, un-, non-.
        ("Μη έγκυρο επίπεδο πιστοποιητικού.", "el", "Invalid certificate level."),
        ("Die Ursache ist noch nicht bekannt.", "de", "The cause is still unknown."),
        ("Резолюция носит необязательный характер, но не обязательна к исполнению.", "ru", "The resolution is non-binding."),
        # "never before" is an idiom of record, on both sides
        ("Nooit eerder kwamen zoveel bezoekers.", "nl", "Never before have so many visitors come."),
        ("Nunca antes se habían vendido tantos coches.", "es", "Never before had so many cars been sold."),
        # Chinese and Japanese negated forms
        ("该公司未经许可使用了照片。", "zh", "The company used the photos without permission."),
        ("展览期间不设现场售票。", "zh", "Tickets will not be sold on site during the exhibition."),
        ("所得制限なしで支給される。", "ja", "It is paid without income limits."),
        ("铁路运输未受影响。", "zh", "Rail transport was not affected."),
        # Japanese words that end in ない or hold ず without negating: 少ない "fewer", まず "first",
        # ずつ "each", わずか "only"
        ("今年の収穫量は前年より15%少ない見通しだ。", "ja", "This year's harvest is expected to be 15% lower than last year."),
        ("まず3人ずつ、わずか5分で検査する。", "ja", "First, three people at a time are screened in just five minutes."),
        ("未来三年将新建两座机场。", "zh", "Two airports will be built in the next three years."),
        # "no obstante" is "however"; "52 nem" are 52 votes against
        ("El gobernador advirtió, no obstante, de que el paro sigue por encima del 11 %.", "es",
         "The governor warned, however, that the jobless rate remains above 11%."),
        ("Az Országgyűlés 135 igen és 52 nem szavazattal elfogadta a költségvetést.", "hu",
         "Parliament adopted the budget by 135 votes to 52."),
        # عدم ("non-", "not to") says the negative that "not" renders
        ("ودعت وزارة الصحة المواطنين إلى عدم الخروج بين الساعة 11 صباحاً و4 عصراً.", "ar",
         "The Ministry of Health urged citizens not to go outside between 11 a.m. and 4 p.m."),
    ],
)
def test_negation_kept_or_idiomatic_is_not_reported(src, src_lang, tgt):
    ctx = context(src, src_lang, tgt, "en", [((0,), (0,))])
    assert run("omission", ctx) == []


# A negation in more source languages: (language, source, its translation, the translation with the
# negation dropped). Czech and Turkish negate inside the verb (nezvýší, değiştirmedi).
NEGATED = [
    ("nl", "De regering heeft het plan niet goedgekeurd.", "The government did not approve the plan.",
     "The government approved the plan."),
    ("sv", "Riksbanken ändrade inte räntan i oktober.", "The Riksbank did not change the interest rate in October.",
     "The Riksbank changed the interest rate in October."),
    ("pl", "Premier nie wziął udziału w szczycie.", "The prime minister did not attend the summit.",
     "The prime minister attended the summit."),
    ("cs", "Vláda nezvýší daně v příštím roce.", "The government will not raise taxes next year.",
     "The government will raise taxes next year."),
    # a negated form the lemmatizer lacks: nezkoumal, a form of zkoumat
    ("cs", "Úřad podle soudu dostatečně nezkoumal dopady na podzemní vodu.",
     "According to the court, the authority did not sufficiently examine the impact on groundwater.",
     "According to the court, the authority sufficiently examined the impact on groundwater."),
    ("ro", "Guvernul nu a aprobat bugetul.", "The government did not approve the budget.", "The government approved the budget."),
    ("hu", "A kormány nem emeli az adókat.", "The government will not raise taxes.", "The government will raise taxes."),
    ("fi", "Hallitus ei hyväksynyt esitystä.", "The government did not approve the proposal.",
     "The government approved the proposal."),
    ("tr", "Merkez Bankası faizi değiştirmedi.", "The central bank did not change the interest rate.",
     "The central bank changed the interest rate."),
    ("uk", "Уряд не підтримав законопроєкт.", "The government did not support the bill.", "The government supported the bill."),
    ("bg", "Правителството не одобри бюджета.", "The government did not approve the budget.",
     "The government approved the budget."),
    ("ko", "정부는 세금을 인상하지 않았다.", "The government did not raise taxes.", "The government raised taxes."),
    ("ar", "لم توافق الحكومة على الميزانية.", "The government did not approve the budget.", "The government approved the budget."),
    ("hi", "सरकार ने बजट को मंज़ूरी नहीं दी।", "The government did not approve the budget.", "The government approved the budget."),
    ("zh", "铁路运输未受影响。", "Rail transport was not affected.", "Rail transport was affected."),
]


@pytest.mark.parametrize("src_lang, src, tgt, dropped", NEGATED, ids=[n[0] for n in NEGATED])
def test_a_negation_in_more_languages_kept_and_dropped(src_lang, src, tgt, dropped):
    assert run("omission", context(src, src_lang, tgt, "en", [((0,), (0,))])) == []
    [finding] = run("omission", context(src, src_lang, dropped, "en", [((0,), (0,))]))
    assert (finding.category, finding.severity, finding.evidence["negation"]) == ("omission", "critical", "dropped")


def test_no_negation_is_reported_where_a_side_has_no_markers_listed():
    # Swahili has no list: "hakuidhinisha" (did not approve) cannot be seen, so the English "not"
    # is no added negation.
    ctx = context("Serikali haikuidhinisha bajeti.", "sw", "The government did not approve the budget.", "en", [((0,), (0,))])
    assert run("omission", ctx) == []
    # Idioms: "bez zmian" is "unchanged", "nie tylko" is "not only".
    ctx = context("RPP pozostawiła stopy bez zmian, nie tylko w marcu.", "pl",
                  "The MPC left rates unchanged, not only in March.", "en", [((0,), (0,))])
    assert run("omission", ctx) == []


def test_a_negation_added_beside_one_the_source_has_is_critical():
    src = "Η Βόρεια Κορέα ούτε επιβεβαίωσε ούτε διέψευσε, αλλά ένας υφυπουργός δήλωσε ότι θα ήταν νόμιμο."
    tgt = "North Korea neither confirmed nor denied it, but a deputy minister did not say it would be legal."
    links = {0: [("ούτε", "neither"), ("επιβεβαίωσε", "confirmed"), ("διέψευσε", "denied"), ("υφυπουργός", "minister"),
                 ("δήλωσε", "say"), ("νόμιμο", "legal")]}
    [finding] = run("omission", context(src, "el", tgt, "en", [((0,), (0,))], word_links=links))
    assert (finding.category, finding.severity) == ("addition", "critical")
    assert tgt[finding.target_span.start:finding.target_span.end] == "not"
    kept = tgt.replace("did not say", "said")
    links[0][4] = ("δήλωσε", "said")
    assert run("omission", context(src, "el", kept, "en", [((0,), (0,))], word_links=links)) == []
    # "weder … noch" is one negation, like "neither … nor"; a negation linked to the source's is kept.
    src, tgt = "Wenn es weder leer noch 0 ist.", "If it is neither null nor 0."
    assert run("omission", context(src, "de", tgt, "en", [((0,), (0,))], word_links={0: [("weder", "neither")]})) == []
    src, tgt = "Sie kamen nicht, weil sie nicht eingeladen waren.", "They did not come because they were not invited."
    links = {0: [("nicht", "not"), ("kamen", "come"), ("eingeladen", "invited")]}
    assert run("omission", context(src, "de", tgt, "en", [((0,), (0,))], word_links=links)) == []


def test_untranslated_foreign_script_and_glossary_exception():
    src = "Το υπουργείο Ναυτιλίας ανακοίνωσε νέα μέτρα."
    tgt = "The υπουργείο Ναυτιλίας announced new measures."
    ctx = context(src, "el", tgt, "en", [((0,), (0,))])
    [finding] = run("untranslated", ctx)
    assert ctx.target.text[finding.target_span.start:finding.target_span.end] == "υπουργείο Ναυτιλίας"
    assert ctx.source.text[finding.source_span.start:finding.source_span.end] == "υπουργείο Ναυτιλίας"
    assert finding.severity == "major" and finding.evidence["copied_from_source"]
    glossary = Glossary("el", "en", (TermEntry("υπουργείο Ναυτιλίας", "υπουργείο"), TermEntry("Ναυτιλίας", "Ναυτιλίας")))
    assert run("untranslated", context(src, "el", tgt, "en", [((0,), (0,))], glossary=glossary)) == []


def test_untranslated_copied_source_word_but_not_names():
    src = "Die sogenannte Kerninflation lag bei 3,0 Prozent, sagte die Deutsche Bahn in Hamburg."
    tgt = "So-called Kerninflation was 3.0 percent, Deutsche Bahn said in Hamburg."
    ctx = context(src, "de", tgt, "en", [((0,), (0,))])
    flagged = [ctx.target.text[f.target_span.start:f.target_span.end] for f in run("untranslated", ctx)]
    assert flagged == ["Kerninflation"]


def test_cjk_left_in_an_english_translation():
    src = "春运期间，铁路部门还将增开列车。"
    tgt = "During 春运, the railway will add trains."
    ctx = context(src, "zh", tgt, "en", [((0,), (0,))])
    [finding] = run("untranslated", ctx)
    assert ctx.target.text[finding.target_span.start:finding.target_span.end] == "春运"


def test_sense_glossary_forbidden_rendering_and_story_inconsistency():
    src = "Τα γυμνάσια άρχισαν.\nΤα γυμνάσια συνεχίστηκαν.\nΤα γυμνάσια τελείωσαν."
    tgt = "The exercises began.\nThe exercises continued.\nThe schools ended."
    links = [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    words = {0: [("γυμνάσια", "exercises")], 1: [("γυμνάσια", "exercises")], 2: [("γυμνάσια", "schools")]}
    # No encoder in the context: an inconsistency without context evidence is terminology, minor.
    [finding] = run("sense", context(src, "el", tgt, "en", links, words))
    assert (finding.category, finding.severity) == ("terminology", "minor")
    assert finding.evidence["majority"] == "exercises"
    glossary = Glossary("el", "en", (TermEntry("γυμνάσιο", "exercises", forbidden=("schools", "high schools")),))
    findings = run("sense", context(src, "el", tgt, "en", links, words, glossary=glossary))
    assert [(f.category, f.severity) for f in findings] == [("sense", "major")]
    assert "forbids" in findings[0].message


def test_antonym_lexicon_is_symmetric_and_only_direction_words_need_no_encoder():
    from mtqa.checks.lexicon import EN_ANTONYMS, antonyms

    assert all(word in EN_ANTONYMS[other] for word, others in EN_ANTONYMS.items() for other in others)
    assert antonyms("rose", "en") >= {"fell"} and antonyms("rose", "el") == frozenset()
    # No encoder in the context: the direction word lists still read a rise rendered as a fall...
    ctx = context("Οι τιμές αυξήθηκαν.", "el", "Prices fell.", "en", [((0,), (0,))], {0: [("αυξήθηκαν", "fell")]})
    (finding,) = run("antonyms", ctx)
    assert finding.severity == "critical" and finding.evidence["level"] == "lexicon"
    assert ctx.source.text[finding.source_span.start:finding.source_span.end] == "αυξήθηκαν"
    assert ctx.target.text[finding.target_span.start:finding.target_span.end] == "fell"
    ctx = context("Οι τιμές αυξήθηκαν.", "el", "Prices rose.", "en", [((0,), (0,))], {0: [("αυξήθηκαν", "rose")]})
    assert run("antonyms", ctx) == []
    # ...while other opposites need the encoder to compare senses with.
    ctx = context("Η ομάδα κέρδισε.", "el", "The team lost.", "en", [((0,), (0,))], {0: [("κέρδισε", "lost")]})
    assert run("antonyms", ctx) == []


def test_a_prefixed_word_excuses_a_dropped_negation_only_where_the_aligner_puts_it():
    # "μη έγκυρο" is "invalid": the prefixed word is linked to the negated word.
    links = {0: [("έγκυρο", "Invalid"), ("επίπεδο", "level")]}
    assert run("omission", context("Μη έγκυρο επίπεδο.", "el", "Invalid level.", "en", [((0,), (0,))], links)) == []
    # "not unknown" rendered "unknown": the prefixed word renders άγνωστη, the negation is lost.
    links = {0: [("αιτία", "cause"), ("είναι", "is"), ("άγνωστη", "unknown")]}
    [finding] = run("omission", context("Η αιτία δεν είναι άγνωστη.", "el", "The cause is unknown.", "en", [((0,), (0,))], links))
    assert finding.evidence["negation"] == "dropped"


# -- session 8: negatives said without a negation marker ---------------------------------------

@pytest.mark.parametrize(
    "src, src_lang, tgt",
    [
        # a source word meaning "lack", "deny", "except" rendered with an English negation or a negative word
        ("Koalicji rządzącej brakuje głosów, by odrzucić weto.", "pl", "The ruling coalition lacks the votes to overturn the veto."),
        ("A companhia deixa a rota por falta de rentabilidade.", "pt", "The airline is leaving the route because it is not profitable."),
        ("Le gouvernement a renoncé, faute de majorité.", "fr", "The government gave up because it did not have a majority."),
        ("ونفت الوزارة تسجيل أي حالة وفاة.", "ar", "The ministry denied that any deaths had been recorded."),
        ("生鮮食品を除く指数は2.4％上昇した。", "ja", "The index excluding fresh food rose 2.4%."),
        # a negative prefix in the source (ungeschlagen) rendered with "without" or "not"
        ("Leverkusen ist seit 14 Spielen ungeschlagen.", "de", "Leverkusen have gone 14 games without defeat."),
        ("Sąd skazał go nieprawomocnie na cztery lata.", "pl", "The court sentenced him to four years; the ruling is not final."),
        # French elides the negation before a vowel; English "yet to", "declined to" carry one
        ("Toulouse n'a plus quitté la première place.", "fr", "Toulouse has not left first place since."),
        ("Galatasaray bu sezon henüz yenilmedi.", "tr", "Galatasaray have yet to lose this season."),
        ("Das Gericht hat die Beschwerde nicht angenommen.", "de", "The court declined to hear the complaint."),
    ],
)
def test_a_negative_said_another_way_is_no_reversal(src, src_lang, tgt):
    ctx = context(src, src_lang, tgt, "en", [((0,), (0,))])
    assert [f.message for f in run("omission", ctx) if f.severity == "critical"] == []


@pytest.mark.parametrize(
    "src, src_lang, tgt",
    [
        # a plain negation added where the source has no negative of any kind is still a reversal
        ("Koalicja ma głosy, by obalić weto.", "pl", "The coalition does not have the votes to overturn the veto."),
        ("Toulouse a quitté la première place.", "fr", "Toulouse has not left first place."),
        ("Leverkusen hat 14 Spiele gewonnen.", "de", "Leverkusen have not won 14 games."),
    ],
)
def test_a_plain_negation_added_without_a_source_negative_is_still_critical(src, src_lang, tgt):
    ctx = context(src, src_lang, tgt, "en", [((0,), (0,))])
    assert [(f.category, f.severity) for f in run("omission", ctx)] == [("addition", "critical")]


def test_a_french_elided_negation_dropped_is_critical():
    ctx = context("Toulouse n'a plus quitté la première place.", "fr", "Toulouse has left first place.", "en", [((0,), (0,))])
    assert [(f.category, f.severity) for f in run("omission", ctx)] == [("omission", "critical")]


def test_a_source_negative_excuses_an_added_negation_only_where_the_aligner_puts_it():
    # "odrzucić" (reject) is a negative word, but the aligner links it to "overturn", away from
    # the added "not": the negation is still added.
    src, tgt = "Koalicja ma głosy, by odrzucić weto.", "The coalition does not have the votes to overturn the veto."
    links = {0: [("Koalicja", "coalition"), ("ma", "have"), ("głosy", "votes"), ("odrzucić", "overturn"), ("weto", "veto")]}
    assert [(f.category, f.severity) for f in run("omission", context(src, "pl", tgt, "en", [((0,), (0,))], links))] == [
        ("addition", "critical")]
    # Linked to the words the negation makes ("brakuje" → "does not have"), it renders them.
    src = "Koalicji brakuje głosów, by odrzucić weto."
    links = {0: [("Koalicji", "coalition"), ("brakuje", "have"), ("głosów", "votes"), ("odrzucić", "overturn"), ("weto", "veto")]}
    assert run("omission", context(src, "pl", tgt, "en", [((0,), (0,))], links)) == []
