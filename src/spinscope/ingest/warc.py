"""WARC web archives: each archived HTML page read exactly like an HTML file.

Crawlers (Heritrix, wget, Browsertrix, Webrecorder) save what they fetched as
WARC; an archive of an outlet is often the only copy left once pages are
edited or deleted. Only ``response`` records with a 2xx status and an HTML
content type are read, through the HTML reader, so titles, dates, authors and
bodies come out as for a saved page; ``url`` is the archived address and
``origin`` is ``FILE#record-N`` (N counts every record, from 1). The archive is
streamed record by record, so its size is not limited, only each record's.
Nothing in a page is fetched.
"""

from __future__ import annotations

import io
import logging
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from spinscope.article import Article
from spinscope.ingest.decode import MAX_FILE_BYTES, decode_text
from spinscope.ingest.errors import InputError, ReadError
from spinscope.ingest.fetch import html_charset

WARC_SUFFIXES = (".warc", ".warc.gz")
WARC_MEDIA_TYPES = frozenset({"application/warc", "application/x-warc"})
HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHUNK = 64 * 1024


class _RecordTooLarge(InputError):
    """A record over the limit: reported, skipped, and the archive goes on."""


def is_warc_name(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


def looks_like_warc(data: bytes) -> bool:
    """True when ``data`` starts with a WARC record, plain or gzipped."""
    head = data[:64]
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:_CHUNK], 64)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def _quiet_iterator(stream: BinaryIO):
    from warcio.archiveiterator import ArchiveIterator

    # Its warnings quote archived URLs (hostile text) on stderr; damage is reported by us.
    logging.getLogger("warcio").setLevel(logging.ERROR)

    class QuietIterator(ArchiveIterator):
        # warcio prints a warning for a record whose length is wrong; err_count is read instead.
        INC_RECORD = ""

    return QuietIterator(stream, check_digests=True)


def _media_type(record) -> tuple[str, str | None]:
    """(media type, charset) from the record's HTTP ``Content-Type``."""
    header = record.http_headers.get_header("Content-Type") or ""
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media_type.strip().lower(), charset


