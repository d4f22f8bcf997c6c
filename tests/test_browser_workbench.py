"""The workbench in a real browser: Playwright driving Debian's Chromium.

Open a seed article, see its highlighted phrases, click one and read its
definition, walk the findings with the keyboard, show one category, search and
reach the article again; a page built from hostile markup runs nothing; the map
and dashboard draw with no network. Every request leaving the test server is
blocked and recorded, so "works offline" is checked, not assumed.
"""

from __future__ import annotations

import re

import pytest

from spinscope.persuasion import taxonomy
from spinscope.store import open_store
from web_fixtures import hostile_analysis, running_server, seed_analyses

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "browser.db"
    analyses = [*seed_analyses(), hostile_analysis()]
    with open_store(db) as store:
        for analysis in analyses:
            store.put(analysis)
    with running_server(db, "--stages", "segment") as base:
        yield base, {a.article.title[:6]: a for a in analyses}


class Watched:
    """A page with every dialog, console error, page error and off-site request recorded."""

    def __init__(self, browser, base: str, locale: str = "en-GB") -> None:
        # the locale sets Accept-Language, which the corpus pages' language follows
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, locale=locale)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.offsite: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on(
            "console",
            lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None,
        )
        self.context.route(re.compile(r"^(?!" + re.escape(base) + r")"), self._block)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _block(self, route) -> None:
        self.offsite.append(route.request.url)
        route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser, site):
    view = Watched(browser, site[0])
    yield view
    view.close()
    assert view.offsite == [], f"requests left the server: {view.offsite}"


def test_seed_article_highlights_and_explains_a_phrase(watched, site):
    base, analyses = site
    page = watched.page
    page.goto(f"{base}/articles/{analyses['Saigné'].article.id}")
    marks = page.locator("mark.hl")
    assert marks.count() >= 11
    phrase = page.locator("mark.hl", has_text="terroristes américains").first
    assert phrase.is_visible()
    phrase.click()
    card = page.locator("#finding-card")
    card.wait_for(state="visible")
    label = taxonomy.label("Name_Calling-Labeling", "fr")
    current = card.locator(".finding-body.is-current")
    assert label in current.locator(".f-tech").inner_text()
    assert taxonomy.label("attack_on_reputation", "fr") in current.inner_text()
    assert "0.93" in current.inner_text()
    assert taxonomy.definition("Name_Calling-Labeling", "fr") in current.inner_text()
    assert card.locator(".finding-body").count() == 2  # the overlapping exaggeration is listed
    assert "2 se chevauchent ici" in card.locator(".card-title").text_content()
    assert watched.errors == []
    page.keyboard.press("Escape")
    card.wait_for(state="hidden")


def test_keyboard_walks_through_findings(watched, site):
    base, analyses = site
    page = watched.page
    page.goto(f"{base}/articles/{analyses['Saigné'].article.id}")
    page.locator("h1").click()
    page.keyboard.press("j")
    title = page.locator("#finding-card .card-title")
    assert title.text_content().startswith("Constat 1 sur 11")
    focused = page.evaluate("document.activeElement.getAttribute('data-first')")
    assert focused is not None and "1" in focused.split()
    page.keyboard.press("j")
    page.keyboard.press("n")
    assert title.text_content().startswith("Constat 3 sur 11")
    page.keyboard.press("k")
    assert title.text_content().startswith("Constat 2 sur 11")
    page.keyboard.press("p")
    page.keyboard.press("p")  # wraps to the last finding
    assert title.text_content().startswith("Constat 11 sur 11")
    # Tab reaches a phrase and Enter explains it.
    page.keyboard.press("Escape")
    page.locator("mark.hl[data-first]").first.focus()
    page.keyboard.press("Enter")
    assert page.locator("#finding-card").is_visible()
    assert watched.errors == []


