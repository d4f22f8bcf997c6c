"""The web package's pure parts: highlighting overlaps, link safety, CSV defusing, charts."""

from __future__ import annotations

import pytest

from spinscope.article import Analysis, Article, Paragraph, TechniqueFinding
from spinscope.web import charts
from spinscope.web.export import spreadsheet_safe
from spinscope.web.highlight import build_view, split_highlights
from spinscope.web.security import content_security_policy, is_cross_site, safe_href
from spinscope.web.settings import WebSettings, is_local_host

BODY = "Les terroristes américains mentent encore.\n\nSecond paragraphe sans rien."


def _analysis(*spans: tuple[int, int, str, str], language: str = "fr") -> Analysis:
    article = Article(
        title="T",
        body=BODY,
        language=language,
        paragraphs=(Paragraph(index=0, start=0, end=42), Paragraph(index=1, start=44, end=72)),
    )
    return Analysis(
        article=article,
        techniques=[
            TechniqueFinding(
                start=s, end=e, text=BODY[s:e], paragraph=0, technique=t, category=c, score=0.5
            )
            for s, e, t, c in spans
        ],
        stages=["techniques"],
    )


def test_overlapping_findings_cut_into_segments():
    view = build_view(
        _analysis(
            (4, 26, "Name_Calling-Labeling", "attack_on_reputation"),  # terroristes américains
            (4, 34, "Loaded_Language", "manipulative_wording"),  # … mentent
        )
    )
    first = view.paragraphs[0]
    assert [s.text for s in first.segments] == [
        "Les ",
        "terroristes américains",
        " mentent",
        " encore.",
    ]
    both = first.segments[1]
    assert [f.technique for f in both.findings] == ["Loaded_Language", "Name_Calling-Labeling"]
    assert both.primary.technique == "Name_Calling-Labeling"  # shortest colours the segment
    assert both.categories == ["attack_on_reputation", "manipulative_wording"]
    assert [f.number for f in both.starts] == [1, 2]  # both findings start here
    assert first.segments[2].starts == []  # continuation of finding 1 only
    assert [s.text for s in view.paragraphs[1].segments] == ["Second paragraphe sans rien."]


def test_labels_and_definitions_follow_the_article_language():
    french = build_view(_analysis((4, 26, "Doubt", "attack_on_reputation")))
    english = build_view(_analysis((4, 26, "Doubt", "attack_on_reputation"), language="en"))
    assert french.findings[0].technique_label != english.findings[0].technique_label
    assert french.findings[0].definition != english.findings[0].definition
    german = build_view(_analysis((4, 26, "Doubt", "attack_on_reputation"), language="de"))
    assert german.findings[0].definition == english.findings[0].definition  # English fallback


def test_only_one_category_renumbers_and_counts_the_hidden():
    view = build_view(
        _analysis(
            (4, 26, "Name_Calling-Labeling", "attack_on_reputation"),
            (27, 34, "Loaded_Language", "manipulative_wording"),
        ),
        only_category="manipulative_wording",
    )
    assert [(f.number, f.technique) for f in view.findings] == [(1, "Loaded_Language")]
    assert view.hidden_findings == 1
    counts = dict((c, n) for c, _, n in view.category_counts)
    assert counts["attack_on_reputation"] == 1 and counts["call"] == 0


def test_stored_offsets_and_categories_are_not_trusted():
    view = build_view(
        _analysis(
            (60, 500, "Doubt", 'x" onmouseover="alert(1)'),  # runs past the body, bad category
            (10, 10, "Doubt", "attack_on_reputation"),  # empty span: dropped
        )
    )
    assert len(view.findings) == 1
    finding = view.findings[0]
    assert finding.end == len(BODY) and finding.category == "attack_on_reputation"


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=c", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox", False),
        ("//evil.example/x", False),
        ("/relative/path", False),
        ("https:\\\\evil.example", False),
        ("http://", False),
        ("", False),
        (None, False),
    ],
)
def test_only_absolute_http_urls_become_links(url, safe):
    assert (safe_href(url) is not None) is safe


def test_spreadsheet_formulas_are_defused():
    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("+33 1 23") == "'+33 1 23"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("plain") == "plain"
    assert spreadsheet_safe(None) == "" and spreadsheet_safe(0.5) == 0.5


