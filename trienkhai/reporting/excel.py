"""The Excel round trip: a workbook pre-filled with one unit's report for one period,
filled offline, uploaded back. Every cell is checked (type, range, that the file is for
this unit and period, that each row is one of the unit's tasks and targets); the report
is saved all or nothing, with errors naming the sheet, row and column."""

import io
from itertools import islice

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from trienkhai.core.cellsafe import xlsx_row
from trienkhai.core.spreadsheets import find_sheet, open_workbook, sheet_records, sheet_rows
from trienkhai.lib.vnformat import parse_number
from trienkhai.reporting import services

INFO = gettext_lazy("Thông tin")
TASKS = gettext_lazy("Nhiệm vụ")
TARGETS = gettext_lazy("Chỉ tiêu")
TEXT = gettext_lazy("Nội dung")
TASK_COLUMNS = [
    ("id", gettext_lazy("Mã nhiệm vụ")),
    ("title", gettext_lazy("Nhiệm vụ")),
    ("deadline", gettext_lazy("Hạn hoàn thành")),
    ("progress", gettext_lazy("Tỷ lệ hoàn thành (%)")),
    ("done", gettext_lazy("Kết quả thực hiện")),
    ("obstacles", gettext_lazy("Khó khăn, vướng mắc")),
    ("proposals", gettext_lazy("Đề xuất")),
]
TARGET_COLUMNS = [
    ("id", gettext_lazy("Số hiệu")),
    ("code", gettext_lazy("Mã chỉ tiêu")),
    ("name", gettext_lazy("Chỉ tiêu")),
    ("uom", gettext_lazy("Đơn vị tính")),
    ("plan", gettext_lazy("Kế hoạch năm")),
    ("value", gettext_lazy("Giá trị thực hiện")),
]
TEXT_COLUMNS = [("field", gettext_lazy("Mục")), ("text", gettext_lazy("Nội dung báo cáo"))]
NARRATIVE_TITLES = {
    "results": gettext_lazy("Kết quả đạt được"),
    "shortcomings": gettext_lazy("Hạn chế, khó khăn và nguyên nhân"),
    "next_steps": gettext_lazy("Nhiệm vụ, giải pháp kỳ tới"),
    "proposals": gettext_lazy("Đề xuất, kiến nghị"),
}
MAX_ROWS = 2000
HEAD = Font(bold=True)
INPUT = PatternFill("solid", fgColor="FFF4CE")


def _sheet(workbook, title, columns, rows, editable):
    sheet = workbook.create_sheet(str(title))
    sheet.append([str(t) for _k, t in columns])
    for cell in sheet[1]:
        cell.font = HEAD
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    for col, (key, _t) in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=col).column_letter
        sheet.column_dimensions[letter].width = 14 if key in ("id", "code", "uom") else 40
        if key in editable:
            for r in range(2, len(rows) + 2):
                sheet.cell(row=r, column=col).fill = INPUT
    return sheet


