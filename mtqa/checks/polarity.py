"""Direction words: which way a sentence says something went, in many languages.

The antonym check's encoder test is weak exactly where antonyms matter most: "rose" and "fell"
sit close together in the encoder, so "Inflation rose" for "Die Inflation sank" often goes
unseen. Words of direction are few and regular in every language, so they are listed here, as
the negation markers are: per language, the words for a rise or a high (stieg, hausse, 上涨,
ارتفاع, höchste) and for a fall or a low (sank, baisse, 下跌, انخفاض, niedrigste), and the pairs
more/less, open/closed, north/south, east/west and early/late (:data:`OPPOSITE`).

:func:`reversed_direction` compares one aligned sentence pair: a target word of one pole is a
reversal when the target holds more words of that pole than the source, and the source more of
the opposite pole than the target. Both conditions must hold, so a list that misses a word loses
recall, not precision: a source word the lists do not know ("mehr Lohn") only leaves the pair
undecided. Words with two senses are listed only in the forms that have one (French "est" is
"is" as often as "east"; Greek "άνοιξη" is spring, not opening).

Entries (space-separated, lowercase): ``word`` matches a whole word; ``stem*`` a word that starts
with it; ``*part*`` a word that holds it (German compounds: Lohnerhöhung); ``*end`` a word that
ends with it (Arabic words take prefixes: والنمو). Chinese and Japanese
entries match anywhere in the text. Greek is compared without accents, Russian ё as е, Arabic
with its alef and yeh variants folded.

>>> reversed_direction("fell", "Die Inflation stieg im März auf 2,5 Prozent.", "Inflation fell to 2.5 percent in March.", "de", "en")
(14, 19, 'up')
>>> reversed_direction("rose", "Die Inflation stieg im März auf 2,5 Prozent.", "Inflation rose to 2.5 percent in March.", "de", "en") is None
True
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

import regex

from mtqa.checks.translit import fold_arabic, strip_marks
from mtqa.lang import base_language

UP, DOWN = "up", "down"
# Each pole and its opposite: a rise and a fall, opening and closing, the points of the compass,
# early and late.
OPPOSITE = {UP: DOWN, DOWN: UP, "open": "closed", "closed": "open", "north": "south", "south": "north",
            "east": "west", "west": "east", "early": "late", "late": "early", "more": "less", "less": "more"}

# The target side: English words of a rise or a high, of a fall or a low. "up" and "down" are left
# out: "up to 40 cm" is a limit, not a direction.
_EN = {
    UP: """rise rises rose risen rising increase increases increased increasing grow grows grew grown growing
        growth climb climbs climbed climbing gain gains gained gaining jump jumps jumped surge surges surged
        soar soars soared soaring raise raises raised raising hike hikes hiked boost boosts boosted higher
        highest maximum peak upward upturn rebound rebounded accelerate accelerated accelerating""",
    DOWN: """fall falls fell fallen falling decrease decreases decreased decreasing decline declines declined
        declining drop drops dropped dropping shrink shrinks shrank shrunk shrinking contraction contracted
        slip slips slipped slide slides slid plunge plunged plummet plummeted slump slumped tumble tumbled
        reduce reduces reduced reducing reduction cut cuts lower lowered lowering lowest minimum downward
        downturn decelerate decelerated""",
    # "close" is also "near" (close to 500) and is left out.
    "open": """open opens opened opening reopen reopens reopened reopening inaugurated inauguration""",
    "closed": """closes closed closing closure closures shut shuts shutdown""",
    "north": """north* """,
    "south": """south* """,
    "east": """east eastern eastward northeast* southeast* north-east* south-east*""",
    "west": """west western westward northwest* southwest* north-west* south-west*""",
    "early": """early earlier earliest""",
    "late": """late later latest delay delays delayed""",
    # More or fewer of something ("more than 500", "less than half").
    "more": """more""",
    "less": """less fewer""",
}

# The source side, per language.
_SOURCE = {
    "de": {
        UP: """stieg stiegen steigt steigen steigend* gestiegen anstieg* angestiegen *preisanstieg* zunahme*
            zunehm* zugenommen wuchs wuchsen wächst wachsen gewachsen *wachstum* erhöh* *erhöhung* höher* *höchst*
            angehoben anheb* *anhebung* klettert* kletterte* geklettert zugelegt maximal* maximum aufwärts verschärf*
            verteuer* *teuerung* plus""",
        DOWN: """sank sanken sinkt sinken sinkend* gesunken fiel fielen fällt gefallen rückgang* *rückgang*
            zurückgegangen zurückging* verringer* reduzier* senkt* senken gesenkt *senkung* niedriger* niedrigst*
            tiefst* *tiefst* minimal* minimum abnahme* abgenommen schrumpf* geschrumpft abwärts
            verbillig* einbruch* eingebrochen minus""",
        "open": """eröffn* *eröffnung* geöffnet öffnet* öffnen offen offene* wiedereröffn*""",
        "closed": """geschlossen schließt schließen schließung* *schließung* gesperrt sperrt* sperren *sperrung* stillgelegt""",
        "north": """nord* *norden""",
        "south": """süd* *süden""",
        "east": """ost ostdeutsch* osten nordosten südosten östlich*""",
        "west": """west* *westen westlich*""",
        "early": """früh frühe früher frühen früheste* vorzeitig*""",
        "late": """spät* verspät* *verspätung* verzöger*""",
        "more": """mehr""",
        "less": """weniger""",
    },
    "fr": {
        UP: """hausse hausses augment* progress* grimp* bondi* envol* accru accrue accrus accroissement croissance
            croît croissent relèvement maximal* maximale* maximum maxima""",
        DOWN: """baisse baisses baiss* recul* diminu* chut* repli* réduction* rédui* abaiss* minimal* minimale*
            minimum minima contraction""",
        "open": """ouvert* ouvre ouvrent ouvrir ouverture* inaugur* rouvert* réouverture*""",
        "closed": """fermé* ferme ferment fermer fermeture* clôtur*""",
        "north": """nord septentrional*""",
        "south": """sud méridional*""",
        "west": """ouest occidental*""",
        "east": """oriental*""",
        "early": """tôt""",
        "late": """tard retard* tardi*""",
        "more": """davantage""",
        "less": """moins""",
    },
    "es": {
        UP: """aument* subió subieron sube suben subir subida* increment* crec* alza alzas elev* máxim* repunt*
            dispar*""",
        DOWN: """bajó bajaron baja bajas bajar bajada* disminu* descend* descens* caída* cayó cayeron cae caen
            redu* recort* retroce* mínim*""",
        "open": """abierto* abierta* abre abren abrir abrió apertura* inaugur* reabr*""",
        "closed": """cerrado* cerrada* cierra cierran cerrar cerró cierre* clausur*""",
        "north": """norte septentrional*""",
        "south": """sur meridional*""",
        "west": """oeste occidental*""",
        "east": """oriental*""",
        "early": """temprano anticipad*""",
        "late": """retras* retraso*""",
        "more": """más""",
        "less": """menos""",
    },
    "pt": {
        UP: """aument* subiu subiram sobe sobem subir subida* cresc* alta altas elev* máxim* disparou""",
        DOWN: """queda quedas caiu caíram cai caem cair diminu* reduz* redução recu* baixa baixou baixaram baixo
            baixos mínim* corte cortes cortou""",
        "open": """abert* abre abrem abrir abriu inaugur* reabr*""",
        "closed": """fechad* fecha fecham fechar fechou encerr*""",
        "north": """norte""",
        "south": """sul""",
        "west": """oeste""",
        "east": """leste""",
        "early": """cedo antecip*""",
        "late": """atras*""",
        "more": """mais""",
        "less": """menos""",
    },
    "it": {
        UP: """aument* crescit* cresc* salit* salire salgono sale rialz* rincar* massim* elevat* impenn*""",
        DOWN: """calo cali cala calano calato calati calata diminu* sceso scesa scesi scese scende scendono
            scendere ribass* ridu* minim* flession* contrazion* crollo crollat*""",
        "open": """aperto aperta aperti aperte apre aprono aprire apertura* inaugur* riapert*""",
        "closed": """chiuso chiusa chiusi chiuse chiude chiudono chiudere chiusura*""",
        "north": """nord settentrional*""",
        "south": """sud meridional*""",
        "east": """est orientale*""",
        "west": """ovest occidental*""",
        "early": """presto anticip*""",
        "late": """tardi ritard*""",
        "more": """più""",
        "less": """meno""",
    },
    "nl": {
        UP: """stijg* gestegen steeg stegen toename toegenomen groei* gegroeid verhoog* *verhoging* hoger* hoogst*
            maximum maximale verscherp*""",
        DOWN: """daal* daalde daalden gedaald daling* *daling* afname afgenomen verlaag* *verlaging* lager* laagst*
            minimum minimale krimp* gekrompen""",
        "open": """geopend opent openen opening* heropen*""",
        "closed": """gesloten sluit sluiten sluiting*""",
        "north": """noord*""",
        "south": """zuid*""",
        "east": """oost*""",
        "west": """west*""",
        "early": """vroeg vroeger vroegst*""",
        "late": """later vertraag* vertraging*""",
        "more": """meer""",
        "less": """minder""",
    },
    "sv": {
        UP: """ökade ökar öka ökat ökning* *ökning* steg stiger stigit stiga höjde höjer höjt höjning* högre högst*
            *tillväxt* växte maximal* maximum skärp*""",
        DOWN: """minskade minskar minska minskat minskning* *minskning* sjönk sjunker sjunkit sjunka sänkte sänker
            sänkt sänkning* föll faller fallit lägre lägst* minimal* minimum nedgång*""",
        "open": """öppnade öppnar öppna öppnat öppning* invig*""",
        "closed": """stängd* stängde stänger stänga stängt stängning*""",
        "north": """norr* nord*""",
        "south": """söder* syd*""",
        "east": """öst* östra""",
        "west": """väst* västra""",
        "early": """tidig* tidigare""",
        "late": """sent senare försen* försening*""",
        "more": """mer fler""",
        "less": """mindre färre""",
    },
    "pl": {
        UP: """wzrós* wzrost* wzrosł* wzrasta* zwiększ* podwyż* podniós* podnies* podniosł* wyższ* najwyższ*
            maksymaln*""",
        DOWN: """spad* spadł* zmniejsz* obniż* niższ* najniższ* minimaln* zmalał* spadek spadku""",
        "open": """otwar* otworz* otwier* otwarcie*""",
        "closed": """zamkn* zamyk* zamknięci*""",
        "north": """półn*""",
        "south": """połud*""",
        "east": """wschod*""",
        "west": """zachod*""",
        "early": """wcześn*""",
        "late": """późn* opóźn*""",
        "more": """więcej ponad""",
        "less": """mniej""",
    },
    "cs": {
        UP: """vzrost* vzrůst* zvýš* růst* stoup* vyšší* nejvyšší* maximální*""",
        DOWN: """pokles* kles* sníž* nižší* nejnižší* minimální*""",
        "open": """otevř* otevír* otevírá*""",
        "closed": """uzavř* zavř* zavír* uzavír* uzavíra*""",
        "north": """sever*""",
        "south": """jih* jižní*""",
        "east": """východní*""",
        "west": """západ*""",
        "early": """brzy dříve předčasn*""",
        "late": """pozdě později zpožd* opožd*""",
        "more": """více víc""",
        "less": """méně""",
    },
    "ro": {
        UP: """crește* creșt* crescut* sporit* majorat* majorare* majorează ridicat* urcat* maxim*""",
        DOWN: """scăde* scăzu* scădere* scad* redu* diminu* minim* coborât* coborâ*""",
        "open": """deschis* deschide* inaugur* redeschi*""",
        "closed": """închis* închide* închidere*""",
        "north": """nord*""",
        "south": """sud sudul sudic*""",
        "east": """est estul estic*""",
        "west": """vest vestul vestic*""",
        "early": """devreme""",
        "late": """târziu întârzi*""",
        "more": """peste""",
        "less": """sub""",
    },
    "hu": {
        UP: """emelked* nőtt nőttek növeked* növel* emelte emelt emelés* magasabb* legmagasabb* maximális*""",
        DOWN: """csökken* esett estek esik eshet esni esés* visszaes* mérsékl* alacsonyabb* legalacsonyabb* minimális*""",
        "open": """megnyit* nyitva megnyíl*""",
        "closed": """lezár* bezár* zárva""",
        "north": """észak*""",
        "east": """kelet*""",
        "west": """nyugat*""",
        "early": """korán""",
        "late": """késő* késés* késik késett késnek""",
        "more": """több""",
        "less": """kevesebb""",
    },
    "fi": {
        UP: """nousi nousivat nousee nousevat noussut nousu* kasvoi kasvoivat kasvaa kasvu* kasvanut lisääntyi
            korotti korottaa korotus* kohosi korkeam* korkein* maksimi*""",
        DOWN: """laski laskivat laskee laskevat laskenut laskea laskemaan lasku laskua laskuun väheni vähentyi vähenee vähentä*
            pieneni pienentyi supistui supistuu putosi alenivat aleni matalam* alhaisem* alin alimm* minimi*""",
        "open": """avattiin avataan avautu* avaa avasi avaaminen""",
        "closed": """suljettiin suljetaan suljettu sulkee sulki sulkeminen""",
        "north": """pohjoi*""",
        "south": """etelä*""",
        "east": """itä* itäinen""",
        "west": """länsi* läntinen läntis*""",
        "early": """aikaisin aiemmin""",
        "late": """myöhään myöhemmin myöhäs* myöhästy* viivästy*""",
        "more": """enemmän""",
        "less": """vähemmän""",
    },
    "tr": {
        UP: """arttı arttığı artış* artar artacak artırd* artırım* yükseldi yükselme* yükseliş* yüksel* yüksek*
            azami maksimum""",
        DOWN: """düştü düştüğü düşüş* düşer düşecek düşerek azaldı azalma* azalış* gerile* indirdi
            indirim* düşük* asgari minimum""",
        "open": """açıldı açılacak açılış* açtı açılması*""",
        "closed": """kapatıldı kapatılacak kapandı kapanış* kapattı kapatılması*""",
        "north": """kuzey*""",
        "south": """güney*""",
        "east": """doğu doğusu* doğuda* doğusunda*""",
        "west": """batı batısı* batıda* batısında*""",
        "early": """erken""",
        "late": """geç gecik* rötar*""",
        "more": """fazla""",
        "less": """az""",
    },
    "ru": {
        UP: """вырос* рост роста росту ростом прирост* возрос* увелич* повыс* повыш* подорож* выше высш*
            максимальн* максимум* поднял* поднима* растет растёт растут росли рос""",
        DOWN: """сниз* сниж* упал* пада* паден* сократ* сокращ* уменьш* ниже низш* минимальн* минимум* подешев*
            спад* опуст* понизил* понижен*""",
        "open": """откры*""",
        "closed": """закры*""",
        "north": """север*""",
        "south": """юг юга югу юге южн*""",
        "east": """восток* восточн*""",
        "west": """запад западе западн* запада""",
        "early": """рано досрочно досрочн*""",
        "late": """поздно опоздан* задержк*""",
        "more": """больше более свыше""",
        "less": """меньше менее""",
    },
    "uk": {
        UP: """зрос* зріс зростан* збільш* підвищ* подорож* вищ* максимальн* підня* підніма*""",
        DOWN: """зниз* зниж* впал* падін* скорот* скороч* зменш* нижч* мінімальн* подешев* опуст*""",
        "open": """відкри* відкрит*""",
        "closed": """закри* закрит*""",
        "north": """північ*""",
        "south": """півд*""",
        "east": """схід східн* сході""",
        "west": """захід західн* заході""",
        "early": """рано достроков*""",
        "late": """пізно запізн* затримк*""",
        "more": """більше понад""",
        "less": """менше""",
    },
    "bg": {
        UP: """ръст* нарасна* нараст* увелич* повиш* поскъп* висок* по-висок* най-висок* максимал*""",
        DOWN: """спад* намал* понижи* понижен* поевтин* нисък ниска ниски по-нис* най-нис* минимал* падна*
            паднал*""",
        "open": """откри* отвори* отваря*""",
        "closed": """затвори* затваря* закри*""",
        "north": """север*""",
        "south": """юг юга южн*""",
        "east": """изток* източн*""",
        "west": """запад*""",
        "early": """рано предсрочно предсрочн*""",
        "late": """късно закъсн*""",
        "more": """повече""",
        "less": """по-малко""",
    },
    "el": {
        UP: """αυξ* *αυξηση* ανοδ* ανεβ* υψηλοτερ* υψηλοτατ* μεγιστ*""",
        DOWN: """μειω* *μειωση* πτωσ* επεσε επεσαν πεφτ* υποχωρ* χαμηλοτερ* χαμηλοτατ* ελαχιστ*""",
        "open": """ανοιξε ανοιξαν ανοιγ* ανοιχτ* εγκαινι*""",
        "closed": """κλεισ* κλειν* κλειστ*""",
        "north": """βορει* βορρα*""",
        "south": """νοτι*""",
        "east": """ανατολικ*""",
        "west": """δυτικ* δυση""",
        "early": """νωρις νωριτερα πρωιμ*""",
        "late": """αργοτερα καθυστερ*""",
        "more": """περισσοτερ*""",
        "less": """λιγοτερ*""",
    },
    "zh": {
        UP: """上涨 上升 增长 增加 提高 升高 上调 攀升 走高 增幅 最高 涨 提升 升至""",
        DOWN: """下降 下跌 减少 降低 下调 回落 走低 跌 降至 降幅 降息 最低 萎缩 缩减""",
        "open": """开通 开放 开业 通车 开幕 开园 启用""",
        "closed": """关闭 停运 关停 闭幕 封闭""",
        "north": """北部 北方 以北""",
        "south": """南部 南方 以南""",
        "east": """东部 以东""",
        "west": """西部 以西""",
        "early": """提前 提早""",
        "late": """推迟 延误 晚点 延迟""",
        "more": """多于 超过""",
        "less": """少于 不到""",
    },
    "ja": {
        UP: """上昇 増加 上回 増え 伸び 引き上げ 高騰 値上げ 最高 最大 上がっ 上がる 増収 増益 増""",
        DOWN: """下落 減少 低下 下回 減っ 減り 引き下げ 値下げ 最低 最小 下がっ 下がる 落ち込 縮小 減収 減益 減""",
        "open": """開通 開業 開設 開幕 開放""",
        "closed": """閉鎖 廃止 閉幕 運休 停止""",
        "north": """北部""",
        "south": """南部""",
        "east": """東部""",
        "west": """西部""",
        "early": """前倒し""",
        "late": """遅れ 遅延 延期""",
        "more": """以上""",
        "less": """未満""",
    },
    "ko": {
        UP: """상승* 증가* 올랐* 오른* 오르* 인상* 늘어* 늘었* 늘려* 확대* 최고* 최대* 높아* 급등*""",
        DOWN: """하락* 감소* 내렸* 내린* 떨어* 인하* 줄어* 줄었* 축소* 최저* 최소* 낮아* 급락*""",
        "open": """개통* 개장* 개방* 개업*""",
        "closed": """폐쇄* 폐지* 운휴* 중단*""",
        "north": """북부*""",
        "south": """남부*""",
        "east": """동부*""",
        "west": """서부*""",
        "early": """조기*""",
        "late": """지연*""",
        "more": """이상""",
        "less": """미만""",
    },
    "ar": {
        UP: """*ارتفع* *ارتفاع* *زياده* *ازداد* *نمو *نموا *رفع* *اعلي* *القصوي* *العظمي*""",
        DOWN: """*انخفض* *انخفاض* *تراجع* *هبوط* *هبط* *خفض* *تخفيض* *انكماش* *ادني* *الصغري*""",
        "open": """*افتتاح* *افتتح*""",
        "closed": """*اغلاق* *اغلق* *مغلق*""",
        "north": """*شمال*""",
        "south": """*جنوب*""",
        "east": """*شرق*""",
        "west": """*غرب*""",
        "early": """*مبكر*""",
        "late": """*تاخير* *تاخر* *متاخر*""",
        "more": """*اكثر""",
        "less": """*اقل""",
    },
    "hi": {
        UP: """*बढ़* वृद्धि बढ़त इजाफा अधिकतम उछाल""",
        DOWN: """घटकर घटा घटी घटे घटाई घटाया गिरावट गिरा गिरी गिरे गिरकर कमी न्यूनतम""",
        "south": """दक्षिण* दक्षिणी""",
        "open": """खुलेगा खुलेगी खोला खोली खुला""",
        "closed": """बंद""",
        "late": """देरी""",
        "more": """अधिक ज़्यादा""",
        "less": """कम""",
    },
}

# "up" and "down" name a direction after "revised" ("revised its forecast down to 0.7%") and
# before an amount ("closed down 0.8%", "up by 3 points"); "up to 40 cm" alone is a limit.
_EN_UP_DOWN = (
    regex.compile(r"(?i)\brevis(?:e|es|ed|ing)\b(?:\s+[\w’'-]+){0,4}?\s+(up|down)\b"),
    regex.compile(r"(?i)\b(up|down)\b(?!\s+to\b)(?=\s+(?:by\s+|nearly\s+|almost\s+|about\s+|some\s+)?[−\-+]?\d)"),
)


# Languages whose entries match anywhere in the text (no spaces between words).
_ANYWHERE = frozenset({"zh", "ja"})


def _fold(text: str, lang: str) -> str:
    """The form entries and words are compared in."""
    text = unicodedata.normalize("NFC", text.casefold())
    if lang == "el":
        return strip_marks(text)
    if lang in ("ru", "uk", "bg"):
        return text.replace("ё", "е")
    if lang == "ar":
        return fold_arabic(text)
    return text


@lru_cache(maxsize=64)
def _entries(lang: str) -> dict[str, tuple[frozenset[str], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] | None:
    """Per pole: (whole words, prefixes, infixes, suffixes), folded."""
    table = _SOURCE.get(lang) or (_EN if lang == "en" else None)
    if table is None:
        return None
    out = {}
    for pole, words in table.items():
        items = [_fold(w, lang) for w in words.split()]
        exact = frozenset(w for w in items if "*" not in w)
        prefixes = tuple(w[:-1] for w in items if w.endswith("*") and not w.startswith("*"))
        infixes = tuple(w.strip("*") for w in items if w.startswith("*") and w.endswith("*"))
        suffixes = tuple(w[1:] for w in items if w.startswith("*") and not w.endswith("*"))
        out[pole] = (exact, prefixes, infixes, suffixes)
    return out


def covered(lang: str) -> bool:
    """Whether direction words are listed for ``lang``.

    >>> covered("de"), covered("sw")
    (True, False)
    """
    return _entries(base_language(lang)) is not None


def directions_of(word: str, lang: str) -> tuple[str, ...]:
    """The poles one word names (a word may name two: "northeast").

    >>> directions_of("Lohnerhöhung", "de"), directions_of("fell", "en"), directions_of("Bahn", "de")
    (('up',), ('down',), ())
    """
    lang = base_language(lang)
    entries = _entries(lang)
    if entries is None:
        return ()
    word = _fold(word, lang)
    hits = tuple(pole for pole, (exact, prefixes, infixes, suffixes) in entries.items()
                 if word in exact or word.startswith(prefixes) or word.endswith(suffixes)
                 or any(part in word for part in infixes))
    # A word that names both poles of one axis (a stem list overlap) names neither.
    return tuple(pole for pole in hits if OPPOSITE[pole] not in hits)


def direction_words(text: str, lang: str) -> list[tuple[int, int, str]]:
    """Every direction word of ``text``: ``(start, end, pole)``, a word naming two poles twice.

    >>> [(s, e, d) for s, e, d in direction_words("物价上涨，油价下跌。", "zh")]
    [(2, 4, 'up'), (7, 9, 'down')]
    """
    return list(_direction_words(text, base_language(lang)))


@lru_cache(maxsize=4096)
def _direction_words(text: str, lang: str) -> tuple[tuple[int, int, str], ...]:
    # Each sentence is read once per target word that asks about it: cached.
    entries = _entries(lang)
    if entries is None:
        return ()
    if lang in _ANYWHERE:
        found = []
        taken: set[int] = set()
        items = sorted(((w, d) for d, (exact, *_) in entries.items() for w in exact), key=lambda x: -len(x[0]))
        for w, d in items:
            for m in regex.finditer(regex.escape(w), text):
                if taken.isdisjoint(range(m.start(), m.end())):
                    found.append((m.start(), m.end(), d))
                    taken.update(range(m.start(), m.end()))
        return tuple(sorted(found))
    found = [(m.start(), m.end(), pole) for m in regex.finditer(r"[\p{L}\p{M}][\p{L}\p{M}\-]*", text)
             for pole in directions_of(m.group(), lang)]
    if lang == "en":
        found += [(m.start(1), m.end(1), m.group(1).lower()) for pattern in _EN_UP_DOWN for m in pattern.finditer(text)]
    return tuple(sorted(set(found)))


def poles_at(text: str, lang: str, start: int, end: int) -> tuple[str, ...]:
    """The poles :func:`direction_words` reads at ``start..end`` of ``text``, in context ("down"
    before an amount).

    >>> text = "The DAX closed down 0.8%."
    >>> poles_at(text, "en", 15, 19), poles_at(text, "en", 4, 7)
    (('down',), ())
    """
    return tuple(pole for a, b, pole in direction_words(text, lang) if (a, b) == (start, end))


def _pole_counts(text: str, lang: str) -> Counter[str]:
    return Counter(pole for _, _, pole in direction_words(text, lang))


def reversed_pole(pole: str, source: str, target: str, src_lang: str, tgt_lang: str) -> tuple[int, int, str] | None:
    """Whether a target word of ``pole`` says the opposite of ``source`` (see
    :func:`reversed_direction`, which reads the pole from the word)."""
    if not covered(src_lang):
        return None
    other = OPPOSITE[pole]
    src, tgt = _pole_counts(source, src_lang), _pole_counts(target, tgt_lang)
    if tgt[pole] > src[pole] and src[other] > tgt[other]:
        return next(item for item in direction_words(source, src_lang) if item[2] == other)
    return None


def agrees_pole(pole: str, source: str, target: str, src_lang: str, tgt_lang: str) -> bool:
    """Whether the source holds at least as many words of ``pole`` as the target and no surplus
    of the opposite pole (see :func:`agrees`, which reads the pole from the word)."""
    if not covered(src_lang):
        return False
    src, tgt = _pole_counts(source, src_lang), _pole_counts(target, tgt_lang)
    return src[pole] >= tgt[pole] and src[OPPOSITE[pole]] <= tgt[OPPOSITE[pole]]


def reversed_direction(word: str, source: str, target: str, src_lang: str, tgt_lang: str) -> tuple[int, int, str] | None:
    """Whether ``word`` (a direction word of ``target``) says the opposite of ``source``: the
    target holds more words of its pole than the source and fewer of the opposite pole. Returns
    the span and pole of the first source word of the opposite pole, or None (agreement, or no
    evidence either way).

    >>> source = "Цены снизились на 2%."
    >>> start, end, pole = reversed_direction("rose", source, "Prices rose by 2%.", "ru", "en")
    >>> source[start:end], pole
    ('снизились', 'down')
    """
    for pole in directions_of(word, tgt_lang):
        hit = reversed_pole(pole, source, target, src_lang, tgt_lang)
        if hit is not None:
            return hit
    return None


def agrees(word: str, source: str, target: str, src_lang: str, tgt_lang: str) -> bool:
    """Whether the source holds at least as many words of ``word``'s pole as the target and no
    surplus of the opposite pole: the lists see no reversal, only a paraphrase or a second mention.

    >>> agrees("drop", "Lämpötila voi laskea –35 asteeseen.", "Temperatures could drop to -35 degrees.", "fi", "en")
    True
    """
    poles = directions_of(word, tgt_lang)
    return bool(poles) and all(agrees_pole(pole, source, target, src_lang, tgt_lang) for pole in poles)
