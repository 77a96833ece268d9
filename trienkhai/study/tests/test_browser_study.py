"""Journey: a commune records its study session from a phone; the province opens the
coverage matrix, drills down to the district and sees the commune's share change."""

import re

import pytest
from playwright.sync_api import expect

from trienkhai.conftest import VIEWPORTS, login
from trienkhai.study.models import StudySession

pytestmark = pytest.mark.browser


def test_a_commune_records_a_session_and_the_province_sees_the_coverage(
    demo_server, browser, screenshots
):
    base = demo_server.url
    StudySession.objects.filter(unit__code="DU-15997").delete()  # Hoằng Đông: not yet studied

    office = browser.new_context(viewport=VIEWPORTS["desktop"]).new_page()
    login(office, base, "vanphong")
    office.goto(f"{base}/study/coverage/?root=HU-399")
    missing = office.locator("#not-studied")
    expect(missing).to_contain_text("Đảng ủy xã Hoằng Đông")
    screenshots(office, "01-district-before")

    phone = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    login(phone, base, "hoangdong")
    phone.goto(f"{base}/study/")
    phone.get_by_role("link", name="Ghi nhận buổi học tập").click()
    phone.select_option("#id_unit", label="Đảng ủy xã Hoằng Đông")
    phone.select_option(
        "#id_documents",
        label=[
            o for o in phone.locator("#id_documents option").all_inner_texts() if "624-KL/TU" in o
        ],
    )
    phone.fill("#id_held_on", "20/11/2021")
    phone.fill("#id_members_present", "9999")
    phone.get_by_role("button", name="Lưu").click()
    expect(phone.locator(".field-error").first).to_contain_text("lớn hơn số phải tham gia")
    screenshots(phone, "02-refused")
    phone.fill("#id_members_present", "120")
    phone.get_by_role("button", name="Lưu").click()
    expect(phone.locator(".messages")).to_contain_text("Đã ghi nhận buổi học tập")
    screenshots(phone, "03-recorded")

    office.goto(f"{base}/study/coverage/")
    office.get_by_role("link", name="Huyện ủy Hoằng Hóa").first.click()
    expect(office.locator("h1")).to_contain_text("Huyện ủy Hoằng Hóa")
    row = office.locator("#coverage tr", has_text="Hoằng Đông")
    # The 624-KL/TU column (its place among the documents may differ by database).
    expect(row.locator("td[title^='120/']")).to_have_count(1)
    expect(row.locator("td[title^='120/']")).to_have_attribute(
        "title", re.compile(r"^120/\d+ đảng viên")
    )
    screenshots(office, "04-district-after")
