"""Journey: the leader in charge of Hoằng Hóa and Công an tỉnh lands on their scorecard
with red/amber/green, drills into Hoằng Hóa's communes and opens the map."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from trienkhai.conftest import VIEWPORTS, login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_leader_lands_on_the_units_in_charge_drills_down_and_opens_the_map(
    demo_server, browser, screenshots, settings, viewport
):
    settings.TK_TODAY = datetime.date(2021, 12, 24)
    base = demo_server.url
    page = browser.new_context(viewport=VIEWPORTS[viewport]).new_page()
    login(page, base, "lanhdao")
    landing = page.locator("section", has_text="Đơn vị được phân công phụ trách").last
    expect(landing).to_contain_text("Huyện ủy Hoằng Hóa")
    expect(landing).to_contain_text("Đảng ủy Công an tỉnh")
    expect(landing.locator(".light-red, .light-amber, .light-green").first).to_be_visible()
    screenshots(page, f"{viewport}-1-landing")
    landing.get_by_role("link", name="Huyện ủy Hoằng Hóa").click()
    expect(page.locator("h1")).to_contain_text("Huyện ủy Hoằng Hóa")
    below = page.locator("#below")
    expect(below).to_contain_text("Đảng ủy xã Hoằng Đông")
    screenshots(page, f"{viewport}-2-district")
    # Sorted by a measure, worst first, then drilled into a commune.
    below.get_by_role("link", name="Báo cáo đúng hạn").click()
    expect(page.locator("th[aria-sort]")).to_have_count(1)
    page.locator("#below").get_by_role("link", name="Xem trên sơ đồ").click()
    expect(page.locator("h1")).to_contain_text("Sơ đồ các đơn vị trực thuộc Huyện ủy Hoằng Hóa")
    expect(page.locator("figure svg circle").first).to_be_visible()
    expect(page.locator("table.list")).to_contain_text("Đảng ủy xã Hoằng Đông")
    screenshots(page, f"{viewport}-3-map")
    # Choosing another measure redraws the map at once (no button to press).
    page.select_option("select[name=measure]", index=1)
    expect(page).to_have_url(re.compile(r"measure="))
    page.locator("table.list").get_by_role("link", name="Đảng ủy xã Hoằng Đông").click()
    expect(page.locator("h1")).to_contain_text("Đảng ủy xã Hoằng Đông")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_steering_committee_member_sees_its_nine_programmes_on_one_page(
    demo_server, browser, screenshots, settings, viewport
):
    settings.TK_TODAY = datetime.date(2021, 12, 24)
    base = demo_server.url
    page = browser.new_context(viewport=VIEWPORTS[viewport]).new_page()
    login(page, base, "bandaochi")
    entry = page.locator("#steering-landing")
    expect(entry).to_contain_text("9 chương trình, khâu đột phá")
    screenshots(page, f"{viewport}-1-home")
    entry.get_by_role("link").first.click()
    expect(page.locator("h1")).to_contain_text("Ban Chỉ đạo thực hiện các chương trình trọng tâm")
    rows = page.locator("#programmes tbody tr")
    expect(rows).to_have_count(9)
    for symbol in ("621-QĐ/TU", "623-QĐ/TU", "22-KH/TU"):
        expect(page.locator("#programmes")).to_contain_text(symbol)
    expect(rows.first.locator("td[data-key]")).to_have_count(4)
    expect(page.locator("#programmes")).to_contain_text("so với Quý III năm 2021")
    screenshots(page, f"{viewport}-2-board")
    # One measure across the districts, then a district's own scorecard.
    page.locator("#matrix").get_by_role("link", name="Báo cáo trong kỳ").click()
    expect(page.locator("#matrix strong[aria-current]")).to_have_text("Báo cáo trong kỳ")
    page.locator("#matrix").get_by_role("link", name="Hoằng Hóa").click()
    expect(page.locator("h1")).to_contain_text("Huyện ủy Hoằng Hóa")
    screenshots(page, f"{viewport}-3-district")
