"""The words around the labels, in the labels' language: the report's and the web reader's.

The report and the web reader name techniques, genres and frames in the
article's language (French for a French article; the report also takes
``--lang``). Their headings, column names, help texts and the codes the
extractors store (an entity's type, a date's precision, a place's status)
follow the same language, so a French analyst reads one language throughout.
Codes stay codes in the stored document, the API and exports: only their
display changes. Words with no French entry are shown as they are. The
corpus pages (lists, dashboard, map) span many languages and stay English.
"""

from __future__ import annotations

FRENCH: dict[str, str] = {
    # header
    "outlet": "média",
    "date": "date",
    "language": "langue",
    "author": "auteur",
    "genre": "genre",
    "frames": "cadrages",
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
    "Separated from the body": "Hors du corps de l’article",
    "captions, credits and links the reader set apart; not analysed": (
        "légendes, crédits et liens mis à part à la lecture ; non analysés"
    ),
    "Analysis": "Analyse",
    "No genre decided.": "Aucun genre retenu.",
    "Not analysed (genre stage not run).": "Non analysé (étape genre non exécutée).",
    "Frames": "Cadrages",
    "No frame above threshold.": "Aucun cadrage au-dessus du seuil.",
    "Not analysed (frames stage not run).": "Non analysé (étape cadrages non exécutée).",
    "phrases": "passages",
    "No technique phrases.": "Aucun passage relevé.",
    "Not analysed (techniques stage not run).": ("Non analysé (étape techniques non exécutée)."),
    "Findings": "Constats",
    "in reading order": "dans l’ordre de lecture",
    "paragraph score": "score du paragraphe",
    "phrase score: how strongly the model points at these words": (
        "score du passage : à quel point le modèle désigne ces mots"
    ),
    "phrase": "passage",
    "characters": "caractères",
    "the name it has in every language": "son nom de référence, le même dans toutes les langues",
    "Stages:": "Étapes :",
    "Article id": "Identifiant de l’article",
    "Finding": "Constat",
    "Finding {n} of {total}": "Constat {n} sur {total}",
    " · {k} overlap here": " · {k} se chevauchent ici",
    "Previous finding (k)": "Constat précédent (k)",
    "Next finding (j)": "Constat suivant (j)",
    "Close (Esc)": "Fermer (Échap)",
}


def word(text: str, lang: str, context: str = "") -> str:
    """``text`` (an English report word or a stored code) as shown in ``lang``; a
    ``context`` entry (``"date:unknown"``) wins where French must agree or differ."""
    if lang != "fr":
        return text
    return FRENCH.get(f"{context}:{text}", FRENCH.get(text, text))
