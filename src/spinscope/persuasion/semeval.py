"""Read and write the official SemEval-2023 Task 3 layout, for any split and language.

A data folder holds one folder per language (``en``, ``fr``, …), each with, for a
split name such as ``train``, ``dev`` or ``test``::

    {split}-articles-subtask-{1,2,3}/article{ID}.txt   line 1 = title; LINE numbers are 1-based
    {split}-labels-subtask-3.template                   ID<TAB>LINE<TAB>PARAGRAPH TEXT
    {split}-labels-subtask-3.txt                        ID<TAB>LINE<TAB>TECHNIQUE,… (may be empty)
    {split}-labels-subtask-3-spans/article{ID}-labels-subtask-3.txt
                                                        ID<TAB>TECHNIQUE<TAB>START<TAB>END
    {split}-labels-subtask-1.txt                        ID<TAB>GENRE
    {split}-labels-subtask-2.txt                        ID<TAB>FRAME,…

Only the articles are required: test data comes without gold files, so every gold
field is ``None`` when its file is missing. The released files have quirks this
module absorbs, verified on the training data:

- articles mix LF and CRLF line endings, and a few start with a byte-order mark;
  span offsets count both (they index the file's characters as decoded), so
  ``SemEvalArticle.text`` keeps them and ``lines`` drops them;
- in the template, an article's last paragraph is sometimes glued to the next
  article's first row (the article file had no final newline):
  ``…last words.23100<TAB>1<TAB>Title``; such rows are split again;
- the template keeps the BOM of the title line; paragraph texts are taken from
  the article so they always match the offsets;
- span and label files may end lines with CR, or with a tab when the label list is empty;
- some English articles of subtask 1/2 have no genre or frame label (withheld).

Span ends in the non-English training data are often one character short of
the word they close (``…première nécessit`` for ``nécessité``); ``snap_to_words``
repairs that for training a phrase locator, while the scorer keeps the gold as given.
"""

from __future__ import annotations

import os
import re
import tempfile
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from spinscope.persuasion.taxonomy import FRAME_NAMES, GENRE_NAMES, TECHNIQUE_NAMES

if TYPE_CHECKING:
    from spinscope.article import Article

ParagraphKey = tuple[str, int]
"""(article id, 1-based line number): the SemEval unit of subtask 3."""
Span = tuple[str, int, int]
"""(technique, start, end): end exclusive, offsets into ``SemEvalArticle.text``."""

_BOM = "\ufeff"
_ARTICLE_FILE = re.compile(r"^article(?P<id>[^/\\]+?)\.txt$")
_SPAN_FILE = re.compile(r"^article(?P<id>[^/\\]+?)-labels-subtask-3\.txt$")
_SPLIT_ENTRY = re.compile(
    r"^(?P<split>.+?)-(?:articles-subtask-[123]|labels-subtask-[123](?:\.txt|\.template|-spans))$"
)


class SemEvalFormatError(ValueError):
    """A file does not follow the official layout; the message names the file and line."""


