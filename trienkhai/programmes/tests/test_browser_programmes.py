"""Journey: the province office opens a key programme, the concretisation matrix and
the overdue tasks; on a desktop and on a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from trienkhai.conftest import VIEWPORTS, login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_office_follows_a_programme_to_the_matrix_and_the_overdue_tasks(
    demo_server, browser, screenshots, viewport
):
    page = browser.new_page(viewport=VIEWPORTS[viewport])
    login(page, demo_server.url, "vanphong")
    page.goto(f"{demo_server.url}/programmes/")
    expect(page.locator("h1")).to_contain_text("Chương trình")
    screenshots(page, "01-list")
    page.get_by_role("link", name="Chương trình phát triển du lịch tỉnh Thanh Hóa").first.click()
    expect(page.locator("#targets")).to_contain_text("Tổng lượt khách du lịch")
    expect(page.locator("#plans")).to_contain_text("45-KH/HU")
    screenshots(page, "02-programme")
    page.get_by_role("link", name="Lộ trình", exact=True).click()
    expect(page.locator(".rm-row").first).to_be_visible()
    expect(page.locator(".rm-bar.late").first).to_be_visible()
    screenshots(page, "02b-roadmap")
    page.go_back()
    page.get_by_role("link", name="Xem ma trận cụ thể hóa").click()
    row = page.locator("table.matrix tr", has_text="Huyện ủy Hoằng Hóa")
    expect(row.locator("td.state-issued")).to_have_count(1)
    expect(
        page.locator("table.matrix tr", has_text="Huyện ủy Nga Sơn").locator("td.state-late")
    ).to_have_count(1)
    screenshots(page, "03-matrix")
    page.goto(f"{demo_server.url}/programmes/tasks/?status=overdue")
    expect(page.locator("h1")).to_have_text("Nhiệm vụ quá hạn")
    status = page.locator("span.status-overdue").first
    expect(status).to_be_visible()
    # Readable at 390 px: nothing runs off the side, a title keeps its words on a line.
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    box, title = status.bounding_box(), page.locator("table.tasks td a").first.bounding_box()
    assert box["x"] + box["width"] <= VIEWPORTS[viewport]["width"]
    if viewport == "phone":  # each task a card: its title across the card
        assert title["width"] > VIEWPORTS[viewport]["width"] / 2
    screenshots(page, "04-overdue")
    page.close()
