"""Which parts of an ``Analysis`` each stage fills, so that analysing a stored article
again with some stages keeps what the others found.

``spinscope ingest --only genre`` on an article stored with every stage used to store
the new analysis alone: techniques, entities, places, all gone. A serious store never
loses what an analyst already has; it replaces only what was run again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinscope.article import Analysis, Article
from spinscope.pipeline import STAGES, analyze

if TYPE_CHECKING:
    from spinscope.store import SQLiteStore

# stage → the Analysis fields it writes (language and segment refine the article itself)
STAGE_FIELDS: dict[str, tuple[str, ...]] = {
    "techniques": ("techniques", "paragraph_techniques", "title_techniques"),
    "genre": ("genre", "genre_scores", "genre_centre_articles", "paragraph_genres"),
    "frames": ("frames",),
    "entities": ("entities",),
    "places": ("places",),
    "dates": ("dates",),
    "quotes": ("quotes",),
    "claims": ("claims",),
}


def keep_other_stages(new: Analysis, stored: Analysis) -> Analysis | None:
    """``new`` with the results of the stages ``stored`` ran and ``new`` did not.

    None when the two read the article differently (other text or other paragraphs, as
    after an upgrade of the segmenter): the stored offsets would point at the wrong words,
    so the caller must run those stages again instead.
    """
    kept = [s for s in stored.stages if s in STAGE_FIELDS and s not in new.stages]
    if not kept:
        return new
    if (new.article.body, new.article.title, new.article.paragraphs) != (
        stored.article.body,
        stored.article.title,
        stored.article.paragraphs,
    ):
        return None
    update = {field: getattr(stored, field) for s in kept for field in STAGE_FIELDS[s]}
    ran = set(new.stages) | set(kept)
    update["stages"] = [s for s in STAGES if s in ran]
    update["models"] = {**{s: m for s, m in stored.models.items() if s in kept}, **new.models}
    return new.model_copy(update=update)


def with_stored_stages(
    analysis: Analysis, store: SQLiteStore, article: Article, wanted: set[str]
) -> Analysis:
    """``analysis`` of a stored article, with the stored results of the stages it did not
    run; when the article now reads differently (other paragraphs), every stage it had is
    run again rather than keep offsets that would point at other words."""
    stored = store.get(article.id)
    if stored is None:
        return analysis
    merged = keep_other_stages(analysis, stored)
    if merged is not None:
        return merged
    return analyze(article, only=sorted(wanted | set(stored.stages)))


def carry_stored_stages(store: SQLiteStore, analysis: Analysis) -> Analysis:
    """For the web's routes, which run the stages the server allows: ``analysis`` with what
    the stored article's other stages found (the new analysis alone when the article now
    reads differently: the server may not run those stages)."""
    stored = store.get(analysis.article.id)
    if stored is None:
        return analysis
    return keep_other_stages(analysis, stored) or analysis
