"""The phrase stage of training: where, inside a flagged paragraph, each technique is.

Out-of-fold token scores of the phrase tagger (at several L2 strengths) and of the
word-state tagger, then, per technique, the unit (phrase or sentence), strength,
detection power, state weight and threshold with the best span F1.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from spinscope.persuasion import scorer
from spinscope.persuasion.dataset import ArticleData
from spinscope.persuasion.encoder import DIM
from spinscope.persuasion.model import best_sentences
from spinscope.persuasion.phrases import TokenTagger, phrase_spans
from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES
from spinscope.persuasion.train_config import Log, TrainConfig
from spinscope.persuasion.train_sources import (
    SentenceData,
    TokenData,
    fit_detection_tagger,
    fit_sentence_heads,
    mean_probabilities,
    split_by_paragraph,
    word_languages,
)
from spinscope.persuasion.word_states import (
    fit_word_state_tagger,
    paragraph_word_vectors,
    state_tagger_oof,
    with_languages,
)


@dataclass
class PhraseChoice:
    """How phrases are found, per technique, as ``_span_choice`` chose it."""

    thresholds: np.ndarray
    units: tuple[str, ...]
    alphas: tuple[float, ...]
    detection_powers: np.ndarray
    state_weights: np.ndarray
    figures: dict


def phrase_tagger_oof(
    tokdata: TokenData,
    token_folds: np.ndarray,
    alpha: float,
    config: TrainConfig,
    began: float,
    log: Log,
) -> np.ndarray:
    """Out-of-fold token scores of the phrase tagger at one L2 strength."""
    oof = np.zeros(tokdata.targets.shape, np.float32)
    for k in range(config.folds):
        tr = token_folds != k
        tagger_k = TokenTagger.fit(
            tokdata.matrix[tr],
            tokdata.targets[tr],
            TECHNIQUE_NAMES,
            tokdata.masks[tr],
            alpha=alpha,
            epochs=config.tagger_epochs,
        )
        te = np.flatnonzero(token_folds == k)
        oof[te] = tagger_k.scores(tokdata.matrix[te])
    log(f"phrases: alpha {alpha:g}, {config.folds} folds done ({time.time() - began:.0f} s)")
    return oof


def _span_f1_of(
    gold: list,
    rows: np.ndarray,
    unit: str,
    j: int,
    threshold: float,
    tokdata: TokenData,
    token_scores: np.ndarray,
    oof_sentences: list[np.ndarray],
    meta: list[tuple[str, list]],
    grow: float,
) -> tuple[float, list[tuple[str, str, int, int]]]:
    """Span F1 against ``gold`` of the spans one unit and threshold predict for technique
    ``j`` in paragraphs ``rows``, and those spans (``token_scores``: technique ``j``'s
    score of every token)."""
    tech = TECHNIQUE_NAMES[j]
    pred = []
    for r in rows:
        lo, hi = tokdata.paragraph_rows[r]
        toks = tokdata.tokens[r]
        if not toks:
            continue
        if unit == "sentence" and meta[r][1]:
            found = best_sentences(meta[r][1], oof_sentences[r][:, j], threshold)
        else:
            found = phrase_spans(toks, token_scores[lo:hi], threshold, grow=grow)
        pred.extend((meta[r][0], tech, s, e) for s, e, _ in found)
    return (scorer.span_prf(gold, pred)[2] if gold else 0.0), pred


def _span_choice(
    table_articles: list[ArticleData],
    tokdata: TokenData,
    oof_tokens: dict[float, np.ndarray],
    oof_sentences: list[np.ndarray],
    detection: np.ndarray,
    states: np.ndarray,
    gold_labels: np.ndarray,
    gold_spans: dict,
    config: TrainConfig,
    log: Log,
) -> PhraseChoice:
    """Per technique: unit (phrase|sentence), threshold, tagger L2 strength (one key of
    ``oof_tokens``), power of the out-of-fold ``detection`` token scores weighing the
    tagger's, and weight of the out-of-fold word-state scores ``states`` against that
    (geometric: tagger^(1-w) × states^w), with the best span F1. The phrase unit's
    settings are kept for a sentence-unit technique too, for paragraphs the splitter
    left whole."""
    meta = [(a.article.id, spans) for a in table_articles for spans in a.sentences]
    # the sentence unit reads token scores only for a paragraph with no sentences
    first_scores = next(iter(oof_tokens.values()))
    thresholds = np.full(len(TECHNIQUE_NAMES), 0.5, np.float32)
    units: list[str] = []
    alphas: list[float] = []
    powers: list[float] = []
    weights: list[float] = []
    per_technique = {}
    all_gold, all_pred = [], []
    for j, tech in enumerate(TECHNIQUE_NAMES):
        rows = np.flatnonzero(gold_labels[:, j])
        gold = [
            (aid, t, s, e)
            for aid in {meta[r][0] for r in rows}
            for t, s, e in gold_spans.get(aid, [])
            if t == tech
        ]
        sentence_best = (-1.0, "sentence", 0.5, [], None)
        for th in config.phrase_grid:
            f, pred = _span_f1_of(
                gold,
                rows,
                "sentence",
                j,
                th,
                tokdata,
                first_scores[:, j],
                oof_sentences,
                meta,
                config.phrase_grow,
            )
            if f > sentence_best[0]:
                sentence_best = (f, "sentence", th, pred, None)
        phrase_best = (-1.0, "phrase", 0.5, [], (config.tagger_alpha, 0.0, 0.0))
        for alpha, power, weight in _phrase_settings(oof_tokens, config):
            token_scores = oof_tokens[alpha][:, j]
            if power:
                token_scores = token_scores * detection[:, j] ** power
            if weight:
                token_scores = token_scores ** (1 - weight) * states[:, j] ** weight
            for th in config.phrase_grid:
                f, pred = _span_f1_of(
                    gold,
                    rows,
                    "phrase",
                    j,
                    th,
                    tokdata,
                    token_scores,
                    oof_sentences,
                    meta,
                    config.phrase_grow,
                )
                if f > phrase_best[0]:
                    phrase_best = (f, "phrase", th, pred, (alpha, power, weight))
        best = sentence_best if sentence_best[0] > phrase_best[0] else phrase_best
        thresholds[j] = best[2]
        units.append(best[1])
        alphas.append(phrase_best[4][0])
        powers.append(phrase_best[4][1])
        weights.append(phrase_best[4][2])
        per_technique[tech] = {
            "unit": best[1],
            "threshold": best[2],
            "span_f1": round(best[0], 4),
            "phrase_alpha": phrase_best[4][0],
            "detection_power": phrase_best[4][1],
            "state_weight": phrase_best[4][2],
            "phrase_span_f1": round(phrase_best[0], 4),
            "sentence_span_f1": round(sentence_best[0], 4),
        }
        all_gold.extend(gold)
        all_pred.extend(best[3])
    p, r, f = scorer.span_prf(all_gold, all_pred)
    log(f"phrases (gold paragraphs): span P={p:.3f} R={r:.3f} F1={f:.3f}")
    figures = {
        "given_gold_paragraph_labels": {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
        },
        "per_technique": per_technique,
    }
    return PhraseChoice(
        thresholds,
        tuple(units),
        tuple(alphas),
        np.array(powers, np.float32),
        np.array(weights, np.float32),
        figures,
    )


def _phrase_settings(
    oof_tokens: dict[float, np.ndarray], config: TrainConfig
) -> Iterator[tuple[float, float, float]]:
    """(L2 strength, detection power, state weight) to try; the word states alone
    (weight 1) ignore the tagger's settings, so they are tried once."""
    first = (next(iter(oof_tokens)), config.phrase_detection_powers[0])
    for alpha in oof_tokens:
        for power in config.phrase_detection_powers:
            for weight in config.phrase_state_weights:
                if weight < 1 or (alpha, power) == first:
                    yield alpha, power, weight


