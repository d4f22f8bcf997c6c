"""Genre read from the article's technique profile alone.

The article head sees the profile (mean and maximum of each technique's score over
the body paragraphs) among some 1,200 vector columns and, at the strong L2 that
suits the vectors, gives it little weight: a piece about troop movements reads as
reporting whatever its wording. In the training data dense loaded language, labels
and doubt mean opinion. This head reads only the profile and the language, at its
own L2 strength, and takes a share of the final genre blend chosen in training by
cross-validation (0: not used).
"""

from __future__ import annotations

import numpy as np

from spinscope.persuasion.features import KNOWN_LANGUAGES, article_feature_size
from spinscope.persuasion.heads import DenseHead, fit_linear
from spinscope.persuasion.taxonomy import GENRE_NAMES

# Shares of the final genre blend the profile head may take; training picks one.
PROFILE_SHARES = (0.0, 0.2, 0.35)


def profile_columns(article_rows: np.ndarray) -> np.ndarray:
    """The technique profile and the language one-hot of genre article rows."""
    start = article_feature_size()
    language = article_rows[:, start - len(KNOWN_LANGUAGES) : start]
    return np.hstack([article_rows[:, start:], language])


def fit_profile_genre_head(article_rows: np.ndarray, y: np.ndarray, c: float) -> DenseHead:
    """Multinomial, classes balanced (the metric is macro-F1), on the profile columns."""
    return fit_linear(
        profile_columns(article_rows),
        y,
        GENRE_NAMES,
        c=c,
        single_label=True,
        class_weight="balanced",
    )


def with_profile(blended: np.ndarray, profile: np.ndarray, share: float) -> np.ndarray:
    """The genre blend with the profile head's probabilities averaged in."""
    return (1 - share) * blended + share * profile
