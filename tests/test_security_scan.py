"""Nothing a user sends is evaluated, unpickled or rendered as raw HTML.

An AST scan of the app's code (``models/``, ``ui/``, ``pages/``, ``app.py`` and ``workshop/`` when it
exists) flags:

- ``eval(...)`` / ``exec(...)`` (also ``builtins.eval``, ``pandas.eval``) and ``__import__`` of a name
  that is not a literal;
- unpickling: ``pickle``/``cPickle``/``dill``/``cloudpickle``/``joblib`` ``.load``/``.loads``,
  ``pandas.read_pickle``, ``shelve.open``, ``from pickle import load``;
- ``yaml.load(...)`` unless its loader is ``SafeLoader``/``CSafeLoader``, and ``yaml.unsafe_load``,
  ``yaml.full_load``, ``yaml.load_all`` without a safe loader;
- ``allow_pickle=True`` in any call;
- ``unsafe_allow_html=True`` (or any value that is not the literal ``False``) when the body is not a
  literal string, an f-string or concatenation whose variable parts are all passed through a known
  escaping helper (:data:`ESCAPERS`), or a call to such a helper.

The checker is tested on small bad and good snippets first, so a scan that finds nothing means
something.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("models", "ui", "pages", "workshop", "app.py")

#: Functions whose result is safe to put into HTML (they escape their argument).
ESCAPERS = {"html.escape", "escape", "markupsafe.escape", "_esc", "esc", "html_escape"}
_EVAL = {"eval", "exec", "builtins.eval", "builtins.exec", "pandas.eval", "pd.eval"}
_PICKLERS = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "joblib"}
_SAFE_LOADERS = {"SafeLoader", "CSafeLoader", "yaml.SafeLoader", "yaml.CSafeLoader"}


def _name(node: ast.AST) -> str:
    """Dotted name of a Name/Attribute chain (``html.escape``), or '' for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _name(node.value)
        return f"{base}.{node.attr}" if base else node.attr
    return ""


