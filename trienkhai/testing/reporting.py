"""Reporting factories: periods opened, a province programme carried down to its
districts' plans and communes' tasks, and units' reports saved, sent, returned and
accepted, each through the reporting services (reporting/services.py) as the pages and
the API do.

    tourism()  TU-38 "Chương trình phát triển du lịch" with the target CT1 "Tổng lượt
               khách du lịch" (sums up the tree, 10.000 planned for 2021) and a task;
               HU-399 and HU-401 each a plan taking CT1 up (2.000 each for 2021) and
               a task of their own, delegated to their communes (DU-15997 and DU-16000
               under Hoằng Hóa, DU-16100 under Nga Sơn). Needs the `world`'s units.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from trienkhai.orgs.models import OrgUnit
from trienkhai.programmes.cascade import create_plan, delegate
from trienkhai.reporting import services

from . import factories as make

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
RESULTS = "Đã triển khai kế hoạch du lịch tại đơn vị."
END = datetime.date(2025, 12, 31)


def at(day, hour=10):
    """A moment of `day` in Vietnam's time (for `submit(now=...)`)."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def period(code, user=None):
    """The period of `code`, opened as the office or the daily job (`user` None) does."""
    return services.open_period(code, user)


@dataclass
class Tourism:
    programme: object
    visitors: object  # the province's target CT1
    task: object  # the province's own task
    plans: dict = field(default_factory=dict)  # district code -> plan
    targets: dict = field(default_factory=dict)  # district code -> its CT1
    tasks: dict = field(default_factory=dict)  # unit code -> the task it leads (plans)


def tourism(*, district_plan=2000, province_plan=10000, issued=datetime.date(2021, 6, 1)):
    """The province's tourism programme carried down (see the module's docstring)."""
    province = OrgUnit.objects.get(code="TU-38")
    document = make.document(
        province,
        "05-CTr/TU",
        "Chương trình phát triển du lịch tỉnh Thanh Hóa giai đoạn 2021-2025",
        issue_date=issued,
    )
    programme = make.programme(
        province,
        "Chương trình phát triển du lịch tỉnh Thanh Hóa giai đoạn 2021-2025",
        document=document,
    )
    visitors = make.target(
        programme,
        "CT1",
        "Tổng lượt khách du lịch",
        unit_of_measure="lượt",
        plan={2021: province_plan, 2025: province_plan * 2},
    )
    own = make.task(programme, "Xây dựng sản phẩm du lịch đặc trưng của tỉnh", deadline=END)
    made = Tourism(programme=programme, visitors=visitors, task=own)
    made.tasks["TU-38"] = own
    for n, (code, communes) in enumerate(
        [("HU-399", ["DU-15997", "DU-16000"]), ("HU-401", ["DU-16100"])], start=12
    ):
        district = OrgUnit.objects.get(code=code)
        plan = create_plan(
            programme,
            district,
            title=f"Kế hoạch thực hiện chương trình phát triển du lịch của {district.name}",
            symbol=f"{n}-KH/HU",
            issue_date=issued + datetime.timedelta(days=7),
            start_year=2021,
            end_year=2025,
            targets=[(visitors, {2021: district_plan})],
            tasks=[{"title": "Phát triển du lịch cộng đồng tại các xã", "deadline": END}],
            take_tasks=[],
        )
        made.plans[code] = plan
        made.targets[code] = plan.targets.get()
        district_task = plan.tasks.get()
        made.tasks[code] = district_task
        for sub in delegate(district_task, OrgUnit.objects.filter(code__in=communes), END):
            made.tasks[sub.lead_unit.code] = sub
    return made


def draft(unit, period, *, results=RESULTS, progress=None, value=None, **narrative):
    """The unit's report for the period saved as a draft (`services.save_draft`):
    `progress` for every task it reports on, `value` for every target it reports."""
    report = services.open_report(unit, period)
    tasks = None
    if progress is not None:
        tasks = {
            t.pk: {"progress": str(progress), "done": "Tuyên truyền"}
            for t in services.unit_tasks(unit, period)
        }
    values = None
    if value is not None:
        values = {t.pk: str(value) for t in services.unit_targets(unit, period)}
    return services.save_draft(
        report, narrative={"results": results, **narrative}, tasks=tasks, values=values
    )


def sent(unit, period, by=None, *, on=None, **written):
    """The unit's report written (`draft`) and sent on `on` (the day after the
    period's cut-off when None)."""
    report = draft(unit, period, **written)
    day = on or period.data_to + datetime.timedelta(days=1)
    return services.submit(report, by, now=at(day))


def returned(unit, period, by=None, reviewer=None, *, reason="Bổ sung số liệu cụ thể.", **kw):
    """The unit's report sent, then returned by the level above with `reason`."""
    report = sent(unit, period, by, **kw)
    return services.return_report(report, reviewer, reason, now=report.submitted_at)


def accepted(unit, period, by=None, reviewer=None, **kw):
    """The unit's report sent, then accepted (locked, its progress the tasks' own)."""
    report = sent(unit, period, by, **kw)
    return services.accept(report, reviewer, now=report.submitted_at)


__all__ = [
    "RESULTS",
    "TZ",
    "Tourism",
    "accepted",
    "at",
    "draft",
    "period",
    "returned",
    "sent",
    "tourism",
]
