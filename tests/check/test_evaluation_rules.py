"""The checks on an evaluation: scores, dimensions, dates, order, and what a reviewer would ask.

The base is the small plan in data/minimaal.yaml (55 lines); measurements are
appended from line 56 on, so every location below was counted by hand.
"""

import pytest
from conftest import DATA

from doorbraak_cli.check.case import check_file

BASE = (DATA / "minimaal.yaml").read_text(encoding="utf-8")
FULL = ("    scores:\n      lichaamsfuncties: 5\n      mentaal_welbevinden: 5\n      zingeving: 5\n"
        "      kwaliteit_van_leven: 5\n      meedoen: 5\n      dagelijks_functioneren: 5\n")


def check(tmp_path, text):
    path = tmp_path / "casus.yaml"
    path.write_text(text, encoding="utf-8")
    return check_file(str(path), full=True)


def one(checked, code):
    found = [p for p in checked.problems if p.code == code]
    assert len(found) == 1, [p.format() for p in checked.problems]
    return found[0]


def test_a_valid_evaluation_has_no_problems(tmp_path):
    text = BASE.replace("status: ingediend", "status: gerealiseerd").replace(
        "        doorbraak: 1\n", "        doorbraak: 1\n        gerealiseerd: 1\n")
    text += ("realisatie:\n  datum: 2026-12-01\n  uitkomst: gelukt\n"
             "metingen:\n  - datum: 2026-11-01\n" + FULL + "  - datum: 2027-03-01\n" + FULL)
    checked = check(tmp_path, text)
    assert [p.format() for p in checked.problems] == []
    assert len(checked.case.metingen) == 2
    assert str(checked.case.realisatie.datum) == "2026-12-01"


def test_score_out_of_range_is_located(tmp_path):
    text = BASE + "metingen:\n  - datum: 2026-11-01\n" + FULL.replace("meedoen: 5", "meedoen: 11")
    checked = check(tmp_path, text)
    p = one(checked, "ongeldige-score")
    assert p.is_error
    assert (p.line, p.column) == (63, 16)
    assert p.path == ("metingen", 0, "scores", "meedoen")
    assert "buiten 0 tot en met 10" in p.message
    assert "6,5" in p.hint
    assert checked.case is None or checked.case.metingen == ()


@pytest.mark.parametrize("score, fragment", [("6.25", "meer dan één decimaal"), ("'zeven'", "geen score"),
                                             ("-1", "")])
def test_other_bad_scores_are_errors(tmp_path, score, fragment):
    text = BASE + "metingen:\n  - datum: 2026-11-01\n" + FULL.replace("zingeving: 5", f"zingeving: {score}")
    checked = check(tmp_path, text)
    errors = [p for p in checked.problems if p.is_error]
    assert errors, "a bad score is never a silent figure"
    assert errors[0].line == 61
    assert fragment in errors[0].format()


def test_missing_dimension_is_named(tmp_path):
    text = BASE + "metingen:\n  - datum: 2026-11-01\n" + FULL.replace("      zingeving: 5\n", "")
    checked = check(tmp_path, text)
    errors = [p for p in checked.problems if p.is_error]
    assert len(errors) == 1, [p.format() for p in checked.problems]
    assert "zingeving" in errors[0].message
    assert errors[0].line == 59, "the problem points at the scores of that measurement"


def test_measurement_without_date(tmp_path):
    text = BASE + "metingen:\n  - door: samen\n" + FULL
    checked = check(tmp_path, text)
    errors = [p for p in checked.problems if p.is_error]
    assert errors and "datum" in errors[0].message
    assert errors[0].line == 57


def test_impossible_date(tmp_path):
    text = BASE + "metingen:\n  - datum: 2026-02-30\n" + FULL
    checked = check(tmp_path, text)
    errors = [p for p in checked.problems if p.is_error]
    assert errors and errors[0].line == 57
    assert "2026-02-30" in errors[0].format()


