"""Every ending route, one module per stage: the forecast and exit interview, the
post-program plan, closing, and after the goodbye."""

from django.urls import include, path

urlpatterns = [
    path("", include("waypoint.closure.urls_forecast")),
    path("", include("waypoint.closure.urls_post_plan")),
    path("", include("waypoint.closure.urls_closing")),
    path("", include("waypoint.closure.urls_after")),
]
