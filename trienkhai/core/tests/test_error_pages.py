"""What a user sees when something is not there or goes wrong: the project's own pages
in Vietnamese, never Django's technical page; an error id they can quote."""

import logging
import re

import pytest
from django.test import Client

from trienkhai.reporting.models import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing(settings):
    settings.ROOT_URLCONF = "trienkhai.core.tests.urls_failing"
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def test_a_missing_page_says_so_in_vietnamese_with_a_way_back(client_as, settings):
    settings.DEBUG = False
    page = client_as("commune_reporter").get("/khong-co-trang-nay/")
    text = page.content.decode()
    assert page.status_code == 404
    assert "Không tìm thấy trang" in text and 'href="/"' in text
    assert "Traceback" not in text and "Django" not in text


def test_a_server_error_shows_an_id_that_is_in_the_log(failing, caplog, persona):
    failing.force_login(persona("commune_reporter"))
    with caplog.at_level(logging.ERROR, logger="trienkhai.errors"):
        page = failing.get("/boom/")
    text = page.content.decode()
    assert page.status_code == 500
    assert "Đã có lỗi ở máy chủ" in text and "Traceback" not in text
    error_id = re.search(r'class="error-id">([0-9A-F]{8})<', text).group(1)
    logged = [r for r in caplog.records if r.name == "trienkhai.errors"]
    assert len(logged) == 1 and error_id in logged[0].getMessage()
    assert logged[0].exc_info is not None  # the traceback is in the log, not on the page


def test_an_api_server_error_is_structured_json_with_the_same_id(failing, persona):
    failing.force_login(persona("commune_reporter"))
    response = failing.get("/api/v1/boom/")
    body = response.json()["error"]
    assert response.status_code == 500 and body["code"] == "server_error"
    assert body["error_id"] in body["message"] and body["status"] == 500


def test_an_unknown_api_path_answers_json_not_an_html_page(api_as, settings):
    settings.DEBUG = False
    response = api_as("commune_reporter").get("/api/v1/khong-co/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_a_form_sent_from_a_stale_page_gets_a_vietnamese_explanation(persona):
    client = Client(enforce_csrf_checks=True)
    client.force_login(persona("province_office"))
    page = client.post("/reports/periods/", {"code": "2022Q1", "action": "open"})
    assert page.status_code == 403 and "Hãy tải lại trang" in page.content.decode()
    assert not Period.objects.filter(code="2022Q1").exists()
