"""Entity and place precision/recall on hand-annotated paragraphs, and stage throughput.

The annotation format and rules are in ``data/annotations/extract/GUIDELINES.md``. Two sets
are scored separately: paragraphs written by the developers (an upper bound: the same
people wrote the alias table) and paragraphs taken from real news articles (the honest
figure). Scoring is split from extraction (``score_paragraph``) so it can be checked on
hand-made cases without the models.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spinscope.article import Article, Entity, Place
from spinscope.extract.entities import extract_entities
from spinscope.extract.places import distance_km, resolve_places

PLACE_KM = 25.0
TYPES = ("person", "organisation", "place")
ALL = "all"
UNTYPED = "untyped"  # mention boundaries right, whatever the type


class AnnotationError(ValueError):
    """An annotation file that cannot be used; the message names the file and line."""


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class PointCounts:
    """Gold places with coordinates: how many were found, and placed within ``PLACE_KM``."""

    total: int = 0
    found: int = 0
    within: int = 0


@dataclass
class Report:
    paragraphs: int = 0
    characters: int = 0
    seconds: float = 0.0
    entities: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    places: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    points: dict[str, PointCounts] = field(default_factory=lambda: defaultdict(PointCounts))
    per_language: Counter[str] = field(default_factory=Counter)  # paragraphs
    other_predicted: int = 0  # names typed "other": not in the typed scores
    other_matching: int = 0  # ... whose text is an annotated name
    errors: list[str] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return self.paragraphs / self.seconds if self.seconds else 0.0

    @property
    def chars_per_second(self) -> float:
        return self.characters / self.seconds if self.seconds else 0.0


def _check_row(row: object, where: str) -> dict:
    if not isinstance(row, dict):
        raise AnnotationError(f"{where}: not a JSON object")
    for key in ("id", "language", "text", "entities", "places"):
        if key not in row:
            raise AnnotationError(f"{where}: missing {key!r}")
    text = row["text"]
    mentions: Counter[str] = Counter()
    for item in row["entities"]:
        if not isinstance(item, list) or len(item) not in (2, 3) or item[1] not in TYPES:
            raise AnnotationError(
                f"{where}: entity {item!r} is not [mention, type(, canonical)] "
                f"with a type among {', '.join(TYPES)}"
            )
        mentions[item[0]] += 1
    for mention, count in mentions.items():
        if text.count(mention) < count:
            raise AnnotationError(
                f"{where}: entity {mention!r} listed {count} times, found "
                f"{text.count(mention)} times in the text"
            )
    for place in row["places"]:
        located = isinstance(place, dict) and "latitude" in place and "longitude" in place
        if not isinstance(place, dict) or not (located or place.get("country")):
            raise AnnotationError(f"{where}: place {place!r} has neither coordinates nor country")
        if place.get("text") not in mentions:
            raise AnnotationError(f"{where}: place {place.get('text')!r} is not an entity")
    return row


def read_annotations(path: str | Path, split: str | None = None) -> list[dict]:
    """The annotated paragraphs of a JSONL file (only those of ``split`` when given)."""
    path = Path(path)
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AnnotationError(f"{path}:{number}: not JSON ({exc.msg})") from None
        row = _check_row(row, f"{path}:{number}")
        if split is None or row.get("split") == split:
            rows.append(row)
    return rows


def _answer(place: Place) -> bool:
    """Whether the system committed to an identity: ambiguous places are abstentions."""
    return place.status == "resolved" or (place.status == "unknown" and bool(place.country))


def _place_correct(gold: dict, place: Place) -> bool:
    """Points within PLACE_KM; countries and regions by their country code."""
    if "latitude" in gold:
        return (
            place.status == "resolved"
            and place.latitude is not None
            and distance_km(place.latitude, place.longitude, gold["latitude"], gold["longitude"])
            <= PLACE_KM
        )
    return _answer(place) and place.country == gold["country"]


def _describe(place: Place | None) -> str:
    if place is None:
        return "not found"
    where = f" {place.latitude:.2f},{place.longitude:.2f}" if place.latitude is not None else ""
    return f"{place.status} {place.gazetteer_name or place.name} {place.country or '?'}{where}"


def score_paragraph(
    report: Report, row: dict, entities: Sequence[Entity], places: Sequence[Place]
) -> None:
    """Add one paragraph's predicted entities and places to ``report``."""
    pid, keys = row["id"], (ALL, row["language"])
    report.paragraphs += 1
    report.per_language[row["language"]] += 1
    predicted = Counter((m.text, e.type) for e in entities if e.type in TYPES for m in e.mentions)
    gold = Counter((item[0], item[1]) for item in row["entities"])
    hit, extra, missed = predicted & gold, predicted - gold, gold - predicted
    for key in keys:
        c = report.entities[key]
        c.tp, c.fp, c.fn = c.tp + hit.total(), c.fp + extra.total(), c.fn + missed.total()
    for kind in TYPES:
        c = report.entities[kind]
        c.tp += sum(n for (_, k), n in hit.items() if k == kind)
        c.fp += sum(n for (_, k), n in extra.items() if k == kind)
        c.fn += sum(n for (_, k), n in missed.items() if k == kind)
    # untyped: every predicted name, those the extractor left as "other" included
    p_text = Counter(m.text for e in entities for m in e.mentions)
    g_text = Counter(t for t, _ in gold.elements())
    others = Counter(m.text for e in entities if e.type not in TYPES for m in e.mentions)
    report.other_predicted += others.total()
    report.other_matching += (others & g_text).total()
    c = report.entities[UNTYPED]
    c.tp += (p_text & g_text).total()
    c.fp += (p_text - g_text).total()
    c.fn += (g_text - p_text).total()
    for (text, kind), n in sorted(extra.items()):
        report.errors.append(f"{pid}: extra {kind} {text!r}" + (f" ×{n}" if n > 1 else ""))
    for (text, kind), n in sorted(missed.items()):
        report.errors.append(f"{pid}: missed {kind} {text!r}" + (f" ×{n}" if n > 1 else ""))

    by_text = {m.text: p for p in places for m in p.mentions}
    gold_places = {g["text"]: g for g in row["places"]}
    place_entities = {item[0] for item in row["entities"] if item[1] == "place"}
    for g in gold_places.values():
        got = by_text.get(g["text"])
        ok = got is not None and _place_correct(g, got)
        for key in keys:
            report.places[key].tp += ok
            report.places[key].fn += not ok
            if "latitude" in g:
                report.points[key].total += 1
                report.points[key].found += got is not None and got.status == "resolved"
                report.points[key].within += ok
        if not ok:
            report.errors.append(f"{pid}: place {g['text']!r} → {_describe(got)}")
    for text, place in by_text.items():
        if not _answer(place):
            continue
        if text in gold_places:
            wrong = not _place_correct(gold_places[text], place)
        else:
            # a place the annotators did not list: wrong unless it is an unlisted place
            # entity (continent, historical state), which no place list can score
            wrong = text not in place_entities
            if wrong:
                report.errors.append(f"{pid}: extra place {text!r} → {_describe(place)}")
        if wrong:
            for key in keys:
                report.places[key].fp += 1


