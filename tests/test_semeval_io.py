"""Reading and writing the official SemEval-2023 Task 3 layout, quirks included.

The mini split (tests/data/semeval_mini, built by its generate.py) holds a ``dev``
split: English with every gold file, French with articles and template only.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

from spinscope.persuasion.semeval import (
    SemEvalFormatError,
    find_languages,
    find_splits,
    load_split,
    read_frames,
    read_genres,
    read_spans,
    read_techniques,
    snap_to_words,
    to_article,
    write_frames,
    write_genres,
    write_techniques,
)

MINI = Path(__file__).parent / "data" / "semeval_mini"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "semeval2023"

GOLD_TECHNIQUES = {
    ("9001", 1): ["Name_Calling-Labeling", "Loaded_Language"],
    ("9001", 3): ["Loaded_Language", "Name_Calling-Labeling", "Causal_Oversimplification"],
    ("9001", 5): ["False_Dilemma-No_Choice", "Appeal_to_Time"],
    ("9001", 7): [],
    ("9002", 1): [],
    ("9002", 3): [],
    ("9002", 5): ["Appeal_to_Authority", "Appeal_to_Popularity"],
}


@pytest.fixture(scope="module")
def dev():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the mini split must load without complaint
        return load_split(MINI, "dev")


def test_languages_articles_and_subtask_folders(dev) -> None:
    assert dev.name == "dev"
    assert dev.languages() == ["en", "fr"]
    assert [a.id for a in dev["en"].articles] == ["9001", "9002"]
    assert [a.id for a in dev["fr"].articles] == ["9101"]
    assert dev["en"].article("9001").subtasks == (1, 2, 3)
    assert dev["fr"].article("9101").subtasks == (1, 3)
    assert [a.id for a in dev["fr"].articles_for(2)] == []
    assert [a.id for a in dev["fr"].articles_for(1)] == ["9101"]
    assert dev["en"].article("9001").title == "Yankee warmongers push Europe towards the abyss"


def test_paragraphs_follow_the_template_with_offsets_into_the_file(dev) -> None:
    en = dev["en"]
    assert [p.key for p in en.paragraphs] == list(GOLD_TECHNIQUES)
    for p in dev.paragraphs:
        article = dev[p.language].article(p.article_id)
        assert article.text[p.start : p.end] == p.text
        assert p.text == article.lines[p.line - 1]
        assert "\r" not in p.text and "\ufeff" not in p.text


def test_crlf_and_bom_count_in_offsets_but_not_in_lines(dev) -> None:
    crlf = dev["en"].article("9001")  # CRLF, no final newline
    assert "\r\n" in crlf.text and not any("\r" in line for line in crlf.lines)
    assert len(crlf.lines) == 7
    # Line 3 starts after line 1 (47 characters) and two CRLF pairs.
    line3 = next(p for p in dev["en"].paragraphs if p.key == ("9001", 3))
    assert line3.start == 47 + 2 + 2
    bom = dev["en"].article("9002")  # BOM, LF, final newline
    assert bom.text.startswith("\ufeff")
    assert bom.lines[0] == "City council approves new bus lanes"
    assert len(bom.lines) == 5  # the final newline opens no sixth line
    title = next(p for p in dev["en"].paragraphs if p.key == ("9002", 1))
    assert (title.start, title.end) == (1, 36)


def test_glued_template_row_is_split_again(dev) -> None:
    # The template row of 9001 line 7 ends '…14 March 20229002<TAB>1<TAB>City council…':
    # the text's own digits must not be taken for the next article id.
    texts = {p.key: p.text for p in dev["en"].paragraphs}
    assert texts[("9001", 7)] == "Meeting date: 14 March 2022"
    assert texts[("9002", 1)] == "City council approves new bus lanes"


def test_gold_labels(dev) -> None:
    assert dev["en"].techniques == GOLD_TECHNIQUES
    assert dev["en"].genres == {"9001": "opinion", "9002": "reporting"}
    assert dev["en"].frames == {
        "9001": ["Security_and_defense", "Political", "External_regulation_and_reputation"],
        "9002": ["Policy_prescription_and_evaluation", "Quality_of_life"],
    }
    # Merged views over languages hold only what exists.
    assert dev.techniques == GOLD_TECHNIQUES
    assert dev.genres == {"9001": "opinion", "9002": "reporting"}


def test_spans_point_at_the_phrases(dev) -> None:
    expected = {
        "9001": [
            ("Name_Calling-Labeling", "Yankee warmongers"),
            ("Loaded_Language", "abyss"),
            ("Name_Calling-Labeling", "obedient European vassals"),
            ("Loaded_Language", "warmongers"),
            ("Causal_Oversimplification", "a conflict that serves only the arms industry"),
            (
                "False_Dilemma-No_Choice",
                "Either Europe breaks free now, or it will be buried with its masters.",
            ),
            ("Appeal_to_Time", "now"),
        ],
        "9002": [
            ("Appeal_to_Authority", "Experts agree"),
            ("Appeal_to_Popularity", "everyone already supports the plan"),
        ],
    }
    spans = dev["en"].spans
    assert spans is not None and set(spans) == set(expected)
    for aid, found in spans.items():
        text = dev["en"].article(aid).text
        assert [(t, text[s:e]) for t, s, e in found] == expected[aid]
    # 'warmongers' is the second occurrence, in line 3, after the CRLFs.
    assert spans["9001"][3][1:] == (64, 74)


def test_missing_gold_files_give_none(dev) -> None:
    fr = dev["fr"]
    assert fr.techniques is None and fr.spans is None
    assert fr.genres is None and fr.frames is None
    assert [p.key for p in fr.paragraphs] == [("9101", 1), ("9101", 3), ("9101", 5)]
    assert fr.paragraphs[1].text.startswith("Les terroristes américains ont")


def test_spans_are_gold_only_for_the_articles_with_a_spans_file(tmp_path) -> None:
    """An article without a spans file is not read as one with nothing marked (which would
    score every phrase found in it as wrong), and an empty spans folder holds no span gold."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    spans_dir = root / "en" / "dev-labels-subtask-3-spans"
    (spans_dir / "article9002-labels-subtask-3.txt").unlink()
    assert set(load_split(root, "dev")["en"].spans or {}) == {"9001"}
    for path in spans_dir.iterdir():
        path.unlink()
    assert load_split(root, "dev")["en"].spans is None


