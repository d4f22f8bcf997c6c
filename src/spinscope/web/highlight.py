"""Turn an analysis into what the article view draws: paragraphs cut into segments.

Technique phrases overlap (a loaded phrase inside a doubt sentence), so a
paragraph is cut at every finding boundary; each segment knows every finding
covering it. The page then colours a segment by its most specific finding
(the shortest) and marks the others with extra underlines, and the popover
lists them all. Offsets are trusted only after clipping to the body: a stored
analysis is data, not a promise.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spinscope.article import TITLE_PARAGRAPH as TITLE
from spinscope.article import Analysis
from spinscope.segment import paragraph_spans
from spinscope.web import labels


@dataclass
class FindingView:
    """One technique phrase as the page shows and explains it."""

    number: int  # 1-based, in reading order; the DOM id is f-<number>
    start: int
    end: int
    paragraph: int  # TITLE for a finding in a title kept apart from the body
    text: str
    technique: str
    technique_label: str
    category: str
    category_label: str
    score: float | None
    definition: str
    phrase_score: float | None = None
    approximate: bool = False  # the locator's best guess (``TechniqueFinding.approximate``)
    first_segment: Segment | None = field(default=None, repr=False, compare=False)

    @property
    def dom_id(self) -> str:
        return f"f-{self.number}"

    @property
    def score_text(self) -> str:
        return "—" if self.score is None else f"{self.score:.2f}"


@dataclass
class Segment:
    """A run of text covered by the same set of findings (possibly none)."""

    text: str
    findings: list[FindingView] = field(default_factory=list)

    @property
    def primary(self) -> FindingView | None:
        """The most specific (shortest) finding: its category colours the segment."""
        if not self.findings:
            return None
        return min(self.findings, key=lambda f: (f.end - f.start, f.number))

    @property
    def categories(self) -> list[str]:
        """Distinct categories, the primary's first."""
        primary = self.primary
        ordered = [primary.category] if primary else []
        for f in self.findings:
            if f.category not in ordered:
                ordered.append(f.category)
        return ordered

    @property
    def starts(self) -> list[FindingView]:
        """Findings whose first segment this is (where keyboard navigation lands)."""
        return [f for f in self.findings if f.first_segment is self]

    @property
    def title(self) -> str:
        """Native tooltip: every technique covering the segment, with its score."""
        return "; ".join(
            f"{f.technique_label} ({f.category_label}, {f.score_text})" for f in self.findings
        )


@dataclass
class Chip:
    technique: str
    label: str
    category: str
    category_label: str
    score: float | None


@dataclass
class ParagraphView:
    index: int
    kind: str
    segments: list[Segment]
    chips: list[Chip]


@dataclass
class ArticleView:
    """Everything the article template needs, computed once per request."""

    language: str
    paragraphs: list[ParagraphView]
    title_segments: list[Segment]  # empty when the title carries no technique
    title_chips: list[Chip]
    findings: list[FindingView]
    technique_counts: list[tuple[str, str, str, int]]  # technique, label, category, phrases
    category_counts: list[tuple[str, str, int]]  # category, label, phrases
    only_category: str | None
    hidden_findings: int  # findings of other categories, not drawn because of the toggle


def _paragraph_ranges(analysis: Analysis) -> list[tuple[int, int, int, str]]:
    article = analysis.article
    if article.paragraphs:
        return [(p.index, p.start, p.end, p.kind) for p in article.paragraphs]
    return [(i, s, e, "text") for i, (s, e) in enumerate(paragraph_spans(article.body))]


def _finding_views(analysis: Analysis, language: str) -> list[FindingView]:
    """Every finding in reading order: the title's first, then the body's."""
    title, body = analysis.article.title or "", analysis.article.body
    ordered = [
        (TITLE, title, f)
        for f in sorted(analysis.title_techniques, key=lambda f: (f.start, -f.end, f.technique))
    ] + [
        (f.paragraph, body, f)
        for f in sorted(analysis.techniques, key=lambda f: (f.start, -f.end, f.technique))
    ]
    views = []
    for paragraph, text, finding in ordered:
        start, end = max(0, finding.start), min(len(text), finding.end)
        if end <= start:
            continue
        # Categories become CSS class names: only taxonomy ids pass, whatever was stored.
        category = finding.category if labels.is_category(finding.category) else None
        category = category or labels.category_of(finding.technique) or "unknown"
        views.append(
            FindingView(
                number=len(views) + 1,
                start=start,
                end=end,
                paragraph=paragraph,
                text=text[start:end],
                technique=finding.technique,
                technique_label=labels.technique_label(finding.technique, language),
                category=category,
                category_label=labels.category_label(category, language),
                score=finding.score,
                phrase_score=finding.phrase_score,
                approximate=finding.approximate,
                definition=labels.technique_definition(
                    finding.technique, language, fallback=finding.definition
                ),
            )
        )
    return views


