"""Every town the places stage resolves on training articles, most frequent first, for a
person to judge: common words that share a town's name (« Auch », "Police") show up here.

    python benchmarks/audit_towns.py --per-language 60
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from training_sample import sample_arguments, training_sample

from spinscope.ingest import read
from spinscope.pipeline import analyze

OUT = Path(__file__).resolve().parent / "results" / "towns.md"


def main() -> None:
    args = sample_arguments(__doc__.split("\n\n")[0], per_language=60)
    files = training_sample(args.data, args.per_language, seed=1)
    started, count = time.perf_counter(), 0
    towns: Counter[tuple[str, str, str, str]] = Counter()
    for item in read(files):
        analysis = analyze(item, only=["entities", "places"])
        count += 1
        for place in analysis.places:
            if place.status == "resolved" and place.feature == "city":
                for m in place.mentions:
                    key = (analysis.article.language or "?", m.text, place.gazetteer_name or "")
                    towns[(*key, place.country or "")] += 1
    rows = sorted(towns.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))
    lines = [
        "# Towns the places stage resolves",
        "",
        f"Command: `python benchmarks/audit_towns.py --per-language {args.per_language}`"
        f" ({count} training articles, {time.perf_counter() - started:.0f} s on 2 cores).",
        "",
        f"{len(rows)} (language, written, town) triples; judge each by hand.",
        "",
        "| language | written | town | country | mentions |",
        "| --- | --- | --- | --- | --- |",
        *(
            f"| {lang} | {written} | {town} | {country} | {n} |"
            for (lang, written, town, country), n in rows
        ),
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:6]))


if __name__ == "__main__":
    main()
