"""Every matrix and dashboard page answers "Tải Excel" (`?format=xlsx`) with a workbook of
what the page shows: Vietnamese headers, numbers as numbers, only the units the user sees."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from trienkhai.testing import factories as make
from trienkhai.testing import programmes as make_programmes
from trienkhai.testing import reporting, study

pytestmark = [pytest.mark.django_db]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DAY = datetime.date(2021, 12, 24)


@pytest.fixture(autouse=True)
def today(settings):
    settings.TK_TODAY = DAY


def sheets(response):
    """{sheet title: [row values]} of a workbook response."""
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment; filename=")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    book = load_workbook(io.BytesIO(data))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}


def cells(book):
    return {c for rows in book.values() for row in rows for c in row if c is not None}


def test_the_concretisation_matrix_downloads_with_each_units_plan_and_rate(client_as, world):
    programme = make.programme(world.province, "Chương trình phát triển du lịch")
    make_programmes.concretisation(programme, world.hoanghoa)
    make_programmes.concretisation(programme, world.ngason)
    client = client_as("province_office")
    page = client.get(reverse("programmes:matrix")).content.decode()
    assert "format=xlsx" in page and "Tải Excel" in page
    book = sheets(client.get(reverse("programmes:matrix"), {"format": "xlsx"}))
    units = book["Cụ thể hóa theo đơn vị"]
    assert units[3][:4] == ["Đơn vị", programme.document.symbol, "Đã ban hành", "Phải ban hành"]
    names = [row[0] for row in units[4:]]
    assert "Huyện ủy Hoằng Hóa" in names and "Huyện ủy Nga Sơn" in names
    total = next(row for row in units if row[0] == "Toàn bộ")
    assert total[2:4] == [0, 2]  # none issued of the two asked


def test_the_matrix_downloaded_by_a_leader_holds_only_the_units_in_its_charge(client_as, world):
    programme = make.programme(world.province, "Chương trình phát triển du lịch")
    make_programmes.concretisation(programme, world.hoanghoa)
    make_programmes.concretisation(programme, world.ngason)
    book = sheets(client_as("leader").get(reverse("programmes:matrix"), {"format": "xlsx"}))
    found = cells(book)
    assert "Huyện ủy Hoằng Hóa" in found and "Huyện ủy Nga Sơn" not in found


def test_the_completeness_matrix_downloads_rates_as_numbers_and_each_units_state(client_as, world):
    made = reporting.tourism()
    q3 = reporting.period("2021Q3")
    reporting.accepted(world.hoanghoa, q3, progress=50, value=900)
    response = client_as("province_office").get(
        reverse("reporting:completeness"), {"year": 2021, "format": "xlsx"}
    )
    book = sheets(response)
    per_unit = book["Từng đơn vị"]
    header = per_unit[3]
    assert header[0] == "Đơn vị" and q3.label in header and "2021Q3" not in header
    row = next(r for r in per_unit if r[0] == "Huyện ủy Hoằng Hóa")
    assert row[header.index(q3.label)] in ("Đúng hạn", "Muộn")
    assert made.programme.title in {r[0] for r in book["Theo chương trình"]}
    rates = book[next(t for t in book if t.startswith("Tình hình báo cáo"))]
    assert any(isinstance(c, float) for r in rates[4:] for c in r[1:] if c is not None)


def test_the_targets_dashboard_downloads_the_plan_and_the_reported_value(client_as, world):
    reporting.tourism()
    q3 = reporting.period("2021Q3")
    reporting.accepted(world.hoanghoa, q3, progress=50, value=900)
    response = client_as("province_office").get(
        reverse("reporting:dashboard"), {"unit": "HU-399", "period": "2021Q3", "format": "xlsx"}
    )
    found = cells(sheets(response))
    assert "Tổng lượt khách du lịch" in found
    assert 900 in found or 900.0 in found


def test_the_study_coverage_downloads_the_share_of_members_who_studied(client_as, world):
    documents = [make.document(world.province, "623-QĐ/TU", "Quyết định về du lịch")]
    study.members(world.hoangdong, 120)
    study.members(world.hoanghai, 80)
    study.session(world.hoangdong, documents, 120, 110, held_on=DAY)
    response = client_as("province_office").get(
        reverse("study:coverage"), {"doc": [str(documents[0].uid)], "format": "xlsx"}
    )
    book = sheets(response)
    found = cells(book)
    assert "Huyện ủy Hoằng Hóa" in found
    assert 0.55 in found  # 110 of the district's 200 members, a percentage cell


def test_the_risk_list_downloads_the_ranking_and_the_weights(client_as, world):
    book = sheets(client_as("kiemtra").get(reverse("oversight:risk"), {"format": "xlsx"}))
    assert set(book) == {"Xếp hạng nguy cơ", "Trọng số các dấu hiệu"}
    assert book["Xếp hạng nguy cơ"][3][:3] == ["Hạng", "Đơn vị", "Điểm"]
    assert "Huyện ủy Hoằng Hóa" in {r[1] for r in book["Xếp hạng nguy cơ"][4:]}
    assert len(book["Trọng số các dấu hiệu"]) > 4


def test_a_page_with_a_bad_filter_shows_its_message_rather_than_an_empty_workbook(client_as, world):
    response = client_as("province_office").get(
        reverse("programmes:matrix"), {"on": "32/13/2021", "format": "xlsx"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def tasks_world(world):
    programme = make.programme(world.province, "Chương trình phát triển du lịch")
    make.task(programme, "Xây dựng sản phẩm du lịch", lead_unit=world.hoanghoa, deadline=DAY)
    make.task(
        programme,
        "Quảng bá du lịch biển",
        lead_unit=world.ngason,
        deadline=datetime.date(2022, 6, 30),
    )
    return programme


def test_the_task_list_downloads_every_task_its_filters_select_not_one_page(client_as, world):
    tasks_world(world)
    client = client_as("province_office")
    page = client.get(reverse("programmes:tasks")).content.decode()
    assert "format=xlsx" in page and "format=csv" in page
    book = sheets(client.get(reverse("programmes:tasks"), {"format": "xlsx"}))
    (rows,) = book.values()
    assert rows[2][:3] == ["Nhiệm vụ", "Chương trình", "Đơn vị chủ trì"]
    assert [r[0] for r in rows[3:]] == ["Xây dựng sản phẩm du lịch", "Quảng bá du lịch biển"]
    assert isinstance(rows[3][4], datetime.datetime) and rows[3][4].date() == DAY
    only = sheets(client.get(reverse("programmes:tasks"), {"unit": "HU-401", "format": "xlsx"}))
    assert [r[0] for r in next(iter(only.values()))[3:]] == ["Quảng bá du lịch biển"]


def test_the_task_list_as_csv_opens_in_excel_with_its_vietnamese(client_as, world):
    tasks_world(world)
    response = client_as("province_office").get(reverse("programmes:tasks"), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffNhiệm vụ,Chương trình,Đơn vị chủ trì")
    assert "Xây dựng sản phẩm du lịch,Chương trình phát triển du lịch,Huyện ủy Hoằng Hóa" in text
    assert "24/12/2021" in text


def test_a_leaders_task_file_holds_only_the_units_in_its_charge(client_as, world):
    for district in (world.hoanghoa, world.ngason):
        own = make.programme(district, f"Kế hoạch phát triển du lịch của {district.name}")
        make.task(own, f"Nhiệm vụ của {district.name}", lead_unit=district, deadline=DAY)
    response = client_as("leader").get(reverse("programmes:tasks"), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert "Nhiệm vụ của Huyện ủy Hoằng Hóa" in text
    assert "Nhiệm vụ của Huyện ủy Nga Sơn" not in text


def test_a_list_longer_than_an_excel_sheet_is_offered_as_csv_and_says_why(
    client_as, world, monkeypatch
):
    from trienkhai.exports import lists

    tasks_world(world)
    monkeypatch.setattr(lists, "EXCEL_MAX_ROWS", 1)
    client = client_as("province_office")
    response = client.get(reverse("programmes:tasks"), {"status": "open", "format": "xlsx"})
    assert response.status_code == 302 and "format" not in response.url
    assert "status=open" in response.url
    page = client.get(response.url).content.decode()
    assert "quá số dòng một trang tính Excel" in page and "Tải CSV" in page


def csv_rows(response):
    import csv

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_document_list_downloads_with_its_search_applied(client_as, world):
    make.document(world.province, "623-QĐ/TU", "Quyết định ban hành Chương trình du lịch")
    make.document(world.province, "624-QĐ/TU", "Quyết định ban hành Chương trình nông thôn")
    client = client_as("province_office")
    rows = csv_rows(client.get(reverse("documents:list"), {"q": "du lich", "format": "csv"}))
    assert rows[0][:3] == ["Số, ký hiệu", "Loại văn bản", "Ngày ban hành"]
    assert [r[0] for r in rows[1:]] == ["623-QĐ/TU"]
    assert "Tải CSV" in client.get(reverse("documents:list")).content.decode()


def test_the_study_sessions_download_with_head_counts_as_numbers(client_as, world):
    documents = [make.document(world.province, "623-QĐ/TU", "Quyết định về du lịch")]
    study.session(world.hoangdong, documents, 120, 110, held_on=DAY)
    book = sheets(client_as("province_office").get(reverse("study:list"), {"format": "xlsx"}))
    (rows,) = book.values()
    assert rows[2][:2] == ["Ngày học tập", "Đơn vị"]
    row = rows[3]
    assert row[1] == "Đảng ủy xã Hoằng Đông" and row[3] == "623-QĐ/TU"
    assert row[4:7] == [120, 110, 91.7]


def test_the_recommendations_download_with_the_conclusion_they_came_from(client_as, world):
    from trienkhai.testing import oversight as make_oversight

    inspector = world.user("kiemtra")
    case = make_oversight.case(world.ubkt, world.hoanghoa, user=inspector)
    make_oversight.concluded(case, user=inspector, deadline=datetime.date(2021, 12, 20))
    rows = csv_rows(
        client_as("district_reporter").get(
            reverse("oversight:recommendations"), {"state": "all", "format": "csv"}
        )
    )
    assert rows[0][:3] == ["Kiến nghị", "Đơn vị thực hiện", "Kết luận"]
    (row,) = rows[1:]
    assert row[1] == "Huyện ủy Hoằng Hóa" and row[2] == case.conclusion.symbol
    assert row[5] == "20/12/2021" and row[6].startswith("Quá hạn")


def test_a_csv_asked_for_in_english_is_written_in_english_to_its_last_row(client_as, world):
    from django.conf import settings

    tasks_world(world)
    client = client_as("province_office")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = csv_rows(client.get(reverse("programmes:tasks"), {"format": "csv"}))
    assert rows[0][:3] == ["Tasks", "Programmes", "Lead unit"], rows[0]