@pytest.mark.parametrize(
    ("headers", "cross"),
    [
        ({}, False),  # curl, scripts
        ({"sec-fetch-site": "same-origin", "origin": "null"}, False),
        ({"sec-fetch-site": "none"}, False),
        ({"sec-fetch-site": "cross-site"}, True),
        ({"sec-fetch-site": "same-site"}, True),  # another port on localhost
        ({"origin": "http://evil.example", "host": "127.0.0.1:8000"}, True),
        ({"origin": "http://127.0.0.1:8000", "host": "127.0.0.1:8000"}, False),
        ({"origin": "null", "host": "127.0.0.1:8000"}, True),
    ],
)
def test_cross_site_detection(headers, cross):
    assert is_cross_site(headers) is cross


@pytest.mark.parametrize(
    ("host", "local"),
    [("127.0.0.1", True), ("::1", True), ("localhost", True), ("127.0.0.5", True),
     ("0.0.0.0", False), ("192.168.1.20", False), ("::", False), ("example.org", False)],
)  # fmt: skip
def test_loopback_detection(host, local):
    assert is_local_host(host) is local
    assert WebSettings(host=host).writes_open_without_token is local
    assert WebSettings(host=host, token="t").writes_open_without_token is False


def test_csp_allows_only_the_configured_tile_host():
    plain = content_security_policy(WebSettings())
    assert "img-src 'self' data:;" in plain and "unsafe" not in plain
    tiles = content_security_policy(
        WebSettings(tile_url="https://{s}.tile.example.org/{z}/{x}/{y}.png")
    )
    assert "img-src 'self' data: https://*.tile.example.org;" in tiles
    with pytest.raises(ValueError, match="tile URL"):
        content_security_policy(WebSettings(tile_url="javascript:alert(1)"))


def test_snippet_highlights_split_and_overlaps_never_repeat_text():
    assert split_highlights("Les armées de Syrie", [(4, 10), (14, 19)]) == [
        ("Les ", False),
        ("armées", True),
        (" de ", False),
        ("Syrie", True),
    ]
    assert split_highlights("abcdef", [(1, 4), (2, 5)]) == [
        ("a", False),
        ("bcd", True),
        ("e", True),
        ("f", False),
    ]


def test_chart_axes_are_round_and_bars_scale():
    assert charts.nice_max(0.37) == 0.4 and charts.nice_max(0.0) == 0.1
    assert charts._ticks(0.4) == [0.0, 0.1, 0.2, 0.3, 0.4]
    groups = [
        {"group": "A", "articles": 3, "paragraphs": 10, "category_rates": {"call": 0.2}},
        {"group": None, "articles": 1, "paragraphs": 5, "category_rates": {"call": 0.1}},
    ]
    bars = charts.category_bars(groups)
    widths = {(row["label"], b["category"]): b["w"] for row in bars["rows"] for b in row["bars"]}
    assert widths[("A", "call")] == pytest.approx(2 * widths[("(unknown)", "call")])
    assert widths[("A", "justification")] == 0


def test_a_stage_that_cannot_load_is_a_clear_503(monkeypatch):
    from spinscope.pipeline import STAGES
    from spinscope.web.analyse import run_analysis
    from spinscope.web.errors import ApiError

    monkeypatch.setitem(STAGES, "absent", "spinscope.no_such_module:stage")
    article = Article(title="T", body="Un texte.")
    with pytest.raises(ApiError) as caught:
        run_analysis(article, ["absent"])
    assert caught.value.status == 503
    assert "spinscope.no_such_module" in caught.value.message
    assert run_analysis(article, []).stages == ["language", "segment"]


def _reader_html(analysis: Analysis) -> str:
    """The article reader's HTML for ``analysis``, rendered by the real templates."""
    from spinscope.web.render import make_environment

    return (
        make_environment()
        .get_template("_reader.html")
        .render(
            analysis=analysis,
            article=analysis.article,
            view=build_view(analysis),
            base_url="",
            short_for_genre=False,
        )
    )


@pytest.mark.parametrize(
    ("language", "lone", "rivals"),
    [
        ("fr", "douteux\u00a0: Ozerne (UA)\u202f?", "ambigu"),  # French no-break spaces
        ("en", "doubtful: Ozerne (UA)?", "ambiguous"),
    ],
)
def test_the_reader_tells_a_lone_far_candidate_from_rivals(language, lone, rivals):
    from spinscope.article import Place

    places = [
        Place(name="Babel", status="ambiguous", candidates=["Ozerne (UA)"]),
        Place(name="Springfield", status="ambiguous", candidates=["A (US)", "B (US)"]),
    ]
    html = _reader_html(_analysis(language=language).model_copy(update={"places": places}))
    statuses = [
        part.split("<", 1)[0] for part in html.split('class="status status-ambiguous">')[1:]
    ]
    assert statuses == [lone, rivals]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "fr"),
        ("en-GB, fr;q=0.9", "en"),
        ("de-DE, fr;q=0.5, en;q=0.4", "fr"),  # the first the workbench speaks
        ("en;q=0.2, fr;q=0.8", "fr"),  # quality, not position, ranks
        ("fr;q=0, en", "en"),  # q=0 means "not this one"
        ("fr;q=abc, en;q=0.1", "en"),  # a malformed quality counts as refused
        ("de, *;q=0.1", None),
        ("", None),
        (None, None),
    ],
)
def test_accept_language_picks_the_workbenchs_language(header, expected):
    from spinscope.web.ui_language import from_accept_language

    assert from_accept_language(header) == expected


