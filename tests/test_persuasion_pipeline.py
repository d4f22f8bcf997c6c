"""End to end on a small slice: SemEval files in, heads trained, thresholds applied,
official format written and re-read by the scorer, findings anchored in an article.

Trains on a few real SemEval articles (the full training is ``spinscope train``).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from spinscope.persuasion import scorer
from spinscope.persuasion.encoder import Encoder, VectorCache
from spinscope.persuasion.model import SOURCES, PersuasionModel, set_shared_model
from spinscope.persuasion.predict import predict_split, score_split
from spinscope.persuasion.semeval import load_split, read_techniques, write_techniques
from spinscope.persuasion.taxonomy import CATEGORIES, FRAME_NAMES, TECHNIQUE_NAMES
from spinscope.persuasion.training import TrainConfig, train

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "semeval2023"
MINI = Path(__file__).parent / "data" / "semeval_mini"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "samples" / "seeds"

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="SemEval data folder not beside repo")


@pytest.fixture(scope="module")
def encoder(tmp_path_factory) -> Encoder:
    return Encoder(VectorCache(tmp_path_factory.mktemp("cache") / "vectors.sqlite"))


@pytest.fixture(scope="module")
def slice_config(tmp_path_factory) -> TrainConfig:
    return TrainConfig(
        seeds=(0,),
        sentence_seeds=(0,),
        hidden=32,
        max_articles=6,
        folds=3,
        tagger_epochs=3,
        attention_seeds=(0,),
        attention_snapshots=(2, 3),
        paragraph_attention_snapshots=(2,),
        tokens_dir=tmp_path_factory.mktemp("token_states"),
        dump_dir=tmp_path_factory.mktemp("oof"),
    )


@pytest.fixture(scope="module")
def trained(tmp_path_factory, encoder, slice_config) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("models")
    card = train(
        DATA, out, encoder, languages=["fr", "en"], config=slice_config, log=lambda _: None
    )
    return out, card


def test_training_writes_every_artefact_and_a_card(trained) -> None:
    out, card = trained
    for name in (
        "techniques_0.npz",
        "sentences_0.npz",
        "phrase_tagger.npz",
        "phrase_states.npz",
        "detection_tagger.npz",
        "neighbours.npz",
        "latents.npz",
        "attention.npz",
        "paragraph_attention.npz",
        "genre.npz",
        "frames.npz",
        "frames_lexical.npz",
        "decisions.json",
        "card.json",
        "MODEL_CARD.md",
    ):
        assert (out / name).is_file(), name
    assert card["data"]["languages"] == ["en", "fr"]
    assert card["data"]["articles"] == 12
    figures = card["figures"]["techniques"]
    assert set(figures) >= {"en", "fr", "all", "mean_over_languages"}
    assert 0.0 <= figures["all"]["micro_f1"] <= 1.0
    low, high = figures["fr"]["interval_95"]
    assert low <= figures["fr"]["micro_f1"] <= high
    weights = card["figures"]["blend"]["chosen"]
    assert set(weights) == set(SOURCES) and abs(sum(weights.values()) - 1.0) < 1e-6
    assert set(card["figures"]["technique_sources"]) == set(SOURCES)
    pooling = card["figures"]["sentence_pooling"]
    assert set(pooling) == {"sentence", "neighbours", "latents", "attention"}
    for row in pooling.values():  # the chosen pooling is the one that scored best alone
        assert row["chosen"] in ("max", "noisy_or")
        assert row[row["chosen"]] == max(row["max"], row["noisy_or"])
    chosen = {name: row["chosen"] for name, row in pooling.items()}
    genre_c, genre_w = card["figures"]["genre"]["C"], card["figures"]["genre"]["lexical_weight"]
    best = max(v for k, v in genre_c.items() if k != "chosen")  # C and weight chosen together
    assert genre_c[str(genre_c["chosen"])] == best == genre_w[str(genre_w["chosen"])]
    genre_share = card["figures"]["genre"]["paragraph_share"]
    assert genre_share[str(genre_share["chosen"])] == best
    assert PersuasionModel.load(out).sentence_pooling == chosen
    context = card["figures"]["context"]
    assert isinstance(context["chosen"], bool)
    assert (out / "context.npz").is_file() == context["chosen"]
    assert set(context["with"]) == set(context["without"]) >= {"en", "fr", "all"}
    card_text = (out / "MODEL_CARD.md").read_text()
    assert "Cross-validated figures" in card_text
    assert f"| fr | {figures['fr']['micro_f1']} | {low}–{high} |" in card_text
    # every nested flag sits in one score band: the bands give back micro-F1
    reliability = card["figures"]["reliability"]
    if context["chosen"]:  # flags taken on revised scores: not measured
        assert reliability == {}
    else:
        assert set(reliability) == {"en", "fr", "all"}
        flags = sum(b["flags"] for b in reliability["all"]["bands"])
        right = sum(b["right"] for b in reliability["all"]["bands"])
        assert flags == sum(b["flags"] for lang in ("en", "fr") for b in reliability[lang]["bands"])
        gold = sum(r["support"] for r in card["figures"]["techniques_per_label"].values())
        assert abs(2 * right / (flags + gold) - figures["all"]["micro_f1"]) < 1e-4
        assert "How often a flagged technique is right" in card_text


def test_paragraph_genre_head_blends_in_and_travels_with_the_model(
    trained, encoder, tmp_path
) -> None:
    """On a trained language the paragraph head takes its share of the vector view."""
    from spinscope.persuasion.dataset import collect, embed
    from spinscope.persuasion.genre_paragraphs import (
        PARAGRAPH_SHARES,
        fit_paragraph_genre_head,
        paragraph_rows,
    )

    out, card = trained
    chosen = card["figures"]["genre"]["paragraph_share"]["chosen"]
    assert chosen in PARAGRAPH_SHARES
    assert (out / "genre_paragraphs.npz").is_file() == bool(chosen)
    model = PersuasionModel.load(out)
    assert (model.genre_paragraph_head is not None) == bool(chosen)
    article = next(a for a in collect(load_split(MINI, "dev")) if len(a.paragraphs) > 2)
    embed([article], encoder, attention=model.attention_heads)
    rows = paragraph_rows(article.inputs, "fr")
    rng = np.random.default_rng(0)
    model.genre_paragraph_head = fit_paragraph_genre_head(
        [rng.normal(size=(4, rows.shape[1])).astype(np.float32) for _ in range(6)],
        np.arange(6) % 3,
        c=1.0,
    )
    model.genre_paragraph_share, model.genre_lexical_weight = 0.5, 0.0
    model.genre_profile_head = None
    scores = model.paragraph_scores(article.inputs, "fr")
    alone = model.genre_head.predict_proba(model._article_row(article.inputs, "fr", scores))[0]
    by_paragraph = model.genre_paragraph_head.predict_proba(rows).mean(0)
    genre = model.genre_scores(article.inputs, "fr", scores)
    assert np.allclose(genre, 0.5 * alone + 0.5 * by_paragraph)
    assert not np.allclose(genre, alone)
    model.save(tmp_path / "m")
    again = PersuasionModel.load(tmp_path / "m")
    assert again.genre_paragraph_share == 0.5
    assert np.allclose(again.genre_scores(article.inputs, "fr", scores), genre, atol=1e-3)


def test_frames_blend_the_vector_and_ngram_heads_at_the_weight_cv_chose(
    trained, encoder, tmp_path
) -> None:
    """Frames are the vector head's and the n-gram head's probabilities, weighed as
    training chose; per-frame thresholds apply to that blend."""
    from spinscope.persuasion.dataset import collect, embed
    from spinscope.persuasion.model import article_text

    out, card = trained
    weight = card["figures"]["frames"]["lexical_weight"]
    assert 0.0 <= weight["chosen"] <= 1.0
    assert len(weight["per_fold"]) == card["config"]["folds"]
    assert set(weight["vector_head_alone"]) >= {"en", "fr", "all"}
    assert f"Weight of the n-gram head: {weight['chosen']}" in (out / "MODEL_CARD.md").read_text()
    model = PersuasionModel.load(out)
    assert model.frame_lexical is not None and model.frame_lexical_weight == weight["chosen"]
    article = next(a for a in collect(load_split(MINI, "dev")) if len(a.paragraphs) > 2)
    embed([article], encoder, attention=model.attention_heads)
    scores = model.paragraph_scores(article.inputs, "fr")
    vector = model.frame_head.predict_proba(model._article_row(article.inputs, "fr", scores))[0]
    lexical = model.frame_lexical.predict_proba([article_text(article.inputs)])[0]
    assert not np.allclose(vector, lexical)
    model.frame_lexical_weight = 0.4
    frames = model.frame_scores(article.inputs, "fr", scores)
    assert np.allclose(frames, 0.6 * vector + 0.4 * lexical, atol=1e-6)
    model.frame_thresholds = (frames - 1e-3).astype(np.float32)
    assert [name for name, _ in model.frames_over_threshold(frames)] == list(FRAME_NAMES)
    model.save(tmp_path / "m")
    again = PersuasionModel.load(tmp_path / "m")
    assert again.frame_lexical_weight == 0.4
    assert np.allclose(again.frame_scores(article.inputs, "fr", scores), frames, atol=1e-3)
    # a model saved without the n-gram head (trained before it) reads the vector head alone
    again.frame_lexical = None
    again.save(tmp_path / "m")
    assert not (tmp_path / "m" / "frames_lexical.npz").exists()
    older = PersuasionModel.load(tmp_path / "m")
    assert older.frame_lexical is None
    assert np.allclose(older.frame_scores(article.inputs, "fr", scores), vector, atol=1e-3)


def test_saved_model_reloads_with_identical_scores(trained, encoder) -> None:
    out, _ = trained
    model = PersuasionModel.load(out)
    again = PersuasionModel.load(out)
    split = predict_split(MINI, "dev", model=model, encoder=encoder)
    rerun = predict_split(MINI, "dev", model=again, encoder=encoder)
    assert split.techniques == rerun.techniques
    assert model.techniques == TECHNIQUE_NAMES
    assert model.technique_thresholds.shape == (len(TECHNIQUE_NAMES),)


def test_official_format_round_trip_through_the_scorer(trained, encoder, tmp_path) -> None:
    out, _ = trained
    model = PersuasionModel.load(out)
    predictions = predict_split(MINI, "dev", model=model, encoder=encoder)
    # every template paragraph of every language gets a line, gold or not
    split = load_split(MINI, "dev")
    assert set(predictions.techniques) == {p.key for p in split.paragraphs}
    path = write_techniques(tmp_path / "pred.txt", predictions.techniques)
    first = path.read_text().splitlines()[0].split("\t")
    assert len(first) == 3 and first[1].isdigit()
    reread = read_techniques(path)
    gold = split["en"].techniques
    from_file = scorer.score_techniques(gold, {k: reread.get(k, []) for k in gold})
    in_memory = [row for row in score_split(predictions) if row.language == "en"][0].techniques
    assert from_file.micro_f1 == pytest.approx(in_memory.micro_f1)


def test_context_head_revises_scores_and_travels_with_the_model(trained, encoder) -> None:
    """A model with an article-context head scores through it, saves it and reloads it."""
    from spinscope.persuasion.context import FEATURES, ContextHead
    from spinscope.persuasion.dataset import collect, embed

    out, _ = trained
    model = PersuasionModel.load(out)
    article = next(a for a in collect(load_split(MINI, "dev")) if len(a.paragraphs) > 2)
    embed([article], encoder, attention=model.attention_heads)
    model.context_head = None
    blended = model.paragraph_scores(article.inputs, article.language)
    n = len(TECHNIQUE_NAMES)
    weights = np.zeros((n, len(FEATURES)), np.float32)
    weights[:, FEATURES.index("previous")] = 8.0  # only the previous paragraph counts
    model.context_head = ContextHead(TECHNIQUE_NAMES, weights, np.full(n, -4.0, np.float32))
    revised = model.paragraph_scores(article.inputs, article.language)
    expected = 1 / (1 + np.exp(-(8.0 * blended[:-1] - 4.0)))
    assert np.allclose(revised[1:], expected, atol=1e-5)
    assert np.allclose(revised[0], 1 / (1 + np.exp(4.0)))
    saved = out.parent / (out.name + "-context")
    model.save(saved)
    again = PersuasionModel.load(saved)
    assert again.context_head is not None
    assert np.allclose(again.paragraph_scores(article.inputs, article.language), revised)
    again.context_head = None
    again.save(saved)  # a model without one leaves no stale file behind
    assert not (saved / "context.npz").exists()
    assert PersuasionModel.load(saved).context_head is None


def test_sentence_pooling_choice_reaches_the_scores(trained, encoder) -> None:
    """The pooling named in the model is the one its sentence-level sources use."""
    from spinscope.persuasion.features import ParagraphInput

    out, _ = trained
    model = PersuasionModel.load(out)
    paragraphs = [
        ["Ces terroristes mentent.", "Tout le monde le sait.", "Quelle honte !"],
        ["Le ministre a parlé mardi à Paris."],
        ["Les Yankees fuient.", "Leur défaite est totale."],
    ]
    attention = encoder.paragraph_attention(paragraphs, model.attention_heads)
    inputs = [
        ParagraphInput(
            " ".join(s),
            encoder.embed(s),
            sentence_latents=encoder.latents(s),
            sentence_attention=attention.sentences[i],
            paragraph_attention=attention.paragraphs[i],
        )
        for i, s in enumerate(paragraphs)
    ]
    several = np.array([len(s) > 1 for s in paragraphs])
    by_way = {}
    for way in ("max", "noisy_or"):
        model.sentence_pooling = dict.fromkeys(
            ("sentence", "neighbours", "latents", "attention"), way
        )
        by_way[way] = model.source_scores(inputs, "fr")
    for name in ("sentence", "neighbours", "latents", "attention"):
        high, low = by_way["noisy_or"][name], by_way["max"][name]
        assert (high >= low - 1e-6).all()
        assert (high[several] > low[several] + 1e-6).any(), name
        assert np.allclose(high[~several], low[~several], atol=1e-6)
    for name in ("paragraph", "lexical", "tokens", "paragraph_attention"):  # not pooled
        assert np.allclose(by_way["noisy_or"][name], by_way["max"][name])


def test_thresholds_decide_the_labels(trained) -> None:
    out, _ = trained
    model = PersuasionModel.load(out)
    expected_en = model.language_thresholds.get("en", model.technique_thresholds)
    cases = (("en", expected_en), (None, model.unseen_thresholds))
    for language, thresholds in cases:
        assert model.thresholds_for(language) is thresholds
        scores = np.tile(thresholds, (2, 1))
        scores[1] -= 1e-3
        decided = model.decide(scores, language)
        assert decided[0].all() and not decided[1].any()


def test_phrase_scores_weigh_in_the_detection_tagger_where_training_chose_it(trained) -> None:
    out, card = trained
    model = PersuasionModel.load(out)
    chosen = card["figures"]["phrases"]["per_technique"]
    powers = [chosen[name]["detection_power"] for name in model.techniques]
    assert set(powers) <= set(TrainConfig().phrase_detection_powers)
    assert model.phrase_detection_powers.tolist() == powers
    text = "Ces terroristes américains et leurs laquais mentent encore."
    model.phrase_detection_powers = np.zeros(len(powers), np.float32)
    tokens, alone = model.token_scores(text, 0, "fr")
    model.phrase_detection_powers = np.full(len(powers), 0.25, np.float32)
    _, weighed = model.token_scores(text, 0, "fr")
    from spinscope.persuasion.phrases import token_matrix

    detection = model.detection_tagger.scores(token_matrix(tokens, "fr"))
    assert np.allclose(weighed, alone * detection**0.25, atol=1e-6)
    assert (weighed <= alone + 1e-6).all() and not np.allclose(weighed, alone)


def test_phrases_grow_as_training_configured_and_older_models_do_not(trained) -> None:
    import json

    from spinscope.persuasion.phrases import phrase_spans, tokenize

    out, card = trained
    decisions = json.loads((out / "decisions.json").read_text())
    assert decisions["phrase_grow"] == TrainConfig().phrase_grow == card["config"]["phrase_grow"]
    model = PersuasionModel.load(out)
    assert model.phrase_grow == TrainConfig().phrase_grow > 0
    text = "Ces stratèges de pacotille mentent encore."
    tokens = tokenize(text)
    technique = model.techniques.index("Name_Calling-Labeling")
    threshold = float(model.phrase_thresholds[technique])
    scores = np.zeros((len(tokens), len(model.techniques)), np.float32)
    scores[1, technique] = threshold * (model.phrase_grow + 1) / 2  # « stratèges »: grows in
    scores[3, technique] = min(1.0, threshold * 2)  # « pacotille »: over the threshold
    found = model.phrases(technique, tokens, scores, [], np.zeros((0, len(model.techniques))))
    assert [text[s:e] for s, e, _ in found] == ["stratèges de pacotille"]
    assert found == phrase_spans(tokens, scores[:, technique], threshold, grow=model.phrase_grow)
    # a model saved before growth existed has no such decision and reads 0
    del decisions["phrase_grow"]
    (out / "decisions.json").write_text(json.dumps(decisions))
    try:
        assert PersuasionModel.load(out).phrase_grow == 0.0
    finally:
        decisions["phrase_grow"] = model.phrase_grow
        (out / "decisions.json").write_text(json.dumps(decisions))


def test_each_technique_points_by_the_unit_with_the_best_span_f1(trained) -> None:
    import json

    from spinscope.persuasion.model import PHRASE_UNITS
    from spinscope.persuasion.phrases import tokenize

    out, card = trained
    per_technique = card["figures"]["phrases"]["per_technique"]
    columns = {
        "phrase": "phrase_span_f1",
        "phrase_or_sentence": "phrase_or_sentence_span_f1",
        "sentence": "sentence_span_f1",
    }
    assert set(columns) == set(PHRASE_UNITS)
    for tech, row in per_technique.items():
        best = max(row[c] for c in columns.values())
        assert row["span_f1"] == row[columns[row["unit"]]] == best, tech
        assert 0.0 <= row["nested_span_f1"] <= 1.0, tech
    nested = card["figures"]["phrases"]["given_gold_paragraph_labels_nested"]
    assert 0.0 < nested["f1"] <= 1.0
    card_text = (out / "MODEL_CARD.md").read_text()
    assert "phrase_or_sentence_span_f1" in card_text
    without = card["figures"]["phrases"]["nested_f1_without_phrase_or_sentence"]
    assert 0.0 < without <= 1.0
    assert (
        f"(nested): P={nested['precision']}, R={nested['recall']}, F1={nested['f1']}"
        f" (F1 {without} choosing only between phrase and sentence)"
    ) in card_text
    # a technique pointed at by phrase_or_sentence: its sentence where no word passes
    decisions = json.loads((out / "decisions.json").read_text())
    model = PersuasionModel.load(out)
    technique = model.techniques.index("Name_Calling-Labeling")
    text = "Les troupes partent. Ces Yankees fuient la guérilla."
    tokens = tokenize(text)
    sentences = [(0, 20), (21, len(text))]
    scores = np.zeros((len(tokens), len(model.techniques)), np.float32)
    yankees = [t.text for t in tokens].index("Yankees")
    scores[yankees, technique] = float(model.phrase_thresholds[technique]) / 2
    no_sentence_scores = np.zeros((len(sentences), len(model.techniques)))
    units = list(model.phrase_units)
    try:
        for unit, expected in (
            ("phrase", ["Yankees"]),
            ("phrase_or_sentence", ["Ces Yankees fuient la guérilla."]),
        ):
            units[technique] = unit
            decisions["phrase_units"] = units
            (out / "decisions.json").write_text(json.dumps(decisions))
            found = PersuasionModel.load(out).phrases(
                technique, tokens, scores, sentences, no_sentence_scores
            )
            assert [text[s:e] for s, e, _ in found] == expected, unit
        # a unit this spinscope does not know is refused, naming the file
        units[technique] = "paragraph"
        decisions["phrase_units"] = units
        (out / "decisions.json").write_text(json.dumps(decisions))
        with pytest.raises(
            ValueError, match=r"decisions\.json: unknown phrase unit\(s\) paragraph"
        ):
            PersuasionModel.load(out)
    finally:
        decisions["phrase_units"] = list(model.phrase_units)
        (out / "decisions.json").write_text(json.dumps(decisions))


def test_phrase_scores_weigh_in_the_word_states_where_training_chose_it(trained, encoder) -> None:
    from spinscope.persuasion.attention import content_spans, content_states
    from spinscope.persuasion.engine import LayerPooledE5
    from spinscope.persuasion.phrases import tokenize
    from spinscope.persuasion.word_states import with_languages, word_scores, word_vectors

    out, card = trained
    model = PersuasionModel.load(out)
    chosen = card["figures"]["phrases"]["per_technique"]
    weights = [chosen[name]["state_weight"] for name in model.techniques]
    assert set(weights) <= set(TrainConfig().phrase_state_weights)
    assert model.phrase_state_weights.tolist() == weights
    tagger = model.phrase_state_tagger
    # the states' 384 rows, then a bias per training language
    assert tagger is not None and tagger.weights.shape == (384 + 6, len(model.techniques))
    paragraph = "Ces terroristes américains mentent encore. Les Yankees fuient !"
    sentences = [(0, 42), (43, len(paragraph))]
    texts = [paragraph[s:e] for s, e in sentences]
    cached = encoder.word_pieces(texts, tagger)
    pieces = [
        (logits, spans + s) for (logits, spans), (s, _) in zip(cached, sentences, strict=True)
    ]
    model.phrase_state_weights = np.zeros(len(weights), np.float32)
    tokens, alone = model.token_scores(paragraph, 0, "fr", pieces)
    model.phrase_state_weights = np.full(len(weights), 0.5, np.float32)
    _, weighed = model.token_scores(paragraph, 0, "fr", pieces)
    states = word_scores(tokens, pieces, tagger, 384, "fr")
    assert np.allclose(weighed, np.sqrt(alone * states), atol=1e-5)
    assert not np.allclose(weighed, alone)
    # the cached piece logits say what training's word vectors say of the same words
    engine = LayerPooledE5()
    _, rows = engine.passage_tokens(texts)
    fresh = [
        (content_states(r), content_spans(sp) + s)
        for r, sp, (s, _) in zip(rows, engine.passage_token_spans(texts), sentences, strict=True)
    ]
    words = tokenize(paragraph)
    vectors = with_languages(word_vectors(words, fresh, 384), ["fr"] * len(words))
    assert np.allclose(states, tagger.scores(vectors), atol=1e-3)
    _, without = model.token_scores(paragraph, 0, "fr")  # no pieces: the tagger alone
    assert np.allclose(without, alone)


def test_retraining_only_the_phrases_writes_what_the_full_run_did(
    trained, encoder, slice_config, tmp_path
) -> None:
    import dataclasses
    import json
    import shutil

    from spinscope.persuasion.phrases import TokenTagger

    out, card = trained
    copy = tmp_path / "models"
    shutil.copytree(out, copy)
    again = train(
        DATA,
        copy,
        encoder,
        languages=["fr", "en"],
        config=dataclasses.replace(slice_config, only_phrases=True),
        log=lambda _: None,
    )
    assert again["figures"]["phrases"] == card["figures"]["phrases"]
    assert again["figures"]["techniques"] == card["figures"]["techniques"]
    assert "phrases_retrained" in again and "phrases_retrained" not in card
    assert "--only-phrases" in (copy / "MODEL_CARD.md").read_text()
    assert "--only-phrases" not in (out / "MODEL_CARD.md").read_text()
    for name in ("phrase_tagger.npz", "phrase_states.npz"):
        old, new = TokenTagger.load(out / name), TokenTagger.load(copy / name)
        assert np.array_equal(old.weights, new.weights) and np.array_equal(old.bias, new.bias)
    assert json.loads((copy / "decisions.json").read_text()) == json.loads(
        (out / "decisions.json").read_text()
    )
    with pytest.raises(ValueError, match="empty.*no trained model"):
        train(
            DATA,
            tmp_path / "empty",
            encoder,
            languages=["fr", "en"],
            config=dataclasses.replace(slice_config, only_phrases=True),
            log=lambda _: None,
        )


def test_dumped_phrase_scores_are_those_the_phrase_choice_read(trained, slice_config) -> None:
    """Decoding the dumped out-of-fold scores with the saved model's own rules gives back
    the card's span F1 of every technique: the dump is what the choice was made on, so
    a benchmark can judge the shipped pointers out of fold (bench_weak_pointers.py)."""
    from spinscope.persuasion.dataset import collect, multi_hot, paragraph_table
    from spinscope.persuasion.train_sources import split_by_paragraph, token_data
    from spinscope.persuasion.training import _slice

    out, card = trained
    model = PersuasionModel.load(out)
    dump = np.load(slice_config.dump_dir / "phrases_oof.npz")
    split = load_split(DATA, "train", languages=["fr", "en"])
    articles = _slice([a for a in collect(split) if a.paragraphs], slice_config.max_articles)
    table = paragraph_table(articles)
    y = multi_hot([split.techniques.get(k, []) for k in table.keys], TECHNIQUE_NAMES)
    tokdata = token_data(articles, y, split.spans or {})
    tokens = dump["token_scores"]
    assert tokens.shape == tokdata.targets.shape and 0.0 <= tokens.min() <= tokens.max() <= 1.0
    sentence_scores = split_by_paragraph(
        dump["sentence_scores"], dump["sentence_paragraph"], len(y)
    )
    sentences = [s for a in articles for s in a.sentences]
    ids = [a.article.id for a in articles for _ in a.paragraphs]
    checked = 0
    for j, tech in enumerate(TECHNIQUE_NAMES):
        rows = [r for r in np.flatnonzero(y[:, j]) if tokdata.tokens[r] and len(sentences[r])]
        if not rows:
            continue
        gold = [
            (aid, t, s, e)
            for aid in {ids[r] for r in rows}
            for t, s, e in split.spans.get(aid, [])
            if t == tech
        ]
        pred = []
        for r in rows:
            lo, hi = tokdata.paragraph_rows[r]
            found = model.phrases(
                j, tokdata.tokens[r], tokens[lo:hi], sentences[r], sentence_scores[r]
            )
            pred += [(ids[r], tech, s, e) for s, e, _ in found]
        f1 = scorer.span_prf(gold, pred)[2]
        assert f1 == pytest.approx(
            card["figures"]["phrases"]["per_technique"][tech]["span_f1"], abs=1e-4
        ), tech
        checked += 1
    assert checked >= 5


def test_profile_genre_head_takes_its_share_on_a_trained_language_only(
    trained, encoder, tmp_path
) -> None:
    from spinscope.persuasion.dataset import collect, embed
    from spinscope.persuasion.genre_profile import (
        PROFILE_SHARES,
        fit_profile_genre_head,
        profile_columns,
    )

    out, card = trained
    chosen = card["figures"]["genre"]["profile_share"]["chosen"]
    assert chosen in PROFILE_SHARES
    assert (out / "genre_profile.npz").is_file() == bool(chosen)
    assert f"share {chosen} of the final blend" in (out / "MODEL_CARD.md").read_text()
    model = PersuasionModel.load(out)
    article = next(a for a in collect(load_split(MINI, "dev")) if len(a.paragraphs) > 2)
    embed([article], encoder, attention=model.attention_heads)
    scores = model.paragraph_scores(article.inputs, "fr")
    row = model._article_row(article.inputs, "fr", scores)
    model.genre_profile_head = None
    without = {lang: model.genre_scores(article.inputs, lang, scores) for lang in ("fr", "sv")}
    rng = np.random.default_rng(0)
    model.genre_profile_head = fit_profile_genre_head(
        rng.normal(size=(12, row.shape[1])).astype(np.float32), np.arange(12) % 3, c=1.0
    )
    model.genre_profile_share = 0.35
    profile = model.genre_profile_head.predict_proba(profile_columns(row))[0]
    genre = model.genre_scores(article.inputs, "fr", scores)
    assert np.allclose(genre, 0.65 * without["fr"] + 0.35 * profile, atol=1e-6)
    assert not np.allclose(genre, without["fr"])
    # a new language's profile comes from a weaker blend: the head stays out
    assert np.allclose(model.genre_scores(article.inputs, "sv", scores), without["sv"])
    model.save(tmp_path / "m")
    again = PersuasionModel.load(tmp_path / "m")
    assert again.genre_profile_share == 0.35
    assert np.allclose(again.genre_scores(article.inputs, "fr", scores), genre, atol=1e-3)


def test_retraining_only_the_article_heads_writes_what_the_full_run_did(
    trained, encoder, slice_config, tmp_path
) -> None:
    import dataclasses
    import json
    import shutil

    out, card = trained
    copy = tmp_path / "models"
    shutil.copytree(out, copy)
    only_heads = dataclasses.replace(slice_config, only_article_heads=True)
    again = train(
        DATA, copy, encoder, languages=["fr", "en"], config=only_heads, log=lambda _: None
    )
    assert again["figures"]["genre"] == card["figures"]["genre"]
    assert again["figures"]["frames"] == card["figures"]["frames"]
    assert again["figures"]["unseen_language"] == card["figures"]["unseen_language"]
    assert again["figures"]["techniques"] == card["figures"]["techniques"]
    assert "article_heads_retrained" in again and "article_heads_retrained" not in card
    assert "--only-article-heads" in (copy / "MODEL_CARD.md").read_text()
    assert json.loads((copy / "decisions.json").read_text()) == json.loads(
        (out / "decisions.json").read_text()
    )
    head_files = sorted(p.name for p in [*out.glob("genre*.npz"), *out.glob("frames*.npz")])
    assert "frames_lexical.npz" in head_files
    assert head_files == sorted(
        p.name for p in [*copy.glob("genre*.npz"), *copy.glob("frames*.npz")]
    )
    for name in head_files:
        old, new = np.load(out / name), np.load(copy / name)
        assert sorted(old.files) == sorted(new.files)
        assert all(np.array_equal(old[k], new[k]) for k in old.files), name
    # scores of other articles, or no scores at all, are refused before anything is written
    written = (copy / "card.json").read_text()
    other = tmp_path / "other"
    other.mkdir()
    dumped = dict(np.load(slice_config.dump_dir / "techniques_oof.npz"))
    dumped["y"] = 1 - dumped["y"]
    np.savez(other / "techniques_oof.npz", **dumped)
    for dump, message in ((other, "other articles or labels"), (tmp_path, "no techniques_oof")):
        with pytest.raises(ValueError, match=message):
            train(
                DATA,
                copy,
                encoder,
                languages=["fr", "en"],
                config=dataclasses.replace(only_heads, dump_dir=dump),
                log=lambda _: None,
            )
    assert (copy / "card.json").read_text() == written
    # another rule for unseen languages is redone from the dump, with what genre reads there
    other_rule = dataclasses.replace(
        only_heads, unseen_sources=("latents", "attention"), unseen_share=1.0
    )
    changed = train(
        DATA, copy, encoder, languages=["fr", "en"], config=other_rule, log=lambda _: None
    )
    rule = PersuasionModel.load(copy)
    assert {s for s, w in rule.unseen_blend.items() if w > 0} == {"latents", "attention"}
    assert changed["figures"]["unseen_language"]["blend"] == rule.unseen_blend
    assert tuple(changed["config"]["unseen_sources"]) == ("latents", "attention")
    assert not np.array_equal(rule.unseen_thresholds, PersuasionModel.load(out).unseen_thresholds)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not beside repo")
def test_analysis_findings_are_anchored_and_explained(trained, encoder) -> None:
    from spinscope.ingest import read
    from spinscope.persuasion.encoder import set_default_cache
    from spinscope.pipeline import analyze

    out, _ = trained
    set_default_cache(encoder.cache)
    set_shared_model(PersuasionModel.load(out))
    try:
        article = next(a for a in read([sorted(SEEDS.glob("*.txt"))[0]]))
        analysis = analyze(article, only=["techniques", "genre", "frames"])
    finally:
        set_shared_model(None)
    body = analysis.article.body
    # the encoder pass that scored the sentences cached the word-state piece logits too
    from spinscope.persuasion.encoder import _words_id, text_key
    from spinscope.segment import sentence_spans

    words_id = _words_id(PersuasionModel.load(out).phrase_state_tagger)
    sentences = [
        body[s:e]
        for p in analysis.article.paragraphs
        for s, e in sentence_spans(body[p.start : p.end], p.start)
    ]
    keys = [text_key(t, words_id) for t in sentences]
    assert sentences and set(encoder.cache.get_scores(keys)) == set(keys)
    assert len(analysis.paragraph_techniques) == len(analysis.article.paragraphs)
    assert analysis.genre is not None and analysis.genre.label in {"opinion", "reporting", "satire"}
    for finding in analysis.techniques:
        assert body[finding.start : finding.end] == finding.text
        assert finding.category in CATEGORIES
        assert finding.definition  # French definition for a French article
        paragraph = analysis.article.paragraphs[finding.paragraph]
        assert paragraph.start <= finding.start < finding.end <= paragraph.end
        flagged = {ls.label for ls in analysis.paragraph_techniques[finding.paragraph].labels}
        assert finding.technique in flagged


def test_scores_carry_an_article_bootstrap_interval(trained, encoder) -> None:
    out, _ = trained
    predictions = predict_split(MINI, "dev", model=PersuasionModel.load(out), encoder=encoder)
    scored = [row for row in score_split(predictions) if row.techniques]
    assert {row.language for row in scored} >= {"en"}
    for row in scored:
        low, high = row.techniques_interval
        assert low <= row.techniques.micro_f1 + 1e-4 and row.techniques.micro_f1 - 1e-4 <= high
    # no techniques gold (the French dev slice holds only genre and frames): no interval either
    assert all(r.techniques_interval is None for r in score_split(predictions) if not r.techniques)


def test_evaluate_command_prints_figures_and_intervals(trained, encoder) -> None:
    from typer.testing import CliRunner

    from spinscope.cli import app

    out, _ = trained
    result = CliRunner().invoke(
        app,
        ["evaluate", "--data", str(MINI), "--split", "dev", "--models", str(out)]
        + ["--cache", str(encoder.cache.path)],
        env={"COLUMNS": "80", "NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.output
    # an 80-column terminal still shows every figure whole
    assert "…" not in result.output
    rows: dict[str, list[str]] = {}
    for line in result.output.splitlines():
        if line.strip():  # the scores table's row, not the phrases table's below it
            rows.setdefault(line.split()[0], line.split())
    assert {"en", "fr", "all"} <= set(rows)
    assert "interval" in result.output
    assert re.fullmatch(r"\d\.\d{4}–\d\.\d{4}", rows["en"][2]), rows["en"]


def test_phrases_are_predicted_scored_and_written_where_the_split_has_spans(
    trained, encoder, tmp_path
) -> None:
    """A split with gold span files gets phrases, found as analyze finds them, scored
    end to end by the span F1; ``predict --spans`` writes them in the span files' format."""
    import json

    from typer.testing import CliRunner

    from spinscope.cli import app
    from spinscope.persuasion.semeval import read_spans

    out, _ = trained
    model = PersuasionModel.load(out)
    predictions = predict_split(MINI, "dev", model=model, encoder=encoder)
    split = load_split(MINI, "dev")
    assert predictions.spans is not None and set(predictions.spans) >= {"9001", "9002"}
    lines = {p.key: p for p in split.paragraphs}
    found = 0
    for aid, spans in predictions.spans.items():
        text = split.parts["en" if aid.startswith("90") else "fr"].article(aid).text
        for technique, start, end in spans:
            # inside one paragraph, and that paragraph was flagged with the technique
            home = [k for k, p in lines.items() if k[0] == aid and p.start <= start < p.end]
            assert len(home) == 1 and end <= lines[home[0]].end
            assert technique in predictions.techniques[home[0]]
            assert text[start:end].strip()
            found += 1
    assert found
    rows = {row.language: row for row in score_split(predictions)}
    gold = split["en"].spans
    expected = scorer.span_prf(
        scorer.spans_as_rows(gold),
        scorer.spans_as_rows({k: predictions.spans.get(k, []) for k in gold}),
    )
    assert rows["en"].phrases == pytest.approx(expected)
    assert rows["fr"].phrases is None  # no span files in the French slice
    assert predict_split(MINI, "dev", model=model, encoder=encoder, phrases=False).spans is None
    runner = CliRunner()
    base = ["--data", str(MINI), "--split", "dev", "--models", str(out)]
    base += ["--cache", str(encoder.cache.path)]
    figures = json.loads(runner.invoke(app, ["evaluate", *base, "--json"]).output)
    assert figures["en"]["phrases"]["f1"] == pytest.approx(expected[2])
    shown = runner.invoke(app, ["evaluate", *base], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert "phrases" in shown.output and "…" not in shown.output
    written = runner.invoke(
        app, ["predict", *base, "--out", str(tmp_path / "t.txt"), "--spans", str(tmp_path / "s")]
    )
    assert written.exit_code == 0, written.output
    reread = read_spans(tmp_path / "s")
    assert sorted(reread) == sorted(
        (aid, t, s, e) for aid, spans in predictions.spans.items() for t, s, e in spans
    )
    refused = runner.invoke(
        app, ["predict", *base, "--out", str(tmp_path / "g.txt"), "--subtask", "1", "--spans", "x"]
    )
    assert refused.exit_code == 2 and "--spans goes with --subtask 3" in refused.output


def test_evaluate_per_label_and_json_agree_with_the_scorer(trained, encoder) -> None:
    import json

    from typer.testing import CliRunner

    from spinscope.cli import app

    out, _ = trained
    base = ["evaluate", "--data", str(MINI), "--split", "dev", "--models", str(out)]
    base += ["--cache", str(encoder.cache.path)]
    runner = CliRunner()
    figures = json.loads(runner.invoke(app, [*base, "--json"]).output)
    assert {"en", "fr", "all"} <= set(figures)
    techniques = figures["all"]["techniques"]
    counted = techniques["per_label"].values()
    tp, fp = sum(r["tp"] for r in counted), sum(r["fp"] for r in counted)
    fn = sum(r["fn"] for r in counted)
    assert abs(techniques["micro_f1"] - 2 * tp / (2 * tp + fp + fn)) < 1e-9
    # every flag on a gold paragraph falls in one score band; the right ones are the hits
    bands = figures["all"]["reliability"]["bands"]
    assert sum(b["flags"] for b in bands) == tp + fp
    assert sum(b["right"] for b in bands) == tp
    assert all(b["low"] <= b["mean_score"] < b["high"] for b in bands if b["flags"])
    shown = runner.invoke(app, [*base, "--per-label"], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert shown.exit_code == 0, shown.output
    assert "…" not in shown.output and "techniques — all" in shown.output
    assert "flags right, by score band" in shown.output
    for label, r in techniques["per_label"].items():
        line = next((ln for ln in shown.output.splitlines() if ln.split()[:1] == [label]), None)
        if r["tp"] + r["fp"] + r["fn"] == 0:
            assert line is None  # neither in gold nor predicted
        else:
            assert line.split()[1:3] == [str(r["tp"] + r["fn"]), str(r["tp"] + r["fp"])], line


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not beside repo")
def test_analysis_scores_the_sentences_the_heads_were_trained_on(trained, encoder) -> None:
    """French is shown in spaCy's sentences, but scored in the rule splitter's, as trained."""
    from spinscope.ingest import read
    from spinscope.persuasion.encoder import set_default_cache
    from spinscope.persuasion.stages import score_article
    from spinscope.pipeline import analyze
    from spinscope.segment import sentence_spans

    out, _ = trained
    model = PersuasionModel.load(out)
    set_default_cache(encoder.cache)
    set_shared_model(model)
    try:
        article = next(a for a in read([sorted(SEEDS.glob("*.txt"))[0]]))
        analysis = analyze(article, only=["techniques"])
        scored = score_article(analysis.article, model)
    finally:
        set_shared_model(None)
    body, paragraphs = analysis.article.body, analysis.article.paragraphs
    shown = [[(s.start, s.end) for s in p.sentences] for p in paragraphs]
    rules = [sentence_spans(body[p.start : p.end], offset=p.start) for p in paragraphs]
    assert shown != rules  # the segment stage did cut this French text its own way
    assert scored.sentences == rules
    embedded = [len(scored.inputs[row].sentence_vectors) for row in scored.body_rows]
    assert embedded == [len(spans) for spans in rules]


def test_a_language_without_training_data_gets_its_own_blend_and_thresholds(
    trained, encoder
) -> None:
    """Trained on French and English, the model scores German as unseen; French as trained."""
    from spinscope.persuasion.blend import blend, restricted
    from spinscope.persuasion.dataset import collect, embed

    out, card = trained
    model = PersuasionModel.load(out)
    assert model.languages == ("en", "fr")
    config = TrainConfig()
    restricted_part = restricted(model.blend, config.unseen_sources)
    for name, weight in model.unseen_blend.items():
        share = config.unseen_share * restricted_part[name]
        assert weight == pytest.approx(share + (1 - config.unseen_share) * model.blend[name])
    assert model.unseen_blend != model.blend
    assert card["figures"]["unseen_language"]["blend"] == model.unseen_blend
    assert model.is_unseen("de") and model.is_unseen("es") and not model.is_unseen("fr")
    assert model.thresholds_for("de") is model.unseen_thresholds
    assert model.thresholds_for("fr") is model.language_thresholds.get(
        "fr", model.technique_thresholds
    )
    article = next(a for a in collect(load_split(MINI, "dev")) if len(a.paragraphs) > 1)
    embed([article], encoder, attention=model.attention_heads)
    titles = [p.is_title for p in article.inputs]
    for language, weights in (("de", model.unseen_blend), ("fr", model.blend)):
        expected = blend(model.source_scores(article.inputs, language), weights)
        if model.context_head is not None and language == "fr":  # never for an unseen one
            expected = model.context_head.revise(expected, titles, language)
        assert np.allclose(model.paragraph_scores(article.inputs, language), expected)
    # a model saved before unseen languages were handled scores every language alike
    model.unseen_blend = model.unseen_thresholds = None
    assert not model.is_unseen("de")
    assert model.thresholds_for("de") is model.technique_thresholds


def test_a_language_without_training_data_reads_genre_with_the_held_out_weight(
    trained, encoder
) -> None:
    """Genre's n-gram share on an unseen language is the one chosen with languages held out."""
    from spinscope.persuasion.dataset import collect, embed
    from spinscope.persuasion.held_out import LEXICAL_WEIGHTS

    out, card = trained
    model = PersuasionModel.load(out)
    held_out = card["figures"]["unseen_language"]
    # a language is skipped when the others hold a single genre (so in this slice)
    assert held_out["genre"]["macro_f1"] and set(held_out["genre"]["macro_f1"]) <= {"en", "fr"}
    assert model.unseen_genre_lexical_weight == held_out["genre"]["lexical_weight"]
    assert model.unseen_genre_lexical_weight in LEXICAL_WEIGHTS
    assert set(held_out["frames"]["micro_f1"]) == {"en", "fr", "mean"}
    assert "on a language without training data" in (out / "MODEL_CARD.md").read_text()

    article = next(a for a in collect(load_split(MINI, "dev")) if len(a.paragraphs) > 1)
    embed([article], encoder, attention=model.attention_heads)
    model.genre_lexical_weight, model.unseen_genre_lexical_weight = 0.5, 0.0
    for language, lexical_counts in (("de", False), ("fr", True)):
        scores = model.paragraph_scores(article.inputs, language)
        row = model._article_row(article.inputs, language, scores)
        vector = model.genre_head.predict_proba(row)[0]
        genre = model.genre_scores(article.inputs, language, scores)
        assert np.allclose(genre, vector) != lexical_counts, language
    assert (out / "genre_unseen.npz").is_file() == (not held_out["genre"]["profile"])
    # a head without the technique profile, when chosen, reads a new language's article
    from spinscope.persuasion.features import article_features

    model.unseen_genre_head = _random_genre_head()
    scores = model.paragraph_scores(article.inputs, "de")
    expected = model.unseen_genre_head.predict_proba(article_features(article.inputs, "de")[None])
    assert np.allclose(model.genre_scores(article.inputs, "de", scores), expected[0])
    model.unseen_genre_lexical_weight = None  # a model from before the rule
    assert model.genre_lexical_weight_for("de") == 0.5


def test_articles_of_subtask_1_or_2_only_get_genre_and_frames(
    trained, encoder, tmp_path, monkeypatch
) -> None:
    """No template lists such an article's lines: it is read line by line, genre and frames
    are predicted for it, and no technique line is written for it. A batch of a language
    without training data reads genre on its own centre."""
    import shutil

    import spinscope.persuasion.model as model_module
    from spinscope.persuasion.dataset import collect, embed
    from spinscope.persuasion.features import article_features
    from spinscope.persuasion.taxonomy import GENRE_NAMES

    folder = tmp_path / "es" / "dev-articles-subtask-1"
    folder.mkdir(parents=True)
    for name in ("article9001.txt", "article9002.txt"):
        shutil.copy(MINI / "en" / "dev-articles-subtask-1" / name, folder / name)
    out, _ = trained
    model = PersuasionModel.load(out)
    model.unseen_genre_centred_head = _random_genre_head()
    model.unseen_genre_centred_lexical_weight = 0.0
    monkeypatch.setattr(model_module, "MIN_CENTRE_ARTICLES", 2)
    predictions = predict_split(tmp_path, "dev", model=model, encoder=encoder)
    assert set(predictions.genres) == {"9001", "9002"} and set(predictions.frames) == {
        "9001",
        "9002",
    }
    assert predictions.techniques == {}
    articles = collect(load_split(tmp_path, "dev"))
    assert [p.line for p in articles[0].paragraphs] == [1, 3, 5, 7]  # every non-blank line
    embed(articles, encoder, attention=model.attention_heads)
    centre = np.mean([article_features(a.inputs, "es")[: centre_width()] for a in articles], 0)
    for a in articles:
        row = article_features(a.inputs, "es")[None, :]
        row[:, : centre_width()] -= centre
        expected = GENRE_NAMES[int(model.unseen_genre_centred_head.predict_proba(row)[0].argmax())]
        assert predictions.genres[a.article.id] == expected


def centre_width() -> int:
    from spinscope.persuasion.held_out import VECTOR_COLUMNS

    return VECTOR_COLUMNS.stop


def _random_genre_head():
    """A genre head on article rows, fitted to noise: what matters is which head reads."""
    from spinscope.persuasion.features import article_feature_size
    from spinscope.persuasion.heads import fit_linear
    from spinscope.persuasion.taxonomy import GENRE_NAMES

    rng = np.random.default_rng(0)
    rows = rng.normal(size=(30, article_feature_size())).astype(np.float32)
    return fit_linear(rows, np.arange(30) % 3, GENRE_NAMES, single_label=True)
