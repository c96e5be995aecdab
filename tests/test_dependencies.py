"""Declared dependencies are what the code imports: tracker/ from the core list (dask from its extra),
dashboards/ from the core list and the ``dashboard`` extra; nothing declared goes unimported; the README's
demo command installs the dashboard, and ``tracker dashboard`` without it says what to install."""

from __future__ import annotations

import ast
import functools
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import cli

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

#: Declared yet not imported by us, with the reason (pyproject.toml says the same).
NOT_IMPORTED = {
    "lxml-html-clean": "trafilatura's jusText imports lxml.html.clean from it and asks for it through an "
    "lxml extra that lxml 6 dropped"
}
#: Imported, and declared in an extra rather than the core list.
OPTIONAL = {"tracker/run/distributed.py": "dask", "tracker/commands/dashboard.py": "dashboard"}


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _declared(key: str | None) -> set[str]:
    found = PROJECT["dependencies"] if key is None else PROJECT["optional-dependencies"][key]
    return {_name(r) for r in found if not r.startswith(PROJECT["name"])}


def _third_party(folder: str) -> dict[str, set[str]]:
    """Top-level third-party modules imported under ``folder`` (at any depth, lazy imports too) ->
    the files importing them."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / folder).rglob("*.py"):
        if "resources" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("tracker", "dashboards", "tests"):
                    found.setdefault(top, set()).add(path.relative_to(ROOT).as_posix())
    return found


@functools.cache
def _distributions() -> dict[str, list[str]]:
    return dict(packages_distributions())


def _distribution(module: str) -> str:
    dists = _distributions().get(module)
    assert dists, f"{module} is imported but no installed distribution provides it"
    return dists[0].lower().replace("_", "-")


def test_tracker_imports_only_declared_packages() -> None:
    core = _declared(None)
    wrong = {}
    for module, files in _third_party("tracker").items():
        dist = _distribution(module)
        extras = {OPTIONAL[f] for f in files if f in OPTIONAL}
        if dist not in core and not any(dist in _declared(e) for e in extras):
            wrong[module] = sorted(files)
    assert wrong == {}


def test_the_dashboard_imports_only_core_and_dashboard_packages() -> None:
    allowed = _declared(None) | _declared("dashboard")
    wrong = {m: sorted(f) for m, f in _third_party("dashboards").items() if _distribution(m) not in allowed}
    assert wrong == {}


def test_every_declared_package_is_imported() -> None:
    used = {_distribution(m) for m in _third_party("tracker")}
    assert _declared(None) - used - set(NOT_IMPORTED) == set()
    dashboard_side = {
        _distribution(m)
        for m, files in _third_party("tracker").items()
        if any(OPTIONAL.get(f) == "dashboard" for f in files)
    } | {_distribution(m) for m in _third_party("dashboards")}
    assert _declared("dashboard") - dashboard_side == set()
    assert _declared("dask") <= {_distribution(m) for m in _third_party("tracker")}


def test_the_tests_install_the_extras() -> None:
    test_extra = PROJECT["optional-dependencies"]["test"]
    assert f"{PROJECT['name']}[dashboard,dask]" in test_extra
    assert 'pip install -q -e ".[test]"' in (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")


def test_the_readme_has_two_setup_commands_and_the_demo_one_installs_the_dashboard() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    top = readme.split("## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", top, re.S)
    assert commands == [
        'python3 -m venv .venv && .venv/bin/pip install -q ".[dashboard]" && .venv/bin/tracker demo',
        "bash scripts/test.sh",
    ]


@pytest.mark.parametrize("args", [["dashboard"], ["demo", "--no-browser"]])
def test_without_the_dashboard_extra_the_error_says_what_to_install(
    args: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "dash", None)  # as if Dash were not installed
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "pip install 'ceasefire-tracker[dashboard]'" in result.output
    assert not (tmp_path / "ceasefire-tracker").exists()  # the demo stopped before ingesting
