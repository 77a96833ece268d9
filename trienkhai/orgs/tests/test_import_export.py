import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from trienkhai.orgs.exports import headers
from trienkhai.orgs.models import OrgUnit

pytestmark = [pytest.mark.django_db]


def csv_file(rows, name="don-vi.csv", with_header=True):
    buf = io.StringIO()
    writer = csv.writer(buf)
    if with_header:
        writer.writerow(headers())
    writer.writerows(rows)
    return SimpleUploadedFile(name, buf.getvalue().encode("utf-8-sig"), content_type="text/csv")


def xlsx_file(rows):
    wb = Workbook()
    wb.active.append(headers())
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("don-vi.xlsx", buf.getvalue())


def row(
    code,
    name,
    parent,
    kind="Cấp ủy đảng",
    level="Cấp xã",
    members="",
    start="",
    end="",
    successor="",
):
    return [code, name, "", kind, level, parent, members, start, end, successor]


def post(client, upload):
    return client.post(reverse("orgs:import"), {"file": upload})


def test_office_imports_new_units_and_children_from_csv(client_as):
    client = client_as("province_office")
    upload = csv_file(
        [
            row("CB-1", "Chi bộ thôn Một", "DB-1", kind="Chi bộ", level="Cơ sở"),
            row(
                "DB-1",
                "Đảng bộ cơ sở Thử Nghiệm",
                "DU-15997",
                kind="Tổ chức đảng",
                level="co so",
                members="1.250",
                start="01/01/2021",
            ),
        ]
    )
    response = post(client, upload)
    assert response.status_code == 302
    db1 = OrgUnit.objects.get(code="DB-1")
    assert db1.party_members == 1250 and db1.valid_from.isoformat() == "2021-01-01"
    assert db1.is_under(OrgUnit.objects.get(code="DU-15997"))
    assert OrgUnit.objects.get(code="CB-1").is_under(db1)


def test_xlsx_import_updates_an_existing_unit(client_as):
    client = client_as("province_office")
    response = post(
        client,
        xlsx_file(
            [
                [
                    "DU-15997",
                    "Đảng ủy xã Hoằng Đông",
                    "ĐU Hoằng Đông",
                    "Cấp ủy đảng",
                    "Cấp xã",
                    "HU-399",
                    412,
                    "",
                    "",
                    "",
                ],
            ]
        ),
    )
    assert response.status_code == 302
    unit = OrgUnit.objects.get(code="DU-15997")
    assert unit.party_members == 412 and unit.short_name == "ĐU Hoằng Đông"


