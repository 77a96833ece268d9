"""Journey (issue 5): a commune reporter sends the quarterly report from a
phone, the district returns it with a reason, the commune corrects and resends it, the
district accepts it, and the province sees Hoằng Hóa's completeness rise and the accepted
progress roll up to the district's task."""

import re

import pytest
from playwright.sync_api import expect

from trienkhai.conftest import VIEWPORTS, login
from trienkhai.programmes.models import Task

pytestmark = pytest.mark.browser


def percent(text):
    """The rate a completeness cell leads with ("89,2%" or "89.2%")."""
    return float(re.match(r"\s*([\d.,]+)%", text).group(1).replace(",", "."))


def test_a_report_goes_up_is_returned_corrected_and_accepted(demo_server, browser, screenshots):
    base = demo_server.url
    province = browser.new_context(viewport=VIEWPORTS["desktop"]).new_page()
    login(province, base, "vanphong")
    province.goto(f"{base}/reports/completeness/?year=2021")
    row = province.locator("#rates tr", has_text="Huyện ủy Hoằng Hóa")
    before = row.locator("td").last.inner_text()
    screenshots(province, "01-province-before")
    phone = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    login(phone, base, "hoangdong")
    phone.goto(f"{base}/reports/")
    phone.locator(".resultlist").get_by_role("link", name="Quý IV năm 2021").click()
    # The district's task is the parent of the commune task the form's first field is for.
    progress = phone.locator("input[id$='-progress']").first
    commune_task_pk = re.fullmatch(r"task-(.+)-progress", progress.get_attribute("id")).group(1)
    district_task = Task.objects.select_related("parent").get(pk=commune_task_pk).parent
    assert district_task.lead_unit.code == "HU-399"
    province.goto(f"{base}{district_task.get_absolute_url()}")
    progress_before = province.locator("#task-status strong").inner_text()

    progress.fill("40")
    phone.fill("#results", "Đã quán triệt kế hoạch phát triển du lịch đến các chi bộ.")
    screenshots(phone, "02-commune-form")
    phone.get_by_role("button", name="Gửi báo cáo").click()
    expect(phone.locator(".messages")).to_contain_text("Đã gửi báo cáo lên cấp trên")

    district = browser.new_context(viewport=VIEWPORTS["desktop"]).new_page()
    login(district, base, "hoanghoa")
    district.goto(f"{base}/reports/review/")
    district.get_by_role("link", name="Đảng ủy xã Hoằng Đông").click()
    district.fill("#reason", "Đề nghị bổ sung số lượt khách du lịch của xã.")
    district.get_by_role("button", name="Trả lại").click()
    expect(district.locator(".messages")).to_contain_text("Đã trả lại báo cáo")
    screenshots(district, "03-returned")

    phone.goto(f"{base}/reports/")
    phone.locator(".resultlist").get_by_role("link", name="Quý IV năm 2021").click()
    expect(phone.locator(".notice")).to_contain_text("bổ sung số lượt khách")
    phone.fill("#results", "Đã quán triệt kế hoạch; đón 1.200 lượt khách trong quý.")
    phone.get_by_role("button", name="Gửi báo cáo").click()
    expect(phone.locator(".messages")).to_contain_text("Đã gửi báo cáo lên cấp trên")
    screenshots(phone, "04-resent")

    district.reload()
    district.get_by_role("button", name="Chấp nhận").click()
    # The message, not only a status badge, says the acceptance was saved (a busy
    # machine otherwise reads the task page before the POST has committed).
    expect(district.locator(".messages")).to_contain_text("Đã chấp nhận báo cáo")
    expect(district.locator(".status-accepted")).to_be_visible()
    expect(district.locator("#review")).not_to_contain_text("Trả lại")
    screenshots(district, "05-accepted")

    # The accepted % is the commune's task progress now, and rolls up to the district.
    province.goto(f"{base}{district_task.get_absolute_url()}")
    expect(province.locator("li", has_text="Đảng ủy xã Hoằng Đông")).to_contain_text("40%")
    expect(province.locator("#task-status strong")).not_to_have_text(progress_before)
    screenshots(province, "06-progress-rolled-up")
    province.goto(f"{base}/reports/completeness/?year=2021")
    after = row.locator("td").last.inner_text()
    # One more report of Hoằng Hóa's communes is in: its rate goes up.
    assert percent(after) > percent(before), (before, after)
    province.get_by_role("link", name="Huyện ủy Hoằng Hóa").first.click()
    expect(province.locator("#units tr", has_text="Hoằng Đông")).to_contain_text("Muộn")
    screenshots(province, "07-district-matrix")
