"""``spinscope train``: rebuild every shipped persuasion artefact, with its figures.

One run, fixed seeds, grouped 5-fold cross-validation by article:
1. embed every sentence once (cached), build paragraph and article features;
2. technique heads: out-of-fold scores → per-label thresholds (figures use
   thresholds tuned on the *other* folds, so they are honest), then the final
   heads on all data;
3. phrase tagger: out-of-fold token scores → per technique, the unit (phrase
   or sentence) and threshold with the best span F1;
4. genre and frame heads on article vectors plus the out-of-fold technique
   profile of the article;
5. save the arrays, ``decisions.json`` and the model card.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

from spinscope.persuasion import scorer
from spinscope.persuasion.attention import AttentionEnsemble
from spinscope.persuasion.blend import (
    blend,
    nested_blend_decisions,
    nested_decisions,
    restricted,
    search_weights,
)
from spinscope.persuasion.context import (
    ArticleRows,
    ContextHead,
    context_oof,
    nested_context_decisions,
)
from spinscope.persuasion.dataset import (
    N_FOLDS,
    ArticleData,
    article_table,
    collect,
    embed,
    multi_hot,
    paragraph_table,
)
from spinscope.persuasion.encoder import DIM, MODEL_ID, Encoder
from spinscope.persuasion.features import (
    article_feature_size,
    article_features,
    sentence_features,
)
from spinscope.persuasion.genre_paragraphs import (
    PARAGRAPH_SHARES,
    article_genre_probabilities,
    fit_paragraph_genre_head,
    paragraph_rows,
)
from spinscope.persuasion.genre_profile import (
    PROFILE_SHARES,
    fit_profile_genre_head,
    profile_columns,
    with_profile,
)
from spinscope.persuasion.heads import DenseHead, fit_linear, fit_mlp, micro_f1, tune_thresholds
from spinscope.persuasion.held_out import (
    LEXICAL_WEIGHTS,
    fit_genre_head,
    frames_held_out,
    genre_held_out,
    genre_macro_f1,
)
from spinscope.persuasion.intervals import micro_f1_interval
from spinscope.persuasion.latents import LatentHead, sentence_latent_features
from spinscope.persuasion.lexical import N_FEATURES as LEXICAL_FEATURES
from spinscope.persuasion.lexical import LexicalHead
from spinscope.persuasion.model import (
    MODELS_DIR,
    POOLED_SOURCES,
    SENTENCE_POOLINGS,
    SOURCES,
    PersuasionModel,
    article_text,
    best_sentences,
    max_over_sentences,
    pool_sentences,
    technique_summary,
)
from spinscope.persuasion.neighbours import SentenceNeighbours
from spinscope.persuasion.phrases import TokenTagger, phrase_spans, token_matrix, tokenize
from spinscope.persuasion.semeval import load_split, snap_to_words
from spinscope.persuasion.taxonomy import FRAME_NAMES, GENRE_NAMES, TECHNIQUE_NAMES
from spinscope.persuasion.token_store import TokenStore
from spinscope.persuasion.word_states import (
    fit_word_state_tagger,
    paragraph_word_vectors,
    state_tagger_oof,
    with_languages,
)

Log = Callable[[str], None]


@dataclass
class TrainConfig:
    """Choices fixed by cross-validation (see the model card for the comparison)."""

    hidden: int = 256
    alpha: float = 0.1
    seeds: tuple[int, ...] = (0, 1)
    sentence_seeds: tuple[int, ...] = (0, 1)
    tagger_alpha: float = 1e-6
    tagger_epochs: int = 6
    lexical_c: float = 4.0
    neighbours_k: int = 10
    neighbour_dims: int = 128
    latent_c: float = 1.0
    context_c: float = 1.0
    # The attention head over token states (benchmarks/results/token_states.md).
    attention_hidden: int = 256
    attention_lr: float = 1e-3
    attention_weight_decay: float = 1e-4
    # Ensemble: each seed's weights kept at each snapshot epoch, probabilities averaged.
    attention_seeds: tuple[int, ...] = (0, 1)
    attention_snapshots: tuple[int, ...] = (4, 6, 8)
    # The same ensemble over each paragraph's tokens, against the paragraph labels
    # (benchmarks/results/paragraph_attention.md: one seed, snapshots 4, 6, 8).
    paragraph_attention_seeds: tuple[int, ...] = (0,)
    paragraph_attention_snapshots: tuple[int, ...] = (4, 6, 8)
    tokens_dir: Path | None = None  # token state store (None: a temporary folder)
    # What scores a language with no training data. Holding each training language
    # out in turn, the latent-term head alone beat the blend on mean micro-F1
    # (benchmarks/results/unseen_languages.md).
    unseen_sources: tuple[str, ...] = ("latents",)
    genre_grid: tuple[float, ...] = (0.005, 0.02, 0.05, 0.2)
    genre_lexical_c: float = 10.0
    genre_paragraph_c: float = 0.01
    # Inverse L2 strength of the technique-profile genre head (genre_profile.py).
    genre_profile_c: float = 1.0
    frames_c: float = 0.05
    phrase_grid: tuple[float, ...] = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
    # L2 strengths of the phrase tagger, one chosen per technique by span F1: at 1e-5
    # name calling's out-of-fold span F1 rose from 0.345 (1e-6) to 0.407.
    phrase_alphas: tuple[float, ...] = (1e-6, 3e-6, 1e-5, 3e-5, 1e-4)
    # Powers of the detection tagger's token score that may weigh the phrase tagger's,
    # one chosen per technique by span F1 (0: the phrase tagger alone). The detection
    # tagger learnt from every paragraph, so it marks down words as common where the
    # technique is absent as where it is present: out of fold, 0.25 lifted the
    # phrase-unit techniques' span F1 from 0.3462 to 0.3504 (benchmarks/results/phrases.md).
    phrase_detection_powers: tuple[float, ...] = (0.0, 0.25)
    # Weights of the word-state tagger (word_states.py) against the phrase tagger, one
    # chosen per technique by span F1 (0: the tagger alone, 1: the states alone). It
    # reads each word in its sentence: out of fold, the geometric mean lifted the
    # phrase-unit techniques' span F1 from 0.3461 to 0.4389-0.4397 (two runs); with the
    # article's language as an input and 0.75 among the weights, 0.4425
    # (benchmarks/results/phrase_states.md).
    phrase_state_weights: tuple[float, ...] = (0.0, 0.5, 0.75, 1.0)
    phrase_state_c: float = 1.0  # inverse L2 strength of its logistic regressions
    phrase_state_languages: bool = True  # a per-language bias in the word-state tagger
    folds: int = N_FOLDS
    max_articles: int | None = None  # small slices for tests
    # Retrain the phrase stage alone into the model already in the output folder.
    only_phrases: bool = False
    # Retrain the genre heads alone into the model already in the output folder, from
    # the out-of-fold technique scores a full run left in dump_dir.
    only_genre: bool = False
    dump_dir: Path | None = None  # write out-of-fold arrays here for diagnostics


@dataclass
class Figures:
    """Cross-validated figures written to the model card."""

    techniques: dict = field(default_factory=dict)
    techniques_per_label: dict = field(default_factory=dict)
    technique_sources: dict = field(default_factory=dict)
    sentence_pooling: dict = field(default_factory=dict)
    threshold_choice: dict = field(default_factory=dict)
    blend: dict = field(default_factory=dict)
    context: dict = field(default_factory=dict)
    unseen_language: dict = field(default_factory=dict)
    phrases: dict = field(default_factory=dict)
    genre: dict = field(default_factory=dict)
    frames: dict = field(default_factory=dict)


def _fit_technique_heads(x: np.ndarray, y: np.ndarray, config: TrainConfig) -> list[DenseHead]:
    return [
        fit_mlp(x, y, TECHNIQUE_NAMES, hidden=config.hidden, alpha=config.alpha, seed=s)
        for s in config.seeds
    ]


def _ensemble(heads: Sequence[DenseHead], x: np.ndarray) -> np.ndarray:
    return np.mean([h.predict_proba(x) for h in heads], axis=0)


def _per_language(gold: np.ndarray, pred: np.ndarray, languages: np.ndarray) -> dict:
    result = {}
    for lang in sorted(set(languages)):
        m = languages == lang
        result[lang] = {
            "micro_f1": round(micro_f1(gold[m], pred[m]), 4),
            "macro_f1": round(_macro_f1(gold[m], pred[m]), 4),
            "units": int(m.sum()),
        }
    result["all"] = {
        "micro_f1": round(micro_f1(gold, pred), 4),
        "macro_f1": round(_macro_f1(gold, pred), 4),
        "units": int(len(gold)),
    }
    langs = [k for k in result if k != "all"]
    result["mean_over_languages"] = {
        "micro_f1": round(float(np.mean([result[k]["micro_f1"] for k in langs])), 4)
    }
    return result


def micro_f1_table(
    gold: np.ndarray, rows: dict[str, np.ndarray], languages: np.ndarray
) -> tuple[list[str], dict[str, dict[str, float]]]:
    """Micro-F1 per language, overall and mean over languages, for each named prediction."""
    columns = [*sorted(set(languages)), "all", "mean_over_languages"]
    table = {}
    for name, pred in rows.items():
        figures = _per_language(gold, pred, languages)
        table[name] = {c: figures[c]["micro_f1"] for c in columns}
    return columns, table


def _add_intervals(
    figures: dict, gold: np.ndarray, pred: np.ndarray, languages: np.ndarray, articles: np.ndarray
) -> None:
    """Put a 95% article-bootstrap interval beside each language's micro-F1 (and overall)."""
    for lang, row in figures.items():
        if lang == "mean_over_languages":
            continue
        m = np.ones(len(gold), bool) if lang == "all" else languages == lang
        row["interval_95"] = list(micro_f1_interval(gold[m], pred[m], articles[m]))


