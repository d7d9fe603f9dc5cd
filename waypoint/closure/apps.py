from django.apps import AppConfig


class ClosureConfig(AppConfig):
    name = "waypoint.closure"
    label = "closure"
    verbose_name = "Exit planning and closure"
