"""``doorbraak serve``: the site's pages, live, on this computer only (unless asked otherwise, with a warning).

The cases are read as ``site`` reads them, through the index: a changed,
added or removed case file, price list or house-style template is seen by
polling (once a second, by name, size and modification time) and only what
it touches is recomputed; every open page
then reloads itself (a small script asks ``/_versie``). Pages are made when
asked and kept until the next change (the case pages, a few ms each, for
the last few hundred asked).

It only answers GET and HEAD (405 for anything else), only for the pages of
the site (looked up by name in memory: no path ever reaches the file
system), and on loopback only for a Host header naming this server, so a web
page elsewhere cannot read it through a DNS trick. Nothing a request does
changes a file. Ctrl-C stops it: "afgebroken", exit 130.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from ..model.problem import os_reason
from . import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, Io, cache_allowed

LOOPBACK = ("127.0.0.1", "localhost", "::1")
CASE_PAGES_KEPT = 256  # assembled case pages kept in memory (the rest is made again when asked)
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".json": "application/json; charset=utf-8"}


class PageFailed(Exception):
    """A page that exists but cannot be made now (a house style's mistake); the message is Dutch (a 500)."""


class State:
    """One version of the site: the model, its page makers and the pages made so far."""

    def __init__(self, model, version: int):
        from ..site import pages
        from ..site.build import context

        self.version = version
        self.ctx = context(model)
        self.makers = {path: make for path, (_, make) in pages.builders(self.ctx).items()}
        self.cases = {c.path: c for c in model.cases}
        self.made: dict = {}
        self.case_pages: OrderedDict = OrderedDict()
        self.lock = threading.Lock()
        self.search: dict | None = None  # the search bundle, read when first asked (see LiveSite.search_file)


class LiveSite:
    """Reads the cases (again when one changed) and answers for the pages of the newest version."""

    def __init__(self, io: Io, paths, filters=None, namen: bool = False, use_cache: bool = True,
                 jobs: int | None = None, peildatum=None, templates: str | None = None):
        self.io = io
        self.paths = list(paths)
        self.filters = filters
        self.namen = namen
        self.use_cache = use_cache
        self.jobs = jobs
        self.peildatum = peildatum
        self.templates = os.path.abspath(templates) if templates else None
        self.state: State | None = None
        self.seen = None
        self.search_job = None  # (version, site.searchjob.SearchJob): the search index of that version, being made
        self.search_parts = None  # a private folder where the jobs keep their index's parts for the next version
        self.search_lock = threading.Lock()

    def snapshot(self):
        """What the site is made of, cheaply: every case file's name, size and modification time, the price lists
        those cases can use, and the house style's templates."""
        from ..check.pricelists import folders_state
        from ..site.work import folder_state
        from ..source.discover import find_files

        files, _ = find_files(self.paths)
        out = []
        for f in files:
            try:
                st = os.stat(f)
                out.append((f, st.st_size, st.st_mtime_ns, st.st_ino))
            except OSError:
                out.append((f, None, None, None))
        return out, folders_state(files), folder_state(self.templates) if self.templates else None

    def build(self, quiet: bool = True) -> int:
        import datetime

        from ..model.run import RunContext
        from ..site.build import load

        self.seen = self.snapshot()  # also after a failed read: the next change is tried again, not this one
        run = RunContext.of(datetime.date.today(), self.peildatum, anonymised=not self.namen)  # today moves on
        model = load(self.io.message, self.paths, run, self.filters, self.use_cache, self.jobs, quiet,
                     templates=self.templates)
        if model is None:
            return EXIT_INPUT
        state = State(model, (self.state.version + 1) if self.state else 1)
        self.start_search(state.version, run)
        for path in WARM:  # the overview and the longest list (every case's row) now, not on the first request
            if path in state.makers:
                state.made[path] = with_live(state.makers[path](), state.version)
        self.state = state
        if model.cases:  # one case page now: what making a page needs is then loaded before the first request
            try:
                self.page(model.cases[0].path)
            except PageFailed:
                pass
        return EXIT_OK

    def poll(self) -> bool:
        """Rebuild when a case file changed, appeared or went; True when it did."""
        if self.snapshot() == self.seen:
            return False
        before = self.state.version if self.state else 0
        self.build()
        return self.state is not None and self.state.version != before

    def page(self, path: str) -> tuple[bytes, str, str] | None:
        """(body, content type, CSP) of a page of the newest version, or None when there is no such page."""
        from ..site import casepage, layout, pages
        from ..site.build import asset

        st = self.state
        if st is None:
            return None
        if path == "_versie":
            return str(st.version).encode(), "text/plain; charset=utf-8", "default-src 'none'"
        if path == "_live.js":
            return asset(pages.LIVE_ASSET).encode(), TYPES[".js"], "default-src 'none'"
        if path in pages.ASSETS:
            return asset(path).encode(), TYPES[os.path.splitext(path)[1]], "default-src 'none'"
        if path == "cijfers.json":
            return pages.figures_json(st.ctx.model).encode(), TYPES[".json"], "default-src 'none'"
        if path.startswith("zoeken/"):
            return self.search_file(st, path)
        c = st.cases.get(path)
        if c is not None:
            with st.lock:
                body = st.case_pages.get(path)
                if body is not None:
                    st.case_pages.move_to_end(path)
                    return body, TYPES[".html"], casepage.CASE_CSP
            from ..present.plan.templating import RenderError
            from ..site.build import render_case

            try:
                source = render_case(c, st.ctx.model)
            except RenderError as exc:  # the house style changed since the pages were made, and fails on this one
                raise PageFailed(f"de pagina kan niet gemaakt worden: {exc}") from exc
            if source is None:
                return None
            body = pages.case_page(st.ctx, c, source, live_script(st.version))
            with st.lock:
                st.case_pages[path] = body
                while len(st.case_pages) > CASE_PAGES_KEPT:
                    st.case_pages.popitem(last=False)
            return body, TYPES[".html"], casepage.CASE_CSP
        make = st.makers.get(path)
        if make is None:
            return None
        with st.lock:
            body = st.made.get(path)
        if body is None:
            body = with_live(make(), st.version)
            with st.lock:
                st.made[path] = body
        return body, TYPES[".html"], layout.SITE_CSP


    def start_search(self, version: int, run) -> None:
        """Start making the search index of a new version in a process of its own (site/searchjob.py), so the
        first search does not wait for every page to be made and indexed; a job no search waits for is ended."""
        from ..site.searchjob import SearchJob

        job = SearchJob()
        with self.search_lock:
            old, self.search_job = self.search_job, (version, job)
            if self.search_parts is None:
                import tempfile

                self.search_parts = tempfile.mkdtemp(prefix="doorbraak-zoekdelen-")
        if old is not None:
            old[1].stop()
        job.start(self.paths, run, self.filters, self.templates, self.use_cache, self.search_parts)

    def stop_search(self) -> None:
        import shutil

        if self.search_job is not None:
            self.search_job[1].stop()
        if self.search_parts is not None:
            shutil.rmtree(self.search_parts, ignore_errors=True)

    def search_file(self, st: State, path: str) -> tuple[bytes, str, str] | None:
        """A file of the search index of this version: the bundle its job made (waiting for it when it is not done
        yet), read when first asked."""
        from ..site import search

        with self.search_lock:
            if st.search is None:
                job = self.search_job
                if job is None or job[0] != st.version:  # a newer version is being read: its index is the one to wait for
                    raise PageFailed("de casussen zijn net veranderd; de zoekindex wordt opnieuw gemaakt")
                try:
                    st.search = job[1].result()
                except search.SearchFailed as exc:
                    raise PageFailed(str(exc)) from exc
        body = st.search.get(path)
        return None if body is None else (body, *search.answer_type(path))


WARM = ("index.html", "lijst/alle.html")


def live_script(version: int) -> str:
    return f'<script src="/_live.js" data-versie="{version}" defer></script>\n'


def with_live(html: str, version: int) -> bytes:
    """A page as served: with the script that reloads it when a case changed."""
    i = html.rfind("</body>")
    return (html[:i] + live_script(version) + html[i:]).encode()


def page_name(raw: str) -> str | None:
    """The page a request path names ('' and folders mean index.html), or None for anything not plainly a name."""
    path = unquote(urlsplit(raw).path)
    if not path.startswith("/") or "\\" in path or "\0" in path:
        return None
    parts = path[1:].split("/")
    if any(p in (".", "..") for p in parts) or any(p == "" for p in parts[:-1]):
        return None
    name = "/".join(parts)
    if name == "" or name.endswith("/"):
        name += "index.html"
    return name


def make_handler(site: LiveSite, hosts):
    class Handler(BaseHTTPRequestHandler):
        def version_string(self):
            return "doorbraak"

        def log_message(self, format, *args):
            pass  # no log of every request; problems are answered, not printed

        def respond(self, code: int, body: bytes, ctype: str, csp: str, head_only: bool, extra=()):
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", csp + "; frame-ancestors 'none'")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("X-Frame-Options", "DENY")
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")
            for k, v in extra:
                self.send_header(k, v)
            self.end_headers()
            if not head_only:
                self.wfile.write(body)

        def text(self, code: int, message: str, head_only: bool, extra=()):
            self.respond(code, (message + "\n").encode(), "text/plain; charset=utf-8", "default-src 'none'",
                         head_only, extra)

        def answer(self, head_only: bool):
            if hosts is not None and (self.headers.get("Host") or "").lower() not in hosts:
                return self.text(421, "onbekende host: open de pagina via het adres dat doorbraak serve noemde",
                                 head_only)
            name = page_name(self.path)
            if name == "favicon.ico":  # asked by every browser; the site has none
                return self.respond(204, b"", "image/x-icon", "default-src 'none'", head_only)
            try:
                found = site.page(name) if name is not None else None
            except PageFailed as exc:
                return self.text(500, str(exc), head_only)
            if found is None:
                return self.text(404, "niet gevonden", head_only)
            body, ctype, csp = found
            self.respond(200, body, ctype, csp, head_only)

        def do_GET(self):
            self.answer(False)

        def do_HEAD(self):
            self.answer(True)

        def send_error(self, code, message=None, explain=None):
            """The errors the HTTP layer answers itself (a malformed request line, a header too long, …): in Dutch,
            with the same headers and Content-Security-Policy as every other answer."""
            self.close_connection = True
            if getattr(self, "request_version", "HTTP/0.9") == "HTTP/0.9":
                self.request_version = "HTTP/1.0"  # a request line it could not read: answer with headers all the same
            text = HTTP_ERRORS.get(code, "dit verzoek kan niet beantwoord worden")
            try:
                self.text(code, f"{code}: {text}", getattr(self, "command", None) == "HEAD")
            except OSError:
                pass  # the browser went away meanwhile

        def refuse(self):
            self.text(405, "alleen lezen: deze server beantwoordt alleen GET en HEAD", False, (("Allow", "GET, HEAD"),))

        def __getattr__(self, name):
            if name.startswith("do_"):  # every other method (POST, PUT, DELETE, PATCH, OPTIONS …): 405
                return self.refuse
            raise AttributeError(name)

    return Handler


HTTP_ERRORS = {
    400: "ongeldig verzoek; open de pagina via het adres dat doorbraak serve noemde",
    408: "het verzoek duurde te lang; laad de pagina opnieuw",
    414: "het adres is te lang",
    431: "de kopregels van het verzoek zijn te groot",
    501: "deze methode wordt niet ondersteund; deze server beantwoordt alleen GET en HEAD",
    505: "deze HTTP-versie wordt niet ondersteund",
}


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    errors = None  # where a request that failed is told, in one line (the command's stderr)

    def handle_error(self, request, client_address):
        """A browser that drops a connection (a closed tab, a reload) is normal: nothing is printed. Anything else
        is one Dutch line, never a traceback."""
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        if self.errors is not None:
            try:
                self.errors.message(f"doorbraak serve: een verzoek mislukte ({type(exc).__name__}); de server "
                                    "draait door")
            except (OSError, ValueError):
                pass


def stop_on_terminate():
    """In the main thread, SIGTERM (a service manager's stop) stops as Ctrl-C does; returns how to undo that."""
    import signal

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        return lambda: None

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, before)


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


