"""Ingest throughput: read → analyse → store, in articles per second.

Usage::

    python benchmarks/bench_ingest.py ../shared/data/semeval2023/fr/train-articles-subtask-3
    python benchmarks/bench_ingest.py PATH --only segment      # foundation stages only

It runs the same steps as ``spinscope ingest`` (the reader, every selected
pipeline stage, ``SQLiteStore.put``) on a fresh store in a temporary folder,
so the vector cache starts empty, and times each stage separately. Stages whose
module cannot be loaded yet are left out and listed as such. The figures are
written to ``benchmarks/results/ingest.md`` (one section per stage selection,
the latest run replacing the previous one).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "ingest.md"


def available_stages(only: list[str], skip: list[str]) -> tuple[list[str], dict[str, str]]:
    """Selected stages that load, and why the others could not."""
    from spinscope.pipeline import load_stage, select_stages

    chosen, missing = [], {}
    for name in select_stages(only or None, skip):
        try:
            load_stage(name)
        except (ImportError, AttributeError) as exc:
            missing[name] = f"{type(exc).__name__}: {exc}"
        else:
            chosen.append(name)
    return chosen, missing


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def run(path: str, only: list[str], skip: list[str], limit: int | None) -> dict:
    from spinscope.article import Analysis
    from spinscope.ingest import ReadError, read
    from spinscope.pipeline import load_stage
    from spinscope.store import open_store

    stages, missing = available_stages(only, skip)
    workdir = tempfile.mkdtemp(prefix="spinscope-bench-")
    db = Path(workdir) / "bench.db"
    store = open_store(db)
    try:
        from spinscope.persuasion.encoder import VectorCache, set_default_cache

        set_default_cache(VectorCache(db))
    except ImportError:
        pass
    functions = {name: load_stage(name) for name in stages}
    stage_seconds: dict[str, list[float]] = defaultdict(list)
    article_seconds: list[float] = []
    read_seconds = put_seconds = 0.0
    articles = paragraphs = failed = 0

    from tqdm import tqdm

    bar = tqdm(unit="article", file=sys.stderr)
    started = time.perf_counter()
    mark = started
    items = read([path])
    while True:
        try:
            item = next(items)
        except StopIteration:
            break
        now = time.perf_counter()
        read_seconds += now - mark
        if isinstance(item, ReadError):
            failed += 1
            print(item, file=sys.stderr)
            mark = time.perf_counter()
            continue
        article_start = now
        analysis = Analysis(article=item)
        for name, function in functions.items():
            t0 = time.perf_counter()
            function(analysis)
            analysis.stages.append(name)
            stage_seconds[name].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        store.put(analysis)
        put_seconds += time.perf_counter() - t0
        mark = time.perf_counter()
        article_seconds.append(mark - article_start)
        articles += 1
        paragraphs += len(analysis.article.paragraphs)
        bar.update(1)
        if limit and articles >= limit:
            break
    total = time.perf_counter() - started
    bar.close()
    load = os.getloadavg()[1]  # 5-minute average: how busy the CPUs were meanwhile
    size = sum(f.stat().st_size for f in Path(workdir).glob("bench.db*"))
    store.close()
    return {
        "path": path,
        "stages": stages,
        "missing": missing,
        "articles": articles,
        "paragraphs": paragraphs,
        "failed": failed,
        "total": total,
        "read": read_seconds,
        "put": put_seconds,
        "stage_seconds": stage_seconds,
        "article_seconds": article_seconds,
        "db_bytes": size,
        "load": load,
    }


def markdown(r: dict) -> str:
    n = max(r["articles"], 1)
    steady = r["article_seconds"][1:]
    lines = [
        f"## Stages: {', '.join(r['stages'])}",
        "",
        f"- Run: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}, "
        f"`python benchmarks/bench_ingest.py {r['path']}"
        + (f" --only {','.join(r['only'])}" if r["only"] else "")
        + (f" --skip {','.join(r['skip'])}" if r["skip"] else "")
        + "`",
        f"- Machine: {cpu_name()}, {os.cpu_count()} logical CPUs visible, "
        f"Python {platform.python_version()}; 5-minute load average at the end "
        f"{r['load']:.2f} (other jobs share the CPUs)",
        f"- Input: {r['articles']} articles, {r['paragraphs']} paragraphs "
        f"({r['failed']} inputs failed to read); fresh store, empty vector cache",
        "",
        "| measure | value |",
        "|---|---|",
        f"| **throughput, whole run** | **{r['articles'] / r['total']:.2f} articles/s** |",
    ]
    if steady:
        lines.append(
            f"| throughput after the first article (models loaded) "
            f"| {len(steady) / sum(steady):.2f} articles/s |"
        )
        lines.append(
            f"| first article (includes loading models) | {r['article_seconds'][0]:.2f} s |"
        )
        lines.append(f"| median per article | {statistics.median(steady) * 1000:.0f} ms |")
    lines += [
        f"| paragraphs/s, whole run | {r['paragraphs'] / r['total']:.1f} |",
        f"| total wall time | {r['total']:.1f} s |",
        f"| reading (readers, decoding) | {r['read'] / n * 1000:.1f} ms/article |",
    ]
    for name, seconds in r["stage_seconds"].items():
        lines.append(f"| stage `{name}` | {sum(seconds) / n * 1000:.1f} ms/article |")
    lines += [
        f"| store (`SQLiteStore.put`) | {r['put'] / n * 1000:.1f} ms/article |",
        f"| database size | {r['db_bytes'] / 1e6:.1f} MB |",
    ]
    if r["missing"]:
        lines += ["", "Stages left out because they could not be loaded:"]
        lines += [f"- `{name}`: {why}" for name, why in r["missing"].items()]
    return "\n".join(lines) + "\n"


def write_results(section: str, path: Path = RESULTS) -> None:
    """Replace this stage selection's section, keep the others."""
    header = (
        "# Ingest throughput\n\n"
        "Written by `benchmarks/bench_ingest.py`; latest run per stage selection.\n"
    )
    existing = path.read_text(encoding="utf-8") if path.exists() else header
    heading = section.splitlines()[0]
    parts = re.split(r"(?m)^(?=## )", existing)
    kept = [p for p in parts[1:] if p.splitlines()[0] != heading]
    body = parts[0].rstrip() + "\n\n" + "\n".join(p.rstrip() + "\n" for p in [section, *kept])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="folder or file of articles (e.g. SemEval train articles)")
    parser.add_argument("--only", default="", help="comma-separated stages to run")
    parser.add_argument("--skip", default="", help="comma-separated stages to skip")
    parser.add_argument("--limit", type=int, default=None, help="stop after N articles")
    parser.add_argument("--no-write", action="store_true", help="print only, do not update results")
    args = parser.parse_args()
    only = [s for s in args.only.split(",") if s]
    skip = [s for s in args.skip.split(",") if s]
    if not Path(args.path).exists():
        parser.error(f"{args.path} does not exist")
    result = run(args.path, only, skip, args.limit)
    result["only"], result["skip"] = only, skip
    if not result["articles"]:
        print("no article could be read", file=sys.stderr)
        return 1
    section = markdown(result)
    print(section)
    if not args.no_write:
        write_results(section)
        print(f"written to {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
