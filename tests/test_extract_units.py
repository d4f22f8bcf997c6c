"""Extract parts one by one: alias and gazetteer files, grouping, languages, dates, quotes."""

from __future__ import annotations

import json

import pytest

from spinscope.article import Analysis, Article, Paragraph
from spinscope.display_words import word as display_word
from spinscope.extract.aliases import AliasFileError, load_alias_table, read_alias_file
from spinscope.extract.claims import extract_claims
from spinscope.extract.common_words import calendar_word, everyday_word
from spinscope.extract.dates import extract_dates
from spinscope.extract.entities import add_title_mentions, extract_entities
from spinscope.extract.gazetteer import GazetteerFileError, load_gazetteer, read_gazetteer_file
from spinscope.extract.grouping import group_corpus
from spinscope.extract.places import distance_km, resolve_places
from spinscope.extract.quotes import extract_quotes
from spinscope.extract.text import consonant_skeleton


def _article(text: str, language: str, published: str | None = None) -> Article:
    return Article(title="", body=text, language=language, published=published)


def _canonicals(entities) -> dict[str, str]:
    return {e.canonical: e.type for e in entities}


def test_user_alias_file_extends_the_table(tmp_path, monkeypatch):
    extra = tmp_path / "mine.csv"
    extra.write_text("canonical,type,aliases\nNorthwind Brigade,organisation,NWB|Brigade du Nord\n")
    monkeypatch.setenv("SPINSCOPE_ALIASES", str(extra))
    table = load_alias_table()
    assert table.lookup("NWB").canonical == "Northwind Brigade"
    assert table.lookup("brigade du nord").canonical == "Northwind Brigade"
    assert table.lookup("nwb") is None  # acronyms are case-sensitive
    assert table.lookup("Daech").canonical == "Islamic State"  # bundled rows still there


def test_bad_alias_file_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("canonical,type,aliases\nFoo,organisation,F\nBar,animal,B\n")
    with pytest.raises(AliasFileError, match=r"bad\.csv:3: type 'animal'"):
        read_alias_file(bad)


def test_fuzzy_person_grouping_without_the_alias_table():
    text = (
        "Le ministre Jonathan Quillerby a visité Lyon. Plus tard, Jonathan Quilerby a "
        "rencontré des élus. Quillerby est reparti mardi."
    )
    entities, _ = extract_entities(_article(text, "fr"))
    people = [e for e in entities if e.type == "person"]
    assert len(people) == 1, people
    assert {m.text for m in people[0].mentions} == {
        "Jonathan Quillerby",
        "Jonathan Quilerby",
        "Quillerby",
    }


def test_acronym_defined_in_the_article_joins_its_long_name():
    text = "L'Union des Brasseurs Indépendants (UBI) a protesté. Selon l'UBI, la taxe est injuste."
    entities, _ = extract_entities(_article(text, "fr"))
    ubi = [e for e in entities if "UBI" in {m.text for m in e.mentions}]
    assert len(ubi) == 1 and ubi[0].canonical == "Union des Brasseurs Indépendants"


def test_english_rules_and_gazetteer():
    text = (
        "NATO Secretary General Jens Stoltenberg said on Tuesday that troops in Kabul would "
        "stay. President Emmanuel Macron met Olaf Scholz in Berlin, according to Reuters."
    )
    entities, model = extract_entities(_article(text, "en"))
    names = _canonicals(entities)
    assert model.startswith("rules")
    assert names["Jens Stoltenberg"] == "person"
    assert names["NATO"] == "organisation" and names["Reuters"] == "organisation"
    assert names["Kabul"] == "place" and names["Berlin"] == "place"


def test_german_capitalised_nouns_are_not_names():
    text = (
        "Die Sanktionen gegen Russland wurden verhängt, sagte Bundeskanzler Olaf Scholz in Berlin."
    )
    entities, _ = extract_entities(_article(text, "de"))
    names = _canonicals(entities)
    assert "Sanktionen" not in names
    assert names["Russia"] == "place" and names["Olaf Scholz"] == "person"


