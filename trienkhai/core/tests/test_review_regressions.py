"""Regressions found by review: leaks across units and inputs that used to fail with a
server error instead of a clear message."""

import datetime
import json

import pytest
from django.urls import reverse

from trienkhai.documents.models import Document, DocumentLink
from trienkhai.documents.registry import Draft, RegistrationError, register
from trienkhai.orgs.models import OrgUnit
from trienkhai.programmes.cascade import delegate
from trienkhai.programmes.models import Programme, Task
from trienkhai.testing import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_701(world):
    """The province's programme of 701-QĐ/TU with its target "1", for the districts' plans."""
    document = make.document(world.province, "701-QĐ/TU", "Quyết định ban hành Chương trình")
    upper = make.programme(world.province, "Chương trình chuyển đổi số", document=document)
    make.target(upper, "1", "Tỷ lệ hồ sơ trực tuyến", plan={2025: 80})
    return upper


@pytest.fixture
def district_office(persona):
    from trienkhai.accounts.models import Role, RoleGrant

    RoleGrant.objects.create(user=persona("district_reporter"), role=Role.OFFICE)
    return persona("district_reporter")


def test_a_district_office_cannot_create_a_central_document_through_the_api(
    api_as, district_office
):
    response = api_as("district_reporter").post(
        reverse("document-list"),
        {"symbol": "99-QĐ/TW", "title": "Văn bản Trung ương"},
        format="json",
    )
    assert response.status_code == 400 and "issuing_unit" in response.json()["error"]["fields"]
    assert not Document.objects.filter(symbol="99-QĐ/TW").exists()


def test_pasted_links_cannot_tie_documents_the_user_may_not_change(
    client_as, district_office, world
):
    make.document(world.province, "624-KL/TU", "Kết luận của Ban Thường vụ Tỉnh ủy")
    make.document(world.province, "610-KL/TU", "Kết luận trước đây")
    client = client_as("district_reporter")
    links = json.dumps([["624-KL/TU", "610-KL/TU", "replaces"]])
    response = client.post(
        reverse("documents:register"),
        {
            "register": "1",
            "links": links,
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-selected": "on",
            "form-0-symbol": "77-KH/HU",
            "form-0-issue_date": "01/12/2021",
            "form-0-title": "Kế hoạch thử",
            "form-0-issuing_unit": str(OrgUnit.objects.get(code="HU-399").pk),
        },
    )
    assert response.status_code == 302
    assert Document.objects.get(symbol="77-KH/HU").issuing_unit.code == "HU-399"
    assert not DocumentLink.objects.exists()
    assert not DocumentLink.objects.filter(source__symbol="624-KL/TU", kind="replaces").exists()


def test_tasks_delegated_to_one_district_stay_hidden_from_another(client_as, persona, world):
    document = make.document(world.province, "621-QĐ/TU", "Quyết định ban hành Chương trình")
    programme = make.programme(world.province, "Chương trình du lịch", document=document)
    hh = world.hoanghoa
    make.unit(hh, "DU-16001", "Đảng ủy xã Hoằng Trung")
    upper = make.task(programme, "Phát triển du lịch biển", lead_unit=hh)
    subtasks = delegate(
        upper, list(OrgUnit.objects.get_children(hh)[:3]), datetime.date(2022, 3, 1)
    )
    assert len(subtasks) == 3
    outsider_tasks = set(Task.objects.for_user(persona("outsider")).values_list("pk", flat=True))
    assert not outsider_tasks & {t.pk for t in subtasks}
    page = client_as("outsider").get(upper.get_absolute_url())
    assert page.status_code == 200  # the province's task itself is public to its districts
    assert "Giao cho cấp dưới" not in page.content.decode()
    assert client_as("outsider").get(subtasks[0].get_absolute_url()).status_code == 404
    # The province still sees everything, and the roll-up still lists all sub-tasks.
    province = client_as("province_office")
    assert province.get(subtasks[0].get_absolute_url()).status_code == 200
    html = province.get(upper.get_absolute_url()).content.decode()
    assert "Giao cho cấp dưới" in html
    assert all(str(t.uid) in html for t in subtasks)


@pytest.mark.parametrize(
    "url", ["/api/v1/documents/x/", "/api/v1/documents/x/links/", "/api/v1/people/x/"]
)
def test_malformed_ids_in_api_urls_are_not_found(api_as, url):
    response = api_as("province_office").get(url)
    assert response.status_code == 404 and "error" in response.json()


def test_a_malformed_programme_filter_is_a_clear_error(api_as):
    response = api_as("province_office").get(reverse("task-list"), {"programme": "x"})
    assert response.status_code == 400 and "programme" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    "body",
    [
        {
            "title": "KH",
            "symbol": "70-KH/HU",
            "issue_date": "2021-11-25",
            "targets": [{"code": "1", "plans": {"abc": 1}}],
        },
        {
            "title": "KH",
            "symbol": "70-KH/HU",
            "issue_date": "2021-11-25",
            "targets": [{"code": "1"}, {"code": "1"}],
        },
    ],
)
def test_bad_plans_through_the_api_are_refused_with_a_message(api_as, programme_701, body):
    upper = programme_701
    response = api_as("district_reporter").post(
        reverse("programme-plan", args=[upper.uid]), body, format="json"
    )
    assert response.status_code == 400 and "targets" in response.json()["error"]["fields"]
    assert not Programme.objects.filter(parent=upper, unit__code="HU-399").exists()
    assert not Document.objects.filter(symbol="70-KH/HU").exists()


def test_a_plan_body_that_is_not_an_object_is_refused(api_as, programme_701):
    upper = programme_701
    response = api_as("district_reporter").post(
        reverse("programme-plan", args=[upper.uid]), [1, 2], format="json"
    )
    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == "parse_error"
    assert error["message"].startswith("Nội dung phải là một đối tượng JSON")
    assert not Programme.objects.filter(parent=upper).exists()


def test_the_same_document_twice_in_one_batch_is_refused_even_when_one_is_undated(world):
    province = world.province
    with pytest.raises(RegistrationError):
        register(
            [
                Draft(symbol="88-NQ/TU", issuing_unit=province, title="A"),
                Draft(
                    symbol="88-NQ/TU",
                    issuing_unit=province,
                    title="A",
                    issue_date=datetime.date(2021, 5, 5),
                ),
            ]
        )
    assert not Document.objects.filter(symbol="88-NQ/TU").exists()
