"""The terminal report: every section, any subset of fields, hostile text printed literally."""

from __future__ import annotations

from conftest import build_analysis, rich_analysis
from spinscope.article import Analysis, Article
from spinscope.display_words import word
from spinscope.persuasion.genre_caveat import SHORT_FOR_GENRE
from spinscope.report import render_text, safe


def test_full_report_shows_every_section():
    text = render_text(rich_analysis(), width=120)
    for expected in (
        "French Press TV",
        "2020-11-14",
        "genre Opinion 0.91 (Information 0.07, Satire 0.02)",  # the other genres too
        "Sécurité et défense 0.90",  # frames, labelled in the article's language
        "Hors du corps de l’article",  # and the report's own words with them
        "Carte d'al-Tanf.(illustration)",
        "¶1",
        "▼ Langage chargé 0.80",  # techniques too
        "▲ Étiquetage, qualificatifs injurieux 0.80",
        "Entités",
        "Lieux",
        "35.0000, 38.0000 ±250 km",
        "Syrie (Syria)",
        "année déduite",
        "anonyme : Damas",
        "effectifs militaires",
        "Nulle-Part",
        "2020-11-12",
        "le ministre (a déclaré)",
        "« les troupes US pillent le pétrole »",
        "sans source",
    ):
        assert expected in text, expected
    assert text.index("¶1") < text.index("¶2") < text.index("Entités") < text.index("Affirmations")


def test_report_in_english_speaks_english_throughout():
    text = render_text(rich_analysis(), width=120, lang="en")
    for expected in (
        "Set apart from the body",
        "Entities",
        "Places",
        "year inferred",
        "anonymous: Damas",
        "military",
        "unsourced",
    ):
        assert expected in text, expected
    for french in ("Entités", "Lieux", "Hors du corps", "sans source", "Langage chargé"):
        assert french not in text, french


def test_unknown_place_says_unknown():
    for lang, unknown in (("en", "unknown"), ("fr", "inconnu")):
        text = render_text(rich_analysis(), lang=lang)
        lines = [line for line in text.splitlines() if "Nulle-Part" in line]
        assert lines and unknown in lines[0]


def test_a_lone_far_candidate_reads_as_doubtful_and_rivals_as_ambiguous():
    from spinscope.article import Place

    analysis = rich_analysis()
    lone = Place(name="Babel", status="ambiguous", candidates=["Ozerne (UA)"])
    rivals = Place(name="Springfield", status="ambiguous", candidates=["A (US)", "B (US)"])
    analysis = analysis.model_copy(update={"places": [lone, rivals]})
    for lang, doubtful, ambiguous in (
        ("en", "doubtful: Ozerne (UA)?", "ambiguous: A (US), B (US)"),
        ("fr", "douteux : Ozerne (UA) ?", "ambigu : A (US), B (US)"),
    ):
        text = " ".join(render_text(analysis, width=200, lang=lang).split())
        assert doubtful in text and ambiguous in text


def test_hostile_markup_and_terminal_escapes_print_literally():
    analysis = build_analysis(
        [
            "Texte [bold red]piégé[/bold red] et \x1b[31mrouge\x1b[0m, :smile: [link=http://x]ici[/link]."
        ],
        title="[blink]Titre[/blink]",
        source="\x1b]0;owned\x07Outlet",
    )
    plain = render_text(analysis, width=160)
    assert "[bold red]piégé[/bold red]" in plain
    assert "[blink]Titre[/blink]" in plain
    assert "[link=http://x]ici[/link]" in plain
    assert ":smile:" in plain
    coloured = render_text(analysis, width=160, colour=True)
    assert "\x1b[31mrouge" not in coloured
    assert "\x1b]0;owned" not in coloured
    assert "\x07" not in coloured
    assert "␛[31mrouge" in coloured


def test_safe_keeps_offsets():
    hostile = "a\x1bb\x00c\x9bd\ne\tf"
    assert len(safe(hostile)) == len(hostile)
    assert safe(hostile) == "a␛b␀c\ufffdd\ne\tf"


def test_phrases_are_highlighted_in_their_category_colour():
    coloured = render_text(rich_analysis(), width=160, colour=True)
    # Same colours and symbols as the web workbench: manipulative wording is
    # #C9B800 ▼, attack on reputation #D55E00 ▲; phrases bold and underlined.
    assert "\x1b[1;4;38;2;201;184;0mguerre criminelle\x1b[0m" in coloured
    assert "\x1b[1;4;38;2;213;94;0mpillent le pétrole\x1b[0m" in coloured
    assert "\x1b[7;38;2;201;184;0m ▼ Langage chargé 0.80 \x1b[0m" in coloured


