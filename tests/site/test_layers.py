"""The import layers hold: lint-imports passes on the code, and fails as soon as a service imports a content app."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
PACKAGES = tuple(package for package in CONTRACTS["root_packages"] if package != "frontline")  # frontline is in site/
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": f"{tree}:{tree / 'site'}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """Return a copy of the project's Python packages and its import contracts."""
    copy = tmp_path_factory.mktemp("tree")
    ignore = shutil.ignore_patterns("__pycache__", "templates", "static", "locale", "*.mo", "*.po")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, copy / package, ignore=ignore)
    shutil.copytree(ROOT / "site" / "frontline", copy / "site" / "frontline", ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def test_the_code_keeps_its_layers(tree):
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr


def test_search_importing_the_library_breaks_the_build(tree):
    probe = tree / "search" / "probe.py"
    probe.write_text("from library.models import CaseStudyPage  # noqa: F401\n")
    try:
        result = lint_imports(tree)
    finally:
        probe.unlink()
    assert result.returncode != 0
    assert "search is not allowed to import library" in result.stdout
    assert "search.probe -> library.models" in result.stdout


def test_the_foundation_importing_a_service_breaks_the_build(tree):
    probe = tree / "accounts" / "probe.py"
    probe.write_text("from search import service  # noqa: F401\n")
    try:
        result = lint_imports(tree)
    finally:
        probe.unlink()
    assert result.returncode != 0
    assert "accounts is not allowed to import search" in result.stdout


def test_safety_importing_the_library_breaks_the_build(tree):
    probe = tree / "safety" / "probe.py"
    probe.write_text("from library.models import LibraryPage  # noqa: F401\n")
    try:
        result = lint_imports(tree)
    finally:
        probe.unlink()
    assert result.returncode != 0
    assert "safety is not allowed to import library" in result.stdout
    assert "safety.probe -> library.models" in result.stdout
