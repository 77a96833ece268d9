"""Journey (issue 4): a district reporter issues its implementing plan for a key
programme, delegates a task to one of its communes, the commune reports progress, and
the province office sees the matrix and the rolled-up progress change."""

import pytest
from playwright.sync_api import expect

from trienkhai.conftest import VIEWPORTS, login
from trienkhai.programmes.models import Programme

pytestmark = pytest.mark.browser

TASK = "Kiểm tra, đôn đốc các địa phương thực hiện"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_district_plan_and_delegation_show_up_at_the_province(
    demo_server, browser, screenshots, viewport
):
    size = VIEWPORTS[viewport]
    upper = Programme.objects.get(document__symbol="700-QĐ/TU")

    district = browser.new_context(viewport=size).new_page()
    login(district, demo_server.url, "hoanghoa")
    district.goto(f"{demo_server.url}{upper.get_absolute_url()}")
    district.get_by_role("link", name="Lập kế hoạch thực hiện").click()
    district.fill("#id_symbol", "60-KH/HU")
    district.fill("#id_issue_date", "20/11/2021")
    for year, value in zip(range(2021, 2026), ["70", "73", "76", "80", "84"], strict=True):
        district.fill(f"input[name='t-0-y{year}']", value)
    district.fill("input[name='k-0-title']", "Rà soát mạng lưới trường học của huyện")
    district.fill("input[name='k-0-deadline']", "31/03/2022")
    screenshots(district, "01-plan-form")
    district.get_by_role("button", name="Ban hành kế hoạch").click()
    expect(district.locator(".messages")).to_contain_text("Đã lập kế hoạch thực hiện")
    screenshots(district, "02-plan")
    district.locator("#tasks").get_by_role("link", name=TASK).click()
    district.get_by_role("link", name="Giao cho đơn vị cấp dưới").click()
    district.get_by_label("Đảng ủy xã Hoằng Đông").check()
    district.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(district.locator(".messages")).to_contain_text("Đã giao nhiệm vụ cho 1 đơn vị")
    screenshots(district, "03-delegated")

    commune = browser.new_context(viewport=size).new_page()
    login(commune, demo_server.url, "hoangdong")
    commune.goto(f"{demo_server.url}/programmes/tasks/?mine=1")
    commune.get_by_role("link", name=TASK).first.click()
    commune.fill("#id_progress", "80")
    commune.get_by_role("button", name="Cập nhật tiến độ").click()
    expect(commune.locator("#task-status")).to_contain_text("Đã cập nhật tiến độ")
    screenshots(commune, "04-progress")

    office = browser.new_context(viewport=size).new_page()
    login(office, demo_server.url, "vanphong")
    office.goto(f"{demo_server.url}/programmes/matrix/?unit=TU-38&on=30/11/2021")
    row = office.locator("table.matrix tr", has_text="Huyện ủy Hoằng Hóa")
    expect(row).to_contain_text("60-KH/HU")
    screenshots(office, "05-matrix")
    office.goto(f"{demo_server.url}{upper.get_absolute_url()}")
    office.locator("#tasks").get_by_role("link", name=TASK).click()
    expect(office.locator("#task-status")).to_contain_text("Tiến độ tổng hợp từ cấp dưới")
    expect(office.locator("#task-status strong")).to_have_text("80%")
    screenshots(office, "06-rolled-up")
    for page in (district, commune, office):
        page.context.close()
