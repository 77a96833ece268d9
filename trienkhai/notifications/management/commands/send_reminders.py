from django.core.management.base import BaseCommand

from trienkhai.oversight import services as oversight
from trienkhai.programmes.reminders import send
from trienkhai.reporting import reminders as report_reminders
from trienkhai.reporting.services import open_due_periods

# What oversight reminds of (`oversight.services.send_reminders`), as the lines say it.
OVERSIGHT_LABELS = {"self-report": "báo cáo tự kiểm tra", "recommendation": "kiến nghị"}


class Command(BaseCommand):
    help = (
        "Daily: open the reporting periods whose data cut-off has passed; list tasks due "
        "within N days and overdue tasks per lead unit, the periodic reports due, late or "
        "returned, and the inspections' self-reports and recommendations due or overdue, "
        "and notify each unit's reporters and office (in-app; e-mail when the user has an "
        "address). Run twice, it adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--no-email", action="store_true")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="queue the daily run for the background worker (at TK_REMINDER_HOUR) "
            "instead of sending now",
        )

    def handle(self, *args, days, no_email, schedule=False, **options):
        if schedule:
            from trienkhai.notifications.tasks import schedule_next

            at = schedule_next()
            self.stdout.write(
                f"Nhắc việc hằng ngày: lần chạy tới lúc {at:%d/%m/%Y %H:%M}."
                if at
                else "Chưa có hàng đợi công việc nền (TK_TASKS_IMMEDIATE=1): không xếp lịch."
            )
            return
        opened = open_due_periods()
        self.stdout.write("Kỳ báo cáo đang mở: " + ", ".join(p.code for p in opened))
        summary = send(days, email=not no_email)
        for unit, (overdue, soon, notified) in sorted(summary.items(), key=lambda kv: kv[0].path):
            self.stdout.write(
                f"{unit.code:<16} {unit.name:<45} quá hạn {overdue:>4}  "
                f"sắp đến hạn {soon:>4}  đã báo {notified} người"
            )
        self.stdout.write(f"{len(summary)} đơn vị có nhiệm vụ cần nhắc.")
        reports = report_reminders.send(email=not no_email)
        for unit, period, state, notified in reports:
            self.stdout.write(
                f"{unit.code:<16} {period.code:<8} {state:<9} đã báo {notified} người"
            )
        self.stdout.write(f"{len(reports)} báo cáo định kỳ cần nhắc.")
        oversight_items = oversight.send_reminders(email=not no_email)
        for what, unit, notified in oversight_items:
            self.stdout.write(
                f"{unit.code:<16} {OVERSIGHT_LABELS.get(what, what):<20} đã báo {notified} người"
            )
        self.stdout.write(f"{len(oversight_items)} việc kiểm tra, giám sát cần nhắc.")
