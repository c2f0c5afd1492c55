"""`doorbraak report`: portfolio figures over folders of cases.

Golden figures for the sample plans are typed by hand from METHOD.md (the
book's exact price × quantity sums and the price lists' domains), never taken
from the program's output. Generated cases (tests/casegen.py) check that the
report adds up exactly what `calc` computes per case, on every YAML backend,
in one process or in workers, cold or from the cache.
"""

import datetime
import json
import os
import shutil
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import casegen
import pytest
from conftest import BOOK, SAMPLES
from typer.testing import CliRunner

from doorbraak_cli.batch import collect as reportrun_collect
from doorbraak_cli.batch import progress as reportrun_progress
from doorbraak_cli.batch import workers
from doorbraak_cli.cli import app
from doorbraak_cli.commands import report as report_cmd
from doorbraak_cli.compute.portfolio import keys
from doorbraak_cli.compute.portfolio import summary as portfolio
from doorbraak_cli.compute.portfolio.casesummary import SummaryPayload, from_json
from doorbraak_cli.compute.portfolio.summary import Filters
from doorbraak_cli.model.run import RunContext

REPORT = workers.Work("report", SummaryPayload())  # what `report` does with each case

runner = CliRunner()
D = Decimal

# METHOD.md, plans 2-6 and the variant of plan 6 with a year of closed youth care (€ 55.800)
PLAN_TOTALS = {  # huidig, dreigend, doorbraak
    "plan-2-esther-en-javairo.yaml": (D("23579.92"), D("67377.84"), D("27187.84")),
    "plan-3-lars-en-klaas.yaml": (D("12627.84"), D("12627.84"), D("1750")),
    "plan-4-derk-jan.yaml": (D("3380"), D("37387.84"), D("15255.84")),
    "plan-5-willem.yaml": (D("6500"), D("42500"), D("7700")),
    "plan-6-eveline.yaml": (D("0"), D("57650"), D("3600")),
    "plan-6b-eveline-gesloten-jeugdzorg.yaml": (D("0"), D("57650"), D("59400")),
}
TITELS = ("Esther", "Javairo", "Lars", "Klaas", "Derk Jan", "Willem", "Eveline")


def money(value) -> str:
    return str(D(value).quantize(D("0.01"), rounding=ROUND_HALF_UP))


def report_json(*args, env=None) -> dict:
    result = runner.invoke(app, ["report", "--format", "json", *args], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def folder_of_samples(tmp_path, names=None):
    """The sample plans spread over nested folders."""
    root = tmp_path / "casussen"
    for i, name in enumerate(sorted(names or PLAN_TOTALS)):
        sub = root / ("noord" if i % 2 else "zuid") / ("2026" if i % 3 else "oud")
        sub.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLES / name, sub / name)
    return root


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen")
    casegen.generate(str(root), 240, seed=7)
    return root


# --- the sample folder, by hand ----------------------------------------------------------------


def test_sample_folder_totals_by_hand():
    data = report_json(*BOOK)
    assert data["aantal_casussen"] == 6 and data["ongeldig"] == []
    huidig = D("23579.92") + D("12627.84") + D("3380") + D("6500") + D("0") + D("0")
    dreigend = D("67377.84") + D("12627.84") + D("37387.84") + D("42500") + D("57650") + D("57650")
    doorbraak = D("27187.84") + D("1750") + D("15255.84") + D("7700") + D("3600") + D("59400")
    assert data["totalen"] == {"huidig": "46087.76", "dreigend": "275193.52", "doorbraak": "114893.68"}
    assert data["totalen"] == {"huidig": money(huidig), "dreigend": money(dreigend), "doorbraak": money(doorbraak)}
    assert data["rendement"] == {"huidig": money(huidig - doorbraak), "dreigend": money(dreigend - doorbraak)}
    assert data["rendement"] == {"huidig": "-68805.92", "dreigend": "160299.84"}


def test_sample_folder_per_domain_by_hand():
    """Domains from the price lists (plan 2's beschermd wonen is booked on the Wlz in the case)."""
    pd = report_json(*BOOK)["per_domein"]
    assert list(pd) == ["Zvw", "Wmo", "Jeugdwet", "Wlz", "Participatiewet", "Wgs", "Overig"]
    bijstand = 12 * D("1052.32")
    expected = {
        # dagactiviteit 416 x 35; maatschappelijk werker 52 x 65 / 104 x 65 and 100 x 65; opvang 12.000, 365 x 100, 182 x 100
        "Wmo": (416 * 35 + 52 * 65 + 100 * 65, 104 * 65 + 12000 + 365 * 100 + 2 * 182 * 100, 416 * 35 + 100 * 65),
        # jeugdbescherming 3 x 5.400, pleegzorg 1,5 x 7.000, OTS 1,5 x 7.500 (twice); gesloten jeugdzorg 55.800
        "Jeugdwet": (0, 2 * (3 * 5400 + D("1.5") * 7000 + D("1.5") * 7500), 55800),
        "Wlz": (0, 365 * 150, 0),
        # kostendelersnorm 12 x 751,66; bijstand 12 x 1.052,32 in plans 2, 3, 4; e-bike 1.750
        "Participatiewet": (12 * D("751.66") + bijstand, 3 * bijstand, bijstand + 1750 + bijstand),
        # schuldhulpverlening 1.500; budgetcoach 12 x 94
        "Wgs": (0, 2 * 1500, 1500 + 12 * 94 + 2 * 1500),
        # uitzetting 6.000 (plans 4, 5); mutatie 1.200; huurtoeslag 2.100 (plan 6 and 6b)
        "Overig": (0, 2 * 6000, 1200 + 2 * 2100),
        "Zvw": (0, 0, 0),
    }
    for domein, (h, d, b) in expected.items():
        assert pd[domein] == {"huidig": money(h), "dreigend": money(d), "doorbraak": money(b)}, domein


