"""The data model: an immutable ``Article`` and the ``Analysis`` built on it.

Like a spaCy ``Doc``, one object travels through the pipeline and every stage
adds findings to it. Every finding is anchored to character offsets of
``Article.body`` (end exclusive; a title kept apart from the body has its own
techniques and name mentions, with offsets into ``Article.title``), carries a
score where the stage has one, and
names the model that produced it, so the CLI, the store, the API and the
exports all show the same document. ``schema/analysis.schema.json`` is
generated from these classes (``python -m spinscope.schema``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from spinscope.extract.text import name_key

SCHEMA_VERSION = 1


class Span(BaseModel):
    """A range of characters of the article body: ``body[start:end]``."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Paragraph(Span):
    """One paragraph of the body with its sentences (absolute offsets)."""

    index: int = Field(ge=0, description="0-based position among the body paragraphs")
    kind: Literal["text", "subheading"] = "text"
    language: str | None = Field(
        None, description="ISO 639-1 code when it differs from the article's language"
    )
    sentences: tuple[Span, ...] = ()
    line: int | None = Field(
        None, description="1-based line of the source file (SemEval files), for official outputs"
    )


class Separated(BaseModel):
    """Material a reader separated from the body, kept for the analyst."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["caption", "credit", "link", "boilerplate", "header", "source"]
    text: str


_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """NFC, whitespace collapsed, case kept: what identity is computed on."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def article_id(title: str, body: str) -> str:
    """Identity = hash of the normalised title and body (re-ingesting is idempotent)."""
    digest = hashlib.sha256(normalise_text(f"{title}\n{body}").encode("utf-8"))
    return digest.hexdigest()[:16]


class Article(BaseModel):
    """What a reader produced from one source; never modified afterwards."""

    model_config = ConfigDict(frozen=True)

    id: str = Field("", description="sha256 of normalised title+body, 16 hex digits")
    title: str = ""
    source: str | None = Field(None, description="outlet, e.g. 'French Press TV'")
    url: str | None = None
    author: str | None = None
    published: str | None = Field(None, description="ISO 8601 date or datetime")
    language: str | None = Field(None, description="ISO 639-1 code of the body")
    body: str
    paragraphs: tuple[Paragraph, ...] = ()
    separated: tuple[Separated, ...] = ()
    origin: str | None = Field(None, description="path or URL it was read from (and line)")
    reader: str | None = Field(None, description="name of the reader that produced it")

    @model_validator(mode="after")
    def _identity_and_offsets(self) -> Article:
        if not self.id:
            object.__setattr__(self, "id", article_id(self.title, self.body))
        for p in self.paragraphs:
            if not (0 <= p.start <= p.end <= len(self.body)):
                raise ValueError(f"paragraph {p.index} offsets {p.start}:{p.end} outside body")
        return self

    def text_of(self, span: Span) -> str:
        return self.body[span.start : span.end]

    def headline(self) -> Article | None:
        """A title kept apart from the body, as an article of its own, for the stages that
        read it like a body (their offsets are then into the title); None without one."""
        if not self.title_apart:
            return None
        return Article(title="", body=self.title, language=self.language, published=self.published)

    @property
    def title_apart(self) -> bool:
        """Whether there is a title outside the body (text, HTML, feeds), rather than none
        or one that is the body's first paragraph (SemEval files: line 1 is the title)."""
        first_is_title = bool(self.paragraphs) and self.paragraphs[0].line == 1
        return bool(self.title.strip()) and not (self.reader == "semeval" and first_is_title)


class LabelScore(BaseModel):
    label: str
    score: float


class Finding(Span):
    """Base of every anchored finding."""

    text: str = Field(description="body[start:end], repeated for readers of the JSON")
    score: float | None = None
    model: str | None = Field(None, description="model or rule set that produced it")


APPROXIMATE = (
    "no word of the paragraph reached the technique's phrase threshold, so the phrase (or "
    "the sentence holding its best word) is the locator's best guess: the technique is "
    "flagged in the paragraph, but where is less sure (out of fold, such pointers overlapped "
    "the annotated spans less often; benchmarks/results/weak_pointers.md)"
)


class TechniqueFinding(Finding):
    """A persuasion technique at a phrase, with what the UI needs to explain it."""

    paragraph: int
    technique: str
    category: str
    definition: str = ""
    # ``score`` is the paragraph's, shared by its phrases; this is the phrase's own
    # (its strongest token by the phrase tagger, or its sentence's score), so a list of
    # phrases can put the clearest first. None in documents written before it existed.
    phrase_score: float | None = None
    approximate: bool = Field(False, description=APPROXIMATE)


# Where a title's findings sit among paragraph indices (the store's tables, the workbench).
TITLE_PARAGRAPH = -1


class TitleTechniqueFinding(BaseModel):
    """A persuasion technique in the title, where the reader keeps the title apart from the
    body (text, HTML, feeds): headlines carry techniques as often as paragraphs do (half the
    SemEval-2023 titles are annotated with one), so they are scored and explained the same
    way. Offsets are into ``Article.title``; a SemEval article's title is its first body
    paragraph instead, and its findings are among ``techniques``."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = Field(description="title[start:end]")
    score: float = Field(description="the title's score for the technique")
    model: str | None = None
    technique: str
    category: str
    definition: str = ""
    phrase_score: float | None = None
    approximate: bool = Field(False, description=APPROXIMATE)


class ParagraphTechniques(BaseModel):
    """Paragraph-level decision (the SemEval unit): labels over threshold, with scores."""

    paragraph: int
    labels: list[LabelScore] = []


class ParagraphGenre(BaseModel):
    """How one body paragraph reads on its own: the paragraph genre head's probabilities,
    whose mean over the paragraphs is half of the article's genre."""

    paragraph: int
    scores: list[LabelScore] = Field([], description="opinion, reporting, satire; highest first")

    @property
    def genre(self) -> str:
        return self.scores[0].label


