"""From what the user named (files, folders, globs, URLs, ``-``) to articles.

Every problem becomes one ``ReadError`` and the batch goes on: a corpus of
ten thousand files must not stop at the first broken one.
"""

from __future__ import annotations

import glob
import io
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from spinscope.article import Article
from spinscope.ingest.decode import MAX_FILE_BYTES, decode_text
from spinscope.ingest.errors import InputError, ReadError
from spinscope.ingest.fetch import fetch, html_charset, is_url
from spinscope.ingest.warc import is_warc_name

FORMATS = ("auto", "text", "semeval", "html", "jsonl", "feed", "warc")
SUFFIX_FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
}
# Read when a folder is walked too: .xml by its root element, .warc(.gz) streamed.
OTHER_SUFFIXES = (".xml", ".warc", ".warc.gz")
STDIN = "-"
_GLOB_CHARS = frozenset("*?[")

Target = Path | str  # a path, a URL, or STDIN


def _readable_name(name: str) -> bool:
    name = name.lower()
    return Path(name).suffix in SUFFIX_FORMATS or name.endswith(OTHER_SUFFIXES)


def _walk(folder: Path) -> Iterator[Target | ReadError]:
    """Readable files under ``folder``, sorted, hidden files and folders skipped."""
    problems: list[OSError] = []
    found = False
    for root, dirs, files in os.walk(folder, onerror=problems.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and _readable_name(name):
                found = True
                yield Path(root, name)
    for problem in problems:
        yield ReadError(str(problem.filename or folder), None, f"cannot list: {problem.strerror}")
    if not found and not problems:
        kinds = ", ".join(sorted([*SUFFIX_FORMATS, *OTHER_SUFFIXES]))
        yield ReadError(str(folder), None, f"no readable files in this folder ({kinds})")


def expand(sources: Iterable[str | Path]) -> Iterator[Target | ReadError]:
    """Each file, URL or ``-`` the sources name, in order; errors for names that match nothing."""
    for source in sources:
        name = str(source)
        if name == STDIN or is_url(name):
            yield name
            continue
        path = Path(name).expanduser()
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield path
        elif _GLOB_CHARS & set(name):
            matches = sorted(glob.glob(os.path.expanduser(name), recursive=True))
            if not matches:
                yield ReadError(name, None, "no file matches this pattern")
            for match in matches:
                if Path(match).is_dir():
                    yield from _walk(Path(match))
                else:
                    yield Path(match)
        else:
            yield ReadError(name, None, "no such file or directory")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise InputError("not a regular file (device, pipe or socket)")
        if info.st_size > max_bytes:
            raise InputError(f"too large: {info.st_size:,} bytes (limit {max_bytes:,})")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file (or a broken link)") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise InputError(f"too large: more than {max_bytes:,} bytes")
    return data


def _sniff(data: bytes) -> str:
    """Format of unnamed content (stdin, URLs without a clear type)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"


def resolve_format(requested: str, name: str, data: bytes, media_type: str = "") -> str:
    """The reader to use: the one requested, else the file name's, else the content's."""
    if requested != "auto":
        return requested
    from spinscope.ingest.feed import FEED_MEDIA_TYPES, XML_MEDIA_TYPES, looks_like_feed, xml_root
    from spinscope.ingest.semeval import looks_like_semeval
    from spinscope.ingest.warc import WARC_MEDIA_TYPES, looks_like_warc

    suffix = Path(name).suffix.lower()
    if looks_like_semeval(name):
        return "semeval"
    if is_warc_name(name) or media_type in WARC_MEDIA_TYPES or looks_like_warc(data):
        return "warc"
    if media_type in FEED_MEDIA_TYPES or looks_like_feed(data):
        return "feed"
    if suffix == ".xml" or media_type in XML_MEDIA_TYPES:
        root = xml_root(data)
        if root not in {None, "html"}:
            raise InputError(f"XML whose root element is <{root[:40]}>, not an RSS/Atom feed")
    if media_type in {"text/html", "application/xhtml+xml"}:
        return "html"
    if media_type in {"application/x-ndjson", "application/jsonl", "application/json"}:
        return "jsonl"
    if suffix in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffix]
    return _sniff(data)


def parse_bytes(
    data: bytes,
    origin: str,
    format: str = "auto",
    *,
    name: str = "",
    url: str | None = None,
    media_type: str = "",
    charset: str | None = None,
    max_record_bytes: int = MAX_FILE_BYTES,
) -> Iterator[Article | ReadError]:
    """Articles (or errors) in ``data``; ``origin`` names it in every error."""
    try:
        kind = resolve_format(format, name or origin, data, media_type)
        if kind == "warc":
            from spinscope.ingest.warc import parse_warc

            yield from parse_warc(io.BytesIO(data), origin, max_record_bytes)
            return
        if kind == "feed":
            from spinscope.ingest.feed import parse_feed

            yield from parse_feed(data, origin, charset)
            return
        if kind == "html":
            charset = charset or html_charset(data)
        text = decode_text(data, declared=charset)
        if kind == "jsonl":
            from spinscope.ingest.jsonl import parse_jsonl

            for item in parse_jsonl(text, origin):
                yield item if isinstance(item, Article) else item[1].at(origin)
        elif kind == "semeval":
            from spinscope.ingest.semeval import parse_semeval

            yield parse_semeval(text, origin=origin)
        elif kind == "html":
            from spinscope.ingest.html import parse_html

            yield parse_html(text, url=url, origin=origin)
        else:
            from spinscope.ingest.plaintext import parse_plaintext

            yield parse_plaintext(text, url=url, origin=origin)
    except InputError as error:
        yield error.at(origin)
    except Exception as error:  # a reader bug must cost one file, not the batch
        yield ReadError(origin, None, f"internal error in reader: {type(error).__name__}: {error}")


def _read_target(target: Target, format: str, max_bytes: int) -> Iterator[Article | ReadError]:
    if target == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            yield ReadError("<stdin>", None, f"too large: more than {max_bytes:,} bytes")
            return
        yield from parse_bytes(data, "<stdin>", format, max_record_bytes=max_bytes)
    elif isinstance(target, str):
        try:
            page = fetch(target, max_bytes)
        except InputError as error:
            yield error.at(target)
            return
        yield from parse_bytes(
            page.content,
            target,
            format,
            name=page.url.split("?")[0],
            url=page.url,
            media_type=page.media_type,
            charset=page.charset,
            max_record_bytes=max_bytes,
        )
    elif format == "warc" or (format == "auto" and is_warc_name(target.name)):
        from spinscope.ingest.warc import read_warc_file

        yield from read_warc_file(target, max_bytes)  # streamed: archives exceed any page limit
    else:
        try:
            data = _read_bytes(target, max_bytes)
        except InputError as error:
            yield error.at(str(target))
            return
        yield from parse_bytes(data, str(target), format, name=target.name)


def read(
    sources: Iterable[str | Path],
    format: str = "auto",
    progress: bool = False,
    *,
    max_bytes: int = MAX_FILE_BYTES,
) -> Iterator[Article | ReadError]:
    """Every article in ``sources`` (files, folders, globs, URLs, ``-``), and every problem.

    ``format`` forces one reader (``text``, ``semeval``, ``html``, ``jsonl``,
    ``feed``, ``warc``) instead of choosing by file name and content.
    ``progress`` shows a bar over the files on stderr. Files over
    ``max_bytes`` are refused; a WARC archive is streamed and the limit
    applies to each of its records.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; known: {', '.join(FORMATS)}")
    targets = list(expand([sources] if isinstance(sources, str | Path) else sources))
    from tqdm import tqdm

    bar = tqdm(total=len(targets), unit="file", disable=not progress, file=sys.stderr)
    try:
        for target in targets:
            if isinstance(target, ReadError):
                yield target
            else:
                yield from _read_target(target, format, max_bytes)
            bar.update(1)
    finally:
        bar.close()
