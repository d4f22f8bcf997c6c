"""The article-bootstrap interval printed beside each cross-validated micro-F1."""

from __future__ import annotations

import numpy as np

from spinscope.persuasion.heads import micro_f1
from spinscope.persuasion.intervals import micro_f1_interval


def _case(n_articles: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Four paragraphs per article, 5 labels, predictions right about 70% of the time."""
    rng = np.random.default_rng(seed)
    rows = 4 * n_articles
    gold = (rng.random((rows, 5)) < 0.3).astype(np.int8)
    flip = rng.random((rows, 5)) < 0.3
    pred = np.where(flip, 1 - gold, gold).astype(np.int8)
    return gold, pred, np.repeat(np.arange(n_articles), 4)


def test_interval_brackets_the_figure_and_is_reproducible():
    gold, pred, groups = _case(40)
    low, high = micro_f1_interval(gold, pred, groups)
    assert low < micro_f1(gold, pred) < high
    assert (low, high) == micro_f1_interval(gold, pred, groups)


def test_identical_articles_leave_no_room_to_move():
    gold, pred, _ = _case(1)
    gold, pred = np.tile(gold, (30, 1)), np.tile(pred, (30, 1))
    groups = np.repeat(np.arange(30), 4)
    low, high = micro_f1_interval(gold, pred, groups)
    assert low == high == round(micro_f1(gold, pred), 4)


def test_more_articles_give_a_narrower_interval():
    few = micro_f1_interval(*_case(20))
    many = micro_f1_interval(*_case(500))
    assert many[1] - many[0] < (few[1] - few[0]) / 2


def test_articles_not_paragraphs_are_resampled():
    """Paragraphs of one article move together: splitting them into their own
    groups must narrow the interval when an article's paragraphs agree."""
    rng = np.random.default_rng(3)
    right = rng.random(60) < 0.5  # each article wholly right or wholly wrong
    gold = np.ones((600, 1), np.int8)
    pred = np.repeat(right, 10)[:, None].astype(np.int8)
    by_article = micro_f1_interval(gold, pred, np.repeat(np.arange(60), 10))
    by_paragraph = micro_f1_interval(gold, pred, np.arange(600))
    assert by_paragraph[1] - by_paragraph[0] < (by_article[1] - by_article[0]) / 2
