import datetime
import uuid
import zoneinfo

import pytest
from django.urls import reverse

from trienkhai.core import clock
from trienkhai.orgs.models import OrgUnit
from trienkhai.reporting import completeness, services
from trienkhai.reporting.models import Exemption, Period, Status, Submission
from trienkhai.testing import factories as make
from trienkhai.testing import reporting as make_reports

pytestmark = [pytest.mark.django_db]

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
COMMUNE = "DU-15997"  # Hoằng Đông, which leads the task Hoằng Hóa delegated to it


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


@pytest.fixture(autouse=True)
def tourism(world, settings):
    """The province's tourism programme carried down to Hoằng Hóa's and Nga Sơn's plans
    and their communes' tasks (trienkhai/testing/reporting.py), on the demo's day."""
    settings.TK_TODAY = clock.DEMO_TODAY
    return make_reports.tourism()


@pytest.fixture
def q4():
    return make_reports.period("2021Q4")


@pytest.fixture
def commune():
    return OrgUnit.objects.get(code=COMMUNE)


def unit(code):
    return OrgUnit.objects.get(code=code)


@pytest.fixture
def district_reports(q4):
    """The tourism target reported for 2021Q4: Hoằng Hóa 2.500 and Nga Sơn 1.500
    accepted, the province's own report 5.000 (not the 4.000 its districts add up to)."""
    make_reports.accepted(unit("HU-399"), q4, progress=60, value=2500)
    make_reports.accepted(unit("HU-401"), q4, progress=40, value=1500)
    make_reports.accepted(unit("TU-38"), q4, progress=50, value=5000)


def province_target():
    """The province's target that Hoằng Hóa's plan takes up (tourism visitors)."""
    from trienkhai.programmes.models import Target

    return (
        Target.objects.filter(
            programme__unit__code="TU-38", lower_targets__programme__unit__code="HU-399"
        )
        .order_by("pk")
        .first()
    )


def write(submission, progress="60"):
    task = services.unit_tasks(submission.unit, submission.period).first()
    return services.save_draft(
        submission,
        narrative={"results": "Đã triển khai kế hoạch du lịch tại xã."},
        tasks={task.pk: {"progress": progress, "done": "Tuyên truyền"}},
    )


def test_the_period_follows_the_reporting_regimes_cut_off_and_level_deadlines(q4, commune):
    assert (q4.data_from, q4.data_to) == (datetime.date(2021, 9, 15), datetime.date(2021, 12, 14))
    district = OrgUnit.objects.get(code="HU-399")
    assert (q4.deadline(commune), q4.deadline(district)) == (
        datetime.date(2021, 12, 17),
        datetime.date(2021, 12, 19),
    )


def test_a_commune_submits_the_district_returns_it_and_accepts_the_resubmission(
    q4, commune, persona
):
    reporter, reviewer = persona("commune_reporter"), persona("district_reporter")
    report = write(services.open_report(commune, q4))
    report = services.submit(report, reporter, now=at(datetime.date(2021, 12, 16)))
    assert (report.status, report.version) == (Status.SUBMITTED, 1)

    report = services.return_report(report, reviewer, "Bổ sung số liệu cụ thể.")
    assert report.status == Status.RETURNED and report.is_editable
    write(report, progress="75")
    report = services.submit(report, reporter, now=at(datetime.date(2021, 12, 20)))
    report = services.accept(report, reviewer)

    assert (report.status, report.version) == (Status.ACCEPTED, 2)
    assert not report.is_late()  # first sent on time; the resubmission does not count
    acts = list(report.events.values_list("act", "version"))
    assert acts == [("submit", 1), ("return", 1), ("submit", 2), ("accept", 2)]
    assert report.events.first().snapshot["tasks"]
    first, second = [e.snapshot for e in report.events.filter(act="submit")]
    assert (
        list(first["tasks"].values())[0]["progress"]
        != list(second["tasks"].values())[0]["progress"]
    )
    with pytest.raises(services.Refused):
        write(report)  # an accepted report is locked
    task = services.unit_tasks(commune, q4).first()
    task.refresh_from_db()
    assert task.progress == 75  # the accepted figure is the task's own now


def test_submitting_twice_stores_one_version(q4, commune, persona):
    report = write(services.open_report(commune, q4))
    when = at(datetime.date(2021, 12, 15))
    services.submit(report, persona("commune_reporter"), now=when)
    again = services.submit(report, persona("commune_reporter"), now=when)
    assert again.version == 1 and again.events.count() == 1


