"""Entity and place precision/recall and throughput of the extract stages.

Usage: .venv/bin/python benchmarks/eval_extract.py [ANNOTATIONS.jsonl] [--out FILE]
Writes benchmarks/results/extract.md by default.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spinscope.extract.evaluation import evaluate, format_report, read_annotations, warm_up

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "data" / "annotations" / "extract" / "paragraphs.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("annotations", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "extract.md")
    args = parser.parse_args(argv)
    warm_up()
    report = evaluate(read_annotations(args.annotations))
    text = format_report(report, "python benchmarks/eval_extract.py")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