def _macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    """Macro-F1 over labels present in gold or predictions."""
    scores = []
    for j in range(gold.shape[1]):
        g, p = gold[:, j].astype(bool), pred[:, j].astype(bool)
        if g.any() or p.any():
            scores.append(2 * (g & p).sum() / (g.sum() + p.sum()))
    return float(np.mean(scores)) if scores else 0.0


def _nested_per_language(
    y: np.ndarray, scores: np.ndarray, folds: np.ndarray, langs: np.ndarray
) -> np.ndarray:
    """Like ``nested_decisions`` with thresholds tuned per language."""
    pred = np.zeros_like(y)
    for lang in set(langs):
        m = langs == lang
        pred[m] = nested_decisions(y[m], scores[m], folds[m])
    return pred


# ------------------------------------------------------------------ sentences
@dataclass
class SentenceData:
    features: np.ndarray
    targets: np.ndarray
    folds: np.ndarray
    paragraph_row: np.ndarray  # sentence → paragraph-table row


def _sentence_data(articles: Sequence[ArticleData], spans: dict) -> SentenceData:
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


def _fit_sentence_heads(x: np.ndarray, y: np.ndarray, config: TrainConfig) -> list[DenseHead]:
    return [
        fit_mlp(x, y, TECHNIQUE_NAMES, hidden=config.hidden, alpha=config.alpha, seed=s)
        for s in config.sentence_seeds
    ]


def _fit_neighbours(vectors: np.ndarray, targets: np.ndarray, config: TrainConfig):
    return SentenceNeighbours.fit(
        vectors, targets, TECHNIQUE_NAMES, dims=config.neighbour_dims, k=config.neighbours_k
    )


