import logging
import secrets

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class LocaleMiddleware:
    """Vietnamese unless the user chose another language (the language cookie).

    Django's own middleware would follow the browser's Accept-Language, and many office
    PCs run an English Windows: the interface must still open in Vietnamese.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # For this request only: the thread serves the next request (or a test) in the
        # language that one chooses, not in this one's.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class ContentSecurityPolicyMiddleware:
    """Every response carries settings.CONTENT_SECURITY_POLICY: scripts, styles, fonts
    and images from this site only, no inline script, no framing, forms posted here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class NullByteMiddleware:
    """A request whose address, query, form fields or JSON body holds a NUL character is
    refused at the edge with a message: no text a person types holds one, PostgreSQL
    refuses to store or compare it, and every view would otherwise need its own check.
    Uploaded files are not looked at (a binary file holds NULs by nature)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request):
            from trienkhai.core.views import bad_request

            message = _(
                "Yêu cầu có ký tự rỗng (NUL), là ký tự không thể lưu. Hãy xóa ký tự đó "
                "(thường có khi dán từ một tệp không phải văn bản) rồi gửi lại."
            )
            return bad_request(request, message=message)
        return self.get_response(request)


def _holds_nul(request):
    query = request.META.get("QUERY_STRING", "")
    if "\x00" in request.path or "%00" in query or "\x00" in query:
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    if request.content_type == "application/json":
        return b"\\u0000" in request.body or b"\x00" in request.body
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return any("\x00" in k or "\x00" in v for k, values in request.POST.lists() for v in values)
    return False


error_log = logging.getLogger("trienkhai.errors")


class ErrorIdMiddleware:
    """Gives every unhandled error an id, logged with its traceback and shown on the 500
    page (core.views.server_error), so a user can quote it and an operator find it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        request.tk_error_id = secrets.token_hex(4).upper()
        error_log.error(
            "error %s on %s %s (user %s)",
            request.tk_error_id,
            request.method,
            request.path,
            getattr(getattr(request, "user", None), "pk", None),
            exc_info=exception,
        )
        return None