def test_russian_ner_with_normal_forms():
    text = "Об этом заявил министр иностранных дел России Сергей Лавров в Москве."
    entities, model = extract_entities(_article(text, "ru"))
    names = _canonicals(entities)
    assert model.startswith("natasha")
    assert names["Sergey Lavrov"] == "person" and names["Russia"] == "place"
    places = resolve_places(entities)
    moscow = next(p for p in places if p.country == "RU" and p.feature == "city")
    assert distance_km(moscow.latitude, moscow.longitude, 55.75, 37.62) < 25


def test_user_gazetteer_csv_and_geojson(tmp_path):
    csv_file = tmp_path / "sites.csv"
    csv_file.write_text(
        "name,aliases,latitude,longitude,country,feature\n"
        "Outpost Zulu,Zulu base,34.10,40.50,SY,base\n"
    )
    geo = tmp_path / "sites.geojson"
    geo.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [41.2, 35.9]},
                        "properties": {
                            "name": "Camp Yankee",
                            "aliases": ["Yankee camp"],
                            "country": "SY",
                        },
                    }
                ],
            }
        )
    )
    gaz = load_gazetteer([csv_file, geo])
    (zulu,) = gaz.candidates("Zulu base")
    assert (zulu.latitude, zulu.longitude, zulu.feature) == (34.10, 40.50, "base")
    (yankee,) = gaz.candidates("Yankee camp")
    assert (yankee.latitude, yankee.longitude) == (35.9, 41.2)
    assert yankee.source.startswith("user")


def test_bad_gazetteer_file_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,latitude,longitude\nGood,1,2\nBad,north,2\n")
    with pytest.raises(GazetteerFileError, match=r"bad\.csv:3: latitude 'north'"):
        read_gazetteer_file(bad)
    far = tmp_path / "far.csv"
    far.write_text("name,latitude,longitude\nNowhere,95,2\n")
    with pytest.raises(GazetteerFileError, match=r"far\.csv:2: coordinates 95.0,2.0 out of range"):
        read_gazetteer_file(far)


def test_context_disambiguates_and_unknown_stays_unknown():
    text = "Les combats ont repris à Tripoli, au Liban, puis à Zorblakistan-sur-Mer."
    entities, _ = extract_entities(_article(text, "fr"))
    places = {p.name: p for p in resolve_places(entities)}
    tripoli = places["Tripoli"]
    assert tripoli.status == "resolved" and tripoli.country == "LB"  # not Libya's capital
    unknown = [p for p in places.values() if "Zorblakistan" in p.name]
    assert all(p.status == "unknown" and p.latitude is None for p in unknown)


def test_city_codes_are_not_names():
    """Airport codes among GeoNames' alternate names would match common words."""
    gaz = load_gazetteer()
    assert not any(e.name == "Lagos" for e in gaz.candidates("Los"))
    assert not any(e.name == "Kunduz" for e in gaz.candidates("Und"))
    assert not any(e.name == "Paris" for e in gaz.candidates("Par"))
    assert any(e.name == "Lagos" for e in gaz.candidates("Lagos"))
    # romanised consonant skeletons: "rn" is an alternate name of Rennes, "lr" of Leer
    assert not gaz.candidates("RN") and not gaz.candidates("LR")
    assert any(e.name == "Rennes" for e in gaz.candidates("Rennes"))
    text = "Los soldados americanos huyen de Irak. Los invasores abandonan su base."
    entities, _ = extract_entities(_article(text, "es"))
    places = {p.name for p in resolve_places(entities)}
    assert not any("Lagos" in name or name == "Los" for name in places)


def test_a_region_has_a_point_and_a_city_keeps_its_name():
    """Regions come with a point for the whole region, named in several languages; a city
    named like its region (Donetsk) stays the city."""
    text = (
        "Die Polizei in Bayern meldet Proteste. Später kam es in Donezk und in der "
        "Region Luhansk zu Kämpfen."
    )
    entities, _ = extract_entities(_article(text, "de"))
    places = {p.name: p for p in resolve_places(entities)}
    bayern = places["Bayern"]
    assert bayern.status == "resolved" and bayern.feature == "admin" and bayern.country == "DE"
    assert distance_km(bayern.latitude, bayern.longitude, 48.9, 11.4) < 100
    donetsk = next(p for name, p in places.items() if name.startswith("Donez"))
    assert donetsk.feature == "city" and donetsk.country == "UA"
    gaz = load_gazetteer()
    assert any(e.feature == "admin" and e.country == "US" for e in gaz.candidates("Virginie"))
    assert any(e.feature == "admin" and e.country == "FR" for e in gaz.candidates("Normandy"))