def _fit_latent_head(x: sparse.csr_matrix, targets: np.ndarray, config: TrainConfig):
    return LatentHead.fit(x, targets, TECHNIQUE_NAMES, c=config.latent_c)


def _fit_attention_head(
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


def _rows_of(x: np.ndarray, lengths: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The token states of the texts ``rows`` (back to back) and their counts."""
    ends = np.cumsum(lengths)
    starts = ends - lengths
    return np.concatenate([x[starts[r] : ends[r]] for r in rows]), lengths[rows]


def _fit_detection_tagger(matrix, targets: np.ndarray, config: TrainConfig) -> TokenTagger:
    """The token tagger trained on every paragraph, to say *whether* (not where)."""
    return TokenTagger.fit(
        matrix,
        targets,
        TECHNIQUE_NAMES,
        alpha=config.tagger_alpha,
        epochs=config.tagger_epochs,
    )


def _split_by_paragraph(scores: np.ndarray, owner: np.ndarray, n: int) -> list[np.ndarray]:
    bounds = np.searchsorted(owner, np.arange(n + 1))
    return [scores[bounds[i] : bounds[i + 1]] for i in range(n)]


# ------------------------------------------------------------------ phrases
@dataclass
class PhraseChoice:
    """How phrases are found, per technique, as ``_span_choice`` chose it."""

    thresholds: np.ndarray
    units: tuple[str, ...]
    alphas: tuple[float, ...]
    detection_powers: np.ndarray
    state_weights: np.ndarray
    figures: dict


@dataclass
class TokenData:
    matrix: sparse.csr_matrix
    targets: np.ndarray  # (n_tokens, n_techniques) 0/1
    masks: np.ndarray  # token's paragraph carries the technique (gold)
    folds: np.ndarray
    paragraph_rows: list[tuple[int, int]]  # token row range per paragraph-table row
    tokens: list  # per paragraph-table row: list[Token]


def _choose_pooling(
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


def _token_data(articles: Sequence[ArticleData], gold_labels: np.ndarray, spans: dict) -> TokenData:
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


def _phrase_tagger_oof(
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
            found = phrase_spans(toks, token_scores[lo:hi], threshold)
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
                gold, rows, "sentence", j, th, tokdata, first_scores[:, j], oof_sentences, meta
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
                    gold, rows, "phrase", j, th, tokdata, token_scores, oof_sentences, meta
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


def _phrase_inputs_fold(k: int, data: PhraseData, config: TrainConfig) -> None:
    """Fold ``k`` of the sentence heads' and the detection tagger's out-of-fold scores
    (both are technique sources too, so the full run computes them in its fold loop)."""
    sentdata, tokdata = data.sentdata, data.tokdata
    s_tr, s_te = data.sentence_folds != k, data.sentence_folds == k
    data.inputs.sentence_oof[s_te] = _ensemble(
        _fit_sentence_heads(sentdata.features[s_tr], sentdata.targets[s_tr], config),
        sentdata.features[s_te],
    )
    t_tr, t_te = data.token_folds != k, np.flatnonzero(data.token_folds == k)
    data.inputs.detection_oof[t_te] = _fit_detection_tagger(
        tokdata.matrix[t_tr], tokdata.targets[t_tr], config
    ).scores(tokdata.matrix[t_te])


@dataclass
class TrainedPhrases:
    tagger: TokenTagger
    state_tagger: TokenTagger
    choice: PhraseChoice

    @property
    def figures(self) -> dict:
        return self.choice.figures


def _train_phrases(data: PhraseData, config: TrainConfig, began: float, log: Log) -> TrainedPhrases:
    """The phrase tagger and the word-state tagger, and how each technique's phrases
    are found, chosen by out-of-fold span F1 (``_span_choice``)."""
    oof_tokens = {
        alpha: _phrase_tagger_oof(data.tokdata, data.token_folds, alpha, config, began, log)
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
        _split_by_paragraph(data.inputs.sentence_oof, data.sentdata.paragraph_row, len(data.y)),
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


def _counter(progress: Callable[[int, int], None] | None, total: int) -> Callable[[int], None]:
    """Turns the encoder's "n more done" calls into the CLI's (done, total) progress."""
    done = [0]

    def tick(n: int) -> None:
        done[0] += n
        if progress:
            progress(done[0], total)

    return tick


def _write_card(card: dict, out_dir: Path) -> None:
    """The card as JSON (read back by the retrain paths) and as the markdown model card."""
    from spinscope.persuasion.card import write_model_card

    (out_dir / "card.json").write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n")
    write_model_card(card, out_dir / "MODEL_CARD.md")


def _retrain_phrases(
    data: PhraseData, out_dir: Path, config: TrainConfig, began: float, log: Log
) -> dict:
    """``only_phrases``: the phrase stage alone, into the model already in ``out_dir``.

    The phrase stage reads the sentence heads' and the detection tagger's out-of-fold
    scores and its own taggers', never the blend, genre or frames; all are fixed-seed,
    so this writes what a full run would, in a fraction of its time.
    """
    card_path = out_dir / "card.json"
    model = PersuasionModel.load(out_dir)
    for k in range(config.folds):
        _phrase_inputs_fold(k, data, config)
        log(f"phrases: sentence and detection scores, fold {k + 1}/{config.folds} done")
    phrases = _train_phrases(data, config, began, log)
    model.tagger = phrases.tagger
    model.phrase_thresholds = phrases.choice.thresholds
    model.phrase_units = phrases.choice.units
    model.phrase_detection_powers = phrases.choice.detection_powers
    model.phrase_state_tagger = phrases.state_tagger
    model.phrase_state_weights = phrases.choice.state_weights
    model.save(out_dir)
    card = json.loads(card_path.read_text())
    card["figures"]["phrases"] = phrases.figures
    fields = {k: v for k, v in asdict(config).items() if k.startswith(("phrase_", "tagger_"))}
    card["config"].update(fields)
    card["phrases_retrained"] = {
        "date": dt.date.today().isoformat(),
        "seconds": round(time.time() - began),
    }
    _write_card(card, out_dir)
    log(f"phrases saved to {out_dir} in {time.time() - began:.0f} s")
    return card


def _genre_inputs(articles, table, oof: np.ndarray, unseen_oof: np.ndarray, config: TrainConfig):
    """Article rows as read on a trained and on an unknown language, languages, folds."""
    return (
        genre_article_rows(articles, table, oof),
        genre_article_rows(articles, table, unseen_oof, as_unknown=True),
        np.array([a.language for a in articles]),
        np.array([a.fold for a in articles]) % config.folds,
    )


def _check_genre_inputs(out_dir: Path, dump_dir: Path | None) -> None:
    """``only_genre`` needs a model to retrain and a full run's out-of-fold scores."""
    if not (out_dir / "card.json").exists():
        raise ValueError(f"{out_dir}: no trained model to retrain the genre of (card.json missing)")
    if dump_dir is None or not (dump_dir / "techniques_oof.npz").is_file():
        raise ValueError(
            f"{dump_dir}: no techniques_oof.npz; retraining genre alone reads the out-of-fold "
            "technique scores of a full run (`spinscope train --dump DIR`)"
        )


def _retrain_genre(
    articles: list[ArticleData],
    split,
    encoder: Encoder,
    out_dir: Path,
    config: TrainConfig,
    began: float,
    progress: Callable[[int, int], None] | None,
    log: Log,
) -> dict:
    """``only_genre``: the genre stage alone, into the model already in ``out_dir``.

    Genre reads the article vectors and the out-of-fold blended technique scores; a
    full run wrote those scores to its dump, and every stage before genre is
    fixed-seed, so this writes what a full run would, in minutes instead of hours.
    """
    assert config.dump_dir is not None  # _check_genre_inputs
    oof_file = config.dump_dir / "techniques_oof.npz"
    log(f"{len(articles)} articles; genre from the out-of-fold technique scores in {oof_file}")
    total = len({a.article.text[s:e] for a in articles for sp in a.sentences for s, e in sp})
    embed(articles, encoder, progress=_counter(progress, total), latents=False)
    table = paragraph_table(articles)
    y = multi_hot([split.techniques.get(k, []) for k in table.keys], TECHNIQUE_NAMES)
    dumped = np.load(oof_file)
    same = (
        dumped["y"].shape == y.shape
        and np.array_equal(dumped["y"], y)
        and np.array_equal(dumped["article_index"], table.article_index)
        and np.array_equal(dumped["langs"], np.array(table.languages))
    )
    if not same:
        raise ValueError(
            f"{oof_file}: out-of-fold scores of other articles or labels than --data "
            "(rerun the full training with --dump on this data)"
        )
    model = PersuasionModel.load(out_dir)
    sources = {name: dumped[name] for name in SOURCES if name in dumped}
    article_rows, unknown_rows, art_langs, art_folds = _genre_inputs(
        articles, table, dumped["blended"], blend(sources, model.unseen_blend or {}), config
    )
    genre, figures, (unseen, unseen_head) = _train_genre(
        articles, article_rows, unknown_rows, art_langs, art_folds, split.genres or {}, config, log
    )
    model.genre_head, model.genre_lexical = genre.head, genre.lexical
    model.genre_lexical_weight = genre.lexical_weight
    model.genre_paragraph_head, model.genre_paragraph_share = (
        genre.paragraph_head,
        genre.paragraph_share,
    )
    model.genre_profile_head, model.genre_profile_share = genre.profile_head, genre.profile_share
    model.unseen_genre_head = unseen_head
    model.unseen_genre_lexical_weight = unseen["lexical_weight"] if unseen else None
    model.save(out_dir)
    card_path = out_dir / "card.json"
    card = json.loads(card_path.read_text())
    card["figures"]["genre"] = figures
    card["figures"]["unseen_language"]["genre"] = unseen
    card["config"].update({k: v for k, v in asdict(config).items() if k.startswith("genre_")})
    card["genre_retrained"] = {
        "date": dt.date.today().isoformat(),
        "seconds": round(time.time() - began),
    }
    _write_card(card, out_dir)
    log(f"genre saved to {out_dir} in {time.time() - began:.0f} s")
    return card


# ------------------------------------------------------------------ main
def train(
    data_dir: str | Path,
    out_dir: Path = MODELS_DIR,
    encoder: Encoder | None = None,
    languages: Sequence[str] | None = None,
    config: TrainConfig | None = None,
    progress: Callable[[int, int], None] | None = None,
    log: Log = print,
) -> dict:
    """Train every head on the ``train`` split of ``data_dir``; returns the model card."""
    config = config or TrainConfig()
    if config.only_phrases and not (out_dir / "card.json").exists():
        # said before the hour of embedding and fitting, not after it
        raise ValueError(
            f"{out_dir}: no trained model to retrain the phrases of (card.json missing)"
        )
    if config.only_genre:
        _check_genre_inputs(out_dir, config.dump_dir)
    began = time.time()
    np.random.seed(0)
    split = load_split(data_dir, "train", languages=languages)
    if split.techniques is None:
        raise ValueError(f"{data_dir}: no train-labels-subtask-3.txt found; cannot train")
    articles = [a for a in collect(split) if a.paragraphs]
    if config.max_articles:
        articles = _slice(articles, config.max_articles)
    encoder = encoder or Encoder()
    if config.only_genre:
        return _retrain_genre(articles, split, encoder, out_dir, config, began, progress, log)
    sentences = [a.article.text[s:e] for a in articles for sp in a.sentences for s, e in sp]
    sentence_texts = set(sentences)
    views = "token states with its vector" + ("" if config.only_phrases else ", and latent terms")
    log(
        f"{len(articles)} articles, {len(sentence_texts)} distinct sentences to embed, "
        f"each as {views} (cached ones reused)"
    )
    passes = 2 if config.only_phrases else 3
    tick = _counter(progress, passes * len(sentence_texts))

    with tempfile.TemporaryDirectory() as scratch:
        # token states first: their forward pass also caches the vectors embed reads
        store = TokenStore(config.tokens_dir or Path(scratch))
        store.fill(list(sentence_texts), encoder.cache, progress=tick)
        embed(articles, encoder, progress=tick, latents=not config.only_phrases)
        token_x, token_lengths = store.sentence_states(sentences)
        store.close()
    table = paragraph_table(articles)
    y = multi_hot([split.techniques.get(k, []) for k in table.keys], TECHNIQUE_NAMES)
    langs = np.array(table.languages)
    folds = table.folds % config.folds
    figures = Figures()

    # 2. techniques: eight score sources, out of fold, then blended
    sentdata = _sentence_data(articles, split.spans or {})
    sentence_folds = sentdata.folds % config.folds
    tokdata = _token_data(articles, y, split.spans or {})
    token_folds = tokdata.folds % config.folds
    texts = np.array(table.texts, dtype=object)
    whole = np.zeros(y.shape, np.float32)
    lexical = np.zeros(y.shape, np.float32)
    phrase_in = PhraseInputs.empty(sentdata, tokdata)
    sentence_oof, detection_oof = phrase_in.sentence_oof, phrase_in.detection_oof
    phrase_data = PhraseData(
        articles,
        sentences,
        token_x,
        token_lengths,
        y,
        split.spans or {},
        sentdata,
        sentence_folds,
        tokdata,
        token_folds,
        phrase_in,
    )
    if config.only_phrases:
        return _retrain_phrases(phrase_data, out_dir, config, began, log)
    neighbour_oof = np.zeros(sentdata.targets.shape, np.float32)
    latent_oof = np.zeros(sentdata.targets.shape, np.float32)
    attention_oof = np.zeros(sentdata.targets.shape, np.float32)
    # a paragraph's tokens are its sentences' tokens, which lie back to back in token_x
    paragraph_lengths = np.bincount(
        sentdata.paragraph_row, weights=token_lengths, minlength=len(y)
    ).astype(int)
    has_tokens = paragraph_lengths > 0
    paragraph_attention_oof = np.zeros(y.shape, np.float32)
    sentence_vectors = sentdata.features[:, :DIM]
    latent_x = sparse.vstack(
        [sentence_latent_features(a.inputs, a.language) for a in articles], format="csr"
    )
    for k in range(config.folds):
        tr, te = folds != k, folds == k
        whole[te] = _ensemble(
            _fit_technique_heads(table.features[tr], y[tr], config), table.features[te]
        )
        lexical[te] = LexicalHead.fit(
            list(texts[tr]), y[tr], TECHNIQUE_NAMES, c=config.lexical_c
        ).predict_proba(list(texts[te]))
        s_tr, s_te = sentence_folds != k, sentence_folds == k
        _phrase_inputs_fold(k, phrase_data, config)
        neighbour_oof[s_te] = _fit_neighbours(
            sentence_vectors[s_tr], sentdata.targets[s_tr], config
        ).scores(sentence_vectors[s_te])
        latent_oof[s_te] = _fit_latent_head(
            latent_x[s_tr], sentdata.targets[s_tr], config
        ).predict_proba(latent_x[s_te])
        attention_oof[s_te] = _fit_attention_head(
            *_rows_of(token_x, token_lengths, np.flatnonzero(s_tr)), sentdata.targets[s_tr], config
        ).predict_proba(*_rows_of(token_x, token_lengths, np.flatnonzero(s_te)))
        p_tr, p_te = np.flatnonzero(tr & has_tokens), np.flatnonzero(te & has_tokens)
        paragraph_attention_oof[p_te] = _fit_attention_head(
            *_rows_of(token_x, paragraph_lengths, p_tr), y[p_tr], config, paragraphs=True
        ).predict_proba(*_rows_of(token_x, paragraph_lengths, p_te))
        log(f"techniques: fold {k + 1}/{config.folds} done ({time.time() - began:.0f} s)")
    n_labels = len(TECHNIQUE_NAMES)
    per_paragraph = _split_by_paragraph(sentence_oof, sentdata.paragraph_row, len(y))
    pooled, sentence_pooling, figures.sentence_pooling = _choose_pooling(
        y,
        {
            "sentence": per_paragraph,
            "neighbours": _split_by_paragraph(neighbour_oof, sentdata.paragraph_row, len(y)),
            "latents": _split_by_paragraph(latent_oof, sentdata.paragraph_row, len(y)),
            "attention": _split_by_paragraph(attention_oof, sentdata.paragraph_row, len(y)),
        },
        folds,
    )
    assert tuple(sentence_pooling) == POOLED_SOURCES
    log(f"techniques: sentence pooling {sentence_pooling}")
    sources = {
        "paragraph": whole,
        "sentence": pooled["sentence"],
        "lexical": lexical,
        "tokens": max_over_sentences(
            [detection_oof[lo:hi] for lo, hi in tokdata.paragraph_rows], n_labels
        ),
        "neighbours": pooled["neighbours"],
        "latents": pooled["latents"],
        "attention": pooled["attention"],
        "paragraph_attention": paragraph_attention_oof,
    }
    assert tuple(sources) == SOURCES
    weights, _ = search_weights(y, sources, folds, log)
    log(f"techniques: blend {weights}")
    oof = blend(sources, weights)
    # Figures: weights and thresholds for each fold chosen on the other folds.
    nested, fold_weights = nested_blend_decisions(y, sources, folds)
    # The article context step is kept only if it wins by the same nested measure.
    rows = ArticleRows(
        table.article_index, np.array([line == 1 for _, line in table.keys]), table.languages
    )
    context = (rows, TECHNIQUE_NAMES, config.context_c)
    nested_context = nested_context_decisions(y, sources, folds, fold_weights, *context)
    with_context, without_context = micro_f1(y, nested_context), micro_f1(y, nested)
    use_context = with_context > without_context
    figures.context = {
        "without": _per_language(y, nested, langs),
        "with": _per_language(y, nested_context, langs),
        "chosen": use_context,
    }
    log(
        f"techniques: article context {with_context:.4f} vs {without_context:.4f} without "
        f"→ used: {use_context}"
    )
    context_head = None
    if use_context:
        # the shipped head learns from the out-of-fold blend, as it will see fresh blends
        context_head = ContextHead.fit(rows.features(oof), y, TECHNIQUE_NAMES, config.context_c)
        oof = context_oof(y, oof, folds, *context)
        nested = nested_context
    per_language = _nested_per_language(y, oof, folds, langs)
    mean_global = _per_language(y, nested_decisions(y, oof, folds), langs)["mean_over_languages"][
        "micro_f1"
    ]
    mean_local = _per_language(y, per_language, langs)["mean_over_languages"]["micro_f1"]
    use_language_thresholds = mean_local > mean_global
    log(
        f"techniques: thresholds per language {mean_local} vs global {mean_global} "
        f"(mean micro-F1 over languages) → per language: {use_language_thresholds}"
    )
    if use_language_thresholds:
        nested = per_language
    figures.threshold_choice = {
        "global": mean_global,
        "per_language": mean_local,
        "chosen": "per_language" if use_language_thresholds else "global",
    }
    figures.techniques = _per_language(y, nested, langs)
    _add_intervals(figures.techniques, y, nested, langs, table.article_index)
    figures.techniques_per_label = _per_label(y, nested)
    log(f"techniques CV micro-F1: {json.dumps(figures.techniques)}")
    figures.blend = {"chosen": weights, "per_fold": fold_weights}
    figures.technique_sources = {
        name: _per_language(y, nested_decisions(y, part, folds), langs)["all"]
        for name, part in sources.items()
    }
    thresholds = tune_thresholds(y, oof).astype(np.float32)
    language_thresholds = (
        {
            lang: tune_thresholds(y[langs == lang], oof[langs == lang]).astype(np.float32)
            for lang in sorted(set(langs))
        }
        if use_language_thresholds
        else {}
    )
    # A language without training data is scored by config.unseen_sources only,
    # with thresholds tuned for that blend of the same out-of-fold scores.
    unseen_weights = restricted(weights, config.unseen_sources)
    unseen_thresholds = tune_thresholds(y, blend(sources, unseen_weights)).astype(np.float32)
    figures.unseen_language = {"blend": unseen_weights, "trained": sorted(set(langs))}
    if config.dump_dir:
        config.dump_dir.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            config.dump_dir / "techniques_oof.npz",
            y=y,
            langs=langs,
            folds=folds,
            article_index=table.article_index,
            is_title=rows.is_title,
            blended=oof,  # what genre and frames read (benchmarks/bench_genre_views.py)
            **sources,
        )
    heads = _fit_technique_heads(table.features, y, config)
    sentence_heads = _fit_sentence_heads(sentdata.features, sentdata.targets, config)
    lexical_head = LexicalHead.fit(list(texts), y, TECHNIQUE_NAMES, c=config.lexical_c)
    neighbours = _fit_neighbours(sentence_vectors, sentdata.targets, config)
    detection_tagger = _fit_detection_tagger(tokdata.matrix, tokdata.targets, config)
    latent_head = _fit_latent_head(latent_x, sentdata.targets, config)
    attention_head = _fit_attention_head(token_x, token_lengths, sentdata.targets, config)
    with_tokens = np.flatnonzero(has_tokens)
    paragraph_attention_head = _fit_attention_head(
        *_rows_of(token_x, paragraph_lengths, with_tokens), y[with_tokens], config, paragraphs=True
    )
    phrases = _train_phrases(phrase_data, config, began, log)
    del token_x, phrase_data
    figures.phrases = phrases.figures

    # 4. genre and frames, on article vectors + out-of-fold technique profile
    # and, for the unseen-language figures, as a language without training data is read
    article_rows, unknown_rows, art_langs, art_folds = _genre_inputs(
        articles, table, oof, blend(sources, unseen_weights), config
    )
    genre, figures.genre, (unseen_genre, unseen_genre_head) = _train_genre(
        articles,
        article_rows,
        unknown_rows,
        art_langs,
        art_folds,
        split.genres or {},
        config,
        log,
    )
    frame_head, frame_thresholds, figures.frames, unseen_frames = _train_frames(
        articles, article_rows, unknown_rows, art_langs, art_folds, split.frames or {}, config, log
    )
    figures.unseen_language.update(genre=unseen_genre, frames=unseen_frames)

    version = f"persuasion-{dt.date.today().isoformat()}"
    model = PersuasionModel(
        heads,
        sentence_heads,
        lexical_head,
        detection_tagger,
        neighbours,
        latent_head,
        weights,
        thresholds,
        language_thresholds,
        phrases.tagger,
        phrases.choice.thresholds,
        phrases.choice.units,
        genre.head,
        genre.lexical,
        genre.lexical_weight,
        frame_head,
        frame_thresholds,
        version,
        context_head,
        languages=tuple(sorted(set(langs))),
        unseen_blend=unseen_weights,
        unseen_thresholds=unseen_thresholds,
        unseen_genre_lexical_weight=unseen_genre["lexical_weight"] if unseen_genre else None,
        unseen_genre_head=unseen_genre_head,
        sentence_pooling=sentence_pooling,
        genre_paragraph_head=genre.paragraph_head,
        genre_paragraph_share=genre.paragraph_share,
        attention_head=attention_head,
        paragraph_attention_head=paragraph_attention_head,
        phrase_detection_powers=phrases.choice.detection_powers,
        phrase_state_tagger=phrases.state_tagger,
        phrase_state_weights=phrases.choice.state_weights,
        genre_profile_head=genre.profile_head,
        genre_profile_share=genre.profile_share,
    )
    model.save(out_dir)
    card = {
        "version": version,
        "date": dt.date.today().isoformat(),
        "encoder": MODEL_ID,
        "data": {
            "source": "SemEval-2023 Task 3 training split",
            "languages": sorted(set(langs)),
            "articles": len(articles),
            "paragraphs": int(len(y)),
            "sentences_embedded": len(sentence_texts),
        },
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()},
        "figures": asdict(figures),
        "training_seconds": round(time.time() - began),
    }
    _write_card(card, out_dir)
    log(f"saved to {out_dir} in {time.time() - began:.0f} s")
    return card


