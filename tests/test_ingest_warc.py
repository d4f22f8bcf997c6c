"""WARC archives: HTML responses read like HTML pages, damage reported at its record."""

from __future__ import annotations

import gzip
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from spinscope.article import Article
from spinscope.ingest import ReadError, read

DATA = Path(__file__).parent / "data" / "ingest"
PAGE_FR = DATA / "page_fr.html"
PAGE_URL = "https://horizon-libre.example/monde/otan-guerre"
SECOND_URL = "https://horizon-libre.example/societe/ecoles"
SECOND_PAGE = (
    "<!DOCTYPE html><html lang='fr'><head><meta charset='windows-1252'>"
    "<title>Écoles : la grande débâcle | Horizon Libre</title>"
    "<meta property='og:site_name' content='Horizon Libre'>"
    "<meta name='author' content='Luc Perrin'>"
    "<meta property='article:published_time' content='2022-03-01T10:00:00+01:00'></head>"
    "<body><nav>Accueil · Monde · Société</nav><article><h1>Écoles : la grande débâcle</h1>"
    "<p>Les enseignants ont été abandonnés par un ministère qui préfère les circulaires aux "
    "moyens, et les élèves paient le prix de cette indifférence depuis des années.</p>"
    "<p>Dans les classes surchargées, les professeurs improvisent, sans remplaçants ni "
    "matériel, pendant que les réformes s'empilent sans jamais être évaluées.</p>"
    "</article></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _http(content_type: str, status: str = "200 OK", extra=()) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type), *extra], protocol="HTTP/1.1")


def build_warc(path: Path, *, compress: bool = True, extra_records=()) -> Path:
    """A small crawl: warcinfo, request, two HTML pages, an image (records 1 to 5)."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        writer.write_record(
            writer.create_warc_record(
                PAGE_URL,
                "request",
                payload=io.BytesIO(b"GET /monde/otan-guerre HTTP/1.1\r\nHost: x\r\n\r\n"),
            )
        )
        pages = [
            (PAGE_URL, PAGE_FR.read_bytes(), "text/html; charset=utf-8"),
            (SECOND_URL, SECOND_PAGE.encode("cp1252"), "text/html; charset=windows-1252"),
            ("https://horizon-libre.example/img/otan.png", PNG, "image/png"),
        ]
        for url, body, content_type in pages:
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=_http(content_type)
                )
            )
        for url, body, headers in extra_records:
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )
    return path


@pytest.fixture
def archive(tmp_path) -> Path:
    return build_warc(tmp_path / "crawl.warc.gz")


def _split(items: list) -> tuple[list[Article], list[ReadError]]:
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


def test_html_responses_become_articles(archive):
    articles, errors = _split(list(read([archive])))
    assert errors == []  # warcinfo, request and the image are skipped silently
    first, second = articles
    assert [a.reader for a in articles] == ["warc", "warc"]
    assert [a.url for a in articles] == [PAGE_URL, SECOND_URL]
    assert [a.origin for a in articles] == [f"{archive}#record-3", f"{archive}#record-4"]
    assert second.title == "Écoles : la grande débâcle"  # declared cp1252 decoded
    assert (second.source, second.author, second.published) == (
        "Horizon Libre",
        "Luc Perrin",
        "2022-03-01",
    )
    assert second.body.startswith("Les enseignants ont été abandonnés")
    assert "Accueil" not in second.body


def test_pages_come_out_as_from_the_html_reader(archive):
    (page,) = list(read([PAGE_FR]))
    first = next(iter(read([archive])))
    for field in ("title", "source", "author", "published", "language", "body", "id"):
        assert getattr(first, field) == getattr(page, field), field
    assert first.paragraphs == page.paragraphs
    assert first.separated == page.separated


def test_truncated_archive_keeps_earlier_records(archive, tmp_path):
    data = archive.read_bytes()
    for cut in (len(data) - 300, len(data) - 900):
        truncated = tmp_path / f"cut{cut}.warc.gz"
        truncated.write_bytes(data[:cut])
        articles, errors = _split(list(read([truncated])))
        assert len(errors) == 1
        assert errors[0].message.startswith("truncated or corrupt archive: ")
        number = int(errors[0].origin.rpartition("#record-")[2])
        assert errors[0].origin == f"{truncated}#record-{number}"
        assert [a.origin for a in articles] == [
            f"{truncated}#record-{n}" for n in (3, 4) if n < number
        ]
    assert number < 5  # the larger cut reached into the HTML records


def test_a_record_without_its_required_headers_is_reported_in_plain_words(tmp_path):
    """warcio fails inside on a response record with no target URI or length; the error
    still says, first, what is wrong with the file."""
    broken = tmp_path / "broken.warc"
    broken.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n")
    (error,) = list(read([broken]))
    assert isinstance(error, ReadError)
    assert str(error).startswith(
        f"{broken}#record-1: truncated or corrupt archive: its headers could not be read ("
    )
    assert "\n" not in str(error)


def test_uncompressed_archive_and_cut_inside_a_page(tmp_path):
    plain = build_warc(tmp_path / "crawl.warc", compress=False)
    assert len(list(read([plain]))) == 2
    data = plain.read_bytes()
    cut = data.index(b"Les enseignants") + 20  # inside record 4's page
    truncated = tmp_path / "cut.warc"
    truncated.write_bytes(data[:cut])
    items = list(read([truncated]))
    assert [type(i) for i in items] == [Article, ReadError]
    assert str(items[1]) == (
        f"{truncated}#record-4: truncated or corrupt archive: "
        "the record ends before its declared length"
    )


def test_damaged_bytes_are_reported_not_stored(tmp_path):
    plain = build_warc(tmp_path / "crawl.warc", compress=False)
    data = bytearray(plain.read_bytes())
    position = data.index(b"Les enseignants")
    data[position : position + 3] = b"Xes"
    plain.write_bytes(bytes(data))
    articles, errors = _split(list(read([plain])))
    assert [a.url for a in articles] == [PAGE_URL]
    assert [str(e) for e in errors] == [
        f"{plain}#record-4: damaged record: its WARC-Block-Digest does not match"
    ]


def test_record_size_limit_and_compressed_pages(tmp_path):
    paragraph = "<p>Un paragraphe répété pour grossir la page une fois décompressée.</p>"
    huge = f"<html><body><article>{paragraph * 4000}</article></body></html>".encode()
    small = (
        "<html><head><title>Page compressée</title></head><body><article>"
        + paragraph * 3
        + "</article></body></html>"
    ).encode()
    encoded = [("Content-Encoding", "gzip")]
    archive = build_warc(
        tmp_path / "big.warc",
        compress=False,
        extra_records=[
            ("https://a.example/small", gzip.compress(small), _http("text/html", extra=encoded)),
            ("https://a.example/bomb", gzip.compress(huge), _http("text/html", extra=encoded)),
            ("https://a.example/missing", b"<html>gone</html>", _http("text/html", "404 NF")),
        ],
    )
    assert archive.stat().st_size > 5_000  # over the file limit: the archive is streamed
    articles, errors = _split(list(read([archive], max_bytes=5_000)))
    assert [a.url for a in articles] == [PAGE_URL, SECOND_URL, "https://a.example/small"]
    assert articles[2].title == "Page compressée"
    assert articles[2].body.startswith("Un paragraphe répété")
    assert [str(e) for e in errors] == [
        f"{archive}#record-7: too large once decompressed: over 5,000 bytes"
    ]
    big = next(e for e in read([archive], max_bytes=2_000) if isinstance(e, ReadError))
    assert big.origin == f"{archive}#record-3"
    assert big.message.startswith("too large: ") and big.message.endswith("(limit 2,000)")


def test_detection_folders_and_forced_format(archive, tmp_path):
    folder = tmp_path / "crawls"
    folder.mkdir()
    build_warc(folder / "a.warc.gz")
    build_warc(folder / "b.warc", compress=False)
    (folder / "notes.gz").write_bytes(gzip.compress(b"not an archive"))
    origins = [a.origin for a in read([folder])]
    assert origins == [
        f"{folder / name}#record-{n}" for name in ("a.warc.gz", "b.warc") for n in (3, 4)
    ]
    renamed = tmp_path / "crawl.bin"
    renamed.write_bytes(archive.read_bytes())
    assert [a.reader for a in read([renamed])] == ["warc", "warc"]  # sniffed: gzip of WARC/1.x
    text = tmp_path / "notes.txt"
    text.write_text("Pas une archive.\n", encoding="utf-8")
    assert [str(e) for e in read([text], format="warc")] == [
        f"{text}: not a WARC archive (it does not start with a WARC/1.x record)"
    ]
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    assert [str(e) for e in read([empty])] == [f"{empty}: empty file"]


class _ArchiveServer(BaseHTTPRequestHandler):
    archive = b""
    requests: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/warc")
        self.send_header("Content-Length", str(len(self.archive)))
        self.end_headers()
        self.wfile.write(self.archive)


@pytest.fixture
def server(archive) -> Iterator[str]:
    _ArchiveServer.archive = archive.read_bytes()
    _ArchiveServer.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _ArchiveServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_archive_by_url_fetches_nothing_else(server):
    articles = list(read([f"{server}/download?id=7"]))
    assert [a.url for a in articles] == [PAGE_URL, SECOND_URL]
    assert articles[0].origin == f"{server}/download?id=7#record-3"
    assert _ArchiveServer.requests == ["/download?id=7"]
