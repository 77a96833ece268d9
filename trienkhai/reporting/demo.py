"""Demo reports for 2021: Hoằng Hóa delegates two tasks of its plan to its communes,
and the units that owe a report send their quarterly reports with a realistic mix:
on time, late, returned, missing, drafts, and a few copy-paste narratives.

All of it is sample data, labelled so (the reports, their figures and texts, and the
delegated sub-tasks)."""

import datetime
import random
import zoneinfo
from decimal import Decimal

from trienkhai.core import clock
from trienkhai.orgs.models import Level, OrgUnit
from trienkhai.programmes.cascade import delegate
from trienkhai.programmes.models import Programme, Target
from trienkhai.reporting import completeness
from trienkhai.reporting.models import (
    Act,
    Period,
    Status,
    Submission,
    SubmissionEvent,
    TargetValue,
    TaskReport,
)
from trienkhai.reporting.services import apply_progress, snapshot, unit_targets, unit_tasks

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
QUARTERS = ["2021Q3", "2021Q4"]
REPEATER = "SYT-38"  # Sở Y tế sends its third-quarter text again in the fourth
# Fragments a unit's own narrative is composed of, with its own figures.
FRAGMENTS = [
    "Tổ chức {n} hội nghị quán triệt, triển khai chương trình đến cán bộ, đảng viên.",
    "Ban hành kế hoạch thực hiện và phân công nhiệm vụ cụ thể cho {n} tổ chức, cá nhân.",
    "Hoàn thành {n} công trình giao thông nông thôn, tổng chiều dài {k} km.",
    "Vận động {n} hộ tham gia mô hình du lịch cộng đồng gắn với làng nghề.",
    "Thu ngân sách trên địa bàn đạt {k}% dự toán năm.",
    "Kiểm tra, đôn đốc {n} chi bộ trong việc thực hiện nghị quyết.",
    "Tuyên truyền trên hệ thống truyền thanh {n} lượt về các nội dung cốt lõi.",
    "Giải quyết dứt điểm {n} đơn thư, kiến nghị của nhân dân.",
    "Kết nạp {n} đảng viên mới, đạt {k}% kế hoạch năm.",
    "Tổ chức {n} lớp tập huấn chuyển giao khoa học kỹ thuật cho nông dân.",
    "Rà soát, cập nhật {n} hộ nghèo, hộ cận nghèo theo chuẩn mới.",
    "Chỉnh trang {n} tuyến phố, trồng mới {k} cây xanh.",
]
COPIED = (
    "Cấp ủy đã lãnh đạo, chỉ đạo triển khai thực hiện nghiêm túc, hiệu quả các nhiệm vụ "
    "theo kế hoạch đề ra, bám sát chỉ đạo của cấp trên, đạt được những kết quả quan trọng."
)
SHORTCOMINGS = [
    "Nguồn lực đầu tư còn hạn chế; một số nhiệm vụ triển khai chậm so với kế hoạch.",
    "Công tác phối hợp giữa các đơn vị có lúc chưa chặt chẽ.",
    "",
]


def _delegate_to_communes():
    """Hoằng Hóa hands two tasks of its plan to its communes (sample)."""
    district = OrgUnit.objects.get(code="HU-399")
    plan = Programme.objects.filter(unit=district).first()
    if plan is None:
        return
    communes = list(OrgUnit.objects.get_children(district).filter(level=Level.COMMUNE))
    for task in plan.tasks.filter(lead_unit=district).order_by("pk")[:2]:
        if task.subtasks.exists():
            continue
        deadline = task.deadline or datetime.date(2025, 12, 31)
        created = delegate(task, communes, deadline)
        for sub in created:
            sub.is_sample = True
            sub.save(update_fields=["is_sample"])


def _narrative(rng, unit):
    """A unit's own account of the quarter: a few fragments with its own figures."""
    parts = [f.format(n=rng.randint(2, 60), k=rng.randint(5, 98)) for f in rng.sample(FRAGMENTS, 3)]
    return f"{unit.name}: " + " ".join(parts)


def _base_value(target):
    """A plausible level for a sample value: the target's plan for 2021, else a share
    of its upper target's plan (a district's part of the province), else its baseline."""
    plan = target.plans.filter(year=2021).first()
    if plan is not None:
        return plan.value
    if target.upper_id:
        upper = target.upper.plans.filter(year=2021).first()
        if upper is not None:
            return upper.value / 8
    return target.baseline_value or Decimal(50)


