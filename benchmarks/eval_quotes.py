"""Who says what: the quotes stage against quotations annotated by hand.

Six quotations of four words or more per training language and split (the first in each
of six articles drawn with a fixed seed), each marked as speech or not (a book title, a
slogan in scare quotes, the writer's own words) and, for speech, with the speaker
the text gives (the names that count as right), read before the extractor ran on
them: ``data/annotations/quotes/quotes.jsonl``, rules in its ``GUIDELINES.md``.

For speech: is the quotation found, and is its speaker right, wrong or missing (and,
where the text names nobody, is none given)? For the rest: how many the stage
reports as speech anyway.

    python benchmarks/eval_quotes.py
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from spinscope.extract.text import fold
from spinscope.ingest import read
from spinscope.pipeline import analyze

REPO = Path(__file__).resolve().parents[1]
ANNOTATIONS = REPO / "data" / "annotations" / "quotes" / "quotes.jsonl"
DATA = REPO.parent / "shared" / "data" / "semeval2023"
OUT = REPO / "benchmarks" / "results" / "quotes.md"


def speaker_right(predicted: str, names: list[str]) -> bool:
    """One of the annotated names inside the predicted speaker or the other way round,
    folded (« Михаила Подоляка » is Подоляк; "U2's Bono" is Bono)."""
    said = fold(predicted)
    return any(fold(n) in said or (len(said) > 3 and said in fold(n)) for n in names)


def judge(row: dict, data: Path) -> tuple[str, str | None]:
    """(verdict, predicted speaker) for one annotated quotation."""
    [article] = [a for a in read([str(data / row["article"])]) if hasattr(a, "body")]
    start = article.body.find(row["quote"])
    if start < 0:
        raise SystemExit(f"{row['id']}: quotation not found in {row['article']}")
    end = start + len(row["quote"])
    analysis = analyze(article, only=["entities", "quotes"])
    found = [
        q
        for q in analysis.quotes
        if q.kind == "direct" and not q.in_title and q.start < end and start < q.end
    ]
    if row["kind"] != "speech":
        return ("reported as speech" if found else "left out"), (
            found[0].speaker if found else None
        )
    if not found:
        return "not found", None
    speaker = found[0].speaker
    if not row["speaker"]:
        return ("right (nobody named)" if not speaker else "speaker invented"), speaker
    if not speaker:
        return "speaker missing", None
    return ("speaker right" if speaker_right(speaker, row["speaker"]) else "speaker wrong"), speaker


RIGHT = ("speaker right", "right (nobody named)")


def _split_lines(split: str, judged: list[tuple[dict, str, str | None]]) -> list[str]:
    """One split's figures: speech verdicts, what is not speech, per language."""
    speech = [(r, v) for r, v, _ in judged if r["kind"] == "speech"]
    other = [v for r, v, _ in judged if r["kind"] != "speech"]
    counts = Counter(v for _, v in speech)
    right = sum(counts[v] for v in RIGHT)
    lines = [
        "",
        f"## {split}",
        "",
        f"Speech: {len(speech)} quotations; the right speaker (or none where the text names"
        f" nobody) for **{right}** ({right / len(speech):.0%}).",
        "",
        "| verdict | speech quotations |",
        "| --- | --- |",
        *(f"| {v} | {n} |" for v, n in counts.most_common()),
        "",
        f"Not speech (titles, slogans, the writer's words): {len(other)}; reported as speech"
        f" anyway: {sum(v == 'reported as speech' for v in other)}.",
        "",
        "| language | speech | speaker right |",
        "| --- | --- | --- |",
    ]
    for language in dict.fromkeys(r["language"] for r, _ in speech):
        mine = [v for r, v in speech if r["language"] == language]
        lines.append(f"| {language} | {len(mine)} | {sum(v in RIGHT for v in mine)} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--annotations", type=Path, default=ANNOTATIONS)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.annotations.read_text("utf-8").splitlines() if line]
    started = time.perf_counter()
    judged = [(row, *judge(row, args.data)) for row in rows]
    seconds = time.perf_counter() - started
    lines = [
        "# Quotes: who says what, against quotations annotated by hand",
        "",
        f"Command: `python benchmarks/eval_quotes.py` ({len(rows)} quotations, six per"
        f" language and split, {seconds:.0f} s with the models loading). Annotations:"
        " `data/annotations/quotes/quotes.jsonl`; the `dev` split guided the speaker rules"
        " of 2026-12-05, the `test` split was annotated after them and not used to change"
        " them.",
    ]
    for split in dict.fromkeys(r.get("split", "dev") for r in rows):
        lines += _split_lines(split, [j for j in judged if j[0].get("split", "dev") == split])
    lines += ["", "| id | kind | annotated speaker | predicted speaker | verdict |"]
    lines.append("| --- | --- | --- | --- | --- |")
    for row, verdict, speaker in judged:
        names = " / ".join(row["speaker"]) or "—"
        lines.append(f"| {row['id']} | {row['kind']} | {names} | {speaker or '—'} | {verdict} |")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
