"""Pipeline stages: techniques (with phrases), genre and frames.

The three stages share one computation per article — sentence vectors and
paragraph scores — kept for the article last seen, so running all three
embeds nothing twice (and the vector cache makes re-analysis free).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from spinscope.article import (
    Analysis,
    Article,
    LabelScore,
    ParagraphGenre,
    ParagraphTechniques,
    TechniqueFinding,
    TitleTechniqueFinding,
)
from spinscope.persuasion.encoder import Encoder, text_key
from spinscope.persuasion.features import ParagraphInput
from spinscope.persuasion.model import PersuasionModel, shared_model
from spinscope.persuasion.taxonomy import category_of, definition
from spinscope.segment import sentence_spans


@dataclass
class ScoredArticle:
    """What the heads need, computed once per article."""

    article_id: str
    model: PersuasionModel
    inputs: list[ParagraphInput]  # title first when it is not a body paragraph
    body_rows: list[int]  # inputs row of each body paragraph, in paragraph order
    sentences: list[list[tuple[int, int]]]  # per body paragraph, absolute offsets
    sentence_scores: list[np.ndarray]  # per inputs row, (n_sentences, n_techniques)
    scores: np.ndarray  # (len(inputs), n_techniques)


_last: ScoredArticle | None = None


def _sentences(article: Article) -> list[list[tuple[int, int]]]:
    """Each paragraph's sentences as the heads were trained on them: the rule splitter's.

    The segment stage may cut French with spaCy instead; those sentences serve
    display and quotes, but the heads learnt from rule-split sentence vectors
    (``dataset.sentence_texts``), so scoring other units would change the
    scores of the same text between ``analyze`` and ``evaluate``/``predict``.
    """
    return [
        sentence_spans(article.body[p.start : p.end], offset=p.start) for p in article.paragraphs
    ]


def _is_title(article: Article, index: int) -> bool:
    p = article.paragraphs[index]
    return article.reader == "semeval" and p.line == 1


def _units(article: Article) -> tuple[list[list[tuple[int, int]]], str, list[list[str]]]:
    """Each body paragraph's sentence spans, the title when it is scored apart from the body
    ("" otherwise), and the sentence texts of every scored unit, title first."""
    sentences = _sentences(article)
    title_text = _title_text(article)
    units = [[title_text]] if title_text else []
    units += [[article.body[s:e] for s, e in spans] for spans in sentences]
    return sentences, title_text, units


def _title_text(article: Article) -> str:
    """The title when it is scored apart from the body, else ""."""
    return article.title.strip() if article.title_apart else ""


def vector_inputs(article: Article) -> list[ParagraphInput]:
    """The article's units with their sentence vectors alone (cached: no encoder pass for
    an article already analysed), for heads that read nothing else, such as the centred
    genre head of a language without training data."""
    _, title_text, units = _units(article)
    unique = list(dict.fromkeys(t for unit in units for t in unit))
    vectors = Encoder().embed(unique)
    row = {t: i for i, t in enumerate(unique)}
    inputs = []
    for i, unit in enumerate(units):
        text, is_title, _ = _unit(article, title_text, i)
        inputs.append(ParagraphInput(text, vectors[[row[t] for t in unit]], is_title=is_title))
    return inputs


def _distinct_sentences(article: Article) -> list[str]:
    """The texts of the article's scored units' sentences, each once."""
    _, _, units = _units(article)
    return list(dict.fromkeys(t for unit in units for t in unit))


def sentence_vectors(article: Article) -> np.ndarray | None:
    """The vectors of the article's distinct sentences, embedding those the cache lacks
    (None for an article with no sentence)."""
    unique = _distinct_sentences(article)
    return Encoder().embed(unique) if unique else None


def cached_sentence_vectors(article: Article) -> np.ndarray | None:
    """Every sentence vector of the article's scored units as the cache holds them, or None
    when one is missing: for corpus-wide reads (stories) that must never embed a corpus
    again, say after the store was copied without its vectors."""
    unique = _distinct_sentences(article)
    if not unique:
        return None
    keys = [text_key(t) for t in unique]
    found = Encoder().cache.get_many(keys)
    if len(found) < len(set(keys)):
        return None
    return np.stack([found[k] for k in keys]).astype(np.float32)


def _unit(article: Article, title_text: str, i: int) -> tuple[str, bool, int | None]:
    """Unit ``i``'s text, whether it is the title, and its body paragraph (None: the title
    scored apart)."""
    if title_text and i == 0:
        return title_text, True, None
    body = i - bool(title_text)
    p = article.paragraphs[body]
    return article.body[p.start : p.end], _is_title(article, body), body


def score_article(article: Article, model: PersuasionModel | None = None) -> ScoredArticle:
    """Embed the article's sentences (cached) and score every paragraph."""
    global _last
    model = model or shared_model()
    if _last is not None and _last.article_id == article.id and _last.model is model:
        return _last
    sentences, title_text, units = _units(article)
    unique = list(dict.fromkeys(t for unit in units for t in unit))
    encoder = Encoder()
    # attention scores first: their forward pass caches the vectors embed then reads
    heads = model.attention_heads
    if heads and model.phrase_state_tagger is not None:
        heads = replace(heads, words=model.phrase_state_tagger)  # phrases read the same pass
    attention = encoder.paragraph_attention(units, heads) if heads else None
    vectors, latents = encoder.embed(unique), encoder.latents(unique)
    row = {t: i for i, t in enumerate(unique)}
    inputs: list[ParagraphInput] = []
    body_rows = []
    for i, unit in enumerate(units):
        text, is_title, body = _unit(article, title_text, i)
        if body is not None:
            body_rows.append(i)
        at = [row[t] for t in unit]
        inputs.append(
            ParagraphInput(
                text,
                vectors[at],
                is_title=is_title,
                sentence_latents=latents[at],
                sentence_attention=None if attention is None else attention.sentences[i],
                paragraph_attention=None if attention is None else attention.paragraph(i),
            )
        )
    sentence_scores = model.sentence_scores(inputs, article.language)
    scores = model.paragraph_scores(inputs, article.language, sentence_scores)
    _last = ScoredArticle(article.id, model, inputs, body_rows, sentences, sentence_scores, scores)
    return _last