def test_show_only_one_category(watched, site):
    base, analyses = site
    page = watched.page
    page.goto(f"{base}/articles/{analyses['Saigné'].article.id}")
    page.locator("a.toggle[data-category='call']").click()
    assert page.url.endswith("?only=call")  # bookmarkable without a reload
    assert page.locator(".reader").get_attribute("data-only") == "call"
    styles = page.evaluate(
        """() => Array.from(document.querySelectorAll('mark.hl')).map(m => ({
            call: m.classList.contains('has-call'),
            background: getComputedStyle(m).backgroundImage + getComputedStyle(m).backgroundColor
        }))"""
    )
    shown = [s for s in styles if s["call"]]
    hidden = [s for s in styles if not s["call"]]
    assert len(shown) == 2 and hidden
    assert all(s["background"] == "nonergba(0, 0, 0, 0)" for s in hidden)
    assert all(s["background"] != "nonergba(0, 0, 0, 0)" for s in shown)
    visible_findings = page.locator("#findings-list > li.finding:visible")
    assert visible_findings.count() == 2
    page.keyboard.press("j")
    assert page.locator("#finding-card .card-title").text_content().startswith("Constat 1 sur 2")
    # The bookmarked URL opens in the same state.
    page.goto(page.url)
    assert page.locator(".reader").get_attribute("data-only") == "call"
    page.locator("a.toggle[data-category='']").click()
    assert page.locator(".reader").get_attribute("data-only") is None
    assert "only=" not in page.url
    assert watched.errors == []


def test_search_then_reach_the_article_again(watched, site):
    base, analyses = site
    page = watched.page
    page.goto(f"{base}/articles")
    page.fill("#q", "débandade")
    page.locator(".searchbar button").click()
    page.wait_for_url(re.compile(r"/articles\?q=d%C3%A9bandade"))
    hits = page.locator(".hit")
    assert hits.count() == 1
    assert hits.locator("mark.match").first.inner_text().lower() == "débandade"
    page.locator(".facet[data-facet='technique'] a", has_text="Casting doubt").click()
    assert "technique=Doubt" in page.url and "q=d%C3%A9bandade" in page.url
    page.locator(".hit-title a").click()
    asad = analyses["Des mi"].article
    page.wait_for_url(f"{base}/articles/{asad.id}")
    assert page.locator("h1").inner_text() == asad.title
    assert page.locator("mark.hl", has_text="débandade").count() == 1
    assert watched.errors == []


def test_hostile_article_renders_as_text_and_runs_nothing(watched, site):
    base, analyses = site
    page = watched.page
    hostile = analyses["<scrip"]
    for url in (f"{base}/articles/{hostile.article.id}", f"{base}/articles"):
        page.goto(url)
        page.wait_for_load_state("load")
        page.mouse.move(300, 400)
        for mark in page.locator("mark.hl").all():
            mark.click()
        flags = page.evaluate(
            "() => [window.__pwned, window.__pwned_img, window.__pwned_title, window.__pwned_link]"
        )
        assert flags == [None, None, None, None]
        assert (
            page.locator("main img, main svg[onload], main [onerror], main [onclick]").count() == 0
        )
        assert page.locator("a[href^='javascript:' i]").count() == 0
        assert page.locator("main script").count() == 0
    page.goto(f"{base}/articles/{hostile.article.id}")
    assert page.locator("h1").inner_text() == hostile.article.title  # literal text
    body = page.locator("#article-body").inner_text()
    assert "<script>window.__pwned=1;alert('xss')</script>" in body
    assert "<img src=x onerror=\"window.__pwned_img=1;alert('img')\">" in body
    assert "javascript:window.__pwned_link=1" in body
    assert page.locator(".unsafe-url").inner_text() == hostile.article.url
    page.locator("#article-body mark.hl", has_text="<script>").click()
    assert "<script>" in page.locator("#finding-card .f-phrase").first.inner_text()
    # the title's own finding opens the same card, its payload still text
    page.locator("h1 mark.hl").click()
    card = page.locator("#finding-card .f-phrase").first.inner_text()
    assert card == "<script>window.__pwned_title=1</script>"
    assert watched.dialogs == []
    assert watched.errors == []


