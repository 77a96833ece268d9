"""Check-in and attendance reports: validation in one place for the pages and the API."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from trienkhai.accounts.access import may_act_for, may_change_owned, may_write_for_unit
from trienkhai.conferences.models import (
    BridgePoint,
    CheckIn,
    Conference,
    delegate_key,
    device_key,
    name_key,
    point_cache_key,
    points_by_name,
)
from trienkhai.core import clock
from trienkhai.core.bounds import check_dates
from trienkhai.lib.vntext import clean_line, search_key


class Refused(Exception):
    """A request refused with a message for the user; nothing was changed."""


class NeedsUnit(Refused):
    """Someone of the same name has checked in from another phone: the delegate is
    asked for a unit (or position) to be told apart, and nothing is stored yet."""


class AlreadyAnswered(Refused):
    """The delegate or user has answered this poll before; the first answer stands."""


# A burst sends hundreds of check-ins a second to the same points: each process keeps
# a point (with its conference) for a couple of seconds instead of reading it every
# time. Closing a point or ending a conference takes effect within that time.
LOOKUP_SECONDS = 2


CONFERENCE_FIELDS = ("title", "organ", "starts_at", "ends_at", "form", "presiding", "agenda")


def create_conference(user, organiser, fields: dict) -> Conference:
    """A conference organised by `organiser` (the user's unit, or one of its subtree the
    API names): the offices that may change the unit; its times in the system's window,
    the end after the start. The page and the API only parse and call this."""
    if organiser is None or not may_change_owned(user, organiser):
        raise PermissionDenied(_("Chỉ Văn phòng được tạo hội nghị."))
    errors = {}
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    check_dates(errors, starts_at=starts, ends_at=ends)
    if starts and ends and ends <= starts and "ends_at" not in errors:
        errors["ends_at"] = _("Giờ kết thúc phải sau giờ bắt đầu.")
    if errors:
        raise ValidationError(errors)
    conference = Conference(
        organiser=organiser, **{k: fields[k] for k in CONFERENCE_FIELDS if k in fields}
    )
    conference.full_clean(exclude=["organiser"])
    conference.save()
    return conference


def normal_code(code):
    """A point's code as stored: what a QR code, a typed code in any letter case and the
    rate limit's counter all mean by it."""
    return (code or "").strip().upper()


def receipt(record, created, point, *, name="", unit_text="", user=None):
    """What the delegate's phone is told after a check-in: {"name", "unit_text",
    "point"}. A new check-in shows what was stored; a repeat shows only what this request
    sent, at this point, so a personal code tried by someone else tells nobody whose it
    is, nor where that delegate checked in."""
    if created or (user is not None and record.user_id == user.pk):
        return {"name": record.name, "unit_text": record.unit_text, "point": point.name}
    return {
        "name": clean_line(name or ""),
        "unit_text": clean_line(unit_text or ""),
        "point": point.name,
    }


def point_for_code(code):
    code = normal_code(code)
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


