"""How the command line shows a library error: the message, then its hint as CLI advice.

Library errors name no command or flag (:class:`saferinsight.errors.Hint`); the tables here
turn a hint's action into the command to run and its options into flags.
"""

from __future__ import annotations

import functools
import shlex
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from saferinsight.errors import Hint

__all__ = ["FLAGS", "HINT_COMMANDS", "errors", "flag", "hint_advice"]

F = TypeVar("F", bound=Callable[..., Any])


#: The command the CLI advises for each action a library hint names (every key of
#: ``saferinsight.errors.ACTIONS``); None: the command that failed, run again.
HINT_COMMANDS: dict[str, str | None] = {
    "retry": None,
    "wait": None,
    "rebuild": "safer rebuild",
    "restore-raw-files": "safer rebuild",
    "choose-workspace": "safer --workspace FOLDER COMMAND",
    "build-demo": "safer demo",
    "ingest-police-uk": "safer ingest police-uk PATH",
    "ingest-population": "safer ingest population FILE",
    "ingest-dataset": "safer ingest dataset DATASET FILE",
    "list-datasets": "safer template --list",
    "write-template": "safer template DATASET",
    "list-rejects": "safer rejects",
    "change-setting": None,  # advice: the environment variable (see _advice)
    "reload-record": "safer records show KIND RECORD",
    "list-records": "safer records list KIND",
    "upgrade-records": "safer records upgrade",
    "ask-administrator": "safer users list",
}
#: The flag of each library option a hint or an option error names, where the failing command
#: has no parameter of that name (``accept_valid`` -> ``--accept-valid``).
FLAGS: dict[str, str] = {
    "accept_smaller": "--accept-smaller",
    "accept_valid": "--accept-valid",
    "alpha": "--alpha",
    "area": "--area",
    "by": "--by",
    "compare": "--compare",
    "crime_types": "--crime-type",
    "denominator_year": "--denominator-year",
    "encoding": "--encoding",
    "end": "--to",
    "formats": "--format",
    "limit": "--limit",
    "out_dir": "--out",
    "period": "--period",
    "provider": "--provider",
    "sheet": "--sheet",
    "spc_baseline": "--spc-baseline",
    "start": "--from",
    "version": "--if-version",
    "test_method": "--test",
    "themes": "--theme",
    "workspace": "--workspace",
    "year": "--year",
}


def flag(option: str, command: click.Command | None = None) -> str:
    """How the command line spells a library option: the failing command's own parameter of
    that name (an option's longest flag, or an argument's metavar), else ``FLAGS``."""
    for param in command.params if command else ():
        if param.name == option:
            if isinstance(param, click.Option):
                return max(param.opts, key=len)
            return param.human_readable_name
    return FLAGS.get(option, "--" + option.replace("_", "-"))


def flags_of(options: Mapping[str, object], command: click.Command | None) -> str:
    """The flags that give a hint's options, as a command line writes them."""
    words = []
    for option, value in options.items():
        name = flag(option, command)
        if value is True:
            words.append(name)
        elif value is None:
            words.append(f"{name} {option.upper()}")
        elif isinstance(value, list | tuple):
            words.append(f"{name} {shlex.quote(','.join(map(str, value)))}")
        elif value is not False:
            words.append(f"{name} {shlex.quote(str(value))}")
    return " ".join(words)


def hint_advice(hint: Hint, command: click.Command | None = None) -> str:
    """A library hint as command-line advice: its sentence, then the command and flags.

    ``command`` is the command that failed: ``retry`` advises it again, with its own flags.

    Examples
    --------
    >>> from saferinsight.errors import Hint
    >>> hint_advice(Hint("rebuild", "Recreate the warehouse from the raw files."))
    "Recreate the warehouse from the raw files: run 'safer rebuild'."
    >>> hint_advice(Hint("retry", "Load the valid rows.", options={"accept_valid": True}))
    'Load the valid rows: run the command again with --accept-valid.'
    """
    from saferinsight.settings import ENV_PREFIX

    text = hint.text.rstrip(".")
    if hint.action == "change-setting":
        advice = " and ".join(
            f"set {ENV_PREFIX}{name.upper()}={shlex.quote(str(value))}, or unset it"
            for name, value in hint.options.items()
        )
    elif HINT_COMMANDS[hint.action] is None:
        flags = flags_of(hint.options, command)
        advice = f"run the command again with {flags}" if flags else ""
    else:
        flags = flags_of(hint.options, None)
        advice = f"run '{HINT_COMMANDS[hint.action]}{' ' + flags if flags else ''}'"
    return f"{text}: {advice}." if advice else f"{text}."


def errors(func: F) -> F:
    """Turn AppError into a clean message, a hint and exit code 1 (2 for a bad option); with
    --debug, re-raise."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from saferinsight.errors import AppError, OptionError

        try:
            return func(*args, **kwargs)
        except AppError as exc:
            ctx = click.get_current_context()
            if ctx.find_root().params.get("debug"):
                raise
            hint = f"\nHint: {hint_advice(exc.hint, ctx.command)}" if exc.hint else ""
            if isinstance(exc, OptionError):  # a usage error, as click's own (exit code 2)
                message = exc.message_for(flag(exc.option, ctx.command))
                raise click.UsageError(message + hint, ctx) from exc
            raise click.ClickException(str(exc) + hint) from exc

    return wrapper  # type: ignore[return-value]
