"""Ways of reading genre, compared on several fold splits, and what each says of the seeds.

Usage::

    spinscope train --data ../shared/data/semeval2023 --out /tmp/models --dump .cache/oof
    python benchmarks/bench_genre_views.py --dump .cache/oof --data ../shared/data/semeval2023

The dump's ``genre_rows.npz`` comes at the end of a full run; without it the rows are
rebuilt from ``techniques_oof.npz``, written an hour earlier.

``spinscope train`` chooses the genre blend on one 5-fold split, where 965 articles
make macro-F1 move by a point or two from split to split. This benchmark re-reads the
dumped article rows (``genre_rows.npz``: vectors, language, out-of-fold technique
profile), the articles' cached sentence vectors and their texts, and scores on the
shipped folds and on three reshuffled ones:

- the article head blended with the n-gram head (the blend before the paragraph head);
- article and paragraph heads half and half, then the n-gram head, with the paragraph
  head reading only vectors, or also each paragraph's out-of-fold technique scores
  (``techniques_oof.npz``; the shipped head reads only vectors);
- a gradient-boosted opinion-or-reporting head on the technique profile alone, given a
  share of the opinion/reporting split of the shipped blend (satire untouched): the
  training data say dense loaded language means opinion, which a linear head on
  ~1,200 features does not pick up;
- a linear head on the technique profile and language alone
  (``persuasion/genre_profile.py``), at two L2 strengths, given a share of the whole
  shipped blend;

then, with each training language held out and read as unknown, the article head with
and without the paragraph head. The seed articles are scored by each fitted view.
The reshuffled splits reuse the technique profiles of the shipped folds, so they
are slightly optimistic, equally for every view. Results go to
``benchmarks/results/genre_views.md``. About 15 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from spinscope.persuasion.card import markdown_table
from spinscope.persuasion.dataset import N_FOLDS, collect, embed, fold_of, paragraph_table
from spinscope.persuasion.encoder import Encoder, VectorCache, set_default_cache
from spinscope.persuasion.features import KNOWN_LANGUAGES, article_feature_size
from spinscope.persuasion.genre_paragraphs import (
    PARAGRAPH_SHARES,
    article_genre_probabilities,
    fit_paragraph_genre_head,
    paragraph_rows,
)
from spinscope.persuasion.genre_profile import fit_profile_genre_head, profile_columns, with_profile
from spinscope.persuasion.held_out import fit_genre_head, genre_macro_f1
from spinscope.persuasion.lexical import LexicalHead
from spinscope.persuasion.model import MODELS_DIR, article_text
from spinscope.persuasion.semeval import load_split
from spinscope.persuasion.taxonomy import GENRE_NAMES
from spinscope.persuasion.train_article_heads import genre_article_rows
from spinscope.persuasion.train_config import TrainConfig

RESULTS = Path(__file__).resolve().parent / "results" / "genre_views.md"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "samples" / "seeds"
TREE_SHARES = (0.2, 0.5)
PROFILE_CS = (0.05, 1.0)  # inverse L2 strength of the technique-profile head
PROFILE_SHARES = (0.2, 0.35, 0.5)  # its share of the final three-genre blend
LANGUAGES = len(KNOWN_LANGUAGES)  # width of the language one-hot ending article rows


@dataclass(frozen=True)
class Shipped:
    """The genre choices of the shipped model (its card), and the training constants."""

    c: float
    paragraph_share: float
    lexical_weight: float
    unseen_lexical_weight: float
    paragraph_c: float
    lexical_c: float

    @classmethod
    def read(cls) -> Shipped:
        figures = json.loads((MODELS_DIR / "card.json").read_text())["figures"]
        genre, config = figures["genre"], TrainConfig()
        return cls(
            c=genre["C"]["chosen"],
            paragraph_share=genre.get("paragraph_share", {}).get("chosen", 0.0),
            lexical_weight=genre["lexical_weight"]["chosen"],
            unseen_lexical_weight=figures["unseen_language"]["genre"]["lexical_weight"],
            paragraph_c=config.genre_paragraph_c,
            lexical_c=config.genre_lexical_c,
        )

    def blend(self, article: np.ndarray, paragraph: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        vector = (1 - self.paragraph_share) * article + self.paragraph_share * paragraph
        return (1 - self.lexical_weight) * vector + self.lexical_weight * lexical


def reshuffled(ids: list[tuple[str, str]], split: int, shipped: np.ndarray) -> np.ndarray:
    if split == 0:
        return shipped
    return np.array([fold_of(lang, i, N_FOLDS, salt=f"{split}/") for lang, i in ids])


def fit_trees(x: np.ndarray, y: np.ndarray):
    """Opinion (0) against reporting (1) from the technique profile and language."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    keep = y < 2
    target = y[keep]
    weight = np.where(target == 0, 0.5 / np.mean(target == 0), 0.5 / np.mean(target == 1))
    model = HistGradientBoostingClassifier(
        max_depth=3, learning_rate=0.05, l2_regularization=1.0, min_samples_leaf=20, random_state=0
    )
    model.fit(profile_columns(x[keep]), target, sample_weight=weight)
    return lambda rows: model.predict_proba(profile_columns(rows))[:, 0]


