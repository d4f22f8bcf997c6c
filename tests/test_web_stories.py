"""Stories on the web: ``/api/stories``, ``/api/articles/ID/related``, ``/stories`` and the
article view's related panel, over a real server process and a real SQLite store.

The API must answer what ``spinscope stories --json`` and ``spinscope related --json``
print (one truth), refuse bad requests with one clear 400, and follow the store as it
changes under a running server (another process ingesting, the server's own deletes).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

import httpx
import pytest

from spinscope.article import LabelScore
from spinscope.store import open_store
from web_fixtures import Elements, running_server
from web_story_fixtures import (
    AMBIGUOUS_PREFIX,
    HOSTILE_NAME,
    HOSTILE_SOURCE,
    HOSTILE_TITLE,
    story_store,
)

SPINSCOPE = [sys.executable, "-m", "spinscope.cli"]


class Page(Elements):
    """A page as a browser would read it: runs of ASCII white space as one space."""

    @property
    def visible(self) -> str:
        """The text with runs of ASCII white space as one space (no-break spaces kept)."""
        return re.sub(r"[ \t\r\n]+", " ", " ".join(self.text)).strip()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    db = tmp_path_factory.mktemp("stories") / "stories.db"
    return db, story_store(db)


@pytest.fixture(scope="module")
def server(corpus):
    with (
        running_server(corpus[0], "--stages", "segment") as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def ids(corpus):
    return {role: a.article.id for role, a in corpus[1].items()}


def error_of(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["status"] == status and error["code"] and error["message"]
    return error


def by_ids(document: dict) -> list[set[str]]:
    return [{a["id"] for a in story["articles"]} for story in document["stories"]]


# ------------------------------------------------------------------- stories


def test_stories_group_each_story_across_outlets_and_languages(server, ids):
    document = server.get("/api/stories").json()
    assert document["articles"] == 6
    assert document["total"] == 2
    # same size: the latest story first
    assert by_ids(document) == [
        {ids["hostile"], ids["partner"]},
        {ids["french"], ids["english"]},
    ]
    iraq = document["stories"][1]
    assert iraq["languages"] == ["en", "fr"]
    assert (iraq["first"], iraq["last"]) == ("2020-11-14", "2020-11-15")
    assert iraq["cohesion"] == pytest.approx(1.0, abs=1e-3)  # the same four names
    # spelt as the English article writes them (the API speaks English unless asked)
    assert set(iraq["names"]) == {"Barham Salih", "Mevlut Cavusoglu", "Baghdad", "Iraq"}
    outlets = {o["source"]: o for o in iraq["outlets"]}
    french = outlets["Le Courrier du Golfe"]
    assert (french["articles"], french["paragraphs"]) == (1, 3)
    assert french["technique_rates"] == {"Loaded_Language": 0.6667, "Doubt": 0.3333}
    assert outlets["Gulf Wire"]["technique_rates"] == {"Appeal_to_Authority": 0.3333}
    assert french["genres"] == {"reporting": 1}


def test_stories_are_what_the_cli_prints(server, corpus):
    db, _ = corpus
    env = {**os.environ, "NO_COLOR": "1"}
    printed = subprocess.run(
        [*SPINSCOPE, "stories", "--db", str(db), "--json", "--no-progress", "--lang", "en"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    cli = json.loads(printed.stdout)
    api = server.get("/api/stories").json()
    assert (api["articles"], api["stories"]) == (cli["articles"], cli["stories"])


def test_shared_names_spelt_in_the_language_asked(server):
    french = server.get("/api/stories", params={"lang": "fr", "limit": 1, "offset": 1}).json()
    assert set(french["stories"][0]["names"]) == {
        "Barham Saleh",
        "Mevlüt Çavuşoğlu",
        "Bagdad",
        "Irak",
    }
    assert french["previous"] == "/api/stories?lang=fr&limit=1"  # the links keep it
    error = error_of(server.get("/api/stories", params={"lang": "de"}), 400)
    assert "lang must be one of en, fr" in error["message"]


def test_stories_page_by_page_with_links(server, ids):
    first = server.get("/api/stories", params={"limit": 1}).json()
    assert (first["total"], first["previous"]) == (2, None)
    assert by_ids(first) == [{ids["hostile"], ids["partner"]}]
    assert first["next"] == "/api/stories?limit=1&offset=1"
    second = server.get(first["next"]).json()
    assert by_ids(second) == [{ids["french"], ids["english"]}]
    assert second["next"] is None
    assert second["previous"] == "/api/stories?limit=1"
    assert server.get("/api/stories", params={"offset": 5}).json()["stories"] == []


@pytest.mark.parametrize(
    ("params", "articles", "stories"),
    [
        ({"language": "fr"}, 2, 0),  # the two French articles tell different stories
        ({"date_to": "2020"}, 2, 1),
        ({"date_from": "2021-03", "date_to": "2021-03-03"}, 2, 1),
        ({"genre": "reporting"}, 5, 1),
        ({"source": "Gulf Wire"}, 1, 0),
        ({"min_articles": 3}, 6, 0),
    ],
)
def test_stories_filters_read_as_the_search_reads_them(server, params, articles, stories):
    document = server.get("/api/stories", params=params).json()
    assert (document["articles"], document["total"]) == (articles, stories)
    filters = {k: v for k, v in params.items() if k != "min_articles"}
    assert document["filters"] == filters


def test_a_lower_threshold_joins_no_unrelated_article(server):
    loose = server.get("/api/stories", params={"threshold": "0.05"}).json()
    assert loose["threshold"] == 0.05
    assert loose["total"] == 2  # no name shared with the derby or the weather


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"threshold": "0"}, "threshold must be between 0.05 and 1.0"),
        ({"threshold": "1.5"}, "threshold must be between 0.05 and 1.0"),
        ({"threshold": "nan"}, "threshold must be between"),
        ({"threshold": "strict"}, "threshold must be a number, got 'strict'"),
        ({"min_articles": "1"}, "min_articles must be between 2"),
        ({"min_articles": "two"}, "min_articles must be an integer"),
        ({"days": "-1"}, "days must be between 0"),
        ({"min_outlets": "0"}, "min_outlets must be between 1"),
        ({"days": "week"}, "days must be an integer"),
        ({"limit": "0"}, "limit must be between 1 and 200"),
        ({"offset": "-1"}, "offset must be between 0"),
        ({"genre": "poetry"}, "unknown genre 'poetry'"),
        ({"date_from": "14/11/2020"}, "date_from must be an ISO date"),
        ({"technique": "Doubt"}, "unknown parameter(s) technique"),
        ({"q": "Irak"}, "unknown parameter(s) q"),
        ({"treshold": "0.5"}, "unknown parameter(s) treshold"),
    ],
)
def test_bad_stories_requests_are_400(server, params, words):
    error = error_of(server.get("/api/stories", params=params), 400)
    assert error["code"] == "bad_parameter"
    assert words in error["message"], error


def test_the_date_window_is_a_parameter_as_in_the_cli(server):
    """The stories' date window (``--days``): 14 by default, 0 for none, kept in the links."""
    default = server.get("/api/stories").json()
    assert default["days"] == 14
    unlimited = server.get("/api/stories", params={"days": "0", "limit": "1"}).json()
    assert unlimited["days"] == 0
    assert by_ids(unlimited) == by_ids(default)[:1]  # a day apart: the same stories
    assert "days=0" in unlimited["next"]


