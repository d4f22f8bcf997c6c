"""How often a flag is right, by its score band: the known answers on hand-made flags."""

from __future__ import annotations

import pytest

from spinscope.persuasion.reliability import BAND_EDGES, bands, calibration_gap, flag_bands


def test_flags_fall_in_their_band_and_the_top_edge_is_kept() -> None:
    found = bands([0.05, 0.35, 0.36, 0.95, 1.0], [False, True, False, True, True])
    assert [b.flags for b in found] == [1, 2, 0, 0, 0, 0, 2]
    assert [b.right for b in found] == [0, 1, 0, 0, 0, 0, 2]
    assert found[1].share_right == 0.5 and found[2].share_right is None
    assert found[1].mean_score == pytest.approx(0.355)
    assert (found[0].low, found[-1].high) == (BAND_EDGES[0], BAND_EDGES[-1])


def test_a_band_edge_belongs_to_the_band_above() -> None:
    found = bands([0.3, 0.4], [True, True])
    assert (found[0].flags, found[1].flags, found[2].flags) == (0, 1, 1)


def test_the_gap_is_zero_when_scores_are_the_chances_and_grows_when_not() -> None:
    # four flags at 0.75, three right: the score is the chance
    assert calibration_gap(bands([0.75] * 4, [True, True, True, False])) == pytest.approx(0.0)
    # two flags at 0.35 (none right) and two at 0.85 (both right): 0.35 and 0.15 apart
    found = bands([0.35, 0.35, 0.85, 0.85], [False, False, True, True])
    assert calibration_gap(found) == pytest.approx((0.35 * 2 + 0.15 * 2) / 4)
    assert calibration_gap(bands([], [])) is None


def test_scores_and_marks_must_pair_up() -> None:
    with pytest.raises(ValueError, match="2 scores but 1"):
        bands([0.5, 0.6], [True])


def test_flags_are_judged_against_the_gold_paragraphs_only() -> None:
    gold = {("a1", 1): ["Doubt"], ("a1", 2): []}
    flagged = {
        ("a1", 1): {"Doubt": 0.62, "Loaded_Language": 0.41},
        ("a1", 2): {"Slogans": 0.33},
        ("a9", 1): {"Doubt": 0.9},  # not in the gold: not counted
    }
    found = {b.name: b for b in flag_bands(flagged, gold)}
    assert sum(b.flags for b in found.values()) == 3
    assert (found["0.6–0.7"].flags, found["0.6–0.7"].right) == (1, 1)
    assert (found["0.4–0.5"].flags, found["0.4–0.5"].right) == (1, 0)
    assert (found["0.3–0.4"].flags, found["0.3–0.4"].right) == (1, 0)


def test_card_figures_are_measured_on_the_scores_each_fold_was_flagged_on() -> None:
    import numpy as np

    from spinscope.persuasion.blend import nested_blend_decisions, nested_blend_scores
    from spinscope.persuasion.heads import micro_f1
    from spinscope.persuasion.reliability import reliability_figures

    rng = np.random.default_rng(0)
    y = (rng.random((300, 3)) < 0.3).astype(np.int8)
    sources = {  # two noisy views of the labels, one better than the other
        "a": np.clip(y * 0.5 + rng.random(y.shape) * 0.6, 0, 1).astype(np.float32),
        "b": np.clip(y * 0.2 + rng.random(y.shape) * 0.8, 0, 1).astype(np.float32),
    }
    folds = np.arange(300) % 3
    flags, weights = nested_blend_decisions(y, sources, folds)
    scores = nested_blend_scores(sources, folds, weights)
    for k in range(3):  # within a fold, every flag outscores every paragraph left unflagged
        for j in range(3):
            fold = folds == k
            on, off = scores[fold & (flags[:, j] == 1), j], scores[fold & (flags[:, j] == 0), j]
            assert len(on) and len(off) and on.min() >= off.max()
    languages = np.array(["fr", "en"] * 150)
    figures = reliability_figures(y, scores, flags, languages)
    assert set(figures) == {"en", "fr", "all"}
    flagged = sum(b["flags"] for b in figures["all"]["bands"])
    right = sum(b["right"] for b in figures["all"]["bands"])
    assert flagged == int(flags.sum()) and right == int((flags & y).sum())
    assert 2 * right / (flagged + int(y.sum())) == pytest.approx(micro_f1(y, flags))


def test_the_shipped_cards_share_right_is_read_for_a_language_and_band(monkeypatch) -> None:
    from spinscope.persuasion import reliability

    band = {"low": 0.7, "high": 0.8, "flags": 253, "right": 204, "share_right": 0.806}
    card = {"figures": {"reliability": {"fr": {"bands": [band], "gap": 0.018}}}}
    monkeypatch.setattr(reliability, "_shipped", lambda name: card)
    reliability._card_reliability.cache_clear()
    try:
        assert reliability.share_right("fr") == 0.806
        assert reliability.share_right("ru") is None  # not in this card
        assert reliability.share_right("fr", low=0.3) is None  # no such band
    finally:
        reliability._card_reliability.cache_clear()
