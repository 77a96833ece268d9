from django.urls import path

from trienkhai.reporting import views

app_name = "reporting"

urlpatterns = [
    path("reports/", views.inbox, name="inbox"),
    path("reports/review/", views.review_queue, name="review-queue"),
    path("reports/completeness/", views.completeness_matrix, name="completeness"),
    path("reports/dashboard/", views.dashboard, name="dashboard"),
    path("reports/flags/", views.formalism, name="flags"),
    path("reports/deadlines/", views.deadline_settings, name="deadlines"),
    path("reports/targets/<int:pk>/", views.target_detail, name="target"),
    path("reports/s/<str:uid>/", views.submission_detail, name="submission"),
    path("reports/s/<str:uid>/review/", views.review, name="review"),
    path("reports/s/<str:uid>/files/<int:file_id>/", views.evidence_download, name="evidence"),
    path("reports/<str:code>/<str:period>/", views.report_form, name="form"),
    path("reports/<str:code>/<str:period>/excel/", views.report_excel, name="excel"),
    path(
        "reports/<str:code>/<str:period>/evidence/", views.evidence_upload, name="evidence-upload"
    ),
]