def evaluate(rows: Iterable[dict]) -> Report:
    """Score extract_entities + resolve_places against the annotated rows."""
    report = Report()
    for row in rows:
        article = Article(title="", body=row["text"], language=row["language"])
        started = time.perf_counter()
        entities, _ = extract_entities(article)
        places = resolve_places(entities)
        report.seconds += time.perf_counter() - started
        report.characters += len(row["text"])
        score_paragraph(report, row, entities, places)
    return report


def _pr(c: Counts) -> str:
    return f"{c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f}"


def format_section(report: Report, title: str, note: str = "", errors: int = 0) -> list[str]:
    """One set's Markdown: scores overall and per language, per entity type, its errors."""
    lines = [f"## {title}", ""] + ([note, ""] if note else [])
    lines += [
        "| scope | paragraphs | entity P | entity R | entity F1 | place P | place R | place F1 "
        "| points ≤ 25 km |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for key in (ALL, *sorted(report.per_language)):
        n = report.paragraphs if key == ALL else report.per_language[key]
        pt = report.points[key]
        points = f"{pt.within}/{pt.total} (found {pt.found})" if pt.total else "–"
        lines.append(
            f"| {key} | {n} | {_pr(report.entities[key])} | {_pr(report.places[key])} | {points} |"
        )
    lines += ["", "| entity type | gold | P | R | F1 |", "| --- | --- | --- | --- | --- |"]
    for kind in (*TYPES, UNTYPED):
        c = report.entities[kind]
        lines.append(f"| {kind} | {c.tp + c.fn} | {_pr(c)} |")
    lines.append(
        f"| other (not scored above) | – | {report.other_predicted} predicted, "
        f"{report.other_matching} of them an annotated name | | |"
    )
    pt = report.points[ALL]
    if pt.total:
        share = f"{pt.within / pt.found:.3f}" if pt.found else "–"
        lines += [
            "",
            f"Places with known coordinates: {pt.total}; resolved to a point: {pt.found}; "
            f"within {PLACE_KM:.0f} km of the annotated point: {pt.within} "
            f"(accuracy {pt.within / pt.total:.3f} of all, {share} of those resolved).",
        ]
    if errors:
        shown = report.errors[:errors]
        lines += ["", f"Errors ({len(shown)} of {len(report.errors)}):", ""]
        lines += [f"- {e}" for e in shown]
    return lines + [""]


def _header(command: str) -> list[str]:
    import platform

    return [
        "# Extract: entities and places",
        "",
        f"Command: `{command}`  ",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at start, {platform.python_implementation()} "
        f"{platform.python_version()}",
        "",
        "Entities: exact mention text and type, counted per occurrence; names the extractor "
        "typed `other` count only in `untyped` (mention text alone, any type). "
        "Places: a city or site is right when resolved within 25 km of the annotated point; a "
        "country or region when the answer names the right country (ambiguous = no answer). "
        "Rules: `data/annotations/extract/GUIDELINES.md`.",
        "",
    ]


def _throughput(report: Report, label: str) -> str:
    return (
        f"- {label}: {report.throughput:.1f} paragraphs/s, {report.chars_per_second:,.0f} "
        f"characters/s ({report.paragraphs} paragraphs, {report.seconds:.2f} s)"
    )


def format_report(report: Report, command: str) -> str:
    """The Markdown report of one annotation file."""
    lines = _header(command) + format_section(report, "Scores", errors=40)
    lines += ["Throughput (entities + places, models already loaded):", ""]
    lines += [_throughput(report, "this set"), ""]
    return "\n".join(lines)


def format_sets(sets: Sequence[tuple[str, str, Report]], command: str, errors: int = 0) -> str:
    """The Markdown of several sets, (title, note, report) each, the first being the headline.

    Only the headline set lists its errors: the others are either part of it or the
    developers' own set, whose errors say little about real text.
    """
    lines = _header(command)
    for number, (title, note, report) in enumerate(sets):
        lines += format_section(report, title, note, errors if number == 0 else 0)
    lines += [
        "## Throughput",
        "",
        "Entities + places, models already loaded, one process (best of the runs timed):",
        "",
    ]
    lines += [_throughput(report, title) for title, _, report in sets]
    return "\n".join(lines + [""])


def warm_up(languages: Iterable[str] = ("fr", "en", "de", "ru")) -> None:
    """Load the models once so the throughput measures the stage, not the loading."""
    for lang in languages:
        entities, _ = extract_entities(Article(title="", body="Paris et Berlin.", language=lang))
        resolve_places(entities)
