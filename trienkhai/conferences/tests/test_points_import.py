import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from trienkhai.conferences import imports
from trienkhai.testing import conferences as meet
from trienkhai.testing import factories as make

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def conference(world):
    """A province conference tomorrow, with the province's main point."""
    conference = meet.conference(world.province, "Hội nghị quán triệt nghị quyết")
    meet.point(conference, world.province, "Điểm cầu Tỉnh ủy", level="province")
    return conference


def workbook(client, conference, rows):
    """The downloaded template with our rows on its points sheet."""
    data = client.get(reverse("conferences:points-template", args=[conference.uid])).content
    wb = load_workbook(io.BytesIO(data))
    for row in rows:
        wb["Điểm cầu"].append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("diem-cau.xlsx", buf.getvalue())


def upload(client, conference, file):
    return client.post(reverse("conferences:points-import", args=[conference.uid]), {"file": file})


def errors(response):
    return [tuple(e) for e in response.context["parsed"].errors]


def test_a_district_registers_its_own_and_its_communes_points_from_excel(client_as, conference):
    client = client_as("district_reporter")
    file = workbook(
        client,
        conference,
        [
            (
                "HU-399",
                "Điểm cầu Huyện ủy Hoằng Hóa",
                "Cấp huyện",
                "Thị trấn Bút Sơn",
                "Lê Văn A",
                200,
                "Không",
            ),
            ("du-15997", "Điểm cầu xã Hoằng Đông", "Cấp xã", "", "", "80", "Có"),
            ("DU-15997", "Điểm cầu thôn Đông Nam", "thôn/tổ dân phố", "", "", "", ""),
        ],
    )
    response = upload(client, conference, file)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Đã đăng ký 3 điểm cầu từ tệp Excel." in page
    points = {p.name: p for p in conference.points.select_related("host", "district")}
    assert set(points) == {
        "Điểm cầu Tỉnh ủy",
        "Điểm cầu Huyện ủy Hoằng Hóa",
        "Điểm cầu xã Hoằng Đông",
        "Điểm cầu thôn Đông Nam",
    }
    commune = points["Điểm cầu xã Hoằng Đông"]
    assert (commune.host.code, commune.level, commune.capacity, commune.uses_check_in) == (
        "DU-15997",
        "commune",
        80,
        True,
    )
    assert commune.district.code == "HU-399" and not commune.is_main
    district = points["Điểm cầu Huyện ủy Hoằng Hóa"]
    assert (district.address, district.person_in_charge, district.capacity) == (
        "Thị trấn Bút Sơn",
        "Lê Văn A",
        200,
    )
    assert points["Điểm cầu thôn Đông Nam"].level == "village"


def test_the_conference_page_offers_the_excel_registration_to_those_who_register(
    client_as, conference
):
    link = reverse("conferences:points-import", args=[conference.uid])
    assert (
        link in client_as("district_reporter").get(conference.get_absolute_url()).content.decode()
    )
    assert link not in client_as("leader").get(conference.get_absolute_url()).content.decode()


