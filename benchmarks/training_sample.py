"""A fixed random sample of SemEval-2023 training articles per language, for the audits
that list what a stage finds so that a person can judge it."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semeval2023"
LANGUAGES = ("fr", "en", "it", "ge", "po", "ru")


def sample_arguments(description: str, per_language: int) -> argparse.Namespace:
    """``--data`` and ``--per-language``, the options every audit takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=DATA, help="SemEval-2023 folder")
    parser.add_argument(
        "--per-language", type=int, default=per_language, help="articles per language"
    )
    return parser.parse_args()


def training_sample(data: Path, per_language: int, seed: int) -> list[str]:
    """``per_language`` training articles of each language, drawn with ``seed``."""
    files: list[str] = []
    for language in LANGUAGES:
        paths = sorted((data / language / "train-articles-subtask-3").glob("*.txt"))
        random.Random(seed).shuffle(paths)
        files += [str(p) for p in paths[:per_language]]
    return files
