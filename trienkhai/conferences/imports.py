"""Bridge points of a conference registered in bulk from an Excel template.

Every row is checked first (errors name the sheet, the row and the column, in
Vietnamese), then all points are written in one transaction, or none are. A row may
register a point only for a unit the user may register points for on the page
(`access.units_acted_for`), and no two points of a conference share a name.
"""

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from trienkhai.accounts.access import units_acted_for
from trienkhai.conferences.models import (
    Conference,
    PointLevel,
    points_by_name,
)
from trienkhai.conferences.services import point_name_refusal, register_point
from trienkhai.core import importjobs
from trienkhai.core.cellsafe import xlsx_row
from trienkhai.core.spreadsheets import find_sheet, open_workbook, sheet_records
from trienkhai.lib.vnformat import parse_number
from trienkhai.lib.vntext import clean_line, search_key
from trienkhai.orgs.models import OrgUnit

POINTS = gettext_lazy("Điểm cầu")
UNITS = gettext_lazy("Đơn vị")
GUIDE = gettext_lazy("Hướng dẫn")
MAX_ROWS = 3000  # the whole province's 5/11/2021 conference had 827 points

COLUMNS = [
    ("host", gettext_lazy("Mã đơn vị chủ trì")),
    ("name", gettext_lazy("Tên điểm cầu")),
    ("level", gettext_lazy("Cấp")),
    ("address", gettext_lazy("Địa chỉ")),
    ("person", gettext_lazy("Người phụ trách")),
    ("capacity", gettext_lazy("Sức chứa")),
    ("check_in", gettext_lazy("Đếm theo điểm danh")),
]
REQUIRED = ("host", "name", "level")
LIMITS = {"name": 300, "address": 300, "person": 200}
YES = {"co", "x", "1", "yes", "true", "dung"}
NO = {"", "khong", "0", "no", "false", "sai"}


@dataclass
class Parsed:
    points: list = field(default_factory=list)  # dicts of clean values
    errors: list = field(default_factory=list)  # (sheet, row, column, message)

    def add(self, row, column, message, sheet=POINTS):
        self.errors.append((str(sheet), row, str(column), str(message)))


def _label(key):
    return dict(COLUMNS)[key]


def _levels():
    """Levels by code or by label in any interface language, without diacritics; a
    label is also known without its "Cấp" ("tỉnh", "xã")."""
    table = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in PointLevel.choices:
                for text in (value, str(label)):
                    key = search_key(text)
                    table[key] = value
                    table[key.removeprefix("cap ")] = value
    return table


