from django.urls import path

from trienkhai.exports import views

app_name = "exports"

urlpatterns = [
    path("exports/", views.new, name="new"),
    path("exports/<str:uid>/", views.detail, name="detail"),
    path("exports/<str:uid>/file/", views.download, name="download"),
    path("exports/<str:uid>/retry/", views.retry, name="retry"),
]