def test_a_language_folder_can_be_given_directly() -> None:
    split = load_split(MINI / "fr", "dev")
    assert split.languages() == ["fr"]
    assert split["fr"].paragraphs[0].text == "Les terroristes américains frappent encore"
    assert find_languages(MINI / "en", "dev") == {"en": MINI / "en"}


def test_split_and_language_discovery_and_errors() -> None:
    assert find_splits(MINI) == ["dev"]
    assert find_splits(MINI / "en") == ["dev"]
    assert load_split(MINI, "dev", languages=["fr"]).languages() == ["fr"]
    with pytest.raises(FileNotFoundError, match=r"no split 'test'.*splits found: dev"):
        load_split(MINI, "test")
    with pytest.raises(FileNotFoundError, match="language.*de"):
        load_split(MINI, "dev", languages=["de"])
    with pytest.raises(FileNotFoundError, match="no such data folder"):
        load_split(MINI / "nowhere", "dev")


def _copy_en(tmp_path: Path) -> Path:
    target = tmp_path / "en"
    shutil.copytree(MINI / "en", target)
    return target


def test_without_template_the_labelled_rows_then_the_article_lines_are_used(tmp_path) -> None:
    folder = _copy_en(tmp_path)
    (folder / "dev-labels-subtask-3.template").unlink()
    from_labels = load_split(folder, "dev")["en"]
    assert [p.key for p in from_labels.paragraphs] == list(GOLD_TECHNIQUES)
    (folder / "dev-labels-subtask-3.txt").unlink()
    from_lines = load_split(folder, "dev")["en"]
    assert from_lines.techniques is None
    assert [p.key for p in from_lines.paragraphs] == list(GOLD_TECHNIQUES)


def test_a_split_with_another_name_is_read_the_same(tmp_path) -> None:
    folder = tmp_path / "en"
    for entry in (MINI / "en").iterdir():
        target = folder / entry.name.replace("dev-", "test-", 1)
        if entry.is_dir():
            shutil.copytree(entry, target)
        else:
            folder.mkdir(exist_ok=True)
            shutil.copy(entry, target)
    split = load_split(tmp_path, "test")
    assert split.techniques == GOLD_TECHNIQUES
    assert find_splits(tmp_path) == ["test"]


def test_round_trip_of_written_predictions(tmp_path, dev) -> None:
    path = write_techniques(tmp_path / "out" / "pred-3.txt", dev.techniques)
    assert read_techniques(path) == GOLD_TECHNIQUES
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "9001\t1\tName_Calling-Labeling,Loaded_Language"
    assert lines[3] == "9001\t7\t"  # empty label list: ID<TAB>LINE<TAB>
    assert lines[-1] == ""  # one row per line, final newline
    genres = write_genres(tmp_path / "pred-1.txt", {"9002": "reporting", "9001": "opinion"})
    assert genres.read_text(encoding="utf-8") == "9001\topinion\n9002\treporting\n"
    assert read_genres(genres) == dev.genres
    frames = write_frames(tmp_path / "pred-2.txt", {**dev.frames, "9003": []})
    assert read_frames(frames) == {**dev.frames, "9003": []}
    assert frames.read_text(encoding="utf-8").endswith("9003\t\n")


def test_writers_refuse_unknown_labels_and_leave_no_file(tmp_path) -> None:
    target = tmp_path / "pred.txt"
    with pytest.raises(ValueError, match="Propaganda.*9001 line 3"):
        write_techniques(target, {("9001", 3): ["Propaganda"]})
    with pytest.raises(ValueError, match="unknown genre 'news'"):
        write_genres(target, {"9001": "news"})
    with pytest.raises(ValueError, match="cannot be written"):
        write_frames(target, {"90\t01": []})
    assert list(tmp_path.iterdir()) == []


