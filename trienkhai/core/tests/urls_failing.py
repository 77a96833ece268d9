"""The project's URLs plus two that fail, to test the error pages the user sees."""

from django.urls import path

from trienkhai.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def fail(request):
    raise RuntimeError("a defect")


urlpatterns = [
    *urlpatterns,
    path("boom/", fail),
    path("api/v1/boom/", fail),
]
