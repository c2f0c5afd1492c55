"""The command line: exit codes, formats and messages, through typer's runner."""

import json
import os
import subprocess
import sys

from conftest import ROOT, SAMPLES
from typer.testing import CliRunner

from doorbraak_cli import cli
from doorbraak_cli.cli import app

runner = CliRunner()


def test_validate_folder_recursively_and_clean_exit():
    result = runner.invoke(app, ["validate", str(SAMPLES)])
    assert result.exit_code == 0, result.output
    assert "7 bestanden gecontroleerd: 0 fouten, 0 waarschuwingen — alles in orde" in result.stdout


def test_validate_json_and_strict(write_case, minimal_text):
    path = write_case(minimal_text.replace("regievoerder: Consulent wijkteam\n", ""))
    result = runner.invoke(app, ["validate", path])
    assert result.exit_code == 0
    assert f"{path}:2:1: waarschuwing[geen-regievoerder]" in result.stdout  # the plan itself: the key is absent
    assert runner.invoke(app, ["validate", "--strict", path]).exit_code == 1
    data = json.loads(runner.invoke(app, ["validate", "--format", "json", path]).stdout)
    assert data["fouten"] == 0 and data["waarschuwingen"] == 1 and data["in_orde"] is True
    (m,) = data["meldingen"]
    assert m["code"] == "geen-regievoerder" and m["pad"] == "regievoerder" and m["ernst"] == "waarschuwing"


def test_reviewer_warnings(write_case, minimal_text):
    text = (minimal_text.replace("      wanneer: binnen twee weken\n", "")
            .replace("        dreigend: 182\n", "").replace("        dreigend: 3 x 6 maanden\n", ""))
    codes = {json.loads(line)["code"] for line in []} or {
        m["code"] for m in json.loads(runner.invoke(app, ["validate", "-f", "json", write_case(text)]).stdout)["meldingen"]}
    assert {"actie-zonder-wanneer", "leeg-dreigend-scenario"} <= codes


