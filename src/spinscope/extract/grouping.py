"""Grouping mentions into entities: one canonical name per real-world entity.

Within an article: alias-table names first (FDS → Syrian Democratic Forces), then near
spellings of full person names ("Jeffry", "Jeffery" → one person, named after the alias
table when it knows a close spelling: James Jeffrey), then lone surnames after a full name
("Miller" → Christopher Miller), then acronyms the article defines itself
("Forces démocratiques syriennes (FDS)"), then places the gazetteer knows under one entry
("Qaem", "al-Qaem"). Across a corpus, :func:`group_corpus` applies the same rules to the
canonical names of many analyses.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from spinscope.article import Analysis, Entity, Mention
from spinscope.extract.aliases import AliasTable
from spinscope.extract.text import clean_spaces, is_acronym, name_key

PERSON_MATCH = 85.0  # rapidfuzz ratio over name keys: "james jeffry" ~ "james jeffery" = 96
TYPE_PRIORITY = {"person": 3, "organisation": 2, "place": 1, "other": 0}


@dataclass
class TypedMention:
    start: int
    end: int
    text: str
    type: str
    canonical: str | None = None  # from the alias table
    normal: str | None = None  # nominative form for inflecting languages
    place_key: str | None = None  # gazetteer identity when the name has exactly one meaning

    @property
    def name(self) -> str:
        return clean_spaces(self.normal or self.text)


@dataclass
class _Cluster:
    type_votes: Counter = field(default_factory=Counter)
    names: Counter = field(default_factory=Counter)
    mentions: list[TypedMention] = field(default_factory=list)
    canonical: str | None = None

    def add(self, m: TypedMention) -> None:
        self.mentions.append(m)
        self.names[m.name] += 1
        self.type_votes[m.type] += 1

    @property
    def type(self) -> str:
        return max(self.type_votes, key=lambda t: (self.type_votes[t], TYPE_PRIORITY[t]))

    def full_names(self) -> list[str]:
        return [n for n in self.names if len(n.split()) >= 2]

    def best_name(self) -> str:
        if self.canonical:
            return self.canonical
        full = self.full_names() if self.type == "person" else []
        pool = Counter({n: self.names[n] for n in full}) if full else self.names
        first = {}
        for m in sorted(self.mentions, key=lambda m: m.start):
            first.setdefault(m.name, m.start)
        return max(pool, key=lambda n: (pool[n], len(n), -first.get(n, 0)))


def _surname(name: str) -> str:
    return name_key(name).split()[-1] if name.strip() else ""


def _same_person(a: str, b: str) -> bool:
    ka, kb = name_key(a), name_key(b)
    if fuzz.ratio(ka, kb) >= PERSON_MATCH:
        return True
    wa, wb = ka.split(), kb.split()
    return (
        wa[0][:1] == wb[0][:1]
        and fuzz.ratio(wa[-1], wb[-1]) >= PERSON_MATCH
        and fuzz.ratio(wa[0], wb[0]) >= 60
    )


def acronym_definitions(body: str) -> dict[str, str]:
    """ "Forces démocratiques syriennes (FDS)" → {"FDS": "Forces démocratiques syriennes"}."""
    found: dict[str, str] = {}
    for m in re.finditer(r"\(([A-ZА-Я]{2,8})\)", body):
        acronym = m.group(1)
        words = re.findall(r"[\w'’-]+", body[max(0, m.start() - 120) : m.start()])
        words = [re.sub(r"^(?:[LlDd]|[Dd]ell|[Aa]ll)['’]", "", w) for w in words]
        initials_needed = len(acronym)
        for size in range(initials_needed, min(len(words), initials_needed * 2 + 3) + 1):
            candidate = words[-size:]
            initials = "".join(w[0] for w in candidate if w[0].isupper() or len(w) > 3)
            if initials.upper() == acronym.upper():
                found[acronym] = " ".join(candidate)
                break
    return found


def split_trailing_person(mentions: list[TypedMention], body: str) -> list[TypedMention]:
    """ "Défense Mark Esper" (mis-typed) → person "Mark Esper" when Esper is a known surname."""
    surnames = {_surname(m.name) for m in mentions if m.type == "person"}
    out = []
    for m in mentions:
        words = m.text.split()
        mistyped = m.type != "person" and not m.canonical and len(words) >= 3
        if mistyped and _surname(words[-1]) in surnames and words[-2][:1].isupper():
            tail = " ".join(words[-2:])
            start = m.start + m.text.rfind(tail)
            out.append(
                TypedMention(start, start + len(tail), body[start : start + len(tail)], "person")
            )
            continue
        out.append(m)
    return out


def group_mentions(
    mentions: Sequence[TypedMention], table: AliasTable, body: str, model: str
) -> list[Entity]:
    """Entities from typed mentions: alias table, fuzzy person names, surnames, acronyms."""
    clusters: dict[str, _Cluster] = {}

    def cluster(key: str) -> _Cluster:
        return clusters.setdefault(key, _Cluster())

    persons_full: list[str] = []  # cluster keys of people with a full name
    pending_single: list[TypedMention] = []
    for m in sorted(mentions, key=lambda m: (-len(m.name.split()), m.start)):
        entry = table.lookup(m.name) or table.fuzzy_lookup(m.name) if not m.canonical else None
        if m.canonical or entry:
            canonical = m.canonical or entry.canonical
            kind = entry.type if entry else m.type
            c = cluster(f"alias:{canonical}")
            c.canonical = canonical
            c.add(TypedMention(m.start, m.end, m.text, kind, canonical, m.normal, m.place_key))
            if kind == "person":
                persons_full.append(f"alias:{canonical}")
            continue
        if m.type == "person" and len(m.name.split()) >= 2:
            fuzzy = table.fuzzy_person(m.name)
            if fuzzy:
                c = cluster(f"alias:{fuzzy.canonical}")
                c.canonical = fuzzy.canonical
                c.add(m)
                persons_full.append(f"alias:{fuzzy.canonical}")
                continue
            for key in persons_full:
                if any(_same_person(m.name, n) for n in clusters[key].full_names()):
                    clusters[key].add(m)
                    break
            else:
                key = f"person:{name_key(m.name)}"
                cluster(key).add(m)
                persons_full.append(key)
            continue
        if m.type == "person":
            pending_single.append(m)
            continue
        key = f"place:{m.place_key}" if m.place_key else f"name:{name_key(m.name)}"
        cluster(key).add(m)

    for m in pending_single:
        surname = name_key(m.name)
        owners = {
            key
            for key in dict.fromkeys(persons_full)
            if any(
                fuzz.ratio(_surname(n), surname) >= PERSON_MATCH
                for n in [*clusters[key].full_names(), clusters[key].canonical or ""]
                if n
            )
        }
        if len(owners) == 1:
            clusters[owners.pop()].add(m)
        else:
            cluster(f"name:{surname}").add(m)

    for acronym, long_name in acronym_definitions(body).items():
        short, full = (
            clusters.get(f"name:{name_key(acronym)}"),
            clusters.get(f"name:{name_key(long_name)}"),
        )
        if short and full and short is not full:
            for m in short.mentions:
                full.add(m)
            full.canonical = full.canonical or clean_spaces(long_name)
            del clusters[f"name:{name_key(acronym)}"]

    entities = []
    for c in clusters.values():
        canonical = c.best_name()
        aliases = sorted({n for n in c.names if n != canonical})
        mentions_out = sorted(
            {
                (m.start, m.end): Mention(start=m.start, end=m.end, text=body[m.start : m.end])
                for m in c.mentions
            }.values(),
            key=lambda x: x.start,
        )
        entities.append(
            Entity(
                canonical=canonical,
                type=c.type,
                aliases=aliases,
                mentions=mentions_out,
                model=model,
            )
        )
    entities.sort(key=lambda e: (-len(e.mentions), e.mentions[0].start if e.mentions else 0))
    return entities


@dataclass
class CorpusEntity:
    """One entity across a corpus: its canonical name, every alias, where it appears."""

    canonical: str
    type: str
    aliases: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    mention_count: int = 0


def group_corpus(analyses: Iterable[Analysis], rename: bool = True) -> list[CorpusEntity]:
    """Merge the entities of many analyses under corpus-wide canonical names.

    Same canonical key → same entity; person names that are near spellings of each other
    ("James Jeffry" in one article, "James Jeffrey" in another) merge too, under the
    most-mentioned spelling. With ``rename``, each analysis' entities take the
    corpus-wide canonical name (their own name is kept among the aliases).
    """
    analyses = list(analyses)
    groups: list[CorpusEntity] = []
    index: dict[tuple[str, str], CorpusEntity] = {}
    members: dict[int, list[tuple[Entity, str]]] = {}
    for analysis in analyses:
        for entity in analysis.entities:
            key = (entity.type, name_key(entity.canonical))
            group = index.get(key)
            if group is None and entity.type == "person" and len(key[1].split()) >= 2:
                group = next(
                    (
                        g
                        for g in groups
                        if g.type == "person"
                        and len(g.canonical.split()) >= 2
                        and _same_person(g.canonical, entity.canonical)
                    ),
                    None,
                )
            if group is None and is_acronym(entity.canonical):
                group = next((g for g in groups if entity.canonical in g.aliases), None)
            if group is None:
                group = CorpusEntity(entity.canonical, entity.type)
                groups.append(group)
            index[key] = group
            group.aliases.update([entity.canonical, *entity.aliases])
            group.articles.add(analysis.article.id)
            group.mention_count += len(entity.mentions)
            members.setdefault(id(group), []).append((entity, entity.canonical))
    for group in groups:
        counts = Counter()
        for entity, name in members[id(group)]:
            counts[name] += len(entity.mentions)
        group.canonical = max(counts, key=lambda n: (counts[n], len(n)))
        group.aliases.discard(group.canonical)
        if rename:
            for entity, _ in members[id(group)]:
                if entity.canonical != group.canonical:
                    entity.aliases = sorted({*entity.aliases, entity.canonical} - {group.canonical})
                    entity.canonical = group.canonical
    groups.sort(key=lambda g: (-g.mention_count, g.canonical))
    return groups
