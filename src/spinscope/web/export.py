"""Streaming exports for the API: the same JSONL and CSV as ``spinscope export``.

Rows and columns come from ``spinscope.export`` (one format for CLI and API);
this module only streams them, one analysis at a time, so a corpus of any size
goes out without being held in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from spinscope.article import Analysis
from spinscope.export import ARTICLE_COLUMNS, FINDING_COLUMNS, article_row, finding_rows

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A cell no spreadsheet will evaluate (article text is hostile)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def jsonl_lines(analyses: Iterable[Analysis]) -> Iterator[str]:
    for analysis in analyses:
        yield analysis.model_dump_json() + "\n"


def csv_lines(analyses: Iterable[Analysis], per: str = "article") -> Iterator[str]:
    """CSV text, header first; ``per`` is ``article`` or ``finding`` (one row each)."""
    buffer = io.StringIO()
    columns = ARTICLE_COLUMNS if per == "article" else FINDING_COLUMNS
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writeheader()
    yield flush()
    for analysis in analyses:
        rows = [article_row(analysis)] if per == "article" else finding_rows(analysis)
        for row in rows:
            writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
        yield flush()
