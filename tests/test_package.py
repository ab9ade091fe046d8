"""Package-level promises: the public API, settings documentation, fast start-up."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import subprocess
import sys
import types
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import click
import pytest

import saferinsight
from saferinsight.errors import SettingsError
from saferinsight.settings import Settings, load_settings

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
SRC = Path(saferinsight.__file__).parent


RESOLVE = """
import json, sys, types, typing
import saferinsight

def saferinsight_classes(hint):
    if isinstance(hint, type) and hint.__module__.startswith("saferinsight"):
        yield hint.__name__
    for arg in typing.get_args(hint):
        yield from saferinsight_classes(arg)

found = {}
for name in saferinsight.__all__:
    obj = getattr(saferinsight, name)
    returns = []
    if isinstance(obj, types.FunctionType) and "return" in obj.__annotations__:
        hint = obj.__annotations__["return"]
        hint = eval(hint, obj.__globals__) if isinstance(hint, str) else hint
        returns = sorted(set(saferinsight_classes(hint)))
    found[name] = {"module": obj.__module__, "name": obj.__name__, "returns": returns}
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def resolved() -> dict[str, dict[str, Any]]:
    """Each public name as a fresh interpreter resolves it from ``import saferinsight``."""
    result = subprocess.run(
        [sys.executable, "-c", RESOLVE], capture_output=True, text=True, check=True
    )
    found: dict[str, dict[str, Any]] = json.loads(result.stdout)
    return found


def test_public_api_resolves_every_name(resolved: dict[str, dict[str, Any]]) -> None:
    assert list(resolved) == saferinsight.__all__ == sorted(saferinsight._EXPORTS)
    for name, found in resolved.items():
        assert found["name"] == name
        assert found["module"] == saferinsight._EXPORTS[name], name  # defined where it says


def test_public_api_exports_the_results_its_functions_return(
    resolved: dict[str, dict[str, Any]],
) -> None:
    missing = {
        (name, returned)
        for name, found in resolved.items()
        for returned in found["returns"]
        if returned not in resolved
    }
    assert missing == set()


