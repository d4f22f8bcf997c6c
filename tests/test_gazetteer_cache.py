"""The GeoNames part of the gazetteer read back from its on-disk cache, and the cache's failures."""

from __future__ import annotations

import json

import pytest

from spinscope.extract import gazetteer_cache
from spinscope.extract.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer
from spinscope.extract.gazetteer_cache import build_key, cached_build, from_json, to_json


def _small() -> Gazetteer:
    gaz = Gazetteer()
    homs = GazetteerEntry("Homs", 34.73, 36.71, "SY", "city", 652609, 169577)
    anbar = GazetteerEntry("Al Anbar", 32.79, 41.61, "IQ", "admin", source="iso3166-2")
    gaz.add(homs, ["Homs", "Hims", "Хомс"])
    gaz.add(anbar, ["Al Anbar", "Anbar"])
    gaz.country_points["SY"] = (34.85, 36.61)
    gaz.country_names["SY"] = "Syria"
    return gaz


def test_the_cached_gazetteer_is_the_one_built(tmp_path, monkeypatch):
    monkeypatch.setenv("SPINSCOPE_CACHE_DIR", str(tmp_path))
    built = cached_build(5000, _small)
    (stored,) = tmp_path.glob("gazetteer-*.json")
    read = cached_build(5000, lambda: pytest.fail("built again instead of read"))
    assert to_json(read) == to_json(built)
    assert read.candidates("Хомс")[0] == built.candidates("Homs")[0]
    assert read.sound_alikes("Anbar", ["IQ"]) == built.sound_alikes("Anbar", ["IQ"])
    assert read.country_points == {"SY": (34.85, 36.61)}
    # another minimum population is another build, in another file
    cached_build(1000, _small)
    assert len(list(tmp_path.glob("gazetteer-*.json"))) == 2 and stored.exists()


def test_the_real_gazetteer_survives_the_round_trip(tmp_path, monkeypatch):
    """Every key of the shipped GeoNames build, in order, with its entries."""
    fresh = load_gazetteer()
    assert json.loads(json.dumps(to_json(from_json(to_json(fresh))))) == json.loads(
        json.dumps(to_json(fresh))
    )


def test_a_corrupt_or_foreign_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("SPINSCOPE_CACHE_DIR", str(tmp_path))
    path = tmp_path / f"gazetteer-{build_key(5000)}.json"
    for bad in ('{"format": 1, "entries": [[1]]', '{"format": 99}', '{"format": 1}', "[]"):
        path.write_text(bad, encoding="utf-8")
        assert cached_build(5000, _small).candidates("Hims")
        assert from_json(json.loads(path.read_text(encoding="utf-8"))).candidates("Hims")


def test_no_cache_when_turned_off_or_unwritable(tmp_path, monkeypatch):
    monkeypatch.setenv("SPINSCOPE_CACHE_DIR", "off")
    assert gazetteer_cache.cache_dir() is None
    assert cached_build(5000, _small).candidates("Homs")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("SPINSCOPE_CACHE_DIR", str(blocked / "cache"))
    assert cached_build(5000, _small).candidates("Homs")  # cannot write: analyses anyway
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_the_key_changes_with_what_the_build_reads(monkeypatch):
    key = build_key(5000)
    assert build_key(5000) == key and build_key(4000) != key
    monkeypatch.setattr(gazetteer_cache, "_package_version", lambda name: "0.0-other")
    assert build_key(5000) != key


def test_the_cache_folder_follows_xdg_and_never_lands_in_the_working_folder(monkeypatch):
    monkeypatch.delenv("SPINSCOPE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/srv/cache")
    assert str(gazetteer_cache.cache_dir()) == "/srv/cache/spinscope"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(gazetteer_cache.Path, "home", classmethod(lambda cls: cls("~")))
    assert gazetteer_cache.cache_dir() is None


def test_old_builds_are_pruned_but_a_few_kept(tmp_path, monkeypatch):
    import os

    monkeypatch.setenv("SPINSCOPE_CACHE_DIR", str(tmp_path))
    for i in range(5):  # files of earlier builds, oldest first
        old = tmp_path / f"gazetteer-old{i}.json"
        old.write_text("{}", encoding="utf-8")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    (tmp_path / "other.json").write_text("{}", encoding="utf-8")  # not ours: left alone
    cached_build(5000, _small)
    left = sorted(f.name for f in tmp_path.glob("gazetteer-*.json"))
    assert len(left) == gazetteer_cache.KEEP
    assert f"gazetteer-{build_key(5000)}.json" in left and "gazetteer-old4.json" in left
    assert (tmp_path / "other.json").exists()
