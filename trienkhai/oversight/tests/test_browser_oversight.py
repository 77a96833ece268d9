"""Journey: the province's Inspection Commission opens the risk list, starts a
supervision plan for two districts and forms the team; Hoằng Hóa sends its self-report
from a phone; the team drafts findings Hoằng Hóa cannot see, issues the conclusion with
two recommendations; Hoằng Hóa reports a remedy on one and the team verifies it; the
other passes its deadline and shows as overdue to the leader in charge of Hoằng Hóa."""

import datetime

import pytest
from playwright.sync_api import expect

from trienkhai.conftest import VIEWPORTS, login
from trienkhai.documents.models import Document

pytestmark = pytest.mark.browser


def _open(page, base, path):
    page.goto(f"{base}{path}")


def test_an_inspection_from_the_risk_list_to_a_verified_remedy_and_an_overdue_one(
    demo_server, browser, screenshots, settings
):
    settings.TK_TODAY = datetime.date(2021, 12, 10)
    base = demo_server.url
    inspector = browser.new_context(viewport=VIEWPORTS["desktop"]).new_page()
    login(inspector, base, "kiemtra")
    _open(inspector, base, "/oversight/risk/")
    expect(inspector.locator("h1")).to_contain_text("kiểm tra")
    screenshots(inspector, "01-risk-list")
    inspector.check("input[name=subject][value='HU-399']")
    inspector.check("input[name=subject][value='HU-401']")
    inspector.get_by_role(
        "button", name="Lập kế hoạch kiểm tra, giám sát các đơn vị đã chọn"
    ).click()

    # The plan form opens with both districts chosen.
    expect(inspector.locator("h1")).to_contain_text("Lập kế hoạch kiểm tra, giám sát")
    inspector.select_option("#id_kind", "thematic")
    inspector.fill("#id_title", "Kế hoạch giám sát chuyên đề việc học tập, thực hiện 621-QĐ/TU")
    inspector.fill("#id_content", "Việc học tập, cụ thể hóa và tổ chức thực hiện 621-QĐ/TU.")
    inspector.fill("#id_covers_from", "01/01/2021")
    inspector.fill("#id_covers_to", "30/11/2021")
    inspector.fill("#id_starts_on", "01/12/2021")
    inspector.fill("#id_ends_on", "31/12/2021")
    screenshots(inspector, "02-plan-form")
    inspector.get_by_role("button", name="Lưu dự thảo").click()
    expect(inspector.locator(".messages")).to_contain_text("Đã lưu dự thảo kế hoạch")
    inspector.fill("#id_symbol", "61-KH/UBKTTU")
    inspector.fill("#id_issue_date", "01/12/2021")
    inspector.get_by_role("button", name="Ban hành").click()
    expect(inspector.locator(".messages")).to_contain_text("61-KH/UBKTTU")
    screenshots(inspector, "03-plan-issued")

    inspector.get_by_role("link", name="Thành lập đoàn").click()
    inspector.fill("#id_name", "Đoàn giám sát số 3")
    inspector.fill("#id_starts_on", "06/12/2021")
    inspector.fill("#id_ends_on", "20/12/2021")
    inspector.fill("#id_self_report_due", "05/12/2021")
    inspector.select_option("#id_person_0", label="Vũ Thị Kiểm")
    inspector.select_option("#id_role_0", "head")
    inspector.fill("#id_symbol", "62-QĐ/UBKTTU")
    inspector.fill("#id_issue_date", "02/12/2021")
    inspector.get_by_role("button", name="Ban hành quyết định").click()
    expect(inspector.locator(".messages")).to_contain_text("Đã thành lập Đoàn giám sát số 3")
    screenshots(inspector, "04-team")
    case_url = inspector.get_by_role("link", name="Huyện ủy Hoằng Hóa").first.get_attribute("href")

    # Hoằng Hóa, on a phone, sends its self-report.
    phone = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    login(phone, base, "hoanghoa")
    _open(phone, base, case_url)
    phone.fill(
        "#id_self_report",
        "Huyện ủy đã quán triệt Quyết định 621-QĐ/TU đến 100% chi bộ, ban hành kế hoạch "
        "thực hiện ngày 15/10/2021; còn 3 xã chậm cụ thể hóa.",
    )
    phone.get_by_role("button", name="Gửi báo cáo tự kiểm tra").click()
    expect(phone.locator(".messages")).to_contain_text("Đã gửi báo cáo tự kiểm tra")
    screenshots(phone, "05-self-report-phone")

    # The team drafts findings and two recommendations.
    _open(inspector, base, case_url)
    expect(inspector.locator("#self-report")).to_contain_text("còn 3 xã chậm cụ thể hóa")
    inspector.select_option("#id_finding-kind", "limitation")
    inspector.fill("#id_finding-text", "Ba xã chậm ban hành kế hoạch thực hiện 621-QĐ/TU.")
    inspector.get_by_role("button", name="Thêm nhận xét").click()
    for text, deadline in (
        ("Chỉ đạo ba xã ban hành kế hoạch thực hiện", "20/12/2021"),
        ("Báo cáo kết quả học tập của các chi bộ", "31/12/2021"),
    ):
        inspector.fill("#id_rec-text", text)
        inspector.fill("#id_rec-deadline", deadline)
        inspector.get_by_role("button", name="Thêm kiến nghị").click()
        expect(inspector.locator(".messages")).to_contain_text("Đã thêm kiến nghị")
    screenshots(inspector, "06-drafts")

    # Hoằng Hóa cannot see the draft.
    _open(phone, base, case_url)
    expect(phone.locator("#findings")).not_to_contain_text("Ba xã chậm")
    expect(phone.locator("#recommendations")).not_to_contain_text("Chỉ đạo ba xã")
    screenshots(phone, "07-draft-hidden")

    _open(inspector, base, case_url)
    inspector.fill("#conclude #id_symbol", "63-TB/UBKTTU")
    inspector.fill("#conclude #id_issue_date", "10/12/2021")
    inspector.get_by_role("button", name="Ban hành kết luận").click()
    expect(inspector.locator(".messages")).to_contain_text("63-TB/UBKTTU")
    conclusion = Document.objects.get(symbol="63-TB/UBKTTU")
    assert set(conclusion.subjects.values_list("code", flat=True)) == {"HU-399"}
    assert Document.objects.get(symbol="61-KH/UBKTTU").subjects.count() == 2

    # Hoằng Hóa reports a remedy on the first recommendation; the team verifies it.
    _open(phone, base, case_url)
    expect(phone.locator("#findings")).to_contain_text("Ba xã chậm")
    phone.get_by_role("link", name="Chỉ đạo ba xã ban hành kế hoạch thực hiện").click()
    phone.fill("#id_text", "Ba xã đã ban hành kế hoạch thực hiện ngày 15/12/2021.")
    phone.get_by_role("button", name="Gửi báo cáo khắc phục").click()
    expect(phone.locator(".messages")).to_contain_text("Đã gửi báo cáo khắc phục")
    screenshots(phone, "08-remedy-phone")
    rec_url = phone.url

    _open(inspector, base, rec_url.removeprefix(base))
    inspector.check("input[name=verdict][value=done]")
    inspector.get_by_role("button", name="Ghi kết quả xác minh").click()
    expect(inspector.locator(".messages")).to_contain_text("Đã ghi kết quả xác minh")
    screenshots(inspector, "09-verified")

    # The other passes its deadline: overdue to the leader in charge of Hoằng Hóa.
    settings.TK_TODAY = datetime.date(2022, 1, 5)
    for size in ("desktop", "phone"):
        leader = browser.new_context(viewport=VIEWPORTS[size]).new_page()
        login(leader, base, "lanhdao")
        _open(leader, base, "/oversight/supervision/")
        row = leader.locator("li", has_text="Báo cáo kết quả học tập của các chi bộ")
        expect(row).to_contain_text("Quá hạn")
        screenshots(leader, f"10-leader-overdue-{size}")
