"""How well story matching finds the same story: training articles cut in two.

No corpus here says which articles tell one story, so each training article of
the audit sample (60 per language, seed 1) is cut into its first and second half,
and each half is asked to find its other half among all the halves of every
language: the same story, told in other sentences. Printed per share of the score
given to shared names (the rest to the vectors): how often the other half comes
first and among the first five, the halves found at each threshold, and how many
pairs of *different* articles score that high (stories of their own or noise; the
top ones are listed for a person to judge). Vectors come from the training cache
(`spinscope train` fills it), so nothing is embedded again.

    python benchmarks/bench_stories.py --cache .cache/embeddings.sqlite
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from tqdm import tqdm
from training_sample import DATA, training_sample

from spinscope.ingest import article_from_text, read
from spinscope.persuasion.encoder import VectorCache, set_default_cache
from spinscope.persuasion.stages import cached_sentence_vectors
from spinscope.pipeline import analyze
from spinscope.stories.index import StoryIndex
from spinscope.stories.profile import StoryProfile, profile_of
from spinscope.stories.settings import DEFAULT_THRESHOLD, ENTITY_SHARE

OUT = Path(__file__).resolve().parent / "results" / "stories.md"
SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5)


def halves(files: list[str]) -> list[tuple[StoryProfile, StoryProfile]]:
    """Each article of four body paragraphs or more as two profiles: title and first half,
    then the second half under a neutral title."""
    pairs = []
    for article in tqdm(list(read(files)), desc="articles", unit="article"):
        body = [
            article.body[p.start : p.end]
            for p in article.paragraphs
            if not (article.reader == "semeval" and p.line == 1)
        ]
        if len(body) < 4:
            continue
        middle = len(body) // 2
        made = []
        for number, (part, title) in enumerate(
            ((body[:middle], article.title), (body[middle:], "-"))
        ):
            half = article_from_text(
                "\n\n".join(part), title=title, language=article.language, source=article.id
            )
            analysis = analyze(half, only=["entities", "places"])
            # body sentences only: the training cache holds them, not the halves' titles
            vectors = cached_sentence_vectors(half.model_copy(update={"title": ""}))
            profile = profile_of(analysis, with_vector=False)
            made.append(
                replace(
                    profile,
                    id=f"{article.id}/{number}",
                    vector=None if vectors is None else vectors.mean(0),
                )
            )
        pairs.append((made[0], made[1]))
    return pairs


def mixed(index: StoryIndex, share: float) -> np.ndarray:
    names = (index.names @ index.names.T).toarray()
    vectors = index.vectors @ index.vectors.T
    return share * names + (1 - share) * vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--per-language", type=int, default=60)
    parser.add_argument("--cache", type=Path, default=Path(".cache/embeddings.sqlite"))
    args = parser.parse_args()
    set_default_cache(VectorCache(args.cache))
    started = time.perf_counter()
    pairs = halves(training_sample(args.data, args.per_language, seed=1))
    missing = sum(a.vector is None or b.vector is None for a, b in pairs)
    pairs = [(a, b) for a, b in pairs if a.vector is not None and b.vector is not None]
    built = time.perf_counter()
    profiles = [p for pair in pairs for p in pair]
    index = StoryIndex(profiles)
    indexed = time.perf_counter() - built
    n = len(pairs)
    partner = np.arange(2 * n) ^ 1  # 2k ↔ 2k+1
    languages = np.array([p.language for p in profiles])
    lines = [
        "# Story matching: does half an article find its other half?",
        "",
        f"Command: `python benchmarks/bench_stories.py --per-language {args.per_language}`"
        f" ({n} training articles of four body paragraphs or more, {2 * n} halves, six"
        f" languages; {built - started:.0f} s, of which indexing {indexed:.2f} s;"
        f" {missing} left out, a sentence missing from the cache).",
        "",
        "Each half looks for its other half among every other half, all languages together."
        f" Shipped: names {ENTITY_SHARE}, vectors {1 - ENTITY_SHARE}, stories joined at"
        f" {DEFAULT_THRESHOLD}.",
        "",
        "| share of names | other half first | among first five | best other article in"
        " another language |",
        "| --- | --- | --- | --- |",
    ]
    chosen = None
    for share in SHARES:
        scores = mixed(index, share)
        np.fill_diagonal(scores, -np.inf)
        own = scores[np.arange(2 * n), partner]
        rank = (scores > own[:, None]).sum(1)
        others = scores.copy()
        others[np.arange(2 * n), partner] = -np.inf
        best = others.argmax(1)
        lines.append(
            f"| {share} | {np.mean(rank == 0):.3f} | {np.mean(rank < 5):.3f} |"
            f" {np.mean(languages[best] != languages):.3f} |"
        )
        if share == ENTITY_SHARE:
            chosen = (scores, own, others)
    assert chosen is not None
    scores, own, others = chosen
    upper = np.triu(np.ones_like(others, dtype=bool), 1)
    lines += [
        "",
        f"At the shipped share ({ENTITY_SHARE}): for each threshold, the halves whose other half"
        " scores that high, and the pairs of halves of different articles that do (per article).",
        "",
        "| threshold | other half at or above | pairs of different articles per article |",
        "| --- | --- | --- |",
    ]
    for t in THRESHOLDS:
        lines.append(f"| {t} | {np.mean(own >= t):.3f} | {(others[upper] >= t).sum() / n:.2f} |")
    lines += [
        "",
        "The pairs of different articles scoring highest (best of their halves), for a person"
        " to judge:",
        "",
        "| score | article | article |",
        "| --- | --- | --- |",
    ]
    seen: set[tuple[int, int]] = set()
    for flat_index in np.argsort(-np.where(upper, others, -np.inf), axis=None):
        i, j = divmod(int(flat_index), 2 * n)
        pair = (i // 2, j // 2)
        if pair in seen or pair[0] == pair[1]:
            continue
        seen.add(pair)
        a, b = profiles[2 * pair[0]], profiles[2 * pair[1]]
        lines.append(
            f"| {others[i, j]:.2f} | [{a.language}] {a.title[:56]}"
            f" | [{b.language}] {b.title[:56]} |"
        )
        if len(seen) == 15:
            break
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
