"""The table the technique-source benchmarks write: nested micro-F1 per language.

Shared by ``bench_extra_sources.py`` and ``bench_word_state_source.py``, so a
candidate source is always reported the same way as the model card's figures.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from spinscope.persuasion.card import markdown_table
from spinscope.persuasion.dataset import ArticleData, collect, multi_hot
from spinscope.persuasion.semeval import SemEvalSplit, load_split
from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES
from spinscope.persuasion.train_metrics import figures_per_language


def read_dump(oof: str, data: str) -> tuple[dict, SemEvalSplit, list[ArticleData]]:
    """``train --dump``'s arrays with the train split they were computed on; exits with
    a one-line error when the dump's paragraphs are not that split's."""
    dump = dict(np.load(oof))
    split = load_split(data, "train")
    articles = [a for a in collect(split) if a.paragraphs]
    keys = [p.key for a in articles for p in a.paragraphs]
    gold = multi_hot([split.techniques.get(k, []) for k in keys], TECHNIQUE_NAMES)
    if gold.shape != dump["y"].shape or (gold != dump["y"]).any():
        print(f"{oof}: paragraphs differ from {data}'s train split", file=sys.stderr)
        raise SystemExit(2)
    return dump, split, articles


COLUMNS = ["de", "en", "fr", "it", "pl", "ru", "all", "mean_over_languages"]


class SourceTable:
    """Rows of paragraph micro-F1 per language, one per measured set of decisions."""

    def __init__(self, y: np.ndarray, languages: np.ndarray) -> None:
        self.y, self.languages = y, languages
        self.rows: dict[str, dict] = {}

    def measure(self, name: str, decisions: np.ndarray) -> None:
        figures = figures_per_language(self.y, decisions, self.languages)
        self.rows[name] = {str(lang): figures[lang]["micro_f1"] for lang in figures}
        print(f"{name}: {self.rows[name]}", file=sys.stderr, flush=True)

    def write(self, path: Path, title: str, command: str, seconds: float) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        lines = [
            f"# {title}",
            "",
            f"- Run: {stamp}, `{command}`, {seconds:.0f} s on 2 cores.",
            "- Paragraph micro-F1, 5 folds grouped by article; blend weights and thresholds "
            "applied to each fold were fitted on the other folds only.",
            "",
            *markdown_table(self.rows, COLUMNS),
            "",
        ]
        path.write_text("\n".join(lines))
        print(f"wrote {path}", file=sys.stderr)
