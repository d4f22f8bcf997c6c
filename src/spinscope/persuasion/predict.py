"""Predictions and scores for a whole SemEval split (any split name, any language).

Uses the same features and heads as the pipeline stages, over the official
layout, so ``evaluate`` measures exactly what ``analyze`` ships.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from spinscope.persuasion import scorer
from spinscope.persuasion.dataset import ArticleData, collect, embed, multi_hot
from spinscope.persuasion.encoder import Encoder
from spinscope.persuasion.intervals import micro_f1_interval
from spinscope.persuasion.model import PersuasionModel, shared_model
from spinscope.persuasion.reliability import Band, flag_bands
from spinscope.persuasion.semeval import SemEvalSplit, load_split
from spinscope.persuasion.stages import word_pieces


@dataclass
class SplitPredictions:
    split: SemEvalSplit
    techniques: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    # each flagged technique's score, for how often a flag of that score is right
    technique_scores: dict[tuple[str, int], dict[str, float]] = field(default_factory=dict)
    genres: dict[str, str] = field(default_factory=dict)
    frames: dict[str, list[str]] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)  # article id → folder language
    # where each flagged technique is: article id → [(technique, start, end)], offsets into
    # the article file as in the official span files; None when phrases were not asked for
    spans: dict[str, list[tuple[str, int, int]]] | None = None


def predict_split(
    data_dir: str | Path,
    split: str,
    languages: Sequence[str] | None = None,
    model: PersuasionModel | None = None,
    encoder: Encoder | None = None,
    progress: Callable[[int], None] | None = None,
    phrases: bool | None = None,
) -> SplitPredictions:
    """Techniques for every template paragraph; genre and frames for every article; with
    ``phrases`` (by default: when the split has gold span files), where each technique
    is, found as ``analyze`` finds it."""
    model = model or shared_model()
    encoder = encoder or Encoder()
    loaded = load_split(data_dir, split, languages=languages)
    phrases = loaded.spans is not None if phrases is None else phrases
    articles = collect(loaded)
    heads = model.attention_heads
    if phrases and heads and model.phrase_state_tagger is not None:
        heads = replace(heads, words=model.phrase_state_tagger)  # phrases read the same pass
    embed(articles, encoder, progress=progress, attention=heads)
    out = SplitPredictions(loaded, spans={} if phrases else None)
    folder_language = {a.id: part.language for part in loaded.parts.values() for a in part.articles}
    # a language without training data reads genre on its batch's own centre
    by_language: dict[str | None, list] = {}
    for a in articles:
        if a.inputs:
            by_language.setdefault(a.language, []).append(a.inputs)
    centres = {lang: model.genre_centre(batch, lang) for lang, batch in by_language.items()}
    for a in articles:
        out.languages[a.article.id] = folder_language[a.article.id]
        sentence_scores = model.sentence_scores(a.inputs, a.language) if a.inputs else None
        scores = model.paragraph_scores(a.inputs, a.language, sentence_scores)
        decided = model.decide(scores, a.language)
        if 3 in a.article.subtasks:
            for p, row, score in zip(a.paragraphs, decided, scores, strict=True):
                flagged = np.flatnonzero(row)
                out.techniques[p.key] = [model.techniques[j] for j in flagged]
                out.technique_scores[p.key] = {
                    model.techniques[j]: float(score[j]) for j in flagged
                }
            if out.spans is not None and sentence_scores is not None:
                out.spans[a.article.id] = _article_spans(
                    a, decided, sentence_scores, model, encoder
                )
        if not a.inputs:
            continue
        genre = model.genre_scores(a.inputs, a.language, scores, centres.get(a.language))
        out.genres[a.article.id] = model.genre_head.labels[int(genre.argmax())]
        frames = model.frame_scores(a.inputs, a.language, scores)
        out.frames[a.article.id] = [name for name, _ in model.frames_over_threshold(frames)]
    return out


def _article_spans(
    a: ArticleData,
    decided: np.ndarray,
    sentence_scores: Sequence[np.ndarray],
    model: PersuasionModel,
    encoder: Encoder,
) -> list[tuple[str, int, int]]:
    """The phrases of every technique flagged in the article's paragraphs, as the
    techniques stage finds them (offsets into the article file)."""
    found = []
    for i, p in enumerate(a.paragraphs):
        flagged = np.flatnonzero(decided[i])
        if not len(flagged):
            continue
        sentences = a.sentences[i]
        pieces = word_pieces(a.article.text, sentences, model, encoder)
        tokens, token_scores = model.token_scores(p.text, p.start, a.language, pieces)
        if not tokens:
            continue
        for j in flagged:
            where = model.phrases(j, tokens, token_scores, sentences, sentence_scores[i])
            found.extend((model.techniques[j], start, end) for start, end, _ in where)
    return found


@dataclass
class LanguageScores:
    language: str
    techniques: scorer.MultiLabelReport | None = None
    techniques_interval: tuple[float, float] | None = None  # 95%, articles resampled
    frames: scorer.MultiLabelReport | None = None
    genres: scorer.SingleLabelReport | None = None
    # span precision, recall and F1 with partial credit (SemEval-2020 Task 11), end to
    # end: every gold span against the phrases of the techniques predicted
    phrases: tuple[float, float, float] | None = None
    # flags by score band, and how many of each the gold confirms
    reliability: list[Band] | None = None


def score_split(predictions: SplitPredictions) -> list[LanguageScores]:
    """Official metrics per language folder and over all, for whatever gold exists."""
    split = predictions.split
    groups = [(lang, [lang]) for lang in split.languages()]
    if len(groups) > 1:
        groups.append(("all", split.languages()))
    result = []
    for name, langs in groups:
        parts = [split[lang] for lang in langs]
        row = LanguageScores(name)
        gold_t = _merge(p.techniques for p in parts)
        if gold_t is not None:
            row.techniques = scorer.score_techniques(
                gold_t, {k: predictions.techniques.get(k, []) for k in gold_t}
            )
            row.techniques_interval = _techniques_interval(gold_t, predictions.techniques)
            row.reliability = flag_bands(predictions.technique_scores, gold_t)
        gold_f = _merge(p.frames for p in parts)
        if gold_f is not None:
            row.frames = scorer.score_frames(
                gold_f, {k: predictions.frames.get(k, []) for k in gold_f}
            )
        gold_g = _merge(p.genres for p in parts)
        if gold_g is not None:
            row.genres = scorer.score_genres(
                gold_g, {k: predictions.genres.get(k, "reporting") for k in gold_g}
            )
        gold_s = _merge(p.spans for p in parts)
        if gold_s is not None and predictions.spans is not None:
            row.phrases = scorer.span_prf(
                scorer.spans_as_rows(gold_s),
                scorer.spans_as_rows({k: predictions.spans.get(k, []) for k in gold_s}),
            )
        result.append(row)
    return result


def _techniques_interval(
    gold: dict[tuple[str, int], list[str]], predicted: dict[tuple[str, int], list[str]]
) -> tuple[float, float]:
    """Where the techniques micro-F1 could sit on other articles like these."""
    keys = list(gold)
    labels = sorted({label for k in keys for label in [*gold[k], *predicted.get(k, [])]})
    return micro_f1_interval(
        multi_hot([gold[k] for k in keys], labels),
        multi_hot([predicted.get(k, []) for k in keys], labels),
        np.array([article for article, _ in keys]),
    )


def _merge(tables) -> dict | None:
    merged: dict | None = None
    for table in tables:
        if table is not None:
            merged = {**(merged or {}), **table}
    return merged
