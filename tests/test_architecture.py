"""The house rules of the package, read from its source (see ARCHITECTURE.md).

* every module belongs to a layer (its folder), and imports only from the
  layers below it (lazy imports inside functions count too);
* the import graph between modules has no cycle;
* no hand-written module is over 450 lines (the generated schema checks aside);
* no private name (``_x``) is used across modules, and no third-party
  internals (``typer._click`` and the like);
* no command imports another command; present/ does no file I/O; nothing
  below commands/ reads the clock (the run's context is passed down); batch/
  knows nothing of the site.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "doorbraak_cli"
MAX_LINES = 450

# what each layer may import (besides itself and the package root, which only holds __version__)
ALLOWED = {
    "model": set(),
    "source": {"model"},
    "check": {"source", "model"},
    "compute": {"model"},
    "present": {"compute", "source", "model"},
    "batch": {"present", "compute", "check", "source", "model"},
    "site": {"batch", "present", "compute", "check", "source", "model"},
    "commands": {"site", "batch", "present", "compute", "check", "source", "model"},
    "cli": {"commands"},
}
TOP_LEVEL = {"cli": "cli", "helptext": "cli", "__main__": "cli", "__init__": "root"}
NAMEDTUPLE_API = {"_replace", "_asdict", "_fields", "_make"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(["doorbraak_cli", *parts]) if parts != ["__init__"] else "doorbraak_cli"] = path
    return out


MODULES = _modules()


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "root"
    if parts[1] == "schema":
        return "check"  # the generated schema checks belong to the checks
    if len(parts) == 2 and parts[1] in TOP_LEVEL:
        return TOP_LEVEL[parts[1]]
    return parts[1]


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(module: str) -> list[tuple[str, int, list[str]]]:
    """(imported module, line, names) for every import in a module, lazy ones included."""
    path = MODULES[module]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, path, node)
            names = [a.name for a in node.names]
            for n in names:  # `from . import x` imports the module x
                if f"{target}.{n}" in MODULES:
                    out.append((f"{target}.{n}", node.lineno, []))
            out.append((target, node.lineno, names))
    return out


def _internal(target: str) -> str | None:
    """The package module an import refers to (the longest known prefix), or None for another package."""
    if not target.startswith("doorbraak_cli"):
        return None
    parts = target.split(".")
    while parts:
        name = ".".join(parts)
        if name in MODULES:
            return name
        parts.pop()
    return None


def test_every_module_is_in_a_known_layer():
    assert {layer(m) for m in MODULES} <= set(ALLOWED) | {"root"}


def test_imports_only_go_down():
    wrong = []
    for module in MODULES:
        mine = layer(module)
        for target, line, _ in imports(module):
            other = _internal(target)
            if other is None:
                continue
            theirs = layer(other)
            if theirs in (mine, "root"):
                continue
            if theirs not in ALLOWED[mine]:
                wrong.append(f"{MODULES[module].relative_to(ROOT)}:{line}: {mine} imports {theirs} ({other})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle():
    graph = {m: {o for t, _, _ in imports(m) if (o := _internal(t)) and o != m and o != "doorbraak_cli"}
             for m in MODULES}
    index: dict = {}
    low: dict = {}
    stack: list = []
    on_stack: set = set()
    cycles = []
    counter = [0]

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert not cycles, cycles


@pytest.mark.parametrize("module", [m for m in MODULES if "._fast_" not in m])
def test_no_room_is_too_big(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[module].relative_to(ROOT)} has {lines} lines"


def test_no_private_names_across_modules():
    wrong = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported_modules = set()
        for target, line, names in imports(module):
            if any(p.startswith("_") and not p.startswith("__") for p in target.split(".")) and "._fast_" not in target:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: imports the private module {target}")
            for n in names:
                if n.startswith("_") and not n.startswith("__"):
                    wrong.append(f"{path.relative_to(ROOT)}:{line}: imports the private name {n} from {target}")
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                imported_modules.update(a.asname or a.name for a in node.names)
            elif isinstance(node, ast.Import):
                imported_modules.update((a.asname or a.name).split(".")[0] for a in node.names)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                    and node.attr not in NAMEDTUPLE_API and isinstance(node.value, ast.Name)
                    and node.value.id in imported_modules):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: uses {node.value.id}.{node.attr}")
    assert not wrong, "\n".join(wrong)


def _calls(module: str):
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            yield node


def _dotted(node) -> str:
    """'os.path.join' for the expression os.path.join; '' when it is not a plain dotted name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def test_no_command_imports_another_command():
    """What two commands share lives in a layer below them (site/, batch/, source/ …)."""
    wrong = []
    for module in MODULES:
        if layer(module) != "commands" or module == "doorbraak_cli.commands":
            continue
        for target, line, _ in imports(module):
            other = _internal(target)
            if other and other.startswith("doorbraak_cli.commands.") and other != module:
                wrong.append(f"{MODULES[module].relative_to(ROOT)}:{line}: imports {other}")
    assert not wrong, "\n".join(wrong)


