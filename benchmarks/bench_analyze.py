"""Full-analysis throughput on 2 cores: articles/s, paragraph latency, encoder share.

Usage::

    python benchmarks/bench_analyze.py ../shared/data/semeval2023/fr/train-articles-subtask-3 \
        --limit 40

Runs every pipeline stage (as ``spinscope ingest`` does, via
``bench_ingest.run``) with an empty vector cache, and additionally times the
multilingual encoder itself, so the share of the time it takes is measured,
not guessed. Results go to ``benchmarks/results/analyze.md``.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ingest import cpu_name, run  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "analyze.md"


class TimedModel:
    """Wraps the encoder's engine and adds up the seconds of its forward passes.

    One pass gives vectors, token states and latent terms together; a separate
    latent-term pass over the raw text (``sparse``, what spinscope ran before
    2026-12-05) is timed apart, so that one creeping back in would show.
    """

    def __init__(self, model) -> None:
        self.model = model
        self.seconds = 0.0
        self.texts = 0
        self.sparse_seconds = 0.0
        self.span_seconds = 0.0

    def passage(self, texts):
        return self._timed(self.model.passage, texts)

    def passage_pass(self, texts, **asked):
        """Vectors, token states and latent terms as asked: one pass."""
        return self._timed(lambda batch: self.model.passage_pass(batch, **asked), texts)

    def passage_token_spans(self, texts):
        """Where each token state lies in its text (phrases): tokenizing only, no pass."""
        started = time.perf_counter()
        try:
            return self.model.passage_token_spans(texts)
        finally:
            self.span_seconds += time.perf_counter() - started

    def _timed(self, call, texts):
        started = time.perf_counter()
        try:
            return call(texts)
        finally:
            self.seconds += time.perf_counter() - started
            self.texts += len(texts)

    def sparse(self, texts, **options):
        started = time.perf_counter()
        try:
            return self.model.sparse(texts, **options)
        finally:
            self.sparse_seconds += time.perf_counter() - started


class TimedHead:
    """Adds up the seconds the token-attention heads spend scoring, apart from the encoder."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def install(self) -> None:
        from spinscope.persuasion.attention import AttentionEnsemble

        score_texts = AttentionEnsemble.score_texts  # what a loaded model scores with

        def timed(head, states):
            started = time.perf_counter()
            try:
                return score_texts(head, states)
            finally:
                self.seconds += time.perf_counter() - started

        AttentionEnsemble.score_texts = timed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="folder of articles, e.g. SemEval French train articles")
    parser.add_argument("--limit", type=int, default=40, help="articles to analyse")
    args = parser.parse_args()

    from spinscope.persuasion import encoder

    timed = TimedModel(encoder._load_engine())
    encoder._engine = timed  # every Encoder now goes through the timer
    head = TimedHead()
    head.install()
    result = run(args.path, [], [], args.limit)
    n, paragraphs, total = result["articles"], result["paragraphs"], result["total"]
    stage_total = {k: sum(v) for k, v in result["stage_seconds"].items()}
    encoder_seconds = timed.seconds + timed.sparse_seconds
    lines = [
        "# Full analysis throughput",
        "",
        f"- Run: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}, "
        f"`python benchmarks/bench_analyze.py {args.path} --limit {args.limit}`",
        f"- Machine: {cpu_name()}, 2 cores; empty vector cache (every sentence embedded)",
        f"- Input: {n} articles, {paragraphs} paragraphs; stages: {', '.join(result['stages'])}",
        "",
        "| measure | value |",
        "|---|---|",
        f"| **articles/s (whole run, models loading included)** | **{n / total:.2f}** |",
        f"| mean latency per paragraph | {total / max(paragraphs, 1) * 1000:.0f} ms |",
        f"| sentences embedded | {timed.texts} ({timed.texts / max(timed.seconds, 1e-9):.1f}/s) |",
        f"| a second pass for latent terms (raw text) | {timed.sparse_seconds:.1f} s |",
        f"| **time in the encoder** | **{encoder_seconds:.1f} s = "
        f"{100 * encoder_seconds / total:.0f}% of the run** |",
        f"| token-attention heads, sentence and paragraph (scoring token states, not in the "
        f"encoder) | "
        f"{head.seconds:.1f} s = {100 * head.seconds / total:.0f}% of the run |",
        f"| token spans for the word-state phrase scores (tokenizing only, not in the "
        f"encoder) | {timed.span_seconds:.1f} s = {100 * timed.span_seconds / total:.0f}% "
        "of the run |",
    ]
    for name, seconds in stage_total.items():
        lines.append(f"| stage `{name}` | {seconds:.1f} s ({100 * seconds / total:.0f}%) |")
    lines.append(f"| store | {result['put']:.1f} s |")
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
