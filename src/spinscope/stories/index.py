"""How alike two stored articles are as stories: shared rare names and close vectors."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from spinscope.stories.centres import ANY_LANGUAGE, training_centres
from spinscope.stories.profile import StoryProfile
from spinscope.stories.settings import ENTITY_SHARE, MIN_LANGUAGE_ARTICLES

_BLOCK = 512  # rows scored at a time when every pair is needed


@dataclass(frozen=True)
class Related:
    """Another article of the corpus, how alike it is, and the names both give."""

    profile: StoryProfile
    score: float
    shared: list[str]  # names both articles give, rarest in the corpus first


class StoryIndex:
    """Every profile's weighted names and centred vector, ready to compare."""

    def __init__(self, profiles: Sequence[StoryProfile]) -> None:
        self.profiles = list(profiles)
        self.position = {p.id: i for i, p in enumerate(self.profiles)}
        self.idf = self._idf(self.profiles)
        self.names = self._name_matrix()
        self.vectors, self.has_vector = self._centred_vectors()

    def __len__(self) -> int:
        return len(self.profiles)

    @staticmethod
    def _idf(profiles: Sequence[StoryProfile]) -> dict[str, float]:
        """Smoothed inverse document frequency: a name every article gives still counts a
        little (a corpus of two articles about Iraq must still match on Iraq)."""
        df: Counter[str] = Counter()
        for p in profiles:
            df.update(p.keys.keys())
        n = len(profiles)
        return {k: math.log((1 + n) / (1 + d)) + 1 for k, d in df.items()}

    def _weights(self, profile: StoryProfile) -> dict[str, float]:
        return {k: (1 + math.log(c)) * self.idf[k] for k, c in profile.keys.items()}

    def _name_matrix(self) -> sparse.csr_matrix:
        columns = {k: j for j, k in enumerate(self.idf)}
        rows, cols, values = [], [], []
        for i, p in enumerate(self.profiles):
            weights = self._weights(p)
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for k, w in weights.items():
                rows.append(i)
                cols.append(columns[k])
                values.append(w / norm)
        shape = (len(self.profiles), len(columns))
        return sparse.csr_matrix((values, (rows, cols)), shape=shape, dtype=np.float32)

    def _centred_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """Unit vectors, each less its language's centre (``centres``: the corpus's own mean
        where it has enough articles of the language, else the training one), and which
        profiles have one."""
        has = np.array([p.vector is not None for p in self.profiles], dtype=bool)
        if not has.any():
            return np.zeros((len(self.profiles), 0), np.float32), has
        dim = next(p.vector for p in self.profiles if p.vector is not None).shape[0]
        raw = np.zeros((len(self.profiles), dim), np.float32)
        for i, p in enumerate(self.profiles):
            if p.vector is not None:
                raw[i] = p.vector
        languages = np.array([p.language or "" for p in self.profiles])
        trained = training_centres()
        centred = np.zeros_like(raw)
        for language in set(languages[has]):
            own = has & (languages == language)
            if own.sum() >= MIN_LANGUAGE_ARTICLES:
                centre = raw[own].mean(0)
            else:
                centre = trained.get(language, trained[ANY_LANGUAGE])
            centred[own] = raw[own] - centre
        norms = np.linalg.norm(centred, axis=1, keepdims=True)
        centred = centred / np.where(norms > 0, norms, 1)
        return centred.astype(np.float32), has

    def scores(self, rows: np.ndarray | slice) -> np.ndarray:
        """Scores of ``rows`` against every profile: the names' cosine, mixed half and half
        with the vectors' where both articles have one (the names alone otherwise)."""
        names = (self.names[rows] @ self.names.T).toarray()
        if not self.has_vector.any():
            return names
        vectors = self.vectors[rows] @ self.vectors.T
        both = self.has_vector[rows][:, None] & self.has_vector[None, :]
        return np.where(both, ENTITY_SHARE * names + (1 - ENTITY_SHARE) * vectors, names)

    def shared_names(self, a: StoryProfile, b: StoryProfile, limit: int = 6) -> list[str]:
        """Names both articles give, rarest first, as ``a`` writes them."""
        common = sorted(set(a.keys) & set(b.keys), key=lambda k: (-self.idf[k], a.names[k]))
        return [a.names[k] for k in common[:limit]]

    def related(self, article_id: str, limit: int = 10, min_score: float = 0.0) -> list[Related]:
        """The articles most alike ``article_id``, best first (KeyError: not indexed)."""
        i = self.position[article_id]
        row = self.scores(np.array([i]))[0]
        row[i] = -np.inf
        order = np.argsort(-row, kind="stable")[:limit]
        me = self.profiles[i]
        return [
            Related(self.profiles[j], float(row[j]), self.shared_names(me, self.profiles[j]))
            for j in order
            if row[j] >= min_score and np.isfinite(row[j])
        ]

    def pairs(self, threshold: float, neighbours: int) -> Iterator[tuple[int, int, float]]:
        """Pairs (i < j) scoring at least ``threshold`` where each is among the other's
        ``neighbours`` best: a mutual test, so one article that touches many stories (a
        weekly round-up) does not join them all. Rows are scored a block at a time."""
        n = len(self.profiles)
        k = min(neighbours, n - 1)
        best: list[set[int]] = []
        above: list[dict[int, float]] = []
        for start in range(0, n, _BLOCK):
            block = self.scores(slice(start, min(n, start + _BLOCK)))
            rows = np.arange(len(block))
            block[rows, rows + start] = -np.inf  # not its own neighbour
            # the k best of each row, unordered: a partition, not a sort of 10,000 scores
            top = np.argpartition(-block, k - 1, axis=1)[:, :k] if k > 0 else rows[:, None][:, :0]
            for r in rows:
                scores = block[r, top[r]]
                best.append(set(top[r].tolist()))
                above.append(
                    {
                        int(j): float(s)
                        for j, s in zip(top[r], scores, strict=True)
                        if s >= threshold
                    }
                )
        for i in range(n):
            for j, score in above[i].items():
                if i < j and i in best[j]:
                    yield i, j, score


def related_to(
    profiles: Sequence[StoryProfile],
    profile: StoryProfile,
    limit: int = 10,
    min_score: float = 0.0,
) -> list[Related]:
    """The stored articles most alike an article that is not among them (one pasted into
    the workbench, a file on the command line): the corpus's names weigh it, as they
    would once stored. A stored copy of the same article is left out."""
    others = [p for p in profiles if p.id != profile.id]
    return StoryIndex([*others, profile]).related(profile.id, limit, min_score)
