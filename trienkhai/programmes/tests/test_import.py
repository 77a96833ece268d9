import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from trienkhai.programmes.models import Objective, Target, Task
from trienkhai.testing import factories as make
from trienkhai.testing import programmes as plans

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def programme(world):
    """The province's culture programme (696-QĐ/TU) with its first objective and target,
    and the province's departments a task may name, by code or by name."""
    for code, name in [
        ("SVHTTDL-38", "Sở Văn hóa, Thể thao và Du lịch"),
        ("STC-38", "Sở Tài chính"),
        ("SNV-38", "Sở Nội vụ"),
    ]:
        make.unit(world.province, code, name, level=make.Level.PROVINCE, kind=make.Kind.AGENCY)
    made = make.programme(
        world.province,
        "Chương trình phát triển văn hóa",
        document=make.document(world.province, "696-QĐ/TU"),
    )
    goal = plans.objective(made, "Xây dựng con người Thanh Hóa", order=1)
    make.target(made, "1", "Tỷ lệ gia đình văn hóa", objective=goal, plan={2025: 90})
    return made


def workbook(client, programme, objectives=(), targets=(), tasks=()):
    """The downloaded template, with its example rows replaced by ours."""
    data = client.get(reverse("programmes:import-template", args=[programme.uid])).content
    wb = load_workbook(io.BytesIO(data))
    for sheet, rows in zip(wb.worksheets, (objectives, targets, tasks), strict=True):
        sheet.delete_rows(2, sheet.max_row)
        for row in rows:
            sheet.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("cau-truc.xlsx", buf.getvalue())


def counts(programme):
    return (
        Objective.objects.filter(programme=programme).count(),
        Target.objects.filter(programme=programme).count(),
        Task.objects.filter(programme=programme).count(),
    )


def test_office_imports_a_structure_after_a_preview(client_as, programme):
    client = client_as("province_office")
    before = counts(programme)
    upload = workbook(
        client,
        programme,
        objectives=[(2, "Xây dựng đời sống văn hóa cơ sở")],
        targets=[
            (
                "5",
                "Số thiết chế văn hóa đạt chuẩn",
                2,
                "thiết chế",
                "Cộng",
                "càng cao càng tốt",
                2020,
                "1.200",
                "1.250",
                "1.300",
                "1.350",
                "1.400",
                "1.450",
                "1.450",
            )
        ],
        tasks=[
            (
                "Rà soát thiết chế văn hóa",
                "SVHTTDL-38",
                "STC-38; Sở Nội vụ",
                "01/12/2021",
                "31/03/2022",
                "Báo cáo rà soát",
            )
        ],
    )
    url = reverse("programmes:import", args=[programme.uid])
    response = client.post(url, {"file": upload})
    assert response.status_code == 200 and "Xem trước" in response.content.decode()
    assert counts(programme) == before  # nothing written before the confirmation
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert counts(programme) == (before[0] + 1, before[1] + 1, before[2] + 1)
    assert programme.objectives.get(order=2).text == "Xây dựng đời sống văn hóa cơ sở"
    target = programme.targets.get(code="5")
    assert target.objective.order == 2 and target.baseline_value == 1200
    assert {p.year: p.value for p in target.plans.all()} == {
        2021: 1250,
        2022: 1300,
        2023: 1350,
        2024: 1400,
        2025: 1450,
    }
    task = programme.tasks.get(title="Rà soát thiết chế văn hóa")
    assert task.lead_unit.code == "SVHTTDL-38" and task.expected_output == "Báo cáo rà soát"
    assert (task.start, task.deadline) == (datetime.date(2021, 12, 1), datetime.date(2022, 3, 31))
    assert {u.code for u in task.coordinating_units.all()} == {"STC-38", "SNV-38"}


def test_a_file_with_errors_names_sheet_row_and_column_and_writes_nothing(client_as, programme):
    client = client_as("province_office")
    before = counts(programme)
    upload = workbook(
        client,
        programme,
        objectives=[(1, "Mục tiêu một")],
        targets=[("6", "Chỉ tiêu sai", 9, "%", "Cộng", "", "", "", "nhiều", "", "", "", "", "")],
        tasks=[
            ("Nhiệm vụ sai", "Sở Không Có", "", "2021-31-12", "01/01/2021", ""),
            ("Nhiệm vụ ngược", "SVHTTDL-38", "SVHTTDL-38", "01/06/2022", "01/01/2022", ""),
        ],
    )
    response = client.post(reverse("programmes:import", args=[programme.uid]), {"file": upload})
    assert response.status_code == 400
    errors = {(sheet, row, column) for sheet, row, column, _m in response.context["parsed"].errors}
    assert ("Chỉ tiêu", 2, "Mục tiêu (STT)") in errors
    assert ("Chỉ tiêu", 2, "KH 2021") in errors
    assert ("Nhiệm vụ", 2, "Đơn vị chủ trì") in errors
    assert ("Nhiệm vụ", 2, "Bắt đầu") in errors
    assert ("Nhiệm vụ", 3, "Hạn hoàn thành") in errors
    assert ("Nhiệm vụ", 3, "Đơn vị phối hợp") in errors
    html = response.content.decode()
    assert "không phải là số" in html and "Không tìm thấy đơn vị “Sở Không Có”" in html
    assert counts(programme) == before


def test_a_file_that_is_not_the_template_is_refused(client_as, programme):
    client = client_as("province_office")
    url = reverse("programmes:import", args=[programme.uid])
    before = counts(programme)
    response = client.post(url, {"file": SimpleUploadedFile("x.xlsx", b"not a zip")})
    assert response.status_code == 400 and "Không đọc được tệp Excel" in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("x.csv", b"a,b")})
    assert response.status_code == 400 and "Hãy chọn tệp Excel" in response.content.decode()
    assert counts(programme) == before


def test_only_the_programmes_office_may_import(client_as, programme):
    url = reverse("programmes:import", args=[programme.uid])
    assert client_as("district_reporter").get(url).status_code == 403
    assert client_as("province_office").get(url).status_code == 200


def test_a_confirmation_without_a_kept_file_asks_to_upload_again(client_as, programme):
    client = client_as("province_office")
    url = reverse("programmes:import", args=[programme.uid])
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert response.redirect_chain[-1] == (url, 302)
    assert "Tệp đã hết hạn" in response.content.decode()


def test_out_of_range_and_oversized_values_are_caught_in_the_preview(client_as, programme):
    client = client_as("province_office")
    before = counts(programme)
    upload = workbook(
        client,
        programme,
        objectives=[(-1, "Âm"), (1, "Trùng với mục tiêu đã có")],
        targets=[
            (
                "7",
                "Quá lớn",
                "",
                "",
                "Cộng",
                "",
                -5,
                "123456789012345678901234",
                "",
                "",
                "",
                "",
                "",
                "",
            )
        ],
        tasks=[("x" * 501, "", "", "", "", "")],
    )
    response = client.post(reverse("programmes:import", args=[programme.uid]), {"file": upload})
    assert response.status_code == 400
    errors = {(sheet, row, column) for sheet, row, column, _m in response.context["parsed"].errors}
    assert {
        ("Mục tiêu", 2, "STT"),
        ("Mục tiêu", 3, "STT"),
        ("Chỉ tiêu", 2, "Năm gốc"),
        ("Chỉ tiêu", 2, "Giá trị gốc"),
        ("Nhiệm vụ", 2, "Nhiệm vụ, giải pháp"),
    } <= errors
    assert counts(programme) == before
