"""The stage registry and ``analyze()``: one article through every stage, in order.

A stage is a plain function ``(analysis: Analysis) -> None`` that adds its
findings to the analysis (stages that refine the article itself, such as
language and segmentation, replace ``analysis.article`` with an updated copy).
Stages are registered here by name and imported lazily, so ``--only
techniques`` loads no entity model and a test can run one stage alone.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence

from spinscope.article import Analysis, Article

Stage = Callable[[Analysis], None]

# name → "module:function"; order is execution order.
STAGES: dict[str, str] = {
    "language": "spinscope.language:language_stage",
    "segment": "spinscope.segment:segment_stage",
    "techniques": "spinscope.persuasion.stages:techniques_stage",
    "genre": "spinscope.persuasion.stages:genre_stage",
    "frames": "spinscope.persuasion.stages:frames_stage",
    "entities": "spinscope.extract.entities:entities_stage",
    "places": "spinscope.extract.places:places_stage",
    "dates": "spinscope.extract.dates:dates_stage",
    "quotes": "spinscope.extract.quotes:quotes_stage",
    "claims": "spinscope.extract.claims:claims_stage",
}
# Stages every other stage relies on: always run, even with ``only``.
FOUNDATION = ("language", "segment")


def load_stage(name: str) -> Stage:
    """The stage function registered under ``name``."""
    try:
        target = STAGES[name]
    except KeyError:
        raise ValueError(f"unknown stage {name!r}; known: {', '.join(STAGES)}") from None
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)


def select_stages(only: Iterable[str] | None = None, skip: Iterable[str] = ()) -> list[str]:
    """Stage names to run, in registry order, foundation stages always included.

    ``only=None`` selects every stage; an empty ``only`` the foundation alone.
    """
    wanted = set(STAGES) if only is None else set(only)
    unknown = (wanted | set(skip)) - set(STAGES)
    if unknown:
        raise ValueError(
            f"unknown stage(s) {', '.join(sorted(unknown))}; known: {', '.join(STAGES)}"
        )
    wanted |= set(FOUNDATION)
    return [n for n in STAGES if n in wanted and n not in set(skip) - set(FOUNDATION)]


def analyze(
    article: Article | str,
    only: Sequence[str] | None = None,
    skip: Sequence[str] = (),
) -> Analysis:
    """Run the selected stages over one article (or raw text) and return its analysis."""
    if isinstance(article, str):
        from spinscope.ingest import article_from_text

        article = article_from_text(article)
    analysis = Analysis(article=article)
    for name in select_stages(only, skip):
        load_stage(name)(analysis)
        analysis.stages.append(name)
    return analysis
