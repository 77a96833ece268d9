"""Reports in the Party's format: the heading of Hướng dẫn 36-HD/VPTW, the same report
as Word, PDF and Excel, asked for on a page and made by the background worker."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document as WordFile
from openpyxl import load_workbook

from trienkhai.exports import fonts, kinds, render
from trienkhai.exports.document import heading_for, issuing_committee
from trienkhai.exports.models import Export, State
from trienkhai.exports.params import parse
from trienkhai.testing import reporting as rep

pytestmark = pytest.mark.django_db
DAY = rep.datetime.date(2021, 7, 20)


@pytest.fixture
def quarter(world):
    """The tourism programme carried down, Q2/2021 reported by both districts: Hoằng
    Hóa accepted with 1.500 visitors, Nga Sơn sent with 2.500."""
    made = rep.tourism()
    period = rep.period("2021Q2")
    vanphong = world.user("vanphong")
    rep.accepted(
        world.hoanghoa,
        period,
        world.user("hoanghoa"),
        vanphong,
        value=1500,
        shortcomings="Thiếu vốn đầu tư hạ tầng du lịch ở ven biển.",
    )
    rep.sent(world.ngason, period, world.user("ngason"), value=2500)
    return made, period


def _report(world, made, period, user=None):
    found = parse(
        "programme-quarterly",
        unit="TU-38",
        period=period.code,
        programme=made.programme.document.symbol,
        user=user,
    )
    return kinds.build("programme-quarterly", found, today=DAY)


def _text_of_docx(data):
    word = WordFile(io.BytesIO(data))
    texts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(p.text for p in cell.paragraphs)
    return word, "\n".join(texts)


def test_a_province_report_is_headed_by_the_provincial_party_and_its_committee(world):
    heading = heading_for(
        world.province, kind_code="BC", kind_name="BÁO CÁO", summary="Kết quả", on=DAY
    )
    assert heading.superior == "ĐẢNG BỘ TỈNH THANH HÓA"
    assert heading.issuer == "TỈNH ỦY"
    assert heading.number.startswith("Số ") and heading.number.endswith("-BC/TU")
    assert ":" not in heading.number
    assert heading.place_date == "Thanh Hóa, ngày 20 tháng 7 năm 2021"


def test_a_district_and_a_commune_write_the_party_organisation_above_them(world):
    district = heading_for(world.hoanghoa, kind_code="BC", kind_name="", summary="", on=DAY)
    commune = heading_for(world.hoangdong, kind_code="BC", kind_name="", summary="", on=DAY)
    assert (district.superior, district.issuer) == ("ĐẢNG BỘ TỈNH THANH HÓA", "HUYỆN ỦY HOẰNG HÓA")
    assert district.number.endswith("-BC/HU")
    assert (commune.superior, commune.issuer) == (
        "ĐẢNG BỘ HUYỆN HOẰNG HÓA",
        "ĐẢNG ỦY XÃ HOẰNG ĐÔNG",
    )
    assert commune.number.endswith("-BC/ĐU")


def test_the_standing_committee_writes_in_the_name_of_its_committee(world):
    assert issuing_committee(world.btv) == world.province


def test_the_quarterly_report_in_word_has_the_heading_block_and_times_new_roman(world, quarter):
    made, period = quarter
    data = render.render(_report(world, made, period), "docx")
    word, text = _text_of_docx(data)
    for expected in [
        "ĐẢNG BỘ TỈNH THANH HÓA",
        "TỈNH ỦY",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Thanh Hóa, ngày 20 tháng 7 năm 2021",
        "BÁO CÁO",
        "quý II năm 2021",
        "Tổng lượt khách du lịch",
        "Nơi nhận:",
        "Đỗ Trọng Hưng",  # the secretary signs for the Standing Committee
        "Thiếu vốn đầu tư hạ tầng du lịch ở ven biển.",
    ]:
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    assert word.styles["Normal"].font.name == "Times New Roman"
    section = word.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert 'w:ascii="Times New Roman"' in xml
    assert "word/media/" in " ".join(zipfile.ZipFile(io.BytesIO(data)).namelist())  # the chart


def test_the_targets_table_says_the_roll_up_the_plan_and_the_attainment(world, quarter):
    made, period = quarter
    report = _report(world, made, period)
    targets = next(t for t in report.tables() if "chỉ tiêu" in t.title)
    (row,) = targets.rows
    # Hoằng Hóa's accepted 1.500 and Nga Sơn's sent 2.500 add up to 4.000 against 10.000.
    assert row[1] == "Tổng lượt khách du lịch"
    assert row[3] == 10000 and row[4] == 4000
    assert row[5] == 40


def test_the_pdf_holds_the_same_vietnamese_in_its_text_layer(world, quarter):
    from pypdf import PdfReader

    made, period = quarter
    data = render.render(_report(world, made, period), "pdf")
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ["ĐẢNG CỘNG SẢN VIỆT NAM", "TỈNH ỦY", "Tổng lượt khách du lịch", "Nơi nhận"]:
        assert expected in text, expected


def test_the_pdf_draws_every_letter_in_one_serif_face(world, quarter):
    from pypdf import PdfReader

    made, period = quarter
    data = render.render(_report(world, made, period), "pdf")
    faces = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            faces.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    text_faces = {f for f in faces if "DejaVu" not in f}  # the charts' own sans face
    assert len({f.split("-")[0] for f in text_faces}) == 1, faces
    for path in fonts.serif_files().values():
        assert fonts.missing_letters(path) == ""


def test_the_spreadsheet_has_a_sheet_per_table_with_numbers_as_numbers(world, quarter):
    made, period = quarter
    data = render.render(_report(world, made, period), "xlsx")
    book = load_workbook(io.BytesIO(data))
    sheet = next(s for s in book.worksheets if "chỉ tiêu" in s.title.lower())
    headers = [c.value for c in sheet[4]]
    assert "Tỷ lệ so kế hoạch" in headers
    row = [c for c in sheet[5]]
    assert row[4].value == 4000 and row[4].number_format == "#,##0"
    assert row[5].value == pytest.approx(0.4) and row[5].number_format.endswith("%")


def test_a_report_of_a_unit_outside_ones_scope_is_refused_with_a_message(world, quarter):
    from django.core.exceptions import ValidationError

    made, period = quarter
    with pytest.raises(ValidationError) as refused:
        parse(
            "programme-quarterly",
            unit="HU-399",
            period=period.code,
            programme=made.programme.document.symbol,
            user=world.user("ngason"),
        )
    assert "HU-399" in refused.value.message_dict["unit"][0]


# The worker closes its database connection after a job (on PostgreSQL that ends a
# test's transaction): these run in a transactional test, as a worker does.
@pytest.mark.django_db(transaction=True)
def test_the_office_asks_the_worker_makes_the_file_and_only_the_office_downloads_it(
    client, world, quarter, django_capture_on_commit_callbacks
):
    made, period = quarter
    client.force_login(world.user("vanphong"))
    form = {
        "kind": "programme-quarterly",
        "unit": "TU-38",
        "period": period.code,
        "programme": made.programme.document.symbol,
        "fmt": "docx",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exports:new"), form)
        again = client.post(reverse("exports:new"), form)  # a double click
    export = Export.objects.get()
    assert response.url == again.url == export.get_absolute_url()
    page = client.get(export.get_absolute_url())
    assert "Đang chờ" in page.content.decode()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    export.refresh_from_db()
    assert export.state == State.DONE and export.progress == 100
    page = client.get(export.get_absolute_url(), headers={"HX-Request": "true"})
    assert "Tải về" in page.content.decode()
    download = client.get(reverse("exports:download", args=[export.uid]))
    assert download["Content-Disposition"].startswith("attachment")
    _word, text = _text_of_docx(b"".join(download.streaming_content))
    assert "Tổng lượt khách du lịch" in text
    client.force_login(world.user("hoanghoa"))
    assert client.get(export.get_absolute_url()).status_code == 404
    assert client.get(reverse("exports:download", args=[export.uid])).status_code == 404


# The worker closes its database connection after a job (on PostgreSQL that ends a
# test's transaction): these run in a transactional test, as a worker does.
@pytest.mark.django_db(transaction=True)
def test_a_failed_report_says_why_and_runs_again_when_asked(
    client, world, quarter, django_capture_on_commit_callbacks, monkeypatch
):
    from trienkhai.exports import jobs, services

    made, period = quarter
    vanphong = world.user("vanphong")
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_export(
            vanphong,
            "programme-quarterly",
            "pdf",
            unit="TU-38",
            period=period.code,
            programme=made.programme.document.symbol,
        )

    def broken(report, fmt):
        raise OSError("disk full")

    monkeypatch.setattr(render, "render", broken)
    jobs.run(str(export.uid))
    export.refresh_from_db()
    assert export.state == State.FAILED and "Chạy lại" not in export.error
    assert "lỗi" in export.error
    client.force_login(vanphong)
    assert "Chạy lại" in client.get(export.get_absolute_url()).content.decode()
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exports:retry", args=[export.uid]))
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    export.refresh_from_db()
    assert export.state == State.DONE and export.attempts == 2


def test_a_bad_choice_on_the_page_changes_nothing_and_says_so(client, world, quarter):
    made, period = quarter
    client.force_login(world.user("vanphong"))
    response = client.post(
        reverse("exports:new"),
        {"kind": "programme-quarterly", "unit": "TU-38", "period": period.code, "fmt": "docx"},
    )
    assert response.status_code == 200
    assert "Chọn chương trình." in response.content.decode()
    assert not Export.objects.exists()


def test_the_command_writes_word_pdf_and_excel_files(world, quarter, tmp_path, capsys):
    made, period = quarter
    for fmt in ("docx", "pdf", "xlsx"):
        out = tmp_path / f"report.{fmt}"
        call_command(
            "export_report",
            "programme-quarterly",
            "--unit",
            "TU-38",
            "--period",
            period.code,
            "--programme",
            made.programme.document.symbol,
            "--format",
            fmt,
            "-o",
            str(out),
        )
        assert out.stat().st_size > 3000
    _word, text = _text_of_docx((tmp_path / "report.docx").read_bytes())
    assert "ĐẢNG BỘ TỈNH THANH HÓA" in text


def test_the_command_refuses_an_unknown_period_in_vietnamese(world, quarter, tmp_path):
    from django.core.management.base import CommandError

    made, _period = quarter
    with pytest.raises(CommandError, match="chưa được mở"):
        call_command(
            "export_report",
            "programme-quarterly",
            "--unit",
            "TU-38",
            "--period",
            "2030Q1",
            "--programme",
            made.programme.document.symbol,
            "-o",
            str(tmp_path / "x.docx"),
        )


def test_the_conference_summary_counts_points_and_delegates_and_the_poll(world):
    from trienkhai.testing import conferences as conf

    made = conf.online_conference(world)
    doc = rep.make.document(world.province, "621-QĐ/TU", "Chương trình phát triển KKT Nghi Sơn")
    made.documents.add(doc)
    conf.closing_poll(made)
    period = rep.period("2021Q4")
    found = parse("conference-summary", unit="TU-38", period=period.code)
    report = kinds.build("conference-summary", found, today=DAY.replace(month=12))
    tables = {t.title: t for t in report.tables()}
    by_level = tables["Điểm cầu và đại biểu theo cấp"]
    assert by_level.rows[-1][1:] == [7, 7, conf.ONLINE_DELEGATES]
    assert tables["Văn bản học tập, quán triệt"].rows == [[1, "621-QĐ/TU", doc.title]]
    poll = next(t for t in report.tables() if t.title.startswith("Thăm dò ý kiến"))
    assert ["Rất thiết thực", 3, 75.0] in poll.rows
    _word, text = _text_of_docx(render.render(report, "docx"))
    assert "điểm cầu" in text and "Nơi nhận:" in text


def test_the_study_report_says_who_studied_the_documents_sent_down(world):
    from trienkhai.testing import conferences as conf
    from trienkhai.testing import study

    made = conf.online_conference(world)
    doc = rep.make.document(world.province, "621-QĐ/TU", "Chương trình phát triển KKT Nghi Sơn")
    made.documents.add(doc)
    for commune in (world.hoangdong, world.hoanghai, world.ngathanh):
        study.members(commune, 40)
    study.session(world.hoangdong, [doc], present=30)
    period = rep.period("2021Q4")
    found = parse("study-coverage", unit="TU-38", period=period.code)
    report = kinds.build("study-coverage", found, today=DAY.replace(month=12))
    (row,) = next(t for t in report.tables() if t.title == "Kết quả học tập theo văn bản").rows
    assert row[1] == "621-QĐ/TU" and row[2] == 30 and row[3] == 120
    text = "\n".join(str(p) for s in report.sections for p in s.parts)
    assert "3 đơn vị chưa học" in text and "Đảng ủy xã Nga Thanh" in text


def test_the_scorecard_report_lists_every_measure_with_its_rating_and_thresholds(world, quarter):
    _made, period = quarter
    found = parse("scorecard", unit="TU-38", period=period.code)
    report = kinds.build("scorecard", found, today=DAY)
    card = report.tables()[0]
    assert [row[0] for row in card.rows][:2] == [
        "Kế hoạch thực hiện đã ban hành",
        "Kế hoạch ban hành đúng hạn",
    ]
    below = report.tables()[1:]
    assert {r[0] for r in below[0].rows} >= {"Huyện ủy Hoằng Hóa", "Huyện ủy Nga Sơn"}
    assert all(len(t.columns) <= 5 for t in below)  # an A4 page holds them
    assert render.render(report, "pdf").startswith(b"%PDF")
