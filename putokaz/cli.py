"""The `putokaz` console command: Django's management commands under the product's name."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - settings first

    args = list(sys.argv if argv is None else argv)
    args[0] = "putokaz"
    # Subcommands read with hyphens (`putokaz import-people`); Django's are module names.
    position = 2 if args[1:2] == ["help"] else 1
    if len(args) > position and not args[position].startswith("-"):
        args[position] = args[position].replace("-", "_")
    execute_from_command_line(args)
    return 0