def test_hostile_text_pasted_into_the_analyse_page_runs_nothing(watched, site):
    base, analyses = site
    page = watched.page
    hostile = analyses["<scrip"].article
    page.goto(f"{base}/analyse")
    page.fill("#f-text", f"{hostile.title}\n\n{hostile.body}")
    page.locator("button.primary").click()
    page.wait_for_load_state("load")
    # the pasted text is French, so the page around its analysis is too
    assert "Analysé, non enregistré" in page.locator(".notice").first.inner_text()
    assert page.locator("h1#article-title").inner_text().startswith("<script>")
    assert page.evaluate("() => window.__pwned === undefined && window.__pwned_img === undefined")
    assert watched.dialogs == [] and watched.errors == []


def test_map_draws_offline_with_clusters_linking_to_articles(watched, site):
    from playwright.sync_api import expect

    base, analyses = site
    page = watched.page
    page.goto(f"{base}/map")
    page.wait_for_selector("#map[data-world-loaded='true'][data-markers='4']")
    countries = page.locator(".leaflet-overlay-pane path")
    assert countries.count() > 150  # the bundled world outline, no tiles
    assert page.locator(".leaflet-tile").count() == 0
    # zoom out step by step, each step once the zoom and the clusters have
    # settled (clicks during an animation used to make the level reached vary),
    # until the four places merge into one cluster that counts them
    settled = "#map:not(.leaflet-zoom-anim):not(.leaflet-cluster-anim)"
    cluster = page.locator(".marker-cluster")
    for _ in range(6):
        page.wait_for_selector(settled)
        if cluster.count() == 1 and cluster.first.inner_text().strip() == "4":
            break
        page.locator(".leaflet-control-zoom-out").click()
        page.wait_for_timeout(300)
    page.wait_for_selector(settled)
    assert cluster.count() == 1
    expect(cluster.first).to_have_text("4")
    page.goto(f"{base}/map?source=French%20Press%20TV")
    page.wait_for_selector("#map[data-markers='4']")
    page.evaluate("() => null")
    page.goto(f"{base}/map?language=en")
    page.wait_for_selector("#map[data-markers='0']")
    page.goto(f"{base}/map")
    page.wait_for_selector("#map[data-markers='4']")
    # a marker clicked while the zoom or the clusters still animate opens no popup
    for _ in range(6):
        page.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(300)
        page.wait_for_selector(settled)
        if page.locator("path.leaflet-interactive[fill='#e0663a']").count() >= 1:
            break
    page.wait_for_selector(settled)
    marker = page.locator("path.leaflet-interactive[fill='#e0663a']").first
    marker.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    link = popup.locator("a").first
    target = link.get_attribute("href")
    assert target in {f"/articles/{a.article.id}" for a in analyses.values()}
    link.click()
    page.wait_for_url(f"{base}{target}")
    assert watched.errors == []


def test_dashboard_renders_charts(watched, site):
    base, _ = site
    page = watched.page
    page.goto(f"{base}/dashboard")
    assert page.locator("svg.chart.bars rect.bar").count() == 12
    box = page.locator("svg.chart.bars").bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    title = page.locator("svg.chart.bars rect.bar title").first.text_content()
    assert "% of paragraphs" in title
    assert page.locator("table.heatmap tbody tr").count() == 23
    assert watched.errors == []