def word_pieces(
    text: str,
    sentences: list[tuple[int, int]],
    model: PersuasionModel,
    encoder: Encoder | None = None,
) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """The word-state tagger's piece logits of ``text``'s sentences (the body's, the
    title's or a SemEval article file's), with spans into ``text`` (cached by the
    attention pass that read them); None without that tagger."""
    if model.phrase_state_tagger is None or not sentences:
        return None
    texts = [text[s:e] for s, e in sentences]
    pieces = (encoder or Encoder()).word_pieces(texts, model.phrase_state_tagger)
    return [(logits, spans + s) for (logits, spans), (s, _) in zip(pieces, sentences, strict=True)]


def techniques_stage(analysis: Analysis) -> None:
    """Paragraph techniques over threshold, each anchored to its phrase(s), explained."""
    model = shared_model()
    article = analysis.article
    scored = score_article(article, model)
    lang = article.language or "en"
    decided = model.decide(scored.scores, article.language)
    findings: list[TechniqueFinding] = []
    per_paragraph: list[ParagraphTechniques] = []
    for i, p in enumerate(article.paragraphs):
        row = scored.body_rows[i]
        flagged = np.flatnonzero(decided[row])
        labels = sorted(
            (
                LabelScore(label=model.techniques[j], score=round(float(scored.scores[row, j]), 4))
                for j in flagged
            ),
            key=lambda ls: -ls.score,
        )
        per_paragraph.append(ParagraphTechniques(paragraph=i, labels=labels))
        if not len(flagged):
            continue
        tokens, token_scores = model.token_scores(
            article.body[p.start : p.end],
            p.start,
            article.language,
            word_pieces(article.body, scored.sentences[i], model),
        )
        if not tokens:
            continue
        for j in flagged:
            name = model.techniques[j]
            unit_args = (tokens, token_scores, scored.sentences[i], scored.sentence_scores[row])
            where = model.phrases(j, *unit_args)
            approximate = model.approximate_pointer(j, *unit_args)
            for start, end, strength in where:
                findings.append(
                    TechniqueFinding(
                        start=start,
                        end=end,
                        text=article.body[start:end],
                        score=round(float(scored.scores[row, j]), 4),
                        model=model.identity,
                        paragraph=i,
                        technique=name,
                        category=category_of(name),
                        definition=definition(name, lang),
                        phrase_score=round(float(strength), 4),
                        approximate=approximate,
                    )
                )
    analysis.techniques = sorted(findings, key=lambda f: (f.start, f.end, f.technique))
    analysis.paragraph_techniques = per_paragraph
    analysis.title_techniques = _title_findings(article, scored, model, decided, lang)
    analysis.models["techniques"] = model.identity


