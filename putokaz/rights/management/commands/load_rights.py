"""`putokaz load-rights`: load the shipped rights and procedures articles (``migrate`` does
this too). Articles edited in Putokaz are kept unless named with ``--replace``."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putokaz.rights import shipped
from putokaz.rights.actions import articles_load_shipped


class Command(BaseCommand):
    help = (
        "Load the shipped rights and procedures articles: add missing ones, update those "
        "nobody edited, keep edited ones unless named with --replace."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--replace",
            nargs="+",
            default=[],
            metavar="SLUG",
            help="Replace these articles with the shipped text even if they were edited.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            articles = shipped.read_all()
            unknown = set(options["replace"]) - {article.slug for article in articles}
            if unknown:
                raise CommandError(f"No shipped article named {', '.join(sorted(unknown))}.")
            report = articles_load_shipped(replace=options["replace"], articles=articles)
        except shipped.ShippedContentError as error:
            raise CommandError(str(error)) from error
        for line in report.notices():
            self.stdout.write(line)
        for line in report.warnings():
            self.stderr.write(self.style.WARNING(line))
        if not report.changed and not report.warnings():
            self.stdout.write("The rights and procedures articles are up to date.")
