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

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


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


def test_pasted_links_cannot_tie_documents_the_user_may_not_change(client_as, district_office):
    client = client_as("district_reporter")
    links = json.dumps([["624-KL/TU", "610-KL/TU", "replaces"]])
    client.post(
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
    assert Document.objects.filter(symbol="77-KH/HU").exists()
    assert not DocumentLink.objects.filter(source__symbol="624-KL/TU", kind="replaces").exists()


def test_tasks_delegated_to_one_district_stay_hidden_from_another(client_as, persona):
    upper = Programme.objects.get(document__symbol="621-QĐ/TU").tasks.first()
    hh = OrgUnit.objects.get(code="HU-399")
    upper.lead_unit = hh
    upper.save()
    subtasks = delegate(
        upper, list(OrgUnit.objects.get_children(hh)[:3]), datetime.date(2022, 3, 1)
    )
    outsider_tasks = set(Task.objects.for_user(persona("outsider")).values_list("pk", flat=True))
    assert not outsider_tasks & {t.pk for t in subtasks}
    html = client_as("outsider").get(upper.get_absolute_url()).content.decode()
    assert "Giao cho cấp dưới" not in html
    assert client_as("outsider").get(subtasks[0].get_absolute_url()).status_code == 404
    # The province still sees everything, and the roll-up still counts all sub-tasks.
    assert client_as("province_office").get(subtasks[0].get_absolute_url()).status_code == 200


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
def test_bad_plans_through_the_api_are_refused_with_a_message(api_as, body):
    upper = Programme.objects.get(document__symbol="701-QĐ/TU")
    response = api_as("district_reporter").post(
        reverse("programme-plan", args=[upper.uid]), body, format="json"
    )
    assert response.status_code == 400
    assert not Programme.objects.filter(parent=upper, unit__code="HU-399").exists()


def test_a_plan_body_that_is_not_an_object_is_refused(api_as):
    upper = Programme.objects.get(document__symbol="701-QĐ/TU")
    response = api_as("district_reporter").post(
        reverse("programme-plan", args=[upper.uid]), [1, 2], format="json"
    )
    assert response.status_code == 400


def test_the_same_document_twice_in_one_batch_is_refused_even_when_one_is_undated():
    province = OrgUnit.objects.get(code="TU-38")
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
