"""The ``safer`` command line: commands (:mod:`.commands`) and terminal rendering
(:mod:`.render`, :mod:`.render_datasets`), over one library call each."""

from saferinsight.cli.commands import main

__all__ = ["main"]
