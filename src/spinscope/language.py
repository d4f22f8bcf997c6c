"""Language identification for articles and the paragraphs that differ from them.

py3langid ships its own model (no download, ~1 ms per paragraph). It is
restricted to the languages a news workbench meets, which removes the rare
languages that steal short texts (a French headline read as Occitan or
Walloon). Short or unconfident texts get ``None`` rather than a guess: an
analyst filtering by language must be able to trust the label.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import version

from spinscope.article import Analysis, Article, Paragraph

# ISO 639-1 codes of the languages of news that spinscope readers meet.
_LANGUAGES_TEXT = """
    en fr de it pl ru es pt nl uk be bg cs sk sl hr sr bs mk ro hu el tr ar fa he ur hi bn
    zh ja ko vi id ms th sv da no fi et lv lt ka hy az kk uz sq ca eu gl ga cy is mt lb af
    sw tl ta te ml mr ne si am so ha yo ps ku ky mn
"""
LANGUAGES = tuple(_LANGUAGES_TEXT.split())
MIN_LETTERS = 20
"""Below this many letters a text has too little evidence for a label."""
MIN_CONFIDENCE = 0.5
PARAGRAPH_MIN_LETTERS = 40
PARAGRAPH_MIN_CONFIDENCE = 0.95
"""A paragraph is marked as another language only when that is near certain."""


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in LANGUAGES if code in set(identifier.nb_classes)])
    return identifier


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def identify(text: str) -> tuple[str, float] | None:
    """(language, probability) of ``text``, None when it has too few letters."""
    if _letters(text) < MIN_LETTERS:
        return None
    language, probability = _identifier().classify(text[:20000])
    return str(language), float(probability)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``; None when the text is too short or ambiguous."""
    found = identify(text)
    if found is None or found[1] < MIN_CONFIDENCE:
        return None
    return found[0]


def paragraph_language(text: str, article_language: str | None) -> str | None:
    """The language of a paragraph when it clearly differs from the article's, else None."""
    if article_language is None or _letters(text) < PARAGRAPH_MIN_LETTERS:
        return None
    found = identify(text)
    if found is None:
        return None
    language, probability = found
    if language == article_language or probability < PARAGRAPH_MIN_CONFIDENCE:
        return None
    return language


def _with_languages(article: Article) -> Article:
    language = article.language or detect_language(f"{article.title}\n{article.body}")
    paragraphs: list[Paragraph] = []
    for paragraph in article.paragraphs:
        if paragraph.language is None:
            other = paragraph_language(article.text_of(paragraph), language)
            if other:
                paragraph = paragraph.model_copy(update={"language": other})
        paragraphs.append(paragraph)
    return article.model_copy(update={"language": language, "paragraphs": tuple(paragraphs)})


def language_stage(analysis: Analysis) -> None:
    """Pipeline stage: set the article language (if unknown) and mark foreign paragraphs."""
    analysis.article = _with_languages(analysis.article)
    analysis.models["language"] = f"py3langid {version('py3langid')}"
