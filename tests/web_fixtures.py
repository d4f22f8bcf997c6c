"""Shared by the web API and browser tests: real analyses, a real store, a real server.

Analyses are the seed articles read by ``spinscope.ingest`` with technique
findings placed by hand on real phrases (no model is loaded), plus one article
made of hostile markup. The server is ``python -m spinscope.web serve`` in a
subprocess on a free port, exactly what a user runs.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import httpx

from spinscope.article import (
    Analysis,
    Article,
    Entity,
    LabelScore,
    Mention,
    ParagraphTechniques,
    Place,
    TechniqueFinding,
    TitleTechniqueFinding,
)
from spinscope.ingest import article_from_text
from spinscope.pipeline import analyze

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "samples" / "seeds"
SEED_HASSAKE = SEEDS / "000_6c7814d4588fa08b.txt"
SEED_ASAD = SEEDS / "004_c1e18d996590e8b4.txt"

# (phrase, technique, category, score): real phrases of the Hassaké seed.
HASSAKE_FINDINGS = [
    (
        "le maintien de troupes en Syrie reviendrait trop cher",
        "Consequential_Oversimplification",
        "simplification",
        0.62,
    ),
    ("croit le désormais ex- émissaire US", "Appeal_to_Popularity", "justification", 0.58),
    ("la machine de guerre US", "Loaded_Language", "manipulative_wording", 0.81),
    ("Alors pourquoi James Jeffry ment-il?", "Doubt", "attack_on_reputation", 0.77),
    (
        "troupes d'occupation qui tuent, pillent et intimident",
        "Loaded_Language",
        "manipulative_wording",
        0.88,
    ),
    (
        "La spectaculaire opération du 10 novembre contre les terroristes américains",
        "Exaggeration-Minimisation",
        "manipulative_wording",
        0.66,
    ),
    ("terroristes américains", "Name_Calling-Labeling", "attack_on_reputation", 0.93),
    (
        "les médias mainstream, tentent de cacher cette terrible défaite US",
        "Questioning_the_Reputation",
        "attack_on_reputation",
        0.71,
    ),
    ("Toutes les guerres doivent prendre fin", "Slogans", "call", 0.55),
    ("Il est temps de rentrer à la maison", "Appeal_to_Time", "call", 0.52),
    (
        'Un peu comme à l\'époque de Daech, où les Américains bombardaient "par erreur" les Hachd',
        "Whataboutism",
        "distraction",
        0.49,
    ),
]
ASAD_FINDINGS = [
    # the locator's best guess: no word of its paragraph passed the phrase threshold
    ("C'est une véritable débandade", "Loaded_Language", "manipulative_wording", 0.84, True),
    (
        "les stratèges de pacotille de la Maison Banche",
        "Name_Calling-Labeling",
        "attack_on_reputation",
        0.9,
    ),
    ("l'éternel occupant qu'est l'Amérique", "Name_Calling-Labeling", "attack_on_reputation", 0.86),
    # the locator's best guess: nothing in its paragraph passed the phrase threshold
    (
        "il y a peu d'analystes qui croiraient l'Amérique",
        "Doubt",
        "attack_on_reputation",
        0.61,
        True,
    ),
]

CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright never downloads a browser here
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

ASAD_TITLE_PHRASE = "Des milliers de commandos de la Résistance"

HOSTILE_TITLE = "<script>window.__pwned_title=1</script>Alerte <b>rouge</b>"
HOSTILE_BODY = "\n\n".join(
    [
        "Premier paragraphe ordinaire sur la situation en Syrie, sans rien de spécial.",
        "Un lien piégé javascript:window.__pwned_link=1 et <script>window.__pwned=1;"
        "alert('xss')</script> au milieu du texte.",
        "Une image <img src=x onerror=\"window.__pwned_img=1;alert('img')\"> puis "
        "<a href=\"javascript:alert('a')\">cliquez ici</a> et <svg onload=alert(1)>.",
        "Fin de l'article, où des </mark></p><p onclick=alert(1)>balises</p> traînent.",
    ]
)
HOSTILE_URL = "javascript:alert('url')"


def _find(
    article: Article,
    phrase: str,
    technique: str,
    category: str,
    score: float,
    approximate: bool = False,
):
    start = article.body.index(phrase)
    paragraph = next(p.index for p in article.paragraphs if p.start <= start < p.end)
    return TechniqueFinding(
        start=start,
        end=start + len(phrase),
        text=phrase,
        score=score,
        paragraph=paragraph,
        technique=technique,
        category=category,
        model="hand-placed for tests",
        phrase_score=round(score / 2, 4),  # hand-placed too: half the paragraph's score
        approximate=approximate,
    )


def title_finding(
    article: Article, phrase: str, technique: str, category: str, score: float
) -> TitleTechniqueFinding:
    """A hand-placed finding in a title kept apart from the body (offsets into the title)."""
    start = article.title.index(phrase)
    return TitleTechniqueFinding(
        start=start,
        end=start + len(phrase),
        text=phrase,
        score=score,
        technique=technique,
        category=category,
        model="hand-placed for tests",
        phrase_score=round(score / 2, 4),
    )


def with_findings(analysis: Analysis, findings: list[tuple], **extra) -> Analysis:
    """``analysis`` plus technique findings on the given phrases (paragraph labels derived):
    (phrase, technique, category, score), and True after them for a best-guess pointer."""
    article = analysis.article
    found = [_find(article, *f) for f in findings]
    per_paragraph: dict[int, dict[str, float]] = {}
    for f in found:
        best = per_paragraph.setdefault(f.paragraph, {})
        best[f.technique] = max(best.get(f.technique, 0.0), f.score or 0.0)
    decisions = [
        ParagraphTechniques(
            paragraph=p, labels=[LabelScore(label=t, score=s) for t, s in labels.items()]
        )
        for p, labels in sorted(per_paragraph.items())
    ]
    return analysis.model_copy(
        update={
            "techniques": found,
            "paragraph_techniques": decisions,
            "stages": [*analysis.stages, "techniques", "genre", "frames", "places"],
            **extra,
        }
    )


def _place(article: Article, name: str, lat: float, lon: float, country: str, gid: int) -> Place:
    """A resolved place with its first mention in the body, and one in the title if any."""
    start = article.body.index(name)
    mentions = [Mention(start=start, end=start + len(name), text=name)]
    if name in article.title:
        at = article.title.index(name)
        mentions.append(Mention(start=at, end=at + len(name), text=name, in_title=True))
    return Place(
        name=name,
        status="resolved",
        latitude=lat,
        longitude=lon,
        country=country,
        geonames_id=gid,
        mentions=mentions,
    )


def seed_analyses() -> list[Analysis]:
    """The two seed articles, read and segmented for real, with hand-placed findings."""
    hassake = analyze(article_from_text(SEED_HASSAKE.read_text(encoding="utf-8")), only=["segment"])
    hassake = with_findings(
        hassake,
        HASSAKE_FINDINGS,
        genre=LabelScore(label="opinion", score=0.87),
        genre_scores=[
            LabelScore(label="opinion", score=0.87),
            LabelScore(label="reporting", score=0.11),
            LabelScore(label="satire", score=0.02),
        ],
        frames=[
            LabelScore(label="Security_and_defense", score=0.91),
            LabelScore(label="Political", score=0.64),
        ],
        places=[
            _place(hassake.article, "Hassaké", 36.5024, 40.7477, "SY", 173009),
            _place(hassake.article, "Deir ez-Zor", 35.3359, 40.1408, "SY", 170792),
        ],
    )
    asad = analyze(article_from_text(SEED_ASAD.read_text(encoding="utf-8")), only=["segment"])
    asad = with_findings(
        asad,
        ASAD_FINDINGS,
        genre=LabelScore(label="opinion", score=0.79),
        frames=[LabelScore(label="Security_and_defense", score=0.88)],
        places=[
            _place(asad.article, "Bagdad", 33.3406, 44.4009, "IQ", 98182),
            _place(asad.article, "Aïn al-Asad", 33.786, 42.441, "IQ", 0),
        ],
        entities=[
            _entity(asad.article, "Iraq", "Irak"),
            _entity(asad.article, "United States", "USA"),
        ],
        title_techniques=[
            title_finding(
                asad.article,
                ASAD_TITLE_PHRASE,
                "Exaggeration-Minimisation",
                "manipulative_wording",
                0.6,
            )
        ],
    )
    return [hassake, asad]


def _entity(article: Article, canonical: str, written: str) -> Entity:
    """A place entity with every mention of ``written`` in the body and in the title."""
    found = [
        Mention(start=m.start(), end=m.end(), text=written, in_title=in_title)
        for text, in_title in ((article.body, False), (article.title, True))
        for m in re.finditer(re.escape(written), text)
    ]
    return Entity(canonical=canonical, type="place", mentions=found)


def hostile_analysis() -> Analysis:
    """An article made of XSS payloads, with a finding on the payload phrase itself."""
    article = article_from_text(
        HOSTILE_BODY,
        title=HOSTILE_TITLE,
        source="<img src=x onerror=alert('src')>Evil Outlet",
        url=HOSTILE_URL,
        published="2021-03-02",
        language="fr",
    )
    analysis = analyze(article, only=["segment"])
    return with_findings(
        analysis,
        [
            (
                "<script>window.__pwned=1;alert('xss')</script>",
                "Loaded_Language",
                "manipulative_wording",
                0.9,
            ),
            (
                "<img src=x onerror=\"window.__pwned_img=1;alert('img')\">",
                "Doubt",
                "attack_on_reputation",
                0.7,
            ),
        ],
        genre=LabelScore(label="satire", score=0.52),  # a short text: the caveat shows
        title_techniques=[  # a highlight inside the title must not make its markup live
            title_finding(
                article,
                "<script>window.__pwned_title=1</script>",
                "Loaded_Language",
                "manipulative_wording",
                0.8,
            )
        ],
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(db: Path, *options: str, host: str = "127.0.0.1") -> Iterator[str]:
    """``python -m spinscope.web serve`` on a free port; yields its base URL."""
    port = free_port()
    command = [
        sys.executable, "-m", "spinscope.web", "serve",
        "--db", str(db), "--host", host, "--port", str(port), "--log-level", "warning",
        *options,
    ]  # fmt: skip
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("SPINSCOPE_TOKEN", None)
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True
    )
    base = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{process.stdout.read()}")
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not answer within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Elements(HTMLParser):
    """Every start tag with its attributes, and the visible text, of a page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str, **having: str) -> list[dict[str, str | None]]:
        return [
            attrs
            for name, attrs in self.tags
            if name == tag and all(attrs.get(k) == v for k, v in having.items())
        ]

    @property
    def visible(self) -> str:
        return "".join(self.text)

    def hrefs(self) -> list[str]:
        return [a.get("href") or "" for tag, a in self.tags if tag == "a"]
