"""RSS and Atom feeds: one article per entry, cleaned HTML, metadata, clear errors."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spinscope.article import Article
from spinscope.ingest import ReadError, read
from spinscope.ingest.feed import html_paragraphs

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "ingest"
RSS = DATA / "feed_fr.rss"
ATOM = DATA / "feed_atom.atom"

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://rdf.example/"><title>Le Fil RDF</title>
    <link>https://rdf.example/</link><description>x</description></channel>
  <item rdf:about="https://rdf.example/1"><title>Une dépêche</title>
    <link>https://rdf.example/1</link>
    <description>Le conseil municipal a voté le budget après trois heures de débat.</description>
  </item>
</rdf:RDF>
""".encode()


def _split(items: list) -> tuple[list[Article], list[ReadError]]:
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


def test_rss_entries_become_articles_with_metadata():
    articles, errors = _split(list(read([RSS])))
    first, second = articles
    assert [a.reader for a in articles] == ["feed", "feed"]
    assert first.title == "Énergie : la facture explose, le gouvernement regarde ailleurs"
    assert first.source == "L’Écho des Territoires"
    assert first.url == "https://echo-territoires.example/energie/facture-explose"
    assert first.author == "Martine Leclerc"
    assert first.published == "2023-03-14T07:45:00+01:00"
    assert first.language == "fr"
    assert first.origin == f"{RSS}#entry-1"
    assert second.origin == f"{RSS}#entry-2"
    assert second.author == "Paul Garnier"  # "email (Name)" in RSS <author>
    assert second.published == "2023-03-13T18:00:00+00:00"
    assert second.url is None  # a javascript: link is never kept
    assert second.title == "Retraites : « le mépris » dénoncé par les syndicats"


def test_entry_html_becomes_plain_paragraphs_without_script():
    (first, _), _ = _split(list(read([RSS])))
    texts = [first.text_of(p) for p in first.paragraphs]
    assert texts == [
        "Les ménages modestes découvrent ce mois-ci des factures d’électricité en hausse de "
        "40 %. Pendant ce temps, les ministres multiplient les promesses et les plateaux "
        "télévisés.",
        "Des promesses sans lendemain",
        "Qui peut encore croire un exécutif qui annonçait, il y a un an à peine, un « bouclier "
        "tarifaire » pour tous ? Les familles, elles, ne se nourrissent pas de slogans.",
    ]
    assert [p.kind for p in first.paragraphs] == ["text", "subheading", "text"]
    for leaked in ("SCRIPT-PAYLOAD", "tracker.invalid", "STYLE-PAYLOAD", "color", "<", "résumé"):
        assert leaked not in first.body
    assert [(s.kind, s.text) for s in first.separated] == [
        ("caption", "Un compteur électrique dans un immeuble de Lille."),
        ("link", "Lire aussi : Nucléaire, le grand gâchis"),
        (
            "boilerplate",
            "L’article Énergie : la facture explose est apparu en premier sur "
            "L’Écho des Territoires.",
        ),
    ]


def test_escaped_html_summary_is_read_when_there_is_no_content():
    (_, second), _ = _split(list(read([RSS])))
    assert [second.text_of(p) for p in second.paragraphs] == [
        "Les syndicats dénoncent un passage en force et promettent une mobilisation historique "
        "dans toutes les grandes villes du pays.",
        "Le gouvernement, lui, parle d’une réforme « indispensable ».",
    ]


def test_entry_without_text_is_one_error_and_the_others_are_read():
    articles, errors = _split(list(read([RSS])))
    assert len(articles) == 2
    assert [str(e) for e in errors] == [
        f"{RSS}#entry-3: no text in this entry (neither content nor summary)"
    ]


def test_atom_feed():
    first, second = list(read([ATOM]))
    assert first.title == "Brussels quietly rewrites the rules"  # HTML title, tags removed
    assert first.source == "The Daily Ledger"
    assert first.author == "Sarah Whitman"
    assert first.published == "2024-05-02T09:30:00+02:00"
    assert first.url == "https://daily-ledger.example/2024/05/brussels-rules"
    assert first.language == "en"
    assert first.body.startswith("Unelected officials in Brussels")  # content, not summary
    assert "short summary" not in first.body
    assert len(first.paragraphs) == 2
    assert second.published == "2024-05-01T18:15:00+00:00"  # <updated> when not published
    assert second.author is None
    assert [second.text_of(p) for p in second.paragraphs] == [
        "Hundreds of tractors closed the ring road again on Wednesday.",
        "Police estimate the convoy at three kilometres, and the farmers say they will stay "
        "until the ministry listens.",
    ]


def test_malformed_xml_is_one_clear_error(tmp_path):
    truncated = tmp_path / "cut.rss"
    data = RSS.read_bytes()
    truncated.write_bytes(data[: data.index(b"<item>", data.index(b"<item>") + 1) + 40])
    items = list(read([truncated]))
    assert len(items) == 1 and isinstance(items[0], ReadError)
    assert items[0].origin == str(truncated)
    assert items[0].line is not None and items[0].line > 20
    assert items[0].message.startswith("malformed XML: ")