@dataclass
class PhraseInputs:
    """The out-of-fold scores the phrase stage reads, besides its own taggers'."""

    sentence_oof: np.ndarray  # per sentence, the sentence heads' (the sentence unit)
    detection_oof: np.ndarray  # per token, the detection tagger's

    @classmethod
    def empty(cls, sentdata: SentenceData, tokdata: TokenData) -> PhraseInputs:
        return cls(
            np.zeros(sentdata.targets.shape, np.float32),
            np.zeros(tokdata.targets.shape, np.float32),
        )


@dataclass
class PhraseData:
    """What the phrase stage learns from, as ``train`` prepared it."""

    articles: list[ArticleData]
    sentences: list[str]  # every paragraph's sentences in order, as token_x holds them
    token_x: np.ndarray  # their content token states, back to back
    token_lengths: np.ndarray
    y: np.ndarray  # gold paragraph labels
    gold_spans: dict
    sentdata: SentenceData
    sentence_folds: np.ndarray
    tokdata: TokenData
    token_folds: np.ndarray
    inputs: PhraseInputs


def phrase_inputs_fold(k: int, data: PhraseData, config: TrainConfig) -> None:
    """Fold ``k`` of the sentence heads' and the detection tagger's out-of-fold scores
    (both are technique sources too, so the full run computes them in its fold loop)."""
    sentdata, tokdata = data.sentdata, data.tokdata
    s_tr, s_te = data.sentence_folds != k, data.sentence_folds == k
    data.inputs.sentence_oof[s_te] = mean_probabilities(
        fit_sentence_heads(sentdata.features[s_tr], sentdata.targets[s_tr], config),
        sentdata.features[s_te],
    )
    t_tr, t_te = data.token_folds != k, np.flatnonzero(data.token_folds == k)
    data.inputs.detection_oof[t_te] = fit_detection_tagger(
        tokdata.matrix[t_tr], tokdata.targets[t_tr], config
    ).scores(tokdata.matrix[t_te])


