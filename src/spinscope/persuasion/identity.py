"""Which persuasion models an analysis came from.

A model's version is the day it was trained (``persuasion-2026-12-06``). Two trainings
on one day, or genre and frames retrained alone (``train --only-article-heads``), keep
that version while deciding differently, so a stored analysis could not tell it came
from other models. The identity an analysis records is the version plus a digest of
the files that decide (weights and ``decisions.json``; not the card, which only
describes them).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

# The shipped models, or the folder $SPINSCOPE_PERSUASION_MODELS names.
MODELS_DIR = Path(
    os.environ.get(
        "SPINSCOPE_PERSUASION_MODELS",
        Path(__file__).resolve().parent.parent / "models" / "persuasion",
    )
)

DECIDING_SUFFIXES = (".npz", ".json")
DESCRIPTIVE_FILES = frozenset({"card.json"})
DIGEST_CHARS = 8


def fingerprint(directory: Path) -> str:
    """Hex digest over the names and bytes of the model files that decide.

    Reading 25 MB takes tens of milliseconds, and a server asks on every article view,
    so the digest is kept while the files' names, sizes and modification times stay.
    """
    files = [
        path
        for path in sorted(directory.iterdir())
        if path.suffix in DECIDING_SUFFIXES and path.name not in DESCRIPTIVE_FILES
    ]
    signature = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    known = _digests.get(directory)
    if known is not None and known[0] == signature:
        return known[1]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
    _digests[directory] = (signature, digest.hexdigest()[:DIGEST_CHARS])
    return _digests[directory][1]


_digests: dict[Path, tuple[tuple, str]] = {}  # directory → (files' signature, digest)


def identity(version: str, digest: str | None) -> str:
    """What an analysis records as its model: ``version+digest`` (the version alone
    for a model built in memory, which has no files yet)."""
    return f"{version}+{digest}" if digest else version


def installed_identity(directory: Path | None = None) -> str:
    """The identity of the models in ``directory`` (default: ``MODELS_DIR``) without
    loading them (a JSON read and a digest): enough to tell which stored analyses came
    from other models."""
    directory = directory or MODELS_DIR
    decisions = directory / "decisions.json"
    if not decisions.exists():
        raise FileNotFoundError(f"{decisions}: no trained persuasion models; run `spinscope train`")
    version = json.loads(decisions.read_text())["version"]
    return identity(version, fingerprint(directory))


# The identity of the models this process's pipeline uses, once loaded or set
# (``model.shared_model``, ``set_shared_model``); None: the installed files'.
_in_use: str | None = None


def note_in_use(model_identity: str | None) -> None:
    global _in_use
    _in_use = model_identity


def current_identity() -> str:
    """What the persuasion stages record when they run now, without loading the models
    (nor importing their code, which a server's background thread may be doing)."""
    return _in_use or installed_identity()
