"""Shell completion: the scripts for bash, zsh and fish, and what Tab offers (subcommands, options, values).

The bash test sources the script that ``--show-completion bash`` prints into a
real bash and presses Tab there; zsh and fish are usually not installed, so
their tests speak the same protocol their scripts speak to doorbraak.
"""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import SAMPLES


def launcher(tmp_path):
    """A `doorbraak` on PATH that runs this Python's package, as an installed one would."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    path = bin_dir / "doorbraak"
    path.write_text(f"#!/bin/sh\nexec {sys.executable} -m doorbraak_cli \"$@\"\n", encoding="utf-8")
    path.chmod(0o755)
    return bin_dir


def doorbraak(env_extra, *args, cwd=None):
    env = {**os.environ, **env_extra}
    return subprocess.run([sys.executable, "-m", "doorbraak_cli", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=60)


def script(shell):
    result = doorbraak({"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}, "--show-completion", shell)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o default -F _doorbraak_completion doorbraak"),
                                           ("zsh", "compdef _doorbraak_completion doorbraak"),
                                           ("fish", "complete --command doorbraak")])
def test_every_shell_gets_a_script_that_calls_back_into_doorbraak(shell, marker):
    text = script(shell)
    assert marker in text
    assert "_DOORBRAAK_COMPLETE" in text


def test_root_help_offers_installation_in_dutch():
    result = doorbraak({}, "--help")
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout
    assert "Installeer het aanvullen met Tab" in result.stdout
    assert "Install completion" not in result.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("words, cword, expected", [
    ("doorbraak rep", 1, ["report"]),
    ("doorbraak me", 1, ["meting"]),
    ("doorbraak report . --sta", 3, ["--status"]),
    ("doorbraak report . --status ge", 4, ["gerealiseerd", "gestopt"]),
    ("doorbraak report . --status g", 4, ["gerealiseerd", "gestopt", "goedgekeurd"]),
    ("doorbraak export . --format ", 4, ["csv", "jsonl", "parquet"]),
    ("doorbraak report . --gemeente ", 4, ["Doorbraakdorp", "Voorbeeldstad"]),
])
def test_tab_in_a_real_bash(tmp_path, words, cword, expected):
    (tmp_path / "completion.bash").write_text(script("bash"), encoding="utf-8")
    program = (f"source {tmp_path / 'completion.bash'}\n"
               f"COMP_WORDS=({words}{' ' + repr('') if words.endswith(' ') else ''})\n"
               f"COMP_CWORD={cword}\n"
               "_doorbraak_completion doorbraak\n"  # bash passes the command name, as on a real Tab

               "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    env = {**os.environ, "PATH": f"{launcher(tmp_path)}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], capture_output=True, text=True, env=env,
                          cwd=SAMPLES, timeout=60)
    assert done.returncode == 0, done.stderr
    assert sorted(line for line in done.stdout.splitlines() if line) == sorted(expected)


def test_zsh_protocol_completes_subcommands_with_their_dutch_help():
    result = doorbraak({"_DOORBRAAK_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "doorbraak re"})
    assert result.returncode == 0
    assert '"render":"Maak het plandocument' in result.stdout
    assert '"report":"Portfoliocijfers' in result.stdout
    assert "validate" not in result.stdout


def test_fish_protocol_completes_status_values():
    result = doorbraak({"_DOORBRAAK_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args",
                        "_TYPER_COMPLETE_ARGS": "doorbraak export . --status af"}, cwd=SAMPLES)
    assert result.stdout.split() == ["afgewezen", "afgesloten"]


def test_municipalities_come_only_from_the_folders_typed_and_are_bounded(tmp_path):
    from doorbraak_cli.commands import complete

    (tmp_path / "a.yaml").write_text("id: x\ngemeente: 'Den Haag'   # in de regio\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("gemeente: Delft\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_bytes(b"gemeente: \x1b[31mrood\n")  # a terminal escape is never offered
    (tmp_path / "d.yaml").write_text("titel: geen gemeente\n", encoding="utf-8")
    assert complete.municipalities([str(tmp_path)], "de") == ["Delft", "Den Haag"]
    assert complete.municipalities([str(tmp_path)], "") == ["Delft", "Den Haag"]
    many = tmp_path / "veel"
    many.mkdir()
    for i in range(complete.MAX_FILES + 5):
        (many / f"c{i:05d}.yaml").write_text(f"gemeente: G{i:05d}\n", encoding="utf-8")
    assert len(complete.municipalities([str(many)], "G")) == complete.MAX_FILES