def _is_html_page(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    return status.startswith("2") and _media_type(record)[0] in HTML_MEDIA_TYPES


def _payload(record, max_record_bytes: int) -> bytes:
    """The page's bytes (chunking and gzip/deflate undone), at most ``max_record_bytes``."""
    if record.length is not None and record.length > max_record_bytes:
        raise _RecordTooLarge(f"too large: {record.length:,} bytes (limit {max_record_bytes:,})")
    stream = record.content_stream()
    chunks: list[bytes] = []
    size = 0
    while size <= max_record_bytes:
        chunk = stream.read(min(_CHUNK, max_record_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > max_record_bytes:  # compressed pages can grow past the limit
        raise _RecordTooLarge(f"too large once decompressed: over {max_record_bytes:,} bytes")
    return b"".join(chunks)


def _article(record, content: bytes, origin: str) -> Article:
    from spinscope.ingest.html import parse_html

    charset = _media_type(record)[1] or html_charset(content)
    text = decode_text(content, declared=charset)
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    article = parse_html(text, url=url, origin=origin)
    return article.model_copy(update={"reader": "warc"})


def _cut_short(record, iterator) -> bool:
    """True when the archive ends inside ``record`` (warcio itself stops silently)."""
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not declared.isdigit() or getattr(record.raw_stream, "limit", 0) > 0:
        return True
    member = getattr(iterator.reader, "decompressor", None)  # a .warc.gz: one gzip member each
    return member is not None and not getattr(member, "eof", True)


def _damaged(record) -> bool:
    """True when the bytes stored differ from those the crawler hashed.

    Only the block digest counts: some crawlers hash the payload after undoing
    the transfer encoding, so payload digests mismatch in sound archives.
    """
    checker = getattr(record, "digest_checker", None)
    return any(p.startswith("block digest") for p in getattr(checker, "problems", ()))


def _corrupt(origin: str, number: int, problem: str) -> ReadError:
    return ReadError(f"{origin}#record-{number}", None, f"truncated or corrupt archive: {problem}")


def _size_and_head(stream: BinaryIO) -> tuple[int | None, bytes]:
    """Total size of a seekable stream (None otherwise) and its first bytes, position kept."""
    try:
        start = stream.tell()
        size = stream.seek(0, io.SEEK_END)
        stream.seek(start)
        head = stream.read(_CHUNK)
        stream.seek(start)
        return size, head
    except (OSError, ValueError, AttributeError):
        return None, b""


def _trailing_garbage(stream: BinaryIO, end: int, size: int | None) -> int:
    """Bytes after the last whole record that are not blank lines (0 when the end is clean)."""
    if size is None or size <= end:
        return 0
    stream.seek(end)
    tail = stream.read(_CHUNK)
    return 0 if not tail.strip() and size - end <= len(tail) else size - end


def parse_warc(
    stream: BinaryIO, origin: str, max_record_bytes: int = MAX_FILE_BYTES
) -> Iterator[Article | ReadError]:
    """Articles of the HTML responses in a WARC stream, and one error per unreadable record.

    A truncated or corrupt archive ends with one ``ReadError`` naming the
    record where reading stopped; the records before it have been yielded.
    """
    size, head = _size_and_head(stream)
    if head and not looks_like_warc(head):
        raise InputError("not a WARC archive (it does not start with a WARC/1.x record)")
    iterator = _quiet_iterator(stream)
    records = iter(iterator)
    number = 0
    end = 0
    while True:
        try:
            record = next(records, None)
        except Exception as error:  # warcio raises many kinds for damaged input
            yield _corrupt(
                origin,
                number + 1,
                "its headers could not be read "
                f"(the WARC reader raised {type(error).__name__}: {str(error)[:120]})",
            )
            return
        if record is None:
            break
        number += 1
        where = f"{origin}#record-{number}"
        content: bytes | None = None
        skipped: InputError | None = None
        try:
            if _is_html_page(record):
                try:
                    content = _payload(record, max_record_bytes)
                except _RecordTooLarge as error:
                    skipped = error
            iterator.read_to_end()
        except Exception as error:
            yield _corrupt(origin, number, f"{type(error).__name__}: {str(error)[:160]}")
            return
        if _cut_short(record, iterator):
            yield _corrupt(origin, number, "the record ends before its declared length")
            return
        if iterator.err_count:
            yield _corrupt(origin, number, "its declared length does not match its content")
            return
        end = iterator.get_record_offset() + iterator.get_record_length()
        if _damaged(record):
            yield ReadError(where, None, "damaged record: its WARC-Block-Digest does not match")
        elif skipped is not None:
            yield skipped.at(where)
        elif content is not None:
            try:
                yield _article(record, content, where)
            except InputError as error:
                yield error.at(where)
            except Exception as error:  # a reader bug must cost one page, not the archive
                yield ReadError(where, None, f"internal error in reader: {type(error).__name__}")
    garbage = _trailing_garbage(stream, end, size)
    if garbage:
        yield _corrupt(origin, number + 1, f"{garbage:,} bytes after the last whole record")
    elif number == 0:
        raise InputError("empty WARC archive (no records)")


def read_warc_file(
    path: Path, max_record_bytes: int = MAX_FILE_BYTES
) -> Iterator[Article | ReadError]:
    """``parse_warc`` over a file, streamed: archives are far larger than any one page."""
    origin = str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise InputError("not a regular file (device, pipe or socket)")
        if info.st_size == 0:
            raise InputError("empty file")
        with path.open("rb") as handle:
            yield from parse_warc(handle, origin, max_record_bytes)
    except InputError as error:
        yield error.at(origin)
    except FileNotFoundError:
        yield ReadError(origin, None, "no such file (or a broken link)")
    except PermissionError:
        yield ReadError(origin, None, "permission denied")
    except OSError as error:
        yield ReadError(origin, None, f"cannot read: {error.strerror or error}")
