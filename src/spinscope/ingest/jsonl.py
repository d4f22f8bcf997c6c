"""JSONL corpora: one article per line, ``text`` required, metadata optional.

Scrapers and other tools export corpora this way. Each line is read on its
own, so one malformed line costs one error (with its line number), not the
file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from spinscope.article import Article
from spinscope.ingest.dates import parse_date
from spinscope.ingest.errors import InputError
from spinscope.ingest.plaintext import parse_plaintext

_LANGUAGE_CODE = re.compile(r"^([a-z]{2})(?:[-_][A-Za-z0-9]+)*$")


def _optional_string(record: dict, *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise InputError(f'"{key}" must be a string, not {type(value).__name__}')
        return str(value).strip() or None
    return None


def language_code(value: str | None) -> str | None:
    """ISO 639-1 code from "fr", "FR", "fr-FR" or "fr_CA"; None for anything else."""
    if not value:
        return None
    match = _LANGUAGE_CODE.match(value.strip().lower() if len(value) <= 3 else value.strip())
    return match.group(1).lower() if match else None


def parse_record(record: object, origin: str) -> Article:
    """An ``Article`` from one decoded JSONL record."""
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError('missing "text" (a non-empty string)')
    date = _optional_string(record, "published", "date")
    published = parse_date(date)
    if date and not published:
        raise InputError(f'"date" is not a date: {date[:40]!r}')
    external_id = _optional_string(record, "id")
    return parse_plaintext(
        text,
        title=_optional_string(record, "title") or ("" if record.get("title") == "" else None),
        source=_optional_string(record, "source"),
        url=_optional_string(record, "url"),
        published=published,
        language=language_code(_optional_string(record, "language", "lang")),
        author=_optional_string(record, "author"),
        origin=f"{origin}#{external_id}" if external_id else origin,
        reader="jsonl",
        keep_lines=False,
    )


def parse_jsonl(text: str, origin: str) -> Iterator[Article | tuple[int, InputError]]:
    """Each line's article, or (line number, error) for a line that cannot be read."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, InputError(f"malformed JSON at column {error.colno}: {error.msg}", number)
            continue
        try:
            yield parse_record(record, f"{origin}:{number}")
        except InputError as error:
            yield number, InputError(error.message, number)
