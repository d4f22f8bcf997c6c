"""Paragraph and sentence segmentation with character offsets.

Offsets always point into the article body, so every later finding can be
anchored to the exact characters an analyst sees. Sentences come from a
rule-based splitter that knows common abbreviations in the six SemEval
languages; it is fast, deterministic and identical at training and inference
time, which matters because sentence vectors are cached by text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_ABBREVIATIONS = frozenset(
    """
    m mm mme mmes mlle dr pr prof st ste mr mrs ms jr sr gen gén col lt sgt capt
    cf etc vs p pp no nr nº art ch chap vol ed éd fig env approx dir
    u.s u.k u.n z.b u.a bzw ca dt hr fr sig sig.ra dott ing avv on ecc
    np tzn itd itp ul im prof. tys mln mld г гг т.е т.д т.п др см им ул
    jan feb mar apr jun jul aug sep sept oct nov dec janv févr avr juil
    """.split()
)

# A sentence ends with terminal punctuation, optional closing quotes/brackets,
# then whitespace, then something that can start a sentence.
_BOUNDARY = re.compile(
    r"""(?<=[.!?…])(?:\s?["'»”’)\]])*\s+(?=["'«“‘(\[¿¡—–-]?\s*[A-ZÀ-ÖØ-ÞА-ЯЁ0-9ĄĆĘŁŃÓŚŹŻ])"""
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
        spans.append((start, match.start()))
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
