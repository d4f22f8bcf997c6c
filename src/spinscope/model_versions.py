"""Which stored findings came from models other than the ones installed now.

Every analysis records, per stage, the model its findings came from. After an
upgrade (retrained persuasion models, a new version of a rule set) a store holds
findings from two models side by side, and a corpus's rates would mix them without
saying so. This module names the model each stage would use now, so that ingest can
analyse such articles again instead of skipping them as duplicates, and
``spinscope reanalyse`` can bring a whole store up to date from the stored text.

Only stages whose model does not depend on the article are versioned here; entities
(a spaCy pipeline per language), language and segment are not, and are never called
out of date.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping

PERSUASION_STAGES = ("techniques", "genre", "frames")
# stage → the module whose MODEL names the rule set it records
RULE_STAGES = {
    "dates": "spinscope.extract.dates",
    "places": "spinscope.extract.places",
    "quotes": "spinscope.extract.quotes",
    "claims": "spinscope.extract.claims",
}
VERSIONED_STAGES = (*PERSUASION_STAGES, *RULE_STAGES)


def current_models(stages: Iterable[str]) -> dict[str, str]:
    """The model each versioned stage among ``stages`` records when it runs now."""
    wanted = [s for s in stages if s in VERSIONED_STAGES]
    models: dict[str, str] = {}
    if any(s in PERSUASION_STAGES for s in wanted):
        from spinscope.persuasion.identity import current_identity

        try:
            persuasion = current_identity()
        except FileNotFoundError:  # no models installed: the stages say so when they run
            persuasion = None
        if persuasion is not None:
            models.update({s: persuasion for s in wanted if s in PERSUASION_STAGES})
    for stage in wanted:
        if stage in RULE_STAGES:
            models[stage] = importlib.import_module(RULE_STAGES[stage]).MODEL
    return models


def outdated_stages(
    stages: Iterable[str], stored_models: Mapping[str, str], current: Mapping[str, str]
) -> list[str]:
    """Those of the stored ``stages`` whose findings came from another model than
    ``current`` names (a stage stored without a model counts as out of date)."""
    return [s for s in stages if s in current and stored_models.get(s) != current[s]]