def _slice(articles: list[ArticleData], n: int) -> list[ArticleData]:
    """The first ``n`` articles of each language (tests train on small slices)."""
    per: dict[str, list[ArticleData]] = defaultdict(list)
    for a in articles:
        if len(per[a.language]) < n:
            per[a.language].append(a)
    return [a for group in per.values() for a in group]


def _per_label(y: np.ndarray, pred: np.ndarray) -> dict:
    result = {}
    for j, name in enumerate(TECHNIQUE_NAMES):
        g, p = y[:, j].astype(bool), pred[:, j].astype(bool)
        tp = int((g & p).sum())
        result[name] = {
            "support": int(g.sum()),
            "precision": round(tp / max(int(p.sum()), 1), 4),
            "recall": round(tp / max(int(g.sum()), 1), 4),
            "f1": round(2 * tp / max(int(g.sum() + p.sum()), 1), 4),
        }
    return result


def genre_article_rows(
    articles: list[ArticleData], table, oof: np.ndarray, as_unknown: bool = False
) -> np.ndarray:
    """Article features and technique profile; ``as_unknown``: as if the language were unknown."""
    base = (
        np.stack([article_features(a.inputs, None) for a in articles])
        if as_unknown
        else article_table(articles)
    )
    profiles = []
    for i, a in enumerate(articles):
        rows = np.flatnonzero(table.article_index == i)
        body = [r for r, p in zip(rows, a.inputs, strict=True) if not p.is_title]
        profiles.append(technique_summary(oof[body] if body else oof[:0]))
    return np.hstack([base, np.stack(profiles)])


