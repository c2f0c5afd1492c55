"""The portfolio report: its sections as display rows (``tables``), laid out as terminal, Markdown, HTML, JSON or CSV."""
