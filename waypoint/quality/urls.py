"""File reviews: the queue, a review, its corrections, and the program's settings."""

from django.urls import path

from waypoint.quality import views

urlpatterns = [
    path("file-reviews/", views.quality_queue, name="quality_queue"),
    path(
        "enrollments/<uuid:public_id>/file-review/",
        views.quality_review_start,
        name="quality_review_start",
    ),
    path("file-reviews/<uuid:public_id>/", views.quality_review, name="quality_review"),
    path(
        "file-reviews/<uuid:public_id>/sign/", views.quality_review_sign, name="quality_review_sign"
    ),
    path(
        "file-reviews/<uuid:public_id>/corrections/",
        views.quality_correction_add,
        name="quality_correction_add",
    ),
    path("corrections/<uuid:public_id>/", views.quality_correction, name="quality_correction"),
    path(
        "corrections/<uuid:public_id>/re-check/",
        views.quality_correction_check,
        name="quality_correction_check",
    ),
    path("programs/<int:pk>/file-reviews/", views.quality_settings, name="quality_settings"),
    path(
        "programs/<int:pk>/file-review-checklist/",
        views.quality_checklist,
        name="quality_checklist",
    ),
    path("file-review-checklist/<int:pk>/", views.quality_item_edit, name="quality_item_edit"),
    path("file-review-checklist/<int:pk>/move/", views.quality_item_move, name="quality_item_move"),
    path(
        "file-review-checklist/<int:pk>/active/",
        views.quality_item_active,
        name="quality_item_active",
    ),
]
