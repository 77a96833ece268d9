"""Journey (issue 6): the organiser creates a conference, two districts register their
points, delegates check in from phones, the organiser's live totals move on their own,
and delegates answer a poll whose results the organiser sees."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from trienkhai.conferences.models import BridgePoint, CheckIn
from trienkhai.conferences.models import Conference as C
from trienkhai.conftest import VIEWPORTS, login

pytestmark = pytest.mark.browser


def register_point(browser, base, user, conference, host_label, name):
    page = browser.new_context(viewport=VIEWPORTS["desktop"]).new_page()
    login(page, base, user)
    page.goto(f"{base}{conference.get_absolute_url()}")
    page.get_by_role("link", name="Đăng ký điểm cầu").click()
    page.select_option("#id_host", label=host_label)
    page.fill("#id_name", name)
    page.select_option("#id_level", "district")
    page.check("#id_uses_check_in")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.locator(".messages")).to_contain_text("Đã đăng ký điểm cầu")
    return page


def test_organiser_districts_and_delegates_make_the_live_totals_move(
    demo_server, browser, screenshots
):
    base = demo_server.url
    office = browser.new_context(viewport=VIEWPORTS["desktop"]).new_page()
    login(office, base, "vanphong")
    office.goto(f"{base}/conferences/new/")
    start = timezone.localtime() - datetime.timedelta(minutes=1)
    office.fill("#id_title", "Hội nghị quán triệt Nghị quyết (thử)")
    office.fill("#id_organ", "Ban Thường vụ Tỉnh ủy")
    office.fill("#id_starts_at", start.strftime("%H:%M %d/%m/%Y"))
    office.fill("#id_ends_at", (start + datetime.timedelta(hours=3)).strftime("%H:%M %d/%m/%Y"))
    office.get_by_role("button", name="Lưu").click()
    expect(office.locator(".messages")).to_contain_text("Đã tạo hội nghị")
    conference = C.objects.get(title="Hội nghị quán triệt Nghị quyết (thử)")
    screenshots(office, "01-created")

    hh = register_point(
        browser, base, "hoanghoa", conference, "Huyện ủy Hoằng Hóa", "Điểm cầu Hoằng Hóa"
    )
    ns = register_point(browser, base, "ngason", conference, "Huyện ủy Nga Sơn", "Điểm cầu Nga Sơn")
    screenshots(ns, "02-registered")
    office.reload()
    expect(office.locator("#totals .summary")).to_have_text("2 điểm cầu, 0 đại biểu")

    for point_name, people in (
        ("Điểm cầu Hoằng Hóa", ["Lê Văn An", "Phạm Thị Bình"]),
        ("Điểm cầu Nga Sơn", ["Hoàng Văn Cường"]),
    ):
        point = BridgePoint.objects.get(conference=conference, name=point_name)
        phone = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
        for person in people + people[:1]:  # the first delegate sends the page twice
            phone.goto(f"{base}/c/{point.code}/")
            phone.fill("#id_name", person)
            phone.fill("#id_unit_text", point_name.replace("Điểm cầu ", "Huyện "))
            phone.get_by_role("button", name="Điểm danh").click()
            expect(phone.locator("#checkin-done")).to_be_visible()
        screenshots(phone, f"03-checkin-{point.host.code}")
        phone.context.close()
    assert CheckIn.objects.filter(conference=conference).count() == 3
    # The organiser's page updates itself (HTMX every 5 s), without a reload.
    expect(office.locator("#totals .summary")).to_have_text("2 điểm cầu, 3 đại biểu", timeout=12000)
    expect(office.locator("#totals .districts tr", has_text="Hoằng Hóa")).to_contain_text("2")
    screenshots(office, "04-live-totals")

    office.get_by_role("link", name="Tạo cuộc thăm dò").click()
    office.fill("#id_question", "Hội nghị có thiết thực không?")
    office.select_option("#id_kind", "single")
    office.fill("#id_choices", "Rất thiết thực\nThiết thực\nChưa thiết thực")
    office.get_by_role("button", name="Tạo").click()
    expect(office.locator("h1")).to_have_text("Hội nghị có thiết thực không?")
    poll = conference.polls.get()
    phone = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    for person, answer in (("Lê Văn An", "Rất thiết thực"), ("Hoàng Văn Cường", "Thiết thực")):
        phone.goto(f"{base}/p/{poll.uid}/")
        phone.get_by_label(answer, exact=True).check()
        phone.fill("#id_name", person)
        phone.get_by_role("button", name="Gửi ý kiến").click()
        expect(phone.locator("#poll-thanks")).to_be_visible()
    screenshots(phone, "05-poll-answered")
    phone.context.close()
    expect(office.locator("#poll-results h2")).to_contain_text("2 người trả lời", timeout=12000)
    expect(office.locator(".bar-row", has_text="Rất thiết thực")).to_contain_text("50")
    screenshots(office, "06-poll-results")
    for page in (office, hh, ns):
        page.context.close()
