"""The analyse page lists the stored articles telling the story of the text analysed.

A fact-checker pastes an article and asks whether the corpus already holds its story, in
any language, without storing it. Real server, real store, the real entities and places
stages on the pasted text.
"""

from __future__ import annotations

import re

import httpx
import pytest

from web_fixtures import running_server
from web_story_fixtures import story_store

PASTED = (
    "L'Irak reçoit la Turquie\n\n"
    "Le ministre turc Mevlüt Çavuşoğlu a été reçu à Bagdad par le président Barham Saleh.\n\n"
    "L'Irak ne veut pas servir de base à des attaques, a-t-on appris de source officielle."
)


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    db = tmp_path_factory.mktemp("analysed") / "stories.db"
    return db, {role: a.article.id for role, a in story_store(db).items()}


def test_a_pasted_text_lists_the_stored_telling_of_its_story(stored):
    db, ids = stored
    with (
        running_server(db, "--stages", "entities,places") as base,
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        client.get("/api/stories").raise_for_status()  # the whole-store index, built once
        response = client.post("/analyse", data={"text": PASTED, "lang": "en"})
        assert response.status_code == 200, response.text
        html = response.text
        panel = re.search(r'<section class="panel related".*?</section>', html, re.S)
        assert panel is not None, "no related panel on the analyse page"
        links = re.findall(r'href="([^"]+)"', panel.group(0))
        # the French and the English telling of the same story, nothing unrelated
        assert f"/articles/{ids['french']}" in links
        assert f"/articles/{ids['english']}" in links
        assert f"/articles/{ids['unrelated']}" not in links
        # not stored: no JSON twin for it, and the store still holds only its six
        assert not any(link.startswith("/api/articles/") for link in links)
        assert client.get("/api/stories").json()["articles"] == 6
