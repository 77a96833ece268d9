import os
import re
import subprocess
import sys
from pathlib import Path

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
