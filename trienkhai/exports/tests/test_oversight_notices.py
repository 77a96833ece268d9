"""The inspection plan and the conclusion notice in the Party's format, in the body's own
name ("TỈNH ỦY THANH HÓA / ỦY BAN KIỂM TRA / Số 48-KH/UBKTTU"), made from the plan's and
the case's pages and by the command; a draft conclusion only for the team and its body."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document as WordFile

from trienkhai.exports import kinds, render
from trienkhai.exports.models import Export, State
from trienkhai.exports.params import parse
from trienkhai.oversight.models import FindingKind
from trienkhai.testing import factories as make
from trienkhai.testing import oversight as make_oversight

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2021, 12, 24)


@pytest.fixture(autouse=True)
def today(settings):
    settings.TK_TODAY = TODAY


@pytest.fixture
def inspector(world):
    return world.user("kiemtra")


@pytest.fixture
def plan(world, inspector):
    """The Commission's plan for Hoằng Hóa and Nga Sơn, issued as 48-KH/UBKTTU, with a
    team of a head and a secretary; the Commission's chair holds her post."""
    make_oversight.post(make.person("Phạm Thị Chủ Nhiệm"), world.ubkt, "Chủ nhiệm")
    made = make_oversight.plan(
        world.ubkt,
        [world.hoanghoa, world.ngason],
        user=inspector,
        title="Kế hoạch giám sát chuyên đề việc thực hiện Quyết định 621-QĐ/TU",
        symbol="48-KH/UBKTTU",
        issue_date=datetime.date(2021, 11, 10),
    )
    head = make_oversight.inspector_person(world.ubkt, "Trịnh Văn Giám", "Phó Chủ nhiệm")
    clerk = make_oversight.inspector_person(world.ubkt, "Đào Thị Tra")
    make_oversight.team(
        made,
        user=inspector,
        name="Đoàn giám sát số 1",
        symbol="52-QĐ/UBKTTU",
        issue_date=datetime.date(2021, 11, 15),
        starts_on=datetime.date(2021, 11, 29),
        ends_on=datetime.date(2021, 12, 10),
        self_report_due=datetime.date(2021, 11, 26),
        members=[(head, "head"), (clerk, "secretary")],
    )
    return made


def text_of(report, fmt="docx"):
    word = WordFile(io.BytesIO(render.render(report, fmt)))
    texts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(p.text for p in cell.paragraphs)
    return "\n".join(texts)


def build(kind, user=None, **params):
    return kinds.build(kind, parse(kind, user=user, **params), today=TODAY)


def test_the_plan_is_headed_by_the_commission_under_its_committee_with_its_number(plan):
    report = build("inspection-plan", plan=str(plan.uid))
    h = report.heading
    assert (h.superior, h.issuer) == ("TỈNH ỦY THANH HÓA", "ỦY BAN KIỂM TRA")
    assert h.number == "Số 48-KH/UBKTTU"
    assert h.place_date == "Thanh Hóa, ngày 10 tháng 11 năm 2021"
    assert h.kind_name == "KẾ HOẠCH"
    assert h.summary == "giám sát chuyên đề việc thực hiện Quyết định 621-QĐ/TU"
    signature = report.signature
    assert (signature.on_behalf, signature.title, signature.name) == (
        "T/M ỦY BAN KIỂM TRA",
        "CHỦ NHIỆM",
        "Phạm Thị Chủ Nhiệm",
    )


def test_the_plan_in_word_names_subjects_dates_team_and_members(plan):
    text = text_of(build("inspection-plan", plan=str(plan.uid)))
    assert "1. Huyện ủy Hoằng Hóa" in text and "2. Huyện ủy Nga Sơn" in text
    assert "Thời gian tiến hành: từ ngày 15/10/2021 đến ngày 31/12/2021." in text
    assert "52-QĐ/UBKTTU ngày 15/11/2021" in text
    assert "Trưởng đoàn: đồng chí Trịnh Văn Giám" in text
    assert "Thư ký: đồng chí Đào Thị Tra" in text
    assert "Huyện ủy Hoằng Hóa (để thực hiện)" in text


def test_a_draft_plan_leaves_the_number_for_the_clerk_and_is_dated_today(world, inspector):
    draft = make_oversight.plan(world.ubkt, [world.hoanghoa], user=inspector, issued=False)
    report = build("inspection-plan", plan=str(draft.uid))
    assert report.heading.number == "Số \xa0\xa0\xa0\xa0\xa0\xa0\xa0\xa0-KH/UBKTTU"
    assert report.heading.place_date == "Thanh Hóa, ngày 24 tháng 12 năm 2021"
    assert "Đoàn" not in " ".join(s.heading for s in report.sections)


