"""The entities stage: people, organisations and places, grouped under canonical names.

Mentions come from two sources that complement each other: the language's NER (see
``ner``) finds names nobody listed, and the alias table finds the names analysts care
about whatever their spelling or language (including ones NER misses or mistypes:
"101e Division", "Hachd al-Chaabi" taken for a place, "Sputnik" for a person). Where
both see the same words, the alias table wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from spinscope.article import Analysis, Article, Entity
from spinscope.extract.aliases import AliasTable, load_alias_table
from spinscope.extract.common_words import everyday_not_town
from spinscope.extract.gazetteer import Gazetteer, load_gazetteer
from spinscope.extract.grouping import TypedMention, group_mentions, split_trailing_person
from spinscope.extract.lexicon import LEADING_DETERMINERS, NOT_NAMES
from spinscope.extract.ner import RawMention, find_mentions, is_given_name, shouting
from spinscope.extract.text import name_key
from spinscope.segment import paragraph_spans

STAGE = "entities"
_TRAILING = " \t\n\u00a0.,;:!?…)(\"'«»“”„’‘/-–—"
_MAX_OTHER_WORDS = 4
# Aircraft, missile and tank designations (« F-35 », « MiG-29 », « S-400 »), which NER tags
# as organisations; the hyphen keeps out groups written without one (G20, M23).
_DESIGNATION = re.compile(r"^[A-Za-zА-Яа-я]{1,4}-\d{1,4}[A-Za-z]{0,2}$")


def article_spans(article: Article) -> list[tuple[int, int]]:
    """Paragraph spans of the article (computed from the body when no reader gave them)."""
    if article.paragraphs:
        return [(p.start, p.end) for p in article.paragraphs]
    return list(paragraph_spans(article.body))


def _trim(m: RawMention, body: str) -> RawMention | None:
    start, end = m.start, m.end
    text = body[start:end]
    if "\n" in text:  # never across lines
        end = start + text.index("\n")
    while end > start and body[end - 1] in _TRAILING:
        end -= 1
    while start < end and body[start] in _TRAILING:
        start += 1
    if body[start:end].endswith(("'s", "’s")) and end - start > 3:
        end -= 2  # "Keith Ellison’s campaign": the possessive is no part of the name
    lowered = body[start:end].lower()
    for det in LEADING_DETERMINERS:
        if lowered.startswith(det) and end - start > len(det) + 1:
            start += len(det)
            break
    text = body[start:end]
    if len(text) < 2 or not any(c.isupper() for c in text):
        return None
    if text.lower() in NOT_NAMES:
        return None
    return RawMention(start, end, text, m.type, m.source, m.normal)


def _plausible_other(text: str) -> bool:
    words = text.split()
    if len(words) > _MAX_OTHER_WORDS:
        return False
    lower = [w for w in words if w[:1].islower() and len(w) > 3]
    return not lower


def _place_identity(name: str, gazetteer: Gazetteer) -> str | None:
    candidates = gazetteer.candidates(name)
    if len(candidates) == 1:
        c = candidates[0]
        return f"{c.name}|{c.country}|{c.feature}"
    return None


def extract_entities(
    article: Article,
    aliases: AliasTable | None = None,
    gazetteer: Gazetteer | None = None,
) -> tuple[list[Entity], str]:
    """The entities of one article and the name of the means that found them."""
    table = aliases or load_alias_table()
    gaz = gazetteer or load_gazetteer()
    body = article.body
    spans = article_spans(article)

    def is_place(name: str) -> bool:
        for c in gaz.candidates(name):
            if c.feature != "city" or c.population >= 15000 or c.source != "geonames":
                return True
        return False

    def is_known(name: str) -> bool:
        return table.lookup(name) is not None

    def is_area(name: str) -> bool:
        return any(c.feature != "city" for c in gaz.candidates(name))

    def is_state(name: str) -> bool:  # a country or a curated site, not a municipality
        return any(c.feature not in ("city", "admin") for c in gaz.candidates(name))

    language = (article.language or "").lower()[:2] or None
    raw, model = find_mentions(body, spans, language, is_place, is_known, is_area)

    alias_hits: list[TypedMention] = []
    for offset, end in spans:
        for s, e, entry in table.scan(body[offset:end]):
            alias_hits.append(
                TypedMention(
                    offset + s,
                    offset + e,
                    body[offset + s : offset + e],
                    entry.type,
                    canonical=entry.canonical,
                )
            )
    taken = [(m.start, m.end) for m in alias_hits]

    typed: list[TypedMention] = list(alias_hits)
    loud = [(s, e) for s, e in spans if shouting(body[s:e])]
    for m in raw:
        if m.type == "known":
            continue
        trimmed = _trim(m, body)
        if trimmed is None:
            continue
        if (
            m.source != "natasha"  # which reads its own morphology (see ner)
            and any(s <= trimmed.start < e for s, e in loud)
            and not is_place(trimmed.normal or trimmed.text)
        ):
            continue  # in a paragraph in capitals, only the names the gazetteer knows
        if any(trimmed.start < e and s < trimmed.end for s, e in taken):
            continue
        kind = trimmed.type
        surface = trimmed.normal or trimmed.text
        lone = kind == "person" and " " not in surface and not is_given_name(surface)
        if lone and is_place(surface):  # "Qaem" tagged as a person
            kind = "place"
        if kind == "weak":
            if not is_place(surface):
                continue
            kind = "place"
        if kind == "other":
            if is_place(trimmed.normal or trimmed.text):
                kind = "place"
            elif not _plausible_other(trimmed.text):
                continue
        if kind == "place" and len(surface) <= 2 and not surface.isupper():
            continue  # « "Ho pagato 7.000 euro" »: Italian "I have", not Ho in Ghana
        if kind == "place" and surface.isupper() and len(surface) <= 4 and not is_state(surface):
            kind = "organisation"  # « DACA », "IG": an acronym, not Dhaka or Ig (SI)
        if kind == "place" and everyday_not_town(surface, language, gaz):
            continue  # « Kinder », "Police", "Google" (Topeka's nickname): everyday words
        if kind in ("organisation", "person") and _DESIGNATION.match(surface):
            kind = "other"  # « F-35 », « Su-25 », « S-400 »: a model's designation, no actor
        if kind in ("organisation", "place") and re.search(r"\b\d{4}\b", trimmed.text):
            continue  # "East Steps of the US Capitol on March 08" is no name
        typed.append(
            TypedMention(
                trimmed.start,
                trimmed.end,
                trimmed.text,
                kind,
                normal=trimmed.normal,
                place_key=_place_identity(trimmed.normal or trimmed.text, gaz)
                if kind == "place"
                else None,
            )
        )
    for m in typed:
        if m.type == "place" and m.canonical and not m.place_key:
            m.place_key = _place_identity(m.canonical, gaz)
    typed = split_trailing_person(typed, body)
    full_names = [m.name.split() for m in typed if m.type == "person" and len(m.name.split()) > 1]
    surnames = {words[-1] for words in full_names}
    # a surname that outweighs a town's name comes from a name of capitalised words that
    # are no places themselves (not "di Potsdam", "Henan Zhengzhou")
    sure_surnames = {
        words[-1]
        for words in full_names
        if all(w[:1].isupper() for w in words) and not any(is_place(w) for w in words[:-1])
    }
    for m in typed:  # "Quillerby est reparti" tagged as a place: it is the person's surname,
        # even when a town bears it (« Андрей Мельник », then « Мельник »: not Mělník, CZ);
        # a country, region or site keeps its name
        if m.type == "person" or m.canonical or m.name not in surnames:
            continue
        if not is_place(m.name) or (m.name in sure_surnames and not is_area(m.name)):
            m.type, m.place_key = "person", None
    model_name = f"{model}+aliases+gazetteer"
    entities = group_mentions(typed, table, body, model_name)
    _add_bare_surnames(entities, body)
    return entities, model_name


def _add_bare_surnames(entities: list[Entity], body: str) -> None:
    """ "Quillerby est reparti": a full name's surname alone, even where NER missed it."""
    from spinscope.article import Mention

    taken = [(m.start, m.end) for e in entities for m in e.mentions]
    surnames: dict[str, list[Entity]] = {}
    for e in entities:
        if e.type != "person":
            continue
        for name in {e.canonical, *(m.text for m in e.mentions)}:
            words = name.split()
            if len(words) >= 2 and len(words[-1]) >= 4 and words[-1][0].isupper():
                surnames.setdefault(words[-1], [])
                if e not in surnames[words[-1]]:
                    surnames[words[-1]].append(e)
    for surname, owners in surnames.items():
        if len(owners) != 1:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", body):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            owners[0].mentions.append(Mention(start=m.start(), end=m.end(), text=m.group(0)))
            taken.append((m.start(), m.end()))
        owners[0].mentions.sort(key=lambda x: x.start)


