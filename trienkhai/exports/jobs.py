"""What the background job does, apart from the queue (`tasks.run_export` calls it)."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core import clock
from trienkhai.exports import kinds, render
from trienkhai.exports.models import Export, State
from trienkhai.exports.params import parse

log = logging.getLogger(__name__)


def run(export_uid):
    """What the background job does: build the report again from its codes, as its
    requester may see it now, write the file, say how far it has gone on the way."""
    export = Export.objects.filter(uid=export_uid).first()
    if export is None or export.state == State.DONE:
        return
    Export.objects.filter(pk=export.pk).update(
        state=State.RUNNING,
        started_at=timezone.now(),
        attempts=export.attempts + 1,
        progress=5,
        step=_("Đang đọc số liệu"),
    )

    def progress(pct, step):
        Export.objects.filter(pk=export.pk).update(progress=min(int(pct), 99), step=step[:300])

    try:
        found = parse(export.kind, user=export.requested_by, **export.params)
        report = kinds.build(export.kind, found, today=clock.today(), progress=progress)
        progress(90, _("Đang viết tệp %(fmt)s") % {"fmt": kinds.FORMATS[export.fmt]})
        data = render.render(report, export.fmt)
    except ValidationError as e:
        _fail(export, " ".join(e.messages))
        return
    except Exception:  # the job must say it failed, whatever the cause
        log.exception("export %s failed", export.uid)
        _fail(
            export, _("Có lỗi khi tạo báo cáo. Hãy chạy lại; nếu vẫn lỗi, báo quản trị hệ thống.")
        )
        return
    name = render.filename(report, export.fmt)
    export.refresh_from_db()
    export.file.save(name, ContentFile(data), save=False)
    export.filename = name
    export.state = State.DONE
    export.progress = 100
    export.step = ""
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "filename", "state", "progress", "step", "finished_at"])


def _fail(export, message):
    Export.objects.filter(pk=export.pk).update(
        state=State.FAILED, error=message, finished_at=timezone.now(), step=""
    )