def test_stories_told_by_too_few_outlets_are_left_out(server):
    both = server.get("/api/stories", params={"min_outlets": "2"}).json()
    assert (both["total"], both["min_outlets"]) == (2, 2)  # each story has two outlets
    assert server.get("/api/stories", params={"min_outlets": "3"}).json()["total"] == 0


def test_a_filter_given_twice_is_400(server):
    error = error_of(server.get("/api/stories?language=fr&language=en"), 400)
    assert "language given more than once" in error["message"]


# ------------------------------------------------------------------- related


def test_related_finds_the_same_story_in_the_other_language(server, ids):
    document = server.get(f"/api/articles/{ids['french']}/related").json()
    assert document["article"]["id"] == ids["french"]
    assert document["article"]["source"] == "Le Courrier du Golfe"
    [english] = document["related"]  # the others share no name: below min_score
    assert english["id"] == ids["english"]
    assert english["language"] == "en" and english["source"] == "Gulf Wire"
    assert english["score"] == pytest.approx(1.0, abs=1e-3)
    assert set(english["shared"]) == {"Barham Saleh", "Mevlüt Çavuşoğlu", "Bagdad", "Irak"}


def test_related_by_prefix_and_with_parameters(server, ids):
    full = server.get(f"/api/articles/{ids['partner']}/related").json()
    assert server.get(f"/api/articles/{ids['partner'][:8]}/related").json() == full
    assert full["related"][0]["id"] == ids["hostile"]
    assert full["related"][0]["title"] == HOSTILE_TITLE  # JSON keeps it as it was stored
    everyone = server.get(
        f"/api/articles/{ids['partner']}/related", params={"min_score": 0, "limit": 3}
    ).json()
    assert len(everyone["related"]) == 3
    assert everyone["related"][0]["id"] == ids["hostile"]


