"""Journey: a commune reporter has the same report open in two windows. The first
window's autosave stores its text; the second window's autosave stops instead of
writing over it, and "Lưu nháp" shows what is stored beside the second window's own
text, which is kept; saving again after merging stores the merged text."""

import pytest
from playwright.sync_api import expect

from trienkhai.conftest import VIEWPORTS, login
from trienkhai.reporting.models import Submission

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_second_window_does_not_blank_the_first_windows_report(
    demo_server, browser, screenshots, viewport
):
    base = demo_server.url
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    first = context.new_page()
    login(first, base, "hoangdong")
    url = f"{base}/reports/DU-15997/2021Q4/"
    first.goto(url)
    second = context.new_page()
    second.goto(url)

    first.fill("#results", "Cửa sổ 1: đã quán triệt đến 100% chi bộ.")
    first.locator("#results").dispatch_event("change")
    expect(first.locator("#autosave")).to_contain_text("Đã lưu nháp lúc", timeout=10_000)

    second.fill("#results", "Cửa sổ 2: số liệu du lịch quý IV.")
    second.locator("#results").dispatch_event("change")
    expect(second.locator("#autosave")).to_contain_text("tự lưu đã dừng", timeout=10_000)
    screenshots(second, f"{viewport}-1-autosave-stopped")
    report = Submission.objects.get(unit__code="DU-15997", period__code="2021Q4")
    assert report.results == "Cửa sổ 1: đã quán triệt đến 100% chi bộ."

    second.get_by_role("button", name="Lưu nháp").click()
    expect(second.locator(".errorbox")).to_contain_text("đã được lưu ở nơi khác")
    expect(second.locator("#results")).to_have_value("Cửa sổ 2: số liệu du lịch quý IV.")
    expect(second.locator(".stored")).to_contain_text("Cửa sổ 1: đã quán triệt")
    screenshots(second, f"{viewport}-2-what-differs")

    second.fill("#results", "Cửa sổ 1 và 2: đã quán triệt; số liệu du lịch quý IV.")
    second.get_by_role("button", name="Lưu nháp").click()
    expect(second.locator(".messages")).to_contain_text("Đã lưu nháp")
    report.refresh_from_db()
    assert report.results == "Cửa sổ 1 và 2: đã quán triệt; số liệu du lịch quý IV."
    context.close()
