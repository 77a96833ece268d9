"""The "Tải Excel" of every matrix, dashboard and scorecard page: the page's view builds
its rows as `Table`s (the same as a report's) and answers `?format=xlsx` with them."""

from django.http import HttpResponse

from trienkhai.exports.kinds import CONTENT_TYPES
from trienkhai.exports.xlsx import workbook
from trienkhai.lib.vntext import file_stem


def wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def xlsx_response(caption, tables, name) -> HttpResponse:
    stem = file_stem(name, "bang")
    response = HttpResponse(workbook(tables, caption), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response
