"""Code health: ruff (lint and format) and mypy pass with the settings in pyproject.toml, and no function in the
engine or the app's helpers needs a scroll bar to read.

A failure prints what the tool printed; run the same command from the repository root to see it whole:
``.venv/bin/ruff check .``, ``.venv/bin/ruff format --check .``, ``.venv/bin/mypy``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The longest function a reader should meet in models/ and ui/ (lines, decorators and docstring included).
MAX_FUNCTION_LINES = 80
#: Functions allowed to be longer, each with the reason (none today).
LONG_FUNCTIONS: dict[str, str] = {}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_lint_is_clean():
    run = _run("ruff", "check", "--no-cache", ".")
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_format_is_clean():
    run = _run("ruff", "format", "--check", "--no-cache", ".")
    assert run.returncode == 0, "files to reformat (ruff format .):\n" + run.stdout + run.stderr


def test_mypy_is_clean():
    run = _run("mypy")
    assert run.returncode == 0, run.stdout + run.stderr


def _long_functions(folder: str) -> list[str]:
    out = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                length = (node.end_lineno or node.lineno) - start + 1
                name = f"{path.relative_to(ROOT)}::{node.name}"
                if length > MAX_FUNCTION_LINES and name not in LONG_FUNCTIONS:
                    out.append(f"{name} ({length} lines)")
    return out


@pytest.mark.parametrize("folder", ["models", "ui"])
def test_no_function_needs_a_scroll_bar(folder):
    long = _long_functions(folder)
    assert not long, (
        f"functions over {MAX_FUNCTION_LINES} lines: split them along the steps their docstring lists, or name "
        f"the reason in LONG_FUNCTIONS: {long}"
    )
