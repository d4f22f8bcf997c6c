"""Stories and related articles as JSON documents: what the CLI's --json and the API return."""

from __future__ import annotations

from typing import Any

from spinscope.stories.grouping import Story
from spinscope.stories.index import Related
from spinscope.stories.profile import StoryProfile


def article_document(profile: StoryProfile) -> dict[str, Any]:
    return {
        "id": profile.id,
        "title": profile.title,
        "source": profile.source,
        "language": profile.language,
        "published": profile.published,
        "genre": profile.genre,
    }


def related_document(
    profile: StoryProfile, related: list[Related], stored: bool = True
) -> dict[str, Any]:
    """``stored``: False for an article read to be compared, not one of the store's."""
    return {
        "article": {**article_document(profile), "stored": stored},
        "related": [
            {**article_document(r.profile), "score": round(r.score, 4), "shared": r.shared}
            for r in related
        ],
    }


def story_document(story: Story) -> dict[str, Any]:
    return {
        "articles": [article_document(p) for p in story.articles],
        "languages": story.languages,
        "first": story.first,
        "last": story.last,
        "cohesion": round(story.cohesion, 4),
        "names": story.names,
        "outlets": [
            {
                "source": v.source,
                "articles": v.articles,
                "paragraphs": v.paragraphs,
                "technique_rates": {k: round(r, 4) for k, r in v.technique_rates.items()},
                "genres": v.genres,
            }
            for v in story.outlets
        ],
    }
