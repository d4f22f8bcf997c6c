"""Entity and place precision/recall on hand-annotated paragraphs, and stage throughput.

The annotation format and rules are in ``data/annotations/extract/GUIDELINES.md``.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spinscope.article import Article
from spinscope.extract.entities import extract_entities
from spinscope.extract.places import distance_km, resolve_places

PLACE_KM = 25.0
TYPES = ("person", "organisation", "place")


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
class Report:
    paragraphs: int = 0
    seconds: float = 0.0
    entities: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    places: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    errors: list[str] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return self.paragraphs / self.seconds if self.seconds else 0.0


def read_annotations(path: str | Path) -> list[dict]:
    path = Path(path)
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AnnotationError(f"{path}:{number}: not JSON ({exc.msg})") from None
        for key in ("id", "language", "text", "entities", "places"):
            if key not in row:
                raise AnnotationError(f"{path}:{number}: missing {key!r}")
        rows.append(row)
    return rows


def _place_correct(gold: dict, place) -> bool:
    if place.status != "resolved":
        return False
    if "country" in gold:
        return place.country == gold["country"]
    return distance_km(place.latitude, place.longitude, gold["latitude"], gold["longitude"]) <= (
        PLACE_KM
    )


def evaluate(rows: Iterable[dict]) -> Report:
    """Score extract_entities + resolve_places against the annotated rows."""
    report = Report()
    for row in rows:
        article = Article(title="", body=row["text"], language=row["language"])
        started = time.perf_counter()
        entities, _ = extract_entities(article)
        places = resolve_places(entities)
        report.seconds += time.perf_counter() - started
        report.paragraphs += 1
        lang = row["language"]
        predicted = Counter(
            (m.text, e.type) for e in entities if e.type in TYPES for m in e.mentions
        )
        gold = Counter((text, kind) for text, kind in row["entities"])
        for key in ("all", lang):
            c = report.entities[key]
            c.tp += sum((predicted & gold).values())
            c.fp += sum((predicted - gold).values())
            c.fn += sum((gold - predicted).values())
        by_text = {m.text: p for p in places for m in p.mentions}
        gold_texts = {g["text"] for g in row["places"]}
        for g in row["places"]:
            ok = g["text"] in by_text and _place_correct(g, by_text[g["text"]])
            for key in ("all", lang):
                report.places[key].tp += ok
                report.places[key].fn += not ok
            if not ok:
                got = by_text.get(g["text"])
                report.errors.append(
                    f"{row['id']}: place {g['text']!r} → "
                    + (f"{got.status} {got.gazetteer_name} {got.country}" if got else "not found")
                )
        for text, place in by_text.items():
            if place.status == "resolved" and text not in gold_texts:
                # a resolved place the annotators did not list, or a wrong one
                listed = any(t == text for t, k in row["entities"] if k == "place")
                if not listed:
                    for key in ("all", lang):
                        report.places[key].fp += 1
                    report.errors.append(f"{row['id']}: extra place {text!r}")
            elif place.status == "resolved":
                g = next(g for g in row["places"] if g["text"] == text)
                if not _place_correct(g, place):
                    for key in ("all", lang):
                        report.places[key].fp += 1
    return report


def format_report(report: Report, command: str) -> str:
    """The Markdown written to benchmarks/results/extract.md."""
    import platform

    lines = [
        "# Extract: entities and places",
        "",
        f"Command: `{command}`  ",
        f"Paragraphs: {report.paragraphs} (hand-annotated, see "
        "`data/annotations/extract/GUIDELINES.md`)  ",
        f"Machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}",
        "",
        "| scope | entity P | entity R | entity F1 | place P | place R | place F1 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for key in sorted(report.entities, key=lambda k: (k != "all", k)):
        e, p = report.entities[key], report.places[key]
        lines.append(
            f"| {key} | {e.precision:.3f} | {e.recall:.3f} | {e.f1:.3f} | "
            f"{p.precision:.3f} | {p.recall:.3f} | {p.f1:.3f} |"
        )
    lines += [
        "",
        f"Throughput (entities + places, models already loaded): "
        f"{report.throughput:.1f} paragraphs/s over {report.seconds:.2f} s.",
        "",
        "Entities: exact mention text and type. Places: mention resolved within 25 km "
        "(cities) or to the right country (countries).",
        "",
        "Caveat: the paragraphs were written by the same engineer who wrote the alias table, "
        "and most of their people and organisations are in it, so these figures are an upper "
        "bound for well-known names; names outside the table rely on spaCy (fr), Natasha (ru) "
        "or capitalisation rules (other languages) alone.",
        "",
        "## Place errors",
        "",
        *[f"- {e}" for e in report.errors[:40]],
        "",
    ]
    return "\n".join(lines)


def warm_up() -> None:
    """Load the models once so the throughput measures the stage, not the loading."""
    for lang in ("fr", "en", "de", "ru"):
        extract_entities(Article(title="", body="Paris et Berlin.", language=lang))
