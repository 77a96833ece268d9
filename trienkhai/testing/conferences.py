"""Factories for conferences: a conference, its bridge points registered through
`services.register_point` (as the page, the API and the Excel import do), check-ins,
head counts and polls with their answers through the services too."""

import datetime
import itertools

from django.utils import timezone

from trienkhai.accounts.models import Role, User
from trienkhai.conferences import services
from trienkhai.conferences.models import Conference, PointLevel, Poll, PollChoice
from trienkhai.orgs.models import Level, OrgUnit

from . import factories as make

_numbers = itertools.count(1)

LEVELS = {
    Level.PROVINCE: PointLevel.PROVINCE,
    Level.DISTRICT: PointLevel.DISTRICT,
    Level.COMMUNE: PointLevel.COMMUNE,
}


def conference(organiser, title=None, *, starts_at=None, ends_at=None, hours=3, **fields):
    """A conference of `organiser`, starting tomorrow unless told (`hours` long)."""
    starts_at = starts_at or timezone.now() + datetime.timedelta(days=1)
    if ends_at is None and hours is not None:
        ends_at = starts_at + datetime.timedelta(hours=hours)
    return Conference.objects.create(
        title=title or f"Hội nghị số {next(_numbers)}",
        organiser=organiser,
        starts_at=starts_at,
        ends_at=ends_at,
        **fields,
    )


def live(organiser, title=None, **fields):
    """A conference under way: started five minutes ago, ending in two hours."""
    now = timezone.now()
    return conference(
        organiser,
        title,
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=2),
        **fields,
    )


def ended(organiser, title=None, **fields):
    """A conference that ended yesterday (three hours long)."""
    start = timezone.now() - datetime.timedelta(days=1, hours=3)
    return conference(organiser, title, starts_at=start, hours=3, **fields)


def registrar(host):
    """An account that registers points for `host`: a writer of the host or of the
    nearest unit above it (the world's reporters and offices), else a new reporter."""
    chain = [host, *reversed(list(OrgUnit.objects.get_ancestors(host)))]
    for unit in chain:
        found = (
            User.objects.filter(
                unit=unit, is_active=True, roles__role__in=(Role.OFFICE, Role.REPORTER)
            )
            .order_by("pk")
            .first()
        )
        if found is not None:
            return found
    return make.user(None, host, Role.REPORTER)


def point(conference, host, name=None, *, by=None, level=None, **fields):
    """A bridge point of `conference` hosted by `host`, registered by `by` (the host's
    own registrar when None) through the service; other fields (capacity,
    uses_check_in, is_open, is_sample...) are set on the new point."""
    made, _created = services.register_point(
        conference,
        by or registrar(host),
        host=host,
        name=name or f"Điểm cầu {host.name}",
        level=level or LEVELS.get(host.level, PointLevel.VILLAGE),
        **fields,
    )
    return made


def points(conference, host, count, *, by=None, prefix="Điểm cầu thôn", **fields):
    """`count` village points of `host`, registered at once (`register_points`)."""
    rows = [
        {"host": host, "name": f"{prefix} {i}", "level": PointLevel.VILLAGE, **fields}
        for i in range(1, count + 1)
    ]
    return [p for p, _c in services.register_points(conference, by or registrar(host), rows)]


def report(point, *, now=None, **counts):
    """The point's head count reported (`committee_members`, `party_members`,
    `officials`, `others`), at the conference's start when it has not started yet."""
    now = now or max(timezone.now(), point.conference.starts_at)
    return services.report_attendance(point, counts, now=now)


def check_in(point, name=None, **fields):
    """A delegate checked in at `point` through the service; returns the CheckIn."""
    made, _created = services.check_in(
        point, name=name or f"Đại biểu số {next(_numbers)}", **fields
    )
    return made


