from django.urls import URLPattern, path

from waypoint.approvals import views

urlpatterns: list[URLPattern] = [
    path("approvals/", views.approval_list, name="approval_list"),
    path("approvals/history/", views.approval_history, name="approval_history"),
    path("approvals/<uuid:public_id>/", views.approval_detail, name="approval_detail"),
    path("approvals/<uuid:public_id>/approve/", views.approval_approve, name="approval_approve"),
    path("approvals/<uuid:public_id>/return/", views.approval_return, name="approval_return"),
    path("approvals/<uuid:public_id>/withdraw/", views.approval_withdraw, name="approval_withdraw"),
    path("programs/<int:pk>/approvals/", views.approval_settings, name="approval_settings"),
]