def _segments(body: str, start: int, end: int, findings: list[FindingView]) -> list[Segment]:
    inside = [f for f in findings if f.start < end and f.end > start]
    cuts = {start, end}
    for f in inside:
        cuts.add(max(start, f.start))
        cuts.add(min(end, f.end))
    points = sorted(cuts)
    segments = []
    for a, b in zip(points, points[1:], strict=False):
        covering = [f for f in inside if f.start <= a and f.end >= b]
        segment = Segment(text=body[a:b], findings=covering)
        for f in covering:
            if f.first_segment is None:
                f.first_segment = segment
        segments.append(segment)
    return segments


def _chips(analysis: Analysis, index: int, findings: list[FindingView], language: str):
    scores: dict[str, float | None] = {}
    decided = (
        analysis.title_labels()
        if index == TITLE
        else [x for e in analysis.paragraph_techniques if e.paragraph == index for x in e.labels]
    )
    for label in decided:
        scores[label.label] = label.score
    for f in findings:
        if f.paragraph == index and f.technique not in scores:
            scores[f.technique] = f.score
    chips = []
    for technique, score in scores.items():
        category = labels.category_of(technique) or "unknown"
        chips.append(
            Chip(
                technique=technique,
                label=labels.technique_label(technique, language),
                category=category,
                category_label=labels.category_label(category, language),
                score=score,
            )
        )
    chips.sort(key=lambda c: (-(c.score or 0.0), c.label))
    return chips


def build_view(
    analysis: Analysis, only_category: str | None = None, language: str | None = None
) -> ArticleView:
    """The article view of ``analysis`` in ``language`` (default: the article's own, where
    the workbench speaks it), optionally drawing one category only."""
    language = language or labels.display_language(analysis.article.language)
    every = _finding_views(analysis, language)
    shown = [f for f in every if only_category in (None, f.category)]
    for number, f in enumerate(shown, start=1):
        f.number = number
    body, title = analysis.article.body, analysis.article.title or ""
    in_body = [f for f in shown if f.paragraph != TITLE]
    in_title = [f for f in shown if f.paragraph == TITLE]
    paragraphs = [
        ParagraphView(
            index=index,
            kind=kind,
            segments=_segments(body, start, end, in_body),
            chips=_chips(analysis, index, every, language),
        )
        for index, start, end, kind in _paragraph_ranges(analysis)
        if end > start
    ]
    by_technique = Counter((f.technique, f.category) for f in every)
    technique_counts = sorted(
        ((t, labels.technique_label(t, language), c, n) for (t, c), n in by_technique.items()),
        key=lambda row: (-row[3], row[1]),
    )
    by_category = Counter(f.category for f in every)
    category_counts = [
        (c, labels.category_label(c, language), by_category.get(c, 0))
        for c in labels.category_ids()
    ]
    has_title_findings = any(f.paragraph == TITLE for f in every)
    return ArticleView(
        language=language,
        paragraphs=paragraphs,
        title_segments=_segments(title, 0, len(title), in_title) if has_title_findings else [],
        title_chips=_chips(analysis, TITLE, every, language),
        findings=shown,
        technique_counts=technique_counts,
        category_counts=category_counts,
        only_category=only_category,
        hidden_findings=len(every) - len(shown),
    )


def split_highlights(text: str, ranges: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` as (piece, is_match) runs, for search snippets (ranges may overlap)."""
    marks = sorted((max(0, a), min(len(text), b)) for a, b in ranges if b > a)
    pieces: list[tuple[str, bool]] = []
    position = 0
    for a, b in marks:
        if b <= position:
            continue
        a = max(a, position)
        if a > position:
            pieces.append((text[position:a], False))
        pieces.append((text[a:b], True))
        position = b
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces
