"""Plain-text article files: the two seeds parsed exactly, and the rules in general."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinscope.ingest import ReadError, article_from_text, read

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "samples" / "seeds"
DATA = Path(__file__).parent / "data" / "ingest"
SEED_1 = SEEDS / "000_6c7814d4588fa08b.txt"
SEED_2 = SEEDS / "004_c1e18d996590e8b4.txt"


def _read_one(path: Path):
    items = list(read([path]))
    assert len(items) == 1, items
    assert not isinstance(items[0], ReadError), str(items[0])
    return items[0]


def _file_lines(path: Path, numbers: list[int]) -> list[str]:
    """The given 1-based lines of the file, stripped (nbsp included)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return [lines[n - 1].strip() for n in numbers]


def _assert_paragraphs(article, expected: list[str]) -> None:
    assert [article.text_of(p) for p in article.paragraphs] == expected
    assert [p.index for p in article.paragraphs] == list(range(len(expected)))
    starts = [p.start for p in article.paragraphs]
    assert starts == sorted(starts)


def test_seed_1_parsed_exactly():
    article = _read_one(SEED_1)
    assert article.title == (
        "Saignée anti-US du 10 novembre à Hassaké; 1er repli de troupes US vers l'Irak"
    )
    assert article.source == "French Press TV"
    assert article.language == "fr"
    assert article.reader == "text"
    body_lines = [8, 10, 12, 14, 16, 18, 22, 24, 26, 28]
    _assert_paragraphs(article, _file_lines(SEED_1, body_lines))
    assert [p.line for p in article.paragraphs] == body_lines
    first, last = article.paragraphs[0], article.paragraphs[-1]
    assert article.text_of(first).startswith("Depuis cette tonitruante attaque aux redoutables")
    assert article.text_of(first).endswith(
        '"ont régulièrement menti à Trump sur le nombre de soldats US en Syrie".'
    )
    assert article.text_of(last).startswith("De soutien, dites-vous ?!")
    assert article.text_of(last).endswith('les Américains bombardaient "par erreur" les Hachd....')
    kinds = {article.text_of(p): p.kind for p in article.paragraphs}
    assert kinds["Faux signal!"] == "subheading"
    assert kinds["Alors pourquoi James Jeffry ment-il?"] == "subheading"
    assert sum(1 for p in article.paragraphs if p.kind == "subheading") == 2

    separated = [(s.kind, s.text) for s in article.separated]
    assert separated[0] == ("header", "TV")
    captions = [text for kind, text in separated if kind == "caption"]
    assert len(captions) == 2
    assert captions[0].startswith("US Rep. Ilhan Omar (D-MN) (L) talks with Speaker")
    assert captions[0].endswith("in Washington, DC. (AFP photo)")
    assert captions[1] == "Carte d'al-Tanf.(illustration)"
    assert (
        "link",
        'Lire plus: Risques de "captures d\'agents US" en Irak, les USA paniquent...',
    ) in separated
    assert ("boilerplate", "Partager Cet Article") in separated
    assert ("source", "SOURCE: FRENCH PRESS TV") in separated
    for leaked in ("AFP photo", "(illustration)", "Lire plus", "Partager", "SOURCE", "talks with"):
        assert leaked not in article.body


def test_seed_2_parsed_exactly():
    article = _read_one(SEED_2)
    assert article.title == (
        "Des milliers de commandos de la Résistance envahissant Aïn al-Asad? "
        "les USA appellent à l'aide la 101e Division"
    )
    assert article.source == "French Press TV"
    assert article.language == "fr"
    body_lines = [7, 9, 11, 13, 15, 17, 21]
    _assert_paragraphs(article, _file_lines(SEED_2, body_lines))
    assert len(article.paragraphs) == 7
    assert article.text_of(article.paragraphs[0]).startswith("C'est une véritable débandade:")
    assert article.text_of(article.paragraphs[-1]).startswith(
        "selon le chef du bureau de l'Armée de Badr"
    )
    assert article.text_of(article.paragraphs[-1]).endswith("opérations commandos les frappant.")
    assert all(p.kind == "text" for p in article.paragraphs)
    assert [(s.kind, s.text) for s in article.separated] == [
        ("header", "TV"),
        (
            "caption",
            "Missiles balistiques iraniens tirés contre Aïn al-Asad, le 8 janvier 2020/AFP",
        ),
        ("boilerplate", "Partager Cet Article"),
        ("source", "SOURCE: FRENCH PRESS TV"),
    ]
    assert "/AFP" not in article.body and "Partager" not in article.body


