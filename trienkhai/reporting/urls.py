from django.urls import path

from trienkhai.reporting.views import overview, reports, rules

app_name = "reporting"

urlpatterns = [
    # reports: a unit's own, and the review by the level above
    path("reports/", reports.inbox, name="inbox"),
    path("reports/review/", reports.review_queue, name="review-queue"),
    path("reports/s/<str:uid>/", reports.submission_detail, name="submission"),
    path("reports/s/<str:uid>/review/", reports.review, name="review"),
    path("reports/s/<str:uid>/files/<int:file_id>/", reports.evidence_download, name="evidence"),
    # overview: what the level above reads
    path("reports/completeness/", overview.completeness_matrix, name="completeness"),
    path("reports/dashboard/", overview.dashboard, name="dashboard"),
    path("reports/flags/", overview.formalism, name="flags"),
    path("reports/targets/<int:pk>/", overview.target_detail, name="target"),
    # rules: deadlines, extensions, exemptions, periods
    path("reports/deadlines/", rules.deadline_settings, name="deadlines"),
    path("reports/periods/", rules.periods, name="periods"),
    # a unit's report for a period (last: its two segments would match the paths above)
    path("reports/<str:code>/<str:period>/", reports.report_form, name="form"),
    path("reports/<str:code>/<str:period>/excel/", reports.report_excel, name="excel"),
    path(
        "reports/<str:code>/<str:period>/evidence/",
        reports.evidence_upload,
        name="evidence-upload",
    ),
]
