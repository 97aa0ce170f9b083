"""`putokaz referral-sweep`: tell people about referrals that became overdue, and send again
the notification e-mails a mail server refused.

Run it from cron every few minutes, or once with ``--loop`` as a service; it stops cleanly
between rounds on SIGTERM or Ctrl-C. Several can run at once: each overdue referral is
claimed with a conditional update, so nobody is told twice.
"""

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from putokaz.notifications.actions import notifications_resend
from putokaz.referrals.actions import referral_sweep


class Command(BaseCommand):
    help = "Notify about referrals whose acknowledgement or completion is overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep sweeping until stopped.")
        parser.add_argument(
            "--interval", type=int, default=300, help="Seconds between rounds with --loop."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            told = referral_sweep()
            resent = notifications_resend()
            self.stdout.write(f"{told} overdue referrals notified; {resent} e-mails sent again.")
            if not options["loop"]:
                return
            waited = 0
            while waited < options["interval"] and not self.stopping:
                time.sleep(1)
                waited += 1
            if self.stopping:
                self.stdout.write("Stopped.")
                return