def test_draft_with_empty_steps_only_warns(write_case):
    text = ("schema: doorbraakplan/1\nid: c-1\ntitel: T\nstatus: concept\nsituatieschets:\ntoekomstperspectief:\n"
            "overzicht:\ndoorbraak:\nwaardendriehoek:\n  legitimiteit:\n  betrokkenheid:\n  rendement:\n    posten:\n"
            "  afweging:\nactieplan:\n  acties:\n  vangnet:\n")
    result = runner.invoke(app, ["validate", write_case(text)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("waarschuwing[lege-stap]") == 6
    submitted = runner.invoke(app, ["validate", write_case(text.replace("concept", "ingediend"), "b.yaml")])
    assert submitted.exit_code == 1 and submitted.stdout.count("fout[lege-stap]") == 6


def test_duplicate_ids_in_a_folder(tmp_path, minimal_text):
    (tmp_path / "a.yaml").write_text(minimal_text, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yaml").write_text(minimal_text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1 and "fout[dubbel-id]" in result.stdout


def test_missing_path_and_usage_errors():
    result = runner.invoke(app, ["validate", "bestaat/niet.yaml"])
    assert result.exit_code == 1 and "fout[niet-gevonden]" in result.stdout
    assert runner.invoke(app, ["calc", "bestaat-niet.yaml"]).exit_code == 1
    assert runner.invoke(app, ["calc"]).exit_code == 2
    assert runner.invoke(app, ["calc", "--format", "pdf", str(SAMPLES / "plan-5-willem.yaml")]).exit_code == 2


def test_calc_csv():
    out = runner.invoke(app, ["calc", "-f", "csv", str(SAMPLES / "plan-5-willem.yaml")]).stdout.splitlines()
    assert out[0].split(",")[:4] == ["id", "soort", "post", "omschrijving"]
    assert out[1].startswith("2020-voorbeeld-005,post,maatschappelijk-werker,Maatschappelijk werker,65.00,uur,Wmo,100,6500.00,0,0.00,100,6500.00")
    assert "2020-voorbeeld-005,totaal,,Totaal,,,,,6500.00,,42500.00,,7700.00,," in out, "no realised total: not evaluated"
    assert out[1].endswith(",,"), "the realised columns of a plan that is not evaluated are empty, not 0"


def test_indicative_lines_are_shown_apart_and_not_counted(write_case, minimal_text):
    text = minimal_text.replace("        doorbraak: 1\n", "        doorbraak: 1\n      - omschrijving: Ggz-behandeling\n"
                                "        prijs: 5000\n        eenheid: traject\n        domein: Zvw\n        dreigend: 1\n"
                                "        zekerheid: indicatief\n")
    data = json.loads(runner.invoke(app, ["calc", "-f", "json", write_case(text)]).stdout)
    assert data["totalen"]["dreigend"] == "28700.00"  # unchanged: 18.200 + 10.500
    assert [p["omschrijving"] for p in data["indicatief"]["posten"]] == ["Ggz-behandeling"]
    assert data["indicatief"]["totalen"]["dreigend"] == "5000.00"
    assert "Zvw" not in data["per_domein"]
    md = runner.invoke(app, ["calc", "-f", "markdown", write_case(text, "b.yaml")]).stdout
    assert "Indicatieve posten (niet meegeteld)" in md and "€ 5.000" in md


def test_internal_errors_get_a_dutch_message_and_exit_3(monkeypatch, capsys):
    import doorbraak_cli.commands.calc as calcrun

    def boom(*a, **k):
        raise RuntimeError("kapot")

    monkeypatch.setattr(calcrun, "run", boom)
    code = cli.main(["calc", str(SAMPLES / "plan-5-willem.yaml")])
    err = capsys.readouterr().err
    assert code == 3 and "interne fout" in err and "Traceback" not in err


def test_python_dash_m_and_version():
    env = dict(os.environ)
    result = subprocess.run([sys.executable, "-m", "doorbraak_cli", "--version"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.returncode == 0 and result.stdout.startswith("doorbraak ")
    result = subprocess.run([sys.executable, "-m", "doorbraak_cli", "calc", "-f", "json", str(SAMPLES / "plan-3-lars-en-klaas.yaml")],
                            capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.returncode == 0 and json.loads(result.stdout)["rendement"]["dreigend"] == "10877.84"


def test_help_is_dutch_and_lists_exit_codes():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Exitcodes" in result.stdout and "calc" in result.stdout and "validate" in result.stdout


ENGLISH_HELP = ("Show this message", "Usage:", "Options", "Arguments", "Commands", "[required]", "[default:",
                "[OPTIONS]", "COMMAND [ARGS]", "<str>", "<int")


def test_every_help_page_is_dutch(capsys):
    """The labels typer writes itself (usage, panels, the help option) are Dutch too."""
    pages = [[], ["--help"], *([cmd, "-h"] for cmd in
                                ("validate", "calc", "prices", "schema", "new", "render", "report", "export"))]
    for argv in pages:
        code = cli.main(argv)
        out = capsys.readouterr().out
        assert code in (0, 2), (argv, code)
        assert "Gebruik: doorbraak" in out and "Toon deze hulp en stop." in out and "Opties" in out, (argv, out)
        assert not [w for w in ENGLISH_HELP if w in out], (argv, [w for w in ENGLISH_HELP if w in out])


def test_usage_errors_are_dutch_with_a_suggestion(capsys):
    cases = [
        (["calc"], "het argument CASUS ontbreekt"),
        (["calc", "--formt", "json", "x.yaml"], "onbekende optie --formt (bedoelde u --format?)"),
        (["calcc"], "onbekende opdracht 'calcc' (bedoelde u calc?)"),
        (["calc", "-f", "pdf", "x.yaml"], "'pdf' (kies uit: terminal, markdown, json, csv)"),
        (["calc", "a.yaml", "b.yaml"], "onverwacht extra argument: b.yaml"),
    ]
    for argv, fragment in cases:
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert fragment in err and "--help" in err and "Usage" not in err, err


def test_main_returns_the_documented_codes(capsys):
    assert cli.main(["validate", str(SAMPLES)]) == 0
    assert cli.main(["validate", "bestaat-niet.yaml"]) == 1
    assert cli.main(["--version"]) == 0
    capsys.readouterr()


def test_only_the_subcommand_asked_for_is_built(monkeypatch, capsys):
    """Building every subcommand's options cost more than calc's own work: a named subcommand is built alone, with
    the same options and help; no subcommand, a misspelt one and shell completion get the whole group."""
    assert sorted(cli._command(["calc", "x.yaml"]).commands) == ["calc"]
    assert sorted(cli._command(["import-prices"]).commands) == ["import-prices"]
    everything = cli._command(["--help"]).commands
    assert {"calc", "report", "meting", "import-prices"} <= set(everything)
    assert set(cli._command(["clac"]).commands) == set(everything)
    monkeypatch.setenv("_DOORBRAAK_COMPLETE", "bash_complete")
    assert set(cli._command(["calc"]).commands) == set(everything)
    monkeypatch.delenv("_DOORBRAAK_COMPLETE")
    assert cli.main(["calc", "--help"]) == 0
    alone = capsys.readouterr().out
    monkeypatch.setattr(cli, "_command", lambda args: __import__("typer").main.get_command(cli.app))
    assert cli.main(["calc", "--help"]) == 0
    assert capsys.readouterr().out == alone
    assert cli.main(["clac"]) == 2
    assert "calc" in capsys.readouterr().err  # the suggestion still knows every subcommand