def test_a_region_romanised_another_way_is_found_in_the_articles_country():
    """« Salaheddine » and « Babel » are Şalāḩ ad Dīn and Bābil for the gazetteer; they are
    looked for by their consonants in the country most of the article's places are in."""
    assert consonant_skeleton("Salaheddine") == consonant_skeleton("Şalāḩ ad Dīn") == "slhdn"
    assert consonant_skeleton("Babel") == consonant_skeleton("Bābil") == "bbl"
    assert consonant_skeleton("Hachd") == consonant_skeleton("Hashd")
    text = (
        "Des frappes ont visé Bagdad, Mossoul et Kirkouk, puis cinq provinces : "
        "Salaheddine, Babel, Karbala et Najaf."
    )
    entities, _ = extract_entities(_article(text, "fr"))
    places = {p.name: p for p in resolve_places(entities)}
    salah, babel = places["Salaheddine"], places["Babel"]
    assert salah.status == "resolved" and salah.feature == "admin" and salah.country == "IQ"
    assert babel.status == "resolved" and babel.feature == "admin" and babel.country == "IQ"
    assert distance_km(babel.latitude, babel.longitude, 32.5, 44.4) < 100
    assert babel.source.endswith("matched by its consonants")  # provenance says how
    assert not places["Karbala"].source.endswith("consonants")
    # towns are never matched this way: too many share their consonants
    gaz = load_gazetteer()
    assert gaz.sound_alikes("Babel", ["IQ"]) and not gaz.sound_alikes("Babel", ["SY"])
    assert not gaz.sound_alikes("Gironde", ["FR"])  # Guérande, a town
    assert not gaz.sound_alikes("Salaheddine", ["SY"])  # only in the article's country


def test_seas_and_straits_are_places_with_a_wide_precision():
    text = (
        "La flotte russe a quitté la mer Noire pour la Méditerranée, puis a franchi le "
        "Bosphore. Un pétrolier a été saisi dans le détroit d'Ormuz."
    )
    entities, _ = extract_entities(_article(text, "fr"))
    places = {p.name: p for p in resolve_places(entities)}
    found = {p.gazetteer_name: p for p in places.values() if p.status == "resolved"}
    assert {"Black Sea", "Mediterranean Sea", "Bosphorus", "Strait of Hormuz"} <= set(found)
    assert found["Black Sea"].feature == "sea" and found["Black Sea"].country is None
    assert found["Bosphorus"].country == "TR" and found["Bosphorus"].feature == "strait"
    assert found["Mediterranean Sea"].precision_km >= 1000  # a point for a whole sea
    # « Suez » stays the city; only « canal de Suez » is the canal
    assert all(e.feature != "canal" for e in load_gazetteer().candidates("Suez"))


def test_weapon_designations_are_not_organisations():
    """spaCy's French model tags « F-35 » as an organisation; the seed 004 also has F-16."""
    text = (
        "Peu d'observateurs la donnent gagnante, puisque les F-16, les F22 voire les F-35 "
        "n'ont jamais gagné les combats au sol. Moscou a livré des S-400 et des Su-35 à "
        "Téhéran. Le sommet du G20 s'est tenu à Rome."
    )
    entities, _ = extract_entities(_article(text, "fr"))
    types = {e.canonical: e.type for e in entities}
    assert types["F-35"] == "other" and types["Su-35"] == "other"  # NER: organisations
    assert all(types.get(d, "other") == "other" for d in ("F-16", "F22", "S-400"))
    assert types.get("G20") == "organisation"


