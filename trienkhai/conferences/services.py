"""Check-in and attendance reports: validation in one place for the pages and the API."""

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from trienkhai.accounts.access import may_act_for, may_change_owned, may_write_for_unit
from trienkhai.conferences.models import (
    BridgePoint,
    CheckIn,
    Conference,
    delegate_key,
    point_cache_key,
    points_by_name,
)
from trienkhai.core import clock
from trienkhai.lib.vntext import clean_line, search_key


class Refused(Exception):
    """A request refused with a message for the user; nothing was changed."""


class AlreadyAnswered(Refused):
    """The delegate or user has answered this poll before; the first answer stands."""


# A burst sends hundreds of check-ins a second to the same points: each process keeps
# a point (with its conference) for a couple of seconds instead of reading it every
# time. Closing a point or ending a conference takes effect within that time.
LOOKUP_SECONDS = 2


def point_for_code(code):
    code = (code or "").strip().upper()
    point = cache.get(point_cache_key(code)) if code.isalnum() else None
    if point is None:
        point = BridgePoint.objects.select_related("conference").filter(code=code).first()
        if point is None or not code.isalnum():
            raise Refused(_("Mã điểm cầu không đúng. Hãy quét lại mã QR tại điểm cầu."))
        cache.set(point_cache_key(code), point, LOOKUP_SECONDS)
    return point


def forget_point(point):
    """After a point changes (closed, reopened), the next check-in reads it afresh here."""
    cache.delete(point_cache_key(point.code))


