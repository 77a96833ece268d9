"""A document's validity is one rule (registry.check_document): the form, the API and
the batch registered from text refuse the same bad input with the same message."""

import datetime

import pytest
from django.urls import reverse

from trienkhai.documents import registry
from trienkhai.documents.models import Document
from trienkhai.orgs.models import OrgUnit
from trienkhai.testing import documents as docs

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = docs.FAST_HASHERS


def by_form(client, data):
    response = client.post(reverse("documents:create"), {"status": "in_force", **data})
    assert response.status_code == 400  # the form again, with its messages
    return {f: list(e) for f, e in response.context["form"].errors.items()}


def by_api(api, data):
    response = api.post("/api/v1/documents/", data, format="json")
    assert response.status_code == 400
    return {
        f: list(e) if isinstance(e, list) else [e]
        for f, e in response.json()["error"]["fields"].items()
    }


def by_batch(user, data):
    unit = OrgUnit.objects.filter(code=data.get("issuing_unit")).first()
    draft = registry.Draft(
        symbol=data["symbol"],
        issue_date=datetime.date.fromisoformat(data["issue_date"])
        if data.get("issue_date")
        else None,
        issuing_unit=unit,
        title=data.get("title", ""),
    )
    with pytest.raises(registry.RegistrationError) as refused:
        registry.register([draft], user=user)
    return sorted(message for _i, message in refused.value.errors)


CASES = {
    "malformed symbol": {"symbol": "hello", "title": "Về việc thử"},
    "future date": {"symbol": "999-QĐ/TU", "issue_date": "2099-01-01", "title": "Về việc thử"},
    "already registered": {"symbol": "621-QĐ/TU", "issue_date": "2021-07-23", "title": "Trùng"},
}

MESSAGES = {
    "malformed symbol": "Số, ký hiệu “hello” không đúng dạng",
    "future date": "Ngày ban hành 01/01/2099 ở tương lai.",
    "already registered": "Văn bản 621-QĐ/TU đã có trong sổ đăng ký.",
}


@pytest.mark.parametrize("case", CASES)
def test_the_form_the_api_and_the_batch_give_one_message(client_as, api_as, persona, world, case):
    docs.registered(
        world.province,
        "621-QĐ/TU",
        "Chương trình phát triển Khu kinh tế Nghi Sơn",
        issue_date=datetime.date(2021, 7, 23),
        term="XIX",
    )
    data = {**CASES[case], "issuing_unit": "TU-38"}
    count = Document.objects.count()
    form_data = {**data, "issuing_unit": world.province.pk}
    if form_data.get("issue_date"):
        form_data["issue_date"] = datetime.date.fromisoformat(data["issue_date"]).strftime(
            "%d/%m/%Y"
        )
    page = sorted(m for ms in by_form(client_as("province_office"), form_data).values() for m in ms)
    api = sorted(m for ms in by_api(api_as("province_office"), data).values() for m in ms)
    batch = by_batch(persona("province_office"), data)
    assert page == api == batch
    assert any(m.startswith(MESSAGES[case]) for m in page), page
    assert Document.objects.count() == count == 1


def test_a_district_may_not_register_a_document_of_the_province_anywhere(
    client_as, api_as, persona
):
    data = {
        "symbol": "998-QĐ/TU",
        "issue_date": "2021-10-01",
        "title": "Về việc thử",
        "issuing_unit": "TU-38",
    }
    message = "Bạn không có quyền đăng ký văn bản cho đơn vị ban hành này."
    assert by_batch(persona("district_reporter"), data) == [message]
    api = api_as("district_reporter").post("/api/v1/documents/", data, format="json")
    assert api.status_code == 403  # only an office registers documents
    assert not Document.objects.filter(symbol="998-QĐ/TU").exists()
