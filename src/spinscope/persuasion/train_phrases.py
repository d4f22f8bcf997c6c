"""The phrase stage of training: where, inside a flagged paragraph, each technique is.

Out-of-fold token scores of the phrase tagger (at several L2 strengths) and of the
word-state tagger, then, per technique, the unit (phrase, sentence, or phrase with the
sentence of the best word where no word passes), strength, detection power, state weight
and threshold with the best span F1.
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
from spinscope.persuasion.phrases import TokenTagger, phrase_spans, sentence_of_best_word
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


@dataclass
class _Candidate:
    """One way of pointing at a technique, scored fold by fold (``scorer.span_sums`` of
    each fold's articles), so it can be judged on any subset of folds."""

    unit: str
    threshold: float
    settings: tuple[float, float, float] | None  # (alpha, power, weight); None: sentences
    sums: np.ndarray  # (folds, 4)


def _fold_sums(gold: list, pred: list, fold_of: dict[str, int], n_folds: int) -> np.ndarray:
    """``scorer.span_sums`` of ``gold`` against ``pred``, article fold by article fold."""
    by_fold: list[tuple[list, list]] = [([], []) for _ in range(n_folds)]
    for row in gold:
        by_fold[fold_of[row[0]]][0].append(row)
    for row in pred:
        by_fold[fold_of[row[0]]][1].append(row)
    return np.array([scorer.span_sums(g, p) for g, p in by_fold], np.float64)


def _decoded(
    rows: np.ndarray,
    unit: str,
    j: int,
    threshold: float,
    tokdata: TokenData,
    token_scores: np.ndarray,
    oof_sentences: list[np.ndarray],
    meta: list[tuple[str, list]],
    grow: float,
) -> dict[str, list[tuple[str, str, int, int]]]:
    """The spans one threshold predicts for technique ``j`` in paragraphs ``rows``, by
    unit: ``unit`` "sentence" gives the sentence unit alone; "phrase" gives both units
    that read the token scores (``token_scores``: technique ``j``'s score of every
    token), "phrase" and "phrase_or_sentence" (as ``phrases_or_sentence`` decodes it),
    which differ only where no word passes, so one pass decodes both."""
    tech = TECHNIQUE_NAMES[j]
    preds: dict[str, list] = (
        {"sentence": []} if unit == "sentence" else {"phrase": [], "phrase_or_sentence": []}
    )
    for r in rows:
        lo, hi = tokdata.paragraph_rows[r]
        toks = tokdata.tokens[r]
        if not toks:
            continue
        aid, sentences = meta[r]
        if unit == "sentence" and sentences:
            found = {"sentence": best_sentences(sentences, oof_sentences[r][:, j], threshold)}
        elif unit == "sentence":
            found = {"sentence": phrase_spans(toks, token_scores[lo:hi], threshold, grow=grow)}
        else:
            # decoded once: the two units differ only where no word passes
            scores = token_scores[lo:hi]
            strict = phrase_spans(toks, scores, threshold, grow=grow, fallback=False)
            if strict:
                found = {"phrase": strict, "phrase_or_sentence": strict}
            else:
                word = phrase_spans(toks, scores, threshold, grow=grow)
                sentence = sentence_of_best_word(toks, scores, sentences)
                found = {"phrase": word, "phrase_or_sentence": sentence or word}
        for name, spans in found.items():
            preds[name].extend((aid, tech, s, e) for s, e, _ in spans)
    return preds


# On a tie the finer pointer wins: a phrase, then a phrase with a sentence where no word
# passes, then sentences.
_UNIT_ORDER = ("phrase", "phrase_or_sentence", "sentence")


def _chosen(candidates: list[_Candidate], folds: np.ndarray) -> _Candidate:
    """The candidate with the best span F1 on ``folds`` (a mask over folds): per unit the
    first best, in the order tried, then the finer unit unless another beats it."""
    best: dict[str, tuple[float, _Candidate]] = {}
    for c in candidates:
        f = scorer.prf_of_sums(c.sums[folds].sum(0))[2]
        if c.unit not in best or f > best[c.unit][0]:
            best[c.unit] = (f, c)
    ranked = [best[u] for u in _UNIT_ORDER if u in best]
    winner = ranked[0]
    for other in ranked[1:]:
        if other[0] > winner[0]:
            winner = other
    return winner[1]


def _nested_sums(candidates: list[_Candidate], n_folds: int) -> np.ndarray:
    """Span sums of each fold under the candidate chosen on the other folds, added up."""
    folds = np.arange(n_folds)
    return sum(_chosen(candidates, folds != k).sums[k] for k in range(n_folds))


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
    """Per technique: unit (one of ``PHRASE_UNITS``), threshold, tagger L2 strength (one
    key of ``oof_tokens``), power of the out-of-fold ``detection`` token scores weighing
    the tagger's, and weight of the out-of-fold word-state scores ``states`` against that
    (geometric: tagger^(1-w) × states^w), with the best span F1 over all folds. The
    figures also give the choice made on the other folds only, applied to each fold
    (nested), since picking among many settings flatters the in-sample figure. The
    phrase settings are kept for a sentence-unit technique too, for paragraphs the
    splitter left whole."""
    meta = [(a.article.id, spans) for a in table_articles for spans in a.sentences]
    fold_of = {a.article.id: a.fold % config.folds for a in table_articles}
    # the sentence unit reads token scores only for a paragraph with no sentences
    first_scores = next(iter(oof_tokens.values()))
    thresholds = np.full(len(TECHNIQUE_NAMES), 0.5, np.float32)
    units: list[str] = []
    alphas: list[float] = []
    powers: list[float] = []
    weights: list[float] = []
    per_technique = {}
    in_sample = np.zeros(4)
    nested = np.zeros(4)
    nested_two_units = np.zeros(4)
    every_fold = np.ones(config.folds, bool)
    for j, tech in enumerate(TECHNIQUE_NAMES):
        rows = np.flatnonzero(gold_labels[:, j])
        gold = [
            (aid, t, s, e)
            for aid in {meta[r][0] for r in rows}
            for t, s, e in gold_spans.get(aid, [])
            if t == tech
        ]
        candidates: list[_Candidate] = []
        for th in config.phrase_grid:
            pred = _decoded(
                rows,
                "sentence",
                j,
                th,
                tokdata,
                first_scores[:, j],
                oof_sentences,
                meta,
                config.phrase_grow,
            )["sentence"]
            sums = _fold_sums(gold, pred, fold_of, config.folds)
            candidates.append(_Candidate("sentence", th, None, sums))
        for alpha, power, weight in _phrase_settings(oof_tokens, config):
            token_scores = _combined(oof_tokens[alpha], detection, states, j, power, weight)
            for th in config.phrase_grid:
                decoded = _decoded(
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
                for unit, pred in decoded.items():
                    sums = _fold_sums(gold, pred, fold_of, config.folds)
                    candidates.append(_Candidate(unit, th, (alpha, power, weight), sums))
        best = _chosen(candidates, every_fold)
        best_phrase = _chosen([c for c in candidates if c.unit == "phrase"], every_fold)
        settings = best.settings or best_phrase.settings or (config.tagger_alpha, 0.0, 0.0)
        thresholds[j] = best.threshold
        units.append(best.unit)
        alphas.append(settings[0])
        powers.append(settings[1])
        weights.append(settings[2])
        in_sample += best.sums.sum(0)
        held_out = _nested_sums(candidates, config.folds)
        nested += held_out
        # what the third unit adds, judged the same way
        two_units = [c for c in candidates if c.unit != "phrase_or_sentence"]
        nested_two_units += _nested_sums(two_units, config.folds)

        def unit_f1(unit: str, candidates: list[_Candidate] = candidates) -> float:
            of_unit = [c for c in candidates if c.unit == unit]
            return round(scorer.prf_of_sums(_chosen(of_unit, every_fold).sums.sum(0))[2], 4)

        per_technique[tech] = {
            "unit": best.unit,
            "threshold": best.threshold,
            "span_f1": round(scorer.prf_of_sums(best.sums.sum(0))[2], 4),
            "nested_span_f1": round(scorer.prf_of_sums(held_out)[2], 4),
            "phrase_alpha": settings[0],
            "detection_power": settings[1],
            "state_weight": settings[2],
            "phrase_span_f1": unit_f1("phrase"),
            "phrase_or_sentence_span_f1": unit_f1("phrase_or_sentence"),
            "sentence_span_f1": unit_f1("sentence"),
        }
    p, r, f = scorer.prf_of_sums(in_sample)
    pn, rn, fn = scorer.prf_of_sums(nested)
    log(f"phrases (gold paragraphs): span P={p:.3f} R={r:.3f} F1={f:.3f}; nested F1={fn:.3f}")
    figures = {
        "given_gold_paragraph_labels": {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
        },
        "given_gold_paragraph_labels_nested": {
            "precision": round(pn, 4),
            "recall": round(rn, 4),
            "f1": round(fn, 4),
        },
        "nested_f1_without_phrase_or_sentence": round(scorer.prf_of_sums(nested_two_units)[2], 4),
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


def _combined(
    tagger: np.ndarray,
    detection: np.ndarray,
    states: np.ndarray,
    j: int,
    power: float,
    weight: float,
) -> np.ndarray:
    """Technique ``j``'s token scores as the model combines them: the phrase tagger's,
    times the detection tagger's to ``power``, then weighed geometrically against the
    word-state tagger's (tagger^(1-weight) × states^weight)."""
    scores = tagger[:, j]
    if power:
        scores = scores * detection[:, j] ** power
    if weight:
        scores = scores ** (1 - weight) * states[:, j] ** weight
    return scores


def chosen_token_scores(
    oof_tokens: dict[float, np.ndarray],
    detection: np.ndarray,
    states: np.ndarray,
    choice: PhraseChoice,
) -> np.ndarray:
    """Every technique's out-of-fold token scores under the settings chosen for it: what
    ``--dump`` keeps, so a benchmark can decode the shipped pointers out of fold."""
    out = np.zeros(states.shape, np.float32)
    for j, alpha in enumerate(choice.alphas):
        power, weight = choice.detection_powers[j], choice.state_weights[j]
        out[:, j] = _combined(oof_tokens[alpha], detection, states, j, power, weight)
    return out


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
    if config.dump_dir:
        config.dump_dir.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            config.dump_dir / "phrases_oof.npz",
            token_scores=chosen_token_scores(
                oof_tokens, data.inputs.detection_oof, states_oof, choice
            ),
            sentence_scores=data.inputs.sentence_oof,
            sentence_paragraph=data.sentdata.paragraph_row,
        )
    tagger = TokenTagger.fit(
        data.tokdata.matrix,
        data.tokdata.targets,
        TECHNIQUE_NAMES,
        data.tokdata.masks,
        alpha=choice.alphas,
        epochs=config.tagger_epochs,
    )
    return TrainedPhrases(tagger, state_tagger, choice)