def test_related_is_what_the_cli_prints(server, corpus, ids):
    printed = subprocess.run(
        [*SPINSCOPE, "related", ids["english"], "--db", str(corpus[0]), "--json"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    api = server.get(f"/api/articles/{ids['english']}/related").json()
    assert api == json.loads(printed.stdout)


@pytest.mark.parametrize("ref", ["0123456789abcdef", "not-an-id", "x" * 300])
def test_related_of_an_unknown_article_is_404(server, ref):
    assert error_of(server.get(f"/api/articles/{ref}/related"), 404)["code"] == "not_found"


def test_related_of_an_ambiguous_prefix_is_400(server):
    error = error_of(server.get(f"/api/articles/{AMBIGUOUS_PREFIX}/related"), 400)
    assert error["code"] == "ambiguous_id"
    assert "matches several articles" in error["message"]


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"limit": "0"}, "limit must be between 1 and 200"),
        ({"limit": "all"}, "limit must be an integer"),
        ({"min_score": "2"}, "min_score must be between 0.0 and 1.0"),
        ({"min_score": "-0.1"}, "min_score must be between 0.0 and 1.0"),
        ({"min_score": "high"}, "min_score must be a number"),
        ({"threshold": "0.4"}, "unknown parameter(s) threshold"),
    ],
)
def test_bad_related_requests_are_400(server, ids, params, words):
    response = server.get(f"/api/articles/{ids['french']}/related", params=params)
    assert words in error_of(response, 400)["message"]


def test_openapi_documents_both_endpoints(server):
    paths = server.get("/openapi.json").json()["paths"]
    stories = {p["name"]: p for p in paths["/api/stories"]["get"]["parameters"]}
    assert stories["threshold"]["schema"]["minimum"] == 0.05
    assert set(stories) >= {"language", "source", "date_from", "date_to", "genre", "offset"}
    related = paths["/api/articles/{article_id}/related"]["get"]["parameters"]
    assert {p["name"] for p in related} == {"article_id", "limit", "min_score"}


# --------------------------------------------------------------------- pages


def test_stories_page_shows_each_outlets_telling(server, ids):
    response = server.get("/stories", params={"lang": "en"}, headers={"accept": "text/html"})
    assert response.status_code == 200
    page = Page(response.text)
    text = page.visible
    assert "2 stories among 6 stored articles" in text
    assert "Story 1" in text and "Story 2" in text
    assert "Barham Salih hosts Mevlut Cavusoglu in Baghdad" in text
    # each outlet's row: articles, paragraphs, technique rates (with their symbols), genres
    row = "Le Courrier du Golfe 1 3 ▼ Loaded language 67% ▲ Casting doubt 33% Reporting 1"
    assert row in text
    for role in ("french", "english", "hostile", "partner"):
        assert f"/articles/{ids[role]}" in page.hrefs()
    assert f"/articles/{ids['unrelated']}" not in page.hrefs()
    assert "/stories.json" in page.hrefs()


def test_stories_page_speaks_french(server):
    text = Page(server.get("/stories", params={"lang": "fr"}).text).visible
    assert "2 sujets parmi 6 articles enregistrés" in text
    assert "Sujet 1" in text and "Noms communs" in text
    # technique names in the analyst's language, French spacing before the percent kept
    assert "Langage chargé 67" in text and "Mise en doute 33" in text
    assert "Sujets" in text  # the navigation
    assert "Bagdad" in text and "Baghdad" not in text.split("Barham Salih hosts")[0]


def test_stories_page_keeps_its_filters_in_the_url(server):
    params = {"limit": 1, "genre": "reporting", "lang": "en"}
    page = Page(server.get("/stories", params=params).text)
    assert "/stories?genre=reporting&limit=1&offset=1" not in page.hrefs()  # one story only
    assert page.visible.count("Story ") == 1
    both = Page(server.get("/stories", params={"limit": 1, "lang": "en"}).text)
    assert "/stories?limit=1&offset=1" in both.hrefs()
    selected = [a for tag, a in both.tags if tag == "input" and a.get("name") == "threshold"]
    assert selected[0]["value"] == "0.4"


