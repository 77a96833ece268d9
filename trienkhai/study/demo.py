"""Demo study: after the conference of 5/11/2021, each district Party committee holds
its own session for key cadres and each commune Party committee studies the
documents with its members, some with make-up sessions for those absent.

All of it is sample data, labelled so: the communes' Party member counts (the seed
gives only the province's 229,424), the dates, the attendance, the learning reports.
The spread is realistic rather than flattering: districts differ, a few communes have
not studied yet, and a few report more present than the members they have.
"""

import datetime
import random

from trienkhai.conferences.demo import TITLE
from trienkhai.conferences.models import Conference
from trienkhai.orgs.models import Kind, Level, OrgUnit
from trienkhai.study.models import LearningReport, SessionKind, StudyForm, StudySession

SAMPLE_NOTE = "Số đảng viên: dữ liệu mẫu."
START = datetime.date(2021, 11, 8)
CORE = 4  # documents every commune that studies takes up


def _sample_members(rng, communes):
    """Communes without a registered count get a sample one (labelled in the note)."""
    changed = []
    for commune in communes:
        if commune.party_members is None:
            commune.party_members = rng.randint(180, 620) * (
                8 if commune.level == "province" else 1
            )
            commune.note = (commune.note + "\n" + SAMPLE_NOTE).strip()
            changed.append(commune)
    OrgUnit.objects.bulk_update(changed, ["party_members", "note"])


def load():
    conference = Conference.objects.filter(title=TITLE).first()
    if conference is None or StudySession.objects.filter(conference=conference).exists():
        return 0
    # The conference's programmes and conclusions first, then the other documents.
    documents = sorted(
        conference.documents.all(), key=lambda d: (d.kind not in ("CTr", "KL"), d.symbol)
    )
    if not documents:
        return 0
    rng = random.Random(20211108)
    districts = list(
        OrgUnit.objects.filter(level=Level.DISTRICT, kind="party_committee").order_by("path")
    )
    # The base Party committees: the communes', and the province's own (Công an tỉnh).
    communes = list(
        OrgUnit.objects.filter(kind=Kind.PARTY_COMMITTEE, numchild=0)
        .exclude(code__startswith="DU-2025-")
        .order_by("path")
    )
    _sample_members(rng, communes)
    sessions = []  # (session, its documents)
    for district in districts:
        cadres = rng.randint(120, 260)
        session = StudySession(
            unit=district,
            conference=conference,
            held_on=START + datetime.timedelta(days=rng.randint(0, 4)),
            form=StudyForm.IN_PERSON,
            members_expected=cadres,
            members_present=cadres - rng.randint(0, 8),
            presiding=f"Ban Thường vụ {district.name}",
            note="Hội nghị quán triệt cho cán bộ chủ chốt.",
            is_sample=True,
        )
        sessions.append((session, documents))
    # How thoroughly each district's communes study: most well, a few lagging.
    district_rate = {d.path: rng.choice([0.97, 0.95, 0.93, 0.9, 0.86, 0.78]) for d in districts}
    step = OrgUnit.steplen
    implausible = set(rng.sample(range(len(communes)), 3))
    for i, commune in enumerate(communes):
        rate = district_rate.get(commune.path[: 2 * step], 0.9)
        if rng.random() < (0.04 if rate > 0.85 else 0.15):
            continue  # not studied yet
        studied = documents[:CORE] + [d for d in documents[CORE:] if rng.random() < 0.8]
        members = commune.party_members
        day = START + datetime.timedelta(days=rng.randint(5, 40))
        expected = members + rng.randint(40, 90) if i in implausible else members
        present = min(expected, round(members * min(1.0, rate + rng.uniform(-0.08, 0.05))))
        if i in implausible:
            present = expected - rng.randint(0, 5)
        session = StudySession(
            unit=commune,
            conference=conference,
            held_on=day,
            form=rng.choice([StudyForm.IN_PERSON] * 4 + [StudyForm.BOTH]),
            members_expected=expected,
            members_present=present,
            others_present=rng.randint(0, 40),
            reports_submitted=round(present * rng.uniform(0.5, 1.0)),
            is_sample=True,
        )
        sessions.append((session, studied))
        absent = expected - present
        if absent > 10 and rng.random() < 0.4:
            make_up = StudySession(
                unit=commune,
                conference=conference,
                held_on=day + datetime.timedelta(days=rng.randint(7, 20)),
                kind=SessionKind.MAKE_UP,
                members_expected=absent,
                members_present=round(absent * rng.uniform(0.4, 0.9)),
                is_sample=True,
            )
            sessions.append((make_up, studied))
    StudySession.objects.bulk_create([s for s, _docs in sessions])
    through = StudySession.documents.through
    through.objects.bulk_create(
        through(studysession_id=s.pk, document_id=d.pk) for s, docs in sessions for d in docs
    )
    return len(sessions)


SAMPLE_REPORT = (
    "Bài thu hoạch mẫu (dữ liệu mẫu). Qua học tập, quán triệt {doc}, tôi nhận thức rõ mục "
    "tiêu, nhiệm vụ trọng tâm và giải pháp đột phá của Tỉnh ủy; trách nhiệm của mỗi đảng "
    "viên là cụ thể hóa vào công việc được giao, nói đi đôi với làm."
)
SAMPLE_COMMITMENT = (
    "Đăng ký thực hiện phần việc cụ thể ở chi bộ thôn, báo cáo kết quả hằng quý (dữ liệu mẫu)."
)


def load_learning_reports():
    """A Party member of Hoằng Đông (the demo account `dangvien`) has written learning
    reports on the first documents of the conference."""
    from trienkhai.accounts.models import User

    author = User.objects.filter(username="dangvien").first()
    conference = Conference.objects.filter(title=TITLE).first()
    if author is None or conference is None or author.learning_reports.exists():
        return 0
    documents = sorted(conference.documents.all(), key=lambda d: d.symbol)[:3]
    for document in documents:
        LearningReport.objects.create(
            document=document,
            unit=author.unit,
            author=author,
            author_name=author.get_full_name() or author.username,
            lessons=SAMPLE_REPORT.format(doc=document.symbol),
            commitments=SAMPLE_COMMITMENT,
        )
    return len(documents)