def concluded_case(world, inspector, plan):
    case = plan.teams.get().cases.get(subject=world.hoanghoa)
    make_oversight.finding(
        case, user=inspector, kind=FindingKind.STRENGTH, text="Đã tổ chức quán triệt kịp thời."
    )
    make_oversight.finding(case, user=inspector, text="Chậm ban hành kế hoạch thực hiện.")
    make_oversight.recommendation(
        case,
        user=inspector,
        text="Ban hành kế hoạch thực hiện Quyết định 621-QĐ/TU.",
        deadline=datetime.date(2022, 1, 31),
    )
    make_oversight.recommendation(
        case,
        user=inspector,
        text="Chỉ đạo các chi bộ học tập lại.",
        unit=world.hoangdong,
        deadline=datetime.date(2022, 3, 31),
    )
    return case


def test_the_conclusion_notice_says_what_was_found_and_who_must_do_what_by_when(
    world, inspector, plan
):
    from trienkhai.oversight import services

    case = concluded_case(world, inspector, plan)
    services.issue_conclusion(
        inspector, case, symbol="75-TB/UBKTTU", issue_date=datetime.date(2021, 12, 20)
    )
    report = build("conclusion-notice", case=str(case.uid))
    assert report.heading.number == "Số 75-TB/UBKTTU"
    assert report.heading.kind_name == "THÔNG BÁO KẾT LUẬN"
    text = text_of(report)
    assert "Thực hiện Kế hoạch số 48-KH/UBKTTU ngày 10/11/2021 của Ủy ban Kiểm tra Tỉnh ủy" in text
    assert "Đoàn giám sát số 1 (Quyết định số 52-QĐ/UBKTTU)" in text
    assert "I. ƯU ĐIỂM" in text and "II. HẠN CHẾ" in text and "III. KIẾN NGHỊ, YÊU CẦU" in text
    assert (
        "Huyện ủy Hoằng Hóa: Ban hành kế hoạch thực hiện Quyết định 621-QĐ/TU (hạn thực hiện "
        "31/01/2022)." in text
    )
    assert "Đảng ủy xã Hoằng Đông: Chỉ đạo các chi bộ học tập lại (hạn thực hiện 31/03/2022)." in (
        text
    )
    assert "báo cáo kết quả khắc phục về Ủy ban Kiểm tra Tỉnh ủy trước ngày 31/03/2022" in text
    assert "Đảng ủy xã Hoằng Đông (để thực hiện)" in text


def test_a_draft_conclusion_is_for_the_team_and_its_body_not_for_the_subject(
    world, inspector, plan
):
    case = concluded_case(world, inspector, plan)
    report = build("conclusion-notice", user=inspector, case=str(case.uid))
    assert "Chậm ban hành kế hoạch thực hiện." in text_of(report)
    with pytest.raises(Exception) as refused:
        parse("conclusion-notice", user=world.user("hoanghoa"), case=str(case.uid))
    assert "chưa ban hành" in str(refused.value)


def test_a_plan_of_another_district_cannot_be_asked_for_by_its_uid(world, inspector, plan):
    with pytest.raises(Exception) as refused:
        parse("inspection-plan", user=world.user("hoangdong"), plan=str(plan.uid))
    assert "Không tìm thấy kế hoạch" in str(refused.value)
    with pytest.raises(Exception) as refused:
        parse("inspection-plan", user=world.user("ngason"), plan="not-a-uid")
    assert "Không tìm thấy kế hoạch" in str(refused.value)


# The worker closes its database connection after a job (on PostgreSQL that ends a
# test's transaction): this runs in a transactional test, as a worker does.
@pytest.mark.django_db(transaction=True)
def test_the_plan_page_offers_word_and_pdf_and_the_worker_makes_them(
    client, world, inspector, plan, django_capture_on_commit_callbacks
):
    client.force_login(inspector)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'name="kind" value="inspection-plan"' in page and 'value="pdf"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exports:new"),
            {"kind": "inspection-plan", "plan": str(plan.uid), "fmt": "pdf"},
        )
    export = Export.objects.get()
    assert response.url == export.get_absolute_url()
    assert export.title.startswith("Kế hoạch kiểm tra, giám sát — Kế hoạch giám sát chuyên đề")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    export.refresh_from_db()
    assert export.state == State.DONE, export.error
    assert export.filename == "48-kh-ubkttu.pdf"


def test_the_reports_page_does_not_offer_the_kinds_made_from_a_plan_or_a_case(client, world):
    client.force_login(world.user("vanphong"))
    page = client.get(reverse("exports:new")).content.decode()
    assert "Báo cáo quý kết quả thực hiện chương trình" in page
    assert 'value="inspection-plan"' not in page


def test_the_command_writes_the_conclusion_notice_by_the_cases_uid(
    world, inspector, plan, tmp_path
):
    from trienkhai.oversight import services

    case = concluded_case(world, inspector, plan)
    services.issue_conclusion(
        inspector, case, symbol="75-TB/UBKTTU", issue_date=datetime.date(2021, 12, 20)
    )
    out = tmp_path / "tb.docx"
    call_command("export_report", "conclusion-notice", "--case", str(case.uid), "-o", str(out))
    assert "THÔNG BÁO KẾT LUẬN" in "\n".join(p.text for p in WordFile(str(out)).paragraphs)