def _title_findings(
    article: Article,
    scored: ScoredArticle,
    model: PersuasionModel,
    decided: np.ndarray,
    lang: str,
) -> list[TitleTechniqueFinding]:
    """The title's techniques when it was scored apart from the body (row 0), each at its
    phrase(s) in the title, or at the whole title where the phrase stage points at none."""
    if len(scored.inputs) == len(scored.body_rows) or not decided[0].any():
        return []
    title = article.title
    lead = len(title) - len(title.lstrip())
    text = scored.inputs[0].text
    sentence = [(lead, lead + len(text))]
    pieces = word_pieces(title, sentence, model)
    tokens, token_scores = model.token_scores(text, lead, article.language, pieces)
    findings = []
    for j in np.flatnonzero(decided[0]):
        name = model.techniques[j]
        score = round(float(scored.scores[0, j]), 4)
        unit_args = (tokens, token_scores, sentence, scored.sentence_scores[0])
        where = model.phrases(j, *unit_args)
        approximate = not where or model.approximate_pointer(j, *unit_args)
        for start, end, strength in where or [(lead, lead + len(text), score)]:
            findings.append(
                TitleTechniqueFinding(
                    start=start,
                    end=end,
                    text=title[start:end],
                    score=score,
                    model=model.identity,
                    technique=name,
                    category=category_of(name),
                    definition=definition(name, lang),
                    phrase_score=round(float(strength), 4),
                    approximate=approximate,
                )
            )
    return sorted(findings, key=lambda f: (-f.score, f.start, f.technique))


def genre_stage(analysis: Analysis) -> None:
    """Opinion, reporting or satire, with the probability of each."""
    model = shared_model()
    scored = score_article(analysis.article, model)
    probs = model.genre_scores(scored.inputs, analysis.article.language, scored.scores)
    set_genre(analysis, model, probs)
    by_unit = model.paragraph_genre_scores(scored.inputs, analysis.article.language)
    first_body = int(bool(_title_text(analysis.article)))  # units: the title apart, then ¶s
    analysis.paragraph_genres = [
        ParagraphGenre(paragraph=i - first_body, scores=_ranked(model.genre_head.labels, p))
        for i, p in enumerate(by_unit)
        if p is not None  # None: the title, or a paragraph without sentences
    ]


def set_genre(
    analysis: Analysis,
    model: PersuasionModel,
    probs: np.ndarray,
    centre_articles: int | None = None,
) -> None:
    """Record genre probabilities on ``analysis``, the most probable first."""
    ranked = _ranked(model.genre_head.labels, probs)
    analysis.genre = ranked[0]
    analysis.genre_scores = ranked
    analysis.genre_centre_articles = centre_articles
    analysis.models["genre"] = model.identity


def _ranked(labels: Sequence[str], probs: np.ndarray) -> list[LabelScore]:
    """Probabilities as label scores, the most probable first."""
    scores = (
        LabelScore(label=n, score=round(float(p), 4)) for n, p in zip(labels, probs, strict=True)
    )
    return sorted(scores, key=lambda ls: -ls.score)


def frames_stage(analysis: Analysis) -> None:
    """Frames whose probability passes their tuned threshold, strongest first."""
    model = shared_model()
    scored = score_article(analysis.article, model)
    probs = model.frame_scores(scored.inputs, analysis.article.language, scored.scores)
    chosen = [
        LabelScore(label=name, score=round(p, 4)) for name, p in model.frames_over_threshold(probs)
    ]
    analysis.frames = sorted(chosen, key=lambda ls: -ls.score)
    analysis.models["frames"] = model.identity