def _insert_check_in(point, key, name, unit_text, is_party_member, user, now):
    """One statement, one round trip, no transaction: the row's id, or None when this
    delegate has already checked in for the conference (the unique constraint decides,
    so two sendings at the same instant are still counted once)."""
    q = connection.ops.quote_name
    columns = [
        "conference_id",
        "point_id",
        "key",
        "name",
        "unit_text",
        "is_party_member",
        "user_id",
        "created_at",
    ]
    values = [
        point.conference_id,
        point.pk,
        key,
        name[:120],
        unit_text[:200],
        is_party_member,
        user.pk if user is not None else None,
        connection.ops.adapt_datetimefield_value(now),
    ]
    sql = (
        f"INSERT INTO {q(CheckIn._meta.db_table)} ({', '.join(q(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({q('conference_id')}, {q('key')}) DO NOTHING RETURNING {q('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    return row[0] if row else None


def checkin_refusal(point, now=None):
    """Why the point takes no check-in now, or None: the one rule, said on the page
    before the form is filled in and applied when it is sent."""
    now = now or clock.now()
    conference = point.conference
    if conference.ends_at and now > conference.ends_at:
        return _("Hội nghị đã kết thúc; không nhận điểm danh nữa.")
    if not point.is_open:
        return _("Điểm cầu này đã đóng điểm danh.")
    return None


def set_point_open(point, user, is_open, now=None):
    """Open or close a point's check-in. A point of a conference that has ended cannot
    be opened again: it would say "open" and still refuse every delegate."""

    if not (
        may_write_for_unit(user, point.host) or may_change_owned(user, point.conference.organiser)
    ):
        raise Refused(_("Bạn không có quyền sửa điểm cầu này."))
    conference = point.conference
    if is_open and conference.ends_at and (now or clock.now()) > conference.ends_at:
        raise Refused(_("Hội nghị đã kết thúc; không thể mở lại điểm danh."))
    point.is_open = is_open
    point.save(update_fields=["is_open"])
    return point


def check_in(
    point, *, name, unit_text="", is_party_member=False, personal_code="", user=None, now=None
):
    """Returns (check_in, created). Sending the page again returns the first check-in."""
    now = now or clock.now()
    name, unit_text = clean_line(name or ""), clean_line(unit_text or "")
    refusal = checkin_refusal(point, now)
    if refusal:
        raise Refused(refusal)
    conference = point.conference
    if len(name) < 2 and not personal_code.strip():
        raise Refused(_("Hãy nhập họ và tên (hoặc mã cá nhân)."))
    key = delegate_key(name, unit_text, personal_code)
    # Insert first: in a burst nearly every delegate is new, so the unique constraint,
    # not a SELECT before every INSERT, finds the rare second sending.
    pk = _insert_check_in(point, key, name, unit_text, is_party_member, user, now)
    if pk is None:  # this delegate has checked in already (here or elsewhere)
        return CheckIn.objects.select_related("point").get(conference=conference, key=key), False
    if point.connected_at is None:  # the first check-in shows the point is connected
        BridgePoint.objects.filter(pk=point.pk, connected_at__isnull=True).update(connected_at=now)
        point.connected_at = now
        forget_point(point)
    record = CheckIn(
        pk=pk,
        conference=conference,
        point=point,
        key=key,
        name=name[:120],
        unit_text=unit_text[:200],
        is_party_member=is_party_member,
        user=user,
        created_at=now,
    )
    return record, True


COUNT_FIELDS = ("committee_members", "party_members", "officials", "others")


def report_attendance(point, counts, *, now=None):
    """A point's head count; refused before the conference starts, above capacity or
    negative. `counts` maps COUNT_FIELDS to integers."""
    now = now or clock.now()
    if not point.conference.has_started(now):
        raise Refused(_("Hội nghị chưa bắt đầu; chưa thể báo cáo số đại biểu."))
    values = {}
    for field in COUNT_FIELDS:
        value = counts.get(field, 0)
        if value is None:
            value = 0
        if not isinstance(value, int) or value < 0:
            raise Refused(_("Số đại biểu phải là số nguyên không âm."))
        values[field] = value
    total = sum(values.values())
    if point.capacity and total > point.capacity:
        raise Refused(
            _("Tổng số %(n)d đại biểu vượt sức chứa %(c)d của điểm cầu.")
            % {"n": total, "c": point.capacity}
        )
    for field, value in values.items():
        setattr(point, field, value)
    point.reported_at = now
    point.connected_at = point.connected_at or now
    point.save()
    return point


def answer_poll(
    poll,
    *,
    name="",
    unit_text="",
    personal_code="",
    choice_ids=(),
    rating=None,
    text="",
    user=None,
    now=None,
):
    """One answer per delegate or user; refused outside the poll's open hours."""
    from trienkhai.conferences.models import PollAnswer, PollKind

    now = now or clock.now()
    if now < poll.opens_at:
        raise Refused(_("Cuộc thăm dò chưa mở."))
    if now > poll.closes_at:
        raise Refused(_("Cuộc thăm dò đã đóng."))
    if user is not None and user.is_authenticated:
        key = f"user:{user.pk}"
    else:
        name = clean_line(name or "")
        if len(name) < 2 and not (personal_code or "").strip():
            raise Refused(_("Hãy nhập họ và tên (hoặc mã cá nhân)."))
        key = delegate_key(name, unit_text or "", personal_code or "")
    # No look-up before the insert: the unique constraint finds a second answer.
    valid = {c.pk: c for c in poll.choices.all()}
    chosen = [valid[i] for i in choice_ids if i in valid]
    if poll.kind == PollKind.SINGLE and len(chosen) != 1:
        raise Refused(_("Hãy chọn một phương án."))
    if poll.kind == PollKind.MULTIPLE and not chosen:
        raise Refused(_("Hãy chọn ít nhất một phương án."))
    if poll.kind == PollKind.RATING and rating not in (1, 2, 3, 4, 5):
        raise Refused(_("Hãy chọn điểm từ 1 đến 5."))
    if poll.kind == PollKind.TEXT and not (text or "").strip():
        raise Refused(_("Hãy viết ý kiến của bạn."))
    try:
        with transaction.atomic():
            answer = PollAnswer.objects.create(
                poll=poll,
                key=key[:40],
                name="" if poll.anonymous else name[:120],
                rating=rating if poll.kind == PollKind.RATING else None,
                text=(text or "").strip()[:5000] if poll.kind == PollKind.TEXT else "",
            )
            if chosen:
                PollAnswer.choices.through.objects.bulk_create(
                    PollAnswer.choices.through(pollanswer_id=answer.pk, pollchoice_id=c.pk)
                    for c in chosen
                )
    except IntegrityError:  # the same delegate, sent twice at the same instant
        raise AlreadyAnswered(_("Bạn đã trả lời cuộc thăm dò này.")) from None
    return answer


def poll_results(poll):
    """Counts per choice (or per rating), with percentages of the respondents."""
    from django.db.models import Avg, Count

    from trienkhai.conferences.models import PollKind

    total = poll.answers.count()
    rows = []
    if poll.kind in (PollKind.SINGLE, PollKind.MULTIPLE):
        for choice in poll.choices.annotate(n=Count("answers")):
            rows.append(
                {
                    "label": choice.text,
                    "n": choice.n,
                    "percent": round(100 * choice.n / total, 1) if total else 0,
                }
            )
    elif poll.kind == PollKind.RATING:
        counts = dict(
            poll.answers.values("rating").annotate(n=Count("pk")).values_list("rating", "n")
        )
        for value in range(1, 6):
            n = counts.get(value, 0)
            rows.append(
                {"label": str(value), "n": n, "percent": round(100 * n / total, 1) if total else 0}
            )
    average = poll.answers.aggregate(a=Avg("rating"))["a"] if poll.kind == PollKind.RATING else None
    texts = list(poll.answers.exclude(text="").values_list("text", flat=True)[:200])
    return {"total": total, "rows": rows, "average": average, "texts": texts}


# --- registering bridge points: one rule for the page, the API and the Excel import ----


def point_name_refusal(taken, name, host):
    """Why `name` cannot be a point of `host` in a conference whose points by folded
    name are `taken` (`models.points_by_name`), or None. Names that differ only in
    diacritics, case or spacing are the same name; the same host sending the same
    point again is not refused (it gets the point it registered)."""
    existing = taken.get(search_key(name))
    if existing is not None and existing.host_id != host.pk:
        return _("Hội nghị đã có điểm cầu “%(n)s” của đơn vị khác; hãy đặt tên khác.") % {
            "n": existing.name
        }
    return None


def register_point(conference, user, *, host, name, taken=None, **fields):
    """Register a bridge point of `conference` hosted by `host`; returns (point, created).
    The host must be a unit the user registers points for (its own subtree, when it
    writes for its unit); the name is cleaned and unique in the conference. Call inside
    a transaction that locked the conference (`register_points` does) so that two
    sendings of the same point store one."""
    if not may_act_for(user, host):
        raise Refused(
            _("Bạn không có quyền đăng ký điểm cầu cho đơn vị “%(c)s”.") % {"c": host.code}
        )
    name = clean_line(name or "")
    if not name:
        raise Refused(_("Tên điểm cầu không được để trống."))
    taken = points_by_name(conference) if taken is None else taken
    refusal = point_name_refusal(taken, name, host)
    if refusal:
        raise Refused(refusal)
    existing = taken.get(search_key(name))
    if existing is not None:
        return existing, False
    point = BridgePoint(
        conference=conference, host=host, name=name, is_main=host.pk == conference.organiser_id
    )
    for key, value in fields.items():
        setattr(point, key, value)
    point.save()
    taken[search_key(name)] = point
    return point, True


def register_points(conference, user, rows):
    """Register many points at once, all or nothing: `rows` are dicts of
    `register_point`'s keyword arguments. The conference is locked for the time, so a
    page, an upload and the API cannot register the same name twice. Returns
    [(point, created)]; raises Refused (nothing stored) at the first refusal."""
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        taken = points_by_name(conference)
        return [register_point(conference, user, taken=taken, **row) for row in rows]
