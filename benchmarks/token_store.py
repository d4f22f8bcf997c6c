"""Contextual token states of many sentences on disk, for benchmarks that read them.

The paragraph heads see a sentence as one vector (its tokens' mean). Whether
reading the tokens themselves helps is an experiment over every training
sentence (~45,000, ~1.7 million tokens), so each sentence's token states are
computed once, in the same forward pass as its vector (which goes into the
shared vector cache), and appended as float16 to one file; an SQLite index maps
the sentence's cache key to its rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

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
        """Embed every text not yet stored; its vector also goes to ``cache``."""
        from spinscope.persuasion.engine import LayerPooledE5

        known = self.known()
        missing = [t for t in dict.fromkeys(texts) if text_key(t) not in known]
        if not missing:
            return
        engine = LayerPooledE5()
        with open(self.data_path, "ab") as out:
            for i in range(0, len(missing), BATCH):
                batch = missing[i : i + BATCH]
                vectors, tokens = engine.passage_tokens(batch)
                keys = [text_key(t, MODEL_ID) for t in batch]
                cache.put_many(dict(zip(keys, vectors, strict=True)))
                rows = []
                for key, states in zip(keys, tokens, strict=True):
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
