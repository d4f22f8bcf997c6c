"""Shared fixtures: real stores in temporary files and hand-built analyses.

Analyses are built from the real data model (no model is loaded), so store,
report and export tests run in milliseconds and say exactly what they stored.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from spinscope.article import (
    Analysis,
    Article,
    Claim,
    DateMention,
    Entity,
    LabelScore,
    Mention,
    Paragraph,
    ParagraphTechniques,
    Place,
    Quote,
    Separated,
    TechniqueFinding,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "samples" / "seeds"
SEMEVAL = SHARED / "data" / "semeval2023"
SPINSCOPE = [sys.executable, "-m", "spinscope.cli"]

# rebuildable files (the gazetteer's GeoNames part) go under the repo's .cache, not ~/.cache
os.environ.setdefault("SPINSCOPE_CACHE_DIR", str(REPO / ".cache" / "spinscope"))


def build_article(
    paragraphs: Iterable[str],
    *,
    title: str = "Un titre",
    source: str | None = "Test Outlet",
    published: str | None = "2020-11-14",
    language: str | None = "fr",
    url: str | None = None,
    separated: Iterable[Separated] = (),
) -> Article:
    """An Article whose body is ``paragraphs`` joined by blank lines, offsets exact."""
    body, spans, cursor = "", [], 0
    for i, text in enumerate(paragraphs):
        if i:
            body += "\n\n"
            cursor += 2
        spans.append(Paragraph(index=i, start=cursor, end=cursor + len(text)))
        body += text
        cursor += len(text)
    return Article(
        title=title,
        source=source,
        published=published,
        language=language,
        url=url,
        body=body,
        paragraphs=tuple(spans),
        separated=tuple(separated),
    )


def finding(
    article: Article,
    paragraph: int,
    phrase: str,
    technique: str,
    category: str,
    score: float = 0.8,
    definition: str = "",
) -> TechniqueFinding:
    """A technique finding on the first occurrence of ``phrase`` in the paragraph."""
    p = article.paragraphs[paragraph]
    start = article.body.index(phrase, p.start, p.end)
    return TechniqueFinding(
        start=start,
        end=start + len(phrase),
        text=phrase,
        score=score,
        paragraph=paragraph,
        technique=technique,
        category=category,
        definition=definition,
        model="test",
    )


def build_analysis(
    paragraphs: Iterable[str] = ("Premier paragraphe.", "Deuxième paragraphe."),
    *,
    techniques: Iterable[tuple[int, str, str, str]] = (),
    frames: Iterable[tuple[str, float]] = (),
    genre: tuple[str, float] | None = None,
    genre_scores: Iterable[tuple[str, float]] = (),
    places: Iterable[Place] = (),
    stages: Iterable[str] = ("language", "segment"),
    **article_fields,
) -> Analysis:
    """An Analysis with findings given as (paragraph, phrase, technique, category)."""
    article = build_article(paragraphs, **article_fields)
    found = [finding(article, p, phrase, tech, cat) for p, phrase, tech, cat in techniques]
    per_paragraph: dict[int, list[LabelScore]] = {}
    for f in found:
        per_paragraph.setdefault(f.paragraph, []).append(LabelScore(label=f.technique, score=0.8))
    return Analysis(
        article=article,
        techniques=found,
        paragraph_techniques=[
            ParagraphTechniques(paragraph=p, labels=labels) for p, labels in per_paragraph.items()
        ],
        frames=[LabelScore(label=f, score=s) for f, s in frames],
        genre=LabelScore(label=genre[0], score=genre[1]) if genre else None,
        genre_scores=[LabelScore(label=g, score=s) for g, s in genre_scores],
        places=list(places),
        stages=list(stages),
    )


def rich_analysis() -> Analysis:
    """An analysis with every kind of finding, on text holding hostile markup."""
    analysis = build_analysis(
        [
            "L'[bold]armée[/bold] américaine mène une guerre criminelle en Syrie.",
            "Selon Damas, le 12 novembre, « les troupes US pillent le pétrole », "
            "a déclaré le ministre.",
            "Intertitre",
        ],
        title="Troupes US en [red]Syrie[/red]",
        source="French Press TV",
        published="2020-11-14",
        techniques=[
            (0, "guerre criminelle", "Loaded_Language", "manipulative_wording"),
            (1, "pillent le pétrole", "Name_Calling-Labeling", "attack_on_reputation"),
        ],
        frames=[("Political", 0.7), ("Security_and_defense", 0.9)],
        genre=("opinion", 0.91),
        genre_scores=[("opinion", 0.91), ("reporting", 0.07), ("satire", 0.02)],
        stages=[
            "language",
            "segment",
            "techniques",
            "genre",
            "frames",
            "entities",
            "places",
            "dates",
            "quotes",
        ],
        separated=[Separated(kind="caption", text="Carte d'al-Tanf.(illustration)")],
    )
    body = analysis.article.body
    syria = body.index("Syrie")
    damas = body.index("Damas")
    day = body.index("12 novembre")
    quote_start = body.index("« les")
    quote_end = body.index("»") + 1
    return analysis.model_copy(
        update={
            "entities": [
                Entity(
                    canonical="Syrie",
                    type="place",
                    mentions=[Mention(start=syria, end=syria + 5, text="Syrie")],
                ),
                Entity(
                    canonical="Damas",
                    type="place",
                    mentions=[Mention(start=damas, end=damas + 5, text="Damas")],
                ),
            ],
            "places": [
                Place(
                    name="Syrie",
                    status="resolved",
                    latitude=35.0,
                    longitude=38.0,
                    country="SY",
                    geonames_id=163843,
                    feature="country",
                    precision_km=250,
                    gazetteer_name="Syria",
                    mentions=[Mention(start=syria, end=syria + 5, text="Syrie")],
                ),
                Place(name="Nulle-Part", status="unknown"),
            ],
            "dates": [
                DateMention(
                    start=day,
                    end=day + 11,
                    text="12 novembre",
                    value="2020-11-12",
                    granularity="day",
                    year_inferred=True,
                )
            ],
            "quotes": [
                Quote(
                    start=quote_start,
                    end=quote_end,
                    text=body[quote_start:quote_end],
                    kind="direct",
                    speaker="le ministre",
                    cue="a déclaré",
                )
            ],
            "claims": [
                Claim(
                    start=0,
                    end=len("L'[bold]armée[/bold] américaine mène une guerre criminelle en Syrie."),
                    text=body.split("\n\n")[0],
                    sourced=False,
                ),
                Claim(
                    start=quote_start,
                    end=quote_end,
                    text=body[quote_start:quote_end],
                    sourced=True,
                    source="Damas",
                    source_kind="anonymous",
                    category="military",
                ),
            ],
        }
    )


@pytest.fixture
def store(tmp_path):
    from spinscope.store import open_store

    s = open_store(tmp_path / "test.db")
    yield s
    s.close()


@pytest.fixture
def cli_env(tmp_path):
    """Environment for CLI subprocesses: the test's own DB, no colour codes."""
    env = dict(os.environ)
    env["SPINSCOPE_DB"] = str(tmp_path / "cli.db")
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "120"
    env["TERM"] = "dumb"
    return env


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module (no browser download)."""
    from web_fixtures import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium (no browser is downloaded)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
