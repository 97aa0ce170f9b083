"""`putokaz demo`: migrate, load the demo data, print the logins and serve the app."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from putokaz.demo import data
from putokaz.people.models import Person, refresh_organisation_name_keys


class Command(BaseCommand):
    help = (
        "Prepare a demo database (invented organisations, one account per role) and serve Putokaz."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port", type=int, default=8000, help="Port to serve on (default 8000)."
        )
        parser.add_argument("--host", default="127.0.0.1", help="Address to serve on.")
        parser.add_argument("--no-serve", action="store_true", help="Load the demo data and stop.")
        parser.add_argument(
            "--households",
            type=int,
            default=data.casework.HOUSEHOLDS,
            help="How many invented households to add to a new demo database (default 200).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        try:
            accounts = data.load(households=options["households"])
        except data.NotADemoDatabase as error:
            raise CommandError(str(error)) from error
        # The demo writes holders, cases and members directly: every person's names for the
        # organisations that now work with them, as the application's own writes keep them.
        people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(people), 500):
            refresh_organisation_name_keys(people[start : start + 500])
        self.stdout.write(
            self.style.SUCCESS(
                f"Putokaz demo data is ready. Demo logins (password for all: {data.PASSWORD}):"
            )
        )
        for account in accounts:
            self.stdout.write(f"  {account.email:<28} {account.role}")
        if options["no_serve"]:
            return
        self.stdout.write(f"Open http://{options['host']}:{options['port']}/ (Ctrl+C stops it).")
        call_command("runserver", f"{options['host']}:{options['port']}", use_reloader=False)