def test_names_in_a_title_kept_apart_join_the_bodys_entities():
    """Headline names are what the piece is about; the text reader keeps the title out of
    the body, so the title is read too, and its mentions say so (offsets into the title)."""
    body = "Des roquettes ont visé Bagdad mardi.\n\nLe Pentagone a démenti toute victime."
    title = "L'OTAN Humiliée À Bagdad : Chaos Total"
    article = Article(title=title, body=body, language="fr")
    entities, _ = extract_entities(article)
    add_title_mentions(article, entities)
    by_name = {e.canonical: e for e in entities}
    baghdad = next(e for e in entities if any(m.text == "Bagdad" for m in e.mentions))
    assert baghdad.in_title and len(baghdad.mentions) == 2
    in_title = next(m for m in baghdad.mentions if m.in_title)
    assert title[in_title.start : in_title.end] == "Bagdad"
    nato = next(e for e in entities if any(m.text == "OTAN" for m in e.mentions))
    assert nato.type == "organisation" and all(m.in_title for m in nato.mentions)
    # title-case words nobody knows are not names
    assert not any("Chaos" in name or "Humiliée" in name for name in by_name)
    assert not next(e for e in entities if "Pentagone" in e.display_name).in_title
    places = {p.display_name: p for p in resolve_places(entities)}
    assert places["Bagdad"].in_title and len(places["Bagdad"].mentions) == 2
    # a SemEval file's title is its first paragraph, read with the body already
    semeval = Article(
        title=title,
        body=title + "\n\n" + body,
        language="fr",
        reader="semeval",
        paragraphs=(Paragraph(start=0, end=len(title), index=0, line=1),),
    )
    assert not semeval.title_apart and article.title_apart


def test_the_soviet_union_is_a_place_under_every_name():
    """A state that no longer exists stays a place (extract GUIDELINES), not the
    organisation spaCy's French model makes of « Union soviétique »."""
    text = "Depuis la chute de l'Union soviétique, l'URSS hante encore Moscou."
    entities, _ = extract_entities(_article(text, "fr"))
    soviet = next(e for e in entities if e.canonical == "Soviet Union")
    assert soviet.type == "place" and {m.text for m in soviet.mentions} == {
        "Union soviétique",
        "URSS",
    }


def test_a_two_letter_word_is_no_place_unless_written_in_capitals():
    """Italian « Ho » (I have) opening a quote matched Ho, a city in Ghana."""
    text = (
        'A Palermo i negozi chiudono. "Ho pagato 7.000 euro di luce", dice Maria. Gli US tacciono.'
    )
    entities, _ = extract_entities(_article(text, "it"))
    names = {e.canonical: e.type for e in entities}
    assert "Ho" not in names and names["Palermo"] == "place"
    assert names["United States"] == "place"  # capitals: an abbreviation, kept


def test_common_words_with_a_capital_are_no_towns():
    """German nouns and any language's stop words match towns somewhere (Ende, Indonesia;
    Auch, France; Hannō, Japan); acronyms match them too (DACA: Dhaka)."""
    text = (
        "Die Kinder waren am Ende müde. Auch in Berlin sprach man im Norden von Krieg. "
        "Dabei bleibt die Ukraine im Fokus."
    )
    entities, _ = extract_entities(_article(text, "de"))
    names = {e.canonical: e.type for e in entities}
    for word in ("Kinder", "Ende", "Auch", "Norden", "Dabei"):
        assert word not in names, (word, names)
    assert names["Berlin"] == "place" and names["Ukraine"] == "place"
    # a German unit after a figure is a noun (Grad is a Slovenian municipality too)
    entities, _ = extract_entities(_article("In Dresden waren es gestern 2 Grad.", "de"))
    assert _canonicals(entities) == {"Dresden": "place"}
    entities, _ = extract_entities(_article("Hanno detto che a Roma si vota.", "it"))
    assert "Hanno" not in _canonicals(entities) and _canonicals(entities)["Roma"] == "place"
    entities, _ = extract_entities(_article("Trump ended DACA in Texas.", "en"))
    types = _canonicals(entities)
    assert types.get("DACA") != "place" and "Dhaka" not in str(resolve_places(entities))
    # a Slovenian municipality is named Ig: "IG" (Instagram) is still an acronym
    entities, _ = extract_entities(_article("She posted it on IG last night.", "en"))
    assert _canonicals(entities).get("IG") != "place"


