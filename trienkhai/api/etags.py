"""ETag and If-Match for the API's editable objects (core.versions): a detail answer
carries the object's revision as its ETag; a write sent with If-Match is refused (412,
api/errors.py) when the object was saved since that revision."""

from drf_spectacular.utils import OpenApiParameter

from trienkhai.core import versions


class VersionedViewMixin:
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        ok = 200 <= response.status_code < 300
        if ok and isinstance(data, dict) and "revision" in data and "ETag" not in response:
            response["ETag"] = versions.etag(data["revision"])
        return response

    def based_on(self):
        """The revision in the request's If-Match, or None when it sent none."""
        return versions.parse(self.request.headers.get("If-Match"))


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description="ETag của đối tượng đã đọc; đã được lưu ở nơi khác từ đó thì trả 412",
)
