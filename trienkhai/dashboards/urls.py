from django.urls import path

from trienkhai.dashboards import map_views, steering_views, views

app_name = "dashboards"

urlpatterns = [
    # scorecard: the user's home unit, or a unit by its code (drill-down)
    path("scorecard/", views.scorecard_page, name="scorecard"),
    path("scorecard/<str:code>/", views.scorecard_page, name="scorecard"),
    # the schematic map of the units below a unit, coloured by one measure
    path("map/", map_views.map_page, name="map"),
    path("map/<str:code>/", map_views.map_page, name="map"),
    # steering: the user's steering committee (a chooser if several), or one by its code
    path("steering/", steering_views.steering_page, name="steering"),
    path("steering/<str:code>/", steering_views.steering_page, name="steering"),
]
