"""The shipped JSON Schema: current, printed by `doorbraak schema`, and in step with the fast check."""

import json
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLES
from test_bad_input import CASES
from typer.testing import CliRunner

from doorbraak_cli.check import fastcheck
from doorbraak_cli.check import schema as schemacheck
from doorbraak_cli.cli import app
from doorbraak_cli.source import yamlread


def test_shipped_schemas_are_generated_from_the_source():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "make_schema.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_command_prints_a_2020_12_schema():
    from jsonschema import Draft202012Validator

    out = CliRunner().invoke(app, ["schema"]).stdout
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert {"situatieschets", "toekomstperspectief", "overzicht", "doorbraak", "waardendriehoek", "actieplan"} <= set(schema["required"])
    price_schema = json.loads(CliRunner().invoke(app, ["schema", "--prijslijst"]).stdout)
    Draft202012Validator.check_schema(price_schema)


def _data(path):
    return yamlread.read(str(path)).data


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_samples_are_valid_for_both_validators(sample):
    from jsonschema import Draft202012Validator

    data = _data(sample)
    assert fastcheck.is_valid(data)
    assert not list(Draft202012Validator(schemacheck.load_schema("case")).iter_errors(data))


@pytest.mark.parametrize("name,text,code,line,column,fragment", CASES, ids=[c[0] for c in CASES])
def test_fast_check_agrees_with_jsonschema(write_case, name, text, code, line, column, fragment):
    from jsonschema import Draft202012Validator

    try:
        data = yamlread.read(write_case(text)).data
    except yamlread.ReadError:
        return  # unreadable files never reach a schema check
    if not isinstance(data, dict):
        return
    full = not list(Draft202012Validator(schemacheck.load_schema("case")).iter_errors(data))
    assert fastcheck.is_valid(data) == full


def test_fast_check_agrees_on_mutations(minimal_text):
    """Many single-key mutations of a valid plan: both validators give the same verdict."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schemacheck.load_schema("case"))
    base = yamlread.parse(minimal_text, "m.yaml").data
    replacements = [None, "", "x", 0, -1, 1.5, True, [], ["a"], {}, {"a": 1}]
    checked = 0

    def walk(node, path):
        nonlocal checked
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for k, v in list(items):
            for r in replacements:
                from decimal import Decimal

                node[k] = Decimal(str(r)) if isinstance(r, float) else r
                assert fastcheck.is_valid(base) == (not list(validator.iter_errors(base))), (path + (k,), r)
                checked += 1
            node[k] = v
            walk(v, path + (k,))

    walk(base, ())
    assert checked > 500
