"""Every write of the exports app: ask for a report, run it, retry it. The page and the
API call these; the background job is `tasks.run_export`."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.exports import kinds
from trienkhai.exports.models import Export, State
from trienkhai.exports.params import parse

PARAM_NAMES = ("unit", "period", "programme", "plan", "case")
# A job still "running" this long after it started lost its worker: it may be retried.
STALE_AFTER = timedelta(minutes=15)
# The same request again within this time (a double click, a retried POST) is the same
# report, not a second one.
SAME_REQUEST_WITHIN = timedelta(minutes=2)


def _clean(params):
    return {k: str(params[k]).strip() for k in PARAM_NAMES if params.get(k)}


def request_export(user, kind, fmt, **params) -> Export:
    """Queue a report for `user`; refuse, saving nothing, what the user may not ask for."""
    if fmt not in kinds.FORMATS:
        raise ValidationError({"fmt": _("Chọn định dạng: Word, PDF hoặc Excel.")})
    params = _clean(params)
    found = parse(kind, user=user, **params)
    recent = Export.objects.filter(
        requested_by=user,
        kind=kind,
        fmt=fmt,
        params=params,
        created_at__gte=timezone.now() - SAME_REQUEST_WITHIN,
    ).exclude(state=State.FAILED)
    same = recent.first()
    if same is not None:
        return same
    title = _title(kind, found)
    export = Export.objects.create(
        requested_by=user, kind=kind, fmt=fmt, params=params, title=title
    )
    _enqueue(export)
    return export


def _title(kind, found):
    label = str(kinds.KINDS[kind].label)
    if "plan" in found:
        return f"{label} — {found['plan'].title}"[:500]
    if "case" in found:
        case = found["case"]
        return f"{label} — {case.subject.name} — {case.team.plan.title}"[:500]
    parts = [label]
    if found.get("programmes"):
        p = found["programmes"][0]
        parts.append(p.document.symbol if p.document_id else p.title)
    parts += [found["unit"].name, found["period"].label]
    return " — ".join(parts)


def _enqueue(export):
    from trienkhai.exports.tasks import run_export

    def send():
        result = run_export.enqueue(str(export.uid))
        Export.objects.filter(pk=export.pk, task_id="").update(task_id=str(result.id))

    transaction.on_commit(send)


def retry_export(user, export) -> Export:
    if export.requested_by_id != user.pk:
        raise PermissionDenied(_("Chỉ người yêu cầu mới chạy lại được báo cáo này."))
    stale = export.state == State.RUNNING and (
        export.started_at is None or export.started_at < timezone.now() - STALE_AFTER
    )
    if export.state != State.FAILED and not stale:
        raise ValidationError(_("Báo cáo này đang được tạo hoặc đã xong; không cần chạy lại."))
    Export.objects.filter(pk=export.pk).update(
        state=State.QUEUED, progress=0, step="", error="", task_id=""
    )
    export.refresh_from_db()
    _enqueue(export)
    return export
