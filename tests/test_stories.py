"""Stories: which stored articles tell one story, across outlets and languages.

Profiles and analyses are built by hand where the point is the arithmetic (names,
centring, grouping); a real ingest into a real store checks that vectors are read from
the store's own cache and that the two commands answer.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from spinscope.article import Entity
from spinscope.cli import app
from spinscope.store import open_store
from spinscope.stories.grouping import group_stories, outlet_views
from spinscope.stories.index import StoryIndex
from spinscope.stories.profile import StoryProfile, load_profiles, profile_of
from web_story_fixtures import story_analysis

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


def _profile(i: int, language: str, keys: dict[str, int], vector=None, **more) -> StoryProfile:
    return StoryProfile(
        id=f"{i:016x}",
        title=f"article {i}",
        source=more.pop("source", "outlet"),
        language=language,
        published=None,
        genre=None,
        keys=keys,
        names={k: k.split(":")[-1] for k in keys},
        vector=vector,
        **more,
    )


IRAQ_FR = (("Irak", 99237, "Iraq"), ("Aïn al-Asad", 900001, "Ain al-Asad Air Base"))
IRAQ_EN = (("Iraq", 99237, "Iraq"), ("Ain al-Asad", 900001, "Ain al-Asad Air Base"))


def test_a_story_has_the_same_names_in_every_language():
    french = story_analysis(
        "Le départ des GI\n\nBarham Saleh nomme un Premier ministre en Irak, loin d'Aïn al-Asad.",
        source="French Press TV",
        language="fr",
        people=(("Barham Saleh", "Barham Salih"),),
        places=IRAQ_FR,
    )
    english = story_analysis(
        "US troops leave\n\nBarham Salih names a prime minister in Iraq, far from Ain al-Asad.",
        source="Wire",
        language="en",
        people=(("Barham Salih", "Barham Salih"),),
        places=IRAQ_EN,
    )
    fr, en = profile_of(french, with_vector=False), profile_of(english, with_vector=False)
    assert set(fr.keys) == set(en.keys) == {"person:barham salih", "geo:99237", "geo:900001"}
    # each article keeps its own spelling for display
    assert fr.names["geo:900001"] == "Aïn al-Asad"
    assert en.names["geo:900001"] == "Ain al-Asad"
    # the places stage ran: its places are not counted twice through the entities
    assert not any(k.startswith("place:") for k in fr.keys)


def test_without_the_places_stage_the_entities_give_the_places():
    analysis = story_analysis(
        "Titre\n\nAïn al-Asad, en Irak.", source="s", language="fr", places=IRAQ_FR
    )
    as_entities = [
        Entity(canonical=gazetteer, type="place", mentions=place.mentions)
        for (_, _, gazetteer), place in zip(IRAQ_FR, analysis.places, strict=True)
    ]
    analysis = analysis.model_copy(
        update={"entities": as_entities, "places": [], "stages": ["entities"]}
    )
    keys = profile_of(analysis, with_vector=False).keys
    assert keys == {"place:iraq": 1, "place:ain al asad air base": 1}


def test_related_puts_shared_rare_names_before_common_ones():
    base = {"geo:6252001": 3}  # the United States, in every article
    profiles = [
        _profile(0, "fr", {**base, "geo:900001": 2, "org:101st airborne division": 1}),
        _profile(1, "en", {**base, "geo:900001": 1, "org:101st airborne division": 2}),
        _profile(2, "en", {**base, "person:joe biden": 4}),
        _profile(3, "de", {**base, "geo:2950159": 2}),
    ]
    related = StoryIndex(profiles).related(profiles[0].id, limit=3)
    assert [r.profile.id for r in related][0] == profiles[1].id
    assert related[0].score > related[1].score > 0
    # rarest first: the base and the division appear once each, the US everywhere
    assert related[0].shared[-1] == "6252001"
    assert set(related[0].shared[:2]) == {"900001", "101st airborne division"}


def test_related_without_enough_score_is_left_out_and_unknown_ids_raise():
    profiles = [_profile(0, "fr", {"geo:1": 1}), _profile(1, "fr", {"geo:2": 1})]
    index = StoryIndex(profiles)
    assert index.related(profiles[0].id, min_score=0.01) == []
    with pytest.raises(KeyError):
        index.related("no such id")


def test_vectors_meet_across_languages_once_each_language_is_centred():
    """The encoder's vectors code the language first: raw, every French article is nearer
    every other French article than the English twin of its story. Centred per language
    (ten articles each), the twin comes first."""
    rng = np.random.default_rng(0)
    offset = {"fr": rng.normal(size=384) * 3, "en": rng.normal(size=384) * 3}
    topics = rng.normal(size=(10, 384))
    profiles = []
    for language in ("fr", "en"):
        for topic in topics:
            noise = rng.normal(size=384) * 0.3
            vector = (offset[language] + topic + noise).astype(np.float32)
            profiles.append(_profile(len(profiles), language, {}, vector))
    raw = np.stack([p.vector for p in profiles])
    raw = raw / np.linalg.norm(raw, axis=1, keepdims=True)
    raw_scores = raw @ raw.T
    np.fill_diagonal(raw_scores, -1)
    assert raw_scores[0].argmax() < 10  # raw: a French article's nearest is French
    index = StoryIndex(profiles)
    for i in range(10):
        assert index.related(profiles[i].id, limit=1)[0].profile.id == profiles[i + 10].id


def test_an_article_without_vector_is_matched_on_names_alone():
    keys = {"geo:900001": 1, "person:myles caggins": 1}
    profiles = [
        _profile(0, "fr", keys, np.ones(384, np.float32)),
        _profile(1, "en", keys),  # no techniques stage: no vector
    ]
    index = StoryIndex(profiles)
    assert index.related(profiles[0].id)[0].score == pytest.approx(1.0, abs=1e-6)


def _two_stories() -> list[StoryProfile]:
    iraq = {"geo:900001": 2, "org:101st airborne division": 1, "geo:99237": 1}
    ukraine = {"geo:703448": 2, "person:volodymyr zelensky": 2}
    return [
        _profile(
            0,
            "fr",
            iraq,
            source="French Press TV",
            paragraphs=4,
            technique_paragraphs={"Loaded_Language": 3, "Name_Calling-Labeling": 2},
        ),
        _profile(
            1, "en", iraq, source="Wire", paragraphs=5, technique_paragraphs={"Loaded_Language": 1}
        ),
        _profile(
            2,
            "fr",
            iraq,
            source="French Press TV",
            paragraphs=4,
            technique_paragraphs={"Loaded_Language": 1, "Doubt": 1},
        ),
        _profile(3, "de", ukraine, source="Klartext"),
        _profile(4, "pl", ukraine, source="Wiadomości"),
        _profile(5, "it", {"person:mario draghi": 1}, source="La Voce"),
    ]


def test_stories_group_each_story_and_leave_loners_out():
    stories = group_stories(StoryIndex(_two_stories()), threshold=0.5)
    assert [len(s.articles) for s in stories] == [3, 2]
    assert {p.id[-1] for p in stories[0].articles} == {"0", "1", "2"}
    assert stories[0].languages == ["en", "fr"]
    assert stories[1].languages == ["de", "pl"]
    assert stories[0].cohesion == pytest.approx(1.0, abs=1e-6)


def test_an_undated_article_does_not_bridge_two_months():
    keys = {"geo:900001": 2, "person:myles caggins": 1}
    profiles = [
        replace(_profile(0, "fr", keys), published="2020-03-01"),
        _profile(1, "en", keys),  # undated: alike both
        replace(_profile(2, "de", keys), published="2020-04-30"),
    ]
    stories = group_stories(StoryIndex(profiles), days=14)
    assert stories, "the undated article still joins one of them"
    for story in stories:
        assert {p.id[-1] for p in story.articles} != {"0", "1", "2"}
        assert not {"0", "2"} <= {p.id[-1] for p in story.articles}
    assert len(group_stories(StoryIndex(profiles), days=None)[0].articles) == 3


def test_stories_told_by_one_outlet_can_be_left_out():
    """To compare outlets, an analyst keeps the stories two outlets or more told."""
    index = StoryIndex(_two_stories())
    assert [len(s.outlets) for s in group_stories(index, threshold=0.5)] == [2, 2]
    assert group_stories(index, threshold=0.5, min_outlets=3) == []
    one_outlet = [replace(p, source="Klartext") for p in _two_stories()]
    assert group_stories(StoryIndex(one_outlet), threshold=0.5, min_outlets=2) == []


def test_each_outlet_of_a_story_gets_its_own_technique_rates():
    views = outlet_views(_two_stories()[:3])
    assert [(v.source, v.articles, v.paragraphs) for v in views] == [
        ("French Press TV", 2, 8),
        ("Wire", 1, 5),
    ]
    assert views[0].technique_rates == {
        "Loaded_Language": 4 / 8,
        "Name_Calling-Labeling": 2 / 8,
        "Doubt": 1 / 8,
    }
    assert views[1].technique_rates == {"Loaded_Language": 1 / 5}


def test_a_round_up_does_not_join_two_stories():
    """A round-up names both stories; each story's own articles are each other's best
    match, so with one neighbour each the round-up is nobody's and the stories stay apart."""
    a = {"geo:1": 2, "geo:2": 2}
    b = {"geo:3": 2, "geo:4": 2}
    profiles = [
        _profile(0, "fr", a),
        _profile(1, "fr", a),
        _profile(2, "fr", b),
        _profile(3, "fr", b),
        _profile(4, "fr", {"geo:1": 1, "geo:3": 1}),
    ]
    stories = group_stories(StoryIndex(profiles), threshold=0.3, neighbours=1)
    assert sorted(sorted(p.id[-1] for p in s.articles) for s in stories) == [
        ["0", "1"],
        ["2", "3"],
    ]


