"""One case's figures for ``calc``: the receipts and tables (terminal), Markdown, JSON and CSV."""
