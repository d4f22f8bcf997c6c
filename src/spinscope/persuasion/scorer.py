"""The official SemEval-2023 Task 3 metrics, plus span F1 with partial credit.

- subtask 3 (techniques) and 2 (frames): micro-F1 over (unit, label) pairs, the
  ranking metric, and macro-F1 over the official labels. As in the official
  scorers (sklearn, ``zero_division=1``), a label that neither the gold nor the
  predictions use scores F1 = 1 in the macro average; ``macro_f1_observed`` leaves
  such labels out, which is the fairer figure on small or per-language sets.
- subtask 1 (genre): macro-F1 over the genres found in gold or predictions (as
  the official scorer, sklearn's default), and accuracy.
- spans: SemEval-2020 Task 11 style partial credit. A predicted span earns
  |overlap| / |predicted span| against gold spans of the same technique in the
  same article (precision); a gold span earns |overlap| / |gold span| against
  predictions (recall). Overlap is measured against the union of the other side's
  spans, so overlapping annotations never give more than full credit.

Units are the gold's: a prediction missing for a gold unit counts as an empty
prediction (``strict=True`` refuses it, like the official scorers), and a
prediction for a unit the gold does not have is an error.

Run ``python -m spinscope.persuasion.scorer --help`` to score files.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from spinscope.persuasion import semeval
from spinscope.persuasion.taxonomy import FRAME_NAMES, GENRE_NAMES, TECHNIQUE_NAMES


@dataclass(frozen=True)
class LabelResult:
    """Counts and scores of one label. Undefined precision or recall reads 0; F1 reads 1
    when the label is absent from gold and predictions (the official convention)."""

    label: str
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float

    @property
    def support(self) -> int:
        """How many gold units carry the label."""
        return self.tp + self.fn


@dataclass(frozen=True)
class MultiLabelReport:
    """Subtask 3 or 2 scores over the gold units."""

    micro_precision: float
    micro_recall: float
    micro_f1: float
    macro_f1: float
    macro_f1_observed: float
    units: int
    missing: int
    per_label: dict[str, LabelResult]

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SingleLabelReport:
    """Subtask 1 scores over the gold articles."""

    macro_f1: float
    accuracy: float
    units: int
    missing: int
    per_label: dict[str, LabelResult]

    def to_dict(self) -> dict:
        return asdict(self)


def _ratio(num: float, den: float, empty: float = 0.0) -> float:
    return float(num) / float(den) if den else empty


def _label_result(label: str, tp: int, fp: int, fn: int) -> LabelResult:
    return LabelResult(
        label=label,
        tp=tp,
        fp=fp,
        fn=fn,
        precision=_ratio(tp, tp + fp),
        recall=_ratio(tp, tp + fn),
        f1=_ratio(2 * tp, 2 * tp + fp + fn, empty=1.0),
    )


def _aligned(
    gold: Mapping[Hashable, object], pred: Mapping[Hashable, object], strict: bool
) -> tuple[list[Hashable], int]:
    """Gold units in order and how many have no prediction; refuse foreign predictions."""
    extra = [key for key in pred if key not in gold]
    if extra:
        raise ValueError(
            f"{len(extra)} prediction(s) for units absent from the gold, e.g. {extra[0]!r}"
        )
    units = list(gold)
    missing = [key for key in units if key not in pred]
    if strict and missing:
        raise ValueError(f"{len(missing)} gold unit(s) have no prediction, e.g. {missing[0]!r}")
    return units, len(missing)


def _indicators(
    table: Mapping[Hashable, Iterable[str]],
    units: Sequence[Hashable],
    index: Mapping[str, int],
    side: str,
) -> np.ndarray:
    """Binary unit × label matrix; unknown labels are an error."""
    matrix = np.zeros((len(units), len(index)), dtype=bool)
    for row, key in enumerate(units):
        for label in table.get(key, ()):
            column = index.get(label)
            if column is None:
                raise ValueError(f"unknown label {label!r} in the {side} for {key!r}")
            matrix[row, column] = True
    return matrix


def score_multilabel(
    gold: Mapping[Hashable, Iterable[str]],
    pred: Mapping[Hashable, Iterable[str]],
    labels: Sequence[str],
    strict: bool = False,
) -> MultiLabelReport:
    """Micro- and macro-F1 of a multi-label prediction over the gold units."""
    units, missing = _aligned(gold, pred, strict)
    index = {label: i for i, label in enumerate(labels)}
    y_true = _indicators(gold, units, index, "gold")
    y_pred = _indicators(pred, units, index, "predictions")
    tp = (y_true & y_pred).sum(axis=0)
    fp = (~y_true & y_pred).sum(axis=0)
    fn = (y_true & ~y_pred).sum(axis=0)
    per_label = {
        label: _label_result(label, int(tp[i]), int(fp[i]), int(fn[i]))
        for label, i in index.items()
    }
    observed = [r.f1 for r in per_label.values() if r.tp + r.fp + r.fn]
    all_tp, all_fp, all_fn = int(tp.sum()), int(fp.sum()), int(fn.sum())
    return MultiLabelReport(
        micro_precision=_ratio(all_tp, all_tp + all_fp),
        micro_recall=_ratio(all_tp, all_tp + all_fn),
        micro_f1=_ratio(2 * all_tp, 2 * all_tp + all_fp + all_fn, empty=1.0),
        macro_f1=float(np.mean([r.f1 for r in per_label.values()])) if per_label else 0.0,
        macro_f1_observed=float(np.mean(observed)) if observed else 0.0,
        units=len(units),
        missing=missing,
        per_label=per_label,
    )


def score_techniques(
    gold: Mapping[tuple[str, int], Iterable[str]],
    pred: Mapping[tuple[str, int], Iterable[str]],
    labels: Sequence[str] = TECHNIQUE_NAMES,
    strict: bool = False,
) -> MultiLabelReport:
    """Subtask 3: micro-F1 (official) and macro-F1 over (paragraph, technique) pairs."""
    return score_multilabel(gold, pred, labels, strict)


def score_frames(
    gold: Mapping[str, Iterable[str]],
    pred: Mapping[str, Iterable[str]],
    labels: Sequence[str] = FRAME_NAMES,
    strict: bool = False,
) -> MultiLabelReport:
    """Subtask 2: micro-F1 (official) and macro-F1 over (article, frame) pairs."""
    return score_multilabel(gold, pred, labels, strict)


def score_genres(
    gold: Mapping[str, str],
    pred: Mapping[str, str],
    labels: Sequence[str] = GENRE_NAMES,
    strict: bool = False,
) -> SingleLabelReport:
    """Subtask 1: macro-F1 (official) over the genres present in gold or predictions,
    and accuracy; a missing prediction is simply wrong."""
    units, missing = _aligned(gold, pred, strict)
    for side, table in (("gold", gold), ("predictions", pred)):
        for key, value in table.items():
            if value not in labels:
                raise ValueError(f"unknown genre {value!r} in the {side} for {key!r}")
    per_label = {}
    for label in labels:
        tp = sum(1 for k in units if gold[k] == label and pred.get(k) == label)
        fp = sum(1 for k in units if gold[k] != label and pred.get(k) == label)
        fn = sum(1 for k in units if gold[k] == label and pred.get(k) != label)
        per_label[label] = _label_result(label, tp, fp, fn)
    present = [r.f1 for r in per_label.values() if r.tp + r.fp + r.fn]
    correct = sum(1 for k in units if pred.get(k) == gold[k])
    return SingleLabelReport(
        macro_f1=float(np.mean(present)) if present else 0.0,
        accuracy=_ratio(correct, len(units)),
        units=len(units),
        missing=missing,
        per_label=per_label,
    )


# ---------------------------------------------------------------- spans

SpanRow = tuple[str, str, int, int]
"""(article id, technique, start, end), end exclusive."""


def _merged(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result


def _covered(start: int, end: int, union: Sequence[tuple[int, int]]) -> int:
    """Characters of start:end inside the (merged, sorted) intervals."""
    return sum(max(0, min(end, e) - max(start, s)) for s, e in union)


def _credit(spans: Sequence[SpanRow], other: Sequence[SpanRow], technique_aware: bool) -> float:
    """Sum over ``spans`` of the share of each covered by ``other`` (same article and,
    if technique-aware, same technique)."""
    groups: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for aid, technique, s, e in other:
        groups.setdefault((aid, technique if technique_aware else ""), []).append((s, e))
    unions = {key: _merged(found) for key, found in groups.items()}
    total = 0.0
    for aid, technique, s, e in spans:
        union = unions.get((aid, technique if technique_aware else ""), [])
        total += _covered(s, e, union) / (e - s)
    return total


def _clean_spans(rows: Iterable[SpanRow], side: str) -> list[SpanRow]:
    spans = []
    for row in rows:
        aid, technique, start, end = row
        if start > end or start < 0:
            raise ValueError(f"invalid span {row!r} in the {side}")
        if end > start:  # an empty span carries no characters to credit
            spans.append((str(aid), technique, int(start), int(end)))
    return spans


def span_prf(
    gold: Iterable[SpanRow], pred: Iterable[SpanRow], technique_aware: bool = True
) -> tuple[float, float, float]:
    """Span precision, recall and F1 with partial credit for overlap.

    ``technique_aware=False`` ignores the technique (span identification only).
    With no gold and no predictions the result is (1, 1, 1); with only one side, zeros.
    """
    sums = span_sums(gold, pred, technique_aware)
    if not sums[1] and not sums[3]:
        return 1.0, 1.0, 1.0
    return prf_of_sums(sums)


def span_sums(
    gold: Iterable[SpanRow], pred: Iterable[SpanRow], technique_aware: bool = True
) -> tuple[float, int, float, int]:
    """What span precision and recall are ratios of: the predictions' credit and count,
    the gold's credit and count. Sums over disjoint sets of articles add up, so a
    choice can be scored on any subset of folds without decoding again."""
    gold_spans = _clean_spans(gold, "gold")
    pred_spans = _clean_spans(pred, "predictions")
    return (
        _credit(pred_spans, gold_spans, technique_aware),
        len(pred_spans),
        _credit(gold_spans, pred_spans, technique_aware),
        len(gold_spans),
    )


def prf_of_sums(sums: Sequence[float]) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``span_sums`` (or of several added together)."""
    precision = _ratio(sums[0], sums[1])
    recall = _ratio(sums[2], sums[3])
    return precision, recall, _ratio(2 * precision * recall, precision + recall)


