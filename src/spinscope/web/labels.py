"""Names a person reads: taxonomy labels and definitions in the article's language.

A French article is explained in French (labels, definitions); other
languages fall back to English, as the taxonomy does. Names the taxonomy does
not know (a model trained on a future label set, a hand-edited store) are
shown readably instead of failing the page.
"""

from __future__ import annotations

from spinscope.display_words import spoken
from spinscope.persuasion import taxonomy

# Category → (pattern name, symbol): the non-colour cue drawn with each colour.
CATEGORY_STYLES: dict[str, tuple[str, str]] = {
    "attack_on_reputation": ("diagonal stripes", "▲"),
    "justification": ("dots", "●"),
    "simplification": ("horizontal lines", "■"),
    "distraction": ("cross-hatching", "◆"),
    "call": ("vertical lines", "★"),
    "manipulative_wording": ("solid", "▼"),
}


def display_language(language: str | None) -> str:
    """The language labels and definitions are shown in for an article."""
    return spoken(language) or "en"


def _readable(name: str) -> str:
    return name.replace("_", " ").replace("-", " / ")


def technique_ids() -> list[str]:
    return list(taxonomy.TECHNIQUES)


def category_ids() -> list[str]:
    return list(taxonomy.CATEGORIES)


def frame_ids() -> list[str]:
    return list(taxonomy.FRAMES)


def genre_ids() -> list[str]:
    return list(taxonomy.GENRES)


def is_technique(name: str) -> bool:
    return name in taxonomy.TECHNIQUES


def is_category(name: str) -> bool:
    return name in taxonomy.CATEGORIES


def category_of(technique: str) -> str | None:
    try:
        return taxonomy.category_of(technique)
    except KeyError:
        return None


def label(name: str | None, language: str = "en") -> str:
    """Label of any technique, category, frame or genre; a readable name if unknown."""
    if not name:
        return ""
    try:
        return taxonomy.label(name, language)
    except KeyError:
        return _readable(name)


technique_label = label
category_label = label


def technique_definition(technique: str, language: str = "en", fallback: str = "") -> str:
    """Definition in ``language``; the finding's own definition if the taxonomy lacks it."""
    try:
        return taxonomy.definition(technique, language)
    except KeyError:
        return fallback


def definition(name: str, language: str = "en") -> str:
    try:
        return taxonomy.definition(name, language)
    except KeyError:
        return ""


def example(name: str, language: str = "en") -> str:
    try:
        return taxonomy.example(name, language)
    except KeyError:
        return ""


def category_style(category: str) -> tuple[str, str]:
    """(pattern name, symbol) for a category; unknown ones get a plain outline."""
    return CATEGORY_STYLES.get(category, ("outline", "○"))


def taxonomy_document() -> dict:
    """The taxonomy as JSON for ``/api/taxonomy`` and ``/taxonomy.json``: ids, labels,
    definitions and examples."""
    return {
        "categories": [
            {
                "id": c.name,
                "label": dict(c.label),
                "description": dict(c.description),
                "pattern": category_style(c.name)[0],
                "techniques": list(taxonomy.techniques_in(c.name)),
            }
            for c in taxonomy.CATEGORIES.values()
        ],
        "techniques": [
            {
                "id": t.name,
                "category": t.category,
                "label": dict(t.label),
                "definition": dict(t.definition),
                "example": dict(t.example),
            }
            for t in taxonomy.TECHNIQUES.values()
        ],
        "frames": [
            {
                "id": f.name,
                "label": dict(f.label),
                "definition": dict(f.definition),
                "example": dict(f.example),
            }
            for f in taxonomy.FRAMES.values()
        ],
        "genres": [
            {
                "id": g.name,
                "label": dict(g.label),
                "definition": dict(g.definition),
                "example": dict(g.example),
            }
            for g in taxonomy.GENRES.values()
        ],
    }
