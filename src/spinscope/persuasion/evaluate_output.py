"""What ``spinscope evaluate`` prints: the figures per language, each label's, or JSON.

Kept apart from the command so that the tables can be read, and tested, on their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.table import Table

from spinscope.persuasion.predict import LanguageScores
from spinscope.persuasion.reliability import BAND_EDGES, Band, band_figures, calibration_gap
from spinscope.persuasion.scorer import MultiLabelReport, SingleLabelReport

INTERVAL_NOTE = (
    "interval: 95% percentile bootstrap of techniques micro-F1 over the split's articles "
    "(paragraphs of one article resampled together)."
)
RELIABILITY_NOTE = (
    "flags right: of the techniques flagged with a score in each band, the share the gold "
    "confirms (flags in brackets); where it sits inside the band, the score reads as the "
    "chance a flag is right. gap: mean distance between score and share right."
)
PHRASES_NOTE = (
    "phrases span F1: every gold span against the phrases of the techniques predicted, "
    "partial credit for overlap (SemEval-2020 Task 11)."
)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"


def _table(title: str) -> Table:
    # Two-line headers and unwrapped figures keep a table whole in an 80-column
    # terminal or a pipe: a figure cut to « 0.81… » is worse than none.
    return Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)


def scores_table(rows: Sequence[LanguageScores], title: str) -> Table:
    """One row per language and one for all: the official metrics of each subtask."""
    table = _table(title)
    table.add_column("language", no_wrap=True)
    for column in (
        "techniques\nmicro-F1",
        "its 95%\ninterval",
        "techniques\nmacro-F1",
        "frames\nmicro-F1",
        "genre\nmacro-F1",
        "para-\ngraphs",
    ):
        table.add_column(column, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(
            row.language,
            _fmt(row.techniques.micro_f1 if row.techniques else None),
            "—"
            if row.techniques_interval is None
            else "–".join(map(_fmt, row.techniques_interval)),
            _fmt(row.techniques.macro_f1_observed if row.techniques else None),
            _fmt(row.frames.micro_f1 if row.frames else None),
            _fmt(row.genres.macro_f1 if row.genres else None),
            str(row.techniques.units) if row.techniques else "—",
        )
    return table


def phrases_table(rows: Sequence[LanguageScores]) -> Table | None:
    """Span precision, recall and F1 of the phrases per language, where the split has
    gold span files (None when none has)."""
    if not any(row.phrases for row in rows):
        return None
    table = _table("phrases (span F1, end to end)")
    table.add_column("language", no_wrap=True)
    for column in ("precision", "recall", "F1"):
        table.add_column(column, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(row.language, *(map(_fmt, row.phrases or (None, None, None))))
    return table


def reliability_table(rows: Sequence[LanguageScores]) -> Table | None:
    """Per language, how often a flag of each score band is right (None without gold
    techniques): whether « 0.64 » can be read as a chance."""
    if not any(row.reliability for row in rows):
        return None
    table = _table("flags right, by score band")
    table.add_column("language", no_wrap=True)
    for low, high in zip(BAND_EDGES, BAND_EDGES[1:], strict=False):
        table.add_column(f"{low:.1f}–\n{high:.1f}", justify="right", no_wrap=True)
    table.add_column("gap", justify="right", no_wrap=True)
    for row in rows:
        found = row.reliability or []
        table.add_row(row.language, *map(_share, found), _fmt(calibration_gap(found)))
    return table


def _share(band: Band) -> str:
    return "—" if band.share_right is None else f"{band.share_right:.2f}\n({band.flags})"


def per_label_tables(row: LanguageScores) -> list[Table]:
    """For one language (or all), each technique's, frame's and genre's counts and scores,
    the most frequent in gold first: where the errors are, label by label."""
    parts: list[tuple[str, MultiLabelReport | SingleLabelReport | None]] = [
        ("technique", row.techniques),
        ("frame", row.frames),
        ("genre", row.genres),
    ]
    tables = []
    for kind, report in parts:
        if report is None:
            continue
        table = _table(f"{kind}s — {row.language}")
        table.add_column(kind, overflow="fold")  # a long id folds, the figures never do
        for column in ("gold", "pre-\ndicted", "preci-\nsion", "recall", "F1"):
            table.add_column(column, justify="right", no_wrap=True)
        ranked = sorted(report.per_label.values(), key=lambda r: (-r.support, r.label))
        for r in ranked:
            if not (r.tp or r.fp or r.fn):
                continue  # neither in gold nor predicted: nothing to say
            table.add_row(
                r.label,
                str(r.support),
                str(r.tp + r.fp),
                _fmt(r.precision),
                _fmt(r.recall),
                _fmt(r.f1),
            )
        tables.append(table)
    return tables


def scores_json(rows: Sequence[LanguageScores]) -> dict[str, Any]:
    """Every figure, per language and label, for scripts (``--json``)."""
    return {
        row.language: {
            "techniques": row.techniques.to_dict() if row.techniques else None,
            "techniques_interval": list(row.techniques_interval)
            if row.techniques_interval
            else None,
            "frames": row.frames.to_dict() if row.frames else None,
            "genres": row.genres.to_dict() if row.genres else None,
            "phrases": dict(zip(("precision", "recall", "f1"), row.phrases, strict=True))
            if row.phrases
            else None,
            "reliability": band_figures(row.reliability) if row.reliability is not None else None,
        }
        for row in rows
    }
