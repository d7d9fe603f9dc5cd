from django.urls import URLPattern, path

from waypoint.closure import views_closing as views

urlpatterns: list[URLPattern] = [
    path("enrollments/<uuid:public_id>/close/", views.closure_new, name="closure_new"),
    path("closures/<uuid:public_id>/", views.closure_detail, name="closure_detail"),
    path("closures/<uuid:public_id>/approve/", views.closure_approve, name="closure_approve"),
    path("closures/<uuid:public_id>/return/", views.closure_return, name="closure_return"),
    path("closures/<uuid:public_id>/withdraw/", views.closure_withdraw, name="closure_withdraw"),
    path("programs/<int:pk>/endings/", views.program_endings, name="program_endings"),
    path("programs/<int:pk>/endings/reasons/", views.closure_reasons, name="closure_reasons"),
    path("closure-reasons/<int:pk>/", views.closure_reason_edit, name="closure_reason_edit"),
    path("closure-reasons/<int:pk>/move/", views.closure_reason_move, name="closure_reason_move"),
    path(
        "closure-reasons/<int:pk>/active/",
        views.closure_reason_active,
        name="closure_reason_active",
    ),
]