def test_a_french_browser_gets_french_pages_until_the_analyst_switches(browser, site):
    base, _ = site
    view = Watched(browser, base, locale="fr-FR")
    try:
        page = view.page
        page.goto(f"{base}/map")
        page.wait_for_selector("#map[data-world-loaded='true']")
        assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "Zoomer"
        page.goto(f"{base}/dashboard")
        assert page.locator("h1").inner_text() == "Tableau de bord du corpus"
        assert page.locator("html").get_attribute("lang") == "fr"
        title = page.locator("svg.chart.bars rect.bar title").first.text_content()
        assert "des paragraphes" in title
        page.locator(".lang-switch a[hreflang='en']").click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "Corpus dashboard"
        page.locator(".topbar nav a[href='/map']").click()  # the choice follows the analyst
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "Places mentioned"
        assert page.locator(".lang-switch a[aria-current='true']").inner_text() == "EN"
        assert view.errors == [] and view.dialogs == []
    finally:
        view.close()
    assert view.offsite == []


def test_the_timelines_last_month_label_stays_inside_the_chart(browser, tmp_path):
    """The last month's label is centred on the plot's right edge; it was cut in half."""
    db = tmp_path / "dated.db"
    hassake, asad = seed_analyses()
    with open_store(db) as store:
        for analysis, published in ((hassake, "2020-11-12"), (asad, "2023-11-03")):
            article = analysis.article.model_copy(update={"published": published})
            store.put(analysis.model_copy(update={"article": article}))
    with running_server(db, "--stages", "segment") as base:
        view = Watched(browser, base)
        try:
            view.page.goto(f"{base}/dashboard")
            chart = view.page.locator("svg.chart.timeline")
            width = float(chart.get_attribute("viewBox").split()[2])
            labels = chart.locator("text.tick[text-anchor=middle]")
            assert [labels.nth(i).text_content() for i in range(labels.count())][-1] == "2023-11"
            box = labels.last.evaluate("t => { const b = t.getBBox(); return [b.x, b.width]; }")
            assert box[0] >= 0 and box[0] + box[1] <= width, (box, width)
            assert view.errors == []
        finally:
            view.close()


def test_a_wide_area_is_drawn_as_an_area_and_says_so(browser, tmp_path):
    """« Moyen-Orient » stands at a rough centre ±1500 km: a hollow, dashed marker whose
    popup says so, unlike a town's solid one."""
    from spinscope.article import Entity, Mention, Place

    hassake, _ = seed_analyses()
    body = hassake.article.body
    at = body.index("Syrie")
    mention = Mention(start=at, end=at + 5, text="Syrie")
    wide = Place(
        name="Moyen-Orient",
        status="resolved",
        latitude=29.0,
        longitude=45.0,
        precision_km=1500,
        feature="region",
        gazetteer_name="Middle East",
        mentions=[mention],
    )
    town = Place(
        name="Homs",
        status="resolved",
        latitude=34.72,
        longitude=36.72,
        country="SY",
        feature="city",
        gazetteer_name="Homs",
        mentions=[mention],
    )
    analysis = hassake.model_copy(
        update={
            "places": [wide, town],
            "entities": [Entity(canonical="Homs", type="place", mentions=[mention])],
        }
    )
    db = tmp_path / "areas.db"
    with open_store(db) as store:
        store.put(analysis)
    with running_server(db, "--stages", "segment") as base:
        view = Watched(browser, base, locale="fr-FR")
        try:
            page = view.page
            page.goto(f"{base}/map")
            page.wait_for_selector("#map[data-markers='2']")
            page.wait_for_selector("path.wide-area")  # once the clusters have settled
            area = page.locator("path.wide-area")
            assert area.count() == 1 and area.get_attribute("stroke-dasharray") == "3 3"
            assert page.locator("path.leaflet-interactive[fill='#e0663a']").count() == 1
            area.click(force=True)
            note = page.locator(".leaflet-popup-content .wide-note")
            note.wait_for()
            assert "centre approximatif" in note.inner_text() and "±1500 km" in note.inner_text()
            row = page.locator("table.places tr", has_text="Moyen-Orient")
            assert "±1500 km" in row.inner_text()
            assert view.errors == []
        finally:
            view.close()
