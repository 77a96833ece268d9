"""The "Tải Excel" and "Tải CSV" of every list page: the rows the page's filters select,
all of them, not its 50 of a page. The view keeps its own query and filters; this only
writes the rows, in chunks, so memory does not grow with the list:

    if (fmt := list_format(request)):
        return list_response(request, fmt, caption, COLUMNS, rows, name, count=page.paginator.count)

Excel holds 1,048,576 rows a sheet: a longer list is offered as CSV only (UTF-8 with
its mark, so Excel opens the Vietnamese right), and asking for it as Excel says so."""

import csv
import datetime
import io
import tempfile
from decimal import Decimal
from itertools import islice

from django.contrib import messages
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from trienkhai.core.cellsafe import csv_value, xlsx_value
from trienkhai.exports.xlsx import sheet_title
from trienkhai.lib.vnformat import format_date, format_number
from trienkhai.lib.vntext import file_stem

# Excel's rows a sheet, less the caption, the blank line and the header.
EXCEL_MAX_ROWS = 1_048_576 - 3
CHUNK = 2000
FORMATS = ("xlsx", "csv")
NUMBER_FORMATS = {
    "count": "#,##0",
    "number": "#,##0.####",
    "percent": "0.0",
    "date": "DD/MM/YYYY",
}


def list_format(request):
    """ "xlsx" or "csv" when the page is asked for as a file, else None."""
    fmt = request.GET.get("format")
    return fmt if fmt in FORMATS else None


def chunks(queryset, prepare=None, size=CHUNK):
    """The objects of `queryset` a chunk at a time (one query per chunk, prefetches
    included); `prepare(chunk)` may load what the rows need for the whole chunk."""
    iterator = queryset.iterator(chunk_size=size)
    while chunk := list(islice(iterator, size)):
        if prepare is not None:
            prepare(chunk)
        yield from chunk


def list_response(request, fmt, caption, columns, rows, name, *, count):
    """The list as a file. `columns` [(header, kind)], kind as a report table's ("text",
    "count", "number", "percent") or "date"; `rows` an iterable of lists of cells."""
    stem = file_stem(name, "danh-sach")
    if fmt == "xlsx" and count > EXCEL_MAX_ROWS:
        messages.error(
            request,
            _(
                "Danh sách có %(n)s dòng, quá số dòng một trang tính Excel chứa được "
                "(%(max)s): hãy tải CSV, hoặc lọc bớt rồi tải Excel."
            )
            % {"n": format_number(count), "max": format_number(EXCEL_MAX_ROWS)},
        )
        query = request.GET.copy()
        query.pop("format", None)
        return redirect(f"{request.path}?{query.urlencode()}")
    if fmt == "xlsx":
        rows = islice(rows, EXCEL_MAX_ROWS)  # the count may have grown since
    if fmt == "csv":
        lines = _in_language(translation.get_language(), _csv_lines(columns, rows))
        response = StreamingHttpResponse(lines, content_type="text/csv")
    else:
        response = FileResponse(
            _workbook(caption, columns, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _in_language(language, lines):
    """The stream is read after the request's language is put back (the middleware's
    `override`): its rows keep the user's language."""
    with translation.override(language):
        yield from lines


def _workbook(caption, columns, rows):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title(caption, set()))
    for i, (_header, kind) in enumerate(columns):
        sheet.column_dimensions[get_column_letter(i + 1)].width = 44 if kind == "text" else 14
    sheet.freeze_panes = "A4"
    title = WriteOnlyCell(sheet, value=caption)
    title.font = Font(bold=True)
    sheet.append([title])
    sheet.append([])
    header = []
    for head, _kind in columns:
        cell = WriteOnlyCell(sheet, value=str(head))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for values in rows:
        sheet.append([_cell(sheet, v, kind) for v, (_h, kind) in zip(values, columns, strict=True)])
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    book.save(out)
    out.seek(0)
    return out


def _cell(sheet, value, kind):
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        value = float(value)
    elif isinstance(value, datetime.datetime):
        value = timezone.localtime(value).replace(tzinfo=None)
    elif not isinstance(value, int | float | datetime.date):
        return xlsx_value(sheet, str(value))
    cell = WriteOnlyCell(sheet, value=value)
    if kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[kind]
    return cell


def _csv_lines(columns, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff"  # Excel reads UTF-8 only with its mark
    writer.writerow([str(head) for head, _kind in columns])
    yield flush()
    for n, values in enumerate(rows, 1):
        writer.writerow([csv_value(_text(v)) for v in values])
        if n % 500 == 0:
            yield flush()
    yield flush()


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return format_date(value)
    return str(value)
