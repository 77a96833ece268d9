import logging
import secrets

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
