"""HTML pages through trafilatura: metadata, body structure, separated material."""

from __future__ import annotations

from pathlib import Path

from spinscope.ingest import ReadError, read

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "ingest"


def test_french_page_metadata_and_body():
    (article,) = list(read([DATA / "page_fr.html"]))
    assert article.reader == "html"
    assert article.title == "L'OTAN prépare-t-elle la guerre ?"
    assert article.source == "Horizon Libre"
    assert article.author == "Claire Duval"
    assert article.published == "2022-02-10"
    assert article.url == "https://horizon-libre.example/monde/otan-guerre"
    assert article.language == "fr"
    texts = [article.text_of(p) for p in article.paragraphs]
    assert texts[0].startswith("Depuis des semaines, les chancelleries occidentales")
    assert texts[-1].startswith("« La vérité est la première victime de la guerre »")
    assert "Première étape : la peur." in texts  # list items are paragraphs
    heading = [p for p in article.paragraphs if p.kind == "subheading"]
    assert [article.text_of(p) for p in heading] == ["Une propagande rodée"]
    assert [(s.kind, s.text) for s in article.separated] == [
        ("caption", "Des soldats lors d'un exercice militaire en Pologne. (Photo AFP)"),
        ("link", "Lire aussi : Les dessous d'une alliance à bout de souffle"),
        ("boilerplate", "Partager cet article"),
    ]
    for leaked in ("SCRIPT TEXT", "COMMENT TEXT", "Accueil", "Tous droits", "color: red"):
        assert leaked not in article.body
    assert article.title not in article.body  # the <h1> is the title, not a paragraph


def test_german_sample_page():
    (article,) = list(read([REPO / "samples" / "de_klartext.html"]))
    assert article.title == "Die Heizungs-Diktatur: Berlin greift nach Ihrem Keller"
    assert article.source == "Der Klartext"
    assert article.author == "Konrad Albers"
    assert article.published == "2023-04-19"
    assert article.language == "de"
    assert [p.kind for p in article.paragraphs].count("subheading") == 1
    kinds = [s.kind for s in article.separated]
    assert "link" in kinds and "boilerplate" in kinds
    assert "Lesen Sie auch" not in article.body and "WhatsApp" not in article.body


def test_legacy_encoding_declared_in_meta(tmp_path):
    page = (
        '<html><head><meta charset="windows-1252"><title>Été meurtrier</title></head><body>'
        "<article><p>Les élèves ont été évacués de l'école à cause de la chaleur, "
        "selon la préfecture, qui parle d'un été « exceptionnel » et très dangereux.</p>"
        "<p>Les hôpitaux sont débordés et les médecins dénoncent une gestion désastreuse "
        "de la crise par les autorités régionales.</p></article></body></html>"
    )
    path = tmp_path / "legacy.html"
    path.write_bytes(page.encode("cp1252"))
    (article,) = list(read([path]))
    assert isinstance(article, type(article)) and not isinstance(article, ReadError)
    assert "Les élèves ont été évacués" in article.body
    assert "« exceptionnel »" in article.body


def test_page_without_article_text(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    (error,) = list(read([path]))
    assert isinstance(error, ReadError)
    assert str(error) == f"{path}: no article text found in this HTML page"
