"""The figures training reports: micro- and macro-F1 per language and per label, with intervals."""

from __future__ import annotations

import numpy as np

from spinscope.persuasion.blend import nested_decisions
from spinscope.persuasion.heads import micro_f1
from spinscope.persuasion.intervals import micro_f1_interval
from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES


def figures_per_language(gold: np.ndarray, pred: np.ndarray, languages: np.ndarray) -> dict:
    """Micro- and macro-F1 and unit counts per language, overall, and the mean over
    languages (the issue's targets are per language and on that mean)."""
    result = {}
    for lang in sorted(set(languages)):
        m = languages == lang
        result[lang] = {
            "micro_f1": round(micro_f1(gold[m], pred[m]), 4),
            "macro_f1": round(label_macro_f1(gold[m], pred[m]), 4),
            "units": int(m.sum()),
        }
    result["all"] = {
        "micro_f1": round(micro_f1(gold, pred), 4),
        "macro_f1": round(label_macro_f1(gold, pred), 4),
        "units": int(len(gold)),
    }
    langs = [k for k in result if k != "all"]
    result["mean_over_languages"] = {
        "micro_f1": round(float(np.mean([result[k]["micro_f1"] for k in langs])), 4)
    }
    return result


def micro_f1_table(
    gold: np.ndarray, rows: dict[str, np.ndarray], languages: np.ndarray
) -> tuple[list[str], dict[str, dict[str, float]]]:
    """Micro-F1 per language, overall and mean over languages, for each named prediction."""
    columns = [*sorted(set(languages)), "all", "mean_over_languages"]
    table = {}
    for name, pred in rows.items():
        figures = figures_per_language(gold, pred, languages)
        table[name] = {c: figures[c]["micro_f1"] for c in columns}
    return columns, table


def add_intervals(
    figures: dict, gold: np.ndarray, pred: np.ndarray, languages: np.ndarray, articles: np.ndarray
) -> None:
    """Put a 95% article-bootstrap interval beside each language's micro-F1 (and overall)."""
    for lang, row in figures.items():
        if lang == "mean_over_languages":
            continue
        m = np.ones(len(gold), bool) if lang == "all" else languages == lang
        row["interval_95"] = list(micro_f1_interval(gold[m], pred[m], articles[m]))


def label_macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    """Macro-F1 over labels present in gold or predictions."""
    scores = []
    for j in range(gold.shape[1]):
        g, p = gold[:, j].astype(bool), pred[:, j].astype(bool)
        if g.any() or p.any():
            scores.append(2 * (g & p).sum() / (g.sum() + p.sum()))
    return float(np.mean(scores)) if scores else 0.0


def nested_per_language(
    y: np.ndarray, scores: np.ndarray, folds: np.ndarray, langs: np.ndarray
) -> np.ndarray:
    """Like ``nested_decisions`` with thresholds tuned per language."""
    pred = np.zeros_like(y)
    for lang in set(langs):
        m = langs == lang
        pred[m] = nested_decisions(y[m], scores[m], folds[m])
    return pred


def per_label(y: np.ndarray, pred: np.ndarray) -> dict:
    """Support, precision, recall and F1 of each technique, for the model card."""
    result = {}
    for j, name in enumerate(TECHNIQUE_NAMES):
        g, p = y[:, j].astype(bool), pred[:, j].astype(bool)
        tp = int((g & p).sum())
        result[name] = {
            "support": int(g.sum()),
            "precision": round(tp / max(int(p.sum()), 1), 4),
            "recall": round(tp / max(int(g.sum()), 1), 4),
            "f1": round(2 * tp / max(int(g.sum() + p.sum()), 1), 4),
        }
    return result
