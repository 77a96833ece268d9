from django.urls import path

from trienkhai.programmes import views

app_name = "programmes"

urlpatterns = [
    # programmes: programmes:list, programmes:detail, programmes:matrix, programmes:tasks...
    path("programmes/", views.programme_list, name="list"),
    path("programmes/new/", views.programme_create, name="create"),
    path("programmes/matrix/", views.matrix, name="matrix"),
    path("programmes/tasks/", views.task_list, name="tasks"),
    path("programmes/tasks/<uuid:uid>/", views.task_detail, name="task"),
    path("programmes/tasks/<uuid:uid>/delegate/", views.task_delegate, name="task-delegate"),
    path("programmes/tasks/<uuid:uid>/edit/", views.task_edit, name="task-edit"),
    path("programmes/tasks/<uuid:uid>/progress/", views.task_progress, name="task-progress"),
    path("programmes/<uuid:uid>/", views.programme_detail, name="detail"),
    path("programmes/<uuid:uid>/plan/", views.plan_create, name="plan-create"),
    path("programmes/<uuid:uid>/roadmap/", views.roadmap, name="roadmap"),
    path("programmes/<uuid:uid>/concretise/", views.concretise, name="concretise"),
    path("programmes/<uuid:uid>/objectives/new/", views.objective_add, name="objective-add"),
    path("programmes/<uuid:uid>/targets/new/", views.target_edit, name="target-add"),
    path("programmes/<uuid:uid>/targets/<str:code>/edit/", views.target_edit, name="target-edit"),
    path("programmes/<uuid:uid>/import/", views.structure_import, name="import"),
    path(
        "programmes/<uuid:uid>/import/template.xlsx", views.import_template, name="import-template"
    ),
]
