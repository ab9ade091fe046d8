"""errors.py: one home for every error class, hints every surface can show, and a CLI mapping
for every hint the library gives."""

from __future__ import annotations

import ast
import functools
import pickle
from pathlib import Path

import click
import pytest

from saferinsight import errors
from saferinsight.cli.advice import FLAGS, HINT_COMMANDS, hint_advice
from saferinsight.cli.commands import main
from saferinsight.errors import (
    ACTIONS,
    AppError,
    DatasetValidationError,
    Hint,
    OptionError,
    QueryError,
)

PACKAGE = Path(errors.__file__).parent


@functools.cache
def _sources() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in PACKAGE.rglob("*.py")]


def _error_classes() -> list[str]:
    return [
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, Exception)
    ]


def _calls(name: str) -> list[tuple[Path, ast.Call]]:
    return [
        (path, node)
        for path, tree in _sources()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (getattr(node.func, "id", None) == name or getattr(node.func, "attr", None) == name)
    ]


def _commands(group: click.Group) -> list[click.Command]:
    found: list[click.Command] = []
    for command in group.commands.values():
        found.append(command)
        if isinstance(command, click.Group):
            found += _commands(command)
    return found


def test_every_error_class_is_defined_in_errors_py() -> None:
    outside = [
        f"{path.relative_to(PACKAGE)}: {node.name}"
        for path, tree in _sources()
        if path.name != "errors.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(
            getattr(base, "id", getattr(base, "attr", "")).endswith(("Error", "Exception"))
            for base in node.bases
        )
    ]
    assert outside == []


def test_the_hierarchy_in_the_docstring_names_every_class() -> None:
    assert errors.__doc__ is not None
    for name in _error_classes():
        assert f"── {name} " in errors.__doc__ or name in ("Exception", "ValueError"), name


def test_user_errors_derive_from_app_error_and_cell_error_stays_internal() -> None:
    internal = ("CellError", "CsvScanError", "FieldValueError")
    for name in _error_classes():
        if name not in (*internal, "ValueError", "Exception"):
            assert issubclass(getattr(errors, name), AppError), name
    for name in internal:
        assert not issubclass(getattr(errors, name), AppError), name
    assert issubclass(OptionError, QueryError)


def test_message_and_hint_stay_apart() -> None:
    hint = Hint("rebuild", "Recreate the warehouse from the raw files it was built from.")
    error = errors.DamagedWarehouseError("cannot open the warehouse.", hint=hint)
    assert str(error) == "cannot open the warehouse."
    assert error.hint is hint
    assert error.to_dict() == {
        "error": "DamagedWarehouseError",
        "message": "cannot open the warehouse.",
        "hint": {"action": "rebuild", "text": hint.text, "options": {}},
    }
    assert AppError("plain").hint is None


def test_hints_are_read_only_and_name_known_actions() -> None:
    hint = Hint("retry", "Load the valid rows.", options={"accept_valid": True})
    with pytest.raises(TypeError):
        hint.options["accept_valid"] = False  # type: ignore[index]
    assert hash(hint) == hash(Hint("retry", "Load the valid rows.", options={"accept_valid": True}))
    with pytest.raises(ValueError, match="unknown hint action 'reboot'"):
        Hint("reboot", "Turn it off and on.")


def test_option_errors_name_the_option_for_each_surface() -> None:
    error = OptionError("spc_baseline", "must be 2 or more; got 1.", hint=None)
    assert (error.option, str(error)) == ("spc_baseline", "spc_baseline must be 2 or more; got 1.")
    assert error.message_for("--spc-baseline") == "--spc-baseline must be 2 or more; got 1."
    assert error.to_dict()["option"] == "spc_baseline"


def test_errors_cross_process_boundaries() -> None:
    hint = Hint("retry", "Give a significance level.", options={"alpha": 0.05})
    error = pickle.loads(pickle.dumps(OptionError("alpha", "must be below 1.", hint=hint)))
    assert (type(error), str(error), error.option, error.hint) == (
        OptionError,
        "alpha must be below 1.",
        "alpha",
        hint,
    )


def test_dataset_validation_error_hints_at_loading_the_valid_rows(tmp_path: Path) -> None:
    from saferinsight.datasets.catalogue import DATASETS
    from saferinsight.datasets.validate import Problem

    problems = (Problem(3, "date", "31/02/2024", "not a date", "write a date"),)
    error = DatasetValidationError(tmp_path / "asb.csv", DATASETS["asb-incidents"], problems, 4)
    assert str(error).startswith("asb.csv: 1 problem(s) in 1 of 4 rows; nothing was loaded.")
    assert "--" not in str(error)
    assert error.hint is not None
    assert dict(error.hint.options) == {"accept_valid": True}
    assert "load its 3 valid rows" in error.hint.text


