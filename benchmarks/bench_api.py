"""API latency over a 10,000-article store: one article view and searches, p50/p95.

    .venv/bin/python benchmarks/bench_api.py            # builds the corpus, serves, measures
    .venv/bin/python benchmarks/bench_api.py --articles 2000 --requests 100

The corpus is generated without running any model, in seconds: the SemEval-2023
training articles with their gold technique spans, genres and frames (real human
annotations), the two seed articles and the samples, multiplied into variants
(other outlets, dates, titles and subsets of paragraphs, findings re-anchored).
The server is the real one (``python -m spinscope.web serve``, uvicorn, one
process) queried over HTTP by one sequential client, so a figure is the latency
one analyst sees. Results go to ``benchmarks/results/api.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
from tqdm import tqdm

from spinscope.article import (
    Analysis,
    Article,
    LabelScore,
    Paragraph,
    ParagraphTechniques,
    TechniqueFinding,
)
from spinscope.persuasion import taxonomy

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEMEVAL = SHARED / "data" / "semeval2023"
SEEDS = SHARED / "samples" / "seeds"
SAMPLES = REPO / "samples"
RESULTS = REPO / "benchmarks" / "results" / "api.md"
ISO = {"ge": "de", "po": "pl"}  # SemEval folder names that are not ISO 639-1
OUTLETS = [
    "French Press TV", "Le Réveil Souverain", "Daily Bulwark", "Klartext Heute", "La Voce Libera",
    "Głos Narodu", "Народный Взгляд", "Observateur Libre", "Evening Ledger", "Il Quotidiano",
    "Nord Courrier", "Atlantic Review",
]  # fmt: skip


def gold_analyses(data_dir: Path = SEMEVAL) -> list[Analysis]:
    """SemEval training articles as analyses built from their gold annotations."""
    from spinscope.persuasion.semeval import load_split, to_article

    split = load_split(data_dir)
    analyses = []
    for code, part in split.parts.items():
        paragraphs_of: dict[str, list] = {}
        for p in part.paragraphs:
            paragraphs_of.setdefault(p.article_id, []).append(p)
        for document in part.articles_for(3):
            paragraphs = paragraphs_of.get(document.id, [])
            if not paragraphs:
                continue
            article = to_article(document, paragraphs)
            article = Article.model_validate(
                {**article.model_dump(), "language": ISO.get(code, code), "id": ""}
            )
            analyses.append(_gold_analysis(article, part, document.id))
    return analyses


def _gold_analysis(article: Article, part, article_id: str) -> Analysis:
    from spinscope.persuasion.semeval import snap_to_words

    body = article.body
    findings = []
    for technique, start, end in (part.spans or {}).get(article_id, []):
        start, end = snap_to_words(body, start, end)
        paragraph = next((p.index for p in article.paragraphs if p.start <= start < p.end), None)
        if paragraph is None or end <= start:
            continue
        end = min(end, article.paragraphs[paragraph].end)
        findings.append(
            TechniqueFinding(
                start=start,
                end=end,
                text=body[start:end],
                paragraph=paragraph,
                technique=technique,
                category=taxonomy.category_of(technique),
                score=None,
                model="gold (SemEval-2023 annotators)",
            )
        )
    genre = (part.genres or {}).get(article_id)
    # Paragraph labels follow from the spans (the store derives them); gold has no scores.
    return Analysis(
        article=article,
        techniques=findings,
        genre=LabelScore(label=genre, score=1.0) if genre else None,
        frames=[LabelScore(label=f, score=1.0) for f in (part.frames or {}).get(article_id, [])],
        stages=["language", "segment", "techniques", "genre", "frames"],
        models={"techniques": "gold", "genre": "gold", "frames": "gold"},
    )


def sample_articles() -> list[Article]:
    """The seeds and samples, read by the real readers."""
    from spinscope.ingest import ReadError, read

    sources = sorted(SEEDS.glob("*.txt")) + sorted(SAMPLES.glob("*"))
    return [a for a in read(sources) if not isinstance(a, ReadError)]


def _sentences(article: Article) -> list[tuple[int, int, int]]:
    from spinscope.segment import sentence_spans

    found = []
    for p in article.paragraphs:
        for start, end in sentence_spans(article.body[p.start : p.end], p.start):
            found.append((p.index, start, end))
    return found


def synthetic_analysis(article: Article, rng: random.Random) -> Analysis:
    """Findings on random clauses of a sample article: load for the benchmark, not claims."""
    techniques = list(taxonomy.TECHNIQUES)
    findings = []
    for paragraph, start, end in _sentences(article):
        if rng.random() < 0.35:
            words = [i for i in range(start, end) if article.body[i] == " "]
            a = rng.choice([start, *words[: len(words) // 2]]) if words else start
            b = min(end, a + rng.randint(12, 60))
            technique = rng.choice(techniques)
            findings.append(
                TechniqueFinding(
                    start=a,
                    end=b,
                    text=article.body[a:b],
                    paragraph=paragraph,
                    technique=technique,
                    category=taxonomy.category_of(technique),
                    score=round(rng.uniform(0.4, 0.95), 3),
                    model="synthetic (benchmark)",
                )
            )
    decisions: dict[int, set[str]] = {}
    for f in findings:
        decisions.setdefault(f.paragraph, set()).add(f.technique)
    return Analysis(
        article=article,
        techniques=findings,
        paragraph_techniques=[
            ParagraphTechniques(paragraph=p, labels=[LabelScore(label=t, score=0.7) for t in ts])
            for p, ts in sorted(decisions.items())
        ],
        genre=LabelScore(label=rng.choice(["opinion", "reporting", "satire"]), score=0.8),
        stages=["language", "segment", "techniques", "genre"],
    )


def variant(base: Analysis, number: int, rng: random.Random) -> Analysis:
    """A new article from ``base``: a subset of its paragraphs, another outlet, date and title."""
    article = base.article
    keep = [p for p in article.paragraphs if rng.random() < 0.8] or list(article.paragraphs[:1])
    pieces, paragraphs, shift = [], [], {}
    cursor = 0
    for new_index, p in enumerate(keep):
        if pieces:
            pieces.append("\n\n")
            cursor += 2
        text = article.body[p.start : p.end]
        shift[p.index] = (new_index, cursor - p.start)
        paragraphs.append(Paragraph(index=new_index, start=cursor, end=cursor + len(text)))
        pieces.append(text)
        cursor += len(text)
    body = "".join(pieces)
    findings = []
    for f in base.techniques:
        if f.paragraph in shift:
            index, delta = shift[f.paragraph]
            findings.append(
                f.model_copy(
                    update={"start": f.start + delta, "end": f.end + delta, "paragraph": index}
                )
            )
    decisions = [
        d.model_copy(update={"paragraph": shift[d.paragraph][0]})
        for d in base.paragraph_techniques
        if d.paragraph in shift
    ]
    day = datetime(2019, 1, 1, tzinfo=UTC).timestamp() + rng.randrange(0, 4 * 365) * 86400
    new_article = Article(
        title=f"{article.title} ({number})",
        source=rng.choice(OUTLETS),
        url=f"https://news.example/{number}",
        published=datetime.fromtimestamp(day, UTC).date().isoformat(),
        language=article.language,
        body=body,
        paragraphs=tuple(paragraphs),
        separated=article.separated,
    )
    return base.model_copy(
        update={"article": new_article, "techniques": findings, "paragraph_techniques": decisions}
    )


def corpus(count: int, seed: int = 13) -> Iterator[Analysis]:
    rng = random.Random(seed)
    bases = gold_analyses() + [synthetic_analysis(a, rng) for a in sample_articles()]
    for number in range(count):
        yield variant(bases[number % len(bases)], number, rng)


def build_store(path: Path, count: int) -> tuple[float, list[str]]:
    from spinscope.store import open_store

    started = time.perf_counter()
    ids = []
    with open_store(path) as store:
        for analysis in tqdm(corpus(count), total=count, unit="article", desc="store"):
            store.put(analysis)
            ids.append(analysis.article.id)
    return time.perf_counter() - started, ids


def _serve(db: Path, port: int) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "spinscope.web", "serve", "--db", str(db),
        "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def _wait(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited")
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError("server did not start")


def _measure(client: httpx.Client, urls: list[str]) -> list[float]:
    timings = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code} {response.text[:200]}")
        timings.append(elapsed * 1000)
    return timings


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


SEARCH_WORDS = [
    "Syrie", "armée", "government", "Europa", "война", "Trump", "Macron", "gas",
    "Bruxelles", "vaccine", "Putin", "NATO", "élection", "migranti", "Polska",
]  # fmt: skip


def scenarios(ids: list[str], requests: int, rng: random.Random) -> dict[str, list[str]]:
    picks = [rng.choice(ids) for _ in range(requests)]
    words = [rng.choice(SEARCH_WORDS) for _ in range(requests)]
    techniques = [rng.choice(list(taxonomy.TECHNIQUES)) for _ in range(requests)]
    return {
        "Article view, JSON (`GET /api/articles/ID`)": [f"/api/articles/{i}" for i in picks],
        "Article view, HTML page (`GET /articles/ID`)": [f"/articles/{i}" for i in picks],
        "Search, one word + facets (`GET /api/articles?q=WORD`)": [
            f"/api/articles?q={w}" for w in words
        ],
        "Search, word + technique filter + facets (`GET /api/articles?q=WORD&technique=T`)": [
            f"/api/articles?q={w}&technique={t}" for w, t in zip(words, techniques, strict=True)
        ],
        "Browse, no query, language filter (`GET /api/articles?language=fr`)": [
            "/api/articles?language=fr" for _ in range(requests)
        ],
        "Search page, HTML (`GET /articles?q=WORD`)": [f"/articles?q={w}" for w in words],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="per scenario")
    parser.add_argument("--db", type=Path, help="keep the generated store here")
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory(prefix="spinscope-bench-")
    db = args.db or Path(folder.name) / "bench.db"
    if db.exists():
        raise SystemExit(f"{db}: exists; give a new file")
    build_seconds, ids = build_store(db, args.articles)
    size_mb = db.stat().st_size / 1e6
    print(f"stored {len(ids)} articles in {build_seconds:.1f} s ({size_mb:.0f} MB)")

    base = f"http://127.0.0.1:{args.port}"
    process = _serve(db, args.port)
    rows = []
    try:
        _wait(base, process)
        rng = random.Random(7)
        with httpx.Client(base_url=base, timeout=60) as client:
            _measure(client, [f"/api/articles/{ids[0]}", "/api/articles?q=Syrie", "/articles"])
            for name, urls in scenarios(ids, args.requests, rng).items():
                timings = _measure(client, urls)
                rows.append(
                    (
                        name,
                        len(timings),
                        _percentile(timings, 0.5),
                        _percentile(timings, 0.95),
                        statistics.fmean(timings),
                    )
                )
                print(f"{name}: p50 {rows[-1][2]:.1f} ms, p95 {rows[-1][3]:.1f} ms")
    finally:
        process.terminate()
        process.wait(timeout=10)
        folder.cleanup()

    lines = [
        "# API latency",
        "",
        f"Measured {datetime.now(UTC).date().isoformat()} with "
        f"`.venv/bin/python benchmarks/bench_api.py --articles {args.articles} "
        f"--requests {args.requests}`.",
        "",
        f"- Store: {len(ids):,} articles (SemEval-2023 training articles with gold spans, the "
        f"seeds and samples, as variants), SQLite file of {size_mb:.0f} MB, built in "
        f"{build_seconds:.0f} s ({len(ids) / build_seconds:.0f} articles/s through `put`).",
        "- Server: `python -m spinscope.web serve` (uvicorn, one process), "
        "one sequential HTTP client (httpx) on the same machine; times are wall-clock per "
        "request, response fully read.",
        f"- Machine: {platform.machine()}, {os.cpu_count()} logical CPUs, Python "
        f"{platform.python_version()}, {platform.system()}; other jobs were running.",
        "",
        "| Request | n | p50 (ms) | p95 (ms) | mean (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {n} | {c} | {p50:.1f} | {p95:.1f} | {mean:.1f} |" for n, c, p50, p95, mean in rows
    ]
    lines += [
        "",
        "A search answer is the first page (20 items) plus facet counts over every match "
        "(language, outlet, genre, technique, category, frame).",
        "",
    ]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
