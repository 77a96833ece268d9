from django.urls import path

from trienkhai.conferences import views

app_name = "conferences"

urlpatterns = [
    # conferences: conferences:list, conferences:detail, conferences:point...
    path("conferences/", views.conference_list, name="list"),
    path("conferences/new/", views.conference_create, name="create"),
    path("conferences/<uuid:uid>/", views.conference_detail, name="detail"),
    path("conferences/<uuid:uid>/totals/", views.conference_totals, name="totals"),
    path("conferences/<uuid:uid>/points/new/", views.point_add, name="point-add"),
    path("conferences/<uuid:uid>/points/import/", views.points_import, name="points-import"),
    path(
        "conferences/<uuid:uid>/points/template.xlsx",
        views.points_template,
        name="points-template",
    ),
    path("conferences/<uuid:uid>/export.csv", views.export, name="export"),
    path("conferences/points/<uuid:uid>/", views.point_detail, name="point"),
    path("conferences/<uuid:uid>/polls/new/", views.poll_create, name="poll-create"),
    path("conferences/polls/<uuid:uid>/", views.poll_detail, name="poll"),
    path("conferences/points/<uuid:uid>/toggle/", views.point_toggle, name="point-toggle"),
    path("conferences/points/<uuid:uid>/poster/", views.point_poster, name="point-poster"),
    path("conferences/points/<uuid:uid>/files/", views.point_file_upload, name="point-file-upload"),
    path("conferences/points/<uuid:uid>/files/<int:file_id>/", views.point_file, name="point-file"),
]
