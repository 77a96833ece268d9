"""The /api/v1/ router: each app contributes its viewsets from its own api.py."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from trienkhai.api import views
from trienkhai.conferences import api as conferences_api
from trienkhai.documents import api as documents_api
from trienkhai.orgs import api as orgs_api
from trienkhai.programmes import api as programmes_api
from trienkhai.reporting import api as reporting_api
from trienkhai.study import api as study_api

router = DefaultRouter()
router.register("units", orgs_api.UnitViewSet, basename="unit")
router.register("people", orgs_api.PersonViewSet, basename="person")
router.register("documents", documents_api.DocumentViewSet, basename="document")
router.register("programmes", programmes_api.ProgrammeViewSet, basename="programme")
router.register("tasks", programmes_api.TaskViewSet, basename="task")
router.register("conferences", conferences_api.ConferenceViewSet, basename="conference")
router.register("points", conferences_api.PointViewSet, basename="point")
# `polls/{uid}/answer/` is the open answer endpoint below, not an action of this viewset.
router.register("polls", conferences_api.PollViewSet, basename="poll")
router.register("study-sessions", study_api.SessionViewSet, basename="study-session")
router.register("periods", reporting_api.PeriodViewSet, basename="period")
router.register("reports", reporting_api.SubmissionViewSet, basename="report")
router.register("learning-reports", study_api.ReportViewSet, basename="learning-report")

urlpatterns = [
    path("openapi.json", views.SchemaView.as_view(), {"format": "json"}, name="api-schema"),
    path("docs/", views.DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("token/", views.obtain_token, name="api-token"),
    path("citations/", documents_api.citations, name="api-citations"),
    path("concretisation/", programmes_api.matrix, name="api-concretisation"),
    path("checkin/<str:code>/", conferences_api.checkin, name="api-checkin"),
    path("study-coverage/", study_api.study_coverage, name="api-study-coverage"),
    path("completeness/", reporting_api.completeness_rates, name="api-completeness"),
    path("rollups/", reporting_api.rollups, name="api-rollups"),
    path("polls/<uuid:uid>/answer/", conferences_api.poll_answer, name="api-poll-answer"),
    path("oversight/", include("trienkhai.oversight.api")),
    path("", include(router.urls)),
]
