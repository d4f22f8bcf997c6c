"""Latent terms: cached like vectors, and a head that learns from them."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from spinscope.persuasion import encoder as encoder_module
from spinscope.persuasion.encoder import LATENT_DIM, Encoder, VectorCache
from spinscope.persuasion.features import ParagraphInput
from spinscope.persuasion.latents import LatentHead, latent_features, sentence_latent_features

SENTENCES = [
    "Les terroristes américains ont encore bombardé des civils.",
    "Le ministère a publié son rapport annuel mardi.",
]


def test_vectors_and_latent_terms_are_cached_and_never_recomputed(tmp_path, monkeypatch) -> None:
    cache = VectorCache(tmp_path / "cache.sqlite")
    latents = Encoder(cache).latents([*SENTENCES, SENTENCES[0]])
    assert latents.shape == (3, LATENT_DIM)
    assert 0 < latents[0].nnz <= 256
    assert (latents[0] != latents[2]).nnz == 0  # the same text, the same row
    assert (latents[0] != latents[1]).nnz > 0

    def no_model():
        raise AssertionError("the model was called for a cached text")

    vectors = Encoder(cache).embed(SENTENCES)
    monkeypatch.setattr(encoder_module, "_load_engine", no_model)
    reopened = Encoder(VectorCache(tmp_path / "cache.sqlite"))
    again = reopened.latents(SENTENCES[::-1])
    assert (again[1] != latents[0]).nnz == 0 and (again[0] != latents[1]).nnz == 0
    assert np.array_equal(reopened.embed(SENTENCES[::-1]), vectors[::-1])


def test_analysis_runs_the_encoder_once_for_vectors_and_latent_terms(monkeypatch) -> None:
    """Latent terms come from the vectors' pass: asking for both encodes each text once."""
    engine = encoder_module._load_engine()
    calls: list[tuple[int, bool, bool]] = []

    class Counting:
        def passage_pass(self, texts, tokens=True, latents=True):
            calls.append((len(texts), tokens, latents))
            return engine.passage_pass(texts, tokens=tokens, latents=latents)

    monkeypatch.setattr(encoder_module, "_load_engine", Counting)
    encoder = Encoder(VectorCache())
    latents = encoder.latents([*SENTENCES, SENTENCES[1]])
    vectors = encoder.embed(SENTENCES)
    assert calls == [(2, False, True)]  # the vectors came with the latent terms
    expected = engine.passage_pass(SENTENCES, tokens=False)
    assert np.allclose(vectors, expected.vectors)
    ids, values = expected.latents[1]
    row = latents[2].toarray()[0]
    assert np.array_equal(np.flatnonzero(row), np.sort(ids.astype(int)))
    assert np.allclose(row[ids], values.astype(np.float16), atol=0)


def _toy(n: int, seed: int) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Latent feature 7 marks label 0; label 1 is noise."""
    rng = np.random.default_rng(seed)
    rows = sparse.random(n, LATENT_DIM, density=0.002, format="csr", random_state=seed)
    marked = rng.random(n) < 0.3
    rows = sparse.lil_matrix(rows)
    rows[np.flatnonzero(marked), 7] = 3.0
    vectors = rng.normal(size=(n, 384)).astype(np.float32) * 0.01
    languages = np.zeros((n, 6), np.float32)
    x = latent_features(vectors, rows.tocsr(), languages)
    y = np.stack([marked, rng.random(n) < 0.2], axis=1).astype(np.int8)
    return x, y


def test_latent_head_learns_a_marked_feature_and_round_trips(tmp_path) -> None:
    x, y = _toy(400, 0)
    head = LatentHead.fit(x, y, ("marked", "noise"), c=1.0, n_jobs=1)
    test_x, test_y = _toy(200, 1)
    scores = head.predict_proba(test_x)
    assert scores.shape == (200, 2)
    predicted = scores[:, 0] > 0.5
    assert (predicted == test_y[:, 0].astype(bool)).mean() > 0.95
    head.save(tmp_path / "latents.npz")
    again = LatentHead.load(tmp_path / "latents.npz")
    assert again.labels == ("marked", "noise")
    assert np.abs(again.predict_proba(test_x) - scores).max() < 1e-2  # float16 weights


def test_a_label_without_examples_gets_a_constant_low_score() -> None:
    x, y = _toy(100, 2)
    y[:, 1] = 0
    head = LatentHead.fit(x, y, ("marked", "absent"), n_jobs=1)
    scores = head.predict_proba(x)[:, 1]
    assert np.ptp(scores) == 0 and scores[0] < 0.05


def test_sentence_rows_follow_paragraph_order_and_tolerate_missing_latents() -> None:
    latents = sparse.csr_matrix(([1.0, 2.0], ([0, 1], [5, 9])), shape=(2, LATENT_DIM))
    paragraphs = [
        ParagraphInput("a. b.", np.ones((2, 384), np.float32), sentence_latents=latents),
        ParagraphInput("", np.zeros((0, 384), np.float32)),
        ParagraphInput("c.", np.ones((1, 384), np.float32)),  # no latents computed
    ]
    x = sentence_latent_features(paragraphs, "fr")
    assert x.shape == (3, 384 + LATENT_DIM + 6)
    assert x[0, 384 + 5] == 1.0 and x[1, 384 + 9] == 1.0  # L2-normalised single entries
    assert x[2, 384 : 384 + LATENT_DIM].nnz == 0
    assert x[0, 384 + LATENT_DIM + 1] == 1.0  # French in the language one-hot
    assert sentence_latent_features([], "fr").shape == (0, 384 + LATENT_DIM + 6)


def test_embedding_for_the_phrase_stage_alone_skips_the_latent_terms(tmp_path, monkeypatch) -> None:
    """``train --only-phrases`` never reads latent terms, and on a cold cache they cost
    a third of the embedding: ``embed(latents=False)`` leaves them out."""
    from pathlib import Path

    from spinscope.persuasion.dataset import collect, embed
    from spinscope.persuasion.semeval import load_split

    mini = Path(__file__).parent / "data" / "semeval_mini"
    article = next(a for a in collect(load_split(mini, "dev")) if a.paragraphs)
    encoder = Encoder(VectorCache(tmp_path / "cache.sqlite"))

    def no_latents(*args, **kwargs):
        raise AssertionError("latent terms computed for the phrase stage")

    monkeypatch.setattr(encoder, "latents", no_latents)
    embed([article], encoder, latents=False)
    assert len(article.inputs) == len(article.paragraphs)
    first = article.inputs[0]
    assert first.sentence_vectors.shape == (len(article.sentences[0]), 384)
    assert first.sentence_latents is None and first.latents().nnz == 0
