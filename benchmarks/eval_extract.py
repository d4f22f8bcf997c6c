"""Entity and place precision/recall and throughput of the extract stages.

Usage: .venv/bin/python benchmarks/eval_extract.py [--real FILE] [--written FILE] [--out FILE]

The headline is the set of real news paragraphs (SemEval-2023 articles, annotated by hand);
its fixed test half is reported on its own, for before/after comparisons of extractor fixes
made while looking at the dev half only. The set written by the developers comes last: it
is an upper bound. Writes benchmarks/results/extract.md by default.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spinscope.extract.evaluation import (
    AnnotationError,
    Report,
    evaluate,
    format_sets,
    read_annotations,
    warm_up,
)

REPO = Path(__file__).resolve().parents[1]
ANNOTATIONS = REPO / "data" / "annotations" / "extract"

REAL_NOTE = (
    "Paragraphs of real articles (SemEval-2023 Task 3 training data; en, fr, it, ru, pl, de), "
    "drawn at random with a fixed seed and annotated by hand before the extractor was run on "
    "them. Nobody tuned the extractor or its alias table on them. **This is the headline "
    "figure.**"
)
TEST_NOTE = (
    "The fixed test half of the set above (`split` = `test`, every second paragraph of each "
    "language): the figure to compare before and after a change to the extractor, which may "
    "only be studied on the dev half."
)
WRITTEN_NOTE = (
    "Written by the developers; upper bound. Invented news-wire sentences by the engineer who "
    "also wrote the alias table, so most of their names are in it."
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=ANNOTATIONS / "semeval_paragraphs.jsonl")
    parser.add_argument("--written", type=Path, default=ANNOTATIONS / "paragraphs.jsonl")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "extract.md")
    parser.add_argument("--errors", type=int, default=200, help="errors listed for the headline")
    parser.add_argument("--repeat", type=int, default=3, help="runs timed; the fastest is kept")
    args = parser.parse_args(argv)
    try:
        real = read_annotations(args.real)
        test = read_annotations(args.real, split="test")
        written = read_annotations(args.written)
    except (AnnotationError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 2
    warm_up(sorted({row["language"] for row in real + written}))

    def fastest(rows: list[dict]) -> Report:
        # the scores are deterministic; the time is the best of a few runs on a busy machine
        return min((evaluate(rows) for _ in range(args.repeat)), key=lambda r: r.seconds)

    sets = [
        (f"Real news paragraphs ({len(real)})", REAL_NOTE, fastest(real)),
        (f"Real news paragraphs, test half ({len(test)})", TEST_NOTE, fastest(test)),
        (
            f"Written by the developers; upper bound ({len(written)})",
            WRITTEN_NOTE,
            fastest(written),
        ),
    ]
    text = format_sets(sets, "python benchmarks/eval_extract.py", errors=args.errors)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
