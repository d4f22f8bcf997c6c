"""The JSON API over a real server process (uvicorn) and a real SQLite store, via httpx.

Every endpoint is exercised, and so are the ways clients get it wrong
(malformed JSON, oversized bodies, unknown ids, bad filters): each must be a
4xx with one clear JSON error, never a 500 or a silent success.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from spinscope.article import Analysis
from spinscope.store import open_store
from web_fixtures import REPO, hostile_analysis, running_server, seed_analyses

MAX_BODY_MB = 0.25  # the test server refuses bodies over 256 KiB


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A store file holding the two seed analyses and the hostile article."""
    db = tmp_path_factory.mktemp("api") / "corpus.db"
    analyses = [*seed_analyses(), hostile_analysis()]
    with open_store(db) as store:
        for analysis in analyses:
            store.put(analysis)
    return db, analyses


@pytest.fixture(scope="module")
def server(corpus):
    db, _ = corpus
    options = ("--stages", "segment", "--max-body-mb", str(MAX_BODY_MB))
    with running_server(db, *options) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def ids(corpus):
    hassake, asad, hostile = corpus[1]
    return {"hassake": hassake.article.id, "asad": asad.article.id, "hostile": hostile.article.id}


def error_of(response: httpx.Response, status: int) -> dict:
    """The JSON error body, after checking the status and the one error shape."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status
    assert error["code"] and error["message"]
    return error


# ------------------------------------------------------------------ server


def test_health_reports_store_and_write_mode(server):
    health = server.get("/api/health").json()
    assert health["status"] == "ok"
    assert health["articles"] == 3
    assert health["writes"] == "open"  # loopback, no token
    assert health["analyse_stages"] == ["segment"]


def test_openapi_served_and_committed_copy_is_current(server):
    served = server.get("/openapi.json").json()
    committed = json.loads((REPO / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert served == committed, "docs/openapi.json is stale: python -m spinscope.web openapi -o …"
    for path in (
        "/api/analyse",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/analyses",
        "/api/stats",
        "/api/phrases",
        "/api/places.geojson",
        "/api/export",
        "/api/taxonomy",
    ):
        assert path in served["paths"]
    assert set(served["paths"]["/api/articles/{article_id}"]) == {"get", "delete"}


def test_no_cdn_swagger_page(server):
    assert server.get("/docs").status_code == 404


def test_security_headers_on_every_kind_of_response(server, ids):
    for path in ("/articles", f"/api/articles/{ids['hassake']}", "/static/app.css", "/api/nope"):
        response = server.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp, path
        assert "default-src 'none'" in csp and "object-src 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


def test_taxonomy_lists_23_techniques_in_6_categories_with_french(server):
    taxonomy = server.get("/api/taxonomy").json()
    assert len(taxonomy["techniques"]) == 23
    assert [c["id"] for c in taxonomy["categories"]] == [
        "attack_on_reputation",
        "justification",
        "simplification",
        "distraction",
        "call",
        "manipulative_wording",
    ]
    doubt = next(t for t in taxonomy["techniques"] if t["id"] == "Doubt")
    assert doubt["label"]["fr"] and doubt["definition"]["fr"] != doubt["definition"]["en"]


# ------------------------------------------------------------ list/search


def test_list_has_every_article_and_facet_counts(server, ids):
    page = server.get("/api/articles").json()
    assert page["total"] == 3
    assert {item["id"] for item in page["items"]} == set(ids.values())
    assert page["facets"]["language"] == {"fr": 3}
    assert page["facets"]["source"]["French Press TV"] == 2
    assert page["facets"]["category"]["call"] == 1
    assert page["facets"]["technique"]["Name_Calling-Labeling"] == 2


def test_pagination_links_walk_the_whole_result(server):
    seen, url = [], "/api/articles?limit=1"
    while url:
        page = server.get(url).json()
        assert page["limit"] == 1 and len(page["items"]) == 1
        seen.append(page["items"][0]["id"])
        url = page["next"]
    assert len(set(seen)) == 3
    last = server.get("/api/articles?limit=1&offset=2").json()
    assert last["next"] is None and "offset=1" in last["previous"]


def test_full_text_search_with_snippet_highlights(server, ids):
    page = server.get("/api/articles", params={"q": "débandade"}).json()
    assert [item["id"] for item in page["items"]] == [ids["asad"]]
    item = page["items"][0]
    start, end = item["highlights"][0]
    assert item["snippet"][start:end].lower() == "débandade"


def test_filters_combine(server, ids):
    def found(**params):
        return {i["id"] for i in server.get("/api/articles", params=params).json()["items"]}

    assert found(technique="Whataboutism") == {ids["hassake"]}
    assert found(category="call") == {ids["hassake"]}
    assert found(category="attack_on_reputation") == set(ids.values())
    assert found(source="French Press TV", technique="Doubt") == {ids["hassake"], ids["asad"]}
    assert found(date_from="2021-01-01") == {ids["hostile"]}
    assert found(date_to="2020-12") == set()  # the seeds carry no date; the hostile one is 2021
    assert found(frame="Security_and_defense", genre="opinion") == {ids["hassake"], ids["asad"]}
    assert found(language="de") == set()


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"categry": "call"}, "unknown parameter(s) categry"),
        ({"technique": "Lying"}, "unknown technique 'Lying'"),
        ({"category": "rhetoric"}, "unknown category 'rhetoric'"),
        ({"date_from": "14/11/2020"}, "date_from must be an ISO date"),
        ({"q": '"unclosed'}, "unbalanced double quote"),
        ({"limit": "0"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"offset": "-3"}, "offset"),
    ],
)
def test_bad_search_requests_are_clear_4xx(server, params, words):
    response = server.get("/api/articles", params=params)
    assert 400 <= response.status_code < 500, response.text
    error = response.json()["error"]
    assert words in error["message"], error


# ----------------------------------------------------------------- article


def test_one_article_with_full_analysis(server, corpus, ids):
    document = server.get(f"/api/articles/{ids['hassake']}").json()
    stored = corpus[1][0]
    analysis = Analysis.model_validate(document)
    assert analysis.article.body == stored.article.body
    assert len(analysis.techniques) == 11
    phrase = next(f for f in analysis.techniques if f.technique == "Name_Calling-Labeling")
    assert analysis.article.body[phrase.start : phrase.end] == "terroristes américains"
    assert analysis.genre.label == "opinion"
    assert {p.name for p in analysis.places} == {"Hassaké", "Deir ez-Zor"}


def test_article_by_unique_prefix_and_json_twins(server, ids):
    full = server.get(f"/api/articles/{ids['asad']}").json()
    assert server.get(f"/api/articles/{ids['asad'][:8]}").json() == full
    assert server.get(f"/articles/{ids['asad']}.json").json() == full
    assert server.get(f"/articles/{ids['asad']}?format=json").json() == full


@pytest.mark.parametrize("ref", ["0123456789abcdef", "not-an-id", "ab", "x" * 300])
def test_unknown_article_is_404_json(server, ref):
    error = error_of(server.get(f"/api/articles/{ref}"), 404)
    assert error["code"] == "not_found"
    error_of(server.get(f"/articles/{ref}.json"), 404)


def test_unknown_endpoint_and_wrong_method(server):
    assert error_of(server.get("/api/nothing-here"), 404)["code"] == "not_found"
    assert error_of(server.put("/api/articles"), 405)["code"] == "method_not_allowed"


# ------------------------------------------------------------------ corpus


def test_stats_per_outlet_language_and_month(server):
    by_source = server.get("/api/stats", params={"by": "source"}).json()
    groups = {g["group"]: g for g in by_source["groups"]}
    french_press = groups["French Press TV"]
    assert french_press["articles"] == 2
    assert 0 < french_press["category_rates"]["attack_on_reputation"] <= 1
    assert french_press["technique_rates"]["Whataboutism"] == pytest.approx(
        1 / french_press["paragraphs"]
    )
    assert by_source["overall"]["category_rates"]
    by_language = server.get("/api/stats", params={"by": "language"}).json()
    assert [g["group"] for g in by_language["groups"]] == ["fr"]
    by_month = server.get("/api/stats", params={"by": "month", "date_from": "2021"}).json()
    assert [g["group"] for g in by_month["groups"]] == ["2021-03"]


def test_stats_bad_grouping_is_4xx(server):
    response = server.get("/api/stats", params={"by": "weekday"})
    assert response.status_code == 422
    assert "by" in response.json()["error"]["message"]


def test_top_phrases_of_a_technique(server):
    phrases = server.get("/api/phrases", params={"technique": "Name_Calling-Labeling"}).json()
    texts = {p["phrase"]: p["count"] for p in phrases["phrases"]}
    assert texts["terroristes américains"] == 1
    assert "les stratèges de pacotille de la Maison Banche" in texts
    assert error_of(server.get("/api/phrases", params={"technique": "Nope"}), 400)
    assert server.get("/api/phrases").status_code == 422  # technique is required


def test_places_as_geojson(server, ids):
    response = server.get("/api/places.geojson")
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    by_name = {f["properties"]["name"]: f for f in collection["features"]}
    hassake = by_name["Hassaké"]
    assert hassake["geometry"] == {"type": "Point", "coordinates": [40.7477, 36.5024]}
    assert hassake["properties"]["article_ids"] == [ids["hassake"]]
    assert hassake["properties"]["sample"][0]["title"].startswith("Saignée anti-US")
    assert server.get("/map.json").json()["features"] == collection["features"]
    empty = server.get("/api/places.geojson", params={"language": "en"}).json()
    assert empty["features"] == []


def test_export_jsonl_is_the_stored_documents(server, ids):
    response = server.get("/api/export", params={"format": "jsonl", "source": "French Press TV"})
    assert response.headers["content-type"].startswith("application/x-ndjson")
    assert "attachment" in response.headers["content-disposition"]
    analyses = [Analysis.model_validate_json(line) for line in response.text.splitlines()]
    assert {a.article.id for a in analyses} == {ids["hassake"], ids["asad"]}


def test_export_csv_per_article_and_per_finding(server, ids):
    articles = list(csv.DictReader(io.StringIO(server.get("/api/export?format=csv").text)))
    assert {row["id"] for row in articles} == set(ids.values())
    findings = list(
        csv.DictReader(
            io.StringIO(server.get("/api/export?format=csv&per=finding&q=débandade").text)
        )
    )
    assert {row["article_id"] for row in findings} == {ids["asad"]}
    assert "C'est une véritable débandade" in {row["phrase"] for row in findings}


def test_export_refuses_a_bad_query_before_streaming(server):
    error = error_of(server.get("/api/export", params={"q": '"open'}), 400)
    assert "quote" in error["message"]
    assert server.get("/api/export", params={"format": "xml"}).status_code == 422


# ----------------------------------------------------------------- analyse

SEED_LIKE = "Un titre d'essai\n\nPremier paragraphe du texte.\n\nSecond paragraphe, plus long."


def test_analyse_text_without_storing(server):
    before = server.get("/api/health").json()["articles"]
    response = server.post("/api/analyse", json={"text": SEED_LIKE, "source": "Essai"})
    assert response.status_code == 200, response.text
    analysis = Analysis.model_validate(response.json())
    assert analysis.article.title == "Un titre d'essai"
    assert analysis.article.source == "Essai"
    assert len(analysis.article.paragraphs) == 2
    assert analysis.stages == ["language", "segment"]  # the server's configured subset
    assert server.get("/api/health").json()["articles"] == before
    assert server.get(f"/api/articles/{analysis.article.id}").status_code == 404


def test_analyse_html(server):
    html = (
        "<html><head><title>Page</title></head><body><article><h1>Un titre de page</h1>"
        "<p>Un premier paragraphe assez long pour que l'extracteur le garde sans hésiter.</p>"
        "<p>Un second paragraphe, lui aussi assez long pour être gardé par l'extracteur.</p>"
        "</article></body></html>"
    )
    analysis = server.post("/api/analyse", json={"html": html}).json()
    assert "premier paragraphe" in analysis["article"]["body"]
    assert "<p>" not in analysis["article"]["body"]


def test_analyse_url_fetched_from_a_real_local_http_server(server, tmp_path):
    page = tmp_path / "article.html"
    page.write_text(
        "<html><head><title>Servie</title></head><body><article><h1>Une page servie</h1>"
        "<p>Ce paragraphe vient d'un vrai serveur HTTP local, lu par le lecteur HTML.</p>"
        "<p>Un autre paragraphe pour que l'extraction du texte principal soit sûre.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/article.html"
        response = server.post("/api/analyse", json={"url": url})
        assert response.status_code == 200, response.text
        assert "vrai serveur HTTP local" in response.json()["article"]["body"]
        missing = server.post("/api/analyse", json={"url": url.replace("article", "absent")})
        assert "404" in error_of(missing, 502)["message"]
    finally:
        httpd.shutdown()


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({}, "exactly one of text, html or url"),
        ({"text": "a", "html": "<p>b</p>"}, "exactly one of text, html or url"),
        ({"url": "javascript:alert(1)"}, "absolute http(s) URL"),
        ({"url": "file:///etc/passwd"}, "absolute http(s) URL"),
        ({"text": "Titre\n\nTexte.", "stages": ["telepathy"]}, "unknown stage(s) telepathy"),
        ({"text": "Titre\n\nTexte.", "colour": "red"}, "colour"),
        ({"text": 42}, "text"),
        ({"text": "   "}, "empty text"),
    ],
)
def test_analyse_bad_bodies_are_clear_4xx(server, body, words):
    response = server.post("/api/analyse", json=body)
    assert 400 <= response.status_code < 500, response.text
    assert words in response.json()["error"]["message"]


def test_malformed_json_is_400(server):
    response = server.post(
        "/api/analyse",
        content=b'{"text": "unterminated',
        headers={"content-type": "application/json"},
    )
    assert error_of(response, 400)["message"] == "malformed JSON in request body"


def test_oversized_body_is_413_with_or_without_content_length(server):
    big = "x" * int(MAX_BODY_MB * 1024 * 1024 + 10)
    declared = server.post("/api/analyse", json={"text": big})
    assert "larger than" in error_of(declared, 413)["message"]

    def chunks():
        for _ in range(40):
            yield b"y" * 8192

    streamed = server.post(
        "/api/analyse", content=chunks(), headers={"content-type": "application/json"}
    )
    error_of(streamed, 413)
    assert server.get("/api/health").json()["status"] == "ok"


# ---------------------------------------------------------- ingest, delete


def test_ingest_stores_then_replaces_then_delete(server):
    text = "Article à stocker\n\nUn paragraphe qui sera stocké puis supprimé."
    first = server.post("/api/articles", json={"text": text, "source": "Essai"})
    assert first.status_code == 201, first.text
    stored = first.json()
    assert stored["created"] is True and stored["url"] == f"/articles/{stored['id']}"
    again = server.post("/api/articles", json={"text": text, "source": "Essai"})
    assert again.status_code == 200 and again.json()["created"] is False
    found = server.get("/api/articles", params={"source": "Essai"}).json()
    assert [i["id"] for i in found["items"]] == [stored["id"]]

    deleted = server.delete(f"/api/articles/{stored['id']}")
    assert deleted.json() == {"id": stored["id"], "deleted": True}
    error_of(server.get(f"/api/articles/{stored['id']}"), 404)
    error_of(server.delete(f"/api/articles/{stored['id']}"), 404)
    assert server.get("/api/articles", params={"source": "Essai"}).json()["total"] == 0


def test_ingesting_a_stored_article_again_keeps_its_other_stages(server):
    """The server runs « segment » alone: the dates found before must stay."""
    from spinscope.ingest import article_from_text
    from spinscope.pipeline import analyze

    text = "Une date à garder\n\nLe 3 mars 2021, le ministre a parlé à Paris."
    before = analyze(article_from_text(text, source="Dates"), only=["dates"])
    assert before.dates
    stored = server.post("/api/analyses", json=before.model_dump(mode="json"))
    assert stored.status_code == 201, stored.text
    again = server.post("/api/articles", json={"text": text, "source": "Dates"})
    assert again.status_code == 200, again.text
    analysis = again.json()["analysis"]
    assert analysis["stages"] == ["language", "segment", "dates"]
    assert [d["text"] for d in analysis["dates"]] == [d.text for d in before.dates]
    assert server.delete(f"/api/articles/{analysis['article']['id']}").json()["deleted"]


def test_store_a_ready_analysis_and_reject_an_inconsistent_one(server, corpus):
    analysis = corpus[1][0].model_copy(deep=True)
    article = analysis.article.model_copy(update={"id": "", "title": '=HYPERLINK("x")'})
    article = type(article).model_validate(article.model_dump())  # new id for the new title
    document = analysis.model_copy(update={"article": article}).model_dump(mode="json")
    response = server.post("/api/analyses", json=document)
    assert response.status_code == 201, response.text
    new_id = response.json()["id"]
    try:
        rows = list(csv.DictReader(io.StringIO(server.get("/api/export?format=csv").text)))
        titles = {row["id"]: row["title"] for row in rows}
        assert titles[new_id] == '\'=HYPERLINK("x")'  # defused for spreadsheets
    finally:
        server.delete(f"/api/articles/{new_id}")
    broken = dict(document)
    broken["article"] = {
        **document["article"],
        "paragraphs": [{"index": 0, "start": 0, "end": 10**6}],
    }
    error = error_of(server.post("/api/analyses", json=broken), 422)
    assert "outside body" in error["message"]


def test_cross_site_writes_are_refused(server, ids):
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = server.delete(f"/api/articles/{ids['asad']}", headers=headers)
        assert error_of(response, 403)["code"] == "cross_site"
    assert server.get(f"/api/articles/{ids['asad']}").status_code == 200


# ------------------------------------------------ writes on a public binding


@pytest.fixture(scope="module")
def public_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("public") / "public.db"
    with open_store(db) as store:
        store.put(seed_analyses()[1])
    return db


@contextmanager
def public_client(db: Path, *options: str) -> Iterator[httpx.Client]:
    """A client of a server listening on every interface (0.0.0.0), reached via loopback."""
    with (
        running_server(db, "--stages", "segment", *options, host="0.0.0.0") as base,
        httpx.Client(base_url=base.replace("0.0.0.0", "127.0.0.1"), timeout=30) as client,
    ):
        yield client


def test_public_binding_without_token_closes_writes(public_db):
    with public_client(public_db) as client:
        assert client.get("/api/health").json()["writes"] == "closed"
        article_id = client.get("/api/articles").json()["items"][0]["id"]
        for response in (
            client.post("/api/articles", json={"text": "Titre\n\nTexte."}),
            client.delete(f"/api/articles/{article_id}"),
            client.post("/api/analyse", json={"url": "http://127.0.0.1:1/x"}),
        ):
            assert "--token" in error_of(response, 403)["message"]
        assert client.get(f"/api/articles/{article_id}").status_code == 200
        analysed = client.post("/api/analyse", json={"text": "Titre\n\nTexte libre."})
        assert analysed.status_code == 200  # analysing without storing stays open


def test_public_binding_with_token(public_db):
    text = "Titre protégé\n\nUn texte stocké avec le jeton."
    with public_client(public_db, "--token", "s3cret") as client:
        assert client.get("/api/health").json()["writes"] == "token"
        error_of(client.post("/api/articles", json={"text": text}), 401)
        wrong = {"Authorization": "Bearer nope"}
        error_of(client.post("/api/articles", json={"text": text}, headers=wrong), 403)
        good = {"Authorization": "Bearer s3cret"}
        created = client.post("/api/articles", json={"text": text}, headers=good)
        assert created.status_code == 201
        other = {"X-Spinscope-Token": "s3cret"}
        gone = client.delete(f"/api/articles/{created.json()['id']}", headers=other)
        assert gone.json()["deleted"] is True


def test_serve_refuses_unknown_stage_and_bad_store(tmp_path):
    import subprocess
    import sys

    bad_stage = subprocess.run(
        [sys.executable, "-m", "spinscope.web", "serve", "--db", str(tmp_path / "x.db"),
         "--stages", "segment,telepathy"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert bad_stage.returncode == 2 and "telepathy" in bad_stage.stderr
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("this is not sqlite " * 100, encoding="utf-8")
    bad_store = subprocess.run(
        [sys.executable, "-m", "spinscope.web", "serve", "--db", str(not_a_db)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert bad_store.returncode == 2
    assert str(not_a_db) in bad_store.stderr and "Traceback" not in bad_store.stderr
    assert Path(not_a_db).read_text(encoding="utf-8").startswith("this is not sqlite")


def test_serve_is_a_command_of_the_spinscope_cli():
    import os
    import subprocess
    import sys

    shown = subprocess.run(
        [sys.executable, "-m", "spinscope.cli", "serve", "--help"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    for option in ("--db", "--host", "--port", "--token", "--stages", "--tile-url"):
        assert option in shown.stdout
