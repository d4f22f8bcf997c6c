"""The stage registry: selection rules and one stage run alone."""

from __future__ import annotations

import pytest

from spinscope.pipeline import FOUNDATION, STAGES, analyze, select_stages


def test_selection_keeps_registry_order_and_the_foundation() -> None:
    assert select_stages(None) == list(STAGES)
    assert select_stages([]) == list(FOUNDATION)
    assert select_stages(["dates"]) == ["language", "segment", "dates"]
    assert "segment" in select_stages(None, skip=["segment", "quotes"])
    assert "quotes" not in select_stages(None, skip=["quotes"])


def test_unknown_stage_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown stage"):
        select_stages(["sentiment"])


def test_foundation_only_run_on_raw_text() -> None:
    text = "Repli américain\n\nLes Yankees fuient la région.\n\nPersonne ne les croit plus."
    analysis = analyze(text, only=[])  # raw text reads like an article file: title first
    assert analysis.stages == list(FOUNDATION)
    assert analysis.article.language == "fr"
    assert analysis.article.title == "Repli américain"
    assert len(analysis.article.paragraphs) == 2
    assert analysis.techniques == [] and analysis.genre is None
