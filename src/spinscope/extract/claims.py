"""The claims stage: check-worthy factual statements, each with its source or marked unsourced.

A claim is a sentence that states a quantity about something a fact-checker can verify:
casualties, troops and fighters, equipment and strikes, money, people, shares ("12
militaires", "une cinquantaine de soldats", "300 soldats", "des centaines d'agents").
Its source is what the article gives: the speaker of the quote it sits in, the "selon X"
of its sentence or paragraph, or nothing (``sourced=False``); a vague source ("des sources
bien informées", "officials") is ``source_kind="anonymous"``.
"""

from __future__ import annotations

import re

from spinscope.article import Analysis, Article, Claim, Quote
from spinscope.extract.dates import find_dates
from spinscope.extract.lexicon import NUMBER_WORDS, QUANTITY_NOUNS, VAGUE_QUANTITIES
from spinscope.extract.quotes import _sentences

STAGE = "claims"
MODEL = "rules:claims-1"
ANONYMOUS = re.compile(
    r"(?<!\w)(?:sources?|responsables?|officiels?|observateurs|analystes|experts|témoins|"
    r"on dit|certains|officials?|observers|analysts|witnesses|insiders|quellen|beobachter|"
    r"fonti|osservatori|źródł\w*|obserwatorzy|источник\w*|наблюдател\w*|эксперт\w*)(?!\w)",
    re.IGNORECASE,
)


def _quantity_pattern(lang: str) -> re.Pattern[str]:
    numbers = "|".join(sorted(NUMBER_WORDS.get(lang, {}), key=len, reverse=True))
    numbers = "|".join(w for w in numbers.split("|") if len(w) > 2)  # not "un", "a"
    vague = VAGUE_QUANTITIES.get(lang, VAGUE_QUANTITIES["en"])
    nouns = "|".join(f"(?:{p})" for p in QUANTITY_NOUNS.values())
    amount = (
        rf"(?:[$€£]\s?)?\d[\d\s.,]*(?:\s?(?:%|millions?|milliards?|billion|million|mln|mld|млн|"
        rf"млрд|Mio\.?|Mrd\.?))?|(?:une?\s+|des\s+|plusieurs\s+)?(?:{vague})|{numbers}"
    )
    return re.compile(
        rf"(?<![\w-])(?P<amount>{amount})\s+(?:(?:de|d'|d’|of|von|di|z|из)\s*)?"
        rf"(?:[\w'’-]+\s+){{0,2}}?(?P<noun>{nouns})(?!\w)"
        rf"|(?P<pct>\d[\d.,]*\s?(?:%|pour cent|percent))",
        re.IGNORECASE,
    )


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _category(noun: str) -> str:
    for name, pattern in QUANTITY_NOUNS.items():
        if re.fullmatch(pattern, noun, re.IGNORECASE):
            return name
    return "other"


def _source_of(start: int, end: int, quotes: list[Quote]) -> tuple[str | None, str]:
    """(source, kind) from a quote covering the sentence, else from a "selon X" in it."""
    for q in quotes:
        covers = q.start <= start < q.end or start <= q.start < end
        if covers and q.speaker and (q.kind == "direct" or q.start <= start):
            return q.speaker, "anonymous" if ANONYMOUS.search(q.speaker) else "named"
    return None, "none"


def extract_claims(article: Article, quotes: list[Quote]) -> list[Claim]:
    """Sentences stating check-worthy quantities, with their source as the article gives it."""
    lang = (article.language or "en").lower()[:2]
    if lang not in NUMBER_WORDS:
        lang = "en"
    pattern = _PATTERNS.setdefault(lang, _quantity_pattern(lang))
    body = article.body
    date_spans = [(d.start, d.end) for d in find_dates(body, lang)]
    claims: list[Claim] = []
    for s_start, s_end in _sentences(article):
        sentence = body[s_start:s_end]
        quantities, categories = [], []
        for m in pattern.finditer(sentence):
            a, b = s_start + m.start(), s_start + m.end()
            if any(ds < b and a < de for ds, de in date_spans):
                continue
            quantities.append(m.group(0).strip())
            categories.append("share" if m.group("pct") else _category(m.group("noun")))
        if not quantities:
            continue
        source, kind = _source_of(s_start, s_end, quotes)
        claims.append(
            Claim(
                start=s_start,
                end=s_end,
                text=sentence,
                quantities=quantities,
                source=source,
                sourced=source is not None,
                source_kind=kind,
                category=categories[0],
                model=MODEL,
            )
        )
    return claims


def claims_stage(analysis: Analysis) -> None:
    """Pipeline stage: fill ``analysis.claims``, the title's first (quotes found here if that
    stage did not run)."""
    quotes = analysis.quotes
    if not quotes and "quotes" not in analysis.stages:
        from spinscope.extract.quotes import article_quotes

        quotes = article_quotes(analysis)
    claims = extract_claims(analysis.article, [q for q in quotes if not q.in_title])
    headline = analysis.article.headline()
    if headline is not None:
        in_title = [q.model_copy(update={"in_title": False}) for q in quotes if q.in_title]
        found = extract_claims(headline, in_title)
        claims = [*(c.model_copy(update={"in_title": True}) for c in found), *claims]
    analysis.claims = claims
    analysis.models[STAGE] = MODEL
