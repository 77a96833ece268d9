import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.orgs.models import Assignment, Level, OrgUnit
from trienkhai.testing import factories as make

pytestmark = [pytest.mark.django_db]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_unit_page_costs_the_same_queries_for_a_small_and_a_large_district(world, client_as):
    bim_son = make.unit(world.province, "HU-381", "Thị ủy Bỉm Sơn", level=Level.DISTRICT)
    city = make.unit(world.province, "HU-380", "Thành ủy Thanh Hóa", level=Level.DISTRICT)
    for n in range(8):
        make.unit(bim_son, name=f"Đảng ủy phường Bỉm Sơn {n}")
    for n in range(50):
        make.unit(city, name=f"Đảng ủy phường Thanh Hóa {n}")
    client = client_as("province_office")
    client.get(reverse("home"))  # session and scope warm-up is not what is measured
    small = queries_for(client, reverse("orgs:unit", args=["HU-381"]))  # 8 communes
    large = queries_for(client, reverse("orgs:unit", args=["HU-380"]))  # 50 communes
    assert small == large
    # session, user, scope (user's unit, assignments, roles), the unit, ancestors,
    # children count, descendant count, children page, tenures, assignments in charge,
    # predecessors, the change history (records with their users), and the session's
    # expiry refresh (savepoint, update, release).
    assert large <= 17


def test_tree_children_and_search_pages_have_fixed_query_counts(client_as):
    client = client_as("province_office")
    # session (1 + 3 to refresh it), user, scope (3), unit, count, page
    assert queries_for(client, reverse("orgs:unit-children", args=["TU-38"])) <= 11
    # session (4), user, scope (3), phrase-exists check, results, parent names
    assert queries_for(client, reverse("orgs:search") + "?q=hoang") <= 11


def test_people_list_costs_a_fixed_number_of_queries(client_as):
    client = client_as("province_office")
    # session (4), user, scope (3), count, page, current positions of the page
    assert queries_for(client, reverse("orgs:people")) <= 11


def test_unit_page_shows_leaders_sample_labels_and_children(world, client_as):
    Assignment.objects.filter(person=world.leader).update(is_sample=True)
    html = client_as("province_office").get(reverse("orgs:unit", args=["TU-38"])).content.decode()
    assert "Đỗ Trọng Hưng" in html and "Bí thư" in html
    assert "Huyện ủy Hoằng Hóa" in html
    html = client_as("province_office").get(reverse("orgs:unit", args=["HU-399"])).content.decode()
    # The Standing Committee member in charge is sample data, and says so.
    assert "Lê Văn Phụ Trách" in html and "dữ liệu mẫu" in html


def test_numbers_are_shown_in_vietnamese_format(world, client_as):
    OrgUnit.objects.filter(code="TU-38").update(party_members=229_424)
    html = client_as("province_office").get(reverse("orgs:unit", args=["TU-38"])).content.decode()
    assert "229.424" in html


