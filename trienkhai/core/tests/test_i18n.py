import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def po_entries(path):
    """(msgid, msgstr-list) of each entry of a .po file, without a gettext library."""
    entries, current, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("msgid "):
            current = {"msgid": [line[6:]], "msgstr": []}
            key = "msgid"
        elif line.startswith("msgid_plural "):
            key = "plural"
            current["plural"] = [line[13:]]
        elif line.startswith("msgstr"):
            key = "msgstr"
            current["msgstr"].append([line.split(" ", 1)[1]])
        elif line.startswith('"') and current is not None:
            if key == "msgstr":
                current["msgstr"][-1].append(line)
            else:
                current.setdefault(key, []).append(line)
        elif not line.strip() and current is not None:
            entries.append(current)
            current = None
    joined = []
    for e in entries:
        msgid = "".join(s.strip('"') for s in e["msgid"])
        strs = ["".join(s.strip('"') for s in parts) for parts in e["msgstr"]]
        joined.append((msgid, strs))
    return joined


def test_every_interface_string_has_an_english_translation():
    po = LOCALE / "en" / "LC_MESSAGES" / "django.po"
    untranslated = [msgid for msgid, strs in po_entries(po) if msgid and not all(strs)]
    assert untranslated == []
    assert "#, fuzzy" not in po.read_text(encoding="utf-8")


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed")
def test_compiled_english_catalog_is_up_to_date(tmp_path):
    po = LOCALE / "en" / "LC_MESSAGES" / "django.po"
    mo = LOCALE / "en" / "LC_MESSAGES" / "django.mo"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po)], check=True)
    assert fresh.read_bytes() == mo.read_bytes(), "run `make messages` and commit django.mo"


@pytest.mark.django_db
def test_the_interface_is_vietnamese_by_default_and_english_on_request(client, persona):
    client.force_login(persona("province_office"))
    html = client.get(reverse("orgs:tree")).content.decode()
    assert "Cây tổ chức" in html and "Đăng xuất" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/units/"})
    html = client.get(reverse("orgs:tree")).content.decode()
    assert "Cây tổ chức" not in html and 'lang="en"' in html
    assert "Log out" in html or "Sign out" in html


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in html and 'lang="vi"' in html


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext's xgettext is not installed")
def test_the_english_catalog_holds_every_string_of_the_code(tmp_path):
    """makemessages on a copy of the package finds no string missing from django.po."""
    package = LOCALE.parent
    copy = tmp_path / "trienkhai"
    shutil.copytree(
        package,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "tests", "data", "*.mo", "static"),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "trienkhai.settings",
            "PYTHONPATH": str(package.parent),
        },
    )
    fresh = {m for m, _s in po_entries(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")}
    committed = {m for m, _s in po_entries(LOCALE / "en" / "LC_MESSAGES" / "django.po")}
    missing = sorted(fresh - committed)
    assert missing == [], f"run `make messages`, translate, and commit: {missing[:10]}"
