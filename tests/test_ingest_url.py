"""The URL reader against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from spinscope.article import Article
from spinscope.ingest import ReadError, fetch, read

DATA = Path(__file__).parent / "data" / "ingest"
PLAIN = (
    "MONDE\n\nUn titre venu du réseau\n\n"
    "Un paragraphe servi en texte brut, encodé en Windows-1252 par un vieux serveur.\n\n"
    "Partager cet article\n"
)


class _Handler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.requests.append(self.path)
        if self.path == "/article.html":
            self._send(200, (DATA / "page_fr.html").read_bytes(), "text/html; charset=utf-8")
        elif self.path == "/with-resources.html":
            page = (
                "<html><head><title>Ressources</title>"
                '<link rel="stylesheet" href="/style.css"><script src="/app.js"></script></head>'
                '<body><article><img src="/image.jpg"><iframe src="/frame.html"></iframe><p>'
                + "Un article qui référence des images, des scripts et des cadres. " * 3
                + '<a href="/next.html">suite</a></p></article></body></html>'
            )
            self._send(200, page.encode(), "text/html")
        elif self.path == "/plain":
            self._send(200, PLAIN.encode("cp1252"), "text/plain; charset=windows-1252")
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/article.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/big":
            self._send(200, b"x" * 50_000, "text/plain")
        elif self.path == "/slow":
            time.sleep(2)
            self._send(200, b"too late", "text/plain")
        elif self.path == "/binary":
            self._send(200, b"%PDF-1.7 binary", "application/pdf")
        else:
            self._send(404, b"not here", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_html_page_by_url(server):
    (article,) = list(read([f"{server}/article.html"]))
    assert isinstance(article, Article)
    assert article.reader == "html"
    assert article.origin == f"{server}/article.html"
    assert article.title == "L'OTAN prépare-t-elle la guerre ?"
    assert article.source == "Horizon Libre"
    assert article.language == "fr"


def test_nothing_else_in_the_page_is_fetched(server):
    _Handler.requests.clear()
    (article,) = list(read([f"{server}/with-resources.html"]))
    assert isinstance(article, Article)
    assert _Handler.requests == ["/with-resources.html"]


def test_redirect_and_declared_charset(server):
    (moved,) = list(read([f"{server}/moved"]))
    assert moved.url == f"{server}/article.html"
    (plain,) = list(read([f"{server}/plain"]))
    assert plain.reader == "text"
    assert plain.title == "Un titre venu du réseau"
    assert "encodé en Windows-1252" in plain.body
    assert [s.kind for s in plain.separated] == ["header", "boilerplate"]


def test_http_problems_are_read_errors(server, monkeypatch):
    errors = list(read([f"{server}/missing", f"{server}/binary"]))
    assert [str(e) for e in errors] == [
        f"{server}/missing: HTTP 404 Not Found",
        f"{server}/binary: binary file: a PDF document, not text",
    ]
    (big,) = list(read([f"{server}/big"], max_bytes=10_000))
    assert str(big) == f"{server}/big: too large: 50,000 bytes (limit 10,000)"
    monkeypatch.setattr(fetch, "TIMEOUT_S", 0.3)
    (slow,) = list(read([f"{server}/slow"]))
    assert str(slow) == f"{server}/slow: timed out after 0.3 s"
    (refused,) = list(read(["http://127.0.0.1:9/"]))
    assert isinstance(refused, ReadError)
    assert str(refused).startswith("http://127.0.0.1:9/: cannot fetch: ConnectError")
