"""Language identification: articles, foreign paragraphs, and honest None."""

from __future__ import annotations

import pytest

from spinscope.article import Analysis
from spinscope.ingest import article_from_text
from spinscope.language import detect_language, language_stage, paragraph_language

SAMPLES = {
    "fr": "Le gouvernement a encore menti aux Français sur le coût réel de cette réforme.",
    "en": "The government has once again lied to the public about the real cost of reform.",
    "de": "Die Regierung hat die Bürger erneut über die wahren Kosten der Reform belogen.",
    "it": "Il governo ha mentito ancora una volta ai cittadini sul vero costo della riforma.",
    "pl": "Rząd po raz kolejny okłamał obywateli w sprawie prawdziwych kosztów tej reformy.",
    "ru": "Правительство снова солгало гражданам о реальной стоимости этой реформы.",
    "es": "El gobierno ha vuelto a mentir a los ciudadanos sobre el coste real de la reforma.",
    "uk": "Уряд знову збрехав громадянам про реальну вартість цієї реформи.",
}


@pytest.mark.parametrize(("language", "text"), sorted(SAMPLES.items()))
def test_detects_news_languages(language, text):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "OK", "Faux signal!", "12 345 678", "—  …  »"])
def test_too_little_text_is_none(text):
    assert detect_language(text) is None


def test_paragraph_language_only_when_clearly_different():
    english = (
        "US Rep. Ilhan Omar talks with Speaker of the House Nancy Pelosi during a rally with "
        "fellow Democrats before voting on the East Steps of the US Capitol in Washington."
    )
    assert paragraph_language(english, "fr") == "en"
    assert paragraph_language(english, "en") is None
    assert paragraph_language(SAMPLES["fr"], "fr") is None
    assert paragraph_language("Short English line.", "fr") is None
    assert paragraph_language(english, None) is None


def test_stage_sets_article_and_paragraph_languages():
    article = article_from_text(
        "Titre\n\n"
        "Le ministre a déclaré hier que la situation était sous contrôle, mais personne "
        "ne le croit plus dans les couloirs du ministère.\n\n"
        '"We will never accept these conditions, whatever the pressure from our partners", '
        "the foreign minister told reporters in English during the press conference.\n\n"
        "Les observateurs notent que ce discours tranche avec les promesses faites au printemps.",
    )
    analysis = Analysis(article=article.model_copy(update={"language": None}))
    language_stage(analysis)
    assert analysis.article.language == "fr"
    assert [p.language for p in analysis.article.paragraphs] == [None, "en", None]
    assert analysis.article.id == article.id
    assert analysis.models["language"].startswith("py3langid ")


def test_stage_keeps_a_language_given_by_the_source():
    article = article_from_text("Titre\n\n" + SAMPLES["de"], language="de")
    analysis = Analysis(article=article)
    language_stage(analysis)
    assert analysis.article.language == "de"