@dataclass
class GenreHeads:
    """What genre training ships: the article, n-gram, paragraph and profile heads, shares."""

    head: DenseHead
    lexical: LexicalHead
    lexical_weight: float
    paragraph_head: DenseHead | None
    paragraph_share: float
    profile_head: DenseHead | None
    profile_share: float


def _train_genre(
    articles, rows, unknown_rows, langs, folds, genres: dict, config: TrainConfig, log: Log
):
    labelled = np.array([a.article.id in genres for a in articles])
    y = np.array(
        [
            GENRE_NAMES.index(genres[a.article.id]) if a.article.id in genres else -1
            for a in articles
        ]
    )
    x, y, langs_l, folds_l = rows[labelled], y[labelled], langs[labelled], folds[labelled]
    if config.dump_dir:
        np.savez_compressed(
            config.dump_dir / "genre_rows.npz", x=x, y=y, langs=langs_l, folds=folds_l
        )

    def cross_validated(c: float) -> np.ndarray:
        """Out-of-fold genre probabilities of the vector head with ``C=c``."""
        probs = np.zeros((len(y), len(GENRE_NAMES)), np.float32)
        for k in range(config.folds):
            tr, te = folds_l != k, folds_l == k
            probs[te] = fit_genre_head(x[tr], y[tr], c).predict_proba(x[te])
        return probs

    kept = [a for a, keep in zip(articles, labelled, strict=True) if keep]
    texts = [article_text(a.inputs) for a in kept]
    # The paragraph head: out of fold, averaged into the article head where CV says so.
    by_paragraph = [paragraph_rows(a.inputs, a.language) for a in kept]
    paragraph_heads = [
        fit_paragraph_genre_head(
            [by_paragraph[i] for i in np.flatnonzero(folds_l != k)],
            y[folds_l != k],
            config.genre_paragraph_c,
        )
        if len(np.unique(y[folds_l != k])) > 1
        else None
        for k in range(config.folds)
    ]

    def paragraph_view(article_probs: np.ndarray) -> np.ndarray:
        """Out-of-fold paragraph-head probabilities (the article head's where it has none)."""
        probs = article_probs.copy()
        for k, head in enumerate(paragraph_heads):
            te = np.flatnonzero(folds_l == k)
            if head is not None:
                probs[te] = article_genre_probabilities(
                    head, [by_paragraph[i] for i in te], article_probs[te]
                )
        return probs

    # A lexical view of the whole text (hashed n-grams), blended in.
    lexical_probs = np.full((len(y), len(GENRE_NAMES)), 1.0 / len(GENRE_NAMES), np.float32)
    for k in range(config.folds):
        tr, te = folds_l != k, folds_l == k
        train_texts = [t for t, keep in zip(texts, tr, strict=True) if keep]
        if len(np.unique(y[tr])) > 1:  # else uniform: the blend keeps the vector head's choice
            lexical_probs[te] = LexicalHead.fit_single(
                train_texts, y[tr], GENRE_NAMES, c=config.genre_lexical_c
            ).predict_proba([t for t, keep in zip(texts, te, strict=True) if keep])
    # C, the paragraph head's share and the n-gram weight are chosen together, on the
    # blend that ships: choosing C on the vector head alone once picked C=0.02 over
    # 0.005 by 0.0001, and over four reshuffled 5-fold splits that C blended 0.025
    # lower (macro-F1 0.62 against 0.65).
    by_choice: dict[tuple[float, float, float], tuple[float, np.ndarray]] = {}
    for c in config.genre_grid:
        article_probs = cross_validated(c)
        paragraph_probs = paragraph_view(article_probs)
        for share in PARAGRAPH_SHARES:
            vector_probs = (1 - share) * article_probs + share * paragraph_probs
            for w in LEXICAL_WEIGHTS:
                blended = (1 - w) * vector_probs + w * lexical_probs
                by_choice[(c, share, w)] = (genre_macro_f1(y, blended.argmax(1)), blended)
    chosen = max(by_choice, key=lambda key: by_choice[key][0])  # first on ties
    chosen_c, paragraph_share, lexical_weight = chosen
    macro = {
        c: max(f for (cc, _, _), (f, _) in by_choice.items() if cc == c) for c in config.genre_grid
    }
    log(
        f"genre: best macro-F1 by C {macro} → C={chosen_c}, paragraph head share "
        f"{paragraph_share}, lexical weight {lexical_weight} (macro-F1 {by_choice[chosen][0]:.4f})"
    )
    # Then the technique-profile head's share of that blend, chosen the same way.
    profile_probs = np.full((len(y), len(GENRE_NAMES)), 1.0 / len(GENRE_NAMES), np.float32)
    for k in range(config.folds):
        tr, te = folds_l != k, folds_l == k
        if len(np.unique(y[tr])) > 1:
            head = fit_profile_genre_head(x[tr], y[tr], config.genre_profile_c)
            profile_probs[te] = head.predict_proba(profile_columns(x[te]))
    by_profile = {
        s: genre_macro_f1(y, with_profile(by_choice[chosen][1], profile_probs, s).argmax(1))
        for s in PROFILE_SHARES
    }
    profile_share = max(by_profile, key=lambda s: by_profile[s])  # first on ties: 0
    log(f"genre: macro-F1 by profile head share {by_profile} → {profile_share}")
    pred = with_profile(by_choice[chosen][1], profile_probs, profile_share).argmax(1)
    figures = {}
    for lang in [*sorted(set(langs_l)), "all"]:
        m = langs_l == lang if lang != "all" else np.ones(len(y), bool)
        report = scorer.score_genres(
            {str(i): GENRE_NAMES[v] for i, v in enumerate(y[m])},
            {str(i): GENRE_NAMES[v] for i, v in enumerate(pred[m])},
        )
        figures[lang] = {
            "macro_f1": round(report.macro_f1, 4),
            "accuracy": round(report.accuracy, 4),
            "articles": int(m.sum()),
        }
    log(f"genre CV: {json.dumps(figures)}")
    figures["C"] = {"chosen": chosen_c, **{str(c): round(f, 4) for c, f in macro.items()}}
    figures["paragraph_share"] = {
        "chosen": paragraph_share,
        **{
            str(share): round(by_choice[(chosen_c, share, lexical_weight)][0], 4)
            for share in PARAGRAPH_SHARES
        },
    }
    figures["lexical_weight"] = {
        "chosen": lexical_weight,
        **{str(w): round(by_choice[(chosen_c, paragraph_share, w)][0], 4) for w in LEXICAL_WEIGHTS},
    }
    figures["profile_share"] = {
        "chosen": profile_share,
        **{str(share): round(f, 4) for share, f in by_profile.items()},
    }
    profile_from = article_feature_size()
    unseen = genre_held_out(
        x, unknown_rows[labelled], texts, y, langs_l, chosen_c, config.genre_lexical_c, profile_from
    )
    log(f"genre, each language held out: {json.dumps(unseen)}")
    unseen_head = (  # for a new language, a head that does not read the technique profile
        fit_genre_head(x[:, :profile_from], y, chosen_c)
        if unseen and not unseen["profile"]
        else None
    )
    head = fit_genre_head(x, y, chosen_c)
    lexical = (
        LexicalHead.fit_single(texts, y, GENRE_NAMES, c=config.genre_lexical_c)
        if len(np.unique(y)) > 1
        else LexicalHead(GENRE_NAMES, np.zeros((LEXICAL_FEATURES, len(GENRE_NAMES))), np.zeros(3))
    )
    paragraph_head = (
        fit_paragraph_genre_head(by_paragraph, y, config.genre_paragraph_c)
        if paragraph_share and len(np.unique(y)) > 1
        else None
    )
    profile_head = (
        fit_profile_genre_head(x, y, config.genre_profile_c)
        if profile_share and len(np.unique(y)) > 1
        else None
    )
    return (
        GenreHeads(
            head,
            lexical,
            lexical_weight,
            paragraph_head,
            paragraph_share,
            profile_head,
            profile_share if profile_head is not None else 0.0,
        ),
        figures,
        (
            unseen,
            unseen_head,
        ),
    )


def _train_frames(
    articles, rows, unknown_rows, langs, folds, frames: dict, config: TrainConfig, log: Log
):
    labelled = np.array([a.article.id in frames for a in articles])
    y = multi_hot([frames.get(a.article.id, []) for a in articles], FRAME_NAMES)[labelled]
    x, langs_l, folds_l = rows[labelled], langs[labelled], folds[labelled]
    oof = np.zeros(y.shape, np.float32)
    for k in range(config.folds):
        tr, te = folds_l != k, folds_l == k
        oof[te] = fit_linear(x[tr], y[tr], FRAME_NAMES, c=config.frames_c).predict_proba(x[te])
    nested = nested_decisions(y, oof, folds_l)
    figures = _per_language(y, nested, langs_l)
    log(f"frames CV: {json.dumps(figures)}")
    thresholds = tune_thresholds(y, oof).astype(np.float32)
    unseen = frames_held_out(x, unknown_rows[labelled], y, oof, langs_l, config.frames_c)
    log(f"frames, each language held out: {json.dumps(unseen)}")
    return fit_linear(x, y, FRAME_NAMES, c=config.frames_c), thresholds, figures, unseen