def workbook_for(submission):
    """The unit's report as a workbook (bytes): what is saved so far, ready to fill."""
    unit, period = submission.unit, submission.period
    saved_tasks = {r.task_id: r for r in submission.tasks.all()} if submission.pk else {}
    saved_values = {v.target_id: v.value for v in submission.values.all()} if submission.pk else {}
    book = Workbook()
    info = book.active
    info.title = str(INFO)
    info.append([_("Mã đơn vị"), unit.code])
    info.append(xlsx_row(info, [_("Đơn vị"), unit.name]))
    info.append([_("Mã kỳ báo cáo"), period.code])
    info.append([_("Kỳ báo cáo"), period.label])
    info.append([_("Hạn gửi"), period.deadline(unit).strftime("%d/%m/%Y")])
    info.append([_("Hướng dẫn"), _("Chỉ điền vào các ô tô màu; không sửa mã, không thêm dòng.")])
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 70
    task_rows = []
    for task in services.unit_tasks(unit, period):
        row = saved_tasks.get(task.pk)
        task_rows.append(
            [
                str(task.uid),
                task.title,
                task.deadline.strftime("%d/%m/%Y") if task.deadline else "",
                float(row.progress) if row else None,
                row.done if row else "",
                row.obstacles if row else "",
                row.proposals if row else "",
            ]
        )
    tasks = _sheet(
        book, TASKS, TASK_COLUMNS, task_rows, {"progress", "done", "obstacles", "proposals"}
    )
    percent = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
    percent.error = _("Tỷ lệ hoàn thành là số từ 0 đến 100.")
    tasks.add_data_validation(percent)
    if task_rows:
        percent.add(f"D2:D{len(task_rows) + 1}")
    year = period.end.year
    target_rows = []
    for target in services.unit_targets(unit, period).prefetch_related("plans"):
        value = saved_values.get(target.pk)
        target_rows.append(
            [
                target.pk,
                target.code,
                target.name,
                target.unit_of_measure,
                float(p) if (p := target.planned(year)) is not None else None,
                float(value) if value is not None else None,
            ]
        )
    _sheet(book, TARGETS, TARGET_COLUMNS, target_rows, {"value"})
    text_rows = [[str(title), getattr(submission, key)] for key, title in NARRATIVE_TITLES.items()]
    _sheet(book, TEXT, TEXT_COLUMNS, text_rows, {"text"})
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class ImportErrors(Exception):
    """[(sheet, row, column, message)]: nothing was saved."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def _records(book, title, columns, errors):
    sheet = find_sheet(book, str(title))
    if sheet is None:
        errors.append(
            (str(title), "", "", _("Thiếu trang “%(s)s”: không đúng mẫu.") % {"s": title})
        )
        return []
    records, missing = sheet_records(sheet, columns)
    for name in missing:
        errors.append((str(title), 1, name, _("Thiếu cột “%(c)s”: không đúng mẫu.") % {"c": name}))
    if len(records) > MAX_ROWS:
        errors.append((str(title), "", "", _("Quá nhiều dòng (tối đa %(n)d).") % {"n": MAX_ROWS}))
        return []
    return [] if missing else records


def import_workbook(submission, upload):
    """Check the whole workbook, then save it as the report's draft (all or nothing).
    Returns the saved submission; raises ImportErrors or ValueError (unreadable file)."""
    if not submission.is_editable:
        raise ValueError(_("Báo cáo đã gửi hoặc đã được chấp nhận; không thể nhập lại."))
    book = open_workbook(upload)
    errors = []
    info = find_sheet(book, str(INFO))
    facts = {}
    if info is None:
        errors.append((str(INFO), "", "", _("Thiếu trang “%(s)s”: không đúng mẫu.") % {"s": INFO}))
    else:
        for row in islice(sheet_rows(info), 10):
            if row and row[0] is not None:
                facts[str(row[0]).strip()] = str((row[1] if len(row) > 1 else "") or "").strip()
        unit_code = facts.get(_("Mã đơn vị"), "").upper()
        period_code = facts.get(_("Mã kỳ báo cáo"), "").upper()
        if unit_code != submission.unit.code or period_code != submission.period.code:
            errors.append(
                (
                    str(INFO),
                    "",
                    "",
                    _("Tệp là báo cáo của %(u)s kỳ %(p)s, không phải của %(mu)s kỳ %(mp)s.")
                    % {
                        "u": unit_code or "?",
                        "p": period_code or "?",
                        "mu": submission.unit.code,
                        "mp": submission.period.code,
                    },
                )
            )
    task_records = _records(book, TASKS, TASK_COLUMNS, errors)
    target_records = _records(book, TARGETS, TARGET_COLUMNS, errors)
    text_records = _records(book, TEXT, TEXT_COLUMNS, errors)
    if errors:
        raise ImportErrors(errors)
    unit, period = submission.unit, submission.period
    by_uid = {str(t.uid): t for t in services.unit_tasks(unit, period)}
    targets = {t.pk: t for t in services.unit_targets(unit, period)}
    tasks, values = {}, {}
    progress_title = str(dict(TASK_COLUMNS)["progress"])
    value_title = str(dict(TARGET_COLUMNS)["value"])
    for number, row in task_records:
        task = by_uid.get(row["id"])
        if task is None:
            errors.append(
                (
                    str(TASKS),
                    number,
                    str(dict(TASK_COLUMNS)["id"]),
                    _("“%(v)s” không phải nhiệm vụ của đơn vị trong kỳ.") % {"v": row["id"]},
                )
            )
            continue
        message = _check_number(row["progress"], 0, 100)
        if message:
            errors.append((str(TASKS), number, progress_title, message))
            continue
        tasks[task.pk] = row
    for number, row in target_records:
        try:
            target = targets.get(int(row["id"]))
        except ValueError:
            target = None
        if target is None:
            errors.append(
                (
                    str(TARGETS),
                    number,
                    str(dict(TARGET_COLUMNS)["id"]),
                    _("“%(v)s” không phải chỉ tiêu của đơn vị trong kỳ.") % {"v": row["id"]},
                )
            )
            continue
        high = (
            100
            if target.value_type == "percent"
            else (1 if target.value_type == "boolean" else None)
        )
        message = _check_number(row["value"], 0, high)
        if message:
            errors.append((str(TARGETS), number, value_title, message))
            continue
        values[target.pk] = row["value"]
    by_title = {str(t).casefold(): key for key, t in NARRATIVE_TITLES.items()}
    narrative = {}
    for number, row in text_records:
        key = by_title.get(row["field"].casefold())
        if key is None:
            errors.append(
                (
                    str(TEXT),
                    number,
                    str(dict(TEXT_COLUMNS)["field"]),
                    _("Mục “%(v)s” không có trong mẫu.") % {"v": row["field"]},
                )
            )
            continue
        narrative[key] = row["text"]
    if errors:
        raise ImportErrors(errors)
    try:
        return services.save_draft(submission, narrative=narrative, tasks=tasks, values=values)
    except services.Refused as exc:
        raise ImportErrors([("", "", "", str(exc))]) from None


def _check_number(text, low, high):
    """A message when `text` is not a number within [low, high]; empty cells pass.
    Numbers typed the Vietnamese way ("1.200", "12,5") are read as such."""
    if not text:
        return ""
    try:
        value = parse_number(text)
    except (ValueError, TypeError):
        return _("“%(v)s” không phải là số.") % {"v": text}
    if value < low or (high is not None and value > high):
        if high is None:
            return _("Giá trị phải lớn hơn hoặc bằng %(low)s.") % {"low": low}
        return _("Giá trị phải từ %(low)s đến %(high)s.") % {"low": low, "high": high}
    return ""