def spans_as_rows(spans: Mapping[str, Iterable[tuple[str, int, int]]]) -> list[SpanRow]:
    """``{article: [(technique, start, end)]}`` (as ``load_split`` gives) → span rows."""
    return [(aid, t, s, e) for aid, found in spans.items() for t, s, e in found]


# ---------------------------------------------------------------- files and command line


def score_files(
    subtask: int,
    gold_path: str | os.PathLike[str],
    pred_path: str | os.PathLike[str],
    strict: bool = True,
) -> MultiLabelReport | SingleLabelReport:
    """Score an official-format prediction file against a gold file of the same subtask."""
    if subtask == 3:
        gold3, pred3 = semeval.read_techniques(gold_path), semeval.read_techniques(pred_path)
        return score_techniques(gold3, pred3, strict=strict)
    if subtask == 2:
        return score_frames(
            semeval.read_frames(gold_path), semeval.read_frames(pred_path), strict=strict
        )
    if subtask == 1:
        return score_genres(
            semeval.read_genres(gold_path), semeval.read_genres(pred_path), strict=strict
        )
    raise ValueError(f"subtask must be 1, 2 or 3, not {subtask}")


def format_report(report: MultiLabelReport | SingleLabelReport) -> str:
    """A plain-text table: headline figures, then one row per label with support."""
    if isinstance(report, MultiLabelReport):
        head = (
            f"micro-F1={report.micro_f1:.5f}  macro-F1={report.macro_f1:.5f}  "
            f"(observed labels {report.macro_f1_observed:.5f})  "
            f"P={report.micro_precision:.4f} R={report.micro_recall:.4f}"
        )
    else:
        head = f"macro-F1={report.macro_f1:.5f}  accuracy={report.accuracy:.5f}"
    head += f"  units={report.units}" + (f" missing={report.missing}" if report.missing else "")
    width = max(len(label) for label in report.per_label)
    rows = [head, f"{'label':<{width}}  {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}"]
    for r in report.per_label.values():
        rows.append(
            f"{r.label:<{width}}  {r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f} "
            f"{r.support:5d} {r.tp + r.fp:5d}"
        )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m spinscope.persuasion.scorer",
        description="Score SemEval-2023 Task 3 prediction files with the official metrics.",
    )
    parser.add_argument("--subtask", "-s", type=int, choices=(1, 2, 3), required=True)
    parser.add_argument("--gold", "-g", required=True, help="gold labels file")
    parser.add_argument("--pred", "-p", required=True, help="predictions file")
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="score gold units without a prediction as empty instead of refusing the file",
    )
    args = parser.parse_args(argv)
    try:
        report = score_files(args.subtask, args.gold, args.pred, strict=not args.lenient)
    except (ValueError, OSError) as err:
        parser.exit(2, f"error: {err}\n")
    print(format_report(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