def test_seeds_have_stable_identity():
    first = _read_one(SEED_1)
    again = _read_one(SEED_1)
    assert first.id == again.id and len(first.id) == 16
    assert first.id != _read_one(SEED_2).id


def test_general_rules_on_an_english_article():
    article = _read_one(DATA / "wire_english.txt")
    assert article.title == "Officials deny everything as the cover-up grows"
    assert article.source == "The Evening Sentinel"
    assert article.author == "Mark Ellison"
    assert article.published == "2021-03-15"
    assert article.language == "en"
    kinds = [s.kind for s in article.separated]
    assert kinds.count("caption") == 2
    assert kinds.count("credit") == 1
    assert kinds.count("link") == 1
    assert kinds.count("boilerplate") == 3
    texts = [article.text_of(p) for p in article.paragraphs]
    assert texts[0].startswith("Nobody in Washington wants to talk")
    assert texts[-1] == "The truth will come out. It always does."
    assert [p.kind for p in article.paragraphs].count("subheading") == 1
    for leaked in ("Read more", "Share", "Getty", "Reuters", "Tweet", "All rights reserved"):
        assert leaked not in article.body


def test_hard_wrapped_text_joins_lines_into_paragraphs():
    text = (
        "A wrapped dispatch about the harbour\n\n"
        "The harbour authority said on Monday that the new\n"
        "terminal would open next spring, despite the protests\n"
        "of fishermen who fear for their livelihoods.\n\n"
        "Critics call the project a gift to shipping giants and\n"
        "say the public consultation was a sham from the start.\n"
    )
    article = article_from_text(text)
    assert article.title == "A wrapped dispatch about the harbour"
    assert [article.text_of(p) for p in article.paragraphs] == [
        "The harbour authority said on Monday that the new terminal would open next spring, "
        "despite the protests of fishermen who fear for their livelihoods.",
        "Critics call the project a gift to shipping giants and say the public consultation "
        "was a sham from the start.",
    ]


def test_article_from_text_metadata_and_title_detection():
    article = article_from_text(
        "Le gouvernement ment encore\n\nUn paragraphe accusateur, plein de sous-entendus.\n",
        source="Test",
        url="https://example.org/a",
        published="14/11/2020",
        language="FR",
        origin="<api>",
    )
    assert article.title == "Le gouvernement ment encore"
    assert article.source == "Test"
    assert article.published == "2020-11-14"
    assert article.language == "fr"
    assert article.origin == "<api>"
    assert article.body == "Un paragraphe accusateur, plein de sous-entendus."
    untitled = article_from_text("Une seule phrase, sans titre.")
    assert untitled.title == "" and untitled.body == "Une seule phrase, sans titre."
    given = article_from_text("Premier.\n\nSecond.", title="Titre donné")
    assert given.title == "Titre donné" and len(given.paragraphs) == 2


def test_article_from_text_refuses_text_without_article():
    with pytest.raises(ValueError, match="empty"):
        article_from_text("  \n ")
    with pytest.raises(ValueError, match="no article text"):
        article_from_text("Partager cet article\n\nSOURCE: FRENCH PRESS TV")


def test_caption_in_another_language_above_the_body_is_separated():
    body = (
        "Depuis des semaines, les responsables américains répètent que leurs troupes resteront "
        "en Syrie aussi longtemps que nécessaire, mais les faits sur le terrain racontent une "
        "tout autre histoire : convois qui se replient, bases évacuées en pleine nuit, et alliés "
        "locaux laissés sans consignes face à une situation qui se dégrade de jour en jour."
    )
    article = article_from_text(
        "Le grand repli\n\n"
        "Soldiers load armoured vehicles onto trucks at a base in northeastern Syria on Sunday\n\n"
        f"{body}\n\nLa suite reste à écrire, mais le ton a changé à Washington.\n"
    )
    assert article.language == "fr"
    assert [(s.kind, s.text) for s in article.separated] == [
        (
            "caption",
            "Soldiers load armoured vehicles onto trucks at a base in northeastern Syria on Sunday",
        )
    ]
    assert article.text_of(article.paragraphs[0]) == body


def test_pasted_text_loses_control_characters():
    article = article_from_text("Titre\x1b[31m\r\n\r\nUn texte\x00 collé\x07 depuis un terminal.")
    assert article.title == "Titre[31m"
    assert article.body == "Un texte collé depuis un terminal."