@dataclass(frozen=True)
class SemEvalArticle:
    """One article file.

    ``text`` is the file exactly as decoded (BOM and CR kept) because span offsets
    index it; ``lines`` are its lines without BOM or line terminators, ``lines[0]``
    being line 1, the title.
    """

    id: str
    language: str
    path: Path
    text: str
    lines: list[str]
    subtasks: tuple[int, ...] = ()

    @property
    def title(self) -> str:
        return self.lines[0].strip() if self.lines else ""

    @cached_property
    def line_spans(self) -> list[tuple[int, int]]:
        """(start, end) of each line in ``text``, terminators and BOM excluded."""
        return _line_spans(self.text)


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text``; a final newline opens no extra line."""
    spans = []
    pos = 1 if text.startswith(_BOM) else 0
    while True:
        newline = text.find("\n", pos)
        stop = len(text) if newline < 0 else newline
        end = stop
        while end > pos and text[end - 1] == "\r":
            end -= 1
        spans.append((pos, end))
        if newline < 0:
            break
        pos = newline + 1
    if spans[-1][0] == len(text):
        spans.pop()
    return spans


@dataclass(frozen=True)
class SemEvalParagraph:
    """One subtask-3 unit: a line of an article, with its offsets in the article text."""

    article_id: str
    line: int
    text: str
    start: int
    end: int
    language: str = ""

    @property
    def key(self) -> ParagraphKey:
        return (self.article_id, self.line)


@dataclass
class SemEvalLanguage:
    """Everything one language folder holds for one split; gold fields are None when absent."""

    language: str
    directory: Path
    split: str
    articles: list[SemEvalArticle]
    paragraphs: list[SemEvalParagraph]
    techniques: dict[ParagraphKey, list[str]] | None = None
    spans: dict[str, list[Span]] | None = None
    genres: dict[str, str] | None = None
    frames: dict[str, list[str]] | None = None

    @cached_property
    def by_id(self) -> dict[str, SemEvalArticle]:
        return {a.id: a for a in self.articles}

    def article(self, article_id: str) -> SemEvalArticle:
        return self.by_id[article_id]

    def articles_for(self, subtask: int) -> list[SemEvalArticle]:
        """Articles of the ``{split}-articles-subtask-{subtask}`` folder (what to predict)."""
        return [a for a in self.articles if subtask in a.subtasks]


@dataclass
class SemEvalSplit:
    """One split over one or more languages; merged views span every language."""

    name: str
    root: Path
    parts: dict[str, SemEvalLanguage] = field(default_factory=dict)

    def languages(self) -> list[str]:
        return list(self.parts)

    def __getitem__(self, language: str) -> SemEvalLanguage:
        return self.parts[language]

    @property
    def articles(self) -> list[SemEvalArticle]:
        return [a for part in self.parts.values() for a in part.articles]

    @property
    def paragraphs(self) -> list[SemEvalParagraph]:
        return [p for part in self.parts.values() for p in part.paragraphs]

    def _merged(self, name: str) -> dict | None:
        found = [getattr(p, name) for p in self.parts.values() if getattr(p, name) is not None]
        if not found:
            return None
        merged: dict = {}
        for table in found:
            clash = merged.keys() & table.keys()
            if clash:
                raise SemEvalFormatError(
                    f"{self.root}: id {sorted(clash)[0]} appears in two languages of split "
                    f"{self.name!r}; use split[language].{name} instead"
                )
            merged.update(table)
        return merged

    @property
    def techniques(self) -> dict[ParagraphKey, list[str]] | None:
        return self._merged("techniques")

    @property
    def spans(self) -> dict[str, list[Span]] | None:
        return self._merged("spans")

    @property
    def genres(self) -> dict[str, str] | None:
        return self._merged("genres")

    @property
    def frames(self) -> dict[str, list[str]] | None:
        return self._merged("frames")


# ---------------------------------------------------------------- low-level file reading


def _read_text(path: Path, keep_bom: bool = False) -> str:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise SemEvalFormatError(
            f"{path}: not UTF-8 text ({err.reason} at byte {err.start})"
        ) from None
    return text if keep_bom else text.removeprefix(_BOM)


def _rows(path: Path) -> Iterable[tuple[int, str]]:
    """(1-based line number, line without terminator) of the non-blank lines of a file."""
    for number, line in enumerate(_read_text(path).split("\n"), start=1):
        line = line.rstrip("\r")
        if line.strip():
            yield number, line


def _labels(raw: str, allowed: Sequence[str], path: Path, number: int, what: str) -> list[str]:
    labels = [x.strip() for x in raw.split(",") if x.strip()]
    for label in labels:
        if label not in allowed:
            raise SemEvalFormatError(f"{path}:{number}: unknown {what} {label!r}")
    return list(dict.fromkeys(labels))


def _line_number(raw: str, path: Path, number: int) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise SemEvalFormatError(f"{path}:{number}: LINE must be a number, got {raw!r}") from None
    if value < 1:
        raise SemEvalFormatError(f"{path}:{number}: LINE must be 1 or more, got {value}")
    return value


def _put(table: dict, key, value, path: Path, number: int) -> None:
    if key in table:
        raise SemEvalFormatError(f"{path}:{number}: {key} appears twice")
    table[key] = value


# ---------------------------------------------------------------- readers of label files


def read_techniques(
    path: str | os.PathLike[str], labels: Sequence[str] = TECHNIQUE_NAMES
) -> dict[ParagraphKey, list[str]]:
    """Read ``ID<TAB>LINE<TAB>L1,L2`` (gold or predictions); the label field may be empty."""
    path = Path(path)
    table: dict[ParagraphKey, list[str]] = {}
    for number, line in _rows(path):
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0].strip():
            raise SemEvalFormatError(f"{path}:{number}: expected ID<TAB>LINE<TAB>LABELS")
        if len(cols) > 3 and any(c.strip() for c in cols[3:]):
            raise SemEvalFormatError(f"{path}:{number}: too many columns ({len(cols)})")
        key = (cols[0].strip(), _line_number(cols[1], path, number))
        found = _labels(cols[2] if len(cols) > 2 else "", labels, path, number, "technique")
        _put(table, key, found, path, number)
    return table


def read_genres(
    path: str | os.PathLike[str], labels: Sequence[str] = GENRE_NAMES
) -> dict[str, str]:
    """Read ``ID<TAB>GENRE`` (subtask 1, gold or predictions)."""
    path = Path(path)
    table: dict[str, str] = {}
    for number, line in _rows(path):
        cols = [c.strip() for c in line.split("\t")]
        while len(cols) > 2 and not cols[-1]:
            cols.pop()
        if len(cols) != 2 or not cols[0] or not cols[1]:
            raise SemEvalFormatError(f"{path}:{number}: expected ID<TAB>GENRE")
        if cols[1] not in labels:
            raise SemEvalFormatError(f"{path}:{number}: unknown genre {cols[1]!r}")
        _put(table, cols[0], cols[1], path, number)
    return table


def read_frames(
    path: str | os.PathLike[str], labels: Sequence[str] = FRAME_NAMES
) -> dict[str, list[str]]:
    """Read ``ID<TAB>FRAME,FRAME`` (subtask 2, gold or predictions); the list may be empty."""
    path = Path(path)
    table: dict[str, list[str]] = {}
    for number, line in _rows(path):
        cols = line.split("\t")
        if not cols[0].strip() or (len(cols) > 2 and any(c.strip() for c in cols[2:])):
            raise SemEvalFormatError(f"{path}:{number}: expected ID<TAB>FRAMES")
        found = _labels(cols[1] if len(cols) > 1 else "", labels, path, number, "frame")
        _put(table, cols[0].strip(), found, path, number)
    return table


def read_spans(
    path: str | os.PathLike[str],
    labels: Sequence[str] = TECHNIQUE_NAMES,
    article: SemEvalArticle | None = None,
) -> list[tuple[str, str, int, int]]:
    """Read one spans file: ``[(article_id, technique, start, end), …]``, checked against
    the article's length when it is given."""
    path = Path(path)
    spans = []
    for number, line in _rows(path):
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) != 4:
            raise SemEvalFormatError(
                f"{path}:{number}: expected ID<TAB>TECHNIQUE<TAB>START<TAB>END"
            )
        aid, technique, start, end = cols
        if technique not in labels:
            raise SemEvalFormatError(f"{path}:{number}: unknown technique {technique!r}")
        try:
            s, e = int(start), int(end)
        except ValueError:
            raise SemEvalFormatError(f"{path}:{number}: START and END must be numbers") from None
        limit = len(article.text) if article is not None else None
        if not 0 <= s <= e or (limit is not None and e > limit):
            raise SemEvalFormatError(
                f"{path}:{number}: span {s}:{e} outside the article"
                + (f" ({limit} characters)" if limit is not None else "")
            )
        if article is not None and aid != article.id:
            raise SemEvalFormatError(
                f"{path}:{number}: span of article {aid} in {article.id}'s file"
            )
        spans.append((aid, technique, s, e))
    return spans


