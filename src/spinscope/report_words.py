"""The terminal report's own words, in the language of its labels.

The report names techniques, genres and frames in the article's language
(French for a French article) or in ``--lang``; its headings, column names and
the codes the extractors store (an entity's type, a date's precision, a claim's
category) follow the same language, so a French analyst reads one language
throughout. Codes stay codes in the stored document, the API and exports: only
their display changes. Words with no French entry are shown as they are.
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
}


def word(text: str, lang: str, context: str = "") -> str:
    """``text`` (an English report word or a stored code) as shown in ``lang``; a
    ``context`` entry (``"date:unknown"``) wins where French must agree or differ."""
    if lang != "fr":
        return text
    return FRENCH.get(f"{context}:{text}", FRENCH.get(text, text))
