from django.urls import path

from trienkhai.orgs import views

app_name = "orgs"

urlpatterns = [
    # units: orgs:tree, orgs:search, orgs:unit*, orgs:import*
    path("units/", views.tree, name="tree"),
    path("units/search/", views.search, name="search"),
    path("units/import/", views.unit_import, name="import"),
    path("units/import/template.<str:fmt>", views.import_template, name="import-template"),
    path("units/<str:code>/", views.unit, name="unit"),
    path("units/<str:code>/children/", views.unit_children, name="unit-children"),
    path("units/<str:code>/edit/", views.unit_edit, name="unit-edit"),
    path("units/<str:code>/add/", views.unit_add_child, name="unit-add"),
    path("units/<str:code>/export.<str:fmt>", views.unit_export, name="unit-export"),
    # people: orgs:people, orgs:person
    path("people/", views.people, name="people"),
    path("people/<uuid:uid>/", views.person, name="person"),
]
