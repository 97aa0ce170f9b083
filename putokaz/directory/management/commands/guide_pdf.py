"""`putokaz guide-pdf`: the printed Integration Guide of one municipality, in one language."""

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from putokaz.core import languages
from putokaz.directory.guide_pdf import guide_pdf
from putokaz.geo.lookup import MunicipalityIndex
from putokaz.geo.models import name_with_kind


class Command(BaseCommand):
    help = (
        "Write the printed guide (PDF) of one municipality: every published, active service "
        "for the people who live there, by area, in one language."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Usage reads as it is typed: `putokaz guide-pdf`.
        return super().create_parser(prog_name, subcommand.replace("_", "-"), **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--municipality",
            required=True,
            help="The municipality: its code of the Statistical Office (70157) or its name.",
        )
        parser.add_argument(
            "--lang",
            default="sr-Latn",
            help="Language of the guide: sr-Latn (default), sr-Cyrl, rom, sq, de or en.",
        )
        parser.add_argument(
            "--output", required=True, help="The PDF file to write, or - for standard output."
        )

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
            self._write(options["municipality"], language, options["output"])

    def _write(self, municipality_code: str, language: str, output: str) -> None:
        try:
            municipality = MunicipalityIndex().find(municipality_code)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        pdf = guide_pdf(municipality, language)
        if output == "-":
            sys.stdout.buffer.write(pdf)
            return
        try:
            Path(output).write_bytes(pdf)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(reason)s.") % {"file": output, "reason": error.strerror}
            ) from None
        self.stdout.write(
            _("The guide for %(place)s is in %(file)s.")
            % {"place": name_with_kind(municipality), "file": output}
        )