def test_the_template_lists_only_the_units_the_user_may_register_points_for(client_as, conference):
    data = client_as("district_reporter").get(
        reverse("conferences:points-template", args=[conference.uid])
    )
    assert data["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(data.content))
    assert [c.value for c in wb["Điểm cầu"][1]] == [str(t) for _k, t in imports.COLUMNS]
    codes = {row[0] for row in wb["Đơn vị"].iter_rows(min_row=2, values_only=True)}
    assert codes == {"HU-399", "DU-15997", "DU-16000"}  # not Nga Sơn, not the province


def test_a_leader_may_neither_download_the_template_nor_import(client_as, conference):
    client = client_as("leader")
    assert (
        client.get(reverse("conferences:points-template", args=[conference.uid])).status_code == 403
    )
    assert (
        client.get(reverse("conferences:points-import", args=[conference.uid])).status_code == 403
    )


def test_a_file_that_is_not_excel_is_refused(client_as, conference):
    client = client_as("district_reporter")
    csv = SimpleUploadedFile("diem-cau.csv", "HU-399;Điểm cầu;Cấp huyện\n".encode())
    response = upload(client, conference, csv)
    assert response.status_code == 400 and "Hãy chọn tệp Excel (.xlsx)" in response.content.decode()
    fake = SimpleUploadedFile("diem-cau.xlsx", b"not a spreadsheet at all")
    response = upload(client, conference, fake)
    assert response.status_code == 400 and "Không đọc được tệp Excel" in response.content.decode()
    assert conference.points.count() == 1


def test_a_workbook_that_is_not_the_template_is_refused(client_as, conference):
    client = client_as("district_reporter")
    wb = Workbook()
    wb.active.title = "Danh sách"
    wb.active.append(["Mã", "Tên"])
    wb.active.append(["HU-399", "Điểm cầu Hoằng Hóa"])
    buf = io.BytesIO()
    wb.save(buf)
    response = upload(client, conference, SimpleUploadedFile("khac.xlsx", buf.getvalue()))
    assert (
        response.status_code == 400 and "Thiếu trang tính “Điểm cầu”" in response.content.decode()
    )
    wb.active.title = "Điểm cầu"
    buf = io.BytesIO()
    wb.save(buf)
    response = upload(client, conference, SimpleUploadedFile("khac.xlsx", buf.getvalue()))
    assert errors(response) == [
        (
            "Điểm cầu",
            1,
            "Mã đơn vị chủ trì, Tên điểm cầu, Cấp",
            "Thiếu cột bắt buộc; hãy dùng tệp mẫu.",
        )
    ]
    assert conference.points.count() == 1


def test_a_file_too_large_is_refused(client_as, conference):
    big = SimpleUploadedFile("lon.xlsx", b"PK" + b"0" * (5 * 1024 * 1024))
    response = upload(client_as("district_reporter"), conference, big)
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()
    assert conference.points.count() == 1


def test_a_file_with_too_many_rows_is_refused(client_as, conference, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    client = client_as("district_reporter")
    rows = [("DU-15997", f"Điểm cầu thôn {i}", "Thôn, tổ dân phố") for i in range(3)]
    response = upload(client, conference, workbook(client, conference, rows))
    assert response.status_code == 400 and "Tệp có quá 2 điểm cầu." in response.content.decode()
    assert conference.points.count() == 1


def test_each_bad_row_is_named_by_sheet_row_and_column_and_nothing_is_saved(client_as, conference):
    client = client_as("district_reporter")
    file = workbook(
        client,
        conference,
        [
            ("HU-399", "Điểm cầu Huyện ủy Hoằng Hóa", "Cấp huyện"),  # row 2 is good
            ("DU-15997", "Điểm cầu xã Hoằng Đông", "Cấp trung ương"),
            ("KHONGCO-1", "Điểm cầu không có đơn vị", "Cấp xã"),
            ("HU-401", "Điểm cầu Nga Sơn", "Cấp huyện"),
            ("DU-15997", "Điểm cầu có sức chứa âm", "Cấp xã", "", "", -5),
            ("DU-15997", "Điểm cầu sức chứa lẻ", "Cấp xã", "", "", "12,5"),
            ("DU-15997", "điểm cầu huyện ủy hoằng hoá", "Cấp xã"),
            ("DU-15997", "Điểm cầu Tỉnh ủy", "Cấp xã"),
            ("DU-15997", "Điểm cầu không rõ điểm danh", "Cấp xã", "", "", "", "có lẽ"),
            ("", "", "Cấp xã"),
        ],
    )
    response = upload(client, conference, file)
    assert response.status_code == 400
    assert errors(response) == [
        (
            "Điểm cầu",
            3,
            "Cấp",
            "Không rõ cấp “Cấp trung ương”: ghi Cấp tỉnh, Cấp huyện, Cấp xã hoặc Thôn, tổ dân phố.",
        ),
        (
            "Điểm cầu",
            4,
            "Mã đơn vị chủ trì",
            "Không tìm thấy đơn vị có mã “KHONGCO-1” trong phạm vi của bạn.",
        ),
        (
            "Điểm cầu",
            5,
            "Mã đơn vị chủ trì",
            "Không tìm thấy đơn vị có mã “HU-401” trong phạm vi của bạn.",
        ),
        ("Điểm cầu", 6, "Sức chứa", "Sức chứa “-5” phải là số nguyên không âm."),
        ("Điểm cầu", 7, "Sức chứa", "Sức chứa “12,5” phải là số nguyên không âm."),
        ("Điểm cầu", 8, "Tên điểm cầu", "Tên điểm cầu trùng với dòng 2."),
        (
            "Điểm cầu",
            9,
            "Tên điểm cầu",
            "Hội nghị đã có điểm cầu “Điểm cầu Tỉnh ủy” của đơn vị khác; hãy đặt tên khác.",
        ),
        ("Điểm cầu", 10, "Đếm theo điểm danh", "Ghi “Có” hoặc “Không”."),
        ("Điểm cầu", 11, "Mã đơn vị chủ trì", "Không được để trống."),
        ("Điểm cầu", 11, "Tên điểm cầu", "Không được để trống."),
    ]
    html = response.content.decode()
    assert "Tệp có 10 lỗi, chưa có gì được ghi" in html
    assert conference.points.count() == 1  # not even the good row


def test_a_unit_the_user_sees_but_may_not_register_for_is_refused_by_name(
    client_as, conference, world
):
    # The Nga Sơn reporter, also assigned to Hoằng Hóa (read-only), registers for Nga Sơn only.
    outsider = world.user("ngason")
    outsider.person = make.person("Hoàng Văn Nga", unit=world.ngason, title="Phó Bí thư")
    outsider.save()
    make.assign(outsider.person, world.hoanghoa)
    client = client_as("outsider")
    file = workbook(
        client,
        conference,
        [
            ("HU-401", "Điểm cầu Huyện ủy Nga Sơn", "Cấp huyện"),
            ("HU-399", "Hoằng Hóa", "Cấp huyện"),
        ],
    )
    response = upload(client, conference, file)
    assert errors(response) == [
        (
            "Điểm cầu",
            3,
            "Mã đơn vị chủ trì",
            "Bạn không có quyền đăng ký điểm cầu cho đơn vị “HU-399”.",
        )
    ]
    assert conference.points.count() == 1
