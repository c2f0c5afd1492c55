"""The per-case stages of a case's summary, in one process: summarize, its JSON both ways, and the fold.

For the first 1,000 cases of the corpus (bench/report_scale.py's, generated once by tests/casegen.py), each
stage is timed over all of them, ``--repeat`` times; the least process time per case counts (a shared machine
adds to every run, never takes away). The analyses are made first and are not timed. Also timed: what the
site's parent does with each case's payload (read it back, make its ``SiteCase``).

Usage: python bench/summary_stages.py [--cases N] [--seed S] [--repeat R] [--corpus DIR]
"""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from report_scale import corpus_from_args  # noqa: E402  (the same corpus and the same generator)


def best(stage, repeat: int) -> float:
    """The least process time of ``repeat`` runs of ``stage()``, in seconds."""
    out = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        stage()
        out = min(out, time.process_time() - start)
    return out


def analyses_of(files) -> list:
    """The analyses of the valid cases among ``files`` (made before any stage is timed)."""
    from doorbraak_cli.check.case import check_file
    from doorbraak_cli.compute.analysis import analyse

    out = []
    for f in files:
        checked = check_file(f)
        if checked.case is not None:
            out.append(analyse(checked.case))
    return out


def main() -> int:
    a, _, files, rel = corpus_from_args(__doc__.split("\n")[0], 7)
    limit = 1000
    from doorbraak_cli.batch.workers import Work, process_file
    from doorbraak_cli.compute.portfolio import casesummary as cs
    from doorbraak_cli.compute.portfolio.summary import Accumulator
    from doorbraak_cli.model.run import RunContext
    from doorbraak_cli.site.model import SiteCase
    from doorbraak_cli.site.work import SitePayload, work_key

    analyses = analyses_of(files[:limit])
    n = len(analyses)
    run = RunContext.of(datetime.date(2026, 11, 25))
    summaries = [cs.summarize(a) for a in analyses]  # once untimed: the analyses' lazy parts are made here
    texts = [cs.to_json(s) for s in summaries]
    assert [cs.from_json(t) for t in texts] == summaries

    def fold():
        acc = Accumulator()
        for s in summaries:
            acc.add(s)

    site = Work(work_key(False), SitePayload(run))
    site_texts = [process_file(f, site)[3] for f in files[:limit]]
    site_texts = [t for t in site_texts if t.startswith("[[")]
    stages = {
        "summarize": lambda: [cs.summarize(a) for a in analyses],
        "to_json": lambda: [cs.to_json(s) for s in summaries],
        "from_json": lambda: [cs.from_json(t) for t in texts],
        "fold": fold,
    }
    print(f"{n} cases of {rel}; process time per case, the least of {a.repeat} runs")
    total = 0.0
    for name, stage in stages.items():
        us = best(stage, a.repeat) * 1e6 / n
        total += us
        print(f"  {name:10s} {us:7.1f} µs")
    print(f"  {'total':10s} {total:7.1f} µs   (JSON text {sum(map(len, texts)) / n:.0f} characters)")
    read = best(lambda: [SiteCase(site.payload.from_json(t), "f") for t in site_texts], a.repeat)
    print(f"site: read a payload back and make its SiteCase {read * 1e6 / len(site_texts):.1f} µs per case")
    return 0


if __name__ == "__main__":
    sys.exit(main())
