"""A NUL character anywhere a person could type is refused at the edge with a Vietnamese
message (PostgreSQL cannot store or compare it), and nothing is stored."""

import json

import pytest
from django.urls import reverse

from trienkhai.documents.models import Document

pytestmark = [pytest.mark.django_db]

MESSAGE = "ký tự rỗng (NUL)"


def test_the_anonymous_check_in_address_with_a_nul_is_refused_with_a_message(client):
    response = client.get("/c/AB%00CD/")
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/units/search/?q=Ho%E1%BA%B1ng%00", "/documents/?q=%00", "/programmes/tasks/?status=%00"],
)
def test_a_search_with_a_nul_is_refused_instead_of_failing(client_as, world, url):
    response = client_as("province_office").get(url)
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


def test_a_form_with_a_nul_in_its_text_is_refused_and_stores_nothing(client_as, world):
    response = client_as("province_office").post(
        reverse("documents:register"),
        {"symbol": "15-NQ/TU", "title": "Nghị quyết\x00 về du lịch", "kind": "NQ"},
    )
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not Document.objects.exists()


def test_the_api_refuses_a_json_body_with_a_nul_with_its_structured_error(client_as, world):
    response = client_as("province_office").post(
        "/api/v1/documents/",
        json.dumps({"symbol": "15-NQ/TU", "title": "Nghị quyết\u0000"}),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bad_request"
    assert MESSAGE in error["message"]
    assert not Document.objects.exists()


def test_ordinary_text_passes(client_as, world):
    response = client_as("province_office").get("/units/search/?q=Ho%E1%BA%B1ng")
    assert response.status_code == 200
