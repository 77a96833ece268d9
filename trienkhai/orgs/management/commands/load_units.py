from django.core.management.base import BaseCommand, CommandError

from trienkhai.orgs.loading import load_2025, load_pre2025
from trienkhai.orgs.models import OrgUnit


class Command(BaseCommand):
    help = (
        "Load Thanh Hóa's administrative structure under a province unit: 'pre2025' "
        "(districts and communes) or '2025' (166 communes from 1/7/2025, old units closed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--structure", choices=["pre2025", "2025"], required=True)
        parser.add_argument("--province", default="TU-38", help="code of the province unit")

    def handle(self, *args, structure, province, **options):
        root = OrgUnit.objects.filter(code=province.upper()).first()
        if root is None:
            raise CommandError(f"Không có đơn vị mang mã {province}; hãy chạy load_demo trước.")
        if structure == "pre2025":
            created = load_pre2025(root)
            self.stdout.write(f"{created} units created.")
        else:
            created, closed = load_2025(root)
            self.stdout.write(
                f"{created} units created valid from 01/07/2025; "
                f"{closed} units closed on 30/06/2025."
            )