# ------------------------------------------------------------------ commands


def _store_by_hand(db: Path) -> list[str]:
    store = open_store(str(db))
    stored = [
        story_analysis(
            "Débandade américaine\n\nLes GI quittent Aïn al-Asad, en Irak.",
            source="French Press TV",
            language="fr",
            places=IRAQ_FR,
            flagged=(("Loaded_Language",),),
            published="2020-03-18",
        ),
        story_analysis(
            "US troops leave bases\n\nSoldiers left Ain al-Asad, Iraq, on Tuesday.",
            source="Wire",
            language="en",
            places=IRAQ_EN,
            published="2020-03-17",
        ),
        story_analysis(
            "Bollette alle stelle\n\nMario Draghi rinvia il tetto al prezzo del gas.",
            source="La Voce",
            language="it",
            people=(("Mario Draghi", "Mario Draghi"),),
        ),
    ]
    for analysis in stored:
        store.put(analysis)
    store.close()
    return [a.article.id for a in stored]


def test_related_command_lists_the_same_story_in_another_language(tmp_path: Path):
    db = tmp_path / "s.db"
    french, english, _ = _store_by_hand(db)
    runner = CliRunner()
    result = runner.invoke(app, ["related", french[:8], "--db", str(db), "--json"], env=ENV)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["article"]["id"] == french
    assert [r["id"] for r in document["related"]] == [english]
    assert set(document["related"][0]["shared"]) == {"Aïn al-Asad", "Irak"}
    shown = runner.invoke(app, ["related", french, "--db", str(db), "--lang", "fr"], env=ENV)
    assert "US troops leave bases" in shown.output
    assert "noms communs" in shown.output
    missing = runner.invoke(app, ["related", "abcdef12", "--db", str(db)], env=ENV)
    assert missing.exit_code == 2
    assert "no stored article with id 'abcdef12'" in missing.output


