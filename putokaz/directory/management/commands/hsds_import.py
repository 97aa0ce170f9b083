"""`putokaz hsds-import FILE`: services from Open Referral HSDS 3.0 files, all of them or none."""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from putokaz.accounts.models import User
from putokaz.directory import actions, hsds_import, hsds_plan, hsds_reading
from putokaz.directory.management.commands.hsds_export import language_option


class Command(BaseCommand):
    help = (
        "Import services from Open Referral HSDS 3.0 files: a JSON file (one object, a list, "
        "or a page of the HSDS API) or a directory with datapackage.json and CSV files. Every "
        "record is checked first: if any is wrong, nothing is saved and each error is listed. "
        "What Putokaz has no place for is listed too."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return super().create_parser(prog_name, subcommand.replace("_", "-"), **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="A JSON file, or a directory (or its datapackage.json) of CSV files."
        )
        parser.add_argument(
            "--user",
            required=True,
            help="E-mail address of the user who imports: an administrator or guide editor of "
            "the services' organisations (a system administrator to add organisations).",
        )
        parser.add_argument(
            "--lang",
            default="sr-Latn",
            help="The language of the file's text, written into that language; also of the "
            "report: sr-Latn (default), sr-Cyrl, rom, sq, de or en.",
        )
        parser.add_argument(
            "--type",
            choices=hsds_reading.TOP_LEVEL_TABLES,
            help="Which HSDS object a JSON file holds, if its name does not say "
            "(services.json, organization_full.json …).",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the imported services in the guide (new ones are drafts otherwise).",
        )
        newer = parser.add_mutually_exclusive_group()
        newer.add_argument(
            "--skip-newer",
            action="store_true",
            help="Leave services changed here after the file's version as they are; import the "
            "rest.",
        )
        newer.add_argument(
            "--overwrite-newer",
            action="store_true",
            help="Replace services changed here after the file's version with the file's.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file, save nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        language = language_option(options["lang"])
        with translation.override(language):
            self._import(language, options)

    def _import(self, language: str, options: dict[str, Any]) -> None:
        user = User.objects.filter(email__iexact=options["user"].strip(), is_active=True).first()
        if user is None:
            raise CommandError(
                _("No active user has the e-mail address %(email)s.") % {"email": options["user"]}
            )
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(_("There is no file %(file)s.") % {"file": path})
        on_conflict = (
            hsds_plan.OnConflict.SKIP
            if options["skip_newer"]
            else hsds_plan.OnConflict.OVERWRITE
            if options["overwrite_newer"]
            else hsds_plan.OnConflict.REFUSE
        )
        plan = hsds_import.prepare(
            hsds_reading.read(path, table=options["type"]),
            language=language,
            acting_user=user,
            publish=options["publish"],
            on_conflict=on_conflict,
        )
        if plan.notices:
            self.stdout.write(_("Not imported (Putokaz has no place for it):"))
            for line in hsds_plan.report(plan.notices):
                self.stdout.write(f"  {line}")
        if not plan.is_valid:
            self.stdout.write(_("Errors:"))
            for line in hsds_plan.report(plan.errors):
                self.stdout.write(f"  {line}")
            raise CommandError(hsds_plan.summary_of_errors(plan.errors))
        if options["dry_run"]:
            self.stdout.write(_("The file is valid; nothing was saved (dry run)."))
        else:
            try:
                actions.services_import(plan=plan, acting_user=user, source=path.name)
            except (PermissionDenied, ValidationError) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                raise CommandError(" ".join(messages)) from None
            self.stdout.write(self.style.SUCCESS(_("The file was imported.")))
        for label, what in (
            (_("Services created: %(count)d"), "created"),
            (_("Services updated: %(count)d"), "updated"),
            (_("Services unchanged: %(count)d"), "unchanged"),
            (_("Services left as they are here (newer): %(count)d"), "skipped"),
        ):
            self.stdout.write(label % {"count": plan.count(what)})
        self.stdout.write(
            _("Organisations created: %(count)d") % {"count": len(plan.organisations)}
        )
