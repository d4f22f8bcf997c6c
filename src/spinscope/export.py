"""Exports of stored analyses: JSONL documents and CSV tables.

JSONL holds the complete ``Analysis`` document per line (the same JSON as the
CLI, the API and the store), for re-import or any JSON tool. CSV is for
spreadsheets and pandas: one row per article with the key columns, or one row
per technique finding. Text cells that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) get a
leading apostrophe: article text is hostile input.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from spinscope.article import Analysis, TechniqueFinding, TitleTechniqueFinding
from spinscope.store.rows import category_lookup

EXPORT_FORMATS = ("jsonl", "csv")
CSV_UNITS = ("article", "finding")

ARTICLE_COLUMNS = (
    "id",
    "title",
    "source",
    "url",
    "author",
    "published",
    "language",
    "genre",
    "genre_score",
    "genre_centre_articles",
    "paragraph_genres",
    "frames",
    "paragraphs",
    "flagged_paragraphs",
    "techniques",
    "categories",
    "title_techniques",
    "findings",
    "entities",
    "places",
    "quotes",
    "claims",
    "unsourced_claims",
    "stages",
    "origin",
)
FINDING_COLUMNS = (
    "article_id",
    "title",
    "source",
    "published",
    "language",
    "paragraph",
    "technique",
    "category",
    "score",
    "start",
    "end",
    "phrase",
    "phrase_score",
    "approximate",
    "model",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A CSV cell that no spreadsheet will evaluate."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def _joined(counts: Iterable[tuple[str, object]]) -> str:
    return "; ".join(f"{k}={v}" for k, v in counts)


def _flagged(analysis: Analysis) -> dict[tuple[int, str], tuple[str | None, float | None]]:
    """(paragraph, technique) → (category, score), from decisions and phrases."""
    category = category_lookup(analysis)
    flagged: dict[tuple[int, str], tuple[str | None, float | None]] = {}
    for decision in analysis.paragraph_techniques:
        for label in decision.labels:
            flagged[(decision.paragraph, label.label)] = (category(label.label), label.score)
    for f in analysis.techniques:
        flagged.setdefault((f.paragraph, f.technique), (f.category, f.score))
    return flagged


def article_row(analysis: Analysis) -> dict[str, object]:
    """The per-article CSV row: counts are of paragraphs flagged, as in the store."""
    art = analysis.article
    flagged = _flagged(analysis)
    techniques = Counter(technique for _, technique in flagged)
    categories = Counter(c for _, c in {(p, c) for (p, _), (c, _) in flagged.items() if c})
    return {
        "id": art.id,
        "title": art.title,
        "source": art.source,
        "url": art.url,
        "author": art.author,
        "published": art.published,
        "language": art.language,
        "genre": analysis.genre.label if analysis.genre else None,
        "genre_score": round(analysis.genre.score, 4) if analysis.genre else None,
        "genre_centre_articles": analysis.genre_centre_articles,
        # how many body paragraphs read as each genre on their own ("opinion=1; reporting=6")
        "paragraph_genres": _joined(
            sorted(Counter(p.genre for p in analysis.paragraph_genres).items())
        ),
        "frames": _joined(
            (f.label, round(f.score, 4)) for f in sorted(analysis.frames, key=lambda f: -f.score)
        ),
        "paragraphs": len(art.paragraphs),
        "flagged_paragraphs": len({p for p, _ in flagged}),
        "techniques": _joined(techniques.most_common()),
        "categories": _joined(categories.most_common()),
        "title_techniques": _joined((ls.label, ls.score) for ls in analysis.title_labels()),
        "findings": len(analysis.techniques),
        "entities": len(analysis.entities),
        "places": "; ".join(p.name for p in analysis.places if p.status == "resolved"),
        "quotes": len(analysis.quotes),
        "claims": len(analysis.claims),
        "unsourced_claims": sum(1 for c in analysis.claims if not c.sourced),
        "stages": ",".join(analysis.stages),
        "origin": art.origin,
    }


def finding_rows(analysis: Analysis) -> list[dict[str, object]]:
    """One row per phrase finding, plus one per paragraph decision without a phrase; a title
    kept apart from the body gives rows whose ``paragraph`` is "title" (offsets into it)."""
    art = analysis.article
    common = {
        "article_id": art.id,
        "title": art.title,
        "source": art.source,
        "published": art.published,
        "language": art.language,
    }

    def row(paragraph: int | str, f: TechniqueFinding | TitleTechniqueFinding) -> dict:
        return {
            **common,
            "paragraph": paragraph,
            "technique": f.technique,
            "category": f.category,
            "score": f.score,
            "start": f.start,
            "end": f.end,
            "phrase": f.text,
            "phrase_score": f.phrase_score,
            "approximate": f.approximate,
            "model": f.model,
        }

    rows = [row("title", f) for f in sorted(analysis.title_techniques, key=lambda f: f.start)]
    rows += [
        row(f.paragraph, f)
        for f in sorted(analysis.techniques, key=lambda f: (f.paragraph, f.start))
    ]
    with_phrase = {(f.paragraph, f.technique) for f in analysis.techniques}
    for (paragraph, technique), (category, score) in sorted(_flagged(analysis).items()):
        if (paragraph, technique) not in with_phrase:
            rows.append(
                {
                    **common,
                    "paragraph": paragraph,
                    "technique": technique,
                    "category": category,
                    "score": score,
                    "start": None,
                    "end": None,
                    "phrase": None,
                    "phrase_score": None,
                    "approximate": None,
                    "model": analysis.models.get("techniques"),
                }
            )
    return rows


def write_jsonl(analyses: Iterable[Analysis], out: TextIO) -> int:
    """One Analysis document per line; returns the number written."""
    written = 0
    for analysis in analyses:
        out.write(analysis.model_dump_json() + "\n")
        written += 1
    return written


def write_csv(analyses: Iterable[Analysis], out: TextIO, per: str = "article") -> int:
    """CSV with a header row; returns the number of data rows written."""
    if per not in CSV_UNITS:
        raise ValueError(f"per must be one of {', '.join(CSV_UNITS)}, not {per!r}")
    columns = ARTICLE_COLUMNS if per == "article" else FINDING_COLUMNS
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    written = 0
    for analysis in analyses:
        rows = [article_row(analysis)] if per == "article" else finding_rows(analysis)
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})
            written += 1
    return written


def export_analyses(
    analyses: Iterable[Analysis], out: TextIO, format: str = "jsonl", per: str = "article"
) -> int:
    """Write ``analyses`` to ``out`` as JSONL or CSV; returns the rows written."""
    if format == "jsonl":
        return write_jsonl(analyses, out)
    if format == "csv":
        return write_csv(analyses, out, per)
    raise ValueError(f"unknown export format {format!r}; choose {' or '.join(EXPORT_FORMATS)}")
