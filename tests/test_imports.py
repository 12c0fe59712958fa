"""How the package imports: quickly, without matplotlib or ipywidgets, without cycles; its modules stay short.

(Imports inside functions are ruff's PLC0415, configured in pyproject.toml.)
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lecnn"


def _run(code):
    """Run ``code`` in a fresh interpreter and return what it printed."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip()


def test_import_lecnn_loads_neither_matplotlib_nor_ipywidgets():
    loaded = _run(
        "import sys, lecnn\n"
        "heavy = ['matplotlib', 'ipywidgets', 'sklearn', 'lecnn.plotting', 'lecnn.playground']\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    assert loaded == "[]"


def test_plotting_loads_on_first_use_and_sets_the_japanese_font():
    out = _run(
        "import sys, lecnn\n"
        "print('matplotlib' in sys.modules)\n"
        "import matplotlib\n"
        "matplotlib.use('Agg')\n"
        "print(matplotlib.rcParams['font.family'])\n"
        "fig = lecnn.plotting.draw_network([2, 3, 1])\n"
        "print(matplotlib.rcParams['font.family'])"
    )
    assert out.split("\n") == ["False", "['sans-serif']", "['IPAexGothic']"]


def test_with_matplotlib_already_in_use_import_lecnn_sets_the_font():
    out = _run(
        "import sys, matplotlib\n"
        "matplotlib.use('Agg')\n"
        "import matplotlib.pyplot as plt\n"
        "before = list(matplotlib.rcParams['font.family'])\n"
        "import lecnn\n"
        "print(before, matplotlib.rcParams['font.family'], 'lecnn.plotting' in sys.modules)"
    )
    assert out == "['sans-serif'] ['IPAexGothic'] False"


def test_lazy_submodules_are_listed_and_unknown_names_fail():
    import lecnn

    assert {"plotting", "playground"} <= set(dir(lecnn))
    with pytest.raises(AttributeError, match="no attribute 'plot'"):
        lecnn.plot  # noqa: B018


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path, ast.parse(path.read_text(encoding="utf-8"))


def _imported(node, module):
    """Names of the modules an import node brings in."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:  # relative: resolve against the importing package
        base = ".".join(module.split(".")[: -node.level] + ([base] if base else []))
    return [base]


def test_no_import_cycles_between_lecnn_modules():
    modules = {name: tree for name, _, tree in _modules()}
    graph = {}
    for name, tree in modules.items():
        targets = set()
        for node in tree.body:  # module level only: the imports that run at import time
            if isinstance(node, ast.Try):
                nodes = [
                    n for block in (node.body, *[h.body for h in node.handlers]) for n in block
                ]
            else:
                nodes = [node]
            for n in nodes:
                if isinstance(n, (ast.Import, ast.ImportFrom)):
                    for target in _imported(n, name):
                        if (
                            isinstance(n, ast.ImportFrom)
                            and f"{target}.{n.names[0].name}" in modules
                        ):
                            targets |= {f"{target}.{a.name}" for a in n.names}
                        elif target in modules:
                            targets.add(target)
        # a package's __init__ importing its own submodules is not a cycle
        graph[name] = {t for t in targets if t != name and not t.startswith(name + ".")}

    def visit(node, path):
        if node in path:
            raise AssertionError("import cycle: " + " -> ".join([*path, node]))
        for nxt in graph.get(node, ()):
            visit(nxt, (*path, node))

    for name in graph:
        visit(name, ())


MAX_MODULE_LINES = 500


def test_no_lecnn_module_is_over_500_lines():
    lengths = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert lengths, PACKAGE
    assert {path: n for path, n in lengths.items() if n > MAX_MODULE_LINES} == {}