def test_measurements_out_of_order_warn_and_are_sorted(tmp_path):
    text = BASE + "metingen:\n  - datum: 2027-03-01\n" + FULL + "  - datum: 2026-11-01\n" + FULL
    checked = check(tmp_path, text)
    p = one(checked, "metingen-volgorde")
    assert not p.is_error
    assert p.line == 65, "the warning points at the measurement that is out of place"
    assert [str(m.datum) for m in checked.case.metingen] == ["2026-11-01", "2027-03-01"]


def test_two_measurements_on_one_day_warn(tmp_path):
    text = BASE + "metingen:\n  - datum: 2026-11-01\n" + FULL + "  - datum: 2026-11-01\n" + FULL
    p = one(check(tmp_path, text), "dubbele-meting")
    assert "2026-11-01" in p.message and "--vervang" in p.hint


def test_realised_status_without_realisatie_warns(tmp_path):
    p = one(check(tmp_path, BASE.replace("status: ingediend", "status: gerealiseerd")), "realisatie-ontbreekt")
    assert not p.is_error
    assert (p.line, p.column) == (6, 9)
    assert "realisatie-ontbreekt" not in [p.code for p in check(tmp_path, BASE).problems]


def test_planned_line_without_realised_amount_is_unknown_not_zero(tmp_path):
    text = BASE + "realisatie:\n  datum: 2026-12-01\n"
    checked = check(tmp_path, text)
    p = one(checked, "gerealiseerd-ontbreekt")
    assert not p.is_error
    assert p.path == ("waardendriehoek", "rendement", "posten", 2)
    assert "Huurtoeslag" in p.message and "onvolledig" in p.message and "telt als 0" not in p.message
    assert p.line == 42
    # lines without a breakthrough amount need no realised amount
    assert "Pleegzorgplaats" not in " ".join(x.message for x in checked.problems)
    line = checked.case.rendement.posten[2]
    assert line.gerealiseerd is None and not line.realised_known  # unknown in the model, not a 0 with a flag


@pytest.mark.parametrize("value", ['""', "", "null", "'  '"])
def test_empty_realised_quantity_is_an_error(tmp_path, value):
    text = BASE.replace("        doorbraak: 1\n", f"        doorbraak: 1\n        gerealiseerd: {value}\n")
    checked = check(tmp_path, text + "realisatie:\n  datum: 2026-12-01\n")
    p = one(checked, "gerealiseerd-leeg")
    assert p.is_error and checked.case is None
    assert p.line == 47 and p.column in (22, 23)  # the value, or the end of its key when there is none
    assert p.path == ("waardendriehoek", "rendement", "posten", 2, "gerealiseerd")
    assert "gerealiseerd: 0" not in p.hint and "0 als er niets nodig was" in p.hint


def test_explicit_zero_is_a_known_realised_quantity(tmp_path):
    text = BASE.replace("        doorbraak: 1\n", "        doorbraak: 1\n        gerealiseerd: 0\n")
    checked = check(tmp_path, text + "realisatie:\n  datum: 2026-12-01\n")
    assert "gerealiseerd-ontbreekt" not in [p.code for p in checked.problems]
    assert checked.case.rendement.posten[2].gerealiseerd.value == 0


def test_realised_quantity_without_realisation_warns_and_counts_nowhere(tmp_path):
    text = BASE.replace("        doorbraak: 1\n", "        doorbraak: 1\n        gerealiseerd: 1\n")
    checked = check(tmp_path, text)
    p = one(checked, "gerealiseerd-zonder-realisatie")
    assert not p.is_error and p.line == 47
    assert not checked.case.evaluated  # nothing to evaluate: no money figure is made of it


def test_bad_follow_up_term(tmp_path):
    text = BASE + "realisatie:\n  datum: 2026-12-01\n  metingen_na: [3 maanden, straks]\n"
    p = one(check(tmp_path, text), "ongeldige-termijn")
    assert p.is_error and "'straks'" in p.message
    assert p.line == 58


def test_negative_realised_amount_is_an_error(tmp_path):
    text = BASE.replace("        doorbraak: 1\n", "        doorbraak: 1\n        gerealiseerd: -1\n")
    checked = check(tmp_path, text + "realisatie:\n  datum: 2026-12-01\n")
    errors = [p for p in checked.problems if p.is_error]
    assert errors and errors[0].line == 47