def template(user):
    """The workbook to fill: the points sheet with drop-down lists for the level and the
    check-in columns, the units the user may register points for, and a short guide."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(POINTS)
    ws.append([str(t) for _k, t in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFG", (18, 45, 16, 40, 28, 10, 20), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    # Drop-down lists; "Thôn/tổ dân phố" since a comma separates the list's items.
    labels = [str(label).replace(", ", "/") for _v, label in PointLevel.choices]
    answers = [_("Có"), _("Không")]
    levels = DataValidation(type="list", formula1='"' + ",".join(labels) + '"')
    yes_no = DataValidation(type="list", formula1='"' + ",".join(answers) + '"')
    for validation, column in ((levels, "C"), (yes_no, "G")):
        validation.add(f"{column}2:{column}{MAX_ROWS + 1}")
        ws.add_data_validation(validation)

    units = wb.create_sheet(str(UNITS))
    units.append([_("Mã đơn vị"), _("Tên đơn vị")])
    for cell in units[1]:
        cell.font = Font(bold=True)
    units.column_dimensions["A"].width = 18
    units.column_dimensions["B"].width = 60
    hosts = units_acted_for(user)
    if hosts is not None:
        for code, name in hosts.order_by("path").values_list("code", "name"):
            units.append(xlsx_row(units, [code, name]))

    guide = wb.create_sheet(str(GUIDE))
    guide.column_dimensions["A"].width = 110
    for line in (
        _("Mỗi dòng của trang “Điểm cầu” là một điểm cầu."),
        _("Mã đơn vị chủ trì: lấy ở trang “Đơn vị” (các đơn vị bạn được đăng ký điểm cầu)."),
        _("Cấp: Cấp tỉnh, Cấp huyện, Cấp xã hoặc Thôn, tổ dân phố."),
        _("Sức chứa: số nguyên không âm, có thể để trống."),
        _("Đếm theo điểm danh: “Có” khi số đại biểu là số người điểm danh bằng mã QR."),
        _("Tên điểm cầu không được trùng nhau trong cùng một hội nghị."),
        _("Nếu có lỗi, không điểm cầu nào được ghi; hãy sửa theo danh sách lỗi rồi tải lên lại."),
    ):
        guide.append([line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _read(result, upload):
    """The rows of the points sheet, its title and headers written in any interface
    language (a template downloaded in English imports too)."""
    try:
        wb = open_workbook(upload)
    except ValueError as exc:
        result.add(0, "", exc, sheet="")
        return []
    missing = None
    try:
        for language in [translation.get_language()] + [c for c, _n in settings.LANGUAGES]:
            with translation.override(language):
                sheet = find_sheet(wb, str(POINTS))
                if sheet is None:
                    continue
                records, absent = sheet_records(sheet, [(k, str(t)) for k, t in COLUMNS])
                required = [str(_label(k)) for k in REQUIRED]
                if not set(required) & set(absent):
                    return records
                missing = missing or [t for t in required if t in absent]
    finally:
        wb.close()
    if missing is None:
        result.add(0, "", _("Thiếu trang tính “%(s)s”; hãy dùng tệp mẫu.") % {"s": POINTS})
    else:
        result.add(1, ", ".join(missing), _("Thiếu cột bắt buộc; hãy dùng tệp mẫu."))
    return []


def read_points(upload):
    """The points sheet's rows, read once: (records, a `Parsed` with any problem so far),
    for the page to count them and `register` to check them without reading again."""
    result = Parsed()
    return _read(result, upload), result


def parse(upload, conference, user, *, read=None):
    """Check every row of the upload (or of what `read_points` read of it);
    `Parsed.points` holds what would be registered."""
    records, result = read if read is not None else read_points(upload)
    if result.errors:
        return result
    if not records:
        result.add(0, "", _("Tệp không có điểm cầu nào."))
        return result
    if len(records) > MAX_ROWS:
        result.add(0, "", _("Tệp có quá %(n)d điểm cầu.") % {"n": MAX_ROWS})
        return result
    hosts = units_acted_for(user)
    codes = {v["host"].upper() for _row, v in records if v["host"]}
    allowed = {u.code: u for u in hosts.filter(code__in=codes)} if hosts is not None else {}
    visible = set(
        OrgUnit.objects.for_user(user).filter(code__in=codes).values_list("code", flat=True)
    )
    levels = _levels()
    taken = points_by_name(conference)
    seen = {}
    for row, v in records:
        errors_before = len(result.errors)
        values = {k: clean_line(v.get(k, "")) for k, _t in COLUMNS}
        for key in REQUIRED:
            if not values[key]:
                result.add(row, _label(key), _("Không được để trống."))
        for key, limit in LIMITS.items():
            if len(values[key]) > limit:
                result.add(row, _label(key), _("Dài quá %(n)d ký tự.") % {"n": limit})
        code = values["host"].upper()
        host = allowed.get(code)
        if code and host is None:
            if code in visible:
                message = _("Bạn không có quyền đăng ký điểm cầu cho đơn vị “%(c)s”.")
            else:
                message = _("Không tìm thấy đơn vị có mã “%(c)s” trong phạm vi của bạn.")
            result.add(row, _label("host"), message % {"c": code})
        level = levels.get(search_key(values["level"]))
        if values["level"] and level is None:
            result.add(
                row,
                _label("level"),
                _("Không rõ cấp “%(v)s”: ghi Cấp tỉnh, Cấp huyện, Cấp xã hoặc Thôn, tổ dân phố.")
                % {"v": values["level"]},
            )
        capacity = _capacity(result, row, values["capacity"])
        check_in = search_key(values["check_in"])
        if check_in not in YES | NO:
            result.add(row, _label("check_in"), _("Ghi “Có” hoặc “Không”."))
        key = search_key(values["name"])
        refusal = point_name_refusal(taken, values["name"], host) if key and host else None
        if refusal:
            result.add(row, _label("name"), refusal)
        elif key and key in seen:
            result.add(
                row,
                _label("name"),
                _("Tên điểm cầu trùng với dòng %(r)d.") % {"r": seen[key]},
            )
        seen.setdefault(key, row)
        if len(result.errors) == errors_before:
            result.points.append(
                {
                    "row": row,
                    "host": host,
                    "name": values["name"],
                    "level": level,
                    "address": values["address"],
                    "person_in_charge": values["person"],
                    "capacity": capacity,
                    "uses_check_in": check_in in YES,
                }
            )
    return result


def _capacity(result, row, text):
    if not text:
        return None
    try:
        value = parse_number(text)
    except ValueError:
        value = None
    if value is None or value != int(value) or value < 0 or value > 10**6:
        result.add(
            row,
            _label("capacity"),
            _("Sức chứa “%(v)s” phải là số nguyên không âm.") % {"v": text},
        )
        return None
    return int(value)


def registered_message(count):
    return ngettext(
        "Đã đăng ký %(n)d điểm cầu từ tệp Excel.",
        "Đã đăng ký %(n)d điểm cầu từ tệp Excel.",
        count,
    ) % {"n": count}


def job_work(job, progress):
    """The points import as a background job (core/importjobs.py): the same checks and
    the same one transaction as in the request."""
    conference = Conference.objects.get(uid=job.params["conference"])
    with job.file.open("rb") as stored:
        upload = ContentFile(stored.read(), name=job.name)
    progress(20, _("Đang kiểm tra và ghi %(n)d điểm cầu") % {"n": job.rows})
    parsed = register(upload, conference, job.requested_by)
    if parsed.errors:
        raise importjobs.Refused(
            [importjobs.problem(row, col, msg, sheet) for sheet, row, col, msg in parsed.errors]
        )
    return registered_message(len(parsed.points))


def register(upload, conference, user, *, read=None):
    """Parse and write in one transaction, the conference locked so that two uploads (or
    an upload and the API) cannot register the same name twice. Returns `Parsed`; the
    points are written only when it holds no error."""
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        parsed = parse(upload, conference, user, read=read)
        if parsed.errors:
            return parsed
        rows = [{k: v for k, v in p.items() if k != "row"} for p in parsed.points]
        # The one service registers them, with the checks of the page and the API.
        taken = points_by_name(conference)
        for row in rows:
            register_point(conference, user, taken=taken, **row)
    return parsed
