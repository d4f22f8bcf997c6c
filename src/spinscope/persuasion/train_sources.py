"""Fitting the technique score sources, and the sentence and token data they learn from.

Each fit runs once per fold for the out-of-fold scores and once on all data for
the shipped head, so each is written once, here; ``training`` orchestrates them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from spinscope.persuasion.attention import AttentionEnsemble
from spinscope.persuasion.blend import nested_decisions
from spinscope.persuasion.dataset import ArticleData
from spinscope.persuasion.features import sentence_features
from spinscope.persuasion.heads import DenseHead, fit_mlp, micro_f1
from spinscope.persuasion.latents import LatentHead
from spinscope.persuasion.model import SENTENCE_POOLINGS, pool_sentences
from spinscope.persuasion.neighbours import SentenceNeighbours
from spinscope.persuasion.phrases import TokenTagger, token_matrix, tokenize
from spinscope.persuasion.semeval import snap_to_words
from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES
from spinscope.persuasion.train_config import TrainConfig


def fit_technique_heads(x: np.ndarray, y: np.ndarray, config: TrainConfig) -> list[DenseHead]:
    """The paragraph MLPs, one per seed (their mean is steadier than any one)."""
    return [
        fit_mlp(x, y, TECHNIQUE_NAMES, hidden=config.hidden, alpha=config.alpha, seed=s)
        for s in config.seeds
    ]


def mean_probabilities(heads: Sequence[DenseHead], x: np.ndarray) -> np.ndarray:
    """An ensemble's score: its heads' probabilities averaged."""
    return np.mean([h.predict_proba(x) for h in heads], axis=0)


@dataclass
class SentenceData:
    """Sentence rows with span-derived labels, for the sentence-level sources."""

    features: np.ndarray
    targets: np.ndarray
    folds: np.ndarray
    paragraph_row: np.ndarray  # sentence → paragraph-table row


def sentence_data(articles: Sequence[ArticleData], spans: dict) -> SentenceData:
    """Sentence rows labelled with every technique whose (word-snapped) span overlaps."""
    index = {t: j for j, t in enumerate(TECHNIQUE_NAMES)}
    feats, targets, folds, owner = [], [], [], []
    row = 0
    for a in articles:
        marked = [
            (index[t], *snap_to_words(a.article.text, s, e))
            for t, s, e in spans.get(a.article.id, [])
            if t in index
        ]
        feats.append(sentence_features(a.inputs, a.language))
        for sentence_spans in a.sentences:
            for s, e in sentence_spans:
                y = np.zeros(len(TECHNIQUE_NAMES), np.int8)
                for j, ms, me in marked:
                    if ms < e and s < me:
                        y[j] = 1
                targets.append(y)
                folds.append(a.fold)
                owner.append(row)
            row += 1
    return SentenceData(np.concatenate(feats), np.array(targets), np.array(folds), np.array(owner))


def fit_sentence_heads(x: np.ndarray, y: np.ndarray, config: TrainConfig) -> list[DenseHead]:
    """The sentence MLPs, one per sentence seed, on the span-derived sentence labels."""
    return [
        fit_mlp(x, y, TECHNIQUE_NAMES, hidden=config.hidden, alpha=config.alpha, seed=s)
        for s in config.sentence_seeds
    ]


def fit_neighbours(vectors: np.ndarray, targets: np.ndarray, config: TrainConfig):
    """The vote of the most similar annotated training sentences."""
    return SentenceNeighbours.fit(
        vectors, targets, TECHNIQUE_NAMES, dims=config.neighbour_dims, k=config.neighbours_k
    )


def fit_latent_head(x: sparse.csr_matrix, targets: np.ndarray, config: TrainConfig):
    """Logistic regressions on the sentences' latent terms (and vectors)."""
    return LatentHead.fit(x, targets, TECHNIQUE_NAMES, c=config.latent_c)


def fit_attention_head(
    x: np.ndarray,
    lengths: np.ndarray,
    targets: np.ndarray,
    config: TrainConfig,
    paragraphs: bool = False,
) -> AttentionEnsemble:
    """The sentence attention ensemble, or with ``paragraphs`` the paragraph one."""
    return AttentionEnsemble.fit(
        x,
        lengths,
        targets.astype(np.float32),
        hidden=config.attention_hidden,
        seeds=config.paragraph_attention_seeds if paragraphs else config.attention_seeds,
        snapshots=(
            config.paragraph_attention_snapshots if paragraphs else config.attention_snapshots
        ),
        lr=config.attention_lr,
        weight_decay=config.attention_weight_decay,
        labels=TECHNIQUE_NAMES,
    )


