from django.urls import path

from trienkhai.dashboards import map_views, views

app_name = "dashboards"

urlpatterns = [
    # scorecard: the user's home unit, or a unit by its code (drill-down)
    path("scorecard/", views.scorecard_page, name="scorecard"),
    path("scorecard/<str:code>/", views.scorecard_page, name="scorecard"),
    # the schematic map of the units below a unit, coloured by one measure
    path("map/", map_views.map_page, name="map"),
    path("map/<str:code>/", map_views.map_page, name="map"),
]