def add_title_mentions(
    article: Article,
    entities: list[Entity],
    aliases: AliasTable | None = None,
    gazetteer: Gazetteer | None = None,
) -> None:
    """Add the names of a title kept apart from the body (``Mention.in_title``, offsets into
    the title) to the body's entities they name. A name only the title has is added when
    the alias table knows it or the gazetteer knows it as a place: headlines capitalise
    words that are no names ("Bureaucrats Plot Against Your Car")."""
    headline = article.headline()
    if headline is None:
        return
    table = aliases or load_alias_table()
    gaz = gazetteer or load_gazetteer()
    found, _ = extract_entities(headline, aliases=table, gazetteer=gaz)
    by_name: dict[str, Entity] = {}
    for entity in entities:
        for name in _names_of(entity):
            by_name.setdefault(name, entity)
    for entity in found:
        mentions = [m.model_copy(update={"in_title": True}) for m in entity.mentions]
        named = next((by_name[n] for n in _names_of(entity) if n in by_name), None)
        if named is not None:
            named.mentions.extend(mentions)
        elif table.lookup(entity.canonical) or (
            entity.type == "place" and gaz.candidates(entity.canonical)
        ):
            entities.append(entity.model_copy(update={"mentions": mentions}))


def _names_of(entity: Entity) -> set[str]:
    return {
        name_key(n) for n in (entity.canonical, *entity.aliases, *(m.text for m in entity.mentions))
    }


def entities_stage(analysis: Analysis, alias_paths: Sequence[str | Path] | None = None) -> None:
    """Pipeline stage: fill ``analysis.entities`` (the title's names included)."""
    table = load_alias_table(alias_paths) if alias_paths else load_alias_table()
    entities, model = extract_entities(analysis.article, aliases=table)
    add_title_mentions(analysis.article, entities, aliases=table)
    analysis.entities = entities
    analysis.models[STAGE] = model
