"""Django's admin answers where TK_ADMIN_URL puts it, and nowhere when it is empty."""

import importlib

import pytest
from django.urls import clear_url_caches

import trienkhai.urls

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def admin_at(settings):
    def move(where):
        settings.ADMIN_URL = where
        importlib.reload(trienkhai.urls)
        clear_url_caches()

    yield move
    settings.ADMIN_URL = "admin"
    importlib.reload(trienkhai.urls)
    clear_url_caches()


def test_the_admin_moved_by_the_setting_answers_there_and_not_at_admin(client, admin_at):
    admin_at("quan-tri-7f3a")
    moved = client.get("/quan-tri-7f3a/")
    assert moved.status_code == 302 and "/quan-tri-7f3a/login/" in moved["Location"]
    assert client.get("/admin/").status_code == 404


def test_an_empty_setting_turns_the_admin_off(client, admin_at):
    admin_at("")
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
