"""HTML pages: trafilatura finds the article; our rules clean what it kept.

trafilatura removes navigation, ads and comments and returns the main text as
XML (``<head>``, ``<p>``, ``<list>``, ``<quote>``); headings become
subheadings, and captions, "read more" links and share lines it kept are
separated with the same rules as for plain text. Nothing in the page is
fetched or executed: links, scripts and images are ignored.
"""

from __future__ import annotations

from urllib.parse import urlparse

from spinscope.article import Article, Separated
from spinscope.ingest.assemble import Block, assemble
from spinscope.ingest.dates import parse_date
from spinscope.ingest.errors import InputError
from spinscope.ingest.rules import classify_line, is_noise, source_name, squash
from spinscope.language import detect_language


def _paragraphs(body) -> list[tuple[str, str]]:
    """(tag, text) of each top-level element of trafilatura's XML body."""
    found: list[tuple[str, str]] = []
    for element in body:
        if element.tag == "list":
            found.extend(("item", squash("".join(item.itertext()))) for item in element)
        elif element.tag in {"p", "head", "quote", "item"}:
            found.append((element.tag, squash("".join(element.itertext()))))
    return [(tag, text) for tag, text in found if text]


def parse_html(html: str, *, url: str | None = None, origin: str | None = None) -> Article:
    """An ``Article`` from an HTML page (its text already decoded)."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
    )
    if document is None or document.body is None:
        raise InputError("no article text found in this HTML page")
    title = squash(document.title or "")
    published = parse_date(document.date)
    sitename = squash(document.sitename or "") or None
    if not sitename and url:
        sitename = urlparse(url).hostname
    separated: list[Separated] = []
    blocks: list[Block] = []
    source: str | None = None
    for tag, text in _paragraphs(document.body):
        if is_noise(text):
            continue
        if tag == "head" and not blocks and text == title:
            continue  # the <h1> repeating the title
        kind = classify_line(text)
        if kind == "source":
            source = source_name(text)
        if kind is not None:
            separated.append(Separated(kind=kind, text=text))
            continue
        blocks.append(Block(text=text, kind="subheading" if tag == "head" else "text"))
    if not blocks:
        if separated:
            raise InputError("no article text in this HTML page, only captions, links, boilerplate")
        raise InputError("no article text found in this HTML page")
    body, paragraphs = assemble(blocks)
    return Article(
        title=title,
        source=sitename or source,
        url=url or document.url,
        author=squash(document.author or "") or None,
        published=published,
        language=detect_language(f"{title}\n{body}"),
        body=body,
        paragraphs=paragraphs,
        separated=tuple(separated),
        origin=origin,
        reader="html",
    )
