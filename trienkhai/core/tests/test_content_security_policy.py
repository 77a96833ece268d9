"""Every response says where its page may load from: this site only, no inline script."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db]

TEMPLATES = Path(__file__).resolve().parents[2]


def test_pages_errors_and_the_api_carry_the_policy(client, client_as):
    for response in (
        client.get(reverse("login")),
        client.get("/no-such-page/"),
        client.get(reverse("unit-list")),
    ):
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self';" in policy
        assert "unsafe-eval" not in policy and "frame-ancestors 'none'" in policy


def test_no_template_holds_an_inline_script_or_an_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("templates/**/*.html"):
        if path.name == "report_print.html":  # rendered to PDF by WeasyPrint, never served
            continue
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)", text) or re.search(r"\son[a-z]+=\"", text):
            offenders.append(str(path.relative_to(TEMPLATES)))
        if "hx-on" in text or "<style" in text:
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []
