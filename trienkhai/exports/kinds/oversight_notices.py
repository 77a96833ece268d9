"""The two documents of an inspection or supervision that the body issues: the plan (kế
hoạch kiểm tra, giám sát: content, subjects, period looked at, time, teams) and the
conclusion notice (thông báo kết luận: what the team found and what the subject must do,
by whom and by when). Both in the body's own name ("ỦY BAN KIỂM TRA / Số 48-KH/UBKTTU"),
numbered as registered once issued, blank for the văn thư before."""

from django.utils.translation import gettext as _

from trienkhai.exports.document import (
    Report,
    Section,
    Table,
    body_heading,
    body_signature,
    issuing_committee,
)
from trienkhai.lib.vnformat import format_date, roman
from trienkhai.oversight.models import (
    FINDING_ORDER,
    TEAM_ROLE_ORDER,
    FindingKind,
    is_supervision,
)

# A list of more subjects than this reads "the units named in section II" in "Nơi nhận".
NAMED_RECIPIENTS = 5
FINDING_HEADINGS = {
    FindingKind.STRENGTH: "Ưu điểm",
    FindingKind.LIMITATION: "Hạn chế",
    FindingKind.SHORTCOMING: "Khuyết điểm",
    FindingKind.CAUSE: "Nguyên nhân",
}


def _work(kind) -> str:
    return "giám sát" if is_supervision(kind) else "kiểm tra"


def _summary(title, word):
    """The summary under the type name: the title without the type's own word ("Kế hoạch
    giám sát …" → "giám sát …")."""
    text = title.strip()
    if text.lower().startswith(word.lower() + " "):
        text = text[len(word) + 1 :]
    return text


