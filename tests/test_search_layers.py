"""The search layer's shape: no import cycles, nothing above it imported, the engine's libraries loaded only when used.

The import graph is read from the source with `ast` (imports inside functions count too: a lazy import
hides a cycle from Python, not from the reader), so these tests need no database and no search engine.
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS_ABOVE_SEARCH = {"knowledge", "forum", "curation"}  # cop.search serves them; they register with it

# Task modules enqueue their own jobs from the service they run (the outbox queues its drain after a commit;
# the drain calls the outbox): a known cycle, kept until tasks are looked up by name. A new cycle fails,
# and so does this one once it is gone, so the list cannot go stale.
KNOWN_CYCLES = [{"cop.search.outbox", "cop.search.tasks"}]


def modules_of(*packages, root=ROOT):
    """{dotted name: (path, is a package)} for every module of these packages, migrations left out."""
    found = {}
    for package in packages:
        for path in sorted((root / package.replace(".", "/")).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if "migrations" in parts:
                continue
            is_package = parts[-1] == "__init__"
            found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def imported_names(path, name, is_package):
    """Every absolute module name imported anywhere in the file (top level or inside functions)."""
    here = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                base = here
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                source = f"{base}.{node.module}" if node.module else base
            for alias in node.names:
                yield f"{source}.{alias.name}"  # a submodule, or a name in `source`: resolved by the caller


def import_graph(*packages, root=ROOT):
    """{module: modules of these packages it imports}. `from package import submodule` is an edge to the
    submodule only: a package's __init__ re-exporting its submodules is not a cycle."""
    modules = modules_of(*packages, root=root)
    graph = {}
    for name, (path, is_package) in modules.items():
        targets = set()
        for target in imported_names(path, name, is_package):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                targets.add(target)
        graph[name] = targets
    return graph


def cycles(graph):
    """The strongly connected components of more than one module (Tarjan), as sets."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.add(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_walker_finds_a_cycle_hidden_in_a_lazy_import(tmp_path):
    package = tmp_path / "layered"
    package.mkdir()
    (package / "__init__.py").write_text("from .backends import Backend\n")
    (package / "backends.py").write_text("class Backend:\n    def engine(self):\n        from . import engine\n")
    (package / "engine.py").write_text("from .backends import Backend\n")
    assert cycles(import_graph("layered", root=tmp_path)) == [{"layered.backends", "layered.engine"}]


def test_the_search_layer_and_the_knowledge_app_have_no_import_cycle():
    graph = import_graph("cop.search", "knowledge")
    assert "cop.search.engine.backend" in graph and "cop.search.engine.transport" in graph["cop.search.engine.backend"]
    assert "knowledge.filters" in graph["knowledge.models"]
    assert cycles(graph) == KNOWN_CYCLES


def test_the_backends_build_on_a_shared_base_not_on_each_other():
    graph = import_graph("cop.search")
    engine = {name for name in graph if name == "cop.search.engine" or name.startswith("cop.search.engine.")}
    assert not any("cop.search.backends" in graph[name] for name in engine)
    assert graph["cop.search.base"] == set()
    assert "cop.search.backends" not in graph["cop.search.embedded"]


def test_the_search_layer_imports_no_app_it_serves():
    reached = {
        (name, target)
        for name, (path, is_package) in modules_of("cop.search").items()
        for target in imported_names(path, name, is_package)
        if target.split(".")[0] in APPS_ABOVE_SEARCH
    }
    assert reached == set()


def test_a_site_on_the_embedded_backend_never_loads_the_engine_clients():
    # A fresh interpreter: the test process has long imported elasticsearch-dsl for other tests.
    code = (
        "import sys, django; django.setup()\n"
        "import cop.search.views, cop.search.outbox, cop.search.backends\n"
        "from cop.search import get_backend\n"
        "get_backend().search\n"
        "assert 'elasticsearch_dsl' not in sys.modules and 'opensearchpy' not in sys.modules, 'loaded'\n"
        "from cop.search.backends import EngineSearchBackend\n"
        "from cop.search.engine import EngineSearchBackend as Same, Outcome\n"
        "from cop.search.backends import Outcome as SameOutcome\n"
        "assert EngineSearchBackend is Same and Outcome is SameOutcome\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cop.settings.test", "SEARCH_URL": ""}
    completed = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr[-2000:]
