from django.urls import path

from trienkhai.documents import views

app_name = "documents"

urlpatterns = [
    # documents: documents:list, documents:create, documents:register, documents:detail...
    path("documents/", views.document_list, name="list"),
    path("documents/new/", views.document_create, name="create"),
    path("documents/register/", views.register_from_text, name="register"),
    path("documents/<uuid:uid>/", views.document_detail, name="detail"),
    path("documents/<uuid:uid>/edit/", views.document_edit, name="edit"),
    path("documents/<uuid:uid>/links/", views.link_add, name="link-add"),
    path("documents/<uuid:uid>/links/<int:link_id>/delete/", views.link_delete, name="link-delete"),
    path("documents/<uuid:uid>/files/", views.file_upload, name="file-upload"),
    path("documents/<uuid:uid>/files/<int:file_id>/", views.file_download, name="file"),
]
