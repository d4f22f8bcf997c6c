"""Publication dates as ISO 8601, from whatever a source wrote.

Readers meet "2020-11-15", "15/11/2020", "15 novembre 2020" and
"Sun, 15 Nov 2020 10:00:00 GMT"; the store and the filters need one form.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_NUMERIC = re.compile(r"^(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})$")
_HAS_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def _iso_or_none(text: str) -> str | None:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return parsed.date().isoformat()
    return parsed.isoformat()


def parse_date(text: str | None) -> str | None:
    """ISO 8601 date (or datetime when a time is given) of ``text``, None if it is not a date.

    Day-first is assumed for numeric dates (the European sources spinscope
    mostly reads); a text without a four-digit year is not taken as a date.
    """
    if not text:
        return None
    text = text.strip().strip(".,;")
    if not text or len(text) > 60 or not _HAS_YEAR.search(text):
        return None
    iso = _iso_or_none(text)
    if iso:
        return iso
    numeric = _NUMERIC.match(text)
    if numeric:
        try:
            return date(int(numeric["y"]), int(numeric["m"]), int(numeric["d"])).isoformat()
        except ValueError:
            return None
    import dateparser

    parsed = dateparser.parse(
        text,
        languages=["fr", "en", "de", "it", "pl", "ru", "es", "pt", "nl", "uk"],
        settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY", "STRICT_PARSING": False},
    )
    if parsed is None:
        return None
    has_time = bool(re.search(r"\d{1,2}[:h]\d{2}", text))
    return parsed.isoformat() if has_time else parsed.date().isoformat()
