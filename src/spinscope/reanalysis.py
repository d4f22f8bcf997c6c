"""Bring a store up to date after an upgrade, from the text it already holds.

``ingest`` needs the source files; an analyst who upgraded spinscope (retrained
persuasion models, new rule versions) may no longer have them, or may have ingested
feeds and web archives that changed since. The stored article holds its text, so
each stage whose findings came from another model than the installed one is run
again on it, and what the other stages found is kept (``stage_results``). Each
article is stored in its own transaction, as ingest does.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from spinscope.model_versions import VERSIONED_STAGES, current_models, outdated_stages

if TYPE_CHECKING:
    from spinscope.article import Analysis
    from spinscope.store import SQLiteStore


@dataclasses.dataclass
class ReanalysisPlan:
    """What ``reanalyse`` would run: per article, the stages to run again."""

    stages_by_article: dict[str, list[str]]
    # (stage, stored model) → articles, for the stages to run again
    stored_models: Counter[tuple[str, str]]
    installed: dict[str, str]  # stage → the model it would record now
    articles: int  # stored articles looked at
    unchecked: list[str]  # versioned stages whose installed model is unknown (none installed)


def plan_reanalysis(store: SQLiteStore, selected: set[str], everything: bool) -> ReanalysisPlan:
    """The stored stages among ``selected`` to run again: those whose findings came from
    other models than the installed ones (``everything``: all of them)."""
    installed = current_models(selected)
    unchecked = [s for s in VERSIONED_STAGES if s in selected and s not in installed]
    plan = ReanalysisPlan({}, Counter(), installed, 0, unchecked)
    for article_id, stages, models in store.stage_models():
        plan.articles += 1
        kept = [s for s in stages if s in selected]
        redo = kept if everything else outdated_stages(kept, models, installed)
        if not redo:
            continue
        plan.stages_by_article[article_id] = redo
        plan.stored_models.update((s, models.get(s, "(none recorded)")) for s in redo)
    return plan


def outdated_in(analysis: Analysis) -> list[str]:
    """The stages of one stored analysis whose findings came from other models than the
    installed ones (those it recorded a model for)."""
    recorded = [s for s in analysis.stages if s in analysis.models]
    return outdated_stages(recorded, analysis.models, current_models(recorded))


def outdated_note(store: SQLiteStore, stage: str) -> str | None:
    """One line for corpus figures built on ``stage``'s findings when some of them
    came from other models than the installed ones (their rates are then not one
    model's), else None."""
    plan = plan_reanalysis(store, {stage}, everything=False)
    if not plan.stages_by_article:
        return None
    return (
        f"{stage} of {len(plan.stages_by_article)} of {plan.articles} stored articles come "
        "from other models than the installed ones; `spinscope reanalyse` brings them up to date"
    )


def plan_lines(plan: ReanalysisPlan) -> list[str]:
    """The plan for the terminal: how many articles, and per stage the models their
    findings came from against the installed one."""
    if not plan.stages_by_article:
        lines = [
            f"{plan.articles} stored articles: every stage checked is up to date "
            "with the installed models"
        ]
    else:
        lines = [
            f"{len(plan.stages_by_article)} of {plan.articles} stored articles to analyse again"
        ]
    for (stage, stored), count in sorted(plan.stored_models.items()):
        installed = plan.installed.get(stage, "(not versioned)")
        lines.append(f"  {stage}: {count} from {stored} → {installed}")
    if plan.unchecked:
        lines.append(f"not checked (no models installed for them): {', '.join(plan.unchecked)}")
    return lines


@dataclasses.dataclass
class ReanalysisSummary:
    redone: int = 0
    failed: int = 0
    interrupted: bool = False
    languages: set[str] = dataclasses.field(default_factory=set)  # of articles re-read for genre


def run_reanalysis(
    store: SQLiteStore,
    plan: ReanalysisPlan,
    report_failure: Callable[[str], None],
    advance: Callable[[], None] = lambda: None,
) -> ReanalysisSummary:
    """Run each planned article's stages again on its stored text and store the result;
    one article failing is reported and the rest go on."""
    from spinscope.ingest.errors import one_line
    from spinscope.pipeline import analyze
    from spinscope.stage_results import with_stored_stages

    summary = ReanalysisSummary()
    try:
        for article_id, stages in plan.stages_by_article.items():
            stored = store.get(article_id)
            if stored is None:  # deleted meanwhile
                advance()
                continue
            try:
                analysis = analyze(stored.article, only=stages)
                analysis = with_stored_stages(analysis, store, stored.article, set(stages))
                store.put(analysis)
            except Exception as exc:  # one bad article must not stop the batch
                where = one_line(stored.article.origin or article_id)
                summary.failed += 1
                report_failure(f"{where}: analysis failed: {type(exc).__name__}: {one_line(exc)}")
            else:
                summary.redone += 1
                if "genre" in stages and analysis.article.language:
                    summary.languages.add(analysis.article.language)
            advance()
    except KeyboardInterrupt:
        summary.interrupted = True
    return summary
