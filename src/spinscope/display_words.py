"""The words around the labels, in the labels' language: the report's and the web reader's.

The report and the web reader name techniques, genres and frames in the
article's language (French for a French article; the report also takes
``--lang``). Their headings, column names, help texts and the codes the
extractors store (an entity's type, a date's precision, a place's status)
follow the same language, so a French analyst reads one language throughout.
Codes stay codes in the stored document, the API and exports: only their
display changes. Words with no French entry are shown as they are. The web
workbench's other pages (lists, dashboard, map, forms) use the same words in
the analyst's language (``spinscope.web.ui_language``).
"""

from __future__ import annotations

LANGUAGES = ("en", "fr")  # what the report, the CLI's views and the workbench speak


def spoken(tag: str | None) -> str | None:
    """``fr`` for ``fr``, ``fr-CH`` or ``fr_FR.UTF-8``, when it is one of ``LANGUAGES``;
    else None, so each caller picks its own fallback (English, the locale's, the browser's)."""
    base = (tag or "").split(".")[0].replace("_", "-").split("-")[0].strip().lower()
    return base if base in LANGUAGES else None


# Said under --explain: what the number beside a technique means, as measured by
# benchmarks/bench_reliability.py (out of fold, flags in the 0.7–0.8 band were right
# 0.794 of the time) and by ``spinscope evaluate`` on any labelled split.
SCORE_NOTE = (
    "A technique's score is about the chance that it is really there: in cross-validation, "
    "flags scored 0.7 were right about 7 times in 10."
)
# ... with the model card's own figure for the article's language, where it has one
MEASURED_SCORE_NOTE = (
    "A technique's score is about the chance that it is really there: in cross-validation "
    "on this language's articles, flags scored 0.7 to 0.8 were right {n} times in 100."
)
# ... and for a language without training data (benchmarks/results/reliability.md, each
# training language held out in turn: 0.404 to 0.774 of the flags scored 0.7–0.8 right).
UNSEEN_SCORE_NOTE = (
    "This language has no training data, and its scores overstate the chance that a "
    "technique is there: with each training language held out in turn, flags scored "
    "0.7 to 0.8 were right 40 to 77 times in 100."
)

