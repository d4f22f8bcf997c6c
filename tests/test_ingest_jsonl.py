"""JSONL corpora: one article per line; a bad line is one error with its number."""

from __future__ import annotations

import json
from pathlib import Path

from spinscope.article import Article
from spinscope.ingest import ReadError, read

REPO = Path(__file__).resolve().parents[1]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _record(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_records_with_metadata(tmp_path):
    path = _write(
        tmp_path / "corpus.jsonl",
        [
            _record(
                id="a1",
                title="Titre",
                text="Premier paragraphe.\n\nLire aussi: autre chose\n\nSecond paragraphe.",
                url="https://example.org/1",
                date="14/11/2020",
                source="Outlet",
                language="fr-FR",
            ),
            _record(text="Only text here, with no metadata at all, still an article.", lang="en"),
        ],
    )
    first, second = list(read([path]))
    assert first.title == "Titre"
    assert first.url == "https://example.org/1"
    assert first.published == "2020-11-14"
    assert first.source == "Outlet"
    assert first.language == "fr"
    assert first.origin == f"{path}:1#a1"
    assert first.reader == "jsonl"
    assert [first.text_of(p) for p in first.paragraphs] == [
        "Premier paragraphe.",
        "Second paragraphe.",
    ]
    assert [p.line for p in first.paragraphs] == [None, None]
    assert [(s.kind, s.text) for s in first.separated] == [("link", "Lire aussi: autre chose")]
    assert second.title == "" and second.language == "en"
    assert second.origin == f"{path}:2"


def test_bad_lines_are_reported_and_the_rest_is_read(tmp_path):
    path = _write(
        tmp_path / "mixed.jsonl",
        [
            _record(title="Bon", text="Un article correct."),
            '{"title": "tronqué", "text": "pas fini',
            "",
            _record(title="Sans texte"),
            "[1, 2, 3]",
            _record(text=["pas", "une", "chaîne"]),
            _record(text="Texte.", date="hier soir"),
            _record(text="Texte.", title={"nested": True}),
            _record(title="Bon aussi", text="Un autre article correct."),
        ],
    )
    items = list(read([path]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [str(i) for i in items if isinstance(i, ReadError)]
    assert [a.title for a in articles] == ["Bon", "Bon aussi"]
    assert errors == [
        f"{path}:2: malformed JSON at column 30: Unterminated string starting at",
        f'{path}:4: missing "text" (a non-empty string)',
        f"{path}:5: expected a JSON object, got list",
        f'{path}:6: missing "text" (a non-empty string)',
        f"{path}:7: \"date\" is not a date: 'hier soir'",
        f'{path}:8: "title" must be a string, not dict',
    ]


def test_sample_corpus_languages():
    items = list(read([REPO / "samples" / "corpus.jsonl"]))
    assert [a.language for a in items] == ["it", "pl", "ru"]
    assert all(a.source and a.published and a.url and a.title for a in items)
    assert [a.separated[0].kind for a in items] == ["link", "link", "link"]
