"""The one definition of a unit row, shared by CSV/XLSX export, the import template and
the importer (`imports.py`)."""

import csv
import io

from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from trienkhai.core.cellsafe import csv_row, xlsx_row
from trienkhai.lib.vnformat import format_date

# (key, header shown in files). Headers are matched without diacritics on import.
COLUMNS = [
    ("code", _("Mã đơn vị")),
    ("name", _("Tên đơn vị")),
    ("short_name", _("Tên viết tắt")),
    ("kind", _("Loại")),
    ("level", _("Cấp")),
    ("parent_code", _("Mã đơn vị cấp trên")),
    ("party_members", _("Số đảng viên")),
    ("valid_from", _("Hiệu lực từ")),
    ("valid_to", _("Hiệu lực đến")),
    ("successor_code", _("Mã đơn vị kế thừa")),
]
REQUIRED = {"code", "name", "kind", "level"}

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def unit_row(unit, parent_codes):
    return [
        unit.code,
        unit.name,
        unit.short_name,
        unit.get_kind_display(),
        unit.get_level_display(),
        parent_codes.get(unit.parent_path, ""),
        "" if unit.party_members is None else unit.party_members,
        format_date(unit.valid_from) if unit.valid_from else "",
        format_date(unit.valid_to) if unit.valid_to else "",
        unit.successor.code if unit.successor_id else "",
    ]


def unit_rows(units):
    """Rows for a queryset of units (which should select_related('successor'))."""
    from trienkhai.orgs.models import OrgUnit

    units = list(units)
    parent_codes = OrgUnit.objects.parent_values(units, "code")
    return [unit_row(u, parent_codes) for u in units]


def headers():
    return [str(h) for _k, h in COLUMNS]


def _csv_response(rows, filename):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(headers())
    writer.writerows(csv_row(r) for r in rows)
    # A byte-order mark so that Excel on Windows opens Vietnamese text correctly.
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx_response(rows, filename):
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Đơn vị"))
    ws.append(headers())
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(xlsx_row(ws, row))
    for col, width in zip("ABCDEFGHIJ", (14, 45, 20, 28, 14, 18, 12, 14, 14, 18), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(buf.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _respond(rows, filename, fmt):
    if fmt == "csv":
        return _csv_response(rows, filename)
    if fmt == "xlsx":
        return _xlsx_response(rows, filename)
    raise Http404(_("Định dạng tệp không được hỗ trợ; chọn CSV hoặc XLSX."))


def units_response(units, filename, fmt):
    return _respond(unit_rows(units), filename, fmt)


def template_response(fmt):
    example = [
        "DU-99999",
        "Đảng ủy xã Ví Dụ",
        "ĐU xã Ví Dụ",
        "Cấp ủy đảng",
        "Cấp xã",
        "HU-380",
        120,
        "01/01/2021",
        "",
        "",
    ]
    return _respond([example], "mau-nhap-don-vi", fmt)
