"""How much does `doorbraak calc` cost compared with `python -c "import typer"`?

The goal (issue 2): calc on one case costs at most 1.5x the wall time of
importing typer, measured as the median of interleaved runs on this machine.
We print the repeated (cached) calc, which is the goal's figure, and also the
first run of a new or changed case (--no-cache), so nobody mistakes one for
the other. Then, in-process, what each YAML loader costs on the same case.

Usage: python bench/calc_latency.py [CASE] [--runs N]
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
    from doorbraak_cli import yamlread

    text = case.read_text(encoding="utf-8")
    rt = YAML(typ="rt")
    candidates = {
        "ruamel.yaml round-trip (YAML(typ='rt').load)": lambda: rt.load(io.StringIO(text)),
        "PyYAML CSafeLoader (no positions, YAML 1.1)": lambda: yaml.load(text, Loader=yaml.CSafeLoader),
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
    ap.add_argument("--runs", type=int, default=31)
    args = ap.parse_args()
    case = Path(args.case)
    cache = tempfile.mkdtemp(prefix="doorbraak-bench-")
    env = dict(os.environ, DOORBRAAK_CACHE_DIR=cache)
    env.pop("DOORBRAAK_NO_CACHE", None)
    doorbraak = str(BIN / "doorbraak")
    commands = {
        'python -c "import typer"': [sys.executable, "-c", "import typer"],
        "doorbraak calc CASE (repeated: cached)": [doorbraak, "calc", str(case)],
        "doorbraak calc -f json CASE (repeated)": [doorbraak, "calc", "-f", "json", str(case)],
        "doorbraak calc --no-cache CASE (new or changed case)": [doorbraak, "calc", "--no-cache", str(case)],
        "doorbraak calc --no-cache -f json CASE": [doorbraak, "calc", "--no-cache", "-f", "json", str(case)],
    }
    try:
        for cmd in commands.values():  # warm the OS caches and calc's result cache
            wall(cmd, env)
        times = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(wall(cmd, env))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    base = statistics.median(times['python -c "import typer"'])
    print(f"calc latency: median of {args.runs} interleaved runs, case {case.relative_to(ROOT) if case.is_relative_to(ROOT) else case}")
    for name, values in times.items():
        med = statistics.median(values)
        goal = "   (goal: <= 1.50x)" if "cached" in name else ""
        print(f"  {name:55s} {med * 1000:7.1f} ms  {med / base:5.2f}x{goal}")
    ratio = statistics.median(times["doorbraak calc CASE (repeated: cached)"]) / base
    print(f"RATIO calc/import-typer = {ratio:.2f} ({'within' if ratio <= 1.5 else 'OVER'} the 1.5x goal)")
    print("\nYAML loaders on the same case (in-process, median of 200):")
    for name, t in loaders(case):
        print(f"  {name:55s} {t * 1000:7.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
