"""SemEval-2023 article files: every non-empty line a paragraph that knows its line."""

from __future__ import annotations

import collections
from pathlib import Path

from spinscope.ingest import ReadError, read

REPO = Path(__file__).resolve().parents[1]
SEMEVAL = REPO.parent / "shared" / "data" / "semeval2023"
DATA = Path(__file__).parent / "data" / "ingest" / "semeval"


def _template(language: str) -> dict[str, list[tuple[int, str]]]:
    rows: dict[str, list[tuple[int, str]]] = collections.defaultdict(list)
    path = SEMEVAL / language / "train-labels-subtask-3.template"
    for row in path.read_text(encoding="utf-8").split("\n"):
        parts = row.split("\t", 2)
        if len(parts) == 3:
            rows[parts[0]].append((int(parts[1]), parts[2]))
    return rows


def test_fixture_lines_map_to_paragraphs():
    (article,) = list(read([DATA / "article900001.txt"]))
    assert article.reader == "semeval"
    assert article.title == "Le titre du communiqué"
    assert [(p.line, article.text_of(p)) for p in article.paragraphs] == [
        (1, "Le titre du communiqué"),
        (3, "Premier paragraphe, avec une espace finale."),
        (7, "Deuxième paragraphe après une ligne blanche insécable."),
        (8, "Troisième, collé au précédent."),
        (10, "Lire plus: un lien qui reste un paragraphe ici"),
    ]
    assert article.paragraphs[0].kind == "subheading"
    assert article.separated == ()  # official paragraphs are never dropped
    assert article.language == "fr"


def test_every_template_line_of_the_french_training_set_is_a_paragraph():
    template = _template("fr")
    folder = SEMEVAL / "fr" / "train-articles-subtask-3"
    items = list(read([folder]))
    assert not [str(i) for i in items if isinstance(i, ReadError)]
    assert len(items) == len(list(folder.glob("article*.txt")))
    found = total = exact = 0
    for article in items:
        lines = {p.line: article.text_of(p) for p in article.paragraphs}
        rows = template[Path(article.origin).stem.removeprefix("article")]
        total += len(rows)
        found += sum(1 for number, _ in rows if number in lines)
        exact += sum(1 for number, text in rows if lines.get(number) == text.strip())
    assert found == total > 2000
    # Texts differ only where the released template holds more text than the file.
    assert exact / total > 0.9


def test_known_article_matches_the_template_exactly():
    (article,) = list(read([SEMEVAL / "fr" / "train-articles-subtask-3" / "article23101.txt"]))
    rows = _template("fr")["23101"]
    assert [(p.line, article.text_of(p)) for p in article.paragraphs] == [
        (n, t.strip()) for n, t in rows
    ]
    assert article.title == rows[0][1].strip()


def test_empty_first_line_means_no_title(tmp_path):
    path = tmp_path / "article123.txt"
    path.write_text("\nUn paragraphe sans titre au-dessus.\n\nUn autre.\n", encoding="utf-8")
    (article,) = list(read([path]))
    assert article.title == ""
    assert [p.line for p in article.paragraphs] == [2, 4]


def test_format_can_be_forced(tmp_path):
    path = tmp_path / "whatever.txt"
    path.write_text("Titre\n\nTV\n\nPartager Cet Article\n", encoding="utf-8")
    (article,) = list(read([path], format="semeval"))
    assert [article.text_of(p) for p in article.paragraphs] == [
        "Titre",
        "TV",
        "Partager Cet Article",
    ]