def poll(
    owner,
    question=None,
    choices=("Có", "Không"),
    *,
    conference=None,
    kind="single",
    opens_at=None,
    closes_at=None,
    **fields,
):
    """A poll of `owner` (of `conference` when given, open for its hours), with its
    choices in order."""
    if conference is not None:
        opens_at = opens_at or conference.starts_at
        closes_at = closes_at or conference.ends_at
    now = timezone.now()
    made = Poll.objects.create(
        owner=owner,
        conference=conference,
        question=question or f"Câu hỏi số {next(_numbers)}?",
        kind=kind,
        opens_at=opens_at or now - datetime.timedelta(minutes=5),
        closes_at=closes_at or now + datetime.timedelta(hours=2),
        **fields,
    )
    if kind in ("single", "multiple"):
        PollChoice.objects.bulk_create(
            PollChoice(poll=made, order=i, text=t) for i, t in enumerate(choices, start=1)
        )
    return made


def answer(poll, *choices, name=None, now=None, **fields):
    """An answer to `poll` choosing the choices of those texts, through the service
    (at the poll's opening when it is not open now)."""
    chosen = [c.pk for c in poll.choices.filter(text__in=choices)]
    when = now or timezone.now()
    if not poll.opens_at <= when <= poll.closes_at:
        when = poll.opens_at
    return services.answer_poll(
        poll,
        name=name or f"Đại biểu số {next(_numbers)}",
        choice_ids=chosen,
        now=when,
        **fields,
    )


# The seed's online conference of 5/11/2021 in the small world: a point per unit with
# its head count reported (committee members, party members, officials, others).
ONLINE_POINTS = [
    ("province", "Điểm cầu Tỉnh ủy Thanh Hóa", (30, 700, 250, 40)),
    ("police", "Điểm cầu Công an tỉnh", (10, 200, 40, 10)),
    ("hoanghoa", "Điểm cầu Huyện ủy Hoằng Hóa", (12, 80, 20, 8)),
    ("hoangdong", "Điểm cầu xã Hoằng Đông", (4, 30, 4, 2)),
    ("hoanghai", "Điểm cầu xã Hoằng Hải", (3, 28, 5, 2)),
    ("ngason", "Điểm cầu Huyện ủy Nga Sơn", (10, 85, 20, 5)),
    ("ngathanh", "Điểm cầu xã Nga Thanh", (3, 30, 6, 3)),
]
ONLINE_DELEGATES = sum(sum(c) for _u, _n, c in ONLINE_POINTS)  # 1,640


def online_conference(world, *, sample=True):
    """The province's online conference of 5/11/2021 over the `world`: seven points
    (the main one at the Tỉnh ủy), each with its head count reported, closed; the
    points labelled sample data as the demo's are."""
    import zoneinfo

    tz = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    made = conference(
        world.province,
        "Hội nghị trực tuyến toàn tỉnh học tập, quán triệt các chương trình trọng tâm",
        starts_at=datetime.datetime(2021, 11, 5, 8, 0, tzinfo=tz),
        ends_at=datetime.datetime(2021, 11, 5, 11, 30, tzinfo=tz),
        hours=None,
        organ="Ban Thường vụ Tỉnh ủy",
        form="online",
    )
    for unit_name, name, counts in ONLINE_POINTS:
        p = point(made, getattr(world, unit_name), name, is_sample=sample)
        report(
            p,
            **dict(zip(services.COUNT_FIELDS, counts, strict=True)),
            now=made.starts_at + datetime.timedelta(hours=3),
        )
        p.is_open = False
        p.save(update_fields=["is_open"])
    return made


CLOSING_CHOICES = ["Rất thiết thực", "Thiết thực", "Bình thường", "Chưa thiết thực"]


def closing_poll(conference, answers=None):
    """The seed's closing poll of `conference` (sample data, as the demo's), answered
    through the service: `answers` maps a choice's text to how many chose it."""
    made = poll(
        conference.organiser,
        "Đồng chí đánh giá thế nào về hiệu quả của hội nghị?",
        CLOSING_CHOICES,
        conference=conference,
        closes_at=conference.ends_at + datetime.timedelta(days=7),
        is_sample=True,
    )
    for text, count in (answers or {"Rất thiết thực": 3, "Thiết thực": 1}).items():
        for _i in range(count):
            answer(made, text)
    return made


__all__ = [
    "CLOSING_CHOICES",
    "ONLINE_DELEGATES",
    "ONLINE_POINTS",
    "answer",
    "check_in",
    "closing_poll",
    "conference",
    "ended",
    "live",
    "online_conference",
    "point",
    "points",
    "poll",
    "registrar",
    "report",
]