@dataclass
class TrainedPhrases:
    """What the phrase stage ships: both taggers and how each technique uses them."""

    tagger: TokenTagger
    state_tagger: TokenTagger
    choice: PhraseChoice

    @property
    def figures(self) -> dict:
        return self.choice.figures


def train_phrases(data: PhraseData, config: TrainConfig, began: float, log: Log) -> TrainedPhrases:
    """The phrase tagger and the word-state tagger, and how each technique's phrases
    are found, chosen by out-of-fold span F1 (``_span_choice``)."""
    oof_tokens = {
        alpha: phrase_tagger_oof(data.tokdata, data.token_folds, alpha, config, began, log)
        for alpha in config.phrase_alphas
    }
    # only words of paragraphs carrying a technique are learnt from and scored
    vectors = paragraph_word_vectors(
        [spans for a in data.articles for spans in a.sentences],
        data.tokdata.tokens,
        data.sentences,
        data.token_x,
        data.token_lengths,
        data.y.any(axis=1),
        DIM,
    )
    log(
        f"phrases: word vectors of {int(data.y.any(axis=1).sum())} paragraphs "
        f"({time.time() - began:.0f} s)"
    )
    if config.phrase_state_languages:
        vectors = with_languages(vectors, word_languages(data.articles, data.tokdata))
    states_oof = state_tagger_oof(
        vectors,
        data.tokdata.targets,
        TECHNIQUE_NAMES,
        data.tokdata.masks,
        data.token_folds,
        config.phrase_state_c,
        log,
    )
    state_tagger = fit_word_state_tagger(
        vectors, data.tokdata.targets, TECHNIQUE_NAMES, data.tokdata.masks, config.phrase_state_c
    )
    del vectors
    choice = _span_choice(
        data.articles,
        data.tokdata,
        oof_tokens,
        split_by_paragraph(data.inputs.sentence_oof, data.sentdata.paragraph_row, len(data.y)),
        data.inputs.detection_oof,
        states_oof,
        data.y,
        data.gold_spans,
        config,
        log,
    )
    log(f"phrases: chosen ({time.time() - began:.0f} s)")
    tagger = TokenTagger.fit(
        data.tokdata.matrix,
        data.tokdata.targets,
        TECHNIQUE_NAMES,
        data.tokdata.masks,
        alpha=choice.alphas,
        epochs=config.tagger_epochs,
    )
    return TrainedPhrases(tagger, state_tagger, choice)
