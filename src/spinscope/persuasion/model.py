"""The shipped persuasion models as one object: load once, score any article.

``PersuasionModel`` bundles the paragraph technique scorers (eight sources,
blended, with per-label thresholds), the token tagger that finds the phrases,
and the article-level genre and frame heads. The files live in
``spinscope/models/persuasion`` (rebuilt by ``spinscope train``); a model card
(``card.json``/``MODEL_CARD.md``) beside them records data, method and
cross-validated figures.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from spinscope.persuasion.attention import AttentionEnsemble, AttentionHeads
from spinscope.persuasion.blend import blend
from spinscope.persuasion.context import ContextHead
from spinscope.persuasion.encoder import DIM
from spinscope.persuasion.features import (
    KNOWN_LANGUAGES,
    ParagraphInput,
    article_features,
    iso_language,
    paragraph_features,
    sentence_features,
)
from spinscope.persuasion.genre_paragraphs import (
    article_genre_probabilities,
    has_genre_row,
    paragraph_rows,
)
from spinscope.persuasion.genre_profile import profile_columns, with_profile
from spinscope.persuasion.heads import DenseHead
from spinscope.persuasion.held_out import MIN_CENTRE_ARTICLES, VECTOR_COLUMNS
from spinscope.persuasion.identity import MODELS_DIR, note_in_use
from spinscope.persuasion.identity import fingerprint as files_digest
from spinscope.persuasion.identity import identity as identity_of
from spinscope.persuasion.latents import LatentHead, sentence_latent_features
from spinscope.persuasion.lexical import LexicalHead
from spinscope.persuasion.neighbours import SentenceNeighbours
from spinscope.persuasion.phrases import (
    Token,
    TokenTagger,
    phrase_spans,
    phrases_or_sentence,
    token_matrix,
    tokenize,
    word_passes,
)
from spinscope.persuasion.word_states import word_scores

# How a technique is pointed at inside a flagged paragraph, chosen per technique by span
# F1: the words over its threshold (or the best word when none passes), the sentences
# over it (by the sentence heads), or the words over it and, when none passes, the
# sentence holding the best word.
PHRASE_UNITS = ("phrase", "sentence", "phrase_or_sentence")


# Paragraph score sources, in blend order: MLPs on paragraph features, the sentence
# MLPs, n-gram logistic regression, the strongest token by the detection tagger,
# each sentence's nearest training sentences, the logistic regressions on latent
# terms, the attention head over sentences' token states, the attention head over
# a whole paragraph's token states; the four sentence-level ones pooled over the
# paragraph (POOLED_SOURCES). A model trained before a source existed gives it no weight.
SOURCES = (
    "paragraph",
    "sentence",
    "lexical",
    "tokens",
    "neighbours",
    "latents",
    "attention",
    "paragraph_attention",
)


def technique_summary(scores: np.ndarray) -> np.ndarray:
    """Article-level view of paragraph technique scores: mean and max per technique."""
    if len(scores) == 0:
        return np.zeros(2 * scores.shape[1], np.float32)
    return np.concatenate([scores.mean(0), scores.max(0)]).astype(np.float32)


@dataclass
class PersuasionModel:
    """Every persuasion head, with the decisions (thresholds) tuned in training."""

    technique_heads: list[DenseHead]
    sentence_heads: list[DenseHead]
    lexical_head: LexicalHead
    detection_tagger: TokenTagger  # token scores trained on every paragraph
    neighbours: SentenceNeighbours
    latent_head: LatentHead
    blend: dict[str, float]  # weight of each of SOURCES
    technique_thresholds: np.ndarray
    language_thresholds: dict[str, np.ndarray]
    tagger: TokenTagger
    phrase_thresholds: np.ndarray
    phrase_units: tuple[str, ...]  # per technique: one of PHRASE_UNITS
    genre_head: DenseHead
    genre_lexical: LexicalHead
    genre_lexical_weight: float
    frame_head: DenseHead
    frame_thresholds: np.ndarray
    version: str
    context_head: ContextHead | None = None  # blended scores revised by the article, if trained
    languages: tuple[str, ...] = KNOWN_LANGUAGES  # ISO codes of the training data
    # A language without training data gets its own blend and thresholds
    # (TrainConfig.unseen_sources); None in models trained before that existed.
    unseen_blend: dict[str, float] | None = None
    unseen_thresholds: np.ndarray | None = None
    # Weight of the genre n-gram model on such a language, chosen with each training
    # language held out (persuasion/held_out.py); None: as for a trained language.
    unseen_genre_lexical_weight: float | None = None
    # ... and its genre head, when that choice dropped the technique profile (the
    # unseen-language blend's profile is weaker); None: the trained head.
    unseen_genre_head: DenseHead | None = None
    # ... and, for a batch of articles in such a language, the head trained on article
    # vectors centred per language, read on the batch's own centre (held_out.py), with
    # its n-gram weight; None where centring did not do better with languages held out.
    unseen_genre_centred_head: DenseHead | None = None
    unseen_genre_centred_lexical_weight: float | None = None
    # How each of POOLED_SOURCES pools its sentence scores, chosen in training;
    # a source not named (models trained before the choice existed) takes the maximum.
    sentence_pooling: dict[str, str] = field(default_factory=dict)
    # The paragraph-by-paragraph genre head (persuasion/genre_paragraphs.py) and its
    # share of the vector view on a trained language; None/0: the article head alone.
    genre_paragraph_head: DenseHead | None = None
    genre_paragraph_share: float = 0.0
    # Sentence scores from token states (persuasion/attention.py); None in models
    # trained before it existed (its blend weight is then 0).
    attention_head: AttentionEnsemble | None = None
    # Paragraph scores from the paragraph's token states; None in models trained
    # before it existed (its blend weight is then 0).
    paragraph_attention_head: AttentionEnsemble | None = None
    # Per technique, the power of the detection tagger's token score that weighs the
    # phrase tagger's (0: the phrase tagger alone; None in models trained before it).
    phrase_detection_powers: np.ndarray | None = None
    # The word-state tagger (persuasion/word_states.py) and, per technique, its weight
    # against the tagger's score (geometric; 0: unused); None in models trained before it.
    phrase_state_tagger: TokenTagger | None = None
    phrase_state_weights: np.ndarray | None = None
    # How far a phrase grows over the words beside it (phrases.phrase_spans; 0 in models
    # trained before it).
    phrase_grow: float = 0.0
    # The technique-profile genre head (persuasion/genre_profile.py) and its share of
    # the final genre blend on a trained language; None/0 in models trained without it.
    genre_profile_head: DenseHead | None = None
    genre_profile_share: float = 0.0
    # The frames' n-gram head and its weight against the vector head (the thresholds are
    # tuned on their blend); None/0 in models trained before it: the vector head alone.
    frame_lexical: LexicalHead | None = None
    frame_lexical_weight: float = 0.0
    # Digest of the files it was loaded from (persuasion/identity.py); None when built
    # in memory by training.
    fingerprint: str | None = None

    @property
    def identity(self) -> str:
        """What an analysis records as the model its findings came from."""
        return identity_of(self.version, self.fingerprint)

    @property
    def techniques(self) -> tuple[str, ...]:
        return self.technique_heads[0].labels

    @property
    def attention_heads(self) -> AttentionHeads | None:
        """What reads token states, for ``Encoder.paragraph_attention`` (None: nothing)."""
        if self.attention_head is None:
            return None
        return AttentionHeads(self.attention_head, self.paragraph_attention_head)

    # -- paragraphs -------------------------------------------------------
    def sentence_scores(
        self, paragraphs: Sequence[ParagraphInput], language: str | None
    ) -> list[np.ndarray]:
        """Per paragraph, (n_sentences, n_techniques) probabilities."""
        features = sentence_features(paragraphs, language)
        flat = (
            np.mean([h.predict_proba(features) for h in self.sentence_heads], axis=0)
            if len(features)
            else np.zeros((0, len(self.techniques)), np.float32)
        )
        bounds = np.cumsum([0] + [len(p.sentence_vectors) for p in paragraphs])
        return [flat[bounds[i] : bounds[i + 1]] for i in range(len(paragraphs))]

    def source_scores(
        self,
        paragraphs: Sequence[ParagraphInput],
        language: str | None,
        sentence_scores: Sequence[np.ndarray] | None = None,
        only: Collection[str] | None = None,
    ) -> dict[str, np.ndarray]:
        """Each source's (n_paragraphs, n_techniques) scores, before blending.

        ``only`` names the sources to compute (default: all), so a blend that
        gives some no weight does not pay for them.
        """
        n_labels = len(self.techniques)
        texts = [p.text for p in paragraphs]
        vectors = [p.sentence_vectors for p in paragraphs]
        bounds = np.cumsum([0] + [len(v) for v in vectors])

        def per_paragraph(flat: np.ndarray) -> list[np.ndarray]:
            return [flat[bounds[i] : bounds[i + 1]] for i in range(len(paragraphs))]

        def pooled(name: str, scores: Sequence[np.ndarray]) -> np.ndarray:
            return pool_sentences(scores, n_labels, self.sentence_pooling.get(name, "max"))

        def paragraph() -> np.ndarray:
            features = paragraph_features(paragraphs, language)
            return np.mean([h.predict_proba(features) for h in self.technique_heads], axis=0)

        def sentence() -> np.ndarray:
            scores = sentence_scores
            if scores is None:
                scores = self.sentence_scores(paragraphs, language)
            return pooled("sentence", scores)

        def neighbours() -> np.ndarray:
            flat = np.concatenate(vectors) if vectors else np.zeros((0, 0), np.float32)
            return pooled("neighbours", per_paragraph(self.neighbours.scores(flat)))

        def latents() -> np.ndarray:
            x = sentence_latent_features(paragraphs, language)
            return pooled("latents", per_paragraph(self.latent_head.predict_proba(x)))

        def attention() -> np.ndarray:
            if any(p.sentence_attention is None for p in paragraphs):
                raise ValueError(
                    "paragraphs carry no attention scores: build them with "
                    "dataset.embed(..., attention=model.attention_heads)"
                )
            return pooled("attention", [p.sentence_attention for p in paragraphs])

        def paragraph_attention() -> np.ndarray:
            if any(p.paragraph_attention is None for p in paragraphs):
                raise ValueError(
                    "paragraphs carry no paragraph attention scores: build them with "
                    "dataset.embed(..., attention=model.attention_heads)"
                )
            return np.stack([p.paragraph_attention for p in paragraphs]).astype(np.float32)

        makers = {
            "paragraph": paragraph,
            "sentence": sentence,
            "lexical": lambda: self.lexical_head.predict_proba(texts),
            "tokens": lambda: max_over_tokens(self.detection_tagger, texts, language, n_labels),
            "neighbours": neighbours,
            "latents": latents,
            "attention": attention,
            "paragraph_attention": paragraph_attention,
        }
        return {name: make() for name, make in makers.items() if only is None or name in only}

    def paragraph_scores(
        self,
        paragraphs: Sequence[ParagraphInput],
        language: str | None,
        sentence_scores: Sequence[np.ndarray] | None = None,
    ) -> np.ndarray:
        """(n_paragraphs, n_techniques): the sources blended with the trained weights,
        then revised by the article context where training chose to.

        ``paragraphs`` must be a whole article, in order: the context step reads
        each paragraph's neighbours.
        """
        if not paragraphs:
            return np.zeros((0, len(self.techniques)), np.float32)
        weights = self.blend_for(language)
        used = [name for name, w in weights.items() if w]
        scores = blend(self.source_scores(paragraphs, language, sentence_scores, used), weights)
        if self.context_head is not None and not self.is_unseen(language):
            scores = self.context_head.revise(scores, [p.is_title for p in paragraphs], language)
        return scores

    def is_unseen(self, language: str | None) -> bool:
        """A language without training data (or none known), when training set a rule for it."""
        return self.unseen_blend is not None and self._untrained(language)

    def blend_for(self, language: str | None) -> dict[str, float]:
        """The trained weights, or the unseen-language ones for a language without data."""
        return self.unseen_blend if self.is_unseen(language) else self.blend

    def thresholds_for(self, language: str | None) -> np.ndarray:
        """Per-language thresholds where training chose them, the unseen-language ones
        for a language without training data, else the global ones."""
        if self.is_unseen(language):
            return self.unseen_thresholds
        return self.language_thresholds.get(language or "", self.technique_thresholds)

    def decide(self, scores: np.ndarray, language: str | None) -> np.ndarray:
        """Labels over threshold; ``language`` picks the thresholds (None: not known)."""
        return scores >= self.thresholds_for(language)

    # -- articles ---------------------------------------------------------
    def _article_row(
        self, paragraphs: Sequence[ParagraphInput], language: str | None, scores: np.ndarray
    ) -> np.ndarray:
        body = scores[[not p.is_title for p in paragraphs]] if len(scores) else scores
        row = np.concatenate([article_features(paragraphs, language), technique_summary(body)])
        return row[None, :]

    def genre_scores(
        self,
        paragraphs: Sequence[ParagraphInput],
        language: str | None,
        scores: np.ndarray,
        centre: np.ndarray | None = None,
    ) -> np.ndarray:
        """Genre probabilities. ``centre``: for an article of a language without training
        data, the mean article vector of a batch of that language (``genre_centre``)."""
        if centre is not None and self.reads_genre_centred(language):
            return self.centred_genre_scores(paragraphs, language, centre)
        w = self.genre_lexical_weight_for(language)
        if self.unseen_genre_head is not None and self._untrained(language):
            row = article_features(paragraphs, language)[None, :]
            vector = self.unseen_genre_head.predict_proba(row)[0]
        else:
            row = self._article_row(paragraphs, language, scores)
            vector = self.genre_head.predict_proba(row)[0]
            if self.genre_paragraph_head is not None:
                rows = [paragraph_rows(paragraphs, language)]
                by_paragraph = article_genre_probabilities(
                    self.genre_paragraph_head, rows, vector[None, :]
                )[0]
                share = self.genre_paragraph_share
                vector = (1 - share) * vector + share * by_paragraph
        if w:
            lexical = self.genre_lexical.predict_proba([article_text(paragraphs)])[0]
            vector = (1 - w) * vector + w * lexical
        if self.genre_profile_head is None or self._untrained(language):
            return vector  # a new language's profile comes from a weaker blend
        profile = self.genre_profile_head.predict_proba(profile_columns(row))[0]
        return with_profile(vector, profile, self.genre_profile_share)

    def paragraph_genre_scores(
        self, paragraphs: Sequence[ParagraphInput], language: str | None
    ) -> list[np.ndarray | None]:
        """Each unit's genre probabilities as the paragraph head reads it alone (None for
        the title, a paragraph without sentences, or a language whose genre does without
        that head): where an article's genre comes from, paragraph by paragraph."""
        if (
            self.genre_paragraph_head is None
            or not self.genre_paragraph_share
            or self._untrained(language)
        ):
            return [None] * len(paragraphs)
        rows = paragraph_rows(paragraphs, language)
        probs = iter(self.genre_paragraph_head.predict_proba(rows) if len(rows) else [])
        return [next(probs) if has_genre_row(p) else None for p in paragraphs]

    def centred_genre_scores(
        self, paragraphs: Sequence[ParagraphInput], language: str | None, centre: np.ndarray
    ) -> np.ndarray:
        """Genre of an article of a language without training data, its vectors read against
        ``centre`` (``genre_centre``): the head sees only sentence vectors and the text."""
        if self.unseen_genre_centred_head is None:
            raise ValueError("this model has no centred genre head (trained before 2026-12-05)")
        row = article_features(paragraphs, language)[None, :]
        row[:, VECTOR_COLUMNS] -= centre
        vector = self.unseen_genre_centred_head.predict_proba(row)[0]
        w = self.unseen_genre_centred_lexical_weight or 0.0
        if w:
            lexical = self.genre_lexical.predict_proba([article_text(paragraphs)])[0]
            vector = (1 - w) * vector + w * lexical
        return vector

    def genre_centre(
        self, articles: Iterable[Sequence[ParagraphInput]], language: str | None
    ) -> np.ndarray | None:
        """The mean article vector of a batch in a language without training data, for
        ``genre_scores``; None for a trained language, a small batch or an older model.
        Read one article at a time, so a stored corpus need not fit in memory."""
        if not self.reads_genre_centred(language):
            return None
        total, count = np.zeros(VECTOR_COLUMNS.stop - VECTOR_COLUMNS.start), 0
        for paragraphs in articles:
            total += article_features(paragraphs, language)[VECTOR_COLUMNS]
            count += 1
        if count < MIN_CENTRE_ARTICLES:
            return None
        return (total / count).astype(np.float32)

    def _untrained(self, language: str | None) -> bool:
        return iso_language(language) not in self.languages

    def reads_genre_centred(self, language: str | None) -> bool:
        """Whether a batch in ``language`` gets its genre read on its own centre: a language
        without training data, and a model with the centred head."""
        return self.unseen_genre_centred_head is not None and self._untrained(language)

    def genre_lexical_weight_for(self, language: str | None) -> float:
        """The n-gram genre model's share: its words are the training languages' words."""
        if self._untrained(language) and self.unseen_genre_lexical_weight is not None:
            return self.unseen_genre_lexical_weight
        return self.genre_lexical_weight

    def frame_scores(
        self, paragraphs: Sequence[ParagraphInput], language: str | None, scores: np.ndarray
    ) -> np.ndarray:
        vector = self.frame_head.predict_proba(self._article_row(paragraphs, language, scores))[0]
        w = self.frame_lexical_weight
        if self.frame_lexical is None or not w:
            return vector
        lexical = self.frame_lexical.predict_proba([article_text(paragraphs)])[0]
        return (1 - w) * vector + w * lexical

    def frames_over_threshold(self, probabilities: np.ndarray) -> list[tuple[str, float]]:
        """(frame, probability) for every frame passing its tuned threshold, in label order."""
        return [
            (name, float(p))
            for name, p, t in zip(
                self.frame_head.labels, probabilities, self.frame_thresholds, strict=True
            )
            if p >= t
        ]

    # -- phrases ----------------------------------------------------------
    def token_scores(
        self,
        text: str,
        offset: int,
        language: str | None,
        pieces: Sequence[tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> tuple[list[Token], np.ndarray]:
        """Each token's score for each technique, as training chose it per technique:
        the phrase tagger's, times the detection tagger's to a power where that helped,
        and weighed (geometrically) against the word-state tagger's where that helped.

        ``pieces``: per sentence of the paragraph, the word-state tagger's
        ``piece_logits`` and their absolute character spans (``Encoder.word_pieces``);
        without them the phrase tagger's scores stand alone.
        """
        tokens = tokenize(text, offset)
        if not tokens:
            return tokens, np.zeros((0, len(self.techniques)), np.float32)
        matrix = token_matrix(tokens, language or "xx")
        scores = self.tagger.scores(matrix)
        powers = self.phrase_detection_powers
        if powers is not None and powers.any():
            scores = scores * self.detection_tagger.scores(matrix) ** powers
        weights = self.phrase_state_weights
        if self.phrase_state_tagger is not None and weights is not None and pieces:
            states = word_scores(tokens, pieces, self.phrase_state_tagger, DIM, language)
            scores = scores ** (1 - weights) * states**weights
        return tokens, scores.astype(np.float32)

    def phrases(
        self,
        technique: int,
        tokens: Sequence[Token],
        token_scores: np.ndarray,
        sentences: Sequence[tuple[int, int]],
        sentence_scores: np.ndarray,
    ) -> list[tuple[int, int, float]]:
        """Where technique ``technique`` sits in a paragraph flagged with it."""
        unit = self.phrase_units[technique]
        if unit == "sentence" and len(sentences):
            return best_sentences(
                sentences, sentence_scores[:, technique], self.phrase_thresholds[technique]
            )
        if unit == "phrase_or_sentence":
            return phrases_or_sentence(
                tokens,
                token_scores[:, technique],
                self.phrase_thresholds[technique],
                sentences,
                grow=self.phrase_grow,
            )
        return phrase_spans(
            tokens,
            token_scores[:, technique],
            self.phrase_thresholds[technique],
            grow=self.phrase_grow,
        )

    def phrase_found(
        self,
        technique: int,
        tokens: Sequence[Token],
        token_scores: np.ndarray,
        sentences: Sequence[tuple[int, int]],
        sentence_scores: np.ndarray,
    ) -> bool:
        """Whether ``phrases`` points at what passed the technique's phrase threshold
        (a word, or a sentence for the sentence unit), rather than at its best guess in
        a paragraph where nothing did (``benchmarks/results/weak_pointers.md``)."""
        threshold = self.phrase_thresholds[technique]
        if self.phrase_units[technique] == "sentence" and len(sentences):
            return bool((sentence_scores[:, technique] >= threshold).any())
        return word_passes(tokens, token_scores[:, technique], threshold)

    def approximate_pointer(self, technique: int, *unit_args) -> bool:
        """Whether the report marks the pointer a best guess: a token unit's (phrase,
        phrase_or_sentence) where no word passed the threshold. Out of fold, in the
        paragraphs whose gold carries the technique, those pointers were less precise
        (phrase_or_sentence 0.23 against 0.50, phrase 0.49 against 0.53), while a
        sentence unit's best sentence under its threshold was not (0.47 against 0.43),
        so it is not marked (``benchmarks/results/weak_pointers.md``). ``unit_args``:
        those of ``phrases``."""
        if self.phrase_units[technique] == "sentence":
            return False
        return not self.phrase_found(technique, *unit_args)

    # -- files ------------------------------------------------------------
    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for i, head in enumerate(self.technique_heads):
            head.save(directory / f"techniques_{i}.npz")
        for i, head in enumerate(self.sentence_heads):
            head.save(directory / f"sentences_{i}.npz")
        self.tagger.save(directory / "phrase_tagger.npz")
        states = directory / "phrase_states.npz"
        if self.phrase_state_tagger is not None:
            self.phrase_state_tagger.save(states)
        elif states.exists():
            states.unlink()
        self.detection_tagger.save(directory / "detection_tagger.npz")
        self.neighbours.save(directory / "neighbours.npz")
        self.latent_head.save(directory / "latents.npz")
        self.lexical_head.save(directory / "lexical.npz")
        self.genre_head.save(directory / "genre.npz")
        self.genre_lexical.save(directory / "genre_lexical.npz")
        self.frame_head.save(directory / "frames.npz")
        frame_lexical = directory / "frames_lexical.npz"
        if self.frame_lexical is not None:
            self.frame_lexical.save(frame_lexical)
        elif frame_lexical.exists():
            frame_lexical.unlink()
        stale = directory / "context.npz"
        if self.context_head is not None:
            self.context_head.save(stale)
        elif stale.exists():
            stale.unlink()
        for head, path in (
            (self.unseen_genre_head, directory / "genre_unseen.npz"),
            (self.unseen_genre_centred_head, directory / "genre_unseen_centred.npz"),
            (self.genre_paragraph_head, directory / "genre_paragraphs.npz"),
            (self.genre_profile_head, directory / "genre_profile.npz"),
            (self.attention_head, directory / "attention.npz"),
            (self.paragraph_attention_head, directory / "paragraph_attention.npz"),
        ):
            if head is not None:
                head.save(path)
            elif path.exists():
                path.unlink()
        decisions = {
            "version": self.version,
            "technique_thresholds": self.technique_thresholds.round(4).tolist(),
            "language_thresholds": {
                lang: th.round(4).tolist() for lang, th in self.language_thresholds.items()
            },
            "phrase_thresholds": self.phrase_thresholds.round(4).tolist(),
            "phrase_units": list(self.phrase_units),
            "phrase_detection_powers": (
                None
                if self.phrase_detection_powers is None
                else self.phrase_detection_powers.round(4).tolist()
            ),
            "phrase_state_weights": (
                None
                if self.phrase_state_weights is None
                else self.phrase_state_weights.round(4).tolist()
            ),
            "phrase_grow": self.phrase_grow,
            "frame_thresholds": self.frame_thresholds.round(4).tolist(),
            "frame_lexical_weight": self.frame_lexical_weight,
            "genre_lexical_weight": self.genre_lexical_weight,
            "genre_paragraph_share": self.genre_paragraph_share,
            "genre_profile_share": self.genre_profile_share,
            "technique_heads": len(self.technique_heads),
            "sentence_heads": len(self.sentence_heads),
            "blend": self.blend,
            "sentence_pooling": self.sentence_pooling,
            "context": self.context_head is not None,
            "languages": list(self.languages),
            "unseen_blend": self.unseen_blend,
            "unseen_genre_lexical_weight": self.unseen_genre_lexical_weight,
            "unseen_genre_centred_lexical_weight": self.unseen_genre_centred_lexical_weight,
            "unseen_thresholds": (
                None if self.unseen_thresholds is None else self.unseen_thresholds.round(4).tolist()
            ),
        }
        (directory / "decisions.json").write_text(json.dumps(decisions, indent=1) + "\n")

    @classmethod
    def load(cls, directory: Path = MODELS_DIR) -> PersuasionModel:
        decisions_path = directory / "decisions.json"
        if not decisions_path.exists():
            raise FileNotFoundError(
                f"{decisions_path}: no trained persuasion models; run `spinscope train`"
            )
        decisions = json.loads(decisions_path.read_text())
        return cls(
            technique_heads=[
                DenseHead.load(directory / f"techniques_{i}.npz")
                for i in range(decisions["technique_heads"])
            ],
            sentence_heads=[
                DenseHead.load(directory / f"sentences_{i}.npz")
                for i in range(decisions["sentence_heads"])
            ],
            lexical_head=LexicalHead.load(directory / "lexical.npz"),
            detection_tagger=TokenTagger.load(directory / "detection_tagger.npz"),
            neighbours=SentenceNeighbours.load(directory / "neighbours.npz"),
            latent_head=LatentHead.load(directory / "latents.npz"),
            blend={name: float(decisions["blend"].get(name, 0.0)) for name in SOURCES},
            sentence_pooling=dict(decisions.get("sentence_pooling", {})),
            technique_thresholds=np.array(decisions["technique_thresholds"], np.float32),
            language_thresholds={
                lang: np.array(th, np.float32)
                for lang, th in decisions.get("language_thresholds", {}).items()
            },
            tagger=TokenTagger.load(directory / "phrase_tagger.npz"),
            phrase_thresholds=np.array(decisions["phrase_thresholds"], np.float32),
            phrase_units=_phrase_units(decisions["phrase_units"], directory),
            genre_head=DenseHead.load(directory / "genre.npz"),
            genre_lexical=LexicalHead.load(directory / "genre_lexical.npz"),
            genre_lexical_weight=float(decisions["genre_lexical_weight"]),
            frame_head=DenseHead.load(directory / "frames.npz"),
            frame_thresholds=np.array(decisions["frame_thresholds"], np.float32),
            version=decisions["version"],
            fingerprint=files_digest(directory),
            context_head=(
                ContextHead.load(directory / "context.npz") if decisions.get("context") else None
            ),
            languages=tuple(decisions.get("languages", KNOWN_LANGUAGES)),
            unseen_blend=decisions.get("unseen_blend"),
            unseen_genre_lexical_weight=decisions.get("unseen_genre_lexical_weight"),
            unseen_genre_head=_optional_head(directory / "genre_unseen.npz"),
            unseen_genre_centred_head=_optional_head(directory / "genre_unseen_centred.npz"),
            unseen_genre_centred_lexical_weight=decisions.get(
                "unseen_genre_centred_lexical_weight"
            ),
            genre_paragraph_head=_optional_head(directory / "genre_paragraphs.npz"),
            genre_paragraph_share=float(decisions.get("genre_paragraph_share", 0.0)),
            genre_profile_head=_optional_head(directory / "genre_profile.npz"),
            genre_profile_share=float(decisions.get("genre_profile_share", 0.0)),
            attention_head=_optional_attention(directory / "attention.npz"),
            paragraph_attention_head=_optional_attention(directory / "paragraph_attention.npz"),
            unseen_thresholds=(
                None
                if decisions.get("unseen_thresholds") is None
                else np.array(decisions["unseen_thresholds"], np.float32)
            ),
            phrase_detection_powers=(
                None
                if decisions.get("phrase_detection_powers") is None
                else np.array(decisions["phrase_detection_powers"], np.float32)
            ),
            phrase_state_tagger=(
                TokenTagger.load(directory / "phrase_states.npz")
                if (directory / "phrase_states.npz").is_file()
                else None
            ),
            phrase_state_weights=(
                None
                if decisions.get("phrase_state_weights") is None
                else np.array(decisions["phrase_state_weights"], np.float32)
            ),
            phrase_grow=float(decisions.get("phrase_grow", 0.0)),
            frame_lexical=(
                LexicalHead.load(directory / "frames_lexical.npz")
                if (directory / "frames_lexical.npz").is_file()
                else None
            ),
            frame_lexical_weight=float(decisions.get("frame_lexical_weight", 0.0)),
        )


def _optional_head(path: Path) -> DenseHead | None:
    return DenseHead.load(path) if path.is_file() else None


def _optional_attention(path: Path) -> AttentionEnsemble | None:
    return AttentionEnsemble.load(path) if path.is_file() else None


def article_text(paragraphs: Sequence[ParagraphInput]) -> str:
    """The body text the article-level lexical head reads (title excluded)."""
    return " \n".join(p.text for p in paragraphs if not p.is_title)


def max_over_sentences(per_paragraph: Sequence[np.ndarray], n_labels: int) -> np.ndarray:
    """Each paragraph's strongest sentence score per label (0 for empty paragraphs)."""
    return np.stack([s.max(0) if len(s) else np.zeros(n_labels, np.float32) for s in per_paragraph])


def noisy_or_over_sentences(per_paragraph: Sequence[np.ndarray], n_labels: int) -> np.ndarray:
    """Per label, the chance that at least one sentence carries it, read as independent
    (1 − ∏(1 − p)): several half-sure sentences add up where the maximum sees only one."""
    return np.stack(
        [
            (1.0 - np.prod(1.0 - np.clip(s, 0.0, 1.0), axis=0)).astype(np.float32)
            if len(s)
            else np.zeros(n_labels, np.float32)
            for s in per_paragraph
        ]
    )


SENTENCE_POOLINGS = {"max": max_over_sentences, "noisy_or": noisy_or_over_sentences}
"""How a sentence-level source makes a paragraph score; training picks one per source."""
POOLED_SOURCES = ("sentence", "neighbours", "latents", "attention")
"""The sources scored sentence by sentence, then pooled over the paragraph."""


def pool_sentences(
    per_paragraph: Sequence[np.ndarray], n_labels: int, pooling: str = "max"
) -> np.ndarray:
    """Paragraph scores from sentence scores by the named pooling (``SENTENCE_POOLINGS``)."""
    return SENTENCE_POOLINGS[pooling](per_paragraph, n_labels)


def max_over_tokens(
    tagger: TokenTagger, texts: Sequence[str], language: str | None, n_labels: int
) -> np.ndarray:
    """Each paragraph's strongest token score per label (0 for paragraphs without tokens)."""
    rows = []
    for text in texts:
        tokens = tokenize(text)
        rows.append(
            tagger.scores(token_matrix(tokens, language or "xx")).max(0)
            if tokens
            else np.zeros(n_labels, np.float32)
        )
    return np.stack(rows) if rows else np.zeros((0, n_labels), np.float32)


def _phrase_units(units: Sequence[str], directory: Path) -> tuple[str, ...]:
    """``decisions.json``'s phrase units, refused whole if one is not known here (a model
    from a newer spinscope), rather than read as a phrase unit it is not."""
    unknown = sorted(set(units) - set(PHRASE_UNITS))
    if unknown:
        raise ValueError(
            f"{directory / 'decisions.json'}: unknown phrase unit(s) {', '.join(unknown)}"
            f" (known: {', '.join(PHRASE_UNITS)})"
        )
    return tuple(units)


def best_sentences(
    sentences: Sequence[tuple[int, int]], scores: np.ndarray, threshold: float
) -> list[tuple[int, int, float]]:
    """Sentences scoring over ``threshold`` for a technique; at least the best one."""
    rated = [(s, e, float(v)) for (s, e), v in zip(sentences, scores, strict=True)]
    chosen = [r for r in rated if r[2] >= threshold]
    return chosen or [max(rated, key=lambda r: r[2])]


_loaded: PersuasionModel | None = None
_lock = threading.Lock()


def shared_model() -> PersuasionModel:
    """The shipped models, loaded once per process on first use."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = PersuasionModel.load(MODELS_DIR)
            note_in_use(_loaded.identity)
    return _loaded


def set_shared_model(model: PersuasionModel | None) -> None:
    """Use ``model`` for the pipeline stages (None: the shipped files, reloaded lazily)."""
    global _loaded
    with _lock:
        _loaded = model
        note_in_use(model.identity if model is not None else None)
