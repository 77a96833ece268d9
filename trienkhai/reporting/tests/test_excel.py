import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from trienkhai.reporting.models import Submission
from trienkhai.testing import reporting as make_reports

pytestmark = [pytest.mark.django_db]

URL = reverse("reporting:excel", args=["DU-15997", "2021Q4"])


@pytest.fixture(autouse=True)
def tourism(world):
    """Hoằng Đông leads one task (delegated by Hoằng Hóa) in the opened 2021Q4."""
    made = make_reports.tourism()
    make_reports.period("2021Q4")
    return made


def download(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def upload(client, book, name="bao-cao.xlsx"):
    out = io.BytesIO()
    book.save(out)
    return client.post(URL, {"file": SimpleUploadedFile(name, out.getvalue())})


def fill(book, progress="60", text="Đã triển khai kế hoạch du lịch của xã."):
    book["Nhiệm vụ"]["D2"] = progress
    book["Nội dung"]["B2"] = text
    return book


def stored():
    return Submission.objects.filter(unit__code="DU-15997", period__code="2021Q4").first()


def test_a_commune_fills_the_workbook_offline_and_uploads_it(client_as, tourism):
    client = client_as("commune_reporter")
    book = download(client)
    assert book["Thông tin"]["B1"].value == "DU-15997"
    assert book["Nhiệm vụ"]["A2"].value == str(tourism.tasks["DU-15997"].uid)
    assert book["Nhiệm vụ"]["A3"].value is None  # its one task
    response = upload(client, fill(book, progress="62,5"))
    assert response.status_code == 302
    report = stored()
    assert report.results.startswith("Đã triển khai") and report.tasks.get().progress == 62.5
    again = download(client)  # what was saved comes back pre-filled
    assert again["Nhiệm vụ"]["D2"].value == 62.5


@pytest.mark.parametrize(
    ("progress", "message"),
    [("120", "Giá trị phải từ 0 đến 100"), ("nhiều", "không phải là số")],
)
def test_a_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_saved(
    client_as, progress, message
):
    client = client_as("commune_reporter")
    response = upload(client, fill(download(client), progress=progress))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Nhiệm vụ" in page and "<td>2</td>" in page
    assert "Tỷ lệ hoàn thành (%)" in page
    assert stored() is None


def test_a_workbook_of_another_unit_is_refused(client_as):
    client = client_as("commune_reporter")
    book = fill(download(client))
    book["Thông tin"]["B1"] = "DU-15998"
    response = upload(client, book)
    assert response.status_code == 400 and "không phải của DU-15997" in response.content.decode()
    assert stored() is None


def test_a_row_that_is_not_one_of_the_units_tasks_is_refused(client_as):
    client = client_as("commune_reporter")
    book = fill(download(client))
    book["Nhiệm vụ"]["A2"] = "00000000-0000-0000-0000-000000000000"
    response = upload(client, book)
    assert response.status_code == 400
    assert "không phải nhiệm vụ của đơn vị" in response.content.decode()
    assert stored() is None


def test_a_workbook_that_is_not_the_template_is_refused(client_as):
    client = client_as("commune_reporter")
    response = upload(client, Workbook())
    assert response.status_code == 400 and "không đúng mẫu" in response.content.decode()
    assert stored() is None


def test_a_file_that_is_not_excel_or_too_large_is_refused(client_as, settings):
    client = client_as("commune_reporter")
    text = SimpleUploadedFile("bao-cao.xlsx", b"not a spreadsheet")
    response = client.post(URL, {"file": text})
    assert response.status_code == 400
    assert "Không đọc được tệp Excel" in response.content.decode()
    big = SimpleUploadedFile("bao-cao.xlsx", b"0" * (5 * 1024 * 1024 + 1))
    response = client.post(URL, {"file": big})
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()
    assert stored() is None


def test_another_districts_reporter_cannot_download_the_workbook(client_as):
    assert client_as("outsider").get(URL).status_code == 404
    assert client_as("leader").get(URL).status_code == 403
