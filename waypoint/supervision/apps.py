from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "waypoint.supervision"
    label = "supervision"
    verbose_name = "Supervision sessions"
