"""The scorer gives the known answers, computed by hand in the comments."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from spinscope.persuasion.scorer import (
    format_report,
    main,
    score_files,
    score_frames,
    score_genres,
    score_multilabel,
    score_techniques,
    span_prf,
    spans_as_rows,
)
from spinscope.persuasion.semeval import load_split, write_frames, write_genres, write_techniques
from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES

MINI = Path(__file__).parent / "data" / "semeval_mini"
approx = pytest.approx


def test_techniques_known_answer() -> None:
    gold = {
        ("a", 1): ["Loaded_Language", "Name_Calling-Labeling"],
        ("a", 2): ["Doubt"],
        ("a", 3): [],
        ("b", 1): ["Loaded_Language"],
        ("b", 2): ["Doubt", "Repetition"],
    }
    pred = {
        ("a", 1): ["Loaded_Language"],  # TP LL, FN NC
        ("a", 2): ["Doubt", "Slogans"],  # TP Doubt, FP Slogans
        ("a", 3): ["Loaded_Language"],  # FP LL
        # ("b", 1) missing: FN LL
        ("b", 2): ["Repetition"],  # TP Repetition, FN Doubt
    }
    report = score_techniques(gold, pred)
    # TP = 3, FP = 2, FN = 3 → P = 3/5, R = 3/6, F1 = 2·3 / (2·3 + 2 + 3) = 6/11
    assert report.micro_precision == approx(0.6)
    assert report.micro_recall == approx(0.5)
    assert report.micro_f1 == approx(6 / 11)
    # Per label: LL tp1 fp1 fn1 → 1/2; NC fn1 → 0; Doubt tp1 fn1 → 2/3; Slogans fp1 → 0;
    # Repetition tp1 → 1. The 18 unused labels score 1 (official zero_division=1):
    # macro = (1/2 + 0 + 2/3 + 0 + 1 + 18) / 23 = (121/6) / 23; observed = (13/6) / 5.
    assert report.macro_f1 == approx(121 / 138)
    assert report.macro_f1_observed == approx(13 / 30)
    ll = report.per_label["Loaded_Language"]
    assert (ll.tp, ll.fp, ll.fn, ll.support) == (1, 1, 1, 2)
    assert report.per_label["Doubt"].f1 == approx(2 / 3)
    assert report.per_label["Doubt"].recall == approx(0.5)
    assert report.per_label["Slogans"].precision == 0.0
    assert report.per_label["Straw_Man"].f1 == 1.0
    assert (report.units, report.missing) == (5, 1)
    assert list(report.per_label) == list(TECHNIQUE_NAMES)


def test_frames_known_answer() -> None:
    gold = {"x": ["Economic", "Political"], "y": ["Morality"]}
    pred = {"x": ["Economic"], "y": ["Morality", "Political"]}
    # TP = 2 (Economic, Morality), FP = 1 (Political on y), FN = 1 (Political on x): 4/6.
    report = score_frames(gold, pred)
    assert report.micro_f1 == approx(2 / 3)
    assert report.per_label["Political"].f1 == 0.0


def test_genres_known_answer() -> None:
    gold = {"1": "opinion", "2": "opinion", "3": "reporting", "4": "satire"}
    pred = {"1": "opinion", "2": "reporting", "3": "reporting", "4": "opinion"}
    # opinion tp1 fp1 fn1 → 1/2; reporting tp1 fp1 → 2/3; satire fn1 → 0.
    report = score_genres(gold, pred)
    assert report.macro_f1 == approx((1 / 2 + 2 / 3 + 0) / 3)
    assert report.accuracy == approx(0.5)
    # A genre neither side uses is left out of the macro average (official: sklearn default).
    two = score_genres({"1": "opinion", "2": "reporting"}, {"1": "opinion", "2": "opinion"})
    assert two.macro_f1 == approx((2 / 3 + 0) / 2)
    # A missing prediction is wrong.
    assert score_genres({"1": "satire"}, {}).accuracy == 0.0


def test_agrees_with_sklearn_on_random_data() -> None:
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(7)
    labels = list(TECHNIQUE_NAMES)
    y_true = rng.random((60, 23)) < 0.08
    y_pred = rng.random((60, 23)) < 0.10
    y_true[:, 5] = y_pred[:, 5] = False  # one label nobody uses
    gold = {("d", i): [labels[j] for j in np.flatnonzero(row)] for i, row in enumerate(y_true)}
    pred = {("d", i): [labels[j] for j in np.flatnonzero(row)] for i, row in enumerate(y_pred)}
    report = score_techniques(gold, pred)
    assert report.micro_f1 == approx(f1_score(y_true, y_pred, average="micro", zero_division=1))
    assert report.macro_f1 == approx(f1_score(y_true, y_pred, average="macro", zero_division=1))
    genres = ["opinion", "reporting", "satire"]
    g = {str(i): genres[k] for i, k in enumerate(rng.integers(0, 3, 50))}
    p = {str(i): genres[k] for i, k in enumerate(rng.integers(0, 2, 50))}
    report1 = score_genres(g, p)
    truth, guess = list(g.values()), [p[k] for k in g]
    assert report1.macro_f1 == approx(f1_score(truth, guess, average="macro", zero_division=0))
    assert report1.accuracy == approx(f1_score(truth, guess, average="micro"))


def test_units_and_labels_are_checked() -> None:
    gold = {("a", 1): ["Doubt"]}
    with pytest.raises(ValueError, match="absent from the gold"):
        score_techniques(gold, {("a", 1): [], ("a", 9): ["Doubt"]})
    with pytest.raises(ValueError, match="no prediction"):
        score_techniques(gold, {}, strict=True)
    with pytest.raises(ValueError, match="unknown label 'Propaganda'"):
        score_techniques(gold, {("a", 1): ["Propaganda"]})
    with pytest.raises(ValueError, match="unknown genre 'news'"):
        score_genres({"1": "opinion"}, {"1": "news"})
    # No gold labels and no predictions at all: perfect by convention, as officially.
    empty = score_multilabel({("a", 1): []}, {("a", 1): []}, TECHNIQUE_NAMES)
    assert empty.micro_f1 == 1.0 and empty.macro_f1_observed == 0.0


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        # exact match
        ([("a", "LL", 0, 10)], [("a", "LL", 0, 10)], (1, 1, 1)),
        # half overlap: 5 of 10 characters each way
        ([("a", "LL", 0, 10)], [("a", "LL", 5, 15)], (0.5, 0.5, 0.5)),
        # prediction inside the gold: P = 5/5, R = 5/20, F1 = 2·0.25/1.25
        ([("a", "LL", 0, 20)], [("a", "LL", 5, 10)], (1, 0.25, 0.4)),
        # same characters, other technique or other article: no credit
        ([("a", "LL", 0, 10)], [("a", "Doubt", 0, 10)], (0, 0, 0)),
        ([("a", "LL", 0, 10)], [("b", "LL", 0, 10)], (0, 0, 0)),
        # overlapping gold spans of one technique: credit capped at the whole span
        ([("a", "LL", 0, 10), ("a", "LL", 5, 15)], [("a", "LL", 0, 15)], (1, 1, 1)),
        # nothing on either side / only one side
        ([], [], (1, 1, 1)),
        ([("a", "LL", 0, 10)], [], (0, 0, 0)),
        ([], [("a", "LL", 0, 10)], (0, 0, 0)),
    ],
)
def test_span_partial_credit_cases(gold, pred, expected) -> None:
    assert span_prf(gold, pred) == approx(expected)


def test_span_known_answer_with_several_spans() -> None:
    gold = [("a", "LL", 0, 10), ("a", "LL", 20, 30), ("a", "NC", 0, 4)]
    pred = [("a", "LL", 0, 5), ("a", "LL", 25, 40), ("a", "NC", 50, 60)]
    # Precision: 0:5 fully inside gold LL → 1; 25:40 has 5 of 15 → 1/3; NC 50:60 → 0: 4/9.
    # Recall: 0:10 has 5 of 10 → 1/2; 20:30 has 5 of 10 → 1/2; NC 0:4 → 0: 1/3.
    # F1 = 2 · 4/9 · 1/3 / (4/9 + 1/3) = 8/21.
    p, r, f = span_prf(gold, pred)
    assert (p, r, f) == approx((4 / 9, 1 / 3, 8 / 21))
    # Ignoring techniques, NC 0:4 is covered by LL 0:5 and the NC prediction still misses:
    # precision 1 + 1/3 + 0 over 3 = 4/9; recall 1/2 + 1/2 + 1 over 3 = 2/3.
    p2, r2, _ = span_prf(gold, pred, technique_aware=False)
    assert (p2, r2) == approx((4 / 9, 2 / 3))


def test_span_input_checks() -> None:
    assert span_prf([("a", "LL", 3, 3)], []) == (1.0, 1.0, 1.0)  # empty spans are ignored
    with pytest.raises(ValueError, match="invalid span"):
        span_prf([("a", "LL", 9, 3)], [])


def test_mini_split_spans_score_perfectly_against_themselves() -> None:
    rows = spans_as_rows(load_split(MINI, "dev")["en"].spans)
    assert len(rows) == 9
    assert span_prf(rows, rows) == (1.0, 1.0, 1.0)
    shifted = [(a, t, s + 1, e + 1) for a, t, s, e in rows]
    p, r, _ = span_prf(rows, shifted)
    assert 0.5 < p < 1 and 0.5 < r < 1


PRED_MINI = {
    ("9001", 1): ["Loaded_Language"],  # TP LL, FN Name_Calling
    ("9001", 3): ["Loaded_Language", "Name_Calling-Labeling", "Doubt"],  # TP 2, FP 1, FN Causal
    ("9001", 5): ["False_Dilemma-No_Choice"],  # TP 1, FN Appeal_to_Time
    ("9001", 7): [],
    ("9002", 1): ["Slogans"],  # FP
    ("9002", 3): [],
    ("9002", 5): ["Appeal_to_Authority", "Appeal_to_Popularity"],  # TP 2
}


def test_written_predictions_are_scored_from_files(tmp_path) -> None:
    gold_dir = MINI / "en"
    pred3 = write_techniques(tmp_path / "pred3.txt", PRED_MINI)
    # TP = 6, FP = 2, FN = 3 → P = 6/8, R = 6/9, F1 = 12/17.
    report = score_files(3, gold_dir / "dev-labels-subtask-3.txt", pred3)
    assert report.micro_f1 == approx(12 / 17)
    assert report.micro_precision == approx(0.75)
    assert report.missing == 0
    pred1 = write_genres(tmp_path / "pred1.txt", {"9001": "opinion", "9002": "opinion"})
    # opinion tp1 fp1 → 2/3, reporting fn1 → 0, satire unused: macro 1/3.
    assert score_files(1, gold_dir / "dev-labels-subtask-1.txt", pred1).macro_f1 == approx(1 / 3)
    pred2 = write_frames(tmp_path / "pred2.txt", {"9001": ["Political"], "9002": []})
    # TP 1, FN 4 → 2/(2+4).
    assert score_files(2, gold_dir / "dev-labels-subtask-2.txt", pred2).micro_f1 == approx(1 / 3)


def test_command_line_scores_and_refuses_incomplete_files(tmp_path, capsys) -> None:
    gold = MINI / "en" / "dev-labels-subtask-3.txt"
    pred = write_techniques(tmp_path / "pred.txt", PRED_MINI)
    assert main(["-s", "3", "-g", str(gold), "-p", str(pred)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("micro-F1=0.70588")
    assert "Loaded_Language" in out
    partial = write_techniques(tmp_path / "partial.txt", {("9001", 1): ["Doubt"]})
    with pytest.raises(SystemExit) as exit_info:
        main(["-s", "3", "-g", str(gold), "-p", str(partial)])
    assert exit_info.value.code == 2
    assert "6 gold unit(s) have no prediction" in capsys.readouterr().err
    assert main(["-s", "3", "-g", str(gold), "-p", str(partial), "--lenient"]) == 0


def test_module_runs_as_a_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "spinscope.persuasion.scorer", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--subtask" in done.stdout


def test_format_report_lists_every_label() -> None:
    report = score_genres({"1": "opinion"}, {"1": "opinion"})
    text = format_report(report)
    assert text.splitlines()[0].startswith("macro-F1=1.00000  accuracy=1.00000")
    assert len(text.splitlines()) == 2 + 3
