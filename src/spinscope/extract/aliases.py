"""The alias table: the names one real-world entity goes by, in several languages.

A CSV file (``canonical,type,aliases`` with aliases separated by ``|``) ships in
``spinscope/data/aliases.csv``; users add their own files through the
``SPINSCOPE_ALIASES`` environment variable (paths separated by ``os.pathsep``) or
the ``paths`` argument, and their rows win. Acronyms (FDS, EI) match
case-sensitively, everything else matches regardless of case and accents, but a
capitalised alias only matches capitalised text ("Trump", not "trump").
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process

from spinscope.extract.text import is_acronym, name_key

ENTITY_TYPES = ("person", "organisation", "place", "other")
ENV_VAR = "SPINSCOPE_ALIASES"


class AliasFileError(ValueError):
    """A user alias file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class AliasEntry:
    canonical: str
    type: str
    aliases: tuple[str, ...]
    origin: str = field(default="", compare=False)


def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFKD", char)[0].lower()
    return {"ł": "l", "’": "'", "‘": "'"}.get(base, base)[0]


def fold_same_length(text: str) -> str:
    """Lowercase, accents removed, one character out for one character in (offsets hold)."""
    return "".join(_fold_char(c) for c in text)


def _read_rows(path: Path) -> Iterable[tuple[int, list[str]]]:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise AliasFileError(f"{path}: cannot read alias file ({exc.strerror})") from None
    with handle:
        lines = (line for line in handle)
        for number, row in enumerate(csv.reader(lines), start=1):
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            yield number, row


def read_alias_file(path: str | Path) -> list[AliasEntry]:
    """Entries of one alias CSV, or :class:`AliasFileError` naming the bad line."""
    path = Path(path)
    entries: list[AliasEntry] = []
    for number, row in _read_rows(path):
        if [c.strip().lower() for c in row[:3]] == ["canonical", "type", "aliases"]:
            continue
        if len(row) < 3:
            raise AliasFileError(
                f"{path}:{number}: expected 3 columns canonical,type,aliases, got {len(row)}"
            )
        canonical, kind, aliases = (c.strip() for c in row[:3])
        if not canonical:
            raise AliasFileError(f"{path}:{number}: empty canonical name")
        if kind not in ENTITY_TYPES:
            raise AliasFileError(
                f"{path}:{number}: type {kind!r} is not one of {', '.join(ENTITY_TYPES)}"
            )
        names = [a.strip() for a in aliases.split("|") if a.strip()]
        unique = tuple(dict.fromkeys([canonical, *names]))
        entries.append(AliasEntry(canonical, kind, unique, origin=f"{path}:{number}"))
    return entries


def bundled_alias_path() -> Path:
    return Path(str(resources.files("spinscope") / "data" / "aliases.csv"))


def user_alias_paths() -> list[Path]:
    value = os.environ.get(ENV_VAR, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


class AliasTable:
    """Lookups from any alias to its entry, and a scanner that finds aliases in text."""

    def __init__(self, entries: Sequence[AliasEntry]):
        self.entries = list(entries)
        self._exact: dict[str, AliasEntry] = {}  # acronyms, case-sensitive
        self._folded: dict[str, AliasEntry] = {}
        for entry in self.entries:  # later entries (user files) win
            for alias in entry.aliases:
                if is_acronym(alias):
                    self._exact[alias] = entry
                else:
                    self._folded[name_key(alias)] = entry
        self._persons = [e for e in self.entries if e.type == "person"]
        self._long_keys = [k for k in self._folded if len(k) >= 8 and " " in k]
        self._scanner = self._build_scanner()

    def _build_scanner(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        acronyms = sorted(self._exact, key=len, reverse=True)
        names = sorted(
            {fold_same_length(a) for e in self.entries for a in e.aliases if not is_acronym(a)},
            key=len,
            reverse=True,
        )

        def compile_(items: list[str], flags: int = 0) -> re.Pattern[str] | None:
            if not items:
                return None
            body = "|".join(re.escape(i).replace(r"\ ", r"[\s\-]+") for i in items)
            return re.compile(rf"(?<![\w\-])(?:{body})(?![\w\-])", flags)

        return compile_(acronyms), compile_(names)

    def lookup(self, name: str) -> AliasEntry | None:
        """The entry whose alias is ``name`` (acronyms exactly, other names by key)."""
        name = name.strip()
        if name in self._exact:
            return self._exact[name]
        return self._folded.get(name_key(name))

    def scan(self, text: str) -> list[tuple[int, int, AliasEntry]]:
        """Non-overlapping (start, end, entry) for every alias found in ``text``."""
        found: list[tuple[int, int, AliasEntry]] = []
        acronyms, names = self._scanner
        if names is not None:
            folded = fold_same_length(text)
            for m in names.finditer(folded):
                surface = text[m.start() : m.end()]
                entry = self._folded.get(name_key(surface))
                if entry is None:
                    continue
                alias_initial_upper = any(
                    name_key(a) == name_key(surface) and a[:1].isupper() for a in entry.aliases
                )
                lower_alias_exists = any(
                    name_key(a) == name_key(surface) and a[:1].islower() for a in entry.aliases
                )
                if alias_initial_upper and not lower_alias_exists and not surface[:1].isupper():
                    continue
                found.append((m.start(), m.end(), entry))
        if acronyms is not None:
            for m in acronyms.finditer(text):
                found.append((m.start(), m.end(), self._exact[m.group(0)]))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        result: list[tuple[int, int, AliasEntry]] = []
        last_end = -1
        for start, end, entry in found:
            if start >= last_end:
                result.append((start, end, entry))
                last_end = end
        return result

    def fuzzy_lookup(self, name: str, threshold: float = 92.0) -> AliasEntry | None:
        """An entry with a near spelling of a multi-word ``name`` ("Maison Banche")."""
        key = name_key(name)
        if len(key) < 8 or " " not in key:
            return None
        match = process.extractOne(key, self._long_keys, scorer=fuzz.ratio, score_cutoff=threshold)
        return self._folded[match[0]] if match else None

    def fuzzy_person(self, name: str, threshold: float = 90.0) -> AliasEntry | None:
        """A person entry whose full-name alias is a near spelling of ``name`` (two words+)."""
        key = name_key(name)
        if len(key.split()) < 2:
            return None
        best, best_score = None, threshold
        for entry in self._persons:
            for alias in entry.aliases:
                alias_key = name_key(alias)
                if len(alias_key.split()) < 2:
                    continue
                score = fuzz.ratio(key, alias_key)
                if score >= best_score:
                    best, best_score = entry, score
        return best


def load_alias_table(paths: Sequence[str | Path] | None = None) -> AliasTable:
    """The bundled table, then ``SPINSCOPE_ALIASES`` files, then ``paths`` (later wins)."""
    files = [bundled_alias_path(), *user_alias_paths(), *[Path(p) for p in paths or ()]]
    return _load(tuple((str(f), f.stat().st_mtime if f.exists() else 0.0) for f in files))


@lru_cache(maxsize=8)
def _load(files: tuple[tuple[str, float], ...]) -> AliasTable:
    entries: list[AliasEntry] = []
    for f, _ in files:
        entries.extend(read_alias_file(f))
    return AliasTable(entries)
