"""The plan document: the view model of one case, its Markdown text fields, the templates and the PDF."""
