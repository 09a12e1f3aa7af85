"""The apps depend one way (docs/architecture.md): members → documents → meetings → tasks →
reports → demo. import-linter's contracts (pyproject.toml) keep it so in `make lint` and CI;
these tests prove the contracts hold, and that they catch a wrong import."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ["steering", "members", "documents", "meetings", "tasks", "reports", "demo"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(  # noqa: S603 - the venv's lint-imports, fixed arguments
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def _copy_of_the_project(target: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__", "*.html")
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def test_lint_imports_keeps_every_contract_of_the_project():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and "Contracts: 4 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("documents/probe.py", "import meetings.models\n", "documents imports no domain app"),
        ("members/probe.py", "from meetings import services\n", "Apps depend one way"),
        ("meetings/probe.py", "import demo\n", "Nothing imports the demo"),
    ],
)
def test_lint_imports_fails_on_a_wrong_import(tmp_path, module, line, broken):
    """A deliberately wrong import in a copy of the project breaks the contract named."""
    project = _copy_of_the_project(tmp_path)
    (project / module).write_text(line)
    result = _lint_imports(project)
    assert result.returncode != 0
    assert "Contracts: 3 kept, 1 broken." in result.stdout or "2 broken" in result.stdout
    assert broken in result.stdout.replace("\n", " ")


def _imports_inside_functions(path: Path) -> list[tuple[int, str]]:
    lines = path.read_text().splitlines()
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    found.append((inner.lineno, lines[inner.lineno - 1], lines[inner.lineno - 2]))
    return [(n, line) for n, line, above in found if "#" not in line and not above.strip().startswith("#")]


def test_no_import_inside_a_function_without_a_comment_saying_why():
    """An import inside a function dodging a cycle is a design smell: the code belongs elsewhere.
    The few that remain (AppConfig.ready, a fallback) say why in a comment."""
    unexplained = {
        str(path.relative_to(ROOT)): lines
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts and (lines := _imports_inside_functions(path))
    }
    assert unexplained == {}