def _paragraphs(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _numbered(items):
    return [f"{n}. {item}" for n, item in enumerate(items, 1)]


def _members(team):
    order = {role: i for i, role in enumerate(TEAM_ROLE_ORDER)}
    members = sorted(team.members.all(), key=lambda m: (order.get(m.role, 9), m.pk))
    lines = []
    for m in members:
        post = f", {m.position.title} {m.position.unit.name}" if m.position_id else ""
        lines.append(f"{m.get_role_display()}: đồng chí {m.person.full_name}{post}")
    return lines


def _committee_recipient(body):
    committee = issuing_committee(body)
    return f"Thường trực {committee.name} (để báo cáo)"


def plan_report(*, plan, today, progress=lambda pct, step: None, **_ignored):
    work = _work(plan.kind)
    body = plan.body
    on = plan.document.issue_date if plan.issued else today
    subjects = sorted(plan.subjects.all(), key=lambda u: u.path)
    documents = list(plan.documents.all())
    programmes = list(plan.programmes.select_related("document"))
    teams = list(
        plan.teams.select_related("document").prefetch_related(
            "members__person", "members__position__unit", "cases__subject"
        )
    )
    progress(40, _("Đang viết kế hoạch"))
    content = _paragraphs(plan.content)
    if documents:
        content.append(
            f"Văn bản được {work} việc thực hiện: "
            + "; ".join(f"{d.symbol} ngày {format_date(d.issue_date)}" for d in documents)
            + "."
        )
    if programmes:
        content.append(
            "Chương trình: "
            + "; ".join(
                f"{p.document.symbol} — {p.title}" if p.document_id else p.title for p in programmes
            )
            + "."
        )
    sections = [
        Section(f"I. NỘI DUNG {work.upper()}", content or [f"Theo nội dung {work} đã duyệt."]),
        Section(f"II. ĐỐI TƯỢNG {work.upper()}", _numbered(u.name for u in subjects)),
        Section(
            "III. THỜI KỲ VÀ THỜI GIAN TIẾN HÀNH",
            [
                f"1. Thời kỳ {work}: từ ngày {format_date(plan.covers_from)} đến ngày "
                f"{format_date(plan.covers_to)}.",
                f"2. Thời gian tiến hành: từ ngày {format_date(plan.starts_on)} đến ngày "
                f"{format_date(plan.ends_on)}.",
            ],
        ),
        Section("IV. TỔ CHỨC THỰC HIỆN", _organisation(plan, teams, work)),
    ]
    recipients = [_committee_recipient(body)]
    if len(subjects) <= NAMED_RECIPIENTS:
        recipients += [f"{u.name} (để thực hiện)" for u in subjects]
    else:
        recipients.append(f"Các đối tượng {work} tại mục II (để thực hiện)")
    recipients += [f"Các đồng chí thành viên đoàn {work}", "Lưu"]
    return Report(
        heading=body_heading(
            body,
            kind_code="KH",
            kind_name="KẾ HOẠCH",
            summary=_summary(plan.title, "Kế hoạch"),
            on=on,
            symbol=plan.document.symbol if plan.issued else "",
        ),
        sections=sections,
        signature=body_signature(body, on),
        recipients=recipients,
        filename=(plan.document.symbol if plan.issued else f"du-thao-ke-hoach-{work}"),
        is_sample=plan.is_sample,
    )


def _organisation(plan, teams, work):
    parts = []
    if not teams:
        parts.append(
            f"{plan.body.name} thành lập đoàn {work} bằng quyết định riêng, nêu thành phần, "
            f"thời gian làm việc với từng đối tượng và hạn nộp báo cáo tự {work}."
        )
        return parts
    parts.append(
        Table(
            f"Các đoàn {work}",
            [
                ("Đoàn", "text"),
                ("Quyết định thành lập", "text"),
                ("Đối tượng", "text"),
                ("Làm việc", "text"),
                (f"Hạn nộp báo cáo tự {work}", "text"),
            ],
            [
                [
                    t.name,
                    f"{t.document.symbol} ngày {format_date(t.document.issue_date)}"
                    if t.document_id
                    else "",
                    "; ".join(c.subject.name for c in t.cases.all()),
                    f"{format_date(t.starts_on)} – {format_date(t.ends_on)}",
                    format_date(t.self_report_due),
                ]
                for t in teams
            ],
        )
    )
    for t in teams:
        parts.append(Section(f"Thành phần {t.name.lower()}", _members(t)))
    parts.append(
        f"Các đối tượng {work} xây dựng báo cáo tự {work} theo đề cương của đoàn, gửi về đoàn "
        f"đúng hạn; chuẩn bị văn bản, tài liệu liên quan để làm việc với đoàn."
    )
    return parts


def conclusion_report(*, case, today, progress=lambda pct, step: None, **_ignored):
    team = case.team
    plan = team.plan
    body = plan.body
    work = _work(plan.kind)
    issued = case.concluded
    on = case.conclusion.issue_date if issued else today
    progress(40, _("Đang viết thông báo kết luận"))
    intro = (
        f"Thực hiện Kế hoạch số {plan.document.symbol} ngày "
        f"{format_date(plan.document.issue_date)} của {body.name}"
        if plan.issued
        else f"Thực hiện kế hoạch {work} của {body.name}"
    )
    decision = f" (Quyết định số {team.document.symbol})" if team.document_id else ""
    intro += (
        f", từ ngày {format_date(team.starts_on)} đến ngày {format_date(team.ends_on)}, "
        f"{team.name}{decision} đã tiến hành {work} đối với {case.subject.name}. Trên cơ sở "
        f"báo cáo tự {work} của đối tượng và kết quả làm việc của đoàn, {body.name} kết luận "
        f"như sau:"
    )
    sections = []
    by_kind = {kind: [] for kind in FINDING_ORDER}
    for f in case.findings.order_by("created_at", "pk"):
        by_kind.setdefault(f.kind, []).append(f.text)
    n = 1
    for kind in FINDING_ORDER:
        if by_kind[kind]:
            sections.append(
                Section(
                    f"{roman(n)}. {FINDING_HEADINGS[kind].upper()}",
                    _numbered(_paragraphs("\n".join(by_kind[kind]))),
                )
            )
            n += 1
    recs = list(case.recommendations.select_related("responsible_unit").order_by("deadline", "pk"))
    if recs:
        rec_parts = [f"{body.name} yêu cầu:"]
        rec_parts += _numbered(
            f"{r.responsible_unit.name}: {r.text.strip().rstrip('.')} (hạn thực hiện "
            f"{format_date(r.deadline)})."
            for r in recs
        )
        rec_parts.append(
            f"{case.subject.name} báo cáo kết quả khắc phục về {body.name} trước ngày "
            f"{format_date(max(r.deadline for r in recs))}."
        )
        sections.append(Section(f"{roman(n)}. KIẾN NGHỊ, YÊU CẦU", rec_parts))
    if not sections:
        sections.append(
            Section("I. NHẬN XÉT, ĐÁNH GIÁ", [f"Đoàn {work} chưa ghi nhận xét, đánh giá nào."])
        )
    title = case.conclusion.title if issued else ""
    summary = (
        _summary(title, "Thông báo kết luận") if title else (f"{work} tại {case.subject.name}")
    )
    units = [case.subject, *{r.responsible_unit for r in recs} - {case.subject}]
    return Report(
        heading=body_heading(
            body,
            kind_code="TB",
            kind_name="THÔNG BÁO KẾT LUẬN",
            summary=summary,
            on=on,
            symbol=case.conclusion.symbol if issued else "",
        ),
        sections=sections,
        preamble=[intro],
        signature=body_signature(body, on),
        recipients=[
            _committee_recipient(body),
            *(f"{u.name} (để thực hiện)" for u in units),
            f"Các đồng chí thành viên {team.name.lower()}",
            "Lưu",
        ],
        filename=(case.conclusion.symbol if issued else f"du-thao-thong-bao-ket-luan-{work}"),
        is_sample=case.is_sample,
    )
