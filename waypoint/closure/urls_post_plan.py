from django.urls import URLPattern, path

from waypoint.closure import views_post_plan as views

urlpatterns: list[URLPattern] = [
    path(
        "enrollments/<uuid:public_id>/post-plan/build/",
        views.post_plan_build,
        name="post_plan_build",
    ),
    path("post-plans/<uuid:public_id>/", views.post_plan_detail, name="post_plan_detail"),
    path("post-plans/<uuid:public_id>/share/", views.post_plan_share, name="post_plan_share"),
    path(
        "post-plans/<uuid:public_id>/back-to-draft/",
        views.post_plan_unshare,
        name="post_plan_unshare",
    ),
    path(
        "post-plans/<uuid:public_id>/acknowledge/",
        views.post_plan_acknowledge,
        name="post_plan_acknowledge",
    ),
    path("post-plans/<uuid:public_id>/print/", views.post_plan_print, name="post_plan_print"),
    path(
        "post-plans/<uuid:public_id>/new-version/",
        views.post_plan_new_version,
        name="post_plan_new_version",
    ),
    path("post-plans/<uuid:public_id>/send/", views.post_plan_send, name="post_plan_send"),
]
