"""The JSON Schema of the ``Analysis`` document, generated from the pydantic models.

The committed ``schema/analysis.schema.json`` documents the one JSON format
shared by the CLI, the store, the API and the exports; a test fails when it is
stale. Regenerate it with ``python -m spinscope.schema``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from spinscope.article import SCHEMA_VERSION, Analysis

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "analysis.schema.json"


def analysis_schema() -> dict:
    """The JSON Schema (draft 2020-12) of one Analysis document."""
    body = Analysis.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "spinscope Analysis",
        "description": (
            "Everything spinscope found about one article. Every finding is anchored "
            "to character offsets of article.body (end exclusive). "
            f"This file describes schema_version {SCHEMA_VERSION}."
        ),
        **{k: v for k, v in body.items() if k not in ("title", "description")},
    }


def schema_text() -> str:
    """The schema as the committed file holds it (stable formatting)."""
    return json.dumps(analysis_schema(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the schema file (default ``schema/analysis.schema.json``)."""
    parser = argparse.ArgumentParser(
        prog="python -m spinscope.schema",
        description="Write the JSON Schema of the Analysis document.",
    )
    parser.add_argument(
        "target", nargs="?", type=Path, default=SCHEMA_FILE, help=f"default: {SCHEMA_FILE}"
    )
    target = parser.parse_args(argv).target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
