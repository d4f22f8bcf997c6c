"""The shipped persuasion models as one object: load once, score any article.

``PersuasionModel`` bundles the paragraph technique heads (an ensemble of
MLPs with per-label thresholds), the token tagger that finds the phrases, and
the article-level genre and frame heads. The files live in
``spinscope/models/persuasion`` (rebuilt by ``spinscope train``); a model card
(``card.json``/``MODEL_CARD.md``) beside them records data, method and
cross-validated figures.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from spinscope.persuasion.features import (
    ParagraphInput,
    article_features,
    paragraph_features,
)
from spinscope.persuasion.heads import DenseHead
from spinscope.persuasion.phrases import Token, TokenTagger, phrase_spans, token_matrix, tokenize

MODELS_DIR = Path(
    os.environ.get(
        "SPINSCOPE_PERSUASION_MODELS",
        Path(__file__).resolve().parent.parent / "models" / "persuasion",
    )
)


def technique_summary(scores: np.ndarray) -> np.ndarray:
    """Article-level view of paragraph technique scores: mean and max per technique."""
    if len(scores) == 0:
        return np.zeros(2 * scores.shape[1], np.float32)
    return np.concatenate([scores.mean(0), scores.max(0)]).astype(np.float32)


@dataclass
class PersuasionModel:
    """Every persuasion head, with the decisions (thresholds) tuned in training."""

    technique_heads: list[DenseHead]
    technique_thresholds: np.ndarray
    tagger: TokenTagger
    phrase_thresholds: np.ndarray
    phrase_units: tuple[str, ...]  # per technique: "phrase" or "sentence"
    genre_head: DenseHead
    frame_head: DenseHead
    frame_thresholds: np.ndarray
    version: str

    @property
    def techniques(self) -> tuple[str, ...]:
        return self.technique_heads[0].labels

    # -- paragraphs -------------------------------------------------------
    def paragraph_scores(
        self, paragraphs: Sequence[ParagraphInput], language: str | None
    ) -> np.ndarray:
        """(n_paragraphs, n_techniques) probabilities."""
        if not paragraphs:
            return np.zeros((0, len(self.techniques)), np.float32)
        features = paragraph_features(paragraphs, language)
        return np.mean([h.predict_proba(features) for h in self.technique_heads], axis=0)

    def decide(self, scores: np.ndarray) -> np.ndarray:
        return scores >= self.technique_thresholds

    # -- articles ---------------------------------------------------------
    def _article_row(
        self, paragraphs: Sequence[ParagraphInput], language: str | None, scores: np.ndarray
    ) -> np.ndarray:
        body = scores[[not p.is_title for p in paragraphs]] if len(scores) else scores
        row = np.concatenate([article_features(paragraphs, language), technique_summary(body)])
        return row[None, :]

    def genre_scores(
        self, paragraphs: Sequence[ParagraphInput], language: str | None, scores: np.ndarray
    ) -> np.ndarray:
        return self.genre_head.predict_proba(self._article_row(paragraphs, language, scores))[0]

    def frame_scores(
        self, paragraphs: Sequence[ParagraphInput], language: str | None, scores: np.ndarray
    ) -> np.ndarray:
        return self.frame_head.predict_proba(self._article_row(paragraphs, language, scores))[0]

    # -- phrases ----------------------------------------------------------
    def token_scores(
        self, text: str, offset: int, language: str | None
    ) -> tuple[list[Token], np.ndarray]:
        tokens = tokenize(text, offset)
        if not tokens:
            return tokens, np.zeros((0, len(self.techniques)), np.float32)
        return tokens, self.tagger.scores(token_matrix(tokens, language or "xx"))

    def phrases(
        self,
        technique: int,
        tokens: Sequence[Token],
        token_scores: np.ndarray,
        sentences: Sequence[tuple[int, int]],
    ) -> list[tuple[int, int, float]]:
        """Where technique ``technique`` sits in a paragraph flagged with it."""
        column = token_scores[:, technique]
        if self.phrase_units[technique] == "sentence" and sentences:
            return best_sentences(tokens, column, sentences, self.phrase_thresholds[technique])
        return phrase_spans(tokens, column, self.phrase_thresholds[technique])

    # -- files ------------------------------------------------------------
    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for i, head in enumerate(self.technique_heads):
            head.save(directory / f"techniques_{i}.npz")
        self.tagger.save(directory / "phrase_tagger.npz")
        self.genre_head.save(directory / "genre.npz")
        self.frame_head.save(directory / "frames.npz")
        decisions = {
            "version": self.version,
            "technique_thresholds": self.technique_thresholds.round(4).tolist(),
            "phrase_thresholds": self.phrase_thresholds.round(4).tolist(),
            "phrase_units": list(self.phrase_units),
            "frame_thresholds": self.frame_thresholds.round(4).tolist(),
            "technique_heads": len(self.technique_heads),
        }
        (directory / "decisions.json").write_text(json.dumps(decisions, indent=1) + "\n")

    @classmethod
    def load(cls, directory: Path = MODELS_DIR) -> PersuasionModel:
        decisions_path = directory / "decisions.json"
        if not decisions_path.exists():
            raise FileNotFoundError(
                f"{decisions_path}: no trained persuasion models; run `spinscope train`"
            )
        decisions = json.loads(decisions_path.read_text())
        return cls(
            technique_heads=[
                DenseHead.load(directory / f"techniques_{i}.npz")
                for i in range(decisions["technique_heads"])
            ],
            technique_thresholds=np.array(decisions["technique_thresholds"], np.float32),
            tagger=TokenTagger.load(directory / "phrase_tagger.npz"),
            phrase_thresholds=np.array(decisions["phrase_thresholds"], np.float32),
            phrase_units=tuple(decisions["phrase_units"]),
            genre_head=DenseHead.load(directory / "genre.npz"),
            frame_head=DenseHead.load(directory / "frames.npz"),
            frame_thresholds=np.array(decisions["frame_thresholds"], np.float32),
            version=decisions["version"],
        )


def best_sentences(
    tokens: Sequence[Token],
    scores: np.ndarray,
    sentences: Sequence[tuple[int, int]],
    threshold: float,
) -> list[tuple[int, int, float]]:
    """Sentences whose strongest token passes ``threshold``; at least the best one."""
    starts = np.array([t.start for t in tokens])
    rated = []
    for s, e in sentences:
        inside = (starts >= s) & (starts < e)
        rated.append((s, e, float(scores[inside].max()) if inside.any() else 0.0))
    chosen = [r for r in rated if r[2] >= threshold]
    return chosen or [max(rated, key=lambda r: r[2])]


_loaded: PersuasionModel | None = None
_lock = threading.Lock()


def shared_model() -> PersuasionModel:
    """The shipped models, loaded once per process on first use."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = PersuasionModel.load(MODELS_DIR)
    return _loaded
