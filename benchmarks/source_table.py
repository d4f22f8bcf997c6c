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
from spinscope.persuasion.training import _per_language

COLUMNS = ["de", "en", "fr", "it", "pl", "ru", "all", "mean_over_languages"]


class SourceTable:
    """Rows of paragraph micro-F1 per language, one per measured set of decisions."""

    def __init__(self, y: np.ndarray, languages: np.ndarray) -> None:
        self.y, self.languages = y, languages
        self.rows: dict[str, dict] = {}

    def measure(self, name: str, decisions: np.ndarray) -> None:
        figures = _per_language(self.y, decisions, self.languages)
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