class InTitle(BaseModel):
    """For findings that a title kept apart from the body can hold too (names, dates,
    quotes, claims): there, offsets are into ``Article.title``."""

    in_title: bool = Field(
        False, description="in the title kept apart from the body: offsets into the title"
    )


class Mention(Span, InTitle):
    text: str


class Entity(BaseModel):
    """One real-world entity: every mention grouped under a canonical name."""

    canonical: str
    type: Literal["person", "organisation", "place", "other"]
    aliases: list[str] = []
    mentions: list[Mention] = []
    model: str | None = None

    @property
    def display_name(self) -> str:
        """The name as the article writes it (see ``most_written``)."""
        return most_written(self.mentions, self.canonical)

    @property
    def known_as(self) -> str | None:
        """The canonical name, where it is not just the shown one respelt."""
        return _unless_same(self.canonical, self.display_name)

    @property
    def in_title(self) -> bool:
        """Named in the title: what the piece is about, as its headline says."""
        return any(m.in_title for m in self.mentions)


def most_written(mentions: list[Mention], fallback: str) -> str:
    """The form the article uses most often (the first written on a tie).

    Entities and places are keyed by a canonical name shared across languages
    (« Iraq » whether the text says « Irak » or « Ирак »); a reader of the article
    should see its own word first.
    """
    counts: dict[str, int] = {}
    for m in sorted(mentions, key=lambda m: (not m.in_title, m.start)):  # headline first
        text = " ".join(m.text.split())
        counts[text] = counts.get(text, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else fallback


def _unless_same(name: str, shown: str) -> str | None:
    """``name``, or None when it differs from ``shown`` only in case, accents or spacing."""
    return None if name_key(name) == name_key(shown) else name


class Place(BaseModel):
    """A geocoded place, or an honest 'unknown'/'ambiguous' with no coordinates."""

    name: str
    status: Literal["resolved", "ambiguous", "unknown"]
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2")
    geonames_id: int | None = None
    feature: str | None = Field(None, description="country, city, admin, base, …")
    candidates: list[str] = Field([], description="for ambiguous places")
    mentions: list[Mention] = []
    gazetteer_name: str | None = Field(None, description="the name the gazetteer knows it by")
    source: str | None = Field(None, description="gazetteer that placed it (geonames, curated…)")
    precision_km: float | None = Field(None, description="how far the point may be from it")

    @property
    def display_name(self) -> str:
        """The name as the article writes it (see ``most_written``)."""
        return most_written(self.mentions, self.name)

    @property
    def known_as(self) -> str | None:
        """The gazetteer's (else canonical) name, where it is not the shown one respelt."""
        return _unless_same(self.gazetteer_name or self.name, self.display_name)

    @property
    def in_title(self) -> bool:
        """Named in the title."""
        return any(m.in_title for m in self.mentions)

    @property
    def doubtful(self) -> bool:
        """Ambiguous with one candidate only (a small town far from where the article is):
        a guess to show with a question mark, not a choice between rivals."""
        return self.status == "ambiguous" and len(self.candidates) == 1


class DateMention(Finding, InTitle):
    value: str | None = Field(None, description="resolved ISO date, None if unresolved")
    granularity: Literal["day", "month", "year", "datetime", "unknown"] = "day"
    relative: bool = False
    year_inferred: bool = Field(False, description="year not written: inferred from the text")


class Quote(Finding, InTitle):
    kind: Literal["direct", "reported"]
    speaker: str | None = None
    speaker_span: Span | None = None
    cue: str | None = Field(None, description="the verb or phrase introducing it")


class Claim(Finding, InTitle):
    """A check-worthy factual statement, with its source as the article gives it."""

    quantities: list[str] = []
    source: str | None = None
    sourced: bool = False
    source_kind: Literal["named", "anonymous", "none"] = Field(
        "none", description="named source, vague/anonymous one, or none given"
    )
    category: str | None = Field(None, description="casualties, military, money, …")


class Analysis(BaseModel):
    """Everything the stages found about one article."""

    schema_version: int = SCHEMA_VERSION
    article: Article
    techniques: list[TechniqueFinding] = []
    paragraph_techniques: list[ParagraphTechniques] = []
    title_techniques: list[TitleTechniqueFinding] = Field(
        [], description="techniques of a title kept apart from the body, phrases in the title"
    )
    genre: LabelScore | None = None
    genre_scores: list[LabelScore] = []
    genre_centre_articles: int | None = Field(
        None,
        description="a language without training data: genre was read against the mean "
        "article vector of this many stored articles in it (None: on the article alone)",
    )
    paragraph_genres: list[ParagraphGenre] = Field(
        [],
        description="genre as each body paragraph reads on its own, which says where the "
        "article's genre comes from (empty for a language without training data, whose "
        "genre does without the paragraph head)",
    )
    frames: list[LabelScore] = []
    entities: list[Entity] = []
    places: list[Place] = []
    dates: list[DateMention] = []
    quotes: list[Quote] = []
    claims: list[Claim] = []
    stages: list[str] = Field([], description="stages that ran, in order")
    models: dict[str, str] = Field(
        {},
        description="stage → the model its findings came from (persuasion stages: "
        "version+digest of the model files; a stage whose model differs from the installed "
        "one is out of date: spinscope reanalyse)",
    )

    def title_labels(self) -> list[LabelScore]:
        """The techniques of a title kept apart from the body, strongest first."""
        best: dict[str, float] = {}
        for f in self.title_techniques:
            best[f.technique] = max(best.get(f.technique, 0.0), f.score)
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        return [LabelScore(label=k, score=v) for k, v in ranked]