def run(io: Io, paths, port: int = 8000, host: str = "127.0.0.1", extern: bool = False, filters=None,
        namen: bool = False, use_cache: bool = True, jobs: int | None = None, poll: float = 1.0,
        quiet: bool = False, stop: threading.Event | None = None, peildatum=None, templates: str | None = None) -> int:
    """``doorbraak serve``; returns when ``stop`` is set (tests) or on Ctrl-C (exit 130)."""
    if not is_loopback(host) and not extern:
        io.message(f"doorbraak serve: --host {host} maakt de casussen bereikbaar voor andere computers; dat gebeurt "
                   "alleen met --extern erbij")
        return EXIT_USAGE
    site = LiveSite(io, paths, filters, namen, cache_allowed(io, use_cache), jobs, peildatum, templates)
    restore = stop_on_terminate()
    try:
        code = site.build(quiet)
        if code:
            return code
        try:
            server = Server((host, port), make_handler(site, None))
        except OSError as exc:
            io.message(f"doorbraak serve: kan niet luisteren op {host}:{port} ({os_reason(exc)}); kies een andere "
                       "poort met --port")
            return EXIT_INPUT
        server.errors = io
        bound = server.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        if is_loopback(host):
            names = {f"{h}:{bound}" for h in ("127.0.0.1", "localhost", "[::1]", shown)}
            if bound == 80:
                names |= {"127.0.0.1", "localhost", "[::1]", shown}
            server.RequestHandlerClass = make_handler(site, names)
        else:
            io.message(f"let op: deze server is bereikbaar vanaf andere computers op {host}:{bound}; wie het netwerk "
                       "kan bereiken, kan de casussen lezen (gevoelige gegevens)")
        if namen:
            io.message("let op: de pagina's bevatten namen en zijn alleen voor intern gebruik")
        url = f"http://{shown if is_loopback(host) else host}:{bound}/"
        io.write(url + "\n")
        flush = getattr(io.out, "flush", None)
        if flush:
            flush()
        io.message(f"doorbraak serve: {len(site.state.ctx.model.cases)} casussen op {url} (alleen lezen; "
                   "Ctrl-C stopt)")
        thread = threading.Thread(target=server.serve_forever, name="doorbraak-serve", daemon=True)
        thread.start()
        try:
            while True:
                if stop is None:
                    time.sleep(poll)
                elif stop.wait(poll):
                    break
                site.poll()
        finally:
            server.shutdown()
            server.server_close()
        return EXIT_OK
    except KeyboardInterrupt:
        io.message("afgebroken")
        return EXIT_INTERRUPTED
    finally:
        site.stop_search()  # the search index's job ends with the server
        restore()
