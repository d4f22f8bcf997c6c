"""The HTML pages over a real server: what they show, that they escape, that URLs bookmark.

These read the served HTML (html.parser, no browser); ``test_browser_workbench``
drives Chromium for what needs a browser (clicks, keys, scripts).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from spinscope.persuasion import taxonomy
from spinscope.store import open_store
from web_fixtures import (
    ASAD_TITLE_PHRASE,
    HOSTILE_URL,
    Elements,
    hostile_analysis,
    running_server,
    seed_analyses,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = tmp_path_factory.mktemp("pages") / "pages.db"
    analyses = [*seed_analyses(), hostile_analysis()]
    with open_store(db) as store:
        for analysis in analyses:
            store.put(analysis)
    with (
        running_server(db, "--stages", "segment") as base,
        httpx.Client(base_url=base, timeout=30, headers={"Accept": "text/html"}) as client,
    ):
        yield client, {a.article.title[:6]: a for a in analyses}


def page(client: httpx.Client, url: str, status: int = 200) -> Elements:
    response = client.get(url)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "<script>" not in html.replace('<script src="', "")  # only external scripts
    assert " on" not in "".join(  # no inline event handler attribute on any element
        f" {k}" for _, attrs in Elements(html).tags for k in attrs if k.startswith("on")
    )
    return Elements(html)


def test_home_redirects_to_the_article_list(site):
    client, _ = site
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/articles"


def test_article_view_highlights_every_finding(site):
    client, analyses = site
    hassake = analyses["Saigné"]
    doc = page(client, f"/articles/{hassake.article.id}")
    marks = doc.all("mark")
    numbers = {n for m in marks for n in (m["data-f"] or "").split()}
    assert numbers == {str(i) for i in range(1, 12)}  # 11 findings, all drawn
    firsts = [m for m in marks if m.get("data-first")]
    assert all(m["tabindex"] == "0" for m in firsts)  # keyboard reachable
    assert len({n for m in firsts for n in m["data-first"].split()}) == 11
    # "terroristes américains" sits inside the exaggeration phrase: one segment, two findings.
    overlap = [m for m in marks if len((m["data-f"] or "").split()) == 2]
    assert overlap and "has-attack_on_reputation" in overlap[0]["class"]
    assert "has-manipulative_wording" in overlap[0]["class"]
    assert "p-attack_on_reputation" in overlap[0]["class"]  # the shorter phrase colours it


def test_article_view_explains_in_french_for_a_french_article(site):
    client, analyses = site
    doc = page(client, f"/articles/{analyses['Saigné'].article.id}")
    text = doc.visible
    # each finding shows its paragraph's score and its phrase's own
    first = analyses["Saigné"].techniques[0]
    assert f"passage {first.phrase_score:.2f}" in text
    assert taxonomy.definition("Name_Calling-Labeling", "fr") in text
    assert taxonomy.label("Whataboutism", "fr") in text
    assert taxonomy.label("attack_on_reputation", "fr") in text
    assert taxonomy.definition("Name_Calling-Labeling", "en") not in text
    # and so does the page around them: headings, help, the reader's set-apart parts
    for french in ("Constats", "dans l’ordre de lecture", "Cadrages", "Lieux", "Afficher"):
        assert french in text
    assert "Hors du corps de l’article" in text and "légende" in text
    assert "caractères" in text and "localisé" in text
    for english in ("Findings", "in reading order", "Separated from the body", "Show"):
        assert english not in text
    card = doc.all("div", id="finding-card")[0]
    assert card["data-title-template"] == "Constat {n} sur {total}"
    # hovering a score says how to read it (bench_reliability.py measured it)
    scores = [s for s in doc.all("span") if "f-score" in (s.get("class") or "")]
    tip = scores[0].get("title") or "" if scores else ""
    assert tip.startswith("score du paragraphe.") and "chance qu’elle soit vraiment là" in tip


def test_the_reader_speaks_english_for_an_english_text(site):
    client, _ = site
    text = "Officials deny the report\n\nThe ministry said on Tuesday that the figures were wrong."
    response = client.post("/analyse", data={"text": text, "language": "en"})
    assert response.status_code == 200, response.text[:500]
    doc = Elements(response.text)
    visible = doc.visible
    assert "Not analysed (genre stage not run)." in visible and "Frames" in visible
    assert "Constats" not in visible and "Cadrages" not in visible
    card = doc.all("div", id="finding-card")[0]
    assert card["data-title-template"] == "Finding {n} of {total}"


def test_entities_panel_leads_with_the_articles_own_name(site):
    client, analyses = site
    asad = next(a for a in analyses.values() if a.entities)
    doc = page(client, f"/articles/{asad.article.id}")
    irak = len(asad.entities[0].mentions)
    visible = " ".join(doc.visible.split())
    assert irak > 1 and f"Irak (Iraq) lieu · {irak}×" in visible
    assert f"Irak (Iraq) lieu · {irak}× · dans le titre" not in visible  # the title has no Irak
    # the places panel says it too
    assert "Aïn al-Asad (IQ) localisé dans le titre" in visible
    assert "Bagdad (IQ) localisé" in visible and "Bagdad (IQ) localisé dans" not in visible
    usa = asad.entities[1]
    assert (
        usa.in_title
        and f"USA (United States) lieu · {len(usa.mentions)}× · dans le titre" in visible
    )


def test_article_side_panel_and_paragraph_chips(site):
    client, analyses = site
    hassake = analyses["Saigné"]
    doc = page(client, f"/articles/{hassake.article.id}")
    text = doc.visible
    assert taxonomy.label("opinion", "fr") in text and "0.87" in text
    assert "texte court" not in text  # a whole article: its genre stands
    # the genres not chosen, with their probabilities, so a close call looks close
    others = doc.all("p", **{"class": "muted other-genres"})
    assert len(others) == 1
    assert f"{taxonomy.label('reporting', 'fr')} 0.11" in text and "0.02" in text
    assert taxonomy.label("Security_and_defense", "fr") in text
    chips = doc.all("a", **{"class": "chip c-call"})
    assert {urlsplit(c["href"]).query for c in chips} == {
        "technique=Slogans",
        "technique=Appeal_to_Time",
    }
    assert len(doc.all("section", **{"class": "para"})) + len(
        doc.all("section", **{"class": "para subheading"})
    ) == len(hassake.article.paragraphs)


def test_a_titles_techniques_are_highlighted_in_the_title_and_listed_first(site):
    client, analyses = site
    asad = analyses["Des mi"]
    response = client.get(f"/articles/{asad.article.id}")
    head = response.text.split('<h1 id="article-title">')[1].split("</h1>")[0]
    assert head.startswith('<mark class="hl p-manipulative_wording') and 'data-f="1"' in head
    assert ASAD_TITLE_PHRASE in head
    doc = page(client, f"/articles/{asad.article.id}")
    chips = [c for c in doc.all("div") if c.get("class") == "chips title-chips"]
    assert chips and chips[0]["aria-label"] == "Techniques du titre"
    assert "Exaggeration-Minimisation" in response.text.split('class="chips title-chips"')[1][:600]
    # the title's finding comes first in reading order, placed in the title, not in a ¶
    first = response.text.split('id="f-1"')[1].split("</li>")[0]
    assert ASAD_TITLE_PHRASE in first and "Titre · " in first
    assert response.text.count('class="finding ') == len(asad.techniques) + 1


def test_a_best_guess_pointer_says_so_in_its_explanation(site):
    client, analyses = site
    asad = analyses["Des mi"]
    guesses = [f for f in [*asad.techniques, *asad.title_techniques] if f.approximate]
    assert guesses and len(guesses) < len(asad.techniques)
    html = client.get(f"/articles/{asad.article.id}").text
    items = html.split('<li class="finding ')[1:]
    marked = [i for i in items if i.startswith(tuple(f"c-{c} approx" for c in taxonomy.CATEGORIES))]
    assert len(marked) == len(guesses)
    note = "dans ce paragraphe, rien n’atteint le seuil de cette technique"
    assert all(note in i.split("</li>")[0] for i in marked)
    assert html.count(note) == len(guesses)


def test_captions_and_links_shown_apart_from_the_body(site):
    client, analyses = site
    html = client.get(f"/articles/{analyses['Saigné'].article.id}").text
    body_part, _, separated_part = html.partition('id="separated"')
    assert "Carte d&#39;al-Tanf.(illustration)" in separated_part
    assert "Lire plus: Risques de" in separated_part
    assert "Carte d&#39;al-Tanf" not in body_part.split('id="article-body"')[1]


def test_category_toggle_is_a_bookmarkable_url(site):
    client, analyses = site
    base = f"/articles/{analyses['Saigné'].article.id}"
    doc = page(client, f"{base}?only=call")
    reader = doc.all("div", **{"class": "reader"})[0]
    assert reader["data-only"] == "call"
    toggles = {t["data-category"]: t for t in doc.all("a") if "toggle" in (t.get("class") or "")}
    assert set(toggles) == {"", *taxonomy.CATEGORIES}
    assert toggles["call"].get("aria-current") == "true"
    assert toggles["justification"]["href"] == f"{base}?only=justification"
    bad = client.get(f"{base}?only=propaganda")
    assert bad.status_code == 400 and "unknown category &#39;propaganda&#39;" in bad.text


def test_a_short_articles_genre_says_it_is_uncertain(site):
    client, analyses = site
    hostile = analyses["<scrip"]
    doc = page(client, f"/articles/{hostile.article.id}")
    caveat = doc.all("p", **{"class": "muted genre-short"})
    assert len(caveat) == 1 and "texte court\u00a0: genre incertain" in doc.visible
    assert "satiriques" in caveat[0]["title"]  # why, on hover


def test_hostile_article_is_escaped_everywhere(site):
    client, analyses = site
    hostile = analyses["<scrip"]
    html = client.get(f"/articles/{hostile.article.id}").text
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned=1;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=" in html
    assert "<svg onload" not in html and "<p onclick" not in html
    doc = Elements(html)
    hrefs = [a.get("href") or "" for a in doc.all("a")]
    assert not any(h.strip().lower().startswith("javascript:") for h in hrefs)
    assert HOSTILE_URL in doc.visible  # shown as text for the analyst
    # the title carries a highlighted finding on its own payload: still text
    head = html.split('<h1 id="article-title">')[1].split("</h1>")[0]
    assert "<mark" in head and "&lt;script&gt;window.__pwned_title=1&lt;/script&gt;" in head
    listing = client.get("/articles").text
    assert "<script>window.__pwned_title" not in listing
    assert "&lt;script&gt;window.__pwned_title=1&lt;/script&gt;" in listing


def test_search_page_facets_and_bookmarkable_filters(site):
    client, _ = site
    doc = page(client, "/articles?q=Syrie&category=call")
    assert "1 article" in doc.visible
    pills = [a["href"] for a in doc.all("a", **{"class": "pill"})]
    assert "/articles?category=call" in pills  # removing the text query keeps the filter
    assert "/articles?q=Syrie" in pills
    hrefs = [a.get("href") or "" for a in doc.all("a")]
    facet_links = [h for h in hrefs if h.startswith("/articles?")]
    technique_link = next(h for h in facet_links if "technique=Slogans" in h)
    assert parse_qs(urlsplit(technique_link).query) == {
        "q": ["Syrie"],
        "category": ["call"],
        "technique": ["Slogans"],
    }
    exports = [h for h in hrefs if h.startswith("/api/export")]
    assert "/api/export?q=Syrie&category=call&format=csv&per=finding" in exports
    assert page(client, "/articles?q=zzzznothing").visible.count("No article matches") == 1


def test_search_page_bad_filter_is_an_html_error(site):
    client, _ = site
    response = client.get("/articles?technique=Lying")
    assert response.status_code == 400
    assert "unknown technique &#39;Lying&#39;" in response.text


def test_dashboard_draws_charts_and_top_phrases(site):
    client, _ = site
    doc = page(client, "/dashboard")
    assert len(doc.all("svg", **{"class": "chart bars"})) == 1
    bars = [r for r in doc.all("rect") if (r.get("class") or "").startswith("bar ")]
    assert len(bars) == 2 * 6  # two outlets with findings × six categories
    assert any(float(r["width"]) > 0 for r in bars)
    assert "Needs technique-analysed articles from at least two months" in doc.visible
    assert "terroristes américains" in doc.visible
    one = page(client, "/dashboard?phrases_for=Slogans")
    assert "Toutes les guerres doivent prendre fin" in one.visible
    data = client.get("/dashboard.json").json()
    assert data["articles"] == 3
    assert data["overall"]["category_rates"]["attack_on_reputation"] > 0


def test_map_page_uses_bundled_assets_only(site):
    client, _ = site
    doc = page(client, "/map?language=fr")
    node = doc.all("div", id="map")[0]
    assert node["data-places"] == "/api/places.geojson?language=fr"
    assert node["data-world"] == "/static/vendor/world-atlas/countries-110m.json"
    assert "data-tiles" not in node
    sources = [s["src"] for s in doc.all("script")] + [
        link["href"] for link in doc.all("link") if link.get("rel") == "stylesheet"
    ]
    assert sources and all(s.startswith("/static/") for s in sources)
    for src in sources:
        assert client.get(src.split("?")[0]).status_code == 200
    assert "Hassaké" in doc.visible


def test_vendored_assets_carry_their_licences(site):
    client, _ = site
    for package in ("leaflet", "leaflet.markercluster", "topojson-client", "world-atlas"):
        licence = client.get(f"/static/vendor/{package}/LICENSE")
        assert licence.status_code == 200 and len(licence.text) > 200


def test_analyse_form_shows_result_without_storing(site):
    client, _ = site
    text = "Un texte collé\n\nPremier paragraphe collé dans le formulaire.\n\nSecond paragraphe."
    response = client.post("/analyse", files={"text": (None, text), "source": (None, "Collé")})
    assert response.status_code == 200, response.text[:300]
    doc = Elements(response.text)
    # a French text: the whole page speaks French, form and notice included
    assert "Un texte collé" in doc.visible and "Analysé, non enregistré" in doc.visible
    assert len(doc.all("section", **{"class": "para"})) == 2
    assert client.get("/api/articles?source=Collé").json()["total"] == 0


def test_analyse_form_upload_and_store(site):
    client, _ = site
    html = (
        "<html><body><article><h1>Page téléversée</h1><p>Un long paragraphe de page web "
        "téléversée depuis le disque de l'analyste, assez long pour être gardé.</p><p>Encore "
        "un paragraphe pour que l'extraction se passe bien et garde le texte.</p></article>"
        "</body></html>"
    )
    response = client.post(
        "/analyse",
        files={
            "file": ("page.html", html.encode("utf-8"), "text/html"),
            "source": (None, "Téléversé"),
            "store": (None, "1"),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]
    stored = client.get(response.headers["location"] + ".json").json()
    assert stored["article"]["source"] == "Téléversé"
    assert "téléversée depuis le disque" in stored["article"]["body"]


def test_analyse_form_errors_are_shown_on_the_form(site):
    client, _ = site
    response = client.post("/analyse", files={"title": (None, "Sans texte")})
    assert response.status_code == 422
    doc = Elements(response.text)
    assert "give exactly one of text, html or url" in doc.visible
    assert doc.all("input", id="f-title")[0]["value"] == "Sans texte"  # kept for a retry


def test_unknown_page_is_an_html_404(site):
    client, _ = site
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "Not found" in response.text


def test_id_prefix_redirects_to_the_canonical_article_url(site):
    client, analyses = site
    full = analyses["Des mi"].article.id
    response = client.get(f"/articles/{full[:7]}?only=call", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == f"/articles/{full}?only=call"


def test_analyse_page_json_twin(site):
    client, _ = site
    text = "Titre du jumeau\n\nUn paragraphe analysé, rendu en JSON."
    response = client.post("/analyse?format=json", files={"text": (None, text)})
    assert response.status_code == 200
    assert response.json()["article"]["title"] == "Titre du jumeau"
    missing = client.post("/analyse?format=json", files={"source": (None, "x")})
    assert missing.status_code == 422 and "exactly one" in missing.json()["error"]["message"]


def test_corpus_pages_speak_the_browsers_language(site):
    client, _ = site
    french = {"Accept-Language": "de-CH, fr;q=0.8, en;q=0.5", "Accept": "text/html"}
    with httpx.Client(base_url=client.base_url, timeout=30, headers=french) as browser:
        dashboard = browser.get("/dashboard")
        articles = browser.get("/articles")
        places = browser.get("/map")
        missing = browser.get("/no/such/page")
    assert '<html lang="fr">' in dashboard.text
    assert dashboard.headers["vary"] == "Accept-Language, Cookie"  # caches keep each language
    board = Elements(dashboard.text).visible
    assert "Tableau de bord du corpus" in board and "Taux par technique et par média" in board
    assert taxonomy.label("Loaded_Language", "fr") in board
    assert "Corpus dashboard" not in board and "Technique rates by outlet" not in board
    listing = Elements(articles.text).visible
    assert "Appliquer" in listing and "Carte" in listing and "Apply" not in listing
    assert taxonomy.label("opinion", "fr") in listing  # the genre facet
    assert "Lieux cités" in Elements(places.text).visible
    assert missing.status_code == 404 and "Introuvable" in missing.text
    # no language the workbench speaks: English
    german = client.get("/dashboard", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert "Corpus dashboard" in german.text and '<html lang="en">' in german.text


def test_a_chosen_language_is_remembered_and_wins_over_the_articles(site):
    client, analyses = site
    french_article = f"/articles/{analyses['Saigné'].article.id}"
    with httpx.Client(base_url=client.base_url, timeout=30, headers={"Accept": "text/html"}) as b:
        default = Elements(b.get(french_article).text).visible
        assert "Constats" in default  # no choice yet: the article's language
        chosen = b.get("/dashboard?lang=en", headers={"Accept-Language": "fr"})
        assert "spinscope_lang=en" in chosen.headers["set-cookie"]
        assert "Corpus dashboard" in chosen.text  # the choice beats the browser
        article = Elements(b.get(french_article).text)
        assert "Findings" in article.visible and "Constats" not in article.visible
        switch = article.all("a", hreflang="fr")[0]
        assert switch["href"] == f"{french_article}?lang=fr"
        assert article.all("a", hreflang="en")[0]["aria-current"] == "true"
        b.get(switch["href"])
        assert "Tableau de bord du corpus" in b.get("/dashboard").text
        bad = b.get("/dashboard?lang=xx")
    assert bad.status_code == 400 and "lang must be one of en, fr" in bad.text
    # a 404 at "//elsewhere" must not make the switch a link to another site
    for path in ("//evil.example/x", "/\\evil.example/x"):
        missing = Elements(client.get(str(client.base_url).rstrip("/") + path).text)
        hrefs = [a["href"] for a in missing.all("a") if a.get("hreflang")]
        assert len(hrefs) == 2 and all(h.startswith("/") and h[1] not in "/\\" for h in hrefs)


def test_taxonomy_page_defines_and_illustrates_every_name(site):
    client, analyses = site
    doc = page(client, "/taxonomy")
    anchors = {d["id"] for d in doc.all("div", **{"class": "tax-entry"})}
    names = [*taxonomy.TECHNIQUES, *taxonomy.FRAMES, *taxonomy.GENRES]
    assert anchors == set(names) and len(names) == 23 + 14 + 3
    for name in names:
        assert taxonomy.definition(name, "en") in doc.visible
        assert taxonomy.example(name, "en") in doc.visible
    links = {a["href"] for a in doc.all("a")}
    assert "/articles?technique=Loaded_Language" in links and "/articles?frame=Political" in links
    with httpx.Client(base_url=client.base_url, timeout=30) as french_browser:
        french = Elements(french_browser.get("/taxonomy?lang=fr").text).visible
    assert taxonomy.example("Name_Calling-Labeling", "fr") in french and "Taxonomie" in french
    assert client.get("/taxonomy.json").json() == client.get("/api/taxonomy").json()
    # every finding in the reader links to its entry
    reader = page(client, f"/articles/{analyses['Saigné'].article.id}")
    more = [a["href"] for a in reader.all("a", **{"class": "f-more"})]
    assert more and all(h.removeprefix("/taxonomy#") in anchors for h in more)


def test_the_provenance_panel_names_stages_from_other_models(tmp_path):
    from conftest import build_analysis
    from spinscope.extract import dates

    analysis = build_analysis(
        ["Le 3 mars 2021, il a parlé."], stages=("language", "segment", "dates", "quotes")
    )
    analysis.models.update({"dates": dates.MODEL, "quotes": "rules:quotes-0"})
    db = tmp_path / "provenance.db"
    with open_store(db) as store:
        store.put(analysis)
    with (
        running_server(db, "--stages", "segment") as base,
        httpx.Client(base_url=base, timeout=30, headers={"Accept": "text/html"}) as client,
    ):
        url = f"/articles/{analysis.article.id}"
        shown = " ".join(page(client, f"{url}?lang=en").visible.split()).split("Provenance")[1]
        french = " ".join(page(client, f"{url}?lang=fr").visible.split())
    assert "quotes: rules:quotes-0 — other models than those installed" in shown
    assert f"dates: {dates.MODEL} —" not in shown
    assert "with the installed models: spinscope reanalyse" in shown
    assert "rules:quotes-0 — autres modèles que ceux installés" in french