def test_a_file_with_errors_changes_nothing_and_names_row_column_and_problem(client_as):
    client = client_as("province_office")
    before = OrgUnit.objects.count()
    response = post(
        client,
        csv_file(
            [
                row("OK-1", "Đơn vị hợp lệ", "DU-15997"),
                row("BAD-1", "Ngày sai", "DU-15997", start="31/02/2021"),
                row("BAD-2", "Cấp trên không có", "KHONG-CO"),
                row("BAD-3", "", "DU-15997", kind="Không rõ"),
                row("OK-1", "Trùng mã", "DU-15997"),
                row("BAD-4", "Số sai", "DU-15997", members="nhiều"),
            ]
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert OrgUnit.objects.count() == before
    assert not OrgUnit.objects.filter(code="OK-1").exists()
    errors = {(e.row, e.column) for e in response.context["errors"]}
    assert (3, "Hiệu lực từ") in errors
    assert (5, "Tên đơn vị") in errors and (5, "Loại") in errors
    assert (6, "Mã đơn vị") in errors
    assert (7, "Số đảng viên") in errors
    assert "nhập theo dạng ngày/tháng/năm" in html
    # Unknown parents are found once every row is well formed.
    response = post(client, csv_file([row("BAD-2", "Cấp trên không có", "KHONG-CO")]))
    assert [(e.row, e.column) for e in response.context["errors"]] == [(2, "Mã đơn vị cấp trên")]
    assert "Không có đơn vị nào mang mã “KHONG-CO”" in response.content.decode()


def test_import_cannot_add_units_outside_ones_subtree(client_as, persona):
    from trienkhai.accounts.models import Role, RoleGrant

    RoleGrant.objects.create(user=persona("outsider"), role=Role.OFFICE)
    client = client_as("outsider")
    response = post(client, csv_file([row("X-1", "Lạc chỗ", "DU-15997")]))
    assert response.status_code == 400
    assert not OrgUnit.objects.filter(code="X-1").exists()


def test_a_cycle_of_parents_in_the_file_is_refused(client_as):
    client = client_as("province_office")
    response = post(client, csv_file([row("C-1", "Một", "C-2"), row("C-2", "Hai", "C-1")]))
    assert response.status_code == 400
    assert not OrgUnit.objects.filter(code__in=["C-1", "C-2"]).exists()


@pytest.mark.parametrize(
    ("name", "content", "message", "status"),
    [
        ("don-vi.xlsx", b"PK\x03\x04 not really a zip", "Không đọc được tệp Excel", 400),
        ("don-vi.csv", "Mã đơn vị,Tên\n".encode("utf-16"), "UTF-8", 400),
        # An empty upload or a wrong extension is refused by the form itself.
        ("don-vi.csv", b"", "Tệp rỗng, không có dữ liệu", 200),
        ("don-vi.csv", b"\n\n", "Tệp không có dữ liệu", 400),
        ("don-vi.pdf", b"%PDF-1.4", "Chỉ nhận tệp .csv hoặc .xlsx", 200),
        ("don-vi.csv", "Tên,Ghi chú\nA,B\n".encode(), "Thiếu cột bắt buộc", 400),
    ],
)
def test_malformed_files_get_a_clear_message(client_as, name, content, message, status):
    client = client_as("province_office")
    before = OrgUnit.objects.count()
    response = post(client, SimpleUploadedFile(name, content))
    assert response.status_code == status
    assert message in response.content.decode()
    assert OrgUnit.objects.count() == before


def test_export_xlsx_lists_the_subtree_with_parent_codes(client_as):
    client = client_as("district_reporter")
    response = client.get(reverse("orgs:unit-export", args=["HU-399", "xlsx"]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.values)
    assert list(rows[0]) == headers()
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["HU-399"][5] == "TU-38"
    assert by_code["DU-15997"][5] == "HU-399"
    assert set(by_code) == {"HU-399", "DU-15997", "DU-16000"}


def subtree_of_hoang_hoa():
    fields = ("code", "name", "short_name", "kind", "level", "party_members", "path")
    return list(OrgUnit.objects.under(OrgUnit.objects.get(code="HU-399")).values_list(*fields))


def test_exported_csv_imports_back_without_changes(client_as):
    client = client_as("province_office")
    OrgUnit.objects.filter(code="DU-15997").update(party_members=312, short_name="ĐU Hoằng Đông")
    before = subtree_of_hoang_hoa()
    exported = client.get(reverse("orgs:unit-export", args=["HU-399", "csv"])).content
    assert exported.startswith("\ufeff".encode())
    response = post(client, SimpleUploadedFile("lai.csv", exported))
    assert response.status_code == 302
    assert subtree_of_hoang_hoa() == before


def test_import_templates_download_in_both_formats(client_as):
    client = client_as("commune_reporter")
    assert client.get(reverse("orgs:import-template", args=["xlsx"])).status_code == 200
    assert client.get(reverse("orgs:import-template", args=["csv"])).status_code == 200
    assert client.get(reverse("orgs:import-template", args=["doc"])).status_code == 404


def test_a_file_exported_in_english_imports_back(client_as):
    client = client_as("province_office")
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
    before = subtree_of_hoang_hoa()
    exported = client.get(reverse("orgs:unit-export", args=["HU-399", "xlsx"])).content
    assert load_workbook(io.BytesIO(exported)).active["F1"].value == "Parent unit code"
    response = post(client, SimpleUploadedFile("en.xlsx", exported))
    assert response.status_code == 302
    assert subtree_of_hoang_hoa() == before


def test_numbers_and_names_beyond_their_columns_are_row_errors_not_a_server_error(client_as):
    client = client_as("province_office")
    before = OrgUnit.objects.count()
    long_short = ["DU-9", "Đảng ủy xã Thử", "Đ" * 101, "Cấp ủy đảng", "Cấp xã", "DU-15997"]
    response = post(
        client,
        csv_file(
            [
                row("DU-8", "Số quá lớn", "DU-15997", members="99.999.999.999"),
                [*long_short, "", "", "", ""],
            ]
        ),
    )
    assert response.status_code == 400
    errors = {(e.row, e.column): e.message for e in response.context["errors"]}
    assert "Số quá lớn" in errors[(2, "Số đảng viên")]
    assert "dài quá 100 ký tự" in errors[(3, "Tên viết tắt")]
    assert OrgUnit.objects.count() == before