def test_type_checkers_see_the_same_public_api() -> None:
    tree = ast.parse((SRC / "__init__.py").read_text(encoding="utf-8"))
    (block,) = [
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    ]
    imported = {
        alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert imported == saferinsight._EXPORTS


#: Modules whose functions draw on the terminal: the render step of each command, not library.
RENDER_MODULES = {"saferinsight.cli.render", "saferinsight.cli.render_datasets"}
#: Library callables that commands use but that are not part of the public API, and why.
CLI_ONLY = {
    # `generate --partners` turns --from and --to into financial years with them; date helpers
    # of the option, not the operation the command performs (that is generate_partner_files).
    "saferinsight.core.months.parse_month",
    "saferinsight.core.periods.financial_year_start",
}


#: The modules of the command line that define commands.
COMMAND_MODULES = (
    "commands.py",
    "records.py",
    "governance.py",
    "places.py",
    "users.py",
    "web.py",
    "jobs.py",
)


def _command_functions() -> dict[str, ast.FunctionDef]:
    """The functions of the CLI's command modules that click registers as commands, by name."""
    trees = [
        ast.parse((SRC / "cli" / name).read_text(encoding="utf-8")) for name in COMMAND_MODULES
    ]
    return {
        node.name: node
        for tree in trees
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any(
            isinstance(d, ast.Call)
            and isinstance(d.func, ast.Attribute)
            and d.func.attr == "command"
            for d in node.decorator_list
        )
    }


def _imported(module: str, name: str) -> Any:
    """What ``from module import name`` binds: a submodule of a package, or an attribute."""
    package = importlib.util.find_spec(module)
    is_package = bool(package and package.submodule_search_locations)
    if is_package and importlib.util.find_spec(f"{module}.{name}") is not None:
        return importlib.import_module(f"{module}.{name}")
    return getattr(importlib.import_module(module), name)


def _library_calls(function: ast.FunctionDef) -> set[str]:
    """``module.name`` of each library callable a command imports from saferinsight (for an
    imported module, each of its attributes the command uses)."""
    used: set[str] = set()
    for node in ast.walk(function):
        if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith(
            "saferinsight"
        ):
            continue
        for alias in node.names:
            value = _imported(node.module or "", alias.name)
            if isinstance(value, types.ModuleType):
                if value.__name__ in RENDER_MODULES:
                    continue
                bound = alias.asname or alias.name
                used |= {
                    f"{value.__name__}.{a.attr}"
                    for a in ast.walk(function)
                    if isinstance(a, ast.Attribute)
                    and isinstance(a.value, ast.Name)
                    and a.value.id == bound
                    and callable(getattr(value, a.attr))
                }
            elif callable(value):
                used.add(f"{node.module}.{alias.name}")
    return used


def test_every_library_function_a_command_calls_is_public() -> None:
    from saferinsight.cli.commands import main

    def callbacks(group: click.Group) -> set[str]:
        found = set()
        for command in group.commands.values():
            if isinstance(command, click.Group):
                found |= callbacks(command)
            elif command.callback is not None:
                found.add(command.callback.__name__)
        return found

    commands = _command_functions()
    assert set(commands) == callbacks(main)  # the parse found every command
    missing = {}
    for name, function in commands.items():
        calls = _library_calls(function)
        assert calls, name  # every command calls the library
        for call in sorted(calls - CLI_ONLY):
            module, _, attr = call.rpartition(".")
            exported = getattr(saferinsight, attr, None)
            if exported is not getattr(importlib.import_module(module), attr):
                missing[call] = name
    assert missing == {}


def _imports(path: Path) -> set[str]:
    """Modules a source file imports (anywhere in it, including TYPE_CHECKING blocks)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_library_code_does_not_use_the_test_fixtures() -> None:
    """``saferinsight.generate.fixtures`` is test and doctest scaffolding (doctests are in
    docstrings, which the parse does not see)."""
    users = [
        str(path.relative_to(SRC))
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "fixtures.py" and "saferinsight.generate.fixtures" in _imports(path)
    ]
    assert users == []


def test_only_the_store_imports_duckdb() -> None:
    users = [
        str(path.relative_to(SRC))
        for path in sorted(SRC.rglob("*.py"))
        if "store" not in path.relative_to(SRC).parts[:1]
        and any(m == "duckdb" or m.startswith("duckdb.") for m in _imports(path))
    ]
    assert users == []


def test_every_setting_is_documented() -> None:
    for setting in fields(Settings):
        assert setting.metadata["help"], setting.name
        assert setting.metadata["expects"], setting.name
        assert f"SAFER_{setting.name.upper()}" in README, setting.name


def test_settings_come_from_flags_then_environment_then_defaults(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SAFER_THREADS", "3")
    monkeypatch.setenv("SAFER_WORKSPACE", "from-env")
    monkeypatch.delenv("SAFER_MEMORY_LIMIT", raising=False)
    found = load_settings(workspace="from-flag", memory_limit=None)
    assert found == Settings(workspace=Path("from-flag"), memory_limit="3GB", threads=3)
    monkeypatch.setenv("SAFER_THREADS", "-1")
    with pytest.raises(SettingsError, match=r"SAFER_THREADS \(environment variable\) '-1'"):
        load_settings()


HEAVY = ("duckdb", "numpy", "openpyxl", "pandas", "pydantic", "rich", "scipy")


def _heavy_modules_after(code: str) -> list[str]:
    """The heavy modules a fresh interpreter has imported after running ``code``."""
    check = f"\nimport sys\nprint('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code + check], capture_output=True, text=True, check=True
    )
    found = result.stdout.strip().splitlines()[-1].removeprefix("HEAVY=")
    return found.split(",") if found else []


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "from saferinsight.cli.commands import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert _heavy_modules_after(code) == []


def test_a_workspace_and_its_settings_import_only_duckdb() -> None:
    code = (
        "from pathlib import Path\n"
        "from saferinsight.workspace import Workspace\n"
        "Workspace(Path('w'))"
    )
    assert _heavy_modules_after(code) == ["duckdb"]


def _import_graph(*, packages: bool) -> dict[str, set[str]]:
    """Module (or top-level package) -> what it imports from saferinsight, lazy imports
    included and ``if TYPE_CHECKING:`` blocks left out."""
    modules = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path

    def imported(tree: ast.AST) -> Iterator[str]:
        for node in ast.iter_child_nodes(tree):
            if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
                continue
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("saferinsight"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    yield full if full in modules else str(node.module)
            elif isinstance(node, ast.Import):
                yield from (a.name for a in node.names if a.name.startswith("saferinsight"))
            yield from imported(node)

    def key(name: str) -> str:
        return ".".join(name.split(".")[:2]) if packages else name

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        for target in imported(ast.parse(path.read_text(encoding="utf-8"))):
            if target in modules and key(target) != key(name):
                graph.setdefault(key(name), set()).add(key(target))
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                component.append(member)
            if component:
                found.append(sorted([node, *component]))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize("packages", [False, True], ids=["modules", "packages"])
def test_no_import_cycles(packages: bool) -> None:
    assert _cycles(_import_graph(packages=packages)) == []


def test_a_cycle_is_found() -> None:  # the check above can fail
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_is_much_over_800_lines() -> None:
    long = {
        str(path.relative_to(SRC)): lines
        for path in SRC.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 850
    }
    assert long == {}
