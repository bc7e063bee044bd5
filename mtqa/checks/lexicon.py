"""Small per-language word lists the checks share: negation markers, function words, and words
that cannot start an English sentence fragment.

Kept deliberately small and explicit: each list serves one check, and a language without a list
simply gets the language-independent part of that check.
"""

from __future__ import annotations

import regex

from mtqa.lang import base_language

# Negation markers by language (lowercase). A whole-word match counts; CJK markers match as characters.
NEGATIONS: dict[str, frozenset[str]] = {
    # English also lists words that carry a negation in their meaning, so a source negation
    # translated by them ("χωρίς χρέωση" → "free of charge") is not reported as dropped.
    "en": frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot",
                     "n't", "nowhere", "free of", "excluding", "excludes", "exclude", "except", "lack", "lacks",
                     "lacking", "absence", "fail to", "fails to", "failed to", "refused", "refuses", "denied",
                     "denies", "unable", "yet to", "declined to", "declines to", "decline to"}),
    # "ποτέ" alone means "ever" ("το υψηλότερο που καταγράφηκε ποτέ"); with δεν it is already counted.
    "el": frozenset({"δεν", "δε", "μην", "μη", "ούτε", "όχι", "χωρίς", "κανένας", "καμία", "κανένα",
                     "κανενός", "καμιάς"}),
    "de": frozenset({"nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals",
                     "weder", "ohne", "nichts", "niemand"}),
    "ru": frozenset({"не", "нет", "ни", "никогда", "никто", "ничего", "ничто", "без", "нельзя", "никакой",
                     "никаких"}),
    "fr": frozenset({"ne", "pas", "jamais", "aucun", "aucune", "sans", "rien", "personne", "ni", "non"}),
    "es": frozenset({"no", "nunca", "ni", "sin", "ningún", "ninguno", "ninguna", "nada", "nadie", "jamás"}),
    "it": frozenset({"non", "mai", "nessuno", "nessuna", "senza", "niente", "nulla", "né"}),
    "pt": frozenset({"não", "nunca", "nem", "sem", "nenhum", "nenhuma", "nada", "ninguém"}),
    # CJK negation characters are also morphemes of ordinary words (无人驾驶 "driverless",
    # 不少 "many"), so only unambiguous negated forms count.
    "zh": frozenset({"没有", "沒有", "不是", "不会", "不會", "不能", "不再", "不得", "未能", "并未", "並未", "从未",
                     "從未", "并不", "並不", "从不", "從不", "不要", "不可", "无法", "無法", "尚未", "不愿", "不願",
                     "未经", "未經", "不设", "不設", "不予", "不允许", "不允許", "未"}),
    "ja": frozenset({"ない", "ません", "なかった", "ず", "なし", "無し", "せず"}),
    "nl": frozenset({"niet", "geen", "nooit", "niemand", "niets", "noch", "zonder", "nergens"}),
    "sv": frozenset({"inte", "ej", "icke", "ingen", "inget", "inga", "aldrig", "ingenting", "utan", "varken"}),
    "pl": frozenset({"nie", "nigdy", "nikt", "nic", "niczego", "żaden", "żadna", "żadne", "żadnych", "żadnego", "bez",
                     "ani"}),
    # Czech negates verbs with a prefix (není, nemá); only the common ones are listed, since
    # ne- also starts nejvyšší ("highest"), neděle ("Sunday") and nebo ("or").
    "cs": frozenset({"ne", "nikdy", "nikdo", "nic", "ničeho", "žádný", "žádná", "žádné", "žádných", "bez", "ani", "není",
                     "nejsou", "nebyl", "nebyla", "nebylo", "nebyli", "nebude", "nebudou", "nemá", "nemají", "neměl",
                     "neměla", "nemůže", "nemohou", "nelze", "nechce", "nesmí"}),
    "ro": frozenset({"nu", "niciodată", "nimeni", "nimic", "niciun", "nicio", "fără", "nici"}),
    "hu": frozenset({"nem", "sem", "soha", "senki", "semmi", "nincs", "nincsenek", "nélkül"}),
    # Finnish negates with a verb of its own (en, et, ei, emme, ette, eivät).
    "fi": frozenset({"en", "et", "ei", "emme", "ette", "eivät", "eikä", "ettei", "ilman"}),
    "tr": frozenset({"değil", "yok", "hiç", "hiçbir", "asla", "olmadan"}),
    "uk": frozenset({"не", "ні", "ніколи", "ніхто", "нічого", "без", "жоден", "жодна", "жодного", "жодних", "немає"}),
    "bg": frozenset({"не", "няма", "никога", "никой", "нищо", "без", "нито", "никакви"}),
    # Korean: a word of its own (안) or the negative verbs 않다, 없다, 아니다, 못하다 in any form.
    "ko": frozenset({"안", "않*", "없*", "아니*", "못*"}),
    # "غير" (non-) and "دون" ("below", "under 18") make words and phrases, not denials.
    "ar": frozenset({"لا", "لم", "لن", "ليس", "ليست", "ولا", "ولم", "ولن", "وليس", "بدون"}),
    "hi": frozenset({"नहीं", "न", "ना", "मत", "बिना"}),
}

