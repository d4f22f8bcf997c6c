"""Genre of stored articles in a language without training data, read on the corpus.

A genre head trained on six languages reads a seventh language's offset in the
encoder's space as genre. ``predict`` reads such a language's genre on its own
batch's centre (held out: mean macro-F1 0.5249 against 0.4909 article by article;
``docs/persuasion-models.md``). Ingest stores one article at a time, so its batch is
the store: once a language has ``MIN_CENTRE_ARTICLES`` stored articles analysed for
genre, each of them gets its genre again, read against their mean article vector.
The vectors come from the store's cache, so this embeds nothing already analysed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from typing import Protocol

from spinscope.article import Analysis
from spinscope.persuasion.features import ParagraphInput
from spinscope.persuasion.held_out import MIN_CENTRE_ARTICLES
from spinscope.persuasion.model import PersuasionModel, shared_model
from spinscope.persuasion.stages import set_genre, vector_inputs
from spinscope.store.types import Filters


class GenreStore(Protocol):
    """What re-reading needs of a store (``SQLiteStore`` has it)."""

    def language_counts(self) -> dict[str | None, int]: ...

    def iter_analyses(
        self, query: str | None = None, filters: Filters | None = None
    ) -> Iterator[Analysis]: ...

    def put(self, analysis: Analysis) -> bool: ...

    def get(self, article_id: str) -> Analysis | None: ...


def centred_languages(
    store: GenreStore, model: PersuasionModel, among: Collection[str] | None = None
) -> list[str]:
    """Stored languages whose genre is read on the corpus: no training data, enough
    articles (and in ``among``, the languages an ingest just stored, when given)."""
    return sorted(
        language
        for language, count in store.language_counts().items()
        if language
        and (among is None or language in among)
        and count >= MIN_CENTRE_ARTICLES
        and model.reads_genre_centred(language)
    )


def recentre_genres(
    store: GenreStore,
    model: PersuasionModel | None = None,
    among: Collection[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Re-read the genre of every stored article of each language in ``centred_languages``
    against their mean article vector; returns language → articles it was read on. Each
    changed article is rewritten in its own transaction, so an interruption leaves every
    one consistent; ``progress`` gets 1 per article read in the second pass."""
    model = model or shared_model()
    done: dict[str, int] = {}
    for language in centred_languages(store, model, among):
        count = [0]
        centre = model.genre_centre(_counted_inputs(store, language, count), language)
        if centre is None:
            continue
        for analysis in _with_genre(store, language):
            before = (analysis.genre_scores, analysis.genre_centre_articles)
            probs = model.centred_genre_scores(vector_inputs(analysis.article), language, centre)
            set_genre(analysis, model, probs, centre_articles=count[0])
            if (analysis.genre_scores, analysis.genre_centre_articles) != before:
                store.put(analysis)
            if progress:
                progress(1)
        done[language] = count[0]
    return done


def _with_genre(store: GenreStore, language: str) -> Iterator[Analysis]:
    """The stored analyses in ``language`` that ran the genre stage (read afresh each pass)."""
    return (
        a for a in store.iter_analyses(filters=Filters(language=language)) if "genre" in a.stages
    )


def _counted_inputs(
    store: GenreStore, language: str, count: list[int]
) -> Iterator[list[ParagraphInput]]:
    """Each such article's vector inputs, counting them into ``count[0]``."""
    for analysis in _with_genre(store, language):
        count[0] += 1
        yield vector_inputs(analysis.article)


def put_with_corpus_genre(store: GenreStore, analysis: Analysis) -> tuple[bool, Analysis]:
    """Store one analysis (the web's routes), then re-read its language's genre on the
    corpus; returns whether it was new and the analysis as now stored."""
    created = store.put(analysis)
    language = analysis.article.language
    if "genre" not in analysis.stages or not language:
        return created, analysis
    if not recentre_genres(store, among={language}):
        return created, analysis
    return created, store.get(analysis.article.id) or analysis