@pytest.mark.parametrize(
    ("tasks", "message"),
    [({"progress": "120"}, "từ 0 đến 100"), ({"progress": "abc"}, "không phải là số")],
)
def test_bad_figures_are_refused_and_nothing_is_saved(q4, commune, tasks, message):
    report = services.open_report(commune, q4)
    task = services.unit_tasks(commune, q4).first()
    with pytest.raises(services.Refused, match=message):
        services.save_draft(report, narrative={"results": "x"}, tasks={task.pk: tasks})
    assert not Submission.objects.filter(unit=commune, period=q4).exists()


def test_a_task_of_another_unit_cannot_be_reported(q4, commune, tourism):
    report = services.open_report(commune, q4)
    other = tourism.tasks["DU-16000"]  # the same task, delegated to Hoằng Hải
    with pytest.raises(services.Refused, match="không thuộc báo cáo"):
        services.save_draft(report, tasks={other.pk: {"progress": "10"}})
    assert not Submission.objects.exists()


def test_a_report_cannot_be_sent_before_the_cut_off_or_without_results(q4, commune, persona):
    report = services.open_report(commune, q4)
    with pytest.raises(services.Refused, match="chưa đến ngày chốt"):
        services.submit(report, persona("commune_reporter"), now=at(datetime.date(2021, 12, 1)))
    with pytest.raises(services.Refused, match="kết quả đạt được"):
        services.submit(report, persona("commune_reporter"), now=at(datetime.date(2021, 12, 16)))


def test_returning_needs_a_reason(q4, commune, persona):
    report = write(services.open_report(commune, q4))
    services.submit(report, persona("commune_reporter"), now=at(datetime.date(2021, 12, 16)))
    with pytest.raises(services.Refused, match="lý do"):
        services.return_report(report, persona("district_reporter"), "")
    assert Submission.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_completeness_marks_on_time_late_and_missing_against_the_deadline(q4, commune, persona):
    district = OrgUnit.objects.get(code="HU-399")
    before = completeness.compute(district, [q4], today=datetime.date(2022, 1, 31))
    cell = dict((u.code, s) for u, s in before.units)[COMMUNE]
    assert cell == ["missing"]
    late_day = q4.deadline(commune) + datetime.timedelta(days=3)
    write(services.open_report(commune, q4))
    services.submit(
        Submission.objects.get(unit=commune, period=q4),
        persona("commune_reporter"),
        now=at(late_day),
    )
    after = completeness.compute(district, [q4], today=datetime.date(2022, 1, 31))
    assert dict((u.code, s) for u, s in after.units)[COMMUNE] == ["late"]
    assert (before.totals[0].sent, after.totals[0].sent) == (0, 1)


def test_units_closed_before_or_opened_after_a_period_are_not_expected(q4, commune):
    district = OrgUnit.objects.get(code="HU-399")
    expected = completeness.expected_units(district, q4).count()
    assert expected == 3  # Hoằng Hóa and its two communes
    commune.valid_to = datetime.date(2021, 9, 30)
    commune.save()
    assert completeness.expected_units(district, q4).count() == expected - 1
    commune.valid_to, commune.valid_from = None, datetime.date(2022, 1, 1)
    commune.save()
    assert completeness.expected_units(district, q4).count() == expected - 1
    commune.valid_from = datetime.date(2021, 11, 1)  # opened mid-period: owes the report
    commune.save()
    assert completeness.expected_units(district, q4).count() == expected
    make_reports.sent(commune, q4, progress=50)
    rates = completeness.compute(district, [q4], today=datetime.date(2022, 1, 31)).totals[0]
    assert (rates.expected, rates.sent, rates.completeness) == (3, 1, 33.3)


def test_an_exempted_unit_owes_nothing(q4, commune):
    district = OrgUnit.objects.get(code="HU-399")
    Exemption.objects.create(unit=commune, period=q4, reason="Sáp nhập")
    assert set(completeness.expected_units(district, q4).values_list("code", flat=True)) == {
        "HU-399",
        "DU-16000",
    }


