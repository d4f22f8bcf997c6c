"""What ``spinscope train`` may choose (fixed by cross-validation) and the figures it reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from spinscope.persuasion.dataset import N_FOLDS

Log = Callable[[str], None]


@dataclass
class TrainConfig:
    """Choices fixed by cross-validation (see the model card for the comparison)."""

    hidden: int = 256
    alpha: float = 0.1
    seeds: tuple[int, ...] = (0, 1)
    sentence_seeds: tuple[int, ...] = (0, 1)
    tagger_alpha: float = 1e-6
    tagger_epochs: int = 6
    lexical_c: float = 4.0
    neighbours_k: int = 10
    neighbour_dims: int = 128
    latent_c: float = 1.0
    context_c: float = 1.0
    # The attention head over token states (benchmarks/results/token_states.md).
    attention_hidden: int = 256
    attention_lr: float = 1e-3
    attention_weight_decay: float = 1e-4
    # Ensemble: each seed's weights kept at each snapshot epoch, probabilities averaged.
    attention_seeds: tuple[int, ...] = (0, 1)
    attention_snapshots: tuple[int, ...] = (4, 6, 8)
    # The same ensemble over each paragraph's tokens, against the paragraph labels
    # (benchmarks/results/paragraph_attention.md: one seed, snapshots 4, 6, 8).
    paragraph_attention_seeds: tuple[int, ...] = (0,)
    paragraph_attention_snapshots: tuple[int, ...] = (4, 6, 8)
    tokens_dir: Path | None = None  # token state store (None: a temporary folder)
    # What scores a language with no training data: unseen_share of the blend
    # restricted to unseen_sources, the rest the whole blend. Holding each training
    # language out in turn, half the latent-term head and half the blend had the best
    # mean micro-F1 of the three rules tried (latents alone, the blend alone, half and
    # half; benchmarks/results/unseen_languages.md).
    unseen_sources: tuple[str, ...] = ("latents",)
    unseen_share: float = 0.5
    genre_grid: tuple[float, ...] = (0.005, 0.02, 0.05, 0.2)
    genre_lexical_c: float = 10.0
    genre_paragraph_c: float = 0.01
    # Inverse L2 strength of the technique-profile genre head (genre_profile.py).
    genre_profile_c: float = 1.0
    frames_c: float = 0.05
    # Inverse L2 strength of the frames' n-gram head (hashed word and character n-grams
    # of the body, blended with the vector head at a weight chosen by CV). On the dump of
    # the 2026-12-06 retrain, nested: micro-F1 0.6042 for the vector head alone, 0.6322
    # with the n-gram head at C=4, 0.6343 at C=16 (French 0.5366, 0.5643, 0.5640).
    frames_lexical_c: float = 16.0
    phrase_grid: tuple[float, ...] = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
    # L2 strengths of the phrase tagger, one chosen per technique by span F1: at 1e-5
    # name calling's out-of-fold span F1 rose from 0.345 (1e-6) to 0.407.
    phrase_alphas: tuple[float, ...] = (1e-6, 3e-6, 1e-5, 3e-5, 1e-4)
    # Powers of the detection tagger's token score that may weigh the phrase tagger's,
    # one chosen per technique by span F1 (0: the phrase tagger alone). The detection
    # tagger learnt from every paragraph, so it marks down words as common where the
    # technique is absent as where it is present: out of fold, 0.25 lifted the
    # phrase-unit techniques' span F1 from 0.3462 to 0.3504 (benchmarks/results/phrases.md).
    phrase_detection_powers: tuple[float, ...] = (0.0, 0.25)
    # Weights of the word-state tagger (word_states.py) against the phrase tagger, one
    # chosen per technique by span F1 (0: the tagger alone, 1: the states alone). It
    # reads each word in its sentence: out of fold, the geometric mean lifted the
    # phrase-unit techniques' span F1 from 0.3461 to 0.4389-0.4397 (two runs); with the
    # article's language as an input and 0.75 among the weights, 0.4425
    # (benchmarks/results/phrase_states.md).
    phrase_state_weights: tuple[float, ...] = (0.0, 0.5, 0.75, 1.0)
    # A phrase takes in the content words beside it that reach this share of its
    # threshold (phrases.phrase_spans), so an expression shows whole: out of fold, the
    # phrase-unit techniques' span F1 rose from 0.4414 to 0.4790 at 0.3 (0.4805 at 0.2,
    # 0.4688 at 0.5; benchmarks/results/phrase_growth.md).
    phrase_grow: float = 0.3
    phrase_state_c: float = 1.0  # inverse L2 strength of its logistic regressions
    phrase_state_languages: bool = True  # a per-language bias in the word-state tagger
    folds: int = N_FOLDS
    max_articles: int | None = None  # small slices for tests
    # Retrain the phrase stage alone into the model already in the output folder.
    only_phrases: bool = False
    # Retrain the article heads (genre and frames) alone into the model already in the
    # output folder, from the out-of-fold technique scores a full run left in dump_dir.
    only_article_heads: bool = False
    dump_dir: Path | None = None  # write out-of-fold arrays here for diagnostics


@dataclass
class Figures:
    """Cross-validated figures written to the model card."""

    techniques: dict = field(default_factory=dict)
    techniques_per_label: dict = field(default_factory=dict)
    reliability: dict = field(default_factory=dict)  # flags right by score band
    technique_sources: dict = field(default_factory=dict)
    sentence_pooling: dict = field(default_factory=dict)
    threshold_choice: dict = field(default_factory=dict)
    blend: dict = field(default_factory=dict)
    context: dict = field(default_factory=dict)
    unseen_language: dict = field(default_factory=dict)
    phrases: dict = field(default_factory=dict)
    genre: dict = field(default_factory=dict)
    frames: dict = field(default_factory=dict)
