import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def test_production_settings_pass_django_deploy_checks_without_warnings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "TK_DEBUG": "0",
        "TK_SECRET_KEY": "k" * 20 + "-production-secret-" + "x9" * 20,
        "TK_ALLOWED_HOSTS": "trienkhai.example.vn",
        "TK_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "TK_DEBUG": "0", "TK_SECRET_KEY": "", "TK_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode != 0 and "TK_SECRET_KEY must be set" in result.stderr


def test_every_environment_variable_read_by_the_app_is_documented_in_env_example():
    read = set()
    for path in (ROOT / "trienkhai").rglob("*.py"):
        read |= set(re.findall(r'os\.(?:getenv|environ\.get)\(\s*"([A-Z_]+)"', path.read_text()))
        read |= set(re.findall(r'env(?:bool|int|list|date)\(\s*"([A-Z_]+)"', path.read_text()))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    read.discard("DJANGO_ALLOW_ASYNC_UNSAFE")
    assert read - documented == set()
    assert "DATABASE_URL" in documented


@pytest.mark.django_db
def test_the_upload_limit_follows_tk_upload_max_bytes(client_as, settings, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from trienkhai.testing import factories as make

    settings.UPLOAD_MAX_BYTES = 1024
    document = make.document(world.province, "621-QĐ/TU", "Quyết định ban hành Chương trình")
    response = client_as("province_office").post(
        document.get_absolute_url() + "files/",
        {"file": SimpleUploadedFile("qd.pdf", b"%PDF" + b"0" * 2000)},
        follow=True,
    )
    assert "Tệp quá lớn (tối đa 1 KB)" in response.content.decode()
    assert not document.files.exists()


@pytest.mark.django_db
def test_a_reminder_e_mail_links_to_the_configured_site(settings, mailoutbox, persona):
    from trienkhai.notifications.notify import notify_once

    settings.TK_SITE_URL = "https://trienkhai.thanhhoa.example"
    user = persona("commune_reporter")
    user.email = "hoangdong@example.vn"
    notify_once(user, text="Nhắc việc", key="test-link", url="/reports/")
    assert [m.to for m in mailoutbox] == [["hoangdong@example.vn"]]
    assert "https://trienkhai.thanhhoa.example/reports/" in mailoutbox[0].body