def test_every_hint_action_has_cli_advice() -> None:
    assert set(HINT_COMMANDS) == set(ACTIONS)
    used = {
        node.args[0].value
        for _, node in _calls("Hint")
        if node.args and isinstance(node.args[0], ast.Constant)
    }
    assert used  # the walk found the library's hints
    assert used <= set(ACTIONS)
    for command in filter(None, HINT_COMMANDS.values()):
        words = command.split()[1:]
        if words[0] == "--workspace":  # the root option, before any command
            assert words[2:] == ["COMMAND"]
            continue
        found: click.Command = main.commands[words.pop(0)]
        if isinstance(found, click.Group):
            found = found.commands[words.pop(0)]
        flags = {opt for param in found.params for opt in param.opts}
        assert {w for w in words if w.startswith("--")} <= flags, command


def test_every_option_the_library_names_has_a_flag() -> None:
    named = set()
    for _, node in _calls("OptionError"):
        if node.args and isinstance(node.args[0], ast.Constant):
            named.add(node.args[0].value)
    for _, node in _calls("Hint"):
        for keyword in node.keywords:
            if keyword.arg == "options" and isinstance(keyword.value, ast.Dict):
                named |= {k.value for k in keyword.value.keys if isinstance(k, ast.Constant)}
    for _, node in [*_calls("check_whole_number"), *_calls("parse_period")]:
        for keyword in node.keywords:
            if keyword.arg == "option" and isinstance(keyword.value, ast.Constant):
                named.add(keyword.value.value)
    params = {p.name for command in _commands(main) for p in command.params}
    # A setting or a parameter of the library alone (no command offers it) needs no flag.
    library_only = {"scale", "seed", "first_year", "years", "month", "memory_limit"}
    library_only |= {"database_url"}  # a setting: the CLI advises its environment variable
    # The deadline rulebook's parameters: local rules are built in the library (no command yet).
    library_only |= {"decision", "events", "key", "n", "rules"}
    library_only |= {"threshold"}  # how alike two recommendations must be (library only)
    library_only |= {"basis", "counts", "periods"}  # the Gi* statistic's own arguments
    library_only |= {"variables"}  # the peer-matching variables (library only)
    library_only |= {"upload"}  # a staged upload accepted or cancelled (the web only)
    library_only |= {"what"}  # the audit page's "what" filter (the web only)
    missing = named - set(FLAGS) - params - library_only
    assert missing == set()


def test_every_flag_of_the_table_exists() -> None:
    spelled = {
        (param.name, opt)
        for command in [main, *_commands(main)]
        for param in command.params
        for opt in param.opts
    }
    for option, flag in FLAGS.items():
        assert (option, flag) in spelled, (option, flag)


@pytest.mark.parametrize(
    ("hint", "advice"),
    [
        (
            Hint("rebuild", "Recreate the warehouse from the raw files it was built from."),
            "Recreate the warehouse from the raw files it was built from: run 'safer rebuild'.",
        ),
        (
            Hint("ingest-police-uk", "Load the file as Latin-1.", options={"encoding": "latin-1"}),
            "Load the file as Latin-1: run 'safer ingest police-uk PATH --encoding latin-1'.",
        ),
        (
            Hint("retry", "Load the valid rows.", options={"accept_valid": True}),
            "Load the valid rows: run the command again with --accept-valid.",
        ),
        (
            Hint("retry", "Say which year.", options={"year": None}),
            "Say which year: run the command again with --year YEAR.",
        ),
        (
            Hint("retry", "Write HTML and Word.", options={"formats": ["html", "docx"]}),
            "Write HTML and Word: run the command again with --format html,docx.",
        ),
        (Hint("retry", "Check the spelling."), "Check the spelling."),
        (
            Hint("change-setting", "Give it a size.", options={"memory_limit": "3GB"}),
            "Give it a size: set SAFER_MEMORY_LIMIT=3GB, or unset it.",
        ),
        (
            Hint("choose-workspace", "Use the folder that holds your data."),
            "Use the folder that holds your data: run 'safer --workspace FOLDER COMMAND'.",
        ),
    ],
)
def test_hints_become_cli_advice(hint: Hint, advice: str) -> None:
    assert hint_advice(hint) == advice


def test_retry_advice_uses_the_failing_commands_own_flags() -> None:
    command = main.commands["report"].commands["strategic-assessment"]  # type: ignore[attr-defined]
    hint = Hint("retry", "Write fewer formats.", options={"formats": ["html"], "out_dir": "x"})
    assert hint_advice(hint, command) == (
        "Write fewer formats: run the command again with --format html --out x."
    )
