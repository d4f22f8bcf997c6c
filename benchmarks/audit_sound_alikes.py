"""Every place resolved by its consonants alone (``Gazetteer.sound_alikes``) on training
articles, for a person to judge: the fallback has no annotated set of its own.

    python benchmarks/audit_sound_alikes.py --per-language 150
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import spinscope.extract.places as places
from spinscope.ingest import read
from spinscope.pipeline import analyze

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semeval2023"
OUT = Path(__file__).resolve().parent / "results" / "sound_alikes.md"
LANGUAGES = ("fr", "en", "it", "ge", "po", "ru")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="SemEval-2023 folder")
    parser.add_argument("--per-language", type=int, default=150, help="articles per language")
    args = parser.parse_args()
    hits: list[tuple[str, str, str, str, str]] = []
    found = places._sound_alike

    def recorded(entity, gaz, ctx):
        alike = found(entity, gaz, ctx)
        if alike is not None:
            where = ", ".join(ctx.main_countries)
            hits.append((entity.canonical, alike.name, alike.country, alike.feature, where))
        return alike

    places._sound_alike = recorded
    files: list[str] = []
    for language in LANGUAGES:
        paths = sorted((args.data / language / "train-articles-subtask-3").glob("*.txt"))
        random.Random(0).shuffle(paths)
        files += [str(p) for p in paths[: args.per_language]]
    started, count = time.perf_counter(), 0
    for item in read(files):
        analyze(item, only=["entities", "places"])
        count += 1
    lines = [
        "# Places resolved by their consonants alone",
        "",
        f"Command: `python benchmarks/audit_sound_alikes.py --per-language {args.per_language}`"
        f" ({count} training articles, {time.perf_counter() - started:.0f} s on 2 cores).",
        "",
        f"{len(hits)} names resolved this way; judge each by hand.",
        "",
        "| name in the article | gazetteer place | country | kind | article's main countries |",
        "| --- | --- | --- | --- | --- |",
        *(f"| {' | '.join(hit)} |" for hit in hits),
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
