"""Genre and frames on a language the heads never saw: each training language held out in turn.

The encoder is multilingual, so an article in Spanish gets vectors as good as
a French one; but the genre n-gram model only knows the training languages'
words, and in a held-out language it collapses onto one class (all Russian
articles "reporting", nearly all French ones "opinion"); and a new language's
technique profile comes from the unseen-language blend (partly the latent-term
head, partly the whole blend: ``TrainConfig.unseen_share``). Holding each training
language out, with its articles scored as an unknown language would be (no
language one-hot, technique profile from the unseen-language blend), tells
how much weight that model deserves on a new language, whether the genre
head should read the profile there, and what genre and
frame figures to expect there. The technique profiles are out-of-fold but
from models that saw the language, so these figures are somewhat optimistic.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from spinscope.persuasion import scorer
from spinscope.persuasion.encoder import DIM
from spinscope.persuasion.features import KNOWN_LANGUAGES
from spinscope.persuasion.heads import DenseHead, fit_linear, micro_f1, tune_thresholds
from spinscope.persuasion.lexical import LexicalHead
from spinscope.persuasion.taxonomy import FRAME_NAMES, GENRE_NAMES

LEXICAL_WEIGHTS = (0.0, 0.25, 0.5)
# The title, body-mean and body-max vectors of ``features.article_features``: what a
# language shifts as a whole, and what centring on a language's own mean takes away.
VECTOR_COLUMNS = slice(0, 3 * DIM)
# ... then the article's length, then its language one-hot.
LANGUAGE_COLUMNS = slice(3 * DIM + 1, 3 * DIM + 1 + len(KNOWN_LANGUAGES))
# A batch of a new language needs this many articles for its mean to centre on.
MIN_CENTRE_ARTICLES = 10


def centred_by_language(
    rows: np.ndarray, langs: np.ndarray, columns: slice = VECTOR_COLUMNS
) -> np.ndarray:
    """``rows`` with each language's mean taken off the vector ``columns``.

    A multilingual encoder places each language's articles around its own centre; what
    tells opinion from reporting is the direction from that centre. A head trained on
    centred rows reads a new language once its articles are centred on their own mean,
    which a batch of them (``predict``, ``evaluate``) provides.
    """
    out = rows.copy()
    for language in np.unique(langs):
        mask = langs == language
        out[np.ix_(mask, np.arange(rows.shape[1])[columns])] -= rows[mask][:, columns].mean(0)
    return out


def genre_macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    """The official genre macro-F1 of label indices (gold, predicted)."""
    return scorer.score_genres(
        {str(i): GENRE_NAMES[v] for i, v in enumerate(gold)},
        {str(i): GENRE_NAMES[v] for i, v in enumerate(pred)},
    ).macro_f1


def fit_genre_head(x: np.ndarray, y: np.ndarray, c: float) -> DenseHead:
    """The genre vector head: multinomial, classes balanced (the metric is macro-F1)."""
    return fit_linear(x, y, GENRE_NAMES, c=c, single_label=True, class_weight="balanced")


def as_new_language(
    rows: np.ndarray,
    langs: np.ndarray,
    vector_columns: slice = VECTOR_COLUMNS,
    language_columns: slice = LANGUAGE_COLUMNS,
) -> np.ndarray:
    """Rows centred per language with the language one-hot cleared: how the head for a
    batch of a new language is trained, since such a batch never has a one-hot."""
    out = centred_by_language(rows, langs, vector_columns)
    out[:, language_columns] = 0.0
    return out


def genre_held_out(
    known: np.ndarray,
    unknown: np.ndarray,
    texts: Sequence[str],
    y: np.ndarray,
    langs: np.ndarray,
    c: float,
    lexical_c: float,
    profile_from: int,
    vector_columns: slice = VECTOR_COLUMNS,
    language_columns: slice = LANGUAGE_COLUMNS,
) -> dict | None:
    """Macro-F1 per held-out language for each way of reading genre; the ways to ship.

    ``known``/``unknown``: article rows with and without the language one-hot
    (the unknown rows also carry the unseen-language technique profile, in
    columns ``profile_from`` on). Ways: the vector head with or without that
    profile (a new language's profile comes from a weaker blend), and without it on
    rows centred per language, one-hot cleared (``as_new_language``: the held-out
    language on its own mean), times each n-gram weight. The best uncentred way, by
    mean over held-out languages, is what a single article of a new language gets (``profile``,
    ``lexical_weight``, ``macro_f1``); on ties, the trained head's features and the
    smaller weight. ``centred`` is the best centred way, for a batch of articles, or
    None where it does no better. None with fewer than two languages.
    """
    languages = sorted(set(langs))
    if len(languages) < 2:
        return None
    plain = slice(0, profile_from)
    variants = {"with profile": slice(None), "without profile": plain, "centred": plain}
    per_language: dict[str, dict[tuple[str, float], float]] = {}
    for language in languages:
        held = langs == language
        if len(np.unique(y[~held])) < 2:
            continue
        train_texts = [t for t, h in zip(texts, held, strict=True) if not h]
        test_texts = [t for t, h in zip(texts, held, strict=True) if h]
        lexical = LexicalHead.fit_single(
            train_texts, y[~held], GENRE_NAMES, c=lexical_c
        ).predict_proba(test_texts)
        scores = {}
        for name, columns in variants.items():
            train, test = known[~held][:, columns], unknown[held][:, columns]
            if name == "centred":
                train = as_new_language(train, langs[~held], vector_columns, language_columns)
                test = as_new_language(test, langs[held], vector_columns, language_columns)
            vector = fit_genre_head(train, y[~held], c).predict_proba(test)
            for w in LEXICAL_WEIGHTS:
                blended = ((1 - w) * vector + w * lexical).argmax(1)
                scores[(name, w)] = round(genre_macro_f1(y[held], blended), 4)
        per_language[str(language)] = scores
    if not per_language:
        return None
    ways = list(per_language[next(iter(per_language))])
    means = {way: round(float(np.mean([f[way] for f in per_language.values()])), 4) for way in ways}
    single = [way for way in ways if way[0] != "centred"]
    chosen = max(single, key=lambda way: (means[way], way[0] == "with profile", -way[1]))
    batch = max((way for way in ways if way[0] == "centred"), key=lambda way: (means[way], -way[1]))
    return {
        "profile": chosen[0] == "with profile",
        "lexical_weight": chosen[1],
        "mean_macro_f1": {
            name: {str(w): means[(name, w)] for w in LEXICAL_WEIGHTS} for name in variants
        },
        "macro_f1": {lang: f[chosen] for lang, f in per_language.items()},
        "centred": (
            {
                "lexical_weight": batch[1],
                "macro_f1": {lang: f[batch] for lang, f in per_language.items()},
            }
            if means[batch] > means[chosen]
            else None
        ),
    }


def frames_held_out(
    rows: tuple[np.ndarray, np.ndarray],
    texts: Sequence[str],
    y: np.ndarray,
    oof: np.ndarray,
    langs: np.ndarray,
    heads: tuple[float, float, float],
) -> dict | None:
    """Frames micro-F1 per held-out language, beside the in-language cross-validated figure.

    ``rows`` are the articles as a trained and as an unknown language reads them;
    ``heads`` the vector head's C, the n-gram head's C and the n-gram head's weight,
    the blend a new language gets too: its character n-grams carry names and cognates
    across languages. Thresholds for the held-out language are tuned on the other
    languages' out-of-fold (blended) scores, as a model trained without it would tune
    them. None with fewer than two languages.
    """
    known, unknown = rows
    c, lexical_c, weight = heads
    languages = sorted(set(langs))
    if len(languages) < 2:
        return None
    figures = {}
    for language in languages:
        held = langs == language
        thresholds = tune_thresholds(y[~held], oof[~held])
        scores = fit_linear(known[~held], y[~held], FRAME_NAMES, c=c).predict_proba(unknown[held])
        if weight:
            lexical = LexicalHead.fit(
                [t for t, h in zip(texts, held, strict=True) if not h],
                y[~held],
                FRAME_NAMES,
                c=lexical_c,
            ).predict_proba([t for t, h in zip(texts, held, strict=True) if h])
            scores = (1 - weight) * scores + weight * lexical
        figures[str(language)] = round(micro_f1(y[held], scores >= thresholds), 4)
    figures["mean"] = round(float(np.mean(list(figures.values()))), 4)
    return {"micro_f1": figures}
