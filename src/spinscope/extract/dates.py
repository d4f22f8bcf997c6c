"""The dates stage: absolute and relative date expressions, resolved to ISO dates.

Detection is by rules per language (``lexicon``), resolution is arithmetic against the
publication date; ``dateparser`` (with the article's language) resolves what the rules
recognise but cannot compute. When the article has no publication date, its year is
inferred where the text allows: a weekday written with a day and month ("samedi 14
novembre") fits only some years, and the article's latest explicit year (in the body,
title or captions) bounds them from below; the earliest year that fits every such
constraint is taken and each date using it says ``year_inferred``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spinscope.article import Analysis, Article, DateMention
from spinscope.extract.lexicon import (
    AGO,
    LAST,
    MONTHS,
    NUMBER_WORDS,
    RELATIVE_DAYS,
    RELATIVE_PERIODS,
    UNITS,
    WEEKDAYS,
)

STAGE = "dates"
MODEL = "rules+dateparser"
DEFAULT_LANGUAGE = "en"


@dataclass
class _Found:
    start: int
    end: int
    kind: str  # absolute | month | year | weekday | ago | fixed | period | numeric
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    amount: int | None = None
    unit: str | None = None
    offset: int = 0
    last: bool = False


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _index_of(patterns: list[str], word: str) -> int | None:
    for i, p in enumerate(patterns):
        if re.fullmatch(p, word, re.IGNORECASE):
            return i
    return None


def _number(word: str, lang: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(lang, {}).get(word.lower())


class _Rules:
    """Compiled patterns of one language."""

    def __init__(self, lang: str):
        self.lang = lang
        months = _alternation(MONTHS[lang])
        weekdays = _alternation(WEEKDAYS[lang])
        day = r"(?P<day>[0-3]?\d)(?:er|ᵉʳ|\.|st|nd|rd|th|-?го|-?е)?"
        year = r"(?P<year>(?:1[89]|20)\d\d)"
        wd = rf"(?:(?P<weekday>{weekdays}),?\s+(?:(?:le|the|den|il|dnia)\s+)?)?"
        self.absolute = re.compile(
            rf"(?<!\w){wd}{day}\s+(?:de\s+)?(?P<month>{months})(?:,?\s+(?:de\s+)?{year})?(?!\w)",
            re.IGNORECASE,
        )
        self.month_first = re.compile(
            rf"(?<!\w){wd}(?P<month>{months})\s+{day}(?:,?\s+{year})?(?!\w)", re.IGNORECASE
        )
        self.month_year = re.compile(
            rf"(?<!\w)(?P<month>{months})\s+(?:de\s+)?{year}(?!\w)", re.IGNORECASE
        )
        self.year = re.compile(
            r"(?<!\w)(?:en|in|im|nel|del|w|we|в|во|since|depuis|seit|dal|od|с|de|of|von|"
            r"di|z|из)\s+(?:l'an(?:née)?\s+)?(?P<year>(?:1[89]|20)\d\d)(?:\s*(?:года|году|г\.))?(?!\w)",
            re.IGNORECASE,
        )
        self.numeric = re.compile(
            r"(?<![\w/.-])(?:(?P<iso>(?P<y1>(?:19|20)\d\d)-(?P<m1>[01]\d)-(?P<d1>[0-3]\d))|"
            r"(?P<d2>[0-3]?\d)[./](?P<m2>[01]?\d)[./](?P<y2>(?:19|20)\d\d))(?![\w/])"
        )
        last = LAST.get(lang, "")
        self.weekday_last = re.compile(
            rf"(?<!\w)(?:(?:{last})\s+(?P<w1>{weekdays})|(?P<w2>{weekdays})\s+(?:{last}))(?!\w)",
            re.IGNORECASE,
        )
        self.weekday_alone = re.compile(rf"(?<!\w)(?P<w>{weekdays})(?!\w)", re.IGNORECASE)
        numbers = "|".join(sorted(NUMBER_WORDS.get(lang, {}), key=len, reverse=True))
        units = _alternation(list(UNITS[lang]))
        prefix, suffix = AGO[lang]
        amount = rf"(?P<n>\d+|{numbers})"
        before = prefix + r"\s+" if prefix else ""
        after = r"\s+" + suffix if suffix else ""
        self.ago = re.compile(
            rf"(?<!\w){before}{amount}\s+(?P<unit>{units}){after}(?!\w)", re.IGNORECASE
        )
        self.since = re.compile(
            rf"(?<!\w)(?:depuis|(?:ces|les|au cours des)\s+)\s*{amount}\s+(?:derniers\s+)?"
            rf"(?P<unit>jours|semaines|mois)(?:\s+derniers)?(?!\w)"
            if lang == "fr"
            else rf"(?<!\w)(?:(?:in\s+)?the\s+(?:last|past)|over\s+the\s+(?:last|past))\s+{amount}"
            rf"\s+(?P<unit>days|weeks|months)(?!\w)"
            if lang == "en"
            else r"(?!x)x",
            re.IGNORECASE,
        )
        self.fixed = re.compile(
            r"(?<!\w)(?:"
            + "|".join(re.escape(w) for w in sorted(RELATIVE_DAYS[lang], key=len, reverse=True))
            + r")(?!\w)",
            re.IGNORECASE,
        )
        self.period = re.compile(
            r"(?<!\w)(?:" + "|".join(RELATIVE_PERIODS[lang]) + r")(?!\w)", re.IGNORECASE
        )
        self.period_patterns = [
            (re.compile(p, re.IGNORECASE), v) for p, v in RELATIVE_PERIODS[lang].items()
        ]

    def unit_of(self, word: str) -> str:
        for pattern, unit in UNITS[self.lang].items():
            if re.fullmatch(pattern, word, re.IGNORECASE):
                return unit
        return "day"


_RULES: dict[str, _Rules] = {}


def _rules(lang: str) -> _Rules:
    if lang not in _RULES:
        _RULES[lang] = _Rules(lang)
    return _RULES[lang]


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in taken)


def find_dates(text: str, language: str | None) -> list[_Found]:
    """Every date expression of ``text`` (one language's rules), without overlaps."""
    lang = language if language in MONTHS else DEFAULT_LANGUAGE
    r = _rules(lang)
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []

    def keep(f: _Found) -> None:
        if _free(taken, f.start, f.end):
            found.append(f)
            taken.append((f.start, f.end))

    for pattern in (r.absolute, r.month_first):
        for m in pattern.finditer(text):
            day = int(m.group("day"))
            month = _index_of(MONTHS[lang], m.group("month"))
            if not 1 <= day <= 31 or month is None:
                continue
            weekday = _index_of(WEEKDAYS[lang], m.group("weekday")) if m.group("weekday") else None
            year = int(m.group("year")) if m.group("year") else None
            keep(_Found(m.start(), m.end(), "absolute", day, month + 1, year, weekday))
    for m in r.numeric.finditer(text):
        if m.group("iso"):
            d, mo, y = int(m.group("d1")), int(m.group("m1")), int(m.group("y1"))
        else:
            d, mo, y = int(m.group("d2")), int(m.group("m2")), int(m.group("y2"))
        if 1 <= d <= 31 and 1 <= mo <= 12:
            keep(_Found(m.start(), m.end(), "absolute", d, mo, y))
    for m in r.month_year.finditer(text):
        month = _index_of(MONTHS[lang], m.group("month"))
        if month is not None:
            keep(_Found(m.start(), m.end(), "month", month=month + 1, year=int(m.group("year"))))
    for m in r.year.finditer(text):
        s = m.start("year")
        keep(_Found(s, m.end("year"), "year", year=int(m.group("year"))))
    for m in r.ago.finditer(text):
        n = _number(m.group("n"), lang)
        if n:
            keep(_Found(m.start(), m.end(), "ago", amount=n, unit=r.unit_of(m.group("unit"))))
    for m in r.since.finditer(text):
        n = _number(m.group("n"), lang)
        if n:
            unit = {
                "jours": "day",
                "semaines": "week",
                "mois": "month",
                "days": "day",
                "weeks": "week",
                "months": "month",
            }[m.group("unit").lower()]
            keep(_Found(m.start(), m.end(), "ago", amount=n, unit=unit))
    for m in r.period.finditer(text):
        for pattern, (unit, offset) in r.period_patterns:
            if pattern.fullmatch(m.group(0)):
                keep(_Found(m.start(), m.end(), "period", unit=unit, offset=offset))
                break
    for m in r.weekday_last.finditer(text):
        w = _index_of(WEEKDAYS[lang], m.group("w1") or m.group("w2"))
        keep(_Found(m.start(), m.end(), "weekday", weekday=w, last=True))
    for m in r.fixed.finditer(text):
        offset = next(v for k, v in RELATIVE_DAYS[lang].items() if k.lower() == m.group(0).lower())
        keep(_Found(m.start(), m.end(), "fixed", offset=offset))
    for m in r.weekday_alone.finditer(text):
        w = _index_of(WEEKDAYS[lang], m.group("w"))
        keep(_Found(m.start(), m.end(), "weekday", weekday=w))
    found.sort(key=lambda f: f.start)
    return found


def _parse_published(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def explicit_years(texts: list[str], language: str | None) -> list[int]:
    """Years the texts write out (in their language, and in English: captions often are)."""
    years = []
    for text in texts:
        for lang in dict.fromkeys([language, "en"]):
            for f in find_dates(text, lang):
                if f.year and f.kind in ("absolute", "month", "year"):
                    years.append(f.year)
    return years


def infer_year(
    found: list[_Found], years_named: list[int], latest: int | None = None
) -> int | None:
    """The earliest year that fits every weekday+day+month and no earlier than years named."""
    constraints = [
        f for f in found if f.kind == "absolute" and f.year is None and f.weekday is not None
    ]
    if not constraints:
        return None
    latest = latest or dt.date.today().year
    lower = max(years_named) if years_named else latest - 25
    for year in range(lower, latest + 1):
        try:
            if all(dt.date(year, f.month, f.day).weekday() == f.weekday for f in constraints):
                return year
        except ValueError:
            continue
    return None


def _shift_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, 28))


