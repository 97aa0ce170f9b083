"""`putokaz hsds-export --output DIR`: the published guide as Open Referral HSDS 3.0 files."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from putokaz.core import languages
from putokaz.directory import hsds_files


def language_option(value: str) -> str:
    """Our code for the language ``value`` names; :class:`CommandError` if none."""
    language = languages.normalize(value)
    if language is None:
        raise CommandError(
            _("There is no language %(language)s: use one of %(languages)s.")
            % {
                "language": value,
                "languages": ", ".join(map(languages.public_code, languages.codes())),
            }
        )
    return language


class Command(BaseCommand):
    help = (
        "Write the published services of the guide, in one language, as Open Referral HSDS 3.0: "
        "JSON files (services.json holds everything) and the tabular form in csv/ "
        "(datapackage.json and one CSV file per HSDS object)."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return super().create_parser(prog_name, subcommand.replace("_", "-"), **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", required=True, help="The directory to write to (created if missing)."
        )
        parser.add_argument(
            "--lang",
            default="sr-Latn",
            help="Language of the data and the messages: sr-Latn (default), sr-Cyrl, rom, sq, "
            "de or en.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        language = language_option(options["lang"])
        with translation.override(language):
            directory = Path(options["output"])
            if directory.exists() and not directory.is_dir():
                raise CommandError(_("%(path)s is a file, not a directory.") % {"path": directory})
            try:
                result = hsds_files.export(directory, language=language)
            except OSError as error:
                raise CommandError(
                    _("Cannot write to %(path)s: %(reason)s.")
                    % {"path": directory, "reason": error.strerror}
                ) from None
            self.stdout.write(
                self.style.SUCCESS(_("The guide was written to %(path)s.") % {"path": directory})
            )
            self.stdout.write(_("Services: %(count)d") % {"count": result.services})
            self.stdout.write(_("Organisations: %(count)d") % {"count": result.organisations})
            self.stdout.write(_("Locations: %(count)d") % {"count": result.locations})
