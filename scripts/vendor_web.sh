#!/usr/bin/env bash
# Vendor the web workbench's third-party browser assets from npm at pinned
# versions into src/spinscope/web/static/vendor/, with their licence files.
# The workbench must run offline, so nothing is ever loaded from a CDN; rerun
# this script (it needs network) only to change a pinned version.
set -euo pipefail

LEAFLET=1.9.4
MARKERCLUSTER=1.5.3
TOPOJSON_CLIENT=3.1.0
WORLD_ATLAS=2.0.2

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/src/spinscope/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch NAME VERSION -> unpacked into $work/NAME
  local name="$1" version="$2"
  (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
  mkdir -p "$work/$name"
  tar -xzf "$work/${name//\//-}-$version.tgz" -C "$work/$name" --strip-components=1
}

fetch leaflet "$LEAFLET"
fetch leaflet.markercluster "$MARKERCLUSTER"
fetch topojson-client "$TOPOJSON_CLIENT"
fetch world-atlas "$WORLD_ATLAS"

rm -rf "$dest"
mkdir -p "$dest/leaflet/images" "$dest/leaflet.markercluster" "$dest/topojson-client" "$dest/world-atlas"

cp "$work/leaflet/dist/leaflet.js" "$work/leaflet/dist/leaflet.css" "$dest/leaflet/"
cp "$work/leaflet/dist/images/"*.png "$dest/leaflet/images/"
cp "$work/leaflet/LICENSE" "$dest/leaflet/LICENSE"

cp "$work/leaflet.markercluster/dist/leaflet.markercluster.js" \
   "$work/leaflet.markercluster/dist/MarkerCluster.css" \
   "$work/leaflet.markercluster/dist/MarkerCluster.Default.css" \
   "$dest/leaflet.markercluster/"
cp "$work/leaflet.markercluster/MIT-LICENCE.txt" "$dest/leaflet.markercluster/LICENSE"

cp "$work/topojson-client/dist/topojson-client.min.js" "$dest/topojson-client/"
cp "$work/topojson-client/LICENSE" "$dest/topojson-client/LICENSE"

cp "$work/world-atlas/countries-110m.json" "$dest/world-atlas/"
cp "$work/world-atlas/LICENSE" "$dest/world-atlas/LICENSE"

cat > "$dest/VERSIONS.txt" <<TXT
Vendored from npm by scripts/vendor_web.sh (do not edit by hand).
leaflet $LEAFLET (BSD-2-Clause)
leaflet.markercluster $MARKERCLUSTER (MIT)
topojson-client $TOPOJSON_CLIENT (ISC)
world-atlas $WORLD_ATLAS (ISC; data: Natural Earth, public domain)
TXT
echo "vendored into $dest"