def test_html_entities_and_declared_latin1(tmp_path):
    feed = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        '<rss version="2.0"><channel><title>Journal d\'Été</title>'
        "<item><title>Fête&nbsp;nationale&hellip;</title>"
        "<description>Le défilé a réuni des milliers de spectateurs sous un soleil "
        "de plomb, selon la préfecture.</description></item></channel></rss>"
    )
    path = tmp_path / "latin1.rss"
    path.write_bytes(feed.encode("iso-8859-1"))
    (article,) = list(read([path]))
    assert article.title == "Fête nationale…"
    assert article.source == "Journal d'Été"
    assert article.body.startswith("Le défilé a réuni des milliers")


def test_xml_files_by_root_element(tmp_path):
    (tmp_path / "feed.xml").write_bytes(RSS.read_bytes())
    (tmp_path / "rdf.xml").write_bytes(RDF)
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0"?><!-- plan --><urlset><url><loc>https://a.example/</loc></url>'
        "</urlset>",
        encoding="utf-8",
    )
    items = list(read([tmp_path]))  # a folder: .xml files are walked too
    articles, errors = _split(items)
    assert [a.origin for a in articles] == [
        f"{tmp_path / 'feed.xml'}#entry-1",
        f"{tmp_path / 'feed.xml'}#entry-2",
        f"{tmp_path / 'rdf.xml'}#entry-1",
    ]
    rdf = articles[2]
    assert (rdf.title, rdf.source, rdf.url) == (
        "Une dépêche",
        "Le Fil RDF",
        "https://rdf.example/1",
    )
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'feed.xml'}#entry-3: no text in this entry (neither content nor summary)",
        f"{tmp_path / 'sitemap.xml'}: XML whose root element is <urlset>, not an RSS/Atom feed",
    ]


def test_forced_feed_format(tmp_path):
    saved = tmp_path / "export.txt"
    saved.write_bytes(ATOM.read_bytes())
    assert [a.reader for a in read([saved], format="feed")] == ["feed", "feed"]
    assert [a.reader for a in read([saved])] == ["feed", "feed"]  # the content says feed
    plain = tmp_path / "plain.txt"
    plain.write_text("Juste un texte.\n\nSans balises.\n", encoding="utf-8")
    (error,) = list(read([plain], format="feed"))
    assert str(error) == f"{plain}: not an RSS or Atom feed (it does not start like XML)"
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html><body><p>Une page.</p></body></html>")
    (error,) = list(read([page], format="feed"))
    assert str(error) == f"{page}: not an RSS or Atom feed (its root element is <html>)"
    empty = tmp_path / "empty.rss"
    empty.write_text('<rss version="2.0"><channel><title>Rien</title></channel></rss>')
    assert [str(e) for e in read([empty])] == [f"{empty}: feed has no entries"]


def test_fragment_cleaning_drops_code_and_keeps_structure():
    fragment = (
        "Texte libre<br>avant <b>le</b> bloc"
        "<script>var SECRET = 1;</script><style>.x{}</style><noscript>NOSCRIPT</noscript>"
        "<iframe src='https://evil.invalid/'>IFRAME</iframe>"
        "<h2>Un intertitre</h2><ul><li>Premier point</li><li>Second point</li></ul>"
        "<form><input value='x'><button>BOUTON</button></form>"
        "<blockquote><p>Une citation</p></blockquote>suite"
    )
    assert html_paragraphs(fragment) == [
        ("text", "Texte libre"),
        ("text", "avant le bloc"),
        ("head", "Un intertitre"),
        ("text", "Premier point"),
        ("text", "Second point"),
        ("text", "Une citation"),
        ("text", "suite"),
    ]
    assert html_paragraphs("   ") == []


class _FeedServer(BaseHTTPRequestHandler):
    requests: list[str] = []
    feed = b""

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.requests.append(self.path)
        types = {"/feed": "application/rss+xml", "/feed.xml": "text/xml", "/page": "text/html"}
        body = self.feed if self.path in types else b"<html><body>ARTICLE PAGE</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", types.get(self.path, "text/html"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _FeedServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    # The entries link to pages of the same server: any fetch of them would be recorded.
    _FeedServer.feed = RSS.read_bytes().replace(b"https://echo-territoires.example", base.encode())
    yield base
    httpd.shutdown()
    httpd.server_close()


def test_feed_by_url_never_fetches_entry_links(server):
    _FeedServer.requests.clear()
    for path in ("/feed", "/feed.xml", "/page"):  # media type, XML type, or the body says feed
        articles, errors = _split(list(read([f"{server}{path}"])))
        assert [a.url for a in articles] == [f"{server}/energie/facture-explose", None]
        assert articles[0].origin == f"{server}{path}#entry-1"
        assert len(errors) == 1
        assert "ARTICLE PAGE" not in articles[0].body
    assert _FeedServer.requests == ["/feed", "/feed.xml", "/page"]


def test_cli_ingests_the_sample_feed(tmp_path):
    from spinscope.cli import app

    db = tmp_path / "feed.db"
    argv = ["ingest", str(REPO / "samples" / "feed_fr.rss"), "--only", "segment", "--db", str(db)]
    result = CliRunner().invoke(app, argv, env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "read 2 · stored 2 new · 0 duplicates · 0 failed" in result.stdout
    forced = CliRunner().invoke(app, [*argv[:2], "--format", "warc", *argv[2:]])
    assert forced.exit_code == 1
    assert "not a WARC archive" in forced.output
