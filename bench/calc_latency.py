"""How much does `doorbraak calc` cost compared with `python -c "import typer"`?

Goals, as medians of interleaved runs on this machine, measured side by side:

* a repeated calc (answered from the cache) costs at most 1.5x importing typer;
* calc on a case that was just edited (so nothing is cached: read, check,
  analyse, present, store) costs at most 2.0x; the aim is 1.5x;
* ``doorbraak meting`` (read, splice, read back, check, atomic write) costs no
  more than calc on the same evaluated case just edited.

The edited case is real: before each run one comment line of the case changes.
The package is byte-compiled first and the runs may write bytecode, as in an
installed wheel (pip compiles it at install time): a checkout run with
PYTHONDONTWRITEBYTECODE would measure the compiler, not doorbraak. Then,
in-process, what each YAML loader costs on the same case.

Usage: python bench/calc_latency.py [CASE] [--runs N]
Exit code 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def wall(cmd, env) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def loaders(case: Path, repeat: int = 200) -> list[tuple[str, float]]:
    """Median in-process time to load the case, per loader."""
    import io

    import yaml
    from ruamel.yaml import YAML

    sys.path.insert(0, str(ROOT))
    from doorbraak_cli.source import fastyaml, yamlread

    raw = case.read_bytes()
    text = raw.decode("utf-8")
    rt = YAML(typ="rt")
    candidates = {
        "ruamel.yaml round-trip (YAML(typ='rt').load)": lambda: rt.load(io.StringIO(text)),
        "PyYAML CSafeLoader (no positions, YAML 1.1)": lambda: yaml.load(text, Loader=yaml.CSafeLoader),
        "doorbraak quick reader (rapidyaml; no positions)": lambda: fastyaml.parse(raw, "c"),
        "doorbraak reader on libyaml (positions, YAML 1.2 core)": lambda: yamlread.parse(text, "c", "libyaml"),
        "doorbraak reader on pure PyYAML": lambda: yamlread.parse(text, "c", "pyyaml"),
        "doorbraak reader on ruamel.yaml": lambda: yamlread.parse(text, "c", "ruamel"),
    }
    out = []
    for name, fn in candidates.items():
        fn()
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        out.append((name, statistics.median(times)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("case", nargs="?", default=str(ROOT / "sample_cases" / "plan-6-eveline.yaml"))
    ap.add_argument("--runs", type=int, default=31, help="interleaved runs, at least 15 (default 31)")
    args = ap.parse_args()
    source = Path(args.case)
    work = Path(tempfile.mkdtemp(prefix="doorbraak-bench-"))
    cache = work / "cache"
    case = work / source.name
    text = source.read_text(encoding="utf-8")
    case.write_text(text, encoding="utf-8")
    edited = work / ("edited-" + source.name)
    env = dict(os.environ, DOORBRAAK_CACHE_DIR=str(cache))
    env.pop("DOORBRAAK_NO_CACHE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "doorbraak_cli")], check=True, env=env)
    doorbraak = str(BIN / "doorbraak")
    counter = [0]

    def edit() -> None:
        counter[0] += 1
        edited.write_text(text + f"# bewerkt {counter[0]}\n", encoding="utf-8")

    evaluated_text = (ROOT / "sample_cases" / "plan-5b-willem-gerealiseerd.yaml").read_text(encoding="utf-8")
    evaluated = work / "evaluated.yaml"
    measured = work / "measured.yaml"
    measured.write_text(evaluated_text, encoding="utf-8")

    def edit_evaluated() -> None:
        counter[0] += 1
        evaluated.write_text(evaluated_text + f"# bewerkt {counter[0]}\n", encoding="utf-8")

    meting = [doorbraak, "meting", str(measured), "--datum", "2021-03-20", "--lichaamsfuncties", "6,5",
              "--mentaal-welbevinden", "7", "--zingeving", "7", "--kwaliteit-van-leven", "7,5", "--meedoen", "6",
              "--dagelijks-functioneren", "7", "--vervang"]  # the same measurement again: the file keeps its size

    commands = {
        'python -c "import typer"': ([sys.executable, "-c", "import typer"], None),
        "doorbraak calc CASE (repeated: cached)": ([doorbraak, "calc", str(case)], None),
        "doorbraak calc -f json CASE (repeated)": ([doorbraak, "calc", "-f", "json", str(case)], None),
        "doorbraak calc CASE (just edited: no cache hit)": ([doorbraak, "calc", str(edited)], edit),
        "doorbraak calc -f json CASE (just edited)": ([doorbraak, "calc", "-f", "json", str(edited)], edit),
        "doorbraak calc EVALUATED (just edited)": ([doorbraak, "calc", str(evaluated)], edit_evaluated),
        "doorbraak meting EVALUATED (one measurement)": (meting, None),
    }
    try:
        for cmd, before in commands.values():  # warm the OS caches and calc's result cache
            if before:
                before()
            wall(cmd, env)
        times = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (cmd, before) in commands.items():
                if before:
                    before()
                times[name].append(wall(cmd, env))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = statistics.median(times['python -c "import typer"'])
    print(f"calc latency: median of {args.runs} interleaved runs, case {source.relative_to(ROOT) if source.is_relative_to(ROOT) else source}")
    goals = {"doorbraak calc CASE (repeated: cached)": 1.5, "doorbraak calc CASE (just edited: no cache hit)": 2.0}
    for name, values in times.items():
        med = statistics.median(values)
        goal = f"   (goal: <= {goals[name]:.2f}x)" if name in goals else ""
        print(f"  {name:55s} {med * 1000:7.1f} ms  {med / base:5.2f}x{goal}")
    missed = []
    for name, goal in goals.items():
        ratio = statistics.median(times[name]) / base
        print(f"RATIO {name.split('(')[1].rstrip(')')} = {ratio:.2f} ({'within' if ratio <= goal else 'OVER'} the "
              f"{goal:.1f}x goal)")
        if ratio > goal:
            missed.append(f"{name}: {ratio:.2f}x > {goal:.1f}x")
    ratio = statistics.median(times["doorbraak meting EVALUATED (one measurement)"]) / \
        statistics.median(times["doorbraak calc EVALUATED (just edited)"])
    print(f"RATIO meting / uncached calc of the same case = {ratio:.2f} ({'within' if ratio <= 1.0 else 'OVER'} the "
          "1.0x goal)")
    if ratio > 1.0:
        missed.append(f"meting / uncached calc: {ratio:.2f}x > 1.0x")
    print("\nYAML loaders on the same case (in-process, median of 200):")
    for name, t in loaders(source):
        print(f"  {name:55s} {t * 1000:7.2f} ms")
    for m in missed:
        print(f"MISSED: {m}")
    print("all targets met" if not missed else "targets missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