def token_rows(
    x: np.ndarray, lengths: np.ndarray, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The token states of the texts ``rows`` (back to back) and their counts."""
    ends = np.cumsum(lengths)
    starts = ends - lengths
    return np.concatenate([x[starts[r] : ends[r]] for r in rows]), lengths[rows]


def fit_detection_tagger(matrix, targets: np.ndarray, config: TrainConfig) -> TokenTagger:
    """The token tagger trained on every paragraph, to say *whether* (not where)."""
    return TokenTagger.fit(
        matrix,
        targets,
        TECHNIQUE_NAMES,
        alpha=config.tagger_alpha,
        epochs=config.tagger_epochs,
    )


def split_by_paragraph(scores: np.ndarray, owner: np.ndarray, n: int) -> list[np.ndarray]:
    """Sentence (or token) rows cut into one block per paragraph; ``owner`` is sorted."""
    bounds = np.searchsorted(owner, np.arange(n + 1))
    return [scores[bounds[i] : bounds[i + 1]] for i in range(n)]


@dataclass
class TokenData:
    """Every paragraph's words as tagger rows, with span-derived targets and gold masks."""

    matrix: sparse.csr_matrix
    targets: np.ndarray  # (n_tokens, n_techniques) 0/1
    masks: np.ndarray  # token's paragraph carries the technique (gold)
    folds: np.ndarray
    paragraph_rows: list[tuple[int, int]]  # token row range per paragraph-table row
    tokens: list  # per paragraph-table row: list[Token]


def choose_pooling(
    y: np.ndarray, per_paragraph: dict[str, list[np.ndarray]], folds: np.ndarray
) -> tuple[dict[str, np.ndarray], dict[str, str], dict]:
    """Per sentence-level source, the pooling whose paragraph scores alone give the best
    micro-F1 (thresholds nested); returns the pooled scores, the choice and the figures."""
    pooled: dict[str, np.ndarray] = {}
    chosen: dict[str, str] = {}
    figures: dict[str, dict] = {}
    for name, scores in per_paragraph.items():
        candidates = {way: pool_sentences(scores, y.shape[1], way) for way in SENTENCE_POOLINGS}
        f1 = {
            way: round(micro_f1(y, nested_decisions(y, part, folds)), 4)
            for way, part in candidates.items()
        }
        chosen[name] = max(f1, key=lambda way: (f1[way], way == "max"))
        pooled[name] = candidates[chosen[name]]
        figures[name] = {**f1, "chosen": chosen[name]}
    return pooled, chosen, figures


def token_data(articles: Sequence[ArticleData], gold_labels: np.ndarray, spans: dict) -> TokenData:
    """Token rows of every paragraph, labelled by the (word-snapped) gold spans."""
    mats, targets, masks, folds, ranges, all_tokens = [], [], [], [], [], []
    row = 0
    start = 0
    index = {t: j for j, t in enumerate(TECHNIQUE_NAMES)}
    for a in articles:
        article_spans = [
            (tech, *snap_to_words(a.article.text, s, e))
            for tech, s, e in spans.get(a.article.id, [])
            if tech in index
        ]
        for p in a.paragraphs:
            tokens = tokenize(p.text, p.start)
            all_tokens.append(tokens)
            target = np.zeros((len(tokens), len(TECHNIQUE_NAMES)), np.int8)
            for i, tok in enumerate(tokens):
                for tech, s, e in article_spans:
                    if s < tok.end and tok.start < e:
                        target[i, index[tech]] = 1
            mats.append(token_matrix(tokens, a.language))
            targets.append(target)
            masks.append(np.repeat(gold_labels[row][None, :], len(tokens), axis=0))
            folds.append(np.full(len(tokens), a.fold))
            ranges.append((start, start + len(tokens)))
            start += len(tokens)
            row += 1
    return TokenData(
        sparse.vstack(mats).tocsr(),
        np.concatenate(targets),
        np.concatenate(masks).astype(bool),
        np.concatenate(folds),
        ranges,
        all_tokens,
    )


def word_languages(articles: Sequence[ArticleData], tokdata: TokenData) -> np.ndarray:
    """Each word's article language, rows as ``tokdata`` holds the words."""
    owners = np.array([a.language for a in articles for _ in a.paragraphs], dtype=object)
    return np.repeat(owners, [len(words) for words in tokdata.tokens])
