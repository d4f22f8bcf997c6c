"""What one stored analysis contributes to story matching: its names and its vector."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from spinscope.article import Analysis
from spinscope.extract.text import name_key


@dataclass(frozen=True)
class StoryProfile:
    """One article as story matching sees it."""

    id: str
    title: str
    source: str | None
    language: str | None
    published: str | None
    genre: str | None
    keys: dict[str, int]  # language-independent name key → mentions
    names: dict[str, str]  # the same keys → the name as this article writes it
    vector: np.ndarray | None = field(default=None, repr=False)  # None: techniques not run
    paragraphs: int = 0  # body paragraphs the techniques stage decided on
    technique_paragraphs: dict[str, int] = field(default_factory=dict)


def _entity_keys(analysis: Analysis) -> Iterator[tuple[str, str, int]]:
    """(key, shown name, mentions) for every person, organisation, place and other name.

    Places come from the places stage where it ran: a resolved place is keyed by its
    gazetteer entry, which every language's spelling resolves to (« Irak », "Iraq",
    « Ирак »); a person or organisation by its canonical name (the alias table's)."""
    placed = "places" in analysis.stages
    for entity in analysis.entities:
        if entity.type == "place" and placed:
            continue
        key = f"{entity.type}:{name_key(entity.canonical)}"
        yield key, entity.display_name, len(entity.mentions)
    for place in analysis.places:
        if place.status == "resolved" and place.geonames_id:
            key = f"geo:{place.geonames_id}"
        elif place.status == "resolved":
            key = f"place:{name_key(place.gazetteer_name or place.name)}"
        else:
            key = f"place:{name_key(place.name)}"
        yield key, place.display_name, len(place.mentions)


def article_vector(analysis: Analysis) -> np.ndarray | None:
    """The mean of the article's sentence vectors, read from the cache the techniques stage
    filled; None when it did not run or a vector is missing (the names then match alone:
    reading a corpus must not embed it again)."""
    if "techniques" not in analysis.stages:
        return None
    from spinscope.persuasion.stages import cached_sentence_vectors

    vectors = cached_sentence_vectors(analysis.article)
    return None if vectors is None else vectors.mean(0)


def embedded_vector(analysis: Analysis) -> np.ndarray | None:
    """The article's vector, embedding the sentences the cache lacks: for one article that
    is read to be compared (``related FILE``), never for a stored corpus."""
    from spinscope.persuasion.stages import sentence_vectors

    vectors = sentence_vectors(analysis.article)  # the same sentences as stored ones
    return None if vectors is None else vectors.mean(0)


def profile_of(analysis: Analysis, with_vector: bool = True) -> StoryProfile:
    """The story profile of one analysis."""
    keys: Counter[str] = Counter()
    names: dict[str, str] = {}
    for key, shown, mentions in _entity_keys(analysis):
        if key.endswith(":"):  # a name with nothing left once folded
            continue
        keys[key] += max(1, mentions)
        names.setdefault(key, shown)
    flagged: Counter[str] = Counter()
    for paragraph in analysis.paragraph_techniques:
        flagged.update({label.label for label in paragraph.labels})
    article = analysis.article
    return StoryProfile(
        id=article.id,
        title=article.title,
        source=article.source,
        language=article.language,
        published=article.published,
        genre=analysis.genre.label if analysis.genre else None,
        keys=dict(keys),
        names=names,
        vector=article_vector(analysis) if with_vector else None,
        paragraphs=len(article.paragraphs) if "techniques" in analysis.stages else 0,
        technique_paragraphs=dict(flagged),
    )


def load_profiles(
    analyses: Iterable[Analysis],
    progress: Callable[[int], None] | None = None,
    with_vector: bool = True,
) -> list[StoryProfile]:
    """Profiles of many analyses (a store's ``iter_analyses``), counting each into
    ``progress``."""
    profiles = []
    for analysis in analyses:
        profiles.append(profile_of(analysis, with_vector))
        if progress:
            progress(1)
    return profiles
