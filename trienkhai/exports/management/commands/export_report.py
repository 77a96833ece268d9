"""`trienkhai export_report KIND --unit CODE --period CODE [--programme SYMBOL]
--format docx|xlsx|pdf -o FILE`: a report written to a file, for scripts (no queue).
The oversight documents take `--plan UID` (inspection-plan) or `--case UID`
(conclusion-notice) instead of the unit and the period."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from trienkhai.core import clock
from trienkhai.exports import kinds, render
from trienkhai.exports.params import parse


class Command(BaseCommand):
    help = "Viết một báo cáo ra tệp Word, PDF hoặc Excel."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(kinds.KINDS))
        parser.add_argument("--unit", help="mã đơn vị, ví dụ TU-38")
        parser.add_argument("--period", help="mã kỳ, ví dụ 2021Q4")
        parser.add_argument("--programme", help="số, ký hiệu văn bản của chương trình")
        parser.add_argument("--plan", help="mã (uid) kế hoạch kiểm tra, giám sát")
        parser.add_argument("--case", help="mã (uid) cuộc kiểm tra, giám sát tại đơn vị")
        parser.add_argument("--format", dest="fmt", choices=sorted(kinds.FORMATS), default="docx")
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, kind, unit, period, programme, plan, case, fmt, output, **options):
        try:
            params = parse(
                kind, unit=unit, period=period, programme=programme, plan=plan, case=case
            )
        except ValidationError as e:
            raise CommandError(
                "; ".join(m for messages in e.message_dict.values() for m in messages)
            ) from e
        report = kinds.build(kind, params, today=clock.today())
        data = render.render(report, fmt)
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}: {len(data):,} bytes")
