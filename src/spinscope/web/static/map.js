/* The places map: the bundled world outline (no network) or configured tiles,
   clustered markers, popups listing articles. Popups are built from DOM nodes
   with textContent, never from HTML strings: place names and titles are hostile. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }

  var map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5, zoomControl: false }).setView([30, 15], 2);
  // the zoom buttons' titles come from the page, in its language
  L.control.zoom({
    zoomInTitle: el.getAttribute("data-zoom-in") || "Zoom in",
    zoomOutTitle: el.getAttribute("data-zoom-out") || "Zoom out"
  }).addTo(map);
  map.attributionControl.setPrefix(false);

  var tiles = el.getAttribute("data-tiles");
  if (tiles) {
    var credit = document.createElement("span");
    credit.textContent = el.getAttribute("data-attribution") || "";
    L.tileLayer(tiles, { attribution: credit.innerHTML, maxZoom: 18 }).addTo(map);
  } else {
    map.attributionControl.addAttribution("World outline: Natural Earth (world-atlas)");
  }

  function json(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
        return r.json();
      });
  }

  // Rings that cross the antimeridian (Russia, Fiji) would be drawn as lines across
  // the whole map: move their western points one turn east so they stay compact.
  function unwrapRing(ring) {
    var lons = ring.map(function (p) { return p[0]; });
    if (Math.max.apply(null, lons) - Math.min.apply(null, lons) <= 180) { return ring; }
    return ring.map(function (p) { return p[0] < 0 ? [p[0] + 360, p[1]] : p; });
  }

  function unwrap(geometry) {
    if (!geometry) { return geometry; }
    if (geometry.type === "Polygon") { geometry.coordinates = geometry.coordinates.map(unwrapRing); }
    if (geometry.type === "MultiPolygon") {
      geometry.coordinates = geometry.coordinates.map(function (poly) { return poly.map(unwrapRing); });
    }
    return geometry;
  }

  if (!tiles && window.topojson) {
    json(el.getAttribute("data-world")).then(function (topo) {
      var countries = topojson.feature(topo, topo.objects.countries);
      countries.features.forEach(function (f) { unwrap(f.geometry); });
      L.geoJSON(countries, {
        interactive: false,
        style: { color: "#8a97ab", weight: 0.6, fillColor: "#f3f1ea", fillOpacity: 1 }
      }).addTo(map).bringToBack();
      el.setAttribute("data-world-loaded", "true");
    }).catch(function (err) { el.setAttribute("data-error", String(err)); });
  }

  var WIDE_KM = 100;  // beyond this, a point only stands for a region, a sea or a river

  function isWide(props) {
    return typeof props.precision_km === "number" && props.precision_km >= WIDE_KM;
  }

  function reach(props) {
    return "(±" + Math.round(props.precision_km) + " km)";
  }

  function popup(props) {
    var box = document.createElement("div");
    box.className = "place-popup";
    var title = document.createElement("h3");
    title.textContent = props.name + (props.country ? " (" + props.country + ")" : "");
    box.appendChild(title);
    var count = document.createElement("p");
    count.className = "muted";
    count.textContent = props.articles + (props.articles === 1 ? " article" : " articles");
    box.appendChild(count);
    if (isWide(props)) {
      var area = document.createElement("p");
      area.className = "muted wide-note";
      area.textContent = (el.getAttribute("data-wide") || "") + " " + reach(props);
      box.appendChild(area);
    }
    var list = document.createElement("ul");
    (props.sample || []).forEach(function (a) {
      if (!/^[0-9a-f]{6,64}$/.test(a.id)) { return; }
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "/articles/" + a.id;
      link.textContent = a.title || a.id;
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  json(el.getAttribute("data-places")).then(function (collection) {
    var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
    var bounds = [];
    collection.features.forEach(function (f) {
      var c = f.geometry && f.geometry.coordinates;
      if (!c || typeof c[0] !== "number" || typeof c[1] !== "number") { return; }
      var radius = 5 + Math.min(9, Math.sqrt(f.properties.articles) * 2);
      var wide = isWide(f.properties);
      // a sea, a river or « Moyen-Orient » is an area: a hollow, dashed marker, never a spot
      var marker = L.circleMarker([c[1], c[0]], wide ? {
        radius: radius, color: "#17213a", weight: 1.5, dashArray: "3 3",
        fillColor: "#7d8fb8", fillOpacity: 0.25, className: "wide-area"
      } : {
        radius: radius, color: "#17213a", weight: 1.5, fillColor: "#e0663a", fillOpacity: 0.85
      });
      marker.bindPopup(popup(f.properties));
      marker.bindTooltip(String(f.properties.name) + (wide ? " " + reach(f.properties) : ""));
      cluster.addLayer(marker);
      bounds.push([c[1], c[0]]);
    });
    map.addLayer(cluster);
    if (bounds.length > 1) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 6 }); }
    else if (bounds.length === 1) { map.setView(bounds[0], 5); }
    el.setAttribute("data-markers", String(bounds.length));
  }).catch(function (err) { el.setAttribute("data-error", String(err)); });
})();
