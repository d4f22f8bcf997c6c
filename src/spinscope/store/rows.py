"""One ``Analysis`` → the rows of the denormalised query tables.

Kept apart from the SQL so the mapping from the data model to the tables is
readable in one place: what counts as a flagged paragraph, what a phrase key
is, which places are kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from spinscope.article import TITLE_PARAGRAPH, Analysis

LEAD_CHARS = 300
_SPACES = re.compile(r"\s+")
_MONTH = re.compile(r"^\d{4}-\d{2}")
# Markers the search snippet uses around matched terms; removed from indexed text.
SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"
_MARKERS = str.maketrans({SNIPPET_OPEN: " ", SNIPPET_CLOSE: " "})


def phrase_key(phrase: str) -> str:
    """Case-, accent-form- and spacing-insensitive key to count a phrase's uses."""
    text = unicodedata.normalize("NFC", phrase).casefold()
    return _SPACES.sub(" ", text).strip(" \t\n.,;:!?«»\"'“”‘’()[]")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def category_lookup(analysis: Analysis):
    """technique → category, from this analysis's findings, then the taxonomy."""
    known = {t.technique: t.category for t in analysis.techniques if t.category}
    try:
        from spinscope.persuasion.taxonomy import category_of
    except ImportError:
        category_of = None

    def lookup(technique: str) -> str | None:
        if technique in known:
            return known[technique]
        if category_of is not None:
            try:
                return category_of(technique)
            except (KeyError, ValueError):
                return None
        return None

    return lookup


@dataclass
class ArticleRows:
    """Everything ``SQLiteStore.put`` writes for one analysis."""

    article: dict
    document: str
    findings: list[tuple]
    paragraph_labels: list[tuple]
    frames: list[tuple]
    places: list[tuple]
    fts_title: str
    fts_body: str


def rows_of(analysis: Analysis) -> ArticleRows:
    art = analysis.article
    published = art.published
    month = published[:7] if published and _MONTH.match(published) else None
    lead = _SPACES.sub(" ", art.body[: LEAD_CHARS * 2]).strip()[:LEAD_CHARS]
    article = {
        "id": art.id,
        "title": art.title,
        "source": art.source,
        "url": art.url,
        "author": art.author,
        "published": published,
        "month": month,
        "language": art.language,
        "genre": analysis.genre.label if analysis.genre else None,
        "genre_score": analysis.genre.score if analysis.genre else None,
        "paragraphs": len(art.paragraphs),
        "lead": lead.translate(_MARKERS),
        "origin": art.origin,
        "stages": ",".join(analysis.stages),
        "analysed_at": now_iso(),
    }
    # a title's technique finds its article by technique, and never counts as a paragraph
    located = [
        *((t.paragraph, t) for t in analysis.techniques),
        *((TITLE_PARAGRAPH, t) for t in analysis.title_techniques),
    ]
    findings = [
        (p, t.technique, t.category or None, t.score, t.start, t.end, t.text, phrase_key(t.text))
        for p, t in located
    ]
    category = category_lookup(analysis)
    flagged: dict[tuple[int, str], tuple[str | None, float | None]] = {}
    for decision in analysis.paragraph_techniques:
        for label in decision.labels:
            flagged[(decision.paragraph, label.label)] = (category(label.label), label.score)
    for t in analysis.techniques:
        key = (t.paragraph, t.technique)
        if key not in flagged:
            flagged[key] = (t.category or category(t.technique), t.score)
        else:
            cat, score = flagged[key]
            if score is None or (t.score is not None and t.score > score):
                flagged[key] = (cat or t.category, t.score)
    paragraph_labels = [(p, tech, cat, score) for (p, tech), (cat, score) in flagged.items()]
    paragraph_labels += [
        (TITLE_PARAGRAPH, label.label, category(label.label), label.score)
        for label in analysis.title_labels()
    ]
    frames = list({f.label: (f.label, f.score) for f in analysis.frames}.values())
    places = [
        (
            p.name,
            p.status,
            p.latitude,
            p.longitude,
            p.country,
            p.geonames_id,
            len(p.mentions),
            p.precision_km,
        )
        for p in analysis.places
    ]
    return ArticleRows(
        article=article,
        document=analysis.model_dump_json(),
        findings=findings,
        paragraph_labels=paragraph_labels,
        frames=frames,
        places=places,
        fts_title=art.title.translate(_MARKERS),
        fts_body=art.body.translate(_MARKERS),
    )
