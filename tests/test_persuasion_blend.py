"""Blending the paragraph score sources: thresholds, weight search, nearest sentences."""

from __future__ import annotations

import numpy as np
import pytest

from spinscope.persuasion.blend import (
    blend,
    nested_blend_decisions,
    nested_decisions,
    restricted,
    search_weights,
)
from spinscope.persuasion.heads import micro_f1, tune_thresholds
from spinscope.persuasion.neighbours import SentenceNeighbours


def _brute_force_thresholds(gold: np.ndarray, scores: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """The plain coordinate ascent the fast tuner must reproduce."""
    thresholds = np.full(gold.shape[1], 0.3)
    for _ in range(2):
        for j in range(gold.shape[1]):
            results = []
            for t in grid:
                thresholds[j] = t
                results.append(micro_f1(gold, scores >= thresholds))
            thresholds[j] = grid[int(np.argmax(results))]
    return thresholds


def test_fast_threshold_tuning_equals_the_brute_force_search() -> None:
    rng = np.random.default_rng(3)
    gold = (rng.random((500, 4)) < [0.05, 0.2, 0.4, 0.6]).astype(np.int8)
    scores = np.clip(gold * rng.uniform(0.1, 0.4, 4) + rng.random((500, 4)) * 0.5, 0, 1)
    grid = np.linspace(0.05, 0.9, 35)
    np.testing.assert_array_equal(
        tune_thresholds(gold, scores), _brute_force_thresholds(gold, scores, grid)
    )


def _sources(seed: int = 0) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]:
    rng = np.random.default_rng(seed)
    gold = (rng.random((600, 3)) < 0.3).astype(np.int8)
    informative = np.clip(gold * 0.5 + rng.random((600, 3)) * 0.5, 0, 1)
    noise = rng.random((600, 3))
    folds = np.arange(600) % 5
    return (
        gold,
        {"good": informative, "noise": noise, "weak": 0.5 * informative + 0.5 * noise},
        folds,
    )


def test_weight_search_favours_the_informative_source() -> None:
    gold, sources, folds = _sources()
    weights, f1 = search_weights(gold, sources, folds)
    assert abs(sum(weights.values()) - 1.0) < 1e-6
    assert weights["good"] > weights["noise"]
    equal = {name: 1 / 3 for name in sources}
    assert f1 >= micro_f1(gold, nested_decisions(gold, blend(sources, equal), folds))


def test_nested_blend_never_sees_the_fold_it_scores() -> None:
    gold, sources, folds = _sources(1)
    pred, per_fold = nested_blend_decisions(gold, sources, folds)
    assert len(per_fold) == 5 and pred.shape == gold.shape
    # a source that copies the gold labels of fold 0 only is noise to the
    # folds that choose fold 0's weights, so it must not win there
    leaky = dict(sources)
    leaky["leak"] = np.where((folds == 0)[:, None], gold, sources["noise"]).astype(np.float32)
    _, weights = nested_blend_decisions(gold, leaky, folds)
    assert weights[0]["leak"] < weights[0]["good"]


def test_sentence_neighbours_vote_with_their_labels_and_round_trip(tmp_path) -> None:
    rng = np.random.default_rng(4)
    centres = rng.normal(size=(2, 16))
    vectors = np.concatenate([c + 0.05 * rng.normal(size=(50, 16)) for c in centres])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    targets = np.zeros((100, 2), np.int8)
    targets[:50, 0] = 1
    targets[50:, 1] = 1
    model = SentenceNeighbours.fit(vectors, targets, ["a", "b"], dims=8, k=5)
    queries = centres / np.linalg.norm(centres, axis=1, keepdims=True)
    scores = model.scores(queries)
    assert scores[0, 0] > 0.9 and scores[0, 1] < 0.1
    assert scores[1, 1] > 0.9 and scores[1, 0] < 0.1
    model.save(tmp_path / "n.npz")
    loaded = SentenceNeighbours.load(tmp_path / "n.npz")
    np.testing.assert_allclose(loaded.scores(queries), scores, atol=1e-2)
    assert loaded.labels == ("a", "b") and loaded.k == 5


def test_restricted_weights_keep_only_the_named_sources_and_sum_to_one() -> None:
    weights = {"paragraph": 0.2, "lexical": 0.3, "latents": 0.5}
    kept = restricted(weights, ("paragraph", "latents"))
    assert kept == {"paragraph": 0.2857, "lexical": 0.0, "latents": 0.7143}
    assert restricted(weights, ("latents",)) == {"paragraph": 0.0, "lexical": 0.0, "latents": 1.0}
    with pytest.raises(ValueError, match="no weight"):
        restricted(weights, ("tokens",))
