import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.urls import reverse

from trienkhai.testing import factories as make

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _accounts(world):
    """The small world's accounts (hoangdong, a commune reporter) with the test password."""
    return world


def password():
    return make.PASSWORD


def test_a_user_logs_in_and_lands_on_the_overview(client):
    response = client.post(
        reverse("login"), {"username": "hoangdong", "password": password()}, follow=True
    )
    assert response.redirect_chain[-1] == (reverse("home"), 302)
    assert response.status_code == 200
    assert "Đảng ủy xã Hoằng Đông" in response.content.decode()


def test_wrong_password_gets_a_vietnamese_message_and_no_session(client):
    response = client.post(reverse("login"), {"username": "hoangdong", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_passwords_lock_the_login_even_with_the_right_one(client):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "hoangdong", "password": "sai"})
    response = client.post(url, {"username": "hoangdong", "password": password()})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(client, persona, settings):
    from trienkhai import settings as project

    # The project's hashers (the tests put a fast one first); MD5 kept last so the
    # small world's accounts still verify, and are rehashed on their next login.
    settings.PASSWORD_HASHERS = [
        *project.PASSWORD_HASHERS,
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert get_hasher().algorithm == "argon2"
    assert make.user("moi", None).password.startswith("argon2$")
    response = client.post(reverse("login"), {"username": "hoangdong", "password": password()})
    assert response.status_code == 302
    assert make.reload(persona("commune_reporter")).password.startswith("argon2$")


def test_sessions_expire_after_inactivity_and_with_the_browser():
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_SAVE_EVERY_REQUEST


def test_an_expired_session_sends_the_user_back_to_login_with_an_explanation(client, persona):
    client.force_login(persona("commune_reporter"))
    client.session.flush()
    client.cookies.clear()
    response = client.get(reverse("orgs:tree"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "Phiên làm việc đã hết hạn hoặc bạn chưa đăng nhập" in response.content.decode()


def test_logout_ends_the_session(client, persona):
    client.force_login(persona("commune_reporter"))
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_behind_the_proxy_wrong_passwords_from_one_address_do_not_lock_out_another(
    client, settings
):
    settings.TK_PROXY_COUNT = 1
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            url,
            {"username": "hoangdong", "password": "sai"},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
            REMOTE_ADDR="10.0.0.2",
        )
    locked = client.post(
        url,
        {"username": "hoangdong", "password": password()},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        REMOTE_ADDR="10.0.0.2",
    )
    assert locked.status_code == 429
    elsewhere = client.post(
        url,
        {"username": "hoangdong", "password": password()},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        REMOTE_ADDR="10.0.0.2",
    )
    assert elsewhere.status_code == 302 and "_auth_user_id" in client.session


def test_one_password_tried_against_many_usernames_stops_every_login_from_that_address(
    client, settings
):
    settings.LOGIN_ADDRESS_RATE = "5/hour"
    url = reverse("login")
    for name in ("vanphong", "hoanghoa", "lanhdao", "ngason", "kiemtra"):
        client.post(url, {"username": name, "password": "matkhau123"})
    locked = client.post(url, {"username": "hoangdong", "password": password()})
    assert locked.status_code == 429
    assert "Từ địa chỉ mạng này đã có quá nhiều lần đăng nhập sai" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    elsewhere = client.post(
        url, {"username": "hoangdong", "password": password()}, REMOTE_ADDR="10.9.9.9"
    )
    assert elsewhere.status_code == 302 and "_auth_user_id" in client.session


def test_the_api_token_endpoint_counts_toward_the_same_address_limit(client, settings):
    from rest_framework.test import APIClient

    settings.LOGIN_ADDRESS_RATE = "3/hour"
    api = APIClient()
    for name in ("vanphong", "hoanghoa", "lanhdao"):
        assert (
            api.post(reverse("api-token"), {"username": name, "password": "x"}).status_code == 400
        )
    refused = api.post(reverse("api-token"), {"username": "hoangdong", "password": password()})
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "throttled"
    page = client.post(reverse("login"), {"username": "hoangdong", "password": password()})
    assert page.status_code == 429