def fit_profile(x: np.ndarray, y: np.ndarray, c: float):
    """The three genres from the technique profile and language alone (linear, balanced)."""
    head = fit_profile_genre_head(x, y, c)
    return lambda rows: head.predict_proba(profile_columns(rows))


def _profile_views(shipped: np.ndarray, profile: dict[float, np.ndarray]) -> dict:
    return {
        f"shipped + profile head C={c}, share {s}": with_profile(shipped, profile[c], s)
        for c in PROFILE_CS
        for s in PROFILE_SHARES
    }


def with_trees(blended: np.ndarray, opinion: np.ndarray, share: float) -> np.ndarray:
    satire = blended[:, 2]
    split = blended[:, 0] / np.maximum(blended[:, 0] + blended[:, 1], 1e-9)
    split = (1 - share) * split + share * opinion
    return np.stack([(1 - satire) * split, (1 - satire) * (1 - split), satire], 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dump", type=Path, required=True, help="folder of `train --dump`")
    parser.add_argument("--data", type=Path, required=True, help="SemEval-2023 data folder")
    parser.add_argument("--cache", type=Path, default=Path(".cache/embeddings.sqlite"))
    args = parser.parse_args()
    choices = Shipped.read()
    began = time.time()
    set_default_cache(VectorCache(args.cache))
    split = load_split(args.data, "train")
    genres = split.genres or {}
    trained = [a for a in collect(split) if a.paragraphs]  # the order `train` numbered them
    articles = [a for a in trained if a.article.id in genres]
    embed(trained, Encoder())
    dumped = _genre_rows(args.dump, trained, genres)
    if dumped is None:
        return 2
    x, y, langs, folds = dumped
    if len(articles) != len(y):
        print(f"{args.dump}: {len(y)} genre rows but {len(articles)} articles", file=sys.stderr)
        return 2
    ids = [(a.language, a.article.id) for a in articles]
    texts = [article_text(a.inputs) for a in articles]
    by_paragraph = [paragraph_rows(a.inputs, a.language) for a in articles]
    scored = _paragraph_oof(args.dump, split, genres)
    if scored is None:
        return 2
    reading = [
        paragraph_rows(a.inputs, a.language, o) for a, o in zip(articles, scored, strict=True)
    ]

    views: dict[str, list[float]] = {}
    french: dict[str, list[float]] = {}
    for n in range(4):
        fl = reshuffled(ids, n, folds)
        article = np.zeros((len(y), 3))
        paragraph = np.zeros((len(y), 3))
        paragraph_reading = np.zeros((len(y), 3))
        lexical = np.zeros((len(y), 3))
        trees = np.zeros(len(y))
        profile = {c: np.zeros((len(y), 3)) for c in PROFILE_CS}
        for k in range(N_FOLDS):
            tr, te = np.flatnonzero(fl != k), np.flatnonzero(fl == k)
            article[te] = fit_genre_head(x[tr], y[tr], choices.c).predict_proba(x[te])
            head = fit_paragraph_genre_head(
                [by_paragraph[i] for i in tr], y[tr], choices.paragraph_c
            )
            paragraph[te] = article_genre_probabilities(
                head, [by_paragraph[i] for i in te], article[te]
            )
            head = fit_paragraph_genre_head([reading[i] for i in tr], y[tr], choices.paragraph_c)
            paragraph_reading[te] = article_genre_probabilities(
                head, [reading[i] for i in te], article[te]
            )
            lexical[te] = LexicalHead.fit_single(
                [texts[i] for i in tr], y[tr], GENRE_NAMES, c=choices.lexical_c
            ).predict_proba([texts[i] for i in te])
            trees[te] = fit_trees(x[tr], y[tr])(x[te])
            for c in PROFILE_CS:
                profile[c][te] = fit_profile(x[tr], y[tr], c)(x[te])
        half = replace(choices, paragraph_share=max(PARAGRAPH_SHARES))
        plain = half.blend(article, paragraph, lexical)
        with_scores = half.blend(article, paragraph_reading, lexical)
        shipped = choices.blend(article, paragraph, lexical)
        candidates = {
            "article + n-grams": replace(choices, paragraph_share=0.0).blend(
                article, paragraph, lexical
            ),
            "article/paragraph + n-grams": plain,
            "article/paragraph reading technique scores + n-grams": with_scores,
            **{f"shipped, trees share {s}": with_trees(shipped, trees, s) for s in TREE_SHARES},
            **_profile_views(shipped, profile),
        }
        for name, probs in candidates.items():
            views.setdefault(name, []).append(genre_macro_f1(y, probs.argmax(1)))
            fr = langs == "fr"
            french.setdefault(name, []).append(genre_macro_f1(y[fr], probs[fr].argmax(1)))
        print(f"split {n}: " + ", ".join(f"{k} {v[-1]:.4f}" for k, v in views.items()), flush=True)

    table = {
        name: {
            **{f"split {n}": round(v, 4) for n, v in enumerate(scores)},
            "mean": round(float(np.mean(scores)), 4),
            "fr mean": round(float(np.mean(french[name])), 4),
        }
        for name, scores in views.items()
    }

    held_out = _held_out(x, y, langs, texts, by_paragraph, choices)
    seeds = _seeds(x, y, texts, by_paragraph, choices)
    lines = [
        "# Genre: ways of reading it, on four fold splits",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `python benchmarks/bench_genre_views.py "
        f"--dump DIR --data DIR` in {time.time() - began:.0f} s; {len(y)} articles. "
        "Split 0 is the shipped folds; macro-F1 over all articles (three genres). "
        f"Shipped: paragraph share {choices.paragraph_share}, the paragraph head "
        "not reading technique scores; the trees rows are added to the shipped blend.",
        "",
        *markdown_table(table, [*(f"split {n}" for n in range(4)), "mean", "fr mean"]),
        "",
        "Each training language held out, read as an unknown language (no language one-hot, "
        "no technique profile, n-gram weight as shipped for a new language: "
        f"{choices.unseen_lexical_weight}; paragraph head share {max(PARAGRAPH_SHARES)}):",
        "",
        *markdown_table(held_out, [*sorted(set(langs)), "mean"]),
        "",
        "The seed articles, opinion / reporting probabilities of each view fitted on all articles:",
        "",
        *markdown_table(seeds, sorted({k for row in seeds.values() for k in row})),
        "",
    ]
    RESULTS.write_text("\n".join(lines) + "\n")
    print(f"written to {RESULTS}")
    return 0


def _genre_rows(dump: Path, trained, genres: dict):
    """The genre rows training read: its dump's, or rebuilt from the technique scores.

    ``techniques_oof.npz`` is written an hour before ``genre_rows.npz`` in a full run,
    so a run still going can already be read.
    """
    rows_file = dump / "genre_rows.npz"
    if rows_file.is_file():
        d = np.load(rows_file)
        return d["x"], d["y"], d["langs"], d["folds"]
    oof_file = dump / "techniques_oof.npz"
    if not oof_file.is_file():
        print(
            f"{dump}: no genre_rows.npz or techniques_oof.npz; run `spinscope train --dump`",
            file=sys.stderr,
        )
        return None
    labelled = np.array([a.article.id in genres for a in trained])
    rows = genre_article_rows(trained, paragraph_table(trained), np.load(oof_file)["blended"])
    y = np.array(
        [GENRE_NAMES.index(genres[a.article.id]) for a in trained if a.article.id in genres]
    )
    langs = np.array([a.language for a in trained])[labelled]
    folds = (np.array([a.fold for a in trained]) % N_FOLDS)[labelled]
    return rows[labelled], y, langs, folds


def _paragraph_oof(dump: Path, split, genres: dict) -> list[np.ndarray] | None:
    """Each genre-labelled article's out-of-fold technique scores, one row per paragraph."""
    oof_file = dump / "techniques_oof.npz"
    dumped = np.load(oof_file) if oof_file.is_file() else None
    if dumped is None or "blended" not in dumped:
        print(f"{oof_file}: no blended scores; rerun `spinscope train --dump`", file=sys.stderr)
        return None
    blended, owner = dumped["blended"], dumped["article_index"]
    trained = [a for a in collect(split) if a.paragraphs]  # the order `train` numbered them
    return [blended[owner == i] for i, a in enumerate(trained) if a.article.id in genres]


def _held_out(x, y, langs, texts, by_paragraph, choices: Shipped) -> dict:
    """Macro-F1 per held-out language, article head with and without the paragraph head."""
    start = article_feature_size() - LANGUAGES
    unknown = x[:, :start]  # article vectors and length only
    plain = [r[:, : r.shape[1] - LANGUAGES] if len(r) else r for r in by_paragraph]  # no language
    result: dict[str, dict] = {"article + n-grams": {}, "article/paragraph + n-grams": {}}
    for lang in sorted(set(langs)):
        tr, te = np.flatnonzero(langs != lang), np.flatnonzero(langs == lang)
        article = fit_genre_head(unknown[tr], y[tr], choices.c).predict_proba(unknown[te])
        head = fit_paragraph_genre_head([plain[i] for i in tr], y[tr], choices.paragraph_c)
        paragraph = article_genre_probabilities(head, [plain[i] for i in te], article)
        lexical = LexicalHead.fit_single(
            [texts[i] for i in tr], y[tr], GENRE_NAMES, c=choices.lexical_c
        ).predict_proba([texts[i] for i in te])
        for name, share in (
            ("article + n-grams", 0.0),
            ("article/paragraph + n-grams", max(PARAGRAPH_SHARES)),
        ):
            as_unseen = replace(
                choices, paragraph_share=share, lexical_weight=choices.unseen_lexical_weight
            )
            probs = as_unseen.blend(article, paragraph, lexical)
            result[name][lang] = round(genre_macro_f1(y[te], probs.argmax(1)), 4)
    for row in result.values():
        row["mean"] = round(float(np.mean(list(row.values()))), 4)
    return result


def _seeds(x, y, texts, by_paragraph, choices: Shipped) -> dict:
    """Each view fitted on every article, applied to the seeds as the shipped model reads them."""
    if not SEEDS.is_dir():
        return {}
    from spinscope.ingest import read
    from spinscope.persuasion.stages import score_article, shared_model

    model = shared_model()
    article = fit_genre_head(x, y, choices.c)
    paragraph = fit_paragraph_genre_head(by_paragraph, y, choices.paragraph_c)
    lexical = LexicalHead.fit_single(texts, y, GENRE_NAMES, c=choices.lexical_c)
    trees = fit_trees(x, y)
    profile = {c: fit_profile(x, y, c) for c in PROFILE_CS}
    result: dict[str, dict] = {}
    for seed in read(sorted(SEEDS.glob("*.txt"))):
        scored = score_article(seed, model)
        row = model._article_row(scored.inputs, seed.language, scored.scores)
        a = article.predict_proba(row)
        p = article_genre_probabilities(
            paragraph, [paragraph_rows(scored.inputs, seed.language)], a
        )
        n = lexical.predict_proba([article_text(scored.inputs)])
        shipped = choices.blend(a, p, n)
        views = {
            "article head": a,
            "paragraph head": p,
            "n-gram head": n,
            "shipped blend": shipped,
            **{
                f"shipped, trees share {s}": with_trees(shipped, trees(row), s) for s in TREE_SHARES
            },
            **_profile_views(shipped, {c: head(row) for c, head in profile.items()}),
        }
        name = Path(seed.origin).name[:3]
        for view, probs in views.items():
            result.setdefault(view, {})[f"seed {name}"] = f"{probs[0, 0]:.3f} / {probs[0, 1]:.3f}"
        result.setdefault("trees (opinion of opinion+reporting)", {})[f"seed {name}"] = (
            f"{trees(row)[0]:.3f}"
        )
    return result


if __name__ == "__main__":
    sys.exit(main())
