"""The taxonomy matches the official label files and explains itself in English and French."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinscope.persuasion import taxonomy
from spinscope.persuasion.taxonomy import (
    CATEGORIES,
    FRAMES,
    GENRES,
    TECHNIQUES,
    category_of,
    describe,
    techniques_in,
)

MINI = Path(__file__).parent / "data" / "semeval_mini"
# The developers' copy of the official data sits next to the clone; the committed copy in
# tests/data is checked always, the shared one too when this machine has it.
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "semeval2023"
LABEL_DIRS = [MINI] + ([SHARED] if SHARED.is_dir() else [])


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("folder", LABEL_DIRS, ids=lambda p: p.parent.name + "/" + p.name)
def test_names_are_the_official_ones_in_file_order(folder: Path) -> None:
    assert list(TECHNIQUES) == _lines(folder / "techniques_subtask3.txt")
    assert list(FRAMES) == _lines(folder / "frames_subtask2.txt")
    assert list(taxonomy.TECHNIQUE_NAMES) == list(TECHNIQUES)
    assert list(taxonomy.FRAME_NAMES) == list(FRAMES)


def test_counts_and_genres() -> None:
    assert len(TECHNIQUES) == 23
    assert len(FRAMES) == 14
    assert list(GENRES) == ["opinion", "reporting", "satire"]
    assert list(CATEGORIES) == [
        "attack_on_reputation",
        "justification",
        "simplification",
        "distraction",
        "call",
        "manipulative_wording",
    ]


def test_techniques_sit_in_the_six_official_categories() -> None:
    expected = {
        "attack_on_reputation": {
            "Name_Calling-Labeling",
            "Guilt_by_Association",
            "Doubt",
            "Appeal_to_Hypocrisy",
            "Questioning_the_Reputation",
        },
        "justification": {
            "Flag_Waving",
            "Appeal_to_Authority",
            "Appeal_to_Popularity",
            "Appeal_to_Values",
            "Appeal_to_Fear-Prejudice",
        },
        "simplification": {
            "Causal_Oversimplification",
            "False_Dilemma-No_Choice",
            "Consequential_Oversimplification",
        },
        "distraction": {"Straw_Man", "Red_Herring", "Whataboutism"},
        "call": {"Slogans", "Conversation_Killer", "Appeal_to_Time"},
        "manipulative_wording": {
            "Loaded_Language",
            "Obfuscation-Vagueness-Confusion",
            "Exaggeration-Minimisation",
            "Repetition",
        },
    }
    for category, names in expected.items():
        assert set(techniques_in(category)) == names
        for name in names:
            assert category_of(name) == category
    assert sum(len(v) for v in expected.values()) == 23


@pytest.mark.parametrize(
    "table", [TECHNIQUES, FRAMES, GENRES], ids=["techniques", "frames", "genres"]
)
def test_every_entry_is_explained_in_both_languages(table) -> None:
    for entry in table.values():
        for field in ("label", "definition", "example"):
            texts = getattr(entry, field)
            assert set(texts) == {"en", "fr"}, (entry.name, field)
            assert all(len(t.strip()) >= 3 for t in texts.values()), (entry.name, field)
        # Written for this project: the French is not a copy of the English.
        assert entry.definition["fr"] != entry.definition["en"]
        assert entry.example["fr"] != entry.example["en"]


def test_labels_are_distinct_so_a_reader_can_tell_findings_apart() -> None:
    for lang in ("en", "fr"):
        labels = [t.label[lang] for t in TECHNIQUES.values()]
        labels += [c.label[lang] for c in CATEGORIES.values()]
        assert len(set(labels)) == len(labels), lang


def test_french_follows_french_typography() -> None:
    for t in TECHNIQUES.values():
        fr = t.definition["fr"] + t.example["fr"] + t.label["fr"]
        assert "'" not in fr, t.name
        for mark in ":;!?»":
            assert f" {mark}" not in fr, (t.name, mark)


def test_describe_in_french_english_and_fallback() -> None:
    fr = describe("Name_Calling-Labeling", "fr")
    assert fr.startswith("Étiquetage")
    assert "Attaque contre la réputation" in fr
    assert TECHNIQUES["Name_Calling-Labeling"].definition["fr"] in fr
    en = describe("Name_Calling-Labeling")
    assert en.startswith("Name-calling or labelling — Attack on reputation: ")
    assert describe("Loaded_Language", "fr-FR") == describe("Loaded_Language", "fr")
    # Languages without texts read the English.
    assert describe("Loaded_Language", "ru") == describe("Loaded_Language", "en")
    assert describe("satire", "fr").startswith("Satire\u00a0: ")
    assert describe("Economic", "fr").startswith("Économie")
    assert describe("justification").startswith("Justification: ")


def test_unknown_names_fail_with_the_name() -> None:
    with pytest.raises(KeyError, match="Name_Calling"):
        category_of("Name_Calling")
    with pytest.raises(KeyError, match="Propaganda"):
        describe("Propaganda")
    with pytest.raises(KeyError, match="calls"):
        techniques_in("calls")


def test_entries_are_immutable() -> None:
    with pytest.raises(AttributeError):
        TECHNIQUES["Doubt"].category = "call"  # type: ignore[misc]
    with pytest.raises(TypeError):
        TECHNIQUES["Doubt"] = TECHNIQUES["Repetition"]  # type: ignore[index]
