"""Rebuild the README screenshots of the web workbench (docs/screenshot-*.png).

    .venv/bin/python docs/screenshots.py

A demonstration store is built in a temporary folder from real material only:

- the SemEval-2023 training articles with their gold annotations (technique
  spans, genre, frames, by the task's annotators), outlet shown as
  "SemEval-2023 gold (LANG)" since the data names no outlet;
- the seed articles and the samples, analysed by the full pipeline (stages
  that cannot load here, e.g. an untrained model, are skipped and reported).

Then the real server is started and Chromium (Debian's, through Playwright)
takes the pictures. Nothing leaves the machine.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "benchmarks"), str(REPO / "tests")]

from bench_api import gold_analyses, sample_articles  # noqa: E402

from spinscope.article import Article  # noqa: E402
from spinscope.persuasion.encoder import VectorCache, set_default_cache  # noqa: E402
from spinscope.pipeline import STAGES, analyze  # noqa: E402
from spinscope.store import open_store  # noqa: E402
from web_fixtures import CHROMIUM, CHROMIUM_ARGS, running_server  # noqa: E402

DOCS = REPO / "docs"
ARTICLE = "article237.txt"  # French opinion piece, gold spans in all six categories
WIDTH, HEIGHT = 1440, 900


def usable_stages() -> list[str]:
    """Stages that run here: each is tried alone on a short text first."""
    probe = "Un titre\n\nLe ministre a déclaré à Paris le 3 mars : « Nous gagnerons. »"
    usable = []
    for name in STAGES:
        try:
            analyze(probe, only=[name])
            usable.append(name)
        except Exception as exc:  # a missing model or module: say so, keep going
            print(f"stage {name} skipped: {type(exc).__name__}: {exc}", file=sys.stderr)
    return usable


SEED = "000_6c7814d4588fa08b.txt"  # a seed, as the shipped models analyse it


def build(db: Path) -> tuple[str, str | None]:
    """Fill the demo store; return the ids of the gold article and of the seed to show."""
    stages = usable_stages()
    chosen = seed = None
    with open_store(db) as store:
        # vectors cached beside the articles, as ``spinscope ingest`` does: stories read them
        set_default_cache(VectorCache(db))
        for analysis in gold_analyses():
            code = analysis.article.language or "?"
            article = Article.model_validate(
                {**analysis.article.model_dump(), "source": f"SemEval-2023 gold ({code})"}
            )
            analysis = analysis.model_copy(update={"article": article})
            store.put(analysis)
            if (analysis.article.origin or "").endswith(f"/fr/train-articles-subtask-3/{ARTICLE}"):
                chosen = analysis.article.id
        for article in sample_articles():
            store.put(analyze(article, only=stages))
            if (article.origin or "").endswith(SEED):
                seed = article.id
    if chosen is None:
        raise SystemExit(f"{ARTICLE} not found in the SemEval data")
    return chosen, seed


def shoot(base: str, article_id: str, seed_id: str | None) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(
            viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1, locale="en-GB"
        )
        # the related panel is built in the background on a first view: build it first
        page.goto(f"{base}/api/articles/{article_id}/related")
        page.goto(f"{base}/articles/{article_id}")
        overlap = page.locator("mark.hl.multi").first  # show how overlaps are explained
        overlap.click()
        page.locator("#finding-card").wait_for(state="visible")
        page.screenshot(path=str(DOCS / "screenshot-article.png"))

        if seed_id:
            page.goto(f"{base}/articles/{seed_id}")
            page.locator("mark.hl").nth(3).click()
            page.locator("#finding-card").wait_for(state="visible")
            page.screenshot(path=str(DOCS / "screenshot-seed.png"))

        page.set_viewport_size({"width": WIDTH, "height": 1240})
        page.goto(f"{base}/dashboard")
        page.screenshot(path=str(DOCS / "screenshot-dashboard.png"))

        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
        page.goto(f"{base}/articles?q=Poutine&category=attack_on_reputation")
        page.screenshot(path=str(DOCS / "screenshot-search.png"))

        page.goto(f"{base}/stories")  # the same story as each outlet told it
        page.screenshot(path=str(DOCS / "screenshot-stories.png"))

        page.goto(f"{base}/map")
        page.wait_for_selector("#map[data-world-loaded='true'][data-markers]")
        page.wait_for_timeout(500)
        page.screenshot(path=str(DOCS / "screenshot-map.png"))
        browser.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="spinscope-shots-") as folder:
        db = Path(folder) / "demo.db"
        article_id, seed_id = build(db)
        with running_server(db, "--stages", "segment") as base:
            shoot(base, article_id, seed_id)
    for name in ("article", "seed", "dashboard", "search", "stories", "map"):
        print(DOCS / f"screenshot-{name}.png")


if __name__ == "__main__":
    main()
