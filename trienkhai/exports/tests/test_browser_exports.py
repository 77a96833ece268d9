"""Journey: the province office asks for the Q4/2021 report on 621-QĐ/TU as Word and as
PDF, watches the progress while the background worker makes them, and downloads both."""

import datetime
import io

import pytest
from django.core.management import call_command
from docx import Document as WordFile
from playwright.sync_api import expect

from trienkhai.conftest import ARTIFACTS, VIEWPORTS, login

pytestmark = pytest.mark.browser


def _ask(page, base, fmt):
    page.goto(f"{base}/exports/")
    expect(page.locator("h1")).to_have_text("Xuất báo cáo")
    page.select_option("#id_kind", "programme-quarterly")
    page.select_option("#id_unit", "TU-38")
    page.select_option("#id_period", "2021Q4")
    page.select_option("#id_programme", "621-QĐ/TU")
    page.check(f"input[name=fmt][value={fmt}]")
    page.get_by_role("button", name="Tạo báo cáo").click()
    expect(page.locator("h1")).to_contain_text("621-QĐ/TU")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_office_makes_the_quarterly_report_in_word_and_pdf_and_downloads_both(
    demo_server, browser, screenshots, settings, viewport
):
    settings.TK_TODAY = datetime.date(2021, 12, 24)
    base = demo_server.url
    context = browser.new_context(viewport=VIEWPORTS[viewport], accept_downloads=True)
    page = context.new_page()
    login(page, base, "vanphong")
    folder = ARTIFACTS / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    for fmt in ("docx", "pdf"):
        _ask(page, base, fmt)
        # The job waits for the worker: the page says so and shows a progress bar.
        expect(page.locator("#export-status")).to_contain_text("Đang chờ")
        expect(page.locator("progress")).to_be_visible()
        screenshots(page, f"{viewport}-{fmt}-1-waiting")
        # The worker of `make demo` takes the job (here in the test's own thread, while
        # the browser keeps polling the live server).
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        link = page.get_by_role("link", name="Tải về")
        expect(link).to_be_visible(timeout=30_000)  # the page polls; no reload
        screenshots(page, f"{viewport}-{fmt}-2-ready")
        with page.expect_download() as got:
            link.click()
        download = got.value
        assert download.suggested_filename.endswith(f".{fmt}")
        path = folder / f"{viewport}-{download.suggested_filename}"
        download.save_as(path)
        data = path.read_bytes()
        if fmt == "docx":
            text = "\n".join(p.text for p in WordFile(io.BytesIO(data)).paragraphs)
            assert "BÁO CÁO" in text and "quý IV năm 2021" in text
        else:
            assert data.startswith(b"%PDF")
    context.close()