def _insert_check_in(point, row, *, unless_named=False):
    """One statement, one round trip, no transaction: the row's id, or None when this
    delegate has already checked in for the conference (the unique constraints decide,
    so two sendings at the same instant are still counted once). `unless_named`: None
    as well when anyone of the same name has checked in, for check_in to look closer."""
    q = connection.ops.quote_name
    table = q(CheckIn._meta.db_table)
    columns = list(row)
    values = list(row.values())
    placeholders = ", ".join(["%s"] * len(columns))
    if unless_named:  # a SELECT with a WHERE: SQLite then reads ON CONFLICT as the upsert
        source = (
            f"SELECT {placeholders} WHERE NOT EXISTS (SELECT 1 FROM {table} "
            f"WHERE {q('conference_id')} = %s AND {q('name_key')} = %s)"
        )
        values += [row["conference_id"], row["name_key"]]
    else:
        source = f"VALUES ({placeholders})"
    sql = (
        f"INSERT INTO {table} ({', '.join(q(c) for c in columns)}) {source} "
        f"ON CONFLICT DO NOTHING RETURNING {q('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        found = cursor.fetchone()
    return found[0] if found else None


def _same_delegate(conference, key, name_key, device, *, by_name_alone=False):
    """(the check-in of this delegate or None, the check-ins of others of the same name
    at the conference): the same name from the same phone, or the same key (account,
    personal code, or name and unit). `by_name_alone`: the key is the name without a
    unit, which another phone's delegate of that name is not (they are asked a unit)."""
    match = Q(key=key) | Q(name_key=name_key) if name_key else Q(key=key)
    rows = list(CheckIn.objects.select_related("point").filter(match, conference=conference))
    for row in rows:
        if device and row.device == device and row.name_key == name_key:
            return row, []
    for row in rows:
        other_phone = bool(device and row.device and row.device != device)
        if row.key == key and not (by_name_alone and other_phone):
            return row, []
    return None, [r for r in rows if name_key and r.name_key == name_key]


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
    point,
    *,
    name,
    unit_text="",
    is_party_member=False,
    personal_code="",
    user=None,
    device="",
    now=None,
):
    """Returns (check_in, created). Sending the page again returns the first check-in.

    A member signed in is the account; a delegate with a personal code, the code; any
    other delegate, the name with the unit (optional) and the phone (`device`, the page's
    long-lived cookie or the API's device id). The same name from the same phone, or with
    the same unit, is the delegate already checked in; from another phone with another
    unit, another delegate; from another phone without a unit, NeedsUnit: never merged
    nor doubled in silence."""
    now = now or clock.now()
    name, unit_text = clean_line(name or ""), clean_line(unit_text or "")
    personal_code = (personal_code or "").strip()
    refusal = checkin_refusal(point, now)
    if refusal:
        raise Refused(refusal)
    conference = point.conference
    if user is not None and len(name) < 2:
        name = clean_line(user.get_full_name() or user.username)
    if len(name) < 2 and not personal_code:
        raise Refused(_("Hãy nhập họ và tên (hoặc mã cá nhân)."))
    by_name = user is None and not personal_code
    if user is not None:
        key = f"user:{user.pk}"
    else:
        key = delegate_key(name, unit_text, personal_code)
    row = {
        "conference_id": conference.pk,
        "point_id": point.pk,
        "key": key,
        "name": name[:120],
        "name_key": name_key(name),
        "unit_text": unit_text[:200],
        "device": device_key(device),
        "is_party_member": is_party_member,
        "user_id": user.pk if user is not None else None,
        "created_at": connection.ops.adapt_datetimefield_value(now),
    }
    # Insert first: in a burst nearly every delegate is new (and alone with the name),
    # so the unique constraints, not a SELECT before every INSERT, find the rare second
    # sending; a delegate meeting the same name is looked at closer.
    pk = _insert_check_in(point, row, unless_named=by_name)
    if pk is None:
        found, same_name = _same_delegate(
            conference, key, row["name_key"], row["device"], by_name_alone=by_name and not unit_text
        )
        if found is not None:  # this delegate has checked in already (here or elsewhere)
            return found, False
        if by_name and not unit_text and same_name:
            if any(r.point_id == point.pk for r in same_name):
                raise NeedsUnit(
                    _(
                        "Đã có đại biểu cùng họ tên điểm danh tại điểm cầu này. "
                        "Vui lòng nhập đơn vị/chức vụ để phân biệt."
                    )
                )
            raise NeedsUnit(
                _(
                    "Đã có đại biểu cùng họ tên điểm danh tại hội nghị này. "
                    "Vui lòng nhập đơn vị/chức vụ để phân biệt."
                )
            )
        # Another delegate of the same name, told apart by the unit.
        pk = _insert_check_in(point, row)
        if pk is None:  # the same delegate, sent again at this very instant
            found, _same = _same_delegate(conference, key, row["name_key"], row["device"])
            if found is None:  # pragma: no cover - the constraints name one of them
                raise Refused(_("Không ghi được lượt điểm danh; hãy thử lại."))
            return found, False
    if point.connected_at is None:  # the first check-in shows the point is connected
        BridgePoint.objects.filter(pk=point.pk, connected_at__isnull=True).update(connected_at=now)
        point.connected_at = now
        forget_point(point)
    record = CheckIn(
        pk=pk,
        conference=conference,
        point=point,
        key=key,
        name=row["name"],
        name_key=row["name_key"],
        unit_text=row["unit_text"],
        device=row["device"],
        is_party_member=is_party_member,
        user=user,
        created_at=now,
    )
    return record, True


COUNT_FIELDS = ("committee_members", "party_members", "officials", "others")


MAX_HEADS = 1_000_000


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
        if value > MAX_HEADS:  # beyond any hall, and near what the column holds
            raise Refused(_("Số đại biểu quá lớn (tối đa 1.000.000 mỗi ô)."))
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
