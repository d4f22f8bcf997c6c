"""Build an article body from paragraph blocks, keeping exact offsets.

Readers decide what the paragraphs are; this module alone decides how they are
laid out in ``Article.body`` (one blank line between paragraphs), so every
reader produces bodies of the same shape and offsets that cannot drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from spinscope.article import Paragraph

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Block:
    """One paragraph as a reader found it."""

    text: str
    kind: Literal["text", "subheading"] = "text"
    line: int | None = None


def assemble(blocks: Iterable[Block]) -> tuple[str, tuple[Paragraph, ...]]:
    """The body text and its paragraphs (``body[p.start:p.end] == block.text``)."""
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    position = 0
    for block in blocks:
        if not block.text:
            continue
        if parts:
            parts.append(PARAGRAPH_SEPARATOR)
            position += len(PARAGRAPH_SEPARATOR)
        parts.append(block.text)
        paragraphs.append(
            Paragraph(
                start=position,
                end=position + len(block.text),
                index=len(paragraphs),
                kind=block.kind,
                line=block.line,
            )
        )
        position += len(block.text)
    return "".join(parts), tuple(paragraphs)
