"""Accepting and serving attached files, the same way for documents, reports and
bridge points: one size limit, one set of messages, never served as public media."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse
from django.utils.translation import gettext as _

from trienkhai.lib.vnformat import format_size


def max_upload() -> int:
    """The largest file accepted (TK_UPLOAD_MAX_BYTES, 10 MB by default)."""
    return settings.UPLOAD_MAX_BYTES


def too_large_message() -> str:
    return _("Tệp quá lớn (tối đa %(size)s).") % {"size": format_size(max_upload())}


def accept_upload(request, attach):
    """Attach the request's `file` with `attach(upload, name, size)`, or say why not.
    Returns the attachment, or None when there was nothing acceptable to attach."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Hãy chọn một tệp."))
        return None
    if upload.size > max_upload():
        messages.error(request, too_large_message())
        return None
    attached = attach(upload, upload.name[:255], upload.size)
    messages.success(request, _("Đã đính kèm tệp %(name)s.") % {"name": upload.name})
    return attached


def serve(attached):
    """The file as a download under its uploaded name (the caller has checked access)."""
    return FileResponse(attached.file.open("rb"), as_attachment=True, filename=attached.name)
