"""The attention head over token states, its score cache and the training token store."""

from __future__ import annotations

import numpy as np
import pytest

from spinscope.persuasion.attention import (
    PREFIX_TOKENS,
    AttentionEnsemble,
    TokenAttentionHead,
    content_states,
)
from spinscope.persuasion.encoder import LATENT_ID, Encoder, VectorCache, text_key
from spinscope.persuasion.engine import LayerPooledE5
from spinscope.persuasion.token_store import TokenStore


def _random_head(seed: int = 0) -> TokenAttentionHead:
    head = TokenAttentionHead(6, 5, 3, seed=seed, labels=("a", "b", "c"))
    rng = np.random.default_rng(seed)
    head.params["U"] = rng.normal(size=head.params["U"].shape).astype(np.float32)
    return head


def test_gradients_match_finite_differences() -> None:
    head = _random_head()
    rng = np.random.default_rng(1)
    lengths = np.array([3, 1, 4])
    x = rng.normal(size=(lengths.sum(), 6)).astype(np.float32)
    y = (rng.random((3, 3)) > 0.5).astype(np.float32)
    # float64, so finite differences are precise
    head.params = {k: v.astype(np.float64) for k, v in head.params.items()}
    grads, _ = head._gradients(x.astype(np.float64), lengths, y)
    for name, param in head.params.items():
        for index in [(0,) * param.ndim, tuple(s - 1 for s in param.shape)]:
            saved = param[index]
            param[index] = saved + 1e-6
            up = head._gradients(x.astype(np.float64), lengths, y)[1]
            param[index] = saved - 1e-6
            down = head._gradients(x.astype(np.float64), lengths, y)[1]
            param[index] = saved
            assert grads[name][index] == pytest.approx((up - down) / 2e-6, rel=1e-3, abs=1e-7)


def test_learns_which_token_carries_a_label() -> None:
    """A label present when one marked token occurs anywhere in the text, however long."""
    rng = np.random.default_rng(0)
    marker = rng.normal(size=16).astype(np.float32) * 3
    texts, labels = [], []
    for i in range(400):
        tokens = rng.normal(size=(rng.integers(3, 30), 16)).astype(np.float32)
        has = i % 2 == 0
        if has:
            tokens[rng.integers(len(tokens))] = marker
        texts.append(tokens)
        labels.append([float(has)])
    lengths = np.array([len(t) for t in texts])
    x, y = np.concatenate(texts), np.array(labels, np.float32)
    head = TokenAttentionHead(16, 16, 1, seed=0).fit(
        x[: lengths[:300].sum()], lengths[:300], y[:300], epochs=15, lr=3e-3
    )
    proba = head.predict_proba(x[lengths[:300].sum() :], lengths[300:])[:, 0]
    assert ((proba > 0.5) == (y[300:, 0] > 0.5)).mean() >= 0.95


def test_save_load_keeps_scores_and_cache_id(tmp_path) -> None:
    head = _random_head()
    states = [np.ones((2, 6), np.float16), np.arange(18, dtype=np.float16).reshape(3, 6) / 10]
    head.save(tmp_path / "attention.npz")
    again = TokenAttentionHead.load(tmp_path / "attention.npz")
    assert again.labels == ("a", "b", "c") and again.n_labels == 3
    assert np.array_equal(again.score_texts(states), head.score_texts(states))
    assert again.cache_id == head.cache_id != _random_head(seed=1).cache_id


def _toy_texts(n: int = 40) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    lengths = rng.integers(2, 9, size=n)
    x = rng.normal(size=(lengths.sum(), 6)).astype(np.float32)
    y = (rng.random((n, 3)) > 0.6).astype(np.float32)
    return x, lengths, y


def test_ensemble_keeps_each_seed_at_each_snapshot_epoch() -> None:
    x, lengths, y = _toy_texts()
    ensemble = AttentionEnsemble.fit(
        x, lengths, y, hidden=5, seeds=(0, 1), snapshots=(2, 3), labels=("a", "b", "c")
    )
    assert len(ensemble.heads) == 4 and ensemble.labels == ("a", "b", "c")
    # the seed-1 snapshot after epoch 2 is exactly a seed-1 head trained 2 epochs
    alone = TokenAttentionHead(6, 5, 3, seed=1).fit(x, lengths, y, epochs=2)
    assert np.allclose(ensemble.heads[2].predict_proba(x, lengths), alone.predict_proba(x, lengths))
    members = [h.predict_proba(x, lengths) for h in ensemble.heads]
    assert not np.allclose(members[0], members[1])  # training went on after the snapshot
    assert np.allclose(ensemble.predict_proba(x, lengths), np.mean(members, axis=0))


def test_ensemble_save_load_and_single_head_files(tmp_path) -> None:
    ensemble = AttentionEnsemble([_random_head(0), _random_head(1)])
    states = [np.ones((2, 6), np.float16), np.arange(18, dtype=np.float16).reshape(3, 6) / 10]
    ensemble.save(tmp_path / "ensemble.npz")
    again = AttentionEnsemble.load(tmp_path / "ensemble.npz")
    assert len(again.heads) == 2 and again.labels == ("a", "b", "c")
    assert np.array_equal(again.score_texts(states), ensemble.score_texts(states))
    assert again.cache_id == ensemble.cache_id
    assert ensemble.cache_id not in {h.cache_id for h in ensemble.heads}
    # a model saved before ensembles holds one head's file: it loads as a one-head ensemble
    _random_head(0).save(tmp_path / "single.npz")
    single = AttentionEnsemble.load(tmp_path / "single.npz")
    assert len(single.heads) == 1 and single.cache_id == _random_head(0).cache_id
    assert np.array_equal(single.score_texts(states), _random_head(0).score_texts(states))