def test_stories_command_compares_the_outlets_of_a_story(tmp_path: Path):
    db = tmp_path / "s.db"
    french, english, _ = _store_by_hand(db)
    runner = CliRunner()
    result = runner.invoke(app, ["stories", "--db", str(db), "--json"], env=ENV)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["articles"] == 3
    [story] = document["stories"]
    assert [a["id"] for a in story["articles"]] == [english, french]  # oldest first
    assert (story["first"], story["last"]) == ("2020-03-17", "2020-03-18")
    assert {o["source"] for o in story["outlets"]} == {"French Press TV", "Wire"}
    shown = runner.invoke(app, ["stories", "--db", str(db), "--lang", "fr"], env=ENV)
    assert "Sujet 1 · 2 articles · 2 médias · en, fr · 2020-03-17 → 2020-03-18" in shown.output
    # names spelt as the article in the analyst's language writes them
    assert "noms communs : Aïn al-Asad, Irak" in shown.output
    english = runner.invoke(app, ["stories", "--db", str(db), "--lang", "en"], env=ENV)
    assert "shared names: Ain al-Asad, Iraq" in english.output
    only_italian = runner.invoke(
        app, ["stories", "--db", str(db), "--language", "it", "--json"], env=ENV
    )
    assert json.loads(only_italian.output) == {"articles": 1, "stories": []}


