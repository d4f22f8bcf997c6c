"""Robustness of ingest as a real process: SIGKILL mid-batch, failed inputs.

These run ``python -m spinscope.cli`` in a subprocess against a real SQLite
file, the way a user's shell does, and inspect the file afterwards with a
separate connection.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time

from conftest import SPINSCOPE
from spinscope.store import open_store

ARTICLES = 300
PARAGRAPH = (
    "Selon le communiqué numéro {i}, les autorités de la ville {i} ont annoncé de nouvelles "
    "mesures. Les habitants restent sceptiques face à ces promesses répétées."
)


def write_corpus(folder, count: int) -> None:
    folder.mkdir()
    for i in range(count):
        body = "\n\n".join(PARAGRAPH.format(i=f"{i}-{p}") for p in range(3))
        (folder / f"article_{i:04d}.txt").write_text(
            f"Le Journal\n\nDépêche numéro {i}\n\n{body}\n", encoding="utf-8"
        )


def committed_ids(db) -> set[str]:
    """Ids visible to another reader, i.e. committed; empty before the schema exists."""
    if not db.exists():
        return set()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return {row[0] for row in con.execute("SELECT id FROM articles")}
    except sqlite3.OperationalError:
        return set()
    finally:
        con.close()


def ingest_command(folder, db) -> list[str]:
    return [
        *SPINSCOPE,
        "ingest",
        str(folder),
        "--db",
        str(db),
        "--only",
        "segment",
        "--no-progress",
    ]


def test_sigkill_mid_ingest_keeps_every_committed_article(tmp_path, cli_env):
    folder = tmp_path / "corpus"
    write_corpus(folder, ARTICLES)
    db = tmp_path / "killed.db"
    process = subprocess.Popen(
        ingest_command(folder, db), env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    seen: set[str] = set()
    deadline = time.monotonic() + 120
    try:
        while len(seen) < 20 and time.monotonic() < deadline:
            assert process.poll() is None, "ingest ended before it could be killed"
            seen = committed_ids(db)
            time.sleep(0.02)
        assert len(seen) >= 20, "ingest committed nothing in time"
        assert process.poll() is None
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.communicate()
    assert process.returncode == -signal.SIGKILL

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    survivors = {row[0] for row in con.execute("SELECT id FROM articles")}
    fts_rows = con.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    con.close()
    assert seen <= survivors, "an article committed before the kill was lost"
    assert len(survivors) < ARTICLES, "the kill came after the whole batch"
    assert fts_rows == len(survivors)
    with open_store(db) as store:
        for article_id in seen:
            analysis = store.get(article_id)
            assert analysis is not None and analysis.article.paragraphs

    resumed = subprocess.run(
        ingest_command(folder, db), env=cli_env, capture_output=True, text=True, timeout=300
    )
    assert resumed.returncode == 0, resumed.stderr
    assert (
        f"read {ARTICLES} · stored {ARTICLES - len(survivors)} new · "
        f"{len(survivors)} duplicates · 0 failed" in resumed.stdout
    )
    assert len(committed_ids(db)) == ARTICLES


def test_failed_input_in_a_batch_exits_non_zero_and_keeps_the_rest(tmp_path, cli_env):
    folder = tmp_path / "mixed"
    write_corpus(folder, 3)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes(
        "Le Monde\n\nÉté brûlant à Besançon\n\nLa préfecture a décidé.\n".encode("latin-1")
    )
    (folder / "broken.jsonl").write_text('{"text": "ok"\n', encoding="utf-8")
    db = tmp_path / "mixed.db"
    result = subprocess.run(
        ingest_command(folder, db), env=cli_env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(problems) == 2, result.stderr
    assert any("empty.txt" in line for line in problems)
    assert any("broken.jsonl:1" in line for line in problems)
    assert "read 4 · stored 4 new · 0 duplicates · 2 failed" in result.stdout
    with open_store(db) as store:
        assert store.count() == 4
        assert store.search("besancon").total == 1  # mis-encoded file decoded, accents folded
