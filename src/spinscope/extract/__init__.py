"""Who, where, when, and who says so: entities, places, dates, quotes and claims.

Each module is one pipeline stage (or the data it needs):

- ``entities``: people, organisations and places, grouped under canonical names
  (``ner`` finds the mentions, ``aliases`` and ``grouping`` merge them);
- ``places``: geocoding against ``gazetteer`` (GeoNames cities, pycountry countries,
  curated sites, user files) and GeoJSON export;
- ``dates``: absolute and relative date expressions, resolved against the publication date;
- ``quotes`` and ``claims``: direct and reported speech with speakers, and check-worthy
  factual statements with their source as the article gives it.
"""