def test_explain_gives_definitions_and_phrases():
    text = render_text(rich_analysis(), width=120, explain=True)
    definition = "Mots ou expressions à forte connotation émotionnelle"
    assert definition in text  # French article: French explanations
    assert "«\u00a0guerre criminelle\u00a0»" in text
    assert definition not in render_text(rich_analysis(), width=120)


def test_explain_says_how_to_read_a_score_in_the_report_language():
    french = render_text(rich_analysis(), width=200, explain=True)
    english = render_text(rich_analysis(), width=200, explain=True, lang="en")
    assert "la chance qu’elle soit vraiment là" in french
    assert "the chance that it is really there" in english
    assert "vraiment là" not in render_text(rich_analysis(), width=200)  # only with --explain
    bare = build_analysis(["Un.", "Deux."])  # no technique found: nothing to read
    assert "really there" not in render_text(bare, width=200, explain=True, lang="en")


def test_the_score_note_quotes_the_model_cards_figure_for_the_language(monkeypatch):
    from spinscope.persuasion import reliability
    from spinscope.persuasion.reliability import score_note

    monkeypatch.setattr(reliability, "share_right", lambda language: 0.806)
    assert "justes 81 fois sur 100" in score_note("fr", "fr")
    assert "right 81 times in 100" in score_note("fr", "en")
    monkeypatch.setattr(reliability, "share_right", lambda language: None)  # a card without it
    assert "7 fois sur 10" in score_note("fr", "fr")


def test_in_a_language_without_training_data_the_score_is_not_read_as_a_chance():
    analysis = rich_analysis()
    article = analysis.article.model_copy(update={"language": "es"})
    spanish = analysis.model_copy(update={"article": article})
    text = render_text(spanish, width=200, explain=True, lang="fr")
    assert "surestiment la chance" in text and "vraiment là" not in text
    english = render_text(spanish, width=200, explain=True, lang="en")
    assert "overstate the chance" in english and "really there" not in english


def test_technique_names_follow_the_report_language():
    english = render_text(rich_analysis(), width=120, lang="en")
    assert "▼ Loaded language 0.80" in english
    assert "Langage chargé" not in english
    assert "Sécurité et défense" not in english  # frames follow the same choice


def test_subsets_render_without_empty_sections():
    minimal = Analysis(article=Article(body="Un seul paragraphe sans découpage."))
    text = render_text(minimal)
    assert "(untitled)" in text
    for section in ("Entities", "Places", "Dates", "Quotes", "Claims", "Set apart"):
        assert section not in text
    foundation = build_analysis(["Un.", "Deux."])
    text = render_text(foundation)
    assert "¶2" in text and "Entities" not in text


def test_stage_that_ran_and_found_nothing_says_so():
    analysis = build_analysis(["Rien à signaler."], stages=["language", "segment", "places"])
    assert "Places" in render_text(analysis, lang="en")
    assert "none found" in render_text(analysis, lang="en")
    text = render_text(analysis)  # a French article: the report speaks French
    assert "Lieux" in text and "aucun résultat" in text


def test_findings_out_of_their_paragraph_are_ignored_not_crashing():
    analysis = rich_analysis()
    moved = [f.model_copy(update={"paragraph": 2}) for f in analysis.techniques]
    text = render_text(analysis.model_copy(update={"techniques": moved}), colour=True)
    assert "Intertitre" in text


def test_chips_wrap_between_chips_never_inside_one():
    analysis = build_analysis(
        ["Une guerre criminelle menée par des voyous, encore et encore."],
        techniques=[
            (0, "guerre criminelle", "Loaded_Language", "manipulative_wording"),
            (0, "voyous", "Name_Calling-Labeling", "attack_on_reputation"),
            (0, "encore et encore", "Repetition", "manipulative_wording"),
        ],
    )
    lines = render_text(analysis, width=44).splitlines()
    for chip in (
        "▼ Langage chargé 0.80",
        "▲ Étiquetage, qualificatifs injurieux 0.80",
        "▼ Répétition 0.80",
    ):
        assert any(chip in line for line in lines), (chip, lines)


def test_genre_alone_when_no_other_scores_were_kept():
    line = next(
        line
        for line in render_text(build_analysis(genre=("opinion", 0.6))).splitlines()
        if "genre" in line
    )
    assert "Opinion 0.60" in line and "(" not in line