def test_every_word_a_page_shows_has_its_french():
    """A new English string in a template without its French would show English on a
    French page: each ``ui('…')`` and ``noun(…)`` text, and each menu entry, is in FRENCH."""
    import re
    from pathlib import Path

    from spinscope.display_words import FRENCH
    from spinscope.web.render import NAV, TEMPLATES

    same_in_french = {"Genre", "Techniques"}
    texts = {name for _, name in NAV}
    for template in Path(TEMPLATES).glob("*.html"):
        source = template.read_text(encoding="utf-8")
        texts |= set(re.findall(r"ui\('((?:[^'\\]|\\.)*)'", source))
        texts |= set(re.findall(r'ui\("((?:[^"\\]|\\.)*)"', source))
        nouns = re.findall(r"noun\([^,]+, '([^']*)', '([^']*)'", source)
        texts |= {form for pair in nouns for form in pair}
    texts = {t.replace('\\"', '"') for t in texts}
    assert len(texts) > 100  # the scan found the templates' words
    assert sorted(texts - set(FRENCH) - same_in_french) == []


def test_french_pages_never_break_a_line_before_a_colon_or_inside_guillemets():
    from spinscope.display_words import typeset
    from spinscope.web.render import make_environment

    env = make_environment()
    ui, definition = env.globals["ui"], env.globals["definition"]
    french = ui("Taxonomy: SemEval-2023 Task 3", "fr")
    assert french == "Taxonomie\u00a0: SemEval-2023 Task 3"
    assert ui("Taxonomy: SemEval-2023 Task 3", "en") == "Taxonomy: SemEval-2023 Task 3"
    assert " :" not in definition("Doubt", "fr") and " ?" not in definition("Doubt", "fr")
    assert typeset("Cochez « L’enregistrer » ; vraiment ?", "fr") == (
        "Cochez «\u00a0L’enregistrer\u00a0»\u202f; vraiment\u202f?"
    )


def test_the_genre_panel_links_each_paragraph_to_how_it_reads():
    from spinscope.article import LabelScore, ParagraphGenre

    def reading(index: int, genre: str, score: float) -> ParagraphGenre:
        others = [g for g in ("opinion", "reporting", "satire") if g != genre]
        rest = (1 - score) / 2
        return ParagraphGenre(
            paragraph=index,
            scores=[LabelScore(label=genre, score=score)]
            + [LabelScore(label=g, score=rest) for g in others],
        )

    analysis = _analysis().model_copy(
        update={
            "genre": LabelScore(label="reporting", score=0.65),
            "genre_scores": [LabelScore(label="reporting", score=0.65)],
            "paragraph_genres": [reading(0, "reporting", 0.7), reading(1, "opinion", 0.51)],
            "stages": ["techniques", "genre"],
        }
    )
    html = _reader_html(analysis)
    line = html.split('class="by-paragraph muted"', 1)[1].split("</div>", 1)[0]
    assert "Par paragraphe" in line
    assert line.index("Opinion") < line.index('href="#p-1"') < line.index("Information")
    assert line.index("Information") < line.index('href="#p-0"')
    assert 'id="p-0"' in html and 'id="p-1"' in html  # the links land on the paragraphs
    assert 'aria-label="Paragraphe 2">¶2</a>' in line  # read out as a word, not a sign


def test_the_places_panel_gives_a_wide_areas_reach():
    from spinscope.article import Place

    places = [
        Place(name="Moyen-Orient", status="resolved", latitude=29, longitude=45, precision_km=1500),
        Place(name="Homs", status="resolved", latitude=34.7, longitude=36.7, country="SY"),
    ]
    html = _reader_html(_analysis().model_copy(update={"places": places}))
    items = html.split("<h2>Lieux</h2>", 1)[1].split("</ul>", 1)[0].split("<li>")[1:]
    assert "±1500 km" in items[0] and "centre approximatif" in items[0]
    assert "km" not in items[1]  # a town's point is the town