# Words that say "lack", "deny", "refuse", "reject", "except" or "fail" without a negation marker
# (brakuje, faute de, نفت, 除く, कमी). English renders them with one as often as not ("lacks the
# votes", "is not profitable", "denied that"), so a target negation beside one of them in the
# source is no negation added. Same entry syntax as :data:`NEGATIONS`; ``*`` marks a stem.
LEXICAL_NEGATIVES: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in {
    "de": "mangel* fehlt fehlen fehlte fehlten fehlend* verweiger* weigert* bestritt* bestreit* dementier* "
          "abgelehnt lehnte lehnten ablehn* ausgenommen verzicht* scheiterte* gescheitert",
    "fr": "manque* faute absence refus* refusé* démenti* dément* nié niée nie nient rejet* rejeté* hormis excepté "
          "sauf échoué échec",
    "es": "falta carencia* ausencia escasez negó niega niegan negaron rechaz* excepto salvo fracas*",
    "it": "mancanza manca mancano mancato assenza carenza negato nega negano smentit* rifiut* respint* tranne "
          "eccetto fallit*",
    "pt": "falta carência ausência escassez negou nega negam negaram recus* rejeit* exceto salvo fracass*",
    "nl": "gebrek* ontbre* tekort* ontken* weiger* afgewezen behalve mislukt*",
    "sv": "brist* saknar saknas saknade förneka* vägra* avvis* utom misslyck*",
    "pl": "brak* brakuje zabrakło niedobór* zaprzecz* odmów* odmawia* odmówił* odrzuc* oprócz",
    "cs": "chybí chyběl* nedostat* absence popřel* popírá* odmít* odmítl* kromě selhal*",
    "sk": "chýba chýbal* nedostat* poprel* popiera* odmiet* okrem zlyhal*",
    "ru": "нехватк* недостат* отсутств* дефицит* отрицает отрицал* опроверг* отказ* отклон* кроме исключением",
    "uk": "нестач* брак* відсутн* заперечу* заперечив* заперечила* спростува* відмов* відхил* крім",
    "bg": "липс* недостиг* отрече* отрича* отказ* освен",
    "el": "έλλειψη έλλειψης ελλείψει απουσία αρνήθηκε αρνείται αρνούνται απέρριψε απορρίπτ* εκτός διέψευσε "
          "διαψεύδ*",
    "ro": "lipsa lipsă lipsește lipsesc absența negat neagă respins* refuz* excepția exceptând",
    "hu": "hiány* tagad* cáfol* elutasít* megtagad* kivéve",
    "fi": "puute* puuttu* kiistä* kieltäyty* hylkäsi* lukuun",
    "tr": "eksik* yetersiz* reddetti* reddet* yalanladı* hariç dışında",
    "ar": "*نقص* *غياب* *انعدام* *نفت* *نفى* *ينفي* *تنفي* *رفض* *باستثناء* *فشل* عدم وعدم بعدم لعدم",
    "hi": "कमी अभाव इनकार इंकार खंडन नकार* सिवाय विफल",
    "ja": "不足 欠如 否定 否認 拒否 拒絶 除く 除き 除いて 以外 欠く 欠け 失敗 見送",
    "zh": "缺乏 缺少 短缺 不足 否认 否認 拒绝 拒絕 除外 除了 以外 失败 失敗",
    "ko": "*부족* *결여* *부인* *거부* *거절* *제외* *실패*",
}.items()}

# Fixed expressions that contain a negation marker but do not negate ("not only", "at least").
NEGATION_IDIOMS: dict[str, tuple[str, ...]] = {
    "en": ("not only", "no less than", "no more than", "no fewer than", "no later than", "than ever", "never before"),
    "el": ("όχι μόνο", "από ποτέ", "ποτέ άλλοτε", "όσο ποτέ", "χωρίς αμφιβολία"),
    "de": ("nicht nur", "nicht weniger als", "nicht mehr als", "nicht zuletzt", "ohne Zweifel", "noch nie zuvor",
           "nie zuvor"),
    "ru": ("не менее", "не более", "не только", "не раз", "не позднее", "не ранее", "тем не менее", "не меньше",
           "не больше", "без изменений"),
    "fr": ("non seulement", "sans doute", "ne ... que", "n'importe", "n’importe"),
    "es": ("no solo", "no sólo", "sin duda", "no menos de", "no más de", "nunca antes", "no obstante"),
    "zh": ("不仅", "不但", "不少", "不久", "不断", "无论", "不过", "未来", "未來", "未成年"),
    # Words that end in ない or hold ず without negating: 少ない "few", 危ない "dangerous", 間もなく
    # "soon", 違いない "no doubt"; まず "first", 必ず "always", ずつ "each", わずか "only", はず
    # "should", いずれ "either", にもかかわらず "despite".
    "ja": ("少な", "危な", "間もな", "違いな", "まず", "必ず", "ずつ", "わずか", "はず", "いずれ", "ずっと",
           "かかわらず", "関わらず"),
    "nl": ("niet alleen", "niet minder dan", "niet meer dan", "niet later dan", "zonder twijfel", "nooit eerder"),
    "sv": ("inte bara", "inte minst", "inte mindre än", "inte mer än", "utan tvekan"),
    "pl": ("nie tylko", "nie mniej niż", "nie więcej niż", "nie później niż", "bez wątpienia", "bez zmian"),
    "cs": ("nejen", "ne méně než", "ne více než", "ne později než", "bez pochyby", "beze změny", "bez změny"),
    "ro": ("nu numai", "nu doar", "nu mai puțin de", "nu mai mult de", "fără îndoială"),
    "hu": ("nem csak", "nem kevesebb", "nem több", "nem később"),
    "fi": ("ei vain", "ei ainoastaan", "ei vähempää", "ei myöhemmin"),
    "tr": ("hiç olmadığı kadar",),
    "uk": ("не лише", "не тільки", "не менше", "не більше", "не пізніше", "тим не менш", "тим не менше", "без змін"),
    "bg": ("не само", "не по-малко", "не повече", "не по-късно", "без промяна"),
    "ar": ("لا سيما", "لا يزال", "لا تزال", "لا يزالون", "ليس فقط"),
    "hi": ("न केवल", "न सिर्फ"),
}

