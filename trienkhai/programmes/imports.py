"""A programme's structure from an Excel template: objectives, targets with planned
values, tasks with units and dates. Parsed in full first (errors name the sheet, the
row and the column, in Vietnamese), then written in one transaction, or not at all."""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from trienkhai.core.spreadsheets import find_sheet, open_workbook, sheet_records
from trienkhai.lib.rollup import Rule
from trienkhai.lib.vnformat import parse_date, parse_number
from trienkhai.lib.vntext import search_key
from trienkhai.orgs.models import OrgUnit
from trienkhai.programmes.models import Objective, Target, TargetPlan, Task

OBJECTIVES = gettext_lazy("Mục tiêu")
TARGETS = gettext_lazy("Chỉ tiêu")
TASKS = gettext_lazy("Nhiệm vụ")

OBJECTIVE_COLUMNS = [("order", gettext_lazy("STT")), ("text", gettext_lazy("Mục tiêu"))]
TASK_COLUMNS = [
    ("title", gettext_lazy("Nhiệm vụ, giải pháp")),
    ("lead", gettext_lazy("Đơn vị chủ trì")),
    ("coordinating", gettext_lazy("Đơn vị phối hợp")),
    ("start", gettext_lazy("Bắt đầu")),
    ("deadline", gettext_lazy("Hạn hoàn thành")),
    ("output", gettext_lazy("Sản phẩm")),
]


def target_columns(years):
    return (
        [
            ("code", gettext_lazy("Mã")),
            ("name", gettext_lazy("Chỉ tiêu")),
            ("objective", gettext_lazy("Mục tiêu (STT)")),
            ("uom", gettext_lazy("Đơn vị tính")),
            ("rule", gettext_lazy("Cách tổng hợp")),
            ("direction", gettext_lazy("Chiều tốt")),
            ("baseline_year", gettext_lazy("Năm gốc")),
            ("baseline", gettext_lazy("Giá trị gốc")),
        ]
        + [(f"y{y}", f"KH {y}") for y in years]
        + [("end", gettext_lazy("Cuối nhiệm kỳ"))]
    )


@dataclass
class Parsed:
    objectives: list = field(default_factory=list)  # (order, text)
    targets: list = field(default_factory=list)  # dicts
    tasks: list = field(default_factory=list)  # dicts
    errors: list = field(default_factory=list)  # (sheet, row, column, message)

    def add(self, sheet, row, column, message):
        self.errors.append((str(sheet), row, str(column), str(message)))


