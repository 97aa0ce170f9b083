"""`putokaz translations`: update, compile or check the UI message catalogues (no gettext needed)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putokaz.core import catalogs


class Command(BaseCommand):
    help = "Update (--update), compile (--compile) or check (--check) the UI translations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--update", action="store_true", help="Extract strings into every .po file."
        )
        parser.add_argument("--compile", action="store_true", help="Write the .mo files.")
        parser.add_argument(
            "--check", action="store_true", help="Fail when a string lacks a translation."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not any(options[name] for name in ("update", "compile", "check")):
            raise CommandError("Say --update, --compile or --check.")
        if options["update"]:
            catalogs.update()
            self.stdout.write("Catalogues updated.")
        if options["compile"]:
            written = catalogs.compile_all()
            self.stdout.write(f"Compiled {len(written)} catalogues.")
        if options["check"]:
            problems = catalogs.problems()
            for problem in problems:
                self.stdout.write(f"{problem.locale}: {problem.reason}: {problem.msgid!r}")
            if problems:
                raise CommandError(f"{len(problems)} translation problems.")
            self.stdout.write("Every string is translated in every language.")