def _resolve(
    f: _Found, published: dt.date | None, year: int | None
) -> tuple[str | None, str, bool]:
    """(ISO value or None, granularity, year_inferred)."""
    if f.kind == "absolute":
        y = f.year or (published.year if published else year)
        if y is None:
            return None, "unknown", False
        try:
            value = dt.date(y, f.month, f.day)
        except ValueError:
            return None, "unknown", False
        if f.year is None and published and value > published + dt.timedelta(days=7):
            value = value.replace(year=y - 1)  # "14 décembre" written in January
        return value.isoformat(), "day", f.year is None and published is None
    if f.kind == "month":
        return f"{f.year:04d}-{f.month:02d}", "month", False
    if f.kind == "year":
        return f"{f.year:04d}", "year", False
    if published is None:
        return None, "unknown", False
    if f.kind == "fixed":
        return (published + dt.timedelta(days=f.offset)).isoformat(), "day", False
    if f.kind == "ago":
        if f.unit == "day":
            return (published - dt.timedelta(days=f.amount)).isoformat(), "day", False
        if f.unit == "week":
            return (published - dt.timedelta(weeks=f.amount)).isoformat(), "day", False
        if f.unit == "month":
            return _shift_months(published, -f.amount).isoformat()[:7], "month", False
        return f"{published.year - f.amount:04d}", "year", False
    if f.kind == "period":
        if f.unit == "week":
            monday = (
                published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=f.offset)
            )
            return monday.isoformat(), "day", False
        if f.unit == "month":
            return _shift_months(published, f.offset).isoformat()[:7], "month", False
        return f"{published.year + f.offset:04d}", "year", False
    if f.kind == "weekday":
        back = (published.weekday() - f.weekday) % 7
        if back == 0 and f.last:
            back = 7
        return (published - dt.timedelta(days=back)).isoformat(), "day", False
    return None, "unknown", False


