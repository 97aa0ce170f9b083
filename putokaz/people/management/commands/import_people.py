"""`putokaz import-people FILE`: people and households from a CSV file, all of them or none."""

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from putokaz.core import languages
from putokaz.people import actions, importing


class Command(BaseCommand):
    help = (
        "Import people and households from a CSV file (format: putokaz/people/data/IMPORT.md). "
        "Every row is checked first: if any is wrong, nothing is saved and each error is listed."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Usage reads as it is typed: `putokaz import-people`.
        return super().create_parser(prog_name, subcommand.replace("_", "-"), **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV file (UTF-8), or - to read standard input.")
        parser.add_argument(
            "--organisation",
            required=True,
            help="The organisation that holds the imported files: its id or its name.",
        )
        parser.add_argument(
            "--user",
            required=True,
            help="E-mail address of the user who imports: a case worker or supervisor there.",
        )
        parser.add_argument(
            "--lang",
            default="sr-Latn",
            help="Language of the report: sr-Latn (default), sr-Cyrl, rom, sq, de or en.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file, save nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        language = languages.normalize(options["lang"])
        if language is None:
            raise CommandError(
                _("There is no language %(language)s: use one of %(languages)s.")
                % {
                    "language": options["lang"],
                    "languages": ", ".join(map(languages.public_code, languages.codes())),
                }
            )
        with translation.override(language):
            self._import(options)

    def _import(self, options: dict[str, Any]) -> None:
        try:
            organisation = importing.find_organisation(options["organisation"])
            user = importing.find_acting_user(options["user"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        # Before the file is read: its checks would tell an outsider which JMBGs are registered.
        if not user.has_perm("people.register", organisation):
            raise CommandError(
                _("Only the organisation's case workers and supervisors may register people.")
            )
        name = options["file"]
        try:
            content = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s.") % {"file": name, "reason": error.strerror}
            ) from None
        plan = importing.prepare(content, organisation=organisation)
        if not plan.is_valid:
            for line in importing.report(plan.errors):
                self.stdout.write(line)
            raise CommandError(importing.summary_of_errors(plan.errors))
        if options["dry_run"]:
            self.stdout.write(_("The file is valid; nothing was saved (dry run)."))
        else:
            try:
                actions.people_import(
                    plan=plan, acting_user=user, source="stdin" if name == "-" else Path(name).name
                )
            except (PermissionDenied, ValidationError) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                raise CommandError(" ".join(messages)) from None
            self.stdout.write(self.style.SUCCESS(_("The file was imported.")))
        self.stdout.write(_("People: %(count)d") % {"count": len(plan.people)})
        self.stdout.write(_("Households: %(count)d") % {"count": len(plan.households())})
