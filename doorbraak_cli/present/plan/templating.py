"""The Jinja templates of the plan document (and of a new case): a sandboxed environment, errors in Dutch."""

from __future__ import annotations

from ...source.resources import data_dir
from .narrative import cell, md_escape, md_row

TEMPLATE_FOR = {"markdown": "plan.md.j2", "html": "plan.html.j2", "pdf": "plan.html.j2"}


class RenderError(Exception):
    """A problem the user can fix; the message is Dutch and complete."""


def template_env(override: str | None = None, autoescape: bool = True):
    """A sandboxed Jinja environment: the --templates folder first, then the shipped templates.

    The shipped ones stay reachable as ``standaard/<name>``, so a house style
    can ``{% extends "standaard/plan.html.j2" %}`` and replace only a block.
    """
    from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    shipped = FileSystemLoader(str(data_dir("templates")))
    loaders = [FileSystemLoader(override)] if override else []
    loaders += [shipped, PrefixLoader({"standaard": shipped})]
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=(lambda name: bool(name) and name.endswith((".html.j2", ".html", ".htm"))) if autoescape else False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["cel"] = cell
    env.filters["md"] = md_escape
    env.filters["mdrij"] = md_row
    return env


def render_template(name: str, context: dict, override: str | None = None) -> str:
    """Render one template; a template mistake becomes a RenderError naming file and line."""
    import jinja2

    env = template_env(override)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise RenderError(f"fout in sjabloon {where}, regel {exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"sjabloon '{exc.name}' niet gevonden") from exc
    except jinja2.TemplateError as exc:
        raise RenderError(f"fout in sjabloon {name}: {exc}") from exc
