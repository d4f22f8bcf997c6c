"""From a SemEval split to the arrays the heads train on, each text embedded once.

Every sentence of every paragraph is collected first and embedded in one
batched, cached pass; paragraph and article features are then assembled from
those vectors. Folds are fixed by a hash of the article id, so every head and
every run sees the same grouped cross-validation (no article straddles folds).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from spinscope.persuasion.attention import AttentionHeads
from spinscope.persuasion.encoder import Encoder
from spinscope.persuasion.features import (
    ParagraphInput,
    article_features,
    iso_language,
    paragraph_features,
)
from spinscope.persuasion.semeval import (
    SemEvalArticle,
    SemEvalParagraph,
    SemEvalSplit,
    line_units,
)
from spinscope.segment import sentence_spans

N_FOLDS = 5


def fold_of(language: str, article_id: str, n_folds: int = N_FOLDS, salt: str = "") -> int:
    """Deterministic fold of an article (grouped CV by article); another ``salt``
    gives another split (benchmarks measure how much a figure moves between splits)."""
    digest = hashlib.md5(f"{salt}{language}/{article_id}".encode()).hexdigest()
    return int(digest, 16) % n_folds


@dataclass
class ArticleData:
    """One article's paragraphs with their sentences and vectors."""

    article: SemEvalArticle
    language: str  # ISO 639-1
    paragraphs: list[SemEvalParagraph]
    sentences: list[list[tuple[int, int]]]  # per paragraph, offsets into the article text
    inputs: list[ParagraphInput] = field(default_factory=list)

    @property
    def fold(self) -> int:
        return fold_of(self.language, self.article.id)


def sentence_texts(paragraph: SemEvalParagraph) -> list[tuple[int, int]]:
    return sentence_spans(paragraph.text, offset=paragraph.start)


def collect(split: SemEvalSplit) -> list[ArticleData]:
    """Articles of a split in a stable order, paragraphs sorted by line."""
    by_article: dict[tuple[str, str], list[SemEvalParagraph]] = {}
    for part in split.parts.values():
        for p in part.paragraphs:
            by_article.setdefault((part.language, p.article_id), []).append(p)
    result = []
    for part in split.parts.values():
        for article in part.articles:
            paragraphs = sorted(
                by_article.get((part.language, article.id), []), key=lambda p: p.line
            )
            if not paragraphs and 3 not in article.subtasks:
                # an article of subtask 1 or 2 only: no template lists its lines
                paragraphs = line_units(article)
            spans = [sentence_texts(p) for p in paragraphs]
            result.append(
                ArticleData(article, iso_language(part.language) or "", paragraphs, spans)
            )
    return result


def embed(
    articles: Sequence[ArticleData],
    encoder: Encoder,
    progress: Callable[[int], None] | None = None,
    attention: AttentionHeads | None = None,
    latents: bool = True,
) -> None:
    """Fill ``inputs`` of every article: one batched, cached pass per view.

    ``progress`` counts each distinct sentence once per view: its vector, its
    latent terms (unless ``latents`` is False: the phrase stage alone never reads
    them, and they cost a third of a cold run's embedding) and, given the
    ``attention`` heads, their scores (computed first: their forward pass also
    yields the vectors).
    """
    units = [[a.article.text[s:e] for s, e in spans] for a in articles for spans in a.sentences]
    unique = list(dict.fromkeys(t for unit in units for t in unit))
    scored = encoder.paragraph_attention(units, attention, progress) if attention else None
    vectors = encoder.embed(unique, progress=progress)
    terms = encoder.latents(unique, progress=progress) if latents else None
    row = {t: i for i, t in enumerate(unique)}
    unit = 0
    for a in articles:
        inputs = []
        for p, spans in zip(a.paragraphs, a.sentences, strict=True):
            rows = [row[a.article.text[s:e]] for s, e in spans]
            inputs.append(
                ParagraphInput(
                    text=p.text,
                    sentence_vectors=vectors[rows],
                    is_title=p.line == 1,
                    sentence_latents=None if terms is None else terms[rows],
                    sentence_attention=scored.sentences[unit] if scored else None,
                    paragraph_attention=scored.paragraph(unit) if scored else None,
                )
            )
            unit += 1
        a.inputs = inputs


def count_sentences(articles: Sequence[ArticleData]) -> int:
    return len({a.article.text[s:e] for a in articles for spans in a.sentences for s, e in spans})


@dataclass
class ParagraphTable:
    """Paragraph rows of many articles: features, keys, languages, folds."""

    features: np.ndarray
    keys: list[tuple[str, int]]
    languages: list[str]
    folds: np.ndarray
    texts: list[str]
    article_index: np.ndarray  # row → index into the article list


def paragraph_table(articles: Sequence[ArticleData]) -> ParagraphTable:
    rows, keys, langs, folds, texts, owner = [], [], [], [], [], []
    for i, a in enumerate(articles):
        if not a.paragraphs:
            continue
        rows.append(paragraph_features(a.inputs, a.language))
        for p in a.paragraphs:
            keys.append(p.key)
            langs.append(a.language)
            folds.append(a.fold)
            texts.append(p.text)
            owner.append(i)
    features = np.concatenate(rows) if rows else np.zeros((0, 0), np.float32)
    return ParagraphTable(features, keys, langs, np.array(folds), texts, np.array(owner))


def article_table(articles: Sequence[ArticleData]) -> np.ndarray:
    return np.stack([article_features(a.inputs, a.language) for a in articles])


def multi_hot(labels: Sequence[Sequence[str]], vocabulary: Sequence[str]) -> np.ndarray:
    index = {name: j for j, name in enumerate(vocabulary)}
    matrix = np.zeros((len(labels), len(vocabulary)), np.int8)
    for i, row in enumerate(labels):
        for name in row:
            if name in index:
                matrix[i, index[name]] = 1
    return matrix
