"""``spinscope train``: rebuild every shipped persuasion artefact, with its figures.

One run, fixed seeds, grouped 5-fold cross-validation by article:
1. embed every sentence once (cached), build paragraph and article features;
2. technique heads: out-of-fold scores → per-label thresholds (figures use
   thresholds tuned on the *other* folds, so they are honest), then the final
   heads on all data;
3. phrase tagger: out-of-fold token scores → per technique, the unit (phrase
   or sentence) and threshold with the best span F1;
4. genre and frame heads on article vectors plus the out-of-fold technique
   profile of the article;
5. save the arrays, ``decisions.json`` and the model card.

This module runs the stages in order; what each fits lives beside it:
``train_sources`` (the technique score sources), ``train_phrases`` (the phrase
stage), ``train_article_heads`` (genre and frames), ``train_metrics`` (the
figures) and ``train_config`` (the choices).
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np
from scipy import sparse

from spinscope.persuasion.blend import (
    blend,
    mixed,
    nested_blend_decisions,
    nested_blend_scores,
    nested_decisions,
    search_weights,
)
from spinscope.persuasion.context import (
    ArticleRows,
    ContextHead,
    context_oof,
    nested_context_decisions,
)
from spinscope.persuasion.dataset import ArticleData, collect, embed, multi_hot, paragraph_table
from spinscope.persuasion.encoder import DIM, MODEL_ID, Encoder
from spinscope.persuasion.heads import micro_f1, tune_thresholds
from spinscope.persuasion.latents import sentence_latent_features
from spinscope.persuasion.lexical import LexicalHead
from spinscope.persuasion.model import (
    MODELS_DIR,
    POOLED_SOURCES,
    SOURCES,
    PersuasionModel,
    max_over_sentences,
)
from spinscope.persuasion.reliability import reliability_figures
from spinscope.persuasion.semeval import load_split
from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES
from spinscope.persuasion.token_store import TokenStore
from spinscope.persuasion.train_article_heads import (
    check_article_head_inputs,
    genre_inputs,
    train_frames,
    train_genre,
)
from spinscope.persuasion.train_config import Figures, Log, TrainConfig
from spinscope.persuasion.train_metrics import (
    add_intervals,
    figures_per_language,
    nested_per_language,
    per_label,
)
from spinscope.persuasion.train_phrases import (
    PhraseData,
    PhraseInputs,
    phrase_inputs_fold,
    train_phrases,
)
from spinscope.persuasion.train_sources import (
    choose_pooling,
    fit_attention_head,
    fit_detection_tagger,
    fit_latent_head,
    fit_neighbours,
    fit_sentence_heads,
    fit_technique_heads,
    mean_probabilities,
    sentence_data,
    split_by_paragraph,
    token_data,
    token_rows,
)


def _counter(progress: Callable[[int, int], None] | None, total: int) -> Callable[[int], None]:
    """Turns the encoder's "n more done" calls into the CLI's (done, total) progress."""
    done = [0]

    def tick(n: int) -> None:
        done[0] += n
        if progress:
            progress(done[0], total)

    return tick


def _write_card(card: dict, out_dir: Path) -> None:
    """The card as JSON (read back by the retrain paths) and as the markdown model card."""
    from spinscope.persuasion.card import write_model_card

    (out_dir / "card.json").write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n")
    write_model_card(card, out_dir / "MODEL_CARD.md")


def _update_card(
    out_dir: Path,
    stage: str,
    figures: dict[tuple[str, ...], object],
    config: TrainConfig,
    config_prefixes: tuple[str, ...],
    began: float,
) -> dict:
    """After a one-stage retrain: each of ``figures`` (a key path under the card's
    figures, and its new value) replaced, that stage's settings (``config_prefixes``)
    and when it was retrained (``{stage}_retrained``) recorded; the card written."""
    card = json.loads((out_dir / "card.json").read_text())
    for path, value in figures.items():
        parent = card["figures"]
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value
    fields = {k: v for k, v in asdict(config).items() if k.startswith(config_prefixes)}
    card["config"].update(fields)
    card[f"{stage}_retrained"] = {
        "date": dt.date.today().isoformat(),
        "seconds": round(time.time() - began),
    }
    _write_card(card, out_dir)
    return card


def _retrain_phrases(
    data: PhraseData, out_dir: Path, config: TrainConfig, began: float, log: Log
) -> dict:
    """``only_phrases``: the phrase stage alone, into the model already in ``out_dir``.

    The phrase stage reads the sentence heads' and the detection tagger's out-of-fold
    scores and its own taggers', never the blend, genre or frames; all are fixed-seed,
    so this writes what a full run would, in a fraction of its time.
    """
    model = PersuasionModel.load(out_dir)
    for k in range(config.folds):
        phrase_inputs_fold(k, data, config)
        log(f"phrases: sentence and detection scores, fold {k + 1}/{config.folds} done")
    phrases = train_phrases(data, config, began, log)
    model.tagger = phrases.tagger
    model.phrase_thresholds = phrases.choice.thresholds
    model.phrase_units = phrases.choice.units
    model.phrase_detection_powers = phrases.choice.detection_powers
    model.phrase_state_tagger = phrases.state_tagger
    model.phrase_state_weights = phrases.choice.state_weights
    model.phrase_grow = config.phrase_grow
    model.save(out_dir)
    card = _update_card(
        out_dir, "phrases", {("phrases",): phrases.figures}, config, ("phrase_", "tagger_"), began
    )
    log(f"phrases saved to {out_dir} in {time.time() - began:.0f} s")
    return card


def _retrain_article_heads(
    articles: list[ArticleData],
    split,
    encoder: Encoder,
    out_dir: Path,
    config: TrainConfig,
    began: float,
    progress: Callable[[int, int], None] | None,
    log: Log,
) -> dict:
    """``only_article_heads``: genre and frames alone, into the model already in
    ``out_dir``, with the rule for a language without training data (what they read there).

    Both read the article vectors and the out-of-fold technique scores; a full run
    wrote those scores to its dump, and every stage before them is fixed-seed, so
    this writes what a full run would, in minutes instead of hours.
    """
    assert config.dump_dir is not None  # check_article_head_inputs
    oof_file = config.dump_dir / "techniques_oof.npz"
    log(
        f"{len(articles)} articles; genre and frames from the out-of-fold technique scores "
        f"in {oof_file}"
    )
    total = len({a.article.text[s:e] for a in articles for sp in a.sentences for s, e in sp})
    embed(articles, encoder, progress=_counter(progress, total), latents=False)
    table = paragraph_table(articles)
    y = multi_hot([split.techniques.get(k, []) for k in table.keys], TECHNIQUE_NAMES)
    dumped = np.load(oof_file)
    same = (
        dumped["y"].shape == y.shape
        and np.array_equal(dumped["y"], y)
        and np.array_equal(dumped["article_index"], table.article_index)
        and np.array_equal(dumped["langs"], np.array(table.languages))
    )
    if not same:
        raise ValueError(
            f"{oof_file}: out-of-fold scores of other articles or labels than --data "
            "(rerun the full training with --dump on this data)"
        )
    model = PersuasionModel.load(out_dir)
    sources = {name: dumped[name] for name in SOURCES if name in dumped}
    # the unseen-language rule reads the same scores (and decides what genre reads
    # on such a language), so it is redone with the config's sources
    model.unseen_blend, model.unseen_thresholds = unseen_rule(
        dumped["y"], sources, model.blend, config
    )
    article_rows, unknown_rows, art_langs, art_folds = genre_inputs(
        articles, table, dumped["blended"], blend(sources, model.unseen_blend), config
    )
    genre, figures, (unseen, unseen_head, centred_head) = train_genre(
        articles, article_rows, unknown_rows, art_langs, art_folds, split.genres or {}, config, log
    )
    frame_heads, frame_figures, unseen_frames = train_frames(
        articles, article_rows, unknown_rows, art_langs, art_folds, split.frames or {}, config, log
    )
    model.frame_head, model.frame_thresholds = frame_heads.head, frame_heads.thresholds
    model.frame_lexical = frame_heads.lexical
    model.frame_lexical_weight = frame_heads.lexical_weight
    model.genre_head, model.genre_lexical = genre.head, genre.lexical
    model.genre_lexical_weight = genre.lexical_weight
    model.genre_paragraph_head, model.genre_paragraph_share = (
        genre.paragraph_head,
        genre.paragraph_share,
    )
    model.genre_profile_head, model.genre_profile_share = genre.profile_head, genre.profile_share
    model.unseen_genre_head = unseen_head
    model.unseen_genre_lexical_weight = unseen["lexical_weight"] if unseen else None
    model.unseen_genre_centred_head = centred_head
    model.unseen_genre_centred_lexical_weight = (
        unseen["centred"]["lexical_weight"] if centred_head is not None else None
    )
    model.save(out_dir)
    updated = {
        ("genre",): figures,
        ("frames",): frame_figures,
        ("unseen_language", "blend"): model.unseen_blend,
        ("unseen_language", "genre"): unseen,
        ("unseen_language", "frames"): unseen_frames,
    }
    card = _update_card(
        out_dir, "article_heads", updated, config, ("genre_", "frames_", "unseen_"), began
    )
    log(f"genre and frames saved to {out_dir} in {time.time() - began:.0f} s")
    return card


def unseen_rule(
    y: np.ndarray, sources: dict[str, np.ndarray], weights: dict[str, float], config: TrainConfig
) -> tuple[dict[str, float], np.ndarray]:
    """How a language without training data is scored: ``config.unseen_share`` of the
    blend restricted to ``config.unseen_sources``, the rest the whole blend, with
    thresholds tuned for it on the out-of-fold scores."""
    unseen_weights = mixed(weights, config.unseen_sources, config.unseen_share)
    return unseen_weights, tune_thresholds(y, blend(sources, unseen_weights)).astype(np.float32)


# ------------------------------------------------------------------ main
def train(
    data_dir: str | Path,
    out_dir: Path = MODELS_DIR,
    encoder: Encoder | None = None,
    languages: Sequence[str] | None = None,
    config: TrainConfig | None = None,
    progress: Callable[[int, int], None] | None = None,
    log: Log = print,
) -> dict:
    """Train every head on the ``train`` split of ``data_dir``; returns the model card."""
    config = config or TrainConfig()
    if config.only_phrases and not (out_dir / "card.json").exists():
        # said before the hour of embedding and fitting, not after it
        raise ValueError(
            f"{out_dir}: no trained model to retrain the phrases of (card.json missing)"
        )
    if config.only_article_heads:
        check_article_head_inputs(out_dir, config.dump_dir)
    began = time.time()
    np.random.seed(0)
    split = load_split(data_dir, "train", languages=languages)
    if split.techniques is None:
        raise ValueError(f"{data_dir}: no train-labels-subtask-3.txt found; cannot train")
    articles = [a for a in collect(split) if a.paragraphs]
    if config.max_articles:
        articles = _slice(articles, config.max_articles)
    encoder = encoder or Encoder()
    if config.only_article_heads:
        return _retrain_article_heads(
            articles, split, encoder, out_dir, config, began, progress, log
        )
    sentences = [a.article.text[s:e] for a in articles for sp in a.sentences for s, e in sp]
    sentence_texts = set(sentences)
    log(
        f"{len(articles)} articles, {len(sentence_texts)} distinct sentences to embed, "
        "each once for its token states, vector and latent terms (cached ones reused)"
    )
    tick = _counter(progress, len(sentence_texts))

    with tempfile.TemporaryDirectory() as scratch:
        # token states first: their forward pass also caches the vectors and latent
        # terms embed reads (a sentence whose token states were kept from an earlier
        # run but whose latent terms were not is embedded again for them)
        store = TokenStore(config.tokens_dir or Path(scratch))
        store.fill(list(sentence_texts), encoder.cache, progress=tick)
        embed(articles, encoder, progress=tick, latents=not config.only_phrases)
        token_x, token_lengths = store.sentence_states(sentences)
        store.close()
    table = paragraph_table(articles)
    y = multi_hot([split.techniques.get(k, []) for k in table.keys], TECHNIQUE_NAMES)
    langs = np.array(table.languages)
    folds = table.folds % config.folds
    figures = Figures()

    # 2. techniques: eight score sources, out of fold, then blended
    sentdata = sentence_data(articles, split.spans or {})
    sentence_folds = sentdata.folds % config.folds
    tokdata = token_data(articles, y, split.spans or {})
    token_folds = tokdata.folds % config.folds
    texts = np.array(table.texts, dtype=object)
    whole = np.zeros(y.shape, np.float32)
    lexical = np.zeros(y.shape, np.float32)
    phrase_in = PhraseInputs.empty(sentdata, tokdata)
    sentence_oof, detection_oof = phrase_in.sentence_oof, phrase_in.detection_oof
    phrase_data = PhraseData(
        articles,
        sentences,
        token_x,
        token_lengths,
        y,
        split.spans or {},
        sentdata,
        sentence_folds,
        tokdata,
        token_folds,
        phrase_in,
    )
    if config.only_phrases:
        return _retrain_phrases(phrase_data, out_dir, config, began, log)
    neighbour_oof = np.zeros(sentdata.targets.shape, np.float32)
    latent_oof = np.zeros(sentdata.targets.shape, np.float32)
    attention_oof = np.zeros(sentdata.targets.shape, np.float32)
    # a paragraph's tokens are its sentences' tokens, which lie back to back in token_x
    paragraph_lengths = np.bincount(
        sentdata.paragraph_row, weights=token_lengths, minlength=len(y)
    ).astype(int)
    has_tokens = paragraph_lengths > 0
    paragraph_attention_oof = np.zeros(y.shape, np.float32)
    sentence_vectors = sentdata.features[:, :DIM]
    latent_x = sparse.vstack(
        [sentence_latent_features(a.inputs, a.language) for a in articles], format="csr"
    )
    for k in range(config.folds):
        tr, te = folds != k, folds == k
        whole[te] = mean_probabilities(
            fit_technique_heads(table.features[tr], y[tr], config), table.features[te]
        )
        lexical[te] = LexicalHead.fit(
            list(texts[tr]), y[tr], TECHNIQUE_NAMES, c=config.lexical_c
        ).predict_proba(list(texts[te]))
        s_tr, s_te = sentence_folds != k, sentence_folds == k
        phrase_inputs_fold(k, phrase_data, config)
        neighbour_oof[s_te] = fit_neighbours(
            sentence_vectors[s_tr], sentdata.targets[s_tr], config
        ).scores(sentence_vectors[s_te])
        latent_oof[s_te] = fit_latent_head(
            latent_x[s_tr], sentdata.targets[s_tr], config
        ).predict_proba(latent_x[s_te])
        attention_oof[s_te] = fit_attention_head(
            *token_rows(token_x, token_lengths, np.flatnonzero(s_tr)),
            sentdata.targets[s_tr],
            config,
        ).predict_proba(*token_rows(token_x, token_lengths, np.flatnonzero(s_te)))
        p_tr, p_te = np.flatnonzero(tr & has_tokens), np.flatnonzero(te & has_tokens)
        paragraph_attention_oof[p_te] = fit_attention_head(
            *token_rows(token_x, paragraph_lengths, p_tr), y[p_tr], config, paragraphs=True
        ).predict_proba(*token_rows(token_x, paragraph_lengths, p_te))
        log(f"techniques: fold {k + 1}/{config.folds} done ({time.time() - began:.0f} s)")
    n_labels = len(TECHNIQUE_NAMES)
    per_paragraph = split_by_paragraph(sentence_oof, sentdata.paragraph_row, len(y))
    pooled, sentence_pooling, figures.sentence_pooling = choose_pooling(
        y,
        {
            "sentence": per_paragraph,
            "neighbours": split_by_paragraph(neighbour_oof, sentdata.paragraph_row, len(y)),
            "latents": split_by_paragraph(latent_oof, sentdata.paragraph_row, len(y)),
            "attention": split_by_paragraph(attention_oof, sentdata.paragraph_row, len(y)),
        },
        folds,
    )
    assert tuple(sentence_pooling) == POOLED_SOURCES
    log(f"techniques: sentence pooling {sentence_pooling}")
    sources = {
        "paragraph": whole,
        "sentence": pooled["sentence"],
        "lexical": lexical,
        "tokens": max_over_sentences(
            [detection_oof[lo:hi] for lo, hi in tokdata.paragraph_rows], n_labels
        ),
        "neighbours": pooled["neighbours"],
        "latents": pooled["latents"],
        "attention": pooled["attention"],
        "paragraph_attention": paragraph_attention_oof,
    }
    assert tuple(sources) == SOURCES
    weights, _ = search_weights(y, sources, folds, log)
    log(f"techniques: blend {weights}")
    oof = blend(sources, weights)
    # Figures: weights and thresholds for each fold chosen on the other folds.
    nested, fold_weights = nested_blend_decisions(y, sources, folds)
    # The article context step is kept only if it wins by the same nested measure.
    rows = ArticleRows(
        table.article_index, np.array([line == 1 for _, line in table.keys]), table.languages
    )
    context = (rows, TECHNIQUE_NAMES, config.context_c)
    nested_context = nested_context_decisions(y, sources, folds, fold_weights, *context)
    with_context, without_context = micro_f1(y, nested_context), micro_f1(y, nested)
    use_context = with_context > without_context
    figures.context = {
        "without": figures_per_language(y, nested, langs),
        "with": figures_per_language(y, nested_context, langs),
        "chosen": use_context,
    }
    log(
        f"techniques: article context {with_context:.4f} vs {without_context:.4f} without "
        f"→ used: {use_context}"
    )
    context_head = None
    if use_context:
        # the shipped head learns from the out-of-fold blend, as it will see fresh blends
        context_head = ContextHead.fit(rows.features(oof), y, TECHNIQUE_NAMES, config.context_c)
        oof = context_oof(y, oof, folds, *context)
        nested = nested_context
    per_language = nested_per_language(y, oof, folds, langs)
    mean_global = figures_per_language(y, nested_decisions(y, oof, folds), langs)[
        "mean_over_languages"
    ]["micro_f1"]
    mean_local = figures_per_language(y, per_language, langs)["mean_over_languages"]["micro_f1"]
    use_language_thresholds = mean_local > mean_global
    log(
        f"techniques: thresholds per language {mean_local} vs global {mean_global} "
        f"(mean micro-F1 over languages) → per language: {use_language_thresholds}"
    )
    if use_language_thresholds:
        nested = per_language
    figures.threshold_choice = {
        "global": mean_global,
        "per_language": mean_local,
        "chosen": "per_language" if use_language_thresholds else "global",
    }
    figures.techniques = figures_per_language(y, nested, langs)
    add_intervals(figures.techniques, y, nested, langs, table.article_index)
    figures.techniques_per_label = per_label(y, nested)
    if not use_context:  # how often a flag of each score is right, on the scores flagged
        flagged_on = (
            oof if use_language_thresholds else nested_blend_scores(sources, folds, fold_weights)
        )
        figures.reliability = reliability_figures(y, flagged_on, nested, langs)
    log(f"techniques CV micro-F1: {json.dumps(figures.techniques)}")
    figures.blend = {"chosen": weights, "per_fold": fold_weights}
    figures.technique_sources = {
        name: figures_per_language(y, nested_decisions(y, part, folds), langs)["all"]
        for name, part in sources.items()
    }
    thresholds = tune_thresholds(y, oof).astype(np.float32)
    language_thresholds = (
        {
            lang: tune_thresholds(y[langs == lang], oof[langs == lang]).astype(np.float32)
            for lang in sorted(set(langs))
        }
        if use_language_thresholds
        else {}
    )
    unseen_weights, unseen_thresholds = unseen_rule(y, sources, weights, config)
    figures.unseen_language = {"blend": unseen_weights, "trained": sorted(set(langs))}
    if config.dump_dir:
        config.dump_dir.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            config.dump_dir / "techniques_oof.npz",
            y=y,
            langs=langs,
            folds=folds,
            article_index=table.article_index,
            is_title=rows.is_title,
            blended=oof,  # what genre and frames read (benchmarks/bench_genre_views.py)
            **sources,
        )
    heads = fit_technique_heads(table.features, y, config)
    sentence_heads = fit_sentence_heads(sentdata.features, sentdata.targets, config)
    lexical_head = LexicalHead.fit(list(texts), y, TECHNIQUE_NAMES, c=config.lexical_c)
    neighbours = fit_neighbours(sentence_vectors, sentdata.targets, config)
    detection_tagger = fit_detection_tagger(tokdata.matrix, tokdata.targets, config)
    latent_head = fit_latent_head(latent_x, sentdata.targets, config)
    attention_head = fit_attention_head(token_x, token_lengths, sentdata.targets, config)
    with_tokens = np.flatnonzero(has_tokens)
    paragraph_attention_head = fit_attention_head(
        *token_rows(token_x, paragraph_lengths, with_tokens),
        y[with_tokens],
        config,
        paragraphs=True,
    )
    phrases = train_phrases(phrase_data, config, began, log)
    del token_x, phrase_data
    figures.phrases = phrases.figures

    # 4. genre and frames, on article vectors + out-of-fold technique profile
    # and, for the unseen-language figures, as a language without training data is read
    article_rows, unknown_rows, art_langs, art_folds = genre_inputs(
        articles, table, oof, blend(sources, unseen_weights), config
    )
    genre, figures.genre, (unseen_genre, unseen_genre_head, centred_genre_head) = train_genre(
        articles,
        article_rows,
        unknown_rows,
        art_langs,
        art_folds,
        split.genres or {},
        config,
        log,
    )
    frame_heads, figures.frames, unseen_frames = train_frames(
        articles, article_rows, unknown_rows, art_langs, art_folds, split.frames or {}, config, log
    )
    figures.unseen_language.update(genre=unseen_genre, frames=unseen_frames)

    version = f"persuasion-{dt.date.today().isoformat()}"
    model = PersuasionModel(
        heads,
        sentence_heads,
        lexical_head,
        detection_tagger,
        neighbours,
        latent_head,
        weights,
        thresholds,
        language_thresholds,
        phrases.tagger,
        phrases.choice.thresholds,
        phrases.choice.units,
        genre.head,
        genre.lexical,
        genre.lexical_weight,
        frame_heads.head,
        frame_heads.thresholds,
        version,
        context_head,
        languages=tuple(sorted(set(langs))),
        unseen_blend=unseen_weights,
        unseen_thresholds=unseen_thresholds,
        unseen_genre_lexical_weight=unseen_genre["lexical_weight"] if unseen_genre else None,
        unseen_genre_head=unseen_genre_head,
        unseen_genre_centred_head=centred_genre_head,
        unseen_genre_centred_lexical_weight=(
            unseen_genre["centred"]["lexical_weight"] if centred_genre_head is not None else None
        ),
        sentence_pooling=sentence_pooling,
        genre_paragraph_head=genre.paragraph_head,
        genre_paragraph_share=genre.paragraph_share,
        attention_head=attention_head,
        paragraph_attention_head=paragraph_attention_head,
        phrase_detection_powers=phrases.choice.detection_powers,
        phrase_state_tagger=phrases.state_tagger,
        phrase_state_weights=phrases.choice.state_weights,
        phrase_grow=config.phrase_grow,
        genre_profile_head=genre.profile_head,
        genre_profile_share=genre.profile_share,
        frame_lexical=frame_heads.lexical,
        frame_lexical_weight=frame_heads.lexical_weight,
    )
    model.save(out_dir)
    card = {
        "version": version,
        "date": dt.date.today().isoformat(),
        "encoder": MODEL_ID,
        "data": {
            "source": "SemEval-2023 Task 3 training split",
            "languages": sorted(set(langs)),
            "articles": len(articles),
            "paragraphs": int(len(y)),
            "sentences_embedded": len(sentence_texts),
        },
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()},
        "figures": asdict(figures),
        "training_seconds": round(time.time() - began),
    }
    _write_card(card, out_dir)
    log(f"saved to {out_dir} in {time.time() - began:.0f} s")
    return card


def _slice(articles: list[ArticleData], n: int) -> list[ArticleData]:
    """The first ``n`` articles of each language (tests train on small slices)."""
    per: dict[str, list[ArticleData]] = defaultdict(list)
    for a in articles:
        if len(per[a.language]) < n:
            per[a.language].append(a)
    return [a for group in per.values() for a in group]
