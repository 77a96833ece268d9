from django.core.management.base import BaseCommand

from trienkhai.programmes.reminders import send


class Command(BaseCommand):
    help = (
        "Daily: list tasks due within N days and overdue tasks per lead unit, and notify "
        "its reporters and office (in-app; e-mail when the user has an address)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--no-email", action="store_true")

    def handle(self, *args, days, no_email, **options):
        summary = send(days, email=not no_email)
        for unit, (overdue, soon, notified) in sorted(summary.items(), key=lambda kv: kv[0].path):
            self.stdout.write(
                f"{unit.code:<16} {unit.name:<45} quá hạn {overdue:>4}  "
                f"sắp đến hạn {soon:>4}  đã báo {notified} người"
            )
        self.stdout.write(f"{len(summary)} đơn vị có nhiệm vụ cần nhắc.")