def test_everyday_words_are_no_small_foreign_towns():
    """ "Police" is the police before Police, Poland; a town of the article's own language
    (« Mantova ») or a large one (« Francfort ») named like an everyday word stays a place."""
    entities, _ = extract_entities(
        _article("Police said the suspect fled to Boston. Time will tell.", "en")
    )
    names = _canonicals(entities)
    assert "Police" not in names and "Time" not in names and names["Boston"] == "place"
    entities, _ = extract_entities(_article("Ieri a Mantova piove. Porta chiusa.", "it"))
    names = _canonicals(entities)
    assert names.get("Mantova") == "place" and "Porta" not in names
    entities, _ = extract_entities(_article("La BCE siège à Francfort depuis 1998.", "fr"))
    assert any(p.country == "DE" for p in resolve_places(entities) if p.status == "resolved")
    assert everyday_word("Kinder", "de") and not everyday_word("Zorblakistan", "de")


def test_months_and_weekdays_are_no_towns():
    """March (GB) and Mai (KE) are towns; "March" in a sentence is the month."""
    entities, _ = extract_entities(
        _article("March was cold in Boston. Sunday brought snow to Denver.", "en")
    )
    names = _canonicals(entities)
    assert "March" not in names and "Sunday" not in names and names["Boston"] == "place"
    assert calendar_word("Maggio") and calendar_word("Mai") and not calendar_word("Berlin")


def test_platforms_are_organisations_not_towns():
    """The extract guidelines make platforms organisations; GeoNames lists "Google" as a
    nickname of Topeka, which put Google on the map from German and English texts."""
    text = "Die Nachricht verbreitete sich auf Telegram, Google und TikTok."
    entities, _ = extract_entities(_article(text, "de"))
    types = _canonicals(entities)
    assert {types[n] for n in ("Telegram", "Google", "TikTok")} == {"organisation"}
    assert not resolve_places(entities)


def test_a_titles_quote_and_claim_are_read_with_offsets_into_it():
    """Headlines carry the piece's quote and its figure; the text reader keeps them apart."""
    from spinscope.ingest import article_from_text
    from spinscope.pipeline import analyze

    text = (
        "« Nous ne reculerons pas », affirme Poutine ; 300 soldats tués\n\n"
        "Le président russe a parlé mardi. Selon le ministère, 12 chars ont été détruits."
    )
    analysis = analyze(article_from_text(text), only=["entities", "quotes", "claims"])
    title, body = analysis.article.title, analysis.article.body
    titled = [q for q in analysis.quotes if q.in_title]
    assert [q.speaker for q in titled] == ["Vladimir Putin"]
    assert title[titled[0].start : titled[0].end] == "« Nous ne reculerons pas »"
    assert all(body[q.start : q.end] == q.text for q in analysis.quotes if not q.in_title)
    claims = {c.in_title: c for c in analysis.claims}
    assert "300 soldats" in title[claims[True].start : claims[True].end]
    assert body[claims[False].start : claims[False].end] == claims[False].text
    assert claims[False].source == "le ministère"


def test_an_institutions_head_noun_makes_it_an_organisation():
    """spaCy's French model tags « ministère russe de la Défense » as a place."""
    text = "Le ministère russe de la Défense a démenti. Le département du Nord est calme."
    entities, _ = extract_entities(_article(text, "fr"))
    types = {e.canonical: e.type for e in entities}
    assert types["ministère russe de la Défense"] == "organisation"
    assert types["département du Nord"] == "place"


def test_corpus_grouping_merges_spellings_across_articles():
    one = Analysis(article=_article("Le diplomate Jonathan Quillerby est arrivé.", "fr"))
    two = Analysis(article=_article("Le diplomate Jonathan Quilerby est reparti.", "fr"))
    for analysis in (one, two):
        analysis.entities, _ = extract_entities(analysis.article)
    groups = [g for g in group_corpus([one, two]) if g.type == "person"]
    assert len(groups) == 1 and len(groups[0].articles) == 2
    assert one.entities[0].canonical == two.entities[0].canonical


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Das geschah vor zwei Tagen in Kiew.", "de", "2022-03-08"),
        ("È successo due giorni fa a Roma.", "it", "2022-03-08"),
        ("Stało się to dwa dni temu w Warszawie.", "pl", "2022-03-08"),
        ("Это произошло два дня назад в Москве.", "ru", "2022-03-08"),
        ("It happened last Wednesday in Kyiv.", "en", "2022-03-09"),
        ("Il est arrivé hier à Paris.", "fr", "2022-03-09"),
        ("Am 24. Februar 2022 begann der Krieg.", "de", "2022-02-24"),
        ("On February 24, 2022 the war began.", "en", "2022-02-24"),
        ("24 февраля 2022 года началась война.", "ru", "2022-02-24"),
    ],
)
def test_dates_in_several_languages(text, language, expected):
    dates = extract_dates(_article(text, language, published="2022-03-10"))
    assert expected in [d.value for d in dates], dates