def test_content_states_drop_the_prefix_as_float16() -> None:
    states = np.arange(5 * 4, dtype=np.float32).reshape(5, 4)
    kept = content_states(states)
    assert kept.dtype == np.float16 and np.array_equal(kept, states[PREFIX_TOKENS:])
    assert len(content_states(states[:1])) == 1  # never empty


@pytest.fixture(scope="module")
def engine() -> LayerPooledE5:
    return LayerPooledE5()


def test_encoder_attention_scores_cache_and_vectors_in_one_pass(engine, tmp_path) -> None:
    texts = ["Ces terroristes américains mentent.", "Le ministre a parlé mardi."]
    head = TokenAttentionHead(384, 8, 3, seed=0, labels=("a", "b", "c"))
    head.params["U"][:] = 0.5
    cache = VectorCache(tmp_path / "cache.sqlite")
    encoder = Encoder(cache)
    scores = encoder.attention(texts, head)
    vectors, tokens = engine.passage_tokens(texts)
    assert np.allclose(scores, head.score_texts([content_states(t) for t in tokens]), atol=1e-6)
    # the vectors came from the same pass and are what embed would give
    cached = cache.get_many([text_key(t) for t in texts])
    assert np.array_equal(np.stack([cached[text_key(t)] for t in texts]), vectors)
    again = Encoder(VectorCache(tmp_path / "cache.sqlite"))
    assert np.array_equal(again.attention(texts[::-1], head), scores[::-1])
    other = TokenAttentionHead(384, 8, 3, seed=1)
    assert not np.allclose(again.attention(texts, other), scores)  # keyed by the weights


def test_paragraph_attention_scores_both_heads_from_one_pass(engine, tmp_path, monkeypatch) -> None:
    """A paragraph reads its sentences' states back to back; nothing is encoded twice."""
    import spinscope.persuasion.encoder as encoder_module
    from spinscope.persuasion.attention import AttentionHeads

    paragraphs = [
        ["Ces terroristes américains mentent.", "Le ministre a parlé mardi."],
        [],
        ["Les Yankees fuient.", "Ces terroristes américains mentent."],
    ]
    sentence = TokenAttentionHead(384, 8, 3, seed=0, labels=("a", "b", "c"))
    paragraph = TokenAttentionHead(384, 8, 3, seed=1, labels=("a", "b", "c"))
    paragraph.params["U"][:] = 0.5
    heads = AttentionHeads(sentence, paragraph)
    calls: list[int] = []

    class Counting:
        def passage_pass(self, texts, **asked):
            calls.append(len(texts))
            return engine.passage_pass(texts, **asked)

    monkeypatch.setattr(encoder_module, "_load_engine", Counting)
    cache = VectorCache(tmp_path / "cache.sqlite")
    scored = Encoder(cache).paragraph_attention(paragraphs, heads)
    assert calls == [3]  # the three distinct sentences, once, for both heads and the vectors
    distinct = paragraphs[0] + ["Les Yankees fuient."]
    _, tokens = engine.passage_tokens(distinct)
    states = dict(zip(distinct, map(content_states, tokens), strict=True))
    expected = paragraph.score_texts(
        [np.concatenate([states[t] for t in p]) for p in (paragraphs[0], paragraphs[2])]
    )
    assert np.allclose(scored.paragraphs[[0, 2]], expected, atol=1e-5)
    assert not scored.paragraphs[1].any()  # no sentences: no evidence
    assert [len(s) for s in scored.sentences] == [2, 0, 2]
    assert np.allclose(scored.sentences[2][1], scored.sentences[0][0])
    assert np.allclose(
        scored.sentences[0], sentence.score_texts([states[t] for t in paragraphs[0]]), atol=1e-5
    )
    again = Encoder(VectorCache(tmp_path / "cache.sqlite"))
    cached = again.paragraph_attention(paragraphs, heads)
    assert np.array_equal(cached.paragraphs, scored.paragraphs)
    again.embed(paragraphs[0])
    again.latents(distinct)
    assert calls == [3]  # scores, vectors and latent terms all came from the cache


def test_token_store_fills_once_and_reads_back(engine, tmp_path) -> None:
    texts = ["Les Yankees fuient.", "Une défaite totale, disent-ils.", "Les Yankees fuient."]
    cache = VectorCache()
    store = TokenStore(tmp_path / "tokens")
    seen: list[int] = []
    store.fill(texts, cache, progress=seen.append)
    assert sum(seen) == 2  # distinct texts only
    x, lengths = store.sentence_states(texts)
    vectors, tokens = engine.passage_tokens(texts[:2])
    expected = [content_states(t) for t in tokens]
    assert lengths.tolist() == [len(expected[0]), len(expected[1]), len(expected[0])]
    assert np.allclose(x[: lengths[0]].astype(np.float32), expected[0], atol=1e-3)
    assert cache.get_many([text_key(texts[1])])[text_key(texts[1])] == pytest.approx(vectors[1])
    latents = cache.get_latents([text_key(texts[1], LATENT_ID)])[text_key(texts[1], LATENT_ID)]
    expected_latents = engine.passage_pass([texts[1]], tokens=False, latents=True).latents[0]
    assert latents[0].tolist() == expected_latents[0].tolist()  # same features, from one pass
    store.close()
    reopened = TokenStore(tmp_path / "tokens")
    seen.clear()
    reopened.fill(texts, cache, progress=seen.append)
    assert seen == [] and reopened.end == store.end
