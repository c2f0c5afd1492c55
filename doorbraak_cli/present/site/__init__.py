"""``doorbraak site`` and ``serve``: the portfolio as a static site of linked pages.

* :mod:`.payload` is what a worker keeps of each case (its report summary, plus
  what the pages need); it also renders the case's page (:mod:`.casepage`: the
  plan document as ``render`` makes it, anonymised unless asked) and keeps it in the cache
  under its own digest;
* :mod:`.model` turns the payloads into the site's groups (per municipality,
  domain, life domain, status, rule, quarter, ...), with the portfolio folded
  exactly as ``report`` folds it; :mod:`.slugs` names the pages;
* :mod:`.pages` lists every page and the function that makes it:
  :mod:`.dashboard` (the overview), :mod:`.lists` (the lists of cases),
  :mod:`.rules` (a page per rule: the precedents), :mod:`.trend` (per quarter),
  :mod:`.evaluation` (the evaluation, when the portfolio has it); :mod:`.layout`
  and :mod:`.charts` are their shared pieces; the frames are ``templates/site/``.

Formatting only: nothing here reads case files or writes the site (the
commands do), and every amount is rounded by :mod:`..numbers`.
"""
