"""Everyday words that are also a town's name: « Kinder » before Granite City.

The rule-based NER reads any capitalised word that GeoNames knows as a town (German
capitalises every noun; headlines and sentence starts capitalise anything). The list
holds, per language, the frequent words that collide with a town's name or alternate
name; ``scripts/build_common_town_words.py`` rebuilds it from wordfreq (CC BY-SA 4.0).
``everyday_not_town`` decides, for the entities stage, when such a word is no place.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from spinscope.extract.gazetteer import Gazetteer
from spinscope.extract.lexicon import MONTHS, WEEKDAYS
from spinscope.extract.text import name_key


def _by_language(filename: str) -> dict[str, frozenset[str]]:
    """A bundled ``language,word`` CSV (``#`` lines are comments) as name keys per language."""
    path = resources.files("spinscope") / "data" / filename
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    by_language: dict[str, set[str]] = {}
    for row in csv.DictReader(lines):
        by_language.setdefault(row["language"], set()).add(name_key(row["word"]))
    return {language: frozenset(words) for language, words in by_language.items()}


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    return _by_language("common_town_words.csv")


@lru_cache(maxsize=1)
def _never_towns() -> dict[str, frozenset[str]]:
    return _by_language("never_towns.csv")


def never_town(word: str, language: str | None) -> bool:
    """A common word of ``language`` that no town explains, however large (``never_towns.csv``:
    « Länder » is the German states, not Lander in Venezuela)."""
    return name_key(word) in _never_towns().get(language or "", frozenset())


def everyday_word(word: str, language: str | None) -> bool:
    """Whether ``word`` is a frequent word of ``language`` or of English (news in every
    language borrows "Google", "Time", "Police") that some town is also called."""
    key = name_key(word)
    words = _words()
    return key in words.get(language or "", frozenset()) or key in words.get("en", frozenset())


_CALENDAR = re.compile(
    "^(?:"
    + "|".join(p for table in (MONTHS, WEEKDAYS) for ps in table.values() for p in ps)
    + ")$",
    re.IGNORECASE,
)


def calendar_word(word: str) -> bool:
    """A month or weekday in a pipeline language ("March", « Mai », « Maggio »): never a
    town, though March (GB) and Mai (KE) are."""
    return bool(_CALENDAR.match(word.strip()))


LARGE_TOWN = 100_000  # answers an everyday word by its name (« Francfort »), see below
# Where each pipeline language is an official language (for ``everyday_not_town``).
LANGUAGE_COUNTRIES: dict[str, frozenset[str]] = {
    "fr": frozenset({"FR", "BE", "CH", "LU", "MC", "CA"}),
    "en": frozenset({"US", "GB", "IE", "CA", "AU", "NZ"}),
    "de": frozenset({"DE", "AT", "CH", "LI", "LU"}),
    "it": frozenset({"IT", "CH", "SM", "VA"}),
    "pl": frozenset({"PL"}),
    "ru": frozenset({"RU", "BY", "KZ", "KG"}),
    "es": frozenset({"ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "BO", "UY", "PY", "CU"}),
}


def everyday_not_town(surface: str, language: str | None, gaz: Gazetteer) -> bool:
    """A one-word place name that is also an everyday word, when only a small foreign town
    bears it (« Kinder »: Granite City, US, in a German text). A country, region or site,
    a town of 100,000 (« Francfort », « Straßburg »), or a town where the article's
    language is spoken (« Mantova », « Ostia » in Italian) still explains it."""
    if " " in surface or surface.isupper():
        return False
    if calendar_word(surface) or never_town(surface, language):
        return True
    if not everyday_word(surface, language):
        return False
    home = LANGUAGE_COUNTRIES.get(language or "", frozenset())
    return not any(
        c.feature != "city" or c.population >= LARGE_TOWN or c.country in home
        for c in gaz.candidates(surface)
    )
