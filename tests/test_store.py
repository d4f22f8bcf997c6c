"""The SQLite store on real database files: identity, replacement, search, stats."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import build_analysis, rich_analysis
from spinscope.article import Place
from spinscope.store import (
    AmbiguousId,
    Filters,
    StoreError,
    UnsupportedStore,
    open_store,
)
from spinscope.store.migrations import SCHEMA_VERSION


def table_counts(path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        return {
            t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in (
                "articles",
                "findings",
                "paragraph_labels",
                "frames",
                "places",
                "articles_fts",
            )
        }
    finally:
        db.close()


def test_new_file_gets_wal_foreign_keys_and_schema_version(tmp_path):
    path = tmp_path / "new.db"
    with open_store(path) as store:
        assert store.count() == 0
        assert store.migrated_from == 0
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with open_store(path) as store:
        assert store.migrated_from == SCHEMA_VERSION
        assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_put_get_round_trip_keeps_the_whole_document(store):
    analysis = rich_analysis()
    assert store.put(analysis) is True
    loaded = store.get(analysis.article.id)
    assert loaded == analysis
    assert store.get(analysis.article.id[:6]) == analysis
    assert store.get("0000000000000000") is None
    assert store.get("abc") is None  # too short to be a prefix
    assert store.get("'; DROP TABLE articles; --") is None
    assert store.count() == 1


def test_same_article_twice_is_stored_once_and_replaced_atomically(store, tmp_path):
    first = build_analysis(
        ["Une guerre criminelle.", "Rien."],
        techniques=[(0, "guerre criminelle", "Loaded_Language", "manipulative_wording")],
        frames=[("Political", 0.6)],
    )
    assert store.put(first) is True
    before = table_counts(tmp_path / "test.db")
    again = build_analysis(
        ["Une guerre criminelle.", "Rien."],
        techniques=[(1, "Rien", "Doubt", "attack_on_reputation")],
        frames=[("Security_and_defense", 0.8), ("Political", 0.5)],
    )
    assert again.article.id == first.article.id
    assert store.put(again) is False
    after = table_counts(tmp_path / "test.db")
    assert store.count() == 1
    assert after["articles"] == before["articles"] == 1
    assert after["articles_fts"] == 1
    assert after["frames"] == 2
    page = store.search(filters=Filters(technique="Loaded_Language"))
    assert page.total == 0, "old findings must be gone after re-analysis"
    assert store.search(filters=Filters(technique="Doubt")).total == 1
    assert store.get(first.article.id) == again


def test_failed_put_leaves_previous_version_untouched(store, monkeypatch):
    original = build_analysis(
        ["Texte stable."], techniques=[(0, "stable", "Doubt", "attack_on_reputation")]
    )
    store.put(original)
    import spinscope.store.sqlite as sqlite_module

    broken = build_analysis(["Texte stable."])
    real_rows_of = sqlite_module.rows_of

    def rows_with_bad_place(analysis):
        rows = real_rows_of(analysis)
        rows.places.append(("x", "resolved", 1.0, 2.0, None, None))  # wrong arity: fails late
        return rows

    monkeypatch.setattr(sqlite_module, "rows_of", rows_with_bad_place)
    with pytest.raises(sqlite3.Error):
        store.put(broken)
    monkeypatch.undo()
    assert store.get(original.article.id) == original
    assert store.search(filters=Filters(technique="Doubt")).total == 1


def test_delete_removes_every_row(store, tmp_path):
    analysis = rich_analysis()
    store.put(analysis)
    assert store.delete(analysis.article.id) is True
    assert store.delete(analysis.article.id) is False
    assert all(n == 0 for n in table_counts(tmp_path / "test.db").values())
    assert store.search("Syrie").total == 0


def test_ambiguous_prefix_is_a_clear_error(store):
    for i, article_id in enumerate(["abcdef0000000001", "abcdef0000000002"]):
        analysis = build_analysis([f"Article numéro {i}."])
        article = analysis.article.model_copy(update={"id": article_id})
        store.put(analysis.model_copy(update={"article": article}))
    with pytest.raises(AmbiguousId, match="several articles"):
        store.get("abcdef")
    assert store.get("abcdef0000000002").article.body == "Article numéro 1."
    with pytest.raises(AmbiguousId):
        store.get("abcdef00000000")


def test_full_text_search_ignores_accents_and_case_and_gives_plain_snippets(store):
    a = build_analysis(["L'armée syrienne avance vers Deir ez-Zor."], title="Offensive")
    b = build_analysis(["Les marchés européens reculent."], title="Économie", language="en")
    store.put(a)
    store.put(b)
    page = store.search("ARMEE")
    assert [i.id for i in page.items] == [a.article.id]
    hit = page.items[0]
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "armée"
    assert "\x02" not in hit.snippet and "\x03" not in hit.snippet
    assert store.search("economie").items[0].id == b.article.id
    assert store.search('"deir ez-zor"').total == 1
    assert store.search("arm*").total == 1
    assert store.search("armée OR marchés").total == 2
    assert store.search("armée -syrienne").total == 0


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        'a"b"c"',
        "NEAR(a b)",
        "title:armée",
        "a AND",
        "(((",
        "*",
        "-",
        "^x",
        "a:b:c",
        "'); DROP TABLE articles;--",
        "OR OR",
        "\x00",
        "-armée",
    ],
)
def test_hostile_queries_never_raise_sql_errors(store, hostile):
    store.put(build_analysis(["L'armée avance."]))
    try:
        page = store.search(hostile)
    except ValueError as exc:
        assert "sqlite" not in str(exc).lower() and "fts5" not in str(exc).lower()
    else:
        assert page.total >= 0
    assert store.count() == 1


def test_filters_and_facets(store):
    corpus = [
        build_analysis(
            ["Guerre criminelle ici."],
            title="A",
            source="PressTV",
            language="fr",
            published="2020-11-14",
            techniques=[(0, "criminelle", "Loaded_Language", "manipulative_wording")],
            frames=[("Political", 0.9)],
            genre=("opinion", 0.8),
        ),
        build_analysis(
            ["Des voyous partout."],
            title="B",
            source="PressTV",
            language="fr",
            published="2020-12-01",
            techniques=[(0, "voyous", "Name_Calling-Labeling", "attack_on_reputation")],
            genre=("reporting", 0.7),
        ),
        build_analysis(
            ["Calm report."], title="C", source="Wire", language="en", published="2021-01-05"
        ),
    ]
    for a in corpus:
        store.put(a)
    page = store.search()
    assert page.total == 3
    assert [i.title for i in page.items] == ["C", "B", "A"]  # newest first
    assert page.facets["source"] == {"PressTV": 2, "Wire": 1}
    assert page.facets["language"] == {"fr": 2, "en": 1}
    assert page.facets["technique"] == {"Loaded_Language": 1, "Name_Calling-Labeling": 1}
    assert page.facets["category"] == {"attack_on_reputation": 1, "manipulative_wording": 1}
    assert page.facets["frame"] == {"Political": 1}
    assert page.facets["genre"] == {"opinion": 1, "reporting": 1}
    assert store.search(filters=Filters(source="PressTV", genre="opinion")).total == 1
    assert store.search(filters=Filters(category="attack_on_reputation")).items[0].title == "B"
    assert store.search(filters=Filters(frame="Political")).items[0].title == "A"
    assert store.search(filters=Filters(date_from="2020-12")).total == 2
    assert store.search(filters=Filters(date_to="2020-11")).total == 1
    assert store.search(filters=Filters(date_from="2020-11-15", date_to="2020-12-31")).total == 1
    narrowed = store.search(filters=Filters(language="fr"))
    assert narrowed.facets["source"] == {"PressTV": 2}
    b = store.search(filters=Filters(technique="Name_Calling-Labeling")).items[0]
    assert b.techniques == {"Name_Calling-Labeling": 1}
    paged = store.search(limit=1, offset=1)
    assert paged.total == 3 and [i.title for i in paged.items] == ["B"]


def test_bad_filters_and_paging_are_value_errors(store):
    with pytest.raises(ValueError, match="date_from"):
        Filters(date_from="14/11/2020")
    with pytest.raises(ValueError, match="unknown filter"):
        Filters.from_mapping({"langauge": "fr"})
    assert Filters.from_mapping({"language": "fr", "source": ""}) == Filters(language="fr")
    with pytest.raises(ValueError):
        store.search(limit=-1)
    with pytest.raises(ValueError):
        store.search(offset=-5)
    with pytest.raises(ValueError, match="group"):
        store.stats("author")  # type: ignore[arg-type]


def test_stats_rates_are_shares_of_analysed_paragraphs(store):
    full = ("language", "segment", "techniques")
    store.put(
        build_analysis(
            ["Guerre criminelle.", "Voyous et criminels.", "Neutre.", "Neutre encore."],
            title="A",
            source="PressTV",
            published="2020-11-14",
            stages=full,
            techniques=[
                (0, "criminelle", "Loaded_Language", "manipulative_wording"),
                (1, "Voyous", "Name_Calling-Labeling", "attack_on_reputation"),
                (1, "criminels", "Loaded_Language", "manipulative_wording"),
            ],
        )
    )
    store.put(
        build_analysis(
            ["Calme.", "Plat."], title="B", source="Wire", published="2020-12-02", stages=full
        )
    )
    store.put(
        build_analysis(
            ["Pas analysé pour les techniques."], title="C", source="Wire", published=None
        )
    )
    by_source = {s.group: s for s in store.stats("source")}
    assert by_source["PressTV"].articles == 1 and by_source["PressTV"].paragraphs == 4
    assert by_source["PressTV"].technique_rates == {
        "Loaded_Language": 0.5,
        "Name_Calling-Labeling": 0.25,
    }
    assert by_source["PressTV"].category_rates == {
        "manipulative_wording": 0.5,
        "attack_on_reputation": 0.25,
    }
    assert by_source["Wire"].articles == 2 and by_source["Wire"].technique_rates == {}
    months = [s.group for s in store.stats("month")]
    assert months == ["2020-11", "2020-12", None]
    assert store.stats("language", Filters(source="Wire"))[0].articles == 2


def test_top_phrases_merge_case_variants(store):
    for i, text in enumerate(["Les voyous du régime.", "Ces VOYOUS encore.", "Des voyous !"]):
        store.put(
            build_analysis(
                [text],
                title=f"T{i}",
                techniques=[(0, text.split()[1], "Name_Calling-Labeling", "attack_on_reputation")],
            )
        )
    assert store.top_phrases("Name_Calling-Labeling") == [("voyous", 3)]
    assert store.top_phrases("Doubt") == []


def test_places_aggregate_resolved_places_only(store):
    damascus = Place(
        name="Damas",
        status="resolved",
        latitude=33.51,
        longitude=36.29,
        country="SY",
        geonames_id=170654,
    )
    a = build_analysis(
        ["À Damas."], title="A", places=[damascus, Place(name="Atlantide", status="unknown")]
    )
    b = build_analysis(
        ["Damascus again."],
        title="B",
        language="en",
        places=[damascus.model_copy(update={"name": "Damascus"})],
    )
    store.put(a)
    store.put(b)
    rows = store.places()
    assert len(rows) == 1
    assert rows[0].articles == 2
    assert set(rows[0].article_ids) == {a.article.id, b.article.id}
    assert (rows[0].latitude, rows[0].longitude, rows[0].country) == (33.51, 36.29, "SY")
    assert store.places(Filters(language="en"))[0].article_ids == [b.article.id]


def test_iter_analyses_streams_matching_documents(store):
    stored = [
        build_analysis(
            [f"Texte {i} sur la Syrie."], title=f"T{i}", published=f"2020-01-{i + 1:02d}"
        )
        for i in range(5)
    ]
    stored.append(build_analysis(["Rien à voir."], title="autre", published="2019-01-01"))
    for a in stored:
        store.put(a)
    assert [a.article.title for a in store.iter_analyses("syrie")] == [f"T{i}" for i in range(5)]
    assert len(list(store.iter_analyses())) == 6


def test_open_store_targets(tmp_path, monkeypatch):
    with pytest.raises(UnsupportedStore, match="not supported yet"):
        open_store("postgresql://user@host/db")
    not_db = tmp_path / "notes.txt"
    not_db.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError, match="notes.txt"):
        open_store(not_db)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "missing" / "x.db")
    monkeypatch.setenv("SPINSCOPE_DB", str(tmp_path / "env.db"))
    with open_store() as store:
        assert store.path == str(tmp_path / "env.db")
        assert store.vector_cache_path == tmp_path / "env.db"
    with open_store(":memory:") as store:
        assert store.vector_cache_path is None


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_vector_cache_shares_the_database_file(store):
    import numpy as np

    from spinscope.persuasion.encoder import VectorCache

    cache = VectorCache(store.vector_cache_path)
    cache.put_many({"k": np.ones(4, dtype=np.float32)})
    store.put(build_analysis(["Coexistence."]))
    assert store.count() == 1
    assert cache.get_many(["k"])["k"].tolist() == [1.0] * 4
    cache.close()


def test_version_1_database_is_migrated_with_its_documents(tmp_path):
    from spinscope.store.migrations import MIGRATIONS
    from spinscope.store.rows import rows_of

    path = tmp_path / "v1.db"
    analysis = rich_analysis()
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    columns = {**rows_of(analysis).article, "document": analysis.model_dump_json()}
    columns["stored_at"] = columns["analysed_at"]
    db.execute(
        f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        tuple(columns.values()),
    )
    db.commit()
    db.close()
    with open_store(path) as store:
        assert store.migrated_from == 1
        assert store.get(analysis.article.id) == analysis
        assert [a.article.id for a in store.iter_analyses()] == [analysis.article.id]
    db = sqlite3.connect(path)
    assert "document" not in [row[1] for row in db.execute("PRAGMA table_info(articles)")]
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_a_titles_techniques_find_the_article_but_are_no_paragraph(store):
    """Filters, facets and top phrases read a title's findings; rates and ¶ counts do not."""
    from spinscope.article import TitleTechniqueFinding

    full = ("language", "segment", "techniques")
    analysis = build_analysis(
        ["Neutre.", "Calme."], title="Les voyous du régime", source="Headlines", stages=full
    )
    title = analysis.article.title
    analysis = analysis.model_copy(
        update={
            "title_techniques": [
                TitleTechniqueFinding(
                    start=title.index("voyous"),
                    end=title.index("voyous") + len("voyous"),
                    text="voyous",
                    score=0.7,
                    technique="Name_Calling-Labeling",
                    category="attack_on_reputation",
                )
            ]
        }
    )
    store.put(analysis)
    found = store.search(filters=Filters(technique="Name_Calling-Labeling"))
    assert [item.id for item in found.items] == [analysis.article.id]
    assert found.items[0].techniques == {}  # no paragraph is flagged
    assert found.facets["technique"] == {"Name_Calling-Labeling": 1}
    assert store.top_phrases("Name_Calling-Labeling") == [("voyous", 1)]
    headlines = {s.group: s for s in store.stats("source")}["Headlines"]
    assert headlines.paragraphs == 2 and headlines.technique_rates == {}
    assert store.get(analysis.article.id).title_techniques == analysis.title_techniques


def test_version_2_database_gets_each_places_precision_from_its_documents(tmp_path):
    from spinscope.store.migrations import MIGRATIONS
    from spinscope.store.rows import rows_of

    analysis = rich_analysis()
    damas = next(p for p in analysis.places if p.status == "resolved")
    analysis.places[analysis.places.index(damas)] = damas.model_copy(update={"precision_km": 321})
    path = tmp_path / "v2.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + MIGRATIONS[1] + "\nPRAGMA user_version = 2;")
    rows = rows_of(analysis)
    columns = {**rows.article, "stored_at": rows.article["analysed_at"]}
    db.execute(
        f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        tuple(columns.values()),
    )
    db.execute("INSERT INTO documents VALUES (1, ?)", (analysis.model_dump_json(),))
    db.executemany(  # version 2's places had no precision column
        "INSERT INTO places VALUES (1, ?, ?, ?, ?, ?, ?, ?)", [row[:-1] for row in rows.places]
    )
    db.commit()
    db.close()
    with open_store(path) as store:
        assert store.migrated_from == 2
        (row,) = [p for p in store.places() if p.name == damas.name]
        assert row.precision_km == 321
        assert store.get(analysis.article.id) == analysis
