import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from trienkhai.orgs.models import OrgUnit
from trienkhai.testing import factories as make

pytestmark = [pytest.mark.django_db]


def password():
    return make.PASSWORD


def test_a_token_is_issued_for_a_username_and_password(world):
    response = APIClient().post(
        reverse("api-token"), {"username": "hoanghoa", "password": password()}
    )
    assert response.status_code == 200 and len(response.json()["token"]) == 40


def test_a_wrong_password_gets_a_structured_vietnamese_error(world):
    response = APIClient().post(reverse("api-token"), {"username": "hoanghoa", "password": "x"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["message"] == "Dữ liệu không hợp lệ."
    assert "non_field_errors" in error["fields"]


def test_without_a_token_the_api_answers_401_with_a_message():
    response = APIClient().get(reverse("unit-list"))
    assert response.status_code == 401
    assert response.json()["error"]["message"].startswith("Chưa xác thực")


def test_unit_list_holds_only_the_callers_subtree(api_as):
    response = api_as("district_reporter").get(reverse("unit-list"), {"page_size": 100})
    body = response.json()
    assert body["count"] == 3
    assert {u["code"] for u in body["results"]} == {"HU-399", "DU-15997", "DU-16000"}


def test_unit_search_ignores_diacritics(api_as):
    response = api_as("province_office").get(reverse("unit-list"), {"q": "hoang dong"})
    names = [u["name"] for u in response.json()["results"]]
    assert names == ["Đảng ủy xã Hoằng Đông"]


def test_unit_detail_gives_parent_and_labels(api_as):
    body = api_as("commune_reporter").get(reverse("unit-detail", args=["DU-15997"])).json()
    assert body["parent"] == "HU-399"
    assert body["level"] == "commune" and body["level_display"] == "Cấp xã"


def test_a_unit_outside_the_scope_is_not_found(api_as):
    response = api_as("outsider").get(reverse("unit-detail", args=["DU-15997"]))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_children_of_a_parent_can_be_listed(api_as):
    body = api_as("province_office").get(reverse("unit-list"), {"parent": "HU-399"}).json()
    assert body["count"] == 2 == OrgUnit.objects.get(code="HU-399").numchild
    assert {u["code"] for u in body["results"]} == {"DU-15997", "DU-16000"}
    assert all(u["parent"] == "HU-399" for u in body["results"])


def test_subtree_endpoint_lists_a_province_in_tree_order(api_as):
    body = api_as("province_office").get(reverse("unit-subtree", args=["TU-38"])).json()
    assert body["count"] == OrgUnit.objects.count() == 9
    codes = [u["code"] for u in body["results"]]
    assert codes[0] == "TU-38"
    # Each district comes before its communes.
    assert codes.index("HU-399") < codes.index("DU-15997")
    assert codes.index("HU-399") < codes.index("DU-16000")
    assert codes.index("HU-401") < codes.index("DU-16100")


def test_unit_list_costs_a_fixed_number_of_queries(world, api_as, django_assert_max_num_queries):
    for n in range(25):
        make.unit(world.hoanghoa, name=f"Đảng ủy xã Hoằng {n}")
        make.unit(world.ngason, name=f"Đảng ủy xã Nga {n}")
    client = api_as("province_office")
    # token+user, user's unit, current assignments, roles (the scope, once per request),
    # count, page, parent codes of the page: 7 whatever the page size.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("unit-list"), {"page_size": 50})
    assert len(response.json()["results"]) == 50


def test_people_list_shows_positions_without_a_query_per_person(
    world, api_as, django_assert_max_num_queries
):
    for n, home in enumerate([world.hoanghoa, world.hoangdong, world.ngason] * 4):
        make.person(f"Cán bộ Thử {n}", unit=home, title=f"Chuyên viên {n}")
    client = api_as("province_office")
    # token+user, the scope (3), count, page, prefetched tenures with positions and units.
    with django_assert_max_num_queries(9):
        body = client.get(reverse("person-list")).json()
    assert body["count"] == 14
    hung = next(p for p in body["results"] if p["full_name"] == "Đỗ Trọng Hưng")
    assert {"title": "Bí thư", "unit": "TU-38"}.items() <= hung["positions"][0].items()


def test_people_outside_the_scope_are_not_listed(world, api_as):
    make.person("Phạm Thị Đông", unit=world.hoangdong, title="Văn phòng Đảng ủy")
    make.person("Hoàng Văn Nga", unit=world.ngason, title="Chánh Văn phòng Huyện ủy")
    names = [
        p["full_name"] for p in api_as("outsider").get(reverse("person-list")).json()["results"]
    ]
    assert names == ["Hoàng Văn Nga"]


def test_openapi_document_describes_the_unit_endpoints(api_as):
    response = api_as("commune_reporter").get(reverse("api-schema"))
    assert response.status_code == 200
    spec = json.loads(response.content)
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/units/" in spec["paths"] and "/api/v1/units/{code}/subtree/" in spec["paths"]


def test_interactive_docs_load_their_assets_from_the_app_not_a_cdn(client_as):
    response = client_as("commune_reporter").get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower() and "/static/drf_spectacular_sidecar/" in html


def test_without_login_the_api_map_is_refused_and_the_docs_send_to_the_login_page(client):
    schema = client.get(reverse("api-schema"))
    assert schema.status_code == 401
    assert schema.json()["error"]["message"].startswith("Chưa xác thực")
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 302 and docs["Location"].startswith("/login/")


def test_a_deployment_may_open_the_api_docs_to_everyone(client, settings):
    settings.API_DOCS_PUBLIC = True
    assert client.get(reverse("api-schema")).status_code == 200
    assert client.get(reverse("api-docs")).status_code == 200


def test_api_errors_follow_each_requests_language_not_the_first_ones(api_as):
    client = api_as("commune_reporter")
    url = "/api/v1/reports/units/DU-15997/2030Q4/"
    english = client.put(url, {}, format="json", HTTP_COOKIE="django_language=en")
    vietnamese = client.put(url, {}, format="json", HTTP_COOKIE="django_language=vi")
    assert english.status_code == vietnamese.status_code == 404
    assert "has not been opened" in english.json()["error"]["message"]
    assert "chưa được mở" in vietnamese.json()["error"]["message"]


def test_the_generic_api_messages_are_translated_per_request(api_as):
    client = api_as("commune_reporter")
    english = client.delete("/api/v1/units/DU-15997/", HTTP_COOKIE="django_language=en")
    vietnamese = client.delete("/api/v1/units/DU-15997/", HTTP_COOKIE="django_language=vi")
    assert english.status_code == vietnamese.status_code == 405
    assert english.json()["error"]["message"] == "Method not supported."
    assert vietnamese.json()["error"]["message"] == "Phương thức không được hỗ trợ."
