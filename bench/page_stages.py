"""The per-case stages of a site's case page, in one process: the plan document's view, its template, the
whole worker step (summary, view, template, navigation, the page written under its temporary name), and the
search: the page's record for Pagefind, and Pagefind's own CPU per page (its service, a child process).

For the first ``--limit`` cases of the corpus (bench/report_scale.py's, generated once by tests/casegen.py),
anonymised as a site is by default, each stage is timed over all of them, ``--repeat`` times; the least process
time per case counts (a shared machine adds to every run, never takes away). The analyses are made first and are
not timed. A digest of every page made is printed, so a change that should leave the pages as they were can be
seen to do so.

Usage: python bench/page_stages.py [--cases N] [--seed S] [--repeat R] [--corpus DIR]
"""

from __future__ import annotations

import datetime
import hashlib
import resource
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from report_scale import corpus_from_args  # noqa: E402  (the same corpus and the same generator)
from summary_stages import analyses_of, best  # noqa: E402  (the same cases, the same measure)

LIMIT = 500


def main() -> int:
    a, _, files, rel = corpus_from_args(__doc__.split("\n")[0], 5)
    from doorbraak_cli.compute.portfolio.summary import Filters
    from doorbraak_cli.model.run import RunContext
    from doorbraak_cli.site import casepage
    from doorbraak_cli.site.work import PageTarget, SitePayload

    analyses = analyses_of(files[:LIMIT])
    n = len(analyses)
    run = RunContext.of(datetime.date(2026, 11, 25))
    casepage.warm()
    views = [casepage.view(x, run) for x in analyses]
    pages = [casepage.render(v) for v in views]
    digest = hashlib.sha256("".join(pages).encode("utf-8")).hexdigest()[:16]
    with tempfile.TemporaryDirectory(prefix="doorbraak-bench-") as tmp:
        worker = SitePayload(run, None, PageTarget(tmp, Filters(), 0o644))
        stages = {
            "view": lambda: [casepage.view(x, run) for x in analyses],
            "template": lambda: [casepage.render(v) for v in views],
            "worker step": lambda: [worker(x) for x in analyses],
        }
        print(f"{n} cases of {rel}; process time per case, the least of {a.repeat} runs")
        for name, stage in stages.items():
            print(f"  {name:12s} {best(stage, a.repeat) * 1e3 / n:6.3f} ms")
    print(f"  pages: {sum(map(len, pages)) / n / 1024:.1f} KB each, digest {digest}")
    from doorbraak_cli.site import pagefind, search

    if pagefind.executable() is None:
        print("  search: Pagefind is not installed")
        return 0
    data = [p.encode("utf-8") for p in pages]
    records = [search.record(f"casus/{i}.html", d) for i, d in enumerate(data)]
    print(f"  record       {best(lambda: [search.record(f'casus/{i}.html', d) for i, d in enumerate(data)], a.repeat) * 1e3 / n:6.3f} ms"
          f"   ({sum(len(r['content']) for r in records) / n:.0f} characters of text)")
    child = float("inf")
    for _ in range(a.repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        with pagefind.Service() as service:
            service.bundle(records)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        child = min(child, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    print(f"  Pagefind     {child * 1e3 / n:6.3f} ms (its process's CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
