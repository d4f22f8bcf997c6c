"""How often a flagged technique is right, by the score it was flagged with.

An analyst reads « Langage chargé 0.64 » and « Faux dilemme 0.22 » side by side and
has to know what the numbers mean. The blended score is a weighted mean of the
sources' probabilities, with one threshold per technique, so nothing guarantees that
it reads as a chance. This measures it: every flagged (paragraph, technique) pair
falls in a band of its score, and a band's *share right* is the part of its flags
that the gold confirms. Where each band's share sits inside the band, the score
reads as the chance that the flag is right; ``spinscope evaluate`` prints it for any
labelled split and ``benchmarks/bench_reliability.py`` out of fold for training.
It holds for the languages the model was trained on; a language held out of training
is scored by the unseen-language rule, whose flags are right less often than their
scores say (held-out English: 0.404 of the flags scored 0.7–0.8), so the report and
the workbench only read a score as a chance in a trained language.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np

# Band edges: below 0.3 the thresholds of rare techniques sit; above 0.8 flags are few.
BAND_EDGES: tuple[float, ...] = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0)


@dataclass(frozen=True)
class Band:
    """Flags whose score lies in [low, high): how many, their mean score, and how many
    the gold confirms."""

    low: float
    high: float
    flags: int
    right: int
    mean_score: float | None

    @property
    def share_right(self) -> float | None:
        return self.right / self.flags if self.flags else None

    @property
    def name(self) -> str:
        return f"{self.low:.1f}–{self.high:.1f}"

    def to_dict(self) -> dict:
        return {**asdict(self), "share_right": self.share_right}


def bands(
    scores: Sequence[float], right: Sequence[bool], edges: Sequence[float] = BAND_EDGES
) -> list[Band]:
    """One band per pair of edges; the last band also holds a score of exactly 1."""
    s = np.asarray(scores, dtype=float)
    ok = np.asarray(right, dtype=bool)
    if s.shape != ok.shape:
        raise ValueError(f"{s.shape[0]} scores but {ok.shape[0]} right/wrong marks")
    index = np.clip(np.searchsorted(edges, s, side="right") - 1, 0, len(edges) - 2)
    found = []
    for i in range(len(edges) - 1):
        inside = index == i
        n = int(inside.sum())
        mean = float(s[inside].mean()) if n else None
        found.append(Band(float(edges[i]), float(edges[i + 1]), n, int(ok[inside].sum()), mean))
    return found


def calibration_gap(found: Sequence[Band]) -> float | None:
    """Distance between the flags' mean score and share right, band by band, weighted
    by flags (expected calibration error on these bands): 0 when the score is the
    chance of being right; None without flags."""
    total = sum(b.flags for b in found)
    if not total:
        return None
    return sum(abs((b.mean_score or 0.0) - (b.share_right or 0.0)) * b.flags for b in found) / total


def flag_bands(
    flagged: Mapping[tuple[str, int], Mapping[str, float]],
    gold: Mapping[tuple[str, int], Sequence[str]],
) -> list[Band]:
    """Bands of the flags of the paragraphs ``gold`` has: ``flagged`` maps a paragraph
    key to each flagged technique's score; a flag is right when the gold lists it."""
    scores, right = [], []
    for key, labels in gold.items():
        for technique, score in flagged.get(key, {}).items():
            scores.append(score)
            right.append(technique in labels)
    return bands(scores, right)


def band_figures(found: Sequence[Band]) -> dict:
    """Bands as the card, ``evaluate --json`` and the benchmark keep them, with their gap."""
    return {"bands": [b.to_dict() for b in found], "gap": calibration_gap(found)}


def reliability_figures(
    gold: np.ndarray, scores: np.ndarray, flags: np.ndarray, languages: np.ndarray
) -> dict[str, dict]:
    """For the model card: per language and over all, the bands of the flagged
    (paragraph, technique) pairs, and their calibration gap."""
    rows = {str(lang): languages == lang for lang in sorted(set(languages.tolist()))}
    rows["all"] = np.ones(len(gold), bool)
    figures = {}
    for name, mask in rows.items():
        on = flags[mask].astype(bool)
        found = bands(scores[mask][on], gold[mask].astype(bool)[on])
        figures[name] = band_figures(found)
    return figures


def _shipped(name: str) -> dict:
    from spinscope.persuasion.model import MODELS_DIR  # the heavy model module, lazily

    try:
        return json.loads((MODELS_DIR / name).read_text())
    except (OSError, ValueError):
        return {}


@functools.cache
def trained_languages() -> frozenset[str]:
    """The languages the shipped technique model was trained on (its decisions.json)."""
    languages = _shipped("decisions.json").get("languages")
    return frozenset(languages) if isinstance(languages, list) else frozenset()


@functools.cache
def _card_reliability() -> dict:
    found = _shipped("card.json").get("figures", {}).get("reliability")
    return found if isinstance(found, dict) else {}


def share_right(language: str | None, low: float = 0.7) -> float | None:
    """Out of fold, the share of the shipped model's flags in ``language`` scored in the
    band starting at ``low`` that were right (the model card's figure; None where the
    card has none for that language or band)."""
    from spinscope.persuasion.features import iso_language

    for band in _card_reliability().get(iso_language(language) or "", {}).get("bands", []):
        if abs(band.get("low", -1) - low) < 1e-9 and band.get("flags"):
            return band.get("share_right")
    return None


def score_reads_as_chance(language: str | None) -> bool:
    """Whether a technique score in ``language`` reads as the chance the flag is right:
    measured so for the training languages, not for the others."""
    from spinscope.persuasion.features import iso_language

    return iso_language(language) in trained_languages()


def score_note(language: str | None, lang: str) -> str:
    """How to read a technique's score in ``language``, said in ``lang`` (the report's
    --explain line and the workbench's tooltip): as a chance, with the model card's
    measured share where it has one, in a training language; not elsewhere."""
    from spinscope.display_words import (
        MEASURED_SCORE_NOTE,
        SCORE_NOTE,
        UNSEEN_SCORE_NOTE,
        word,
    )

    if not score_reads_as_chance(language):
        return word(UNSEEN_SCORE_NOTE, lang)
    share = share_right(language)
    if share is None:
        return word(SCORE_NOTE, lang)
    return word(MEASURED_SCORE_NOTE, lang).format(n=round(100 * share))
