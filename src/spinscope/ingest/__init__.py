"""Readers: from files, folders, globs, URLs, JSONL corpora or pasted text to ``Article``.

The common case is one call::

    from spinscope.ingest import read, ReadError

    for item in read(["articles/", "https://example.org/news.html"], progress=True):
        if isinstance(item, ReadError):
            print(item)            # "articles/broken.txt: binary file: a PDF document, not text"
        else:
            handle(item)           # an Article

Each reader (plain-text article files like the seeds, SemEval-2023 files,
HTML pages through trafilatura, JSONL) returns the same ``Article``: title,
outlet, URL, date, body with paragraph offsets, and what was separated from
the body (captions, credits, "read more" links, share buttons, footers).
"""

from __future__ import annotations

from spinscope.article import Article
from spinscope.ingest.dates import parse_date
from spinscope.ingest.decode import MAX_FILE_BYTES, UNWANTED_CONTROL, decode_text
from spinscope.ingest.errors import InputError, ReadError
from spinscope.ingest.sources import FORMATS, expand, parse_bytes, read

__all__ = [
    "FORMATS",
    "MAX_FILE_BYTES",
    "InputError",
    "ReadError",
    "article_from_text",
    "decode_text",
    "expand",
    "parse_bytes",
    "read",
]


def article_from_text(
    text: str,
    *,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    published: str | None = None,
    language: str | None = None,
    origin: str | None = None,
) -> Article:
    """An ``Article`` from raw pasted text, read like a plain-text article file.

    Without ``title`` the first line becomes the title when it looks like one.
    Raises ``InputError`` (a ``ValueError``) when no article text remains.
    """
    import unicodedata

    from spinscope.ingest.jsonl import language_code
    from spinscope.ingest.plaintext import parse_plaintext

    if not text or not text.strip():
        raise InputError("empty text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", UNWANTED_CONTROL.sub("", text))
    return parse_plaintext(
        text,
        title=title,
        source=source,
        url=url,
        published=parse_date(published) or published,
        language=language_code(language),
        origin=origin,
    )
