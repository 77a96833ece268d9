from django.urls import path

from trienkhai.oversight.views import cases, dossier, plans, risk, supervision

app_name = "oversight"

urlpatterns = [
    path("oversight/", plans.index, name="index"),
    path("oversight/risk/", risk.risk_list, name="risk"),
    path("oversight/plans/new/", plans.plan_create, name="plan-create"),
    path("oversight/plans/<str:uid>/", plans.plan_detail, name="plan"),
    path("oversight/plans/<str:uid>/edit/", plans.plan_edit, name="plan-edit"),
    path("oversight/plans/<str:uid>/issue/", plans.plan_issue, name="plan-issue"),
    path("oversight/plans/<str:uid>/teams/new/", plans.team_create, name="team-create"),
    path("oversight/teams/<str:uid>/", plans.team_detail, name="team"),
    path("oversight/cases/<str:uid>/", cases.case_detail, name="case"),
    path("oversight/cases/<str:uid>/dossier/", dossier.dossier, name="dossier"),
    path("oversight/cases/<str:uid>/self-report/", cases.self_report, name="self-report"),
    path("oversight/cases/<str:uid>/files/", cases.case_file_upload, name="case-file-upload"),
    path("oversight/cases/<str:uid>/files/<int:file_id>/", cases.case_file, name="case-file"),
    path("oversight/cases/<str:uid>/findings/", cases.finding_add, name="finding-add"),
    path("oversight/findings/<int:pk>/delete/", cases.finding_delete, name="finding-delete"),
    path("oversight/cases/<str:uid>/recommendations/", cases.rec_add, name="rec-add"),
    path("oversight/cases/<str:uid>/conclude/", cases.conclude, name="conclude"),
    path("oversight/recommendations/", cases.rec_list, name="recommendations"),
    path("oversight/recommendations/<str:uid>/", cases.rec_detail, name="recommendation"),
    path("oversight/recommendations/<str:uid>/delete/", cases.rec_delete, name="rec-delete"),
    path("oversight/recommendations/<str:uid>/task/", cases.rec_task, name="rec-task"),
    path("oversight/recommendations/<str:uid>/remedy/", cases.remedy_add, name="remedy"),
    path("oversight/remedies/<int:pk>/verify/", cases.verify, name="verify"),
    path("oversight/remedies/<int:pk>/files/", cases.remedy_file_upload, name="remedy-file-upload"),
    path("oversight/remedies/<int:pk>/files/<int:file_id>/", cases.remedy_file, name="remedy-file"),
    path("oversight/supervision/", supervision.supervision, name="supervision"),
    path("oversight/visits/new/", supervision.visit_create, name="visit-create"),
    path("oversight/visits/<str:uid>/", supervision.visit_detail, name="visit"),
    path("oversight/follow-ups/<int:pk>/done/", supervision.follow_up_done, name="follow-up-done"),
]