FRENCH: dict[str, str] = {
    # header
    "outlet": "média",
    "date": "date",
    "language": "langue",
    "author": "auteur",
    "genre": "genre",
    "frames": "cadrages",
    "in the title": "dans le titre",
    "title": "titre",
    "read against {n} stored articles in its language": "lu par rapport à {n} articles "
    "stockés dans sa langue",
    "url": "url",
    "read from": "lu depuis",
    "id": "id",
    "paragraphs": "paragraphes",
    "stages": "étapes",
    "(untitled)": "(sans titre)",
    # sections
    "Set apart from the body": "Hors du corps de l’article",
    "Text": "Texte",
    "Entities": "Entités",
    "Places": "Lieux",
    "Dates": "Dates",
    "Quotes": "Citations",
    "Claims": "Affirmations chiffrées",
    "none found": "aucun résultat",
    # what the reader set apart
    "caption": "légende",
    "credit": "crédit",
    "link": "lien",
    "boilerplate": "texte récurrent",
    "header": "en-tête",
    "source": "source",
    # columns
    "entity": "entité",
    "known as": "nom de référence",
    "type": "type",
    "mentions": "mentions",
    "also written": "autres graphies",
    "place": "lieu",
    "where": "coordonnées",
    "country": "pays",
    "kind": "nature",
    "as written": "tel qu’écrit",
    "precision": "précision",
    "speaker": "locuteur",
    "quote": "citation",
    "claim": "affirmation",
    # cells
    "person": "personne",
    "organisation": "organisation",
    "other": "autre",
    "ambiguous: ": "ambigu : ",  # French sets a space before a colon
    "doubtful: ": "douteux : ",
    "?": " ?",  # and before a question mark
    "unknown": "inconnu",
    "unresolved": "non résolue",
    "day": "jour",
    "month": "mois",
    "year": "année",
    "datetime": "date et heure",
    "date:unknown": "indéterminée",  # a date's precision, not a place's status
    "relative": "relative",
    "year inferred": "année déduite",
    "direct": "directe",
    "reported": "rapportée",
    "unattributed": "non attribuée",
    "anonymous: ": "anonyme : ",
    "sourced": "sourcée",
    "unsourced": "sans source",
    "casualties": "victimes",
    "military": "effectifs militaires",
    "equipment": "matériel",
    "money": "argent",
    "people": "personnes",
    "share": "proportion",
    "city": "ville",
    "admin": "division administrative",
    "continent": "continent",
    "base": "base",
    "district": "district",
    "crossing": "point de passage",
    "camp": "camp",
    "site": "site",
    "region": "région",
    "sea": "mer",
    "river": "fleuve",
    "strait": "détroit",
    "canal": "canal",
    # the web reader (article and "Analyse a text" pages)
    "resolved": "localisé",
    "ambiguous": "ambigu",
    "Outlet": "Média",
    "Published": "Publication",
    "Language": "Langue",
    "Author": "Auteur",
    "URL": "URL",
    "Not a web address: shown as text, never as a link": (
        "Pas une adresse web : affichée comme texte, jamais comme lien"
    ),
    "Highlight categories": "Catégories à surligner",
    "Show": "Afficher",
    "All": "Tout",
    "The techniques stage did not run on this article: nothing is highlighted.": (
        "L’étape des techniques n’a pas été exécutée sur cet article : rien n’est surligné."
    ),
    "Click or focus a highlighted phrase for its explanation. Keys:": (
        "Cliquez sur un passage surligné (ou placez-y le focus) pour en lire l’explication."
        " Touches :"
    ),
    "next finding": "constat suivant",
    "previous": "précédent",
    "close": "fermer",
    "Paragraph": "Paragraphe",
    "Link to paragraph": "Lien vers le paragraphe",
    "Techniques in paragraph": "Techniques du paragraphe",
    "Techniques in the title": "Techniques du titre",
    "Separated from the body": "Hors du corps de l’article",
    "captions, credits and links the reader set apart; not analysed": (
        "légendes, crédits et liens mis à part à la lecture ; non analysés"
    ),
    "Analysis": "Analyse",
    "No genre decided.": "Aucun genre retenu.",
    "short text: genre uncertain": "texte court : genre incertain",
    "by paragraph": "par paragraphe",
    "A wide area: the point is only its rough centre": (
        "Zone étendue : le point n’en est que le centre approximatif"
    ),
    "How each paragraph reads on its own; their mean makes half of the genre.": (
        "Comment chaque paragraphe se lit seul ; leur moyenne fait la moitié du genre."
    ),
    "Training articles this short are often satire: the genre leans that way for the length "
    "alone.": "Les articles d’entraînement aussi courts sont souvent satiriques : le genre "
    "penche de ce côté par la seule longueur.",
    "Not analysed (genre stage not run).": "Non analysé (étape genre non exécutée).",
    "Frames": "Cadrages",
    "No frame above threshold.": "Aucun cadrage au-dessus du seuil.",
    "Not analysed (frames stage not run).": "Non analysé (étape cadrages non exécutée).",
    "phrases": "passages",
    "No technique phrases.": "Aucun passage relevé.",
    "Not analysed (techniques stage not run).": ("Non analysé (étape techniques non exécutée)."),
    "Findings": "Constats",
    "in reading order": "dans l’ordre de lecture",
    SCORE_NOTE: (
        "Le score d’une technique est à peu près la chance qu’elle soit vraiment là : en "
        "validation croisée, les repérages notés 0,7 étaient justes environ 7 fois sur 10."
    ),
    "paragraph score": "score du paragraphe",
    MEASURED_SCORE_NOTE: (
        "Le score d’une technique est à peu près la chance qu’elle soit vraiment là : en "
        "validation croisée sur les articles de cette langue, les repérages notés 0,7 à 0,8 "
        "étaient justes {n} fois sur 100."
    ),
    UNSEEN_SCORE_NOTE: (
        "Cette langue n’a pas de données d’entraînement, et ses scores surestiment la chance "
        "qu’une technique soit là : chaque langue d’entraînement tenue à l’écart à son tour, "
        "les repérages notés 0,7 à 0,8 étaient justes 40 à 77 fois sur 100."
    ),
    "phrase score: how strongly the model points at these words": (
        "score du passage : à quel point le modèle désigne ces mots"
    ),
    "phrase": "passage",
    "approximate": "approximatif",
    # beside a pointer no word (or sentence) of its paragraph earned (``approximate``)
    "Approximate: nothing in this paragraph reached this technique's threshold; the passage "
    "is the model's best guess.": (
        "Emplacement approximatif : dans ce paragraphe, rien n’atteint le seuil de cette "
        "technique ; le passage est la meilleure supposition du modèle."
    ),
    "characters": "caractères",
    "the name it has in every language": "son nom de référence, le même dans toutes les langues",
    "Stages:": "Étapes :",
    # beside a stage whose stored findings came from other models than the installed ones
    "other models than those installed": "autres modèles que ceux installés",
    "To analyse these stages again with the installed models:": (
        "Pour refaire ces étapes avec les modèles installés :"
    ),
    "Article id": "Identifiant de l’article",
    "Finding": "Constat",
    "Finding {n} of {total}": "Constat {n} sur {total}",
    " · {k} overlap here": " · {k} se chevauchent ici",
    "Previous finding (k)": "Constat précédent (k)",
    "Next finding (j)": "Constat suivant (j)",
    "Close (Esc)": "Fermer (Échap)",
    # every page: navigation, search box, footer
    "Skip to content": "Aller au contenu",
    "spinscope home": "accueil de spinscope",
    "Main": "Navigation principale",
    "Articles": "Articles",
    "Analyse a text": "Analyser un texte",
    "Dashboard": "Tableau de bord",
    "Map": "Carte",
    "Search articles": "Chercher dans les articles",
    "Search articles…": "Chercher dans les articles…",
    "Language of the workbench": "Langue de l’interface",
    "This page as JSON": "Cette page en JSON",
    "Taxonomy: SemEval-2023 Task 3": "Taxonomie : SemEval-2023 Task 3",
    "Breadcrumb": "Fil d’Ariane",
    # the article list
    "Filters": "Filtres",
    "Category": "Catégorie",
    "Technique": "Technique",
    "Frame": "Cadrage",
    "from": "du",
    "to": "au",
    "Apply": "Appliquer",
    "remove filter": "retirer le filtre",
    "remove": "retirer",
    "Full-text search": "Recherche plein texte",
    'Words, "a phrase", prefix*, a OR b, -exclude': (
        'Mots, "une expression", préfixe*, a OR b, -exclure'
    ),
    "Search": "Chercher",
    "Active filters": "Filtres actifs",
    "text: ": "texte : ",
    ": ": " : ",
    "Clear all": "Tout effacer",
    "article": "article",
    "articles": "articles",
    "page {n} of {total}": "page {n} sur {total}",
    "Page {n} of {total}": "Page {n} sur {total}",
    "Export: ": "Exporter : ",
    "CSV (findings)": "CSV (constats)",
    "+{n} more": "+{n} autres",
    "No article matches.": "Aucun article ne correspond.",
    "The store is empty: add articles with": "La base est vide : ajoutez des articles avec",
    "or": "ou",
    "analyse a text": "analysez un texte",
    "Pages": "Pages",
    "Previous": "Précédente",
    "Next": "Suivante",
    # the dashboard
    "Corpus dashboard": "Tableau de bord du corpus",
    "paragraph": "paragraphe",
    "matching the filters": "correspondant aux filtres",
    "A rate is the share of paragraphs flagged with a technique (or any technique of a "
    "category), comparable across outlets with articles of different lengths.": (
        "Un taux est la part des paragraphes où une technique (ou une technique de la "
        "catégorie) est relevée : il se compare d’un média à l’autre, quelle que soit la "
        "longueur de leurs articles."
    ),
    "From": "Du",
    "To": "Au",
    "any": "tous",
    "Reset": "Réinitialiser",
    "No analysed article matches these filters.": (
        "Aucun article analysé ne correspond à ces filtres."
    ),
    "No analysed articles.": "Aucun article analysé.",
    "Category rates by outlet": "Taux par catégorie et par média",
    "Share of each outlet's paragraphs using at least one technique of the category": (
        "Part des paragraphes de chaque média qui emploient au moins une technique de la catégorie"
    ),
    "(the {n} outlets with most articles)": "(les {n} médias qui ont le plus d’articles)",
    "outlet without technique analysis not drawn.": (
        "média sans analyse des techniques, non représenté."
    ),
    "outlets without technique analysis not drawn.": (
        "médias sans analyse des techniques, non représentés."
    ),
    "Category rates over time": "Taux par catégorie au fil du temps",
    "Needs technique-analysed articles from at least two months (found: {n})": (
        "Il faut des articles analysés (techniques) sur au moins deux mois (trouvés : {n})"
    ),
    "month with dated articles but no technique analysis": (
        "mois avec des articles datés mais sans analyse des techniques"
    ),
    "months with dated articles but no technique analysis": (
        "mois avec des articles datés mais sans analyse des techniques"
    ),
    "Per month of publication; each category has its own colour, dash pattern and marker shape.": (
        "Par mois de publication ; chaque catégorie a sa couleur, son tracé et sa forme de "
        "marqueur."
    ),
    "Technique rates by outlet": "Taux par technique et par média",
    "Share of paragraphs flagged with each technique; darker is more frequent. Click a "
    "technique for its articles.": (
        "Part des paragraphes où chaque technique est relevée ; plus c’est foncé, plus elle est "
        "fréquente. Cliquez sur une technique pour voir ses articles."
    ),
    "Top phrases per technique": "Passages les plus fréquents par technique",
    "most frequent techniques": "techniques les plus fréquentes",
    "No phrases.": "Aucun passage.",
    "(unknown)": "(inconnu)",
    "of paragraphs": "des paragraphes",
    # the map
    "Places mentioned": "Lieux cités",
    "resolved place": "lieu localisé",
    "resolved places": "lieux localisés",
    "in articles matching the filters": "dans les articles correspondant aux filtres",
    "Clusters split as you zoom; a marker lists the articles that mention the place.": (
        "Les groupes se séparent quand on zoome ; un marqueur liste les articles qui citent"
        " le lieu."
    ),
    "Map of places": "Carte des lieux",
    "Zoom in": "Zoomer",
    "Zoom out": "Dézoomer",
    "Place": "Lieu",
    "Country": "Pays",
    "Examples": "Exemples",
    "No resolved places yet (the places stage geocodes them).": (
        "Aucun lieu localisé pour l’instant (l’étape des lieux les géocode)."
    ),
    # the "Analyse a text" form
    "show the form": "afficher le formulaire",
    "Paste an article or upload a file (.txt, .html). It is analysed with": (
        "Collez un article ou envoyez un fichier (.txt, .html). Il est analysé avec"
    ),
    "every pipeline stage": "toutes les étapes",
    "the stages": "les étapes",
    "and shown below; it is stored only if you ask.": (
        "et affiché ci-dessous ; il n’est enregistré que si vous le demandez."
    ),
    "first line is the title unless given below": (
        "la première ligne est le titre, sauf s’il est donné plus bas"
    ),
    "or upload a file": "ou envoyez un fichier",
    "or a web address": "ou une adresse web",
    "closed on this server": "fermé sur ce serveur",
    "fetched by the server": "récupérée par le serveur",
    "Title": "Titre",
    "detect": "détecter",
    "French": "Français",
    "English": "Anglais",
    "German": "Allemand",
    "Italian": "Italien",
    "Polish": "Polonais",
    "Russian": "Russe",
    "Storing is closed on this server (it listens beyond localhost without a token).": (
        "L’enregistrement est fermé sur ce serveur (il écoute au-delà de localhost sans jeton)."
    ),
    "Store it in the corpus": "L’enregistrer dans le corpus",
    "Token": "Jeton",
    "Analyse": "Analyser",
    "Analysed, not stored.": "Analysé, non enregistré.",
    "Tick “Store it in the corpus” above to keep it.": (
        "Cochez « L’enregistrer dans le corpus » ci-dessus pour le garder."
    ),
    # the CLI's corpus views (search, stats)
    "matches": "correspond à",
    "match": "correspondent à",
    "(showing {shown})": "(affichés : {shown})",
    "(none)": "(aucun)",
    "no stored articles match": "aucun article enregistré ne correspond",
    "categories (share of paragraphs)": "catégories (part des paragraphes)",
    "top techniques": "techniques les plus fréquentes",
    # the taxonomy page
    "Taxonomy": "Taxonomie",
    "The 23 persuasion techniques of SemEval-2023 Task 3 in their 6 categories, the 14 "
    "frames and the 3 genres, with the definitions every finding is explained with and a "
    "short example of each, written for spinscope. The code beside each name is what "
    "filters, exports and the API use.": (
        "Les 23 techniques de persuasion de SemEval-2023 Task 3 dans leurs 6 catégories, les "
        "14 cadrages et les 3 genres, avec les définitions qui expliquent chaque constat et un "
        "court exemple de chacun, écrit pour spinscope. Le code à côté de chaque nom est celui "
        "qu’emploient les filtres, les exports et l’API."
    ),
    "Contents": "Sommaire",
    "Genres": "Genres",
    "Example": "Exemple",
    "an example": "un exemple",
    "The angles from which an article presents its topic (several per article).": (
        "Les angles sous lesquels un article présente son sujet (plusieurs par article)."
    ),
    "The kind of article (one per article).": "Le type d’article (un par article).",
    # error pages
    "Error": "Erreur",
    "Not found": "Introuvable",
    "Something went wrong": "Une erreur est survenue",
    # stories (``spinscope related`` / ``spinscope stories``)
    "Articles alike": "Articles proches",
    "not stored": "non enregistré",
    "score": "score",
    "shared names": "noms communs",
    "Story": "Sujet",
    "outlets": "médias",
    "cohesion": "cohésion",
    "Cannot do that": "Impossible",
    "Back to the articles": "Retour aux articles",
    # web: stories
    "Stories": "Sujets",
    "story": "sujet",
    "stories": "sujets",
    "among": "parmi",
    "stored article": "article enregistré",
    "stored articles": "articles enregistrés",
    "Articles tell one story when they name the same rare people, organisations and places "
    "and read alike, in any language; each outlet’s row shows how it told it.": (
        "Des articles traitent un même sujet quand ils citent les mêmes personnes, "
        "organisations et lieux peu courants et se lisent de façon proche, dans n’importe "
        "quelle langue ; la ligne de chaque média montre comment il l’a traité."
    ),
    "Threshold": "Seuil",
    "Score two articles need to tell one story (higher: tighter stories).": (
        "Score qu’il faut à deux articles pour former un même sujet (plus haut : des sujets "
        "plus resserrés)."
    ),
    "Smallest story": "Plus petit sujet",
    "Days apart": "Jours d’écart",
    "Outlets at least": "Médias au moins",
    "Only stories told by at least this many outlets.": (
        "Seulement les sujets traités par au moins ce nombre de médias."
    ),
    "Dated articles further apart are never in one story (0: no limit).": (
        "Deux articles datés plus éloignés ne sont jamais dans un même sujet (0 : sans limite)."
    ),
    "No story on this page.": "Aucun sujet sur cette page.",
    "No story: no two stored articles tell the same news at this threshold.": (
        "Aucun sujet : aucune paire d’articles enregistrés ne rapporte la même nouvelle à ce seuil."
    ),
    "Mean score of every pair of its articles": "Score moyen de toutes ses paires d’articles",
    "Shared names": "Noms communs",
    "How each outlet told it": "Comment chaque média l’a traité",
    "Top techniques": "Techniques les plus fréquentes",
    "share of paragraphs": "part des paragraphes",
    "Related coverage": "Même sujet ailleurs",
    "the same story in other articles": "le même sujet dans d’autres articles",
    "Comparing with the stored articles…": "Comparaison avec les articles enregistrés…",
    "Reload": "Recharger",
    "similarity: rare names both give and closeness of their wording, 0 to 1": (
        "proximité : noms peu courants cités par les deux et ressemblance du texte, de 0 à 1"
    ),
    "No other stored article tells this story.": (
        "Aucun autre article enregistré ne traite ce sujet."
    ),
    "All stories": "Tous les sujets",
}


