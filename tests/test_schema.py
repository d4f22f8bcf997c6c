"""The committed JSON Schema matches the models and validates real documents."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from conftest import rich_analysis
from spinscope.schema import SCHEMA_FILE, analysis_schema, main, schema_text


def test_committed_schema_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "schema/analysis.schema.json is stale: run `python -m spinscope.schema`"
    )


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(analysis_schema())


def test_analysis_documents_validate_and_broken_ones_do_not():
    validator = Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    document = json.loads(rich_analysis().model_dump_json())
    assert list(validator.iter_errors(document)) == []
    without_body = json.loads(json.dumps(document))
    del without_body["article"]["body"]
    assert any("body" in e.message for e in validator.iter_errors(without_body))
    bad_place = json.loads(json.dumps(document))
    bad_place["places"][0]["status"] = "somewhere"
    assert list(validator.iter_errors(bad_place))
    negative = json.loads(json.dumps(document))
    negative["techniques"][0]["start"] = -4
    assert list(validator.iter_errors(negative))


def test_module_writes_the_file(tmp_path, capsys):
    target = tmp_path / "out" / "schema.json"
    assert main([str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "spinscope Analysis"
    assert str(target) in capsys.readouterr().out


def test_module_help_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "usage:" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []  # it once wrote the schema to a file named --help


@pytest.mark.parametrize("field", ["techniques", "places", "quotes", "claims", "frames"])
def test_schema_documents_every_finding_list(field):
    assert field in analysis_schema()["properties"]
