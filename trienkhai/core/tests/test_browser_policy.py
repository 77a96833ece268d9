"""The Content-Security-Policy holds in a real browser: the pages that had inline
behaviour (the poster's print button) and the API's interactive docs work under it, and
no page of a browser test has anything refused (conftest fails any test that does)."""

import pytest
from playwright.sync_api import expect

from trienkhai.conferences.models import BridgePoint
from trienkhai.conftest import VIEWPORTS, login

pytestmark = pytest.mark.browser


def test_every_page_carries_the_policy_and_the_api_docs_render_under_it(
    demo_server, browser, screenshots
):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    login(page, demo_server.url, "vanphong")
    response = page.goto(f"{demo_server.url}/api/v1/docs/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    expect(page.locator(".swagger-ui .title").first).to_contain_text("Triển Khai API")
    expect(page.locator(".opblock-tag").first).to_be_visible()
    screenshots(page, "01-api-docs")


def test_the_poster_prints_from_its_button_without_an_inline_handler(
    demo_server, browser, screenshots
):
    point = BridgePoint.objects.filter(conference__organiser__code="TU-38").first()
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    # Stand-in for the print dialog, which a headless browser cannot show.
    page.add_init_script("window.print = () => { window.__printed = true; };")
    login(page, demo_server.url, "vanphong")
    page.goto(f"{demo_server.url}/conferences/points/{point.uid}/poster/")
    expect(page.locator(".qr svg")).to_be_visible()
    page.get_by_role("button", name="In trang này").click()
    assert page.evaluate("window.__printed === true")
    screenshots(page, "02-poster")
