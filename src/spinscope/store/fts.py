"""User search syntax → a safe FTS5 query.

Analysts type queries, not FTS5 expressions: a stray quote, ``-``, ``:`` or
``NEAR(`` must never reach SQLite as syntax. The accepted language is small
and documented (``spinscope search --help``):

- words are all required (``trump syrie``);
- ``"a phrase"`` matches words in sequence;
- ``word*`` matches a prefix;
- ``OR`` between two terms matches either;
- ``-word`` excludes articles containing it.

Every term is re-quoted as an FTS5 string, so punctuation inside it is only
ever treated as a token separator. Accents and case are ignored by the index
tokenizer (``unicode61 remove_diacritics 2``): ``armee`` finds ``Armée``.
"""

from __future__ import annotations

import re

MAX_QUERY_CHARS = 1000
MAX_TERMS = 64

_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"(?P<pstar>\*?)|(?P<word>[^\s"]+)')
_WORDISH = re.compile(r"\w", re.UNICODE)


def _quoted(text: str, prefix: bool) -> str:
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def fts_query(user_query: str) -> str:
    """Translate ``user_query`` into an FTS5 MATCH expression.

    Raises ``ValueError`` with a message meant for the analyst when the query
    cannot mean anything (unbalanced quote, no words, only exclusions).
    """
    text = user_query.strip()
    if len(text) > MAX_QUERY_CHARS:
        raise ValueError(f"query too long ({len(text)} characters, at most {MAX_QUERY_CHARS})")
    if text.count('"') % 2:
        raise ValueError('unbalanced double quote in query; close the "phrase"')
    positives: list[str] = []
    negatives: list[str] = []
    pending_or = False
    for match in _TOKEN.finditer(text):
        negate = False
        if match.group("word") is not None:
            word = match.group("word")
            if word == "OR":
                pending_or = bool(positives)
                continue
            if word.startswith("-") and len(word) > 1:
                negate, word = True, word[1:]
            prefix = word.endswith("*")
            word = word.rstrip("*")
            if not _WORDISH.search(word):
                continue
            term = _quoted(word, prefix)
        else:
            phrase = match.group("phrase")
            if not _WORDISH.search(phrase):
                continue
            term = _quoted(phrase, bool(match.group("pstar")))
        if negate:
            negatives.append(term)
        elif pending_or:
            positives[-1] = f"{positives[-1]} OR {term}"
            pending_or = False
        else:
            positives.append(term)
    if len(positives) + len(negatives) > MAX_TERMS:
        raise ValueError(f"too many search terms (at most {MAX_TERMS})")
    if not positives:
        if negatives:
            raise ValueError("a query needs at least one word to look for, not only -exclusions")
        raise ValueError(f"query {user_query!r} has no words to search for")
    expression = " AND ".join(f"({p})" for p in positives)
    for term in negatives:
        expression = f"({expression}) NOT {term}"
    return expression
