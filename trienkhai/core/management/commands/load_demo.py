from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from trienkhai.accounts import demo as accounts_demo
from trienkhai.conferences import demo as conferences_demo
from trienkhai.dashboards import demo as dashboards_demo
from trienkhai.documents import demo as documents_demo
from trienkhai.documents.models import Document
from trienkhai.orgs import demo as orgs_demo
from trienkhai.orgs.models import OrgUnit
from trienkhai.oversight import demo as oversight_demo
from trienkhai.programmes import demo as programmes_demo
from trienkhai.reporting import demo as reporting_demo
from trienkhai.reporting import services as reporting_services
from trienkhai.study import demo as study_demo


class Command(BaseCommand):
    help = "Load the Thanh Hóa demo (late 2021). Running it twice changes nothing."

    def handle(self, *args, **options):
        before = OrgUnit.objects.count()
        with transaction.atomic():
            orgs_demo.load()
            accounts_demo.load()
            documents = documents_demo.load()
            programmes = programmes_demo.load()
            dashboards_demo.load()  # the Ban Chỉ đạo 715 over the programmes above
            points = conferences_demo.load()
            sessions = study_demo.load()
            study_demo.load_learning_reports()
            # The periods due by the scenario's day are open, as the daily job leaves them.
            if settings.TK_TODAY:  # `make demo`; tests open the periods they need
                reporting_services.open_due_periods(settings.TK_TODAY)
            reports = reporting_demo.load()
            cases = oversight_demo.load()
        added = OrgUnit.objects.count() - before
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {OrgUnit.objects.count()} units ({added} new), "
                f"{Document.objects.count()} documents ({documents} new, from the seed text), "
                f"{programmes} new programmes, {points} new bridge points, "
                f"{sessions} new study sessions, {reports} new quarterly reports, "
                f"{cases} new inspection cases."
            )
        )
        self.stdout.write(f"Demo logins (password: {accounts_demo.password()}):")
        for username, what in accounts_demo.logins():
            self.stdout.write(f"  {username:<10} {what}")