def extract_dates(article: Article) -> list[DateMention]:
    """Date mentions of the title kept apart from the body (« Saignée anti-US du 10 novembre »;
    ``in_title``, offsets into the title), then of the body, resolved against the
    publication date (or a year inferred from the text)."""
    language = (article.language or "").lower()[:2] or None
    body = article.body
    title = article.title if article.title_apart else ""
    found = [(True, f) for f in find_dates(title, language)] if title else []
    found += [(False, f) for f in find_dates(body, language)]
    published = _parse_published(article.published)
    year = None
    if published is None:
        context = [body, article.title, *(s.text for s in article.separated)]
        year = infer_year([f for _, f in found], explicit_years(context, language))
    mentions = []
    for in_title, f in found:
        value, granularity, inferred = _resolve(f, published, year)
        mentions.append(
            DateMention(
                start=f.start,
                end=f.end,
                text=(title if in_title else body)[f.start : f.end],
                value=value,
                granularity=granularity,
                relative=f.kind in ("ago", "fixed", "period", "weekday"),
                year_inferred=inferred and value is not None,
                in_title=in_title,
                model=MODEL,
            )
        )
    return mentions


def dates_stage(analysis: Analysis) -> None:
    """Pipeline stage: fill ``analysis.dates``."""
    analysis.dates = extract_dates(analysis.article)
    analysis.models[STAGE] = MODEL