def test_year_not_inferred_when_the_text_does_not_allow_it():
    dates = extract_dates(_article("La réunion a eu lieu le 14 novembre à Genève.", "fr"))
    (date,) = dates
    assert date.value is None and not date.year_inferred


def test_english_quotes_and_claims():
    text = (
        '"We will not retreat from this position under any circumstances," General Mark '
        "Milley said. According to the health ministry, 45 civilians were killed in the strike. "
        "The army lost 300 soldiers last month."
    )
    article = _article(text, "en")
    entities, _ = extract_entities(article)
    quotes = extract_quotes(article, entities)
    direct = [q for q in quotes if q.kind == "direct"]
    assert direct and direct[0].speaker == "Mark Milley" and direct[0].cue == "said"
    claims = extract_claims(article, quotes)
    civilians = next(c for c in claims if "45 civilians" in c.quantities)
    assert civilians.sourced and civilians.source == "the health ministry"
    soldiers = next(c for c in claims if "300 soldiers" in c.quantities)
    assert not soldiers.sourced and soldiers.category == "military"


def test_evaluate_extract_reports_bad_annotation_line(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "ann.jsonl"
    bad.write_text(
        '{"id": "x", "language": "fr", "text": "a", "entities": [], "places": []}\n{oops\n'
    )
    result = subprocess.run(
        [sys.executable, "-m", "spinscope.cli", "evaluate-extract", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert f"{bad}:2: not JSON" in result.stderr


def test_a_quotation_after_an_article_names_something_and_is_not_speech():
    text = (
        "Le ministre a annoncé la « stratégie nationale de défense civile » hier. "
        "« Nous ne céderons rien sur la sécurité du pays », a déclaré Jean Martin."
    )
    article = _article(text, "fr")
    entities, _ = extract_entities(article)
    quotes = [q for q in extract_quotes(article, entities) if q.kind == "direct"]
    assert [q.text for q in quotes] == ["« Nous ne céderons rien sur la sécurité du pays »"]
    english = _article('They announced the "national strategy for civil defence" at noon.', "en")
    assert not extract_quotes(english, extract_entities(english)[0])


def test_a_leaders_surname_is_a_person_not_a_town_that_shares_it():
    """« Bush » matched Būsh, a town in Egypt, in every language; « Truss » Trussville."""
    text = "La politique de Bush en Irak a échoué. Truss et Sarkozy se taisent. Bagdad brûle."
    entities, _ = extract_entities(_article(text, "fr"))
    names = _canonicals(entities)
    assert names["George W. Bush"] == names["Liz Truss"] == names["Nicolas Sarkozy"] == "person"
    places = {p.gazetteer_name for p in resolve_places(entities)}
    assert "Baghdad" in places and not places & {"Būsh", "Trussville"}


def test_regions_across_borders_are_places_over_namesake_towns():
    """spaCy tags « Moyen-Orient » MISC; « Кавказ » was also Caucasia, a Colombian town;
    « Bałkany » beside « Węgier » was Balkány, a Hungarian one."""
    cases = [
        ("fr", "La guerre au Moyen-Orient et dans le Caucase inquiète Paris.", "Caucase"),
        ("ru", "Война на Кавказе и на Ближнем Востоке тревожит Москву.", "Кавказе"),
        ("pl", "Ropa płynie przez Bałkany do Węgier.", "Bałkany"),
    ]
    for language, text, written in cases:
        entities, _ = extract_entities(_article(text, language))
        places = {p.name: p for p in resolve_places(entities)}
        region = next(p for p in places.values() if any(m.text == written for m in p.mentions))
        assert region.status == "resolved" and region.feature == "region", (language, region)
        assert region.country is None and region.precision_km >= 400
    french = resolve_places(extract_entities(_article(cases[0][1], "fr"))[0])
    assert {"Middle East", "Caucasus", "Paris"} <= {p.gazetteer_name for p in french}


def test_israels_labels_name_israel_and_a_verb_is_no_persons_first_name():
    """State media call Israel « régime sioniste » or « entité sioniste »: one entity for
    the map and the counts; spaCy made a person of « bombarde Gaza »."""
    text = (
        "Le régime sioniste bombarde Gaza. L'État hébreu dément, l'entité sioniste se tait. "
        "Israël a frappé Damas, selon l'Etat irakien."
    )
    entities, _ = extract_entities(_article(text, "fr"))
    by_name = {e.canonical: e for e in entities}
    assert {m.text for m in by_name["Israel"].mentions} == {
        "régime sioniste",
        "État hébreu",
        "entité sioniste",
        "Israël",
    }
    assert by_name["Gaza"].type == "place" and by_name["Iraq"].type == "place"
    assert not any(e.type == "person" for e in entities)


def test_a_river_is_a_place_with_its_course_as_precision():
    text = "Les forces US restent à l'est de l'Euphrate, loin de Damas."
    entities, _ = extract_entities(_article(text, "fr"))
    river = next(p for p in resolve_places(entities) if p.gazetteer_name == "Euphrates")
    assert river.status == "resolved" and river.feature == "river" and river.precision_km >= 500
    assert display_word("river", "fr") == "fleuve"


def test_a_persons_surname_is_the_person_even_where_a_town_bears_it():
    """« Андрей Мельник », then « Мельник »: not Mělník (CZ); but a town stays a town when
    the "person" is a place's name ("Henan Zhengzhou", "di Potsdam")."""
    cases = [
        (
            "ru",
            "Посол Андрей Мельник заявил о поставках. Мельник также сказал, что Киев ждёт.",
            "Мельник",
        ),
        (
            "en",
            "Steven Erlanger wrote from Brussels. Erlanger says the party of peace is weak.",
            "Erlanger",
        ),
    ]
    for language, text, surname in cases:
        entities, _ = extract_entities(_article(text, language))
        owner = next(e for e in entities if any(m.text == surname for m in e.mentions))
        assert owner.type == "person", (language, owner)
        assert not any(p.gazetteer_name in ("Mělník", "Erlanger") for p in resolve_places(entities))
    text = "La polizia di Zhengzhou lo ha fermato. Henan Zhengzhou ha detto no. A Zhengzhou piove."
    entities, _ = extract_entities(_article(text, "it"))
    assert "Zhengzhou" in {p.gazetteer_name for p in resolve_places(entities)}


def test_german_nouns_that_a_large_foreign_town_bears_are_no_places():
    """« Länder » was Lander (VE, 176,000), « Namen » Namur, « Gerät » Herāt; « Moskau »
    and « Brüssel » are still the cities."""
    text = (
        "Viele Russen glaubten, dass beide Länder in Moskau und Brüssel strategisch denken. "
        "Wenn ich ein bestimmtes Gerät benutze, zeigt sich ein deutlicher Hang zum Streit."
    )
    entities, _ = extract_entities(_article(text, "de"))
    places = {p.gazetteer_name for p in resolve_places(entities)}
    assert {"Moscow", "Brussels"} <= places
    assert not places & {"Lander", "Namur", "Herāt", "Hangzhou"}


def test_a_countrys_point_carries_its_extent():
    """The US point is the median of its towns, in Indiana: it must not read as Indiana."""
    text = "Les États-Unis et le Liban, puis Beyrouth."
    entities, _ = extract_entities(_article(text, "fr"))
    places = {p.gazetteer_name: p for p in resolve_places(entities)}
    us, lebanon, beirut = places["United States"], places["Lebanon"], places["Beirut"]
    assert us.precision_km >= 2000 and 25 <= lebanon.precision_km < 200
    assert beirut.precision_km is None  # a town's point is the town


def test_a_first_level_regions_point_carries_a_rough_reach():
    """No outline to measure: three quarters of the way to its neighbours' points."""
    gaz = load_gazetteer()

    def reach(name: str, country: str) -> float:
        found = [c for c in gaz.candidates(name) if c.feature == "admin" and c.country == country]
        return found[0].precision_km

    assert 300 <= reach("Texas", "US") <= 800 and reach("Alaska", "US") >= 1000
    assert reach("Bābil", "IQ") < reach("Al-Anbar", "IQ") < reach("Texas", "US")
