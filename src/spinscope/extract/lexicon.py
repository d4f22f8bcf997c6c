"""The words the rules rely on, per language (fr, en, de, it, pl, ru; es where cheap).

Kept in one place so that adding a language means filling these tables, not
editing the rules. Month and weekday entries are regular expressions because
Polish and Russian inflect them ("14 listopada", "в среду").
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """A word list written as a block of text (easier to read and extend)."""
    return frozenset(text.split())


LANGUAGES = ("fr", "en", "de", "it", "pl", "ru", "es")

# month number → pattern (matched case-insensitively, on word boundaries)
MONTHS: dict[str, list[str]] = {
    "fr": [
        "janvier",
        "f[ée]vrier",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "ao[ûu]t",
        "septembre",
        "octobre",
        "novembre",
        "d[ée]cembre",
    ],
    "en": [
        "january|jan\\.",
        "february|feb\\.",
        "march",
        "april|apr\\.",
        "may",
        "june",
        "july",
        "august|aug\\.",
        "september|sept?\\.",
        "october|oct\\.",
        "november|nov\\.",
        "december|dec\\.",
    ],
    "de": [
        "januar|j[äa]nner",
        "februar",
        "m[äa]rz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ],
    "it": [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    "pl": [
        "stycze[nń]|stycznia",
        "luty|lutego",
        "marzec|marca",
        "kwiecie[nń]|kwietnia",
        "maj|maja",
        "czerwiec|czerwca",
        "lipiec|lipca",
        "sierpie[nń]|sierpnia",
        "wrzesie[nń]|wrze[sś]nia",
        "pa[zź]dziernik|pa[zź]dziernika",
        "listopad|listopada",
        "grudzie[nń]|grudnia",
    ],
    "ru": [
        "январ[ья]",
        "феврал[ья]",
        "марта?",
        "апрел[ья]",
        "ма[йя]",
        "июн[ья]",
        "июл[ья]",
        "августа?",
        "сентябр[ья]",
        "октябр[ья]",
        "ноябр[ья]",
        "декабр[ья]",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre|setiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
}

# weekday (0 = Monday) → pattern
WEEKDAYS: dict[str, list[str]] = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    "de": [
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag|sonnabend",
        "sonntag",
    ],
    "it": [
        "luned[iì]",
        "marted[iì]",
        "mercoled[iì]",
        "gioved[iì]",
        "venerd[iì]",
        "sabato",
        "domenica",
    ],
    "pl": [
        "poniedzia[lł]e?k|poniedzia[lł]ek",
        "wtorek|wtorku?",
        "[sś]rod[aęy]|[sś]rodzie",
        "czwartek|czwartku?",
        "pi[aą]t(?:ek|ku)",
        "sobot[aęy]|sobocie",
        "niedziel[aęi]",
    ],
    "ru": [
        "понедельник",
        "вторник",
        "сред[ауы]",
        "четверг",
        "пятниц[ауы]",
        "суббот[ауы]",
        "воскресень[ея]",
    ],
    "es": ["lunes", "martes", "mi[ée]rcoles", "jueves", "viernes", "s[áa]bado", "domingo"],
}

# "last" after/before a weekday: "mercredi dernier", "last Wednesday", "letzten Mittwoch"
LAST: dict[str, str] = {
    "fr": "dernier|derni[èe]re|pass[ée]e?",
    "en": "last|past",
    "de": "letzten|letzte|vergangenen|vergangene",
    "it": "scors[oa]",
    "pl": "ostatni[aą]?|zesz[lł][ay]|w zesz[lł]y|w zesz[lł][aą]",
    "ru": "прошл(?:ый|ую|ой|ом)",
    "es": "pasad[oa]",
}

NUMBER_WORDS: dict[str, dict[str, int]] = {
    "fr": {
        "un": 1,
        "une": 1,
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "onze": 11,
        "douze": 12,
        "quinze": 15,
        "vingt": 20,
        "trente": 30,
        "cent": 100,
        "mille": 1000,
    },
    "en": {
        "a": 1,
        "an": 1,
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "fifteen": 15,
        "twenty": 20,
        "thirty": 30,
        "hundred": 100,
        "thousand": 1000,
    },
    "de": {
        "ein": 1,
        "einem": 1,
        "einer": 1,
        "eine": 1,
        "zwei": 2,
        "drei": 3,
        "vier": 4,
        "fünf": 5,
        "sechs": 6,
        "sieben": 7,
        "acht": 8,
        "neun": 9,
        "zehn": 10,
        "elf": 11,
        "zwölf": 12,
        "zwanzig": 20,
        "hundert": 100,
        "tausend": 1000,
    },
    "it": {
        "un": 1,
        "uno": 1,
        "una": 1,
        "due": 2,
        "tre": 3,
        "quattro": 4,
        "cinque": 5,
        "sei": 6,
        "sette": 7,
        "otto": 8,
        "nove": 9,
        "dieci": 10,
        "undici": 11,
        "dodici": 12,
        "venti": 20,
        "cento": 100,
        "mille": 1000,
    },
    "pl": {
        "jeden": 1,
        "jedna": 1,
        "dwa": 2,
        "dwie": 2,
        "trzy": 3,
        "cztery": 4,
        "pięć": 5,
        "sześć": 6,
        "siedem": 7,
        "osiem": 8,
        "dziewięć": 9,
        "dziesięć": 10,
        "dwanaście": 12,
        "dwadzieścia": 20,
        "sto": 100,
        "tysiąc": 1000,
    },
    "ru": {
        "один": 1,
        "одна": 1,
        "одну": 1,
        "два": 2,
        "две": 2,
        "три": 3,
        "четыре": 4,
        "пять": 5,
        "шесть": 6,
        "семь": 7,
        "восемь": 8,
        "девять": 9,
        "десять": 10,
        "двенадцать": 12,
        "двадцать": 20,
        "сто": 100,
        "тысяча": 1000,
    },
    "es": {
        "un": 1,
        "una": 1,
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
        "diez": 10,
        "doce": 12,
        "veinte": 20,
        "cien": 100,
        "mil": 1000,
    },
}

# Vague quantities that still make a statement check-worthy ("des centaines de soldats").
VAGUE_QUANTITIES: dict[str, str] = {
    "fr": r"dizaines?|douzaines?|vingtaines?|trentaine|quarantaine|cinquantaine|centaines?"
    r"|milliers?|millions?|milliards?",
    "en": r"dozens?|scores|hundreds|thousands|millions|billions",
    "de": r"dutzende|hunderte|tausende|millionen|milliarden",
    "it": r"decine|dozzine|centinaia|migliaia|milioni|miliardi",
    "pl": r"dziesi[aą]tki|setki|tysi[aą]ce|miliony|miliardy",
    "ru": r"десятки|сотни|тысячи|миллионы|миллиарды",
    "es": r"decenas|docenas|cientos|miles|millones",
}

# unit word → days (for "il y a deux jours", "two weeks ago")
UNITS: dict[str, dict[str, str]] = {
    "fr": {"jours?": "day", "semaines?": "week", "mois": "month", "ans|ann[ée]es?": "year"},
    "en": {"days?": "day", "weeks?": "week", "months?": "month", "years?": "year"},
    "de": {
        "tag(?:en)?|tage": "day",
        "wochen?": "week",
        "monat(?:en)?|monate": "month",
        "jahr(?:en)?|jahre": "year",
    },
    "it": {"giorn[oi]": "day", "settiman[ae]": "week", "mes[ei]": "month", "ann[oi]": "year"},
    "pl": {
        "dzie[nń]|dni": "day",
        "tydzie[nń]|tygodni[ea]?": "week",
        "miesi[aą]c[ea]?|miesi[eę]cy": "month",
        "rok|lata|lat": "year",
    },
    "ru": {
        "день|дня|дней": "day",
        "неделю|недели|недель": "week",
        "месяц|месяца|месяцев": "month",
        "год|года|лет": "year",
    },
    "es": {"d[ií]as?": "day", "semanas?": "week", "mes(?:es)?": "month", "a[ñn]os?": "year"},
}

# "<N> <unit> ago" in each language: (prefix, suffix) around "<N> <unit>"
AGO: dict[str, tuple[str, str]] = {
    "fr": (r"il y a", ""),
    "en": ("", r"ago"),
    "de": (r"vor", ""),
    "it": ("", r"fa"),
    "pl": ("", r"temu"),
    "ru": ("", r"назад"),
    "es": (r"hace", ""),
}

# fixed relative words → offset in days
RELATIVE_DAYS: dict[str, dict[str, int]] = {
    "fr": {
        "aujourd'hui": 0,
        "aujourd’hui": 0,
        "ce matin": 0,
        "ce soir": 0,
        "hier": -1,
        "avant-hier": -2,
        "demain": 1,
        "après-demain": 2,
    },
    "en": {"today": 0, "this morning": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1},
    "de": {"heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1},
    "it": {"oggi": 0, "stamattina": 0, "ieri": -1, "l'altro ieri": -2, "domani": 1},
    "pl": {"dzisiaj": 0, "dziś": 0, "wczoraj": -1, "przedwczoraj": -2, "jutro": 1},
    "ru": {"сегодня": 0, "вчера": -1, "позавчера": -2, "завтра": 1},
    "es": {"hoy": 0, "ayer": -1, "anteayer": -2, "mañana": 1},
}

# "this week" / "last week" / "last month" / "last year": phrase → (unit, offset)
RELATIVE_PERIODS: dict[str, dict[str, tuple[str, int]]] = {
    "fr": {
        "cette semaine": ("week", 0),
        "la semaine derni[èe]re": ("week", -1),
        "la semaine pass[ée]e": ("week", -1),
        "ce mois-ci": ("month", 0),
        "le mois dernier": ("month", -1),
        "cette ann[ée]e": ("year", 0),
        "l'ann[ée]e derni[èe]re": ("year", -1),
        "l’ann[ée]e derni[èe]re": ("year", -1),
    },
    "en": {
        "this week": ("week", 0),
        "last week": ("week", -1),
        "this month": ("month", 0),
        "last month": ("month", -1),
        "this year": ("year", 0),
        "last year": ("year", -1),
    },
    "de": {
        "diese woche": ("week", 0),
        "letzte woche": ("week", -1),
        "vergangene woche": ("week", -1),
        "letzten monat": ("month", -1),
        "dieses jahr": ("year", 0),
        "letztes jahr": ("year", -1),
    },
    "it": {
        "questa settimana": ("week", 0),
        "la settimana scorsa": ("week", -1),
        "il mese scorso": ("month", -1),
        "quest'anno": ("year", 0),
        "l'anno scorso": ("year", -1),
    },
    "pl": {
        "w tym tygodniu": ("week", 0),
        "w zeszłym tygodniu": ("week", -1),
        "w zeszłym miesiącu": ("month", -1),
        "w tym roku": ("year", 0),
        "w zeszłym roku": ("year", -1),
    },
    "ru": {
        "на этой неделе": ("week", 0),
        "на прошлой неделе": ("week", -1),
        "в прошлом месяце": ("month", -1),
        "в этом году": ("year", 0),
        "в прошлом году": ("year", -1),
    },
    "es": {
        "esta semana": ("week", 0),
        "la semana pasada": ("week", -1),
        "el mes pasado": ("month", -1),
        "este año": ("year", 0),
        "el año pasado": ("year", -1),
    },
}

# Verbs and phrases that introduce speech, past and present, in each language.
SPEECH_VERBS: dict[str, str] = {
    "fr": r"(?:a|ont|avait|avaient|aurait|auraient)\s+(?:d'ailleurs\s+|aussi\s+|encore\s+|"
    r"également\s+|notamment\s+)?(?:dit|déclaré|affirmé|indiqué|annoncé|assuré|estimé|"
    r"expliqué|souligné|ajouté|précisé|prétendu|confirmé|reconnu|martelé|averti|"
    r"rappelé|admis|accusé|démenti|nié|écrit|twitté|tweeté|confié|lancé|insisté|répondu|"
    r"révélé|signalé|rapporté|fait savoir|raconté|conclu|résumé|noté|observé|"
    r"tranché|ironisé|poursuivi)|dit|déclare|affirme|indique|annonce|assure|"
    r"estime|explique|souligne|ajoute|précise|prétend|confirme|reconnaît|martèle|affirmant|"
    r"déclarant|prétendant|estimant|expliquant|assurant|soulignant|selon lequel|selon laquelle|"
    r"raconte|résume|conclut|poursuit|ironise|tranche|écrit|disait|déclarait|"
    r"affirmait|expliquait|ajoutait|écrivait|assurait",
    "en": r"said|says|told|tells|stated|states|declared|claimed|claims|added|announced|"
    r"warned|insisted|argued|noted|explained|wrote|tweeted|asserted|stressed|admitted|"
    r"denied|confirmed|reported|suggested|acknowledged|alleged|maintained|saying|claiming",
    "de": r"sagte|sagt|erklärte|erklärt|betonte|betont|behauptete|behauptet|meinte|meint|"
    r"teilte\s+mit|kündigte\s+an|warnte|warnt|schrieb|schreibt|räumte\s+ein|bestätigte|"
    r"sagten|erklärten|hieß\s+es|so",
    "it": r"ha\s+(?:detto|dichiarato|affermato|spiegato|sottolineato|aggiunto|annunciato|"
    r"ricordato|scritto|sostenuto|avvertito|precisato|confermato|ammesso|riferito|risposto|"
    r"replicato|commentato|osservato|denunciato)|dice|"
    r"afferma|dichiara|spiega|sottolinea|aggiunge|sostiene|ricorda|scrive|risponde|"
    r"commenta|disse|dichiarò|affermò|spiegò|aggiunse|annunciò|scrisse|annunciando|"
    r"dichiarando|affermando|spiegando|sottolineando|aggiungendo|"
    r"hanno\s+(?:detto|dichiarato|affermato)",
    "pl": r"powiedzia[lł](?:a|o)?|powiedzieli|stwierdzi[lł](?:a)?|o[sś]wiadczy[lł](?:a)?|"
    r"zaznaczy[lł](?:a)?|doda[lł](?:a)?|podkre[sś]li[lł](?:a)?|przekonywa[lł](?:a)?|"
    r"uwa[zż]a|m[oó]wi|twierdzi|napisa[lł](?:a)?|zapowiedzia[lł](?:a)?|ostrzeg[lł](?:a)?|"
    r"poinformowa[lł](?:a|o)?|przyzna[lł](?:a)?|ocenia|oceni[lł](?:a)?|pisze|piszą|"
    r"napisali|zwr[oó]ci[lł](?:a|o|i)?\s+uwag[eę]",
    "ru": r"заявил(?:а|и)?|сказал(?:а|и)?|сообщил(?:а|и)?|отметил(?:а|и)?|подчеркнул(?:а|и)?|"
    r"добавил(?:а|и)?|пояснил(?:а|и)?|признал(?:а|и)?|написал(?:а|и)?|заявляет|говорит|"
    r"сообщает|считает|утверждает|уточнил(?:а|и)?|предупредил(?:а|и)?|объявил(?:а|и)?",
    "es": r"dijo|afirmó|declaró|aseguró|explicó|señaló|añadió|indicó|advirtió|sostuvo|"
    r"dice|afirma|asegura|explica|señala",
}

# "according to X": the source follows the phrase.
ACCORDING_TO: dict[str, str] = {
    "fr": r"selon|d'après|d’après|de l'avis de|aux dires de|citant",
    "en": r"according to|citing|as reported by|per",
    "de": r"laut|nach Angaben (?:von|des|der)|zufolge|wie .{0,40}? berichtet(?:e)?|so",
    "it": r"secondo|stando a|a detta di|citando",
    "pl": r"według|wedle|zdaniem|jak podaje|jak podał(?:a|o)?|jak informuje|cytując",
    "ru": r"по словам|по данным|по мнению|как сообщает|как сообщил(?:а|о|и)?|"
    r"как пишет|со ссылкой на|согласно",
    "es": r"según|de acuerdo con|citando",
}

# The word introducing reported speech: "que", "that", "dass", "che", "że", "что".
THAT: dict[str, str] = {
    "fr": r"que|qu'|qu’",
    "en": r"that",
    "de": r"dass|daß",
    "it": r"che",
    "pl": r"że|iż",
    "ru": r"что|чтобы",
    "es": r"que",
}

# Words that open a noun phrase (articles, demonstratives, possessives): a quotation
# right after one is a quoted name or label (la « coalition » …), never speech.
# Polish and Russian have no articles, so their quotations are not filtered this way.
NOUN_PHRASE_OPENERS: dict[str, str] = {
    "fr": r"l['’]|le|la|les|un|une|des|du|au|aux|ce|cet|cette|ces|son|sa|ses|leur|leurs|"
    r"notre|nos|votre|vos",
    "en": r"the|a|an|this|these|those|its|their|our|his|her",
    "de": r"der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|diese|dieser|dieses|"
    r"seine|ihre",
    "it": r"il|lo|la|i|gli|le|l['’]|un|uno|una|un['’]|del|della|dei|degli|delle|questo|"
    r"questa|quel|quella",
    "pl": r"(?!)",
    "ru": r"(?!)",
    "es": r"el|la|los|las|un|una|unos|unas|este|esta|ese|esa|su|sus",
}

# Titles that announce a person name after them ("President", "ministre", ...).
PERSON_TITLES = word_set(
    """
    président présidente ministre premier secrétaire général générale émissaire envoyé
    porte-parole ambassadeur ambassadrice sénateur sénatrice député députée chef commandant
    colonel lieutenant capitaine amiral maréchal directeur directrice conseiller conseillère
    roi reine prince princesse cheikh sheikh ayatollah imam pape monsieur madame m. mme dr
    president minister secretary general envoy spokesman spokeswoman spokesperson ambassador
    senator congressman congresswoman representative rep. sen. gov. governor chief commander
    colonel lieutenant captain admiral marshal director adviser advisor king queen prince
    princess pope mr mr. mrs mrs. ms ms. dr. prime chancellor mayor judge präsident
    präsidentin minister ministerin kanzler kanzlerin sprecher sprecherin botschafter
    generalsekretär bürgermeister herr frau presidente ministro ministra segretario portavoce
    ambasciatore senatore deputato sindaco cancelliere premier signor signora prezydent
    prezydenta premier premiera minister ministra ministrem rzecznik ambasador senator poseł
    posłanka marszałek generał pan pani kanclerz президент министр премьер генсек генеральный
    секретарь посол сенатор депутат глава губернатор мэр канцлер пресс-секретарь представитель
    """
)

# Words that make a capitalised sequence an organisation.
ORG_WORDS = word_set(
    """
    ministère ministry ministerium ministero ministerstwo министерство parti party partei
    partito partia партия conseil council rat consiglio rada совет commission commissione
    komisja комиссия kommission agence agency agentur agenzia agencja агентство armée army
    armee esercito armia армия forces force kräfte forze siły силы banque bank banca банк
    union unione unia союз comité committee komitee comitato komitet комитет organisation
    organization organisation organizzazione organizacja организация assemblée assembly
    parlement parliament parlament parlamento sejm senat senate sénat duma дума gouvernement
    government regierung governo rząd правительство institut institute istituto instytut
    институт université university universität università uniwersytet университет fondation
    foundation stiftung fondazione fundacja фонд corporation company inc ltd gmbh spa s.a.
    office bureau département department abteilung dipartimento departament департамент
    tribunal court gericht corte sąd суд police polizei polizia policja полиция brigade
    brigata brygada бригада division dywizja дивизия regiment pułk полк coalition koalition
    coalizione koalicja коалиция front фронт mouvement movement bewegung movimento ruch
    движение services service dienst servizio służba служба
    """
)

# Leading words stripped from mentions ("l'OTAN" → "OTAN", "the Pentagon" → "Pentagon").
LEADING_DETERMINERS = (
    "l'",
    "l’",
    "d'",
    "d’",
    "le ",
    "la ",
    "les ",
    "du ",
    "des ",
    "de ",
    "au ",
    "aux ",
    "the ",
    "der ",
    "die ",
    "das ",
    "den ",
    "dem ",
    "des ",
    "il ",
    "lo ",
    "gli ",
    "i ",
    "del ",
    "della ",
    "dei ",
    "dell'",
    "dell’",
    "all'",
    "all’",
    "el ",
    "los ",
    "las ",
)

# Capitalised words that are never names on their own (sentence starters, pronouns, …).
NOT_NAMES = word_set(
    """
    le la les un une des ce cette ces il elle ils elles on nous vous je tu mais et ou donc or
    ni car si quand alors depuis selon pour par avec sans dans sur sous lors après avant c'est
    c’est d'ailleurs d’ailleurs evidemment évidemment au aux du en tous toutes tout lire plus
    faux source partager cet article voir aussi the a an this that these those he she it they
    we you i but and or so if when then since according for with without in on at by after
    before while as his her their our my read more see also share der die das ein eine dieser
    diese dieses er sie es wir ihr ich aber und oder wenn dann seit laut für mit ohne im am
    auf nach vor während als sein seine ihre unser mehr lesen il lo la gli le uno una questo
    questa quello quella egli lei loro noi voi io ma e o se quando poi da secondo per con
    senza nel nella sul sulla dopo prima mentre come ten ta to te ci ona on oni my wy ja ale i
    lub albo jeśli gdy kiedy potem od według dla z bez w na po przed podczas jak jego jej ich
    nasz więcej czytaj
    """
)

# Nouns that make a number a check-worthy quantity, grouped by what the claim is about.
QUANTITY_NOUNS: dict[str, str] = {
    "casualties": r"morts?|tu[ée]s|bless[ée]s|victimes|d[ée]c[èe]s|dead|killed|deaths|"
    r"wounded|injured|casualties|victims|tote|toten|getötet|verletzte|verletzten|opfer|"
    r"morti|uccisi|feriti|vittime|zabitych|zabici|rannych|ofiar|zgin[eę][lł]o|погибш\w*|"
    r"убит\w*|ранен\w*|жертв\w*",
    "military": r"militaires|soldats|troupes|effectifs|combattants|hommes|marines|officiers|"
    r"agents|commandos|gi's|soldiers|troops|servicemen|personnel|fighters|militants|"
    r"soldaten|truppen|kämpfer|soldati|truppe|militari|combattenti|żołnierzy|żołnierze|"
    r"bojowników|военн\w*|солдат\w*|бойц\w*|военнослужащ\w*",
    "equipment": r"v[ée]hicules|chars|drones|missiles|roquettes|avions|h[ée]licopt[èe]res|"
    r"frappes|raids|attaques|bases|vehicles|tanks|rockets|aircraft|helicopters|strikes|"
    r"attacks|panzer|raketen|drohnen|angriffe|carri|razzi|attacchi|czołgów|rakiet|dronów|"
    r"ataków|танк\w*|ракет\w*|дрон\w*|удар\w*|атак\w*",
    "money": r"dollars?|euros?|livres|roubles?|\$|€|£|usd|eur|milliards? de dollars|"
    r"pétrodollars|dollari|dolarów|złotych|zł|долларов|рублей|евро|dólares",
    "people": r"personnes|civils|habitants|r[ée]fugi[ée]s|prisonniers|otages|manifestants|"
    r"people|civilians|residents|refugees|prisoners|hostages|protesters|menschen|zivilisten|"
    r"flüchtlinge|persone|civili|profughi|osób|ludzi|cywilów|uchodźców|человек|мирных|"
    r"беженцев|пленных",
    "share": r"%|pour ?cent|percent|per cent|prozent|per cento|procent\w*|процент\w*",
}