def test_htmx_children_request_returns_tree_items_only(client_as):
    client = client_as("district_reporter")
    response = client.get(reverse("orgs:unit-children", args=["HU-399"]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and 'data-code="DU-15997"' in html


def test_search_page_without_htmx_renders_a_full_page(client_as):
    html = (
        client_as("district_reporter")
        .get(reverse("orgs:search"), {"q": "hoang dong"})
        .content.decode()
    )
    assert "<html" in html and "Đảng ủy xã Hoằng Đông" in html


def test_search_never_shows_units_outside_the_scope(client_as):
    html = client_as("outsider").get(reverse("orgs:search"), {"q": "hoang dong"}).content.decode()
    assert "Đảng ủy xã Hoằng Đông" not in html
    assert "Không tìm thấy đơn vị nào" in html


def test_office_renames_a_unit(client_as):
    client = client_as("province_office")
    url = reverse("orgs:unit-edit", args=["DU-15997"])
    data = {
        "code": "DU-15997",
        "name": "Đảng ủy xã Hoằng Đông (mới)",
        "short_name": "",
        "kind": "party_committee",
        "level": "commune",
        "party_members": "312",
        "valid_from": "01/01/2020",
        "valid_to": "",
        "note": "",
        "successor_code": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    unit = OrgUnit.objects.get(code="DU-15997")
    assert unit.name == "Đảng ủy xã Hoằng Đông (mới)" and unit.party_members == 312
    assert unit.valid_from.isoformat() == "2020-01-01"


def test_an_invalid_edit_shows_vietnamese_errors_and_changes_nothing(client_as):
    client = client_as("province_office")
    url = reverse("orgs:unit-edit", args=["DU-15997"])
    data = {
        "code": "DU-15997",
        "name": "",
        "kind": "party_committee",
        "level": "commune",
        "valid_from": "2021/13/45",
        "successor_code": "KHONG-CO",
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trường này là bắt buộc" in html
    assert "Không có đơn vị nào mang mã “KHONG-CO”" in html
    assert OrgUnit.objects.get(code="DU-15997").name == "Đảng ủy xã Hoằng Đông"


def test_office_adds_a_party_cell_under_a_commune(client_as):
    client = client_as("province_office")
    data = {
        "code": "cb-thon-1",
        "name": "Chi bộ thôn 1",
        "kind": "party_cell",
        "level": "grassroots",
        "party_members": "25",
    }
    response = client.post(reverse("orgs:unit-add", args=["DU-15997"]), data)
    assert response.status_code == 302
    cell = OrgUnit.objects.get(code="CB-THON-1")
    assert cell.is_under(OrgUnit.objects.get(code="DU-15997"))
    assert OrgUnit.objects.get(code="DU-15997").numchild == 1


def test_a_duplicate_code_is_refused(client_as):
    client = client_as("province_office")
    data = {"code": "HU-399", "name": "Trùng", "kind": "party_cell", "level": "grassroots"}
    response = client.post(reverse("orgs:unit-add", args=["DU-15997"]), data)
    assert response.status_code == 200
    assert "đã tồn tại" in response.content.decode()


def test_person_page_lists_positions_and_assignments(world, client_as):
    leader = world.leader
    html = client_as("leader").get(reverse("orgs:person", args=[leader.uid])).content.decode()
    assert "Ủy viên Ban Thường vụ" in html and "Huyện ủy Hoằng Hóa" in html


def test_people_search_ignores_diacritics(world, client_as):
    make.person("Lại Thế Nguyên", unit=world.province, title="Phó Bí thư Thường trực")
    html = (
        client_as("province_office")
        .get(reverse("orgs:people"), {"q": "do trong hung"})
        .content.decode()
    )
    assert "Đỗ Trọng Hưng" in html and "Lại Thế Nguyên" not in html


def test_a_change_appears_in_the_unit_history_with_who_and_what(client_as):
    client = client_as("province_office")
    unit = OrgUnit.objects.get(code="DU-15997")
    data = {
        "code": unit.code,
        "name": unit.name,
        "short_name": "ĐU Hoằng Đông",
        "kind": unit.kind,
        "level": unit.level,
        "party_members": "300",
    }
    assert client.post(reverse("orgs:unit-edit", args=[unit.code]), data).status_code == 302
    html = client.get(reverse("orgs:unit", args=[unit.code])).content.decode()
    history = html[html.index('id="history"') :]
    assert "Nguyễn Thị Văn Phòng" in history
    assert "Số đảng viên" in history and "300" in history
    assert "ĐU Hoằng Đông" in history


def test_a_persons_positions_outside_ones_scope_are_not_shown(world, client_as, api_as):
    from trienkhai.orgs.models import Position, Tenure

    dong = make.person("Phạm Thị Đông", unit=world.hoangdong, title="Văn phòng Đảng ủy")
    Tenure.objects.create(
        person=dong,
        position=Position.objects.create(
            unit=OrgUnit.objects.get(code="HU-401"), title="Cộng tác viên"
        ),
    )
    html = (
        client_as("commune_reporter").get(reverse("orgs:person", args=[dong.uid])).content.decode()
    )
    assert "Huyện ủy Nga Sơn" not in html and "Cộng tác viên" not in html
    body = api_as("commune_reporter").get(reverse("person-detail", args=[dong.uid])).json()
    assert {p["unit"] for p in body["positions"]} == {"DU-15997"}


def test_an_import_cannot_reuse_the_code_of_a_unit_one_cannot_see(client_as, persona):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from trienkhai.accounts.models import Role, RoleGrant
    from trienkhai.orgs.exports import headers

    RoleGrant.objects.create(user=persona("outsider"), role=Role.OFFICE)
    rows = [
        headers(),
        ["DU-15997", "Chiếm mã", "", "Cấp ủy đảng", "Cấp xã", "HU-401", "", "", "", ""],
    ]
    buf = io.StringIO()
    import csv

    csv.writer(buf).writerows(rows)
    response = client_as("outsider").post(
        reverse("orgs:import"), {"file": SimpleUploadedFile("x.csv", buf.getvalue().encode())}
    )
    assert response.status_code == 400 and "đã được dùng" in response.content.decode()
    assert OrgUnit.objects.get(code="DU-15997").name == "Đảng ủy xã Hoằng Đông"


def test_a_district_opens_the_province_as_a_summary_of_what_it_must_implement(world, client_as):
    decision = make.document(
        world.province, "621-QĐ/TU", "Quyết định ban hành Chương trình chuyển đổi số"
    )
    make.programme(world.province, "Chương trình chuyển đổi số", document=decision)
    page = client_as("district_reporter").get("/units/TU-38/")
    text = page.content.decode()
    assert page.status_code == 200 and "Đơn vị cấp trên của đơn vị bạn" in text
    assert "621-QĐ/TU" in text  # a programme the province issued
    assert "Huyện ủy Nga Sơn" not in text and "Thêm đơn vị trực thuộc" not in text


def test_a_sibling_district_stays_invisible_even_as_a_summary(client_as):
    assert client_as("district_reporter").get("/units/HU-401/").status_code == 404
