"""Where each language sits in the encoder's space, so that vectors can meet across languages.

The encoder's article vectors code their language first: raw, every French article
is nearer every other French article than an English one on the same story. Each
vector is therefore compared less its language's centre. A corpus with enough
articles of a language (``MIN_LANGUAGE_ARTICLES``) gives that centre itself; below
that, its own mean would be noise (two articles centred on their mean point in
opposite directions), so the centre comes from the SemEval training articles: one
mean article vector per training language and one over all of them for any other
language, shipped in ``models/stories/centres.npz`` and rebuilt by
``scripts/build_story_centres.py``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

CENTRES_PATH = Path(__file__).resolve().parents[1] / "models" / "stories" / "centres.npz"
ANY_LANGUAGE = "*"


@cache
def training_centres() -> dict[str, np.ndarray]:
    """Language code (and ``ANY_LANGUAGE``) → mean training article vector."""
    with np.load(CENTRES_PATH) as data:
        pairs = zip(data["languages"], data["centres"], strict=True)
        return {str(k): v.astype(np.float32) for k, v in pairs}


def save_centres(centres: dict[str, np.ndarray], path: Path = CENTRES_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    languages = sorted(centres)
    np.savez_compressed(
        path,
        languages=np.array(languages),
        centres=np.stack([centres[k] for k in languages]).astype(np.float32),
    )
