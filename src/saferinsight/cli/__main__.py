"""``python -m saferinsight.cli``: the ``safer`` command."""

from saferinsight.cli.commands import main

main()
