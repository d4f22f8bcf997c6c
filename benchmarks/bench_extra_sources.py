"""Would another technique score source, or a retuned one, lift the shipped blend?

Usage::

    spinscope train --data ../shared/data/semeval2023 --out /tmp/models \\
        --cache .cache/embeddings.sqlite --dump .cache/oof
    python benchmarks/bench_extra_sources.py --data ../shared/data/semeval2023 \\
        --oof .cache/oof/techniques_oof.npz --cache .cache/embeddings.sqlite

Two candidates, each scored out of fold on the dump's folds and then blended with the
dumped six sources by the same nested search as the model card (fold k's weights and
thresholds come from the other folds):

- paragraph latent terms: one logistic regression per technique on a paragraph's summed
  (then L2-normalised) sentence latent terms, its mean sentence vector and language,
  trained on the paragraph labels themselves. The shipped latent head learns from
  span-derived *sentence* labels; this one sees the official unit.
- the detection tagger at another L2 strength (``--detection-alpha``), in place of the
  shipped ``tokens`` source: the phrase tagger gained span F1 from a stronger alpha.

Reads cached embeddings (``--cache``; a cold cache means embedding every sentence
first). Results go to ``benchmarks/results/extra_sources.md``. About 18 minutes on 2
cores, most of it the two candidates' five-fold fits.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

sys.path.insert(0, str(Path(__file__).resolve().parent))

from source_table import SourceTable, read_dump  # noqa: E402

from spinscope.persuasion.blend import nested_blend_decisions, nested_decisions
from spinscope.persuasion.dataset import ArticleData, embed
from spinscope.persuasion.encoder import DIM, Encoder, VectorCache
from spinscope.persuasion.features import language_one_hot
from spinscope.persuasion.latents import LatentHead
from spinscope.persuasion.model import SOURCES, max_over_sentences
from spinscope.persuasion.phrases import TokenTagger
from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES
from spinscope.persuasion.train_sources import token_data

RESULTS = Path(__file__).resolve().parent / "results" / "extra_sources.md"


def paragraph_latent_rows(articles: list[ArticleData]) -> sparse.csr_matrix:
    """Per paragraph: mean sentence vector, L2-normalised summed latent terms, language."""
    vectors, latents, languages = [], [], []
    for a in articles:
        for p in a.inputs:
            v = p.sentence_vectors
            vectors.append(v.mean(0) if len(v) else np.zeros(DIM, np.float32))
            latents.append(sparse.csr_matrix(p.latents().sum(0)))
            languages.append(language_one_hot(a.language))
    return sparse.hstack(
        [
            sparse.csr_matrix(np.stack(vectors)),
            normalize(sparse.vstack(latents)),
            sparse.csr_matrix(np.stack(languages)),
        ],
        format="csr",
        dtype=np.float32,
    )


def paragraph_latents_oof(x: sparse.csr_matrix, y: np.ndarray, folds: np.ndarray, c: float):
    oof = np.zeros(y.shape, np.float32)
    for k in np.unique(folds):
        tr, te = folds != k, folds == k
        oof[te] = LatentHead.fit(x[tr], y[tr], TECHNIQUE_NAMES, c=c).predict_proba(x[te])
        print(f"paragraph latents: fold {k + 1} done", file=sys.stderr, flush=True)
    return oof


def detection_oof(articles: list[ArticleData], y: np.ndarray, spans: dict, alpha: float):
    tokens = token_data(articles, y, spans)
    folds = tokens.folds % 5
    oof = np.zeros(tokens.targets.shape, np.float32)
    for k in range(5):
        tagger = TokenTagger.fit(
            tokens.matrix[folds != k], tokens.targets[folds != k], TECHNIQUE_NAMES, alpha=alpha
        )
        te = np.flatnonzero(folds == k)
        oof[te] = tagger.scores(tokens.matrix[te])
        print(f"detection tagger: fold {k + 1} done", file=sys.stderr, flush=True)
    return max_over_sentences([oof[lo:hi] for lo, hi in tokens.paragraph_rows], y.shape[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="SemEval-2023 folder (train split)")
    parser.add_argument("--oof", required=True, help="techniques_oof.npz from train --dump")
    parser.add_argument("--cache", default=".cache/embeddings.sqlite", help="vector cache")
    parser.add_argument("--latent-c", type=float, default=1.0, help="C of the paragraph head")
    parser.add_argument("--detection-alpha", type=float, default=1e-5, help="tagger L2")
    args = parser.parse_args(argv)
    began = time.time()
    dump, split, articles = read_dump(args.oof, args.data)
    y, folds, langs = dump["y"], dump["folds"], dump["langs"]
    embed(articles, Encoder(VectorCache(Path(args.cache))))
    shipped = {name: dump[name] for name in SOURCES}
    latent_c, alpha = args.latent_c, args.detection_alpha
    candidates = {
        f"paragraph latent terms (C={latent_c:g})": paragraph_latents_oof(
            paragraph_latent_rows(articles), y, folds, latent_c
        ),
        f"detection tagger (alpha={alpha:g})": detection_oof(articles, y, split.spans or {}, alpha),
    }
    table = SourceTable(y, langs)
    table.measure("shipped tokens source alone", nested_decisions(y, shipped["tokens"], folds))
    for name, scores in candidates.items():
        table.measure(f"{name} alone", nested_decisions(y, scores, folds))
    table.measure("shipped six-source blend", nested_blend_decisions(y, shipped, folds)[0])
    latent_name, detection_name = candidates
    with_latents = {**shipped, "paragraph_latents": candidates[latent_name]}
    table.measure(f"six + {latent_name}", nested_blend_decisions(y, with_latents, folds)[0])
    retuned = {**shipped, "tokens": candidates[detection_name]}
    table.measure(f"six, tokens = {detection_name}", nested_blend_decisions(y, retuned, folds)[0])
    table.write(
        RESULTS,
        "Techniques: two more score sources against the shipped blend",
        f"python benchmarks/bench_extra_sources.py --oof {args.oof}",
        time.time() - began,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