# Function words (lowercase) that carry little content: their absence is not an omission.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""a an the of to in on at by for from with as and or but if than that this these those
        is are was were be been being has have had do does did will would shall should can could may might
        it its it's he she they them their his her we our you your i me my there here which who whom whose
        what when where how also just very so such into onto over about after before said says up out
        per some any all each both other more most""".split()),
    "el": frozenset("""ο η το οι τα τον την του της των τους τις ένας μία μια ένα ενός μιας και ή αλλά να
        θα με σε στο στη στην στον στα στους στις από για ως ότι που πως είναι ήταν έχει είχε έχουν
        είχαν αυτό αυτή αυτός αυτά αυτές αυτοί τους της του μας σας τη κατά μετά πριν προς μέχρι
        ενώ επίσης όπως καθώς""".split()),
    "de": frozenset("""der die das den dem des ein eine einen einem einer eines und oder aber wenn als
        dass daß zu zum zur im in am an auf aus bei mit nach von vor für über unter um ist sind war waren
        wird werden wurde wurden hat haben hatte hatten sich es er sie wir ihr ich man dieser diese dieses
        auch noch schon so wie""".split()),
    "ru": frozenset("""и в во на с со к ко по о об от до из за у для что как это этот эта эти то
        был была было были будет быть он она они оно его ее её их а но или же ли бы также уже при
        между после перед под над""".split()),
    "fr": frozenset("""le la les l un une des du de d et ou mais que qui à au aux en dans sur par pour
        avec est sont était étaient a ont avait il elle ils elles on se ce cette ces son sa ses leur
        leurs aussi""".split()),
    "es": frozenset("""el la los las un una unos unas de del y o pero que a al en con por para es son
        era eran ha han había se su sus lo le les este esta estos estas también""".split()),
    # Contracted preposition + article forms are listed; elided ones (dell'acqua, l'uomo) are one
    # token with their noun. Left out: "ne" (a pronoun, but also a misspelt "né"), "stato", "stati"
    # (also "state": Stati Uniti).
    "it": frozenset("""il lo la i gli le un uno una del dello della dei degli delle al alla ai agli alle dal
        dalla dai dagli dalle nel nello nella nei negli nelle sul sulla sui sugli sulle di a da in con su per
        tra fra e ed o ma che se perché mentre quando come oppure però quindi io tu lui lei noi voi loro egli
        mi ti si ci vi li sé mio mia suo sua suoi sue questo questa questi queste quello quella quelli quelle
        quel quei chi cui quale quali dove è sono era erano sarà ha hanno ho abbiamo aveva essere avere anche
        così qui lì là""".split()),
    # "no", "na", "nos" are em + article here, not negations. Left out: "há" ("há dois anos", ago),
    # "até" (until), "sobre" (also "over"), "ali" (also the name Ali).
    "pt": frozenset("""o a os as um uma do da dos das no na nos nas ao aos à às pelo pela pelos pelas num numa
        de em para por com entre e ou mas que se porque como quando enquanto pois embora eu tu ele ela nós
        eles elas você vocês me te lhe lhes meu minha meus minhas seu sua seus suas nosso nossa nossos nossas
        este esta estes estas esse essa esses essas aquele aquela aqueles aquelas isto isso aquilo qual quais
        quem onde é são era eram foi foram ser ter tem têm tinha tinham está estão estava estavam será serão
        também aqui lá então assim""".split()),
    # Left out: "tot" (until), "na" (after), "over", "onder", "al" (all, already), "nog" (still, yet).
    "nl": frozenset("""de het een van in op te ten ter aan met voor door bij uit naar om tussen per en of
        maar dat als omdat terwijl want dus wanneer hoewel zodat ik jij je u hij zij ze wij we jullie hem
        haar hen hun mij me mijn jouw zijn ons onze uw zich men dit deze die wie wat waar welk welke hoe
        is was waren ben bent wordt worden werd werden heeft hebben had hadden heb zal zullen zou zouden
        er hier daar ook zo dan toen""".split()),
    # Left out: "sedan" (since, ago), "man" (also "a man"), "hans" (also the name Hans), "vår" (also
    # "spring").
    "sv": frozenset("""en ett den det de i på av för till med om från hos vid åt mot genom mellan och eller
        men att som när eftersom medan så då samt jag du han hon vi ni dem mig dig honom henne oss er sig
        sin sitt sina min mitt mina din ditt dina hennes deras vårt våra denna detta dessa vem vad var
        vilken vilket vilka hur är varit vara blir blev har hade haft ska skulle också även här där ju""".split()),
    # Left out: "siden" (since, ago), "mod" (also "courage"), "hans" (the name Hans), "nu" (now).
    "da": frozenset("""en et den det de i på af for til med om fra hos ved gennem mellem og eller men at som
        når hvis fordi mens så da samt jeg du han hun vi dem mig dig ham hende os jer sig sin sit sine
        min mit mine din dit dine hendes deres vores jeres man denne dette disse hvem hvad hvor hvilken
        hvilket hvilke hvordan er var været være bliver blive blev blevet har havde haft vil skal skulle
        ville også her der jo""".split()),
    # Bokmål ("no" is registered below as the same list). Left out: "siden" (since, ago), "mot" (also
    # "courage"), "hans" (the name Hans), "vår" (also "spring"), "hatt" (also "hat").
    "nb": frozenset("""en ei et den det de i på av for til med om fra hos ved gjennom mellom og eller men at
        som når hvis fordi mens så da samt jeg du han hun vi dere dem meg deg ham henne oss seg sin sitt
        sine min mitt mine din ditt dine hennes deres vårt våre man denne dette disse hvem hva hvor
        hvilken hvilket hvilke hvordan er var vært være blir ble blitt har hadde vil skal skulle ville
        også her der jo""".split()),
    # Left out: "po" (after), "za" (too, in: "za dużo", "za tydzień"), "co" (also "every": "co roku"),
    # "nim" (also "before"), "tak" (yes), "został" (also "stayed").
    "pl": frozenset("""w we na z ze do o od u przez dla przy między według i oraz a ale lub albo czy że żeby
        aby bo ponieważ gdy kiedy jeśli jeżeli jak niż ja ty on ona ono my wy oni one mnie mi cię ci go
        jego jej mu ich im nas nam was wam niego niej nich nią się siebie sobie mój moja moje swój swoja
        swoje swojego swoich nasz nasza nasze wasz ten ta to te tego tej tym tych tę tą który która które
        którego której których kto gdzie jest są był była było byli były będzie będą być by też także
        również tu tutaj tam więc jednak""".split()),
    # Left out: "než" (also "before"), "přes" (also "over": "přes 100"), "za", "po" (after).
    "cs": frozenset("""v ve na s se z ze k ke do o od u pro při mezi podle a i ale nebo či že aby protože když
        pokud jak jako zatímco já ty on ona ono my vy oni ony mě mi tě ti ho jej jeho její jim jí je jich nás
        nám vás vám něj nich sebe si můj moje tvůj svůj svá své náš naše váš jejich ten ta to ty toho té tom
        tím těch tento tato toto který která které kterého kteří kterých kdo co kde jsou byl byla bylo byli
        byly být bude budou jsem jsme jste by také rovněž tedy však tak tu tady tam""".split()),
    # Left out: "kým" (while, until), "cez" (also "over"), "za", "po" (after).
    "sk": frozenset("""v vo na s so z zo k ku do o od u pre pri medzi podľa a i ale alebo či že aby pretože
        keďže keď ak ako ja ty on ona ono my vy oni ony ma mi ti ho mu jej ich im nás nám vás vám neho nej sa
        si môj moja moje svoj svoja svoje náš naša naše váš jeho ten tá to tí tie toho tej tom tým tých tento
        táto toto tieto ktorý ktorá ktoré ktorého ktorej ktorí ktorých kto čo kde je sú bol bola bolo boli byť
        bude budú som sme ste by aj tiež teda však tak tu tam""".split()),
    # Texts still write "şi" with a cedilla. Left out: "ne" (us), "mai" (more, May), "fost" (also
    # "former"), "până" (until), "după" (after).
    "ro": frozenset("""un o unui unei al a ai ale cel cea cei cele de la în din pe cu pentru prin spre despre
        între dintre către într-un într-o dintr-un dintr-o și şi sau dar iar că să dacă deoarece când cum ca
        încât fiindcă însă deci eu tu el ea noi voi ei ele mă mi te ți îl îi le lui lor își se s-a s-au meu
        mea mei mele tău ta său sa săi sale nostru noastră noștri noastre acest această acești aceste acel
        acea acei acele acesta aceasta aceștia acestea acela asta care cine ce unde este e sunt era erau fi au
        am va vor aici acolo astfel""".split()),
    # Left out: "sem" (neither), "csak" (only), "már", "még" (already, still), "lett" (also
    # "Latvian"), "fog" (also "tooth"), "után", "előtt", "óta", "alatt", "felett" (time and place).
    "hu": frozenset("""a az egy és vagy de hogy ha mert mint míg amikor ahol amely amelyek amelyet mely
        melyek aki akik ami amit akkor is pedig illetve valamint tehát ugyanis hanem azonban hiszen meg
        én te ő mi ti ők engem téged őt minket őket nekem neki nekik nekünk ez ezek azok ezt azt ennek
        annak ebben abban erre arra ezzel azzal van vannak volt voltak lesz lesznek lenne volna itt ott
        így úgy között szerint miatt által számára mellett""".split()),
    # "en", "et", "ei" are the negation verb. Left out: "ne" (they), "ole" (after ei: "ei ole"),
    # "sitten" (also "ago"), "vain" (only), "jälkeen", "ennen" (after, before).
    "fi": frozenset("""ja sekä tai vai mutta että jos kun koska kuin vaikka jotta eli siis kuitenkin myös
        niin minä sinä hän me te he minun sinun hänen meidän teidän heidän minua häntä heitä hänet
        heidät hänelle heille se sen sitä siitä siinä sille niiden niitä tämä tämän tätä tässä nämä
        näiden tuo joka jonka jota jossa jotka joiden mikä mitä missä kuka miten on ovat oli olivat
        ollut olleet olla olisi olen olemme mukaan kanssa välillä kautta vuoksi takia siellä täällä""".split()),
    # Left out: "ne" (what; ne ... ne, neither ... nor), "on" (ten), "ancak" (also "only"), "kadar"
    # (until, as much as), "var" (there is, the opposite of "yok"), "hem" (both), "her" (every).
    "tr": frozenset("""bir ve ile için bu şu o da de ki ama fakat veya ya yani çünkü eğer gibi göre üzere
        olarak ise diye ben sen biz siz onlar beni seni onu bizi sizi onları bana sana ona bize size
        onlara benim senin onun bizim sizin onların bunu bunun buna bunlar bunların şunu kim nasıl nerede
        hangi olan olduğu olduğunu olacak mı mi mu mü arasında tarafından burada orada böyle şöyle""".split()),
    # Left out: "за", "по", "через" (also "in", "after"), "тому" (also "ago"), "ніж" (also "knife"),
    # "поки" (while, until), "так" (yes).
    "uk": frozenset("""в у на з із зі до від о об про для при між серед щодо і й та а але або чи що як щоб бо
        якщо коли адже проте однак також теж ж же б би я ти він вона воно ми ви вони мене його її їх нас вас
        мені йому їй їм нам вам ним нього неї них себе собі свій своя свої своїх мій моя моє мої наш наша наше
        наші ваш це цей ця ці цього цієї цих цим той те ті того тієї тих тим який яка яке які якого якої яких
        хто де є був була було були буде будуть бути тут там""".split()),
    # Left out: "ни" (us; also "not even"), "докато" (while, until), "след", "преди" (after, before).
    "bg": frozenset("""в във на с със за от до при към между чрез според и а но или че да ако когато като
        защото ли дали обаче също така аз ти той тя то ние вие те мен теб него нея нас вас тях ме го я
        ги му ѝ им се си себе мой моя твой негов неговия нейния наш ваш техен свой своя свое свои своите
        този тази това тези онзи онова който която което които кой коя кое кои какво къде как е са беше
        бе бяха бил била било били бъде съм сме сте ще тук там""".split()),
    # Left out: "cap" (none), "fins" (until), "des" (since), "segons" (also "seconds"), "estat" (also
    # "state"), "uns", "unes" (some).
    "ca": frozenset("""el la els les un una del dels al als pel pels de a en amb per entre i o però que si
        perquè quan com mentre doncs sinó també jo tu ell ella nosaltres vosaltres ells elles em et es
        se ens us li hi ho meu meva meus meves teu teva seu seva seus seves nostre nostra nostres vostre
        vostra llur llurs aquest aquesta aquests aquestes aquell aquella aquells aquelles això allò qui
        què quin quina quins quines on és són era eren ser ha han he hem havia havien va van serà seran
        està estan aquí allà així""".split()),
    # Left out: "no" (but), "dok" (while, until), "za", "po" (also "after"), "nakon", "prije".
    "hr": frozenset("""u na s sa iz do od o k ka prema kroz pri kod zbog između i a ali ili te pa da što jer
        kad kada ako kao nego li također zato ja ti on ona ono mi vi oni one me ga ju je nas vas ih mu
        joj im njega nje njemu njoj njih njima se sebe si njegov njegova njegovo njezin njezina njihov
        njihova svoj svoja svoje to taj ta tog toga tom ovaj ova ovo ovi ove ovog onaj koji koja koje
        kojeg kojem kojima kojih tko gdje kako su bio bila bilo bili biti će ću ćemo sam smo ste bi tu
        tamo ovdje tako""".split()),
    # Left out: "med" (between, during; also "honey"), "za", "po" (also "after"), "le" (only).
    "sl": frozenset("""v na s z iz do od o k h pri skozi zaradi in ali ter pa da če ker ko kot saj vendar
        oziroma ampak jaz ti on ona ono mi vi oni one me te ga jo jih mu ji jim nas vas njega nje njemu
        njej njih se si sebe sebi svoj svoja svoje svojo svojega njegov njegova njen njena njihov
        njihova ta to tega tem tej tisti tista tisto ki kateri katera katero katerih kdo kaj kje kako je
        so sem smo ste bil bila bilo bili biti bo bodo bi tudi tu tam tako""".split()),
    # Separate words only: clitic-attached forms (وال، ولكن، وهو) are left out. Left out: "ما"
    # (what, and a negation), "حتى" (until), "منذ" (since, ago), "نحو" (also "about", "some").
    "ar": frozenset("""في من على إلى الى عن مع بين عند لدى حول عبر أو ثم لكن أن إن ان أنّ إنّ إذا اذا لأن
        كما أيضا أيضاً حيث بينما هل كيف أين متى قد لقد سوف كان كانت كانوا يكون تكون هو هي هم هن هما
        نحن أنا أنت أنتم هذا هذه ذلك تلك هؤلاء أولئك الذي التي الذين عليه عليها منه منها فيه فيها له
        لها لهم به بها""".split()),
    # Both spellings of the nasal vowel (यहाँ, यहां). Left out: "तक" (until), "गया", "हुआ" and their
    # forms ("went", "happened"), "कुछ", "सब" (some, all).
    "hi": frozenset("""का की के में से को पर ने है हैं था थे थी और या कि यह वह ये वे भी तो ही एक इस उस
        इन उन इसे उसे इसका इसकी इसके उसका उसकी उसके उनका उनकी उनके मैं हम तुम आप मेरा मेरी मेरे
        हमारा हमारी हमारे आपका आपकी आपके अपना अपनी अपने जो जिस जिन जिसे जिसका जिसकी जिसके जिनके कौन
        क्या कैसे कहाँ कहां यहाँ यहां वहाँ वहां लिए साथ द्वारा बारे लेकिन परंतु किंतु क्योंकि अगर यदि
        जब तब तथा एवं व हो होता होती होते होगा होगी होंगे रहा रही रहे""".split()),
}
# Norwegian: "no" and Bokmål "nb" share one list.
FUNCTION_WORDS["no"] = FUNCTION_WORDS["nb"]

# Words that do not start a standalone English sentence unless something is wrong: subordinating
# conjunctions, prepositions and relative pronouns (a sentence broken off its main clause).
EN_FRAGMENT_STARTERS = frozenset("""when because although though since while whereas if unless until
    which who whom whose that where as after before to from of for with without by at in on into
    onto than whether despite during""".split())

_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}]+)?|\p{N}+")


def words_with_spans(text: str) -> list[tuple[str, int, int]]:
    """Lowercased words of ``text`` with their offsets."""
    return [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def negations(language: str) -> frozenset[str]:
    return NEGATIONS.get(base_language(language), frozenset())


def function_words(language: str) -> frozenset[str]:
    return FUNCTION_WORDS.get(base_language(language), frozenset())


def unrepeated_acronyms(source: str, target: str) -> list[str]:
    """Acronyms of ``source`` (any script: НИМХ, ΕΜΥ, IPMA) that ``target`` does not repeat; a
    translation often spells their names out ("Hellenic National Meteorological Service").

    >>> unrepeated_acronyms("Η ΕΜΥ προειδοποιεί για το ΝΑΤΟ.", "The Hellenic National Meteorological Service warns of NATO.")
    ['ΕΜΥ', 'ΝΑΤΟ']
    """
    return [a for a in regex.findall(r"(?<!\w)\p{Lu}{2,6}(?!\w)", source) if a not in target]


def spells_out_acronym(text: str, end: int, other: str) -> bool:
    """Whether the capitalized words ending at ``end`` in ``text`` belong to a name followed by
    its acronym in brackets, an acronym ``other`` holds too: "Centraal Bureau voor de Statistiek
    (CBS)" rendered "Statistics Netherlands (CBS)", where the names differ word for word.

    >>> spells_out_acronym("Het Centraal Bureau voor de Statistiek (CBS) meldt", 27, "Statistics Netherlands (CBS)")
    True
    """
    m = regex.match(r"(?:\s+\p{Lu}[\p{L}\-]*)*\s*\(\s*(\p{Lu}{2,})", text[end:])
    return bool(m) and m.group(1) in other


# Languages that negate a verb inside the word: Czech and Slovak with the prefix ne- (nezvýší,
# "will not raise"), Turkish with -me-/-ma- after the stem (yükselmedi, "did not rise").
_NEGATING_AFFIX = frozenset({"cs", "sk", "tr"})
_INFINITIVE_ENDINGS = {"cs": ("t", "ci"), "sk": ("ť", "cť")}
_TR_NEGATIVE = regex.compile(r"m[ae](?:d[ıiuü]|y[ae]c[ae]k|z|m[ıiuü]ş|s[ıi]n)|m[ıiuü]yor")


def _negated_verb(word: str, lang: str) -> bool:
    """Whether ``word`` (lowercase) is a verb negated by an affix: the lemmatizer strips the
    negation and what is left around the lemma is one (nemá → mít; gelmedi → gel + medi). Words
    that merely start with ne- keep it in their lemma (neděle, nemocnice, nezaměstnanost).

    >>> [_negated_verb(w, "cs") for w in ("nezvýší", "není", "nejvyšší", "neděle", "nezkoumal", "nezaměstnanost")]
    [True, True, False, False, True, False]
    >>> [_negated_verb(w, "tr") for w in ("yükselmedi", "değiştirmedi", "gitmiyor", "komedi", "yükselme")]
    [True, True, True, False, False]
    """
    from mtqa.lang import lemmatize

    lemma = lemmatize(word, lang).lower()
    if lang == "tr":
        # Voice suffixes may sit between the stem and the negation: değiş-tir-medi.
        m = _TR_NEGATIVE.search(word, len(lemma)) if lemma != word and word.startswith(lemma) else None
        return m is not None and m.start() - len(lemma) <= 4
    if not word.startswith("ne") or word.startswith("nej") or len(word) <= 3:
        return False
    if lemma != word:
        return not lemma.startswith("ne")
    # A negated form the lemmatizer does not know (nezkoumal): the rest is a form of a verb it
    # knows. Only verbs: a known noun after ne- (nezaměstnanost) is a word of its own.
    rest = word[2:]
    rest_lemma = lemmatize(rest, lang).lower()
    return rest_lemma != rest and rest_lemma.endswith(_INFINITIVE_ENDINGS[lang])


# English words negated by a prefix: what a source says with a negation marker (μη έγκυρο,
# nicht bekannt, не известно) English often says with one (invalid, unknown). Only "un-" and
# "non-" are read by rule; "in-" and "dis-" make too many plain words (information, increase,
# discount, display), so those are listed.
_EN_NEGATIVE_PREFIX = regex.compile(r"(?i)\b(?:un|non)(-?)(\p{L}{4,})\b")
_EN_NEGATIVE_WORDS = frozenset("""invalid inactive incorrect incomplete inaccurate inadequate inappropriate incapable
    incompatible inconsistent indirect ineffective ineligible inevitable informal insufficient invisible involuntary
    impossible impractical improper illegal illegitimate irregular irrelevant irreversible irresponsible
    inaccessible insecure disabled disagree disagreed disallowed disapproved disconnected discontinued dishonest
    disqualified""".split())


# Negative prefixes read by rule in other languages: the prefix before a word the lexicon knows
# (ungeschlagen = un + geschlagen, nieprawomocny, неудачный). Some such words are no negation
# (niedziela, "Sunday"), so callers weigh them as evidence, not as markers.
_NEGATIVE_PREFIXES = {"de": "un", "nl": "on", "pl": "nie", "cs": "ne", "sk": "ne", "ru": "не", "uk": "не", "bg": "не"}


def negated_by_prefix(text: str, language: str) -> list[tuple[int, int]]:
    """Offsets of words negated by a prefix: in English "invalid", "unknown", "non-binding"; in
    German, Dutch and Slavic languages a word the lexicon knows after un-, on-, nie-, ne-, не-.

    >>> t = "Invalid level; the union discussed a non-binding and unknown value."
    >>> [t[a:b] for a, b in negated_by_prefix(t, "en")]
    ['Invalid', 'non-binding', 'unknown']
    >>> t = "Leverkusen ist seit 14 Spielen ungeschlagen, das Unternehmen auch."
    >>> [t[a:b] for a, b in negated_by_prefix(t, "de")]
    ['ungeschlagen']
    """
    from mtqa.lang import is_known_word

    lang = base_language(language)
    prefix = _NEGATIVE_PREFIXES.get(lang)
    if prefix is not None:
        return [(a, b) for word, a, b in words_with_spans(text)
                if word.startswith(prefix) and len(word) - len(prefix) >= 5 and is_known_word(word[len(prefix):], lang)]
    if lang != "en":
        return []

    out = [(m.start(), m.end()) for m in _WORD.finditer(text) if m.group().lower() in _EN_NEGATIVE_WORDS]
    out += [(m.start(), m.end()) for m in _EN_NEGATIVE_PREFIX.finditer(text)
            if is_known_word(m.group(2).lower(), "en") and (m.group(1) or is_known_word(m.group().lower(), "en"))]
    return sorted(out)


def lexical_negative_spans(text: str, language: str) -> list[tuple[int, int]]:
    """Offsets of words that mean a negative without a negation marker (:data:`LEXICAL_NEGATIVES`).

    >>> t = "Koalicji rządzącej brakuje głosów."
    >>> [t[a:b] for a, b in lexical_negative_spans(t, "pl")]
    ['brakuje']
    """
    markers = LEXICAL_NEGATIVES.get(base_language(language), frozenset())
    return _marker_spans(text, base_language(language), markers) if markers else []


def _marker_spans(text: str, lang: str, markers: frozenset[str]) -> list[tuple[int, int]]:
    """Offsets of the words of ``text`` that ``markers`` match: ``word``, ``stem*``, ``*part*``,
    ``*end``; Chinese and Japanese markers anywhere."""
    if lang in {"zh", "ja"}:
        return [(m.start(), m.end()) for m in regex.finditer("|".join(sorted(markers, key=len, reverse=True)), text)]
    exact = {m for m in markers if "*" not in m}
    starts = tuple(m[:-1] for m in markers if m.endswith("*") and not m.startswith("*"))
    parts = tuple(m[1:-1] for m in markers if m.startswith("*") and m.endswith("*"))
    ends = tuple(m[1:] for m in markers if m.startswith("*") and not m.endswith("*"))
    return [(start, end) for word, start, end in words_with_spans(text)
            if word in exact or (starts and word.startswith(starts)) or (ends and word.endswith(ends))
            or any(p in word for p in parts)]


# A "no" counted after a number is a vote against, no denial: "135 igen és 52 nem szavazattal"
# (by 135 votes to 52), "52 no votes".
_COUNTED_NO = {"hu": r"(?<=\d\s)nem\b", "en": r"(?<=\d\s)no(?=\s+votes?\b)"}


def negation_spans(text: str, language: str) -> list[tuple[int, int]]:
    """Offsets of negation markers in ``text``.

    >>> negation_spans("Οι οικονομολόγοι δεν αναμένουν μείωση.", "el")
    [(17, 20)]
    >>> negation_spans("They don't expect it.", "en")
    [(5, 10)]
    >>> negation_spans("Typhoon No. 10 brought no rain.", "en")
    [(23, 25)]
    >>> negation_spans("Une place qu'il n'a plus quittée.", "fr")
    [(16, 19)]
    >>> negation_spans("135 igen és 52 nem szavazattal, nem vitatva", "hu")
    [(32, 35)]
    """
    markers = negations(language)
    if not markers:
        return []
    lang = base_language(language)
    # Blank out fixed expressions (same length, so offsets stay valid) before looking for markers.
    for idiom in NEGATION_IDIOMS.get(lang, ()):
        text = regex.sub(regex.escape(idiom), lambda m: " " * len(m.group()), text, flags=regex.IGNORECASE)
    if lang == "en":  # "Typhoon No. 10", "No 10 Downing Street": the number sign, no negation
        text = regex.sub(r"\b(?:Nos?\.|No)(?=\s?\d)", lambda m: " " * len(m.group()), text)
    if lang in _COUNTED_NO:  # "135 igen és 52 nem szavazattal": 52 votes against
        text = regex.sub(_COUNTED_NO[lang], lambda m: " " * len(m.group()), text, flags=regex.IGNORECASE)
    out = _marker_spans(text, lang, markers)
    if lang in {"zh", "ja"}:
        return out
    listed = set(out)
    for word, start, end in words_with_spans(text):
        if (start, end) not in listed and (
                (lang == "en" and word.endswith(("n't", "n’t")))
                or (lang == "fr" and word.startswith(("n'", "n’")))  # elided: n'a, n’est
                or (lang in _NEGATING_AFFIX and _negated_verb(word, lang))):
            out.append((start, end))
    for phrase in (m for m in markers if " " in m):
        out += [(m.start(), m.end()) for m in regex.finditer(r"\b" + regex.escape(phrase) + r"\b", text, flags=regex.IGNORECASE)]
    return sorted(out)

# English antonym pairs common in news copy (inflected forms listed as pairs of their own). A
# translation that uses one where the source means the other reverses the meaning; the antonym
# check tests which of the two fits the source word in context.
_EN_ANTONYM_PAIRS = """
rise fall | rises falls | rose fell | risen fallen | rising falling
increase decrease | increases decreases | increased decreased | increasing decreasing
grow shrink | grows shrinks | grew shrank | growing shrinking | growth decline
gain lose | gains loses | gained lost | gaining losing | gains losses | profit loss | profits losses
win lose | wins loses | won lost | winning losing | winner loser | winners losers | victory defeat
higher lower | highest lowest | high low | more less | most least | more fewer
larger smaller | largest smallest | bigger smaller | biggest smallest | large small | big small
strong weak | stronger weaker | strongest weakest | strengthen weaken | strengthened weakened
open close | opens closes | opened closed | opening closing
accept reject | accepts rejects | accepted rejected | approve reject | approved rejected
allow forbid | allowed banned | allow ban | allows bans | permitted prohibited
support oppose | supports opposes | supported opposed | supporters opponents
before after | above below | over under | inside outside | early late | earlier later
earliest latest | first last | start end | started ended | begin end | began ended
beginning end | north south | east west | northern southern | eastern western
up down | increase cut | raise lower | raised lowered | raise cut | raised cut
expand reduce | expanded reduced | expansion reduction | boost cut | boosted cut
success failure | successful unsuccessful | succeeded failed | pass fail | passed failed
arrive depart | arrival departure | enter leave | import export
imports exports | buy sell | bought sold | buyers sellers | lend borrow | lent borrowed
legal illegal | guilty innocent | convicted acquitted | true false | right wrong | correct incorrect
cheap expensive | cheaper dearer | rich poor | richer poorer | hot cold | warm cold | warmer colder
full empty | heavy light | long short | longer shorter | fast slow | faster slower | old new | older newer
young old | younger older | safe dangerous | peace war | positive negative | optimistic pessimistic
agree disagree | agreed disagreed | include exclude | included excluded | always never | all none
majority minority | maximum minimum | easy difficult | easier harder | best worst | better worse | good bad
available unavailable | valid invalid | enable disable | enabled disabled | add remove | added removed
install uninstall | installed uninstalled | departed arrived | refused agreed | drop rise | dropped rose
""".strip().strip()

EN_ANTONYMS: dict[str, frozenset[str]] = {}
for _pair in _EN_ANTONYM_PAIRS.replace("\n", "|").split("|"):
    _a, _b = _pair.split()
    EN_ANTONYMS[_a] = EN_ANTONYMS.get(_a, frozenset()) | {_b}
    EN_ANTONYMS[_b] = EN_ANTONYMS.get(_b, frozenset()) | {_a}
del _pair, _a, _b

ANTONYMS: dict[str, dict[str, frozenset[str]]] = {"en": EN_ANTONYMS}

# Words of one meaning among the listed ones, the antonym check's control: "rose" is also a
# flower, so "dropped" in its place can fit a source verb better than "rose" does although the
# source says it rose; "climbed" and "grew" then fit better still.
_EN_SYNONYM_GROUPS = """
rise increase climb grow | rises increases climbs grows | rose increased climbed grew
risen increased climbed grown | rising increasing climbing growing
fall decrease decline drop | falls decreases declines drops | fell decreased declined dropped
fallen decreased declined dropped | falling decreasing declining dropping
higher greater | lower smaller | more greater | less fewer | cut reduced lowered
won beat | lost conceded | opened launched | closed shut | began started | ended finished
""".strip()

EN_SYNONYMS: dict[str, frozenset[str]] = {}
for _group in _EN_SYNONYM_GROUPS.replace("\n", "|").split("|"):
    _words = _group.split()
    for _w in _words:
        EN_SYNONYMS[_w] = EN_SYNONYMS.get(_w, frozenset()) | (frozenset(_words) - {_w})
del _group, _words, _w

SYNONYMS: dict[str, dict[str, frozenset[str]]] = {"en": EN_SYNONYMS}


def antonyms(word: str, language: str) -> frozenset[str]:
    """Antonyms of a lowercase word in ``language`` (empty when none are listed).

    >>> sorted(antonyms("rose", "en"))
    ['dropped', 'fell']
    """
    return ANTONYMS.get(base_language(language), {}).get(word, frozenset())


def synonyms(word: str, language: str) -> frozenset[str]:
    """Listed words of the same meaning as a lowercase word (empty when none are listed).

    >>> sorted(synonyms("rose", "en"))
    ['climbed', 'grew', 'increased']
    """
    return SYNONYMS.get(base_language(language), {}).get(word, frozenset())
