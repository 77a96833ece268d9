"""Structured API errors: {"error": {"code", "message", "fields"}} with Vietnamese messages."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as RefusedByService
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from trienkhai.core.versions import Stale, shown

# Lazy: the module is imported once, by whichever request comes first, in its language.
MESSAGES = {
    status.HTTP_401_UNAUTHORIZED: gettext_lazy("Chưa xác thực: cần mã truy cập (token) hợp lệ."),
    status.HTTP_403_FORBIDDEN: gettext_lazy("Không có quyền thực hiện thao tác này."),
    status.HTTP_404_NOT_FOUND: gettext_lazy(
        "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi được xem."
    ),
    status.HTTP_405_METHOD_NOT_ALLOWED: gettext_lazy("Phương thức không được hỗ trợ."),
    status.HTTP_406_NOT_ACCEPTABLE: gettext_lazy("Không trả được dữ liệu ở dạng được yêu cầu."),
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: gettext_lazy(
        "Kiểu nội dung không được hỗ trợ; hãy gửi JSON (application/json)."
    ),
    status.HTTP_429_TOO_MANY_REQUESTS: gettext_lazy("Quá nhiều yêu cầu; hãy thử lại sau."),
}


# DRF writes these in English with details filled in ("Method \"DELETE\" not allowed."):
# the message for their status is used instead.
GENERIC = (
    exceptions.MethodNotAllowed,
    exceptions.NotAcceptable,
    exceptions.UnsupportedMediaType,
    exceptions.NotAuthenticated,
    exceptions.AuthenticationFailed,
)


def flat_fields(data, prefix=""):
    """Field -> [messages], as the document says, however nested DRF's errors are: a
    list's items and a nested object's fields by dotted path ("follow_ups.0.deadline");
    messages not tied to a field under non_field_errors."""
    nested = (dict, list, tuple)
    if isinstance(data, list | tuple) and not any(isinstance(item, nested) for item in data):
        return {prefix or "non_field_errors": [str(item) for item in data]} if data else {}
    if isinstance(data, nested):
        out = {}
        for key, value in data.items() if isinstance(data, dict) else enumerate(data):
            out |= flat_fields(value, f"{prefix}.{key}" if prefix else str(key))
        return out
    return {prefix or "non_field_errors": [str(data)]}


def exception_handler(exc, context):
    if isinstance(exc, Stale):  # saved since the version in If-Match (core.versions)
        fields = {f: [f"{label}: {shown(now)}"] for f, label, now in exc.changes}
        body = {"error": {"code": "stale", "message": exc.messages[0], "status": 412}}
        body["error"]["fields"] = fields
        return Response(body, status=412, headers={"ETag": exc.current.etag})
    if isinstance(exc, Http404):
        detail = exc.args[0] if exc.args and isinstance(exc.args[0], str) else None
        exc = exceptions.NotFound(detail)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, RefusedByService):  # a service's refusal, by field
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = drf_handler(exc, context)
    if response is None:
        return None
    fields = None
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        message = _("Dữ liệu không hợp lệ.")
        fields = flat_fields(response.data)
    elif isinstance(exc, exceptions.ParseError):
        code = "parse_error"
        message = _("Nội dung gửi lên không đọc được (JSON không hợp lệ).")
        if str(exc.detail) != str(exc.default_detail) and not str(exc.detail).startswith("JSON"):
            message = str(exc.detail)  # said by our parser (api/parsers.py)
    elif isinstance(exc, GENERIC):
        code = exc.default_code
        message = str(MESSAGES.get(response.status_code) or exc.detail)
    elif isinstance(exc, exceptions.Throttled):
        code = "throttled"
        message = _("Quá nhiều yêu cầu; hãy thử lại sau %(s)s giây.") % {"s": exc.wait or 1}
    else:
        code = getattr(exc, "default_code", "error")
        # A message written for this case wins over the generic one for the status.
        specific = str(exc.detail) != str(getattr(exc, "default_detail", ""))
        message = (
            str(exc.detail) if specific else str(MESSAGES.get(response.status_code) or exc.detail)
        )
    body = {"error": {"code": code, "message": message, "status": response.status_code}}
    if fields is not None:
        body["error"]["fields"] = fields
    return Response(body, status=response.status_code, headers=_headers(response))


def _headers(response):
    return {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}