def _kw(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _is_true(node: ast.expr | None) -> bool:
    """Anything but an absent keyword or the literal False counts as switched on."""
    return node is not None and not (isinstance(node, ast.Constant) and node.value in (False, None, 0))


def _escaped(node: ast.expr) -> bool:
    """Whether ``node`` is HTML that cannot carry user text unescaped."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return all(_escaped(v) for v in node.values)
    if isinstance(node, ast.FormattedValue):
        return _escaped(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _escaped(node.left) and _escaped(node.right)
    if isinstance(node, ast.Call):
        fn = _name(node.func)
        return fn in ESCAPERS or fn.split(".")[-1] in ESCAPERS
    return False


def check_source(source: str, filename: str = "<snippet>") -> list[str]:
    """Every violation in ``source`` as 'file:line: what'."""
    tree = ast.parse(source, filename=filename)
    found: list[str] = []

    def flag(node: ast.AST, what: str) -> None:
        found.append(f"{filename}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in _PICKLERS:
            for alias in node.names:
                if alias.name in ("load", "loads", "Unpickler"):
                    flag(node, f"from {node.module} import {alias.name}")
        if not isinstance(node, ast.Call):
            continue
        fn = _name(node.func)
        last = fn.split(".")[-1]
        if fn in _EVAL:
            flag(node, f"{fn}(...) evaluates code")
        if fn == "__import__" and not (node.args and isinstance(node.args[0], ast.Constant)):
            flag(node, "__import__ of a computed name")
        if "." in fn and fn.split(".")[0] in _PICKLERS and last in ("load", "loads", "Unpickler"):
            flag(node, f"{fn}(...) unpickles")
        if last == "read_pickle" or fn == "shelve.open":
            flag(node, f"{fn}(...) unpickles")
        if fn in ("yaml.unsafe_load", "yaml.full_load", "yaml.unsafe_load_all", "yaml.full_load_all"):
            flag(node, f"{fn}(...) is not safe")
        if fn in ("yaml.load", "yaml.load_all"):
            loader = _kw(node, "Loader") or (node.args[1] if len(node.args) > 1 else None)
            if loader is None or _name(loader) not in _SAFE_LOADERS:
                flag(node, f"{fn}(...) without SafeLoader")
        if _kw(node, "allow_pickle") is not None and _is_true(_kw(node, "allow_pickle")):
            flag(node, "allow_pickle=True")
        if _is_true(_kw(node, "unsafe_allow_html")):
            body = _kw(node, "body") or (node.args[0] if node.args else None)
            if body is None or not _escaped(body):
                flag(node, f"{fn}(..., unsafe_allow_html=True) with text that is not constant or escaped")
    return found


def scanned_files() -> list[Path]:
    files: list[Path] = []
    for entry in SCANNED:
        path = ROOT / entry
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.py") if ".venv" not in p.parts))
    return files


# --- the checker on snippets --------------------------------------------------------------------------------
BAD = {
    "eval": "x = eval(user_text)",
    "exec": "exec(code)",
    "builtins.eval": "import builtins\nbuiltins.eval(s)",
    "pandas.eval": "import pandas as pd\npd.eval(expr)",
    "pickle.loads": "import pickle\nobj = pickle.loads(data)",
    "pickle.load": "import pickle\nwith open(p, 'rb') as f:\n    obj = pickle.load(f)",
    "from pickle import loads": "from pickle import loads\nloads(b)",
    "read_pickle": "import pandas as pd\ndf = pd.read_pickle(upload)",
    "joblib.load": "import joblib\nm = joblib.load(path)",
    "yaml.load bare": "import yaml\ndata = yaml.load(text)",
    "yaml.load FullLoader": "import yaml\ndata = yaml.load(text, Loader=yaml.FullLoader)",
    "yaml.load positional Loader": "import yaml\ndata = yaml.load(text, yaml.Loader)",
    "yaml.unsafe_load": "import yaml\nyaml.unsafe_load(text)",
    "allow_pickle": "import numpy as np\nnp.load(f, allow_pickle=True)",
    "html variable": "import streamlit as st\nst.markdown(user_name, unsafe_allow_html=True)",
    "html f-string": "import streamlit as st\nst.markdown(f'<b>{name}</b>', unsafe_allow_html=True)",
    "html concat": "import streamlit as st\nst.markdown('<b>' + name + '</b>', unsafe_allow_html=True)",
    "html body kw": "import streamlit as st\nst.write(body=text, unsafe_allow_html=True)",
    "html computed flag": "import streamlit as st\nst.markdown(text, unsafe_allow_html=flag)",
    "html format": "import streamlit as st\nst.markdown('<b>{}</b>'.format(name), unsafe_allow_html=True)",
}
GOOD = {
    "literal html": "import streamlit as st\nst.markdown('<br>', unsafe_allow_html=True)",
    "escaped f-string": "import html, streamlit as st\nst.markdown(f'<b>{html.escape(name)}</b>', unsafe_allow_html=True)",  # noqa: E501
    "escaped concat": "import html, streamlit as st\nst.markdown('<b>' + html.escape(n) + '</b>', unsafe_allow_html=True)",  # noqa: E501
    "html off": "import streamlit as st\nst.markdown(user_text, unsafe_allow_html=False)",
    "plain markdown": "import streamlit as st\nst.markdown(user_text)",
    "safe_load": "import yaml\nyaml.safe_load(text)",
    "yaml SafeLoader": "import yaml\nyaml.load(text, Loader=yaml.SafeLoader)",
    "no pickle": "import numpy as np\nnp.load(f, allow_pickle=False)",
    "json": "import json\njson.loads(text)",
    "method named evaluate": "page.evaluate('1+1')",
    "literal __import__": "__import__('json')",
}


@pytest.mark.parametrize("snippet", list(BAD), ids=list(BAD))
def test_checker_flags_a_real_violation(snippet):
    found = check_source(BAD[snippet])
    assert len(found) == 1, (snippet, found)


@pytest.mark.parametrize("snippet", list(GOOD), ids=list(GOOD))
def test_checker_passes_safe_code(snippet):
    assert check_source(GOOD[snippet]) == []


def test_checker_reports_file_and_line():
    src = textwrap.dedent(
        """
        import yaml

        def f(t):
            return yaml.load(t)
        """
    )
    assert check_source(src, "x.py") == ["x.py:5: yaml.load(...) without SafeLoader"]


# --- the project ----------------------------------------------------------------------------------------------
def test_scan_covers_the_app():
    names = {p.relative_to(ROOT).as_posix() for p in scanned_files()}
    assert "app.py" in names and "ui/state.py" in names and "models/scenario.py" in names
    assert any(n.startswith("pages/") for n in names)
    assert len(names) > 30, names


def test_no_eval_unpickling_unsafe_yaml_or_raw_html_in_the_app():
    found = []
    for path in scanned_files():
        found += check_source(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    assert not found, "unsafe code:\n" + "\n".join(found)
