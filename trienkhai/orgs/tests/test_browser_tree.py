"""Journey: an office user logs in, opens the tree, searches without diacritics and
opens a unit page; on a desktop and on a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from trienkhai.conftest import VIEWPORTS, login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_office_user_finds_a_district_by_typing_without_diacritics(
    demo_server, browser, screenshots, viewport
):
    page = browser.new_page(viewport=VIEWPORTS[viewport], locale="vi-VN")
    login(page, demo_server.url, "vanphong")
    expect(page.locator("h1")).to_contain_text("Xin chào")
    screenshots(page, "01-home")

    page.get_by_role("link", name="Tổ chức", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("Cây tổ chức")
    province = page.locator("li[data-code='TU-38']")
    toggle = province.locator("> button.toggle")
    toggle.click()
    expect(province.locator("li[data-code='HU-399']")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_have_text("−")
    screenshots(page, "02-tree")

    page.fill("#unit-q", "hoang hoa")
    results = page.locator("#search-results")
    expect(results).to_contain_text("Huyện ủy Hoằng Hóa")
    screenshots(page, "03-search")

    results.get_by_role("link", name="Huyện ủy Hoằng Hóa").click()
    expect(page.locator("h1")).to_contain_text("Huyện ủy Hoằng Hóa")
    expect(page.locator("#children table")).to_contain_text("Đảng ủy xã Hoằng Đông")
    screenshots(page, "04-unit")
    page.close()


def test_wrong_password_is_refused_with_a_vietnamese_message(demo_server, browser, screenshots):
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    login(page, demo_server.url, "hoangdong", password="sai-mat-khau")
    expect(page.locator(".errorbox")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    screenshots(page, "login-refused")
    page.close()


def test_commune_reporter_sees_only_its_commune(demo_server, browser, screenshots):
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    login(page, demo_server.url, "hoangdong")
    page.goto(f"{demo_server.url}/units/")
    expect(page.locator("li[data-code='DU-15997']")).to_be_visible()
    expect(page.locator("li[data-code='TU-38']")).to_have_count(0)
    page.goto(f"{demo_server.url}/units/HU-401/")
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
    screenshots(page, "outside-scope")
    page.close()
