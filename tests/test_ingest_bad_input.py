"""Bad input: one clear line naming the file and the problem; the batch goes on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spinscope.article import Article
from spinscope.ingest import MAX_FILE_BYTES, ReadError, read

FRENCH = (
    "Le titre de l'été\n\n"
    "Les élèves ont été évacués de l'école, selon la préfecture, qui évoque « une "
    "chaleur exceptionnelle » et des mesures d'urgence.\n\n"
    "Les hôpitaux sont débordés ; les médecins dénoncent une gestion désastreuse.\n"
)


def _only(path: Path, **options) -> Article | ReadError:
    items = list(read([path], **options))
    assert len(items) == 1, items
    return items[0]


def _error(path: Path, **options) -> str:
    item = _only(path, **options)
    assert isinstance(item, ReadError), item
    return str(item)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file: a PDF document, not text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file: a PNG image, not text"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary file: a ZIP archive (or DOCX/ODT/EPUB), not text"),
        (b"plain start\x00\x01\x02\x03 then zeros", "binary file: unknown content (it has NUL"),
        (bytes(range(1, 9)) * 200, "binary file: too many control characters for text"),
        (b"", "empty file"),
        (b" \n\t\r\n  ", "empty file"),
        ("\ufeff\n \n".encode(), "empty file (only whitespace)"),
    ],
)
def test_refused_content(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert _error(path).startswith(f"{path}: {problem}")


def test_truncated_utf8(tmp_path):
    path = tmp_path / "truncated.txt"
    path.write_bytes(FRENCH.encode("utf-8") + "é".encode()[:1])
    message = _error(path)
    assert message.startswith(f"{path}: truncated: the file ends inside a UTF-8 character")


def test_corrupted_utf8_in_the_middle(tmp_path):
    path = tmp_path / "corrupted.txt"
    data = FRENCH.encode("utf-8")
    middle = len(data) // 2
    path.write_bytes(data[:middle] + b"\xff\xfe" + data[middle:])
    assert "undecodable: invalid UTF-8 at byte" in _error(path)


def test_undecodable_random_bytes(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes((i * 7919 + 13) % 128 + 128 for i in range(3000)))
    message = _error(path)
    assert message.startswith(f"{path}: ")
    assert "undecodable" in message or "binary file" in message or "mis-encoded" in message


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_legacy_encodings_are_read_correctly(tmp_path, encoding):
    text = FRENCH.replace("« ", "« ").replace("’", "'")
    if encoding == "latin-1":
        text = text.replace("«", '"').replace("»", '"')
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    article = _only(path)
    assert isinstance(article, Article), article
    assert article.title == "Le titre de l'été"
    assert "Les élèves ont été évacués de l'école" in article.body
    assert "débordés" in article.body
    assert article.language == "fr"


def test_double_encoded_utf8_is_repaired(tmp_path):
    path = tmp_path / "mojibake.txt"
    path.write_text(FRENCH.encode("utf-8").decode("cp1252"), encoding="utf-8")
    article = _only(path)
    assert isinstance(article, Article), article
    assert article.title == "Le titre de l'été"
    assert "Les élèves ont été évacués" in article.body
    assert "Ã" not in article.body


def test_too_large(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    assert _error(path) == (
        f"{path}: too large: {MAX_FILE_BYTES + 1:,} bytes (limit {MAX_FILE_BYTES:,})"
    )
    small = tmp_path / "small.txt"
    small.write_text(FRENCH, encoding="utf-8")
    assert _error(small, max_bytes=100).endswith("bytes (limit 100)")


def test_unreadable_paths(tmp_path):
    missing = tmp_path / "missing.txt"
    assert _error(missing) == f"{missing}: no such file or directory"
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert _error(link) == f"{link}: no such file (or a broken link)"
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert _error(fifo) == f"{fifo}: not a regular file (device, pipe or socket)"
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    (empty_dir / "image.png").write_bytes(b"\x89PNG")
    assert _error(empty_dir).startswith(f"{empty_dir}: no readable files in this folder")
    pattern = str(tmp_path / "*.nomatch")
    assert _error(Path(pattern)) == f"{pattern}: no file matches this pattern"


def test_permission_denied(tmp_path, monkeypatch):
    """Tests run as root, which reads any file, so the OS refusal is raised by hand."""
    path = tmp_path / "locked.txt"
    path.write_text(FRENCH, encoding="utf-8")
    path.chmod(0)
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    assert _error(path) == f"{path}: permission denied"


def test_a_batch_goes_on_after_errors(tmp_path):
    (tmp_path / "a_good.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "b_binary.txt").write_bytes(b"%PDF-1.4 junk")
    (tmp_path / "c_empty.txt").write_bytes(b"")
    (tmp_path / "d_good.txt").write_text(FRENCH.replace("l'été", "l'hiver"), encoding="utf-8")
    items = list(read([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Article", "ReadError", "ReadError", "Article"]
    assert [i.title for i in items if isinstance(i, Article)] == [
        "Le titre de l'été",
        "Le titre de l'hiver",
    ]


def test_error_lines_escape_hostile_names():
    error = ReadError(origin="evil\nname.txt", line=3, message="bad\r\nthing")
    assert str(error) == "evil\\x0aname.txt:3: bad\\x0d\\x0athing"
    assert "\n" not in str(error)
    assert str(ReadError("f.txt", None, "empty file")) == "f.txt: empty file"


def test_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        list(read(["x"], format="pdf"))
