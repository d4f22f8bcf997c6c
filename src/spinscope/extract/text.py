"""Small text helpers shared by the extract stages: folding and name keys.

Names arrive spelt many ways ("Hassaké", "Hasake", "al-Hasakah"); every lookup
goes through one key function so the gazetteer, the alias table and the
grouping agree on what "the same spelling" means.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "ʻ": "'", "ʿ": "'", "ʾ": "'"})
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_'./]+")
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ad-d|ed|es|et)\s+")


def fold(text: str) -> str:
    """Lowercase without diacritics (é→e, ł→l, й→и), apostrophes unified."""
    text = text.translate(_APOSTROPHES).replace("ł", "l").replace("Ł", "L")
    if text.isascii():  # most names: nothing to decompose (the gazetteer folds 380,000)
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_key(name: str) -> str:
    """The lookup key of a name: folded, separators and apostrophes turned to spaces."""
    return _SEPARATORS.sub(" ", fold(name)).strip()


def key_variants(key: str) -> list[str]:
    """The key, then the key without or with a leading Arabic article ("al-Tanf" ~ "Tanf")."""
    variants = [key]
    stripped = _ARABIC_ARTICLE.sub("", key)
    if stripped != key and len(stripped) >= 3:
        variants.append(stripped)
    elif stripped == key:
        variants.append("al " + key)
    return variants


# Spellings that French and English romanisations of Arabic, Persian or Kurdish names trade
# (« Hachd » / "Hashd", « Djebel » / "Jebel", « Irak » / "Iraq").
_DIGRAPHS = (("ch", "sh"), ("dj", "j"), ("q", "k"))
_DOUBLED = re.compile(r"(.)\1")
_VOWELS = re.compile(r"[aeiouy]")


def consonant_skeleton(name: str) -> str:
    """The consonants of a name, the way romanisations of one Arabic name agree on them:
    « Salaheddine » and "Salah ad-Din" are both "slhdn", « Babel » and "Bābil" "bbl",
    « Mossoul » and "Mosul" "msl" (a leading article dropped, a doubled letter as one)."""
    key = _ARABIC_ARTICLE.sub("", name_key(name)).replace(" ", "")
    for written, shared in _DIGRAPHS:
        key = key.replace(written, shared)
    return _VOWELS.sub("", _DOUBLED.sub(r"\1", key))


def is_acronym(text: str) -> bool:
    """ "FDS", "ISIS", "U.S.": short, all capitals (dots allowed)."""
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


def clean_spaces(text: str) -> str:
    """Collapse runs of whitespace (non-breaking spaces included) into one space."""
    return re.sub(r"\s+", " ", text).strip()