def test_stored_articles_are_matched_on_the_store_own_vectors(tmp_path: Path):
    """A real ingest: the techniques stage caches sentence vectors in the store file, and
    story matching reads them there without embedding anything again."""
    pytest.importorskip("spinscope.persuasion.engine")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "fr.txt").write_text(
        "Les GI fuient Aïn al-Asad\n\nLes troupes américaines ont quitté la base d'Aïn "
        "al-Asad, en Irak, mardi. Les terroristes américains paniquent.\n",
        encoding="utf-8",
    )
    (folder / "en.txt").write_text(
        "US troops leave Ain al-Asad\n\nAmerican troops left the Ain al-Asad air base in "
        "Iraq on Tuesday, officials said.\n",
        encoding="utf-8",
    )
    db = tmp_path / "s.db"
    runner = CliRunner()
    ingested = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--no-progress"])
    assert ingested.exit_code == 0, ingested.output
    from spinscope.persuasion.encoder import VectorCache, set_default_cache

    store = open_store(str(db))
    set_default_cache(VectorCache(db))
    try:
        profiles = load_profiles(store.iter_analyses())
        assert all(p.vector is not None for p in profiles)
        # an empty cache: the vector is missing, and nothing is embedded to make it
        empty = VectorCache(tmp_path / "empty.sqlite")
        set_default_cache(empty)
        assert all(p.vector is None for p in load_profiles(store.iter_analyses()))
        written = sqlite3.connect(tmp_path / "empty.sqlite")
        assert written.execute("SELECT COUNT(*) FROM text_vectors").fetchone() == (0,)
        written.close()
    finally:
        set_default_cache(None)
        store.close()
    related = runner.invoke(app, ["related", profiles[0].id, "--db", str(db), "--json"])
    assert json.loads(related.output)["related"][0]["id"] == profiles[1].id


def test_a_chain_of_likeness_is_not_one_story():
    """A is like B and B like C, but A is nothing like C: average linkage keeps A and C
    out of one story although the three are linked."""
    profiles = [
        _profile(0, "fr", {"geo:1": 1, "geo:2": 1}),
        _profile(1, "fr", {"geo:1": 1, "geo:2": 1, "geo:3": 1, "geo:4": 1}),
        _profile(2, "fr", {"geo:3": 1, "geo:4": 1}),
    ]
    [story] = group_stories(StoryIndex(profiles), threshold=0.5)
    assert len(story.articles) == 2
    assert story.cohesion == pytest.approx(0.5**0.5, abs=1e-6)


def test_the_same_names_a_month_apart_are_two_stories():
    keys = {"geo:900001": 2, "person:myles caggins": 1}
    profiles = [
        replace(_profile(0, "fr", keys), published="2020-03-01"),
        replace(_profile(1, "en", keys), published="2020-03-31T10:00:00"),
    ]
    assert group_stories(StoryIndex(profiles), days=14) == []
    assert len(group_stories(StoryIndex(profiles), days=None)) == 1
    assert len(group_stories(StoryIndex(profiles), days=30)) == 1


def test_related_reads_a_file_to_compare_without_storing_it(tmp_path: Path):
    db = tmp_path / "s.db"
    french, english, italian = _store_by_hand(db)
    article = tmp_path / "nouvel.txt"
    article.write_text(
        "Les GI quittent l'Irak\n\nLes soldats américains ont quitté la base d'Aïn al-Asad, "
        "en Irak, dans la nuit de mardi.\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(app, ["related", str(article), "--db", str(db), "--json"], env=ENV)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["article"]["stored"] is False
    assert document["article"]["title"] == "Les GI quittent l'Irak"
    assert {r["id"] for r in document["related"]} == {french, english}
    assert "Irak" in document["related"][0]["shared"]
    shown = runner.invoke(app, ["related", str(article), "--db", str(db), "--lang", "fr"], env=ENV)
    assert "non enregistré" in shown.output
    # nothing was stored
    store = open_store(str(db))
    try:
        assert store.count() == 3
    finally:
        store.close()


def test_related_on_an_unreadable_file_says_why_in_one_line(tmp_path: Path):
    db = tmp_path / "s.db"
    _store_by_hand(db)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["related", str(empty), "--db", str(db)], env=ENV)
    assert result.exit_code == 2
    assert result.output.strip().endswith("empty.txt: empty file")
    assert len(result.output.strip().splitlines()) == 1