def test_the_rates_count_on_time_late_returned_and_missing_reports(q4):
    make_reports.accepted(unit("HU-399"), q4, progress=60)  # sent 15/12, due 19/12
    make_reports.accepted(unit("HU-401"), q4, progress=40, on=datetime.date(2021, 12, 23))
    make_reports.returned(unit("DU-16000"), q4, progress=30)
    # The province, Hoằng Đông and Nga Thanh send nothing.
    rates = completeness.compute(
        OrgUnit.objects.get(code="TU-38"), [q4], today=datetime.date(2022, 6, 1)
    ).totals[0]
    counts = (rates.expected, rates.on_time, rates.late, rates.returned, rates.missing)
    assert counts == (6, 1, 1, 1, 3)
    assert rates.completeness == 33.3


# --- Pages ---------------------------------------------------------------------------


def test_the_commune_writes_and_sends_its_report_from_the_form(client_as, q4, commune):
    client = client_as("commune_reporter")
    url = reverse("reporting:form", args=[COMMUNE, "2021Q4"])
    task = services.unit_tasks(commune, q4).first()
    response = client.post(
        url,
        {f"task-{task.pk}-progress": "55", "results": "Đã triển khai.", "action": "submit"},
    )
    assert response.status_code == 302
    report = Submission.objects.get(unit=commune, period=q4)
    assert report.status == Status.SUBMITTED and report.tasks.get().progress == 55
    assert (
        "Hoằng Đông"
        in client_as("district_reporter").get(reverse("reporting:review-queue")).content.decode()
    )


