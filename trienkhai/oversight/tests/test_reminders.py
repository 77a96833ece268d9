"""The daily reminders of oversight (`services.send_reminders`): self-reports due within
five days or late, to the subject's writers; recommendations due within five days or
overdue, to the responsible unit's writers and, once overdue, to the leader in charge;
each at most once, however often the command runs.

The factories' team is formed on 10/10/2021 with self-reports due 18/10; the conclusion
is issued on 05/12/2021."""

import datetime

import pytest
from django.db.models import Q

from trienkhai.notifications.models import Notification
from trienkhai.oversight import services
from trienkhai.oversight.models import Verdict
from trienkhai.testing import oversight as make

D = datetime.date


@pytest.fixture
def kt(world):
    return world.user("kiemtra")


@pytest.fixture
def case(world, kt, settings):
    """An open case at Hoằng Hóa, its self-report due on 18/10/2021."""
    settings.TK_TODAY = D(2021, 10, 12)
    return make.case(world.ubkt, world.hoanghoa, user=kt)


@pytest.fixture
def rec(world, kt, settings):
    """A recommendation to Hoằng Hóa due on 20/12/2021, concluded on 05/12."""
    settings.TK_TODAY = D(2021, 12, 10)
    made = make.case(world.ubkt, world.hoanghoa, user=kt)
    services.submit_self_report(world.user("hoanghoa"), made, text="Báo cáo tự kiểm tra. " * 5)
    make.concluded(made, user=kt, deadline=D(2021, 12, 20))
    return made.recommendations.get()


def told(user, *prefixes):
    """What the user was reminded of, under keys starting with one of `prefixes`."""
    keys = Q()
    for prefix in prefixes:
        keys |= Q(key__startswith=f"oversight:{prefix}:")
    return list(
        Notification.objects.filter(keys, user=user).order_by("pk").values_list("text", flat=True)
    )


def self_report_reminders(user):
    return told(user, "self-report:due", "self-report:late")


def rec_reminders(user):
    return told(user, "rec")


def recommendations(sent):
    return [(unit, n) for what, unit, n in sent if what == "recommendation"]


# --- self-reports -------------------------------------------------------------------------


def test_the_subjects_writers_are_reminded_of_a_self_report_due_in_five_days(world, case):
    services.send_reminders(today=D(2021, 10, 12))
    assert self_report_reminders(world.user("hoanghoa")) == []

    sent = services.send_reminders(today=D(2021, 10, 13))

    expected = ["Huyện ủy Hoằng Hóa: hạn nộp báo cáo tự kiểm tra 18/10/2021."]
    assert self_report_reminders(world.user("hoanghoa")) == expected
    assert self_report_reminders(world.user("vanphonghh")) == expected
    assert self_report_reminders(world.user("lanhdao")) == []
    assert sent == [("self-report", world.hoanghoa, 2)]


def test_a_late_self_report_is_reminded_once_more_after_the_due_date(world, case):
    services.send_reminders(today=D(2021, 10, 16))
    services.send_reminders(today=D(2021, 10, 18))  # due today: still "due"
    services.send_reminders(today=D(2021, 10, 19))

    assert self_report_reminders(world.user("hoanghoa")) == [
        "Huyện ủy Hoằng Hóa: hạn nộp báo cáo tự kiểm tra 18/10/2021.",
        "Huyện ủy Hoằng Hóa: báo cáo tự kiểm tra quá hạn từ 18/10/2021.",
    ]


def test_a_submitted_self_report_is_not_reminded(world, case):
    services.submit_self_report(world.user("hoanghoa"), case, text="Báo cáo tự kiểm tra. " * 5)

    assert services.send_reminders(today=D(2021, 10, 19)) == []
    assert self_report_reminders(world.user("hoanghoa")) == []


# --- recommendations ------------------------------------------------------------------------


def test_the_responsible_unit_is_reminded_of_a_recommendation_due_in_five_days(world, rec):
    services.send_reminders(today=D(2021, 12, 14))
    assert rec_reminders(world.user("hoanghoa")) == []

    sent = services.send_reminders(today=D(2021, 12, 15))

    expected = [f"Kiến nghị đến hạn 20/12/2021: “{rec.text}” (Huyện ủy Hoằng Hóa)."]
    assert rec_reminders(world.user("hoanghoa")) == expected
    assert rec_reminders(world.user("vanphonghh")) == expected
    assert rec_reminders(world.user("lanhdao")) == []
    assert sent == [("recommendation", world.hoanghoa, 2)]


def test_an_overdue_recommendation_is_reminded_to_the_unit_and_the_leader_in_charge(world, rec):
    sent = services.send_reminders(today=D(2021, 12, 21))

    expected = [f"Kiến nghị quá hạn từ 20/12/2021: “{rec.text}” (Huyện ủy Hoằng Hóa)."]
    for username in ("hoanghoa", "vanphonghh", "lanhdao"):
        assert rec_reminders(world.user(username)) == expected
    assert rec_reminders(world.user("ngason")) == []
    assert sent == [("recommendation", world.hoanghoa, 3)]


def test_a_recommendation_done_awaiting_verification_or_still_a_draft_is_not_reminded(
    world, kt, rec
):
    draft_case = make.case(world.ubkt, world.ngason, user=kt)
    make.recommendation(draft_case, user=kt, deadline=D(2021, 12, 20))
    remedy = make.remedy(rec, user=world.user("hoanghoa"))

    # Reported before the deadline: the team's turn now, not the unit's.
    assert recommendations(services.send_reminders(today=D(2021, 12, 21))) == []

    services.verify_remedy(kt, remedy, verdict=Verdict.DONE)
    assert recommendations(services.send_reminders(today=D(2021, 12, 22))) == []
    assert not Notification.objects.filter(key__startswith="oversight:rec:").exists()


def test_a_recommendation_judged_partly_done_is_reminded_again(world, kt, rec):
    remedy = make.remedy(rec, user=world.user("hoanghoa"))
    services.verify_remedy(kt, remedy, verdict=Verdict.PARTLY, note="Còn thiếu kế hoạch của xã.")

    services.send_reminders(today=D(2021, 12, 21))

    assert rec_reminders(world.user("lanhdao")) == [
        f"Kiến nghị quá hạn từ 20/12/2021: “{rec.text}” (Huyện ủy Hoằng Hóa)."
    ]


# --- at most once ------------------------------------------------------------------------


def test_a_second_run_the_same_day_adds_nothing(world, case, rec):
    first = services.send_reminders(today=D(2021, 12, 21))
    count = Notification.objects.count()

    second = services.send_reminders(today=D(2021, 12, 21))

    assert sorted((what, n) for what, _unit, n in first) == [
        ("recommendation", 3),
        ("self-report", 2),
    ]
    assert [n for _what, _unit, n in second] == [0, 0]
    assert Notification.objects.count() == count


def test_reminders_go_by_mail_too_unless_told_not_to(world, rec, mailoutbox):
    reporter = world.user("hoanghoa")
    reporter.email = "hoanghoa@example.vn"
    reporter.save()

    services.send_reminders(today=D(2021, 12, 15), email=False)
    assert mailoutbox == []
    assert rec_reminders(reporter)

    services.send_reminders(today=D(2021, 12, 21))
    assert [m.to for m in mailoutbox] == [["hoanghoa@example.vn"]]
    assert "quá hạn" in mailoutbox[0].subject