def _ratio_numerators(values, rng):
    """A ratio's numerator (schools meeting the standard) as a share of its denominator
    (all schools) near the ratio's plan, never above it: a rate of 127% is no sample."""
    for ratio in Target.objects.filter(numerator_id__in=values, denominator_id__in=values):
        plan = _base_value(ratio)
        share = min(plan * Decimal(rng.randint(85, 110)) / 100, Decimal(100))
        denominator = values[ratio.denominator_id]
        values[ratio.numerator_id] = (denominator * share / 100).quantize(Decimal("0.01"))


def load():
    if Submission.objects.filter(is_sample=True).exists():
        return 0
    _delegate_to_communes()
    rng = random.Random(2021_10)
    province = OrgUnit.objects.get(code="TU-38")
    count = 0
    last_text = {}
    for code in QUARTERS:
        period = Period.objects.ensure(code)
        units = list(completeness.expected_units(province, period).order_by("path"))
        copy_targets = {u.pk for u in rng.sample(units, min(4, len(units)))}
        for unit in units:
            fate = rng.choices(
                ["on_time", "late", "returned", "missing", "draft"], [62, 18, 7, 9, 4]
            )[0]
            if unit.level == Level.DISTRICT:
                fate = "late" if unit.code == "HU-401" else "on_time"  # for the roll-up
            if unit.code == REPEATER:
                fate = "on_time"
            if unit.code == "DU-15997":
                fate = "missing"  # Hoằng Đông: the browser journey writes its report
            if fate == "missing":
                continue
            deadline = period.deadline(unit)
            days = -rng.randint(0, 3) if fate in ("on_time", "draft") else rng.randint(1, 12)
            if fate == "returned":
                days = -rng.randint(0, 2)
            # Nothing is sent or reviewed after the scenario's day (clock.DEMO_TODAY).
            latest = clock.DEMO_TODAY - datetime.timedelta(days=1)
            sent = datetime.datetime.combine(
                min(deadline + datetime.timedelta(days=days), latest),
                datetime.time(16, 30),
                tzinfo=TZ,
            )
            text = COPIED if unit.pk in copy_targets else _narrative(rng, unit)
            shortcoming = rng.choice(SHORTCOMINGS)
            if unit.code == REPEATER and unit.pk in last_text:
                text, shortcoming = last_text[unit.pk]  # last quarter's report sent again
            last_text[unit.pk] = (text, shortcoming)
            submission = Submission.objects.create(
                unit=unit,
                period=period,
                results=text,
                shortcomings=shortcoming,
                next_steps="Tiếp tục triển khai các nhiệm vụ theo kế hoạch; tăng cường kiểm tra.",
                is_sample=True,
            )
            quarter = int(code[-1])
            for task in unit_tasks(unit, period):
                # Never below what the task already shows: a finished task reports 100.
                sample = Decimal(min(100, quarter * 20 + rng.randint(-10, 15)))
                progress = Decimal(100) if task.completed_on else max(sample, task.progress or 0)
                TaskReport.objects.create(
                    submission=submission,
                    task=task,
                    progress=progress,
                    done="Hoàn thành." if task.completed_on else "Đang triển khai theo kế hoạch.",
                )
            values = {}
            for target in unit_targets(unit, period):
                base = _base_value(target)
                factor = Decimal(rng.randint(80, 110)) / 100
                value = (base * factor).quantize(Decimal("0.01"))
                if target.value_type == "percent":
                    value = min(value, Decimal(100))
                values[target.pk] = value
            _ratio_numerators(values, rng)
            TargetValue.objects.bulk_create(
                TargetValue(submission=submission, target_id=pk, value=value)
                for pk, value in values.items()
            )
            if fate == "draft":
                count += 1
                continue
            submission.status = {"returned": Status.RETURNED}.get(fate, Status.ACCEPTED)
            submission.version = 1
            submission.first_submitted_at = submission.submitted_at = sent
            submission.reviewed_at = min(
                sent + datetime.timedelta(days=2),
                datetime.datetime.combine(clock.DEMO_TODAY, datetime.time(9), tzinfo=TZ),
            )
            if fate == "returned":
                submission.return_reason = (
                    "Báo cáo chưa nêu số liệu cụ thể về kết quả thực hiện các chỉ tiêu; "
                    "đề nghị bổ sung."
                )
            submission.save()
            if submission.status == Status.ACCEPTED:
                apply_progress(submission, submission.reviewed_at.date())
            shot = snapshot(submission)
            SubmissionEvent.objects.create(
                submission=submission, act=Act.SUBMIT, version=1, at=sent, snapshot=shot
            )
            SubmissionEvent.objects.create(
                submission=submission,
                act=Act.RETURN if fate == "returned" else Act.ACCEPT,
                version=1,
                at=submission.reviewed_at,
                reason=submission.return_reason,
                snapshot=shot,
            )
            count += 1
    return count
