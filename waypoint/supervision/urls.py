from django.urls import URLPattern, path

from waypoint.supervision import views

urlpatterns: list[URLPattern] = [
    path("supervision/sessions/", views.session_list, name="supervision_sessions"),
    path("supervision/sessions/new/", views.session_new, name="supervision_session_new"),
    path(
        "supervision/sessions/<uuid:public_id>/",
        views.session_detail,
        name="supervision_session_detail",
    ),
    path(
        "supervision/sessions/<uuid:public_id>/print/",
        views.session_print,
        name="supervision_session_print",
    ),
    path(
        "supervision/sessions/<uuid:public_id>/sign/",
        views.session_sign,
        name="supervision_session_sign",
    ),
    path(
        "supervision/sessions/<uuid:public_id>/actions/",
        views.action_add,
        name="supervision_action_add",
    ),
    path(
        "supervision/actions/<uuid:public_id>/remove/",
        views.action_remove,
        name="supervision_action_remove",
    ),
    path(
        "supervision/actions/<uuid:public_id>/done/",
        views.action_done,
        name="supervision_action_done",
    ),
]