def test_readers_tolerate_crlf_bom_and_trailing_tabs(tmp_path) -> None:
    path = tmp_path / "labels.txt"
    path.write_bytes("\ufeff1\t1\tDoubt,Repetition\r\n1\t2\t\r\n\r\n2\t1\tSlogans\t\r\n".encode())
    assert read_techniques(path) == {
        ("1", 1): ["Doubt", "Repetition"],
        ("1", 2): [],
        ("2", 1): ["Slogans"],
    }
    genres = tmp_path / "genres.txt"
    genres.write_bytes(b"1\tsatire\t\r\n")
    assert read_genres(genres) == {"1": "satire"}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("1\t1\tDoubt\n1\t2\tPropaganda\n", r"labels\.txt:2: unknown technique 'Propaganda'"),
        ("1\tfirst\tDoubt\n", r"labels\.txt:1: LINE must be a number"),
        ("1\t0\tDoubt\n", r"labels\.txt:1: LINE must be 1 or more"),
        ("1\t1\tDoubt\n1\t1\tSlogans\n", r"labels\.txt:2: \('1', 1\) appears twice"),
        ("just one column\n", r"labels\.txt:1: expected ID<TAB>LINE<TAB>LABELS"),
    ],
)
def test_bad_label_files_name_the_file_and_line(tmp_path, content, problem) -> None:
    path = tmp_path / "labels.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SemEvalFormatError, match=problem):
        read_techniques(path)


def test_bad_spans_and_encoding_are_reported(tmp_path, dev) -> None:
    folder = _copy_en(tmp_path)
    spans = folder / "dev-labels-subtask-3-spans" / "article9002-labels-subtask-3.txt"
    spans.write_text("9002\tDoubt\t10\t9999\n", encoding="utf-8")
    with pytest.raises(SemEvalFormatError, match=r"article9002-labels-subtask-3\.txt:1: span"):
        load_split(folder, "dev")
    with pytest.raises(SemEvalFormatError, match="outside the article"):
        read_spans(spans, article=dev["en"].article("9002"))
    spans.write_text("9002\tDoubt\t10\t12\n", encoding="utf-8")
    assert read_spans(spans) == [("9002", "Doubt", 10, 12)]
    article = folder / "dev-articles-subtask-3" / "article9002.txt"
    article.write_bytes(b"caf\xe9 au lait\n")
    with pytest.raises(SemEvalFormatError, match=r"article9002\.txt: not UTF-8"):
        load_split(folder, "dev")


def test_labels_for_an_article_without_a_file_are_an_error(tmp_path) -> None:
    folder = _copy_en(tmp_path)
    with (folder / "dev-labels-subtask-1.txt").open("a", encoding="utf-8") as out:
        out.write("9999\tsatire\n")
    with pytest.raises(SemEvalFormatError, match=r"subtask-1\.txt: article 9999 has no file"):
        load_split(folder, "dev")


def test_to_article_keeps_file_offsets(dev) -> None:
    document = dev["en"].article("9001")
    paragraphs = [p for p in dev["en"].paragraphs if p.article_id == "9001"]
    article = to_article(document, paragraphs)
    assert article.body == document.text
    assert article.title == document.title and article.language == "en"
    assert [article.text_of(p) for p in article.paragraphs] == [p.text for p in paragraphs]
    with pytest.raises(ValueError, match="9002"):
        to_article(document, dev["en"].paragraphs)


def test_snap_to_words_repairs_cut_words() -> None:
    text = "ce n'est pas le cas des produits de première nécessité."
    cut = text.index("nécessité") + len("nécessit")  # the tool's one-short end
    assert snap_to_words(text, 0, cut) == (0, cut + 1)
    start = text.index("produits") + 2
    assert snap_to_words(text, start, len(text)) == (text.index("produits"), len(text))
    whole = (text.index("cas"), text.index("cas") + 3)
    assert snap_to_words(text, *whole) == whole


@pytest.mark.skipif(not SHARED.is_dir(), reason="the developers' copy of the data is not here")
def test_real_training_data_reads_consistently() -> None:
    split = load_split(SHARED, "train", languages=["fr", "ge"])
    for part in split.parts.values():
        assert part.techniques is not None and part.spans is not None
        # The template (with its glued rows split again) lists exactly the labelled paragraphs.
        assert [p.key for p in part.paragraphs] == list(part.techniques)
        for p in part.paragraphs:
            assert part.article(p.article_id).text[p.start : p.end] == p.text
        # Spans start on word boundaries once CR and BOM count in offsets.
        starts = [
            (part.article(aid).text, s) for aid, spans in part.spans.items() for _, s, _ in spans
        ]
        clean = sum(1 for t, s in starts if s == 0 or not (t[s - 1].isalnum() and t[s].isalnum()))
        assert clean / len(starts) > 0.99
