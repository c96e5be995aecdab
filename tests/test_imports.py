"""The project's own modules are imported plainly: an import error must fail, never hide.

Every module ships in the same package, so ``except ImportError`` around one of ours, or
``pytest.importorskip`` of one of ours in a test, can only turn a broken module into a silent
fallback or a skipped test. Optional third-party dependencies (dask, feedparser...) may still be
imported lazily or skipped; this checks only ``tracker`` and ``dashboards``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = ("tracker", "dashboards", "tests")

# Guards in code another branch of issue 16 is rewriting; drop each entry when that branch lands.
_PENDING: set[str] = set()


def _is_ours(module: str | None) -> bool:
    return module is not None and module.split(".")[0] in OURS


def _imports_ours(body: list[ast.stmt]) -> bool:
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(node, ast.Import) and any(_is_ours(a.name) for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.level == 0 and _is_ours(node.module):
            return True
        if _imports_by_name(node):
            return True
    return False


def _imports_by_name(node: ast.AST) -> bool:
    """``importlib.import_module("tracker...")`` (or ``import_module``) with one of our names."""
    if not isinstance(node, ast.Call) or not node.args:
        return False
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    first = node.args[0]
    return name == "import_module" and isinstance(first, ast.Constant) and _is_ours(str(first.value))


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(k, ast.Name) and k.id in ("ImportError", "ModuleNotFoundError") for k in kinds)


def _sources(*folders: str) -> list[Path]:
    return sorted(p for f in folders for p in (ROOT / f).rglob("*.py") if "resources" not in p.parts)


def import_guards(path: Path) -> list[int]:
    """Lines of ``try:`` blocks that import one of our modules and catch ImportError."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Try)
        and _imports_ours(node.body)
        and any(_catches_import_error(h) for h in node.handlers)
    ]


def own_importorskips(path: Path) -> list[int]:
    """Lines calling ``pytest.importorskip`` (or ``importorskip``) on one of our modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        first = node.args[0]
        if name == "importorskip" and isinstance(first, ast.Constant) and _is_ours(str(first.value)):
            found.append(node.lineno)
    return found


def test_the_checks_find_what_they_look_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import pytest\n"
        "try:\n    from tracker.actors import registry\nexcept ImportError:\n    registry = None\n"
        "try:\n    import dask\nexcept ImportError:\n    dask = None\n"
        "try:\n    m = importlib.import_module('tracker.run.feeds')\nexcept ModuleNotFoundError:\n    m = None\n"
        "pytest.importorskip('tracker.ceasefires')\n"
        "pytest.importorskip('dask.distributed')\n"
    )
    assert import_guards(sample) == [2, 10]
    assert own_importorskips(sample) == [14]


@pytest.mark.parametrize(
    "path",
    [p for p in _sources("tracker", "dashboards") if p.relative_to(ROOT).as_posix() not in _PENDING],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_no_import_error_guard_around_our_modules(path: Path) -> None:
    assert import_guards(path) == []


def test_no_test_skips_on_our_own_modules() -> None:
    found = {p.relative_to(ROOT).as_posix(): own_importorskips(p) for p in _sources("tests")}
    assert {k: v for k, v in found.items() if v} == {}


# -- layers ---------------------------------------------------------------------------------------

#: What each layer may import of the project: storing knows the event contract and text folding, not
#: how events are found or judged; running sits above storing and extraction, below the commands.
_MAY_IMPORT = {
    "tracker/store": ("tracker", "tracker.document", "tracker.schema", "tracker.text", "tracker.store"),
    "tracker/run": (
        "tracker",
        "tracker.document",
        "tracker.schema",
        "tracker.text",
        "tracker.resources",
        "tracker.extraction",
        "tracker.places",
        "tracker.actors",
        "tracker.ceasefires",
        "tracker.store",
        "tracker.run",
        "tracker.export",
    ),
}

#: Imports across layers made on purpose, with the reason (none today: every layer imports only below it).
_ALLOWED: set[tuple[str, str]] = set()


def project_imports(path: Path) -> set[str]:
    """The project modules a file imports (at any depth: module level and inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if _is_ours(a.name)}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _is_ours(node.module):
            found.add(str(node.module))
    return found


def _layer_cases() -> list[tuple[Path, tuple[str, ...]]]:
    return [(p, allowed) for folder, allowed in _MAY_IMPORT.items() for p in _sources(folder)]


@pytest.mark.parametrize(
    ("path", "allowed"), _layer_cases(), ids=[p.relative_to(ROOT).as_posix() for p, _ in _layer_cases()]
)
def test_layers_import_only_what_is_below_them(path: Path, allowed: tuple[str, ...]) -> None:
    rel = path.relative_to(ROOT).as_posix()
    wrong = {
        name
        for name in project_imports(path)
        if not any(name == a or (a != "tracker" and name.startswith(a + ".")) for a in allowed)
        and (rel, name) not in _ALLOWED
    }
    assert wrong == set()


def test_the_library_does_not_import_the_tests() -> None:
    found = {
        p.relative_to(ROOT).as_posix(): sorted(m for m in project_imports(p) if m.split(".")[0] == "tests")
        for p in _sources("tracker", "dashboards")
    }
    assert {k: v for k, v in found.items() if v} == {}


# -- size and plain imports -----------------------------------------------------------------------

#: The longest a module of the library may be (issue 16): past it, a module holds more than one concern.
MAX_LINES = 600


def importlib_uses(path: Path) -> list[int]:
    """Lines that import by name at run time (``importlib.import_module``, ``__import__``): tools and
    readers cannot see what such a line loads."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if name in ("import_module", "__import__"):
                found.append(node.lineno)
    return found


def test_no_module_of_the_library_is_over_the_limit() -> None:
    sizes = {
        p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for p in _sources("tracker")
    }
    assert {path: n for path, n in sizes.items() if n > MAX_LINES} == {}


def test_our_modules_are_not_imported_by_name(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import importlib\nm = importlib.import_module('tracker.cli')\n", encoding="utf-8")
    assert importlib_uses(sample) == [2]  # the check finds what it looks for
    found = {p.relative_to(ROOT).as_posix(): importlib_uses(p) for p in _sources("tracker", "dashboards")}
    assert {path: lines for path, lines in found.items() if lines} == {}
