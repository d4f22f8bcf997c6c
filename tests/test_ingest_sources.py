"""Folders, globs, stdin and the progress bar: what ``read()`` expands sources into."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from spinscope.article import Article
from spinscope.ingest import ReadError, read

REPO = Path(__file__).resolve().parents[1]
ARTICLE = "Un titre\n\nUn paragraphe de texte suffisamment long pour être un article.\n"


def _tree(root: Path) -> None:
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text(ARTICLE.replace("Un titre", "A"), encoding="utf-8")
    (root / "sub" / "b.html").write_text(
        "<html><head><title>B</title></head><body><article><p>"
        + "Un paragraphe de page web assez long pour que trafilatura le garde. " * 3
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    (root / "sub" / "deeper" / "c.jsonl").write_text(
        json.dumps({"title": "C", "text": "Texte."}) + "\n", encoding="utf-8"
    )
    (root / "sub" / "notes.md").write_text("# not an article format", encoding="utf-8")
    (root / ".hidden" / "h.txt").write_text(ARTICLE, encoding="utf-8")
    (root / ".dotfile.txt").write_text(ARTICLE, encoding="utf-8")


def test_folder_is_read_recursively_in_order(tmp_path):
    _tree(tmp_path)
    items = list(read([tmp_path]))
    assert [type(i) for i in items] == [Article, Article, Article]
    assert [a.title for a in items] == ["A", "B", "C"]
    assert [a.reader for a in items] == ["text", "html", "jsonl"]


def test_globs_recursive_and_plain(tmp_path):
    _tree(tmp_path)
    assert [a.title for a in read([str(tmp_path / "**" / "*.txt")])] == ["A"]
    # A glob names files explicitly (any suffix); a folder it matches is walked.
    matched = list(read([str(tmp_path / "sub" / "*")]))
    assert [(a.reader, a.title) for a in matched] == [("html", "B"), ("jsonl", "C"), ("text", "")]
    assert matched[2].body == "# not an article format"
    assert [a.title for a in read(str(tmp_path / "sub" / "**" / "*.jsonl"))] == ["C"]


def test_explicit_file_with_unknown_suffix_is_sniffed(tmp_path):
    page = tmp_path / "download"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Sniffed</title></head><body><article><p>"
        + "Contenu principal de la page, assez long pour être gardé. " * 3
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    corpus = tmp_path / "export.dat"
    corpus.write_text(json.dumps({"title": "J", "text": "Un texte."}) + "\n", encoding="utf-8")
    items = list(read([page, corpus]))
    assert [(a.reader, a.title) for a in items] == [("html", "Sniffed"), ("jsonl", "J")]


def test_project_samples_all_read():
    items = list(read([REPO / "samples"]))
    assert not [str(i) for i in items if isinstance(i, ReadError)]
    assert sorted(a.language for a in items) == sorted(
        ["fr", "fr", "fr", "en", "de", "it", "pl", "ru"]
    )
    assert all(len(a.paragraphs) >= 4 for a in items)


def test_stdin_in_a_real_process():
    code = (
        "from spinscope.ingest import read\n"
        "for item in read(['-']):\n"
        "    print(type(item).__name__, item.origin, item.title, item.reader, sep='|')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        input=(REPO / "samples" / "fr_reveil_souverain.txt").read_bytes(),
        capture_output=True,
        timeout=120,
        check=True,
    )
    line = run.stdout.decode().strip()
    assert line.startswith("Article|<stdin>|Bruxelles impose son « pacte » migratoire")
    assert line.endswith("|text")
    html = subprocess.run(
        [sys.executable, "-c", code],
        input=(REPO / "samples" / "de_klartext.html").read_bytes(),
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert html.stdout.decode().strip().endswith("|html")
    empty = subprocess.run(
        [sys.executable, "-c", "from spinscope.ingest import read\nprint(*read(['-']))"],
        input=b"",
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert empty.stdout.decode().strip() == "<stdin>: empty file"


def test_progress_bar_on_stderr(tmp_path, capfd):
    _tree(tmp_path)
    assert len(list(read([tmp_path], progress=True))) == 3
    err = capfd.readouterr().err
    assert "3/3" in err and "file" in err
    list(read([tmp_path]))
    assert capfd.readouterr().err == ""
