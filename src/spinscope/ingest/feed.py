"""RSS and Atom feeds: one article per entry, from the text the feed itself carries.

Analysts save the feeds of the outlets they watch; each entry holds the full
article (``content:encoded``, Atom ``content``) or at least its summary. Only
that text is read: the entries' links are kept as URLs and never fetched (no
network at run time, and what they point to is hostile). The entry's HTML is
sanitised by feedparser, turned into paragraphs here with lxml, and cleaned
with the same rules as HTML pages and plain-text files (captions, "read more"
links, share lines). One entry without text costs one error, not the feed.
"""

from __future__ import annotations

import html.entities
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

from spinscope.article import Article, Separated
from spinscope.ingest.assemble import Block, assemble
from spinscope.ingest.dates import parse_date
from spinscope.ingest.decode import decode_text
from spinscope.ingest.errors import InputError, ReadError
from spinscope.ingest.rules import classify_line, is_noise, source_name, squash
from spinscope.language import detect_language

FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
FEED_MEDIA_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
)
XML_MEDIA_TYPES = frozenset({"application/xml", "text/xml"})

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
# What may precede the root element: declarations, comments, processing instructions, DOCTYPE.
_PROLOGUE = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.DOTALL)
_ROOT = re.compile(rb"\s*<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_EMAIL_THEN_NAME = re.compile(r"^\S+@\S+\s*\((?P<name>[^()@]*\w[^()@]*)\)$")
_NAME_THEN_EMAIL = re.compile(r"^(?P<name>[^()@]*\w[^()@]*?)\s*\(\S+@\S+\)$")
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
# WordPress and other engines append "The post X appeared first on Y." to every entry.
_FEED_FOOTER = re.compile(
    r"^(?:the\s+post\s.+\sappeared\s+first\s+on\s.+"
    r"|l[’']article\s.+\sest\s+apparu\s+en\s+premier\s+sur\s.+"
    r"|der\s+beitrag\s.+\serschien\s+zuerst\s+auf\s.+"
    r"|l[’']articolo\s.+\sproviene\s+da\s.+)$",
    re.IGNORECASE,
)

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_TAGS = _HEADINGS | {
    *("p", "div", "section", "article", "header", "footer", "main", "aside", "nav"),
    *("blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "hr", "br", "address"),
    *("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"),
    *("figure", "figcaption", "center", "details", "summary"),
}
# Never text: code, embedded documents, media, form controls.
_DROPPED_TAGS = frozenset(
    {
        *("script", "style", "noscript", "template", "head"),
        *("iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "canvas"),
        *("audio", "video", "source", "track"),
        *("form", "button", "select", "option", "textarea", "input"),
    }
)


def xml_root(data: bytes) -> str | None:
    """Local name of the root element of XML ``data`` ("rss", "feed", "rdf"), lowercased."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    head = head.lstrip(b"\xef\xbb\xbf")
    position = 0
    while match := _PROLOGUE.match(head, position):
        position = match.end()
    root = _ROOT.match(head, position)
    return root.group(1).decode("ascii", errors="ignore").lower() if root else None


def looks_like_feed(data: bytes) -> bool:
    """True when ``data`` is XML whose root is an RSS, Atom or RSS 1.0 (RDF) element."""
    return xml_root(data) in FEED_ROOTS


def _xml_bytes(data: bytes, charset: str | None) -> bytes:
    """The feed as UTF-8 XML, decoded by the package's rules (binaries refused, mojibake fixed).

    HTML entity names (``&nbsp;``, ``&eacute;``) are the most common defect of
    real feeds; XML does not know them, so they become numeric references.
    """
    declared = _DECLARED_ENCODING.match(data[:512])
    text = decode_text(data, declared=charset or (declared.group(1).decode() if declared else None))
    text = _NAMED_ENTITY.sub(_numeric_entity, text)
    # Same line numbers as the file: the new declaration takes the old one's place.
    return ('<?xml version="1.0" encoding="utf-8"?>' + _XML_DECLARATION.sub("", text, 1)).encode()


def _numeric_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _XML_ENTITIES or name not in html.entities.name2codepoint:
        return match.group(0)
    return f"&#{html.entities.name2codepoint[name]};"


def _parse(data: bytes, charset: str | None):
    import xml.sax

    import feedparser

    root = xml_root(data)
    if root not in FEED_ROOTS:
        found = f"its root element is <{root[:40]}>" if root else "it does not start like XML"
        raise InputError(f"not an RSS or Atom feed ({found})")
    # A stream, never bytes or str: feedparser.parse opens strings as paths or URLs.
    parsed = feedparser.parse(
        io.BytesIO(_xml_bytes(data, charset)), sanitize_html=True, resolve_relative_uris=False
    )
    problem = parsed.get("bozo_exception")
    if isinstance(problem, xml.sax.SAXParseException):
        raise InputError(f"malformed XML: {problem.getMessage()}", problem.getLineNumber())
    if isinstance(problem, xml.sax.SAXException):
        raise InputError(f"malformed XML: {problem.getMessage()}")
    if not parsed.get("version"):
        raise InputError("not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root element)")
    return parsed


def html_paragraphs(fragment: str) -> list[tuple[str, str]]:
    """(role, text) of each paragraph of an HTML fragment; roles: text, head, caption."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    chunks: list[tuple[str, str]] = []
    buffer: list[str] = []
    roles = ["text"]

    def flush() -> None:
        text = squash("".join(buffer))
        buffer.clear()
        if text:
            chunks.append((roles[-1], text))

    def walk(element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if tag is not None and tag not in _DROPPED_TAGS:
            block = tag in _BLOCK_TAGS
            if block:
                flush()
                role = "head" if tag in _HEADINGS else "caption" if tag == "figcaption" else None
                roles.append(role or roles[-1])
            buffer.append(element.text or "")
            for child in element:
                walk(child)
            if block:
                flush()
                roles.pop()
        buffer.append(element.tail or "")

    walk(root)
    flush()
    return chunks


def _text_chunks(text: str) -> list[tuple[str, str]]:
    return [("text", squash(line)) for line in text.split("\n") if squash(line)]


def _chunks(detail) -> list[tuple[str, str]]:
    value = detail.get("value") or ""
    if not value.strip():
        return []
    if detail.get("type") == "text/plain":
        return _text_chunks(value)
    return html_paragraphs(value)


def _entry_chunks(entry) -> list[tuple[str, str]]:
    """Paragraphs of the entry's full content, else of its summary."""
    contents = sorted(entry.get("content") or [], key=lambda c: c.get("type") == "text/plain")
    for detail in [*contents, entry.get("summary_detail") or {}]:
        chunks = _chunks(detail)
        if any(not is_noise(text) for _, text in chunks):
            return chunks
    return []


def _plain(detail, fallback: str | None) -> str:
    """A title or name as plain text: feeds put HTML in titles too."""
    value = (detail or {}).get("value", fallback) or ""
    if (detail or {}).get("type") in {"text/html", "application/xhtml+xml"}:
        value = " ".join(text for _, text in html_paragraphs(value))
    return squash(value)


def _published(entry) -> str | None:
    """ISO date of the entry, keeping the feed's own time zone where it gave one."""
    raw = entry.get("published") or entry.get("updated") or entry.get("created")
    if raw:
        try:
            return parsedate_to_datetime(raw).isoformat()
        except (TypeError, ValueError, IndexError):
            pass
        found = parse_date(raw)
        if found:
            return found
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime(*parsed[:6], tzinfo=UTC).isoformat() if parsed else None


def _web_url(value: str | None) -> str | None:
    """``value`` if it is an absolute http(s) URL; ``javascript:``, ``data:`` are dropped."""
    if not value:
        return None
    value = value.strip()
    parsed = urlparse(value)
    return value if parsed.scheme.lower() in {"http", "https"} and parsed.netloc else None


def _author(entry) -> str | None:
    """The author's name: RSS writes "email (Name)", feedparser renders Atom as "Name (email)"."""
    raw = squash(entry.get("author") or "")
    for pattern in (_EMAIL_THEN_NAME, _NAME_THEN_EMAIL):
        match = pattern.match(raw)
        if match:
            return squash(match["name"])
    return raw or squash((entry.get("author_detail") or {}).get("name") or "") or None


def parse_entry(
    entry, *, feed_title: str | None, feed_language: str | None, origin: str
) -> Article:
    """An ``Article`` from one feedparser entry; ``InputError`` when it carries no text."""
    from spinscope.ingest.jsonl import language_code

    title = _plain(entry.get("title_detail"), entry.get("title"))
    chunks = _entry_chunks(entry)
    if not chunks:
        raise InputError("no text in this entry (neither content nor summary)")
    separated: list[Separated] = []
    blocks: list[Block] = []
    source: str | None = None
    for role, text in chunks:
        if is_noise(text):
            continue
        if role == "head" and not blocks and text == title:
            continue  # a heading repeating the title
        if role == "caption":
            separated.append(Separated(kind="caption", text=text))
            continue
        kind = "boilerplate" if _FEED_FOOTER.match(text) else classify_line(text)
        if kind == "source":
            source = source_name(text)
        if kind is not None:
            separated.append(Separated(kind=kind, text=text))
            continue
        blocks.append(Block(text=text, kind="subheading" if role == "head" else "text"))
    if not blocks:
        raise InputError("no article text in this entry, only links, captions, boilerplate")
    body, paragraphs = assemble(blocks)
    url = _web_url(entry.get("link"))
    declared = language_code(entry.get("language") or feed_language)
    return Article(
        title=title,
        source=feed_title or source or (urlparse(url).hostname if url else None),
        url=url,
        author=_author(entry),
        published=_published(entry),
        language=detect_language(f"{title}\n{body}") or declared,
        body=body,
        paragraphs=paragraphs,
        separated=tuple(separated),
        origin=origin,
        reader="feed",
    )


def parse_feed(
    data: bytes, origin: str, charset: str | None = None
) -> Iterator[Article | ReadError]:
    """Each entry's article, or a ``ReadError`` naming ``origin`` and the entry number.

    A feed that is not well-formed XML raises ``InputError``: feedparser's
    lenient fallback would silently cut or merge entries of a truncated file.
    """
    parsed = _parse(data, charset)
    feed = parsed.get("feed", {})
    feed_title = _plain(feed.get("title_detail"), feed.get("title")) or None
    entries = parsed.get("entries") or []
    if not entries:
        raise InputError("feed has no entries")
    for number, entry in enumerate(entries, start=1):
        where = f"{origin}#entry-{number}"
        try:
            yield parse_entry(
                entry,
                feed_title=feed_title,
                feed_language=feed.get("language"),
                origin=where,
            )
        except InputError as error:
            yield error.at(where)