def test_sample_folder_per_case_comparisons_and_split():
    data = report_json(*BOOK)
    # comparisons per plan (huidig - doorbraak, dreigend - doorbraak) from METHOD.md's totals
    huidig = sorted(h - b for h, _, b in PLAN_TOTALS.values())
    dreigend = sorted(d - b for _, d, b in PLAN_TOTALS.values())
    assert data["per_casus"]["gemiddeld"] == {"huidig": money(sum(huidig) / 6), "dreigend": money(sum(dreigend) / 6)}
    assert data["per_casus"]["mediaan"] == {"huidig": money((huidig[2] + huidig[3]) / 2),
                                            "dreigend": money((dreigend[2] + dreigend[3]) / 2)}
    assert data["per_casus"]["mediaan"] == {"huidig": "-3603.96", "dreigend": "28466.00"}
    # only plan 6b (€ 59.400 against € 57.650) costs more than the threatening scenario; only plan 3 is
    # cheaper than the current situation
    assert data["goedkoper_dan"] == {"dreigend": 5, "huidig": 1}
    jeugd = data["rendement_per_domein"]["Jeugdwet"]["dreigend"]
    assert jeugd == {"investering": money(D("37950") - 55800), "opbrengst": "37950.00",
                     "saldo": money(2 * D("37950") - 55800)}
    wlz = data["rendement_per_domein"]["Wlz"]
    assert wlz["dreigend"] == {"investering": "0.00", "opbrengst": "54750.00", "saldo": "54750.00"}
    assert data["per_gemeente"]["Doorbraakdorp"] == {  # plans 3 and 5, both with a cost-benefit analysis
        "aantal": 2, "met_kosten_batenanalyse": 2,
        "rendement": {"huidig": money(D("10877.84") - 1200), "dreigend": money(D("10877.84") + 34800)},
        "totalen": {"huidig": money(D("12627.84") + 6500), "dreigend": money(D("12627.84") + 42500),
                    "doorbraak": money(1750 + 7700)}}
    assert data["per_gemeente"]["Voorbeeldstad"]["aantal"] == 4


def test_sample_folder_breakthroughs_rules_and_problems():
    data = report_json(*BOOK)
    d = data["doorbraken"]
    assert (d["aantal"], d["met_uitzondering"], d["aandeel_uitzondering_procent"]) == (8, 7, "87.5")
    assert d["per_leefgebied"]["wonen"] == {"aantal": 3, "met_uitzondering": 3, "aandeel_uitzondering_procent": "100.0"}
    assert d["per_leefgebied"]["schulden"]["met_uitzondering"] == 0
    regels = {r["regel"]: r["casussen"] for r in data["legitimiteit"]["regels"]}
    assert regels["Participatiewet, artikel 18, lid 1"] == 2  # plans 2 and 4
    assert regels["Protocol Verstrekking Woonurgenties van gemeente en woningcorporaties, samenvatting punt 7"] == 2
    wie = data["legitimiteit"]["wie_gaat_erover"]
    assert wie[0] == {"wie": "College van B&W", "casussen": 6, "schrijfwijzen": 1}
    assert data["problemen"]["schulden"] == 4 and data["problemen"]["wonen"] == 4