def test_the_form_refuses_bad_figures_with_a_message_and_keeps_what_was_typed(
    client_as, q4, commune
):
    task = services.unit_tasks(commune, q4).first()
    response = client_as("commune_reporter").post(
        reverse("reporting:form", args=[COMMUNE, "2021Q4"]),
        {f"task-{task.pk}-progress": "150", "results": "Giữ lại nội dung này.", "action": "save"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "từ 0 đến 100" in page and "Giữ lại nội dung này." in page
    assert 'value="150"' in page  # the bad figure stays on screen to be corrected
    saved = Submission.objects.get(unit=commune, period=q4)  # the narrative is not lost
    assert saved.results == "Giữ lại nội dung này." and not saved.tasks.exists()


def test_a_task_numbered_above_999_keeps_the_progress_typed_for_it(client_as, q4, commune):
    # Its field is "task-1233-progress", never "task-1.233-progress" (the thousands
    # separator): a figure typed there was once dropped without a word.
    task = services.unit_tasks(commune, q4).first()
    task.pk, task.uid = 1233, uuid.uuid4()
    task.save(force_insert=True)
    client = client_as("commune_reporter")
    url = reverse("reporting:form", args=[COMMUNE, "2021Q4"])
    assert 'name="task-1233-progress"' in client.get(url).content.decode()
    client.post(url, {"task-1233-progress": "35", "action": "save"})
    assert Submission.objects.get(unit=commune, period=q4).tasks.get(task=task).progress == 35


def test_a_field_the_form_does_not_know_is_refused_and_nothing_is_saved(client_as, q4, commune):
    response = client_as("commune_reporter").post(
        reverse("reporting:form", args=[COMMUNE, "2021Q4"]),
        {"task-1.233-progress": "35", "results": "Nội dung đã gõ.", "action": "save"},
    )
    page = response.content.decode()
    assert "ô không nhận ra (task-1.233-progress)" in page and "Nội dung đã gõ." in page
    assert not Submission.objects.filter(
        unit=commune, period=q4, results__contains="đã gõ"
    ).exists()


def test_only_the_level_above_reviews_and_the_unit_cannot_accept_its_own(
    client_as, q4, commune, persona
):
    report = write(services.open_report(commune, q4))
    services.submit(report, persona("commune_reporter"), now=at(datetime.date(2021, 12, 16)))
    url = reverse("reporting:review", args=[report.uid])
    assert client_as("commune_reporter").post(url, {"act": "accept"}).status_code == 403
    assert client_as("outsider").post(url, {"act": "accept"}).status_code == 404
    assert client_as("leader").post(url, {"act": "accept"}).status_code == 403
    assert client_as("district_reporter").post(url, {"act": "accept"}).status_code == 302
    assert Submission.objects.get(pk=report.pk).status == Status.ACCEPTED


def test_an_unknown_period_code_is_not_found(client_as):
    response = client_as("commune_reporter").get(
        reverse("reporting:form", args=[COMMUNE, "2021Q5"])
    )
    assert response.status_code == 404


def test_the_completeness_page_shows_rates_and_drills_down(client_as, q4):
    client = client_as("province_office")
    page = client.get(reverse("reporting:completeness"), {"year": 2021}).content.decode()
    assert "Huyện ủy Hoằng Hóa" in page and "?root=HU-399" in page
    district = client.get(
        reverse("reporting:completeness"), {"year": 2021, "root": "HU-399"}
    ).content.decode()
    assert "Hoằng Đông" in district and "Chưa gửi" in district


def test_the_inbox_lists_the_report_a_commune_owes(client_as, q4):
    page = client_as("commune_reporter").get(reverse("reporting:inbox")).content.decode()
    assert "Quý IV năm 2021" in page


# --- Roll-up, attainment and formalism ----------------------------------------------


def test_the_province_target_shows_reported_and_computed_values_and_flags_the_gap(
    q4, district_reports
):
    from trienkhai.programmes.models import Target
    from trienkhai.reporting import rollup

    target = province_target()
    (row,) = rollup.compute(Target.objects.filter(pk=target.pk), q4)
    sent = [c for c in row.children if c.reported is not None]
    assert [c.reported for c in sent] == [2500, 1500] and row.computed.contributing == 2
    assert row.computed.value == 4000  # this target sums
    assert row.reported == 5000 and row.disagrees
    assert row.attainment == "not_met"  # 5.000 of the 10.000 planned for 2021


def test_a_draft_or_returned_report_does_not_enter_the_roll_up(q4, district_reports):
    from trienkhai.programmes.models import Target
    from trienkhai.reporting import rollup

    target = province_target()
    (before,) = rollup.compute(Target.objects.filter(pk=target.pk), q4)
    child = next(c for c in before.children if c.reported is not None)
    Submission.objects.filter(unit__code=child.target.unit_code, period=q4).update(
        status=Status.RETURNED
    )
    (after,) = rollup.compute(Target.objects.filter(pk=target.pk), q4)
    assert (before.computed.contributing, after.computed.contributing) == (2, 1)
    assert after.computed.value == 4000 - child.reported


def test_a_cumulative_target_is_compared_with_the_share_of_the_plan_for_months_elapsed():
    from decimal import Decimal

    from trienkhai.programmes.models import Target
    from trienkhai.reporting.rollup import plan_for_period

    flow, stock = Target(cumulative=True), Target(cumulative=False)
    q3 = make_reports.period("2021Q3")
    assert plan_for_period(flow, Decimal(120), q3) == Decimal(90)
    assert plan_for_period(stock, Decimal(120), q3) == Decimal(120)


def test_the_dashboard_and_target_pages_show_the_roll_up(client_as, q4, district_reports):
    client = client_as("province_office")
    page = client.get(reverse("reporting:dashboard"), {"period": "2021Q4"}).content.decode()
    assert "Tổng lượt khách du lịch" in page and "light-" in page
    target = province_target()
    detail = client.get(reverse("reporting:target", args=[target.pk]), {"period": "2021Q4"})
    assert "Huyện ủy Hoằng Hóa" in detail.content.decode() and "<svg" in detail.content.decode()


def test_a_district_sees_only_its_own_part_of_a_province_target(client_as, q4, district_reports):
    target = province_target()
    page = client_as("district_reporter").get(
        reverse("reporting:target", args=[target.pk]), {"period": "2021Q4"}
    )
    text = page.content.decode()
    assert "Huyện ủy Hoằng Hóa" in text and "Huyện ủy Nga Sơn" not in text
    assert "ngoài phạm vi của bạn" in text


def copy_and_repeat(tourism, q4):
    """Sở Y tế sends its third-quarter text again in the fourth; Hoằng Đông and Nga
    Thanh send the same stock text; Hoằng Hóa writes its own."""
    health = make.unit(
        unit("TU-38"), "SYT-38", "Sở Y tế", level=make.Level.PROVINCE, kind=make.Kind.AGENCY
    )
    make.task(tourism.programme, "Phát triển du lịch chăm sóc sức khỏe", lead_unit=health)
    q3 = make_reports.period("2021Q3")
    for period in (q3, q4):
        make_reports.accepted(health, period, results=REPEATED, progress=40)
    make_reports.accepted(unit(COMMUNE), q4, results=COPIED, progress=50)
    make_reports.accepted(unit("DU-16100"), q4, results=COPIED, progress=50)
    make_reports.accepted(unit("HU-399"), q4, results=OWN, progress=60)


REPEATED = (
    "Sở Y tế: Tổ chức 14 hội nghị quán triệt chương trình đến cán bộ, viên chức ngành y tế; "
    "khám sàng lọc cho 3.200 lượt khách tại các khu du lịch biển Sầm Sơn, Hải Tiến."
)
COPIED = (
    "Cấp ủy đã lãnh đạo, chỉ đạo triển khai thực hiện nghiêm túc, hiệu quả các nhiệm vụ "
    "theo kế hoạch đề ra, bám sát chỉ đạo của cấp trên, đạt được những kết quả quan trọng."
)
OWN = (
    "Huyện ủy Hoằng Hóa: hoàn thành 8 công trình giao thông ven biển dài 12 km; vận động "
    "45 hộ tham gia mô hình du lịch cộng đồng gắn với làng nghề chiếu cói."
)


def flag_kinds(found):
    return {
        Submission.objects.get(pk=pk).unit.code: sorted(f.kind for f in items)
        for pk, items in found.items()
        if items
    }


def test_copied_and_repeated_narratives_are_flagged_for_the_level_above(q4, client_as, tourism):
    from trienkhai.reporting import flags

    copy_and_repeat(tourism, q4)
    found = flags.for_period(q4, Submission.objects.filter(period=q4))
    assert flag_kinds(found) == {
        "SYT-38": ["copy_previous"],
        COMMUNE: ["copy_other"],
        "DU-16100": ["copy_other"],
    }
    page = client_as("province_office").get(reverse("reporting:flags"), {"period": "2021Q4"})
    assert "Sở Y tế" in page.content.decode()


QUARTERS = {  # Hoằng Đông's own words each quarter, its task's % unchanged
    "2021Q2": "Tuyên truyền trên hệ thống truyền thanh xã 24 lượt về du lịch cộng đồng.",
    "2021Q3": "Vận động 12 hộ làm homestay; mở lớp tập huấn nghiệp vụ cho 30 người.",
    "2021Q4": "Ra mắt tuyến tham quan làng nghề; đón 1.150 lượt khách trong quý.",
}


def same_progress_flags(commune):
    from trienkhai.reporting import flags

    for code, text in QUARTERS.items():
        make_reports.accepted(commune, make_reports.period(code), results=text, progress=30)
    q4 = Period.objects.get(code="2021Q4")
    (items,) = flags.for_period(q4, Submission.objects.filter(unit=commune, period=q4)).values()
    return items


def test_a_task_at_the_same_progress_three_quarters_running_is_flagged(commune):
    items = same_progress_flags(commune)
    assert [f.kind for f in items] == ["same_progress"]
    assert items[0].message.startswith("Nhiệm vụ “Phát triển du lịch cộng đồng tại các xã”")
    assert items[0].message.endswith("ba kỳ liền.")


def test_the_same_progress_signal_names_the_percentage_as_a_person_writes_it(commune):
    assert "cùng mức 30% ba kỳ liền" in same_progress_flags(commune)[0].message


def test_the_daily_reminder_tells_a_commune_its_report_is_due_then_late_once_each(q4):
    from trienkhai.notifications.models import Notification
    from trienkhai.reporting import reminders

    def notes():
        return list(
            Notification.objects.filter(user__username="hoangdong", key__startswith="report:")
            .order_by("pk")
            .values_list("text", flat=True)
        )

    reminders.send(today=datetime.date(2021, 12, 15), email=False)
    reminders.send(today=datetime.date(2021, 12, 15), email=False)
    assert notes() == [
        "Đảng ủy xã Hoằng Đông: báo cáo Quý IV năm 2021 phải gửi trước ngày 17/12/2021."
    ]
    reminders.send(today=datetime.date(2022, 1, 5), email=False)
    assert notes()[-1].endswith("đã quá hạn (hạn 17/12/2021).")
    assert len(notes()) == 2


def test_the_province_sets_its_own_deadlines_with_a_grace_period(client_as, q4, commune):
    client = client_as("province_office")
    data = {
        "form": "rule",
        "kind": "quarter",
        "grace_days": "2",
        "days_grassroots": "1",
        "days_commune": "2",
        "days_district": "4",
        "days_province": "8",
    }
    assert client.post(reverse("reporting:deadlines"), data).status_code == 302
    due = q4.due(commune)
    assert (due.deadline, due.late_after) == (
        datetime.date(2021, 12, 16),
        datetime.date(2021, 12, 18),
    )
    # Sent on the 17th: after the deadline but within the grace period, so on time.
    report = write(services.open_report(commune, q4))
    services.submit(report, None, now=at(datetime.date(2021, 12, 17)))
    assert not Submission.objects.get(pk=report.pk).is_late()


def test_deadlines_where_a_commune_reports_after_its_district_are_refused(client_as, q4, commune):
    data = {
        "form": "rule",
        "kind": "quarter",
        "grace_days": "0",
        "days_grassroots": "2",
        "days_commune": "9",
        "days_district": "5",
        "days_province": "8",
    }
    response = client_as("province_office").post(reverse("reporting:deadlines"), data)
    assert response.status_code == 400 and "phải muộn hơn" in response.content.decode()
    assert q4.deadline(commune) == datetime.date(2021, 12, 17)


def test_an_extension_moves_one_units_deadline_only(client_as, q4, commune):
    data = {
        "form": "extension",
        "unit": COMMUNE,
        "period": "2021Q4",
        "until": "10/01/2022",
        "reason": "Thiên tai",
    }
    assert (
        client_as("province_office").post(reverse("reporting:deadlines"), data).status_code == 302
    )
    assert q4.deadline(commune) == datetime.date(2022, 1, 10)
    other = OrgUnit.objects.get(code="DU-16000")
    assert q4.deadline(other) == datetime.date(2021, 12, 17)
    matrix = completeness.compute(
        OrgUnit.objects.get(code="HU-399"), [q4], today=datetime.date(2022, 1, 5)
    )
    assert dict((u.code, s) for u, s in matrix.units)[COMMUNE] == ["due"]


def test_only_an_office_sets_deadlines(client_as):
    assert client_as("district_reporter").get(reverse("reporting:deadlines")).status_code == 403


def test_completeness_is_also_given_per_programme(q4, tourism):
    # A second programme of the province, led by the province alone.
    other = make.programme(unit("TU-38"), "Chương trình chuyển đổi số")
    make.task(other, "Xây dựng chính quyền số")
    make_reports.accepted(unit("HU-399"), q4, progress=60)
    matrix = completeness.compute(
        OrgUnit.objects.get(code="TU-38"), [q4], today=datetime.date(2022, 6, 1)
    )
    rates = {p.title: r[0] for p, r in matrix.by_programme}
    assert set(rates) == {tourism.programme.title, "Chương trình chuyển đổi số"}
    tourism_rates = rates[tourism.programme.title]
    assert (tourism_rates.expected, tourism_rates.sent) == (6, 1)
    assert rates["Chương trình chuyển đổi số"].expected == 1  # the province only
    assert matrix.totals[0].expected == 6 and tourism_rates.completeness == 16.7


def test_evidence_is_attached_to_a_task_and_served_only_to_those_who_see_the_report(
    client_as, q4, commune
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("commune_reporter")
    task = services.unit_tasks(commune, q4).first()
    url = reverse("reporting:evidence-upload", args=[COMMUNE, "2021Q4"])
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minutes")
    assert client.post(url, {"file": upload, "task": task.pk}).status_code == 302
    report = Submission.objects.get(unit=commune, period=q4)
    evidence = report.files.get()
    assert evidence.task == task and evidence.name == "bien-ban.pdf"
    link = reverse("reporting:evidence", args=[report.uid, evidence.pk])
    assert client_as("district_reporter").get(link).status_code == 200
    assert client_as("outsider").get(link).status_code == 404


def test_evidence_that_is_too_large_or_for_a_sent_report_is_refused(
    client_as, q4, commune, persona, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("commune_reporter")
    url = reverse("reporting:evidence-upload", args=[COMMUNE, "2021Q4"])
    big = SimpleUploadedFile("anh.jpg", b"0" * (10 * 1024 * 1024 + 1))
    response = client.post(url, {"file": big}, follow=True)
    assert "Tệp quá lớn" in response.content.decode()
    report = write(services.open_report(commune, q4))
    services.submit(report, persona("commune_reporter"), now=at(datetime.date(2021, 12, 16)))
    late = SimpleUploadedFile("anh.jpg", b"photo")
    response = client.post(url, {"file": late}, follow=True)
    assert "không thể sửa" in response.content.decode()
    assert not Submission.objects.get(pk=report.pk).files.exists()


def test_monthly_reports_cover_only_monthly_programmes_and_the_year_covers_all(commune):
    from trienkhai.programmes.models import Programme

    district = OrgUnit.objects.get(code="HU-399")
    november = Period.objects.ensure("2021-11")
    year = Period.objects.ensure("2021")
    assert not completeness.expected_units(district, november).exists()
    assert completeness.expected_units(district, year).filter(pk=commune.pk).exists()
    top = Programme.objects.get(plans__unit=district)
    top.report_every = "month"
    top.save()  # the cycle reaches the district's plan, whose tasks the commune leads
    assert completeness.expected_units(district, november).filter(pk=commune.pk).exists()
    quarter = Period.objects.ensure("2021Q4")
    assert not completeness.expected_units(district, quarter).filter(pk=commune.pk).exists()


def test_the_completeness_page_offers_each_kind_of_period_once_it_is_opened(client_as):
    office = client_as("province_office")
    url = reverse("reporting:completeness")
    page = office.get(url, {"year": 2021, "kind": "year"}).content.decode()
    assert "Chưa có kỳ báo cáo loại này được mở trong năm 2021" in page
    assert not Period.objects.filter(code="2021").exists()  # reading opened nothing
    office.post(reverse("reporting:periods"), {"code": "2021", "action": "open", "year": 2021})
    page = office.get(url, {"year": 2021, "kind": "year"})
    assert page.status_code == 200 and "Năm 2021" in page.content.decode()


def test_the_office_exempts_a_commune_and_it_no_longer_owes_the_report(client_as, q4, commune):
    district = OrgUnit.objects.get(code="HU-399")
    data = {"form": "exemption", "unit": COMMUNE, "period": "2021Q4", "reason": "Sáp nhập"}
    assert (
        client_as("province_office").post(reverse("reporting:deadlines"), data).status_code == 302
    )
    assert not completeness.expected_units(district, q4).filter(pk=commune.pk).exists()
    other = {"form": "exemption", "unit": "HU-399", "period": "", "reason": "x"}
    response = client_as("province_office").post(reverse("reporting:deadlines"), other)
    assert response.status_code == 302  # a district under the province: every period
    outside = {"form": "exemption", "unit": "TU-38", "period": "", "reason": "x"}
    refused = client_as("province_office").post(reverse("reporting:deadlines"), outside)
    assert refused.status_code == 400 and "trực thuộc" in refused.content.decode()


def test_an_accepted_report_with_its_history_opens_for_the_district(client_as, q4, persona):
    district = client_as("district_reporter")
    report = make_reports.accepted(
        unit(COMMUNE), q4, persona("commune_reporter"), persona("district_reporter"), progress=50
    )
    assert list(report.events.values_list("act", flat=True)) == ["submit", "accept"]
    page = district.get(report.get_absolute_url())
    assert page.status_code == 200 and "Quá trình xử lý" in page.content.decode()


# --- Found in review ------------------------------------------------------------------


def test_a_units_own_deadline_rule_does_not_apply_to_itself(q4):
    from trienkhai.reporting.models import DeadlineRule

    district = OrgUnit.objects.get(code="HU-399")
    before = q4.deadline(district)
    DeadlineRule.objects.create(unit=district, kind="quarter", offsets={"district": 40})
    assert q4.deadline(district) == before  # only a unit above sets a district's deadline


def test_a_late_autosave_cannot_turn_a_sent_report_back_into_a_draft(q4, commune, persona):
    stale = write(services.open_report(commune, q4))
    services.submit(
        Submission.objects.get(pk=stale.pk),
        persona("commune_reporter"),
        now=at(datetime.date(2021, 12, 16)),
    )
    with pytest.raises(services.Refused):
        services.save_draft(stale, narrative={"results": "Bản nháp cũ"})
    assert Submission.objects.get(pk=stale.pk).status == Status.SUBMITTED


def test_whoever_sent_a_report_may_not_accept_it(q4, commune, persona):
    district_user = persona("district_reporter")
    report = write(services.open_report(commune, q4))
    services.submit(report, district_user, now=at(datetime.date(2021, 12, 16)))
    with pytest.raises(services.Refused, match="không tự chấp nhận"):
        services.accept(report, district_user)
    assert services.accept(report, persona("province_office")).status == Status.ACCEPTED


def test_a_returned_report_does_not_count_as_sent(q4, commune, persona):
    district = OrgUnit.objects.get(code="HU-399")
    report = write(services.open_report(commune, q4))
    services.submit(report, persona("commune_reporter"), now=at(datetime.date(2021, 12, 16)))
    sent = completeness.compute(district, [q4], today=datetime.date(2022, 1, 31)).totals[0].sent
    services.return_report(report, persona("district_reporter"), "Bổ sung số liệu.")
    rates = completeness.compute(district, [q4], today=datetime.date(2022, 1, 31)).totals[0]
    assert (sent, rates.sent, rates.returned) == (1, 0, 1)


def test_a_task_corrected_below_100_after_reopening_is_no_longer_done(q4, commune, persona):
    report = write(services.open_report(commune, q4), progress="100")
    services.submit(report, persona("commune_reporter"), now=at(datetime.date(2021, 12, 16)))
    services.accept(report, persona("district_reporter"))
    task = services.unit_tasks(commune, q4).first()
    task.refresh_from_db()
    assert task.completed_on is not None
    services.reopen(report, persona("district_reporter"), "Số liệu chưa đúng.")
    write(report, progress="60")
    services.submit(report, persona("commune_reporter"), now=at(datetime.date(2021, 12, 20)))
    services.accept(report, persona("district_reporter"))
    task.refresh_from_db()
    assert task.progress == 60 and task.completed_on is None


def test_words_without_a_percentage_are_refused_rather_than_lost(q4, commune):
    report = services.open_report(commune, q4)
    task = services.unit_tasks(commune, q4).first()
    with pytest.raises(services.Refused, match="hoàn thành"):
        services.save_draft(report, tasks={task.pk: {"progress": "", "obstacles": "Thiếu vốn"}})
    saved = write(report)
    services.save_draft(saved, tasks={task.pk: {"progress": ""}})
    assert not saved.tasks.exists()  # an emptied row is removed


def test_odd_form_field_names_and_task_ids_are_refused_with_a_message_not_errors(client_as, q4):
    client = client_as("commune_reporter")
    form = reverse("reporting:form", args=[COMMUNE, "2021Q4"])
    response = client.post(form, {"task-²-progress": "5", "results": "x", "action": "save"})
    assert "ô không nhận ra (task-²-progress)" in response.content.decode()
    response = client.post(form, {"results": "x", "action": "save"})
    assert response.status_code == 302
    saved = Submission.objects.get(unit__code=COMMUNE, period=q4)
    assert saved.results == "x" and not saved.tasks.exists()
    upload = reverse("reporting:evidence-upload", args=[COMMUNE, "2021Q4"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        upload, {"file": SimpleUploadedFile("a.pdf", b"x"), "task": "abc"}, follow=True
    )
    assert response.redirect_chain == [(form, 302)]
    assert "Nhiệm vụ không thuộc báo cáo của đơn vị." in response.content.decode()
    assert not saved.files.exists()


def test_formalism_signals_never_name_a_unit_outside_the_scope(q4, tourism):
    from trienkhai.reporting import flags

    copy_and_repeat(tourism, q4)  # Hoằng Đông's text is Nga Thanh's, word for word
    make_reports.accepted(unit("DU-16000"), q4, results=COPIED, progress=50)  # and Hoằng Hải's
    everyone = flags.for_period(q4, Submission.objects.filter(period=q4))
    assert any("Nga Thanh" in f.message for items in everyone.values() for f in items)
    hoang_hoa = OrgUnit.objects.get(code="HU-399")
    mine = Submission.objects.filter(period=q4, unit__path__startswith=hoang_hoa.path)
    found = flags.for_period(q4, mine)
    messages = sorted(f.message for items in found.values() for f in items)
    assert len(messages) == 2 and "Hoằng Hải" in messages[0] + messages[1]
    outside = set(
        OrgUnit.objects.exclude(path__startswith=hoang_hoa.path).values_list("name", flat=True)
    )
    for items in found.values():
        for flag in items:
            assert not any(name in flag.message for name in outside if len(name) > 12)


def test_the_deadline_services_refuse_a_unit_outside_the_offices_own(world, q4):
    from django.core.exceptions import ValidationError

    from trienkhai.reporting import deadline_services
    from trienkhai.reporting.models import Exemption, Extension

    office = world.user("vanphonghh")  # Hoằng Hóa's office: Nga Sơn is not below it
    for write, extra in (
        (deadline_services.grant_extension, {"until": datetime.date(2022, 1, 20)}),
        (deadline_services.exempt, {}),
    ):
        with pytest.raises(ValidationError) as refused:
            write(office, unit="HU-401", period="2021Q4", reason="Mưa lũ", **extra)
        assert refused.value.message_dict == {
            "unit": ["Chỉ áp dụng cho đơn vị trực thuộc đơn vị của bạn."]
        }
    assert not Extension.objects.exists() and not Exemption.objects.exists()
