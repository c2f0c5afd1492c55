"""One case's page of the site: the plan document as ``render`` makes it, with the site's navigation.

The page is ``templates/site/casus.html.j2``, which extends ``plan.html.j2``
(the shipped one, or a house style's: the mechanism of ``render
--templates``) and leaves a marker where the site's navigation goes.
:func:`assemble` puts the navigation (:mod:`.nav`) there: in the worker that
made the page, or in the run when it makes the page itself.

The shipped templates run in a plain Jinja environment; a house style
(``site --templates``) runs in ``render``'s sandbox, its folder first.
"""

from __future__ import annotations

NAV_MARKER = "<!--doorbraak-site-navigatie-->"
LIVE_MARKER = "</body>"
TEMPLATE = "site/casus.html.j2"
# what a case page may do: its own inline styles; scripts only from the site (the search, and the live refresh
# under serve), the search's WebAssembly and worker
CASE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
            "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'")
_CSP_AFTER = '<meta charset="utf-8">'

_ENV: dict = {}  # templates folder (None: only the shipped ones) -> environment


def environment(templates: str | None = None):
    """The Jinja environment of the case pages.

    Without a templates folder: the shipped templates (also as ``standaard/``)
    in a plain environment with ``render``'s settings, filters and globals
    (taken from ``plan.templating.template_env``, so a filter added there is
    here too); the sandbox is for a user's own templates. With one (``site
    --templates``, a house style as ``render --templates`` takes it): render's
    own sandboxed environment, that folder first.
    """
    env = _ENV.get(templates)
    if env is None:
        from ..present.plan.templating import template_env

        official = template_env(templates)
        if templates:
            env = official
        else:
            from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

            from ..source.resources import data_dir

            shipped = FileSystemLoader(str(data_dir("templates")))
            env = _view_environment()(
                loader=ChoiceLoader([shipped, PrefixLoader({"standaard": shipped})]),
                autoescape=official.autoescape,
                trim_blocks=official.trim_blocks,
                lstrip_blocks=official.lstrip_blocks,
                keep_trailing_newline=official.keep_trailing_newline,
                undefined=official.undefined,
                finalize=official.finalize,
                auto_reload=False,
            )
            env.filters.update({k: v for k, v in official.filters.items() if k not in env.filters})
            env.tests.update({k: v for k, v in official.tests.items() if k not in env.tests})
            env.globals.update({k: v for k, v in official.globals.items() if k not in env.globals})
        _ENV[templates] = env
    return env


def _view_environment():
    """A Jinja Environment that looks ``plan.titel`` up as a key first when ``plan`` is a plain dict (as the view
    model is throughout): Jinja tries the attribute first, and a dict has none of these, so every lookup would
    raise and catch an AttributeError. Names a dict has as attributes (``items``, ``keys`` …) keep Jinja's order."""
    from jinja2 import Environment, nodes
    from jinja2.compiler import CodeGenerator

    from ..present.safe import html_output as output
    from ..present.safe import printable_value

    dict_names = frozenset(dir(dict))

    class ViewCodeGenerator(CodeGenerator):
        """Prints ``{{ value }}`` as ``environment.html_output(value)``: what Jinja's ``escape(environment.finalize(
        value))`` makes (the same characters: present/safe.html_output), without a Markup per value."""

        def _direct(self, frame, finalize) -> bool:
            return (not frame.eval_ctx.volatile and frame.eval_ctx.autoescape
                    and finalize.src == "environment.finalize(" and self.environment.finalize is printable_value)

        def _output_child_pre(self, node, frame, finalize):
            if self._direct(frame, finalize):
                self.write("environment.html_output(")
            else:
                super()._output_child_pre(node, frame, finalize)

        def _output_child_post(self, node, frame, finalize):
            if self._direct(frame, finalize):
                self.write(")")
            else:
                super()._output_child_post(node, frame, finalize)

        def visit_Output(self, node, frame):
            """Text and values printed together yield once, joined (as Jinja fills a buffer), not one by one: a page
            yielded some 360 times."""
            finalize = self._make_finalize()
            if frame.buffer is not None or frame.require_output_check or not self._direct(frame, finalize):
                return super().visit_Output(node, frame)
            body: list = []
            for child in node.nodes:  # Jinja's grouping: constants joined at compile time, the rest at run time
                try:
                    if not (finalize.const or isinstance(child, nodes.TemplateData)):
                        raise nodes.Impossible()
                    const = self._output_child_to_const(child, frame, finalize)
                except (nodes.Impossible, Exception):
                    body.append(child)
                    continue
                if body and isinstance(body[-1], list):
                    body[-1].append(const)
                else:
                    body.append([const])
            if len(body) < 2:
                return super().visit_Output(node, frame)
            self.writeline("yield ''.join((")
            self.indent()
            for item in body:
                if isinstance(item, list):
                    self.writeline(self._output_const_repr(item) + ",")
                else:
                    self.newline(item)
                    self._output_child_pre(item, frame, finalize)
                    self.visit(item, frame)
                    self._output_child_post(item, frame, finalize)
                    self.write(",")
            self.outdent()
            self.writeline("))")

    class ViewEnvironment(Environment):
        code_generator_class = ViewCodeGenerator
        html_output = staticmethod(output)

        def getattr(self, obj, attribute):
            if type(obj) is dict and attribute not in dict_names:
                try:
                    return obj[attribute]
                except KeyError:
                    pass
            return Environment.getattr(self, obj, attribute)

    return ViewEnvironment


def warm(templates: str | None = None) -> None:
    """Compile the case template now (before worker processes fork, so they share it); a mistake in a house
    style's template is a RenderError naming its file and line."""
    from ..present.plan.templating import load_template

    load_template(environment(templates), TEMPLATE)


def forget(templates: str | None) -> None:
    """Drop a house style's compiled templates (``serve`` saw them change)."""
    _ENV.pop(templates, None)


def view(analysis, run) -> dict:
    """The plan document's view model, as render builds it, for the run's RunContext (late measurements as on
    its peildatum)."""
    from ..present.plan.view import build

    return build(analysis, run)


def render(plan: dict, templates: str | None = None) -> str:
    """The case page without its navigation (see :func:`assemble`); a house style's mistake is a RenderError."""
    if templates:
        from ..present.plan.templating import render_with

        html = render_with(environment(templates), TEMPLATE, {"plan": plan})
    else:
        html = environment().get_template(TEMPLATE).render(plan=plan)
    meta = f'{_CSP_AFTER}\n<meta http-equiv="Content-Security-Policy" content="{CASE_CSP}">'
    return html.replace(_CSP_AFTER, meta, 1)


def assemble(page: bytes, nav: str, live: str = "") -> bytes:
    """The finished page (UTF-8): the navigation in its place, and under ``serve`` the live-refresh script."""
    marker = NAV_MARKER.encode()
    if marker in page:
        out = page.replace(marker, nav.encode("utf-8"), 1)
    else:  # a house style that replaced the block holding the marker: the navigation goes first in the body
        i = page.find(b">", page.find(b"<body")) + 1
        out = page[:i] + b"\n" + nav.encode("utf-8") + page[i:] if i > 0 else page
    if live:
        i = out.rfind(LIVE_MARKER.encode())
        if i >= 0:
            out = out[:i] + live.encode("utf-8") + out[i:]
    return out
