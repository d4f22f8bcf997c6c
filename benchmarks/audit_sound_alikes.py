"""Every place resolved by its consonants alone (``Gazetteer.sound_alikes``) on training
articles, for a person to judge: the fallback has no annotated set of its own.

    python benchmarks/audit_sound_alikes.py --per-language 150
"""

from __future__ import annotations

import time
from pathlib import Path

from training_sample import sample_arguments, training_sample

import spinscope.extract.places as places
from spinscope.ingest import read
from spinscope.pipeline import analyze

OUT = Path(__file__).resolve().parent / "results" / "sound_alikes.md"


def main() -> None:
    args = sample_arguments(__doc__.split("\n\n")[0], per_language=150)
    hits: list[tuple[str, str, str, str, str]] = []
    found = places._sound_alike

    def recorded(entity, gaz, ctx):
        alike = found(entity, gaz, ctx)
        if alike is not None:
            where = ", ".join(ctx.main_countries)
            hits.append((entity.canonical, alike.name, alike.country, alike.feature, where))
        return alike

    places._sound_alike = recorded
    files = training_sample(args.data, args.per_language, seed=0)
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
