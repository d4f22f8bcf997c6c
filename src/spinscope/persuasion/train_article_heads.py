"""The article-level heads of training: genre and frames.

Both read article rows built from the article vectors and the out-of-fold technique
profile; genre also weighs an n-gram head, a paragraph head and a profile head by
shares chosen by cross-validation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from spinscope.persuasion import scorer
from spinscope.persuasion.blend import (
    blend,
    nested_blend_decisions,
    nested_decisions,
    search_weights,
)
from spinscope.persuasion.dataset import ArticleData, article_table, multi_hot
from spinscope.persuasion.features import article_feature_size, article_features
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
from spinscope.persuasion.heads import DenseHead, fit_linear, tune_thresholds
from spinscope.persuasion.held_out import (
    LEXICAL_WEIGHTS,
    as_new_language,
    fit_genre_head,
    frames_held_out,
    genre_held_out,
    genre_macro_f1,
)
from spinscope.persuasion.lexical import N_FEATURES as LEXICAL_FEATURES
from spinscope.persuasion.lexical import LexicalHead
from spinscope.persuasion.model import article_text, technique_summary
from spinscope.persuasion.taxonomy import FRAME_NAMES, GENRE_NAMES
from spinscope.persuasion.train_config import Log, TrainConfig
from spinscope.persuasion.train_metrics import figures_per_language


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


def train_genre(
    articles, rows, unknown_rows, langs, folds, genres: dict, config: TrainConfig, log: Log
):
    """The genre heads and their shares, chosen by CV on labelled articles; their figures;
    and the head and figures for a language without training data (each held out)."""
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
        if len(np.unique(y[tr])) > 1:  # else uniform: the blend keeps the vector head's choice
            lexical_probs[te] = LexicalHead.fit_single(
                _selected(texts, tr), y[tr], GENRE_NAMES, c=config.genre_lexical_c
            ).predict_proba(_selected(texts, te))
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
    centred_head = (  # for a batch of a new language, centred on its own mean
        fit_genre_head(as_new_language(x[:, :profile_from], langs_l), y, chosen_c)
        if unseen and unseen["centred"]
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
        (unseen, unseen_head, centred_head),
    )


@dataclass
class FrameHeads:
    """What frames training ships: the vector head, the n-gram head and its weight in
    their blend, and the per-frame thresholds tuned on that blend."""

    head: DenseHead
    lexical: LexicalHead
    lexical_weight: float
    thresholds: np.ndarray


def train_frames(
    articles, rows, unknown_rows, langs, folds, frames: dict, config: TrainConfig, log: Log
) -> tuple[FrameHeads, dict, dict | None]:
    """The frames heads, their blend weight and per-frame thresholds, tuned out of fold;
    nested figures per language and, each language held out, for a language without
    training data.

    Frames are what an article is about (economy, security, morality …), which its words
    say as plainly as its vectors: a head on hashed n-grams of the body, blended with the
    vector head, lifted nested micro-F1 in every training language (``frames_lexical_c``).
    """
    labelled = np.array([a.article.id in frames for a in articles])
    y = multi_hot([frames.get(a.article.id, []) for a in articles], FRAME_NAMES)[labelled]
    x, langs_l, folds_l = rows[labelled], langs[labelled], folds[labelled]
    texts = [article_text(a.inputs) for a, keep in zip(articles, labelled, strict=True) if keep]
    if config.dump_dir:  # for benchmarks: frames as the heads read them, known and unknown
        np.savez_compressed(
            config.dump_dir / "frames_rows.npz",
            x=x,
            unknown=unknown_rows[labelled],
            y=y,
            langs=langs_l,
            folds=folds_l,
        )
    views = {"vectors": np.zeros(y.shape, np.float32), "lexical": np.zeros(y.shape, np.float32)}
    for k in range(config.folds):
        tr, te = folds_l != k, folds_l == k
        views["vectors"][te] = fit_linear(
            x[tr], y[tr], FRAME_NAMES, c=config.frames_c
        ).predict_proba(x[te])
        views["lexical"][te] = LexicalHead.fit(
            _selected(texts, tr), y[tr], FRAME_NAMES, c=config.frames_lexical_c
        ).predict_proba(_selected(texts, te))
    nested, fold_weights = nested_blend_decisions(y, views, folds_l)
    figures = figures_per_language(y, nested, langs_l)
    weights, _ = search_weights(y, views, folds_l)
    vectors_alone = figures_per_language(y, nested_decisions(y, views["vectors"], folds_l), langs_l)
    figures["lexical_weight"] = {
        "chosen": weights["lexical"],
        "per_fold": [w["lexical"] for w in fold_weights],
        "vector_head_alone": {lang: v["micro_f1"] for lang, v in vectors_alone.items()},
    }
    log(f"frames CV: {json.dumps(figures)}")
    blended = blend(views, weights)
    thresholds = tune_thresholds(y, blended).astype(np.float32)
    unseen = frames_held_out(
        (x, unknown_rows[labelled]),
        texts,
        y,
        blended,
        langs_l,
        (config.frames_c, config.frames_lexical_c, weights["lexical"]),
    )
    log(f"frames, each language held out: {json.dumps(unseen)}")
    heads = FrameHeads(
        fit_linear(x, y, FRAME_NAMES, c=config.frames_c),
        LexicalHead.fit(texts, y, FRAME_NAMES, c=config.frames_lexical_c),
        weights["lexical"],
        thresholds,
    )
    return heads, figures, unseen


def _selected(texts: list[str], mask: np.ndarray) -> list[str]:
    return [t for t, keep in zip(texts, mask, strict=True) if keep]


def genre_inputs(articles, table, oof: np.ndarray, unseen_oof: np.ndarray, config: TrainConfig):
    """Article rows as read on a trained and on an unknown language, languages, folds."""
    return (
        genre_article_rows(articles, table, oof),
        genre_article_rows(articles, table, unseen_oof, as_unknown=True),
        np.array([a.language for a in articles]),
        np.array([a.fold for a in articles]) % config.folds,
    )


def check_article_head_inputs(out_dir: Path, dump_dir: Path | None) -> None:
    """``only_article_heads`` needs a model to retrain and a full run's out-of-fold scores."""
    if not (out_dir / "card.json").exists():
        raise ValueError(
            f"{out_dir}: no trained model to retrain the article heads of (card.json missing)"
        )
    if dump_dir is None or not (dump_dir / "techniques_oof.npz").is_file():
        raise ValueError(
            f"{dump_dir}: no techniques_oof.npz; retraining the article heads alone reads the "
            "out-of-fold technique scores of a full run (`spinscope train --dump DIR`)"
        )
