"""Contextual token states of the training sentences on disk, for the attention head.

The attention head (``attention.py``) learns from every training sentence's token
states (~45,000 sentences, ~1.5 million tokens, ~1.1 GB as float16): too many to
keep in SQLite or memory, and too slow to recompute. Each sentence's states are
computed once, in the same forward pass as its vector and latent terms (which go
into the shared vector cache, so it is never embedded twice), and appended as float16 to one file;
an SQLite index maps the sentence's cache key to its rows. Analysis never reads
this store: it caches the head's sentence scores instead (``Encoder.attention``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from spinscope.persuasion.attention import content_states
from spinscope.persuasion.encoder import DIM, MODEL_ID, VectorCache, text_key

BATCH = 32


class TokenStore:
    """Sentence key → (offset, count) rows of a float16 (n_tokens, DIM) file."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.data_path = folder / "states.f16"
        self._db = sqlite3.connect(folder / "index.sqlite")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS rows (key TEXT PRIMARY KEY, start INTEGER, count INTEGER)"
        )
        end = self._db.execute("SELECT COALESCE(MAX(start + count), 0) FROM rows").fetchone()[0]
        self.end = int(end)
        with open(self.data_path, "ab") as f:  # drop rows a killed run wrote but did not index
            f.truncate(self.end * DIM * 2)

    def known(self) -> dict[str, tuple[int, int]]:
        return {k: (s, c) for k, s, c in self._db.execute("SELECT key, start, count FROM rows")}

    def fill(
        self,
        texts: Sequence[str],
        cache: VectorCache,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        """Embed every text not yet stored; its vector and latent terms also go to ``cache``."""
        from spinscope.persuasion.engine import LayerPooledE5

        known = self.known()
        missing = [t for t in dict.fromkeys(texts) if text_key(t) not in known]
        if not missing:
            return
        engine = LayerPooledE5()
        with open(self.data_path, "ab") as out:
            for i in range(0, len(missing), BATCH):
                batch = missing[i : i + BATCH]
                found = engine.passage_pass(batch, tokens=True, latents=True)
                assert found.tokens is not None and found.latents is not None
                cache.put_pass(batch, found.vectors, found.latents)
                rows = []
                keys = [text_key(t, MODEL_ID) for t in batch]
                for key, states in zip(keys, found.tokens, strict=True):
                    out.write(states.astype(np.float16).tobytes())
                    rows.append((key, self.end, len(states)))
                    self.end += len(states)
                out.flush()
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO rows VALUES (?, ?, ?)", rows)
                if progress:
                    progress(len(batch))

    def states(self) -> np.ndarray:
        """Every stored token state, memory-mapped (float16, (n_tokens, DIM))."""
        return np.memmap(self.data_path, np.float16, "r", shape=(self.end, DIM))

    def sentence_states(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The texts' ``content_states`` back to back (float16), and their token counts."""
        index, states = self.known(), self.states()
        pieces = []
        for text in texts:
            start, count = index[text_key(text)]
            pieces.append(content_states(states[start : start + count]))
        lengths = np.array([len(p) for p in pieces], np.int64)
        if not pieces:
            return np.zeros((0, DIM), np.float16), lengths
        return np.concatenate(pieces), lengths

    def close(self) -> None:
        self._db.close()
