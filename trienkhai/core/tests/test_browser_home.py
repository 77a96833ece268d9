"""Journey: a commune reporter opens the home page on a phone and finds what to do
first on the screen, overdue marked; follows the line to the report form."""

import datetime

import pytest
from playwright.sync_api import expect

from trienkhai.conftest import VIEWPORTS, login

pytestmark = pytest.mark.browser


def test_on_a_phone_the_commune_reporter_sees_its_overdue_reports_first_and_opens_one(
    demo_server, browser, screenshots, settings
):
    settings.TK_TODAY = datetime.date(2021, 12, 24)
    page = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    login(page, demo_server.url, "hoangdong")
    page.goto(f"{demo_server.url}/")
    todo, facts = page.locator("#todo"), page.locator("#facts")
    expect(todo.locator("#todo-reports")).to_contain_text("Quá hạn")
    screenshots(page, "01-home-phone")
    top = todo.bounding_box()
    assert top["y"] < 844 / 2  # begins in the upper half of the first screen
    assert top["y"] < facts.bounding_box()["y"]
    todo.locator("#todo-reports .todo-list a").first.click()
    expect(page.locator("h1")).to_contain_text("Báo cáo")
    screenshots(page, "02-report-form")
