"""The site of ``doorbraak site`` and ``doorbraak serve``: what both commands share to make it (its search)."""
