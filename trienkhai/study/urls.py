from django.urls import path

from trienkhai.study import views

app_name = "study"

urlpatterns = [
    path("study/", views.session_list, name="list"),
    path("study/new/", views.session_create, name="create"),
    path("study/coverage/", views.coverage_matrix, name="coverage"),
    path("study/reports/", views.report_list, name="reports"),
    path("study/reports/new/", views.report_create, name="report-create"),
    path("study/reports/<str:uid>/", views.report_detail, name="report"),
    path("study/<str:uid>/", views.session_detail, name="detail"),
    path("study/<str:uid>/edit/", views.session_edit, name="edit"),
]
