"""Journey: the province office pastes the seed's paragraph of documents, sees the
twelve documents with their dates and issuing bodies, registers them in one step and
finds them linked as the seed states."""

import pytest
from playwright.sync_api import expect

from trienkhai.conftest import VIEWPORTS, clear_registry, login
from trienkhai.documents.demo import seed_text
from trienkhai.documents.models import Document, DocumentLink

pytestmark = pytest.mark.browser


def seed_paragraph():
    text = seed_text()
    return next(p for p in text.split("\n") if "621-QĐ/TU" in p)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_office_registers_the_seeds_documents_from_pasted_text(
    demo_server, browser, screenshots, viewport
):
    clear_registry()
    page = browser.new_page(viewport=VIEWPORTS[viewport])
    login(page, demo_server.url, "vanphong")
    page.goto(f"{demo_server.url}/documents/register/")
    page.fill("#id_text", seed_paragraph())
    screenshots(page, "01-pasted")
    page.get_by_role("button", name="Tìm văn bản").click()
    rows = page.locator("tr.draft")
    expect(rows).to_have_count(12)
    expect(
        page.locator("tr.draft[data-symbol='621-QĐ/TU'] input[name$='issue_date']")
    ).to_have_value("23/07/2021")
    expect(
        page.locator("tr.draft[data-symbol='715-QĐ/TU'] input[name$='body_text']")
    ).to_have_value("Ban Thường vụ Tỉnh ủy")
    expect(page.locator("tr.draft[data-symbol='02-NQ/TU'] input[name$='term']")).to_have_value(
        "XVIII"
    )
    screenshots(page, "02-found")
    page.get_by_role("button", name="Đăng ký các văn bản đã chọn").click()
    expect(page.locator(".messages")).to_contain_text("Đã đăng ký 12 văn bản")
    screenshots(page, "03-registered")
    assert Document.objects.count() == 12
    assert DocumentLink.objects.filter(
        source__symbol="610-KL/TU", target__symbol="02-NQ/TU", kind="continues"
    ).exists()

    page.fill("input[name=q]", "610 kl tu")
    # Wait for the HTMX swap to leave one row before clicking in it.
    expect(page.locator("#doc-rows tbody tr")).to_have_count(1)
    screenshots(page, "04-search")
    page.get_by_role("link", name="610-KL/TU").click()
    expect(page.locator(".docnumber")).to_have_text("Số 610-KL/TU")
    expect(page.locator(".dateline")).to_have_text("Thanh Hóa, ngày 20 tháng 9 năm 2021")
    expect(page.locator("#links")).to_contain_text("02-NQ/TU")
    screenshots(page, "05-document")
    page.close()
