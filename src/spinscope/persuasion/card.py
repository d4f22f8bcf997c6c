"""Render the model card (Markdown) from the figures ``train`` measured."""

from __future__ import annotations

from pathlib import Path

from spinscope.persuasion.engine import POOLED_LAYERS
from spinscope.persuasion.held_out import MIN_CENTRE_ARTICLES
from spinscope.persuasion.intervals import RESAMPLES


def _cell(value: object) -> str:
    """A table cell; an interval (pair of bounds) reads as ``low–high``."""
    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{value[0]}–{value[1]}"
    return str(value)


def markdown_table(rows: dict, columns: list[str]) -> list[str]:
    """Markdown table lines: one row per key of ``rows``, one column per name in ``columns``."""
    lines = ["| | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for name, values in rows.items():
        cells = [_cell(values.get(c, "")) for c in columns]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def _nested_phrases(phrases: dict) -> str:
    """The phrase figure with each choice made on the other folds only, where the run
    measured it (cards written before it did not)."""
    nested = phrases.get("given_gold_paragraph_labels_nested")
    if not nested:
        return ""
    without = phrases.get("nested_f1_without_phrase_or_sentence")
    return (
        " Chosen on the other folds only and applied to each fold (nested): "
        f"P={nested['precision']}, R={nested['recall']}, F1={nested['f1']}"
        + (f" (F1 {without} choosing only between phrase and sentence)." if without else ".")
    )


def _context_lines(context: dict) -> list[str]:
    """Techniques micro-F1 with and without the article-context step, per language."""
    if not context:
        return []
    rows = {
        lang: {
            "blend only": context["without"][lang]["micro_f1"],
            "blend + article context": context["with"][lang]["micro_f1"],
        }
        for lang in context["without"]
    }
    return [
        "Micro-F1 with and without the article-context step (each nested the same way):",
        "",
        *markdown_table(rows, ["blend only", "blend + article context"]),
        "",
    ]


def _without_chosen(choice: dict) -> str:
    """The figure of each option tried, as "option → macro-F1" pairs."""
    return ", ".join(f"{k} → {v}" for k, v in choice.items() if k != "chosen")


def _profile_lines(choice: dict | None, cfg: dict) -> list[str]:
    """The technique-profile genre head's share, where the run chose one."""
    if not choice:
        return []
    return [
        "",
        f"Then the technique-profile head (C={cfg.get('genre_profile_c')}): share "
        f"{choice['chosen']} of the final blend (macro-F1 by share: {_without_chosen(choice)}).",
    ]


def _held_out_lines(unseen: dict) -> list[str]:
    """Genre and frames with each training language held out, read as an unknown language."""
    genre, frames = unseen.get("genre"), unseen.get("frames")
    if not genre or not frames:
        return []
    way = "with profile" if genre["profile"] else "without profile"
    reads = "reading" if genre["profile"] else "without"
    genre_f1 = {
        **genre["macro_f1"],
        "mean": genre["mean_macro_f1"][way][str(genre["lexical_weight"])],
    }
    centred = genre.get("centred")
    columns = ["genre macro-F1", "frames micro-F1"]
    rows = {
        lang: {"genre macro-F1": genre_f1.get(lang, ""), "frames micro-F1": f1}
        for lang, f1 in frames["micro_f1"].items()
    }
    batch = ""
    if centred:
        w = str(centred["lexical_weight"])
        batched = {**centred["macro_f1"], "mean": genre["mean_macro_f1"]["centred"][w]}
        columns.insert(1, "genre macro-F1, batch centred")
        for lang, row in rows.items():
            row["genre macro-F1, batch centred"] = batched.get(lang, "")
        batch = (
            f" A batch of at least {MIN_CENTRE_ARTICLES} articles in such a language "
            "(`predict`, `evaluate`, or stored: `ingest`, the web) is read on its own "
            "centre instead: its article vectors "
            "less their mean, by a head trained on vectors centred per language with the "
            "language one-hot cleared, n-gram "
            f"weight {centred['lexical_weight']}."
        )
    tried = "; ".join(
        f"{name}: " + ", ".join(f"n-gram {w} → {f}" for w, f in by_weight.items())
        for name, by_weight in genre["mean_macro_f1"].items()
    )
    return [
        "### Genre and frames on a language without training data",
        "Each training language held out in turn and read as an unknown language (no "
        "language one-hot, technique profile from the unseen-language blend); the profile "
        "comes from out-of-fold scores of models that saw the language, so these are "
        "somewhat optimistic. Genre as shipped for such a language: the vector head "
        f"{reads} the technique profile, n-gram weight {genre['lexical_weight']} (mean "
        f"macro-F1 of each way tried: {tried}).{batch} Frames "
        "with thresholds tuned on the other languages.",
        "",
        *markdown_table(rows, columns),
        "",
    ]


def _weighted(weights: dict[str, float]) -> str:
    """The sources given a share, with their weights: 'latents 1.0'."""
    return ", ".join(f"{name} {w}" for name, w in weights.items() if w) or "no rule (older model)"


def _pooling(choice: dict[str, dict]) -> str:
    """'sentence noisy_or, latents max' (older models: every source took the maximum)."""
    return ", ".join(f"{name} {row['chosen']}" for name, row in choice.items()) or "max"


def _pooling_lines(choice: dict[str, dict]) -> list[str]:
    """Micro-F1 of each sentence-level source alone under each pooling."""
    if not choice:
        return []
    columns = sorted({way for row in choice.values() for way in row if way != "chosen"})
    return [
        "Sentence-level sources alone under each pooling (micro-F1, all languages, thresholds "
        "nested):",
        "",
        *markdown_table(choice, [*columns, "chosen"]),
        "",
    ]


def write_model_card(card: dict, path: Path) -> None:
    """Write MODEL_CARD.md: data, method, cross-validated figures, date."""
    f = card["figures"]
    data = card["data"]
    cfg = card["config"]
    out = [
        f"# spinscope persuasion models — {card['version']}",
        "",
        f"Trained {card['date']} by `spinscope train` in {card['training_seconds']} s "
        "on 2 CPU cores."
        + _retrained(
            card,
            "phrases_retrained",
            "--only-phrases",
            "Phrase stage",
            "(every other artefact as trained above).",
        )
        + _retrained(
            card,
            "article_heads_retrained",
            "--only-article-heads",
            "Genre and frames heads and the rule for a language without training data",
            "from that run's out-of-fold technique scores.",
        ),
        "",
        "## Data",
        f"{data['source']}: {data['articles']} articles, {data['paragraphs']} paragraphs, "
        f"languages {', '.join(data['languages'])}; {data['sentences_embedded']} distinct "
        "sentences embedded once each.",
        "",
        "## Method",
        f"- Encoder: `{card['encoder']}` (frozen), one vector per sentence (the mean of "
        f"layers {', '.join(map(str, POOLED_LAYERS[:-1]))} and {POOLED_LAYERS[-1]}, each "
        "mean-pooled over tokens and L2-normalised), and its "
        "sparse latent terms (16,384 SAE features over the last layer's token states, "
        "prefix included) per sentence, from the same forward pass.",
        "- Paragraph features: mean and max of its sentence vectors, the article mean vector, the "
        "mean of its neighbours, position/length/punctuation, language one-hot.",
        f"- Techniques: a weighted blend of {_source_count(card)} scores per paragraph, then "
        "per-label thresholds "
        "tuned for micro-F1 on out-of-fold scores:",
        f"  1. paragraph heads: {len(cfg['seeds'])} MLPs (one hidden layer of {cfg['hidden']} "
        f"ReLU units, L2 {cfg['alpha']}) on the paragraph features;",
        f"  2. sentence heads: {len(cfg['sentence_seeds'])} MLP(s) of the same shape on each "
        "sentence (its vector, its paragraph's and article's mean vectors, language), trained on "
        "labels derived from the span annotations; pooled over the paragraph's sentences;",
        "  3. a lexical head: logistic regression per technique on hashed word 1–2-grams and "
        f"character 2–5-grams (C={cfg['lexical_c']});",
        "  4. a detection token tagger: the phrase tagger's features and model, trained on every "
        "paragraph's tokens; a paragraph takes its strongest token's score;",
        f"  5. sentence neighbours: the {cfg['neighbours_k']} training sentences nearest to each "
        f"sentence (vectors projected on {cfg['neighbour_dims']} principal components, int8) "
        "vote with similarity weights; pooled over the paragraph's sentences;",
        "  6. latent-term heads: logistic regression per technique on each sentence's vector, "
        f"L2-normalised latent terms and language (C={cfg['latent_c']}), trained on the "
        "span-derived sentence labels; pooled over the paragraph's sentences;",
        "  7. an attention head over each sentence's token states (each content token's mean "
        "over the same layers, float16): per token a ReLU layer of "
        f"{cfg.get('attention_hidden', 256)} units, per technique a token score and an "
        "attention weight, the sentence's logit being the attention-weighted sum of its "
        "tokens' scores; numpy with Adam (weight decay "
        f"{cfg.get('attention_weight_decay', 1e-4)}), trained on the span-derived sentence "
        "labels; an ensemble averaging "
        f"{_attention_members(cfg)}; pooled over the paragraph's sentences;",
        *(
            [
                "  8. the same attention ensemble over a whole paragraph's token states (its "
                "sentences' back to back), trained on the paragraph labels themselves: "
                f"{_attention_members(cfg, 'paragraph_attention')}."
            ]
            if cfg.get("paragraph_attention_seeds")
            else []
        ),
        "- Sentence pooling (sources 2, 5, 6, 7): a paragraph takes either its best sentence's "
        "score or the noisy-OR of its sentences' scores (1 − ∏(1 − p), the chance that one of them "
        "carries the technique), whichever gives the source alone the better micro-F1 in CV "
        f"(thresholds nested; this run: {_pooling(f.get('sentence_pooling', {}))}).",
        "- Blend weights: coordinate ascent on a 0.05 grid from equal weights, scored by nested "
        "micro-F1.",
        "- Article context: per technique, a logistic regression on the paragraph's blended score "
        "(logit), its neighbours' scores, the strongest and mean score of the article's other "
        "paragraphs, the paragraph's summed scores, title flag and language, fitted on "
        f"out-of-fold blends (C={cfg.get('context_c')}); kept only when it wins in nested CV "
        f"(this run: {'kept' if f.get('context', {}).get('chosen') else 'not kept'}).",
        "- A language without training data (the encoder is multilingual): scored by "
        f"{_weighted(f.get('unseen_language', {}).get('blend', {}))}, with thresholds tuned "
        "for that on the same out-of-fold scores; the rule (which sources, what share) was "
        "chosen by holding each training language out in turn "
        "(`benchmarks/results/unseen_languages.md`).",
        "- Phrases: token tagger (logistic regression on hashed lexical features: word, affixes, "
        "two words of context, language) trained on the span annotations inside paragraphs that "
        "carry each technique; per technique, the unit (phrase, sentence, or phrase_or_sentence: "
        "the phrases, or where no word passes the threshold the sentence holding the best word), "
        "the threshold, the "
        "tagger's L2 strength (alpha) and the power of the detection tagger's token score that "
        "weighs the phrase tagger's (0: none), and the weight of a word-state tagger against "
        "that (logistic regression on each word's mean contextual token state from the encoder"
        f"{_state_inputs(cfg)}; score = tagger^(1-w) × states^w) with the best out-of-fold "
        "span F1 (the table gives the best of each unit). A phrase is the words over the "
        "threshold, joined across one token"
        + (
            f", grown over the content words beside it that reach {cfg['phrase_grow']:g} "
            "times the threshold (`benchmarks/results/phrase_growth.md`)."
            if cfg.get("phrase_grow")
            else "."
        ),
        "- Genre: multinomial logistic regression (balanced classes) on the title vector, "
        "body mean and max vectors, length, language and the article's out-of-fold "
        "technique profile, blended with a multinomial logistic regression on hashed n-grams of "
        "the whole text. On a trained language the vector view can also average in a "
        "paragraph head: the same multinomial regression on each body paragraph's mean "
        "sentence vector and language, trained on paragraphs labelled with their article's "
        "genre (each article and each genre weighing the same), an article's probabilities "
        "being the mean over its paragraphs. C, the paragraph head's share and the n-gram "
        "weight are chosen together by CV."
        + (
            " Then, on a trained language, a head reading only the technique profile and "
            "language (the same regression at its own C) can take a share of the final blend, "
            "chosen by CV on that blend."
            if "profile_share" in f["genre"]
            else ""
        )
        + " On a language without "
        "training data, the weight, and whether the vector head reads the technique profile, "
        "are those that did best with each training language held out.",
        _frames_method(f["frames"], cfg),
        "",
        f"## Cross-validated figures ({cfg['folds']}-fold, grouped by article)",
        "Blend weights and thresholds applied to each fold were chosen on the other folds only, "
        "so these figures are not optimistic about either choice.",
        "",
        "### Techniques (paragraph level; official metric micro-F1)",
        *markdown_table(f["techniques"], ["micro_f1", "interval_95", "macro_f1", "units"]),
        "",
        "`interval_95`: 95% percentile bootstrap interval of micro-F1, resampling whole articles "
        f"({RESAMPLES} resamples): how far the figure could move on other articles like these.",
        "",
        *_context_lines(f.get("context", {})),
        "Each score source alone (all languages, thresholds nested); the shipped blend weights "
        f"are {f['blend'].get('chosen')}:",
        "",
        *markdown_table(f["technique_sources"], ["micro_f1", "macro_f1"]),
        "",
        *_pooling_lines(f.get("sentence_pooling", {})),
        "### Genre (article level; official metric macro-F1)",
        *markdown_table(
            {
                k: v
                for k, v in f["genre"].items()
                if k not in ("C", "lexical_weight", "paragraph_share", "profile_share")
            },
            ["macro_f1", "accuracy", "articles"],
        ),
        "",
        "Chosen together by CV, on the blend's macro-F1: "
        f"C={f['genre'].get('C', {}).get('chosen')}, share of the paragraph head "
        f"{f['genre'].get('paragraph_share', {}).get('chosen', 0.0)} "
        f"(macro-F1 by share: {_without_chosen(f['genre'].get('paragraph_share', {}))}), "
        f"weight of the n-gram model {f['genre'].get('lexical_weight', {}).get('chosen')} "
        f"(by weight: {_without_chosen(f['genre'].get('lexical_weight', {}))}).",
        *_profile_lines(f["genre"].get("profile_share"), cfg),
        "",
        "### Frames (article level; official metric micro-F1)",
        *markdown_table(
            {k: v for k, v in f["frames"].items() if k != "lexical_weight"},
            ["micro_f1", "macro_f1", "units"],
        ),
        "",
        *_frames_weight_lines(f["frames"].get("lexical_weight")),
        *_held_out_lines(f.get("unseen_language", {})),
        "### Phrases (span F1 with partial credit, SemEval-2020 Task 11 style)",
        "Measured inside paragraphs whose gold labels carry the technique, each technique's "
        "unit, settings and threshold chosen on all folds' out-of-fold scores: "
        f"P={f['phrases']['given_gold_paragraph_labels']['precision']}, "
        f"R={f['phrases']['given_gold_paragraph_labels']['recall']}, "
        f"F1={f['phrases']['given_gold_paragraph_labels']['f1']}." + _nested_phrases(f["phrases"]),
        "",
        *markdown_table(
            f["phrases"]["per_technique"],
            [
                "unit",
                "threshold",
                "span_f1",
                "nested_span_f1",
                "phrase_alpha",
                "detection_power",
                "state_weight",
                "phrase_span_f1",
                "phrase_or_sentence_span_f1",
                "sentence_span_f1",
            ],
        ),
        "",
        *_reliability_lines(f.get("reliability", {})),
        "### Techniques per label (all languages)",
        *markdown_table(f["techniques_per_label"], ["support", "precision", "recall", "f1"]),
        "",
    ]
    path.write_text("\n".join(out))


def reliability_table(reliability: dict[str, dict]) -> list[str]:
    """Markdown table of ``band_figures`` per row name: each band's share right (flags
    in brackets), and the gap."""
    names = [f"{b['low']:.1f}–{b['high']:.1f}" for b in next(iter(reliability.values()))["bands"]]
    rows = {
        lang: {
            **{
                name: "—" if not b["flags"] else f"{b['share_right']:.3f} ({b['flags']})"
                for name, b in zip(names, figures["bands"], strict=True)
            },
            "gap": "—" if figures["gap"] is None else f"{figures['gap']:.3f}",
        }
        for lang, figures in reliability.items()
    }
    return markdown_table(rows, [*names, "gap"])


def _reliability_lines(reliability: dict) -> list[str]:
    """How often a flag is right, by its score band, per language (when measured)."""
    if not reliability:
        return []
    return [
        "### How often a flagged technique is right, by its score",
        "Every flag of the nested decisions above, by the band of its blended score: the share "
        "the gold confirms (flags in brackets). Where it sits inside the band, a score reads as "
        "the chance the flag is right; gap: the flags' mean distance between the two. Measured "
        "on the training languages only: a language without training data reads its scores "
        "otherwise (`benchmarks/results/reliability.md`).",
        "",
        *reliability_table(reliability),
        "",
    ]


def _state_inputs(cfg: dict) -> str:
    """What the word-state tagger reads besides the states (older cards: nothing)."""
    return " and the article's language" if cfg.get("phrase_state_languages") else ""


def _retrained(card: dict, key: str, option: str, what: str, after: str) -> str:
    """A sentence saying when ``train OPTION`` last rebuilt one stage of the model."""
    again = card.get(key)
    if not again:
        return ""
    return (
        f" {what} retrained {again['date']} by `spinscope train {option}` in "
        f"{again['seconds']} s {after}"
    )


def _frames_method(frames: dict, cfg: dict) -> str:
    """The frames line of the method (cards before the n-gram head: the vector head alone)."""
    vector = "one-vs-rest logistic regression on the same article features"
    if "lexical_weight" not in frames:
        return f"- Frames: {vector}, per-frame thresholds."
    return (
        f"- Frames: {vector} (C={cfg.get('frames_c')}), blended with a one-vs-rest logistic "
        "regression on hashed word 1–2-grams and character 2–5-grams of the body "
        f"(C={cfg.get('frames_lexical_c')}) at a weight chosen by CV; per-frame thresholds "
        "tuned on the blend."
    )


def _frames_weight_lines(weight: dict | None) -> list[str]:
    """The frames n-gram head's weight, and what the vector head scored without it."""
    if not weight:
        return []
    alone = weight.get("vector_head_alone", {})
    return [
        f"Weight of the n-gram head: {weight['chosen']} (chosen per fold on the other folds: "
        f"{', '.join(map(str, weight.get('per_fold', [])))}). The vector head alone, nested "
        "the same way: "
        + ", ".join(f"{lang} {f1}" for lang, f1 in alone.items() if lang != "mean_over_languages")
        + ".",
        "",
    ]


def _source_count(card: dict) -> str:
    """How many technique sources the blend read, in words."""
    names = card["figures"].get("blend", {}).get("chosen", {})
    return {7: "seven", 8: "eight"}.get(len(names), str(len(names)))


def _attention_members(cfg: dict, prefix: str = "attention") -> str:
    """An attention ensemble's members in words (one head in models saved before it)."""
    seeds, snapshots = cfg.get(f"{prefix}_seeds"), cfg.get(f"{prefix}_snapshots")
    if not seeds or not snapshots:
        return f"one head trained {cfg.get('attention_epochs', 6)} epochs"
    return (
        f"{len(seeds) * len(snapshots)} heads (seeds {', '.join(map(str, seeds))}, each kept "
        f"after epochs {', '.join(map(str, snapshots))})"
    )
