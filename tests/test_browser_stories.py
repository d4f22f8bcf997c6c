"""Stories in a real browser: Playwright driving Debian's Chromium over a real server.

An analyst opens the stories, finds the French and English tellings of one story side by
side, follows one to its article, and goes on to the other through the related panel.
Titles, names and outlets made of markup run nothing there. Requests leaving the test
server are blocked and recorded, as are dialogs and script errors.
"""

from __future__ import annotations

import re

import pytest

from web_fixtures import running_server
from web_story_fixtures import HOSTILE_NAME, HOSTILE_SOURCE, HOSTILE_TITLE, story_store

pytestmark = pytest.mark.browser

PWNED = "() => Object.keys(window).filter(k => k.startsWith('__pwned'))"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser-stories") / "stories.db"
    analyses = story_store(db)
    with running_server(db, "--stages", "segment") as base:
        yield base, analyses


@pytest.fixture
def watched(browser, site):
    """A page (English UI) with dialogs, script errors and off-site requests recorded."""
    base = site[0]
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
    page = context.new_page()
    seen: dict[str, list[str]] = {"dialogs": [], "errors": [], "offsite": []}

    def dialog(d) -> None:
        seen["dialogs"].append(d.message)
        d.dismiss()

    def block(route) -> None:
        seen["offsite"].append(route.request.url)
        route.abort()

    page.on("dialog", dialog)
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    context.route(re.compile(r"^(?!" + re.escape(base) + r")"), block)
    yield page, seen
    context.close()
    assert seen == {"dialogs": [], "errors": [], "offsite": []}


def test_from_a_story_to_its_other_telling_through_the_related_panel(site, watched):
    from playwright.sync_api import expect

    base, analyses = site
    page, _ = watched
    french, english = analyses["french"].article, analyses["english"].article
    page.goto(f"{base}/stories")
    expect(page.get_by_role("link", name="Stories")).to_have_attribute("aria-current", "page")
    story = page.locator("section.story").filter(has_text=english.title)
    expect(story).to_have_count(1)
    expect(story.locator("ol.story-articles > li")).to_have_count(2)
    expect(story.get_by_role("link", name=french.title)).to_be_visible()
    expect(story.locator("table.outlets tbody tr")).to_have_count(2)  # one row per outlet

    story.get_by_role("link", name=english.title).click()
    expect(page).to_have_url(f"{base}/articles/{english.id}")
    panel = page.locator("#related")
    expect(panel.get_by_role("heading")).to_contain_text("Related coverage")
    expect(panel.locator(".related-list > li")).to_have_count(1)
    expect(panel).to_contain_text("Le Courrier du Golfe · fr · 2020-11-14")
    expect(panel).to_contain_text("shared names: Baghdad, Barham Salih, Iraq, Mevlut Cavusoglu")

    panel.get_by_role("link", name=french.title).click()
    expect(page).to_have_url(f"{base}/articles/{french.id}")
    # a French article is explained in French: « Même sujet ailleurs »
    panel = page.locator("#related")
    expect(panel.get_by_role("heading")).to_contain_text("Même sujet ailleurs")
    expect(panel.get_by_role("link", name=english.title)).to_be_visible()


def test_hostile_titles_names_and_outlets_run_nothing(site, watched):
    from playwright.sync_api import expect

    base, analyses = site
    page, _ = watched
    page.goto(f"{base}/stories")
    story = page.locator("section.story").filter(has_text="Zelensky in Kherson")
    title = story.locator("a.story-title").first
    expect(title).to_have_text(HOSTILE_TITLE)  # the markup shown as the text it is
    expect(story.locator(".shared-names")).to_contain_text(HOSTILE_NAME)
    expect(story.locator("table.outlets")).to_contain_text(HOSTILE_SOURCE)
    story.locator("table.outlets tbody th").first.hover()  # an onmouseover, were it markup
    assert story.locator("script, img, b").count() == 0
    assert page.evaluate(PWNED) == []

    page.get_by_role("link", name="Zelensky in Kherson").click()
    expect(page).to_have_url(f"{base}/articles/{analyses['partner'].article.id}")
    link = page.locator("#related .related-title").first
    expect(link).to_have_text(HOSTILE_TITLE)
    expect(page.locator("#related .related-shared")).to_contain_text(HOSTILE_NAME)
    assert page.locator("#related script, #related img").count() == 0
    assert page.evaluate(PWNED) == []
