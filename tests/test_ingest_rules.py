"""The line rules that keep captions, links and boilerplate out of article bodies."""

from __future__ import annotations

import pytest

from spinscope.ingest.rules import classify_line, source_name


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Lire plus:\xa0 Risques de captures d'agents US en Irak", "link"),
        ("À lire aussi : la France isolée", "link"),
        ("Read more: The hidden cost of heat pumps", "link"),
        ("Lesen Sie auch: Energiewende – das Milliardengrab", "link"),
        ("Mehr zum Thema – Gasversorgung in Gefahr", "link"),
        ("Leggi anche: Il grande inganno", "link"),
        ("Czytaj też: Zielony ład", "link"),
        ("Zobacz również: Ranking elektrowni", "link"),
        ("Читайте также: Как Брюссель разрушил энергетику", "link"),
        ("Partager Cet Article", "boilerplate"),
        ("Share this article", "boilerplate"),
        ("Teilen Facebook Twitter WhatsApp", "boilerplate"),
        ("Поделиться", "boilerplate"),
        ("© 2021 The Evening Sentinel. All rights reserved.", "boilerplate"),
        ("Tags: Syrie, USA, Irak", "boilerplate"),
        ("Carte d'al-Tanf.(illustration)", "caption"),
        ("Le ministre à Bagdad, le 3 mars. (Photo : Reuters)", "caption"),
        ("Missiles tirés contre Aïn al-Asad, le 8 janvier 2020/AFP", "caption"),
        ("A member of the FBI leaves the hotel, October 4, 2017. REUTERS/Chris Wattie", "caption"),
        ("Климат на острове экваториальный / ©Wikimedia Commons", "caption"),
        ("(Photo d'archives)", "credit"),
        ("Photo: Reuters", "credit"),
        ("Getty Images", "credit"),
        ("© AFP", "credit"),
        ("Marzena Szulc (PAP)", "credit"),
        ("SOURCE: FRENCH PRESS TV", "source"),
        ("Источник: vmiresmi.ru", "source"),
    ],
)
def test_separated_lines(line, kind):
    assert classify_line(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "Faux signal!",
        "Alors pourquoi James Jeffry ment-il?",
        "Le président a dit que la guerre était finie.",
        "Dodano, że produkcja żywca rzeźnego w 2019 r. zmniejszyła się rdr po raz pierwszy (PAP)"
        " według danych, które zebrano w całym kraju w ostatnich miesiącach roku.",
        "Selon l'Agence de protection de l'environnement (EPA).",
        "Il y a des archives (et peut-être beaucoup plus récemment, il n’y a pas d’archives) :",
        "Comme la Commission l'a écrit (https://t.co/x), je saisis. pic.twitter.com/Oi",
        "La source de ces informations reste inconnue, selon nos confrères.",
        "Partager le pouvoir n'a jamais été dans ses habitudes, affirme-t-il.",
    ],
)
def test_body_lines_stay(line):
    assert classify_line(line) is None


def test_outlet_names_in_readable_case():
    assert source_name("SOURCE: FRENCH PRESS TV") == "French Press TV"
    assert source_name("Source : LE RÉVEIL SOUVERAIN") == "Le Réveil Souverain"
    assert source_name("Source: VOICE OF AMERICA") == "Voice of America"
    assert source_name("Quelle: Der Klartext") == "Der Klartext"
    assert source_name("Source: ce que disent les gens dans la rue depuis des années déjà") is None