def test_entities_lead_with_the_articles_own_name():
    from spinscope.article import Entity, Mention, Place

    analysis = build_analysis(["Les USA et l'Irak. L'Irak encore, puis Iraq."])
    body = analysis.article.body
    spans = [(m, body.index(m, at)) for m, at in (("USA", 0), ("Irak", 0), ("Irak", 20))]
    iraq = Entity(
        canonical="Iraq",
        type="place",
        aliases=["Irak"],
        mentions=[Mention(start=s, end=s + len(m), text=m) for m, s in spans[1:]],
    )
    usa = Entity(
        canonical="United States",
        type="place",
        mentions=[Mention(start=spans[0][1], end=spans[0][1] + 3, text="USA")],
    )
    place = Place(name="Iraq", status="resolved", gazetteer_name="Iraq", mentions=iraq.mentions)
    analysis = analysis.model_copy(update={"entities": [usa, iraq], "places": [place]})
    assert iraq.display_name == place.display_name == "Irak"
    text = render_text(analysis, width=120, lang="en")
    lines = text[: text.index("Places")].splitlines()
    row = next(line for line in lines if "Irak" in line and "place" in line)
    assert row.index("Irak") < row.index("Iraq")  # its own word first, the key beside it
    assert row.count("Irak") == 1  # not repeated under "also written"
    assert any("USA" in line and "United States" in line for line in lines)
    assert "Irak (Iraq)" in text[text.index("Places") :]


def test_names_in_the_title_are_marked():
    from spinscope.article import Entity, Mention, Place

    analysis = build_analysis(["L'Irak encore."])
    body = analysis.article.body
    start = body.index("Irak")
    mentions = [
        Mention(start=start, end=start + 4, text="Irak"),
        Mention(start=0, end=4, text="Irak", in_title=True),
    ]
    iraq = Entity(canonical="Iraq", type="place", mentions=mentions)
    place = Place(name="Iraq", status="resolved", mentions=mentions, latitude=33, longitude=44)
    other = Entity(canonical="Paris", type="place", mentions=mentions[:1])
    analysis = analysis.model_copy(update={"entities": [iraq, other], "places": [place]})
    text = render_text(analysis, width=120, lang="fr")
    entities, places = text[: text.index("Lieux")], text[text.index("Lieux") :]
    assert "2 · titre" in entities and "2 · titre" in places
    assert entities.count("· titre") == 1  # Paris: not in the title


def test_a_titles_quote_is_marked():
    from spinscope.article import Quote

    analysis = build_analysis(["Le ministre a parlé."], title="« Jamais », dit-il")
    quote = Quote(start=0, end=10, text="« Jamais »", kind="direct", in_title=True)
    analysis = analysis.model_copy(update={"quotes": [quote], "stages": ["quotes"]})
    assert "« Jamais » · titre" in render_text(analysis, width=200, lang="fr")


def test_a_short_text_says_its_genre_is_uncertain():
    """Training articles under 1,500 characters are often satire (genre_caveat.py)."""
    short = build_analysis(["Un seul paragraphe, bref."], genre=("satire", 0.5))
    long = build_analysis(["Un paragraphe assez long. " * 70], genre=("opinion", 0.6))
    assert len(long.article.body) >= SHORT_FOR_GENRE > len(short.article.body)
    caveat = "texte court : genre incertain"
    assert caveat in render_text(short, width=200, lang="fr")
    assert caveat not in render_text(long, width=200, lang="fr")
    assert "short text: genre uncertain" in render_text(short, width=200, lang="en")


def test_french_words_agree_with_what_they_describe():
    assert word("unknown", "fr") == "inconnu"  # a place
    assert word("unknown", "fr", context="date") == "indéterminée"  # a date's precision
    assert word("unknown", "en", context="date") == "unknown"
    assert word("a code nobody translated", "fr") == "a code nobody translated"


def test_a_long_name_is_shown_whole_in_a_narrow_terminal():
    from spinscope.article import Entity, Mention

    name = "Iran-Méditerranée-Atlantique"
    analysis = build_analysis([f"L'axe {name} encore."])
    start = analysis.article.body.index(name)
    entity = Entity(
        canonical=name,
        type="place",
        aliases=["axe stratégique Iran-Méditerranée-Atlantique"],
        known_as="Iran–Mediterranean–Atlantic axis",
        mentions=[Mention(start=start, end=start + len(name), text=name)],
    )
    text = render_text(analysis.model_copy(update={"entities": [entity]}), width=60, lang="fr")
    table = text[text.index("Entités") :]
    assert "…" not in table
    # folded over lines, every letter is still there
    assert name in "".join(line.split("│")[0].strip() for line in table.splitlines())
