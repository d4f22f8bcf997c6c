"""Genre and frames with each language held out: the n-gram weight follows what transfers."""

from __future__ import annotations

import numpy as np

from spinscope.persuasion.held_out import (
    LEXICAL_WEIGHTS,
    centred_by_language,
    frames_held_out,
    genre_held_out,
)
from spinscope.persuasion.taxonomy import FRAME_NAMES

LANGUAGES = ("aa", "bb", "cc")


def _articles(rng: np.random.Generator, vector_signal: float, shared_words: bool):
    """30 articles per language; genre shows in the vectors and/or in shared words."""
    y = np.tile(np.arange(3), 10 * len(LANGUAGES))
    langs = np.repeat(LANGUAGES, 30)
    rows = rng.normal(size=(len(y), 8)).astype(np.float32)
    rows[np.arange(len(y)), y] += vector_signal
    letters = list("abcdefghijklmnopqrstuvwxyz")
    word = {  # unrelated spellings per language unless shared (char n-grams must not match)
        (lang, label): "".join(rng.choice(letters, 8)) for lang in LANGUAGES for label in range(3)
    }
    texts = [
        " ".join(
            [word[(LANGUAGES[0] if shared_words else lang, label)]] * 5
            + ["".join(rng.choice(letters, 6)) for _ in range(10)]
        )
        for label, lang in zip(y, langs, strict=True)
    ]
    return rows, texts, y, langs


def test_words_that_do_not_carry_over_get_no_weight() -> None:
    rows, texts, y, langs = _articles(np.random.default_rng(0), 3.0, shared_words=False)
    held = genre_held_out(rows, rows, texts, y, langs, c=1.0, lexical_c=10.0, profile_from=8)
    assert held["lexical_weight"] == 0.0
    assert set(held["macro_f1"]) == set(LANGUAGES)
    assert min(held["macro_f1"].values()) > 0.8  # the vectors alone carry genre across


def test_words_shared_across_languages_get_weight_when_vectors_say_nothing() -> None:
    rows, texts, y, langs = _articles(np.random.default_rng(0), 0.0, shared_words=True)
    held = genre_held_out(rows, rows, texts, y, langs, c=1.0, lexical_c=10.0, profile_from=8)
    assert held["lexical_weight"] == max(LEXICAL_WEIGHTS)
    by_weight = held["mean_macro_f1"]["with profile"]
    assert by_weight[str(max(LEXICAL_WEIGHTS))] > by_weight["0.0"]


def test_a_profile_that_does_not_carry_over_is_dropped() -> None:
    """Columns from 8 on: genre in the known rows, noise in the unknown ones."""
    rng = np.random.default_rng(0)
    rows, texts, y, langs = _articles(rng, 1.5, shared_words=False)
    profile = np.eye(3)[y] * 4.0
    known = np.hstack([rows, profile]).astype(np.float32)
    unknown = np.hstack([rows, rng.permutation(profile)]).astype(np.float32)
    held = genre_held_out(known, unknown, texts, y, langs, 1.0, 10.0, profile_from=8)
    assert held["profile"] is False
    means = held["mean_macro_f1"]
    assert means["without profile"]["0.0"] > means["with profile"]["0.0"]
    same = genre_held_out(known, known, texts, y, langs, 1.0, 10.0, profile_from=8)
    assert same["profile"] is True


def test_a_languages_shift_is_centred_away_for_a_batch() -> None:
    """Each language sits around its own centre; genre is the direction from it."""
    rng = np.random.default_rng(0)
    rows, texts, y, langs = _articles(rng, 2.0, shared_words=False)
    for lang in LANGUAGES:
        rows[langs == lang] += rng.normal(scale=3.0, size=8).astype(np.float32)
    held = genre_held_out(
        rows, rows, texts, y, langs, 1.0, 10.0, 8, slice(0, 7), language_columns=slice(7, 8)
    )
    centred = held["centred"]
    assert centred is not None and min(centred["macro_f1"].values()) > 0.8
    means = held["mean_macro_f1"]
    w = str(centred["lexical_weight"])
    assert means["centred"][w] > means["without profile"][str(held["lexical_weight"])] + 0.1
    # centring leaves each language on a zero mean, in the given columns only
    shifted = np.hstack([rows, np.full((len(rows), 1), 5.0, np.float32)])
    same = centred_by_language(shifted, langs, slice(0, 8))
    for lang in LANGUAGES:
        assert np.allclose(same[langs == lang][:, :8].mean(0), 0.0, atol=1e-5)
    assert np.all(same[:, 8] == 5.0)


def test_one_language_gives_no_held_out_figures() -> None:
    rows, texts, y, langs = _articles(np.random.default_rng(0), 3.0, shared_words=False)
    only = langs == "aa"
    held = genre_held_out(rows[only], rows[only], texts[:30], y[only], langs[only], 1.0, 10.0, 8)
    assert held is None
    frames = np.zeros((only.sum(), len(FRAME_NAMES)), np.int8)
    assert (
        frames_held_out(
            (rows[only], rows[only]), texts[:30], frames, frames, langs[only], (1.0, 10.0, 0.5)
        )
        is None
    )


def test_frames_held_out_reads_signal_the_vectors_carry() -> None:
    rng = np.random.default_rng(1)
    n = 90
    langs = np.repeat(LANGUAGES, n // len(LANGUAGES))
    y = (rng.random((n, len(FRAME_NAMES))) < 0.3).astype(np.int8)
    rows = np.hstack([y * 3.0 + rng.normal(size=y.shape), rng.normal(size=(n, 4))])
    oof = np.clip(y * 0.6 + rng.random(y.shape) * 0.3, 0, 1)
    texts = ["" for _ in range(n)]
    vectors_only = (1.0, 10.0, 0.0)
    figures = frames_held_out((rows, rows), texts, y, oof, langs, vectors_only)["micro_f1"]
    assert set(figures) == {*LANGUAGES, "mean"}
    assert figures["mean"] > 0.7
    noise = rng.normal(size=rows.shape)
    held = frames_held_out((noise, noise), texts, y, oof, langs, vectors_only)
    assert held["micro_f1"]["mean"] < 0.6


def test_frames_held_out_blends_in_the_ngram_head_where_words_cross_languages() -> None:
    """Names and cognates carry frames from one language to another: with vectors that
    say nothing, the n-gram head's share is what finds them."""
    rng = np.random.default_rng(2)
    n = 90
    langs = np.repeat(LANGUAGES, n // len(LANGUAGES))
    y = (rng.random((n, len(FRAME_NAMES))) < 0.3).astype(np.int8)
    texts = [
        " ".join([f"theme{chr(97 + j)}" for j in np.flatnonzero(row)] + [f"mot{i}"])
        for i, row in enumerate(y)
    ]
    noise = rng.normal(size=(n, 12))
    oof = np.clip(y * 0.6 + rng.random(y.shape) * 0.3, 0, 1)
    figures = {
        weight: frames_held_out((noise, noise), texts, y, oof, langs, (1.0, 10.0, weight))
        for weight in (0.0, 0.8)
    }
    assert figures[0.0]["micro_f1"]["mean"] < 0.6 < figures[0.8]["micro_f1"]["mean"]
