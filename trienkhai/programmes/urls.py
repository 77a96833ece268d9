from django.urls import path

from trienkhai.programmes.views import plans, programmes, tasks

app_name = "programmes"

urlpatterns = [
    # programmes: programmes:list, programmes:detail, programmes:matrix, programmes:tasks...
    path("programmes/", programmes.programme_list, name="list"),
    path("programmes/new/", programmes.programme_create, name="create"),
    path("programmes/matrix/", programmes.matrix, name="matrix"),
    path("programmes/tasks/", tasks.task_list, name="tasks"),
    path("programmes/tasks/<uuid:uid>/", tasks.task_detail, name="task"),
    path("programmes/tasks/<uuid:uid>/delegate/", tasks.task_delegate, name="task-delegate"),
    path("programmes/tasks/<uuid:uid>/edit/", tasks.task_edit, name="task-edit"),
    path("programmes/tasks/<uuid:uid>/progress/", tasks.task_progress, name="task-progress"),
    path(
        "programmes/tasks/<uuid:uid>/milestones/new/",
        tasks.milestone_add,
        name="milestone-add",
    ),
    path("programmes/<uuid:uid>/", programmes.programme_detail, name="detail"),
    path("programmes/<uuid:uid>/plan/", plans.plan_create, name="plan-create"),
    path("programmes/<uuid:uid>/tasks/new/", tasks.task_add, name="task-add"),
    path("programmes/<uuid:uid>/roadmap/", programmes.roadmap, name="roadmap"),
    path("programmes/<uuid:uid>/concretise/", programmes.concretise, name="concretise"),
    path("programmes/<uuid:uid>/objectives/new/", programmes.objective_add, name="objective-add"),
    path("programmes/<uuid:uid>/targets/new/", programmes.target_edit, name="target-add"),
    path(
        "programmes/<uuid:uid>/targets/<str:code>/edit/", programmes.target_edit, name="target-edit"
    ),
    path("programmes/<uuid:uid>/import/", programmes.structure_import, name="import"),
    path(
        "programmes/<uuid:uid>/import/template.xlsx",
        programmes.import_template,
        name="import-template",
    ),
]
