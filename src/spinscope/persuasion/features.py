"""Paragraph and article features built from cached sentence vectors.

A paragraph is described by what it says (mean and max of its sentence
vectors), where it sits (the article's mean vector, its neighbours, its
position and length) and the article's language. Training and inference build
features through these same functions, so the heads see identical inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from spinscope.persuasion.encoder import DIM, LATENT_DIM

# Languages of the training data; any other language gets an all-zero one-hot
# and relies on the multilingual encoder alone.
KNOWN_LANGUAGES = ("en", "fr", "de", "it", "pl", "ru")
SEMEVAL_LANGUAGE_CODES = {"ge": "de", "po": "pl"}


@dataclass
class ParagraphInput:
    """One paragraph as the heads see it: its text, sentence vectors and position."""

    text: str
    sentence_vectors: np.ndarray  # (n_sentences, DIM)
    is_title: bool = False
    sentence_latents: sparse.csr_matrix | None = None  # (n_sentences, LATENT_DIM)
    # the attention head's sentence scores, (n_sentences, n_techniques), when it ran
    sentence_attention: np.ndarray | None = None
    # the paragraph attention head's (n_techniques,) scores, when it ran
    paragraph_attention: np.ndarray | None = None

    def latents(self) -> sparse.csr_matrix:
        """The sentences' latent terms (an empty row per sentence when none were computed)."""
        if self.sentence_latents is None:
            return sparse.csr_matrix((len(self.sentence_vectors), LATENT_DIM), dtype=np.float32)
        return self.sentence_latents


def iso_language(code: str | None) -> str | None:
    """SemEval folder codes ('ge', 'po') to ISO 639-1."""
    if not code:
        return None
    return SEMEVAL_LANGUAGE_CODES.get(code, code)


def language_one_hot(language: str | None) -> np.ndarray:
    vec = np.zeros(len(KNOWN_LANGUAGES), np.float32)
    lang = iso_language(language)
    if lang in KNOWN_LANGUAGES:
        vec[KNOWN_LANGUAGES.index(lang)] = 1.0
    return vec


def _pool(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if len(vectors) == 0:
        zero = np.zeros(DIM, np.float32)
        return zero, zero
    return vectors.mean(0), vectors.max(0)


def article_vector(paragraphs: Sequence[ParagraphInput]) -> np.ndarray:
    """Mean of all sentence vectors of the article (title included)."""
    vectors = [p.sentence_vectors for p in paragraphs if len(p.sentence_vectors)]
    if not vectors:
        return np.zeros(DIM, np.float32)
    return np.concatenate(vectors).mean(0)


def paragraph_features(paragraphs: Sequence[ParagraphInput], language: str | None) -> np.ndarray:
    """Feature matrix (one row per paragraph, in article order)."""
    n = len(paragraphs)
    if n == 0:
        return np.zeros((0, paragraph_feature_size()), np.float32)
    pooled = [_pool(p.sentence_vectors) for p in paragraphs]
    means = np.stack([m for m, _ in pooled])
    maxes = np.stack([x for _, x in pooled])
    article = article_vector(paragraphs)
    lang = language_one_hot(language)
    rows = []
    for i, p in enumerate(paragraphs):
        prev = means[i - 1] if i > 0 else np.zeros(DIM, np.float32)
        nxt = means[i + 1] if i + 1 < n else np.zeros(DIM, np.float32)
        position = np.array(
            [
                float(p.is_title),
                i / max(n - 1, 1),
                np.log1p(len(p.text)) / 7.0,
                len(p.sentence_vectors) / 10.0,
                p.text.count("?") / 3.0,
                p.text.count("!") / 3.0,
                sum(p.text.count(q) for q in '"«»“”') / 6.0,
            ],
            np.float32,
        )
        rows.append(np.concatenate([means[i], maxes[i], article, (prev + nxt) / 2, position, lang]))
    return np.stack(rows).astype(np.float32)


def sentence_features(paragraphs: Sequence[ParagraphInput], language: str | None) -> np.ndarray:
    """One row per sentence (article order): the sentence, its paragraph, its article.

    Spans mark techniques at phrase level, so a sentence head learns from far
    more precise targets than a paragraph head, and a paragraph's strongest
    sentence is not diluted by the rest of the paragraph.
    """
    article = article_vector(paragraphs)
    lang = language_one_hot(language)
    rows = []
    for p in paragraphs:
        mean = _pool(p.sentence_vectors)[0]
        for vector in p.sentence_vectors:
            rows.append(np.concatenate([vector, mean, article, lang]))
    if not rows:
        return np.zeros((0, sentence_feature_size()), np.float32)
    return np.stack(rows).astype(np.float32)


def sentence_feature_size() -> int:
    return 3 * DIM + len(KNOWN_LANGUAGES)


def paragraph_feature_size() -> int:
    return 4 * DIM + 7 + len(KNOWN_LANGUAGES)


def article_feature_size() -> int:
    return 3 * DIM + 1 + len(KNOWN_LANGUAGES)


def article_features(paragraphs: Sequence[ParagraphInput], language: str | None) -> np.ndarray:
    """One row describing a whole article: title, body mean, body max, language."""
    title = [p for p in paragraphs if p.is_title]
    body = [p for p in paragraphs if not p.is_title]
    title_vec = _pool(title[0].sentence_vectors)[0] if title else np.zeros(DIM, np.float32)
    body_vectors = [p.sentence_vectors for p in body if len(p.sentence_vectors)]
    stacked = np.concatenate(body_vectors) if body_vectors else np.zeros((0, DIM), np.float32)
    mean, mx = _pool(stacked)
    size = np.array([np.log1p(sum(len(p.text) for p in body)) / 10.0], np.float32)
    return np.concatenate([title_vec, mean, mx, size, language_one_hot(language)]).astype(
        np.float32
    )