def test_stories_json_twin_is_the_api_document(server):
    twin = server.get("/stories.json", params={"limit": 1, "lang": "en"}).json()
    api = server.get("/api/stories", params={"limit": 1}).json()
    assert twin["stories"] == api["stories"] and twin["total"] == api["total"]
    assert twin["next"] == "/stories.json?lang=en&limit=1&offset=1"
    assert server.get("/stories", params={"format": "json"}).json()["total"] == 2


def test_bad_stories_page_request_is_an_html_400(server):
    params = {"threshold": "x", "lang": "en"}
    response = server.get("/stories", params=params, headers={"accept": "text/html"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "threshold must be a number" in Page(response.text).visible


def test_stories_page_shows_hostile_text_as_text(server):
    html = server.get("/stories").text
    for payload in (HOSTILE_TITLE, HOSTILE_NAME, HOSTILE_SOURCE):
        assert payload not in html  # never as markup
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    text = Page(html).visible
    assert HOSTILE_TITLE.split("<img")[0] in text  # shown, as the text it is
    assert HOSTILE_NAME in text and HOSTILE_SOURCE in text


def _article_page(server, article_id: str, lang: str = "en") -> str:
    """The article view once its related panel is ready (the index builds in the
    background on a first view)."""
    deadline = time.monotonic() + 20
    while True:
        html = server.get(f"/articles/{article_id}", params={"lang": lang}).text
        if "related-pending" not in html or time.monotonic() > deadline:
            return html
        time.sleep(0.1)


def test_article_view_lists_related_coverage(server, ids):
    html = _article_page(server, ids["english"])
    page = Page(html)
    assert "Related coverage" in page.visible
    assert f"/articles/{ids['french']}" in page.hrefs()
    assert "Bagdad : Barham Saleh reçoit Mevlüt Çavuşoğlu" in page.visible
    assert "Le Courrier du Golfe · fr · 2020-11-14 1.00" in page.visible
    assert f"/api/articles/{ids['english']}/related" in page.hrefs()


def test_article_view_related_panel_in_french(server, ids):
    text = Page(_article_page(server, ids["french"], lang="fr")).visible
    assert "Même sujet ailleurs" in text
    assert "Barham Salih hosts Mevlut Cavusoglu in Baghdad" in text
    assert "noms communs\u00a0: Bagdad, Barham Saleh" in text  # French spacing, French spelling


def test_article_view_says_when_no_article_is_related(server, ids):
    text = Page(_article_page(server, ids["unrelated"])).visible
    assert "No other stored article tells this story." in text


def test_related_panel_shows_hostile_text_as_text(server, ids):
    html = _article_page(server, ids["partner"])
    assert HOSTILE_TITLE not in html and HOSTILE_NAME not in html
    assert "<script>window.__pwned" not in html
    text = Page(html).visible
    assert HOSTILE_TITLE.split("<img")[0] in text and HOSTILE_NAME in text


# ----------------------------------------------------- a store that changes


def test_a_running_server_follows_the_store(tmp_path):
    """A first article view does not wait for the index; an article another process stores
    joins its story, a genre re-read shows, and a delete through the API leaves it."""
    db = tmp_path / "changing.db"
    analyses = story_store(db)
    french = analyses["french"]
    english = analyses["english"]
    with (
        running_server(db, "--stages", "segment") as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        first = client.get(f"/articles/{french.article.id}", params={"lang": "en"}).text
        assert "Comparing with the stored articles" in first  # not waited for
        assert "Gulf Wire" in Page(_article_page(client, french.article.id)).visible

        # another process stores a third telling, and re-reads one genre
        italian = french.model_copy(
            update={
                "article": french.article.model_copy(
                    update={"id": "1a1a1a1a1a1a1a1a", "source": "Il Golfo", "language": "it"}
                )
            }
        )
        with open_store(db) as store:
            store.put(italian)
            store.put(english.model_copy(update={"genre": LabelScore(label="opinion", score=1)}))
        iraq = client.get("/api/stories").json()["stories"][0]
        assert {a["id"] for a in iraq["articles"]} == {
            french.article.id,
            english.article.id,
            "1a1a1a1a1a1a1a1a",
        }
        outlets = {o["source"]: o["genres"] for o in iraq["outlets"]}
        assert outlets["Gulf Wire"] == {"opinion": 1}
        assert "Il Golfo" in Page(_article_page(client, english.article.id)).visible

        assert client.delete("/api/articles/1a1a1a1a1a1a1a1a").status_code == 200
        document = client.get("/api/stories").json()
        assert document["articles"] == 6
        assert all("1a1a1a1a1a1a1a1a" not in ids for ids in by_ids(document))
