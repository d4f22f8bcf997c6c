"""Rebuild ``src/spinscope/models/stories/centres.npz``: each training language's centre.

Story matching compares article vectors less their language's centre
(``spinscope.stories.centres``). The centre of a language with few stored articles
comes from here: the mean, over the SemEval-2023 training articles of that language,
of each article's vector (the mean of its distinct sentence vectors, as
``stories.profile`` computes it), and the mean over all six languages for any other.
Sentence vectors come from the cache ``spinscope train`` fills; any missing are
embedded once (about ten sentences a second on two cores).

    python scripts/build_story_centres.py --data ../shared/data/semeval2023
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from tqdm import tqdm

from spinscope.persuasion.dataset import collect, embed
from spinscope.persuasion.encoder import Encoder, VectorCache
from spinscope.persuasion.semeval import load_split
from spinscope.stories.centres import ANY_LANGUAGE, CENTRES_PATH, save_centres


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/semeval2023"))
    parser.add_argument("--cache", type=Path, default=Path(".cache/embeddings.sqlite"))
    args = parser.parse_args()
    articles = collect(load_split(args.data, "train"))
    with tqdm(desc="sentence vectors", unit="sentence") as bar:
        embed(articles, Encoder(VectorCache(args.cache)), progress=bar.update, latents=False)
    by_language: dict[str, list[np.ndarray]] = {}
    for article in articles:
        rows = [i.sentence_vectors for i in article.inputs if len(i.sentence_vectors)]
        if not rows:
            continue
        vectors = np.unique(np.concatenate(rows), axis=0)  # distinct sentences, as stored
        by_language.setdefault(article.language, []).append(vectors.mean(0))
    centres = {lang: np.mean(vectors, axis=0) for lang, vectors in by_language.items()}
    centres[ANY_LANGUAGE] = np.mean([v for vs in by_language.values() for v in vs], axis=0)
    save_centres(centres)
    counts = ", ".join(f"{lang} {len(v)}" for lang, v in sorted(by_language.items()))
    print(f"{CENTRES_PATH}: centres of {counts} training articles")


if __name__ == "__main__":
    main()
