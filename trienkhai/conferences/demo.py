"""Demo conference: the online conference of 5/11/2021 (the seed): 827 bridge points,
32,637 delegates, the documents it studied. The main point at the Tỉnh ủy and the Công
an tỉnh point are the seed's; the other points and the split of delegates between
points are sample data, labelled so, arranged to add up to the seed's totals."""

import datetime
import random
import zoneinfo

from trienkhai.conferences.models import (
    BridgePoint,
    Conference,
    PointLevel,
    Poll,
    PollAnswer,
    PollChoice,
    district_of,
)
from trienkhai.documents.models import Document
from trienkhai.lib.vntext import sort_key_text
from trienkhai.orgs.models import Level, OrgUnit

TITLE = (
    "Hội nghị trực tuyến toàn tỉnh học tập, quán triệt, triển khai thực hiện các "
    "chương trình trọng tâm, khâu đột phá thực hiện Nghị quyết Đại hội Đảng bộ tỉnh "
    "lần thứ XIX, nhiệm kỳ 2020-2025 và các kết luận mới ban hành của Tỉnh ủy"
)
POINTS, DELEGATES = 827, 32_637
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# Sample head counts by level (before scaling to the seed's total).
WEIGHTS = {
    PointLevel.PROVINCE: 300,
    PointLevel.DISTRICT: 120,
    PointLevel.COMMUNE: 40,
    PointLevel.VILLAGE: 25,
}


def load():
    province = OrgUnit.objects.get(code="TU-38")
    if Conference.objects.filter(title=TITLE).exists():
        return 0
    conference = Conference.objects.create(
        title=TITLE,
        organiser=province,
        organ="Ban Thường vụ Tỉnh ủy",
        starts_at=datetime.datetime(2021, 11, 5, 8, 0, tzinfo=TZ),
        ends_at=datetime.datetime(2021, 11, 5, 11, 30, tzinfo=TZ),
        form="online",
        presiding="Đỗ Trọng Hưng, Bí thư Tỉnh ủy; Lại Thế Nguyên, Phó Bí thư Thường trực "
        "Tỉnh ủy; Đỗ Minh Tuấn, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh; "
        "Trịnh Tuấn Sinh, Phó Bí thư Tỉnh ủy",
    )
    conference.documents.set(Document.objects.filter(issuing_unit=province))
    rng = random.Random(20211105)
    plan = [
        (province, "Điểm cầu Tỉnh ủy Thanh Hóa", PointLevel.PROVINCE, True),
        (OrgUnit.objects.get(code="DUCA-38"), "Điểm cầu Công an tỉnh", PointLevel.PROVINCE, False),
    ]
    districts = list(
        OrgUnit.objects.get_children(province).filter(level=Level.DISTRICT, kind="party_committee")
    )
    plan += [(d, f"Điểm cầu {d.name}", PointLevel.DISTRICT, False) for d in districts]
    communes = list(
        OrgUnit.objects.filter(level=Level.COMMUNE, code__startswith="DU-")
        .exclude(code__startswith="DU-2025-")
        .order_by("path")
    )
    plan += [(c, f"Điểm cầu {c.name}", PointLevel.COMMUNE, False) for c in communes]
    villages = POINTS - len(plan)
    for i, commune in enumerate(rng.sample(communes, villages)):
        plan.append(
            (
                commune,
                f"Điểm cầu thôn, tổ dân phố số {i % 9 + 1}, {commune.name.replace('Đảng ủy ', '')}",
                PointLevel.VILLAGE,
                False,
            )
        )
    counts = [max(5, round(WEIGHTS[level] * rng.uniform(0.7, 1.3))) for _u, _n, level, _m in plan]
    scale = DELEGATES / sum(counts)
    counts = [max(1, int(c * scale)) for c in counts]
    counts[0] += DELEGATES - sum(counts)  # the main point takes the rounding remainder
    district_cache = {}
    points = []
    for (host, name, level, main), total in zip(plan, counts, strict=True):
        if host.pk not in district_cache:
            district_cache[host.pk] = district_of(host)
        party = round(total * 0.7)
        committee = min(round(total * 0.1), party)
        points.append(
            BridgePoint(
                conference=conference,
                host=host,
                district=district_cache[host.pk],
                name=name,
                sort_key=sort_key_text(name),
                level=level,
                is_main=main,
                committee_members=committee,
                party_members=party - committee,
                officials=round(total * 0.15),
                others=total - party - round(total * 0.15),
                present=total,
                connected_at=conference.starts_at,
                reported_at=conference.ends_at,
                is_open=False,
                is_sample=True,
            )
        )
    BridgePoint.objects.bulk_create(points)
    _closing_poll(conference, rng)
    return len(points)


def _closing_poll(conference, rng):
    """The page of the seed ends with an opinion poll; its answers here are sample data."""
    poll = Poll.objects.create(
        owner=conference.organiser,
        conference=conference,
        kind="single",
        is_sample=True,
        question="Đồng chí đánh giá thế nào về hiệu quả của hội nghị?",
        opens_at=conference.starts_at,
        closes_at=conference.ends_at + datetime.timedelta(days=7),
    )
    choices = PollChoice.objects.bulk_create(
        PollChoice(poll=poll, order=i, text=t)
        for i, t in enumerate(
            ["Rất thiết thực", "Thiết thực", "Bình thường", "Chưa thiết thực"], start=1
        )
    )
    answers = PollAnswer.objects.bulk_create(
        PollAnswer(poll=poll, key=f"sample-{i}") for i in range(400)
    )
    weights = [0.46, 0.38, 0.12, 0.04]
    PollAnswer.choices.through.objects.bulk_create(
        PollAnswer.choices.through(
            pollanswer_id=a.pk, pollchoice_id=rng.choices(choices, weights)[0].pk
        )
        for a in answers
    )