FILE_CALLS = {"open", "io.open", "os.open", "os.fdopen", "os.walk", "os.stat", "os.lstat", "os.scandir", "os.listdir",
              "os.unlink", "os.remove", "os.replace", "os.rename", "os.makedirs", "os.mkdir", "os.rmdir",
              "shutil.copy", "shutil.copyfile", "shutil.move", "shutil.rmtree"}
FILE_METHODS = {"write", "writelines", "write_text", "write_bytes", "read_text", "read_bytes", "mkdir", "touch",
                "unlink", "iterdir"}


def test_present_does_no_file_io():
    """present/ turns figures into text: it opens, reads and writes no file (the site's wing and the commands do)."""
    wrong = []
    for module in MODULES:
        if layer(module) != "present":
            continue
        for call in _calls(module):
            name = _dotted(call.func)
            method = call.func.attr if isinstance(call.func, ast.Attribute) else ""
            if name in FILE_CALLS or method in FILE_METHODS:
                wrong.append(f"{MODULES[module].relative_to(ROOT)}:{call.lineno}: {name or method}(…)")
    assert not wrong, "\n".join(wrong)


CLOCK = {"date.today", "datetime.date.today", "datetime.today", "datetime.now", "datetime.datetime.now",
         "datetime.datetime.today", "datetime.utcnow", "datetime.datetime.utcnow"}


def test_nothing_below_commands_reads_the_clock():
    """The command makes the run's context (model/run.py: peildatum, today, anonymised) and passes it down."""
    wrong = []
    for module in MODULES:
        if layer(module) in ("commands", "cli", "root"):
            continue
        for call in _calls(module):
            if _dotted(call.func) in CLOCK:
                wrong.append(f"{MODULES[module].relative_to(ROOT)}:{call.lineno}: {_dotted(call.func)}()")
    assert not wrong, "\n".join(wrong)


def test_batch_knows_nothing_of_the_site():
    """batch/ runs a command's Work (its index key and payload function) without knowing what it is for."""
    wrong = []
    for module in MODULES:
        if layer(module) != "batch":
            continue
        for target, line, _ in imports(module):
            if target.startswith(("doorbraak_cli.site", "doorbraak_cli.site")):
                wrong.append(f"{MODULES[module].relative_to(ROOT)}:{line}: imports {target}")
        for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("site"):
                wrong.append(f"{MODULES[module].relative_to(ROOT)}:{node.lineno}: the kind {node.value!r}")
    assert not wrong, "\n".join(wrong)


def test_the_site_is_one_wing():
    """The site's wing (site/) is what `site` and `serve` share; commands/site.py and serve.py only call it."""
    assert not (PACKAGE / "present" / "site").exists() and not (PACKAGE / "source" / "generated.py").exists()
    for part in ("model", "pages", "writer", "search", "build", "write"):
        assert (PACKAGE / "site" / f"{part}.py").is_file(), part
    for command in ("doorbraak_cli.commands.site", "doorbraak_cli.commands.serve"):
        assert any(t.startswith("doorbraak_cli.site.") for t, _, _ in imports(command)), command


def test_every_import_of_ours_names_a_module():
    """A module moved to another folder leaves no import behind that names where it was (lazy ones included)."""
    wrong = [f"{MODULES[module].relative_to(ROOT)}:{line}: {target}"
             for module in MODULES for target, line, _ in imports(module)
             if target.startswith("doorbraak_cli") and target not in MODULES
             and not (ROOT / target.replace(".", "/")).is_dir()]  # a folder without __init__ is a package too
    assert not wrong, "\n".join(wrong)
