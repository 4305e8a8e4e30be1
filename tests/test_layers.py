"""The engine's layers: every import in ``models/`` points down (or sideways without a cycle), none hides inside a
function, and importing a module alone loads nothing above its layer. docs/DEVELOPING.md ("Layers") explains them.

A new module must be given a layer here; a failure names the module and the import that breaks the rule.
"""

from __future__ import annotations

import ast
import fnmatch
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The layers, lowest first: a module may import its own layer and the layers below it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "base",
        (
            "models",
            "models.parameter_types",
            "models.arrays",
            "models.runtime",
            "models.population",
            "models.population.schema",
            "models.population.core",
        ),
    ),
    ("rules", ("models.rules", "models.rules.*")),
    ("parameters", ("models.parameters", "models.uncertainty")),
    ("population builders", ("models.population.*",)),
    ("scenario", ("models.scenario", "models.presets", "models.axis_rules", "models.landscape_spec")),
    ("system", ("models.structure", "models.reform_benefits", "models.system")),
    (
        "analysis",
        (
            "models.metrics",
            "models.groups",
            "models.rates",
            "models.cost",
            "models.baseline",
            "models.behaviour",
            "models.axes",
            "models.compare",
            "models.solver",
            "models.validation",
            "models.validation_gaps",
            "models.traps",
            "models.spells_population",
            "models.law_change",
            "models.landscape",
        ),
    ),
    (
        "household sweeps",
        (
            "models.sweep",
            "models.household",
            "models.decomposition",
            "models.spells_input",
            "models.spells",
        ),
    ),
    ("distributed engine", ("models.distributed", "models.sweeps")),
    ("cli", ("models.cli", "models.cli_sweeps", "models.__main__")),
)

#: The one documented lazy import: pandas, only where a user's microdata is read or written.
LAZY_IMPORTS = {"pandas"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted((ROOT / "models").rglob("*.py"))}


def layer_of(module: str) -> int:
    """The layer index of ``module``: the first layer with an exact name, else the first matching pattern."""
    for i, (_, patterns) in enumerate(LAYERS):
        if module in patterns:
            return i
    for i, (_, patterns) in enumerate(LAYERS):
        if any(fnmatch.fnmatchcase(module, p) for p in patterns if "*" in p):
            return i
    raise KeyError(module)


def _imports(path: Path) -> list[tuple[int, str, bool]]:
    """(line, imported module, inside a function) for every import of a ``models`` module or a lazy package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.ImportFrom) and child.module:
                base = child.module
                names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in child.names]
                found.extend((child.lineno, n, in_function) for n in names)
            elif isinstance(child, ast.Import):
                found.extend((child.lineno, a.name, in_function) for a in child.names)
            visit(child, inner)

    visit(tree, False)
    return found


def test_every_module_has_a_layer():
    missing = [m for m in MODULES if not _has_layer(m)]
    assert not missing, f"give these modules a layer in tests/test_layers.py and docs/DEVELOPING.md: {missing}"


def _has_layer(module: str) -> bool:
    try:
        layer_of(module)
    except KeyError:
        return False
    return True


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_and_stay_at_the_top(module):
    own = layer_of(module)
    problems = []
    for line, name, in_function in _imports(MODULES[module]):
        top = name.split(".")[0]
        if in_function and top not in LAZY_IMPORTS:
            problems.append(f"line {line}: '{name}' imported inside a function (fix the layers instead)")
        if top == "models" and name in MODULES and layer_of(name) > own:
            problems.append(
                f"line {line}: '{name}' is in layer '{LAYERS[layer_of(name)][0]}', above '{LAYERS[own][0]}'"
            )
        if top == "streamlit":
            problems.append(f"line {line}: the engine never imports streamlit")
    assert not problems, f"{module}:\n  " + "\n  ".join(problems)


def test_no_import_cycle():
    graph = {m: {n for _, n, _ in _imports(p) if n in MODULES and n != m} for m, p in MODULES.items()}
    # A package's __init__ is imported with each of its modules; it imports nothing of them (see its docstring).
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(m: str, path: list[str]) -> bool:
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                cycle.extend(path[path.index(n) :] + [n] if n in path else [m, n])
                return True
            if n not in state and visit(n, path + [n]):
                return True
        state[m] = 2
        return False

    for m in sorted(graph):
        if m not in state and visit(m, [m]):
            break
    assert not cycle, "import cycle: " + " -> ".join(cycle)


@pytest.mark.parametrize("layer", range(len(LAYERS)), ids=[name for name, _ in LAYERS])
def test_importing_a_layer_alone_loads_nothing_above_it(layer):
    """Each module of the layer in a fresh interpreter: the ``models`` modules it loads are all at or below it."""
    modules = [m for m in MODULES if layer_of(m) == layer and m != "models.__main__"]  # the entry point runs the CLI
    script = (
        "import importlib, json, sys\n"
        "ours = lambda k: k == 'models' or k.startswith('models.')\n"
        f"out = {{}}\nfor m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "    out[m] = sorted(k for k in sys.modules if ours(k))\n"
        "    for k in [k for k in sys.modules if ours(k)]:\n"  # forget the engine, keep numpy and pydantic loaded
        "        del sys.modules[k]\n"
        "print(json.dumps(out))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    loaded = json.loads(run.stdout)
    above = {m: [k for k in ks if k in MODULES and layer_of(k) > layer] for m, ks in loaded.items()}
    above = {m: ks for m, ks in above.items() if ks}
    assert not above, f"importing these loads modules above layer '{LAYERS[layer][0]}': {above}"


def test_the_engine_below_the_distributed_layer_does_not_load_dask():
    """Dask is loaded only by the distributed engine, the CLI and the app's sweep helpers: ``import models.compare``
    (and every analysis module) stays as light as before."""
    below = [m for m in MODULES if layer_of(m) < layer_of("models.distributed")]
    script = (
        "import importlib, sys\n"
        f"for m in {below!r}:\n"
        "    importlib.import_module(m)\n"
        "print(sorted(k for k in sys.modules if k.split('.')[0] in ('dask', 'distributed')))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]", run.stdout


def test_no_private_name_crosses_a_module():
    """``from models.x import _y`` in another module (models/, ui/, pages/, workshop/) reaches into x's privates."""
    problems = []
    for folder in ("models", "ui", "pages", "workshop"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.ImportFrom)
                    and node.module
                    and node.module.split(".")[0] in ("models", "ui", "workshop")
                ):
                    private = [a.name for a in node.names if a.name.startswith("_")]
                    if private:
                        problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.module} {private}")
    assert not problems, "private names imported across modules:\n" + "\n".join(problems)
