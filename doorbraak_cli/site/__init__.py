"""``doorbraak site`` and ``serve``: the portfolio as a static site of linked pages, in one wing both commands use.

* :mod:`.build` reads the cases through the index into the site's model
  (:mod:`.model`: the groups per municipality, domain, life domain, status,
  rule, quarter …, with the portfolio folded exactly as ``report`` folds it;
  :mod:`.slugs` names the pages); :mod:`.work` is what a worker does with each
  case (:mod:`.payload`: its report summary and beside it what the pages need, and in a
  run that writes a site its finished page, :mod:`.casepage` with :mod:`.nav`);
* :mod:`.pages` lists every page and the function that makes it:
  :mod:`.dashboard` (the overview), :mod:`.lists` (the lists of cases),
  :mod:`.rules` (a page per rule: the precedents), :mod:`.trend` (per quarter),
  :mod:`.evaluation` (the evaluation); :mod:`.layout` and :mod:`.charts` are
  their shared pieces; the frames are ``templates/site/``;
* :mod:`.writer` is the site's folder and its marker, :mod:`.write` writes
  every page through it, and :mod:`.search` makes the search index over the
  written pages.

The pages themselves are made from the run's context and the model only:
every amount is rounded by ``present/numbers.py``; reading and writing files
happens in build, work, write, writer and search.
"""
