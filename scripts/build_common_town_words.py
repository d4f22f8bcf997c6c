"""Rebuild ``src/spinscope/data/common_town_words.csv``: the everyday words of each pipeline
language that GeoNames also knows as a town's name or alternate name.

A capitalised word that the rule-based NER finds (German nouns, sentence-initial words,
headline capitals) is a place only if no everyday word explains it better: « Kinder » is
children before it is Granite City, "Police" the police before the Polish town. Only the
words that collide with a town are kept, so the file stays small.

Word frequencies come from wordfreq (Robyn Speer et al.; data licensed CC BY-SA 4.0, so
the generated file is too). Offline steps, from the repository root:

    pip download --no-deps wordfreq==3.1.1 -d /tmp/wf
    pip install --target /tmp/msgpack msgpack
    PYTHONPATH=/tmp/msgpack .venv/bin/python scripts/build_common_town_words.py \\
        /tmp/wf/wordfreq-3.1.1-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import gzip
import zipfile
from pathlib import Path

import msgpack

from spinscope.extract.gazetteer import load_gazetteer
from spinscope.extract.lexicon import LANGUAGES
from spinscope.extract.text import name_key

OUT = Path(__file__).resolve().parents[1] / "src" / "spinscope" / "data" / "common_town_words.csv"
MIN_ZIPF = 3.5  # at least about 3 per million words


def everyday_words(wheel: zipfile.ZipFile, language: str) -> set[str]:
    """Words of ``language`` at least ``MIN_ZIPF`` frequent in wordfreq's small list."""
    packed = gzip.decompress(wheel.read(f"wordfreq/data/small_{language}.msgpack.gz"))
    header, *bins = msgpack.unpackb(packed, raw=False)
    if header.get("format") != "cB":
        raise SystemExit(f"unexpected wordfreq format: {header}")
    # bin i holds the words of frequency 10 ** (-i / 100); Zipf = log10(frequency) + 9
    last = int((9 - MIN_ZIPF) * 100)
    return {word for words in bins[: last + 1] for word in words}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="wordfreq-3.1.1-py3-none-any.whl")
    args = parser.parse_args()
    towns = load_gazetteer().town_keys()
    rows: list[str] = []
    with zipfile.ZipFile(args.wheel) as wheel:
        for language in LANGUAGES:
            words = {name_key(w) for w in everyday_words(wheel, language)}
            rows += [f"{language},{w}" for w in sorted(words & towns) if " " not in w]
    header = [
        "# Everyday words that are also a town's name in GeoNames, by language.",
        "# Built by scripts/build_common_town_words.py from wordfreq 3.1.1 (Robyn Speer et al.),",
        f"# words of Zipf frequency >= {MIN_ZIPF}; data licensed CC BY-SA 4.0, as is this file.",
        "language,word",
    ]
    OUT.write_text("\n".join([*header, *rows]) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(rows)} words)")


if __name__ == "__main__":
    main()
