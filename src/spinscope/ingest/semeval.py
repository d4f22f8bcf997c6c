"""SemEval-2023 Task 3 article files: title on line 1, one paragraph per non-empty line.

The official labels and submissions address paragraphs by their 1-based line
in this file, and they address the title line too, so every non-empty line
(the title included, as the first paragraph, marked as a heading) becomes a
paragraph that remembers its line. No line is dropped or merged: a caption
or link in these files is a labelled paragraph like any other.
"""

from __future__ import annotations

import re
from pathlib import Path

from spinscope.article import Article
from spinscope.ingest.assemble import Block, assemble
from spinscope.ingest.errors import InputError
from spinscope.language import detect_language

SEMEVAL_NAME = re.compile(r"^article\d+\.txt$")


def looks_like_semeval(path: str | Path) -> bool:
    """SemEval files are named ``article<ID>.txt``; the name is the reliable sign."""
    return bool(SEMEVAL_NAME.match(Path(path).name))


def parse_semeval(text: str, *, origin: str | None = None, language: str | None = None) -> Article:
    """An ``Article`` whose paragraphs are the file's non-empty lines, each with its line."""
    blocks: list[Block] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()  # Python's notion of blank, as the official tools use
        if line:
            kind = "subheading" if number == 1 else "text"
            blocks.append(Block(text=line, kind=kind, line=number))
    if not blocks:
        raise InputError("no article text")
    body, paragraphs = assemble(blocks)
    return Article(
        # Some released files leave line 1 empty: no title, and no paragraph for line 1.
        title=blocks[0].text if blocks[0].line == 1 else "",
        body=body,
        paragraphs=paragraphs,
        language=language or detect_language(body),
        origin=origin,
        reader="semeval",
    )