# ---------------------------------------------------------------- writers


def _write_atomically(path: str | os.PathLike[str], rows: Iterable[str]) -> Path:
    """Write all rows or nothing: a crash never leaves half a prediction file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            for row in rows:
                out.write(row + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _id_order(article_id: str) -> tuple[int, int | str]:
    return (0, int(article_id)) if article_id.isdigit() else (1, article_id)


def _checked(labels: Iterable[str], allowed: Sequence[str], what: str, where: object) -> list[str]:
    labels = list(dict.fromkeys(labels))
    for label in labels:
        if label not in allowed:
            raise ValueError(f"unknown {what} {label!r} for {where}")
    return labels


def _clean_id(article_id: object) -> str:
    text = str(article_id)
    if not text or any(c in text for c in "\t\r\n"):
        raise ValueError(f"article id {text!r} cannot be written in a tab-separated file")
    return text


def write_techniques(
    path: str | os.PathLike[str],
    predictions: Mapping[ParagraphKey, Iterable[str]],
    labels: Sequence[str] = TECHNIQUE_NAMES,
) -> Path:
    """Write subtask-3 predictions, ``ID<TAB>LINE<TAB>L1,L2`` (empty list: ``ID<TAB>LINE<TAB>``)."""
    rows = []
    for (aid, line), found in sorted(
        predictions.items(), key=lambda kv: (_id_order(str(kv[0][0])), int(kv[0][1]))
    ):
        names = _checked(found, labels, "technique", f"article {aid} line {line}")
        rows.append(f"{_clean_id(aid)}\t{int(line)}\t{','.join(names)}")
    return _write_atomically(path, rows)


def write_spans(
    path: str | os.PathLike[str],
    spans: Mapping[str, Iterable[tuple[str, int, int]]],
    labels: Sequence[str] = TECHNIQUE_NAMES,
) -> Path:
    """Write technique spans, ``ID<TAB>TECHNIQUE<TAB>START<TAB>END`` (the span files'
    format, every article in one file; ``read_spans`` reads it back)."""
    rows = []
    for aid, found in sorted(spans.items(), key=lambda kv: _id_order(str(kv[0]))):
        for technique, start, end in sorted(found, key=lambda t: (t[1], t[2], t[0])):
            _checked([technique], labels, "technique", f"article {aid}")
            rows.append(f"{_clean_id(aid)}\t{technique}\t{int(start)}\t{int(end)}")
    return _write_atomically(path, rows)


def write_genres(
    path: str | os.PathLike[str],
    predictions: Mapping[str, str],
    labels: Sequence[str] = GENRE_NAMES,
) -> Path:
    """Write subtask-1 predictions, ``ID<TAB>GENRE``."""
    rows = []
    for aid, genre in sorted(predictions.items(), key=lambda kv: _id_order(str(kv[0]))):
        _checked([genre], labels, "genre", f"article {aid}")
        rows.append(f"{_clean_id(aid)}\t{genre}")
    return _write_atomically(path, rows)


def write_frames(
    path: str | os.PathLike[str],
    predictions: Mapping[str, Iterable[str]],
    labels: Sequence[str] = FRAME_NAMES,
) -> Path:
    """Write subtask-2 predictions, ``ID<TAB>FRAME,FRAME`` (empty list: ``ID<TAB>``)."""
    rows = []
    for aid, found in sorted(predictions.items(), key=lambda kv: _id_order(str(kv[0]))):
        names = _checked(found, labels, "frame", f"article {aid}")
        rows.append(f"{_clean_id(aid)}\t{','.join(names)}")
    return _write_atomically(path, rows)


# ---------------------------------------------------------------- folders and splits


def _split_names(folder: Path) -> set[str]:
    names = set()
    if folder.is_dir():
        for entry in folder.iterdir():
            match = _SPLIT_ENTRY.match(entry.name)
            if match:
                names.add(match["split"])
    return names


def find_splits(data_dir: str | os.PathLike[str]) -> list[str]:
    """Split names present in a data folder (or language folder), e.g. ``['dev', 'train']``."""
    root = Path(data_dir)
    names = _split_names(root)
    if root.is_dir():
        for child in root.iterdir():
            if not _SPLIT_ENTRY.match(child.name):
                names |= _split_names(child)
    return sorted(names)


def find_languages(data_dir: str | os.PathLike[str], split: str = "train") -> dict[str, Path]:
    """Language code → folder holding ``split``; the folder itself when it is a language folder."""
    root = Path(data_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: no such data folder")
    if split in _split_names(root):
        return {root.resolve().name: root}
    return {
        child.name: child
        for child in sorted(root.iterdir())
        if child.is_dir() and split in _split_names(child)
    }


def _read_articles(folder: Path, language: str, split: str) -> list[SemEvalArticle]:
    """Articles of every ``{split}-articles-subtask-N`` folder, each read once."""
    found: dict[str, tuple[Path, list[int]]] = {}
    for subtask in (3, 1, 2):
        directory = folder / f"{split}-articles-subtask-{subtask}"
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            match = _ARTICLE_FILE.match(path.name)
            if not match or not path.is_file():
                continue
            found.setdefault(match["id"], (path, []))[1].append(subtask)
    articles = []
    for aid, (path, subtasks) in sorted(found.items(), key=lambda kv: _id_order(kv[0])):
        text = _read_text(path, keep_bom=True)
        lines = [text[start:end] for start, end in _line_spans(text)]
        articles.append(SemEvalArticle(aid, language, path, text, lines, tuple(sorted(subtasks))))
    return articles


def _split_glued(
    glued: str, previous: str | None, next_line: str, known: Mapping[str, SemEvalArticle]
) -> tuple[str, str]:
    """Split ``'…last words.23100'`` into (text, next id).

    The previous paragraph's text, read from its article, says where the id
    starts even when the text itself ends with digits; without it, the longest
    run of trailing digits naming a known article with that line wins.
    """
    bare = glued.removeprefix(_BOM)
    if previous is not None and bare.startswith(previous) and bare[len(previous) :].isdigit():
        return previous, bare[len(previous) :]
    digits = len(glued) - len(glued.rstrip("0123456789"))
    if digits == 0:
        raise ValueError("no article id at the end of the field")
    line = int(next_line) if next_line.strip().isdigit() else 0
    for k in range(digits, 0, -1):
        article = known.get(glued[-k:])
        if article is not None and 0 < line <= len(article.lines):
            return glued[:-k], glued[-k:]
    return glued[:-digits], glued[-digits:]


def _read_template(
    path: Path, articles: Mapping[str, SemEvalArticle]
) -> list[tuple[ParagraphKey, str, int]]:
    """Rows ``((id, line), text, file line)`` of a template, glued rows split again."""
    rows = []
    for number, raw in _rows(path):
        cols = raw.split("\t")
        if len(cols) < 3 or (len(cols) - 3) % 2:
            raise SemEvalFormatError(f"{path}:{number}: expected ID<TAB>LINE<TAB>TEXT")
        aid, line = cols[0].strip(), cols[1]
        rest = cols[2:]
        while True:
            key = (aid, _line_number(line, path, number))
            if len(rest) == 1:
                rows.append((key, rest[0], number))
                break
            article = articles.get(key[0])
            previous = (
                article.lines[key[1] - 1] if article and key[1] <= len(article.lines) else None
            )
            try:
                text, next_id = _split_glued(rest[0], previous, rest[1], articles)
            except ValueError:
                raise SemEvalFormatError(
                    f"{path}:{number}: a paragraph text contains a tab and no article id"
                ) from None
            rows.append((key, text, number))
            aid, line, rest = next_id, rest[1], rest[2:]
    return rows


def _paragraph(article: SemEvalArticle, line: int, where: str) -> SemEvalParagraph:
    if not 1 <= line <= len(article.lines):
        raise SemEvalFormatError(
            f"{where}: article {article.id} has {len(article.lines)} lines, no line {line}"
        )
    start, end = article.line_spans[line - 1]
    return SemEvalParagraph(article.id, line, article.lines[line - 1], start, end, article.language)


def _paragraphs(
    folder: Path,
    split: str,
    articles: Mapping[str, SemEvalArticle],
    techniques: dict[ParagraphKey, list[str]] | None,
) -> list[SemEvalParagraph]:
    """The units to label: the template's rows, else the labelled rows, else every
    non-blank line of the subtask-3 articles."""
    template = folder / f"{split}-labels-subtask-3.template"
    labels_path = folder / f"{split}-labels-subtask-3.txt"

    def article_of(aid: str, where: str) -> SemEvalArticle:
        if aid not in articles:
            raise SemEvalFormatError(
                f"{where}: article {aid} has no file in {split}-articles-subtask-3/"
            )
        return articles[aid]

    if template.is_file():
        result, mismatched, seen = [], 0, set()
        for key, text, number in _read_template(template, articles):
            where = f"{template}:{number}"
            if key in seen:
                raise SemEvalFormatError(f"{where}: article {key[0]} line {key[1]} appears twice")
            seen.add(key)
            paragraph = _paragraph(article_of(key[0], where), key[1], where)
            if text.strip().removeprefix(_BOM) != paragraph.text.strip().removeprefix(_BOM):
                mismatched += 1
            result.append(paragraph)
        if mismatched:
            warnings.warn(
                f"{template}: {mismatched} paragraph(s) differ from their article line; "
                "the article text is used",
                stacklevel=3,
            )
        return result
    if techniques is not None:
        return [
            _paragraph(article_of(aid, str(labels_path)), line, str(labels_path))
            for aid, line in sorted(techniques, key=lambda k: (_id_order(k[0]), k[1]))
        ]
    return [p for article in articles.values() for p in line_units(article)]


def line_units(article: SemEvalArticle) -> list[SemEvalParagraph]:
    """Every non-blank line of an article as a unit, the title (line 1) included: how an
    article the subtask-3 files do not list (one of subtask 1 or 2 only) is read."""
    return [
        _paragraph(article, number, str(article.path))
        for number, text in enumerate(article.lines, start=1)
        if text.strip()
    ]


def _read_spans_folder(
    directory: Path, articles: Mapping[str, SemEvalArticle]
) -> dict[str, list[Span]] | None:
    """Gold spans of the articles that have a spans file (the official release gives
    every article one, empty where nothing is marked). An article without a file is
    left out rather than read as unmarked, so a partial folder scores only what it
    holds; a folder with no file at all holds no span gold (None)."""
    spans: dict[str, list[Span]] = {}
    for path in sorted(directory.iterdir()):
        match = _SPAN_FILE.match(path.name)
        if not match or not path.is_file():
            continue
        aid = match["id"]
        if aid not in articles:
            raise SemEvalFormatError(f"{path}: article {aid} has no file in the articles folder")
        spans[aid] = [(t, s, e) for _, t, s, e in read_spans(path, article=articles[aid])]
    return spans or None


def load_language(
    folder: str | os.PathLike[str], split: str = "train", language: str = ""
) -> SemEvalLanguage:
    """Read one language folder's files for ``split``; missing gold files give None."""
    folder = Path(folder)
    language = language or folder.resolve().name
    articles = _read_articles(folder, language, split)
    if not articles:
        raise SemEvalFormatError(f"{folder}: no article files in {split}-articles-subtask-N/")
    by_id = {a.id: a for a in articles}
    subtask3 = {a.id: a for a in articles if 3 in a.subtasks}

    def optional(name: str, reader):
        path = folder / name
        return reader(path) if path.is_file() else None

    techniques = optional(f"{split}-labels-subtask-3.txt", read_techniques)
    if techniques is not None:
        for aid, _line in techniques:
            if aid not in subtask3:
                raise SemEvalFormatError(
                    f"{folder / f'{split}-labels-subtask-3.txt'}: article {aid} has no file in "
                    f"{split}-articles-subtask-3/"
                )
    spans_dir = folder / f"{split}-labels-subtask-3-spans"
    spans = _read_spans_folder(spans_dir, subtask3) if spans_dir.is_dir() else None
    genres = optional(f"{split}-labels-subtask-1.txt", read_genres)
    frames = optional(f"{split}-labels-subtask-2.txt", read_frames)
    for table, name in ((genres, "1"), (frames, "2")):
        missing = sorted(set(table or ()) - by_id.keys(), key=_id_order)
        if missing:
            raise SemEvalFormatError(
                f"{folder / f'{split}-labels-subtask-{name}.txt'}: article {missing[0]} has no "
                "file in the articles folders"
            )
    return SemEvalLanguage(
        language=language,
        directory=folder,
        split=split,
        articles=articles,
        paragraphs=_paragraphs(folder, split, subtask3, techniques),
        techniques=techniques,
        spans=spans,
        genres=genres,
        frames=frames,
    )


