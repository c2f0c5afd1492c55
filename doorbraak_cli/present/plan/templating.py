"""The Jinja templates of the plan document (and of a new case): a sandboxed environment, errors in Dutch."""

from __future__ import annotations

from ...source.resources import data_dir
from ..numbers import unbroken
from ..safe import html_escape, printable_value
from .narrative import cell, md_line, md_row

TEMPLATE_FOR = {"markdown": "plan.md.j2", "html": "plan.html.j2", "pdf": "plan.html.j2"}


class RenderError(Exception):
    """A problem the user can fix; the message is Dutch and complete."""


def _confined_loader(folder: str):
    """A file-system loader that refuses a template whose real file lies outside its folder (a link out of it)."""
    import os

    import jinja2

    root = os.path.realpath(folder)

    class Confined(jinja2.FileSystemLoader):
        def get_source(self, environment, template):
            source, filename, uptodate = super().get_source(environment, template)
            real = os.path.realpath(filename)
            if os.path.commonpath([real, root]) != root:
                raise jinja2.TemplateError(
                    f"sjabloon '{template}' in {folder} is een koppeling naar {real}, buiten de sjablonenmap; "
                    "dat wordt geweigerd (kopieer het sjabloon in de map zelf)")
            return source, filename, uptodate

    return Confined(folder)


def table_html(t: dict, klasse: str = "", aantal=()):
    """A view-model table as HTML: head, body and foot; every cell says its column (``data-kop``, for the
    stacked layout on a phone). In Python rather than a Jinja macro because a plan has many cells; the
    template calls it as ``html_tabel``."""
    from markupsafe import Markup, escape

    def e(value) -> str:  # markupsafe's escape; a text (nearly every cell) without making a Markup
        return html_escape(value) if type(value) is str else str(escape(value))

    numeric = set(t["numeriek"])
    heads = [[e(line) for line in kop] for kop in t["koppen"]]
    data_kop = [" ".join(lines) for lines in heads]
    # a table of figures: not in the site's search index (see plan.html.j2)
    out = [f'<div class="tabel-wrap" data-pagefind-ignore="all">\n<table class="{e(klasse)}">\n<thead><tr>\n']
    for i, lines in enumerate(heads):
        head_class = ' class="num"' if i in numeric else ""
        out.append(f'<th scope="col"{head_class}>' + "<br>".join(lines) + "</th>\n")
    out.append("</tr></thead>\n<tbody>\n")
    body_cell = [f'<td data-kop="{data_kop[i]}"' + ((' class="num aantal">' if i in aantal else ' class="num">')
                                                    if i in numeric else ">") for i in range(len(heads))]
    for row in t["rijen"]:
        out.append("<tr>" + "".join([f"{td}{e(c)}</td>" for td, c in zip(body_cell, row)]) + "</tr>\n")
    out.append("</tbody>\n")
    if t["voet"]:
        foot_cell = [f'<td data-kop="{data_kop[i]}"' + (' class="num">' if i in numeric else ">")
                     for i in range(len(heads))]
        out.append("<tfoot>\n")
        for row in t["voet"]:
            out.append("<tr>" + "".join([f"{td}{e(c)}</td>" for td, c in zip(foot_cell, row)]) + "</tr>\n")
        out.append("</tfoot>")
    out.append("</table>\n</div>")
    return Markup("".join(out))


def template_env(override: str | None = None, autoescape: bool = True):
    """A sandboxed Jinja environment: the --templates folder first, then the shipped templates.

    The shipped ones stay reachable as ``standaard/<name>``, so a house style
    can ``{% extends "standaard/plan.html.j2" %}`` and replace only a block.
    A template in the --templates folder that is a link to a file elsewhere is refused.
    """
    from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    shipped = FileSystemLoader(str(data_dir("templates")))
    loaders = [_confined_loader(override)] if override else []
    loaders += [shipped, PrefixLoader({"standaard": shipped})]
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=(lambda name: bool(name) and name.endswith((".html.j2", ".html", ".htm"))) if autoescape else False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        finalize=printable_value,  # no control character from a case reaches the output
    )
    env.filters["cel"] = cell
    env.filters["md"] = md_line
    env.filters["mdrij"] = md_row
    env.filters["vast"] = unbroken
    env.globals["html_tabel"] = table_html
    return env


def _template_line(exc: BaseException) -> tuple[str, int] | None:
    """The template file and line where an error was raised (Jinja puts template frames in the traceback)."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".j2", ".html", ".md", ".htm"))]
    return (frames[-1].filename, frames[-1].lineno) if frames else None


def _template_error(exc: BaseException, name: str) -> RenderError:
    """A mistake in a template (or raised by one) as the Dutch message that names its file and line."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        return RenderError(f"fout in sjabloon {exc.filename or exc.name or name}, regel {exc.lineno}: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return RenderError(f"sjabloon '{exc.name}' niet gevonden")
    if isinstance(exc, RecursionError):
        return RenderError(f"fout in sjabloon {name}: het sjabloon roept zichzelf eindeloos aan")
    where = _template_line(exc)
    at = f"{where[0]}, regel {where[1]}" if where else name
    if isinstance(exc, jinja2.TemplateError):
        return RenderError(f"fout in sjabloon {at}: {exc}")
    # an error in a user's template is theirs to fix, not an internal error
    return RenderError(f"fout in sjabloon {at}: {type(exc).__name__}: {exc}")


def load_template(env, name: str):
    """A template of ``env``, compiled; a syntax error or a missing template becomes a RenderError (exit 1)."""
    try:
        return env.get_template(name)
    except Exception as exc:
        raise _template_error(exc, name) from exc


def render_with(env, name: str, context: dict) -> str:
    """Render one template of ``env``; any mistake in it becomes a RenderError naming file and line (exit 1)."""
    template = load_template(env, name)
    try:
        return template.render(**context)
    except Exception as exc:  # RecursionError too: a template that calls itself
        raise _template_error(exc, name) from exc


def render_template(name: str, context: dict, override: str | None = None) -> str:
    """Render one template of the plan document; a template mistake becomes a RenderError naming file and line."""
    return render_with(template_env(override), name, context)