def template(programme):
    """The workbook to fill, with one example row on each sheet."""
    years = list(range(programme.start_year, programme.end_year + 1))
    wb = Workbook()
    sheets = [
        (OBJECTIVES, OBJECTIVE_COLUMNS, [1, "Phát triển du lịch thành ngành mũi nhọn"]),
        (
            TARGETS,
            target_columns(years),
            [
                "1",
                "Tổng lượt khách du lịch",
                1,
                "triệu lượt",
                "Cộng",
                "càng cao càng tốt",
                programme.start_year - 1,
                "7,5",
                *["" for _y in years],
                "17",
            ],
        ),
        (
            TASKS,
            TASK_COLUMNS,
            [
                "Xây dựng kế hoạch hằng năm",
                "SVHTTDL-38",
                "STC-38; SKHDT-38",
                "01/08/2021",
                "31/10/2021",
                "Kế hoạch của UBND tỉnh",
            ],
        ),
    ]
    wb.remove(wb.active)
    for title, columns, example in sheets:
        ws = wb.create_sheet(str(title))
        ws.append([str(t) for _k, t in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.append(example)
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _choice(table, text):
    key = search_key(text)
    for value, label in table:
        if key in (search_key(value), search_key(str(label))):
            return value
    return None


def parse(upload, programme, user):
    years = list(range(programme.start_year, programme.end_year + 1))
    result = Parsed()
    try:
        wb = open_workbook(upload)
    except ValueError as exc:
        result.add("", 0, "", exc)
        return result
    found = {}
    for title, columns in (
        (OBJECTIVES, OBJECTIVE_COLUMNS),
        (TARGETS, target_columns(years)),
        (TASKS, TASK_COLUMNS),
    ):
        sheet = find_sheet(wb, str(title))
        if sheet is None:
            result.add(
                title, 0, "", _("Thiếu trang tính “%(s)s”; hãy dùng tệp mẫu.") % {"s": title}
            )
            continue
        records, missing = sheet_records(sheet, columns)
        if missing:
            result.add(title, 1, ", ".join(missing), _("Thiếu cột; hãy dùng tệp mẫu."))
            continue
        found[str(title)] = records
    wb.close()
    if result.errors:
        return result
    orders = _objectives(
        result, found[str(OBJECTIVES)], set(programme.objectives.values_list("order", flat=True))
    )
    _targets(result, found[str(TARGETS)], orders, years, programme)
    _tasks(result, found[str(TASKS)], user, programme.unit)
    return result


def _objectives(result, records, existing):
    orders = set()
    for row, v in records:
        try:
            order = int(v["order"])
            if not 0 < order < 1000:
                raise ValueError
        except ValueError:
            result.add(OBJECTIVES, row, _("STT"), _("Phải là số thứ tự, ví dụ 1."))
            continue
        if order in orders or order in existing:
            result.add(OBJECTIVES, row, _("STT"), _("Số thứ tự %(n)d bị trùng.") % {"n": order})
            continue
        if not v["text"]:
            result.add(OBJECTIVES, row, _("Mục tiêu"), _("Không được để trống."))
            continue
        orders.add(order)
        result.objectives.append((order, v["text"]))
    return orders


def _number(result, row, column, text):
    """A value that fits the database column (16 integer and 4 decimal digits)."""
    if not text:
        return None
    try:
        value = parse_number(text)
    except ValueError:
        result.add(TARGETS, row, column, _("“%(v)s” không phải là số.") % {"v": text})
        return None
    if abs(value) >= 10**16:
        result.add(TARGETS, row, column, _("Giá trị “%(v)s” quá lớn.") % {"v": text})
        return None
    return value.quantize(Decimal("0.0001"))


def _too_long(result, sheet, row, column, text, limit):
    if len(text) > limit:
        result.add(sheet, row, column, _("Dài quá %(n)d ký tự.") % {"n": limit})
        return True
    return False


def _targets(result, records, orders, years, programme):
    from trienkhai.programmes.models import Target as T

    rules = [(k, label) for k, label in T._meta.get_field("aggregation").choices]
    directions = T._meta.get_field("direction").choices
    taken = set(programme.targets.values_list("code", flat=True))
    for row, v in records:
        t = {"row": row, "code": v["code"], "name": v["name"], "uom": v["uom"]}
        if (
            _too_long(result, TARGETS, row, _("Mã"), v["code"], 20)
            | _too_long(result, TARGETS, row, _("Chỉ tiêu"), v["name"], 300)
            | _too_long(result, TARGETS, row, _("Đơn vị tính"), v["uom"], 40)
        ):
            continue
        if not v["code"] or not v["name"]:
            result.add(
                TARGETS, row, _("Mã") if not v["code"] else _("Chỉ tiêu"), _("Không được để trống.")
            )
            continue
        if v["code"] in taken:
            result.add(TARGETS, row, _("Mã"), _("Mã chỉ tiêu “%(c)s” đã có.") % {"c": v["code"]})
        taken.add(v["code"])
        t["rule"] = _choice(rules, v["rule"]) if v["rule"] else Rule.SUM
        if t["rule"] is None:
            result.add(
                TARGETS,
                row,
                _("Cách tổng hợp"),
                _("Không rõ cách tổng hợp “%(v)s”.") % {"v": v["rule"]},
            )
        if t["rule"] == Rule.RATIO:
            result.add(
                TARGETS,
                row,
                _("Cách tổng hợp"),
                _("Chỉ tiêu tỷ lệ cần chỉ tiêu tử số và mẫu số: hãy khai báo trên màn hình."),
            )
        t["direction"] = _choice(directions, v["direction"]) if v["direction"] else "higher"
        if t["direction"] is None:
            result.add(
                TARGETS,
                row,
                _("Chiều tốt"),
                _("Ghi “càng cao càng tốt” hoặc “càng thấp càng tốt”."),
            )
        t["objective"] = None
        if v["objective"]:
            try:
                t["objective"] = int(v["objective"])
                if t["objective"] not in orders:
                    raise ValueError
            except ValueError:
                result.add(
                    TARGETS,
                    row,
                    _("Mục tiêu (STT)"),
                    _("Không có mục tiêu số “%(v)s” ở trang Mục tiêu.") % {"v": v["objective"]},
                )
        t["baseline_year"] = None
        if v["baseline_year"]:
            try:
                t["baseline_year"] = int(v["baseline_year"])
                if not 1900 <= t["baseline_year"] <= 2100:
                    raise ValueError
            except ValueError:
                result.add(TARGETS, row, _("Năm gốc"), _("Năm phải là số, ví dụ 2020."))
        t["baseline"] = _number(result, row, _("Giá trị gốc"), v["baseline"])
        t["end"] = _number(result, row, _("Cuối nhiệm kỳ"), v["end"])
        t["plans"] = {y: _number(result, row, f"KH {y}", v[f"y{y}"]) for y in years}
        result.targets.append(t)


def _unit(user, text, within):
    """A unit under `within` (the programme's unit) and in the user's scope, by code or
    by exact name (without diacritics)."""
    visible = OrgUnit.objects.for_user(user).under(within)
    unit = visible.filter(code=text.upper()).first()
    if unit is None:
        matches = [u for u in visible.search(text)[:20] if search_key(u.name) == search_key(text)]
        unit = matches[0] if len(matches) == 1 else None
    return unit


def _date(result, row, column, text):
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        result.add(
            TASKS,
            row,
            column,
            _("Ngày “%(v)s” không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 05/11/2021.")
            % {"v": text},
        )
        return None


def _tasks(result, records, user, within):
    for row, v in records:
        if not v["title"]:
            result.add(TASKS, row, _("Nhiệm vụ, giải pháp"), _("Không được để trống."))
            continue
        if _too_long(result, TASKS, row, _("Nhiệm vụ, giải pháp"), v["title"], 500) | _too_long(
            result, TASKS, row, _("Sản phẩm"), v["output"], 300
        ):
            continue
        t = {"row": row, "title": v["title"], "output": v["output"], "coordinating": []}
        t["lead"] = _unit(user, v["lead"], within) if v["lead"] else None
        if v["lead"] and t["lead"] is None:
            result.add(
                TASKS,
                row,
                _("Đơn vị chủ trì"),
                _("Không tìm thấy đơn vị “%(v)s”.") % {"v": v["lead"]},
            )
        for name in filter(None, (p.strip() for p in v["coordinating"].split(";"))):
            unit = _unit(user, name, within)
            if unit is None:
                result.add(
                    TASKS,
                    row,
                    _("Đơn vị phối hợp"),
                    _("Không tìm thấy đơn vị “%(v)s”.") % {"v": name},
                )
            elif t["lead"] is not None and unit.pk == t["lead"].pk:
                result.add(
                    TASKS,
                    row,
                    _("Đơn vị phối hợp"),
                    _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp."),
                )
            else:
                t["coordinating"].append(unit)
        t["start"] = _date(result, row, _("Bắt đầu"), v["start"])
        t["deadline"] = _date(result, row, _("Hạn hoàn thành"), v["deadline"])
        if t["start"] and t["deadline"] and t["deadline"] < t["start"]:
            result.add(TASKS, row, _("Hạn hoàn thành"), _("Hạn hoàn thành phải sau ngày bắt đầu."))
        result.tasks.append(t)


@transaction.atomic
def apply(parsed, programme):
    objectives = {}
    for order, text in parsed.objectives:
        objectives[order] = Objective.objects.create(programme=programme, order=order, text=text)
    for t in parsed.targets:
        target = Target.objects.create(
            programme=programme,
            code=t["code"],
            name=t["name"],
            unit_of_measure=t["uom"],
            aggregation=t["rule"],
            direction=t["direction"],
            objective=objectives.get(t["objective"]),
            baseline_year=t["baseline_year"],
            baseline_value=t["baseline"],
            end_value=t["end"],
        )
        TargetPlan.objects.bulk_create(
            TargetPlan(target=target, year=y, value=value)
            for y, value in t["plans"].items()
            if value is not None
        )
    for t in parsed.tasks:
        task = Task.objects.create(
            programme=programme,
            title=t["title"],
            lead_unit=t["lead"],
            start=t["start"],
            deadline=t["deadline"],
            expected_output=t["output"],
        )
        task.coordinating_units.set(t["coordinating"])
    return len(parsed.objectives), len(parsed.targets), len(parsed.tasks)