def load_split(
    data_dir: str | os.PathLike[str],
    split: str = "train",
    languages: Iterable[str] | None = None,
) -> SemEvalSplit:
    """Read ``split`` for every language folder of ``data_dir`` (or ``data_dir`` itself when
    it is a language folder), optionally only ``languages``."""
    root = Path(data_dir)
    folders = find_languages(root, split)
    if not folders:
        available = find_splits(root)
        raise FileNotFoundError(
            f"{root}: no split {split!r} (no {split}-articles-subtask-N folder)"
            + (f"; splits found: {', '.join(available)}" if available else "")
        )
    if languages is not None:
        wanted = list(dict.fromkeys(languages))
        unknown = [code for code in wanted if code not in folders]
        if unknown:
            raise FileNotFoundError(
                f"{root}: no {split!r} data for language(s) {', '.join(unknown)}; "
                f"found: {', '.join(folders)}"
            )
        folders = {code: folders[code] for code in wanted}
    return SemEvalSplit(
        name=split,
        root=root,
        parts={code: load_language(path, split, code) for code, path in folders.items()},
    )


# ---------------------------------------------------------------- helpers for the models


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``start:end`` so it neither starts nor ends inside a word.

    Repairs the annotation tool's habit, in the non-English data, of stopping one
    character before the end of a span's last word; use it on training targets,
    not on the gold handed to the scorer.
    """
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def to_article(document: SemEvalArticle, paragraphs: Sequence[SemEvalParagraph]) -> Article:
    """A spinscope ``Article`` whose body is the file text (span offsets unchanged) and
    whose paragraph ``index`` i is ``paragraphs[i]`` (map findings back with it)."""
    from spinscope.article import Article, Paragraph

    parts = []
    for index, p in enumerate(paragraphs):
        if p.article_id != document.id:
            raise ValueError(f"paragraph of article {p.article_id} given for {document.id}")
        parts.append(Paragraph(start=p.start, end=p.end, index=index))
    return Article(
        title=document.title,
        body=document.text,
        language=document.language or None,
        paragraphs=tuple(parts),
        origin=str(document.path),
        reader="semeval",
    )