def noun(count: int, singular: str, plural: str, lang: str) -> str:
    """The form of a counted noun: French takes the singular for 0 and 1, English for 1."""
    one = count <= 1 if lang == "fr" else count == 1
    return word(singular if one else plural, lang)


# French sets a space before « : ; ? ! » and inside « »; a web page must not break a line
# there (a colon alone at the start of a line). A narrow no-break space before ; ? ! and a
# no-break space before : and inside guillemets, as French typography has it.
_FRENCH_SPACES = (
    (" :", "\u00a0:"),
    (" ;", "\u202f;"),
    (" ?", "\u202f?"),
    (" !", "\u202f!"),
    ("« ", "«\u00a0"),
    (" »", "\u00a0»"),
)


def typeset(text: str, lang: str) -> str:
    """``text`` with French no-break spaces where ``lang`` is French (for HTML; the terminal
    report keeps plain spaces, which copy and search as typed)."""
    if lang != "fr":
        return text
    for plain, unbreakable in _FRENCH_SPACES:
        text = text.replace(plain, unbreakable)
    return text


def word(text: str, lang: str, context: str = "") -> str:
    """``text`` (an English report word or a stored code) as shown in ``lang``; a
    ``context`` entry (``"date:unknown"``) wins where French must agree or differ."""
    if lang != "fr":
        return text
    return FRENCH.get(f"{context}:{text}", FRENCH.get(text, text))
