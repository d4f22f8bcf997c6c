"""Plain-text article files: site header, title, captions, body, links, footer.

Files saved from news sites (like the seeds) put one paragraph per line with
blank lines between, and mix the body with what surrounded it on the page:
a site header ("TV"), photo captions and credits, "Lire plus:" links,
subheadings, share buttons and a "SOURCE: …" footer. The body keeps only the
article's own paragraphs (subheadings included, marked as such); the rest is
kept in ``Article.separated`` for the analyst. Raw pasted text goes through
the same reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spinscope.article import Article, Separated
from spinscope.ingest.assemble import Block, assemble
from spinscope.ingest.dates import parse_date
from spinscope.ingest.errors import InputError
from spinscope.ingest.rules import classify_line, clean_edges, is_noise, source_name, squash
from spinscope.language import detect_language

_TERMINAL = (".", ",", ";", ":", "…")
_INNER_SENTENCE_END = re.compile(r"[.!?…]\s+\S")
_INNER_PERIOD = re.compile(r"\w\w\.\s+[A-ZÀ-ÖØ-ÞА-ЯЁ]")
_BYLINE = re.compile(
    r"^(?:par|by|von|di|de|autor|autore|author|автор)\s*[:：]?\s+"
    r"(?P<name>[^\W\d_][^\d:]{1,60})$",
    re.IGNORECASE,
)
_DATE_PREFIX = re.compile(
    r"^(?:publié|mis\s+à\s+jour|published|updated|posted|veröffentlicht|aktualisiert|"
    r"pubblicato|aggiornato|opublikowano|aktualizacja|опубликовано|обновлено|date|datum|data|"
    r"дата)(?:\s+(?:le|on|am|il|в))?\s*[:：]?\s*",
    re.IGNORECASE,
)


@dataclass
class _Line:
    number: int
    text: str


def _is_hard_wrapped(lines: list[_Line]) -> bool:
    """True for text wrapped at a fixed width, where paragraphs span several lines."""
    filled = [i for i, line in enumerate(lines) if line.text]
    if len(filled) < 4:
        return False
    followed = sum(1 for i in filled if i + 1 < len(lines) and lines[i + 1].text)
    lengths = sorted(len(lines[i].text) for i in filled)
    return followed >= len(filled) / 2 and lengths[int(len(lengths) * 0.9)] <= 100


def _blocks(text: str) -> list[_Line]:
    """Paragraph candidates with the 1-based line where each starts."""
    lines = [_Line(i + 1, clean_edges(raw)) for i, raw in enumerate(text.split("\n"))]
    if not _is_hard_wrapped(lines):
        return [line for line in lines if line.text]
    blocks: list[_Line] = []
    current: list[_Line] = []
    for line in [*lines, _Line(len(lines) + 1, "")]:
        if line.text:
            current.append(line)
        elif current:
            blocks.append(_Line(current[0].number, " ".join(part.text for part in current)))
            current = []
    return blocks


def _is_header(line: str) -> bool:
    """A site/section label above the title: "TV", "Monde", "MIDDLE EAST"."""
    words = len(line.split())
    if len(line) > 40 or line.endswith((*_TERMINAL, "!", "?")):
        return False
    return words <= 2 or (words <= 4 and line.isupper())


def _is_title(line: str) -> bool:
    words = len(line.split())
    if len(line) > 250 or words > 40:
        return False
    return not line.endswith(_TERMINAL) or line.endswith(("...", "…")) or words <= 15


def _looks_like_headline(line: str) -> bool:
    """One phrase without a final period: what a title under a site header looks like."""
    return not line.endswith(".") and not _INNER_PERIOD.search(line)


def is_subheading(line: str) -> bool:
    """A short intertitle inside the body ("Faux signal!"), not a sentence of the text."""
    if len(line) > 100 or len(line.split()) > 12 or line.endswith(_TERMINAL):
        return False
    if _INNER_SENTENCE_END.search(line):
        return False
    first = line[0]
    return first.isupper() or first.isdigit() or first in "«\"“'¿¡"


def _meta(line: str) -> tuple[str, str] | None:
    """("author", name) or ("published", iso date) for a byline/date line under the title."""
    if len(line.split()) <= 6:
        byline = _BYLINE.match(line)
        if byline and byline.group("name")[0].isupper():
            return "author", byline.group("name").strip(" .,")
    if len(line.split()) <= 8 and any(ch.isdigit() for ch in line):
        iso = parse_date(_DATE_PREFIX.sub("", line))
        if iso:
            return "published", iso
    return None


def _foreign_lead(lead: list[_Line], rest: list[_Line]) -> set[int]:
    """Lines before the first full paragraph written in another language: captions.

    Sites that republish wire photos keep the agency's English caption above a
    French text; such a line is not part of the article.
    """
    from spinscope.language import detect_language, identify

    body_language = detect_language(" ".join(line.text for line in rest))
    found = set()
    for line in lead:
        guess = identify(line.text)
        if body_language and guess and guess[0] != body_language and guess[1] >= 0.8:
            found.add(line.number)
    return found


def parse_plaintext(
    text: str,
    *,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    published: str | None = None,
    language: str | None = None,
    author: str | None = None,
    origin: str | None = None,
    reader: str = "text",
    keep_lines: bool = True,
) -> Article:
    """An ``Article`` from the text of a plain-text article file (or pasted text).

    Metadata given as arguments wins over what the text itself says.
    ``keep_lines`` records each paragraph's line in ``text``; readers whose text
    is not a file of its own (a JSONL field) turn it off.
    """
    separated: list[Separated] = []
    found: dict[str, str] = {}
    candidates: list[_Line] = []
    for line in _blocks(text):
        if is_noise(line.text):
            continue
        kind = classify_line(line.text)
        if kind is None:
            candidates.append(line)
            continue
        if kind == "source":
            found["source"] = source_name(line.text) or ""
        separated.append(Separated(kind=kind, text=squash(line.text)))

    header: list[Separated] = []
    if title is None:
        title = ""
        if (
            len(candidates) >= 3
            and _is_header(candidates[0].text)
            and _is_title(candidates[1].text)
            and _looks_like_headline(candidates[1].text)
        ):
            header.append(Separated(kind="header", text=squash(candidates.pop(0).text)))
        if len(candidates) >= 2 and _is_title(candidates[0].text):
            title = squash(candidates.pop(0).text)
    while candidates and len(candidates) > 1:
        meta = _meta(candidates[0].text)
        if meta is None or meta[0] in found:
            break
        found[meta[0]] = meta[1]
        header.append(Separated(kind="header", text=squash(candidates.pop(0).text)))

    first_full = next((i for i, c in enumerate(candidates) if len(c.text.split()) >= 40), 0)
    foreign = (
        _foreign_lead(candidates[:first_full], candidates[first_full:]) if first_full else set()
    )
    kept = [line for line in candidates if line.number not in foreign]
    separated += [
        Separated(kind="caption", text=squash(line.text))
        for line in candidates
        if line.number in foreign
    ]
    blocks: list[Block] = []
    for i, line in enumerate(kept):
        # A subheading opens a section: never the first or the last paragraph.
        inner = 0 < i < len(kept) - 1
        kind = "subheading" if inner and is_subheading(line.text) else "text"
        blocks.append(Block(text=line.text, kind=kind, line=line.number if keep_lines else None))
    if not blocks:
        raise InputError("no article text: only a title, captions, links or boilerplate")
    body, paragraphs = assemble(blocks)
    return Article(
        title=title,
        source=source or found.get("source") or None,
        url=url,
        author=author or found.get("author"),
        published=published or found.get("published"),
        language=language or detect_language(f"{title}\n{body}"),
        body=body,
        paragraphs=paragraphs,
        separated=tuple(header + separated),
        origin=origin,
        reader=reader,
    )
