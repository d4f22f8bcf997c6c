"""A small corpus with two stories, for the web's stories tests (API, pages, browser).

Five hand-built analyses, no model loaded: one story told in French and in English by
two outlets (the same president, minister and places, as each language writes them); one
told by an outlet whose title, name and outlet are XSS payloads and by another; one
unrelated article. Names are what join them here (no sentence vectors are cached), so
the expected scores are plain: two articles giving the same names score 1.
"""

from __future__ import annotations

from pathlib import Path

from spinscope.article import Analysis, Entity, LabelScore, Mention, ParagraphTechniques, Place
from spinscope.ingest import article_from_text
from spinscope.store import open_store

STAGES = ["language", "segment", "techniques", "genre", "entities", "places"]

HOSTILE_TITLE = (
    "<script>window.__pwned_story=1</script>Kherson <img src=x onerror=window.__pwned_img=1>"
)
HOSTILE_NAME = "<img src=x onerror=window.__pwned_name=1>Azov"
HOSTILE_SOURCE = "<b onmouseover=window.__pwned_source=1>Evil Wire</b>"
AMBIGUOUS_PREFIX = "c0ffee"  # two stored ids start with it

FRENCH_TEXT = """Bagdad : Barham Saleh reçoit Mevlüt Çavuşoğlu

Le président irakien Barham Saleh a reçu samedi à Bagdad le ministre turc Mevlüt Çavuşoğlu.

Selon la présidence, l'Irak refuse que son territoire serve de base à des attaques.

Les deux hommes ont parlé de l'eau du Tigre, un dossier brûlant pour l'Irak."""

ENGLISH_TEXT = """Barham Salih hosts Mevlut Cavusoglu in Baghdad

Iraqi president Barham Salih received Turkish foreign minister Mevlut Cavusoglu in Baghdad.

Iraq will not let its territory be used for attacks, the presidency said.

The two men discussed the waters of the Tigris, a burning issue for Iraq."""

HOSTILE_TEXT = f"""Les combattants de {HOSTILE_NAME} tiennent Kherson.

Volodymyr Zelensky salue la défense de Kherson, en Ukraine."""

PARTNER_TEXT = f"""Zelensky in Kherson

Volodymyr Zelensky visited Kherson, where {HOSTILE_NAME} fighters hold the line.

Ukraine says the front is stable."""

UNRELATED_TEXT = """Lyon wins the derby

Olympique Lyonnais beat Saint-Étienne two goals to nil in Lyon on Sunday."""

FILLER_TEXT = """Weather

Rain all week."""


def _mentions(body: str, written: str) -> list[Mention]:
    start = body.index(written)
    return [Mention(start=start, end=start + len(written), text=written)]


def story_analysis(
    text: str,
    *,
    source: str,
    language: str,
    published: str | None = None,
    genre: str | None = None,
    people: tuple[tuple[str, str], ...] = (),
    organisations: tuple[str, ...] = (),
    places: tuple[tuple[str, int, str], ...] = (),
    flagged: tuple[tuple[str, ...], ...] = (),
    title: str | None = None,
    article_id: str | None = None,
) -> Analysis:
    """An analysis naming people as (written, canonical), organisations as written and
    places as (written, GeoNames id, gazetteer name); ``flagged``: each paragraph's
    techniques."""
    article = article_from_text(
        text, title=title, source=source, language=language, published=published
    )
    if article_id:
        article = article.model_copy(update={"id": article_id})
    body = article.body
    entities = [
        Entity(canonical=canonical, type="person", mentions=_mentions(body, written))
        for written, canonical in people
    ]
    entities += [
        Entity(canonical=name, type="organisation", mentions=_mentions(body, name))
        for name in organisations
    ]
    return Analysis(
        article=article,
        entities=entities,
        places=[
            Place(
                name=written,
                status="resolved",
                geonames_id=geonames_id,
                gazetteer_name=gazetteer,
                latitude=0.0,
                longitude=0.0,
                mentions=_mentions(body, written),
            )
            for written, geonames_id, gazetteer in places
        ],
        paragraph_techniques=[
            ParagraphTechniques(paragraph=i, labels=[LabelScore(label=t, score=0.9) for t in ts])
            for i, ts in enumerate(flagged)
            if ts
        ],
        genre=LabelScore(label=genre, score=0.8) if genre else None,
        stages=STAGES,
    )


def story_analyses() -> dict[str, Analysis]:
    """The corpus by role: french, english (one story), hostile, partner (another),
    unrelated and filler (no story; their ids share ``AMBIGUOUS_PREFIX``)."""
    return {
        "french": story_analysis(
            FRENCH_TEXT,
            source="Le Courrier du Golfe",
            language="fr",
            published="2020-11-14",
            genre="reporting",
            people=(("Barham Saleh", "Barham Salih"), ("Mevlüt Çavuşoğlu", "Mevlut Cavusoglu")),
            places=(("Bagdad", 98182, "Baghdad"), ("Irak", 99237, "Iraq")),
            flagged=(("Loaded_Language",), ("Loaded_Language", "Doubt"), ()),
        ),
        "english": story_analysis(
            ENGLISH_TEXT,
            source="Gulf Wire",
            language="en",
            published="2020-11-15",
            genre="reporting",
            people=(("Barham Salih", "Barham Salih"), ("Mevlut Cavusoglu", "Mevlut Cavusoglu")),
            places=(("Baghdad", 98182, "Baghdad"), ("Iraq", 99237, "Iraq")),
            flagged=((), ("Appeal_to_Authority",), ()),
        ),
        "hostile": story_analysis(
            HOSTILE_TEXT,
            title=HOSTILE_TITLE,
            source=HOSTILE_SOURCE,
            language="fr",
            published="2021-03-02",
            genre="opinion",
            people=(("Volodymyr Zelensky", "Volodymyr Zelensky"),),
            organisations=(HOSTILE_NAME,),
            places=(("Kherson", 706448, "Kherson"), ("Ukraine", 690791, "Ukraine")),
            flagged=(("Name_Calling-Labeling",),),
        ),
        "partner": story_analysis(
            PARTNER_TEXT,
            source="Kyiv Daily",
            language="en",
            published="2021-03-03",
            genre="reporting",
            people=(("Volodymyr Zelensky", "Volodymyr Zelensky"),),
            organisations=(HOSTILE_NAME,),
            places=(("Kherson", 706448, "Kherson"), ("Ukraine", 690791, "Ukraine")),
        ),
        "unrelated": story_analysis(
            UNRELATED_TEXT,
            source="Sports Daily",
            language="en",
            published="2021-05-02",
            genre="reporting",
            organisations=("Olympique Lyonnais",),
            places=(("Lyon", 2996944, "Lyon"),),
            article_id=AMBIGUOUS_PREFIX + "0000000001",
        ),
        "filler": story_analysis(
            FILLER_TEXT,
            source="Sports Daily",
            language="en",
            published="2021-05-03",
            genre="reporting",
            article_id=AMBIGUOUS_PREFIX + "0000000002",
        ),
    }


def story_store(db: Path) -> dict[str, Analysis]:
    """A store file at ``db`` holding ``story_analyses()``; returns them by role."""
    analyses = story_analyses()
    with open_store(db) as store:
        for analysis in analyses.values():
            store.put(analysis)
    return analyses
