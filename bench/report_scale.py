"""`doorbraak report` at 10,000 cases, against the floor of parsing every file once.

The goals (issues 4 and 26), measured in one run on this machine:

* floor: read and parse every case file once with PyYAML's libyaml
  ``yaml.load(text, Loader=yaml.CSafeLoader)``, in one process;
* cold:  ``doorbraak report CORPUS --format json`` with an empty cache  -> at most 0.7 x floor;
* warm:  the same command again, nothing changed                        -> at most 0.05 x floor,
  and its output byte for byte the cold output.

The package is byte-compiled first and the runs may write bytecode, as in an
installed wheel (calc_latency.py does the same): with PYTHONDONTWRITEBYTECODE
every run would compile doorbraak's modules again (~30 ms). Each figure is the
best of ``--repeat`` runs (the least noisy estimate on a shared machine); every
run is printed. The report runs as a real command in a
subprocess, so start-up and worker processes are included; its peak memory is
the largest resident set of any of its processes (``wait4``). A cold run on
one municipality's folder shows that memory stays flat as the corpus grows.

The corpus is generated once (tests/casegen.py, seeded) into bench/corpus/,
which git ignores; it is regenerated when the count or seed changes.

Usage: python bench/report_scale.py [--cases N] [--seed S] [--repeat R] [--corpus DIR]
Exit code 1 when a target is missed or warm output differs from cold.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

COLD_TARGET = 0.7
WARM_TARGET = 0.05


def ensure_corpus(corpus: Path, n: int, seed: int) -> None:
    import casegen

    marker = corpus / ".casegen.json"
    want = {"cases": n, "seed": seed, "generator": (ROOT / "tests" / "casegen.py").stat().st_size}
    try:
        if json.loads(marker.read_text()) == want:
            return
    except (OSError, ValueError):
        pass
    if corpus.exists():
        shutil.rmtree(corpus)
    start = time.perf_counter()
    casegen.generate(str(corpus), n, seed)
    marker.write_text(json.dumps(want))
    print(f"corpus: {n} cases generated in {os.path.relpath(corpus, ROOT)} ({time.perf_counter() - start:.1f} s)")


def files_of(corpus: Path) -> list[str]:
    from doorbraak_cli.source.discover import find_files

    files, _ = find_files([str(corpus)])
    return files


CPU: list = []  # (what, CPU seconds) of every floor and report run: less moved by the machine's load than wall time


def floor(files: list[str]) -> float:
    import yaml

    loader = yaml.CSafeLoader
    start, cpu = time.perf_counter(), time.process_time()
    for f in files:
        with open(f, "rb") as fh:
            yaml.load(fh.read().decode("utf-8"), Loader=loader)
    CPU.append(("floor", time.process_time() - cpu))
    return time.perf_counter() - start


def run_report(args: list[str], cache_dir: str, out_path: str) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB of the largest process, exit code) of one report command."""
    env = dict(os.environ, DOORBRAAK_CACHE_DIR=cache_dir)
    env.pop("DOORBRAAK_NO_CACHE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cmd = [sys.executable, "-m", "doorbraak_cli", "report", *args, "--format", "json", "--quiet"]
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    CPU.append(("report", usage.ru_utime + usage.ru_stime))  # the command and its workers (waited for)
    return wall, rss, proc.returncode


def corpus_from_args(description: str, repeat: int):
    """The benches' shared options (--cases, --seed, --repeat, --corpus) and the corpus they name, generated when
    needed: (options, corpus folder, its case files, the folder relative to the checkout)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=repeat, help=f"runs per measurement; the best counts (default {repeat})")
    ap.add_argument("--corpus", default=str(ROOT / "bench" / "corpus"))
    a = ap.parse_args()
    corpus = Path(a.corpus).resolve()
    ensure_corpus(corpus, a.cases, a.seed)
    return a, corpus, files_of(corpus), os.path.relpath(corpus, ROOT)


def compile_package() -> None:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "doorbraak_cli")], check=True, env=env)


def main() -> int:
    a, corpus, files, rel = corpus_from_args(__doc__.split("\n")[0], 2)
    compile_package()
    print(f"{len(files)} case files in {rel}, {sum(os.path.getsize(f) for f in files) / 1e6:.1f} MB; "
          f"{os.cpu_count()} cores; Python {sys.version.split()[0]}")

    floors, colds, warms = [], [], []
    ok = True
    with tempfile.TemporaryDirectory(prefix="doorbraak-bench-") as tmp:
        floors.append(floor(files))
        cold_out = os.path.join(tmp, "cold.json")
        cache_dir = ""
        cold_rss = 0
        cold_cpu: list = []
        for i in range(a.repeat):
            cache_dir = os.path.join(tmp, f"cache-{i}")  # empty: a cold report
            out = os.path.join(tmp, f"cold-{i}.json")
            wall, rss, code = run_report([rel], cache_dir, out)
            colds.append(wall)
            cold_cpu.append(CPU[-1][1])
            cold_rss = max(cold_rss, rss)
            if code != 0:
                print(f"cold report failed with exit code {code}")
                return 1
            if i == 0:
                shutil.copy(out, cold_out)
            elif Path(out).read_bytes() != Path(cold_out).read_bytes():
                print("FAIL: two cold runs gave different output")
                ok = False
        warm_rss = 0
        identical = True
        for i in range(max(3, a.repeat)):
            out = os.path.join(tmp, f"warm-{i}.json")
            wall, rss, code = run_report([rel], cache_dir, out)
            warms.append(wall)
            warm_rss = max(warm_rss, rss)
            identical = identical and code == 0 and Path(out).read_bytes() == Path(cold_out).read_bytes()
        floors.append(floor(files))
        # memory flatness: a cold report over one municipality's folder
        sub = max((d for d in corpus.iterdir() if d.is_dir()), key=lambda d: sum(1 for _ in d.rglob("*.yaml")))
        n_sub = sum(1 for _ in sub.rglob("*.yaml"))
        _, small_rss, _ = run_report([os.path.relpath(sub, ROOT)], os.path.join(tmp, "cache-small"),
                                     os.path.join(tmp, "small.json"))
        report = json.loads(Path(cold_out).read_text(encoding="utf-8"))

    fl, cold, warm = min(floors), min(colds), min(warms)
    runs = lambda xs: ", ".join(f"{x:.2f}" for x in xs)  # noqa: E731
    print()
    print(f"floor (CSafeLoader, 1 process)  {fl:7.2f} s   runs: {runs(floors)}")
    print(f"cold report (empty cache)       {cold:7.2f} s   runs: {runs(colds)}   "
          f"ratio {cold / fl:.2f} x floor (target <= {COLD_TARGET})")
    print(f"warm report (nothing changed)   {warm:7.2f} s   runs: {runs(warms)}   "
          f"ratio {warm / fl:.3f} x floor (target <= {WARM_TARGET})")
    floor_cpu = min(c for what, c in CPU if what == "floor")
    cores = min(os.cpu_count() or 1, 16)  # the report's workers (jobs_default)
    print(f"CPU, all processes              floor {floor_cpu:.2f} s, cold report {min(cold_cpu):.2f} s "
          f"({min(cold_cpu) / floor_cpu:.2f} x; on {cores} idle cores at best {min(cold_cpu) / floor_cpu / cores:.2f} x "
          "floor; other runs on the machine move CPU time too, less than wall-clock time)")
    print(f"warm output == cold output      {'yes, byte for byte' if identical else 'NO'}")
    print(f"peak memory (largest process)   cold {cold_rss / 1024:.0f} MiB for {len(files)} cases, "
          f"{small_rss / 1024:.0f} MiB for {n_sub} cases; warm {warm_rss / 1024:.0f} MiB")
    print(f"report: {report['aantal_casussen']} cases counted, {len(report['ongeldig'])} invalid; "
          f"totals {report['totalen']}")
    ok = ok and identical
    if cold / fl > COLD_TARGET:
        print(f"MISSED: cold {cold / fl:.2f} x floor > {COLD_TARGET}")
        ok = False
    if warm / fl > WARM_TARGET:
        print(f"MISSED: warm {warm / fl:.3f} x floor > {WARM_TARGET}")
        ok = False
    print("all targets met" if ok else "targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
