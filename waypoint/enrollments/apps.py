from django.apps import AppConfig


class EnrollmentsConfig(AppConfig):
    name = "waypoint.enrollments"
    label = "enrollments"