def test_the_breakthroughs_and_problems_say_how_many_cases_they_count():
    """The sample folder: seven plans, nine breakthroughs (one each, plan 4 three), eight of them asking for an
    exception. The sentence and the problems' table name the seven cases they count, as every portfolio figure does."""
    result = runner.invoke(app, ["report", "-f", "markdown", str(SAMPLES)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert ("In de 7 meegetelde casussen: 9 doorbraken, waarvan 8 (88,9%) een uitzondering op een regel vroeg."
            in text)
    assert "**Problemen in de 7 meegetelde casussen**" in text


# --- held-back plans in nested folders plus broken files ---------------------------------------------


def test_four_plans_in_nested_folders_and_broken_files(tmp_path):
    four = ["plan-2-esther-en-javairo.yaml", "plan-3-lars-en-klaas.yaml", "plan-4-derk-jan.yaml", "plan-5-willem.yaml"]
    root = folder_of_samples(tmp_path, four)
    deep = root / "zuid" / "oud" / "kapot"
    deep.mkdir(parents=True)
    (deep / "stuk.yaml").write_text("schema: doorbraakplan/1\nid: x\n  titel: [oeps\n", encoding="utf-8")
    (root / "leeg.yml").write_text("", encoding="utf-8")
    (root / "binair.yaml").write_bytes(b"\xff\xfe\x00\x01")
    result = runner.invoke(app, ["report", "-f", "json", str(root)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["aantal_casussen"] == 4
    bad = {os.path.basename(o["bestand"]): o["fout"] for o in data["ongeldig"]}
    assert set(bad) == {"stuk.yaml", "leeg.yml", "binair.yaml"}
    assert bad["stuk.yaml"].startswith(str(deep / "stuk.yaml") + ":3:")  # file:line:col of the first error
    assert "fout[" in bad["leeg.yml"] and "UTF-16" in bad["binair.yaml"]
    h = D("23579.92") + D("12627.84") + D("3380") + D("6500")
    d = D("67377.84") + D("12627.84") + D("37387.84") + D("42500")
    b = D("27187.84") + D("1750") + D("15255.84") + D("7700")
    assert data["totalen"] == {"huidig": money(h), "dreigend": money(d), "doorbraak": money(b)}
    assert data["rendement"] == {"huidig": money(h - b), "dreigend": money(d - b)}
    assert data["per_domein"]["Wlz"] == {"huidig": "0.00", "dreigend": money(365 * 150), "doorbraak": "0.00"}
    assert data["per_domein"]["Wgs"] == {"huidig": "0.00", "dreigend": "0.00", "doorbraak": money(1500 + 12 * 94)}
    assert "3 bestanden zijn ongeldig" in result.stderr


@pytest.mark.parametrize("broken, said", [(1, "1 bestand is ongeldig en telt in geen enkel cijfer mee"),
                                           (2, "2 bestanden zijn ongeldig en tellen in geen enkel cijfer mee")])
def test_the_invalid_files_are_counted_in_a_dutch_sentence(tmp_path, broken, said):
    root = folder_of_samples(tmp_path, ["plan-4-derk-jan.yaml"])
    for i in range(broken):
        (root / f"kapot-{i}.yaml").write_text("schema: doorbraakplan/1\nid: [\n", encoding="utf-8")
    for fmt in ("markdown", "terminal", "html"):
        result = runner.invoke(app, ["report", "-f", fmt, str(root)])
        assert result.exit_code == 0, result.output
        assert said in " ".join(result.stdout.split()), fmt


def test_duplicate_id_is_listed_and_not_counted(tmp_path):
    root = folder_of_samples(tmp_path, ["plan-3-lars-en-klaas.yaml"])
    (root / "zzz").mkdir()
    shutil.copy(SAMPLES / "plan-3-lars-en-klaas.yaml", root / "zzz" / "kopie.yaml")  # later in file order
    data = report_json(str(root))
    assert data["aantal_casussen"] == 1 and data["totalen"]["doorbraak"] == "1750.00"
    (dup,) = data["ongeldig"]
    assert dup["bestand"].endswith("kopie.yaml") and "dubbel-id" in dup["fout"] and "plan-3-lars" in dup["fout"]


def test_the_cache_keeps_one_report_per_question(tmp_path):
    """Each edit of a case gives another report; the latest replaces the one stored before, for the same folders,
    format and filters."""
    root = folder_of_samples(tmp_path)
    case = next(root.rglob("*.yaml"))
    text = case.read_text(encoding="utf-8")
    from doorbraak_cli.source import cache

    for i in range(3):
        case.write_text(text + f"# versie {i}\n", encoding="utf-8")
        for _ in range(2):
            report_json(str(root))
    assert len(list((cache.cache_dir() / "report-out").rglob("*.json"))) == 1
    report_json(str(root), "--gemeente", "Zoetermeer")
    assert len(list((cache.cache_dir() / "report-out").rglob("*.json"))) == 2
    assert len(list((cache.cache_dir() / "index").iterdir())) == 1


# Run in a new interpreter: a test process may hold threads of other libraries (pyarrow's, after the export
# tests), and then no run forks, as on the command line. The script prints what the test checks.
FOLD_BESIDE = """
import json, os, re, sys
from doorbraak_cli.batch import workers
from doorbraak_cli.commands import report

folder, victim, lost = sys.argv[1], sys.argv[2], sys.argv[3] == "1"

def die(_):
    os._exit(3)  # the forked fold dies (out of memory, killed): its state never comes

workers.BACKGROUND_FOLD_FROM = 1
first = report.answer([folder], "json", jobs=2)
text = open(victim, encoding="utf-8").read()
text = re.sub(r"^status: .*$", "status: gestopt", text, count=1, flags=re.M)
open(victim, "w", encoding="utf-8").write(text + ("" if "\\ngestopt:" in text else "gestopt:\\n  reden: anders\\n"))
states = []
real = workers.BackgroundFold.result
workers.BackgroundFold.result = lambda self: states.append(real(self)) or states[-1]
ready = workers.Folded.result  # the report's own: the index's cases checked and folded before it reads on
workers.Folded.result = lambda self: states.append(ready(self)) or states[-1]
if lost:
    workers._check_fold = die
    workers._fold_summaries = die
again = report.answer([folder], "json", jobs=2)
truth = report.answer([folder], "json", use_cache=False)
print(json.dumps({"codes": [first.code, again.code], "same": again.out == truth.out, "report": json.loads(truth.out),
                  "states": [s is not None for s in states]}))
"""


@pytest.mark.parametrize("duplicate, lost", [(False, False), (True, False), (False, True)])
def test_the_index_folded_beside_the_parent_counts_as_the_report(tmp_path, duplicate, lost):
    """After one case changed, the index's many cases are read back and folded in forked processes, not by the
    parent. A later file with an id already used, or a fold that is lost, still gives exactly the report's
    figures."""
    import subprocess
    import sys

    from conftest import ROOT

    cases = tmp_path / "casussen"
    casegen.generate(str(cases), 40, seed=11)
    files = sorted(cases.rglob("*.yaml"))
    if duplicate:
        shutil.copy(files[2], cases / "zzz-kopie.yaml")  # later in file order, from the index in the second run
    env = dict(os.environ, DOORBRAAK_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-c", FOLD_BESIDE, str(cases), str(files[-1]), "1" if lost else "0"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["codes"] == [0, 0] and got["same"]
    # the index's cases were folded beside the parent, once; when that was lost, the parent folded them itself
    # (after a lost check the background fold may be lost too, or not start: the pool's threads may linger)
    assert got["states"] in (([False], []) if lost else ([True],))
    assert got["report"]["aantal_casussen"] == 40 and len(got["report"]["ongeldig"]) == duplicate
    assert got["report"]["per_status"]["gestopt"] >= 1


def test_missing_folder_and_empty_folder(tmp_path):
    result = runner.invoke(app, ["report", str(tmp_path / "bestaat-niet")])
    assert result.exit_code == 1 and "bestaat niet" in result.stderr
    result = runner.invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 1 and "geen casusbestanden" in result.stderr


# --- the same figures as calc, on every path ------------------------------------------------------------


def _calc_sums(files):
    """Per scenario and per domain, the exact sum of calc's own figures per case, over the cases with a
    cost-benefit analysis (status ingediend or later, or stopped after a plan): drafts count in no money figure."""
    from doorbraak_cli.check import case as check
    from doorbraak_cli.compute import cost as calc
    from doorbraak_cli.model.vocabulary import PLAN_STATUSES

    tot = {s: Fraction(0) for s in ("huidig", "dreigend", "doorbraak")}
    dom: dict = {}
    n = 0
    for f in files:
        checked = check.check_file(f)
        if checked.case is None:
            continue
        n += 1
        case = checked.case
        if not (case.status in PLAN_STATUSES or (case.status == "gestopt" and case.rendement.posten)):
            continue
        r = calc.compute(case)
        for s in tot:
            tot[s] += r.totals[s]
        for d, t in r.per_domein.items():
            for s in tot:
                dom.setdefault(d, {x: Fraction(0) for x in tot})[s] += t[s]
    return n, tot, dom


def test_generated_cases_add_up_to_calc(generated):
    from doorbraak_cli.present.numbers import amount_json
    from doorbraak_cli.source.discover import find_files

    files, _ = find_files([str(generated)])
    n, tot, dom = _calc_sums(files)
    data = report_json(str(generated))
    assert data["aantal_casussen"] == n == 240 and data["ongeldig"] == []
    assert data["totalen"] == {s: amount_json(v) for s, v in tot.items()}
    for d, t in dom.items():
        assert data["per_domein"][d] == {s: amount_json(v) for s, v in t.items()}, d
    assert set(data["per_domein"]) == {"Zvw", "Wmo", "Jeugdwet", "Wlz", "Participatiewet", "Wgs", "Overig"}
    assert data["indicatief"]["posten"] > 0  # the generator marks some lines indicatief; they are kept apart


@pytest.mark.parametrize("backend", ["pyyaml", "ruamel"])
def test_every_yaml_backend_gives_the_same_report(generated, backend, tmp_path):
    """Samples and generated cases: identical figures whichever loader read them (no cache in play)."""
    paths = [str(SAMPLES), str(generated)]
    ref = report_cmd.answer(paths, "json", use_cache=False, jobs=1, backend="libyaml")
    other = report_cmd.answer(paths, "json", use_cache=False, jobs=1, backend=backend)
    assert ref.code == other.code == 0
    assert other.out == ref.out


def test_workers_and_one_process_agree(generated):
    """Chunks folded in worker processes and merged give exactly the sequential result."""
    serial = report_cmd.answer([str(generated)], "json", use_cache=False, jobs=1)
    parallel = report_cmd.answer([str(generated)], "json", use_cache=False, jobs=2)
    assert parallel.out == serial.out


_PARENT = None
_REAL_WORK_CHUNK = workers.work_chunk


def _dying(task):
    """A worker function that kills any worker process it runs in."""
    if os.getpid() != _PARENT:
        os._exit(3)
    return _REAL_WORK_CHUNK(task)


def test_a_lost_worker_never_hangs_the_report(generated, monkeypatch):
    """A worker that dies (a crash in a C library, the OOM killer) breaks the pool: the rest is done in-process."""
    global _PARENT
    _PARENT = os.getpid()
    monkeypatch.setattr(workers, "start_method", lambda: "fork")  # the forked worker sees this module
    monkeypatch.setattr(workers, "work_chunk", _dying)
    broken = report_cmd.answer([str(generated)], "json", use_cache=False, jobs=2)
    monkeypatch.undo()
    assert broken.code == 0
    assert broken.out == report_cmd.answer([str(generated)], "json", use_cache=False, jobs=1).out


@pytest.mark.parametrize("where", ["submit", "shutdown"])
def test_a_pool_whose_pipe_closes_under_it_never_fails_the_report(generated, monkeypatch, where):
    """CPython 3.11 can raise OSError("handle is closed") from a pool that lost a worker, in a submit or in its
    shutdown (its wakeup pipe closed under it). The report then does the chunks it did not get in-process: the
    same figures, never an internal error (this once failed a full test run under load)."""
    import concurrent.futures

    real = concurrent.futures.ProcessPoolExecutor

    class ClosingPool(real):
        submitted = 0

        def submit(self, *args, **kwargs):
            ClosingPool.submitted += 1
            if where == "submit" and ClosingPool.submitted > 2:
                raise OSError("handle is closed")
            return super().submit(*args, **kwargs)

        def shutdown(self, *args, **kwargs):
            super().shutdown(*args, **kwargs)
            if where == "shutdown":
                raise OSError("handle is closed")

    monkeypatch.setattr(workers, "start_method", lambda: "fork")
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", ClosingPool)
    got = report_cmd.answer([str(generated)], "json", use_cache=False, jobs=2)
    monkeypatch.undo()
    assert ClosingPool.submitted > 2  # the pool was used
    assert got.code == 0
    assert got.out == report_cmd.answer([str(generated)], "json", use_cache=False, jobs=1).out


def test_fork_only_in_a_single_threaded_process():
    import threading

    method = workers.start_method()
    assert method in ("fork", "forkserver", "spawn")
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert workers.start_method() != "fork"
    finally:
        stop.set()
        t.join()


def test_aggregate_is_independent_of_how_cases_are_split(generated):
    from doorbraak_cli.source.discover import find_files

    files, _ = find_files([str(generated)])
    summaries = [from_json(workers.process_file(f, REPORT)[3]) for f in files[:60]]
    day = datetime.date(2026, 11, 25)
    whole = portfolio.aggregate((("case", f"f{i}", s) for i, s in enumerate(summaries)), None, RunContext.of(day))
    acc = portfolio.Accumulator()
    for part in (summaries[:7], summaries[7:40], summaries[40:]):
        sub = portfolio.Accumulator()
        for s in part:
            sub.add(s)
        acc.merge(sub.states)
    assert acc.result([], 0, RunContext.of(day)) == whole


# --- cache: warm is byte-identical, never stale ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "markdown", "html", "csv", "terminal"])
def test_warm_output_is_byte_identical_to_cold(generated, fmt):
    cold = runner.invoke(app, ["report", "-f", fmt, "-q", str(generated)])
    warm = runner.invoke(app, ["report", "-f", fmt, "-q", str(generated)])
    assert cold.exit_code == warm.exit_code == 0
    assert warm.stdout == cold.stdout
    uncached = runner.invoke(app, ["report", "-f", fmt, "--no-cache", str(generated)])
    assert uncached.stdout == cold.stdout


def test_warm_report_does_no_case_work(generated, monkeypatch):
    first = runner.invoke(app, ["report", "-f", "json", str(generated)])

    def boom(*a, **k):
        raise AssertionError("a case was processed again")

    monkeypatch.setattr(workers, "process_file", boom)
    monkeypatch.setattr(workers, "work_chunk", boom)
    again = runner.invoke(app, ["report", "-f", "json", str(generated)])
    assert again.exit_code == 0 and again.stdout == first.stdout
    other = runner.invoke(app, ["report", "-f", "markdown", str(generated)])  # from the index, not the output cache
    assert other.exit_code == 0 and "Portfoliorapportage" in other.stdout


def test_report_from_the_index_equals_a_fresh_one(generated, monkeypatch):
    """Another format (or filter) after a first run folds cached summaries in the parent: same figures."""
    runner.invoke(app, ["report", "-f", "json", str(generated)])
    monkeypatch.setattr(workers, "work_chunk", lambda *a, **k: (_ for _ in ()).throw(AssertionError("recomputed")))
    from_index = runner.invoke(app, ["report", "-f", "markdown", "-g", "Tilburg", "-g", "Dongen", str(generated)])
    monkeypatch.undo()
    fresh = runner.invoke(app, ["report", "-f", "markdown", "-g", "Tilburg", "-g", "Dongen", "--no-cache",
                                str(generated)])
    assert from_index.exit_code == 0 and from_index.stdout == fresh.stdout


def test_cache_is_never_stale(tmp_path):
    root = folder_of_samples(tmp_path, ["plan-3-lars-en-klaas.yaml", "plan-5-willem.yaml"])
    first = report_json(str(root))
    assert first["totalen"]["doorbraak"] == money(1750 + 7700)
    # a changed case
    p = next(root.rglob("plan-5-willem.yaml"))
    p.write_text(p.read_text(encoding="utf-8").replace("      - post: mutatie-woning\n        doorbraak: 1\n",
                                                        "      - post: mutatie-woning\n        doorbraak: 2\n"),
                 encoding="utf-8")
    assert report_json(str(root))["totalen"]["doorbraak"] == money(1750 + 6500 + 2 * 1200)
    # a local price list of the case repository that overrides an id
    (root / ".git").mkdir()
    lists = root / "pricelists"
    lists.mkdir()
    (lists / "maatschappelijke-prijslijst-2017.yaml").write_text(
        "schema: prijslijst/1\nnaam: Lokaal\nversie: '2026'\nbron: test\nposten:\n"
        "  maatschappelijk-werker: {omschrijving: Maatschappelijk werker, prijs: 70, eenheid: uur, domein: Wmo}\n"
        "  mutatie-woning: {omschrijving: Mutatie, prijs: 1200, eenheid: keer, domein: Overig}\n"
        "  uitzetting-huurwoning: {omschrijving: Uitzetting, prijs: 6000, eenheid: keer, domein: Overig}\n"
        "  maatschappelijke-opvang-verblijf: {omschrijving: Opvang, prijs: 100, eenheid: dag, domein: Wmo}\n",
        encoding="utf-8")
    data = report_json(str(root))
    assert data["totalen"]["doorbraak"] == money(1750 + 100 * 70 + 2 * 1200)
    assert data["prijslijsten_overgeslagen"] == 1  # the list itself is not a case
    # an edited price list
    text = (lists / "maatschappelijke-prijslijst-2017.yaml").read_text(encoding="utf-8")
    (lists / "maatschappelijke-prijslijst-2017.yaml").write_text(text.replace("prijs: 70", "prijs: 75"), encoding="utf-8")
    assert report_json(str(root))["totalen"]["doorbraak"] == money(1750 + 100 * 75 + 2 * 1200)
    # a deleted case
    p.unlink()
    assert report_json(str(root))["aantal_casussen"] == 1


def test_cache_is_json_safe_to_delete_and_name_free(generated, tmp_path):
    cache_dir = tmp_path / "c"
    env = {"DOORBRAAK_CACHE_DIR": str(cache_dir)}
    first = runner.invoke(app, ["report", "-f", "json", str(generated)], env=env).stdout
    files = [p for p in cache_dir.rglob("*") if p.is_file()]
    assert files
    for p in files:
        text = p.read_text(encoding="utf-8")  # JSON or JSON Lines, never pickle
        for line in text.splitlines():
            for part in line.split("\t"):
                json.loads(part)
        assert casegen.NAME_MARK not in text
    shutil.rmtree(cache_dir)
    assert runner.invoke(app, ["report", "-f", "json", str(generated)], env=env).stdout == first
    # a corrupt index is a miss, never an error
    (idx,) = list((cache_dir / "index").glob("*.jsonl"))
    idx.write_text("{kapot", encoding="utf-8")
    for p in (cache_dir / "report-out").rglob("*.json"):
        p.write_text("kapot", encoding="utf-8")
    assert runner.invoke(app, ["report", "-f", "json", str(generated)], env=env).stdout == first


# --- filters ----------------------------------------------------------------------------------------------------


def test_filters_on_gemeente_status_and_date(generated):
    from doorbraak_cli.check.case import check_file
    from doorbraak_cli.source.discover import find_files

    files, _ = find_files([str(generated)])
    cases = [check_file(f).case for f in files]
    all_data = report_json(str(generated))
    tilburg = report_json(str(generated), "--gemeente", "tilburg")
    assert tilburg["aantal_casussen"] == sum(c.gemeente == "Tilburg" for c in cases) > 0
    assert list(tilburg["per_gemeente"]) == ["Tilburg"]
    assert tilburg["per_gemeente"]["Tilburg"] == all_data["per_gemeente"]["Tilburg"]
    two = report_json(str(generated), "-s", "gerealiseerd", "-s", "afgesloten")
    assert two["aantal_casussen"] == sum(c.status in ("gerealiseerd", "afgesloten") for c in cases)
    assert {k for k, v in two["per_status"].items() if v} <= {"gerealiseerd", "afgesloten"}
    since = report_json(str(generated), "--sinds", "2026-01-01")
    assert since["aantal_casussen"] == sum(c.datum is not None and c.datum.isoformat() >= "2026-01-01" for c in cases)
    assert since["filters"] == {"gemeente": [], "status": [], "sinds": "2026-01-01"}
    bad = runner.invoke(app, ["report", str(generated), "--sinds", "1-1-2026"])
    assert bad.exit_code == 2 and "JJJJ-MM-DD" in bad.output
    assert runner.invoke(app, ["report", str(generated), "--status", "klaar"]).exit_code == 2


# --- the other sections -----------------------------------------------------------------------------------------------

EXTRA = """
datum: {datum}
reis:
{reis}
maatwerkbudget:
  - bedrag: 1000
    categorie: huurschuld
  - bedrag: "€ 250,50"
    categorie: Huurschuld
  - bedrag: 500
    categorie: papierwerk
"""


def _with_journey(tmp_path, events_per_case):
    """Copies of plan 5 with their own id, date, journey and budget."""
    base = (SAMPLES / "plan-5-willem.yaml").read_text(encoding="utf-8")
    root = tmp_path / "reis"
    root.mkdir()
    for i, events in enumerate(events_per_case):
        reis = "".join(f"  - datum: {d}\n    gebeurtenis: {e}\n    bij: {casegen.NAME_MARK}bij{i}\n" for d, e in events)
        text = base.replace("id: 2020-voorbeeld-005", f"id: reis-{i}") + EXTRA.format(datum=events[0][0], reis=reis)
        (root / f"casus-{i}.yaml").write_text(text, encoding="utf-8")
    return root


def test_journey_budget_and_taxonomy(tmp_path):
    root = _with_journey(tmp_path, [
        [("2026-01-05", "ingediend"), ("2026-01-08", "goedgekeurd"), ("2026-02-01", "gerealiseerd")],  # 3 days
        [("2026-01-05", "ingediend"), ("2026-01-10", "opgeschaald"), ("2026-01-25", "goedgekeurd")],  # 20 days
        [("2026-02-01", "ingediend"), ("2026-02-15", "afgewezen")],  # 14 days
        [("2026-03-01", "aangemeld"), ("2026-03-02", "ingediend"), ("2026-03-12", "goedgekeurd")],  # 10 days
        [("2026-03-01", "ingediend")],  # no decision yet
    ])
    data = report_json(str(root))
    r = data["reis"]
    assert (r["casussen_met_reis"], r["ingediend"], r["besloten"]) == (5, 5, 4)
    # days 3, 10, 14, 20: median 12, quartiles (inclusive) 8.25 and 15.5
    assert r["dagen_tot_besluit"] == {"mediaan": 12, "kwartiel_1": 8.25, "kwartiel_3": 15.5, "min": 3, "max": 20}
    assert r["binnen_14_dagen"] == 3 and r["opgeschaald"] == 1
    assert r["besluiten"] == {"goedgekeurd": 3, "afgewezen": 1, "nog_geen_besluit": 1}
    assert r["laatste_stap"] == {"ingediend": 1, "goedgekeurd": 2, "afgewezen": 1, "gerealiseerd": 1}
    mb = data["maatwerkbudget"]
    assert mb["casussen"] == 5 and mb["totaal"] == money(5 * (1000 + D("250.50") + 500))
    assert mb["per_categorie"]["huurschuld"] == {"bedrag": money(5 * D("1250.50")), "aandeel_procent": "71.4"}
    assert data["problemen"] == {"overlast": 5, "schulden": 5, "verslaving": 5, "wonen": 5}
    text = " ".join(runner.invoke(app, ["report", str(root)]).stdout.split())
    assert "mediaan 12, kwartielen 8,25 en 15,5" in text and "Binnen 14 dagen besloten: 3 van de 4" in text


def test_indicative_lines_are_shown_apart_and_never_counted(tmp_path):
    root = folder_of_samples(tmp_path, ["plan-3-lars-en-klaas.yaml"])
    p = next(root.rglob("*.yaml"))
    text = p.read_text(encoding="utf-8").replace(
        "      - post: e-bike\n        doorbraak: 1\n",
        "      - post: e-bike\n        doorbraak: 1\n"
        "      - omschrijving: Minder ziekteverzuim\n        prijs: 333.33\n        eenheid: maand\n"
        "        domein: Zvw\n        bron: schatting\n        huidig: 3\n        zekerheid: indicatief\n")
    assert text != p.read_text(encoding="utf-8")
    p.write_text(text, encoding="utf-8")
    data = report_json(str(root))
    assert data["totalen"] == {"huidig": "12627.84", "dreigend": "12627.84", "doorbraak": "1750.00"}
    assert data["per_domein"]["Zvw"] == {"huidig": "0.00", "dreigend": "0.00", "doorbraak": "0.00"}
    assert data["indicatief"] == {"casussen": 1, "posten": 1, "meegeteld": False,
                                  "totalen": {"huidig": money(3 * D("333.33")), "dreigend": "0.00", "doorbraak": "0.00"}}
    assert "Indicatief, apart getoond en nergens meegeteld: 1 post in 1 casus" in runner.invoke(app, ["report", str(root)]).stdout


def test_rule_normalisation_groups_trivial_spellings():
    k = keys.rule_key
    assert k("Participatiewet, artikel 22a") == k("participatiewet art. 22a") == k("PARTICIPATIEWET  ART 22A.")
    assert k("Jeugdwet, artikel 2.3") == k("Jeugdwet art 2.3") != k("Jeugdwet, artikel 2.4")
    assert k("Wet één, artikelen 3") == k("wet een art 3")
    assert keys.decider_head("College van B&W; in de uitvoering de consulent") == "College van B&W"
    assert keys.decider_head("College van B&W: de wethouder kan afwijken") == "College van B&W"
    assert keys.decider_key("college van B&W, op voorspraak") == keys.decider_key("College van B&W")


def test_generated_rule_variants_are_counted_once_per_case(generated):
    data = report_json(str(generated))
    regels = data["legitimiteit"]["regels"]
    # the generator writes up to four spellings of each of its nine rules
    assert data["legitimiteit"]["aantal_regels"] == len(casegen.RULES)
    top = regels[0]
    assert top["schrijfwijzen"] >= 1 and top["casussen"] >= regels[-1]["casussen"]
    assert sum(r["casussen"] for r in regels) <= 3 * data["aantal_casussen"]


# --- privacy, formats, progress ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "json", "csv"])
def test_no_report_shows_a_pseudonym_or_a_name(generated, tmp_path, fmt):
    root = _with_journey(tmp_path, [[("2026-01-05", "ingediend"), ("2026-01-08", "goedgekeurd")]])
    out = runner.invoke(app, ["report", "-f", fmt, str(generated), str(SAMPLES), str(root)]).stdout
    assert "Portfolio" in out or "aantal_casussen" in out
    assert casegen.NAME_MARK not in out  # every generated titel, regievoerder, wie and bij carries this mark
    for titel in TITELS:
        assert titel not in out
    assert "Consulent sociaal wijkteam" not in out  # the sample plans' regievoerder


def test_html_is_one_self_contained_page_with_svg_charts():
    html = runner.invoke(app, ["report", "-f", "html", *BOOK]).stdout
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert html.count("<svg") == 3
    for needle in ("<script", "<link", "src=", "href=", "@import", "url("):
        assert needle not in html
    rest = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http:" not in rest and "https:" not in rest and "//" not in rest
    assert "default-src 'none'" in html  # the page itself forbids any load
    assert "€ 46.087,76" in html and "Kosten t.o.v. huidige situatie: € 68.805,92" in html


def test_markdown_and_terminal_sections():
    md = runner.invoke(app, ["report", "-f", "markdown", *BOOK]).stdout
    for title in ("1. Casussen", "2. Rendement", "3. Doorbraken", "4. Legitimiteit: patronen", "5. Maatwerkbudget",
                  "6. Reis", "7. Problemen"):
        assert f"## {title}" in md
    assert "| Huidige situatie | € 46.087,76 |" in md
    term = runner.invoke(app, ["report", *BOOK]).stdout
    assert "Rendement t.o.v. dreigend scenario: € 160.299,84" in term


def test_csv_report_is_long_and_machine_readable():
    import csv
    import io

    rows = list(csv.reader(io.StringIO(runner.invoke(app, ["report", "-f", "csv", *BOOK]).stdout)))
    assert rows[0] == ["sectie", "groep", "sleutel", "waarde"]
    assert ["totalen", "", "huidig", "46087.76"] in rows
    assert ["per_domein", "Wlz", "dreigend", "54750.00"] in rows


def test_progress_bar_only_on_a_terminal_and_not_when_quiet(monkeypatch):
    result = runner.invoke(app, ["report", "-f", "json", str(SAMPLES)])
    assert result.stderr == ""  # CliRunner's stderr is no terminal: no bar
    monkeypatch.setattr(reportrun_progress, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(reportrun_progress.sys.stderr, "isatty", lambda: True, raising=False)
    bar = reportrun_progress.Progress(10, "x", enabled=True)
    bar.advance(1)
    assert bar.bar is not None
    bar.close()
    quiet = reportrun_progress.Progress(10, "x", enabled=False)
    quiet.advance(1)
    assert quiet.bar is None
    done = reportrun_progress.Progress(1, "x", enabled=True)
    done.advance(1)  # finished before it was needed: never shown
    assert done.bar is None


def test_portfolio_outlook_is_each_cases_own_analysis(generated):
    """Break-even, payback and flows in the summary are exactly what calc's JSON says for that case."""
    from doorbraak_cli.compute.portfolio.exact import frac
    from doorbraak_cli.present.numbers import amount_json
    from doorbraak_cli.source.discover import find_files

    files, _ = find_files([str(generated), str(SAMPLES)])
    checked = 0
    for f in files[:80]:
        sha, kind, summary, _ = workers.process_file(f, REPORT)
        if kind != "case":
            continue
        calc = json.loads(runner.invoke(app, ["calc", "-f", "json", "--no-cache", f]).stdout)
        be = calc["onzekerheid"]["break_even_kans"]
        assert (summary.break_even is None) == (be is None)
        if be is not None:
            assert abs(frac(summary.break_even) - Fraction(be)) < Fraction(1, 10**11)
        assert list(summary.terugverdiend) == [calc["meerjarig"]["terugverdiend_in_jaar"][a] for a in ("huidig", "dreigend")]
        flows = [(x["van"], x["naar"], x["bedrag"]) for x in calc["geldstromen"]["dreigend"]["stromen"]]
        assert [(v, n, amount_json(frac(x))) for v, n, x in summary.stromen] == flows
        checked += 1
    assert checked > 50


def test_output_file_follows_its_extension_and_is_never_overwritten_unasked(tmp_path):
    target = tmp_path / "rapport.html"
    result = runner.invoke(app, ["report", "-q", "-o", str(target), *BOOK])
    assert result.exit_code == 0 and result.stdout == "", result.output
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "€ 275.193,52" in page
    target.write_text("van de gebruiker", encoding="utf-8")
    again = runner.invoke(app, ["report", "-q", "-o", str(target), *BOOK])
    assert again.exit_code == 1 and "bestaat al" in again.output
    assert target.read_text(encoding="utf-8") == "van de gebruiker"
    forced = runner.invoke(app, ["report", "-q", "--force", "-o", str(target), *BOOK])
    assert forced.exit_code == 0 and target.read_text(encoding="utf-8") == page
    data = tmp_path / "rapport.json"
    assert runner.invoke(app, ["report", "-q", "-o", str(data), *BOOK]).exit_code == 0
    assert json.loads(data.read_text(encoding="utf-8"))["totalen"]["dreigend"] == "275193.52"
    text = tmp_path / "rapport.txt"  # the terminal layout, without colour codes
    assert runner.invoke(app, ["report", "-q", "-o", str(text), *BOOK]).exit_code == 0
    plain = text.read_text(encoding="utf-8")
    assert "\x1b[" not in plain and "€ 275.193,52" in plain and "1. Casussen" in plain
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.html", "rapport.json", "rapport.txt"]


@pytest.mark.parametrize("width", [30, 40, 60, 80, 100])
def test_terminal_report_never_crops_an_amount(width):
    """Every amount of the wide layout is also whole in a narrow terminal (tables turn into records)."""
    import re

    from doorbraak_cli.present.boxes import Screen
    from doorbraak_cli.present.portfolio import terminal as report_terminal

    rep = reportrun_collect.fold(reportrun_collect.collect(sorted(str(p) for p in SAMPLES.glob("*.yaml")), REPORT,
                                                           [str(SAMPLES)], False, 1, None, "", True, Filters()).records,
                                 Filters(), RunContext.of(datetime.date(2026, 11, 25)), REPORT)
    wide = report_terminal.render(rep, plain=True)
    narrow = " ".join(report_terminal.render_on(rep, Screen(width)).split())  # prose may wrap an amount over two lines; it must never crop one
    amounts = re.compile(r"€ -?[0-9.]+,[0-9]{2}")
    assert len(set(amounts.findall(wide))) > 40, "the samples, evaluation included, give many amounts"
    missing = set(amounts.findall(wide)) - set(amounts.findall(narrow))
    assert not missing, (width, sorted(missing)[:5])
